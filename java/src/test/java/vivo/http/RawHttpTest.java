package vivo.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Exact bytes and connection handling over HTTP/1.x: vivo-reference.md §9 A5 and F, as we decided them. */
class RawHttpTest {

    private static final String CORS_HEADERS = "Access-Control-Allow-Headers";
    private TestServer server;
    private TwoViews first;
    private TwoViews second;

    @BeforeEach
    void twoEntries() throws Exception {
        server = TestServer.start("raw");
        first = TwoViews.log("a", "{\"n\":0}");
        second = TwoViews.log("b", "{\"n\":1}");
        server.streams.append(first);
        server.streams.append(second);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RawConnection connect() throws Exception {
        return new RawConnection(server.port());
    }

    private static String get(String target, String... headers) {
        return "GET " + target + " HTTP/1.1\r\nHost: x\r\n" + String.join("", headers) + "\r\n";
    }

    @Test
    void aStreamResponseHasAStatusLineWithReasonPhraseAndExactlyTheseHeadersUnlikeCsBareLowercaseOnes() throws Exception {
        try (RawConnection c = connect()) {
            c.send(get("/logs?from=1"));
            RawConnection.Response r = c.read(false);
            assertEquals("HTTP/1.1 200 OK", r.statusLine());
            assertEquals(List.of("Access-Control-Allow-Headers", "Access-Control-Allow-Origin",
                    "Access-Control-Expose-Headers", "Cache-Control", "Connection", "Content-Length", "Content-Type",
                    "Date", "Vary", "Vivo-Stream-End-ID", "Vivo-Stream-Evicted-Bytes", "Vivo-Stream-Evicted-Entries",
                    "Vivo-Stream-Gap", "Vivo-Stream-Generation", "Vivo-Stream-Next-ID", "Vivo-Stream-Oldest-ID",
                    "Vivo-Stream-Rejected-Entries", "Vivo-Stream-Retained-Bytes", "Vivo-Stream-Retained-Entries",
                    "Vivo-Stream-Start-ID", "Vivo-Stream-Tail-ID"),
                    r.headerNames());
            assertEquals(Optional.of("application/json"), r.header("Content-Type"));
            assertEquals(Optional.of("keep-alive"), r.header("Connection"));
            assertEquals(Optional.of("1"), r.header("Vivo-Stream-Start-ID"));
            assertEquals(Optional.of("1"), r.header("Vivo-Stream-End-ID"));
            assertEquals(Optional.of("2"), r.header("Vivo-Stream-Next-ID"));
            assertArrayEquals(second.classic().getBytes(StandardCharsets.UTF_8), r.body(), "E21: the query is honoured over HTTP/1.1");
        }
    }

    @Test
    void errorBodiesAreOneJsonLine() throws Exception {
        try (RawConnection c = connect()) {
            c.send(get("/logs?limit=0"));
            RawConnection.Response bad = c.read(false);
            assertEquals("HTTP/1.1 400 Bad Request", bad.statusLine());
            assertEquals("{\"error\":\"limit: expecting a positive integer; found '0'\"}\n", bad.bodyText());

            c.send(get("/api/v3/logs?from=1"));
            RawConnection.Response missing = c.read(false);
            assertEquals("HTTP/1.1 404 Not Found", missing.statusLine());
            assertEquals("{\"error\":\"not found: /api/v3/logs\"}\n", missing.bodyText());

            c.send("DELETE /logs HTTP/1.1\r\nHost: x\r\n\r\n");
            RawConnection.Response notAllowed = c.read(false);
            assertEquals("HTTP/1.1 405 Method Not Allowed", notAllowed.statusLine());
            assertEquals(Optional.of("GET, HEAD, OPTIONS"), notAllowed.header("Allow"));
            assertEquals(Optional.of("0"), notAllowed.header("Content-Length"));
            assertEquals("", notAllowed.bodyText(), "405 has an empty body");
            assertTrue(notAllowed.header(CORS_HEADERS).isPresent());
            for (RawConnection.Response r : List.of(bad, missing)) {
                assertEquals(Optional.of("application/json"), r.header("Content-Type"));
                assertTrue(r.header(CORS_HEADERS).isPresent());
            }
        }
    }

    @Test
    void headHasNoBodySoTheNextResponseOnTheConnectionIsIntactUnlikeC() throws Exception {
        try (RawConnection c = connect()) {
            c.send("HEAD /logs HTTP/1.1\r\nHost: x\r\n\r\n" + get("/api/v1/logs?limit=1"));
            RawConnection.Response head = c.read(true);
            assertEquals("HTTP/1.1 200 OK", head.statusLine());
            assertEquals(Optional.of(String.valueOf(first.classic().length() + second.classic().length())),
                    head.header("Content-Length"));
            RawConnection.Response next = c.read(false);
            assertEquals("HTTP/1.1 200 OK", next.statusLine(), "a body after HEAD would have shown up here");
            assertEquals(first.apiV1(), next.bodyText());
        }
    }

    @Test
    void headOnTheRootHasNoBodyEither() throws Exception {
        try (RawConnection c = connect()) {
            c.send("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n" + get("/nope"));
            assertEquals("HTTP/1.1 200 OK", c.read(true).statusLine());
            assertEquals("HTTP/1.1 404 Not Found", c.read(false).statusLine());
        }
    }

    @Test
    void http11KeepsTheConnectionOpenAndAnswersPipelinedRequestsInOrder() throws Exception {
        try (RawConnection c = connect()) {
            c.send(get("/logs?to=0") + get("/logs?from=1"));
            assertEquals(first.classic(), c.read(false).bodyText());
            assertEquals(second.classic(), c.read(false).bodyText());
            c.send(get("/"));
            assertEquals("HTTP/1.1 200 OK", c.read(false).statusLine());
        }
    }

    @Test
    void connectionCloseIsHonouredUnlikeC() throws Exception {
        try (RawConnection c = connect()) {
            c.send(get("/logs", "Connection: close\r\n"));
            RawConnection.Response r = c.read(false);
            assertEquals(Optional.of("close"), r.header("Connection"));
            assertEquals(first.classic() + second.classic(), r.bodyText());
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void http10ClosesAfterTheResponse() throws Exception {
        try (RawConnection c = connect()) {
            c.send("GET / HTTP/1.0\r\n\r\n");
            assertEquals("HTTP/1.0 200 OK", c.read(false).statusLine());
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void http10WithKeepAliveKeepsTheConnection() throws Exception {
        try (RawConnection c = connect()) {
            c.send("GET /logs?limit=1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            RawConnection.Response r = c.read(false);
            assertEquals(Optional.of("keep-alive"), r.header("Connection"));
            assertEquals(first.classic(), r.bodyText());
            c.send("GET /logs?from=1 HTTP/1.0\r\n\r\n");
            assertEquals(second.classic(), c.read(false).bodyText());
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void aPostWithABodyIsRefusedAndTheConnectionStaysUsableUnlikeCWhichServesIt() throws Exception {
        try (RawConnection c = connect()) {
            c.send("POST /api/v1/logs HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello" + get("/logs?limit=1"));
            assertEquals("HTTP/1.1 405 Method Not Allowed", c.read(false).statusLine());
            assertEquals(first.classic(), c.read(false).bodyText());
        }
    }

    @Test
    void aPostWithoutContentLengthIsRefusedWhereCClosesTheConnection() throws Exception {
        try (RawConnection c = connect()) {
            c.send("POST /api/v1/logs HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("HTTP/1.1 405 Method Not Allowed", c.read(false).statusLine());
        }
    }

    @Test
    void patchIsRefusedWithTheAllowedMethods() throws Exception {
        try (RawConnection c = connect()) {
            c.send("PATCH /api/v1/logs HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
            RawConnection.Response r = c.read(false);
            assertEquals("HTTP/1.1 405 Method Not Allowed", r.statusLine());
            assertEquals(Optional.of("GET, HEAD, OPTIONS"), r.header("Allow"));
        }
    }

    @Test
    void anAbsoluteFormTargetIsServedLikeItsPathUnlikeCWhichAnswers404() throws Exception {
        try (RawConnection c = connect()) {
            c.send(get("http://x/logs?from=1"));
            assertEquals(second.classic(), c.read(false).bodyText());
        }
    }

    @Test
    void aRequestLineClaimingHttp2IsABadRequestAndTheConnectionCloses() throws Exception {
        try (RawConnection c = connect()) {
            c.send("GET / HTTP/2.0\r\nHost: x\r\n\r\n");
            assertEquals("HTTP/1.1 400 Bad Request", c.read(false).statusLine());
            assertTrue(c.closedByServer());
        }
    }
}
