package vivo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Requests no client should send, over raw sockets: each gets a status code that says what was wrong,
 * or the connection closed, and none leaves the connection in a state where the next bytes could be
 * read as another request (request smuggling).
 */
@Timeout(60)
class AbuseTest {

    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start("abuse");
        server.streams.append(TwoViews.log("a", "{\"n\":0}"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Sends {@code request}, then a valid GET on the same connection: the answer to the first, and whether the GET was ever answered. */
    private String[] sendThenGet(String request) throws Exception {
        try (RawConnection c = new RawConnection(server.port())) {
            c.send(request);
            RawConnection.Response first = c.read(false);
            String after;
            try {
                c.send("GET /logs HTTP/1.1\r\nHost: x\r\n\r\n");
                after = c.read(false).statusLine();
            } catch (java.io.IOException e) {
                after = "closed";
            }
            return new String[] {first.statusLine(), after};
        }
    }

    @Test
    void contentLengthWithTransferEncodingIsABadRequestAndClosesTheConnection() throws Exception {
        String[] answers = sendThenGet("GET /logs HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\n");
        assertEquals("HTTP/1.1 400 Bad Request", answers[0]);
        assertEquals("closed", answers[1]);
    }

    @Test
    void twoContentLengthsAreABadRequest() throws Exception {
        String[] answers = sendThenGet("GET /logs HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 5\r\n\r\nhello");
        assertEquals("HTTP/1.1 400 Bad Request", answers[0]);
        assertEquals("closed", answers[1]);
    }

    @Test
    void anUnknownMinorOrMajorVersionIsAnsweredAsHttp11ByUndertowWhichIsHarmless() throws Exception {
        // Undertow's parser reads any HTTP/x.y it does not know as HTTP/1.1 and frames it as such
        String[] answers = sendThenGet("GET /logs HTTP/9.9\r\nHost: x\r\n\r\n");
        assertEquals("HTTP/1.1 200 OK", answers[0]);
        assertEquals("HTTP/1.1 200 OK", answers[1]);
    }

    @Test
    void aMethodWithBadCharactersIsABadRequest() throws Exception {
        String[] answers = sendThenGet("G(T /logs HTTP/1.1\r\nHost: x\r\n\r\n");
        assertEquals("HTTP/1.1 400 Bad Request", answers[0]);
        assertEquals("closed", answers[1]);
    }

    @Test
    void anUnknownMethodIs405AndTheConnectionGoesOn() throws Exception {
        String[] answers = sendThenGet("BREW /logs HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
        assertEquals("HTTP/1.1 405 Method Not Allowed", answers[0]);
        assertEquals("HTTP/1.1 200 OK", answers[1]);
    }

    @Test
    void tlsBytesOnThePlainPortAreABadRequestAndTheConnectionCloses() throws Exception {
        // the start of a TLS 1.2 ClientHello record
        byte[] hello = {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1, 0x03, 0x03};
        try (RawConnection c = new RawConnection(server.port())) {
            c.send(new String(hello, StandardCharsets.ISO_8859_1) + "\r\n\r\n");
            assertEquals("HTTP/1.1 400 Bad Request", c.read(false).statusLine());
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void aNulInTheRequestLineIsABadRequest() throws Exception {
        String[] answers = sendThenGet("GET /lo\0gs HTTP/1.1\r\nHost: x\r\n\r\n");
        assertEquals("HTTP/1.1 400 Bad Request", answers[0]);
        assertEquals("closed", answers[1]);
    }
}
