package vivo.render.otlp;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import vivo.decode.ChunkKind;
import vivo.render.Bytes;

/**
 * A chunk's {@code /api/v2} payload. What is stored is the chunk's msgpack, and a response that writes it
 * renders it as OTLP JSON then, on its own thread ({@link OtlpChunks#forThisThread}): rendered at ingest,
 * for every chunk, the OTLP JSON took 43% of the plugin's CPU on big log chunks (BENCHMARKS.md) for a
 * view that many never read, and it took more memory than the msgpack. The length is measured (one
 * rendering) the first time it is asked for, and remembered: a page announces its length and is cut at
 * whole entries, so it needs the lengths before it writes a byte ({@link #knownLength} says whether that
 * costs a rendering). Or JSON rendered already: the kinds' empty payloads, and payloads made by hand.
 *
 * <p>Immutable but for the remembered length, which every thread that measures finds the same.
 */
public final class OtlpForm {

    private final ChunkKind kind;
    /** The chunk's msgpack, or with {@code json} its OTLP JSON. */
    private final Bytes bytes;
    private final boolean json;
    /** The OTLP JSON's length; -1 until measured. */
    private volatile long length;

    private OtlpForm(ChunkKind kind, Bytes bytes, boolean json, long length) {
        this.kind = Objects.requireNonNull(kind);
        this.bytes = Objects.requireNonNull(bytes);
        this.json = json;
        this.length = length;
    }

    /** A chunk of {@code kind}, its msgpack in {@code msgpack}, rendered when read. */
    public static OtlpForm of(ChunkKind kind, Bytes msgpack) {
        return new OtlpForm(kind, msgpack, false, -1);
    }

    /** OTLP JSON rendered already. */
    public static OtlpForm json(ChunkKind kind, Bytes json) {
        return new OtlpForm(kind, json, true, json.length());
    }

    /** The kind's empty payload ({@code {"resourceLogs":[]}}, ...), shared and held by no entry. */
    public static OtlpForm empty(ChunkKind kind) {
        return json(kind, OtlpChunks.empty(kind));
    }

    public ChunkKind kind() {
        return kind;
    }

    /** What is stored: the msgpack, or the JSON. */
    public Bytes bytes() {
        return bytes;
    }

    /** The same form over {@code copy}, a copy of its {@link #bytes} (in native memory); a measured length is kept. */
    public OtlpForm over(Bytes copy) {
        if (copy.length() != bytes.length()) {
            throw new IllegalArgumentException("a copy of " + bytes.length() + " bytes has " + copy.length());
        }
        return new OtlpForm(kind, copy, json, length);
    }

    /** This form owning its bytes ({@link Bytes#owned}); a measured length is kept. */
    public OtlpForm owned() {
        Bytes own = bytes.owned();
        return own == bytes ? this : new OtlpForm(kind, own, json, length);
    }

    /** Bytes of memory this form holds ({@link Bytes#held}). */
    public int held() {
        return bytes.held();
    }

    /** The OTLP JSON's length if it is known without rendering, else -1. Arithmetic only. */
    public long knownLength() {
        return length;
    }

    /** The OTLP JSON's length, measured by rendering it when not known yet. */
    public long length() {
        long known = length;
        if (known < 0) {
            known = OtlpChunks.forThisThread().measure(this);
            length = known;
        }
        return known;
    }

    /** Writes the OTLP JSON: {@link #length} bytes. */
    public void write(OutputStream out) throws IOException {
        if (json) {
            bytes.write(out);
        } else {
            OtlpChunks.forThisThread().write(this, out);
        }
    }
}
