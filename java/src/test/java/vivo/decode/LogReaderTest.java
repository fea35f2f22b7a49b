package vivo.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Record envelopes and timestamps, each form Fluent Bit writes. */
class LogReaderTest {

    private final LogReader reader = new LogReader();

    private int head(int... bytes) {
        byte[] chunk = MsgpackTest.bytes(bytes);
        reader.reset(chunk, chunk.length);
        return reader.head();
    }

    @Test
    void everyTimestampFormBecomesNanoseconds() {
        assertRecord(1_700_000_000_000_000_000L, head(0x92, 0xce, 0x65, 0x53, 0xf1, 0x00, 0x80));           // uint32 s
        assertRecord(5_000_000_000L, head(0x92, 0xd0, 0x05, 0x80));                                        // int8 s
        assertRecord(1_700_000_000_500_000_000L, head(0x92, 0xcb, 0x41, 0xd9, 0x54, 0xfc, 0x40, 0x20, 0, 0, 0x80)); // float64 s
        assertRecord(1_500_000_000L, head(0x92, 0xca, 0x3f, 0xc0, 0, 0, 0x80));                           // float32 1.5 s
        assertRecord(1_000_000_002L, head(0x92, 0xd7, 0x00, 0, 0, 0, 1, 0, 0, 0, 2, 0x80));                 // fixext 8 EventTime
        assertRecord(1_000_000_002L, head(0x92, 0xc7, 0x08, 0x00, 0, 0, 0, 1, 0, 0, 0, 2, 0x80));           // ext 8 EventTime
        assertRecord(4_294_967_293_999_999_999L, head(0x92, 0xd7, 0x00, 0xff, 0xff, 0xff, 0xfd, 0x3b, 0x9a, 0xc9, 0xff, 0x80));
    }

    @Test
    void theLargestSecondsStillFitAndOneMoreDoesNot() {
        // 18446744073 s is 18446744073000000000 ns, below 2^64; 18446744074 s is not
        assertRecord(Long.parseUnsignedLong("18446744073000000000"), head(0x92, 0xcf, 0, 0, 0, 0x04, 0x4b, 0x82, 0xfa, 0x09, 0x80));
        assertEquals(LogReader.INVALID, head(0x92, 0xcf, 0, 0, 0, 0x04, 0x4b, 0x82, 0xfa, 0x0a, 0x80));
        assertEquals("the timestamp 18446744074 s is out of range", reader.invalidReason());
    }

    @Test
    void groupMarkersAreRecognisedInEveryForm() {
        assertEquals(LogReader.GROUP_START, head(0x92, 0x92, 0xd7, 0x00, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0x80, 0x80));
        assertEquals(LogReader.GROUP_END, head(0x92, 0x92, 0xd7, 0x00, 0xff, 0xff, 0xff, 0xfe, 0, 0, 0, 0, 0x80, 0x80));
        assertEquals(LogReader.GROUP_START, head(0x92, 0xff, 0x80));                          // int -1
        assertEquals(LogReader.GROUP_END, head(0x92, 0xd3, -1, -1, -1, -1, -1, -1, -1, 0xfe, 0x80)); // int64 -2
        assertEquals(LogReader.GROUP_START, head(0x92, 0xcb, 0xbf, 0xf0, 0, 0, 0, 0, 0, 0, 0x80)); // float -1.0
    }

    @Test
    void aLegacyRecordLeavesTheReaderAtItsBody() {
        head(0x92, 0x01, 0x81, 0xa1, 'a', 0x01);
        assertTrue(reader.legacy());
        assertEquals(2, reader.pos());
        head(0x92, 0x92, 0x01, 0x80, 0x80);
        assertFalse(reader.legacy());
        assertEquals(3, reader.pos(), "at the metadata");
    }

    @Test
    void notARecordSaysWhy() {
        assertInvalid("the record is a string, not an array", head(0xa1, 'x'));
        assertInvalid("the record is an array of 3, not 2", head(0x93, 0x01, 0x80, 0x80));
        assertInvalid("the record header is an array of 1, not [timestamp, metadata]", head(0x92, 0x91, 0x01, 0x80));
        assertInvalid("the timestamp is nil, not an EventTime, integer or float", head(0x92, 0xc0, 0x80));
        assertInvalid("the timestamp is an ext of type 5 and 8 bytes, not an EventTime", head(0x92, 0xd7, 0x05, 0, 0, 0, 0, 0, 0, 0, 0, 0x80));
        assertInvalid("the timestamp -3 s is negative", head(0x92, 0xfd, 0x80));
        assertInvalid("the metadata is an integer, not a map", head(0x92, 0x92, 0x01, 0x07, 0x80));
    }

    private void assertRecord(long nanos, int kind) {
        assertEquals(LogReader.RECORD, kind, reader.invalidReason());
        assertEquals(nanos, reader.nanos(), Long.toUnsignedString(reader.nanos()));
    }

    private void assertInvalid(String reason, int kind) {
        assertEquals(LogReader.INVALID, kind);
        assertEquals(reason, reader.invalidReason());
        assertEquals(0, reader.invalidAt());
    }
}
