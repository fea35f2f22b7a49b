package vivo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import vivo.HostLog;
import vivo.config.Config;
import vivo.config.ConfigException;
import vivo.render.View;
import vivo.stream.Streams;

/** Start, stop, ports, threads, startup messages and library logging. */
@Timeout(60)
class HttpServerTest {

    private static Config config(String name, String listen, int port) {
        return TestServer.config(name, "http_listen", listen, "http_port", Integer.toString(port));
    }

    private static Streams streamsWithOneEntry() {
        Streams streams = new Streams(1000);
        streams.append(TwoViews.log("t", "{}"));
        return streams;
    }

    /** One request with a body (written by a worker thread) over a raw socket, so no client thread joins the count. */
    private static void getLogs(int port) throws Exception {
        try (RawConnection c = new RawConnection(port)) {
            c.send("GET /logs HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("HTTP/1.1 200 OK", c.read(false).statusLine());
        }
    }

    @Test
    void portZeroPicksAFreePortAndTheStartupLineNamesItWithAHintOnLoopback() throws Exception {
        RecordingHostLog log = new RecordingHostLog(HostLog.Level.INFO);
        HttpServer server = new HttpServer(config("lines", "127.0.0.1", 0), new Streams(1000), log);
        server.start();
        try {
            assertTrue(server.port() > 0);
            assertEquals(List.of("listening on 127.0.0.1:" + server.port()
                    + " (/logs /metrics /traces /api/v1/...); set http_listen 0.0.0.0 to listen on every interface"),
                    log.messages(HostLog.Level.INFO));
        } finally {
            server.stop();
        }
    }

    @Test
    void onEveryInterfaceTheStartupLineHasNoHint() throws Exception {
        RecordingHostLog log = new RecordingHostLog(HostLog.Level.INFO);
        HttpServer server = new HttpServer(config("lines", "0.0.0.0", 0), new Streams(1000), log);
        server.start();
        try {
            assertEquals(List.of("listening on 0.0.0.0:" + server.port() + " (/logs /metrics /traces /api/v1/...)"),
                    log.messages(HostLog.Level.INFO));
        } finally {
            server.stop();
        }
    }

    @Test
    void aPortInUseIsAConfigExceptionNamingThePortAndTheFixAndLeavesNoThread() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            HttpServer server = new HttpServer(config("in-use", "127.0.0.1", taken.getLocalPort()), new Streams(1000),
                    new RecordingHostLog(HostLog.Level.DEBUG));
            ConfigException e = assertThrows(ConfigException.class, server::start);
            assertEquals("http_port " + taken.getLocalPort() + " is in use on 127.0.0.1; choose another http_port",
                    e.getMessage());
            assertEquals(Set.of(), TestServer.threadsOf("in-use"));
            assertThrows(IllegalStateException.class, server::port);
        }
    }

    @Test
    void anAddressThatIsNotOnThisHostIsAConfigException() {
        HttpServer server = new HttpServer(config("elsewhere", "192.0.2.1", 0), new Streams(1000),
                new RecordingHostLog(HostLog.Level.DEBUG));
        ConfigException e = assertThrows(ConfigException.class, server::start);
        assertEquals("http_listen 192.0.2.1 is not an address of this host; use one of its addresses, or 127.0.0.1 or 0.0.0.0",
                e.getMessage());
        assertEquals(Set.of(), TestServer.threadsOf("elsewhere"));
    }

    @Test
    void aNameThatDoesNotResolveIsAConfigException() {
        HttpServer server = new HttpServer(config("nowhere", "no-such-host.invalid", 0), new Streams(1000),
                new RecordingHostLog(HostLog.Level.DEBUG));
        ConfigException e = assertThrows(ConfigException.class, server::start);
        assertEquals("http_listen: cannot resolve 'no-such-host.invalid'; use an address of this host, such as 127.0.0.1 or 0.0.0.0",
                e.getMessage());
    }

    @Test
    void startStopStartOnTheSamePortWorksAndStopLeavesNoThreadBehind() throws Exception {
        Streams streams = streamsWithOneEntry();
        HttpServer first = new HttpServer(config("reload", "127.0.0.1", 0), streams, new RecordingHostLog(HostLog.Level.INFO));
        first.start();
        int port = first.port();
        getLogs(port);
        try (Socket idle = new Socket("127.0.0.1", port)) {
            assertTrue(TestServer.threadsOf("reload").size() >= 3, "io, accept and at least one worker: " + TestServer.threadsOf("reload"));
            first.stop();
            assertEquals(Set.of(), TestServer.threadsOf("reload"));
            assertEquals(-1, idle.getInputStream().read(), "stop closes open connections");
        }

        HttpServer second = new HttpServer(config("reload", "127.0.0.1", port), streams, new RecordingHostLog(HostLog.Level.INFO));
        second.start();
        getLogs(port);
        second.stop();
        assertEquals(Set.of(), TestServer.threadsOf("reload"));
        second.start();
        assertEquals(port, second.port(), "a stopped server starts again");
        getLogs(port);
        second.stop();
        assertEquals(Set.of(), TestServer.threadsOf("reload"));
    }

    @Test
    void everyThreadTheServerStartsIsADaemonNamedAfterTheInstance() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        HttpServer server = new HttpServer(config("named", "127.0.0.1", 0), streamsWithOneEntry(), new RecordingHostLog(HostLog.Level.INFO));
        server.start();
        try {
            getLogs(server.port());
            Set<Thread> started = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t))
                    .collect(Collectors.toSet());
            assertEquals(TestServer.threadsOf("named"), started, "no thread without the prefix");
            for (Thread t : started) {
                assertTrue(t.isDaemon(), t.getName());
                assertTrue(t.getName().matches("vivo-java-http-named-(xnio I/O-1|xnio Accept|worker-\\d)"), t.getName());
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void stopClosesAResponseThatAClientStoppedReadingAndReturns() throws Exception {
        Streams streams = new Streams(1000);
        Generated big = new Generated(256L << 20);
        streams.append(big);
        HttpServer server = new HttpServer(config("stalled", "127.0.0.1", 0), streams, new RecordingHostLog(HostLog.Level.INFO));
        server.start();
        try (Socket client = new Socket("127.0.0.1", server.port())) {
            client.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            InputStream in = client.getInputStream();
            assertEquals('H', in.read(), "the response has started");
            assertTimeoutPreemptively(Duration.ofSeconds(15), server::stop);
            assertEquals(Set.of(), TestServer.threadsOf("stalled"));
            assertTrue(big.written() < big.length(View.CLASSIC), "the body was cut, not finished");
        }
    }

    @Test
    void aClientThatTakesNothingForTheWriteTimeoutHasItsResponseCut() throws Exception {
        Streams streams = new Streams(1000);
        Generated big = new Generated(256L << 20);
        streams.append(big);
        RecordingHostLog log = new RecordingHostLog(HostLog.Level.DEBUG);
        HttpServer server = new HttpServer(config("slow", "127.0.0.1", 0), streams, log, new HttpServer.Timeouts(60_000, 300));
        server.start();
        try (Socket client = new Socket("127.0.0.1", server.port())) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            log.await(HostLog.Level.DEBUG, m -> m.startsWith("response to "), Duration.ofSeconds(10));
            long received = client.getInputStream().transferTo(OutputStream.nullOutputStream());
            assertTrue(received < big.length(View.CLASSIC), "received " + received);
        } finally {
            server.stop();
        }
    }

    @Test
    void aConnectionIdleForTheIdleTimeoutIsClosed() throws Exception {
        HttpServer server = new HttpServer(config("idle", "127.0.0.1", 0), streamsWithOneEntry(),
                new RecordingHostLog(HostLog.Level.INFO), new HttpServer.Timeouts(300, 60_000));
        server.start();
        try (RawConnection c = new RawConnection(server.port())) {
            c.send("GET /logs HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("HTTP/1.1 200 OK", c.read(false).statusLine());
            assertTrue(c.closedByServer(), "closed within the 5 s a read waits");
        } finally {
            server.stop();
        }
    }

    @Test
    void undertowAndXnioLogToTheHostLogWithWarningsKeptAndBannersAtDebugAndNeverToTheConsole() throws Exception {
        List<LogRecord> reachedRoot = new CopyOnWriteArrayList<>();
        Handler probe = new Handler() {
            @Override
            public void publish(LogRecord record) {
                reachedRoot.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(probe);
        try {
            RecordingHostLog log = new RecordingHostLog(HostLog.Level.DEBUG);
            HttpServer server = new HttpServer(config("quiet", "127.0.0.1", 0), new Streams(1000), log);
            server.start();
            getLogs(server.port());
            Logger.getLogger("io.undertow").info("starting server: a banner of Undertow's");
            Logger.getLogger("io.undertow.request").warning("a warning of Undertow's");
            Logger.getLogger("org.xnio.nio").severe("an error of XNIO's");
            server.stop();
            assertTrue(log.messages(HostLog.Level.DEBUG).stream().anyMatch(m -> m.startsWith("io.undertow: starting server")),
                    log.messages(HostLog.Level.DEBUG).toString());
            assertEquals(List.of("io.undertow.request: a warning of Undertow's"), log.messages(HostLog.Level.WARN));
            assertEquals(List.of("org.xnio.nio: an error of XNIO's"), log.messages(HostLog.Level.ERROR));
            assertEquals(List.of(), reachedRoot.stream().map(r -> r.getLoggerName() + ": " + r.getMessage()).toList());
        } finally {
            root.removeHandler(probe);
        }
    }

    @Test
    void stopWithoutStartAndTwiceIsHarmlessButStartingTwiceIsAnError() throws Exception {
        HttpServer server = new HttpServer(config("twice", "127.0.0.1", 0), new Streams(1000), new RecordingHostLog(HostLog.Level.INFO));
        server.stop();
        server.start();
        try {
            assertThrows(IllegalStateException.class, server::start);
        } finally {
            server.stop();
            server.stop();
        }
        assertEquals(Set.of(), TestServer.threadsOf("twice"));
    }
}
