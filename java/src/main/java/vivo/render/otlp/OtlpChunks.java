package vivo.render.otlp;

import java.io.IOException;
import java.io.OutputStream;
import java.util.EnumMap;
import java.util.Map;
import vivo.decode.ChunkKind;
import vivo.decode.Limits;
import vivo.render.Bytes;

/**
 * A chunk as OTLP JSON, for {@code /api/v2}: logs as {@code {"resourceLogs":[...]}} ({@link OtlpLogs}),
 * metrics {@code {"resourceMetrics":[...]}} ({@link OtlpMetrics}), traces {@code {"resourceSpans":[...]}}
 * ({@link OtlpTraces}). A chunk of which nothing could be rendered as OTLP gets the kind's empty payload.
 *
 * <p>Rendered when a response reads it ({@link OtlpForm}), by the renderer of the reading thread
 * ({@link #forThisThread}): the JSON stays in that renderer's buffer from the measure of its length to
 * its write, so that a page of one entry renders it once. Not thread-safe.
 */
public final class OtlpChunks {

    /** Shared by every payload of nothing that could be rendered: held by none ({@link Bytes#shared}). */
    private static final Map<ChunkKind, Bytes> EMPTY = new EnumMap<>(Map.of(
            ChunkKind.LOGS, Bytes.shared(OtlpJson.ascii("{\"resourceLogs\":[]}")),
            ChunkKind.METRICS, Bytes.shared(OtlpJson.ascii("{\"resourceMetrics\":[]}")),
            ChunkKind.TRACES, Bytes.shared(OtlpJson.ascii("{\"resourceSpans\":[]}"))));
    private static final int STAGING = 64 * 1024;
    /** One per thread that writes /api/v2 (the HTTP workers, the I/O threads of followers). */
    private static final ThreadLocal<OtlpChunks> PER_THREAD = ThreadLocal.withInitial(OtlpChunks::new);

    private final OtlpJson writer = new OtlpJson();
    private final OtlpLogs logs = new OtlpLogs(writer);
    private final OtlpMetrics metrics = new OtlpMetrics(writer);
    private final OtlpTraces traces = new OtlpTraces(writer);
    /** The stored msgpack of the chunk being rendered, copied to the heap, where the renderers read. */
    private byte[] msgpack = new byte[STAGING];
    /** The form whose JSON the writer holds (rendered for its length, not written yet), or null. */
    private OtlpForm inWriter;
    /** Whether the writer holds JSON for it, or the chunk had nothing to render (the kind's empty payload). */
    private boolean inWriterRendered;

    /** The renderer of the calling thread. */
    public static OtlpChunks forThisThread() {
        return PER_THREAD.get();
    }

    /** The kind's empty payload, shared. */
    public static Bytes empty(ChunkKind kind) {
        return EMPTY.get(kind);
    }

    /** The length of the OTLP JSON of {@code form}'s chunk; the JSON stays in the writer for {@link #write}. */
    long measure(OtlpForm form) {
        hold(form);
        return inWriterRendered ? writer.position() : empty(form.kind()).length();
    }

    /** Writes the OTLP JSON of {@code form}'s chunk to {@code out}, rendering it unless it was just measured here. */
    void write(OtlpForm form, OutputStream out) throws IOException {
        try {
            if (inWriter != form) {
                hold(form);
            }
            if (inWriterRendered) {
                writer.writeTo(out);
            } else {
                empty(form.kind()).write(out);
            }
        } finally {
            inWriter = null;
            writer.reset();
        }
    }

    private void hold(OtlpForm form) {
        inWriter = null;
        Bytes stored = form.bytes();
        int length = stored.length();
        if (msgpack.length < length || msgpack.length > Limits.RETAINED_BUFFER_BYTES) {
            msgpack = new byte[Math.max(STAGING, length)];   // one huge chunk must not pin its size
        }
        stored.get(0, msgpack, 0, length);
        inWriterRendered = renderInPlace(form.kind(), msgpack, length);
        inWriter = form;
    }

    private boolean renderInPlace(ChunkKind kind, byte[] chunk, int end) {
        return switch (kind) {
            case LOGS -> logs.renderInPlace(chunk, end);
            case METRICS -> metrics.renderInPlace(chunk, end);
            case TRACES -> traces.renderInPlace(chunk, end);
        };
    }
}
