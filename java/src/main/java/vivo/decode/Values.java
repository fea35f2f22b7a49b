package vivo.decode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads single msgpack values and looks up map entries by key, for the decoders of structured contexts
 * (cmetrics, ctraces, log group markers) that need a field's value rather than its JSON. Every read
 * checks the type and the chunk's end: a value of another type than asked, or cut short, is
 * {@link Malformed}, so a decoder skips the context instead of reading garbage.
 */
public final class Values {

    private Values() {
    }

    /**
     * The position of the value of {@code key} (a str key, compared byte for byte) in the map at
     * {@code map}, the last one if the key is repeated; -1 if absent.
     */
    public static int find(byte[] in, int map, int end, byte[] key) {
        return find(in, map, end, key, key.length);
    }

    /** As {@link #find(byte[], int, int, byte[])}, the key being the first {@code keyLength} bytes of {@code key}. */
    public static int find(byte[] in, int map, int end, byte[] key, int keyLength) {
        long header = mapHeader(in, map, end);
        int count = (int) (header >>> 8);
        int p = map + (int) (header & 0xff);
        int found = -1;
        for (int i = 0; i < count; i++) {
            boolean match = keyIs(in, p, end, key, keyLength);
            p = Msgpack.skip(in, p, end);
            if (match) {
                found = p;
            }
            p = Msgpack.skip(in, p, end);
        }
        return found;
    }

    /**
     * Looks up several keys of the map at {@code map} in one pass: {@code at[i]} becomes the position of the
     * value of {@code keys[i]} (str keys compared byte for byte; the last one if repeated), or -1 if absent.
     * Other keys are stepped over.
     *
     * @return the position after the map
     */
    public static int fields(byte[] in, int map, int end, byte[][] keys, int[] at) {
        return walk(in, map, end, keys, at, null, false);
    }

    /**
     * As {@link #fields}, except that the value of the map's last entry is not stepped over, for a caller
     * that reads that value through anyway (a cmetrics metric keeps its data points there) and so finds
     * the map's end without walking the value twice. That value is not checked here: the caller's reading
     * checks it, or the caller steps over it ({@link Msgpack#skip}) to find the end.
     *
     * @return where the value of the map's last entry starts; for an empty map, the position after it
     */
    public static int fieldsToLast(byte[] in, int map, int end, byte[][] keys, int[] at) {
        return walk(in, map, end, keys, at, null, true);
    }

    /**
     * The fields of a map, and of maps inside it, found in one pass ({@link #fields(byte[], int, int, Fields)}):
     * {@link #at} as for {@link Values#fields(byte[], int, int, byte[][], int[])}; and when the value of
     * key {@code inner} is a map, its own {@code innerFields}, read where the pass would otherwise step
     * over it. {@link #innerAt} says which map those describe: the position of the last such value read,
     * or -1. A caller uses them only if that is the value it uses ({@code innerAt == at[inner]}), and
     * otherwise reads that value itself.
     */
    public static final class Fields {
        private final byte[][] keys;
        public final int[] at;
        private final int inner;
        private final Fields innerFields;
        public int innerAt = -1;

        public Fields(byte[][] keys) {
            this(keys, -1, null);
        }

        public Fields(byte[][] keys, int inner, Fields innerFields) {
            this.keys = keys;
            this.at = new int[keys.length];
            this.inner = inner;
            this.innerFields = innerFields;
        }
    }

    /** As {@link #fields(byte[], int, int, byte[][], int[])}, into {@code f} and its inner fields. */
    public static int fields(byte[] in, int map, int end, Fields f) {
        return walk(in, map, end, f.keys, f.at, f, false);
    }

    /** As {@link #fieldsToLast(byte[], int, int, byte[][], int[])}, into {@code f} and its inner fields. */
    public static int fieldsToLast(byte[] in, int map, int end, Fields f) {
        return walk(in, map, end, f.keys, f.at, f, true);
    }

    /**
     * The one pass behind the lookups above; {@code nested} (or null) says which value to read as a map of
     * its own, and {@code toLast} to stop at the last entry's value. Reading a map's fields steps over it
     * exactly as {@link Msgpack#skip} does (the same checks, the same end), so nesting changes no outcome.
     */
    private static int walk(byte[] in, int map, int end, byte[][] keys, int[] at, Fields nested, boolean toLast) {
        long header = mapHeader(in, map, end);
        int count = (int) (header >>> 8);
        int p = map + (int) (header & 0xff);
        Arrays.fill(at, 0, keys.length, -1);
        if (nested != null) {
            nested.innerAt = -1;
        }
        for (int i = 0; i < count; i++) {
            int key = which(in, p, end, keys);
            p = Msgpack.skip(in, p, end);
            if (key >= 0) {
                at[key] = p;
            }
            if (toLast && i == count - 1) {
                break;
            }
            if (nested != null && key >= 0 && key == nested.inner) {
                nested.innerAt = -1;
                if (p < end && Msgpack.isMap(in[p] & 0xff)) {
                    nested.innerAt = p;
                    p = fields(in, p, end, nested.innerFields);
                    continue;
                }
            }
            p = Msgpack.skip(in, p, end);
        }
        return p;
    }

    /** The index of the str at {@code p} in {@code keys}, or -1 (also when it is no str). */
    private static int which(byte[] in, int p, int end, byte[][] keys) {
        if (p >= end || !Msgpack.isStr(in[p] & 0xff)) {
            return -1;
        }
        long header = Msgpack.lengthHeader(in, p, end);
        int from = p + (int) (header & 0xff);
        long length = header >>> 8;
        if (length > end - from) {
            return -1;
        }
        for (int k = 0; k < keys.length; k++) {
            byte[] key = keys[k];
            if (key.length == length && sameBytes(in, from, key, key.length)) {
                return k;
            }
        }
        return -1;
    }

    /** Whether the value at {@code p} is a str of exactly {@code key}'s bytes. */
    public static boolean keyIs(byte[] in, int p, int end, byte[] key) {
        return keyIs(in, p, end, key, key.length);
    }

    /** Whether the value at {@code p} is a str of exactly the first {@code keyLength} bytes of {@code key}. */
    public static boolean keyIs(byte[] in, int p, int end, byte[] key, int keyLength) {
        if (p >= end || !Msgpack.isStr(in[p] & 0xff)) {
            return false;
        }
        long header = Msgpack.lengthHeader(in, p, end);
        int from = p + (int) (header & 0xff);
        long length = header >>> 8;
        return length == keyLength && length <= end - from && sameBytes(in, from, key, keyLength);
    }

    /**
     * Whether {@code in[from, from + length)} holds the first {@code length} bytes of {@code key}: a plain
     * loop, faster than {@code Arrays.equals} on the few bytes of a field name.
     */
    private static boolean sameBytes(byte[] in, int from, byte[] key, int length) {
        for (int i = 0; i < length; i++) {
            if (in[from + i] != key[i]) {
                return false;
            }
        }
        return true;
    }

    /** The header of the map at {@code p}: {@code count << 8 | headerSize}; Malformed if it is no map. */
    public static long mapHeader(byte[] in, int p, int end) {
        need(in, p, end, "map");
        if (!Msgpack.isMap(in[p] & 0xff)) {
            throw unexpected("a map", in, p);
        }
        return Msgpack.containerHeader(in, p, end);
    }

    /** The header of the array at {@code p}: {@code count << 8 | headerSize}; Malformed if it is no array. */
    public static long arrayHeader(byte[] in, int p, int end) {
        need(in, p, end, "array");
        if (!Msgpack.isArray(in[p] & 0xff)) {
            throw unexpected("an array", in, p);
        }
        return Msgpack.containerHeader(in, p, end);
    }

    public static boolean isNil(byte[] in, int p, int end) {
        return p >= 0 && p < end && (in[p] & 0xff) == 0xc0;
    }

    /** Whether the value at {@code p} is an integer (any width, signed or not); false for -1 (absent). */
    public static boolean isInteger(byte[] in, int p, int end) {
        if (p < 0 || p >= end) {
            return false;
        }
        int b = in[p] & 0xff;
        return b <= 0x7f || b >= 0xe0 || (b >= 0xcc && b <= 0xd3);
    }

    /** True when the integer at {@code p} is a uint64 above the int64 range ({@link #integer} gives its bits). */
    public static boolean isBigUnsigned(byte[] in, int p, int end) {
        return p + 9 <= end && (in[p] & 0xff) == 0xcf && in[p + 1] < 0;
    }

    /** The integer at {@code p}, any width, signed or not (a uint64 above the int64 range as its bits). */
    public static long integer(byte[] in, int p, int end) {
        need(in, p, end, "integer");
        int b = in[p] & 0xff;
        if (b <= 0x7f) {
            return b;
        }
        if (b >= 0xe0) {
            return (byte) b;
        }
        switch (b) {
            case 0xcc:
                Msgpack.need(in, p, 2, end, b);
                return Msgpack.u8(in, p + 1);
            case 0xcd:
                Msgpack.need(in, p, 3, end, b);
                return Msgpack.u16(in, p + 1);
            case 0xce:
                Msgpack.need(in, p, 5, end, b);
                return Msgpack.u32(in, p + 1);
            case 0xcf:
            case 0xd3:
                Msgpack.need(in, p, 9, end, b);
                return Msgpack.i64(in, p + 1);
            case 0xd0:
                Msgpack.need(in, p, 2, end, b);
                return in[p + 1];
            case 0xd1:
                Msgpack.need(in, p, 3, end, b);
                return (short) Msgpack.u16(in, p + 1);
            case 0xd2:
                Msgpack.need(in, p, 5, end, b);
                return (int) Msgpack.u32(in, p + 1);
            default:
                throw unexpected("an integer", in, p);
        }
    }

    public static boolean isFloat(byte[] in, int p, int end) {
        return p >= 0 && p < end && ((in[p] & 0xff) == 0xca || (in[p] & 0xff) == 0xcb);
    }

    /** The number at {@code p} as a double: a float32 or float64, or an integer converted. */
    public static double number(byte[] in, int p, int end) {
        need(in, p, end, "number");
        int b = in[p] & 0xff;
        if (b == 0xca) {
            Msgpack.need(in, p, 5, end, b);
            return Float.intBitsToFloat((int) Msgpack.u32(in, p + 1));
        }
        if (b == 0xcb) {
            Msgpack.need(in, p, 9, end, b);
            return Double.longBitsToDouble(Msgpack.i64(in, p + 1));
        }
        long v = integer(in, p, end);
        return b == 0xcf && v < 0 ? unsignedToDouble(v) : v;
    }

    private static double unsignedToDouble(long v) {
        return (double) (v >>> 1) * 2.0 + (v & 1);
    }

    public static boolean bool(byte[] in, int p, int end) {
        need(in, p, end, "boolean");
        int b = in[p] & 0xff;
        if (b == 0xc2 || b == 0xc3) {
            return b == 0xc3;
        }
        throw unexpected("a boolean", in, p);
    }

    /** The str at {@code p} as text (invalid UTF-8 replaced). */
    public static String string(byte[] in, int p, int end) {
        int[] span = bytesSpan(in, p, end, true);
        return new String(in, span[0], span[1], StandardCharsets.UTF_8);
    }

    /**
     * Where the data of the str (or, unless {@code strOnly}, bin) at {@code p} lies: {@code {offset, length}}.
     */
    public static int[] bytesSpan(byte[] in, int p, int end, boolean strOnly) {
        need(in, p, end, strOnly ? "string" : "string or bin");
        int b = in[p] & 0xff;
        boolean bin = b == 0xc4 || b == 0xc5 || b == 0xc6;
        if (!Msgpack.isStr(b) && (strOnly || !bin)) {
            throw unexpected(strOnly ? "a string" : "a string or bin", in, p);
        }
        long header = Msgpack.lengthHeader(in, p, end);
        int from = p + (int) (header & 0xff);
        long length = header >>> 8;
        if (length > end - from) {
            throw Malformed.truncated(Msgpack.noun(b), p);
        }
        return new int[] {from, (int) length};
    }

    private static void need(byte[] in, int p, int end, String what) {
        if (p < 0 || p >= end) {
            throw Malformed.truncated(what, Math.max(p, 0));
        }
    }

    private static Malformed unexpected(String wanted, byte[] in, int p) {
        return Malformed.unexpected(wanted, Msgpack.typeName(in[p] & 0xff), p);
    }
}
