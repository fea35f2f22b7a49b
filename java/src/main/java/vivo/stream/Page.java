package vivo.stream;

import java.util.function.ToLongFunction;

/**
 * How many bytes one response body may hold ({@code stream_page_size}), and what each entry takes of
 * them in the view being served. A read stops before the entry that would take the page past
 * {@code maxBytes}, and its selection says where to go on; the first entry is always taken (every
 * stored entry fits in a page in the views whose lengths are known when it is stored: {@link Stream}
 * refuses larger ones). A cost of -1 is not known yet (an /api/v2 form not measured): such an entry is
 * taken only as the first, and alone.
 */
public record Page(long maxBytes, ToLongFunction<Entry> bytes) {

    /** No bound. */
    public static final Page UNBOUNDED = new Page(Long.MAX_VALUE, entry -> 0);
}
