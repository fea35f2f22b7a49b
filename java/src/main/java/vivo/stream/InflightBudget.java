package vivo.stream;

/**
 * The bytes of stored chunks that responses being sent may hold ({@code http_inflight_size}). A response
 * holds the entries it selected from the moment they are selected until its last byte is written or its
 * client is gone; meanwhile the stream may evict them and take new ones, so without this bound slow
 * clients could hold many times {@code stream_queue_size}.
 *
 * <p>What is counted is the union of the entries held, each once however many responses hold it: four
 * clients reading the same whole stream hold one stream's worth. One selection is always let through
 * when nothing is held, so a selection larger than the budget is served, alone.
 */
public final class InflightBudget {

    private final long limit;
    private long held;

    public InflightBudget(long limit) {
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }

    /** Holds the entries of {@code selection} if they fit; false, and nothing held, if not. */
    public synchronized boolean take(Selection selection) {
        long more = 0;
        for (Entry e : selection.entries()) {
            if (e.pins == 0) {
                more += e.payload().size();
            }
        }
        if (held > 0 && more > 0 && held + more > limit) {
            return false;
        }
        for (Entry e : selection.entries()) {
            e.pins++;
        }
        held += more;
        return true;
    }

    /** Lets go of what {@link #take} held for {@code selection}. */
    public synchronized void giveBack(Selection selection) {
        for (Entry e : selection.entries()) {
            if (--e.pins == 0) {
                held -= e.payload().size();
            }
        }
    }

    public synchronized long held() {
        return held;
    }
}
