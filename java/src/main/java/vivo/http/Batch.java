package vivo.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.xnio.channels.StreamSinkChannel;

/**
 * Part of a response body as buffers to write in order, in one gathering write after another: views of
 * stored bytes as they are, and slices of its own array where short writes were copied. What the views
 * point at must stay as it is until the batch is written or given up ({@link vivo.render.Bytes.Sink}).
 * Filled and written by one thread at a time ({@link Http2Batches} hands it over under a lock).
 */
final class Batch {

    private final byte[] staging;
    private ByteBuffer[] parts = new ByteBuffer[16];
    private int count;
    /** The first part not written whole yet. */
    private int next;
    private int used;
    /** Where the staged bytes not yet in {@link #parts} start. */
    private int stagedFrom;
    private long bytes;

    /** @param stagingBytes room for the short writes it copies */
    Batch(int stagingBytes) {
        staging = new byte[stagingBytes];
    }

    /** Copies what fits of {@code b[off, off + len)}; returns how many bytes. */
    int stage(byte[] b, int off, int len) {
        int n = Math.min(len, room());
        System.arraycopy(b, off, staging, used, n);
        used += n;
        bytes += n;
        return n;
    }

    /** Copies what fits of {@code buffer}'s remaining bytes, consuming them. */
    void stage(ByteBuffer buffer) {
        int n = Math.min(buffer.remaining(), room());
        buffer.get(staging, used, n);
        used += n;
        bytes += n;
    }

    /** Takes {@code buffer}'s bytes as they are: its own view of them, the caller's consumed, as a write does. */
    void view(ByteBuffer buffer) {
        endStaged();
        bytes += buffer.remaining();
        add(buffer.slice());
        buffer.position(buffer.limit());
    }

    /** Bytes its array has room for. */
    int room() {
        return staging.length - used;
    }

    /** Bytes it holds, written or not. */
    long bytes() {
        return bytes;
    }

    /** Buffers it holds. */
    int parts() {
        return count;
    }

    boolean isEmpty() {
        return bytes == 0;
    }

    /** Makes the bytes staged since the last part a part: to be called before it is written. */
    void endStaged() {
        if (used > stagedFrom) {
            add(ByteBuffer.wrap(staging, stagedFrom, used - stagedFrom));
            stagedFrom = used;
        }
    }

    private void add(ByteBuffer part) {
        if (count == parts.length) {
            parts = Arrays.copyOf(parts, count * 2);
        }
        parts[count++] = part;
    }

    /** One non-blocking gathering write of what is left; returns the bytes the channel took. */
    long writeTo(StreamSinkChannel channel) throws IOException {
        long n = channel.write(parts, next, count - next);
        while (next < count && !parts[next].hasRemaining()) {
            parts[next++] = null;
        }
        return n;
    }

    /** Whether every part is written (or there is none). */
    boolean written() {
        return next == count;
    }

    /** Forgets its parts (written, or given up) and makes its array free again; returns itself. */
    Batch clear() {
        Arrays.fill(parts, 0, count, null);
        count = 0;
        next = 0;
        used = 0;
        stagedFrom = 0;
        bytes = 0;
        return this;
    }
}
