package vivo.stream;

import java.util.function.Predicate;
import vivo.render.Payload;

/**
 * One stream (logs, metrics or traces) of one instance: a FIFO of entries with ids from 0, contiguous
 * at assignment and never reused, holding at most {@code capacity} bytes of {@link Payload#size()}.
 * When a new entry does not fit, the oldest are evicted until it does, and no more; an entry larger
 * than the capacity is kept alone.
 *
 * <p>Locking: one lock guards everything. The writer (the instance's drain thread) holds it to assign
 * the id, evict and insert, so ids and contents always agree. A reader holds it only to copy the
 * references of the entries it selected (O(selected), never O(bytes)) and, with {@code remove}, to take
 * exactly those out, so two readers never both get an entry that a read removes. Payloads are immutable:
 * readers write their bytes to the client after releasing the lock.
 */
public final class Stream {

    private final Object lock = new Object();
    private final EntryRing entries = new EntryRing();
    private long capacity;
    private long bytes;
    private long nextId;

    /** @param capacity the most bytes held, {@code stream_queue_size}; 0 keeps only the newest entry */
    public Stream(long capacity) {
        this.capacity = requireCapacity(capacity);
    }

    /** Gives {@code payload} the next id and stores it, evicting the oldest entries it needs room from. */
    public Entry append(Payload payload) {
        int size = payload.size();
        synchronized (lock) {
            Entry entry = new Entry(nextId++, payload);
            while (!entries.isEmpty() && bytes + size > capacity) {
                evictOldest();
            }
            entries.addLast(entry);
            bytes += size;
            return entry;
        }
    }

    /** Changes the bound (a reload may change {@code stream_queue_size}), evicting the oldest as needed. */
    public void setCapacity(long capacity) {
        requireCapacity(capacity);
        synchronized (lock) {
            this.capacity = capacity;
            while (entries.size() > 1 && bytes > capacity) {
                evictOldest();
            }
        }
    }

    /**
     * The entries {@code range} selects, and the next id. With {@code remove}, the selected entries (and
     * only those) leave the stream in the same step.
     */
    public Selection read(Range range, boolean remove) {
        return read(range, remove, selection -> true);
    }

    /**
     * As {@link #read(Range, boolean)}, once {@code admit} has accepted the selection (asked under the
     * stream's lock, so it must be quick); null when it refused, and then nothing was removed.
     */
    public Selection read(Range range, boolean remove, Predicate<Selection> admit) {
        synchronized (lock) {
            // from the first entry at or above from, at most limit entries, none above to
            int lo = firstIndex(range.from(), true);
            int aboveTo = firstIndex(range.to(), false);
            int hi = (int) Math.max(lo, Math.min(aboveTo, lo + Math.min(range.limit(), Integer.MAX_VALUE)));
            Selection selection = new Selection(entries.subList(lo, hi), nextId);
            if (!admit.test(selection)) {
                return null;
            }
            if (remove && lo < hi) {
                for (Entry e : selection.entries()) {
                    bytes -= e.payload().size();
                }
                entries.removeRange(lo, hi);
            }
            return selection;
        }
    }

    /** Binary search of the entries held: the first index whose id is {@code >= id} (inclusive) or {@code > id}; the size if none. */
    private int firstIndex(long id, boolean inclusive) {
        int lo = 0;
        int hi = entries.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            long found = entries.get(mid).id();
            if (found < id || (!inclusive && found == id)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private void evictOldest() {
        bytes -= entries.removeFirst().payload().size();
    }

    private static long requireCapacity(long capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0; found " + capacity);
        }
        return capacity;
    }
}
