package vivo.render;

/** msgpack bin and ext data as JSON text: standard base64 (RFC 4648 section 4) with padding. */
public final class Base64Text {

    private static final byte[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private Base64Text() {
    }

    /** The base64 length of {@code len} bytes. */
    public static int length(int len) {
        return (len + 2) / 3 * 4;
    }

    /** Writes the base64 of {@code in[p, p + len)} at {@code out[o]}; returns the position after it. */
    public static int write(byte[] in, int p, int len, byte[] out, int o) {
        int full = p + len / 3 * 3;
        for (; p < full; p += 3) {
            int v = (in[p] & 0xff) << 16 | (in[p + 1] & 0xff) << 8 | (in[p + 2] & 0xff);
            out[o] = ALPHABET[v >>> 18];
            out[o + 1] = ALPHABET[(v >>> 12) & 0x3f];
            out[o + 2] = ALPHABET[(v >>> 6) & 0x3f];
            out[o + 3] = ALPHABET[v & 0x3f];
            o += 4;
        }
        int rest = len % 3;
        if (rest > 0) {
            int v = (in[p] & 0xff) << 16 | (rest == 2 ? (in[p + 1] & 0xff) << 8 : 0);
            out[o] = ALPHABET[v >>> 18];
            out[o + 1] = ALPHABET[(v >>> 12) & 0x3f];
            out[o + 2] = rest == 2 ? ALPHABET[(v >>> 6) & 0x3f] : (byte) '=';
            out[o + 3] = '=';
            o += 4;
        }
        return o;
    }
}
