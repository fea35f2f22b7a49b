package vivo.render;

import java.util.Arrays;
import vivo.decode.EventTime;
import vivo.decode.Limits;
import vivo.decode.Malformed;
import vivo.decode.Msgpack;

/**
 * Transcodes msgpack values straight into JSON bytes, without building any object per value: the input
 * position is passed along and returned, the output goes to one reusable buffer. The JSON rules are those
 * listed in {@code package-info.java}.
 *
 * <p>One per renderer, reused for every chunk; not thread-safe. Recursion is one level per map or array
 * and stops at {@link Limits#MAX_DEPTH}.
 */
final class JsonWriter {

    static final int INITIAL_CAPACITY = 64 * 1024;

    /**
     * Every write of a value leaves at least this many bytes free, so the single separators between
     * values ({@code ,} and {@code :}) need no bounds check of their own; containers check at open and
     * close, where braces can pile up.
     */
    private static final int HEADROOM = 8;

    private static final byte[] NULL = bytes("null");
    private static final byte[] TRUE = bytes("true");
    private static final byte[] FALSE = bytes("false");
    private static final byte[] EXT_TYPE = bytes("{\"ext_type\":");
    private static final byte[] EXT_DATA = bytes(",\"data\":\"");
    private static final byte[] TAG_KEY = bytes("\"_tag\"");

    private final MapKeys keys = new MapKeys();
    /** Whether {@link #written} and {@link #chunk} lend their arrays instead of copying them. */
    private final boolean lend;
    private byte[] out = new byte[INITIAL_CAPACITY];
    private int o;
    private byte[] in;
    private int end;
    private boolean tagKey;
    private boolean nonFiniteText;

    /** A writer whose {@link #written} and {@link #chunk} copy. */
    JsonWriter() {
        this(false);
    }

    /** @param lend whether {@link #written} and {@link #chunk} lend their arrays ({@link Bytes#lent}) instead of copying them */
    JsonWriter(boolean lend) {
        this.lend = lend;
    }

    static byte[] bytes(String ascii) {
        return ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Starts a chunk: input {@code in[0, end)}, output empty. */
    void begin(byte[] in, int end) {
        this.in = in;
        this.end = end;
        this.o = 0;
        this.nonFiniteText = false;
        keys.clear();
    }

    /**
     * From now until the next {@link #begin}, NaN and the infinities are written as the strings
     * {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"}, not {@code null}: metrics and traces
     * contexts, as Fluent Bit's reworked exporter writes them.
     */
    void nonFiniteAsText() {
        nonFiniteText = true;
    }

    /** Lets go of the input, and of an output buffer that one huge chunk grew too big to keep. */
    void finish() {
        in = null;
        if (out.length > Limits.RETAINED_BUFFER_BYTES) {
            out = new byte[INITIAL_CAPACITY];
        }
    }

    /** The output offset: what has been written so far is {@code out[0, position())}. */
    int position() {
        return o;
    }

    /** Drops the output written after {@code mark}, a former {@link #position()}. */
    void rollback(int mark) {
        o = mark;
    }

    byte[] copy(int from, int to) {
        return Arrays.copyOfRange(out, from, to);
    }

    /** What was written in {@code [0, to)}: lent (this buffer, until the next chunk), or a copy. */
    Bytes written(int to) {
        return lend ? Bytes.lent(out, to) : Bytes.of(copy(0, to));
    }

    /** The chunk being rendered, {@code in[0, end)} of {@link #begin}: lent (the caller's array), or a copy. */
    Bytes chunk() {
        return lend ? Bytes.lent(in, end) : Bytes.of(Arrays.copyOf(in, end));
    }

    byte at(int offset) {
        return out[offset];
    }

    boolean equalsAt(int from, int to, byte[] expected) {
        return Arrays.equals(out, from, to, expected, 0, expected.length);
    }

    void raw(byte b) {
        ensure(1 + HEADROOM);
        out[o++] = b;
    }

    void raw(byte[] bytes) {
        ensure(bytes.length + HEADROOM);
        System.arraycopy(bytes, 0, out, o, bytes.length);
        o += bytes.length;
    }

    /** {@code [[<nanos>,} : the start of a log record, up to its metadata. */
    void recordStart(long nanos) {
        ensure(JsonNumbers.MAX_LENGTH + 3 + HEADROOM);
        out[o] = '[';
        out[o + 1] = '[';
        o = JsonNumbers.writeUnsigned(out, o + 2, nanos);
        out[o++] = ',';
    }

    private void unsigned(long v) {
        ensure(JsonNumbers.MAX_LENGTH + HEADROOM);
        o = JsonNumbers.writeUnsigned(out, o, v);
    }

    /** A JSON string of the UTF-8 bytes {@code text[0, length)} (for the tag, which is not from the chunk). */
    void string(byte[] text) {
        ensure(text.length * JsonStrings.MAX_EXPANSION + 16 + HEADROOM);
        o = JsonStrings.write(text, 0, text.length, out, o);
    }

    /**
     * The map at {@code p} as the metadata of a record (level 1), noting whether one of its keys is
     * {@code _tag}: see {@link #metadataHasTag()}.
     */
    int metadata(int p) {
        return map(p, 1, true);
    }

    /** Whether the map last written by {@link #metadata} has a top-level key {@code _tag}. */
    boolean metadataHasTag() {
        return tagKey;
    }

    /**
     * Writes the value at {@code p} as JSON.
     *
     * @param depth the level this value has if it is a map or an array
     * @return the position after the value
     */
    int value(int p, int depth) {
        if (p >= end) {
            throw Malformed.truncated("value", p);
        }
        int b = in[p] & 0xff;
        if (Msgpack.isStr(b)) { // strings first: most values are strings
            return string(p);
        }
        if (b <= 0x7f) {
            ensure(JsonNumbers.MAX_LENGTH + HEADROOM);
            o = JsonNumbers.writeLong(out, o, b);
            return p + 1;
        }
        if (b >= 0xe0) {
            ensure(JsonNumbers.MAX_LENGTH + HEADROOM);
            o = JsonNumbers.writeLong(out, o, (byte) b);
            return p + 1;
        }
        if (b <= 0x8f || b == 0xde || b == 0xdf) {
            return map(p, depth, false);
        }
        if (b <= 0x9f || b == 0xdc || b == 0xdd) {
            return array(p, depth);
        }
        return scalar(p, b);
    }

    private int map(int p, int depth, boolean checkTag) {
        if (depth > Limits.MAX_DEPTH) {
            throw Malformed.tooDeep(p);
        }
        long header = Msgpack.containerHeader(in, p, end);
        int count = (int) (header >>> 8);
        p += (int) (header & 0xff);
        ensure(1 + HEADROOM);
        out[o++] = '{';
        if (count == 1) {
            // One key cannot repeat: no bookkeeping (most log bodies are {"log": ...}).
            int from = o;
            p = key(p, depth + 1);
            if (checkTag) {
                tagKey = equalsAt(from, o, TAG_KEY);
            }
            out[o++] = ':';
            p = value(p, depth + 1);
        } else {
            int open = o;
            int base = keys.open(depth);
            boolean replaced = false;
            for (int i = 0; i < count; i++) {
                if (i > 0) {
                    out[o++] = ',';
                }
                int from = o;
                p = key(p, depth + 1);
                replaced |= keys.add(out, from, o, base, depth);
                out[o++] = ':';
                p = value(p, depth + 1);
            }
            if (checkTag) {
                tagKey = keys.contains(out, base, TAG_KEY);
            }
            if (replaced) {
                o = keys.compact(out, base, open, o);
            }
            keys.pop(base, depth);
        }
        ensure(1 + HEADROOM);
        out[o++] = '}';
        return p;
    }

    private int array(int p, int depth) {
        if (depth > Limits.MAX_DEPTH) {
            throw Malformed.tooDeep(p);
        }
        long header = Msgpack.containerHeader(in, p, end);
        int count = (int) (header >>> 8);
        p += (int) (header & 0xff);
        ensure(1 + HEADROOM);
        out[o++] = '[';
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out[o++] = ',';
            }
            p = value(p, depth + 1);
        }
        ensure(1 + HEADROOM);
        out[o++] = ']';
        return p;
    }

    /**
     * A map key. String and bin keys are JSON strings already; any other key becomes a string holding
     * its JSON text ({@code 1} becomes {@code "1"}, {@code [1,"a"]} becomes {@code "[1,\"a\"]"}), at most
     * {@link Limits#KEY_JSON_PER_BYTE} bytes of it per byte of the key.
     */
    int key(int p, int depth) {
        if (p >= end) {
            throw Malformed.truncated("value", p);
        }
        int b = in[p] & 0xff;
        if (Msgpack.isStr(b)) { // most keys: straight to the string, not through value's dispatch
            return string(p);
        }
        if (b == 0xc4 || b == 0xc5 || b == 0xc6) {
            return bin(p);
        }
        int from = o;
        int start = p;
        p = value(p, depth);
        quote(from);
        if (o - from > (long) Limits.KEY_JSON_PER_BYTE * (p - start) + Limits.KEY_JSON_SLACK) {
            throw Malformed.keyTooLong(p - start, o - from, start);
        }
        return p;
    }

    /** Turns the JSON text at {@code out[from, o)} (ASCII, as all our JSON) into a JSON string, in place. */
    private void quote(int from) {
        int extra = 0;
        for (int i = from; i < o; i++) {
            if (out[i] == '"' || out[i] == '\\') {
                extra++;
            }
        }
        ensure(extra + 2 + HEADROOM);
        int w = o + extra;
        out[w + 1] = '"';
        for (int r = o - 1; r >= from; r--) {
            byte c = out[r];
            out[w--] = c;
            if (c == '"' || c == '\\') {
                out[w--] = '\\';
            }
        }
        out[from] = '"';
        o += extra + 2;
    }

    /** The str at {@code at}. */
    private int string(int at) {
        long header = Msgpack.lengthHeader(in, at, end);
        int p = at + (int) (header & 0xff);
        long length = header >>> 8;
        if (length > end - p) {
            throw Malformed.truncated("string", at);
        }
        int len = (int) length;
        ensure((int) Math.min(Integer.MAX_VALUE - HEADROOM, (long) len * JsonStrings.MAX_EXPANSION + 16) + HEADROOM);
        o = JsonStrings.write(in, p, p + len, out, o);
        return p + len;
    }

    /** Everything from 0xc0 to 0xdf except maps, arrays and strings. */
    private int scalar(int p, int b) {
        switch (b) {
            case 0xc0:
                raw(NULL);
                return p + 1;
            case 0xc2:
                raw(FALSE);
                return p + 1;
            case 0xc3:
                raw(TRUE);
                return p + 1;
            case 0xc4:
            case 0xc5:
            case 0xc6:
                return bin(p);
            case 0xc7:
            case 0xc8:
            case 0xc9:
            case 0xd4:
            case 0xd5:
            case 0xd6:
            case 0xd7:
            case 0xd8:
                return ext(p);
            case 0xca:
                need(p, 5, b);
                ensure(JsonNumbers.MAX_LENGTH + HEADROOM);
                o = JsonNumbers.writeFloat(out, o, Float.intBitsToFloat((int) Msgpack.u32(in, p + 1)), nonFiniteText);
                return p + 5;
            case 0xcb:
                need(p, 9, b);
                ensure(JsonNumbers.MAX_LENGTH + HEADROOM);
                o = JsonNumbers.writeDouble(out, o, Double.longBitsToDouble(Msgpack.i64(in, p + 1)), nonFiniteText);
                return p + 9;
            case 0xcc:
                need(p, 2, b);
                return integer(Msgpack.u8(in, p + 1), p + 2);
            case 0xcd:
                need(p, 3, b);
                return integer(Msgpack.u16(in, p + 1), p + 3);
            case 0xce:
                need(p, 5, b);
                return integer(Msgpack.u32(in, p + 1), p + 5);
            case 0xcf:
                need(p, 9, b);
                ensure(JsonNumbers.MAX_LENGTH + HEADROOM);
                o = JsonNumbers.writeUnsigned(out, o, Msgpack.i64(in, p + 1));
                return p + 9;
            case 0xd0:
                need(p, 2, b);
                return integer(in[p + 1], p + 2);
            case 0xd1:
                need(p, 3, b);
                return integer((short) Msgpack.u16(in, p + 1), p + 3);
            case 0xd2:
                need(p, 5, b);
                return integer((int) Msgpack.u32(in, p + 1), p + 5);
            case 0xd3:
                need(p, 9, b);
                return integer(Msgpack.i64(in, p + 1), p + 9);
            default: // 0xc1
                throw Malformed.invalidByte(b, p);
        }
    }

    private int integer(long v, int next) {
        ensure(JsonNumbers.MAX_LENGTH + HEADROOM);
        o = JsonNumbers.writeLong(out, o, v);
        return next;
    }

    /** The bin at {@code at}: a JSON string of its standard base64 (with padding). */
    private int bin(int at) {
        long header = Msgpack.lengthHeader(in, at, end);
        int p = at + (int) (header & 0xff);
        long length = header >>> 8;
        if (length > end - p) {
            throw Malformed.truncated("bin", at);
        }
        int len = (int) length;
        ensure(Base64Text.length(len) + 2 + HEADROOM);
        out[o++] = '"';
        o = Base64Text.write(in, p, len, out, o);
        out[o++] = '"';
        return p + len;
    }

    /**
     * The ext at {@code at}: type 0 of 8 bytes (an EventTime) is integer nanoseconds; any other is
     * {@code {"ext_type":t,"data":"base64"}}.
     */
    private int ext(int at) {
        long header = Msgpack.lengthHeader(in, at, end);
        int p = at + (int) (header & 0xff);
        long length = header >>> 8;
        int type = in[p - 1];
        if (length > end - p) {
            throw Malformed.truncated("ext", at);
        }
        int len = (int) length;
        if (type == 0 && len == 8) {
            unsigned(EventTime.nanos(in, p));
            return p + 8;
        }
        raw(EXT_TYPE);
        ensure(Base64Text.length(len) + 16 + HEADROOM);
        o = JsonNumbers.writeLong(out, o, type);
        raw(EXT_DATA);
        o = Base64Text.write(in, p, len, out, o);
        out[o++] = '"';
        out[o++] = '}';
        return p + len;
    }

    private void need(int p, int n, int b) {
        if (n > end - p) {
            throw Malformed.truncated(Msgpack.noun(b), p);
        }
    }

    private void ensure(int n) {
        if (n > out.length - o) {
            grow(n);
        }
    }

    private void grow(int n) {
        long wanted = Math.max((long) out.length * 2, (long) o + n);
        if (wanted > Integer.MAX_VALUE - 16) {
            throw new OutOfMemoryError("rendered JSON of one chunk over 2 GB");
        }
        out = Arrays.copyOf(out, (int) wanted);
    }
}
