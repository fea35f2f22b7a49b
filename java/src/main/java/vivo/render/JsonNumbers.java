package vivo.render;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Numbers as JSON text, the way Fluent Bit prints them where that is valid JSON and lossless.
 *
 * <ul>
 *   <li>Integers in decimal, signed or (for msgpack uint64) unsigned up to 18446744073709551615.
 *   <li>A float that is a whole number from -2^63 up to (not including) 2^63: its digits and
 *       {@code .0}, like C's {@code %.1f}: {@code 2.0}, {@code -0.0}, {@code 10000000000000000.0}.
 *   <li>Other finite floats: the shortest digits that read back as the same value (schubfach, through
 *       Jackson's public {@link NumberOutput}: JDK 17's {@code Double.toString} is not always shortest,
 *       so JDK 17 and 25 agree only this way; a double with a decimal of at most 15 digits gets the same
 *       digits from a multiplication and a check, {@link #writeShort}), laid out like C's {@code %g}: scientific
 *       ({@code 1e-07}, {@code 1.7976931348623157e+308}) when the decimal exponent is below -4 or at
 *       least 16, plain ({@code 0.1}, {@code 0.30000000000000004}) otherwise. That is C's
 *       {@code %.16g} wherever 16 digits are enough, and exact where they are not.
 *   <li>NaN and the infinities: {@code null} (C prints the invalid {@code nan}, {@code inf}).
 * </ul>
 */
public final class JsonNumbers {

    /**
     * The room a number needs: {@link #writeDouble} writes at most 24 bytes ("-1.2345678901234567e-308"),
     * integers at most 21, and the digit stores may write 8 bytes past the last digit they keep.
     */
    public static final int MAX_LENGTH = 32;

    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] NAN = "\"NaN\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] INFINITY = "\"Infinity\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] MINUS_INFINITY = "\"-Infinity\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] MIN_LONG = "-9223372036854775808".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** NumberOutput's useFastWriter: schubfach's shortest digits rather than {@code Double.toString}'s. */
    private static final boolean SCHUBFACH = true;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** 10^0 to 10^22: the powers of ten a double holds exactly. */
    private static final double[] POW10 = new double[23];
    /** Below this (2^49.8), a scaled double's rounding interval holds at most one integer: see {@link #writeShort}. */
    private static final long SHORT_LIMIT = 1_000_000_000_000_000L;

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private JsonNumbers() {
    }

    /** A signed 64-bit integer. */
    public static int writeLong(byte[] out, int o, long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                System.arraycopy(MIN_LONG, 0, out, o, MIN_LONG.length);
                return o + MIN_LONG.length;
            }
            out[o++] = '-';
            v = -v;
        }
        return writePositive(out, o, v);
    }

    /** An unsigned 64-bit integer held in a long. */
    public static int writeUnsigned(byte[] out, int o, long v) {
        if (v >= 0) {
            return writePositive(out, o, v);
        }
        long high = Long.divideUnsigned(v, 10);
        o = writePositive(out, o, high);
        out[o] = (byte) ('0' + (v - high * 10));
        return o + 1;
    }

    /**
     * A non-negative long in blocks of eight digits, each converted at once ({@link #eightDigits}), instead
     * of a chain of dependent divisions: a nanosecond timestamp has 19 digits.
     */
    private static int writePositive(byte[] out, int o, long v) {
        if (v < 100_000_000L) {
            return writeUpTo8(out, o, (int) v);
        }
        long high = v / 100_000_000L;
        int low = (int) (v - high * 100_000_000L);
        if (high < 100_000_000L) {
            o = writeUpTo8(out, o, (int) high);
        } else {
            long top = high / 100_000_000L; // at most 922 (1844 unsigned)
            o = writeUpTo8(out, o, (int) top);
            o = write8(out, o, (int) (high - top * 100_000_000L));
        }
        return write8(out, o, low);
    }

    /** Exactly eight digits, leading zeros included, in one 8-byte store. */
    private static int write8(byte[] out, int o, int v) {
        LONGS.set(out, o, eightDigits(v));
        return o + 8;
    }

    /** 0 to 99,999,999 without leading zeros: the eight digits, shifted past the zeros, in one store. */
    private static int writeUpTo8(byte[] out, int o, int v) {
        int n = digits(v);
        LONGS.set(out, o, eightDigits(v) >>> ((8 - n) << 3));
        return o + n;
    }

    /**
     * The eight ASCII digits of {@code v} (below 10^8), most significant in the lowest byte, computed in
     * parallel lanes (SWAR): two lanes of four digits, then four of two, then eight of one. The
     * multiply-and-shift pairs divide exactly in these ranges: {@code x * 10486 >> 20} is {@code x / 100}
     * for x below 43,699, {@code x * 103 >> 10} is {@code x / 10} for x below 179.
     */
    static long eightDigits(int v) {
        int high = v / 10_000;
        long fours = high | (long) (v - high * 10_000) << 32;
        long hundreds = ((fours * 10486) >>> 20) & 0x0000007f0000007fL;
        long twos = hundreds | (fours - hundreds * 100) << 16;
        long tens = ((twos * 103) >>> 10) & 0x000f000f000f000fL;
        long ones = tens | (twos - tens * 10) << 8;
        return ones + 0x3030303030303030L;
    }

    private static int digits(int v) {
        if (v < 10_000) {
            return v < 100 ? (v < 10 ? 1 : 2) : (v < 1000 ? 3 : 4);
        }
        return v < 1_000_000 ? (v < 100_000 ? 5 : 6) : (v < 10_000_000 ? 7 : 8);
    }

    public static int writeDouble(byte[] out, int o, double d) {
        return writeDouble(out, o, d, false);
    }

    /**
     * As {@link #writeDouble(byte[], int, double)}; with {@code nonFiniteText}, NaN and the infinities are
     * the JSON strings {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"} (protobuf's JSON mapping,
     * which OTLP JSON and Fluent Bit's reworked exporter use) instead of {@code null}.
     */
    public static int writeDouble(byte[] out, int o, double d, boolean nonFiniteText) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return nonFiniteText ? writeNonFinite(out, o, d) : writeNull(out, o);
        }
        int whole = writeWhole(out, o, d);
        if (whole >= 0) {
            return whole;
        }
        int fast = writeShort(out, o, d);
        return fast >= 0 ? fast : writeShortest(out, o, NumberOutput.toString(d, SCHUBFACH));
    }

    /** A float32: tested for a whole number after widening, as C does; otherwise its own shortest digits. */
    public static int writeFloat(byte[] out, int o, float f) {
        return writeFloat(out, o, f, false);
    }

    /** As {@link #writeFloat(byte[], int, float)}, with non-finite values as {@link #writeDouble(byte[], int, double, boolean)} says. */
    public static int writeFloat(byte[] out, int o, float f, boolean nonFiniteText) {
        if (Float.isNaN(f) || Float.isInfinite(f)) {
            return nonFiniteText ? writeNonFinite(out, o, f) : writeNull(out, o);
        }
        int whole = writeWhole(out, o, f);
        return whole >= 0 ? whole : writeShortest(out, o, NumberOutput.toString(f, SCHUBFACH));
    }

    private static int writeNull(byte[] out, int o) {
        System.arraycopy(NULL, 0, out, o, 4);
        return o + 4;
    }

    private static int writeNonFinite(byte[] out, int o, double d) {
        byte[] text = Double.isNaN(d) ? NAN : d > 0 ? INFINITY : MINUS_INFINITY;
        System.arraycopy(text, 0, out, o, text.length);
        return o + text.length;
    }

    /** C's {@code d == (double)(long long)d} branch, printed with {@code %.1f}; -1 if d is not whole. */
    private static int writeWhole(byte[] out, int o, double d) {
        if (d < -0x1p63 || d >= 0x1p63) {
            return -1;
        }
        long l = (long) d;
        if ((double) l != d) {
            return -1;
        }
        if (l == 0 && Double.doubleToRawLongBits(d) < 0) {
            out[o++] = '-';
        }
        o = writeLong(out, o, l);
        out[o] = '.';
        out[o + 1] = '0';
        return o + 2;
    }

    /**
     * The shortest digits of a normal double that a decimal of at most 15 significant digits reads back as,
     * found with two floating-point operations instead of schubfach (which also returns a String): with
     * k chosen so that {@code n = round(|d| * 10^k)} has 15 digits, n is that decimal scaled, provided
     * {@code n / 10^k} gives d back (exact operands, so the division rounds as reading the decimal does).
     *
     * <p>Why that is schubfach's answer: the reals that round to a normal d span at most
     * {@code 2^-52 |d|}, so scaled by 10^k, with n below 10^15, they span less than 0.23 and hold at most
     * one integer. Every decimal with at most k decimals that reads back as d is therefore n / 10^k, and
     * n without its trailing zeros is the shortest of all (a shorter one would have fewer decimals, or
     * be a power of ten inside the interval: n again). Being the only one of its length, it is also the
     * closest, so schubfach's tie rules never come into play. Subnormals (a wide interval), doubles with
     * 16 or 17 digits, and those that need k beyond ±22 (10^k inexact) return -1 and take schubfach.
     * {@code JsonNumbersTest} checks this against {@code Double.toString} and Jackson on millions of doubles.
     *
     * @return the position after the number, or -1
     */
    private static int writeShort(byte[] out, int o, double d) {
        double a = Math.abs(d);
        if (a < Double.MIN_NORMAL) {
            return -1;
        }
        // floor(e2 * log10(2)): the decimal exponent of a, or one less
        int k = 14 - ((Math.getExponent(a) * 78913) >> 18);
        if (k < -21 || k > 22) {
            return -1;
        }
        double scaled = k >= 0 ? a * POW10[k] : a / POW10[-k];
        if (scaled >= 1e15) {
            k--;
            scaled = k >= 0 ? a * POW10[k] : a / POW10[-k];
        }
        long n = Math.round(scaled);
        if (n >= SHORT_LIMIT || (k >= 0 ? n / POW10[k] : n * POW10[-k]) != a) {
            return -1;
        }
        int digits = n >= 100_000_000_000_000L ? 15 : longDigits(n);
        int exp10 = digits - 1 - k;
        // the trailing zeros, 8, 4, 2 and 1 at a time (n has at most 14)
        if (n % 100_000_000 == 0) {
            n /= 100_000_000;
            digits -= 8;
        }
        if (n % 10_000 == 0) {
            n /= 10_000;
            digits -= 4;
        }
        if (n % 100 == 0) {
            n /= 100;
            digits -= 2;
        }
        if (n % 10 == 0) {
            n /= 10;
            digits -= 1;
        }
        if (d < 0) {
            out[o++] = '-';
        }
        writePositive(out, o, n);
        return layout(out, o, digits, exp10);
    }

    /** The number of decimal digits of {@code 0 < v < 10^15}. */
    private static int longDigits(long v) {
        return v < 100_000_000L ? digits((int) v) : 8 + digits((int) (v / 100_000_000L));
    }

    /**
     * Lays out the digits of a Java-style shortest decimal ({@code "0.1"}, {@code "123.45"},
     * {@code "1.0E-7"}, {@code "-1.7976931348623157E308"}) as {@code %g} would.
     */
    static int writeShortest(byte[] out, int o, String s) {
        int i = 0;
        int n = s.length();
        if (s.charAt(0) == '-') {
            out[o++] = '-';
            i = 1;
        }
        int e = s.indexOf('E');
        int mantissaEnd = e < 0 ? n : e;
        int exponent = e < 0 ? 0 : Integer.parseInt(s, e + 1, n, 10);
        // Significant digits, without the point and without leading or trailing zeros, at out[o].
        int count = 0;
        boolean point = false;
        int pointAfter = 0; // digits seen (leading zeros included) before the point
        int leadingZeros = 0;
        for (int k = i; k < mantissaEnd; k++) {
            char c = s.charAt(k);
            if (c == '.') {
                point = true;
                continue;
            }
            if (!point) {
                pointAfter++;
            }
            if (count == 0 && c == '0') {
                leadingZeros++;
                continue;
            }
            out[o + count++] = (byte) c;
        }
        while (count > 1 && out[o + count - 1] == '0') {
            count--;
        }
        // Decimal exponent of the first significant digit.
        return layout(out, o, count, exponent + pointAfter - leadingZeros - 1);
    }

    /**
     * Lays out, in place and as {@code %g} would, the significant digits at {@code out[o, o + count)} (no
     * leading or trailing zeros) of a number whose first digit has the decimal exponent {@code exp10}:
     * scientific ({@code 1e-07}, {@code 1.5e+21}) when the exponent is below -4 or at least 16, plain
     * ({@code 0.015}, {@code 123.45}) otherwise.
     */
    private static int layout(byte[] out, int o, int count, int exp10) {
        if (exp10 < -4 || exp10 >= 16) {
            int p = o + 1;
            if (count > 1) {
                System.arraycopy(out, o + 1, out, o + 2, count - 1);
                out[o + 1] = '.';
                p = o + count + 1;
            }
            out[p++] = 'e';
            out[p++] = (byte) (exp10 < 0 ? '-' : '+');
            int a = Math.abs(exp10);
            if (a >= 100) {
                out[p++] = (byte) ('0' + a / 100);
            }
            out[p++] = (byte) ('0' + a / 10 % 10);
            out[p++] = (byte) ('0' + a % 10);
            return p;
        }
        if (exp10 < 0) {
            int shift = 1 - exp10; // "0." and -exp10 - 1 zeros
            System.arraycopy(out, o, out, o + shift, count);
            out[o] = '0';
            out[o + 1] = '.';
            for (int z = o + 2; z < o + shift; z++) {
                out[z] = '0';
            }
            return o + shift + count;
        }
        int intDigits = exp10 + 1;
        if (count > intDigits) {
            System.arraycopy(out, o + intDigits, out, o + intDigits + 1, count - intDigits);
            out[o + intDigits] = '.';
            return o + count + 1;
        }
        for (int z = o + count; z < o + intDigits; z++) {
            out[z] = '0';
        }
        return o + intDigits;
    }
}
