package vivo.render.otlp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HexFormat;

/**
 * Coverage-guided fuzzing of {@link OtlpMetrics}: seeded with the real metrics chunks (the metrics fixtures and
 * the OTLP round trip's 0002) in OtlpMetricsFuzzTestInputs. Without JAZZER_FUZZ it replays that corpus; with
 * it, it fuzzes. Whatever the chunk: no throw, no internal error, and when there is output it is one pure
 * ASCII JSON object that jackson reads to its end, no bigger than a fixed multiple of the chunk.
 */
class OtlpMetricsFuzzTest {

    private static final JsonFactory JSON = new JsonFactory();
    private static final OtlpMetrics RENDERER = new OtlpMetrics(new OtlpJson());

    @FuzzTest
    void anyChunkRendersAsValidOtlpJson(byte[] chunk) throws IOException {
        byte[] out = RENDERER.render(chunk, chunk.length);
        String context = "chunk " + HexFormat.of().formatHex(chunk, 0, Math.min(chunk.length, 4096));
        if (RENDERER.internalError != null) {
            StringWriter trace = new StringWriter();
            RENDERER.internalError.printStackTrace(new PrintWriter(trace));
            RENDERER.internalError = null;
            throw new AssertionError("internal error " + trace + "; " + context);
        }
        if (out == null) {
            return;
        }
        for (byte b : out) {
            assertTrue(b >= 0x20 && b < 0x7f, "not pure ASCII or a control byte; " + context);
        }
        // the JSON of a msgpack byte is a few bytes at most (an empty map in a kvlist is about 20), plus the envelope
        assertTrue(out.length <= 64L * chunk.length + 4096, out.length + " bytes of JSON; " + context);
        try (JsonParser p = JSON.createParser(out)) {
            p.nextToken();
            p.skipChildren();
            assertTrue(p.nextToken() == null, "one JSON value, nothing after it; " + context);
        }
    }
}
