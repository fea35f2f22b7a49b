package vivo.render.otlp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.opentelemetry.proto.logs.v1.LogsData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HexFormat;

/**
 * Coverage-guided fuzzing of OtlpLogs, seeded with real logs chunks (OtlpLogsFuzzTestInputs): whatever the
 * chunk, it never throws, and what it writes is one JSON object (jackson-core reads it to the end), pure
 * printable ASCII, that protobuf's parser takes as LogsData, and its size is bounded by the chunk's.
 * Without JAZZER_FUZZ it replays the corpus; with it, it fuzzes (./build.sh test briefly, ./build.sh soak longer).
 */
class OtlpLogsFuzzTest {

    private static final JsonFactory JSON = new JsonFactory();
    private static final OtlpLogs LOGS = new OtlpLogs(new OtlpJson());

    @FuzzTest
    void anyChunkIsNullOrValidOtlpJson(byte[] chunk) {
        byte[] json = LOGS.render(chunk, chunk.length);
        if (json == null) {
            return;
        }
        String context = "chunk " + HexFormat.of().formatHex(chunk, 0, Math.min(chunk.length, 4096));
        assertTrue(OtlpFixtures.ascii(json), "not pure printable ASCII; " + context);
        assertTrue(json.length <= 64L * chunk.length + 4096, json.length + " bytes of JSON; " + context);
        try (JsonParser p = JSON.createParser(json)) {
            assertTrue(p.nextToken() == com.fasterxml.jackson.core.JsonToken.START_OBJECT, "not an object; " + context);
            p.skipChildren();
            assertTrue(p.nextToken() == null, "more than one JSON value; " + context);
        } catch (IOException e) {
            throw new AssertionError("invalid JSON: " + e.getMessage() + "; " + context, e);
        }
        try {
            OtlpFixtures.parse(json, LogsData.newBuilder());
        } catch (UncheckedIOException e) {
            throw new AssertionError("not OTLP JSON: " + e.getCause().getMessage() + "; " + context, e);
        }
    }
}
