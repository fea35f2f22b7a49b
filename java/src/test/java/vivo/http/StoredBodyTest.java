package vivo.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import vivo.HostLog;
import vivo.decode.ChunkKind;
import vivo.render.ChunkRenderer;
import vivo.render.Payload;
import vivo.render.View;
import vivo.stream.Entry;
import vivo.stream.Stream;
import vivo.stream.Streams;

/**
 * HTTP/2 bodies of stored bytes ({@code /api/v1}, classic metrics and traces), which the I/O thread sends
 * without a worker ({@link StoredBody}): clients that take nothing hold their entries until they are cut,
 * and no thread, so every other body goes out meanwhile; each way such a body ends lets its entries go.
 * (The stalls, resets and stop of {@link Http2BodyTest} run on these bodies too.) Over HTTP/1.1 the
 * workers write them, and a stalled client still holds one until the write timeout cuts it.
 */
@Timeout(60)
class StoredBodyTest {

    private static final long MB = 1 << 20;
    /** More than the workers: each would hold one if it wrote a stalled body. */
    private static final int STALLED = 6;

    /** A server with one stored 32 MB metrics entry and the big-chunk fixture as logs, and a write timeout. */
    private record Served(HttpServer server, Streams streams, Entry metrics, byte[] logsClassic) implements AutoCloseable {
        static Served start(String name, HostLog log, int writeMillis) throws Exception {
            Payload big = Http2BodyTest.big(true, 32 * MB);
            Streams streams = Http2BodyTest.sizedFor(big);
            streams.setCapacity(64 * MB);
            Entry metrics = streams.append(big);
            assertNotNull(metrics.payload().block(), "stored in native memory");
            Path fixture = Paths.get(System.getProperty("vivo.fixtures.dir"), "big-chunk");
            byte[] chunk = Files.readAllBytes(fixture.resolve("0000.msgpack"));
            Payload logs = streams.append("t", new ChunkRenderer().render(chunk, chunk.length, "t").payload()).payload();
            ByteArrayOutputStream classic = new ByteArrayOutputStream();
            logs.write(View.CLASSIC, classic);
            HttpServer server = new HttpServer(TestServer.config(name, "http_listen", "127.0.0.1", "http_port", "0",
                    "http_inflight_size", Long.toString(64 * MB)), streams, log, new HttpServer.Timeouts(60_000, writeMillis));
            server.start();
            return new Served(server, streams, metrics, classic.toByteArray());
        }

        int port() {
            return server.port();
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port() + path);
        }

        /** Waits, at most 10 s, until the metrics entry is held by {@code holders}: its stream and a response each. */
        void awaitHolders(int holders) {
            StoredBodyTest.awaitHolders(metrics, holders);
        }

        @Override
        public void close() {
            server.stop();
        }
    }

    /** An HTTP/2 client that asks for {@code path} and then takes nothing: no WINDOW_UPDATE, so after 65,535 bytes the server's writes wait on flow control. */
    private static RawHttp2 stalledReader(int port, String path) throws IOException {
        RawHttp2 c = new RawHttp2(port);
        c.get(1, path);
        return c;
    }

    @Test
    void http2ClientsThatTakeNothingOfAStoredBodyHoldNoWorker() throws Exception {
        RecordingHostLog log = new RecordingHostLog(HostLog.Level.INFO);
        // a minute of write timeout: a body that waited for a worker held by a stalled one would wait that long
        try (Served served = Served.start("stored-stalled", log, 60_000)) {
            List<AutoCloseable> stalled = new ArrayList<>();
            try {
                for (int i = 0; i < STALLED; i++) {
                    stalled.add(stalledReader(served.port(), "/api/v1/metrics"));
                }
                served.awaitHolders(1 + STALLED);

                // the classic view of logs is rendered as it is written, by a worker: one is free
                HttpResponse<byte[]> logs = readLogs(served, Duration.ofSeconds(20));
                assertEquals(200, logs.statusCode());
                assertArrayEquals(served.logsClassic(), logs.body());
                assertEquals(List.of(), log.messages(HostLog.Level.WARN));
            } finally {
                for (AutoCloseable c : stalled) {
                    c.close();
                }
            }
            // their clients gone, the stalled bodies give their entries back
            TestServer.awaitInflightBytes(served.port(), 0);
            served.awaitHolders(1);
        }
    }

    private static HttpResponse<byte[]> readLogs(Served served, Duration timeout) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(served.uri("/logs")).version(HttpClient.Version.HTTP_1_1)
                .timeout(timeout).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aLongPollWhoseClientWentLetsGoOfTheEntryThatEndsIt() throws Exception {
        RecordingHostLog log = new RecordingHostLog(HostLog.Level.DEBUG);
        try (Served served = Served.start("stored-gone", log, 60_000)) {
            Stream metrics = served.streams().get(ChunkKind.METRICS);
            try (RawHttp2 c = new RawHttp2(served.port())) {
                c.get(1, "/api/v1/metrics?from=1&wait=30");
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (metrics.waiting() == 0) {
                    assertTrue(System.nanoTime() < deadline, "the request waits for entry 1");
                    Thread.onSpinWait();
                }
            }
            // the client is gone when the entry comes: the response to nobody lets it go
            Entry next = served.streams().append(Http2BodyTest.big(true, 8 * MB));
            awaitHolders(next, 1);
            assertEquals(List.of(), log.messages(HostLog.Level.WARN));
        }
    }

    /** Waits, at most 10 s, until {@code entry} is held by {@code holders}: its stream and a response each. */
    private static void awaitHolders(Entry entry, int holders) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (entry.payload().block().holders() != holders) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("held by " + entry.payload().block().holders() + ", not " + holders);
            }
            Thread.onSpinWait();
        }
    }
}
