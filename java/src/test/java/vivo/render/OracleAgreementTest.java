package vivo.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The fast renderer and the independent oracle ({@link Oracle}: msgpack-core into Jackson) agree byte for
 * byte, in both views, and on what was dropped: on every fixture chunk, on seeded random chunks, and on
 * real chunks damaged at random. A failing seed is printed with the chunk; keep it as a named test below.
 */
class OracleAgreementTest {

    private static final int SEEDS = Integer.getInteger("vivo.fuzz.seeds", 400);

    /** Our JSON nests a record body 4 levels down in its line, and bodies may use 1000 levels. */
    private static final JsonFactory STRICT = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(1100).build()).build();

    private final ChunkRenderer renderer = new ChunkRenderer();

    @TestFactory
    Stream<DynamicTest> everyFixtureChunkRendersAsTheOracleDoes() {
        return Fixtures.all().stream().map(p -> DynamicTest.dynamicTest(p.toString(), () -> agree(p.chunk(), p.tag(), p.toString())));
    }

    @Test
    void randomLogChunksRenderAsTheOracleDoes() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            agree(new RandomChunks(seed).logs(), "fuzz.logs", "logs seed " + seed);
        }
    }

    @Test
    void randomMetricsAndTracesChunksRenderAsTheOracleDoes() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            agree(new RandomChunks(seed).contexts(), "fuzz.contexts", "contexts seed " + seed);
        }
    }

    @Test
    void damagedFixtureChunksRenderAsTheOracleDoes() {
        List<Fixtures.Pair> pairs = Fixtures.all().stream().filter(p -> !p.scenario().equals("big-chunk")).toList();
        for (long seed = 1; seed <= SEEDS * 4L; seed++) {
            Fixtures.Pair p = pairs.get((int) (seed % pairs.size()));
            agree(new RandomChunks(seed).damage(p.chunk()), p.tag(), p + " damaged with seed " + seed);
        }
    }

    @Test
    void damagedRandomChunksRenderAsTheOracleDoes() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            RandomChunks random = new RandomChunks(seed);
            byte[] chunk = seed % 2 == 0 ? random.logs() : random.contexts();
            agree(random.damage(chunk), "fuzz.damaged", "damaged random chunk seed " + seed);
        }
    }

    @Test
    void theBigChunkCutShortRendersAsTheOracleDoes() {
        byte[] big = Fixtures.all().stream().filter(p -> p.scenario().equals("big-chunk")).findFirst().orElseThrow().chunk();
        for (int cut : new int[] {1, 5, 40211, big.length / 2, big.length - 1}) {
            agree(java.util.Arrays.copyOf(big, cut), "tail.big", "big-chunk cut at " + cut);
        }
    }

    /** Renders with both and compares; the chunk sits in a larger, dirty array as the drain thread's does. */
    void agree(byte[] chunk, String tag, String what) {
        byte[] reused = new byte[chunk.length + 13];
        java.util.Arrays.fill(reused, (byte) 0xa5);
        System.arraycopy(chunk, 0, reused, 0, chunk.length);
        ChunkRenderer.Rendered fast = renderer.render(reused, chunk.length, tag);
        Oracle.Result oracle = Oracle.render(chunk, chunk.length, tag);
        String context = what + "; chunk " + (chunk.length <= 4096 ? HexFormat.of().formatHex(chunk) : chunk.length + " bytes");
        try {
            assertEquals(oracle.dropped(), fast.dropped(), "dropped; problem was " + fast.problem());
            assertEquals(fast.dropped() == 0, fast.problem() == null, "a problem line exactly when something was dropped");
            if (oracle.kind() == null) {
                assertNull(fast.payload(), "payload");
                return;
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
