package vivo.stream;

import java.util.List;
import java.util.NoSuchElementException;
import vivo.render.View;

/**
 * What one {@link Stream#read} selected: the entries, oldest first, and the id the stream will give its
 * next entry. The ids increase but need not be contiguous: a read with {@code empty_stream_on_read} may
 * have removed some from the middle.
 *
 * @param entries the selected entries, ids increasing
 * @param next    the id of the stream's next entry, whatever was selected
 */
public record Selection(List<Entry> entries, long next) {

    public Selection {
        entries = List.copyOf(entries);
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
