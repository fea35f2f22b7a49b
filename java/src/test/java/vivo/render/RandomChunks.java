package vivo.render;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * Seeded random chunks for the oracle agreement tests: log chunks in every record shape Fluent Bit writes
 * (and shapes it should not), metrics and traces chunks, values of every msgpack type with every header
 * width, strings with escapes, non-ASCII and invalid UTF-8, repeated and non-string keys, deep nesting;
 * and damage done to real chunks (cut short, bytes changed).
 */
final class RandomChunks {

    private final Random r;

    RandomChunks(long seed) {
        this.r = new Random(seed);
    }

    byte[] logs() {
        Mp mp = new Mp();
        int n = 1 + r.nextInt(12);
        for (int i = 0; i < n; i++) {
            int shape = r.nextInt(100);
            if (shape < 55) {
                v2(mp, this::timestamp, this::metadata, () -> map(mp(), 2));
            } else if (shape < 65) {
                legacy(mp);
            } else if (shape < 75) {
                groupStart(mp);
            } else if (shape < 82) {
                groupEnd(mp);
            } else {
                invalid(mp);
            }
        }
        return mp.bytes();
    }

    byte[] contexts() {
        Mp mp = new Mp();
        int n = 1 + r.nextInt(4);
        String first = r.nextBoolean() ? "meta" : "resourceSpans";
        for (int i = 0; i < n; i++) {
            if (i > 0 && r.nextInt(8) == 0) {
                mp.raw(value(2)); // not a map: skipped
                continue;
            }
            int keys = 1 + r.nextInt(4);
            mp.map(keys, width(keys));
            mp.str(first);
            mp.raw(value(2));
            for (int k = 1; k < keys; k++) {
                mp.raw(key(2)).raw(value(2));
            }
        }
        return mp.bytes();
    }

    /** A real chunk cut short, or with a few bytes changed, inserted or removed. */
    byte[] damage(byte[] chunk) {
        switch (r.nextInt(4)) {
            case 0:
                return Arrays.copyOf(chunk, r.nextInt(chunk.length));
            case 1: {
                byte[] c = chunk.clone();
                for (int i = 1 + r.nextInt(3); i > 0; i--) {
                    c[r.nextInt(c.length)] = (byte) (r.nextInt(8) == 0 ? 0xc1 : r.nextInt(256));
                }
                return c;
            }
            case 2: {
                int at = r.nextInt(chunk.length);
                byte[] c = new byte[chunk.length + 1];
                System.arraycopy(chunk, 0, c, 0, at);
                c[at] = (byte) r.nextInt(256);
                System.arraycopy(chunk, at, c, at + 1, chunk.length - at);
                return c;
            }
            default: {
                int at = r.nextInt(chunk.length);
                byte[] c = new byte[chunk.length - 1];
                System.arraycopy(chunk, 0, c, 0, at);
                System.arraycopy(chunk, at + 1, c, at, chunk.length - at - 1);
                return c;
            }
        }
    }

    private interface Part {
        byte[] get();
    }

    private Mp mp() {
        return new Mp();
    }

    private void v2(Mp mp, Part ts, Part meta, Part body) {
        mp.array(2, headerWidth()).array(2, headerWidth()).raw(ts.get()).raw(meta.get()).raw(body.get());
    }

    private void legacy(Mp mp) {
        mp.array(2, headerWidth()).raw(timestamp()).raw(map(mp(), 2));
    }

    private void groupStart(Mp mp) {
        boolean otlp = r.nextBoolean();
        Mp meta = mp();
        if (otlp) {
            meta.map(3).str("schema").str(r.nextInt(6) == 0 ? "custom" : "otlp").str("resource_id").integer(r.nextInt(3))
                    .str("scope_id").integer(0);
        } else {
            meta.raw(map(mp(), 2));
        }
        Mp body = mp();
        int keys = r.nextInt(4);
        body.map(keys);
        for (int k = 0; k < keys; k++) {
            int which = r.nextInt(4);
            body.raw(which == 0 ? str("resource") : which == 1 ? str("scope") : key(2));
            body.raw(r.nextInt(3) == 0 ? value(2) : map(mp(), 2));
        }
        byte[] marker = r.nextInt(4) == 0 ? mp().raw(0xff).bytes() // int -1
                : mp().eventTime(0xffffffffL, r.nextInt(3)).bytes();
        if (r.nextInt(6) == 0) {
            mp.array(2).raw(marker).raw(body.bytes()); // legacy form
        } else {
            mp.array(2, headerWidth()).array(2, headerWidth()).raw(marker).raw(meta.bytes()).raw(body.bytes());
        }
    }

    private void groupEnd(Mp mp) {
        byte[] marker = r.nextInt(4) == 0 ? mp().raw(0xfe).bytes() : mp().eventTime(0xfffffffeL, 0).bytes();
        mp.array(2, headerWidth()).array(2, headerWidth()).raw(marker).map(0).map(0);
    }

    private void invalid(Mp mp) {
        switch (r.nextInt(8)) {
            case 0: // body not a map
                v2(mp, this::timestamp, this::metadata, () -> value(2));
                break;
            case 1: // three elements
                mp.array(3).raw(timestamp()).map(0).map(0);
                break;
            case 2: // not an array
                mp.raw(value(2));
                break;
            case 3: // a string timestamp
                v2(mp, () -> str("yesterday"), this::metadata, () -> map(mp(), 2));
                break;
            case 4: // a negative timestamp
                v2(mp, () -> mp().integer(-3 - r.nextInt(100)).bytes(), this::metadata, () -> map(mp(), 2));
                break;
            case 5: // metadata not a map
                v2(mp, this::timestamp, () -> value(2), () -> map(mp(), 2));
                break;
            case 6: // nested too deep, or just deep enough
                v2(mp, this::timestamp, this::metadata, () -> deep(990 + r.nextInt(20)));
                break;
            default: // a header of three
                mp.array(2).array(3).raw(timestamp()).map(0).integer(1).map(0);
                break;
        }
    }

    /** A body whose innermost value sits {@code levels} maps and arrays deep (the body itself is one). */
    private byte[] deep(int levels) {
        Mp mp = mp();
        for (int i = 1; i < levels; i++) {
            if (i % 2 == 1) {
                mp.map(1).str("k");
            } else {
                mp.array(1);
            }
        }
        mp.map(0);
        return mp.bytes();
    }

    private byte[] timestamp() {
        Mp mp = mp();
        switch (r.nextInt(10)) {
            case 0:
                return mp.integer(r.nextInt(10) == 0 ? 0xffffffffL + r.nextInt(5) : 1_700_000_000L + r.nextInt(1000)).bytes();
            case 1:
                return mp.f64(1_700_000_000.0 + r.nextDouble() * 1000).bytes();
            case 2:
                return mp.f32(1.7e9f + r.nextInt(1000)).bytes();
            case 3:
                return mp.uint64(r.nextBoolean() ? 18446744073L + r.nextInt(2) : -1L).bytes(); // near and past the top
            case 4:
                return mp.ext(0, be8(r.nextInt(4) == 0 ? 0xffffffffL - r.nextInt(3) : r.nextInt() & 0xffffffffL,
                        r.nextInt() & 0xffffffffL), 1 + r.nextInt(3)).bytes(); // EventTime in ext8/16/32
            default:
                return mp.eventTime(r.nextInt(8) == 0 ? 0x80000000L + r.nextInt(1000) : 1_700_000_000L + r.nextInt(1000),
                        r.nextInt(8) == 0 ? 0xfffffff0L : r.nextInt(1_000_000_000)).bytes();
        }
    }

    private byte[] metadata() {
        if (r.nextInt(3) == 0) {
            return mp().map(0, r.nextInt(4) == 0 ? 2 : 0).bytes();
        }
        Mp mp = mp();
        int keys = 1 + r.nextInt(3);
        mp.map(keys);
        for (int k = 0; k < keys; k++) {
            mp.raw(r.nextInt(4) == 0 ? str("_tag") : key(2)).raw(value(3));
        }
        return mp.bytes();
    }

    private byte[] map(Mp mp, int depth) {
        // now and then a map past the linear key scan (8 keys), where repeats are found by hashing
        int keys = depth <= 3 && r.nextInt(8) == 0 ? 7 + r.nextInt(40) : r.nextInt(depth > 4 ? 2 : 7);
        mp.map(keys, width(keys));
        byte[][] used = new byte[keys][];
        for (int k = 0; k < keys; k++) {
            // a repeated key now and then, to exercise the last-one-wins rule
            used[k] = k > 0 && r.nextInt(6) == 0 ? used[r.nextInt(k)] : key(depth + 1);
            mp.raw(used[k]).raw(value(depth + 1));
        }
        return mp.bytes();
    }

    private byte[] key(int depth) {
        int kind = r.nextInt(20);
        if (kind < 14) {
            return str(word());
        }
        if (kind < 18) {
            return value(depth + 3); // any value as a key, shallow
        }
        return mp().bin(bytes(r.nextInt(5)), 1).bytes();
    }

    private byte[] value(int depth) {
        Mp mp = mp();
        int kind = r.nextInt(depth > 5 ? 12 : 16);
        switch (kind) {
            case 0:
                return mp.nil().bytes();
            case 1:
                return mp.bool(r.nextBoolean()).bytes();
            case 2:
                return mp.integer(interestingLong()).bytes();
            case 3:
                return mp.integer(0xcc + r.nextInt(8), r.nextLong()).bytes();
            case 4:
                return mp.f64(interestingDouble()).bytes();
            case 5:
                return mp.f32(r.nextBoolean() ? Float.intBitsToFloat(r.nextInt()) : (float) interestingDouble()).bytes();
            case 6:
            case 7:
            case 8: {
                byte[] s = text();
                int w = s.length < 32 && r.nextBoolean() ? 0 : s.length < 256 ? 1 + r.nextInt(3) : 2 + r.nextInt(2);
                return mp.str(s, w == 3 ? 4 : w).bytes();
            }
            case 9:
                return mp.bin(bytes(r.nextInt(12)), 1 + r.nextInt(2) * (1 + r.nextInt(2))).bytes();
            case 10: {
                int type = r.nextInt(4) == 0 ? 0 : r.nextInt(256) - 128;
                int len = r.nextInt(3) == 0 ? 8 : new int[] {0, 1, 2, 3, 4, 16, 17}[r.nextInt(7)];
                return mp.ext(type, bytes(len), r.nextInt(4) == 3 ? 4 : r.nextInt(3)).bytes();
            }
            case 11:
                return mp.raw(r.nextInt(128)).bytes();
            case 12:
            case 13:
                return map(mp, depth);
            default: {
                int n = r.nextInt(5);
                mp.array(n, width(n));
                for (int i = 0; i < n; i++) {
                    mp.raw(value(depth + 1));
                }
                return mp.bytes();
            }
        }
    }

    private byte[] str(String s) {
        return mp().str(s).bytes();
    }

    private String word() {
        String[] words = {"log", "message", "dup", "level", "k", "", "_tag", "caf\u00e9", "1", "null", "true", "a\"b", "x\\y", "\u00f0\u009f"};
        return words[r.nextInt(words.length)];
    }

    /** Text bytes: mostly plain, with escapes, non-ASCII, 4-byte characters and invalid sequences. */
    private byte[] text() {
        int n = r.nextInt(r.nextInt(10) == 0 ? 300 : 40);
        byte[] b = new byte[n + 8];
        int i = 0;
        while (i < n) {
            int kind = r.nextInt(20);
            if (kind < 12) {
                b[i++] = (byte) (0x20 + r.nextInt(0x5f));
            } else if (kind == 12) {
                b[i++] = (byte) "\"\\\n\r\t\b\f\u0000\u0001\u001f\u007f/".charAt(r.nextInt(12));
            } else if (kind == 13) {
                byte[] e = "\u00e9".getBytes(StandardCharsets.UTF_8);
                System.arraycopy(e, 0, b, i, e.length);
                i += e.length;
            } else if (kind == 14) {
                byte[] e = "\u4e2d".getBytes(StandardCharsets.UTF_8);
                System.arraycopy(e, 0, b, i, e.length);
                i += e.length;
            } else if (kind == 15) {
                byte[] e = "\ud83d\ude00".getBytes(StandardCharsets.UTF_8);
                System.arraycopy(e, 0, b, i, e.length);
                i += e.length;
            } else if (kind == 16) {
                int[][] bad = {{0xff}, {0x80}, {0xc0, 0xaf}, {0xe2, 0x82}, {0xed, 0xa0, 0x80}, {0xf0, 0x9f, 0x98},
                        {0xf4, 0x90, 0x80, 0x80}, {0xe0, 0x80, 0x80}, {0xf8, 0x88, 0x80, 0x80, 0x80}, {0xc3}};
                for (int x : bad[r.nextInt(bad.length)]) {
                    b[i++] = (byte) x;
                }
            } else {
                b[i++] = (byte) r.nextInt(256);
            }
        }
        return Arrays.copyOf(b, Math.min(i, n + 8));
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private long interestingLong() {
        long[] edges = {0, 1, -1, 127, 128, 255, 256, -32, -33, -128, -129, 65535, 65536, -32768, -32769,
            Integer.MAX_VALUE, Integer.MIN_VALUE, 0xffffffffL, Long.MAX_VALUE, Long.MIN_VALUE};
        return r.nextBoolean() ? edges[r.nextInt(edges.length)] : r.nextLong() >> r.nextInt(64);
    }

    private double interestingDouble() {
        double[] edges = {0.0, -0.0, 1.5, 2.0, 0.1, 0.3, 0.30000000000000004, 1e-7, 1e-5, 1e-4, 0.001, 1e15, 1e16,
            1e21, 1e300, 12.15, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MAX_VALUE,
            Double.MIN_VALUE, Double.MIN_NORMAL, 0x1p63, -0x1p63, 0x1p63 - 1024, 9007199254740993.0, 123456789012345.67,
            1.0 / 3, 2.00074028968811};
        switch (r.nextInt(4)) {
            case 0:
                return edges[r.nextInt(edges.length)];
            case 1:
                return Double.longBitsToDouble(r.nextLong());
            case 2:
                return (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(40) - 20);
            default:
                return (double) (r.nextLong() >> r.nextInt(64));
        }
    }

    private int width(int n) {
        return n < 16 && r.nextInt(3) > 0 ? 0 : r.nextBoolean() ? 2 : 4;
    }

    private int headerWidth() {
        int w = r.nextInt(3);
        return w == 0 ? 0 : w == 1 ? 2 : 4;
    }

    private static byte[] be8(long sec, long nsec) {
        byte[] b = new byte[8];
        for (int i = 0; i < 4; i++) {
            b[i] = (byte) (sec >>> (24 - 8 * i));
            b[4 + i] = (byte) (nsec >>> (24 - 8 * i));
        }
        return b;
    }
}
