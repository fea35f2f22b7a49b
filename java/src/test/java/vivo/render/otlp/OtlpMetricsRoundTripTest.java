package vivo.render.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.MetricsData;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The main acceptance test: the chunk Fluent Bit 5.1.1 made of an OTLP metrics request
 * ({@code tests/fixtures/otlp-roundtrip/0002}) renders back to that request, field for field, where the chunk
 * still carries the field; and every real metrics chunk renders as valid OTLP JSON.
 */
class OtlpMetricsRoundTripTest {


    static Path fixtures() {
        return Path.of(System.getProperty("vivo.fixtures.dir"));
    }

    static String render(byte[] chunk) {
        OtlpMetrics renderer = new OtlpMetrics(new OtlpJson());
        byte[] json = renderer.render(chunk, chunk.length);
        assertNull(renderer.internalError, "internal error");
        return json == null ? null : new String(json, StandardCharsets.US_ASCII);
    }

    /** OTLP JSON (hex ids) parsed as MetricsData: ids turned to base64 first, as protobuf's JSON mapping wants. */
    static MetricsData parse(String otlpJson) {
        return OtlpFixtures.parse(otlpJson.getBytes(java.nio.charset.StandardCharsets.UTF_8), MetricsData.newBuilder()).build();
    }

    @Test
    void fixture0002RendersBackToTheRequestSent() throws IOException {
        Path dir = fixtures().resolve("otlp-roundtrip");
        String json = render(Files.readAllBytes(dir.resolve("0002.msgpack")));
        assertNotNull(json);
        ExportMetricsServiceRequest sent = ExportMetricsServiceRequest.parseFrom(
                Files.readAllBytes(dir.resolve("input/02-metrics.pb")));

        MetricsData expected = normalise(MetricsData.newBuilder().addAllResourceMetrics(sent.getResourceMetricsList()).build(), true);
        MetricsData actual = normalise(parse(json), false);
        assertEquals(expected, actual);

        // what the proto comparison cannot see: the exact text
        assertTrue(json.contains("\"asInt\":\"9007199254740993\""), json);
        assertTrue(json.contains("{\"name\":\"g_negzero\",\"gauge\":{\"dataPoints\":[{\"timeUnixNano\":\"1796000000123456789\","
                + "\"asDouble\":-0.0}]}}"), json);
        assertTrue(json.contains("\"asDouble\":\"NaN\""), json);
        assertTrue(json.contains("\"asDouble\":\"Infinity\""), json);
        assertTrue(json.contains("\"asDouble\":\"-Infinity\""), json);
        assertTrue(json.contains("\"asDouble\":0.12345678901234566"), json);
        assertTrue(json.contains("\"spanId\":\"eee19b7ec3c1b174\",\"traceId\":\"5b8efff798038103d269b633813fc60c\""), json);
        assertTrue(json.contains("\"startTimeUnixNano\":\"1795999999123456789\""), json);
        assertTrue(json.chars().allMatch(c -> c >= 0x20 && c < 0x7f), "pure ASCII, no newline");
    }

    /**
     * The differences between what was sent and what the chunk still carries, each made the same on both sides
     * ({@code sent} true for the request), and why:
     * <ol>
     *   <li>metric order: cmetrics keeps its metrics by type (counters, gauges, untyped, summaries, histograms,
     *       exponential histograms), not in the order sent; both sides sorted by name.
     *   <li>a data point attribute that was not a string ({@code code} intValue 200) is the string "200":
     *       cmetrics labels are strings; the sent side's values are made strings.
     *   <li>{@code queue_delta} was a non-monotonic sum: cmetrics' msgpack does not carry a counter's
     *       allow_reset, so every sum comes back {@code isMonotonic} true; the sent side made monotonic.
     *   <li>{@code size_bytes} had an empty {@code negative} bucket set: cmetrics keeps only offsets and counts, and
     *       its OTLP encoder (and this renderer) write a bucket set only when it has counts; the empty one cleared.
     *   <li>not Fluent Bit's: protobuf's JsonFormat parser reads {@code -0.0} as 0.0, so {@code g_negzero} is 0.0
     *       on the sent side too (the exact text {@code -0.0} is asserted apart).
     * </ol>
     * Not differences: {@code queue_delta}'s missing description, which cmetrics stores as "-", comes back
     * missing; the start times of the gauges (0 sent) stay out; min, max, exemplar and flags come from the OTLP
     * point metadata the chunk keeps.
     */
    private static MetricsData normalise(MetricsData data, boolean sent) {
        MetricsData.Builder b = data.toBuilder();
        for (ResourceMetrics.Builder r : b.getResourceMetricsBuilderList()) {
            for (ScopeMetrics.Builder s : r.getScopeMetricsBuilderList()) {
                List<Metric> metrics = new ArrayList<>();
                for (Metric metric : s.getMetricsList()) {
                    Metric.Builder m = metric.toBuilder();
                    if (sent && m.hasSum()) {
                        m.getSumBuilder().setIsMonotonic(true);
                        for (NumberDataPoint.Builder p : m.getSumBuilder().getDataPointsBuilderList()) {
                            stringAttributes(p.getAttributesBuilderList());
                        }
                    }
                    if (sent && m.hasGauge()) {
                        for (NumberDataPoint.Builder p : m.getGaugeBuilder().getDataPointsBuilderList()) {
                            stringAttributes(p.getAttributesBuilderList());
                            if (Double.doubleToRawLongBits(p.getAsDouble()) == Long.MIN_VALUE) {
                                p.setAsDouble(0.0);
                            }
                        }
                    }
                    if (sent && m.hasExponentialHistogram()) {
                        for (ExponentialHistogramDataPoint.Builder p : m.getExponentialHistogramBuilder().getDataPointsBuilderList()) {
                            if (p.getNegative().getBucketCountsCount() == 0 && p.getNegative().getOffset() == 0) {
                                p.clearNegative();
                            }
                        }
                    }
                    metrics.add(m.build());
                }
                metrics.sort(Comparator.comparing(Metric::getName));
                s.clearMetrics().addAllMetrics(metrics);
            }
        }
        return b.build();
    }

    private static void stringAttributes(List<KeyValue.Builder> attributes) {
        for (KeyValue.Builder kv : attributes) {
            AnyValue v = kv.getValue();
            switch (v.getValueCase()) {
                case STRING_VALUE:
                    break;
                case INT_VALUE:
                    kv.setValue(AnyValue.newBuilder().setStringValue(Long.toString(v.getIntValue())));
                    break;
                default:
                    throw new AssertionError("a sent attribute of a type the fixture does not have: " + v);
            }
        }
    }

    @Test
    void everyRealMetricsChunkIsValidOtlpJson() throws IOException {
        List<Path> chunks = new ArrayList<>();
        for (String scenario : new String[] {"metrics-fluentbit", "metrics-multi-context", "metrics-event-type", "otlp-roundtrip"}) {
            try (Stream<Path> files = Files.list(fixtures().resolve(scenario))) {
                files.filter(f -> f.toString().endsWith(".msgpack")).sorted().forEach(chunks::add);
            }
        }
        int rendered = 0;
        for (Path chunk : chunks) {
            byte[] bytes = Files.readAllBytes(chunk);
            Path tag = chunk.resolveSibling(chunk.getFileName().toString().replace(".msgpack", ".tag"));
            if (chunk.getParent().endsWith("otlp-roundtrip") && !Files.readString(tag).contains("metrics")) {
                continue; // a logs or traces chunk
            }
            String json = render(bytes);
            assertNotNull(json, chunk.toString());
            assertTrue(json.chars().allMatch(c -> c >= 0x20 && c < 0x7f), chunk + " is not pure ASCII");
            MetricsData data = parse(json);
            assertTrue(data.getResourceMetricsCount() > 0, chunk.toString());
            for (ResourceMetrics r : data.getResourceMetricsList()) {
                for (ScopeMetrics s : r.getScopeMetricsList()) {
                    for (Metric m : s.getMetricsList()) {
                        assertTrue(!m.getName().isEmpty() && m.getDataCase() != Metric.DataCase.DATA_NOT_SET, chunk + ": " + m);
                    }
                }
            }
            rendered++;
        }
        assertEquals(12, rendered, "the metrics fixtures: 4 event-type, 5 fluentbit, 2 multi-context, 1 OTLP");
    }

    @Test
    void contextsWithoutExternalMetadataAreOneEmptyResourceAndScopeEach() throws IOException {
        byte[] chunk = Files.readAllBytes(fixtures().resolve("metrics-multi-context/0001.msgpack"));
        MetricsData data = parse(render(chunk));
        assertEquals(4, data.getResourceMetricsCount(), "one resourceMetrics per context");
        for (ResourceMetrics r : data.getResourceMetricsList()) {
            assertEquals(0, r.getResource().getAttributesCount());
            assertEquals(1, r.getScopeMetricsCount());
            assertEquals("", r.getScopeMetrics(0).getScope().getName());
            assertEquals("kubernetes_network_load_counter", r.getScopeMetrics(0).getMetrics(0).getName());
        }
    }
}
