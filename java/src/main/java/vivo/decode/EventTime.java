package vivo.decode;

/**
 * Record timestamps to nanoseconds since the epoch, an unsigned 64-bit number (Java {@code long} read
 * as unsigned). Fluent Bit writes them three ways: EventTime (ext type 0, eight bytes: uint32 seconds
 * and uint32 nanoseconds, big-endian), integer seconds, and float seconds.
 *
 * <p>The nanoseconds half of an EventTime is added as it is, even above 999,999,999: Fluent Bit's OTLP
 * input writes such values, and the C plugin prints them the same way. The seconds half is read as
 * unsigned (the C plugin reads it as int32 and loses every record from 2038 on).
 */
public final class EventTime {

    /** Seconds 0xffffffff (or -1): the record opens a group. */
    public static final long GROUP_START_SECONDS = 0xffffffffL;
    /** Seconds 0xfffffffe (or -2): the record closes a group. */
    public static final long GROUP_END_SECONDS = 0xfffffffeL;

    /** The largest whole seconds whose nanoseconds still fit in an unsigned 64-bit number. */
    static final long MAX_SECONDS = Long.divideUnsigned(-1L, 1_000_000_000L);

    private EventTime() {
    }

    /** The eight data bytes of an EventTime at {@code p}. */
    public static long nanos(byte[] in, int p) {
        return Msgpack.u32(in, p) * 1_000_000_000L + Msgpack.u32(in, p + 4);
    }

    /** Whole seconds to nanoseconds; -1 when they do not fit in 64 unsigned bits. */
    static long secondsToNanos(long seconds) {
        if (Long.compareUnsigned(seconds, MAX_SECONDS) > 0) {
            return -1;
        }
        return seconds * 1_000_000_000L;
    }

    /**
     * Non-negative float seconds to nanoseconds, truncating as Fluent Bit does: seconds = trunc(f),
     * nanoseconds = trunc((f - seconds) * 1e9). -1 when the result does not fit.
     */
    static long floatToNanos(double f) {
        if (!(f >= 0) || f >= 0x1p64) {
            return -1;
        }
        long seconds = f >= 0x1p63 ? -1 : (long) f; // -1 (huge) fails the range check below
        long base = secondsToNanos(seconds);
        if (base == -1) {
            return -1;
        }
        long nanos = (long) ((f - seconds) * 1e9);
        long sum = base + nanos;
        return Long.compareUnsigned(sum, base) < 0 ? -1 : sum;
    }
}
