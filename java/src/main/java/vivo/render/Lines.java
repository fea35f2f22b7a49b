package vivo.render;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import vivo.decode.ChunkKind;
import vivo.render.otlp.OtlpChunks;

/**
 * A payload that is already newline-delimited JSON and looks the same in the classic and /api/v1 views:
 * the contexts of a metrics or traces chunk, one line each; and the same chunk as OTLP JSON for /api/v2.
 */
public record Lines(ChunkKind kind, byte[] bytes, byte[] otlp, int records) implements Payload {

    public Lines {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(bytes);
        Objects.requireNonNull(otlp);
    }

    /** Lines made by hand (tests), one context per line, whose /api/v2 form is an empty OTLP payload. */
    public Lines(ChunkKind kind, byte[] bytes) {
        this(kind, bytes, OtlpChunks.empty(kind), newlines(bytes));
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

    /** The lines and the OTLP JSON; a shared empty OTLP payload ({@link OtlpChunks#empty}) is held by no entry. */
    @Override
    public int size() {
        return bytes.length + OtlpChunks.heldSize(otlp);
    }

    @Override
    public long length(View view) {
        return view == View.API_V2 ? otlp.length : bytes.length;
    }

    @Override
    public void write(View view, OutputStream out) throws IOException {
        out.write(view == View.API_V2 ? otlp : bytes);
    }
}
