package vivo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vivo.HostLog;
import vivo.decode.ChunkKind;
import vivo.render.Payload;
import vivo.render.View;

/** A payload whose write breaks its own contract is a rendering bug: said at warn, the response cut. */
class BrokenPayloadTest {

    /**
     * Announces 10 bytes, then writes {@code writes} bytes, or throws when negative; over HTTP/2 sent by the
     * I/O thread when it says it {@code stored} ({@link StoredBody}), else by a worker.
     */
    record Broken(int writes, boolean stored) implements Payload {
        @Override
        public boolean writesStored(View view) {
            return stored;
        }

        @Override
        public ChunkKind kind() {
            return ChunkKind.TRACES;
        }

        @Override
        public int records() {
            return 1;
        }

        @Override
        public int size() {
            return 10;
        }

        @Override
        public long length(View view) {
            return 10;
        }

        @Override
        public void write(View view, OutputStream out) throws IOException {
            if (writes < 0) {
                throw new IllegalStateException("boom");
            }
            out.write("x".repeat(writes).getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Each way of breaking the length, written by a worker and by the I/O thread. */
    static Stream<Arguments> breaks() {
        return Stream.of(5, 15, -1).flatMap(writes -> Stream.of(Arguments.of(writes, false), Arguments.of(writes, true)));
    }

    @ParameterizedTest
    @MethodSource("breaks")
    void aPayloadThatBreaksItsLengthIsReportedAndTheConnectionClosed(int writes, boolean stored) throws Exception {
        try (TestServer server = TestServer.start("broken")) {
            server.streams.append(new Broken(writes, stored));
            try (RawConnection c = new RawConnection(server.port())) {
                c.send("GET /traces HTTP/1.1\r\nHost: x\r\n\r\n");
                RawConnection.Response r = c.read(true);
                assertEquals(Optional.of("10"), r.header("Content-Length"));
                assertTrue(c.closedByServerAfterAtMost(10), "the response is cut short");
            }
            String warning = server.log.await(HostLog.Level.WARN, m -> m.startsWith("CLASSIC rendering of traces entry 0 "),
                    Duration.ofSeconds(10));
            assertTrue(warning.contains("the response to /127.0.0.1:"), warning);
        }
    }

    @ParameterizedTest
    @MethodSource("breaks")
    void aPayloadThatBreaksItsLengthIsReportedAndTheHttp2ConnectionClosed(int writes, boolean stored) throws Exception {
        try (TestServer server = TestServer.start("h2-broken")) {
            server.streams.append(new Broken(writes, stored));
            try (RawHttp2 c = new RawHttp2(server.port())) {
                c.get(1, "/traces");
                boolean ended = false;
                try {
                    for (RawHttp2.Frame f = c.read(); f.type() != RawHttp2.GOAWAY && f.type() != RawHttp2.RST_STREAM; f = c.read()) {
                        ended |= f.stream() == 1 && f.ends();
                    }
                } catch (EOFException | SocketException closed) {
                    // closed without a GOAWAY
                }
                assertFalse(ended, "the stream must not end as if complete");
            }
            String warning = server.log.await(HostLog.Level.WARN, m -> m.startsWith("CLASSIC rendering of traces entry 0 "),
                    Duration.ofSeconds(10));
            assertTrue(warning.contains("the response to /127.0.0.1:"), warning);
        }
    }
}
