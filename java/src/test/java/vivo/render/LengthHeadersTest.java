package vivo.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import vivo.decode.LogReader;
import vivo.decode.Malformed;
import vivo.decode.Msgpack;

/**
 * Every encoding of str, bin and ext, whole and cut at every byte: stepping over it, rendering it and (an
 * ext) reading it as a timestamp agree on where it ends and on what a cut is called. The chunk's array
 * always holds the whole value, so a reader that looks past the end it was given is caught.
 */
class LengthHeadersTest {

    private record Encoded(String noun, byte[] bytes, String json) {
    }

    private static final List<Encoded> VALUES = List.of(
            new Encoded("string", bytes(0xa3, 'a', 'b', 'c'), "\"abc\""),
            new Encoded("string", bytes(0xd9, 3, 'a', 'b', 'c'), "\"abc\""),
            new Encoded("string", bytes(0xda, 0, 3, 'a', 'b', 'c'), "\"abc\""),
            new Encoded("string", bytes(0xdb, 0, 0, 0, 3, 'a', 'b', 'c'), "\"abc\""),
            new Encoded("bin", bytes(0xc4, 3, 'a', 'b', 'c'), "\"YWJj\""),
            new Encoded("bin", bytes(0xc5, 0, 3, 'a', 'b', 'c'), "\"YWJj\""),
            new Encoded("bin", bytes(0xc6, 0, 0, 0, 3, 'a', 'b', 'c'), "\"YWJj\""),
            new Encoded("ext", bytes(0xd4, 5, 'a'), "{\"ext_type\":5,\"data\":\"YQ==\"}"),
            new Encoded("ext", bytes(0xd5, 5, 'a', 'b'), "{\"ext_type\":5,\"data\":\"YWI=\"}"),
            new Encoded("ext", bytes(0xd6, 5, 'a', 'b', 'c', 'd'), "{\"ext_type\":5,\"data\":\"YWJjZA==\"}"),
            new Encoded("ext", bytes(0xd7, 0, 0, 0, 0, 1, 0, 0, 0, 2), "1000000002"),
            new Encoded("ext", bytes(0xd8, 5, 'a', 'b', 'c', 'd', 'a', 'b', 'c', 'd', 'a', 'b', 'c', 'd', 'a', 'b', 'c', 'd'),
                    "{\"ext_type\":5,\"data\":\"YWJjZGFiY2RhYmNkYWJjZA==\"}"),
            new Encoded("ext", bytes(0xc7, 3, 5, 'a', 'b', 'c'), "{\"ext_type\":5,\"data\":\"YWJj\"}"),
            new Encoded("ext", bytes(0xc8, 0, 3, 5, 'a', 'b', 'c'), "{\"ext_type\":5,\"data\":\"YWJj\"}"),
            new Encoded("ext", bytes(0xc9, 0, 0, 0, 8, 0, 0, 0, 0, 1, 0, 0, 0, 2), "1000000002"));

    @Test
    void aWholeValueIsSteppedOverAndRenderedToItsEnd() {
        for (Encoded v : VALUES) {
            String name = String.format("0x%02x", v.bytes()[0] & 0xff);
            assertEquals(v.bytes().length, Msgpack.skip(v.bytes(), 0, v.bytes().length), name);
            JsonWriter writer = new JsonWriter();
            writer.begin(v.bytes(), v.bytes().length);
            assertEquals(v.bytes().length, writer.value(0, 1), name);
            assertEquals(v.json(), new String(writer.copy(0, writer.position()), StandardCharsets.US_ASCII), name);
        }
    }

    @Test
    void aValueCutAtAnyByteIsTruncationOfItsKindWhereItStarts() {
        for (Encoded v : VALUES) {
            for (int end = 1; end < v.bytes().length; end++) {
                String name = String.format("0x%02x cut to %d bytes", v.bytes()[0] & 0xff, end);
                int cut = end;
                String expected = "truncated " + v.noun() + " at byte 0";
                assertEquals(expected, assertThrows(Malformed.class, () -> Msgpack.skip(v.bytes(), 0, cut), name).getMessage());
                JsonWriter writer = new JsonWriter();
                writer.begin(v.bytes(), cut);
                assertEquals(expected, assertThrows(Malformed.class, () -> writer.value(0, 1), name).getMessage());
            }
        }
    }

    @Test
    void anExtTimestampCutAtAnyByteIsTruncationWhereTheExtStarts() {
        for (Encoded v : VALUES) {
            if (!v.noun().equals("ext")) {
                continue;
            }
            // [[<ext>, {}], {}] with the ext at byte 2
            byte[] record = new byte[v.bytes().length + 4];
            record[0] = (byte) 0x92;
            record[1] = (byte) 0x92;
            System.arraycopy(v.bytes(), 0, record, 2, v.bytes().length);
            record[record.length - 2] = (byte) 0x80;
            record[record.length - 1] = (byte) 0x80;
            LogReader reader = new LogReader();
            reader.reset(record, record.length);
            reader.head();
            assertEquals(2 + v.bytes().length, reader.pos(), "the whole ext is read");
            // from 2 bytes of the ext on: with fewer, the inner array cannot hold its two values
            for (int end = 4; end < 2 + v.bytes().length; end++) {
                String name = String.format("0x%02x cut to %d bytes", v.bytes()[0] & 0xff, end - 2);
                LogReader cut = new LogReader();
                cut.reset(Arrays.copyOf(record, record.length), end);
                assertEquals("truncated ext at byte 2", assertThrows(Malformed.class, cut::head, name).getMessage());
            }
        }
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
