package vivo;

import java.util.function.LongSupplier;

/**
 * Warnings that may come once per chunk or once per connection: the first is written, then at most one
 * line per interval, each saying how many were left out since the last. Safe to use from any thread.
 */
public final class RateLimitedLog {

    /** Ten seconds between lines: a burst costs one line, a steady fault one line per interval. */
    public static final long INTERVAL_NANOS = 10_000_000_000L;

    private final HostLog log;
    private final String what;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private long lastWritten;
    private boolean any;
    private long suppressed;

    /** @param what what is left out, in the plural, for {@link #finish}: "warnings about bad chunks" */
    public RateLimitedLog(HostLog log, String what) {
        this(log, what, INTERVAL_NANOS, System::nanoTime);
    }

    RateLimitedLog(HostLog log, String what, long intervalNanos, LongSupplier nanoClock) {
        this.log = log;
        this.what = what;
        this.intervalNanos = intervalNanos;
        this.nanoClock = nanoClock;
    }

    public synchronized void warn(String line) {
        long now = nanoClock.getAsLong();
        if (any && now - lastWritten < intervalNanos) {
            suppressed++;
            return;
        }
        log.warn(suppressed == 0 ? line : line + " (and " + suppressed + " more since the last one)");
        any = true;
        lastWritten = now;
        suppressed = 0;
    }

    /** At stop: the count of warnings that never got a line. */
    public synchronized void finish() {
        if (suppressed > 0) {
            log.warn(suppressed + " more " + what + " were not written");
            suppressed = 0;
        }
    }
}
