package vivo.render.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/** Exact OTLP JSON of hand-built ctraces contexts: every field and type, the defaults left out, bad input. */
class OtlpTracesTest {

    /** A msgpack map of the pairs, in their order. */
    static Map<String, Object> m(Object... kv) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            map.put((String) kv[i], kv[i + 1]);
        }
        return map;
    }

    static byte[] pack(Object... values) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            for (Object v : values) {
                pack(p, v);
            }
            return p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pack(MessageBufferPacker p, Object v) throws IOException {
        if (v instanceof List<?> list) {
            p.packArrayHeader(list.size());
            for (Object e : list) {
                pack(p, e);
            }
        } else if (v instanceof Map<?, ?> map) {
            p.packMapHeader(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                pack(p, e.getKey());
                pack(p, e.getValue());
            }
        } else if (v instanceof byte[] b) {
            p.packBinaryHeader(b.length).writePayload(b);
        } else if (v instanceof Integer || v instanceof Long || v instanceof BigInteger) {
            p.packBigInteger(new BigInteger(v.toString())); // the smallest form, uint64 above the int64 range
        } else {
            p.packValue(scalar(v));
        }
    }

    private static Value scalar(Object v) {
        return v == null ? ValueFactory.newNil()
                : v instanceof String s ? ValueFactory.newString(s)
                : v instanceof Boolean b ? ValueFactory.newBoolean(b)
                : ValueFactory.newFloat((Double) v);
    }

    /** A context of one resource span with one scope span holding {@code spans}. */
    static Map<String, Object> context(Object... spans) {
        return m("resourceSpans", List.of(m(
                "resource", m("attributes", m(), "dropped_attributes_count", 0),
                "schema_url", null,
                "scope_spans", List.of(m("scope", null, "spans", List.of(spans), "schema_url", null)))));
    }

    static final String PREFIX = "{\"resourceSpans\":[{\"resource\":{},\"scopeSpans\":[{\"spans\":[";
    static final String SUFFIX = "]}]}]}";

    /** A span as ctraces 5.1.1 writes a minimal one, with {@code extra} pairs replacing or added to its keys. */
    static Map<String, Object> span(Object... extra) {
        Map<String, Object> span = m("trace_id", "0102030405060708090a0b0c0d0e0f10", "span_id", "1112131415161718",
                "parent_span_id", null, "trace_state", null, "name", "s", "kind", 0,
                "start_time_unix_nano", 0, "end_time_unix_nano", 0, "attributes", m(),
                "dropped_attributes_count", 0, "dropped_events_count", 0, "dropped_links_count", 0,
                "events", List.of(), "links", List.of(), "schema_url", null, "status", m("code", 0, "message", null));
        span.putAll(m(extra));
        return span;
    }

    static final String SPAN = "{\"traceId\":\"0102030405060708090a0b0c0d0e0f10\",\"spanId\":\"1112131415161718\",\"name\":\"s\"}";

    private final OtlpTraces traces = new OtlpTraces(new OtlpJson());

    private String render(byte[] chunk) {
        byte[] out = traces.render(chunk, chunk.length);
        return out == null ? null : new String(out, StandardCharsets.US_ASCII);
    }

    @Test
    void everyField() {
        Map<String, Object> span = span(
                "trace_id", "4BF92F3577B34DA6A3CE929D0E0E4736", "span_id", new byte[] {0, -16, 103, -86, 11, -87, 2, -73},
                "parent_span_id", "53995c3f42cd8ad8", "trace_state", "congo=t61rcWkgMzE", "name", "GET /\u00e9",
                "kind", 2, "start_time_unix_nano", new BigInteger("18446744073709551615"),
                "end_time_unix_nano", 1796000000124956790L, "flags", 257,
                "attributes", m("s", "t", "i", -5, "big", 9007199254740993L, "u", new BigInteger("9223372036854775808"),
                        "d", -0.0, "nan", Double.NaN, "inf", Double.POSITIVE_INFINITY, "b", true, "bin", new byte[] {1, 2, 3},
                        "a", List.of(1, "x", List.of()), "kv", m("k", m()), "nil", null),
                "dropped_attributes_count", 4294967295L, "dropped_events_count", 2, "dropped_links_count", 3,
                "events", List.of(m("time_unix_nano", 1796000000123456799L, "name", "retry",
                        "attributes", m("attempt", 2), "dropped_attributes_count", 1)),
                "links", List.of(m("trace_id", "0af7651916cd43dd8448eb211c80319c", "span_id", "b7ad6b7169203331",
                        "trace_state", "a=b", "attributes", m("l", 1.5), "dropped_attributes_count", 6, "flags", 1)),
                "schema_url", "https://dropped.test",
                "status", m("code", 2, "message", "upstream timeout"),
                "unknown", List.of("ignored"));
        byte[] chunk = pack(m("resourceSpans", List.of(m(
                "resource", m("attributes", m("service.name", "svc"), "dropped_attributes_count", 5),
                "schema_url", "https://r.test",
                "scope_spans", List.of(m("scope", m("name", "tracer", "version", "0.9", "attributes", m("sa", false),
                                "dropped_attributes_count", 7),
                        "spans", List.of(span), "schema_url", "https://s.test"))))));
        assertEquals("{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"svc\"}}],"
                + "\"droppedAttributesCount\":5},\"scopeSpans\":[{\"scope\":{\"name\":\"tracer\",\"version\":\"0.9\","
                + "\"attributes\":[{\"key\":\"sa\",\"value\":{\"boolValue\":false}}],\"droppedAttributesCount\":7},"
                + "\"spans\":[{\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanId\":\"00f067aa0ba902b7\","
                + "\"traceState\":\"congo=t61rcWkgMzE\",\"parentSpanId\":\"53995c3f42cd8ad8\",\"flags\":257,"
                + "\"name\":\"GET /\\u00e9\",\"kind\":2,\"startTimeUnixNano\":\"18446744073709551615\","
                + "\"endTimeUnixNano\":\"1796000000124956790\",\"attributes\":["
                + "{\"key\":\"s\",\"value\":{\"stringValue\":\"t\"}},"
                + "{\"key\":\"i\",\"value\":{\"intValue\":\"-5\"}},"
                + "{\"key\":\"big\",\"value\":{\"intValue\":\"9007199254740993\"}},"
                + "{\"key\":\"u\",\"value\":{\"kvlistValue\":{\"values\":[{\"key\":\"fluentbit.type\",\"value\":{\"stringValue\":\"uint64\"}},"
                + "{\"key\":\"fluentbit.value\",\"value\":{\"stringValue\":\"9223372036854775808\"}}]}}},"
                + "{\"key\":\"d\",\"value\":{\"doubleValue\":-0.0}},"
                + "{\"key\":\"nan\",\"value\":{\"doubleValue\":\"NaN\"}},"
                + "{\"key\":\"inf\",\"value\":{\"doubleValue\":\"Infinity\"}},"
                + "{\"key\":\"b\",\"value\":{\"boolValue\":true}},"
                + "{\"key\":\"bin\",\"value\":{\"bytesValue\":\"AQID\"}},"
                + "{\"key\":\"a\",\"value\":{\"arrayValue\":{\"values\":[{\"intValue\":\"1\"},{\"stringValue\":\"x\"},{\"arrayValue\":{}}]}}},"
                + "{\"key\":\"kv\",\"value\":{\"kvlistValue\":{\"values\":[{\"key\":\"k\",\"value\":{\"kvlistValue\":{}}}]}}},"
                + "{\"key\":\"nil\",\"value\":{}}],"
                + "\"droppedAttributesCount\":4294967295,"
                + "\"events\":[{\"timeUnixNano\":\"1796000000123456799\",\"name\":\"retry\","
                + "\"attributes\":[{\"key\":\"attempt\",\"value\":{\"intValue\":\"2\"}}],\"droppedAttributesCount\":1}],"
                + "\"droppedEventsCount\":2,"
                + "\"links\":[{\"traceId\":\"0af7651916cd43dd8448eb211c80319c\",\"spanId\":\"b7ad6b7169203331\",\"traceState\":\"a=b\","
                + "\"attributes\":[{\"key\":\"l\",\"value\":{\"doubleValue\":1.5}}],\"droppedAttributesCount\":6,\"flags\":1}],"
                + "\"droppedLinksCount\":3,\"status\":{\"message\":\"upstream timeout\",\"code\":2}}],"
                + "\"schemaUrl\":\"https://s.test\"}],\"schemaUrl\":\"https://r.test\"}]}", render(chunk));
        assertEquals(0, traces.dropped());
    }

    @Test
    void defaultsAreLeftOut() {
        // ctraces' minimal span: nil ids and strings, zero numbers, empty maps and lists, status 0 without message
        assertEquals(PREFIX + SPAN + SUFFIX, render(pack(context(span()))));
        // a status with only a code, or only a message, is kept
        assertEquals(PREFIX + SPAN.replace("}", ",\"status\":{\"code\":1}}") + SUFFIX,
                render(pack(context(span("status", m("code", 1, "message", null))))));
        assertEquals(PREFIX + SPAN.replace("}", ",\"status\":{\"message\":\"m\"}}") + SUFFIX,
                render(pack(context(span("status", m("code", 0, "message", "m"))))));
        // empty strings and ids, missing keys, an event and a link of nothing but defaults
        assertEquals(PREFIX + "{\"events\":[{}],\"links\":[{}]}" + SUFFIX, render(pack(context(
                m("trace_id", "", "span_id", null, "name", "", "trace_state", "", "events", List.of(m()),
                        "links", List.of(m("trace_id", null, "attributes", null)))))));
        // an empty scope is kept (it was there), no scope spans, no spans
        assertEquals("{\"resourceSpans\":[{\"resource\":{},\"scopeSpans\":[{\"scope\":{}}]}]}", render(pack(
                m("resourceSpans", List.of(m("resource", m(), "scope_spans", List.of(m("scope", m(), "spans", List.of()))))))));
        assertEquals("{\"resourceSpans\":[{}]}", render(pack(m("resourceSpans", List.of(m("scope_spans", List.of()))))));
        assertEquals("{\"resourceSpans\":[]}", render(pack(m("resourceSpans", List.of()))));
        assertEquals("{\"resourceSpans\":[]}", render(pack(m("resourceSpans", null))));
    }

    @Test
    void everyContextOfTheChunk() {
        byte[] chunk = pack(context(span("name", "a")), context(span("name", "b"), span("name", "c")));
        assertEquals("{\"resourceSpans\":[{\"resource\":{},\"scopeSpans\":[{\"spans\":[" + SPAN.replace("\"s\"", "\"a\"")
                + "]}]},{\"resource\":{},\"scopeSpans\":[{\"spans\":[" + SPAN.replace("\"s\"", "\"b\"") + ","
                + SPAN.replace("\"s\"", "\"c\"") + "]}]}]}", render(chunk));
    }

    @Test
    void aBadContextIsSkippedAndCountedTheOthersKept() {
        String good = PREFIX + SPAN + SUFFIX;
        Object[] bad = {
            "not a map",
            m("meta", m()),
            m("resourceSpans", "x"),
            m("resourceSpans", List.of("x")),
            context(span("trace_id", "0g")),
            context(span("trace_id", "abc")),
            context(span("span_id", 12)),
            context(span("start_time_unix_nano", -1)),
            context(span("end_time_unix_nano", 1.5)),
            context(span("dropped_attributes_count", 4294967296L)),
            context(span("dropped_events_count", -1)),
            context(span("kind", 2147483648L)),
            context(span("kind", "server")),
            context(span("name", 5)),
            context(span("attributes", List.of())),
            context(span("events", m())),
            context(span("events", List.of("e"))),
            context(span("links", List.of(m("span_id", "xy")))),
            context(span("status", "error")),
            context(span("status", m("code", 1.0))),
            context(span("attributes", m("k", Map.of(List.of(1), 2)))), // a map key that is an array
        };
        for (Object b : bad) {
            byte[] chunk = pack(context(span()), b, context(span()));
            String out = render(chunk);
            assertEquals(PREFIX + SPAN + "]}]},{\"resource\":{},\"scopeSpans\":[{\"spans\":[" + SPAN + SUFFIX, out, String.valueOf(b));
            assertEquals(1, traces.dropped(), String.valueOf(b));
            assertTrue(traces.problem() != null, String.valueOf(b));
            assertNull(render(pack(b)), String.valueOf(b));
            assertEquals(1, traces.dropped());
        }
        // the bad one first: no comma left behind
        assertEquals(good, render(pack(context(span("trace_id", "zz")), context(span()))));
        assertEquals("{\"resourceSpans\":[]}", render(pack(context(span("trace_id", "zz")), m("resourceSpans", List.of()))));
    }

    @Test
    void aCutChunkKeepsTheContextsBefore() {
        byte[] one = pack(context(span()));
        byte[] two = pack(context(span()), context(span()));
        String good = PREFIX + SPAN + SUFFIX;
        for (int cut = one.length + 1; cut < two.length; cut++) {
            assertEquals(good, render(Arrays.copyOf(two, cut)), "cut at " + cut);
            assertEquals(1, traces.dropped());
            assertEquals(good, new String(traces.render(two, cut), StandardCharsets.US_ASCII), "end " + cut);
        }
        for (int cut = 0; cut < one.length; cut++) {
            assertNull(render(Arrays.copyOf(one, cut)), "cut at " + cut);
        }
        assertNull(render(new byte[] {(byte) 0xc1}));
        assertEquals(1, traces.dropped());
        byte[] invalid = Arrays.copyOf(one, one.length + 1);
        invalid[one.length] = (byte) 0xc1;
        assertEquals(good, render(invalid));
        assertNull(traces.render(null, 0));
        assertNull(traces.render(one, -1));
        assertEquals(good, new String(traces.render(one, one.length + 100), StandardCharsets.US_ASCII));
    }

    @Test
    void nestingTooDeepInAnAttributeSkipsTheContext() {
        Object deep = "x";
        for (int i = 0; i < 1100; i++) {
            deep = List.of(deep);
        }
        assertEquals(PREFIX + SPAN + SUFFIX, render(pack(context(span("attributes", m("k", deep))), context(span()))));
        assertEquals(1, traces.dropped());
    }
}
