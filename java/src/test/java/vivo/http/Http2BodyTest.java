package vivo.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import vivo.HostLog;
import vivo.decode.ChunkKind;
import vivo.render.ChunkRenderer;
import vivo.render.Lines;
import vivo.render.Payload;
import vivo.render.Slabs;
import vivo.render.View;
import vivo.stream.Entry;
import vivo.stream.Streams;

/**
 * Bodies over HTTP/2, which the connection's I/O thread sends: in batches that a worker fills
 * ({@link Http2Batches}), or, for stored bytes only, gathered by the I/O thread itself ({@link StoredBody}).
 * Byte for byte what HTTP/1.1 sends, cut when the client takes nothing, and never holding a worker, the
 * stored entries or the server's stop. The eviction stress runs over HTTP/1.1 too, on both kinds of body.
 */
@Timeout(60)
class Http2BodyTest {

    private static final long MB = 1 << 20;

    /**
     * {@code length} bytes of 64-byte lines ({@link Generated#byteAt}): stored in native memory when
     * {@code stored}, and then sent by the I/O thread ({@link StoredBody}); else made while a worker writes them.
     */
    static Payload big(boolean stored, long length) {
        if (!stored) {
            return new Generated(length);
        }
        byte[] bytes = new byte[Math.toIntExact(length)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = Generated.byteAt(i);
        }
        return new Lines(ChunkKind.METRICS, bytes);
    }

    /** Whether {@code payload} ({@link #big}) was written whole: unknown (false) for stored bytes. */
    private static boolean writtenWhole(Payload payload) {
        return payload instanceof Generated g && g.written() == g.length(View.CLASSIC);
    }

    /** Streams, empty, with room for {@code payload} in one page. */
    static Streams sizedFor(Payload payload) {
        Streams streams = new Streams(Math.max(1000, payload.size()));
        streams.setPageSize(Math.max(1000, payload.length(View.CLASSIC)));
        return streams;
    }

    /** A started server on a free port whose metrics stream holds {@code payload}. */
    private static HttpServer serving(Payload payload, String name, HostLog log, HttpServer.Timeouts timeouts) throws Exception {
        Streams streams = sizedFor(payload);
        streams.append(payload);
        return serving(streams, name, log, timeouts);
    }

    private static HttpServer serving(Streams streams, String name, HostLog log, HttpServer.Timeouts timeouts) throws Exception {
        HttpServer server = new HttpServer(TestServer.config(name, "http_listen", "127.0.0.1", "http_port", "0"), streams, log, timeouts);
        server.start();
        return server;
    }

    @Test
    void storedChunksAreServedOverHttp2ByteForByteAsOverHttp1InEveryView() throws Exception {
        try (TestServer server = TestServer.start("h2-exact")) {
            Path fixture = Paths.get(System.getProperty("vivo.fixtures.dir"), "big-chunk");
            byte[] chunk = Files.readAllBytes(fixture.resolve("0000.msgpack"));
            String tag = Files.readString(fixture.resolve("0000.tag"));
            for (int i = 0; i < 4; i++) {
                // stored in native memory as the drain stores it: /api/v1 goes out as views of it
                server.streams.append(tag, new ChunkRenderer().render(chunk, chunk.length, tag).payload());
            }
            HttpClient h1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
            // the first request upgrades the connection (h2c); the next ones are HTTP/2 streams
            h2.send(HttpRequest.newBuilder(server.uri(Routes.HEALTH)).build(), HttpResponse.BodyHandlers.discarding());
            for (String path : new String[] {"/logs", "/api/v1/logs", "/api/v2/logs"}) {
                HttpRequest request = HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(30)).build();
                HttpResponse<byte[]> one = h1.send(request, HttpResponse.BodyHandlers.ofByteArray());
                HttpResponse<byte[]> two = h2.send(request, HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(HttpClient.Version.HTTP_2, two.version(), path);
                assertTrue(one.body().length > 16 * Http2Batches.BATCH, path + ": many batches, " + one.body().length + " bytes");
                assertArrayEquals(one.body(), two.body(), path);
                assertEquals(Optional.of("3"), two.headers().firstValue("Vivo-Stream-End-ID"), path);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aStreamThatGivesNoFlowControlCreditForTheWriteTimeoutIsResetAndGivesBackItsWorkerAndEntries(boolean stored) throws Exception {
        Payload big = big(stored, 64 * MB);
        RecordingHostLog log = new RecordingHostLog(HostLog.Level.DEBUG);
        HttpServer server = serving(big, "h2-window", log, new HttpServer.Timeouts(60_000, 300));
        try (RawHttp2 c = new RawHttp2(server.port())) {
            c.get(1, "/metrics");
            // no WINDOW_UPDATE: the server may send 65,535 bytes of the body, and then nothing more
            log.await(HostLog.Level.DEBUG, m -> m.startsWith("response to "), Duration.ofSeconds(10));
            long data = 0;
            RawHttp2.Frame f = c.read();
            while (!(f.type() == RawHttp2.RST_STREAM && f.stream() == 1)) {
                assertFalse(f.stream() == 1 && f.ends(), "the stream is cut, not ended");
                data += f.type() == RawHttp2.DATA ? f.payload().length : 0;
                f = c.read();
            }
            assertTrue(data <= RawHttp2.INITIAL_WINDOW, "no more than the window: " + data);
            assertFalse(writtenWhole(big), "the body was not written whole");
            // a client that stalls is routine: Undertow's word for the reset is at debug, as the cut is
            log.await(HostLog.Level.DEBUG, m -> m.contains("UT005102"), Duration.ofSeconds(10));
            assertEquals(List.of(), log.messages(HostLog.Level.WARN));

            assertFreedAndServingOn(c, server.port());
        } finally {
            server.stop();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aStreamTheClientResetsWhileItsDataWaitsOnFlowControlGivesBackItsWorkerAndEntries(boolean stored) throws Exception {
        Payload big = big(stored, 64 * MB);
        RecordingHostLog log = new RecordingHostLog(HostLog.Level.DEBUG);
        HttpServer server = serving(big, "h2-reset", log, new HttpServer.Timeouts(60_000, 300));
        try (RawHttp2 c = new RawHttp2(server.port())) {
            c.get(1, "/metrics");
            long data = 0;
            while (data < RawHttp2.INITIAL_WINDOW) {
                RawHttp2.Frame f = c.read();
                data += f.type() == RawHttp2.DATA && f.stream() == 1 ? f.payload().length : 0;
            }
            // the window is spent and a frame waits on it: the client gives up on the stream, not the connection
            c.cancel(1);
            log.await(HostLog.Level.DEBUG, m -> m.startsWith("response to "), Duration.ofSeconds(10));
            assertFreedAndServingOn(c, server.port());
        } finally {
            server.stop();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aConnectionWhoseSocketTakesNothingForTheWriteTimeoutIsClosedAndGivesBackItsWorkerAndEntries(boolean stored) throws Exception {
        Payload big = big(stored, stored ? 64 * MB : 256 * MB);
        RecordingHostLog log = new RecordingHostLog(HostLog.Level.DEBUG);
        HttpServer server = serving(big, "h2-socket", log, new HttpServer.Timeouts(60_000, 300));
        try (RawHttp2 c = new RawHttp2(server.port())) {
            c.windowUpdate(0, Integer.MAX_VALUE - RawHttp2.INITIAL_WINDOW);
            c.settingsInitialWindow(Integer.MAX_VALUE);
            c.get(1, "/metrics");
            // the client reads nothing: the socket buffers fill, then the server's writes stall
            log.await(HostLog.Level.DEBUG, m -> m.startsWith("response to "), Duration.ofSeconds(20));
            TestServer.awaitInflightBytes(server.port(), 0);
            assertFalse(writtenWhole(big), "the body was not written whole");
            assertTrue(c.closedByServer(), "the connection is closed");
        } finally {
            server.stop();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void stopEndsAResponseThatAnHttp2ClientHoldsBackAndReturns(boolean stored) throws Exception {
        Payload big = big(stored, 64 * MB);
        Streams streams = sizedFor(big);
        Entry entry = streams.append(big);
        // no write timeout: only the stop ends it
        HttpServer server = serving(streams, "h2-stop", new RecordingHostLog(HostLog.Level.INFO), new HttpServer.Timeouts(0, 0));
        try (RawHttp2 c = new RawHttp2(server.port())) {
            c.get(1, "/metrics");
            for (RawHttp2.Frame f = c.read(); f.type() != RawHttp2.DATA; f = c.read()) {
                assertFalse(f.type() == RawHttp2.RST_STREAM, "reset before any data");
            }
            assertTimeoutPreemptively(Duration.ofSeconds(15), server::stop);
            assertEquals(Set.of(), TestServer.threadsOf("h2-stop"));
            assertTrue(c.closedByServer(), "the connection is closed");
            assertFalse(writtenWhole(big), "the body was cut, not finished");
            if (stored) {
                assertEquals(1, entry.payload().block().holders(), "the entry is held by its stream alone");
            }
        }
    }

    /**
     * {@code stored} as a payload that does not say it writes stored bytes only: a worker writes it, over
     * HTTP/2 into its batches, which take views of the stored bytes as they are.
     */
    private record ThroughAWorker(Payload stored) implements Payload {
        @Override
        public ChunkKind kind() {
            return stored.kind();
        }

        @Override
        public int size() {
            return stored.size();
        }

        @Override
        public int records() {
            return stored.records();
        }

        @Override
        public long length(View view) {
            return stored.length(view);
        }

        @Override
        public void write(View view, OutputStream out) throws IOException {
            stored.write(view, out);
        }

        @Override
        public Payload offHeap(Slabs slabs) {
            return new ThroughAWorker(stored.offHeap(slabs));
        }

        @Override
        public Slabs.Block block() {
            return stored.block();
        }
    }

    /** Each protocol, with the bodies sent by the I/O thread ({@link StoredBody}) and by a worker. */
    static Stream<Arguments> protocolsAndPaths() {
        return Stream.of(HttpClient.Version.HTTP_2, HttpClient.Version.HTTP_1_1)
                .flatMap(version -> Stream.of(Arguments.of(version, true), Arguments.of(version, false)));
    }

    @ParameterizedTest
    @MethodSource("protocolsAndPaths")
    void streamsReadOrResetWhileTheirEntriesAreEvictedEachGetEveryByteOfTheirOwn(HttpClient.Version version, boolean stored) throws Exception {
        // a 4 MB stream of entries of 64-320 KB: it evicts, and reuses its slabs, all along
        try (TestServer server = TestServer.start("h2-stress", "*", false, 4 * MB)) {
            LongFunction<Payload> entry = id -> {
                Payload lines = new Lines(ChunkKind.METRICS, content(id));
                return stored ? lines : new ThroughAWorker(lines);
            };
            // the first entry before any read, so that no read can find the stream empty (it has no Start-ID)
            server.streams.append("t", entry.apply(0));
            AtomicLong tail = new AtomicLong(0);
            AtomicBoolean done = new AtomicBoolean();
            Thread appender = new Thread(() -> {
                for (long id = 1; id < 20_000 && !done.get(); id++) {
                    server.streams.append("t", entry.apply(id));
                    tail.set(id);
                }
            }, "h2-stress-appender");
            appender.start();
            HttpClient client = HttpClient.newBuilder().version(version).build();
            client.send(HttpRequest.newBuilder(server.uri(Routes.HEALTH)).build(), HttpResponse.BodyHandlers.discarding());
            Random random = new Random(7);
            Semaphore inFlight = new Semaphore(8);
            List<CompletableFuture<Void>> reads = new ArrayList<>();
            AtomicInteger checked = new AtomicInteger();
            for (int i = 0; i < 400; i++) {
                inFlight.acquire();
                long from = Math.max(0, tail.get() - random.nextInt(30));
                HttpRequest request = HttpRequest.newBuilder(server.uri("/metrics?from=" + from + "&limit=" + (1 + random.nextInt(6))))
                        .timeout(Duration.ofSeconds(30)).build();
                CompletableFuture<Void> read;
                if (random.nextInt(4) == 0) {
                    // read a part, then close: the client resets the stream while the server writes it. (JDK 17's
                    // HttpClient, 17.0.15, does not give back the connection's flow-control credit for what it
                    // had buffered of such a stream: after some fifty of them every stream stalls, and
                    // Undertow resets each after the write timeout. The unit tests run on JDK 25, whose does.)
                    int part = random.nextInt(256 * 1024);
                    read = client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()).thenAccept(r -> {
                        try (InputStream body = r.body()) {
                            body.readNBytes(part);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                } else {
                    read = client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenAccept(r -> {
                        assertEquals(200, r.statusCode());
                        assertEquals(version, r.version());
                        long start = Long.parseLong(r.headers().firstValue("Vivo-Stream-Start-ID").orElseThrow());
                        long end = Long.parseLong(r.headers().firstValue("Vivo-Stream-End-ID").orElseThrow());
                        ByteArrayOutputStream expected = new ByteArrayOutputStream();
                        for (long id = start; id <= end; id++) {
                            expected.writeBytes(content(id));
                        }
                        assertArrayEquals(expected.toByteArray(), r.body(), "entries " + start + " to " + end);
                        checked.incrementAndGet();
                    });
                }
                reads.add(read.whenComplete((r, e) -> inFlight.release()));
            }
            CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).get(45, TimeUnit.SECONDS);
            done.set(true);
            appender.join();
            assertTrue(checked.get() > 250, "read whole and checked: " + checked.get());
            assertTrue(tail.get() > 100, "entries appended while read: " + (tail.get() + 1));
            TestServer.awaitInflightBytes(server.port(), 0);
        }
    }

    /** Entry {@code id} of the stress test: 64 to 320 KB that start with its id, one line. */
    private static byte[] content(long id) {
        byte[] bytes = new byte[64 * 1024 + (int) (id * 7919 % (256 * 1024))];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) ('a' + (id + i) % 26);
        }
        byte[] head = ("entry " + id + " ").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[bytes.length - 1] = '\n';
        return bytes;
    }

    /** The worker and the entries of a cut stream are free again, and its connection serves the next request (stream 3). */
    private static void assertFreedAndServingOn(RawHttp2 c, int port) throws Exception {
        TestServer.awaitInflightBytes(port, 0);
        c.windowUpdate(0, 1 << 30);
        c.get(3, "/metrics?from=1");
        for (RawHttp2.Frame f = c.read(); !(f.stream() == 3 && f.ends()); f = c.read()) {
            assertFalse(f.type() == RawHttp2.RST_STREAM || f.type() == RawHttp2.GOAWAY, "frame type " + f.type());
        }
    }
}
