package vivo;

import java.util.function.LongSupplier;

/**
 * Warnings that may come once per chunk or once per connection: the first is written, then at most one
 * line per interval, each saying how many were left out since the last. Every warning is accounted for
 * once: in its own line, in the count of a later line, in the line {@link #tick} writes once the
 * interval is over (so a burst followed by silence is not reported only at stop), or in the one at
 * {@link #finish}. Safe to use from any thread.
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

    /** Called often (each poll of the drain): writes the count left out once the interval has passed. */
    public synchronized void tick() {
        long now = nanoClock.getAsLong();
        if (suppressed > 0 && now - lastWritten >= intervalNanos) {
            log.warn(suppressed + " more " + what + " since the last one were not written");
            lastWritten = now;
            suppressed = 0;
        }
    }

    /** At stop: the count of warnings that never got a line. */
    public synchronized void finish() {
        if (suppressed > 0) {
            log.warn(suppressed + " more " + what + " were not written");
            suppressed = 0;
        }
    }
}
