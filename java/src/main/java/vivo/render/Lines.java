package vivo.render;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import vivo.decode.ChunkKind;

/**
 * A payload that is already newline-delimited JSON and looks the same in every view: the contexts of a
 * metrics or traces chunk, one line each.
 */
public record Lines(ChunkKind kind, byte[] bytes) implements Payload {

    public Lines {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(bytes);
    }

    @Override
    public int size() {
        return bytes.length;
    }

    @Override
    public long length(View view) {
        return bytes.length;
    }

    @Override
    public void write(View view, OutputStream out) throws IOException {
        out.write(bytes);
    }
}
