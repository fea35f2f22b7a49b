package vivo.render;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Native memory for the payloads a stream stores, so that the Java heap stays small whatever
 * {@code stream_queue_size} is: a payload's bytes are copied into slabs of {@value #SLAB} bytes (direct
 * buffers), one payload after another, each spanning as many slabs as it needs. A slab that every
 * payload in it has left (evicted or removed, and no response still writing it) goes back to a small
 * pool, and the next payloads are copied into it: in a full stream, eviction makes the room the new
 * entries take, and nothing is allocated. Past the pool, a slab is let go, and the JVM frees it.
 *
 * <p>Native memory is only ever freed by the JVM, once nothing refers to it, so that no reader can touch
 * freed memory whatever happens. What the counts decide is reuse: a payload released too early could be
 * overwritten by a later one, but never crash the process. {@code StreamConcurrencyTest} reads against
 * eviction and reuse, and checks every byte.
 *
 * <p>One per stream: {@link #store} runs on the stream's one writer (the drain thread) only; {@link
 * Block#release} on any thread.
 */
public final class Slabs {

    public static final int SLAB = 1 << 20;

    /** Slabs kept for reuse: what one stream's turnover between two appends needs, a few big chunks' worth. */
    static final int POOLED = 8;

    private final ConcurrentLinkedQueue<Slab> pool = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pooled = new AtomicInteger();
    /** Slabs allocated and not let go. */
    private final AtomicInteger allocated = new AtomicInteger();
    /** The most slabs allocated at once; past it, a store is refused as the JVM refuses past MaxDirectMemorySize. */
    private final int most;
    /** The slab being filled, which holds a reference to itself until it is full; null before the first. */
    private Slab current;
    private int used;

    /** Slabs bounded only by the JVM's direct memory. */
    public Slabs() {
        this(Integer.MAX_VALUE);
    }

    /** Slabs that refuse stores once {@code most} are allocated (tests: the heap fallback without exhausting the JVM). */
    Slabs(int most) {
        this.most = most;
    }

    /** Payload bytes in native memory, and the block that holds them there. */
    public record Stored(Bytes[] bytes, Block block) {
    }

    /**
     * Copies {@code parts} into slabs, one after the other, but for shared and empty ones, which stay as
     * they are; null, with nothing held, when the JVM refuses the native memory (past {@code
     * -XX:MaxDirectMemorySize} even after collecting): the payload then stays on the heap.
     */
    public synchronized Stored store(Bytes... parts) {
        List<Slab> touched = new ArrayList<>(2);
        Bytes[] stored = new Bytes[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                stored[i] = parts[i].toStore() ? copy(parts[i], touched) : parts[i];
            }
        } catch (OutOfMemoryError refused) {
            touched.forEach(Slab::release);
            return null;
        }
        return new Stored(stored, new Block(touched.toArray(new Slab[0])));
    }

    /** Slabs in use or pooled, {@value #SLAB} bytes each: what this stream holds of native memory, the let go excluded. */
    public int slabs() {
        return allocated.get();
    }

    private Bytes copy(Bytes part, List<Slab> touched) {
        int length = part.length();
        List<ByteBuffer> pieces = new ArrayList<>(1 + length / SLAB);
        int from = 0;
        while (from < length) {
            if (current == null || used == SLAB) {
                next();
            }
            int n = Math.min(length - from, SLAB - used);
            ByteBuffer piece = current.memory.slice(used, n);
            part.copyInto(piece, from);
            pieces.add(piece);
            if (touched.isEmpty() || touched.get(touched.size() - 1) != current) {
                current.refs.incrementAndGet();
                touched.add(current);
            }
            used += n;
            from += n;
        }
        return new Bytes(pieces.toArray(new ByteBuffer[0]), length);
    }

    /** Closes the full slab (lets go of its own reference) and opens one from the pool, or a new one. */
    private void next() {
        Slab fresh = pool.poll();
        if (fresh != null) {
            pooled.decrementAndGet();
            fresh.refs.set(1);
        } else {
            if (allocated.get() >= most) {
                throw new OutOfMemoryError("Cannot reserve more than " + most + " slabs");
            }
            fresh = new Slab(ByteBuffer.allocateDirect(SLAB));   // may throw OutOfMemoryError: nothing changed
            allocated.incrementAndGet();
        }
        if (current != null) {
            current.release();
        }
        current = fresh;
        used = 0;
    }

    private void reuse(Slab slab) {
        if (pooled.incrementAndGet() <= POOLED) {
            pool.offer(slab);
        } else {
            pooled.decrementAndGet();   // let go: the JVM frees it
            allocated.decrementAndGet();
        }
    }

    /** What a stored payload holds: its slabs. Released once by each of its holders (the stream, each read). */
    public static final class Block {
        private final Slab[] slabs;
        private final AtomicInteger refs = new AtomicInteger(1);

        private Block(Slab[] slabs) {
            this.slabs = slabs;
        }

        /** One more holder; only someone who holds it already (the stream, under its lock) may add one. */
        public void retain() {
            if (refs.getAndIncrement() <= 0) {
                throw new IllegalStateException("a released block was retained");
            }
        }

        public void release() {
            int left = refs.decrementAndGet();
            if (left == 0) {
                for (Slab slab : slabs) {
                    slab.release();
                }
            } else if (left < 0) {
                throw new IllegalStateException("a block was released more often than it was held");
            }
        }

        /** Holders now (tests). */
        public int holders() {
            return refs.get();
        }
    }

    private final class Slab {
        final ByteBuffer memory;
        /** The blocks in it, and itself while it is being filled. */
        final AtomicInteger refs = new AtomicInteger(1);

        Slab(ByteBuffer memory) {
            this.memory = memory;
        }

        void release() {
            if (refs.decrementAndGet() == 0) {
                reuse(this);
            }
        }
    }
}
