package vivo.decode;

/**
 * Walks the records of a logs chunk: concatenated msgpack arrays, each either
 * {@code [[timestamp, metadata], body]} (Fluent Bit 2.1 and later) or the legacy {@code [timestamp, body]}.
 * It reads the envelope of one record (array headers, timestamp, what kind of record it is) and leaves the
 * position at the metadata map (or, for a legacy record, at the body), for the renderer to continue.
 *
 * <p>Group markers are records whose timestamp seconds are 0xffffffff (start) or 0xfffffffe (end), or -1
 * and -2 as integers; they carry the group's metadata and attributes, not a log line.
 *
 * <p>Not thread-safe; one per renderer, reused for every chunk.
 */
public final class LogReader {

    /** A log record: {@link #nanos()} holds its timestamp. */
    public static final int RECORD = 0;
    /** A group start marker. */
    public static final int GROUP_START = 1;
    /** A group end marker. */
    public static final int GROUP_END = 2;
    /** Well-formed msgpack that is not a record; {@link #invalidReason()} says why. */
    public static final int INVALID = 3;

    private byte[] in;
    private int end;
    private int pos;
    private long nanos;
    private boolean legacy;
    private String invalidReason;
    private int invalidAt;
    private boolean groupStartMarker;

    /** Starts on a new chunk of {@code length} bytes. */
    public void reset(byte[] chunk, int length) {
        this.in = chunk;
        this.end = length;
        this.pos = 0;
    }

    public int pos() {
        return pos;
    }

    public void pos(int p) {
        this.pos = p;
    }

    public boolean atEnd() {
        return pos >= end;
    }

    /** The first byte of the value at the current position (the caller checked there is one). */
    public int peek() {
        return in[pos] & 0xff;
    }

    /** The timestamp of the last {@link #RECORD}, in nanoseconds, unsigned. */
    public long nanos() {
        return nanos;
    }

    /** True when the last record was {@code [timestamp, body]}: no metadata map follows the timestamp. */
    public boolean legacy() {
        return legacy;
    }

    /** Why the last {@link #INVALID} record is not a record: {@code the body is a string, not a map}. */
    public String invalidReason() {
        return invalidReason;
    }

    /** Whether the last record's timestamp marked a group start (even if the record is {@link #INVALID}). */
    public boolean groupStartMarker() {
        return groupStartMarker;
    }

    /** Where the last {@link #INVALID} record starts. */
    public int invalidAt() {
        return invalidAt;
    }

    /**
     * Reads the envelope of the record at the current position. After {@link #RECORD} or a group marker
     * the position is at the metadata map, or at the body when {@link #legacy()}; after {@link #INVALID}
     * it is somewhere inside the record, which the caller steps over from its start.
     *
     * @throws Malformed when the chunk ends inside the envelope
     */
    public int head() {
        int start = pos;
        groupStartMarker = false;
        int b = peek();
        if (!Msgpack.isArray(b)) {
            return invalid("the record is " + Msgpack.typeName(b) + ", not an array", start);
        }
        long count = arrayHeader();
        if (count != 2) {
            return invalid("the record is an array of " + count + ", not 2", start);
        }
        need("record");
        b = peek();
        legacy = !Msgpack.isArray(b);
        if (!legacy) {
            count = arrayHeader();
            if (count != 2) {
                return invalid("the record header is an array of " + count + ", not [timestamp, metadata]", start);
            }
            need("record");
        }
        int kind = timestamp(start);
        groupStartMarker = kind == GROUP_START;
        if (kind == INVALID || legacy) {
            return kind;
        }
        need("record");
        b = peek();
        if (!Msgpack.isMap(b)) {
            return invalid("the metadata is " + Msgpack.typeName(b) + ", not a map", start);
        }
        return kind;
    }

    /**
     * Makes the record at {@code start} {@link #INVALID} because the value at the current position, its
     * {@code part} ("body", "group attributes"), is not a map.
     */
    public int notAMap(String part, int start) {
        return invalid("the " + part + " is " + Msgpack.typeName(peek()) + ", not a map", start);
    }

    private int timestamp(int start) {
        int p = pos;
        int b = in[p] & 0xff;
        long seconds;
        switch (b) {
            case 0xd4:
            case 0xd5:
            case 0xd6:
            case 0xd7:
            case 0xd8:
            case 0xc7:
            case 0xc8:
            case 0xc9:
                return extTimestamp(p, b, start);
            case 0xca:
                Msgpack.need(in, p, 5, end, b);
                pos = p + 5;
                return floatSeconds(Float.intBitsToFloat((int) Msgpack.u32(in, p + 1)), start);
            case 0xcb:
                Msgpack.need(in, p, 9, end, b);
                pos = p + 9;
                return floatSeconds(Double.longBitsToDouble(Msgpack.i64(in, p + 1)), start);
            case 0xcc:
            case 0xcd:
            case 0xce:
            case 0xcf:
            case 0xd0:
            case 0xd1:
            case 0xd2:
            case 0xd3:
                seconds = integer(b, p);
                break;
            default:
                if (b <= 0x7f || b >= 0xe0) {
                    seconds = (byte) b;
                    pos = p + 1;
                    break;
                }
                return invalid("the timestamp is " + Msgpack.typeName(b) + ", not an EventTime, integer or float", start);
        }
        boolean unsigned = b >= 0xcc && b <= 0xcf;
        if (!unsigned && seconds < 0) {
            return negative(seconds, start);
        }
        nanos = EventTime.secondsToNanos(seconds);
        return nanos == -1 ? invalid("the timestamp " + Long.toUnsignedString(seconds) + " s is out of range", start) : RECORD;
    }

    /** Any ext: an EventTime if its type is 0 and it has 8 bytes, whatever header it was written with. */
    private int extTimestamp(int p, int b, int start) {
        long lengthHeader = Msgpack.lengthHeader(in, p, end);
        int header = (int) (lengthHeader & 0xff);
        long length = lengthHeader >>> 8;
        Msgpack.need(in, p, header + length, end, b);
        int type = in[p + header - 1];
        pos = p + header + (int) length;
        if (type != 0 || length != 8) {
            return invalid("the timestamp is an ext of type " + type + " and " + length + " bytes, not an EventTime", start);
        }
        return eventTime(p + header);
    }

    private long integer(int b, int p) {
        int size = 1 << ((b - 0xcc) & 3);
        Msgpack.need(in, p, 1 + size, end, b);
        pos = p + 1 + size;
        switch (b) {
            case 0xcc:
                return in[p + 1] & 0xff;
            case 0xcd:
                return Msgpack.u16(in, p + 1);
            case 0xce:
                return Msgpack.u32(in, p + 1);
            case 0xcf:
            case 0xd3:
                return Msgpack.i64(in, p + 1);
            case 0xd0:
                return in[p + 1];
            case 0xd1:
                return (short) Msgpack.u16(in, p + 1);
            default:
                return (int) Msgpack.u32(in, p + 1);
        }
    }

    private int eventTime(int data) {
        long seconds = Msgpack.u32(in, data);
        if (seconds == EventTime.GROUP_START_SECONDS) {
            return GROUP_START;
        }
        if (seconds == EventTime.GROUP_END_SECONDS) {
            return GROUP_END;
        }
        nanos = EventTime.nanos(in, data);
        return RECORD;
    }

    private int floatSeconds(double f, int start) {
        if (f < 0) {
            long seconds = (long) f;
            return seconds == -1 || seconds == -2 ? negative(seconds, start)
                    : invalid("the timestamp " + f + " s is negative", start);
        }
        nanos = EventTime.floatToNanos(f);
        return nanos == -1 ? invalid("the timestamp " + f + " s is out of range", start) : RECORD;
    }

    /** Negative seconds: -1 and -2 are group markers, others are not timestamps. */
    private int negative(long seconds, int start) {
        if (seconds == -1) {
            return GROUP_START;
        }
        if (seconds == -2) {
            return GROUP_END;
        }
        return invalid("the timestamp " + seconds + " s is negative", start);
    }

    private long arrayHeader() {
        long header = Msgpack.containerHeader(in, pos, end);
        pos += (int) (header & 0xff);
        return header >>> 8;
    }

    private void need(String what) {
        if (pos >= end) {
            throw Malformed.truncated(what, pos);
        }
    }

    private int invalid(String reason, int start) {
        invalidReason = reason;
        invalidAt = start;
        return INVALID;
    }
}
