package vivo.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.io.schubfach.DoubleToDecimal;
import com.fasterxml.jackson.core.io.schubfach.FloatToDecimal;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessageUnpacker;

/**
 * The test oracle for one msgpack value: msgpack-core's unpacker events into Jackson's generator, the
 * straightforward way (a String per value, maps through a LinkedHashMap), written apart from the fast
 * renderer and sharing none of its code. Same JSON rules, see {@code vivo/render/package-info.java}.
 */
final class OracleJson {

    static final int MAX_DEPTH = 1000;
    /** A key that is not a string or bin may render to 16 bytes of JSON per byte of msgpack, plus 16. */
    static final int KEY_JSON_PER_BYTE = 16;
    static final int KEY_JSON_SLACK = 16;

    /** A map or array nested deeper than {@link #MAX_DEPTH}, or a key past KEY_JSON_PER_BYTE: skipped whole. */
    static final class Skippable extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /** A length that runs past the end of the chunk (msgpack-core would first allocate it). */
    static final class Truncated extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private static final JsonFactory JSON = new JsonFactory();

    static {
        JSON.setCharacterEscapes(new LowerCaseEscapes());
    }

    private final MessageUnpacker u;
    private final long chunkLength;
    private final long base;
    private boolean nonFiniteText;

    /**
     * @param base        the chunk offset where {@code u} starts reading
     * @param chunkLength the chunk's length, to refuse payload lengths that cannot fit
     */
    OracleJson(MessageUnpacker u, long base, long chunkLength) {
        this.u = u;
        this.base = base;
        this.chunkLength = chunkLength;
    }

    /** NaN and the infinities as the strings "NaN", "Infinity", "-Infinity" (metrics and traces contexts). */
    OracleJson nonFiniteAsText() {
        nonFiniteText = true;
        return this;
    }

    /** The JSON text of the next value; {@code depth} is its level if it is a map or an array. */
    String value(int depth) throws IOException {
        MessageFormat f = u.getNextFormat();
        switch (f.getValueType()) {
            case NIL:
                u.unpackNil();
                return "null";
            case BOOLEAN:
                return u.unpackBoolean() ? "true" : "false";
            case INTEGER:
                return f == MessageFormat.UINT64 ? u.unpackBigInteger().toString() : Long.toString(u.unpackLong());
            case FLOAT:
                double d = f == MessageFormat.FLOAT32 ? u.unpackFloat() : u.unpackDouble();
                if (nonFiniteText && (Double.isNaN(d) || Double.isInfinite(d))) {
                    return Double.isNaN(d) ? "\"NaN\"" : d > 0 ? "\"Infinity\"" : "\"-Infinity\"";
                }
                return f == MessageFormat.FLOAT32 ? floatText((float) d) : doubleText(d);
            case STRING:
                return jsonString(new String(payload(u.unpackRawStringHeader()), StandardCharsets.UTF_8));
            case BINARY:
                return jsonString(Base64.getEncoder().encodeToString(payload(u.unpackBinaryHeader())));
            case ARRAY:
                return array(depth);
            case MAP:
                return map(depth);
            case EXTENSION:
                return ext();
            default:
                throw new IllegalStateException("format " + f);
        }
    }

    /** A map key: strings and bin as themselves, anything else as a string of its JSON text. */
    String key(int depth) throws IOException {
        MessageFormat f = u.getNextFormat();
        long start = u.getTotalReadBytes();
        String json = value(depth);
        switch (f.getValueType()) {
            case STRING:
            case BINARY:
                return json;
            default:
                String quoted = jsonString(json);
                if (quoted.length() > KEY_JSON_PER_BYTE * (u.getTotalReadBytes() - start) + KEY_JSON_SLACK) {
                    throw new Skippable();
                }
                return quoted;
        }
    }

    /** The entries of the next map, keys rendered, in order, repeats included. */
    List<String[]> entries(int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new Skippable();
        }
        int n = u.unpackMapHeader();
        List<String[]> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String k = key(depth + 1);
            String v = value(depth + 1);
            entries.add(new String[] {k, v});
        }
        return entries;
    }

    /** Fluent Bit's rule: a repeated key keeps only its last occurrence, at that occurrence's place. */
    static Map<String, String> lastWins(List<String[]> entries) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String[] e : entries) {
            map.remove(e[0]);
            map.put(e[0], e[1]);
        }
        return map;
    }

    static String object(Map<String, String> map) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append(e.getKey()).append(':').append(e.getValue());
        }
        return sb.append('}').toString();
    }

    private String map(int depth) throws IOException {
        return object(lastWins(entries(depth)));
    }

    private String array(int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new Skippable();
        }
        int n = u.unpackArrayHeader();
        List<String> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(value(depth + 1));
        }
        return "[" + String.join(",", items) + "]";
    }

    private String ext() throws IOException {
        ExtensionTypeHeader h = u.unpackExtensionTypeHeader();
        byte[] data = payload(h.getLength());
        if (h.getType() == 0 && data.length == 8) {
            long sec = Integer.toUnsignedLong(java.nio.ByteBuffer.wrap(data, 0, 4).getInt());
            long nsec = Integer.toUnsignedLong(java.nio.ByteBuffer.wrap(data, 4, 4).getInt());
            return Long.toString(sec * 1_000_000_000L + nsec);
        }
        return "{\"ext_type\":" + h.getType() + ",\"data\":\"" + Base64.getEncoder().encodeToString(data) + "\"}";
    }

    byte[] payload(int length) throws IOException {
        if (length < 0 || base + u.getTotalReadBytes() + length > chunkLength) {
            throw new Truncated();
        }
        return u.readPayload(length);
    }

    /** A JSON string through Jackson, escapes in lower case (Jackson's own are upper case). */
    static String jsonString(String s) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** Whether {@code text} is exactly one JSON object, nothing before or after it. */
    static boolean isOneObject(String text) {
        try (com.fasterxml.jackson.core.JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    static String doubleText(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return "null";
        }
        if (d >= -9.223372036854775808E18 && d < 9.223372036854775808E18 && d == Math.rint(d)) {
            String whole = new BigDecimal(d).toBigInteger().toString();
            return (d == 0 && 1 / d < 0 ? "-" : "") + whole + ".0";
        }
        // JDK 19 and later print the shortest digits (the same algorithm as Jackson's copy);
        // JDK 17's Double.toString does not, so there the digits come from Jackson.
        String digits = Runtime.version().feature() >= 19 ? Double.toString(d) : DoubleToDecimal.toString(d);
        return likePercentG(new BigDecimal(digits));
    }

    static String floatText(float f) {
        if (Float.isNaN(f) || Float.isInfinite(f)) {
            return "null";
        }
        double d = f;
        if (d >= -9.223372036854775808E18 && d < 9.223372036854775808E18 && d == Math.rint(d)) {
            return doubleText(d);
        }
        String digits = Runtime.version().feature() >= 19 ? Float.toString(f) : FloatToDecimal.toString(f);
        return likePercentG(new BigDecimal(digits));
    }

    /** C's %g layout of exact decimal digits: scientific below 1e-4 and from 1e16, plain between. */
    private static String likePercentG(BigDecimal value) {
        BigDecimal v = value.stripTrailingZeros();
        int exponent = v.precision() - v.scale() - 1;
        if (exponent < -4 || exponent >= 16) {
            String digits = v.unscaledValue().abs().toString();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (v.signum() < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
                    + String.format("%02d", Math.abs(exponent));
        }
        return v.toPlainString();
    }

    /** Fluent Bit's escapes: short ones for " \ \n \r \t \b \f, lower-case \\u for the rest. */
    private static final class LowerCaseEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii = new int[128];

        LowerCaseEscapes() {
            for (int c = 0; c < 0x20; c++) {
                ascii[c] = ESCAPE_CUSTOM;
            }
            ascii[0x7f] = ESCAPE_CUSTOM;
            ascii['"'] = ESCAPE_CUSTOM;
            ascii['\\'] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            switch (ch) {
                case '"':
                    return new SerializedString("\\\"");
                case '\\':
                    return new SerializedString("\\\\");
                case '\n':
                    return new SerializedString("\\n");
                case '\r':
                    return new SerializedString("\\r");
                case '\t':
                    return new SerializedString("\\t");
                case '\b':
                    return new SerializedString("\\b");
                case '\f':
                    return new SerializedString("\\f");
                default:
                    return new SerializedString(String.format("\\u%04x", ch));
            }
        }
    }
}
