package vivo.render.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/** Exact OTLP JSON for hand-built cmetrics chunks: every field and type, and bad input. */
class OtlpMetricsTest {

    /** msgpack of Java values: Map (in order), List, String, Long/Integer, Double, Float, byte[], Boolean, null, BigInteger. */
    static byte[] pack(Object... values) throws IOException {
        MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
        for (Object v : values) {
            pack(p, v);
        }
        return p.toByteArray();
    }

    private static void pack(MessageBufferPacker p, Object v) throws IOException {
        if (v == null) {
            p.packNil();
        } else if (v instanceof Map<?, ?> m) {
            p.packMapHeader(m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) {
                pack(p, e.getKey());
                pack(p, e.getValue());
            }
        } else if (v instanceof List<?> l) {
            p.packArrayHeader(l.size());
            for (Object x : l) {
                pack(p, x);
            }
        } else if (v instanceof String s) {
            p.packString(s);
        } else if (v instanceof Integer || v instanceof Long) {
            p.packLong(((Number) v).longValue());
        } else if (v instanceof BigInteger b) {
            p.packBigInteger(b);
        } else if (v instanceof Double d) {
            p.packDouble(d);
        } else if (v instanceof Float f) {
            p.packFloat(f);
        } else if (v instanceof Boolean b) {
            p.packBoolean(b);
        } else if (v instanceof byte[] b) {
            p.packBinaryHeader(b.length).writePayload(b);
        } else {
            throw new IllegalArgumentException(v.getClass().toString());
        }
    }

    /** A map of alternating keys and values, in order. */
    static Map<Object, Object> map(Object... kv) {
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static List<Object> list(Object... values) {
        return Arrays.asList(values);
    }

    static Map<Object, Object> context(Object external, List<?> staticLabels, Object... metrics) {
        return map("meta", map("cmetrics", map(), "external", external, "processing", map("static_labels", staticLabels)),
                "metrics", list(metrics));
    }

    @SuppressWarnings("unchecked")
    static Map<Object, Object> metric(int type, String ns, String ss, Object name, String desc, Object... metaAndValues) {
        Map<Object, Object> meta = map("ver", 2, "type", type, "opts", map("ns", ns, "ss", ss, "name", name, "desc", desc));
        Object values = List.of();
        for (int i = 0; i < metaAndValues.length; i += 2) {
            if (metaAndValues[i].equals("values")) {
                values = metaAndValues[i + 1];
            } else if (metaAndValues[i].equals("unit")) {
                ((Map<Object, Object>) meta.get("opts")).put("unit", metaAndValues[i + 1]);
            } else {
                meta.put(metaAndValues[i], metaAndValues[i + 1]);
            }
        }
        return map("meta", meta, "values", values);
    }

    static void noInternalError(OtlpMetrics renderer, String context) {
        if (renderer.internalError != null) {
            java.io.StringWriter trace = new java.io.StringWriter();
            renderer.internalError.printStackTrace(new java.io.PrintWriter(trace));
            throw new AssertionError(context + ": " + trace);
        }
    }

    static String render(byte[] chunk) {
        OtlpMetrics renderer = new OtlpMetrics(new OtlpJson());
        byte[] out = renderer.render(chunk, chunk.length);
        assertNull(renderer.internalError);
        return out == null ? null : new String(out, StandardCharsets.US_ASCII);
    }

    private static final String EMPTY = "{\"resource\":{},\"scopeMetrics\":[{\"scope\":{},\"metrics\":[";
    private static final String END = "]}]}";

    @Test
    void fluentBitCountersAndGaugesWithLabelsAndStaticLabels() throws IOException {
        byte[] chunk = pack(context(map(), list(list("env", "prod")),
                metric(0, "fluentbit", "input", "bytes_total", "Number of bytes.",
                        "labels", list("name", "host"), "aggregation_type", 2,
                        "values", list(map("ts", 10L, "value", 1.5, "labels", list("tail.0", null), "hash", 7L))),
                metric(1, "", "", "plain", "-", "labels", list(),
                        "values", list(map("ts", 11L, "value", -0.0, "hash", 0L))),
                metric(4, "ns", "ss_", "u", "Untyped.", "unit", "", "values",
                        list(map("ts", 12L, "value", Double.NaN, "hash", 0L)))));
        assertEquals("{\"resourceMetrics\":[" + EMPTY
                + "{\"name\":\"fluentbit_input_bytes_total\",\"description\":\"Number of bytes.\",\"sum\":{\"dataPoints\":["
                + "{\"attributes\":[{\"key\":\"env\",\"value\":{\"stringValue\":\"prod\"}},"
                + "{\"key\":\"name\",\"value\":{\"stringValue\":\"tail.0\"}}],\"timeUnixNano\":\"10\",\"asDouble\":1.5}],"
                + "\"aggregationTemporality\":2,\"isMonotonic\":true}},"
                + "{\"name\":\"plain\",\"gauge\":{\"dataPoints\":[{\"attributes\":[{\"key\":\"env\",\"value\":{\"stringValue\":\"prod\"}}],"
                + "\"timeUnixNano\":\"11\",\"asDouble\":-0.0}]}},"
                + "{\"name\":\"ns_ss_u\",\"description\":\"Untyped.\",\"gauge\":{\"dataPoints\":[{\"attributes\":"
                + "[{\"key\":\"env\",\"value\":{\"stringValue\":\"prod\"}}],\"timeUnixNano\":\"12\",\"asDouble\":\"NaN\"}]}}"
                + END + "]}", render(chunk));
    }

    @Test
    void namesAsCmetricsComposesThem() throws IOException {
        String[][] cases = {
            {"", "", "n", "n"}, {"a", "", "n", "a_n"}, {"", "b", "n", "b_n"}, {"a", "b", "n", "a_b_n"},
            {"a_", "b_", "n", "a__b_n"}, {"", "", "", ""},
        };
        for (String[] c : cases) {
            String json = render(pack(context(map(), list(), metric(1, c[0], c[1], c[2], "d", "values",
                    list(map("ts", 1L, "value", 1.0))))));
            assertEquals("{\"resourceMetrics\":[" + EMPTY + "{\"name\":\"" + c[3] + "\",\"description\":\"d\",\"gauge\":"
                    + "{\"dataPoints\":[{\"timeUnixNano\":\"1\",\"asDouble\":1.0}]}}" + END + "]}", json, Arrays.toString(c));
        }
    }

    @Test
    void integerValuesAreExact() throws IOException {
        byte[] chunk = pack(context(map(), list(), metric(0, "", "", "c", "-", "aggregation_type", 1, "values", list(
                map("ts", 1L, "start_ts", 0L, "value", 9.007199254740992E15, "value_type", 1, "value_int64", 9007199254740993L, "hash", 0L),
                map("ts", 2L, "value", -1.0, "value_type", 1, "value_int64", Long.MIN_VALUE, "hash", 0L),
                map("ts", 3L, "value", 1.0, "value_type", 2, "value_uint64", Long.MAX_VALUE, "hash", 0L),
                map("ts", 4L, "value", 1.8446744073709552E19, "value_type", 2,
                        "value_uint64", new BigInteger("18446744073709551615"), "hash", 0L),
                map("ts", new BigInteger("18446744073709551615"), "start_ts", 5L, "value", 0.1, "hash", 0L)))));
        assertEquals("{\"resourceMetrics\":[" + EMPTY + "{\"name\":\"c\",\"sum\":{\"dataPoints\":["
                + "{\"timeUnixNano\":\"1\",\"asInt\":\"9007199254740993\"},"
                + "{\"timeUnixNano\":\"2\",\"asInt\":\"-9223372036854775808\"},"
                + "{\"timeUnixNano\":\"3\",\"asInt\":\"9223372036854775807\"},"
                + "{\"timeUnixNano\":\"4\",\"asDouble\":1.8446744073709552e+19},"
                + "{\"startTimeUnixNano\":\"5\",\"timeUnixNano\":\"18446744073709551615\",\"asDouble\":0.1}],"
                + "\"aggregationTemporality\":1,\"isMonotonic\":true}}" + END + "]}", render(chunk));
    }

    @Test
    void histogramExponentialHistogramAndSummary() throws IOException {
        byte[] chunk = pack(context(map(), list(),
                metric(3, "", "", "s", "Sum.", "labels", list("q"), "quantiles", list(0.5, 0.99), "values", list(
                        map("ts", 1L, "start_ts", 1L, "summary", map("quantiles_set", 1, "quantiles",
                                list(Double.doubleToLongBits(1.5), Double.doubleToLongBits(-0.0)), "count", 3,
                                "sum", Double.doubleToLongBits(4.5)), "labels", list("x"), "hash", 1L),
                        map("ts", 2L, "summary", map("quantiles_set", 0, "quantiles", list(), "count", 0, "sum", 0),
                                "hash", 0L))),
                metric(2, "", "", "h", "-", "labels", list(), "buckets", list(0.5, 1.0), "aggregation_type", 2, "values", list(
                        map("ts", 3L, "histogram", map("buckets", list(1, 2, new BigInteger("18446744073709551615")),
                                "sum", 4.75, "count", 6), "hash", 0L))),
                metric(5, "", "", "e", "-", "aggregation_type", 1, "values", list(
                        map("ts", 4L, "exp_histogram", map("scale", -3, "zero_count", 1, "zero_threshold", 0.5,
                                "positive_offset", 3, "positive_buckets", list(1, 2), "negative_offset", -2,
                                "negative_buckets", list(5), "count", 9, "sum_set", 1, "sum", Double.doubleToLongBits(70.0)),
                                "hash", 0L),
                        map("ts", 5L, "exp_histogram", map("scale", 0, "zero_count", 0, "zero_threshold", 0.0,
                                "positive_offset", 0, "positive_buckets", list(), "negative_offset", 0,
                                "negative_buckets", list(), "count", 0, "sum_set", 0, "sum", 0), "hash", 0L)))));
        assertEquals("{\"resourceMetrics\":[" + EMPTY
                + "{\"name\":\"s\",\"description\":\"Sum.\",\"summary\":{\"dataPoints\":["
                + "{\"attributes\":[{\"key\":\"q\",\"value\":{\"stringValue\":\"x\"}}],\"startTimeUnixNano\":\"1\","
                + "\"timeUnixNano\":\"1\",\"count\":\"3\",\"sum\":4.5,\"quantileValues\":[{\"quantile\":0.5,\"value\":1.5},"
                + "{\"quantile\":0.99,\"value\":-0.0}]},"
                + "{\"timeUnixNano\":\"2\",\"count\":\"0\",\"sum\":0.0,\"quantileValues\":[{\"quantile\":0.5,\"value\":0.0},"
                + "{\"quantile\":0.99,\"value\":0.0}]}]}},"
                + "{\"name\":\"h\",\"histogram\":{\"dataPoints\":[{\"timeUnixNano\":\"3\",\"count\":\"6\",\"sum\":4.75,"
                + "\"bucketCounts\":[\"1\",\"2\",\"18446744073709551615\"],\"explicitBounds\":[0.5,1.0]}],"
                + "\"aggregationTemporality\":2}},"
                + "{\"name\":\"e\",\"exponentialHistogram\":{\"dataPoints\":["
                + "{\"timeUnixNano\":\"4\",\"count\":\"9\",\"sum\":70.0,\"scale\":-3,\"zeroCount\":\"1\","
                + "\"positive\":{\"offset\":3,\"bucketCounts\":[\"1\",\"2\"]},\"negative\":{\"offset\":-2,\"bucketCounts\":[\"5\"]},"
                + "\"zeroThreshold\":0.5},"
                + "{\"timeUnixNano\":\"5\",\"count\":\"0\",\"scale\":0,\"zeroCount\":\"0\",\"zeroThreshold\":0.0}],"
                + "\"aggregationTemporality\":1}}"
                + END + "]}", render(chunk));
    }

    private static Map<Object, Object> otlpExternal(Object metrics) {
        return map("scope", map("metadata", map("name", "meter", "version", "1", "dropped_attributes_count", 2),
                        "attributes", map("sa", true)),
                "scope_metrics", map("metadata", map("schema_url", "https://s")),
                "otlp", map("metrics", metrics),
                "resource", map("metadata", map("dropped_attributes_count", 3), "attributes", map("service.name", "svc", "n", 1)),
                "resource_metrics", map("metadata", map("schema_url", "https://r")));
    }

    @Test
    void otlpMetadataKept() throws IOException {
        byte[] span = {1, 2, 3, 4, 5, 6, 7, (byte) 0xff};
        byte[] trace = new byte[16];
        trace[15] = (byte) 0xab;
        Map<Object, Object> otlp = map(
                "counter", map("c", map("metadata", map("k", "v"), "datapoints", map(
                        "1f:100", map("start_time_unix_nano", 90L, "flags", 1, "number_value_case", "int", "exemplars", list(
                                map("time_unix_nano", 99L, "span_id", span, "trace_id", trace, "as_double", 0.5,
                                        "filtered_attributes", map("fa", "x")),
                                "not a map",
                                map("as_int", new BigInteger("18446744073709551615")),
                                map("as_double", "not a double", "as_int", 3)))))),
                "histogram", map("h", map("datapoints", map("0:200", map("start_time_unix_nano", 0L, "flags", 0,
                        "has_sum", false, "has_min", true, "min", 0.1, "has_max", false, "max", 9.0)))),
                "exp_histogram", map("e", map("datapoints", map("0:300", map("has_sum", true, "has_min", 1, "min", 0,
                        "has_max", true, "max", "nine")))));
        byte[] chunk = pack(context(otlpExternal(otlp), list(),
                metric(0, "", "", "c", "-", "unit", "By", "aggregation_type", 2, "values", list(
                        map("ts", 100L, "value", 41.9, "hash", 31L))),
                metric(2, "", "", "h", "Hist", "buckets", list(), "values", list(
                        map("ts", 200L, "histogram", map("buckets", list(4), "sum", 1.0, "count", 4), "hash", 0L))),
                metric(5, "", "", "e", "-", "values", list(
                        map("ts", 300L, "exp_histogram", map("scale", 1, "zero_count", 0, "zero_threshold", 0.0,
                                "positive_offset", 0, "positive_buckets", list(), "negative_offset", 0,
                                "negative_buckets", list(), "count", 2, "sum_set", 1, "sum", Double.doubleToLongBits(2.0)),
                                "hash", 0L)))));
        assertEquals("{\"resourceMetrics\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"svc\"}},"
                + "{\"key\":\"n\",\"value\":{\"intValue\":\"1\"}}],\"droppedAttributesCount\":3},"
                + "\"scopeMetrics\":[{\"scope\":{\"name\":\"meter\",\"version\":\"1\",\"attributes\":[{\"key\":\"sa\",\"value\":"
                + "{\"boolValue\":true}}],\"droppedAttributesCount\":2},\"metrics\":["
                + "{\"name\":\"c\",\"unit\":\"By\",\"metadata\":[{\"key\":\"k\",\"value\":{\"stringValue\":\"v\"}}],\"sum\":{\"dataPoints\":["
                + "{\"startTimeUnixNano\":\"90\",\"timeUnixNano\":\"100\",\"asInt\":\"41\",\"exemplars\":["
                + "{\"timeUnixNano\":\"99\",\"spanId\":\"01020304050607ff\",\"traceId\":\"000000000000000000000000000000ab\","
                + "\"asDouble\":0.5,\"filteredAttributes\":[{\"key\":\"fa\",\"value\":{\"stringValue\":\"x\"}}]},"
                + "{\"asInt\":\"-1\"},{}],\"flags\":1}],\"aggregationTemporality\":2,\"isMonotonic\":true}},"
                + "{\"name\":\"h\",\"description\":\"Hist\",\"histogram\":{\"dataPoints\":[{\"timeUnixNano\":\"200\",\"count\":\"4\","
                + "\"bucketCounts\":[\"4\"],\"explicitBounds\":[],\"min\":0.1}]}},"
                + "{\"name\":\"e\",\"exponentialHistogram\":{\"dataPoints\":[{\"timeUnixNano\":\"300\",\"count\":\"2\",\"sum\":2.0,"
                + "\"scale\":1,\"zeroCount\":\"0\",\"zeroThreshold\":0.0,\"min\":0.0}]}}"
                + "],\"schemaUrl\":\"https://s\"}],\"schemaUrl\":\"https://r\"}]}", render(chunk));
    }

    @Test
    void severalResourcesAndScopesPlaceEachMetricWhereItsMetadataSays() throws IOException {
        Map<Object, Object> external = map(
                "resource_metrics_list", list(
                        map("resource", map("attributes", map("r", "0")), "scope_metrics_list", list(
                                map("scope", map("metadata", map("name", "s00"))),
                                map("scope", map("metadata", map("name", "s01")),
                                        "scope_metrics", map("metadata", map("schema_url", "u01"))))),
                        map("resource", map("attributes", map("r", "1")),
                                "resource_metrics", map("metadata", map("schema_url", "u1")),
                                "scope", map("metadata", map("name", "s10")))),
                "otlp", map("metrics", map("gauge", map(
                        "a", map("metadata", map("scope_flat_index", 2)),
                        "b", map("metadata", map("resource_index", 0, "scope_index", 1)),
                        "c", map("metadata", map("scope_flat_index", 9, "resource_index", 5, "scope_index", 0))))));
        Map<Object, Object> value = map("ts", 1L, "value", 1.0, "hash", 0L);
        byte[] chunk = pack(context(external, list(),
                metric(1, "", "", "a", "-", "values", list(value)),
                metric(1, "", "", "b", "-", "values", list(value)),
                metric(1, "", "", "c", "-", "values", list(value))));
        String point = "\"gauge\":{\"dataPoints\":[{\"timeUnixNano\":\"1\",\"asDouble\":1.0}]}}";
        // (the placement keys are metric metadata too: cmetrics' encoder writes that kvlist whole)
        assertEquals("{\"resourceMetrics\":["
                + "{\"resource\":{\"attributes\":[{\"key\":\"r\",\"value\":{\"stringValue\":\"0\"}}]},\"scopeMetrics\":["
                + "{\"scope\":{\"name\":\"s00\"},\"metrics\":[{\"name\":\"c\",\"metadata\":[" + index("scope_flat_index", 9) + ","
                + index("resource_index", 5) + "," + index("scope_index", 0) + "]," + point + "]},"
                + "{\"scope\":{\"name\":\"s01\"},\"metrics\":[{\"name\":\"b\",\"metadata\":[" + index("resource_index", 0) + ","
                + index("scope_index", 1) + "]," + point + "],\"schemaUrl\":\"u01\"}]},"
                + "{\"resource\":{\"attributes\":[{\"key\":\"r\",\"value\":{\"stringValue\":\"1\"}}]},\"scopeMetrics\":["
                + "{\"scope\":{\"name\":\"s10\"},\"metrics\":[{\"name\":\"a\",\"metadata\":[" + index("scope_flat_index", 2) + "],"
                + point + "]}],\"schemaUrl\":\"u1\"}]}",
                render(chunk));
    }

    private static String index(String key, int v) {
        return "{\"key\":\"" + key + "\",\"value\":{\"intValue\":\"" + v + "\"}}";
    }

    @Test
    void everyContextOfAChunkAndMetricsWithoutValuesLeftOut() throws IOException {
        Map<Object, Object> one = context(map(), list(), metric(1, "", "", "g", "-", "values", list(map("ts", 1L, "value", 1.0))),
                metric(0, "", "", "none", "-", "values", list()));
        Map<Object, Object> empty = map("meta", map(), "metrics", list());
        assertEquals("{\"resourceMetrics\":[" + EMPTY + "{\"name\":\"g\",\"gauge\":{\"dataPoints\":[{\"timeUnixNano\":\"1\","
                + "\"asDouble\":1.0}]}}" + END + "," + EMPTY + END + "]}", render(pack(one, empty)));
    }

    @Test
    void badContextsAreSkippedAndTheRestKept() throws IOException {
        Map<Object, Object> good = context(map(), list(), metric(1, "", "", "g", "-", "values", list(map("ts", 1L, "value", 1.0))));
        String goodJson = EMPTY + "{\"name\":\"g\",\"gauge\":{\"dataPoints\":[{\"timeUnixNano\":\"1\",\"asDouble\":1.0}]}}" + END;
        Object[] bad = {
            "a string",
            map("other", 1),
            map("meta", "not a map", "metrics", list()),
            map("meta", map(), "metrics", map()),
            context(map(), list(), metric(9, "", "", "t", "-", "values", list(map("ts", 1L, "value", 1.0)))),
            context(map(), list(), map("meta", map("type", 1))),
            context(map(), list(), metric(1, "", "", 5, "-", "values", list(map("ts", 1L, "value", 1.0)))),
            context(map(), list(), metric(1, "", "", "g", "-", "values", list(map("ts", "one", "value", 1.0)))),
            context(map(), list(), metric(1, "", "", "g", "-", "values", list(map("ts", 1L, "value", "1.0")))),
            context(map(), list(), metric(1, "", "", "g", "-", "labels", list("k"), "values",
                    list(map("ts", 1L, "value", 1.0, "labels", list("v", "more than keys"))))),
            context(map(), list(), metric(1, "", "", "g", "-", "labels", list(1), "values",
                    list(map("ts", 1L, "value", 1.0, "labels", list("v"))))),
            context(map(), list(list("k")), metric(1, "", "", "g", "-", "values", list(map("ts", 1L, "value", 1.0)))),
            context(map(), list(), metric(2, "", "", "h", "-", "values", list(map("ts", 1L, "value", 1.0)))),
            context(map(), list(), metric(3, "", "", "s", "-", "quantiles", list("x"), "values",
                    list(map("ts", 1L, "summary", map("quantiles", list(1)))))),
        };
        for (Object b : bad) {
            OtlpMetrics renderer = new OtlpMetrics(new OtlpJson());
            byte[] chunk = pack(good, b, good);
            byte[] out = renderer.render(chunk, chunk.length);
            assertNull(renderer.internalError);
            assertEquals("{\"resourceMetrics\":[" + goodJson + "," + goodJson + "]}",
                    new String(out, StandardCharsets.US_ASCII), String.valueOf(b));
            assertEquals(2, renderer.kept());
            assertEquals(1, renderer.dropped(), String.valueOf(b));
            assertNull(render(pack(b)), String.valueOf(b));
        }
        // external metadata of an unexpected type is left out, the context kept
        Map<Object, Object> oddExternal = map("resource", "r", "scope", map("metadata", map("name", 1, "version", "")),
                "resource_metrics", map("metadata", list()), "otlp", map("metrics", map("gauge", map("g", 1))));
        assertEquals("{\"resourceMetrics\":[" + goodJson + "]}", render(pack(context(oddExternal, list(),
                metric(1, "", "", "g", "-", "values", list(map("ts", 1L, "value", 1.0)))))));
    }

    @Test
    void truncatedEmptyAndGarbageChunks() throws IOException {
        Map<Object, Object> good = context(map(), list(), metric(1, "", "", "g", "-", "values", list(map("ts", 1L, "value", 1.0))));
        byte[] one = pack(good);
        byte[] two = pack(good, good);
        OtlpMetrics renderer = new OtlpMetrics(new OtlpJson());
        for (int cut = 0; cut < two.length; cut++) {
            byte[] out = renderer.render(two, cut);
            assertNull(renderer.internalError);
            if (cut < one.length) {
                assertNull(out, "cut at " + cut);
            } else {
                assertEquals(1, renderer.kept(), "cut at " + cut);
                assertEquals(cut == one.length ? 0 : 1, renderer.dropped(), "cut at " + cut);
            }
        }
        assertNull(renderer.render(null, 0));
        assertNull(renderer.render(new byte[0], 0));
        assertNull(renderer.render(new byte[] {(byte) 0xc1}, 1));
        // the renderer is reused: a good chunk after bad ones
        assertEquals("{\"resourceMetrics\":[" + EMPTY + "{\"name\":\"g\",\"gauge\":{\"dataPoints\":[{\"timeUnixNano\":\"1\","
                + "\"asDouble\":1.0}]}}" + END + "]}", new String(renderer.render(one, one.length), StandardCharsets.US_ASCII));
        // every single-byte change of a good chunk: never a throw, never an internal error
        byte[] otlp = java.nio.file.Files.readAllBytes(OtlpMetricsRoundTripTest.fixtures().resolve("otlp-roundtrip/0002.msgpack"));
        for (int i = 0; i < otlp.length; i += 3) {
            byte[] changed = otlp.clone();
            changed[i] ^= (byte) (0x5a + i);
            renderer.render(changed, changed.length);
            noInternalError(renderer, "byte " + i);
        }
    }

    @Test
    void nestingTooDeepInAnAttributeSkipsTheContext() throws IOException {
        Object deep = "leaf";
        for (int i = 0; i < 1100; i++) {
            deep = list(deep);
        }
        Map<Object, Object> external = map("resource", map("attributes", map("deep", deep)));
        assertNull(render(pack(context(external, list(), metric(1, "", "", "g", "-", "values",
                list(map("ts", 1L, "value", 1.0)))))));
    }
}
