package vivo.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The check that the fast renderer and the independent {@link Oracle} agree on one chunk: the same kind,
 * the same count dropped, byte for byte the same lines in both views, each line valid JSON, and each
 * view's announced length the bytes it writes. Shared by the seeded tests and the fuzz tests.
 */
final class Agreement {

    /** Our JSON nests a record body 4 levels down in its line, and bodies may use 1000 levels. */
    private static final JsonFactory STRICT = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(1100).build()).build();

    private final ChunkRenderer renderer = new ChunkRenderer();

    /**
     * Renders with both and compares; the chunk sits in a larger, dirty array as the drain thread's does.
     *
     * @return the fast renderer's result
     */
    ChunkRenderer.Rendered agree(byte[] chunk, String tag, String what) {
        byte[] reused = new byte[chunk.length + 13];
        Arrays.fill(reused, (byte) 0xa5);
        System.arraycopy(chunk, 0, reused, 0, chunk.length);
        ChunkRenderer.Rendered fast = renderer.render(reused, chunk.length, tag);
        Oracle.Result oracle = Oracle.render(chunk, chunk.length, tag);
        String context = what + "; chunk " + (chunk.length <= 4096 ? HexFormat.of().formatHex(chunk) : chunk.length + " bytes");
        try {
            assertEquals(oracle.dropped(), fast.dropped(), "dropped; problem was " + fast.problem());
            assertEquals(fast.dropped() == 0, fast.problem() == null, "a problem line exactly when something was dropped");
            if (oracle.kind() == null) {
                assertNull(fast.payload(), "payload");
                return fast;
            }
            assertNotNull(fast.payload(), "payload");
            assertEquals(oracle.kind(), fast.payload().kind());
            String api = Fixtures.written(fast.payload(), View.API_V1);
            String classic = Fixtures.written(fast.payload(), View.CLASSIC);
            assertEquals(oracle.apiV1(), api, "api_v1 view");
            assertEquals(oracle.classic(), classic, "classic view");
            validJsonLines(api);
            validJsonLines(classic);
        } catch (AssertionError e) {
            fail(context + ": " + e.getMessage(), e);
        }
        return fast;
    }

    static void validJsonLines(String text) {
        for (String line : text.split("\n")) {
            try (JsonParser p = STRICT.createParser(line)) {
                while (p.nextToken() != null) {
                    // read every token
                }
            } catch (IOException e) {
                fail("not valid JSON: " + e.getMessage() + " in " + (line.length() > 300 ? line.substring(0, 300) + "..." : line));
            }
        }
    }
}
