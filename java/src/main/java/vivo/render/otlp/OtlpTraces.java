package vivo.render.otlp;

import vivo.decode.Malformed;
import vivo.decode.Msgpack;
import vivo.decode.Values;

/**
 * Renders a traces chunk, one or more ctraces contexts in ctraces' msgpack form, as one OTLP JSON
 * {@code TracesData}: {@code {"resourceSpans":[...]}}, the resource spans of every context of the chunk in
 * their order (the C plugin keeps only the first context).
 *
 * <p>The mapping, ctraces msgpack key → OTLP JSON field (the JSON rules are {@link OtlpJson}'s):
 * <ul>
 *   <li>context {@code resourceSpans[]} → {@code resourceSpans[]}; each: {@code resource} →
 *       {@code resource} (written whenever the context has one, even empty), {@code scope_spans[]} →
 *       {@code scopeSpans[]}, {@code schema_url} → {@code schemaUrl}.
 *   <li>resource and scope: {@code attributes} → {@code attributes} (KeyValues, see
 *       {@link OtlpJson#anyValue}), {@code dropped_attributes_count} → {@code droppedAttributesCount};
 *       scope {@code name}, {@code version} → {@code name}, {@code version}; a nil scope → no
 *       {@code scope}.
 *   <li>scope span: {@code scope} → {@code scope}, {@code spans[]} → {@code spans[]}, {@code schema_url}
 *       → {@code schemaUrl}.
 *   <li>span: {@code trace_id}, {@code span_id}, {@code parent_span_id} → {@code traceId},
 *       {@code spanId}, {@code parentSpanId} as lower-case hex (ctraces stores ids as hex text; a bin id
 *       is hexed too); {@code trace_state}, {@code name}; {@code kind} → {@code kind} as its enum number
 *       (ctraces' kinds are OTLP's: 1 internal, 2 server, 3 client, 4 producer, 5 consumer);
 *       {@code start_time_unix_nano}, {@code end_time_unix_nano} as decimal strings; {@code attributes},
 *       {@code dropped_attributes_count}, {@code events[]}, {@code dropped_events_count}, {@code links[]},
 *       {@code dropped_links_count} → their lowerCamelCase names; {@code status} {@code {code, message}}
 *       → {@code status} {@code {message, code}}, code as its enum number (0 unset, 1 ok, 2 error);
 *       {@code flags}, should a ctraces version store it, → {@code flags} (a number).
 *   <li>event: {@code time_unix_nano} (string), {@code name}, {@code attributes},
 *       {@code dropped_attributes_count}.
 *   <li>link: {@code trace_id}, {@code span_id} (hex), {@code trace_state}, {@code attributes},
 *       {@code dropped_attributes_count}, {@code flags} if present.
 * </ul>
 * Dropped: the span's {@code schema_url}, ctraces' own field that OTLP's Span does not have; keys
 * ctraces does not write are ignored. Default values are omitted: nil, empty strings and ids, zero
 * numbers, empty attributes and lists, and a status with code 0 and no message.
 *
 * <p>What Fluent Bit 5.1.1 itself loses before the chunk (so absent here though sent over OTLP): span and
 * link {@code flags}, and a link's {@code traceState}.
 *
 * <p>Bad input: a context that is not a map, has no {@code resourceSpans}, or holds a field of the wrong
 * type or out of its range (an id that is not hex, a negative time, a count above uint32, ...) is skipped
 * and counted in {@link #dropped()}, as ctraces rejects such a context whole; the contexts after it are
 * still read unless the chunk is cut there (truncated or invalid msgpack). {@link #render} never throws.
 *
 * <p>One per drain thread; not thread-safe (it shares the {@link OtlpJson} it is given).
 */
public final class OtlpTraces {

    private static final byte[] OPEN = OtlpJson.ascii("{\"resourceSpans\":[");
    private static final byte[] CLOSE = OtlpJson.ascii("]}");
    private static final byte[][] CONTEXT_KEYS = keys("resourceSpans");

    /** How a field's msgpack value becomes JSON. */
    private static final int STRING = 0;
    private static final int ID = 1;
    private static final int UINT64 = 2;
    private static final int UINT32 = 3;
    private static final int ENUM = 4;
    private static final int ATTRIBUTES = 5;
    private static final int OBJECT = 6;
    private static final int LIST = 7;

    private static final long UINT32_MAX = 0xffffffffL;

    /** One field of a ctraces map: its key, its OTLP JSON name, how it is written, and its shape if a map. */
    private record Field(byte[] key, byte[] name, int type, Shape child) {
    }

    private static Field f(String key, String name, int type) {
        return new Field(OtlpJson.ascii(key), OtlpJson.ascii("\"" + name + "\":"), type, null);
    }

    private static Field f(String key, String name, int type, Shape child) {
        return new Field(OtlpJson.ascii(key), OtlpJson.ascii("\"" + name + "\":"), type, child);
    }

    /** One ctraces map: its fields in the order OTLP declares them, the order they are written in. */
    private static final class Shape {
        final byte[][] keys;
        final byte[][] names;
        final int[] types;
        final Shape[] children;
        /** Whether an object of this shape is written even when it has no member ({@code {}}). */
        final boolean keepEmpty;
        /** Where each key's value lies in the map at hand ({@link Values#fields}). */
        final int[] at;

        Shape(boolean keepEmpty, Field... fields) {
            int n = fields.length;
            this.keepEmpty = keepEmpty;
            keys = new byte[n][];
            names = new byte[n][];
            types = new int[n];
            children = new Shape[n];
            at = new int[n];
            for (int i = 0; i < n; i++) {
                keys[i] = fields[i].key();
                names[i] = fields[i].name();
                types[i] = fields[i].type();
                children[i] = fields[i].child();
            }
        }
    }

    private final OtlpJson w;
    private final Shape resourceSpan;
    private final int[] contextAt = new int[1];
    private int dropped;
    private String problem;

    public OtlpTraces(OtlpJson w) {
        this.w = w;
        // one Shape per level of the ctraces tree: its at[] is reused by every map of that level
        Shape status = new Shape(false, f("message", "message", STRING), f("code", "code", ENUM));
        Shape event = new Shape(true, f("time_unix_nano", "timeUnixNano", UINT64), f("name", "name", STRING),
                f("attributes", "attributes", ATTRIBUTES),
                f("dropped_attributes_count", "droppedAttributesCount", UINT32));
        Shape link = new Shape(true, f("trace_id", "traceId", ID), f("span_id", "spanId", ID),
                f("trace_state", "traceState", STRING), f("attributes", "attributes", ATTRIBUTES),
                f("dropped_attributes_count", "droppedAttributesCount", UINT32), f("flags", "flags", UINT32));
        Shape span = new Shape(true, f("trace_id", "traceId", ID), f("span_id", "spanId", ID),
                f("trace_state", "traceState", STRING), f("parent_span_id", "parentSpanId", ID),
                f("flags", "flags", UINT32), f("name", "name", STRING), f("kind", "kind", ENUM),
                f("start_time_unix_nano", "startTimeUnixNano", UINT64),
                f("end_time_unix_nano", "endTimeUnixNano", UINT64), f("attributes", "attributes", ATTRIBUTES),
                f("dropped_attributes_count", "droppedAttributesCount", UINT32), f("events", "events", LIST, event),
                f("dropped_events_count", "droppedEventsCount", UINT32), f("links", "links", LIST, link),
                f("dropped_links_count", "droppedLinksCount", UINT32), f("status", "status", OBJECT, status));
        Shape scope = new Shape(true, f("name", "name", STRING), f("version", "version", STRING),
                f("attributes", "attributes", ATTRIBUTES),
                f("dropped_attributes_count", "droppedAttributesCount", UINT32));
        Shape scopeSpan = new Shape(true, f("scope", "scope", OBJECT, scope), f("spans", "spans", LIST, span),
                f("schema_url", "schemaUrl", STRING));
        Shape resource = new Shape(true, f("attributes", "attributes", ATTRIBUTES),
                f("dropped_attributes_count", "droppedAttributesCount", UINT32));
        resourceSpan = new Shape(true, f("resource", "resource", OBJECT, resource),
                f("scope_spans", "scopeSpans", LIST, scopeSpan), f("schema_url", "schemaUrl", STRING));
    }

    private static byte[][] keys(String... names) {
        byte[][] keys = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            keys[i] = OtlpJson.ascii(names[i]);
        }
        return keys;
    }

    /**
     * The OTLP JSON of the contexts in {@code chunk[0, end)}: one compact ASCII object, or null when no
     * context in it could be read.
     */
    public byte[] render(byte[] chunk, int end) {
        return w.take(renderInPlace(chunk, end));
    }

    /**
     * As {@link #render}, but the JSON stays in the writer, at {@code [0, position())}, instead of being
     * copied out: true when there is any. The caller resets the writer once it has written it.
     */
    public boolean renderInPlace(byte[] chunk, int end) {
        dropped = 0;
        problem = null;
        try {
            w.reset();
            if (chunk == null) {
                return false;
            }
            end = Math.min(end, chunk.length);
            w.raw(OPEN);
            int open = w.position();
            int kept = 0;
            int p = 0;
            while (p < end) {
                int start = p;
                int mark = w.position();
                try {
                    p = context(chunk, p, end, open);
                    kept++;
                } catch (Malformed e) {
                    w.rollback(mark);
                    drop(e.getMessage());
                    try {
                        p = Msgpack.skip(chunk, start, end);
                    } catch (Malformed cut) {
                        break;
                    }
                }
            }
            if (kept == 0) {
                w.reset();
                return false;
            }
            w.raw(CLOSE);
            return true;
        } catch (RuntimeException | StackOverflowError e) {
            // a bug here, not bad input: drop the chunk, say what happened
            drop("internal error " + e);
            w.reset();
            return false;
        }
    }

    /** Contexts (or the cut rest of the chunk) the last {@link #render} skipped. */
    public int dropped() {
        return dropped;
    }

    /** Why the last {@link #render} skipped its first dropped context, or null. */
    public String problem() {
        return problem;
    }

    private void drop(String why) {
        if (dropped++ == 0) {
            problem = why;
        }
    }

    /** The context at {@code p}: its resource spans after those already written since {@code open}. */
    private int context(byte[] in, int p, int end, int open) {
        int after = Values.fields(in, p, end, CONTEXT_KEYS, contextAt);
        int v = contextAt[0];
        if (v < 0) {
            throw Malformed.unexpected("a ctraces context (a map with resourceSpans)", "a map without", p);
        }
        if (!Values.isNil(in, v, end)) {
            long header = Values.arrayHeader(in, v, end);
            int count = (int) (header >>> 8);
            int q = v + (int) (header & 0xff);
            for (int i = 0; i < count; i++) {
                w.comma(w.position() == open);
                q = object(in, q, end, resourceSpan);
            }
        }
        return after;
    }

    /** The map at {@code p} as a JSON object of {@code s}'s fields; returns the position after the map. */
    private int object(byte[] in, int p, int end, Shape s) {
        int after = Values.fields(in, p, end, s.keys, s.at);
        w.raw((byte) '{');
        int open = w.position();
        for (int i = 0; i < s.keys.length; i++) {
            int v = s.at[i];
            if (v < 0 || Values.isNil(in, v, end)) {
                continue;
            }
            int mark = w.position();
            w.comma(mark == open);
            w.raw(s.names[i]);
            if (!value(in, v, end, s.types[i], s.children[i])) {
                w.rollback(mark);
            }
        }
        w.raw((byte) '}');
        return after;
    }

    /** Writes the value at {@code v}; false if it is the field's default, to be left out. */
    private boolean value(byte[] in, int v, int end, int type, Shape child) {
        int from = w.position();
        switch (type) {
            case STRING:
                w.stringAt(in, v, end);
                return w.position() - from > 2;
            case ID:
                w.idAt(in, v, end);
                return w.position() - from > 2;
            case UINT64: {
                long n = Values.integer(in, v, end);
                if (n < 0 && !Values.isBigUnsigned(in, v, end)) {
                    throw Malformed.unexpected("a uint64", "a negative integer", v);
                }
                w.uint64(n);
                return n != 0;
            }
            case UINT32: {
                long n = Values.integer(in, v, end);
                if (n < 0 || n > UINT32_MAX) {
                    throw Malformed.unexpected("a uint32", "an integer out of its range", v);
                }
                w.int32(n);
                return n != 0;
            }
            case ENUM: {
                long n = Values.integer(in, v, end);
                if (n != (int) n) {
                    throw Malformed.unexpected("an enum number (int32)", "an integer out of its range", v);
                }
                w.int32(n);
                return n != 0;
            }
            case ATTRIBUTES:
                if (Values.mapHeader(in, v, end) >>> 8 == 0) {
                    return false;
                }
                w.attributes(in, v, end);
                return true;
            case OBJECT:
                object(in, v, end, child);
                return child.keepEmpty || w.position() - from > 2;
            default: { // LIST
                long header = Values.arrayHeader(in, v, end);
                int count = (int) (header >>> 8);
                if (count == 0) {
                    return false;
                }
                int q = v + (int) (header & 0xff);
                w.raw((byte) '[');
                for (int i = 0; i < count; i++) {
                    w.comma(i == 0);
                    q = object(in, q, end, child);
                }
                w.raw((byte) ']');
                return true;
            }
        }
    }
}
