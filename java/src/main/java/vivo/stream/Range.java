package vivo.stream;

/**
 * Which entries a read asks for: ids from {@code from} to {@code to}, both inclusive, at most
 * {@code limit} of them, oldest first.
 *
 * @param from  the lowest id wanted, 0 for no lower bound
 * @param to    the highest id wanted, {@link Long#MAX_VALUE} for no upper bound
 * @param limit the most entries wanted, at least 1; {@link Long#MAX_VALUE} for no limit
 */
public record Range(long from, long to, long limit) {

    /** Every entry the stream holds. */
    public static final Range ALL = new Range(0, Long.MAX_VALUE, Long.MAX_VALUE);

    public Range {
        if (from < 0 || to < 0 || limit < 1) {
            throw new IllegalArgumentException("from and to must be >= 0 and limit >= 1; found from=" + from
                    + ", to=" + to + ", limit=" + limit);
        }
    }
}
