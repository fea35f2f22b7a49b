package vivo.render.otlp;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import vivo.decode.Limits;
import vivo.decode.Malformed;
import vivo.decode.Msgpack;
import vivo.decode.Values;
import vivo.render.Base64Text;
import vivo.render.JsonNumbers;
import vivo.render.JsonStrings;

/**
 * Writes OTLP JSON (protobuf's JSON mapping with OTLP's exceptions) into one reusable buffer, reading
 * msgpack values where they come from a chunk. The rules, one place for every signal:
 * <ul>
 *   <li>int64, uint64, fixed64 and sfixed64 fields are decimal strings ({@link #int64}, {@link #uint64});
 *       int32, uint32, fixed32 and enums are JSON numbers ({@link #int32}).
 *   <li>doubles are JSON numbers in their shortest exact digits; NaN and ±Infinity the strings
 *       {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"}; -0.0 stays {@code -0.0}.
 *   <li>trace and span ids are lower-case hex ({@link #hexAt}), other bytes standard base64.
 *   <li>strings are escaped as every JSON this plugin writes (ASCII, {@code \}{@code uxxxx} beyond).
 *   <li>a msgpack value becomes an AnyValue ({@link #anyValue}): str {@code stringValue}, bool
 *       {@code boolValue}, an integer in the int64 range {@code intValue}, float {@code doubleValue}, bin
 *       {@code bytesValue}, array {@code arrayValue}, map {@code kvlistValue}, nil the empty AnyValue
 *       {@code {}}. What OTLP has no type for becomes a kvlist that says so: a uint64 above the int64
 *       range {@code fluentbit.type "uint64"} and {@code fluentbit.value} its decimal digits as a string;
 *       an ext {@code fluentbit.type "ext"}, {@code fluentbit.ext_type} its (signed) type and
 *       {@code fluentbit.value} its data as bytes.
 *   <li>map keys that are not strings become strings: an integer its digits, a bin its base64, nil,
 *       true, false and floats their JSON text; an array, map or ext key is {@link Malformed} (skipped).
 * </ul>
 *
 * <p>One per renderer, reused for every chunk; not thread-safe.
 */
public final class OtlpJson {

    private static final int HEADROOM = 16;

    private static final byte[] STRING_VALUE = ascii("{\"stringValue\":");
    private static final byte[] BOOL_TRUE = ascii("{\"boolValue\":true}");
    private static final byte[] BOOL_FALSE = ascii("{\"boolValue\":false}");
    private static final byte[] INT_VALUE = ascii("{\"intValue\":");
    private static final byte[] DOUBLE_VALUE = ascii("{\"doubleValue\":");
    private static final byte[] BYTES_VALUE = ascii("{\"bytesValue\":");
    private static final byte[] ARRAY_VALUE = ascii("{\"arrayValue\":{\"values\":[");
    private static final byte[] KVLIST_VALUE = ascii("{\"kvlistValue\":{\"values\":[");
    private static final byte[] EMPTY_ARRAY_VALUE = ascii("{\"arrayValue\":{}}");
    private static final byte[] EMPTY_KVLIST_VALUE = ascii("{\"kvlistValue\":{}}");
    private static final byte[] EMPTY_VALUE = ascii("{}");
    private static final byte[] CLOSE_LIST = ascii("]}}");
    private static final byte[] KEY = ascii("{\"key\":");
    private static final byte[] VALUE = ascii(",\"value\":");
    private static final byte[] UINT64 = ascii("{\"kvlistValue\":{\"values\":[{\"key\":\"fluentbit.type\",\"value\":"
            + "{\"stringValue\":\"uint64\"}},{\"key\":\"fluentbit.value\",\"value\":{\"stringValue\":\"");
    private static final byte[] UINT64_END = ascii("\"}}]}}");
    private static final byte[] EXT = ascii("{\"kvlistValue\":{\"values\":[{\"key\":\"fluentbit.type\",\"value\":"
            + "{\"stringValue\":\"ext\"}},{\"key\":\"fluentbit.ext_type\",\"value\":{\"intValue\":\"");
    private static final byte[] EXT_DATA = ascii("\"}},{\"key\":\"fluentbit.value\",\"value\":{\"bytesValue\":\"");
    private static final byte[] EXT_END = ascii("\"}}]}}");
    private static final byte[] NULL_TEXT = ascii("\"null\"");
    private static final byte[] TRUE_TEXT = ascii("\"true\"");
    private static final byte[] FALSE_TEXT = ascii("\"false\"");
    private static final byte[] HEX = ascii("0123456789abcdef");

    private byte[] out = new byte[64 * 1024];
    private int o;

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Empties the buffer, keeping its memory up to a bound (one huge chunk must not pin its size). */
    public void reset() {
        o = 0;
        if (out.length > Limits.RETAINED_BUFFER_BYTES) {
            out = new byte[64 * 1024];
        }
    }

    public int position() {
        return o;
    }

    /** A copy of what the buffer holds when {@code rendered}, else null; the buffer is emptied either way. */
    public byte[] take(boolean rendered) {
        try {
            return rendered ? copy(0, o) : null;
        } finally {
            reset();
        }
    }

    /** Writes what the buffer holds to {@code out}. */
    public void writeTo(OutputStream out) throws IOException {
        out.write(this.out, 0, o);
    }

    /** Forgets everything written after {@code mark}. */
    public void rollback(int mark) {
        o = mark;
    }

    public byte[] copy(int from, int to) {
        return Arrays.copyOfRange(out, from, to);
    }

    /** Whether what was written in {@code [from, to)} is exactly {@code text}. */
    public boolean equalsAt(int from, int to, byte[] text) {
        return Arrays.equals(out, from, to, text, 0, text.length);
    }

    public void raw(byte b) {
        ensure(1);
        out[o++] = b;
    }

    public void raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, out, o, bytes.length);
        o += bytes.length;
    }

    /** A comma unless {@code first}: the separator of list and object members. */
    public void comma(boolean first) {
        if (!first) {
            raw((byte) ',');
        }
    }

    /** {@code text} as a JSON string. */
    public void string(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        ensure(utf8.length * JsonStrings.MAX_EXPANSION + HEADROOM);
        o = JsonStrings.write(utf8, 0, utf8.length, out, o);
    }

    /** The UTF-8 text {@code utf8[from, from + length)} as a JSON string. */
    public void string(byte[] utf8, int from, int length) {
        ensure(length * JsonStrings.MAX_EXPANSION + HEADROOM);
        o = JsonStrings.write(utf8, from, from + length, out, o);
    }

    /** The str (or bin, as its bytes' text) at {@code p} as a JSON string; returns the position after it. */
    public int stringAt(byte[] in, int p, int end) {
        int[] span = Values.bytesSpan(in, p, end, false);
        ensure(span[1] * JsonStrings.MAX_EXPANSION + HEADROOM);
        o = JsonStrings.write(in, span[0], span[0] + span[1], out, o);
        return span[0] + span[1];
    }

    /** An int64 field: its decimal digits in quotes. */
    public void int64(long v) {
        ensure(JsonNumbers.MAX_LENGTH + 2);
        out[o++] = '"';
        o = JsonNumbers.writeLong(out, o, v);
        out[o++] = '"';
    }

    /** A uint64 or fixed64 field ({@code v}'s bits read unsigned): its decimal digits in quotes. */
    public void uint64(long v) {
        ensure(JsonNumbers.MAX_LENGTH + 2);
        out[o++] = '"';
        o = JsonNumbers.writeUnsigned(out, o, v);
        out[o++] = '"';
    }

    /** An int32, uint32, fixed32 or enum field: a JSON number. */
    public void int32(long v) {
        ensure(JsonNumbers.MAX_LENGTH);
        o = JsonNumbers.writeLong(out, o, v);
    }

    /** A double field: shortest exact digits, or {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}. */
    public void dbl(double v) {
        ensure(JsonNumbers.MAX_LENGTH);
        o = JsonNumbers.writeDouble(out, o, v, true);
    }

    /** The bytes of the bin (or str) at {@code p} as a lower-case hex JSON string; returns the position after. */
    public int hexAt(byte[] in, int p, int end) {
        int[] span = Values.bytesSpan(in, p, end, false);
        ensure(span[1] * 2 + 2);
        out[o++] = '"';
        for (int i = span[0]; i < span[0] + span[1]; i++) {
            out[o++] = HEX[(in[i] >> 4) & 0xf];
            out[o++] = HEX[in[i] & 0xf];
        }
        out[o++] = '"';
        return span[0] + span[1];
    }

    /**
     * A trace or span id as a lower-case hex JSON string: a bin's bytes, or a str that already holds them as
     * hex digits (as ctraces stores ids; upper-case digits are lowered). Returns the position after it; a str
     * of an odd number of digits, or with a character that is no hex digit, is {@link Malformed}.
     */
    public int idAt(byte[] in, int p, int end) {
        if (p < end && !Msgpack.isStr(in[p] & 0xff)) {
            return hexAt(in, p, end);
        }
        int[] span = Values.bytesSpan(in, p, end, true);
        int from = span[0];
        int to = from + span[1];
        if ((span[1] & 1) != 0) {
            throw Malformed.unexpected("an id in hex digits", "an odd number of characters", p);
        }
        ensure(span[1] + 2);
        int mark = o;
        out[o++] = '"';
        for (int i = from; i < to; i++) {
            int c = in[i];
            if (c >= 'A' && c <= 'F') {
                c += 'a' - 'A';
            } else if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                o = mark;
                throw Malformed.unexpected("an id in hex digits", "a string with other characters", p);
            }
            out[o++] = (byte) c;
        }
        out[o++] = '"';
        return to;
    }

    /** The bytes of the bin (or str) at {@code p} as a base64 JSON string; returns the position after. */
    public int base64At(byte[] in, int p, int end) {
        int[] span = Values.bytesSpan(in, p, end, false);
        base64(in, span[0], span[1]);
        return span[0] + span[1];
    }

    private void base64(byte[] in, int from, int len) {
        ensure(Base64Text.length(len) + 2);
        out[o++] = '"';
        o = Base64Text.write(in, from, len, out, o);
        out[o++] = '"';
    }

    /**
     * The msgpack map at {@code p} as OTLP KeyValues without the brackets: {@code {"key":..,"value":..},...};
     * returns the position after the map.
     */
    public int keyValues(byte[] in, int p, int end, int depth) {
        long header = Values.mapHeader(in, p, end);
        int count = (int) (header >>> 8);
        p += (int) (header & 0xff);
        for (int i = 0; i < count; i++) {
            comma(i == 0);
            p = keyValue(in, p, end, depth);
        }
        return p;
    }

    /**
     * The map entry (key, then value) at {@code p} as one OTLP KeyValue {@code {"key":..,"value":..}}, for a
     * map at {@code depth}; returns the position after the entry's value.
     */
    public int keyValue(byte[] in, int p, int end, int depth) {
        raw(KEY);
        p = key(in, p, end);
        raw(VALUE);
        p = anyValue(in, p, end, depth + 1);
        raw((byte) '}');
        return p;
    }

    /** As {@link #keyValues}, in brackets: the {@code attributes} of a resource, scope, record or span. */
    public int attributes(byte[] in, int p, int end) {
        raw((byte) '[');
        p = keyValues(in, p, end, 1);
        raw((byte) ']');
        return p;
    }

    /** The msgpack value at {@code p} as an OTLP AnyValue object; returns the position after it. */
    public int anyValue(byte[] in, int p, int end, int depth) {
        if (p >= end) {
            throw Malformed.truncated("value", p);
        }
        int b = in[p] & 0xff;
        if (depth > Limits.MAX_DEPTH && (Msgpack.isMap(b) || Msgpack.isArray(b))) {
            throw Malformed.tooDeep(p); // as the classic renderers: levels of maps and arrays, not their scalars
        }
        if (Msgpack.isStr(b)) {
            raw(STRING_VALUE);
            p = stringAt(in, p, end);
            raw((byte) '}');
            return p;
        }
        if (Msgpack.isMap(b)) {
            long header = Msgpack.containerHeader(in, p, end);
            if (header >>> 8 == 0) {
                raw(EMPTY_KVLIST_VALUE);
                return p + (int) (header & 0xff);
            }
            raw(KVLIST_VALUE);
            p = keyValues(in, p, end, depth);
            raw(CLOSE_LIST);
            return p;
        }
        if (Msgpack.isArray(b)) {
            long header = Msgpack.containerHeader(in, p, end);
            int count = (int) (header >>> 8);
            p += (int) (header & 0xff);
            if (count == 0) {
                raw(EMPTY_ARRAY_VALUE);
                return p;
            }
            raw(ARRAY_VALUE);
            for (int i = 0; i < count; i++) {
                comma(i == 0);
                p = anyValue(in, p, end, depth + 1);
            }
            raw(CLOSE_LIST);
            return p;
        }
        switch (b) {
            case 0xc0:
                raw(EMPTY_VALUE);
                return p + 1;
            case 0xc2:
                raw(BOOL_FALSE);
                return p + 1;
            case 0xc3:
                raw(BOOL_TRUE);
                return p + 1;
            case 0xc4:
            case 0xc5:
            case 0xc6:
                raw(BYTES_VALUE);
                p = base64At(in, p, end);
                raw((byte) '}');
                return p;
            case 0xca:
            case 0xcb:
                raw(DOUBLE_VALUE);
                dbl(Values.number(in, p, end));
                raw((byte) '}');
                return p + (b == 0xca ? 5 : 9);
            case 0xc7:
            case 0xc8:
            case 0xc9:
            case 0xd4:
            case 0xd5:
            case 0xd6:
            case 0xd7:
            case 0xd8:
                return ext(in, p, end);
            case 0xc1:
                throw Malformed.invalidByte(b, p);
            default:
                return integer(in, p, end);
        }
    }

    private int integer(byte[] in, int p, int end) {
        long v = Values.integer(in, p, end);
        int next = Msgpack.skip(in, p, end);
        if (Values.isBigUnsigned(in, p, end)) {
            raw(UINT64);
            ensure(JsonNumbers.MAX_LENGTH);
            o = JsonNumbers.writeUnsigned(out, o, v);
            raw(UINT64_END);
        } else {
            raw(INT_VALUE);
            int64(v);
            raw((byte) '}');
        }
        return next;
    }

    private int ext(byte[] in, int at, int end) {
        long header = Msgpack.lengthHeader(in, at, end);
        int p = at + (int) (header & 0xff);
        long length = header >>> 8;
        if (length > end - p) {
            throw Malformed.truncated("ext", at);
        }
        raw(EXT);
        ensure(JsonNumbers.MAX_LENGTH);
        o = JsonNumbers.writeLong(out, o, in[p - 1]);
        raw(EXT_DATA);
        ensure(Base64Text.length((int) length));
        o = Base64Text.write(in, p, (int) length, out, o);
        raw(EXT_END);
        return p + (int) length;
    }

    /** A map key as a JSON string, as the class comment says; returns the position after it. */
    private int key(byte[] in, int p, int end) {
        if (p >= end) {
            throw Malformed.truncated("map key", p);
        }
        int b = in[p] & 0xff;
        if (Msgpack.isStr(b) || b == 0xc4 || b == 0xc5 || b == 0xc6) {
            if (Msgpack.isStr(b)) {
                return stringAt(in, p, end);
            }
            return base64At(in, p, end);
        }
        switch (b) {
            case 0xc0:
                raw(NULL_TEXT);
                return p + 1;
            case 0xc2:
                raw(FALSE_TEXT);
                return p + 1;
            case 0xc3:
                raw(TRUE_TEXT);
                return p + 1;
            case 0xca:
            case 0xcb:
                ensure(JsonNumbers.MAX_LENGTH + 2);
                out[o++] = '"';
                o = JsonNumbers.writeDouble(out, o, Values.number(in, p, end), false);
                out[o++] = '"';
                return p + (b == 0xca ? 5 : 9);
            default:
                if (b <= 0x7f || b >= 0xe0 || (b >= 0xcc && b <= 0xd3)) {
                    long v = Values.integer(in, p, end);
                    if (Values.isBigUnsigned(in, p, end)) {
                        uint64(v);
                    } else {
                        int64(v);
                    }
                    return Msgpack.skip(in, p, end);
                }
                throw Malformed.unexpected("a string map key", Msgpack.typeName(b), p);
        }
    }

    private void ensure(int n) {
        if (out.length - o < n + HEADROOM) {
            long want = Math.max((long) out.length * 2, (long) o + n + HEADROOM);
            if (want > Integer.MAX_VALUE - 16) {
                throw new OutOfMemoryError("OTLP JSON rendering of one chunk above 2 GiB");
            }
            out = Arrays.copyOf(out, (int) want);
        }
    }
}
