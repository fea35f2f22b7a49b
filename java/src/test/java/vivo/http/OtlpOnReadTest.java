package vivo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import vivo.decode.ChunkKind;
import vivo.render.Pages;
import vivo.render.View;
import vivo.render.otlp.OtlpJson;
import vivo.render.otlp.OtlpLogs;
import vivo.stream.Entry;

/**
 * /api/v2 over chunks as the drain stores them: their msgpack, whose OTLP JSON a page renders when it
 * reads it. Exact pages, page bounds from lengths measured outside the stream's lock, empty_stream_on_read,
 * an entry longer than a page, and a long poll woken by a chunk not measured yet.
 */
class OtlpOnReadTest {

    private static final String[] CHUNKS = {"first \"line\" é", "second line, a little longer than the first", "3", "four", "five 😀 " + "y".repeat(150)};

    /** The OTLP JSON of chunk {@code i}, rendered straight from its msgpack. */
    private static String otlp(int i) {
        byte[] chunk = LogRecordsFor.msgpack(CHUNKS[i], CHUNKS[i] + " again");
        return new String(new OtlpLogs(new OtlpJson()).render(chunk, chunk.length), StandardCharsets.US_ASCII);
    }

    private static Entry append(TestServer server, int i) {
        return server.streams.append("app", LogRecordsFor.chunk("app", CHUNKS[i], CHUNKS[i] + " again"));
    }

    private static String entry(long id) {
        return "{\"id\":\"" + id + "\",\"source\":{\"tag\":\"app\"},\"payload\":" + otlp((int) id) + "}";
    }

    private static String page(TestServer server, long next, long oldest, long tail, String... entries) {
        return "{\"schemaVersion\":2,\"signal\":\"logs\",\"generation\":\"" + server.streams.generation() + "\",\"nextCursor\":\""
                + next + "\",\"oldestCursor\":\"" + oldest + "\",\"tailCursor\":\"" + tail + "\",\"gap\":false,\"entries\":["
                + String.join(",", entries) + "]}\n";
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void aPageIsTheStoredChunksRenderedAsOtlpWhenRead(HttpClient.Version version) throws Exception {
        try (TestServer server = TestServer.start("v2")) {
            List<Entry> stored = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                stored.add(append(server, i));
                assertEquals(-1, stored.get(i).payload().knownLength(View.API_V2), "not rendered when stored");
            }
            HttpResponse<String> r = Client.of(version).get(server.uri("/api/v2/logs"));
            assertEquals(200, r.statusCode());
            assertEquals(page(server, 3, 0, 3, entry(0), entry(1), entry(2)), r.body());
            assertEquals(Optional.of(Integer.toString(r.body().length())), r.headers().firstValue("Content-Length"));
            for (int i = 0; i < 3; i++) {
                assertEquals(otlp(i).length(), stored.get(i).payload().knownLength(View.API_V2), "measured once read");
            }
            assertEquals(page(server, 3, 0, 3, entry(0), entry(1), entry(2)), Client.of(version).get(server.uri("/api/v2/logs")).body(),
                    "the same page when read again, from the lengths remembered");
            HttpResponse<String> head = Client.of(version).send("HEAD", server.uri("/api/v2/logs?from=1"));
            assertEquals(Optional.of(Integer.toString(page(server, 3, 0, 3, entry(1), entry(2)).length())), head.headers().firstValue("Content-Length"));
        }
    }

    /** A page of room for exactly the first two entries: the third is left for the next page. */
    private static long roomForTwo() {
        long framing = Pages.MAX_HEAD + 3;   // the head at its longest, and "]}\n"
        return framing + entry(0).length() + 1 + entry(1).length() + 1;
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void stream_page_sizeCutsPagesByTheOtlpJsonMeasuredBeforeTheRead(HttpClient.Version version) throws Exception {
        long pageSize = Math.max(1000, roomForTwo());
        assertTrue(pageSize < roomForTwo() + entry(2).length() + 1, "the fixture: two entries fill the page");
        try (TestServer server = TestServer.start(TestServer.config("v2", "http_port", "0", "stream_page_size", Long.toString(pageSize)))) {
            for (int i = 0; i < 5; i++) {
                append(server, i);
            }
            HttpResponse<String> first = Client.of(version).get(server.uri("/api/v2/logs"));
            assertEquals(page(server, 2, 0, 5, entry(0), entry(1)), first.body());
            assertTrue(first.body().length() <= pageSize);
            HttpResponse<String> second = Client.of(version).get(server.uri("/api/v2/logs?from=2"));
            assertEquals(page(server, 4, 0, 5, entry(2), entry(3)), second.body());
            assertEquals(page(server, 5, 0, 5, entry(4)), Client.of(version).get(server.uri("/api/v2/logs?from=4")).body());
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void withEmptyStreamOnReadEachEntryIsServedOnceAndNoneIsLost(HttpClient.Version version) throws Exception {
        long pageSize = Math.max(1000, roomForTwo());
        try (TestServer server = TestServer.start(TestServer.config("v2", "http_port", "0", "stream_page_size", Long.toString(pageSize),
                "empty_stream_on_read", "on"))) {
            for (int i = 0; i < 5; i++) {
                append(server, i);
            }
            StringBuilder served = new StringBuilder();
            List<String> starts = new ArrayList<>();
            for (int reads = 0; reads < 10; reads++) {
                HttpResponse<String> r = Client.of(version).get(server.uri("/api/v2/logs"));
                if (r.headers().firstValue("Vivo-Stream-Start-ID").isEmpty()) {
                    break;
                }
                starts.add(r.headers().firstValue("Vivo-Stream-Start-ID").orElseThrow());
                served.append(r.body());
                assertTrue(r.body().length() <= pageSize, r.body().length() + " bytes");
            }
            assertEquals(List.of("0", "2", "4"), starts, "pages of two, then the last");
            for (int i = 0; i < 5; i++) {
                assertTrue(served.indexOf(entry(i)) >= 0, "entry " + i + " served");
                assertEquals(served.indexOf(entry(i)), served.lastIndexOf(entry(i)), "entry " + i + " served once");
            }
            assertEquals(0, server.streams.get(ChunkKind.LOGS).snapshot().entries(), "every entry removed by the read that served it");
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void anEntryWhoseOtlpJsonAloneIsLongerThanAPageIsServedAlone(HttpClient.Version version) throws Exception {
        String longLine = "x".repeat(800);
        try (TestServer server = TestServer.start(TestServer.config("v2", "http_port", "0", "stream_page_size", "1000"))) {
            Entry small = server.streams.append("app", LogRecordsFor.chunk("app", "a"));
            Entry big = server.streams.append("app", LogRecordsFor.chunk("app", longLine));
            assertTrue(big != null && big.payload().length(View.API_V1) < 1000, "its /api/v1 line fits a page, so it is kept");
            HttpResponse<String> first = Client.of(version).get(server.uri("/api/v2/logs"));
            assertEquals(Optional.of("0"), first.headers().firstValue("Vivo-Stream-End-ID"), "the small one alone: the big one does not fit after it");
            HttpResponse<String> second = Client.of(version).get(server.uri("/api/v2/logs?from=1"));
            assertEquals(Optional.of("1"), second.headers().firstValue("Vivo-Stream-Start-ID"));
            assertEquals(Optional.of("1"), second.headers().firstValue("Vivo-Stream-End-ID"));
            assertTrue(second.body().length() > 1000, "longer than a page: " + second.body().length());
            assertTrue(second.body().contains(longLine));
            assertEquals(Optional.of(Integer.toString(second.body().length())), second.headers().firstValue("Content-Length"));
            assertTrue(small != null);
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void aFollowerGetsEachStoredChunkAsItsOtlpJson(HttpClient.Version version) throws Exception {
        try (TestServer server = TestServer.start("v2")) {
            append(server, 0);
            Iterator<String> lines = LiveTailTest.follow(server, version, "/api/v2/logs?from=0&limit=3");
            assertEquals(List.of(": following from id 0", "", "id: 0", "data: " + entry(0), ""), LiveTailTest.take(lines, 5));
            append(server, 1);
            assertEquals(List.of("id: 1", "data: " + entry(1), ""), LiveTailTest.take(lines, 3));
            append(server, 2);
            List<String> rest = new ArrayList<>();
            lines.forEachRemaining(rest::add);
            assertEquals(List.of("id: 2", "data: " + entry(2), ""), rest, "limit=3 ends the follow");
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void aLongPollIsAnsweredWithAChunkThatCameWhileItWaited(HttpClient.Version version) throws Exception {
        try (TestServer server = TestServer.start("v2")) {
            CompletableFuture<HttpResponse<String>> polled = Client.of(version).async(server.uri("/api/v2/logs?from=0&wait=10"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.streams.get(ChunkKind.LOGS).waiting() == 0) {
                assertTrue(System.nanoTime() < deadline, "the poll never waited");
                Thread.onSpinWait();
            }
            append(server, 0);
            HttpResponse<String> r = polled.get(10, TimeUnit.SECONDS);
            assertEquals(page(server, 1, 0, 1, entry(0)), r.body());
        }
    }
}
