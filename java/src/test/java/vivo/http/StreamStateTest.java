package vivo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The stream's state on every stream response: generation, oldest and tail ids, gap, what it holds and evicted. */
class StreamStateTest {

    private static Map<String, String> state(HttpResponse<?> r) {
        return Map.of(
                "oldest", r.headers().firstValue("Vivo-Stream-Oldest-ID").orElseThrow(),
                "tail", r.headers().firstValue("Vivo-Stream-Tail-ID").orElseThrow(),
                "gap", r.headers().firstValue("Vivo-Stream-Gap").orElseThrow(),
                "entries", r.headers().firstValue("Vivo-Stream-Retained-Entries").orElseThrow(),
                "bytes", r.headers().firstValue("Vivo-Stream-Retained-Bytes").orElseThrow(),
                "evicted", r.headers().firstValue("Vivo-Stream-Evicted-Entries").orElseThrow(),
                "evictedBytes", r.headers().firstValue("Vivo-Stream-Evicted-Bytes").orElseThrow());
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void everyStreamResponseSaysWhatTheStreamHoldsAndHasEvicted(HttpClient.Version version) throws Exception {
        String generation;
        // 100-byte payloads in a 250-byte stream: the third evicts the first
        try (TestServer server = TestServer.start("state", "*", false, 250)) {
            Client client = Client.of(version);
            HttpResponse<String> empty = client.get(server.uri("/metrics"));
            assertEquals(Map.of("oldest", "0", "tail", "0", "gap", "false", "entries", "0", "bytes", "0", "evicted", "0",
                    "evictedBytes", "0"), state(empty));
            generation = empty.headers().firstValue("Vivo-Stream-Generation").orElseThrow();
            assertEquals(generation, UUID.fromString(generation).toString());

            for (int i = 0; i < 3; i++) {
                server.streams.append("t", new vivo.render.Lines(vivo.decode.ChunkKind.METRICS, ("x".repeat(99) + "\n").getBytes()));
            }
            HttpResponse<String> r = client.get(server.uri("/metrics?from=0"));
            assertEquals(Map.of("oldest", "1", "tail", "3", "gap", "true", "entries", "2", "bytes", "200", "evicted", "1",
                    "evictedBytes", "100"), state(r), "from=0 asks for an evicted id");
            assertEquals("false", state(client.get(server.uri("/api/v1/metrics?from=1"))).get("gap"));
            assertEquals("false", state(client.get(server.uri("/metrics?from=3"))).get("gap"), "the tail is no gap");
            assertEquals("true", state(client.get(server.uri("/metrics?from=9"))).get("gap"), "past the tail");
            assertEquals("false", state(client.get(server.uri("/metrics"))).get("gap"), "no from: nothing asked for");
            assertEquals(Optional.of(generation), r.headers().firstValue("Vivo-Stream-Generation"), "one per set of streams");
        }
        try (TestServer other = TestServer.start("state2")) {
            String again = Client.of(version).get(other.uri("/logs")).headers().firstValue("Vivo-Stream-Generation").orElseThrow();
            assertNotEquals(generation, again, "new streams, a new generation");
        }
    }
}
