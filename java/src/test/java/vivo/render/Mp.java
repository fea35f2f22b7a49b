package vivo.render;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds msgpack bytes for tests, with the header width chosen by the caller (msgpack-core's packer always
 * takes the smallest, and Fluent Bit does not: it writes array32 headers for two-element records).
 * Width 0 means the fix* form, 1 the 8-bit length, 2 the 16-bit, 4 the 32-bit.
 */
final class Mp {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    byte[] bytes() {
        return out.toByteArray();
    }

    int size() {
        return out.size();
    }

    Mp raw(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    Mp raw(byte[] bytes) {
        out.write(bytes, 0, bytes.length);
        return this;
    }

    private Mp be(long v, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (v >>> (8 * i)));
        }
        return this;
    }

    Mp array(int n, int width) {
        switch (width) {
            case 0:
                return raw(0x90 | n);
            case 2:
                return raw(0xdc).be(n, 2);
            default:
                return raw(0xdd).be(n, 4);
        }
    }

    Mp array(int n) {
        return array(n, n < 16 ? 0 : n < 65536 ? 2 : 4);
    }

    Mp map(int n, int width) {
        switch (width) {
            case 0:
                return raw(0x80 | n);
            case 2:
                return raw(0xde).be(n, 2);
            default:
                return raw(0xdf).be(n, 4);
        }
    }

    Mp map(int n) {
        return map(n, n < 16 ? 0 : n < 65536 ? 2 : 4);
    }

    Mp str(byte[] b, int width) {
        switch (width) {
            case 0:
                raw(0xa0 | b.length);
                break;
            case 1:
                raw(0xd9).be(b.length, 1);
                break;
            case 2:
                raw(0xda).be(b.length, 2);
                break;
            default:
                raw(0xdb).be(b.length, 4);
                break;
        }
        return raw(b);
    }

    Mp str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return str(b, b.length < 32 ? 0 : b.length < 256 ? 1 : b.length < 65536 ? 2 : 4);
    }

    Mp bin(byte[] b, int width) {
        switch (width) {
            case 1:
                raw(0xc4).be(b.length, 1);
                break;
            case 2:
                raw(0xc5).be(b.length, 2);
                break;
            default:
                raw(0xc6).be(b.length, 4);
                break;
        }
        return raw(b);
    }

    /** ext: fixext when the length allows and width is 0, else ext8/16/32. */
    Mp ext(int type, byte[] data, int width) {
        int n = data.length;
        if (width == 0 && (n == 1 || n == 2 || n == 4 || n == 8 || n == 16)) {
            raw(0xd4 + Integer.numberOfTrailingZeros(n));
        } else if (width <= 1) {
            raw(0xc7).be(n, 1);
        } else if (width == 2) {
            raw(0xc8).be(n, 2);
        } else {
            raw(0xc9).be(n, 4);
        }
        return raw(type & 0xff).raw(data);
    }

    Mp eventTime(long sec, long nsec) {
        return raw(0xd7, 0x00).be(sec, 4).be(nsec, 4);
    }

    Mp nil() {
        return raw(0xc0);
    }

    Mp bool(boolean b) {
        return raw(b ? 0xc3 : 0xc2);
    }

    /** The smallest signed or unsigned form. */
    Mp integer(long v) {
        if (v >= 0 && v < 128) {
            return raw((int) v);
        }
        if (v < 0 && v >= -32) {
            return raw((int) v & 0xff);
        }
        if (v >= 0) {
            return v < 256 ? raw(0xcc).be(v, 1) : v < 65536 ? raw(0xcd).be(v, 2)
                    : v < 0x100000000L ? raw(0xce).be(v, 4) : raw(0xcf).be(v, 8);
        }
        return v >= -128 ? raw(0xd0).be(v, 1) : v >= -32768 ? raw(0xd1).be(v, 2)
                : v >= Integer.MIN_VALUE ? raw(0xd2).be(v, 4) : raw(0xd3).be(v, 8);
    }

    /** uint64 (0xcf) of the unsigned value held in {@code v}. */
    Mp uint64(long v) {
        return raw(0xcf).be(v, 8);
    }

    /** A given integer format byte (0xcc..0xd3) with {@code v} in its width. */
    Mp integer(int format, long v) {
        return raw(format).be(v, 1 << ((format - 0xcc) & 3));
    }

    Mp f64(double d) {
        return raw(0xcb).be(Double.doubleToRawLongBits(d), 8);
    }

    Mp f32(float f) {
        return raw(0xca).be(Float.floatToRawIntBits(f) & 0xffffffffL, 4);
    }
}
