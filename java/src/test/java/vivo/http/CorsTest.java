package vivo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vivo.http.Client.assertCors;
import static vivo.http.Client.assertIds;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import vivo.decode.ChunkKind;
import vivo.stream.Range;

/** CORS, and what the Vivo UI needs (vivo-ui-contract.md §4.5). */
class CorsTest {

    private static final String ORIGIN = "http://127.0.0.1:8000";

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void everyResponseCarriesTheConfiguredOriginVerbatimAndTheExposedIdHeaders(HttpClient.Version version)
            throws Exception {
        try (TestServer server = TestServer.start("cors", ORIGIN, false, 1_000_000)) {
            server.streams.append(TwoViews.log("t", "{}"));
            Client client = Client.of(version);
            List<HttpResponse<String>> responses = List.of(
                    client.get(server.uri("/logs")),
                    client.get(server.uri("/logs?from=1")),
                    client.get(server.uri("/logs?from=x")),
                    client.get(server.uri("/nope")),
                    client.send("POST", server.uri("/logs")),
                    client.send("OPTIONS", server.uri("/logs")),
                    client.get(server.uri("/")));
            assertEquals(List.of(200, 200, 400, 404, 405, 204, 200), responses.stream().map(HttpResponse::statusCode).toList());
            for (HttpResponse<String> r : responses) {
                assertCors(r, ORIGIN);
                assertTrue(r.headers().firstValue("Access-Control-Expose-Headers").orElseThrow()
                        .toLowerCase().contains("vivo-stream-end-id"));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void aPreflightIsAnsweredWithTheAllowedMethodsAndTouchesNoStream(HttpClient.Version version) throws Exception {
        try (TestServer server = TestServer.start("cors", "*", true, 1_000_000)) {
            server.streams.append(TwoViews.log("t", "{}"));
            HttpResponse<String> r = Client.of(version).send("OPTIONS", server.uri("/api/v1/logs?from=0"));
            assertEquals(204, r.statusCode());
            assertEquals(Optional.of("GET, HEAD, OPTIONS"), r.headers().firstValue("Access-Control-Allow-Methods"));
            assertEquals(Optional.of("GET, HEAD, OPTIONS"), r.headers().firstValue("Allow"));
            assertCors(r, "*");
            assertEquals("", r.body());
            assertEquals(1, server.streams.get(ChunkKind.LOGS).read(Range.ALL, false).entries().size());
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void withoutCorsAPreflightStillNamesTheAllowedMethods(HttpClient.Version version) throws Exception {
        try (TestServer server = TestServer.start("cors", null, false, 1_000_000)) {
            HttpResponse<String> r = Client.of(version).send("OPTIONS", server.uri("/logs"));
            assertEquals(204, r.statusCode());
            assertEquals(Optional.of("GET, HEAD, OPTIONS"), r.headers().firstValue("Allow"));
            Client.assertNoCors(r);
        }
    }

    /** The UI polls with from = max(0, End-ID - 110), then from = End-ID + 1 after CLEAR. */
    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void fromIsInclusiveAndEndIdIsTheLastEntryServedSoEndIdPlusOneReadsOnlyNewEntries(HttpClient.Version version)
            throws Exception {
        try (TestServer server = TestServer.start("cors", ORIGIN, false, 1_000_000)) {
            Client client = Client.of(version);
            for (int i = 0; i < 3; i++) {
                server.streams.append(TwoViews.log("t", "{\"n\":" + i + "}"));
            }
            HttpResponse<String> first = client.get(server.uri("/logs?from=0"));
            assertIds(first, 0L, 2L, 3);
            long end = Long.parseLong(first.headers().firstValue("vivo-stream-end-id").orElseThrow());
            HttpResponse<String> nothingNew = client.get(server.uri("/logs?from=" + (end + 1)));
            assertIds(nothingNew, null, null, 3);
            assertCors(nothingNew, ORIGIN);
            server.streams.append(TwoViews.log("t", "{\"n\":3}"));
            HttpResponse<String> next = client.get(server.uri("/logs?from=" + (end + 1)));
            assertIds(next, 3L, 3L, 4);
            assertEquals("[[1700000000000000000,{\"_tag\":\"t\"}],{\"n\":3}]\n", next.body());
            assertEquals(2, client.get(server.uri("/logs?from=2")).body().split("\n").length, "from is inclusive");
        }
    }
}
