package vivo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vivo.http.Client.assertCors;
import static vivo.http.Client.assertIds;
import static vivo.http.Client.assertJsonType;
import static vivo.http.Client.assertNoCors;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** vivo-reference.md §9 A (basics), as we decided it, over HTTP/1.1 and HTTP/2. */
class BasicsTest {

    private static final List<String> STREAM_PATHS = List.of(
            "/logs", "/metrics", "/traces", "/api/v1/logs", "/api/v1/metrics", "/api/v1/traces");

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void rootServesAPlainTextBannerNamingTheEndpointsUnlikeTheCPluginsBareLine(HttpClient.Version version) throws Exception {
        try (TestServer server = TestServer.start("basics")) {
            HttpResponse<String> r = Client.of(version).get(server.uri("/"));
            assertEquals(200, r.statusCode());
            assertEquals(Optional.of("text/plain; charset=utf-8"), r.headers().firstValue("Content-Type"));
            assertTrue(r.body().contains("Vivo Exporter"), "what Fluent Bit's own integration test looks for");
            for (String path : STREAM_PATHS) {
                assertTrue(r.body().contains(path), path + " in " + r.body());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void aFreshStreamAnswersAnEmptyBodyWithNextIdZeroAndTheCorsHeaders(HttpClient.Version version) throws Exception {
        try (TestServer server = TestServer.start("basics")) {
            for (String path : STREAM_PATHS) {
                HttpResponse<String> r = Client.of(version).get(server.uri(path));
                assertIds(r, null, null, 0);
                assertJsonType(r);
                assertCors(r, "*");
                assertEquals(Optional.of("0"), r.headers().firstValue("Content-Length"), path);
                assertEquals(Optional.of("no-store"), r.headers().firstValue("Cache-Control"));
                assertEquals("", r.body());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void unknownPathsAreNotFoundWithAJsonErrorNamingThePath(HttpClient.Version version) throws Exception {
        try (TestServer server = TestServer.start("basics")) {
            for (String path : List.of("/nope", "/api/v1/logs/", "/API/v1/logs", "/api/v1/log%73", "/api/v1//logs",
                    "/Logs", "/logs/", "/api/v1", "/favicon.ico", "/logs;x=1")) {
                HttpResponse<String> r = Client.of(version).get(server.uri(path));
                assertEquals(404, r.statusCode(), path);
                assertJsonType(r);
                assertCors(r, "*");
                assertEquals("{\"error\":\"not found: " + path + "\"}\n", r.body());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void theClassicPathsAreServedUnlikeCV5WhichAnswers404(HttpClient.Version version) throws Exception {
        try (TestServer server = TestServer.start("basics")) {
            server.streams.append(TwoViews.log("t", "{\"m\":1}"));
            HttpResponse<String> r = Client.of(version).get(server.uri("/logs"));
            assertIds(r, 0L, 0L, 1);
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void theInternalMetricsPathServesThePluginsOwnCountersNotFluentBitsAsCDoes(HttpClient.Version version) throws Exception {
        try (TestServer server = TestServer.start("basics")) {
            HttpResponse<String> r = Client.of(version).get(server.uri("/api/v1/internal/metrics"));
            assertEquals(200, r.statusCode());
            assertTrue(r.body().contains("vivo_java_chunks_received_total{instance=\"basics\",kind=\"logs\"} 0\n"), r.body());
            assertTrue(!r.body().contains("fluentbit_"), "none of Fluent Bit's own metrics");
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void withoutCorsNoResponseCarriesAnAccessControlHeader(HttpClient.Version version) throws Exception {
        try (TestServer server = TestServer.start("no-cors", null, false, 1_000_000)) {
            server.streams.append(TwoViews.log("t", "{\"m\":1}"));
            Client client = Client.of(version);
            for (HttpResponse<String> r : List.of(
                    client.get(server.uri("/api/v1/logs")),
                    client.get(server.uri("/api/v1/metrics")),
                    client.get(server.uri("/logs?from=x")),
                    client.get(server.uri("/nope")),
                    client.get(server.uri("/")),
                    client.send("DELETE", server.uri("/logs")),
                    client.send("OPTIONS", server.uri("/logs")))) {
                assertNoCors(r);
            }
        }
    }
}
