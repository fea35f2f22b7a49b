package vivo.render.otlp;

import java.util.Arrays;
import vivo.decode.LogReader;
import vivo.decode.Malformed;
import vivo.decode.Msgpack;
import vivo.decode.Values;

/**
 * A logs chunk as OTLP JSON: one {@code {"resourceLogs":[...]}} object (an ExportLogsServiceRequest),
 * written with {@link OtlpJson}'s rules. Records are read as the other views read them (the same ones are
 * skipped: a body that is not a map, a bad timestamp, a value nested too deep or a map key OTLP cannot
 * take; the chunk is cut where it stops being readable).
 *
 * <h2>Resources and scopes</h2>
 * <ul>
 *   <li>An <b>OTLP group</b> is a group start marker whose metadata has {@code schema} {@code "otlp"}, as
 *       Fluent Bit's {@code opentelemetry} input writes one per (resource, scope) of a request, with
 *       {@code resource_id} and {@code scope_id} (their indexes in the request) and a body
 *       {@code {"resource":{"attributes","dropped_attributes_count","schema_url"},
 *       "scope":{"name","version","attributes","dropped_attributes_count","schema_url"}}}. Its records make
 *       one scopeLogs: {@code scope} from the body's {@code scope} (name, version, attributes,
 *       droppedAttributesCount), {@code schemaUrl} its {@code schema_url}. The scopeLogs goes in a
 *       resourceLogs whose {@code resource} is the body's {@code resource} (attributes,
 *       droppedAttributesCount) and {@code schemaUrl} its {@code schema_url} (or, failing that, the body's).
 *   <li>A group shares the resourceLogs of the group just before it only when it came from the same
 *       request's same resource: the same {@code resource_id}, a greater {@code scope_id}, and the same
 *       resource (msgpack bytes). Otherwise it starts a resourceLogs of its own, so the resourceLogs and
 *       scopeLogs come out as the request had them. (A chunk cannot tell one request from two; two
 *       requests whose resource is the same, at the same index, share a resourceLogs only if the second's
 *       first scope is not its first.)
 *   <li>Records in <b>no group</b>, and the records of a group that is not OTLP (another {@code schema},
 *       or a legacy marker), go in a resourceLogs with an empty {@code resource} and one scopeLogs with
 *       an empty {@code scope}, one per run of such records. A non-OTLP group's metadata and attributes
 *       are not written: OTLP has no place for them (the {@code /api/v1} view shows them).
 *   <li>A group without records writes nothing. A group start whose resource or scope cannot be written is
 *       skipped, and its records are in no group.
 * </ul>
 *
 * <h2>Log records</h2>
 * A record is <b>from OTLP</b> when its metadata has an {@code otlp} map (Fluent Bit's default
 * {@code logs_metadata_key}). From that map, each only if present with the right type and not the proto
 * default (zero or empty): {@code timestamp} gives {@code timeUnixNano}, {@code observed_timestamp}
 * {@code observedTimeUnixNano}, {@code severity_number} {@code severityNumber} (as a number),
 * {@code severity_text} {@code severityText}, {@code attributes} {@code attributes},
 * {@code dropped_attributes_count} {@code droppedAttributesCount}, {@code trace_flags} {@code flags},
 * {@code trace_id} and {@code span_id} {@code traceId} and {@code spanId} (hex), {@code event_name}
 * {@code eventName}.
 * <ul>
 *   <li>{@code timeUnixNano}: {@code otlp.timestamp} when there is one, else the record's timestamp
 *       (Fluent Bit before 5.x writes no {@code timestamp}; 5.x writes none when the sent time was 0, and
 *       the record's timestamp is then the observed time or the time of arrival); omitted when 0.
 *   <li>{@code body}: Fluent Bit stores a kvlist body as the record body map, and any other body as
 *       {@code {"log": <value>}}. So the body of a record from OTLP whose body map has the one key
 *       {@code log}, with a value that is not a map, is that value ({@code stringValue}, ..., no
 *       {@code body} when it is nil); any other body map is a {@code kvlistValue}. (A kvlist body
 *       {@code {"log": <not a kvlist>}} was stored the same way, and comes back as the plain value.)
 *       A record not from OTLP: its whole body map, as a {@code kvlistValue}.
 *   <li>{@code attributes}: the {@code otlp.attributes} entries, then every other entry of the record's
 *       metadata (for a record not from OTLP, all of it): record-level data that OTLP has no other field for.
 * </ul>
 *
 * <p>One per drain thread, with its own {@link OtlpJson}; not thread-safe. It never throws.
 */
public final class OtlpLogs {

    private static final byte[] OPEN = OtlpJson.ascii("{\"resourceLogs\":[");
    private static final byte[] CLOSE = OtlpJson.ascii("]}");
    private static final byte[] RESOURCE_OPEN = OtlpJson.ascii("{\"resource\":");
    private static final byte[] SCOPE_LOGS_OPEN = OtlpJson.ascii(",\"scopeLogs\":[");
    private static final byte[] SCOPE_OPEN = OtlpJson.ascii("{\"scope\":");
    private static final byte[] LOG_RECORDS_OPEN = OtlpJson.ascii(",\"logRecords\":[");
    private static final byte[] SCHEMA_URL = OtlpJson.ascii(",\"schemaUrl\":");
    private static final byte[] ATTRIBUTES_OPEN = OtlpJson.ascii("\"attributes\":[");

    private static final byte[] TIME_UNIX_NANO = OtlpJson.ascii("\"timeUnixNano\":");
    private static final byte[] SEVERITY_NUMBER = OtlpJson.ascii("\"severityNumber\":");
    private static final byte[] SEVERITY_TEXT = OtlpJson.ascii("\"severityText\":");
    private static final byte[] BODY = OtlpJson.ascii("\"body\":");
    private static final byte[] DROPPED = OtlpJson.ascii("\"droppedAttributesCount\":");
    private static final byte[] FLAGS = OtlpJson.ascii("\"flags\":");
    private static final byte[] TRACE_ID = OtlpJson.ascii("\"traceId\":");
    private static final byte[] SPAN_ID = OtlpJson.ascii("\"spanId\":");
    private static final byte[] OBSERVED = OtlpJson.ascii("\"observedTimeUnixNano\":");
    private static final byte[] EVENT_NAME = OtlpJson.ascii("\"eventName\":");
    private static final byte[] NAME = OtlpJson.ascii("\"name\":");
    private static final byte[] VERSION = OtlpJson.ascii("\"version\":");

    private static final byte[] KEY_SCHEMA = OtlpJson.ascii("schema");
    private static final byte[] KEY_OTLP = OtlpJson.ascii("otlp");
    private static final byte[][] META_OTLP = {KEY_OTLP};
    private static final byte[] KEY_RESOURCE_ID = OtlpJson.ascii("resource_id");
    private static final byte[] KEY_SCOPE_ID = OtlpJson.ascii("scope_id");
    private static final byte[] KEY_RESOURCE = OtlpJson.ascii("resource");
    private static final byte[] KEY_SCOPE = OtlpJson.ascii("scope");
    private static final byte[] KEY_SCHEMA_URL = OtlpJson.ascii("schema_url");
    private static final byte[] KEY_NAME = OtlpJson.ascii("name");
    private static final byte[] KEY_VERSION = OtlpJson.ascii("version");
    private static final byte[] KEY_LOG = OtlpJson.ascii("log");

    /** The fields of a record's {@code otlp} map, in the order of {@link #at}. */
    private static final byte[][] OTLP_FIELDS = {
        OtlpJson.ascii("timestamp"), OtlpJson.ascii("observed_timestamp"), OtlpJson.ascii("severity_number"),
        OtlpJson.ascii("severity_text"), OtlpJson.ascii("attributes"), OtlpJson.ascii("dropped_attributes_count"),
        OtlpJson.ascii("trace_flags"), OtlpJson.ascii("trace_id"), OtlpJson.ascii("span_id"),
        OtlpJson.ascii("event_name"),
    };
    private static final int F_TIMESTAMP = 0;
    private static final int F_OBSERVED = 1;
    private static final int F_SEVERITY_NUMBER = 2;
    private static final int F_SEVERITY_TEXT = 3;
    private static final int F_ATTRIBUTES = 4;
    private static final int F_DROPPED = 5;
    private static final int F_FLAGS = 6;
    private static final int F_TRACE_ID = 7;
    private static final int F_SPAN_ID = 8;
    private static final int F_EVENT_NAME = 9;
    private static final byte[] KEY_ATTRIBUTES = OTLP_FIELDS[F_ATTRIBUTES];
    private static final byte[] KEY_DROPPED = OTLP_FIELDS[F_DROPPED];

    /** {@link Slot#gen} of the records in no OTLP group. */
    private static final int DEFAULT = -1;
    /** {@link Slot#gen} of the output when no scopeLogs is open. */
    private static final int NONE = Integer.MIN_VALUE;

    /**
     * Where a group's records go: which group ({@code gen}, counted per chunk; {@link #DEFAULT} for none)
     * and the chunk offsets of what its resourceLogs and scopeLogs are made of (-1: absent).
     */
    private static final class Slot {
        int gen;
        int body;
        int resource;
        int resourceSchema;
        int scope;
        boolean ids;
        long resourceId;
        long scopeId;

        void clear(int g) {
            gen = g;
            body = -1;
            resource = -1;
            resourceSchema = -1;
            scope = -1;
            ids = false;
        }

        void set(Slot o) {
            gen = o.gen;
            body = o.body;
            resource = o.resource;
            resourceSchema = o.resourceSchema;
            scope = o.scope;
            ids = o.ids;
            resourceId = o.resourceId;
            scopeId = o.scopeId;
        }
    }

    private final OtlpJson w;
    private final LogReader reader = new LogReader();
    private final int[] at = new int[OTLP_FIELDS.length];
    /** Where the record's metadata has its {@code otlp} entry (the last if repeated), or -1: found by {@link #record}. */
    private final int[] metaOtlp = new int[1];
    /** The group the next records belong to. */
    private final Slot current = new Slot();
    /** The group whose scopeLogs is open in the output ({@link #NONE} if none is). */
    private final Slot open = new Slot();
    private final Slot saved = new Slot();
    private int groups;
    private int resourceLogs;
    private int kept;

    public OtlpLogs(OtlpJson w) {
        this.w = w;
    }

    /**
     * The logs chunk {@code chunk[0, end)} as one compact OTLP JSON object, pure ASCII; null when it has no
     * record that can be written (or, from a bug, rendering failed).
     */
    public byte[] render(byte[] chunk, int end) {
        return w.take(renderInPlace(chunk, end));
    }

    /**
     * As {@link #render}, but the JSON stays in the writer, at {@code [0, position())}, instead of being
     * copied out: true when there is any. The caller resets the writer once it has written it.
     */
    public boolean renderInPlace(byte[] chunk, int end) {
        if (chunk == null || end <= 0) {
            return false;
        }
        try {
            return walk(chunk, Math.min(end, chunk.length));
        } catch (RuntimeException | StackOverflowError e) {
            w.reset();
            return false;
        }
    }

    private boolean walk(byte[] in, int end) {
        w.reset();
        reader.reset(in, end);
        current.clear(DEFAULT);
        open.clear(NONE);
        groups = 0;
        resourceLogs = 0;
        kept = 0;
        w.raw(OPEN);
        while (!reader.atEnd()) {
            int start = reader.pos();
            int mark = w.position();
            saved.set(open);
            int savedResourceLogs = resourceLogs;
            try {
                step(in, end, start);
            } catch (Malformed e) {
                w.rollback(mark);
                open.set(saved);
                resourceLogs = savedResourceLogs;
                if (reader.groupStartMarker()) {
                    current.clear(DEFAULT); // the records after a bad group start are in no group
                }
                if (!e.skippable()) {
                    break;
                }
                try {
                    reader.pos(Msgpack.skip(in, start, end));
                } catch (Malformed cut) {
                    break;
                }
            }
        }
        if (kept == 0) {
            w.reset();
            return false;
        }
        if (open.gen != NONE) {
            closeScope(in, end);
            closeResource(in, end);
        }
        w.raw(CLOSE);
        return true;
    }

    private void step(byte[] in, int end, int start) {
        switch (reader.head()) {
            case LogReader.RECORD:
                record(in, end, start);
                break;
            case LogReader.GROUP_START:
                groupStart(in, end, start);
                break;
            case LogReader.GROUP_END:
                current.clear(DEFAULT);
                reader.pos(Msgpack.skip(in, start, end));
                break;
            default:
                if (reader.groupStartMarker()) {
                    current.clear(DEFAULT);
                }
                reader.pos(Msgpack.skip(in, start, end));
                break;
        }
    }

    /** A group start marker: an OTLP group if its metadata says so and its resource and scope can be written. */
    private void groupStart(byte[] in, int end, int start) {
        int meta = reader.legacy() ? -1 : reader.pos();
        int body = meta < 0 ? reader.pos() : Msgpack.skip(in, meta, end);
        if (body >= end) {
            throw Malformed.truncated("record", body);
        }
        current.clear(DEFAULT);
        if (!Msgpack.isMap(in[body] & 0xff)) {
            reader.pos(Msgpack.skip(in, start, end));
            return;
        }
        int after = Msgpack.skip(in, body, end);
        if (meta >= 0 && Values.keyIs(in, Values.find(in, meta, end, KEY_SCHEMA), end, KEY_OTLP)) {
            Slot s = current;
            s.gen = groups++;
            s.body = body;
            s.resource = mapOrAbsent(in, end, Values.find(in, body, end, KEY_RESOURCE));
            s.scope = mapOrAbsent(in, end, Values.find(in, body, end, KEY_SCOPE));
            s.resourceSchema = stringOrAbsent(in, end, s.resource < 0 ? -1 : Values.find(in, s.resource, end, KEY_SCHEMA_URL));
            if (s.resourceSchema < 0) {
                s.resourceSchema = stringOrAbsent(in, end, Values.find(in, body, end, KEY_SCHEMA_URL));
            }
            int resourceId = Values.find(in, meta, end, KEY_RESOURCE_ID);
            int scopeId = Values.find(in, meta, end, KEY_SCOPE_ID);
            s.ids = Values.isInteger(in, resourceId, end) && Values.isInteger(in, scopeId, end);
            if (s.ids) {
                s.resourceId = Values.integer(in, resourceId, end);
                s.scopeId = Values.integer(in, scopeId, end);
            }
            int mark = w.position();
            try {
                resource(in, end, s.resource);
                scope(in, end, s.scope);
            } finally {
                w.rollback(mark);
            }
        }
        reader.pos(after);
    }

    private void record(byte[] in, int end, int start) {
        int meta = reader.legacy() ? -1 : reader.pos();
        // the metadata (a map: LogReader checked) is walked once, for its end and its otlp entry
        int body = meta < 0 ? reader.pos() : Values.fields(in, meta, end, META_OTLP, metaOtlp);
        if (body >= end) {
            throw Malformed.truncated("record", body);
        }
        if (!Msgpack.isMap(in[body] & 0xff)) {
            reader.pos(Msgpack.skip(in, start, end));
            return;
        }
        place(in, end);
        reader.pos(logRecord(in, end, meta, body));
        kept++;
    }

    /** Opens the resourceLogs and scopeLogs the next record goes in, unless they are open already. */
    private void place(byte[] in, int end) {
        if (open.gen != NONE && open.gen == current.gen) {
            w.raw((byte) ',');
            return;
        }
        if (open.gen != NONE && joins(in, end)) {
            closeScope(in, end);
            w.raw((byte) ',');
        } else {
            if (open.gen != NONE) {
                closeScope(in, end);
                closeResource(in, end);
            }
            w.comma(resourceLogs++ == 0);
            w.raw(RESOURCE_OPEN);
            resource(in, end, current.resource);
            w.raw(SCOPE_LOGS_OPEN);
        }
        w.raw(SCOPE_OPEN);
        scope(in, end, current.scope);
        w.raw(LOG_RECORDS_OPEN);
        open.set(current);
    }

    /** Whether the current group's scopeLogs goes in the open resourceLogs: see the class comment. */
    private boolean joins(byte[] in, int end) {
        Slot a = open;
        Slot b = current;
        return a.gen >= 0 && b.gen >= 0 && a.ids && b.ids && a.resourceId == b.resourceId && b.scopeId > a.scopeId
                && sameValue(in, end, a.resource, b.resource) && sameValue(in, end, a.resourceSchema, b.resourceSchema);
    }

    private static boolean sameValue(byte[] in, int end, int a, int b) {
        if (a < 0 || b < 0) {
            return a == b;
        }
        int aEnd = Msgpack.skip(in, a, end);
        int bEnd = Msgpack.skip(in, b, end);
        return Arrays.equals(in, a, aEnd, in, b, bEnd);
    }

    private void closeScope(byte[] in, int end) {
        w.raw((byte) ']');
        int schema = open.scope < 0 ? -1 : stringOrAbsent(in, end, Values.find(in, open.scope, end, KEY_SCHEMA_URL));
        schemaUrl(in, end, schema);
        w.raw((byte) '}');
    }

    private void closeResource(byte[] in, int end) {
        w.raw((byte) ']');
        schemaUrl(in, end, open.resourceSchema);
        w.raw((byte) '}');
    }

    private void schemaUrl(byte[] in, int end, int p) {
        if (p >= 0 && Values.bytesSpan(in, p, end, true)[1] > 0) {
            w.raw(SCHEMA_URL);
            w.stringAt(in, p, end);
        }
    }

    /** A Resource from the group's {@code resource} map at {@code p} ({@code {}} if -1). */
    private void resource(byte[] in, int end, int p) {
        w.raw((byte) '{');
        if (p >= 0) {
            boolean first = attributes(true, in, end, Values.find(in, p, end, KEY_ATTRIBUTES));
            count(first, DROPPED, in, end, Values.find(in, p, end, KEY_DROPPED));
        }
        w.raw((byte) '}');
    }

    /** An InstrumentationScope from the group's {@code scope} map at {@code p} ({@code {}} if -1). */
    private void scope(byte[] in, int end, int p) {
        w.raw((byte) '{');
        if (p >= 0) {
            boolean first = string(true, NAME, in, end, Values.find(in, p, end, KEY_NAME));
            first = string(first, VERSION, in, end, Values.find(in, p, end, KEY_VERSION));
            first = attributes(first, in, end, Values.find(in, p, end, KEY_ATTRIBUTES));
            count(first, DROPPED, in, end, Values.find(in, p, end, KEY_DROPPED));
        }
        w.raw((byte) '}');
    }

    /** One LogRecord from the record's metadata at {@code meta} (-1 for a legacy record) and body; returns the position after the body. */
    private int logRecord(byte[] in, int end, int meta, int body) {
        int otlp = meta < 0 ? -1 : mapOrAbsent(in, end, metaOtlp[0]);
        Arrays.fill(at, -1);
        if (otlp >= 0) {
            otlpFields(in, end, otlp);
        }
        w.raw((byte) '{');
        long time = unsigned(in, end, at[F_TIMESTAMP]) ? Values.integer(in, at[F_TIMESTAMP], end) : reader.nanos();
        boolean first = true;
        if (time != 0) {
            first = name(first, TIME_UNIX_NANO);
            w.uint64(time);
        }
        int p = at[F_SEVERITY_NUMBER];
        if (Values.isInteger(in, p, end) && !Values.isBigUnsigned(in, p, end)) {
            long n = Values.integer(in, p, end);
            if (n != 0 && n == (int) n) {
                first = name(first, SEVERITY_NUMBER);
                w.int32(n);
            }
        }
        first = string(first, SEVERITY_TEXT, in, end, at[F_SEVERITY_TEXT]);
        int before = w.position();
        int after = body(first, in, end, body, otlp >= 0);
        first = first && w.position() == before;
        first = recordAttributes(first, in, end, meta, otlp);
        first = count(first, DROPPED, in, end, at[F_DROPPED]);
        first = count(first, FLAGS, in, end, at[F_FLAGS]);
        first = id(first, TRACE_ID, in, end, at[F_TRACE_ID]);
        first = id(first, SPAN_ID, in, end, at[F_SPAN_ID]);
        if (unsigned(in, end, at[F_OBSERVED])) {
            long observed = Values.integer(in, at[F_OBSERVED], end);
            if (observed != 0) {
                first = name(first, OBSERVED);
                w.uint64(observed);
            }
        }
        string(first, EVENT_NAME, in, end, at[F_EVENT_NAME]);
        w.raw((byte) '}');
        return after;
    }

    /** Where each of {@link #OTLP_FIELDS} is in the {@code otlp} map at {@code p} (the last if repeated), into {@link #at}. */
    private void otlpFields(byte[] in, int end, int p) {
        long header = Values.mapHeader(in, p, end);
        int count = (int) (header >>> 8);
        p += (int) (header & 0xff);
        for (int i = 0; i < count; i++) {
            int field = -1;
            for (int f = 0; f < OTLP_FIELDS.length && field < 0; f++) {
                if (Values.keyIs(in, p, end, OTLP_FIELDS[f])) {
                    field = f;
                }
            }
            p = Msgpack.skip(in, p, end);
            if (field >= 0) {
                at[field] = p;
            }
            p = Msgpack.skip(in, p, end);
        }
    }

    /** The body, if any (see the class comment); returns the position after the body map. */
    private int body(boolean first, byte[] in, int end, int body, boolean fromOtlp) {
        if (fromOtlp) {
            long header = Values.mapHeader(in, body, end);
            int key = body + (int) (header & 0xff);
            if (header >>> 8 == 1 && Values.keyIs(in, key, end, KEY_LOG)) {
                int value = Msgpack.skip(in, key, end);
                if (value < end && !Msgpack.isMap(in[value] & 0xff)) {
                    if (Values.isNil(in, value, end)) {
                        return value + 1; // a body not set: no body
                    }
                    name(first, BODY);
                    return w.anyValue(in, value, end, 2);
                }
            }
        }
        name(first, BODY);
        return w.anyValue(in, body, end, 1);
    }

    /** The record's attributes: {@code otlp.attributes}, then the metadata's other entries. */
    private boolean recordAttributes(boolean first, byte[] in, int end, int meta, int otlp) {
        int written = 0;
        int attrs = at[F_ATTRIBUTES];
        if (attrs >= 0 && Msgpack.isMap(in[attrs] & 0xff)) {
            long header = Values.mapHeader(in, attrs, end);
            int count = (int) (header >>> 8);
            int p = attrs + (int) (header & 0xff);
            for (int i = 0; i < count; i++) {
                first = attribute(first, written++);
                p = w.keyValue(in, p, end, 1);
            }
        }
        if (meta >= 0) {
            long header = Values.mapHeader(in, meta, end);
            int count = (int) (header >>> 8);
            int p = meta + (int) (header & 0xff);
            for (int i = 0; i < count; i++) {
                if (otlp >= 0 && Values.keyIs(in, p, end, KEY_OTLP)) {
                    p = Msgpack.skip(in, Msgpack.skip(in, p, end), end);
                    continue;
                }
                first = attribute(first, written++);
                p = w.keyValue(in, p, end, 1);
            }
        }
        if (written > 0) {
            w.raw((byte) ']');
        }
        return first;
    }

    private boolean attribute(boolean first, int written) {
        if (written == 0) {
            w.comma(first);
            w.raw(ATTRIBUTES_OPEN);
            return false;
        }
        w.raw((byte) ',');
        return first;
    }

    /** {@code "attributes":[...]} from the map at {@code p}, if it is a map with entries. */
    private boolean attributes(boolean first, byte[] in, int end, int p) {
        if (p < 0 || !Msgpack.isMap(in[p] & 0xff) || Values.mapHeader(in, p, end) >>> 8 == 0) {
            return first;
        }
        w.comma(first);
        w.raw(ATTRIBUTES_OPEN);
        w.keyValues(in, p, end, 1);
        w.raw((byte) ']');
        return false;
    }

    /** A uint32 or fixed32 field from the integer at {@code p}, if it is one and not 0. */
    private boolean count(boolean first, byte[] field, byte[] in, int end, int p) {
        if (!unsigned(in, end, p)) {
            return first;
        }
        long v = Values.integer(in, p, end);
        if (v == 0 || v > 0xffffffffL || v < 0) {
            return first;
        }
        first = name(first, field);
        w.int32(v);
        return first;
    }

    /** A string field from the str at {@code p}, if it is one and not empty. */
    private boolean string(boolean first, byte[] field, byte[] in, int end, int p) {
        if (p < 0 || !Msgpack.isStr(in[p] & 0xff) || Values.bytesSpan(in, p, end, true)[1] == 0) {
            return first;
        }
        first = name(first, field);
        w.stringAt(in, p, end);
        return first;
    }

    /** A trace or span id in hex from the bin (or str) at {@code p}, if it is one and not empty. */
    private boolean id(boolean first, byte[] field, byte[] in, int end, int p) {
        if (p < 0) {
            return first;
        }
        int b = in[p] & 0xff;
        if (!(Msgpack.isStr(b) || b == 0xc4 || b == 0xc5 || b == 0xc6) || Values.bytesSpan(in, p, end, false)[1] == 0) {
            return first;
        }
        first = name(first, field);
        w.hexAt(in, p, end);
        return first;
    }

    private boolean name(boolean first, byte[] field) {
        w.comma(first);
        w.raw(field);
        return false;
    }

    /** Whether the value at {@code p} (-1: absent) is a non-negative integer, uint64 included. */
    private static boolean unsigned(byte[] in, int end, int p) {
        return p >= 0 && Values.isInteger(in, p, end)
                && (Values.isBigUnsigned(in, p, end) || Values.integer(in, p, end) >= 0);
    }

    private static int mapOrAbsent(byte[] in, int end, int p) {
        return p >= 0 && p < end && Msgpack.isMap(in[p] & 0xff) ? p : -1;
    }

    private static int stringOrAbsent(byte[] in, int end, int p) {
        return p >= 0 && p < end && Msgpack.isStr(in[p] & 0xff) ? p : -1;
    }
}
