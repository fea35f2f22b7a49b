package vivo.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import vivo.decode.ChunkKind;
import vivo.render.Lines;
import vivo.render.View;

/** Bodies much larger than a buffer: served whole to several clients at once, and streamed, not built in memory. */
@Timeout(120)
class LargeBodyTest {

    private static final int MB = 1 << 20;

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void aTwentyMegabyteStreamIsServedWholeToFourClientsAtOnce(HttpClient.Version version) throws Exception {
        try (TestServer server = TestServer.start("large", "*", false, 20L * MB)) {
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            for (int i = 0; i < 20; i++) {
                byte[] entry = new byte[MB];
                Arrays.fill(entry, (byte) ('a' + i));
                entry[MB - 1] = '\n';
                server.streams.append(new Lines(ChunkKind.LOGS, entry));
                expected.write(entry);
            }
            HttpClient client = HttpClient.newBuilder().version(version).build();
            HttpRequest request = HttpRequest.newBuilder(server.uri("/logs")).timeout(Duration.ofSeconds(60)).build();
            List<CompletableFuture<HttpResponse<byte[]>>> responses = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                responses.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()));
            }
            for (CompletableFuture<HttpResponse<byte[]>> f : responses) {
                HttpResponse<byte[]> r = f.get(60, TimeUnit.SECONDS);
                assertEquals(200, r.statusCode());
                assertEquals("19", r.headers().firstValue("Vivo-Stream-End-ID").orElseThrow());
                assertArrayEquals(expected.toByteArray(), r.body());
            }
        }
    }

    @Test
    void aClientThatStopsReadingHoldsTheWriterBackInsteadOfTheServerBufferingTheBody() throws Exception {
        try (TestServer server = TestServer.start("large")) {
            Generated big = new Generated(256L * MB);
            server.streams.append(big);
            try (Socket client = new Socket("127.0.0.1", server.port())) {
                client.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                InputStream in = client.getInputStream();
                assertEquals('H', in.read());

                // Nothing signals "the writer is blocked", so watch it settle: written() stops growing once the
                // socket buffers are full (a few MB on loopback). A server that built the body would reach 256 MB.
                long settled = settle(big);
                assertTrue(settled < 32L * MB, "written before the client read on: " + settled);

                skipHeaders(in);
                long position = 0;
                byte[] buffer = new byte[64 * 1024];
                for (int n = in.read(buffer); n > 0; n = position < big.length(View.CLASSIC) ? in.read(buffer) : 0) {
                    for (int i = 0; i < n; i++, position++) {
                        if (buffer[i] != Generated.byteAt(position)) {
                            throw new AssertionError("byte " + position + " is " + buffer[i]);
                        }
                    }
                }
                assertEquals(big.length(View.CLASSIC), position);
            }
        }
    }

    /** Polls until {@code written()} is unchanged for 300 ms, or 10 s have passed; returns it. */
    private static long settle(Generated payload) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long last = -1;
        int still = 0;
        while (System.nanoTime() < deadline && still < 6) {
            long now = payload.written();
            still = now == last ? still + 1 : 0;
            last = now;
            Thread.sleep(50);
        }
        return last;
    }

    /** Reads up to the blank line after the headers. */
    private static void skipHeaders(InputStream in) throws Exception {
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("end of stream in the headers");
            }
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }
}
