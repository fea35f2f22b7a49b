package vivo.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MsgpackTest {

    @Test
    void skipStepsOverEveryKindOfValue() {
        byte[] values = bytes(
                0x05,                               // positive fixint
                0xe0,                               // negative fixint
                0xc0, 0xc2, 0xc3,                   // nil, false, true
                0xcc, 0x01, 0xcd, 0, 1, 0xce, 0, 0, 0, 1, 0xcf, 0, 0, 0, 0, 0, 0, 0, 1, // uint 8/16/32/64
                0xd0, 1, 0xd1, 0, 1, 0xd2, 0, 0, 0, 1, 0xd3, 0, 0, 0, 0, 0, 0, 0, 1,   // int 8/16/32/64
                0xca, 0, 0, 0, 0, 0xcb, 0, 0, 0, 0, 0, 0, 0, 0,  // float32, float64
                0xa2, 'h', 'i', 0xd9, 1, 'x', 0xda, 0, 1, 'x', 0xdb, 0, 0, 0, 1, 'x', // str fix/8/16/32
                0xc4, 1, 0, 0xc5, 0, 1, 0, 0xc6, 0, 0, 0, 1, 0,  // bin 8/16/32
                0xd4, 1, 0, 0xd5, 1, 0, 0, 0xd6, 1, 0, 0, 0, 0, // fixext 1/2/4
                0xd7, 1, 0, 0, 0, 0, 0, 0, 0, 0,     // fixext 8
                0xd8, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // fixext 16
                0xc7, 1, 5, 0, 0xc8, 0, 1, 5, 0, 0xc9, 0, 0, 0, 1, 5, 0, // ext 8/16/32
                0x92, 0x01, 0x02, 0xdc, 0, 1, 0x01, 0xdd, 0, 0, 0, 1, 0x01, // arrays fix/16/32
                0x81, 0x01, 0x02, 0xde, 0, 1, 0x01, 0x02, 0xdf, 0, 0, 0, 1, 0x01, 0x02); // maps fix/16/32
        int p = 0;
        int count = 0;
        while (p < values.length) {
            p = Msgpack.skip(values, p, values.length);
            count++;
        }
        assertEquals(values.length, p);
        assertEquals(36, count);
    }

    @Test
    void skipDoesNotRecurseSoAnyDepthIsFine() {
        byte[] deep = new byte[1_000_001];
        java.util.Arrays.fill(deep, 0, 1_000_000, (byte) 0x91); // 10^6 nested one-element arrays
        deep[1_000_000] = 0x01;
        assertEquals(deep.length, Msgpack.skip(deep, 0, deep.length));
    }

    @Test
    void aCountTheChunkCannotHoldIsTruncation() {
        byte[] huge = bytes(0xdd, 0xff, 0xff, 0xff, 0xff, 0x01); // array32 of 4294967295 elements, 1 byte left
        Malformed e = assertThrows(Malformed.class, () -> Msgpack.skip(huge, 0, huge.length));
        assertEquals("truncated array at byte 0", e.getMessage());
        byte[] longString = bytes(0x92, 0x01, 0xdb, 0x7f, 0xff, 0xff, 0xff, 'x'); // str32 of 2 GB
        assertEquals("truncated string at byte 2", assertThrows(Malformed.class, () -> Msgpack.skip(longString, 0, longString.length)).getMessage());
    }

    @Test
    void theUnusedByteIsReportedWhereItIs() {
        byte[] bad = bytes(0x92, 0x01, 0xc1);
        assertEquals("invalid msgpack byte 0xc1 at byte 2", assertThrows(Malformed.class, () -> Msgpack.skip(bad, 0, bad.length)).getMessage());
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
