package vivo.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import vivo.HostLog;
import vivo.config.Config;
import vivo.config.ConfigException;
import vivo.stream.Streams;

/** A running HttpServer on 127.0.0.1 and a free port, with its streams and a recording log. */
final class TestServer implements AutoCloseable {

    final Streams streams;
    final RecordingHostLog log = new RecordingHostLog(HostLog.Level.DEBUG);
    final HttpServer server;
    final Config config;

    private TestServer(Config config) throws ConfigException {
        this.config = config;
        this.streams = new Streams(config.streamQueueSize());
        this.server = new HttpServer(config, streams, log);
        server.start();
    }

    static Config config(String name, String cors, boolean emptyOnRead, long capacity) {
        return config(name, "http_port", "0", "http_cors_allow_origin", cors, "empty_stream_on_read", emptyOnRead ? "on" : "off",
                "stream_queue_size", Long.toString(capacity));
    }

    /** A Config as Fluent Bit would give it: the properties named (key, value, ...), the others unset. */
    static Config config(String name, String... properties) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < properties.length; i += 2) {
            if (properties[i + 1] != null) {
                given.put(properties[i], properties[i + 1]);
            }
        }
        try {
            return Config.read(name, given::get);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    static TestServer start(Config config) throws ConfigException {
        return new TestServer(config);
    }

    static TestServer start(String name, String cors, boolean emptyOnRead, long capacity) throws ConfigException {
        return new TestServer(config(name, cors, emptyOnRead, capacity));
    }

    /** CORS on ({@code *}), empty_stream_on_read off, 20 MB streams. */
    static TestServer start(String name) throws ConfigException {
        return start(name, "*", false, 20_000_000);
    }

    int port() {
        return server.port();
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    /** Waits, at most 10 s, until the health endpoint on {@code port} says responses hold {@code bytes} of stored chunks. */
    static void awaitInflightBytes(int port, long bytes) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String body;
        do {
            body = Client.of(HttpClient.Version.HTTP_1_1).get(URI.create("http://127.0.0.1:" + port + Routes.HEALTH)).body();
            if (body.contains("\"inflightBytes\":" + bytes + ",") || body.contains("\"inflightBytes\":" + bytes + "}")) {
                return;
            }
            Thread.onSpinWait();
        } while (System.nanoTime() < deadline);
        throw new AssertionError("inflightBytes still not " + bytes + ": " + body);
    }

    /** The threads of the server of instance {@code instance} that are alive. */
    static Set<Thread> threadsOf(String instance) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("vivo-java-http-" + instance + "-"))
                .collect(Collectors.toSet());
    }

    @Override
    public void close() {
        server.stop();
    }
}
