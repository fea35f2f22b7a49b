package vivo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vivo.http.Client.assertIds;
import static vivo.http.Client.assertJsonType;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import vivo.decode.ChunkKind;
import vivo.render.Lines;

/** vivo-reference.md §9 D (ids, eviction, removal on read) and the two views, over HTTP/1.1 and HTTP/2. */
class StreamEndpointsTest {

    private static TwoViews chunk(int n) {
        return TwoViews.log("t" + n, "{\"n\":" + n + "}");
    }

    /** A metrics payload of exactly {@code size} bytes, counted as D2..D7 count (the newline included). */
    private static Lines sized(int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) '1');
        bytes[size - 1] = '\n';
        return new Lines(ChunkKind.METRICS, bytes);
    }

    private static int lines(HttpResponse<String> r) {
        return r.body().isEmpty() ? 0 : r.body().split("\n").length;
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void sixChunksAreServedWithTheirIdsAndOneLineEach(HttpClient.Version version) throws Exception {
        try (TestServer server = TestServer.start("endpoints")) {
            for (int i = 0; i < 6; i++) {
                server.streams.append(chunk(i));
            }
            HttpResponse<String> r = Client.of(version).get(server.uri("/api/v1/logs"));
            assertIds(r, 0L, 5L, 6);
            assertJsonType(r);
            assertEquals(6, lines(r));
            assertEquals(version, r.version(), "HTTP/2 over http:// is reached by Upgrade: h2c");
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void classicAndApiV1PathsServeTheSameEntriesEachInItsOwnView(HttpClient.Version version) throws Exception {
        try (TestServer server = TestServer.start("endpoints")) {
            TwoViews first = chunk(0);
            TwoViews second = chunk(1);
            server.streams.append(first);
            server.streams.append(second);
            HttpResponse<String> classic = Client.of(version).get(server.uri("/logs"));
            HttpResponse<String> apiV1 = Client.of(version).get(server.uri("/api/v1/logs"));
            assertEquals(first.classic() + second.classic(), classic.body());
            assertEquals(first.apiV1() + second.apiV1(), apiV1.body());
            assertEquals(Optional.of(String.valueOf(classic.body().length())), classic.headers().firstValue("Content-Length"));
            assertEquals(Optional.of(String.valueOf(apiV1.body().length())), apiV1.headers().firstValue("Content-Length"));
            assertIds(classic, 0L, 1L, 2);
            assertIds(apiV1, 0L, 1L, 2);
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void eachKindIsServedFromItsOwnStream(HttpClient.Version version) throws Exception {
        try (TestServer server = TestServer.start("endpoints")) {
            server.streams.append(new Lines(ChunkKind.METRICS, "{\"m\":1}\n".getBytes()));
            server.streams.append(new Lines(ChunkKind.TRACES, "{\"t\":1}\n".getBytes()));
            server.streams.append(new Lines(ChunkKind.TRACES, "{\"t\":2}\n".getBytes()));
            Client client = Client.of(version);
            assertEquals("{\"m\":1}\n", client.get(server.uri("/metrics")).body());
            assertEquals("{\"t\":1}\n{\"t\":2}\n", client.get(server.uri("/api/v1/traces")).body());
            assertIds(client.get(server.uri("/api/v1/traces")), 0L, 1L, 2);
            assertIds(client.get(server.uri("/logs")), null, null, 0);
        }
    }

    /** D2..D7 with stream_queue_size 400. */
    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void evictionKeepsAsMuchAsFitsUnlikeTheCPluginWhichFreesAtLeastTheNewEntrysSize(HttpClient.Version version)
            throws Exception {
        try (TestServer server = TestServer.start("endpoints", "*", false, 400)) {
            Client client = Client.of(version);
            for (int i = 0; i < 3; i++) {
                server.streams.append(sized(120));
            }
            assertIds(client.get(server.uri("/metrics")), 0L, 2L, 3);
            server.streams.append(sized(120));
            assertIds(client.get(server.uri("/metrics")), 1L, 3L, 4);
            server.streams.append(sized(150));
            HttpResponse<String> d4 = client.get(server.uri("/metrics"));
            assertIds(d4, 2L, 4L, 5); // C: start 3 (two evicted although one would do)
            assertEquals(390, d4.body().length());
            server.streams.append(sized(130));
            HttpResponse<String> d5 = client.get(server.uri("/metrics"));
            assertIds(d5, 3L, 5L, 6);
            assertEquals(400, d5.body().length());
            // larger than the stream: rejected, the history kept (C keeps it alone, evicting everything)
            server.streams.append(sized(1000));
            HttpResponse<String> d6 = client.get(server.uri("/metrics"));
            assertIds(d6, 3L, 5L, 6);
            assertEquals(Optional.of("1"), d6.headers().firstValue("Vivo-Stream-Rejected-Entries"));
            server.streams.append(sized(120));
            assertIds(client.get(server.uri("/metrics")), 4L, 6L, 7);
        }
    }

    /** D8, D9, D11, D12 with empty_stream_on_read on. */
    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void aReadRemovesExactlyWhatItServedUnlikeTheCPluginWhichWipesTheWholeStream(HttpClient.Version version)
            throws Exception {
        try (TestServer server = TestServer.start("endpoints", "*", true, 1_000_000)) {
            Client client = Client.of(version);
            for (int i = 0; i < 4; i++) {
                server.streams.append(chunk(i));
            }
            server.streams.append(new Lines(ChunkKind.METRICS, "{}\n".getBytes()));
            HttpResponse<String> d8 = client.get(server.uri("/api/v1/logs?from=1&limit=1"));
            assertIds(d8, 1L, 1L, 2);   // the limit cut the selection: go on from 2 (C: 4, the tail)
            assertEquals(chunk(1).apiV1(), d8.body());

            assertIds(client.get(server.uri("/api/v1/logs?from=99")), null, null, 4); // D9: nothing served, nothing removed
            assertIds(client.get(server.uri("/api/v1/metrics")), 0L, 0L, 1); // D11: another stream
            HttpResponse<String> rest = client.get(server.uri("/logs"));
            assertIds(rest, 0L, 3L, 4); // C: empty, the first read wiped it
            assertEquals(chunk(0).classic() + chunk(2).classic() + chunk(3).classic(), rest.body());
            assertIds(client.get(server.uri("/logs")), null, null, 4);

            server.streams.append(chunk(4));
            assertIds(client.get(server.uri("/logs")), 4L, 4L, 5); // D12: ids continue
        }
    }

    /** D10, and HEAD. */
    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void headAndOptionsNeverRemoveAnythingUnlikeTheCPlugin(HttpClient.Version version) throws Exception {
        try (TestServer server = TestServer.start("endpoints", "*", true, 1_000_000)) {
            Client client = Client.of(version);
            server.streams.append(chunk(0));
            server.streams.append(chunk(1));
            assertEquals(204, client.send("OPTIONS", server.uri("/api/v1/logs")).statusCode());
            HttpResponse<String> head = client.send("HEAD", server.uri("/api/v1/logs?from=1"));
            assertIds(head, 1L, 1L, 2);
            assertEquals(Optional.of(String.valueOf(chunk(1).apiV1().length())), head.headers().firstValue("Content-Length"));
            assertEquals("", head.body());
            HttpResponse<String> get = client.get(server.uri("/api/v1/logs"));
            assertIds(get, 0L, 1L, 2);
            assertEquals(chunk(0).apiV1() + chunk(1).apiV1(), get.body());
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void headSendsTheHeadersOfGetWithoutTheBody(HttpClient.Version version) throws Exception {
        try (TestServer server = TestServer.start("endpoints")) {
            server.streams.append(chunk(0));
            Client client = Client.of(version);
            HttpResponse<String> get = client.get(server.uri("/logs"));
            HttpResponse<String> head = client.send("HEAD", server.uri("/logs"));
            for (String name : new String[] {"Content-Type", "Content-Length", "Cache-Control", "Vivo-Stream-Start-ID",
                    "Vivo-Stream-End-ID", "Vivo-Stream-Next-ID", "Access-Control-Allow-Origin"}) {
                assertEquals(get.headers().allValues(name), head.headers().allValues(name), name);
            }
            assertEquals("", head.body());
            assertEquals(200, client.send("HEAD", server.uri("/")).statusCode());
        }
    }
}
