package vivo.http;

import java.util.function.UnaryOperator;
import vivo.render.Pages;
import vivo.render.View;
import vivo.stream.Entry;
import vivo.stream.Page;
import vivo.stream.Range;
import vivo.stream.Selection;
import vivo.stream.Stream;

/**
 * The lengths an {@code /api/v2} page needs before a stream's lock cuts it. An entry's OTLP JSON is
 * rendered when read ({@link vivo.render.otlp.OtlpForm}), so its length is known only once measured,
 * which renders it: never under the lock, where a page is cut with arithmetic only (an entry not measured
 * there is taken alone). So before a page is read, the entries it may take are measured here, outside
 * the lock, on the worker that then writes the page; the JSON of the last one measured stays in that
 * thread's renderer for its write.
 */
final class OtlpLengths {

    /** Entries referenced at once, each held while it is measured. */
    private static final int WINDOW = 64;

    private OtlpLengths() {
    }

    /**
     * Measures, oldest first, the entries of {@code stream} that a page for {@code range} may take, through
     * {@code filter} (null for none), until the page's room or the range's limit is used up.
     */
    static void measure(Stream stream, Range range, UnaryOperator<Entry> filter, Page page) {
        long used = 0;
        long taken = 0;
        long from = range.from();
        while (from <= range.to()) {
            Selection window = stream.read(new Range(from, range.to(), WINDOW), Page.UNBOUNDED, false, filter, s -> true);
            try {
                for (Entry entry : window.entries()) {
                    entry.payload().length(View.API_V2);   // measures (renders) it once; entryBytes then knows it
                    used += Pages.entryBytes(View.API_V2, entry.id(), entry.tagJson(), entry.payload());
                    if (++taken >= range.limit() || used > page.maxBytes()) {
                        return;
                    }
                }
            } finally {
                window.release();
            }
            if (window.isEmpty() || window.resume() >= window.next()) {
                return;
            }
            from = window.resume();
        }
    }
}
