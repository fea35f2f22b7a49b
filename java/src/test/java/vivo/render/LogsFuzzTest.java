package vivo.render;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the renderer from logs chunks: seeded with the logs fixtures (real Fluent Bit
 * chunks) in LogsFuzzTestInputs, where the interesting inputs found are kept too. Without JAZZER_FUZZ it
 * replays that corpus; with it, it fuzzes (./build.sh test briefly, ./build.sh soak longer).
 */
class LogsFuzzTest {

    @FuzzTest
    void anyChunkRendersAsTheOracleDoesWithinBounds(byte[] chunk) {
        FuzzedChunk.check(chunk, "fuzz.logs");
    }
}
