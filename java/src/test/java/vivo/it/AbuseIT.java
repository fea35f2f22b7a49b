package vivo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP abuse while the host flushes (issue 10, item 8): a thousand idle connections, slowloris heads,
 * clients that never read, huge heads, bad methods and versions, smuggling shapes and TLS bytes, all at
 * once, against a plugin fed by the emulator's dummy input. What must hold: every chunk the host flushes
 * is accepted (no retry, no error), every new request gets a status line, the process's memory stays
 * bounded. Its figures (ingest rate with and without the abuse, the statuses seen, RSS) are printed for
 * RELIABILITY.md; the rates are reported, not asserted (the abusers share the machine's two cores).
 */
class AbuseIT {

    @TempDir
    Path dir;

    private static final int CHUNKS = Integer.getInteger("vivo.abuse.chunks", 3_000);
    private static final int IDLE = 1_000;

    private static final String CONFIG = """
            [SERVICE]
                log_level info
            [INPUT]
                name    dummy
                rate    500
                count   %d
                records 20
            [OUTPUT]
                name                 vivo_java
                match                *
                http_port            0
                stream_queue_size    2M
                http_idle_timeout    2s
            """.formatted(CHUNKS);

    /** One run: chunks/s from ready to inputs done, the host's counts, the highest RSS seen. */
    private record Figures(double chunksPerSecond, Counts.Host host, long maxRssKb, long rssBeforeKb) {
    }

    @Test
    void abuseOfTheApiNeitherSlowsNorBreaksIngestAndEveryNewRequestIsAnswered() throws Exception {
        Figures calm = run(false, new Abuse());
        Abuse abuse = new Abuse();
        Figures abused = run(true, abuse);

        System.out.printf("AbuseIT: %d chunks of 20 records at 500/s: %.0f chunks/s calm, %.0f abused (%.2f); "
                        + "RSS before %d kB, highest %d kB calm, %d kB abused; %d idle connections opened (%d refused at once); "
                        + "poller statuses %s; abusers' statuses %s%n",
                CHUNKS, calm.chunksPerSecond(), abused.chunksPerSecond(), abused.chunksPerSecond() / calm.chunksPerSecond(),
                abused.rssBeforeKb(), calm.maxRssKb(), abused.maxRssKb(), abuse.idleOpened.get(), abuse.idleRefused.get(),
                new TreeMap<>(abuse.pollerStatuses), new TreeMap<>(abuse.abuserStatuses));

        for (Figures f : List.of(calm, abused)) {
            assertEquals(CHUNKS, f.host().ok(), "every chunk flushed was accepted");
            assertEquals(0, f.host().retried());
            assertEquals(0, f.host().errors());
        }
        assertEquals(0, abuse.pollerUnanswered.get(), "every request of the poller got a status line: " + abuse.pollerStatuses);
        assertTrue(abuse.pollerStatuses.getOrDefault("200", 0L) > 0, "the poller was served: " + abuse.pollerStatuses);
        for (String status : abuse.abuserStatuses.keySet()) {
            assertTrue(List.of("200", "400", "405", "431", "503", "closed").contains(status), "unexpected " + status);
        }
        assertTrue(abuse.abuserStatuses.getOrDefault("431", 0L) > 0 && abuse.abuserStatuses.getOrDefault("400", 0L) > 0,
                "the huge heads and the bad requests were answered: " + abuse.abuserStatuses);
        // the streams hold at most 3 x 2 MB; connections, heads and responses in flight are bounded too
        assertTrue(abused.maxRssKb() - calm.maxRssKb() < 96 * 1024,
                "RSS with the abuse " + abused.maxRssKb() + " kB, without " + calm.maxRssKb() + " kB");
    }

    private Figures run(boolean abused, Abuse abuse) throws Exception {
        Path runDir = dir.resolve(abused ? "abused" : "calm");
        java.nio.file.Files.createDirectories(runDir);
        try (Fbhost host = Fbhost.run(CONFIG).host("5.1.1").start(runDir)) {
            int port = host.httpPort();
            host.awaitEvent("ready generation=1.*");
            long rssBefore = host.rssKilobytes();
            long start = System.nanoTime();
            List<Thread> threads = abused ? abuse.start(port) : List.of();
            long maxRss = rssBefore;
            Pattern done = Pattern.compile("fbhost: inputs done generation=1 .*");
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (host.events().stream().noneMatch(l -> done.matcher(l).matches())) {
                assertTrue(System.nanoTime() < deadline, "inputs not done within 120 s; " + host.transcript());
                maxRss = Math.max(maxRss, host.rssKilobytes());
                Thread.sleep(20);   // a sampling interval, not a wait for something
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            abuse.stop(threads);
            maxRss = Math.max(maxRss, host.rssKilobytes());
            assertEquals(0, host.stop());
            Matcher m = Pattern.compile("fbhost: " + Counts.Host.EVENT).matcher(
                    host.events().stream().filter(l -> l.contains("stopped generation=1")).findFirst().orElseThrow());
            assertTrue(m.matches());
            return new Figures(CHUNKS / seconds, Counts.Host.of(m), maxRss, rssBefore);
        }
    }

    /** The abusers, each on its own thread until stopped, and what they saw. */
    private static final class Abuse {
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong idleOpened = new AtomicLong();
        final AtomicLong idleRefused = new AtomicLong();
        final AtomicLong pollerUnanswered = new AtomicLong();
        final Map<String, Long> pollerStatuses = new ConcurrentHashMap<>();
        final Map<String, Long> abuserStatuses = new ConcurrentHashMap<>();
        final List<Socket> held = new ArrayList<>();

        List<Thread> start(int port) {
            List<Thread> threads = new ArrayList<>();
            threads.add(thread("idle", () -> idle(port)));
            threads.add(thread("slowloris", () -> slowloris(port)));
            threads.add(thread("never-reads", () -> neverReads(port)));
            threads.add(thread("bad-requests", () -> badRequests(port)));
            threads.add(thread("poller", () -> poll(port)));
            return threads;
        }

        void stop(List<Thread> threads) throws Exception {
            running.set(false);
            for (Thread t : threads) {
                t.join(30_000);
            }
            synchronized (held) {
                for (Socket s : held) {
                    s.close();
                }
            }
        }

        private Thread thread(String name, Runnable body) {
            Thread t = new Thread(() -> {
                try {
                    body.run();
                } catch (RuntimeException e) {
                    abuserStatuses.merge("thread " + name + " failed: " + e, 1L, Long::sum);
                }
            }, "abuse-" + name);
            t.setDaemon(true);
            t.start();
            return t;
        }

        private Socket connect(int port) throws IOException {
            Socket s = new Socket();
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(5_000);
            return s;
        }

        /** A thousand connections that send nothing, held open: most are refused at once, the rest closed when idle. */
        private void idle(int port) {
            for (int i = 0; i < IDLE && running.get(); i++) {
                try {
                    Socket s = connect(port);
                    synchronized (held) {
                        held.add(s);
                    }
                    idleOpened.incrementAndGet();
                    s.setSoTimeout(1);
                    try {
                        if (s.getInputStream().read() >= 0) {
                            idleRefused.incrementAndGet();   // the 503 came at once
                        }
                    } catch (java.net.SocketTimeoutException e) {
                        // admitted: it waits for its request
                    }
                } catch (IOException e) {
                    abuserStatuses.merge("idle connect failed", 1L, Long::sum);
                }
            }
        }

        /** Heads sent a byte every 200 ms, on ten connections at a time. */
        private void slowloris(int port) {
            byte[] head = "GET /logs HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII);
            while (running.get()) {
                List<Socket> sockets = new ArrayList<>();
                try {
                    for (int i = 0; i < 10; i++) {
                        sockets.add(connect(port));
                    }
                    for (int b = 0; b < head.length && running.get(); b++) {
                        for (Socket s : sockets) {
                            try {
                                s.getOutputStream().write(head[b]);
                            } catch (IOException e) {
                                // closed by the server: that is the point
                            }
                        }
                        Thread.sleep(200);
                    }
                } catch (IOException e) {
                    abuserStatuses.merge("slowloris connect failed", 1L, Long::sum);
                } catch (InterruptedException e) {
                    return;
                } finally {
                    sockets.forEach(AbuseIT::closeQuietly);
                }
            }
        }

        /** Clients that ask for a whole stream and never read a byte of it. */
        private void neverReads(int port) {
            while (running.get()) {
                List<Socket> sockets = new ArrayList<>();
                try {
                    for (int i = 0; i < 20; i++) {
                        Socket s = connect(port);
                        s.setReceiveBufferSize(4096);
                        s.getOutputStream().write("GET /logs HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        sockets.add(s);
                    }
                    long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                    while (running.get() && System.nanoTime() < until) {
                        Thread.sleep(50);
                    }
                } catch (IOException e) {
                    abuserStatuses.merge("never-reads connect failed", 1L, Long::sum);
                } catch (InterruptedException e) {
                    return;
                } finally {
                    sockets.forEach(AbuseIT::closeQuietly);
                }
            }
        }

        private static final List<String> BAD = List.of(
                "GET /logs HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n",
                "GET /logs HTTP/1.1\r\nHost: x\r\nX-Huge: " + "a".repeat(200_000) + "\r\n\r\n",
                "GET /logs?from=" + "9".repeat(30_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                "BREW /logs HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
                "G(T /logs HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /logs HTTP/2.0\r\nHost: x\r\n\r\n",
                "GET /logs HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003\r\n\r\n");

        /** Each bad request in turn, on a new connection, as fast as answers come. */
        private void badRequests(int port) {
            for (int i = 0; running.get(); i++) {
                String status = exchange(port, BAD.get(i % BAD.size()));
                abuserStatuses.merge(status, 1L, Long::sum);
            }
        }

        /** A well-behaved client: /logs?from=next every 50 ms; every answer counted by status. */
        private void poll(int port) {
            while (running.get()) {
                String status = exchange(port, "GET /logs?limit=1 HTTP/1.1\r\nHost: x\r\n\r\n");
                if (status.equals("no answer") || status.equals("closed")) {
                    pollerUnanswered.incrementAndGet();
                }
                pollerStatuses.merge(status, 1L, Long::sum);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** Sends {@code request} on a new connection: the status code answered, "closed" or "no answer" (5 s). */
        private String exchange(int port, String request) {
            try (Socket s = connect(port)) {
                OutputStream out = s.getOutputStream();
                try {
                    out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    // the server may close before taking a huge head; its answer may still be there
                }
                InputStream in = s.getInputStream();
                byte[] line = new byte[12];
                int n = in.readNBytes(line, 0, 12);
                if (n < 12) {
                    return "closed";
                }
                return new String(line, 9, 3, StandardCharsets.US_ASCII);
            } catch (java.net.SocketTimeoutException e) {
                return "no answer";
            } catch (IOException e) {
                return "closed";
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing a socket the server closed
        }
    }
}
