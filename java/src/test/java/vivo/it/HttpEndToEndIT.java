package vivo.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import vivo.it.Fbhost.Jdk;
import vivo.render.ChunkRenderer;
import vivo.render.View;

/**
 * From the host through the shim, the bridge and the drain into the HTTP API (issue 3): the bytes
 * served are exactly those the renderer makes of the chunks the host flushed, ids and all.
 */
class HttpEndToEndIT {

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One input per kind, workers 0: each stream gets its chunks in file order. */
    private static final String CONFIG = """
            [SERVICE]
                log_level info
            [INPUT]
                name  chunks
                dir   %1$s/logs-forward-legacy
                rate  50
                count 6
            [INPUT]
                name  chunks
                dir   %1$s/metrics-multi-context
                rate  50
                count %2$d
            [INPUT]
                name  chunks
                dir   %1$s/traces-otlp
                rate  50
                count %3$d
            [OUTPUT]
                name                   vivo_java
                match                  *
                http_port              0
                http_cors_allow_origin *
            """;

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void theApiServesExactlyWhatTheRendererMakesOfTheFlushedChunks(Jdk jdk) throws Exception {
        List<Path> logs = chunks("logs-forward-legacy");
        List<Path> metrics = chunks("metrics-multi-context");
        List<Path> traces = chunks("traces-otlp");
        String config = CONFIG.formatted(Fbhost.FIXTURES, metrics.size(), traces.size());
        try (Fbhost host = Fbhost.run(config).jdk(jdk).host("5.1.1").start(dir)) {
            int port = host.httpPort();
            host.awaitEvent("inputs done generation=1 ok=" + (logs.size() + metrics.size() + traces.size()));

            assertServed(port, "/logs", rendered(logs, View.CLASSIC), logs.size());
            assertServed(port, "/api/v1/logs", rendered(logs, View.API_V1), logs.size());
            assertServed(port, "/metrics", rendered(metrics, View.CLASSIC), metrics.size());
            assertServed(port, "/api/v1/metrics", rendered(metrics, View.API_V1), metrics.size());
            assertServed(port, "/traces", rendered(traces, View.CLASSIC), traces.size());

            HttpResponse<String> one = get(port, "/api/v1/logs?from=2&limit=1");
            assertEquals("2", one.headers().firstValue("Vivo-Stream-Start-ID").orElseThrow());
            assertEquals("2", one.headers().firstValue("Vivo-Stream-End-ID").orElseThrow());
            assertEquals(new String(rendered(logs.subList(2, 3), View.API_V1)), one.body());
            assertEquals(0, host.stop());
        }
    }

    /** 2.1.0 has no FLBPluginOutputPreExit: the shim then tells a reload by the newer registration. */
    @ParameterizedTest
    @ValueSource(strings = {"5.1.1", "2.1.0"})
    void aHotReloadKeepsTheStreamsSoAPollingClientNeitherMissesNorRepeats(String hostVersion) throws Exception {
        String config = """
                [INPUT]
                    name    dummy
                    rate    20
                    count   0
                [OUTPUT]
                    name      vivo_java
                    match     *
                    http_port 0
                """;
        // each generation listens on a new free port (none is freed and then reused) and keeps the streams of
        // the listener "127.0.0.1:0": the client follows it to the new port, as it would follow a fixed one
        String streams;
        try (Fbhost host = Fbhost.run(config).host(hostVersion).hotReload().start(dir)) {
            int port = host.httpPort();
            host.awaitEvent("ready generation=1.*");
            List<Long> ids = new ArrayList<>();
            long next = 0;
            streams = streamsGeneration(port);
            String countedFrom = countersStart(port);
            for (int generation = 2; generation <= 4; generation++) {
                next = poll(port, next, ids, 5);
                long chunks = chunksReceived(port);
                host.signal("HUP");
                host.awaitEvent("ready generation=" + generation + ".*");
                host.awaitLog("kept the streams of 127.0.0.1:0 across the reload", generation - 1);
                port = host.httpPort(generation);
                assertEquals(streams, streamsGeneration(port), "kept streams keep their Vivo-Stream-Generation");
                // and their counters go on: the chunks of the generations before are still counted
                assertTrue(chunksReceived(port) >= chunks, "chunks received went back at reload " + (generation - 1));
                assertEquals(countedFrom, countersStart(port), "the counters' start time");
            }
            next = poll(port, next, ids, 5);
            for (int i = 0; i < ids.size(); i++) {
                assertEquals(i, ids.get(i), "the ids a client saw across three reloads: " + ids);
            }
            assertEquals(0, host.stop());
        }
        try (Fbhost restarted = Fbhost.run(config).host(hostVersion).start(dir)) {
            assertNotEquals(streams, streamsGeneration(restarted.httpPort()), "a restart makes new streams");
            assertEquals(0, restarted.stop());
        }
    }

    /** {@code ingest.chunks} of the health document. */
    private long chunksReceived(int port) throws Exception {
        Matcher m = Pattern.compile("\"ingest\":\\{\"chunks\":(\\d+),").matcher(get(port, "/api/v1/health").body());
        assertTrue(m.find(), "ingest.chunks in the health document");
        return Long.parseLong(m.group(1));
    }

    /** The {@code startTimeUnixNano} of the OTLP internal metrics' counters. */
    private String countersStart(int port) throws Exception {
        Matcher m = Pattern.compile("\"startTimeUnixNano\":\"(\\d+)\"").matcher(get(port, "/api/v2/internal/metrics").body());
        assertTrue(m.find(), "a counter with its start time");
        return m.group(1);
    }

    private String streamsGeneration(int port) throws Exception {
        return get(port, "/logs?limit=1").headers().firstValue("Vivo-Stream-Generation").orElseThrow();
    }

    @Test
    void aPortInUseFailsInitWithTheFix() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String config = """
                    [INPUT]
                        name  dummy
                        count 1
                    [OUTPUT]
                        name      vivo_java
                        match     *
                        http_port %d
                    """.formatted(taken.getLocalPort());
            try (Fbhost host = Fbhost.run(config).start(dir)) {
                assertEquals(1, host.exitCode());
                host.awaitLog("\\[error\\] \\[output:vivo_java:vivo_java.0\\] http_port " + taken.getLocalPort()
                        + " is in use on 127.0.0.1; choose another http_port");
            }
        }
    }

    @Test
    void twoInstancesServeTheirOwnStreamsOnTheirOwnPorts() throws Exception {
        String config = """
                [INPUT]
                    name  dummy
                    tag   app.a
                    rate  100
                    count 3
                [INPUT]
                    name  dummy
                    tag   app.b
                    rate  100
                    count 5
                [OUTPUT]
                    name      vivo_java
                    match     app.a
                    http_port 0
                [OUTPUT]
                    name      vivo_java
                    match     app.b
                    http_port 0
                """;
        try (Fbhost host = Fbhost.run(config).start(dir)) {
            List<Integer> ports = new ArrayList<>();
            for (String line : waitForListeners(host, 2)) {
                ports.add(Integer.parseInt(line.replaceAll(".*listening on [^ ]+:(\\d+).*", "$1")));
            }
            host.awaitEvent("inputs done generation=1 ok=8");
            assertEquals(List.of("3", "5"), List.of(
                    get(ports.get(0), "/logs").headers().firstValue("Vivo-Stream-Next-ID").orElseThrow(),
                    get(ports.get(1), "/logs").headers().firstValue("Vivo-Stream-Next-ID").orElseThrow()));
            assertTrue(get(ports.get(0), "/logs").body().contains("\"_tag\":\"app.a\""));
            assertTrue(get(ports.get(1), "/logs").body().contains("\"_tag\":\"app.b\""));
            assertEquals(0, host.stop());
        }
    }

    // ---- helpers ----

    private static List<Path> chunks(String scenario) throws IOException {
        try (Stream<Path> files = Files.list(Fbhost.FIXTURES.resolve(scenario))) {
            return files.filter(p -> p.toString().endsWith(".msgpack")).sorted().toList();
        }
    }

    private static byte[] rendered(List<Path> chunks, View view) throws IOException {
        ChunkRenderer renderer = new ChunkRenderer();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Path chunk : chunks) {
            byte[] data = Files.readAllBytes(chunk);
            String tag = Files.readString(Path.of(chunk.toString().replace(".msgpack", ".tag")));
            renderer.render(data, data.length, tag).payload().write(view, out);
        }
        return out.toByteArray();
    }

    private void assertServed(int port, String path, byte[] expected, int entries) throws Exception {
        HttpResponse<byte[]> response = client.send(request(port, path), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertEquals(path.startsWith("/api/v1/") ? "application/x-ndjson" : "application/json",
                response.headers().firstValue("Content-Type").orElseThrow(), path);
        assertEquals("*", response.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        assertEquals("0", response.headers().firstValue("Vivo-Stream-Start-ID").orElseThrow(), path);
        assertEquals(Integer.toString(entries - 1), response.headers().firstValue("Vivo-Stream-End-ID").orElseThrow(), path);
        assertEquals(Integer.toString(entries), response.headers().firstValue("Vivo-Stream-Next-ID").orElseThrow(), path);
        assertArrayEquals(expected, response.body(), path);
    }

    /**
     * Polls ?from=next until it has seen {@code atLeast} more entries; records each id served. The listener is
     * up: each caller has seen the generation ready, and Init returns only once Java listens.
     */
    private long poll(int port, long next, List<Long> ids, int atLeast) throws Exception {
        long[] from = {next};
        int wanted = ids.size() + atLeast;
        Fbhost.until("ids seen by the polling client", Fbhost.WAIT, () -> {
            HttpResponse<String> r = get(port, "/api/v1/logs?from=" + from[0]);
            if (r.headers().firstValue("Vivo-Stream-Start-ID").isPresent()) {
                long start = Long.parseLong(r.headers().firstValue("Vivo-Stream-Start-ID").get());
                long end = Long.parseLong(r.headers().firstValue("Vivo-Stream-End-ID").get());
                assertEquals(from[0], start, "entries were lost before this client read them");
                for (long id = start; id <= end; id++) {
                    ids.add(id);
                }
            }
            from[0] = Long.parseLong(r.headers().firstValue("Vivo-Stream-Next-ID").orElseThrow());
            return ids.size();
        }, seen -> seen >= wanted);
        return from[0];
    }

    private static List<String> waitForListeners(Fbhost host, int count) {
        host.awaitLog("vivo_java." + (count - 1) + "\\] listening on");
        return host.log().stream().filter(l -> l.contains("listening on")).toList();
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return client.send(request(port, path), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30)).build();
    }

}
