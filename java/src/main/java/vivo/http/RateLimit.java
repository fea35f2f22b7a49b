package vivo.http;

import java.util.concurrent.TimeUnit;

/**
 * What {@code rate=<records per second>} lets one follower be sent: a token bucket that holds at most
 * one second's worth of records and fills at the rate, so a follower gets bursts of up to a second's
 * records and no more than the rate over time. Time comes in as an argument (nanoseconds, as
 * {@link System#nanoTime}), so tests need no clock. One follower's, used on its I/O thread only.
 */
final class RateLimit {

    private static final double NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    private final long perSecond;
    private double tokens;
    private long filledAt;

    RateLimit(long perSecond, long now) {
        this.perSecond = perSecond;
        this.tokens = perSecond;
        this.filledAt = now;
    }

    /** How many of {@code records} may be sent at {@code now}, taken from the bucket (0 to records). */
    long take(long records, long now) {
        tokens = Math.min(perSecond, tokens + (now - filledAt) / NANOS_PER_SECOND * perSecond);
        filledAt = now;
        long allowed = Math.min(records, (long) tokens);
        tokens -= allowed;
        return allowed;
    }
}
