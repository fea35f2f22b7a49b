package vivo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Java's HttpClient for one protocol version; HTTP/2 over http:// starts with {@code Upgrade: h2c}. */
final class Client {

    /** One client per version for every test: each HttpClient keeps a selector thread until collected. */
    private static final Map<HttpClient.Version, Client> CLIENTS = new EnumMap<>(Map.of(
            HttpClient.Version.HTTP_1_1, new Client(HttpClient.Version.HTTP_1_1),
            HttpClient.Version.HTTP_2, new Client(HttpClient.Version.HTTP_2)));

    private final HttpClient http;
    final HttpClient.Version version;

    static Client of(HttpClient.Version version) {
        return CLIENTS.get(version);
    }

    private Client(HttpClient.Version version) {
        this.version = version;
        this.http = HttpClient.newBuilder().version(version).connectTimeout(Duration.ofSeconds(5)).build();
    }

    HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return send("GET", uri);
    }

    /** {@code headers}: names and values, one after the other. */
    HttpResponse<String> send(String method, URI uri, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET sent without waiting for its answer (a long poll), with 30 s to answer. */
    CompletableFuture<HttpResponse<String>> async(URI uri) {
        return http.sendAsync(HttpRequest.newBuilder(uri).GET().timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Start, end and next ids of a stream response; null for a header that must be absent. */
    static void assertIds(HttpResponse<?> response, Long start, Long end, long next) {
        assertEquals(200, response.statusCode());
        assertEquals(Optional.of(String.valueOf(next)), response.headers().firstValue("Vivo-Stream-Next-ID"), "next id");
        assertHeader(response, "Vivo-Stream-Start-ID", start);
        assertHeader(response, "Vivo-Stream-End-ID", end);
    }

    private static void assertHeader(HttpResponse<?> response, String name, Long value) {
        if (value == null) {
            assertFalse(response.headers().firstValue(name).isPresent(), name + " must be absent");
        } else {
            assertEquals(Optional.of(value.toString()), response.headers().firstValue(name), name);
        }
    }

    /** application/json, or application/x-ndjson for an /api/v1 stream (one JSON object per line). */
    static void assertJsonType(HttpResponse<?> response) {
        boolean ndjson = response.uri().getPath().startsWith("/api/v1/") && response.statusCode() == 200;
        assertEquals(Optional.of(ndjson ? "application/x-ndjson" : "application/json"), response.headers().firstValue("Content-Type"));
    }

    static void assertCors(HttpResponse<?> response, String origin) {
        var headers = response.headers();
        assertEquals(Optional.of(origin), headers.firstValue("Access-Control-Allow-Origin"));
        assertEquals(Optional.of("Origin, X-Requested-With, Content-Type, Accept"),
                headers.firstValue("Access-Control-Allow-Headers"));
        assertEquals(Optional.of("Vivo-Stream-Start-ID, Vivo-Stream-End-ID, Vivo-Stream-Next-ID, Vivo-Stream-Generation, "
                        + "Vivo-Stream-Oldest-ID, Vivo-Stream-Tail-ID, Vivo-Stream-Gap, Vivo-Stream-Retained-Entries, "
                        + "Vivo-Stream-Retained-Bytes, Vivo-Stream-Evicted-Entries, Vivo-Stream-Evicted-Bytes, Vivo-Stream-Rejected-Entries"),
                headers.firstValue("Access-Control-Expose-Headers"));
    }

    static void assertNoCors(HttpResponse<?> response) {
        assertTrue(response.headers().map().keySet().stream().noneMatch(n -> n.toLowerCase().startsWith("access-control-")),
                "no Access-Control-* header: " + response.headers().map());
    }
}
