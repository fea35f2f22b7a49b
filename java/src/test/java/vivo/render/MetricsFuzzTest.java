package vivo.render;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the renderer from metrics chunks: seeded with the metrics fixtures (real Fluent Bit
 * chunks) in MetricsFuzzTestInputs, where the interesting inputs found are kept too. Without JAZZER_FUZZ it
 * replays that corpus; with it, it fuzzes (./build.sh test briefly, ./build.sh soak longer).
 */
class MetricsFuzzTest {

    @FuzzTest
    void anyChunkRendersAsTheOracleDoesWithinBounds(byte[] chunk) {
        FuzzedChunk.check(chunk, "fuzz.metrics");
    }
}
