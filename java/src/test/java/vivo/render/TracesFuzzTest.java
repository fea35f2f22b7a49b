package vivo.render;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the renderer from traces chunks: seeded with the traces fixtures (real Fluent Bit
 * chunks) in TracesFuzzTestInputs, where the interesting inputs found are kept too. Without JAZZER_FUZZ it
 * replays that corpus; with it, it fuzzes (./build.sh test briefly, ./build.sh soak longer).
 */
class TracesFuzzTest {

    @FuzzTest
    void anyChunkRendersAsTheOracleDoesWithinBounds(byte[] chunk) {
        FuzzedChunk.check(chunk, "fuzz.traces");
    }
}
