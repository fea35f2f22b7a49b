package vivo.render;

import java.io.IOException;
import java.io.OutputStream;
import vivo.decode.ChunkKind;

/**
 * The rendered form of one flushed chunk, as a stream stores it. Immutable once built, so any number of
 * readers may write it out at once without a lock.
 */
public interface Payload {

    ChunkKind kind();

    /** Bytes this entry holds in memory: what {@code stream_queue_size} bounds. */
    int size();

    /** The log records, or the metrics or traces contexts, this entry holds. */
    int records();

    /**
     * The exact number of bytes {@link #write} produces for this view. The {@code /api/v2} form is
     * rendered to find out the first time ({@link vivo.render.otlp.OtlpForm}): never under a stream's lock.
     */
    long length(View view);

    /** As {@link #length}, or -1 where that takes a rendering (an {@code /api/v2} form not measured yet). Arithmetic only. */
    default long knownLength(View view) {
        return length(view);
    }

    /** Writes this entry in the given view: newline-delimited JSON, every line ending with {@code \n}. */
    void write(View view, OutputStream out) throws IOException;

    /**
     * Whether {@link #write} in {@code view} renders nothing: it passes the stored bytes on as buffers
     * ({@link Bytes.Sink}), with at most a short head and tail, so the I/O thread may gather them for a
     * response itself, without a worker.
     */
    default boolean writesStored(View view) {
        return false;
    }

    /**
     * This payload as a stream stores it: its bytes copied into {@code slabs} (native memory), or itself
     * when it has nothing to move or the memory is refused. The copy writes the same bytes in every view.
     */
    default Payload offHeap(Slabs slabs) {
        return this;
    }

    /** The native memory this payload's bytes are in, which its holders retain and release; null on the heap. */
    default Slabs.Block block() {
        return null;
    }
}
