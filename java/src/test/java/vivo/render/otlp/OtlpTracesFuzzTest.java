package vivo.render.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Coverage-guided fuzzing of {@link OtlpTraces}: seeded with the real traces chunks (tests/fixtures) in
 * OtlpTracesFuzzTestInputs, where the interesting inputs found are kept too. Without JAZZER_FUZZ it replays
 * that corpus; with it, it fuzzes (./build.sh test briefly, ./build.sh soak longer). For any chunk: no
 * internal error, and the output, when there is one, is one JSON object of pure ASCII that protobuf reads as
 * a TracesData (however deep, OtlpFixtures.RECURSION_LIMIT), made with allocation bounded by the chunk's size
 * (on replay).
 */
class OtlpTracesFuzzTest {

    /** As FuzzedChunk's bounds: the output buffer doubles and is copied once; a msgpack byte is a few JSON bytes. */
    private static final long ALLOCATED_PER_BYTE = 64;
    private static final long ALLOCATED_FIXED = 1 << 20;

    private static final JsonFactory JSON = new JsonFactory();
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    /**
     * As in vivo.render.FuzzedChunk: while Jazzer fuzzes, its instrumentation allocates on this thread (a
     * 5 KB traces chunk: 2.4 MB fuzzing), so the allocation bound is checked when the corpus is replayed.
     */
    private static final boolean FUZZING = System.getenv("JAZZER_FUZZ") != null;
    private static final OtlpTraces TRACES = new OtlpTraces(new OtlpJson());

    @FuzzTest
    void anyChunkRendersAsValidOtlpJson(byte[] chunk) throws IOException {
        String context = "chunk " + HexFormat.of().formatHex(chunk, 0, Math.min(chunk.length, 4096));
        byte[] out = TRACES.render(chunk, chunk.length);
        String problem = TRACES.problem() == null ? "" : TRACES.problem();
        assertTrue(!problem.contains("internal error"), problem + "; " + context);
        if (out == null) {
            assertTrue(TRACES.dropped() > 0 || chunk.length == 0, "null without a drop; " + context);
            return;
        }
        for (byte b : out) {
            assertTrue(b >= 0x20 && b < 0x7f, "not printable ASCII; " + context);
        }
        try (JsonParser parser = JSON.createParser(out)) {
            assertEquals(JsonToken.START_OBJECT, parser.nextToken(), context);
            parser.skipChildren();
            assertNull(parser.nextToken(), "more than one JSON value; " + context);
        }
        OtlpTracesRoundTripTest.parse(new String(out, StandardCharsets.US_ASCII));
        if (FUZZING) {
            return;
        }
        OtlpTraces fresh = new OtlpTraces(new OtlpJson());
        long before = THREADS.getCurrentThreadAllocatedBytes();
        fresh.render(chunk, chunk.length);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated <= ALLOCATED_PER_BYTE * chunk.length + ALLOCATED_FIXED,
                "rendering a chunk of " + chunk.length + " bytes allocated " + allocated + "; " + context);
    }
}
