package vivo.render;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import vivo.decode.ChunkKind;
import vivo.render.otlp.OtlpForm;

/**
 * A payload that is already newline-delimited JSON and looks the same in the classic and /api/v1 views:
 * the contexts of a metrics or traces chunk, one line each; and the chunk's /api/v2 form (its msgpack,
 * rendered as OTLP JSON when read).
 * Immutable; a stream stores it {@link #offHeap}.
 */
public final class Lines implements Payload {

    private final ChunkKind kind;
    private final Bytes bytes;
    private final OtlpForm otlp;
    private final int records;
    private final Slabs.Block block;

    /** @param records the contexts, one line each */
    public Lines(ChunkKind kind, byte[] bytes, OtlpForm otlp, int records) {
        this(kind, Bytes.of(bytes), otlp, records);
    }

    /** @param records the contexts, one line each */
    Lines(ChunkKind kind, Bytes bytes, OtlpForm otlp, int records) {
        this(Objects.requireNonNull(kind), bytes, Objects.requireNonNull(otlp), records, null);
    }

    /** Lines made by hand (tests), with their OTLP JSON. */
    public Lines(ChunkKind kind, byte[] bytes, byte[] otlp, int records) {
        this(kind, bytes, OtlpForm.json(kind, Bytes.of(otlp)), records);
    }

    /** Lines made by hand (tests), one context per line, whose /api/v2 form is an empty OTLP payload. */
    public Lines(ChunkKind kind, byte[] bytes) {
        this(kind, bytes, OtlpForm.empty(kind), newlines(bytes));
    }

    private Lines(ChunkKind kind, Bytes bytes, OtlpForm otlp, int records, Slabs.Block block) {
        this.kind = kind;
        this.bytes = bytes;
        this.otlp = otlp;
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

    /** The lines and the /api/v2 form's msgpack; a shared empty OTLP payload ({@link OtlpForm#empty}) is held by no entry. */
    @Override
    public int size() {
        return bytes.length() + otlp.held();
    }

    @Override
    public long length(View view) {
        return view == View.API_V2 ? otlp.length() : bytes.length();
    }

    @Override
    public long knownLength(View view) {
        return view == View.API_V2 ? otlp.knownLength() : bytes.length();
    }

    @Override
    public boolean writesStored(View view) {
        return view != View.API_V2;
    }

    @Override
    public void write(View view, OutputStream out) throws IOException {
        if (view == View.API_V2) {
            otlp.write(out);
        } else {
            bytes.write(out);
        }
    }

    /** These lines with their bytes and msgpack copied into {@code slabs}; on the heap, owning its bytes, when they refuse. */
    @Override
    public Payload offHeap(Slabs slabs) {
        if (block != null) {
            return this;
        }
        Slabs.Stored stored = slabs.store(bytes, otlp.bytes());
        return stored == null ? new Lines(kind, bytes.owned(), otlp.owned(), records, null)
                : new Lines(kind, stored.bytes()[0], otlp.over(stored.bytes()[1]), records, stored.block());
    }

    @Override
    public Slabs.Block block() {
        return block;
    }
}
