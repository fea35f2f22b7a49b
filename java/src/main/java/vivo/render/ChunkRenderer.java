package vivo.render;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import vivo.decode.ChunkKind;
import vivo.decode.Malformed;
import vivo.decode.Msgpack;
import vivo.render.otlp.OtlpForm;

/**
 * Turns one chunk, as Fluent Bit flushes it, into the {@link Payload} a stream stores: decode the msgpack,
 * decide from the content whether it holds logs, metrics or traces, render the JSON once for the classic
 * and /api/v1 views, and keep the msgpack for /api/v2, whose OTLP JSON is rendered when it is read.
 *
 * <p>The kind comes from the first object: an array is a log record; a map whose first key is
 * {@code "meta"} is a cmetrics context, {@code "resourceSpans"} a ctraces context. Anything else is not
 * rendered, and the problem says what was seen.
 *
 * <p>Bad input never throws and never stops the caller: what decodes is kept, the rest is counted in
 * {@link Rendered#dropped()} and described in one line in {@link Rendered#problem()}. The payload
 * never refers to the chunk array, which the caller may reuse at once; but that of a {@link #lending}
 * renderer does, and to the renderer's own buffer, until it is stored ({@link Payload#offHeap}).
 *
 * <p>One per drain thread: not thread-safe, and it reuses its buffers from chunk to chunk.
 */
public final class ChunkRenderer {

    /**
     * What became of one chunk.
     *
     * @param payload what to append to the stream of {@code payload.kind()}, or null when nothing in the
     *                chunk was usable
     * @param dropped records (or contexts) skipped or lost
     * @param problem null, or one short line for a warning, e.g.
     *                {@code logs chunk (tag app.log) cut after 118 records: truncated string at byte 40211}
     */
    public record Rendered(Payload payload, int dropped, String problem) {
    }

    private static final byte[] META = "meta".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESOURCE_SPANS = "resourceSpans".getBytes(StandardCharsets.US_ASCII);

    private final JsonWriter writer;
    private final LogsRenderer logs;
    private final Contexts contexts;

    /** A renderer whose payloads own their bytes. */
    public ChunkRenderer() {
        this(false);
    }

    private ChunkRenderer(boolean lend) {
        this.writer = new JsonWriter(lend);
        this.logs = new LogsRenderer(writer);
        this.contexts = new Contexts(writer);
    }

    /**
     * A renderer whose payloads borrow their bytes ({@link Bytes#lent}): the chunk array and the
     * renderer's buffer, both written again by the next chunk, so each payload must be stored (or
     * dropped) before the next render. The drain thread's: a chunk's bytes then reach native memory
     * without a copy on the Java heap.
     */
    public static ChunkRenderer lending() {
        return new ChunkRenderer(true);
    }

    /**
     * Renders {@code chunk[0, length)} flushed with {@code tag}.
     */
    public Rendered render(byte[] chunk, int length, String tag) {
        String name = tag == null ? "" : tag;
        if (chunk == null || length <= 0) {
            return new Rendered(null, 0, "empty chunk (tag " + name + ")");
        }
        int end = Math.min(length, chunk.length);
        writer.begin(chunk, end);
        try {
            int b = chunk[0] & 0xff;
            if (Msgpack.isArray(b)) {
                return logs.render(chunk, end, name, OtlpForm.of(ChunkKind.LOGS, writer.chunk()));
            }
            if (Msgpack.isMap(b)) {
                ChunkKind kind = contextKind(chunk, end);
                if (kind != null) {
                    return contexts.render(chunk, end, kind, name, OtlpForm.of(kind, writer.chunk()));
                }
                return unknown(name, "a map whose first key is " + firstKey(chunk, end));
            }
            return unknown(name, Msgpack.typeName(b));
        } catch (Malformed e) {
            return new Rendered(null, 1, "chunk (tag " + name + ") cut before its first object: " + e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            // A bug here, not bad input: drop the chunk, keep the drain thread alive, say what happened.
            return new Rendered(null, 1, "chunk (tag " + name + ") not rendered: internal error " + e);
        } finally {
            writer.finish();
        }
    }

    private static Rendered unknown(String tag, String what) {
        return new Rendered(null, 1, "chunk (tag " + tag + ") is not logs, metrics or traces: it starts with " + what);
    }

    /** METRICS or TRACES from the first key of the map at 0, or null. */
    private static ChunkKind contextKind(byte[] in, int end) {
        int key = firstKeyAt(in, end);
        if (key < 0 || !Msgpack.isStr(in[key] & 0xff)) {
            return null;
        }
        long header = Msgpack.lengthHeader(in, key, end);
        int from = key + (int) (header & 0xff);
        long to = from + (header >>> 8);
        if (to > end) {
            return null;
        }
        byte[] text = Arrays.copyOfRange(in, from, (int) to);
        if (Arrays.equals(text, META)) {
            return ChunkKind.METRICS;
        }
        if (Arrays.equals(text, RESOURCE_SPANS)) {
            return ChunkKind.TRACES;
        }
        return null;
    }

    /** The offset of the first key of the map at 0, or -1 if it has none. */
    private static int firstKeyAt(byte[] in, int end) {
        long header = Msgpack.containerHeader(in, 0, end);
        return header >>> 8 == 0 ? -1 : (int) (header & 0xff);
    }

    private String firstKey(byte[] in, int end) {
        int key = firstKeyAt(in, end);
        if (key < 0) {
            return "none (an empty map)";
        }
        if (!Msgpack.isStr(in[key] & 0xff)) {
            return Msgpack.typeName(in[key] & 0xff);
        }
        writer.begin(in, end);
        writer.value(key, 1);
        int n = Math.min(writer.position(), 60);
        return new String(writer.copy(0, n), StandardCharsets.US_ASCII) + (n < writer.position() ? "..." : "");
    }
}
