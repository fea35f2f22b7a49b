package vivo.render.otlp;

import java.util.EnumMap;
import java.util.Map;
import vivo.decode.ChunkKind;

/**
 * A chunk as OTLP JSON, for {@code /api/v2}: logs as {@code {"resourceLogs":[...]}} ({@link OtlpLogs}),
 * metrics {@code {"resourceMetrics":[...]}} ({@link OtlpMetrics}), traces {@code {"resourceSpans":[...]}}
 * ({@link OtlpTraces}). A chunk of which nothing could be rendered as OTLP gets the kind's empty payload.
 *
 * <p>One per renderer (drain thread); not thread-safe.
 */
public final class OtlpChunks {

    private static final Map<ChunkKind, byte[]> EMPTY = new EnumMap<>(Map.of(
            ChunkKind.LOGS, OtlpJson.ascii("{\"resourceLogs\":[]}"),
            ChunkKind.METRICS, OtlpJson.ascii("{\"resourceMetrics\":[]}"),
            ChunkKind.TRACES, OtlpJson.ascii("{\"resourceSpans\":[]}")));

    private final OtlpJson writer = new OtlpJson();
    private final OtlpLogs logs = new OtlpLogs(writer);
    private final OtlpMetrics metrics = new OtlpMetrics(writer);
    private final OtlpTraces traces = new OtlpTraces(writer);

    /** {@code chunk[0, end)}, a chunk of {@code kind}, as OTLP JSON; never null. */
    public byte[] render(ChunkKind kind, byte[] chunk, int end) {
        byte[] rendered = switch (kind) {
            case LOGS -> logs.render(chunk, end);
            case METRICS -> metrics.render(chunk, end);
            case TRACES -> traces.render(chunk, end);
        };
        return rendered == null ? empty(kind) : rendered;
    }

    /** The kind's empty payload, one shared array. */
    public static byte[] empty(ChunkKind kind) {
        return EMPTY.get(kind);
    }

    /** The bytes an entry holds for {@code otlp}: none for a shared empty payload. */
    public static int heldSize(byte[] otlp) {
        for (byte[] empty : EMPTY.values()) {
            if (otlp == empty) {
                return 0;
            }
        }
        return otlp.length;
    }
}
