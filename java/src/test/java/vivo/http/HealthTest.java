package vivo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** /api/v1/health for probes (no token needed) and /api/v1/internal/metrics in Prometheus' format. */
class HealthTest {

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void healthSaysTheVersionsTheStreamsAndTheLoad(HttpClient.Version version) throws Exception {
        try (TestServer server = TestServer.start("health", "*", false, 250)) {
            for (int i = 0; i < 3; i++) {
                server.streams.append("t", new vivo.render.Lines(vivo.decode.ChunkKind.METRICS, ("x".repeat(99) + "\n").getBytes()));
            }
            HttpResponse<String> r = Client.of(version).get(server.uri("/api/v1/health"));
            HttpResponse<String> v2 = Client.of(version).get(server.uri("/api/v2/health"));
            // but for what the JVM uses, which moves between two requests
            String using = "\"(heap|direct)UsedBytes\":\\d+";
            assertEquals(r.body().replaceAll(using, ""), v2.body().replaceAll(using, ""), "/api/v2/health is the same document");
            assertEquals(200, r.statusCode());
            assertEquals(Optional.of("application/json"), r.headers().firstValue("Content-Type"));
            String generation = server.streams.generation();
            String body = r.body();
            String heap = body.substring(body.indexOf(",\"jvm\""));
            assertEquals("{\"status\":\"ok\",\"versions\":[1,2],\"v1Framing\":\"ndjson\",\"v2Framing\":\"json\",\"delivery\":\"best_effort\","
                    + "\"v2Payload\":\"otlp-json\","
                    + "\"compression\":[\"gzip\",\"identity\"],\"generation\":\"" + generation + "\",\"streams\":{"
                    + "\"logs\":{\"oldestId\":0,\"tailId\":0,\"retainedEntries\":0,\"retainedBytes\":0,\"evictedEntries\":0,\"evictedBytes\":0,\"rejectedEntries\":0},"
                    + "\"metrics\":{\"oldestId\":1,\"tailId\":3,\"retainedEntries\":2,\"retainedBytes\":200,\"evictedEntries\":1,\"evictedBytes\":100,\"rejectedEntries\":0},"
                    + "\"traces\":{\"oldestId\":0,\"tailId\":0,\"retainedEntries\":0,\"retainedBytes\":0,\"evictedEntries\":0,\"evictedBytes\":0,\"rejectedEntries\":0}},"
                    + "\"ingest\":{\"chunks\":0,\"bytes\":0,\"records\":0,\"unusableChunks\":0,\"droppedRecords\":0,\"flushesAnsweredRetry\":0,\"queuedChunks\":0,\"queuedBytes\":0},"
                    + "\"http\":{\"connections\":1,\"followers\":0,\"inflightBytes\":0}" + heap, body);
            assertTrue(heap.matches(",\"jvm\":\\{\"heapUsedBytes\":\\d+,\"heapMaxBytes\":\\d+,\"directUsedBytes\":\\d+,"
                    + "\"directMaxBytes\":\\d+}}\n"), heap);
        }
    }

    @Test
    void withATokenHealthIsOpenAndTheMetricsAreNot() throws Exception {
        try (TestServer server = TestServer.start(TestServer.config("health-auth", "http_port", "0",
                "http_auth_token", "0123456789abcdef0123"))) {
            Client client = Client.of(HttpClient.Version.HTTP_1_1);
            assertEquals(200, client.get(server.uri("/api/v1/health")).statusCode());
            assertEquals(401, client.get(server.uri("/api/v1/internal/metrics")).statusCode());
        }
    }

    @Test
    void theMetricsAreInPrometheusTextFormat() throws Exception {
        try (TestServer server = TestServer.start("prom")) {
            server.streams.append("t", TwoViews.log("t", "{}"));
            HttpResponse<String> r = Client.of(HttpClient.Version.HTTP_1_1).get(server.uri("/api/v1/internal/metrics"));
            assertEquals(200, r.statusCode());
            assertEquals(Optional.of("text/plain; version=0.0.4; charset=utf-8"), r.headers().firstValue("Content-Type"));
            String body = r.body();
            assertTrue(body.startsWith("# HELP vivo_java_chunks_received_total chunks taken from the shim's queue, by kind\n"
                    + "# TYPE vivo_java_chunks_received_total counter\n"
                    + "vivo_java_chunks_received_total{instance=\"prom\",kind=\"logs\"} 0\n"), body);
            assertTrue(body.contains("vivo_java_stream_retained_entries{instance=\"prom\",stream=\"logs\"} 1\n"), body);
            assertTrue(body.contains("vivo_java_stream_tail_id{instance=\"prom\",stream=\"logs\"} 1\n"), body);
            assertTrue(body.contains("vivo_java_http_connections{instance=\"prom\"} 1\n"), body);
            for (String line : body.split("\n")) {
                assertTrue(line.startsWith("# HELP vivo_java_") || line.startsWith("# TYPE vivo_java_")
                        || line.matches("vivo_java_[a-z_]+\\{instance=\"prom\"(,(kind|stream)=\"[a-z]+\")?} \\d+"), line);
            }
        }
    }
}
