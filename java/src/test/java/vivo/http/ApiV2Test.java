package vivo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.MetricsData;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import vivo.decode.ChunkKind;
import vivo.render.Lines;

/** /api/v2: exact pages, cursors, gaps, page bounds, methods, gzip and the OTLP internal metrics, over HTTP/1.1 and HTTP/2. */
class ApiV2Test {

    private static Lines metrics(int n) {
        return new Lines(ChunkKind.METRICS, ("{\"m\":" + n + "}\n").getBytes(StandardCharsets.US_ASCII),
                ("{\"resourceMetrics\":[" + n + "]}").getBytes(StandardCharsets.US_ASCII), 1);
    }

    private static String page(String generation, long next, long oldest, long tail, boolean gap, String entries) {
        return "{\"schemaVersion\":2,\"signal\":\"metrics\",\"generation\":\"" + generation + "\",\"nextCursor\":\"" + next
                + "\",\"oldestCursor\":\"" + oldest + "\",\"tailCursor\":\"" + tail + "\",\"gap\":" + gap
                + ",\"entries\":[" + entries + "]}\n";
    }

    private static String entry(long id, String tag, int n) {
        return "{\"id\":\"" + id + "\",\"source\":{\"tag\":\"" + tag + "\"},\"payload\":{\"resourceMetrics\":[" + n + "]}}";
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void aPageIsOneJsonObjectWithCursorsAndTheEntriesAsOtlp(HttpClient.Version version) throws Exception {
        try (TestServer server = TestServer.start("v2")) {
            Client client = Client.of(version);
            String generation = server.streams.generation();
            HttpResponse<String> empty = client.get(server.uri("/api/v2/metrics"));
            assertEquals(200, empty.statusCode());
            assertEquals(page(generation, 0, 0, 0, false, ""), empty.body());
            assertEquals(Optional.of("application/json"), empty.headers().firstValue("Content-Type"));

            for (int i = 0; i < 3; i++) {
                server.streams.append("app.\"q\"é", metrics(i));
            }
            String tag = "app.\\\"q\\\"\\u00e9";
            HttpResponse<String> all = client.get(server.uri("/api/v2/metrics"));
            assertEquals(page(generation, 3, 0, 3, false, entry(0, tag, 0) + "," + entry(1, tag, 1) + "," + entry(2, tag, 2)), all.body());
            assertEquals(Optional.of(Integer.toString(all.body().length())), all.headers().firstValue("Content-Length"));
            Client.assertIds(all, 0L, 2L, 3);

            HttpResponse<String> one = client.get(server.uri("/api/v2/metrics?from=0&limit=1"));
            assertEquals(page(generation, 1, 0, 3, false, entry(0, tag, 0)), one.body(), "from=0&limit=1 goes on at 1");
            Client.assertIds(one, 0L, 0L, 1);
            assertEquals(Optional.of("3"), one.headers().firstValue("Vivo-Stream-Tail-ID"));

            HttpResponse<String> past = client.get(server.uri("/api/v2/metrics?from=7"));
            assertEquals(page(generation, 3, 0, 3, true, ""), past.body(), "past the tail: a gap, resume at the tail");
            assertEquals(Optional.of("true"), past.headers().firstValue("Vivo-Stream-Gap"));

            HttpResponse<String> bounded = client.get(server.uri("/api/v2/metrics?from=1&to=1"));
            assertEquals(page(generation, 2, 0, 3, false, entry(1, tag, 1)), bounded.body());
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void evictedIdsAreAGapAndThePageStartsAtTheOldest(HttpClient.Version version) throws Exception {
        long entrySize = metrics(0).size();
        try (TestServer server = TestServer.start("v2", "*", false, 2 * entrySize)) {
            for (int i = 0; i < 4; i++) {
                server.streams.append("t", metrics(i));
            }
            HttpResponse<String> r = Client.of(version).get(server.uri("/api/v2/metrics?from=0"));
            assertEquals(page(server.streams.generation(), 4, 2, 4, true, entry(2, "t", 2) + "," + entry(3, "t", 3)), r.body());
            assertEquals(Optional.of("2"), r.headers().firstValue("Vivo-Stream-Evicted-Entries"));
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void stream_page_sizeEndsAPageAtAWholeEntryInEveryView(HttpClient.Version version) throws Exception {
        long pageSize = 1024;
        try (TestServer server = TestServer.start(TestServer.config("v2", "http_port", "0", "stream_page_size", "1024"))) {
            for (int i = 0; i < 200; i++) {
                server.streams.append("t", metrics(i % 10));
            }
            // a page's head counts at its longest, cursors of 19 digits; each entry with a comma and its brace
            long room = pageSize - (page(server.streams.generation(), Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, false, "").length() - 3) - 3;
            Client client = Client.of(version);
            long from = 0;
            while (from < 200) {
                HttpResponse<String> r = client.get(server.uri("/api/v2/metrics?from=" + from));
                assertTrue(r.body().length() <= pageSize, r.body().length() + " bytes");
                long start = Long.parseLong(r.headers().firstValue("Vivo-Stream-Start-ID").orElseThrow());
                long end = Long.parseLong(r.headers().firstValue("Vivo-Stream-End-ID").orElseThrow());
                assertEquals(from, start, "pages follow one another without a hole");
                long next = Long.parseLong(r.headers().firstValue("Vivo-Stream-Next-ID").orElseThrow());
                assertEquals(end + 1, next);
                assertTrue(r.body().contains("\"nextCursor\":\"" + next + "\""));
                long taken = 0;
                for (long id = start; id <= end; id++) {
                    taken += entry(id, "t", (int) (id % 10)).length() + 1;
                }
                assertTrue(taken <= room, "within the room");
                if (next < 200) {
                    assertTrue(taken + entry(next, "t", (int) (next % 10)).length() + 1 > room, "the next entry did not fit");
                }
                from = next;
            }
            HttpResponse<String> classic = client.get(server.uri("/metrics"));
            assertEquals(1024 / 8, classic.body().split("\n").length, "/metrics lines are 8 bytes: 128 fill a page exactly");
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void headIsGetWithoutTheBodyOptionsIs204AndOtherMethods405Empty(HttpClient.Version version) throws Exception {
        try (TestServer server = TestServer.start("v2")) {
            server.streams.append("t", metrics(1));
            Client client = Client.of(version);
            for (String path : List.of("/api/v2/metrics", "/api/v2/health", "/api/v2/internal/metrics")) {
                HttpResponse<String> get = client.get(server.uri(path));
                HttpResponse<String> head = client.send("HEAD", server.uri(path));
                assertEquals(200, head.statusCode(), path);
                assertEquals("", head.body());
                assertEquals(get.headers().firstValue("Content-Length"), head.headers().firstValue("Content-Length"), path);
                HttpResponse<String> gzGet = client.send("GET", server.uri(path), "Accept-Encoding", "gzip");
                HttpResponse<String> gzHead = client.send("HEAD", server.uri(path), "Accept-Encoding", "gzip");
                assertEquals(gzGet.headers().firstValue("Content-Encoding"), gzHead.headers().firstValue("Content-Encoding"), path);
                assertEquals(gzGet.headers().firstValue("Content-Length"), gzHead.headers().firstValue("Content-Length"), path);

                HttpResponse<String> options = client.send("OPTIONS", server.uri(path));
                assertEquals(204, options.statusCode());
                assertEquals("", options.body());
                HttpResponse<String> post = client.send("POST", server.uri(path));
                assertEquals(405, post.statusCode());
                assertEquals(Optional.of("GET, HEAD, OPTIONS"), post.headers().firstValue("Allow"));
                assertEquals("", post.body());
            }
            HttpResponse<String> gz = client.send("GET", server.uri("/api/v2/metrics"), "Accept-Encoding", "gzip");
            assertEquals(Optional.of("gzip"), gz.headers().firstValue("Content-Encoding"));
        }
    }

    @Test
    void aGzippedPageIsThePageCompressed() throws Exception {
        try (TestServer server = TestServer.start("v2")) {
            for (int i = 0; i < 20; i++) {
                server.streams.append("t", metrics(i));
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<byte[]> gz = http.send(HttpRequest.newBuilder(server.uri("/api/v2/metrics?limit=5"))
                    .header("Accept-Encoding", "gzip;q=1, identity;q=0.5").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(Optional.of(Integer.toString(gz.body().length)), gz.headers().firstValue("Content-Length"));
            String plain = Client.of(HttpClient.Version.HTTP_1_1).get(server.uri("/api/v2/metrics?limit=5")).body();
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.body()))) {
                assertEquals(plain, new String(in.readAllBytes(), StandardCharsets.US_ASCII));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void queriesAreStrictOnV2Too(HttpClient.Version version) throws Exception {
        try (TestServer server = TestServer.start("v2")) {
            Client client = Client.of(version);
            for (String query : List.of("cursor=1", "from=1&from=2", "limit=0", "from=-1", "from=3&to=2")) {
                HttpResponse<String> r = client.get(server.uri("/api/v2/logs?" + query));
                assertEquals(400, r.statusCode(), query);
                assertTrue(r.body().startsWith("{\"error\":\""), r.body());
            }
        }
    }

    @Test
    void theInternalMetricsAreOtlpJsonThatAnOtlpDecoderReads() throws Exception {
        try (TestServer server = TestServer.start("v2", "*", false, 100)) {
            server.streams.append("t", metrics(1));
            server.streams.append("t", new Lines(ChunkKind.METRICS, "x".repeat(200).getBytes(StandardCharsets.US_ASCII)));
            HttpResponse<String> r = Client.of(HttpClient.Version.HTTP_1_1).get(server.uri("/api/v2/internal/metrics"));
            assertEquals(Optional.of("application/json"), r.headers().firstValue("Content-Type"));
            MetricsData.Builder data = MetricsData.newBuilder();
            JsonFormat.parser().merge(r.body(), data);
            List<Metric> metrics = data.getResourceMetrics(0).getScopeMetrics(0).getMetricsList();
            Metric rejected = metrics.stream().filter(m -> m.getName().equals("vivo_java_stream_rejected_entries_total")).findFirst().orElseThrow();
            assertTrue(rejected.getSum().getIsMonotonic());
            assertEquals("metrics", rejected.getSum().getDataPoints(1).getAttributes(0).getValue().getStringValue());
            assertEquals(1, rejected.getSum().getDataPoints(1).getAsInt());
            Metric retained = metrics.stream().filter(m -> m.getName().equals("vivo_java_stream_retained_entries")).findFirst().orElseThrow();
            assertEquals(1, retained.getGauge().getDataPoints(1).getAsInt());
            assertEquals("v2", data.getResourceMetrics(0).getResource().getAttributes(1).getValue().getStringValue());
            String prometheus = Client.of(HttpClient.Version.HTTP_1_1).get(server.uri("/api/v1/internal/metrics")).body();
            assertTrue(prometheus.contains("vivo_java_stream_rejected_entries_total{instance=\"v2\",stream=\"metrics\"} 1\n"), prometheus);
            assertEquals(metrics.size(), prometheus.lines().filter(l -> l.startsWith("# TYPE ")).count(), "the same metrics");
        }
    }
}
