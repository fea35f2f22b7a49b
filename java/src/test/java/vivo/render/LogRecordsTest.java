package vivo.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

/** A log payload serves both views from one rendering, with lengths known without writing. */
class LogRecordsTest {

    private final ChunkRenderer renderer = new ChunkRenderer();

    @Test
    void lengthIsExactInBothViewsForEveryFixture() {
        for (Fixtures.Pair p : Fixtures.all()) {
            byte[] chunk = p.chunk();
            Payload payload = renderer.render(chunk, chunk.length, p.tag()).payload();
            for (View view : View.values()) {
                assertEquals(Fixtures.written(payload, view).getBytes(java.nio.charset.StandardCharsets.UTF_8).length,
                        payload.length(view), p + " " + view);
            }
        }
    }

    @Test
    void sizeCountsTheRecordsOnceNotOncePerView() {
        byte[] chunk = HandWrittenChunkTest.bytes(0x92, 0x01, 0x81, 0xa1, 'a', 0x01); // [1 s, {"a":1}]
        LogRecords r = (LogRecords) renderer.render(chunk, chunk.length, "t").payload();
        // [[1000000000,{}],{"a":1}] is 25 bytes; per record: two offsets and a kind (9 bytes); the tag "t" (3);
        // and the chunk's 6 bytes of msgpack, held beside for /api/v2, not its OTLP JSON
        assertEquals(25 + 9 + 3 + chunk.length, r.size());
        assertTrue(r.length(View.API_V2) > chunk.length);
        assertTrue(r.size() < r.length(View.CLASSIC) + r.length(View.API_V1) + r.length(View.API_V2));
    }

    @Test
    void theOtlpJsonIsRenderedOnlyWhenReadAndItsLengthIsKnownOnceMeasured() throws IOException {
        byte[] chunk = HandWrittenChunkTest.bytes(0x92, 0x01, 0x81, 0xa1, 'a', 0x01); // [1 s, {"a":1}]
        Payload payload = renderer.render(chunk, chunk.length, "t").payload();
        assertEquals(-1, payload.knownLength(View.API_V2));
        assertEquals(payload.length(View.CLASSIC), payload.knownLength(View.CLASSIC));
        assertEquals(payload.length(View.API_V1), payload.knownLength(View.API_V1));
        String json = "{\"resourceLogs\":[{\"resource\":{},\"scopeLogs\":[{\"scope\":{},\"logRecords\":[{\"timeUnixNano\":\"1000000000\","
                + "\"body\":{\"kvlistValue\":{\"values\":[{\"key\":\"a\",\"value\":{\"intValue\":\"1\"}}]}}}]}]}]}";
        assertEquals(json, v2(payload));
        assertEquals(-1, payload.knownLength(View.API_V2), "writing does not measure");
        assertEquals(json.length(), payload.length(View.API_V2));
        assertEquals(json.length(), payload.knownLength(View.API_V2));
        assertEquals(json, v2(payload), "written after the measure, from the renderer's buffer");
        assertEquals(json, v2(payload), "and rendered again after that");
    }

    private static String v2(Payload payload) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        payload.write(View.API_V2, out);
        return out.toString(java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Test
    void theClassicViewOfThousandsOfRecordsIsWrittenInFewCalls() throws IOException {
        Fixtures.Pair big = Fixtures.all().stream().filter(p -> p.scenario().equals("big-chunk")).findFirst().orElseThrow();
        byte[] chunk = big.chunk();
        Payload payload = renderer.render(chunk, chunk.length, big.tag()).payload();
        int[] calls = {0};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        OutputStream counting = new OutputStream() {
            @Override
            public void write(int b) {
                calls[0]++;
                bytes.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                calls[0]++;
                bytes.write(b, off, len);
            }
        };
        payload.write(View.CLASSIC, counting);
        assertEquals(payload.length(View.CLASSIC), bytes.size());
        assertTrue(calls[0] < 200, calls[0] + " writes for 11193 lines");
    }
}
