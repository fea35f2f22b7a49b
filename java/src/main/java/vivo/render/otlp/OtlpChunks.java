package vivo.render.otlp;

import java.util.EnumMap;
import java.util.Map;
import vivo.decode.ChunkKind;
import vivo.render.Bytes;

/**
 * A chunk as OTLP JSON, for {@code /api/v2}: logs as {@code {"resourceLogs":[...]}} ({@link OtlpLogs}),
 * metrics {@code {"resourceMetrics":[...]}} ({@link OtlpMetrics}), traces {@code {"resourceSpans":[...]}}
 * ({@link OtlpTraces}). A chunk of which nothing could be rendered as OTLP gets the kind's empty payload.
 *
 * <p>One per renderer (drain thread); not thread-safe.
 */
public final class OtlpChunks {

    /** Shared by every payload of nothing that could be rendered: held by none ({@link Bytes#shared}). */
    private static final Map<ChunkKind, Bytes> EMPTY = new EnumMap<>(Map.of(
            ChunkKind.LOGS, Bytes.shared(OtlpJson.ascii("{\"resourceLogs\":[]}")),
            ChunkKind.METRICS, Bytes.shared(OtlpJson.ascii("{\"resourceMetrics\":[]}")),
            ChunkKind.TRACES, Bytes.shared(OtlpJson.ascii("{\"resourceSpans\":[]}"))));

    private final OtlpJson writer = new OtlpJson();
    private final OtlpLogs logs = new OtlpLogs(writer);
    private final OtlpMetrics metrics = new OtlpMetrics(writer);
    private final OtlpTraces traces = new OtlpTraces(writer);

    /** {@code chunk[0, end)}, a chunk of {@code kind}, as OTLP JSON; never null. */
    public Bytes render(ChunkKind kind, byte[] chunk, int end) {
        byte[] rendered = switch (kind) {
            case LOGS -> logs.render(chunk, end);
            case METRICS -> metrics.render(chunk, end);
            case TRACES -> traces.render(chunk, end);
        };
        return rendered == null ? empty(kind) : Bytes.of(rendered);
    }

    /** The kind's empty payload, shared. */
    public static Bytes empty(ChunkKind kind) {
        return EMPTY.get(kind);
    }
}
