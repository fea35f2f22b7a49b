package vivo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What clients can make the server hold: connections (http_max_connections), request heads (431),
 * bytes held by responses being sent (http_inflight_size), idle and slow connections
 * (http_idle_timeout). Each limit is answered with a status code that says what happened.
 */
@Timeout(60)
class BoundsTest {

    private static final String BUSY_BODY = "{\"error\":\"too many connections: the server is at http_max_connections; retry later\"}\n";

    private static String get(String target, String... headers) {
        return "GET " + target + " HTTP/1.1\r\nHost: x\r\n" + String.join("", headers) + "\r\n";
    }

    private static RawConnection.Response request(TestServer server, String target) throws IOException {
        try (RawConnection c = new RawConnection(server.port())) {
            c.send(get(target));
            return c.read(false);
        }
    }

    /** Asks until the answer is not a 503, for at most 10 s: the server sees a close or a cut response a moment after it happens. */
    private static RawConnection.Response requestUntilServed(TestServer server, String target) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            RawConnection.Response r = request(server, target);
            if (!r.statusLine().contains(" 503 ") || System.nanoTime() > deadline) {
                return r;
            }
            Thread.onSpinWait();
        }
    }

    /** Waits, at most 10 s, until the server has seen every connection close. */
    private static void awaitNoConnection(TestServer server) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (server.server.openConnections() > 0) {
            assertTrue(System.nanoTime() < deadline, server.server.openConnections() + " connections still open");
            Thread.onSpinWait();
        }
    }

    @Test
    void oneConnectionMoreThanTheCapIsAnswered503WithRetryAfterAndClosedThenServedOnceOneCloses() throws Exception {
        try (TestServer server = TestServer.start(TestServer.config("cap", "http_port", "0", "http_max_connections", "2"))) {
            RawConnection first = new RawConnection(server.port());
            try (RawConnection second = new RawConnection(server.port());
                 RawConnection third = new RawConnection(server.port())) {
                first.send(get("/"));
                assertEquals("HTTP/1.1 200 OK", first.read(false).statusLine());
                second.send(get("/"));
                assertEquals("HTTP/1.1 200 OK", second.read(false).statusLine());

                third.send(get("/logs"));
                RawConnection.Response refused = third.read(false);
                assertEquals("HTTP/1.1 503 Service Unavailable", refused.statusLine());
                assertEquals(List.of("Content-Type: application/json", "Cache-Control: no-store", "Retry-After: 1",
                        "Connection: close", "Content-Length: " + BUSY_BODY.length()), refused.headerLines());
                assertEquals(BUSY_BODY, refused.bodyText());
                assertTrue(third.closedByServer());
                assertTrue(server.log.messages(vivo.HostLog.Level.WARN).stream()
                        .anyMatch(m -> m.startsWith("refused a connection from /127.0.0.1:") && m.endsWith(
                                " with 503: 2 are open, as many as http_max_connections allows")), server.log.messages(vivo.HostLog.Level.WARN).toString());

                first.close();
                assertEquals("HTTP/1.1 200 OK", requestUntilServed(server, "/").statusLine(), "a closed connection frees its place");
                second.send(get("/"));
                assertEquals("HTTP/1.1 200 OK", second.read(false).statusLine(), "the connections admitted go on being served");
            }
        }
    }

    @Test
    void http2ConnectionsByUpgradeAndByPriorKnowledgeCountAndFreeTheirPlaceWhenClosed() throws Exception {
        try (TestServer server = TestServer.start(TestServer.config("cap2", "http_port", "0", "http_max_connections", "2"))) {
            for (int round = 0; round < 3; round++) {
                try (RawConnection upgraded = new RawConnection(server.port());
                     RawConnection prior = new RawConnection(server.port())) {
                    upgraded.send(get("/", "Connection: Upgrade, HTTP2-Settings\r\n", "Upgrade: h2c\r\n",
                            "HTTP2-Settings: AAMAAABkAAQAoAAAAAIAAAAA\r\n"));
                    assertEquals("HTTP/1.1 101 Switching Protocols", upgraded.read(true).statusLine(), "round " + round);
                    // the preface, then an empty SETTINGS frame
                    prior.send("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + "\0\0\0\4\0\0\0\0\0");
                    assertEquals(4, prior.readBytes(9)[3], "the server's SETTINGS frame: an HTTP/2 connection, round " + round);
                    assertEquals("HTTP/1.1 503 Service Unavailable", request(server, "/").statusLine(), "round " + round);
                }
                // both are closed: their places are free again
                awaitNoConnection(server);
            }
        }
    }

    @Test
    void aRequestHeadAbove16KiBIsAnswered431AndAbove64KiBTheConnectionIsClosedWith400() throws Exception {
        try (TestServer server = TestServer.start("heads")) {
            try (RawConnection c = new RawConnection(server.port())) {
                c.send(get("/", "X-Big: " + "a".repeat(15_000) + "\r\n"));
                assertEquals("HTTP/1.1 200 OK", c.read(false).statusLine(), "15 KB of headers are served");
            }
            try (RawConnection c = new RawConnection(server.port())) {
                c.send(get("/logs", "X-Big: " + "a".repeat(20_000) + "\r\n"));
                RawConnection.Response r = c.read(false);
                assertEquals("HTTP/1.1 431 Request Header Fields Too Large", r.statusLine());
                assertEquals(Optional.of("close"), r.header("Connection"));
                assertEquals("{\"error\":\"the request line and headers take 20040 bytes; at most 16384 are read\"}\n", r.bodyText());
                assertTrue(c.closedByServer());
            }
            try (RawConnection c = new RawConnection(server.port())) {
                c.send("GET /logs?from=" + "1".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
                assertEquals("HTTP/1.1 431 Request Header Fields Too Large", c.read(false).statusLine(), "a long query counts");
            }
            try (RawConnection c = new RawConnection(server.port())) {
                c.send(get("/logs", "X-Big: " + "a".repeat(100_000) + "\r\n"));
                assertEquals("HTTP/1.1 400 Bad Request", c.read(false).statusLine());
                assertTrue(c.closedByServer());
            }
        }
    }

    @Test
    void responsesBeingSentHoldAtMostTheInflightSizeOfStoredChunksAndARefusalRemovesNothing() throws Exception {
        // each Generated holds 64 bytes and writes 256 MiB, so a client that reads nothing holds its entry
        Generated held = new Generated(256L << 20);
        Generated other = new Generated(64);
        try (TestServer server = TestServer.start(TestServer.config("budget", "http_port", "0",
                "http_inflight_size", "100", "empty_stream_on_read", "on"))) {
            server.streams.append(held);
            server.streams.append(other);
            try (Socket stalled = new Socket("127.0.0.1", server.port())) {
                stalled.getOutputStream().write(get("/metrics?to=0").getBytes(StandardCharsets.US_ASCII));
                InputStream in = stalled.getInputStream();
                assertEquals('H', in.read(), "the response has started, so it holds entry 0");

                RawConnection.Response refused = request(server, "/metrics?from=1");
                assertEquals("HTTP/1.1 503 Service Unavailable", refused.statusLine());
                assertEquals(Optional.of("1"), refused.header("Retry-After"));
                assertEquals("{\"error\":\"busy: responses being sent hold 64 bytes of stored chunks, and this one would "
                        + "take them past http_inflight_size (100); retry\"}\n", refused.bodyText());
                assertEquals(1, server.streams.get(vivo.decode.ChunkKind.METRICS).read(vivo.stream.Range.ALL, false).entries().size(),
                        "the refused read removed nothing: entry 1 is still there");
                RawConnection.Response head = headOf(server, "/metrics?from=1");
                assertEquals("HTTP/1.1 200 OK", head.statusLine(), "a HEAD holds nothing, so it is answered");
            }
            RawConnection.Response served = requestUntilServed(server, "/metrics?from=1");
            assertEquals("HTTP/1.1 200 OK", served.statusLine(), "the stalled client is gone, so is what it held");
            assertEquals(64, served.body().length);
        }
    }

    @Test
    void clientsReadingTheSameEntriesHoldThemOnce() throws Exception {
        Generated big = new Generated(256L << 20);
        try (TestServer server = TestServer.start(TestServer.config("shared", "http_port", "0", "http_inflight_size", "100"))) {
            server.streams.append(big);
            try (Socket a = new Socket("127.0.0.1", server.port()); Socket b = new Socket("127.0.0.1", server.port())) {
                a.getOutputStream().write(get("/metrics").getBytes(StandardCharsets.US_ASCII));
                assertEquals('H', a.getInputStream().read());
                b.getOutputStream().write(get("/metrics").getBytes(StandardCharsets.US_ASCII));
                assertEquals('H', b.getInputStream().read(), "the same 64 bytes, held once, fit in 100");
            }
        }
    }

    private static RawConnection.Response headOf(TestServer server, String target) throws IOException {
        try (RawConnection c = new RawConnection(server.port())) {
            c.send("HEAD " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
            return c.read(true);
        }
    }

    @Test
    void aRequestHeadThatDoesNotArriveWithinTheIdleTimeoutIsClosed() throws Exception {
        try (TestServer server = TestServer.start(TestServer.config("slowloris", "http_port", "0", "http_idle_timeout", "1"));
             RawConnection c = new RawConnection(server.port())) {
            c.send("GET /logs HTTP/1.1\r\nHost: x\r\n");
            assertTrue(c.closedByServer(), "closed within the 5 s a read waits");
        }
    }

    @Test
    void anIdleTimeoutOfZeroNeverClosesAConnection() throws Exception {
        try (TestServer server = TestServer.start(TestServer.config("never", "http_port", "0", "http_idle_timeout", "0"));
             RawConnection c = new RawConnection(server.port())) {
            c.send(get("/"));
            assertEquals("HTTP/1.1 200 OK", c.read(false).statusLine());
            assertFalse(c.closedByServer(), "still open after the 5 s a read waits");
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheIdleTimeout() throws Exception {
        try (TestServer server = TestServer.start(TestServer.config("silent", "http_port", "0", "http_idle_timeout", "1"));
             RawConnection c = new RawConnection(server.port())) {
            assertTrue(c.closedByServer(), "closed within the 5 s a read waits");
        }
    }
}
