package vivo.render.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The round trip: what a client sent to Fluent Bit 5.1.1's opentelemetry input ({@code input/03-traces.pb}),
 * the chunk Fluent Bit made of it ({@code 0003.msgpack}), and this renderer's OTLP JSON of that chunk must
 * be the same TracesData, field for field, except where Fluent Bit's intake drops a field (listed below);
 * and every real traces chunk in tests/fixtures renders as valid OTLP JSON.
 */
class OtlpTracesRoundTripTest {


    static Path fixtures() {
        return Paths.get(System.getProperty("vivo.fixtures.dir"));
    }

    /** OTLP JSON (ids in hex) as protobuf's JSON mapping wants it (ids in base64), parsed. */
    static TracesData parse(String otlpJson) {
        return OtlpFixtures.parse(otlpJson.getBytes(java.nio.charset.StandardCharsets.UTF_8), TracesData.newBuilder()).build();
    }

    static String render(byte[] chunk) {
        byte[] json = new OtlpTraces(new OtlpJson()).render(chunk, chunk.length);
        assertNotNull(json);
        for (byte b : json) {
            assertTrue(b >= 0x20 && b < 0x7f, "not printable ASCII: " + (b & 0xff));
        }
        return new String(json, StandardCharsets.US_ASCII);
    }

    /**
     * What Fluent Bit 5.1.1's intake loses, cleared in both before comparing (each checked in the chunk):
     * <ul>
     *   <li>span {@code flags} (257 sent): ctraces 5.1.1's span has no flags, the chunk has no such key;
     *   <li>link {@code traceState} ("a=b" sent): ctr_decode_opentelemetry's ctr_span_set_links does not copy
     *       it, the chunk's link has {@code trace_state: nil};
     *   <li>link {@code flags}: as span flags (none sent here, cleared for the same reason).
     * </ul>
     * Nothing else differs: kinds, status, dropped counts, times, ids, typed attributes, schema URLs and the
     * scope (without attributes: the chunk's empty map is left out, as the request had none) come back equal.
     */
    static TracesData lostByFluentBit(TracesData data) {
        TracesData.Builder b = data.toBuilder();
        for (ResourceSpans.Builder rs : b.getResourceSpansBuilderList()) {
            for (ScopeSpans.Builder ss : rs.getScopeSpansBuilderList()) {
                for (Span.Builder span : ss.getSpansBuilderList()) {
                    span.clearFlags();
                    for (Span.Link.Builder link : span.getLinksBuilderList()) {
                        link.clearTraceState().clearFlags();
                    }
                }
            }
        }
        return b.build();
    }

    @Test
    void fixture0003IsWhatWasSent() throws IOException {
        Path dir = fixtures().resolve("otlp-roundtrip");
        String json = render(Files.readAllBytes(dir.resolve("0003.msgpack")));
        TracesData rendered = parse(json);
        ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(Files.readAllBytes(dir.resolve("input/03-traces.pb")));
        TracesData sent = TracesData.newBuilder().addAllResourceSpans(request.getResourceSpansList()).build();
        // the OTLP JSON copy of the request is the same request
        assertEquals(sent, parse(Files.readString(dir.resolve("input/03-traces.otlp.json"))));
        // the intake really lost what lostByFluentBit clears, and only that
        Span first = sent.getResourceSpans(0).getScopeSpans(0).getSpans(0);
        assertEquals(257, first.getFlags());
        assertEquals("a=b", first.getLinks(0).getTraceState());
        assertTrue(!json.contains("\"flags\"") && !json.contains("a=b"), json);
        assertEquals(lostByFluentBit(sent), lostByFluentBit(rendered));

        // what the proto comparison cannot see: the exact text
        assertTrue(json.startsWith("{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\","
                + "\"value\":{\"stringValue\":\"trace-svc\"}}]},\"scopeSpans\":[{\"scope\":{\"name\":\"tracer\","
                + "\"version\":\"0.9\"},\"spans\":[{\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\","
                + "\"spanId\":\"00f067aa0ba902b7\",\"traceState\":\"congo=t61rcWkgMzE\","
                + "\"parentSpanId\":\"53995c3f42cd8ad8\",\"name\":\"GET /items\",\"kind\":2,"
                + "\"startTimeUnixNano\":\"1796000000123456789\",\"endTimeUnixNano\":\"1796000000124956790\","), json);
        assertTrue(json.contains("{\"key\":\"big\",\"value\":{\"intValue\":\"9007199254740993\"}}"), json);
        assertTrue(json.contains("{\"key\":\"ratio\",\"value\":{\"doubleValue\":0.25}}"), json);
        assertTrue(json.contains("\"status\":{\"message\":\"upstream timeout\",\"code\":2}"), json);
        assertTrue(json.contains("\"kind\":3"), json);
        assertTrue(json.endsWith("\"schemaUrl\":\"https://example.test/traces/resource\"}]}"), json);
    }

    /** Every real traces chunk: valid OTLP JSON, every context of it (the C plugin kept only the first). */
    @Test
    void everyTracesFixtureIsValidOtlpJson() throws IOException {
        List<Path> chunks = new ArrayList<>();
        for (String scenario : new String[] {"traces-otlp", "traces-event-type", "traces-multi-context", "otlp-roundtrip"}) {
            try (Stream<Path> files = Files.list(fixtures().resolve(scenario))) {
                files.filter(p -> p.toString().endsWith(".msgpack")).sorted().forEach(chunks::add);
            }
        }
        int multi = 0;
        for (Path chunk : chunks) {
            byte[] in = Files.readAllBytes(chunk);
            if ((in[0] & 0xff) != 0x81 || in[1] != (byte) 0xad) {
                continue; // otlp-roundtrip's logs and metrics
            }
            OtlpTraces traces = new OtlpTraces(new OtlpJson());
            byte[] out = traces.render(in, in.length);
            assertNotNull(out, chunk.toString());
            assertEquals(0, traces.dropped(), chunk + ": " + traces.problem());
            TracesData data = parse(render(in));
            int contexts = count(in, "resourceSpans");
            assertEquals(contexts, data.getResourceSpansCount(), chunk.toString());
            assertTrue(data.getResourceSpans(0).getScopeSpans(0).getSpansCount() > 0, chunk.toString());
            multi += contexts > 1 ? 1 : 0;
        }
        assertEquals(2, multi, "the traces-multi-context chunks have several contexts each");
    }

    /** How often the str {@code key} appears in the chunk (one per ctraces context here, one resource span each). */
    private static int count(byte[] in, String key) {
        byte[] k = key.getBytes(StandardCharsets.US_ASCII);
        int n = 0;
        for (int i = 0; i + k.length < in.length; i++) {
            if ((in[i] & 0xff) == (0xa0 | k.length) && java.util.Arrays.equals(in, i + 1, i + 1 + k.length, k, 0, k.length)) {
                n++;
            }
        }
        return n;
    }
}
