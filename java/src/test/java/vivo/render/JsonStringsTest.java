package vivo.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The string escaper against the plain way: decode with {@code new String(bytes, UTF_8)} (which puts
 * U+FFFD where the bytes are not UTF-8), then escape each UTF-16 unit. Exhaustive over short byte
 * sequences, at every offset from the end of the array (the word reads and the byte-at-a-time tail).
 */
class JsonStringsTest {

    /** Bytes around every boundary of the UTF-8 decision tree. */
    private static final int[] EDGES = {0x00, 0x08, 0x1f, 0x20, 0x22, 0x2f, 0x41, 0x5c, 0x7e, 0x7f, 0x80, 0x8f, 0x90,
        0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5,
        0xf7, 0xf8, 0xfb, 0xfc, 0xff};

    @Test
    void everyOneAndTwoByteSequenceEscapesAsJavaDecodesIt() {
        for (int a = 0; a < 256; a++) {
            check(new byte[] {(byte) a});
            for (int b = 0; b < 256; b++) {
                check(new byte[] {(byte) a, (byte) b});
            }
        }
    }

    @Test
    void everyThreeAndFourByteSequenceOfBoundaryBytesEscapesAsJavaDecodesIt() {
        for (int a : EDGES) {
            for (int b : EDGES) {
                for (int c : EDGES) {
                    check(new byte[] {(byte) a, (byte) b, (byte) c});
                    for (int d : EDGES) {
                        check(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
                    }
                }
            }
        }
    }

    @Test
    void randomTextWithInvalidBytesEscapesAsJavaDecodesIt() {
        Random r = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] s = new byte[r.nextInt(40)];
            for (int k = 0; k < s.length; k++) {
                s[k] = (byte) (r.nextInt(3) == 0 ? EDGES[r.nextInt(EDGES.length)] : r.nextInt(3) == 0 ? r.nextInt(256) : 'a' + r.nextInt(26));
            }
            check(s);
        }
    }

    @Test
    void fluentBitsEscapesAreKeptExactly() {
        assertEquals("\"tab\\there|nl\\nthere|cr\\r|ctrl\\u0001\\u001f|del\\u007f|quote\\\"|backslash\\\\|slash/|bs\\b|ff\\f\"",
                escape("tab\there|nl\nthere|cr\r|ctrl\u0001\u001f|del\u007f|quote\"|backslash\\|slash/|bs\b|ff\f"
                        .getBytes(StandardCharsets.UTF_8)));
        assertEquals("\"caf\\u00e9 \\ud83d\\ude00 \\u4e2d\"", escape("caf\u00e9 \ud83d\ude00 \u4e2d".getBytes(StandardCharsets.UTF_8)));
    }

    /** Escapes {@code s} placed at the very end of an array, and again with room after it. */
    private static void check(byte[] s) {
        String expected = plainEscape(new String(s, StandardCharsets.UTF_8));
        for (int prefix = 0; prefix < 9; prefix++) {
            for (int room : new int[] {0, 9}) {
                byte[] in = new byte[prefix + s.length + room];
                java.util.Arrays.fill(in, (byte) 'x');
                System.arraycopy(s, 0, in, prefix, s.length);
                byte[] out = new byte[s.length * JsonStrings.MAX_EXPANSION + 16];
                int end = JsonStrings.write(in, prefix, prefix + s.length, out, 0);
                String got = new String(out, 0, end, StandardCharsets.US_ASCII);
                if (!expected.equals(got)) {
                    assertEquals(expected, got, "bytes " + java.util.HexFormat.of().formatHex(s) + " at " + prefix + ", room " + room);
                }
            }
        }
    }

    private static String escape(byte[] s) {
        byte[] out = new byte[s.length * JsonStrings.MAX_EXPANSION + 16];
        return new String(out, 0, JsonStrings.write(s, 0, s.length, out, 0), StandardCharsets.US_ASCII);
    }

    /** The rules, one UTF-16 unit at a time. */
    private static String plainEscape(String text) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
