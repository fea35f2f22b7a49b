package vivo.stream;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import vivo.render.Slabs;
import vivo.render.View;

/**
 * What one {@link Stream#read} selected: the entries, oldest first, and the stream's state when they were
 * selected. The ids increase but need not be contiguous: a read with {@code empty_stream_on_read} may have
 * removed some from the middle.
 *
 * @param entries the selected entries, ids increasing
 * @param state   the stream as it was at the read, whatever was selected
 * @param resume  where a client goes on from: the id of the first entry a limit or a {@link Page} left
 *                out, else the id after {@code to}, at most the tail
 * @param held    the native memory of the selected entries, which this selection holds until {@link
 *                #release}: until then the stream may evict the entries, but their bytes stay as they are
 */
public record Selection(List<Entry> entries, State state, long resume, Held held) {

    /** The blocks a selection holds, let go once. */
    public static final class Held {
        private final List<Slabs.Block> blocks;
        private final AtomicBoolean released = new AtomicBoolean();

        Held(List<Slabs.Block> blocks) {
            this.blocks = List.copyOf(blocks);
        }
    }

    /**
     * A stream at one moment.
     *
     * @param oldest the id of the oldest entry held; {@code next} when none is
     * @param next   the id the next entry will get (the tail)
     * @param rejectedEntries entries refused because they were larger than the stream or a page
     */
    public record State(long oldest, long next, long entries, long bytes, long evictedEntries, long evictedBytes,
                        long rejectedEntries) {
    }

    public Selection {
        entries = List.copyOf(entries);
    }

    /**
     * Lets go of the selected entries' memory: once the response is written (or given up), never
     * before. More calls do nothing.
     */
    public void release() {
        if (held.released.compareAndSet(false, true)) {
            held.blocks.forEach(Slabs.Block::release);
        }
    }

    /** The id of the stream's next entry (its tail), whatever was selected. */
    public long next() {
        return state.next();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The id of the first entry selected. */
    public long start() {
        if (entries.isEmpty()) {
            throw new NoSuchElementException("nothing selected");
        }
        return entries.get(0).id();
    }

    /** The id of the last entry selected. */
    public long end() {
        if (entries.isEmpty()) {
            throw new NoSuchElementException("nothing selected");
        }
        return entries.get(entries.size() - 1).id();
    }

    /** The exact number of bytes the selected entries take in {@code view}. */
    public long length(View view) {
        long length = 0;
        for (Entry e : entries) {
            length += e.payload().length(view);
        }
        return length;
    }
}
