package vivo;

import java.util.function.LongSupplier;

/**
 * Warnings about bad chunks, which may come once per chunk: the first is written, then at most one line
 * per interval, each saying how many were left out since the last.
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

    /** At stop: the count of warnings that never got a line. */
    void finish() {
        if (suppressed > 0) {
            log.warn(suppressed + " more warnings about bad chunks were not written");
            suppressed = 0;
        }
    }
}
