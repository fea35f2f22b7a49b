package vivo.render;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.HexFormat;

/**
 * What must hold for any chunk at all, whatever a fuzzer makes of it: the renderer agrees with the
 * {@link Oracle} ({@link Agreement}: both views byte for byte, valid JSON, announced lengths true), never
 * fails inside (a bad chunk is a counted drop, not an internal error), writes pure ASCII lines that end
 * with a newline, and allocates, and stores, no more than a fixed multiple of the chunk's size.
 */
final class FuzzedChunk {

    /**
     * The most a render may allocate: a multiple of the chunk plus a constant. The output buffer doubles
     * (so up to twice the JSON), the payload copies it once, and the JSON of a byte is at most 6 bytes
     * (a control byte becomes a six-byte escape); the constant covers a first render's buffers, which later chunks reuse.
     */
    static final long ALLOCATED_PER_BYTE = 64;
    static final long ALLOCATED_FIXED = 1 << 20;
    /** The most a payload may hold: the JSON of one msgpack byte is a few bytes (fixext 1 is 31 bytes of JSON for 3). */
    static final long STORED_PER_BYTE = 16;
    static final long STORED_FIXED = 4096;

    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    /**
     * While Jazzer fuzzes, its instrumentation allocates on the rendering thread itself (a traces chunk of
     * 5 KB: 3.3 MB fuzzing, 43 KB replayed), so the allocation bound is checked when the corpus is
     * replayed (every mvn test), not while fuzzing.
     */
    private static final boolean FUZZING = System.getenv("JAZZER_FUZZ") != null;
    private static final Agreement AGREEMENT = new Agreement();

    private FuzzedChunk() {
    }

    static void check(byte[] chunk, String tag) {
        if (chunk.length == 0) {
            // the one chunk rejected with nothing dropped: there is no record to count
            ChunkRenderer.Rendered empty = new ChunkRenderer().render(chunk, 0, tag);
            assertTrue(empty.payload() == null && empty.problem() != null, "an empty chunk is rejected with a warning");
            return;
        }
        ChunkRenderer.Rendered rendered = AGREEMENT.agree(chunk, tag, "fuzzed chunk");
        String context = "chunk " + HexFormat.of().formatHex(chunk, 0, Math.min(chunk.length, 4096));
        String problem = rendered.problem() == null ? "" : rendered.problem();
        assertTrue(!problem.contains("internal error"), problem + "; " + context);
        if (rendered.payload() != null) {
            for (View view : View.values()) {
                String text = Fixtures.written(rendered.payload(), view);
                if (view == View.API_V2) {
                    assertTrue(OracleJson.isOneObject(text), view + " is not one JSON object; " + context);
                } else {
                    assertTrue(text.isEmpty() || text.endsWith("\n"), view + " does not end with a newline; " + context);
                }
                assertTrue(text.chars().allMatch(c -> c < 0x80), view + " is not pure ASCII; " + context);
            }
            long size = rendered.payload().size();
            assertTrue(size <= STORED_PER_BYTE * chunk.length + STORED_FIXED,
                    "a payload of " + size + " bytes for a chunk of " + chunk.length + "; " + context);
        }
        if (!FUZZING) {
            long allocated = allocatedByOneRender(chunk, tag);
            assertTrue(allocated <= ALLOCATED_PER_BYTE * chunk.length + ALLOCATED_FIXED,
                    "rendering a chunk of " + chunk.length + " bytes allocated " + allocated + "; " + context);
        }
    }

    /** Bytes a fresh renderer allocates on this thread to render the chunk (its construction not counted). */
    static long allocatedByOneRender(byte[] chunk, String tag) {
        ChunkRenderer renderer = new ChunkRenderer();
        long before = THREADS.getCurrentThreadAllocatedBytes();
        renderer.render(chunk, chunk.length, tag);
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }
}
