package vivo.render;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * msgpack string bytes to the inside of a JSON string, with Fluent Bit's escaping
 * ({@code json.escape_unicode on}, its default): {@code \" \\ \n \r \t \b \f}, other control bytes and
 * 0x7f as {@code \}{@code u00xx}, every non-ASCII code point as {@code \}{@code uxxxx} (a surrogate pair
 * above U+FFFF), all hex in lower case; {@code /} is not escaped. So every JSON line is ASCII.
 *
 * <p>Invalid UTF-8 becomes {@code \}{@code ufffd}, one per maximal invalid subsequence, exactly where
 * and as often as {@code new String(bytes, UTF_8)} puts U+FFFD (the same decision tree as the JDK's
 * {@code String.decodeUTF8_UTF16}), so Java readers and this writer agree on every input.
 *
 * <p>This is where most of the time goes (strings are about three quarters of a log chunk), so it reads
 * eight bytes at a time and copies runs of plain ASCII as words; only the bytes that need an escape take
 * the slow path.
 */
public final class JsonStrings {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /** The most output bytes one input byte can become ({@code \}{@code u0001} or a lone bad byte's {@code \}{@code ufffd}). */
    public static final int MAX_EXPANSION = 6;

    /**
     * For each ASCII byte, its JSON form as the bytes of a little-endian word ({@code "} is
     * {@code \\"}, 0x01 is {@code \\}{@code u0001}, {@code a} is {@code a}), and how many of those
     * bytes count: one 8-byte store and an add write any of them, without a branch.
     */
    private static final long[] ASCII_WORD = new long[128];
    private static final byte[] ASCII_LENGTH = new byte[128];

    static {
        for (int c = 0; c < 128; c++) {
            String json;
            switch (c) {
                case '"':
                    json = "\\\"";
                    break;
                case '\\':
                    json = "\\\\";
                    break;
                case '\n':
                    json = "\\n";
                    break;
                case '\r':
                    json = "\\r";
                    break;
                case '\t':
                    json = "\\t";
                    break;
                case '\b':
                    json = "\\b";
                    break;
                case '\f':
                    json = "\\f";
                    break;
                default:
                    json = c < 0x20 || c == 0x7f ? String.format("\\u%04x", c) : String.valueOf((char) c);
                    break;
            }
            long word = 0;
            for (int i = json.length() - 1; i >= 0; i--) {
                word = word << 8 | json.charAt(i);
            }
            ASCII_WORD[c] = word;
            ASCII_LENGTH[c] = (byte) json.length();
        }
    }

    private JsonStrings() {
    }

    /** {@code text} as it appears inside a JSON string written here: escaped, without the quotes. */
    static byte[] inside(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[utf8.length * MAX_EXPANSION + 16];
        int n = write(utf8, 0, utf8.length, out, 0);
        return Arrays.copyOfRange(out, 1, n - 1);
    }

    /**
     * Writes {@code "}, the escaped text of {@code in[p, end)}, and {@code "} at {@code out[o]}.
     * The caller guarantees {@code out} has {@code (end - p) * MAX_EXPANSION + 16} bytes free: word
     * stores may write up to 8 bytes past the text they keep.
     *
     * @return the position after the closing quote
     */
    public static int write(byte[] in, int p, int end, byte[] out, int o) {
        out[o++] = '"';
        while (true) {
            // Whole words of the string: copy, and stop at the first byte that needs more than a copy.
            while (p + 8 <= end) {
                long w = (long) LONGS.get(in, p);
                long flags = special(w);
                LONGS.set(out, o, w);
                if (flags != 0) {
                    int plain = Long.numberOfTrailingZeros(flags) >>> 3; // the lowest flag is exact
                    p += plain;
                    o += plain;
                    break;
                }
                p += 8;
                o += 8;
            }
            int left = end - p;
            if (left <= 0) {
                break;
            }
            if (left < 8 && p + 8 <= in.length) {
                // The tail as one word: the bytes past the string belong to the next value, ignore them.
                long w = (long) LONGS.get(in, p);
                long flags = special(w) & (-1L >>> (64 - (left << 3)));
                LONGS.set(out, o, w);
                int plain = flags == 0 ? left : Long.numberOfTrailingZeros(flags) >>> 3;
                p += plain;
                o += plain;
                if (p == end) {
                    break;
                }
            }
            int c = in[p];
            if (c >= 0) {
                LONGS.set(out, o, ASCII_WORD[c]);
                o += ASCII_LENGTH[c];
                p++;
            } else {
                long done = nonAscii(in, p, end, out, o);
                p += (int) (done >>> 32);
                o += (int) done;
            }
        }
        out[o++] = '"';
        return o;
    }

    /**
     * A high bit in each byte of {@code w} that needs more than a copy: below 0x20, {@code "},
     * {@code \\}, 0x7f, or 0x80 and above. Standard SWAR tests: {@code x - 0x01..} sets the high bit of
     * a byte where x has 0 ({@code "} and {@code \\}, after an XOR), {@code w - 0x20..} where w has a byte
     * below 0x20, {@code w + 0x01..} where it has 0x7f. The {@code & ~x} masks that make each test exact
     * on its own are left out: the bytes they would clear are 0x80 and above, flagged by {@code w} itself
     * anyway. A borrow or a carry can only flag a byte above a true flag, so the lowest flag is exact,
     * and the result is zero only if no byte needs an escape.
     */
    private static long special(long w) {
        long t = w | (w - ONES * 0x20) | ((w ^ (ONES * '"')) - ONES) | ((w ^ (ONES * '\\')) - ONES) | (w + ONES);
        return t & HIGHS;
    }

    /**
     * {@code \\}{@code uxxxx} as the bytes of a little-endian word, for one 8-byte store (the caller's
     * slack covers the two bytes past it): the four nibbles spread into bytes, then turned into lower-case
     * hex digits all at once.
     */
    private static long unicodeEscape(int c) {
        long nibbles = (c >>> 12 & 0xf) | (c >>> 8 & 0xf) << 8 | (c >>> 4 & 0xf) << 16 | (long) (c & 0xf) << 24;
        // '0' + n, plus 'a' - '0' - 10 = 39 more where n > 9
        long hex = nibbles + 0x30303030L + ((nibbles + 0x06060606L) >>> 4 & 0x01010101L) * 39;
        return '\\' | 'u' << 8 | hex << 16;
    }

    /**
     * Writes the escape of the UTF-8 sequence whose lead byte (0x80 or above) is at {@code p}: one
     * {@code \\}{@code uxxxx}, or a surrogate pair for a four-byte sequence. Well-formed sequences are
     * decoded here; anything else goes to {@link #decodeUtf8}, which replaces as the JDK does. Kept out of
     * the word loop, and small, so that it compiles well on its own. (A table-driven, nearly branch-free
     * decoder measured no faster on the big-chunk fixture.)
     *
     * @return {@code bytesConsumed << 32 | bytesWritten}
     */
    private static long nonAscii(byte[] in, int p, int end, byte[] out, int o) {
        int b1 = in[p] & 0xff;
        int cp = -1;
        int n = 0;
        if (b1 < 0xe0) {
            if (b1 >= 0xc2 && p + 1 < end && (in[p + 1] & 0xc0) == 0x80) {
                cp = (b1 & 0x1f) << 6 | (in[p + 1] & 0x3f);
                n = 2;
            }
        } else if (b1 < 0xf0) {
            if (p + 2 < end && (in[p + 1] & 0xc0) == 0x80 && (in[p + 2] & 0xc0) == 0x80) {
                cp = (b1 & 0x0f) << 12 | (in[p + 1] & 0x3f) << 6 | (in[p + 2] & 0x3f);
                n = cp >= 0x800 && (cp < 0xd800 || cp > 0xdfff) ? 3 : 0;
            }
        } else if (b1 <= 0xf4 && p + 3 < end && (in[p + 1] & 0xc0) == 0x80 && (in[p + 2] & 0xc0) == 0x80
                && (in[p + 3] & 0xc0) == 0x80) {
            cp = (b1 & 0x07) << 18 | (in[p + 1] & 0x3f) << 12 | (in[p + 2] & 0x3f) << 6 | (in[p + 3] & 0x3f);
            n = cp >= 0x10000 && cp <= 0x10ffff ? 4 : 0;
        }
        if (n == 0) {
            long decoded = decodeUtf8(in, p, end);
            cp = (int) decoded;
            n = (int) (decoded >>> 32);
        }
        if (cp < 0x10000) {
            LONGS.set(out, o, unicodeEscape(cp));
            return (long) n << 32 | 6;
        }
        LONGS.set(out, o, unicodeEscape(Character.highSurrogate(cp)));
        LONGS.set(out, o + 6, unicodeEscape(Character.lowSurrogate(cp)));
        return (long) n << 32 | 12;
    }

    /**
     * Decodes the UTF-8 sequence whose lead byte (0x80 or above) is at {@code p}, valid or not, following the JDK's
     * {@code String.decodeUTF8_UTF16} with replacement, branch for branch.
     *
     * @return {@code bytesConsumed << 32 | codePoint}, the code point being U+FFFD for invalid input
     */
    private static long decodeUtf8(byte[] in, int p, int end) {
        final long repl = 0xfffd;
        int b1 = in[p];
        int after = end - p - 1; // bytes after the lead byte
        if ((b1 >> 5) == -2 && (b1 & 0x1e) != 0) { // C2..DF
            if (after >= 1) {
                int b2 = in[p + 1];
                if (notContinuation(b2)) {
                    return 1L << 32 | repl;
                }
                return 2L << 32 | (((b1 & 0x1f) << 6) | (b2 & 0x3f));
            }
            return 1L << 32 | repl;
        }
        if ((b1 >> 4) == -2) { // E0..EF
            if (after >= 2) {
                int b2 = in[p + 1];
                int b3 = in[p + 2];
                if (malformed3(b1, b2) || notContinuation(b3)) {
                    return (long) (malformed3(b1, b2) ? 1 : 2) << 32 | repl;
                }
                int c = ((b1 & 0x0f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
                return 3L << 32 | (Character.isSurrogate((char) c) ? repl : c);
            }
            if (after == 1 && malformed3(b1, in[p + 1])) {
                return 1L << 32 | repl;
            }
            return (long) (after + 1) << 32 | repl; // the JDK stops here: the rest of the string is one U+FFFD
        }
        if ((b1 >> 3) == -2) { // F0..F7
            int u1 = b1 & 0xff;
            if (after >= 3) {
                int b2 = in[p + 1];
                int b3 = in[p + 2];
                int b4 = in[p + 3];
                int cp = ((b1 & 0x07) << 18) | ((b2 & 0x3f) << 12) | ((b3 & 0x3f) << 6) | (b4 & 0x3f);
                if (notContinuation(b2) || notContinuation(b3) || notContinuation(b4)
                        || cp < 0x10000 || cp > 0x10ffff) {
                    int u2 = b2 & 0xff;
                    int n = u1 > 0xf4 || malformed4Second(u1, u2) ? 1 : notContinuation(b3) ? 2 : 3;
                    return (long) n << 32 | repl;
                }
                return 4L << 32 | cp;
            }
            if (u1 > 0xf4 || after >= 1 && malformed4Second(u1, in[p + 1] & 0xff)) {
                return 1L << 32 | repl;
            }
            if (after >= 2 && notContinuation(in[p + 2])) {
                return 2L << 32 | repl;
            }
            return (long) (after + 1) << 32 | repl; // the JDK stops here too
        }
        return 1L << 32 | repl; // 80..C1, F8..FF
    }

    private static boolean notContinuation(int b) {
        return (b & 0xc0) != 0x80;
    }

    /** The JDK's isMalformed3_2: the second byte cannot follow this three-byte lead. */
    private static boolean malformed3(int b1, int b2) {
        return (b1 == (byte) 0xe0 && (b2 & 0xe0) == 0x80) || notContinuation(b2);
    }

    /** The JDK's isMalformed4_2, on unsigned bytes. */
    private static boolean malformed4Second(int u1, int u2) {
        return (u1 == 0xf0 && (u2 < 0x90 || u2 > 0xbf))
                || (u1 == 0xf4 && (u2 & 0xf0) != 0x80)
                || (u2 & 0xc0) != 0x80;
    }
}
