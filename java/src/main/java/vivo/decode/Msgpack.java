package vivo.decode;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The msgpack format, by first byte: what a value is, how long its header is, and how to step over a
 * whole value. Every reader here decides by the type of a value, never by a fixed byte prefix: the same
 * array may come as fixarray {@code 0x92}, array16 {@code dc 00 02} or array32 {@code dd 00 00 00 02}.
 *
 * <p>Positions are plain {@code int}s into the chunk; a method that reads returns the position after
 * what it read, and throws {@link Malformed} when the chunk ends first.
 */
public final class Msgpack {

    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Msgpack() {
    }

    public static boolean isArray(int b) {
        return (b & 0xf0) == 0x90 || b == 0xdc || b == 0xdd;
    }

    public static boolean isMap(int b) {
        return (b & 0xf0) == 0x80 || b == 0xde || b == 0xdf;
    }

    public static boolean isStr(int b) {
        return (b & 0xe0) == 0xa0 || b == 0xd9 || b == 0xda || b == 0xdb;
    }

    /** What a first byte starts, in words for warning lines: "a string", "an array", ... */
    public static String typeName(int b) {
        if (b <= 0x7f || b >= 0xe0 || (b >= 0xcc && b <= 0xd3)) {
            return "an integer";
        }
        if (isMap(b)) {
            return "a map";
        }
        if (isArray(b)) {
            return "an array";
        }
        if (isStr(b)) {
            return "a string";
        }
        switch (b) {
            case 0xc0:
                return "nil";
            case 0xc2:
            case 0xc3:
                return "a boolean";
            case 0xc4:
            case 0xc5:
            case 0xc6:
                return "a bin";
            case 0xca:
            case 0xcb:
                return "a float";
            case 0xc1:
                return "the unused byte 0xc1";
            default:
                return "an ext";
        }
    }

    /** The noun for truncation messages: "truncated string at byte 7". */
    public static String noun(int b) {
        String name = typeName(b);
        return name.startsWith("an ") ? name.substring(3) : name.startsWith("a ") ? name.substring(2) : name;
    }

    public static int u8(byte[] in, int p) {
        return in[p] & 0xff;
    }

    public static int u16(byte[] in, int p) {
        return (short) SHORTS.get(in, p) & 0xffff;
    }

    /** An unsigned 32-bit big-endian number, as a long so that 0xffffffff stays positive. */
    public static long u32(byte[] in, int p) {
        return (int) INTS.get(in, p) & 0xffffffffL;
    }

    public static long i64(byte[] in, int p) {
        return (long) LONGS.get(in, p);
    }

    /**
     * The element count of the map or array header at {@code p} (the caller checked the type), and the
     * header's size. A count the rest of the chunk cannot hold, at one byte per element at least, is
     * truncation; so is a header cut short.
     *
     * @return {@code count << 8 | headerSize}: the count fits, since it is below the chunk's length
     */
    public static long containerHeader(byte[] in, int p, int end) {
        int b = in[p] & 0xff;
        long count;
        int size;
        if (b < 0xa0) {
            count = b & 0x0f;
            size = 1;
        } else if (b == 0xdc || b == 0xde) {
            need(in, p, 3, end, b);
            count = u16(in, p + 1);
            size = 3;
        } else {
            need(in, p, 5, end, b);
            count = u32(in, p + 1);
            size = 5;
        }
        long values = isMap(b) ? count * 2 : count;
        if (values > end - p - size) {
            throw Malformed.truncated(noun(b), p);
        }
        return count << 8 | size;
    }

    /**
     * The length of the data of the str, bin or ext value whose header is at {@code p} (the caller
     * checked the type), and the header's size; an ext's header ends with its type byte, so the type is
     * at {@code p + headerSize - 1}. A header cut short is truncation; whether the data fits is for the
     * caller to check.
     *
     * @return {@code length << 8 | headerSize}
     */
    public static long lengthHeader(byte[] in, int p, int end) {
        int b = in[p] & 0xff;
        switch (b) {
            case 0xc4: // bin 8
            case 0xd9: // str 8
                need(in, p, 2, end, b);
                return (long) u8(in, p + 1) << 8 | 2;
            case 0xc5: // bin 16
            case 0xda: // str 16
                need(in, p, 3, end, b);
                return (long) u16(in, p + 1) << 8 | 3;
            case 0xc6: // bin 32
            case 0xdb: // str 32
                need(in, p, 5, end, b);
                return u32(in, p + 1) << 8 | 5;
            case 0xc7: // ext 8
                need(in, p, 3, end, b);
                return (long) u8(in, p + 1) << 8 | 3;
            case 0xc8: // ext 16
                need(in, p, 4, end, b);
                return (long) u16(in, p + 1) << 8 | 4;
            case 0xc9: // ext 32
                need(in, p, 6, end, b);
                return u32(in, p + 1) << 8 | 6;
            case 0xd4: // fixext 1, 2, 4, 8, 16
            case 0xd5:
            case 0xd6:
            case 0xd7:
            case 0xd8:
                need(in, p, 2, end, b);
                return 1L << (b - 0xd4) << 8 | 2;
            default: // fixstr
                return (long) (b & 0x1f) << 8 | 1;
        }
    }

    /** Throws unless {@code n} bytes from {@code p} are inside the chunk. */
    static void need(byte[] in, int p, long n, int end, int b) {
        if (n > end - p) {
            throw Malformed.truncated(noun(b), p);
        }
    }

    /**
     * For each first byte, the whole size of a value that has no length field (1 for a fixint, nil or
     * bool, 1 + n for a fixstr of n bytes, 9 for a float64 ...), or 0: containers, str8/16/32, bin, ext8/16/32
     * and 0xc1. Most values in a chunk are of the first kind, and {@link #skip} steps over them with a
     * lookup instead of a chain of tests.
     */
    private static final byte[] FIXED_SIZE = new byte[256];

    static {
        for (int b = 0; b < 256; b++) {
            int size = 0;
            if (b <= 0x7f || b >= 0xe0 || b == 0xc0 || b == 0xc2 || b == 0xc3) {
                size = 1;
            } else if (b >= 0xa0 && b <= 0xbf) {
                size = 1 + (b & 0x1f);
            } else if (b >= 0xd4 && b <= 0xd8) {
                size = 2 + (1 << (b - 0xd4));
            } else if (b == 0xcc || b == 0xd0) {
                size = 2;
            } else if (b == 0xcd || b == 0xd1) {
                size = 3;
            } else if (b == 0xca || b == 0xce || b == 0xd2) {
                size = 5;
            } else if (b == 0xcb || b == 0xcf || b == 0xd3) {
                size = 9;
            }
            FIXED_SIZE[b] = (byte) size;
        }
    }

    /**
     * Steps over the whole value at {@code p}, however deep, without recursion: a count of values still
     * to step over replaces the stack. Every value takes at least one byte, so this ends.
     *
     * @return the position after the value
     */
    public static int skip(byte[] in, int p, int end) {
        long pending = 1;
        while (pending > 0) {
            if (p >= end) {
                throw Malformed.truncated("value", p);
            }
            pending--;
            int b = in[p] & 0xff;
            int size = FIXED_SIZE[b];
            if (size != 0) {
                if (size > end - p) {
                    throw Malformed.truncated(noun(b), p);
                }
                p += size;
            } else if (isMap(b) || isArray(b)) {
                long header = containerHeader(in, p, end);
                long count = header >>> 8;
                pending += isMap(b) ? count * 2 : count;
                p += (int) (header & 0xff);
                if (pending > end - p) {
                    throw Malformed.truncated(noun(b), p);
                }
            } else if (b == 0xc1) {
                throw Malformed.invalidByte(b, p);
            } else { // str8/16/32, bin, ext8/16/32
                long header = lengthHeader(in, p, end);
                need(in, p, (header & 0xff) + (header >>> 8), end, b);
                p += (int) ((header & 0xff) + (header >>> 8));
            }
        }
        return p;
    }
}
