package vivo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import vivo.decode.ChunkKind;
import vivo.it.Fbhost.Jdk;
import vivo.render.ChunkRenderer;
import vivo.render.View;

/**
 * /api/v2 end to end (issue 8): the OTLP chunks Fluent Bit 5.1.1 made of real OTLP requests, flushed by the
 * host, come out of /api/v2 as pages whose payloads are exactly what the renderer makes of them (the unit
 * round trips prove those equal to the requests sent), with the page's cursors and generation; a hot
 * reload keeps the generation, a restart makes a new one.
 */
class ApiV2IT {

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final String CONFIG = """
            [INPUT]
                name  chunks
                dir   %s/otlp-roundtrip
                rate  50
                count 4
            [OUTPUT]
                name      vivo_java
                match     *
                http_port 0
            """;

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void theOtlpChunksComeOutAsPagesOfTheirOtlpJson(Jdk jdk) throws Exception {
        Map<ChunkKind, List<String>> expected = expectedPayloads();
        String generation;
        try (Fbhost host = Fbhost.run(CONFIG.formatted(Fbhost.FIXTURES)).jdk(jdk).host("5.1.1").hotReload().start(dir)) {
            host.awaitEvent("inputs done generation=1 ok=4");
            int port = host.httpPort();
            generation = null;
            for (ChunkKind kind : ChunkKind.values()) {
                List<String> payloads = expected.get(kind);
                HttpResponse<String> r = get(port, "/api/v2/" + kind.path());
                assertEquals(200, r.statusCode());
                assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
                generation = r.headers().firstValue("Vivo-Stream-Generation").orElseThrow();
                String n = Integer.toString(payloads.size());
                StringBuilder entries = new StringBuilder();
                for (int i = 0; i < payloads.size(); i++) {
                    entries.append(i == 0 ? "" : ",").append("{\"id\":\"").append(i).append("\",\"source\":{\"tag\":\"v1_")
                            .append(kind.path()).append("\"},\"payload\":").append(payloads.get(i)).append('}');
                }
                assertEquals("{\"schemaVersion\":2,\"signal\":\"" + kind.path() + "\",\"generation\":\"" + generation
                        + "\",\"nextCursor\":\"" + n + "\",\"oldestCursor\":\"0\",\"tailCursor\":\"" + n + "\",\"gap\":false,"
                        + "\"entries\":[" + entries + "]}\n", r.body(), kind.path());
                assertOneObject(r.body());
            }
            // a hot reload keeps the streams, so the generation; the cursors go on
            host.signal("HUP");
            host.awaitEvent("ready generation=2.*");
            HttpResponse<String> after = get(host.httpPort(2), "/api/v2/logs?from=1&to=1");
            assertEquals(generation, after.headers().firstValue("Vivo-Stream-Generation").orElseThrow());
            assertTrue(after.body().contains("\"generation\":\"" + generation + "\",\"nextCursor\":\"2\""), after.body());
            assertEquals(0, host.stop());
        }
        try (Fbhost host = Fbhost.run(CONFIG.formatted(Fbhost.FIXTURES)).jdk(jdk).host("5.1.1").start(Files.createDirectories(dir.resolve("again")))) {
            host.awaitEvent("inputs done generation=1 ok=4");
            String restarted = get(host.httpPort(), "/api/v2/traces").headers().firstValue("Vivo-Stream-Generation").orElseThrow();
            assertNotEquals(generation, restarted, "a restart makes new streams: a new generation");
            assertEquals(0, host.stop());
        }
    }

    /** The OTLP JSON the renderer makes of each fixture chunk, by kind, in file order. */
    private static Map<ChunkKind, List<String>> expectedPayloads() throws Exception {
        Map<ChunkKind, List<String>> out = new java.util.EnumMap<>(ChunkKind.class);
        for (ChunkKind kind : ChunkKind.values()) {
            out.put(kind, new ArrayList<>());
        }
        ChunkRenderer renderer = new ChunkRenderer();
        try (var files = Files.list(Fbhost.FIXTURES.resolve("otlp-roundtrip"))) {
            for (Path chunk : files.filter(p -> p.toString().endsWith(".msgpack")).sorted().toList()) {
                byte[] data = Files.readAllBytes(chunk);
                var payload = renderer.render(data, data.length, "t").payload();
                ByteArrayOutputStream text = new ByteArrayOutputStream();
                payload.write(View.API_V2, text);
                out.get(payload.kind()).add(text.toString(StandardCharsets.US_ASCII));
            }
        }
        return out;
    }

    private static void assertOneObject(String text) throws Exception {
        try (JsonParser p = new JsonFactory().createParser(text)) {
            assertEquals(JsonToken.START_OBJECT, p.nextToken());
            p.skipChildren();
            assertEquals(null, p.nextToken(), "one JSON object");
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
