package vivo.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import vivo.decode.ChunkKind;

/**
 * Small chunks written byte by byte, every byte group commented (as fluent-bit-go's decoder_test does),
 * with the exact JSON expected for each. Tag "t" throughout.
 */
class HandWrittenChunkTest {

    private final ChunkRenderer renderer = new ChunkRenderer();

    @Test
    void legacyRecordWithIntegerSecondsGetsEmptyMetadata() {
        byte[] chunk = bytes(
                0x92,                           // fixarray 2: [timestamp, body]
                0xce, 0x65, 0x53, 0xf1, 0x00,   // uint32 1700000000 (seconds)
                0x81,                           // fixmap 1
                0xa1, 'a', 0x01);               // "a": 1
        ChunkRenderer.Rendered r = render(chunk);
        assertEquals("{\"tag\":\"t\",\"records\":[[[1700000000000000000,{}],{\"a\":1}]]}\n", api(r));
        assertEquals("[[1700000000000000000,{\"_tag\":\"t\"}],{\"a\":1}]\n", classic(r));
        assertEquals(0, r.dropped());
        assertNull(r.problem());
    }

    @Test
    void legacyRecordWithFloatSecondsTruncatesToNanoseconds() {
        byte[] chunk = bytes(
                0x92,                                               // fixarray 2
                0xcb, 0x41, 0xd9, 0x54, 0xfc, 0x40, 0x20, 0x00, 0x00, // float64 1700000000.5
                0x80);                                              // fixmap 0
        assertEquals("[[1700000000500000000,{\"_tag\":\"t\"}],{}]\n", classic(render(chunk)));
    }

    @Test
    void legacyRecordWithEventTimeKeepsNanosecondsAboveOneBillionAsTheyAre() {
        byte[] chunk = bytes(
                0x92,                           // fixarray 2
                0xd7, 0x00,                     // fixext 8, type 0: EventTime
                0x65, 0x53, 0xf1, 0x01,         //   seconds 1700000001
                0x83, 0x9f, 0x7c, 0xa9,         //   nanoseconds 2208267433 (uint32; Fluent Bit's OTLP input writes such)
                0x80);                          // fixmap 0
        assertEquals("[[1700000003208267433,{\"_tag\":\"t\"}],{}]\n", classic(render(chunk)));
    }

    @Test
    void eventTimeSecondsFrom2038OnAreReadUnsigned() {
        byte[] chunk = bytes(
                0x92, 0x92,                     // fixarray 2, fixarray 2: [[timestamp, metadata], body]
                0xd7, 0x00,                     // EventTime
                0x80, 0x00, 0x00, 0x00,         //   seconds 2147483648 (negative as int32: the C plugin skips it)
                0x00, 0x00, 0x00, 0x07,         //   nanoseconds 7
                0x80,                           // metadata {}
                0x80);                          // body {}
        assertEquals("[[2147483648000000007,{\"_tag\":\"t\"}],{}]\n", classic(render(chunk)));
    }

    @Test
    void recordsWithArray16AndArray32HeadersAreRecords() {
        byte[] chunk = bytes(
                0xdc, 0x00, 0x02,               // array16 2
                0xdd, 0x00, 0x00, 0x00, 0x02,   // array32 2 (Fluent Bit 4.2 writes these)
                0xd7, 0x00, 0x65, 0x53, 0xf1, 0x00, 0x00, 0x00, 0x00, 0x05, // EventTime 1700000000.000000005
                0x81, 0xa1, 'k', 0xa1, 'v',     // metadata {"k":"v"}
                0xde, 0x00, 0x01,               // map16 1
                0xd9, 0x03, 'l', 'o', 'g',      //   str8 "log"
                0xda, 0x00, 0x02, 'h', 'i');    //   str16 "hi"
        ChunkRenderer.Rendered r = render(chunk);
        assertEquals("{\"tag\":\"t\",\"records\":[[[1700000000000000005,{\"k\":\"v\"}],{\"log\":\"hi\"}]]}\n", api(r));
        assertEquals("[[1700000000000000005,{\"_tag\":\"t\",\"k\":\"v\"}],{\"log\":\"hi\"}]\n", classic(r));
    }

    @Test
    void metadataWithItsOwnTagKeepsItInTheClassicView() {
        byte[] chunk = bytes(
                0x92, 0x92,                     // [[ts, metadata], body]
                0x01,                           // timestamp 1 s
                0x82,                           // metadata: fixmap 2
                0xa5, 'l', 'e', 'v', 'e', 'l', 0xa4, 'i', 'n', 'f', 'o',  // "level": "info"
                0xa4, '_', 't', 'a', 'g', 0xa4, 'f', 'a', 'k', 'e',       // "_tag": "fake"
                0x80);                          // body {}
        assertEquals("[[1000000000,{\"level\":\"info\",\"_tag\":\"fake\"}],{}]\n", classic(render(chunk)));
    }

    @Test
    void groupMarkersAreNotRecordsAndOneOtlpGroupGivesTheOtlpKey() {
        byte[] chunk = bytes(
                // group start: [[EventTime(0xffffffff, 0), {"schema":"otlp"}], {"resource":{"a":1},"scope":{}}]
                0x92, 0x92,
                0xd7, 0x00, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00,
                0x81, 0xa6, 's', 'c', 'h', 'e', 'm', 'a', 0xa4, 'o', 't', 'l', 'p',
                0x82, 0xa8, 'r', 'e', 's', 'o', 'u', 'r', 'c', 'e', 0x81, 0xa1, 'a', 0x01,
                0xa5, 's', 'c', 'o', 'p', 'e', 0x80,
                // a record: [[2 s, {}], {"m":"x"}]
                0x92, 0x92, 0x02, 0x80, 0x81, 0xa1, 'm', 0xa1, 'x',
                // group end: [[EventTime(0xfffffffe, 0), {}], {}]
                0x92, 0x92,
                0xd7, 0x00, 0xff, 0xff, 0xff, 0xfe, 0x00, 0x00, 0x00, 0x00,
                0x80, 0x80);
        ChunkRenderer.Rendered r = render(chunk);
        assertEquals("{\"tag\":\"t\",\"records\":[[[2000000000,{}],{\"m\":\"x\"}]],"
                + "\"otlp\":{\"resource\":{\"a\":1},\"scope\":{}}}\n", api(r));
        assertEquals("[[2000000000,{\"_tag\":\"t\"}],{\"m\":\"x\"}]\n", classic(r));
        assertEquals(0, r.dropped());
    }

    @Test
    void integerMinusOneAndMinusTwoAreGroupMarkersToo() {
        byte[] chunk = bytes(
                0x92, 0x92, 0xff,               // [[-1 (group start), ...
                0x81, 0xa1, 'g', 0x01,          //   metadata {"g":1}], (no schema: an flb_group)
                0x81, 0xa1, 'a', 0x02,          //   attributes {"a":2}]
                0x92, 0x92, 0x03, 0x80, 0x80,   // [[3 s, {}], {}]
                0x92, 0x92, 0xfe, 0x80, 0x80);  // [[-2 (group end), {}], {}]
        assertEquals("{\"tag\":\"t\",\"records\":[[[3000000000,{}],{}]],"
                + "\"flb_group\":{\"metadata\":{\"g\":1},\"body\":{\"a\":2}}}\n", api(render(chunk)));
    }

    @Test
    void recordsFromTwoDifferentGroupsGetNoGroupKey() {
        byte[] chunk = bytes(
                0x92, 0x92, 0xff, 0x81, 0xa1, 'g', 0x01, 0x80,   // group start {"g":1}, {}
                0x92, 0x92, 0x01, 0x80, 0x80,                    // record 1 s
                0x92, 0x92, 0xfe, 0x80, 0x80,                    // group end
                0x92, 0x92, 0xff, 0x81, 0xa1, 'g', 0x02, 0x80,   // group start {"g":2}, {}
                0x92, 0x92, 0x02, 0x80, 0x80,                    // record 2 s
                0x92, 0x92, 0xfe, 0x80, 0x80);                   // group end
        assertEquals("{\"tag\":\"t\",\"records\":[[[1000000000,{}],{}],[[2000000000,{}],{}]]}\n", api(render(chunk)));
    }

    @Test
    void aChunkOfOnlyGroupMarkersHasAnEmptyRecordsLineAndNoClassicLine() {
        byte[] chunk = bytes(
                0x92, 0x92, 0xff, 0x80, 0x80,   // group start
                0x92, 0x92, 0xfe, 0x80, 0x80);  // group end
        ChunkRenderer.Rendered r = render(chunk);
        assertEquals("{\"tag\":\"t\",\"records\":[]}\n", api(r));
        assertEquals("", classic(r));
        assertEquals(0, r.payload().length(View.CLASSIC));
    }

    @Test
    void aRecordWhoseBodyIsNotAMapIsSkippedAndTheNextIsKept() {
        byte[] chunk = bytes(
                0x92, 0x01, 0xa3, 'b', 'a', 'd',  // [1 s, "bad"]: body is a string
                0x92, 0x02, 0x80);                // [2 s, {}]
        ChunkRenderer.Rendered r = render(chunk);
        assertEquals("[[2000000000,{\"_tag\":\"t\"}],{}]\n", classic(r));
        assertEquals(1, r.dropped());
        assertEquals("logs chunk (tag t): skipped 1 invalid record, the first at byte 0: the body is a string, not a map", r.problem());
    }

    @Test
    void aTimestampThatIsNotATimeMakesTheRecordInvalid() {
        byte[] chunk = bytes(
                0x92, 0xa3, 'n', 'o', 'w', 0x80,  // ["now", {}]
                0x92, 0xfd, 0x80,                 // [-3, {}]: negative, not a group marker
                0x92, 0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x80, // [2^64-1 s, {}]: past uint64 ns
                0x92, 0x04, 0x80);                // [4 s, {}]
        ChunkRenderer.Rendered r = render(chunk);
        assertEquals("[[4000000000,{\"_tag\":\"t\"}],{}]\n", classic(r));
        assertEquals(3, r.dropped());
        assertEquals("logs chunk (tag t): skipped 3 invalid records, the first at byte 0: the timestamp is a string, "
                + "not an EventTime, integer or float", r.problem());
    }

    @Test
    void aChunkCutInsideAStringKeepsTheRecordsBefore() {
        byte[] chunk = bytes(
                0x92, 0x01, 0x80,                 // [1 s, {}]
                0x92, 0x02,                       // [2 s,
                0x81, 0xa1, 'k',                  //   {"k":
                0xa5, 'h', 'e');                  //     fixstr of 5 bytes, only 2 here: the chunk ends
        ChunkRenderer.Rendered r = render(chunk);
        assertEquals("[[1000000000,{\"_tag\":\"t\"}],{}]\n", classic(r));
        assertEquals(1, r.dropped());
        assertEquals("logs chunk (tag t) cut after 1 record: truncated string at byte 8", r.problem());
    }

    @Test
    void theUnusedByte0xc1CutsTheChunk() {
        byte[] chunk = bytes(
                0x92, 0x01, 0x80,                 // [1 s, {}]
                0x92, 0x02, 0x81, 0xa1, 'k', 0xc1, // [2 s, {"k": <0xc1, never used in msgpack>
                0x92, 0x03, 0x80);                // [3 s, {}]: unreachable, the reader cannot resync
        ChunkRenderer.Rendered r = render(chunk);
        assertEquals("[[1000000000,{\"_tag\":\"t\"}],{}]\n", classic(r));
        assertEquals(1, r.dropped());
        assertEquals("logs chunk (tag t) cut after 1 record: invalid msgpack byte 0xc1 at byte 8", r.problem());
    }

    @Test
    void aChunkCutInsideItsFirstRecordHasNoPayload() {
        byte[] chunk = bytes(
                0xdd, 0x00, 0x00);                // array32 header cut short
        ChunkRenderer.Rendered r = render(chunk);
        assertNull(r.payload());
        assertEquals(1, r.dropped());
        assertEquals("logs chunk (tag t) cut after 0 records: truncated array at byte 0", r.problem());
    }

    @Test
    void aBodyNestedDeeperThanTheLimitIsSkippedAndOneAtTheLimitIsKept() {
        // [1 s, {"k":{"k":...{}}}] with the body at level 1 and the innermost map at level 1000, then 1001
        byte[] atLimit = record(1, 1000);
        byte[] tooDeep = record(2, 1001);
        byte[] chunk = concat(atLimit, tooDeep, bytes(0x92, 0x03, 0x80)); // then [3 s, {}]
        ChunkRenderer.Rendered r = render(chunk);
        String line0 = classic(r).split("\n")[0];
        assertEquals(1000, line0.chars().filter(c -> c == '{').count() - 1, "the body's 1000 levels, plus _tag's metadata");
        assertEquals("[[3000000000,{\"_tag\":\"t\"}],{}]", classic(r).split("\n")[1]);
        assertEquals(1, r.dropped());
        // the too-deep map: after the second record's 2-byte header and its 1000 levels of {"k":
        assertEquals("logs chunk (tag t): skipped 1 invalid record, the first at byte " + (atLimit.length + 2 + 1000 * 3)
                + ": nesting deeper than 1000 levels", r.problem());
    }

    @Test
    void repeatedKeysKeepTheLastAtItsPlaceAndOtherKeysBecomeStrings() {
        byte[] chunk = bytes(
                0x92, 0x01,                       // [1 s,
                0x86,                             //   fixmap 6
                0xa3, 'd', 'u', 'p', 0x01,        //   "dup": 1
                0xa1, 'x', 0xa1, 'y',             //   "x": "y"
                0xa3, 'd', 'u', 'p', 0x02,        //   "dup": 2 (wins, here)
                0x01, 0xa1, 'i',                  //   1: "i"     (integer key)
                0xc0, 0xa1, 'n',                  //   nil: "n"
                0xc4, 0x02, 0xde, 0xad, 0xc3);    //   bin de ad: true
        assertEquals("[[1000000000,{\"_tag\":\"t\"}],{\"x\":\"y\",\"dup\":2,\"1\":\"i\",\"null\":\"n\",\"3q0=\":true}]\n",
                classic(render(chunk)));
    }

    @Test
    void valuesOfEveryKindRenderAsValidJson() {
        byte[] chunk = bytes(
                0x92, 0x01, 0x88,                                           // [1 s, fixmap 8
                0xa1, 'f', 0xcb, 0x7f, 0xf8, 0, 0, 0, 0, 0, 0,              //   "f": NaN
                0xa1, 'g', 0xcb, 0x3f, 0xb9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a, // "g": 0.1
                0xa1, 'h', 0xca, 0x40, 0x00, 0x00, 0x00,                    //   "h": float32 2.0
                0xa1, 'u', 0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, // "u": uint64 max
                0xa1, 'e', 0xd5, 0x05, 0x01, 0xff,                          //   "e": fixext 2, type 5
                0xa1, 'b', 0xc4, 0x03, 'a', 'b', 'c',                       //   "b": bin "abc"
                0xa1, 's', 0xa4, 'a', 0xff, 0xc3, 0xa9,                     //   "s": "a" 0xff "é"
                0xa1, 'a', 0x93, 0xc0, 0xc2, 0xd0, 0x80);                   //   "a": [nil, false, -128]
        assertEquals("[[1000000000,{\"_tag\":\"t\"}],{\"f\":null,\"g\":0.1,\"h\":2.0,\"u\":18446744073709551615,"
                + "\"e\":{\"ext_type\":5,\"data\":\"Af8=\"},\"b\":\"YWJj\",\"s\":\"a\\ufffd\\u00e9\",\"a\":[null,false,-128]}]\n",
                classic(render(chunk)));
    }

    @Test
    void anEmptyChunkHasNoPayloadAndSaysSo() {
        ChunkRenderer.Rendered r = renderer.render(new byte[16], 0, "t");
        assertNull(r.payload());
        assertEquals(0, r.dropped());
        assertEquals("empty chunk (tag t)", r.problem());
    }

    @Test
    void aChunkThatStartsWithAStringIsNotLogsMetricsOrTraces() {
        ChunkRenderer.Rendered r = render(bytes(0xa2, 'h', 'i')); // "hi"
        assertNull(r.payload());
        assertEquals(1, r.dropped());
        assertEquals("chunk (tag t) is not logs, metrics or traces: it starts with a string", r.problem());
    }

    @Test
    void aMapWithAnotherFirstKeyIsNotMetricsOrTraces() {
        ChunkRenderer.Rendered r = render(bytes(0x81, 0xa3, 'f', 'o', 'o', 0x01)); // {"foo":1}
        assertNull(r.payload());
        assertEquals("chunk (tag t) is not logs, metrics or traces: it starts with a map whose first key is \"foo\"", r.problem());
    }

    @Test
    void everyMetricsContextOfAChunkIsALine() {
        byte[] chunk = bytes(
                0x81, 0xa4, 'm', 'e', 't', 'a', 0x01,   // {"meta":1}
                0x81, 0xa4, 'm', 'e', 't', 'a', 0x02);  // {"meta":2}: the C plugin loses this one
        ChunkRenderer.Rendered r = render(chunk);
        assertEquals(ChunkKind.METRICS, r.payload().kind());
        assertEquals("{\"meta\":1}\n{\"meta\":2}\n", api(r));
        assertEquals(api(r), classic(r));
    }

    @Test
    void aTracesContextIsRecognisedByItsResourceSpansKeyInAnyStringForm() {
        byte[] chunk = bytes(
                0xde, 0x00, 0x01,                          // map16 1
                0xd9, 13, 'r', 'e', 's', 'o', 'u', 'r', 'c', 'e', 'S', 'p', 'a', 'n', 's', // str8 "resourceSpans"
                0x90);                                     // []
        ChunkRenderer.Rendered r = render(chunk);
        assertEquals(ChunkKind.TRACES, r.payload().kind());
        assertEquals("{\"resourceSpans\":[]}\n", api(r));
    }

    @Test
    void thePayloadDoesNotReferToTheChunkArray() {
        byte[] chunk = bytes(0x92, 0x01, 0x81, 0xa1, 'a', 0xa1, 'b'); // [1 s, {"a":"b"}]
        ChunkRenderer.Rendered r = renderer.render(chunk, chunk.length, "t");
        Arrays.fill(chunk, (byte) 0);
        renderer.render(bytes(0x92, 0x02, 0x80), 3, "other"); // the renderer's buffers are reused too
        assertEquals("[[1000000000,{\"_tag\":\"t\"}],{\"a\":\"b\"}]\n", classic(r));
    }

    @Test
    void theTagIsEscapedLikeAnyString() {
        ChunkRenderer.Rendered r = renderer.render(bytes(0x92, 0x01, 0x80), 3, "a\"\u00e9");
        assertEquals("{\"tag\":\"a\\\"\\u00e9\",\"records\":[[[1000000000,{}],{}]]}\n", api(r));
    }

    private ChunkRenderer.Rendered render(byte[] chunk) {
        return renderer.render(chunk, chunk.length, "t");
    }

    private static String api(ChunkRenderer.Rendered r) {
        return Fixtures.written(r.payload(), View.API_V1);
    }

    private static String classic(ChunkRenderer.Rendered r) {
        return Fixtures.written(r.payload(), View.CLASSIC);
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        Mp mp = new Mp();
        for (byte[] p : parts) {
            mp.raw(p);
        }
        return mp.bytes();
    }

    /** {@code [seconds, {"k":{"k":...{}}}]} whose innermost map is at level {@code levels}. */
    private static byte[] record(int seconds, int levels) {
        Mp mp = new Mp().raw(0x92, seconds);
        for (int i = 1; i < levels; i++) {
            mp.raw(0x81, 0xa1, 'k'); // fixmap 1, "k":
        }
        return mp.raw(0x80).bytes(); // the innermost {}
    }
}
