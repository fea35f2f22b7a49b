package vivo.stream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import vivo.render.Pages;
import vivo.render.Payload;
import vivo.render.Slabs;

/**
 * One stream (logs, metrics or traces) of one instance: a FIFO of entries with ids from 0, contiguous
 * at assignment and never reused, holding at most {@code capacity} bytes of {@link Payload#size()}.
 * When a new entry does not fit, the oldest are evicted until it does, and no more. An entry larger
 * than the capacity, or whose classic or /api/v1 body would not fit in one page ({@code
 * stream_page_size}), is rejected: it gets no id, nothing is evicted for it, and it is counted.
 *
 * <p>Locking: one lock guards everything. The writer (the instance's drain thread) holds it to assign
 * the id, evict and insert, so ids and contents always agree. A reader holds it only to copy the
 * references of the entries it selected (O(selected), never O(bytes)) and, with {@code remove}, to take
 * exactly those out, so two readers never both get an entry that a read removes. Payloads are immutable:
 * readers write their bytes to the client after releasing the lock.
 *
 * <p>Memory: an entry's bytes are stored in native memory ({@link Slabs}), held by the stream until it
 * evicts or removes the entry, and by each read that selected it until the read's {@link
 * Selection#release}. A read takes its holds under the lock, where the stream's own hold is sure.
 */
public final class Stream {

    private static final int WINDOW = 256;

    private final Object lock = new Object();
    private final EntryRing entries = new EntryRing();
    private final Slabs slabs = new Slabs();
    /** Who waits for the next entry (long polls, followers), by a key of their own; woken by the next append. */
    private final Map<Object, Runnable> waiters = new LinkedHashMap<>();
    private long capacity;
    private long pageSize = Long.MAX_VALUE;
    private long rejectedEntries;
    private long bytes;
    private long evictedEntries;
    private long evictedBytes;
    private long nextId;

    /** @param capacity the most bytes held, {@code stream_queue_size}; 0 keeps nothing */
    public Stream(long capacity) {
        this.capacity = requireCapacity(capacity);
    }

    /**
     * Gives {@code payload} the next id and stores it, evicting the oldest entries it needs room from, then
     * wakes the waiters it is for (on this thread, after the lock is let go). Null, with nothing changed
     * but the count of rejected entries, when the payload is larger than the capacity or than a page.
     */
    public Entry append(String tag, Payload rendered) {
        int size = rendered.size();
        byte[] tagJson = Pages.tagJson(tag);   // outside the lock, as the longest body and the copy into native memory below
        long longest = Pages.longestBody(rendered);
        Payload payload = rendered.offHeap(slabs);
        Entry entry;
        List<Runnable> woken;
        synchronized (lock) {
            if (size > capacity || longest > pageSize) {
                rejectedEntries++;
                release(payload);
                return null;
            }
            entry = new Entry(nextId++, tag, tagJson, payload);
            while (!entries.isEmpty() && bytes + size > capacity) {
                evictOldest();
            }
            entries.addLast(entry);
            bytes += size;
            woken = waiters.isEmpty() ? List.of() : List.copyOf(waiters.values());
            waiters.clear();
        }
        woken.forEach(Runnable::run);
        return entry;
    }

    /** Changes the most bytes one response body may hold ({@code stream_page_size}); held entries stay. */
    public void setPageSize(long pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size must be >= 1; found " + pageSize);
        }
        synchronized (lock) {
            this.pageSize = pageSize;
        }
    }

    /** How many wait for the next entry (long polls and idle followers). */
    public int waiting() {
        synchronized (lock) {
            return waiters.size();
        }
    }

    /**
     * Runs {@code wake} once, when the stream has an entry with an id at or above {@code id}: at once (on
     * this thread) if it has, else on the thread of the append that brings it. {@code wake} must be quick
     * and never block (hand the work to another thread): appends run it on the drain thread. The
     * returned handle cancels the wait; cancelling after the wake is harmless.
     */
    public Runnable whenEntryFrom(long id, Runnable wake) {
        Object key = new Object();
        synchronized (lock) {
            if (nextId <= id) {
                waiters.put(key, wake);
                return () -> {
                    synchronized (lock) {
                        waiters.remove(key);
                    }
                };
            }
        }
        wake.run();
        return () -> { };
    }

    /**
     * Changes the bound (a reload may change {@code stream_queue_size}), evicting the oldest as needed
     * (the newest is kept even when it alone is larger now).
     */
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
        return read(range, Page.UNBOUNDED, remove, null, selection -> true);
    }

    /**
     * As {@link #read(Range, boolean)}, at most a {@code page} of bytes, with {@code filter} (null for
     * none) applied to each entry before {@code limit} and the page count it: it returns the entry, the
     * entry with less in it ({@link Entry#with}), or null to leave it out; then once {@code admit} has
     * accepted the selection. Null when {@code admit} refused, and then nothing was removed.
     *
     * <p>Without {@code remove}, a filter runs outside the lock, on windows of {@value #WINDOW} references
     * copied under it, so that a slow filter never holds up the drain thread's appends. With {@code
     * remove}, everything runs under the lock, so that two readers never both get what one removes.
     */
    public Selection read(Range range, Page page, boolean remove, UnaryOperator<Entry> filter, Predicate<Selection> admit) {
        if (filter != null && !remove) {
            return filteredRead(range, page, filter, admit);
        }
        synchronized (lock) {
            // from the first entry at or above from, at most limit entries and a page, none above to
            int lo = firstIndex(range.from(), true);
            int aboveTo = firstIndex(range.to(), false);
            Taker taker = new Taker(range, page);
            List<Integer> indexes = new ArrayList<>();
            for (int i = lo; i < aboveTo && !taker.full; i++) {
                Entry stored = entries.get(i);
                if (taker.take(filter == null ? stored : filter.apply(stored), stored)) {
                    indexes.add(i);
                }
            }
            Selection selection = taker.selection(state());
            if (!admit.test(selection)) {
                selection.release();
                return null;
            }
            if (remove) {
                for (int i : indexes) {
                    bytes -= entries.get(i).payload().size();
                    release(entries.get(i).payload());   // the stream's hold; the selection has its own
                }
                if (filter == null) {
                    entries.removeRange(lo, lo + indexes.size());   // a run: one move
                } else {
                    // one by one from the last, so that the indexes before stay right
                    for (int j = indexes.size() - 1; j >= 0; j--) {
                        entries.removeRange(indexes.get(j), indexes.get(j) + 1);
                    }
                }
            }
            return selection;
        }
    }

    private Selection filteredRead(Range range, Page page, UnaryOperator<Entry> filter, Predicate<Selection> admit) {
        Taker taker = new Taker(range, page);
        long from = range.from();
        Selection.State state;
        while (true) {
            List<Entry> window;
            synchronized (lock) {
                state = state();
                int lo = firstIndex(from, true);
                int hi = Math.min(firstIndex(range.to(), false), lo + WINDOW);
                window = List.copyOf(entries.subList(lo, Math.max(lo, hi)));
                window.forEach(e -> retain(e.payload()));   // the filter reads them after the lock
            }
            for (int i = 0; i < window.size(); i++) {
                // what is taken keeps the hold for the selection; the rest lets it go
                if (taker.full || !taker.take(filter.apply(window.get(i)), window.get(i), false)) {
                    release(window.get(i).payload());
                }
            }
            if (window.size() < WINDOW || taker.full) {
                break;
            }
            from = window.get(window.size() - 1).id() + 1;
        }
        Selection selection = taker.selection(state);
        if (admit.test(selection)) {
            return selection;
        }
        selection.release();
        return null;
    }

    private static void retain(Payload payload) {
        if (payload.block() != null) {
            payload.block().retain();
        }
    }

    private static void release(Payload payload) {
        if (payload.block() != null) {
            payload.block().release();
        }
    }

    /** Takes entries in id order until the range's limit or the page is full, and knows where to resume. */
    private static final class Taker {
        private final Range range;
        private final Page page;
        private final List<Entry> selected = new ArrayList<>();
        private final List<Slabs.Block> held = new ArrayList<>();
        private long pageBytes;
        private long resume = -1;
        /** Whether the entry taken has no known cost yet: it is the page's only one. */
        private boolean unmeasured;
        boolean full;

        Taker(Range range, Page page) {
            this.range = range;
            this.page = page;
        }

        /** As {@link #take(Entry, Entry, boolean)}, taking a hold on what it takes (under the stream's lock). */
        boolean take(Entry kept, Entry stored) {
            return take(kept, stored, true);
        }

        /**
         * Offers the stored entry {@code stored} as the filter left it ({@code kept}, null for nothing);
         * what is taken is held by the selection: a new hold with {@code retain}, else one the caller took.
         *
         * @return whether it was taken; when it was not for want of room, the read is {@link #full}
         */
        boolean take(Entry kept, Entry stored, boolean retain) {
            if (selected.size() >= range.limit() || unmeasured) {
                return stop(stored.id());
            }
            if (kept == null) {
                return false;
            }
            long cost = page.bytes().applyAsLong(kept);
            if (cost < 0) {
                // not measured (an /api/v2 form, which takes a rendering, never under the lock): taken
                // alone, as a page's first entry always is, and measured by the response after the lock
                if (!selected.isEmpty()) {
                    return stop(stored.id());
                }
                unmeasured = true;
                cost = 0;
            }
            if (!selected.isEmpty() && cost > page.maxBytes() - pageBytes) {
                return stop(stored.id());
            }
            selected.add(kept);
            pageBytes += cost;
            Slabs.Block block = stored.payload().block();
            if (block != null) {
                if (retain) {
                    block.retain();
                }
                held.add(block);
            }
            return true;
        }

        private boolean stop(long id) {
            full = true;
            resume = id;
            return false;
        }

        Selection selection(Selection.State state) {
            long afterTo = range.to() == Long.MAX_VALUE ? Long.MAX_VALUE : range.to() + 1;
            return new Selection(selected, state, resume >= 0 ? resume : Math.min(afterTo, state.next()), new Selection.Held(held));
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
        Payload evicted = entries.removeFirst().payload();
        release(evicted);
        int size = evicted.size();
        bytes -= size;
        evictedEntries++;
        evictedBytes += size;
    }

    /** Slabs of native memory the stream's entries are in, or kept for the next ones ({@link Slabs#SLAB} bytes each). */
    int slabs() {
        return slabs.slabs();
    }

    /** What the stream holds and has evicted, as one snapshot. */
    public Selection.State snapshot() {
        synchronized (lock) {
            return state();
        }
    }

    /** What the stream holds and has evicted; under the lock. */
    private Selection.State state() {
        return new Selection.State(entries.isEmpty() ? nextId : entries.get(0).id(), nextId, entries.size(), bytes,
                evictedEntries, evictedBytes, rejectedEntries);
    }

    private static long requireCapacity(long capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0; found " + capacity);
        }
        return capacity;
    }
}
