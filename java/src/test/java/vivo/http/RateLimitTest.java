package vivo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** rate=: a bucket of one second's records, filled at the rate; times given, no clock. */
class RateLimitTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void aFullSecondsWorthAtOnceThenOnlyWhatTheRateRefills() {
        RateLimit rate = new RateLimit(10, 0);
        assertEquals(4, rate.take(4, 0));
        assertEquals(6, rate.take(100, 0), "the rest of the first second");
        assertEquals(0, rate.take(1, 0));
        assertEquals(5, rate.take(100, SECOND / 2), "half a second refills half");
        assertEquals(0, rate.take(100, SECOND / 2));
    }

    @Test
    void anIdleFollowerSavesNoMoreThanOneSecond() {
        RateLimit rate = new RateLimit(10, 0);
        assertEquals(10, rate.take(10, 0));
        assertEquals(10, rate.take(1000, 60 * SECOND), "a minute idle is still one second's burst");
    }

    @Test
    void fractionsOfARecordAddUp() {
        RateLimit rate = new RateLimit(4, 0);
        assertEquals(4, rate.take(4, 0));
        assertEquals(0, rate.take(1, SECOND / 8), "half a record is not one");
        assertEquals(1, rate.take(1, SECOND / 4), "the second half makes one");
    }
}
