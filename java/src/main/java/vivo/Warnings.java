package vivo;

import java.util.function.LongSupplier;

/**
 * Warnings about bad chunks, which may come once per chunk: the first is written, then at most one line
 * per interval, each saying how many were left out since the last. Every warning is accounted for once:
 * in its own line, in the count of a later line, in the line {@link #tick} writes once the interval is
 * over (so a burst followed by silence is not reported only at stop), or in the one at {@link #finish}.
 */
final class Warnings {

    private final HostLog log;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private long lastWritten;
    private boolean any;
    private long suppressed;

    Warnings(HostLog log, long intervalNanos, LongSupplier nanoClock) {
        this.log = log;
        this.intervalNanos = intervalNanos;
        this.nanoClock = nanoClock;
    }

    void warn(String line) {
        long now = nanoClock.getAsLong();
        if (any && now - lastWritten < intervalNanos) {
            suppressed++;
            return;
        }
        log.warn(suppressed == 0 ? line : line + " (and " + suppressed + " more warnings since the last one)");
        any = true;
        lastWritten = now;
        suppressed = 0;
    }

    /** Called often (each poll of the drain): writes the count left out once the interval has passed. */
    void tick() {
        long now = nanoClock.getAsLong();
        if (suppressed > 0 && now - lastWritten >= intervalNanos) {
            log.warn(suppressed + " more warnings about bad chunks since the last one were not written");
            lastWritten = now;
            suppressed = 0;
        }
    }

    /** At stop: the count of warnings that never got a line. */
    void finish() {
        if (suppressed > 0) {
            log.warn(suppressed + " more warnings about bad chunks were not written");
            suppressed = 0;
        }
    }
}
