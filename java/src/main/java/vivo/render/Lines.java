package vivo.render;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import vivo.decode.ChunkKind;
import vivo.render.otlp.OtlpChunks;

/**
 * A payload that is already newline-delimited JSON and looks the same in the classic and /api/v1 views:
 * the contexts of a metrics or traces chunk, one line each; and the same chunk as OTLP JSON for /api/v2.
 * Immutable; a stream stores it {@link #offHeap}.
 */
public final class Lines implements Payload {

    private final ChunkKind kind;
    private final Bytes bytes;
    private final Bytes otlp;
    /** The OTLP JSON's bytes this entry holds: none for a shared empty payload ({@link OtlpChunks#heldSize}). */
    private final int otlpHeld;
    private final int records;
    private final Slabs.Block block;

    /** @param records the contexts, one line each */
    public Lines(ChunkKind kind, byte[] bytes, byte[] otlp, int records) {
        this(Objects.requireNonNull(kind), Bytes.of(bytes), Bytes.of(otlp), OtlpChunks.heldSize(otlp), records, null);
    }

    /** Lines made by hand (tests), one context per line, whose /api/v2 form is an empty OTLP payload. */
    public Lines(ChunkKind kind, byte[] bytes) {
        this(kind, bytes, OtlpChunks.empty(kind), newlines(bytes));
    }

    private Lines(ChunkKind kind, Bytes bytes, Bytes otlp, int otlpHeld, int records, Slabs.Block block) {
        this.kind = kind;
        this.bytes = bytes;
        this.otlp = otlp;
        this.otlpHeld = otlpHeld;
        this.records = records;
        this.block = block;
    }

    private static int newlines(byte[] bytes) {
        int lines = 0;
        for (byte b : bytes) {
            if (b == '\n') {
                lines++;
            }
        }
        return lines;
    }

    @Override
    public ChunkKind kind() {
        return kind;
    }

    /** The lines, as the classic and /api/v1 views write them. */
    public Bytes bytes() {
        return bytes;
    }

    @Override
    public int records() {
        return records;
    }

    /** The lines and the OTLP JSON; a shared empty OTLP payload ({@link OtlpChunks#empty}) is held by no entry. */
    @Override
    public int size() {
        return bytes.length() + otlpHeld;
    }

    @Override
    public long length(View view) {
        return view == View.API_V2 ? otlp.length() : bytes.length();
    }

    @Override
    public void write(View view, OutputStream out) throws IOException {
        (view == View.API_V2 ? otlp : bytes).write(out);
    }

    /** These lines with their bytes and OTLP JSON copied into {@code slabs}; itself when they refuse. */
    @Override
    public Payload offHeap(Slabs slabs) {
        if (block != null || bytes.offHeap()) {
            return this;
        }
        Slabs.Stored stored = slabs.store(bytes.heapArray(), otlpHeld == 0 ? new byte[0] : otlp.heapArray());
        if (stored == null) {
            return this;
        }
        return new Lines(kind, stored.bytes()[0], otlpHeld == 0 ? otlp : stored.bytes()[1], otlpHeld, records, stored.block());
    }

    @Override
    public Slabs.Block block() {
        return block;
    }
}
