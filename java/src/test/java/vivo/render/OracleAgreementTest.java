package vivo.render;

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

    private final Agreement agreement = new Agreement();

    @TestFactory
    Stream<DynamicTest> everyFixtureChunkRendersAsTheOracleDoes() {
        return Fixtures.all().stream().map(p -> DynamicTest.dynamicTest(p.toString(), () -> agreement.agree(p.chunk(), p.tag(), p.toString())));
    }

    @Test
    void randomLogChunksRenderAsTheOracleDoes() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            agreement.agree(new RandomChunks(seed).logs(), "fuzz.logs", "logs seed " + seed);
        }
    }

    @Test
    void randomMetricsAndTracesChunksRenderAsTheOracleDoes() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            agreement.agree(new RandomChunks(seed).contexts(), "fuzz.contexts", "contexts seed " + seed);
        }
    }

    @Test
    void damagedFixtureChunksRenderAsTheOracleDoes() {
        List<Fixtures.Pair> pairs = Fixtures.all().stream().filter(p -> !p.scenario().equals("big-chunk")).toList();
        for (long seed = 1; seed <= SEEDS * 4L; seed++) {
            Fixtures.Pair p = pairs.get((int) (seed % pairs.size()));
            agreement.agree(new RandomChunks(seed).damage(p.chunk()), p.tag(), p + " damaged with seed " + seed);
        }
    }

    @Test
    void damagedRandomChunksRenderAsTheOracleDoes() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            RandomChunks random = new RandomChunks(seed);
            byte[] chunk = seed % 2 == 0 ? random.logs() : random.contexts();
            agreement.agree(random.damage(chunk), "fuzz.damaged", "damaged random chunk seed " + seed);
        }
    }

    @Test
    void theBigChunkCutShortRendersAsTheOracleDoes() {
        byte[] big = Fixtures.all().stream().filter(p -> p.scenario().equals("big-chunk")).findFirst().orElseThrow().chunk();
        for (int cut : new int[] {1, 5, 40211, big.length / 2, big.length - 1}) {
            agreement.agree(java.util.Arrays.copyOf(big, cut), "tail.big", "big-chunk cut at " + cut);
        }
    }
}
