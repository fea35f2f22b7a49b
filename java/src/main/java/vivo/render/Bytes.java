package vivo.render;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Bytes of a payload, immutable: on the Java heap as the renderers made them, or in native memory once a
 * stream stores them ({@link Slabs}), as consecutive pieces of {@link Slabs#SLAB}-byte slabs: the first
 * from wherever its slab had room, the others from the start of theirs. Any number of threads may read
 * at once (absolute reads only: no position or limit changes).
 */
public final class Bytes {

    /** The empty bytes, held by nobody. */
    public static final Bytes EMPTY = shared(new byte[0]);

    /**
     * A stream that takes bytes as buffers, such as an HTTP response's, which writes large ones to the
     * socket as they are: off-heap bytes go to it without a copy on the heap. A buffer it is given does
     * not change while the payload is held, so it may keep the buffer until it is sent.
     */
    public interface Sink {
        void write(ByteBuffer bytes) throws IOException;
    }

    /** Off-heap bytes are written to other streams through one buffer per writing thread, not one per write. */
    private static final ThreadLocal<byte[]> STAGING = ThreadLocal.withInitial(() -> new byte[16 * 1024]);

    private final byte[] heap;
    private final ByteBuffer[] pieces;
    private final int length;
    /** One array for many payloads (a kind's empty OTLP payload): no entry holds it, and none copies it. */
    private final boolean shared;
    /** {@code heap} is a renderer's, lent until the payload is stored: see {@link #lent}. */
    private final boolean lent;

    private Bytes(byte[] heap, int length, boolean shared, boolean lent) {
        this.heap = heap;
        this.pieces = null;
        this.length = length;
        this.shared = shared;
        this.lent = lent;
    }

    Bytes(ByteBuffer[] pieces, int length) {
        this.heap = null;
        this.pieces = pieces;
        this.length = length;
        this.shared = false;
        this.lent = false;
    }

    /** {@code bytes} as they are, on the heap (not copied: the caller hands them over). */
    public static Bytes of(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Bytes(bytes, bytes.length, false, false);
    }

    /** {@code bytes} shared by any number of payloads: none counts them in its size, and none stores a copy. */
    public static Bytes shared(byte[] bytes) {
        return new Bytes(bytes, bytes.length, true, false);
    }

    /**
     * {@code array[0, length)}, lent by its owner (a renderer, which writes the next chunk into the same
     * array) until the payload that holds them is stored: a stream copies them into native memory, and
     * {@link #owned} onto the heap when that memory is refused. So a chunk's bytes reach native memory
     * without a copy on the heap, which at two megabytes a chunk made the young collections promote them
     * and the old generation grow to its maximum (BENCHMARKS.md).
     */
    public static Bytes lent(byte[] array, int length) {
        if (length < 0 || length > array.length) {
            throw new IndexOutOfBoundsException("length " + length + " of an array of " + array.length);
        }
        return length == 0 ? EMPTY : new Bytes(array, length, false, true);
    }

    /** These bytes, copied onto the heap when they are {@link #lent}; else themselves. */
    public Bytes owned() {
        return lent ? new Bytes(Arrays.copyOf(heap, length), length, false, false) : this;
    }

    public int length() {
        return length;
    }

    /** The bytes a payload holding these holds: none when they are shared. */
    public int held() {
        return shared ? 0 : length;
    }

    /** Whether a stream stores a copy of these in native memory: on the heap, and not shared. */
    boolean toStore() {
        return heap != null && !shared && length > 0;
    }

    /** Fills {@code piece} (of native memory) with these bytes from {@code from} on; for bytes {@link #toStore}. */
    void copyInto(ByteBuffer piece, int from) {
        piece.put(0, heap, from, piece.capacity());
    }

    /** Whether these bytes are in native memory. */
    public boolean offHeap() {
        return pieces != null;
    }

    public byte get(int index) {
        if (heap != null) {
            return heap[index];
        }
        int piece = pieceOf(index);
        return pieces[piece].get(index - startOf(piece));
    }

    /** The piece that holds byte {@code index}: the first, from wherever its slab had room, or a whole slab after it. */
    private int pieceOf(int index) {
        int first = pieces[0].capacity();
        return index < first ? 0 : 1 + (index - first) / Slabs.SLAB;
    }

    /** Where piece {@code piece} starts in these bytes. */
    private int startOf(int piece) {
        return piece == 0 ? 0 : pieces[0].capacity() + (piece - 1) * Slabs.SLAB;
    }

    /** Copies {@code count} bytes from {@code from} into {@code dst} at {@code at}. */
    public void get(int from, byte[] dst, int at, int count) {
        if (from < 0 || count < 0 || from > length - count) {
            throw new IndexOutOfBoundsException("bytes " + from + ".." + (from + count) + " of " + length);
        }
        if (heap != null) {
            System.arraycopy(heap, from, dst, at, count);
            return;
        }
        for (int piece = pieceOf(from), offset = from - startOf(piece); count > 0; piece++, offset = 0) {
            int n = Math.min(count, pieces[piece].capacity() - offset);
            pieces[piece].get(offset, dst, at, n);
            at += n;
            count -= n;
        }
    }

    /** A copy on the heap (tests, and what must be searched whole). */
    public byte[] toArray() {
        byte[] copy = new byte[length];
        get(0, copy, 0, length);
        return copy;
    }

    public void write(OutputStream out) throws IOException {
        write(out, 0, length);
    }

    /** Writes {@code count} bytes from {@code from} to {@code out}. */
    public void write(OutputStream out, int from, int count) throws IOException {
        if (heap != null) {
            if (out instanceof Sink sink && !lent) {
                // as a buffer too: a sink may hold it until sent, and these bytes do not change
                sink.write(ByteBuffer.wrap(heap, from, count));
            } else {
                out.write(heap, from, count);
            }
            return;
        }
        if (out instanceof Sink sink) {
            for (int piece = pieceOf(from), offset = from - startOf(piece); count > 0; piece++, offset = 0) {
                int n = Math.min(count, pieces[piece].capacity() - offset);
                sink.write(pieces[piece].slice(offset, n));
                count -= n;
            }
            return;
        }
        byte[] staging = STAGING.get();
        while (count > 0) {
            int n = Math.min(count, staging.length);
            get(from, staging, 0, n);
            out.write(staging, 0, n);
            from += n;
            count -= n;
        }
    }
}
