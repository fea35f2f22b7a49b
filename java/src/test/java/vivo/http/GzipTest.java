package vivo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** compress on (the default): gzip when Accept-Encoding prefers it, with the compressed length; HEAD alike; 406. */
class GzipTest {

    private static HttpResponse<byte[]> get(TestServer server, HttpClient.Version version, String method, String path,
                                            String acceptEncoding) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(server.uri(path)).method(method, HttpRequest.BodyPublishers.noBody());
        if (acceptEncoding != null) {
            r.header("Accept-Encoding", acceptEncoding);
        }
        return HttpClient.newBuilder().version(version).build().send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void aStreamIsGzippedWhenAskedWithTheCompressedLengthAndHeadSaysTheSame(HttpClient.Version version) throws Exception {
        try (TestServer server = TestServer.start("gzip")) {
            StringBuilder expected = new StringBuilder();
            for (int i = 0; i < 50; i++) {
                TwoViews entry = TwoViews.log("t", "{\"n\":" + i + ",\"text\":\"the same words again and again\"}");
                server.streams.append("t", entry);
                expected.append(entry.apiV1());
            }
            HttpResponse<byte[]> r = get(server, version, "GET", "/api/v1/logs", "gzip");
            assertEquals(Optional.of("gzip"), r.headers().firstValue("Content-Encoding"));
            assertEquals(Optional.of("Accept-Encoding"), r.headers().firstValue("Vary"));
            assertEquals(Optional.of(Integer.toString(r.body().length)), r.headers().firstValue("Content-Length"));
            String body = new String(new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(expected.toString(), body);
            assertEquals(true, r.body().length < body.length() / 4, r.body().length + " of " + body.length());

            HttpResponse<byte[]> head = get(server, version, "HEAD", "/api/v1/logs", "gzip");
            assertEquals(r.headers().firstValue("Content-Length"), head.headers().firstValue("Content-Length"));
            assertEquals(Optional.of("gzip"), head.headers().firstValue("Content-Encoding"));

            HttpResponse<byte[]> plain = get(server, version, "GET", "/api/v1/logs", null);
            assertEquals(Optional.empty(), plain.headers().firstValue("Content-Encoding"));
            assertEquals(expected.toString(), new String(plain.body(), StandardCharsets.UTF_8));
            assertEquals(Optional.of("Accept-Encoding"), plain.headers().firstValue("Vary"));
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void refusingBothGzipAndIdentityIs406AndRemovesNothing(HttpClient.Version version) throws Exception {
        try (TestServer server = TestServer.start("gzip-406", "*", true, 20_000_000)) {
            server.streams.append("t", TwoViews.log("t", "{}"));
            HttpResponse<byte[]> r = get(server, version, "GET", "/logs", "gzip;q=0, identity;q=0");
            assertEquals(406, r.statusCode());
            assertEquals("{\"error\":\"Accept-Encoding refuses both gzip and identity; nothing else is sent here\"}\n",
                    new String(r.body(), StandardCharsets.UTF_8));
            assertEquals(1, server.streams.get(vivo.decode.ChunkKind.LOGS).read(vivo.stream.Range.ALL, false).entries().size());
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void compressOffNeverGzips(HttpClient.Version version) throws Exception {
        try (TestServer server = TestServer.start(TestServer.config("plain", "http_port", "0", "compress", "off"))) {
            server.streams.append("t", TwoViews.log("t", "{}"));
            HttpResponse<byte[]> r = get(server, version, "GET", "/logs", "gzip");
            assertEquals(Optional.empty(), r.headers().firstValue("Content-Encoding"));
            assertEquals(Optional.empty(), r.headers().firstValue("Vary"));
            assertEquals(TwoViews.log("t", "{}").classic(), new String(r.body(), StandardCharsets.UTF_8));
        }
    }
}
