package vivo.stream;

import java.util.List;
import java.util.NoSuchElementException;
import vivo.render.View;

/**
 * What one read selected: the entries, oldest first, and the id the stream will give its next entry.
 * Pure logic over a list of entries in increasing id order (the ids need not be contiguous: a read with
 * {@code empty_stream_on_read} may have removed some from the middle).
 *
 * @param entries the selected entries, ids increasing
 * @param next    the id of the stream's next entry, whatever was selected
 */
public record Selection(List<Entry> entries, long next) {

    public Selection {
        entries = List.copyOf(entries);
    }

    /** Selects from {@code live} (ids increasing) the entries {@code range} asks for. */
    public static Selection of(List<Entry> live, Range range, long next) {
        int lo = lowerIndex(live, range);
        return new Selection(live.subList(lo, upperIndex(live, lo, range)), next);
    }

    /** The index in {@code live} of the first entry selected: the first whose id is at least {@code range.from()}. */
    static int lowerIndex(List<Entry> live, Range range) {
        return firstIndex(live, range.from(), true);
    }

    /** One past the index in {@code live} of the last entry selected, given {@code lo} from {@link #lowerIndex}. */
    static int upperIndex(List<Entry> live, int lo, Range range) {
        int aboveTo = firstIndex(live, range.to(), false);
        return (int) Math.max(lo, Math.min(aboveTo, lo + Math.min(range.limit(), Integer.MAX_VALUE)));
    }

    /** Binary search: the first index whose id is {@code >= id} (inclusive) or {@code > id}; the size if none. */
    private static int firstIndex(List<Entry> live, long id, boolean inclusive) {
        int lo = 0;
        int hi = live.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            long found = live.get(mid).id();
            if (found < id || (!inclusive && found == id)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
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
