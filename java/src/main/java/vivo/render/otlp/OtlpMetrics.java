package vivo.render.otlp;

import vivo.decode.Malformed;
import vivo.decode.Msgpack;
import vivo.decode.Values;
import vivo.render.JsonNumbers;

/**
 * Renders a METRICS chunk (one or more concatenated cmetrics contexts in cmetrics' msgpack format) as one
 * OTLP JSON {@code MetricsData}: {@code {"resourceMetrics":[...]}}, the resourceMetrics of every context in
 * chunk order. The mapping is the one cmetrics' own OTLP encoder ({@code cmt_encode_opentelemetry.c}) applies
 * to a context decoded from that msgpack:
 * <ul>
 *   <li><b>Resources and scopes</b> come from the context's external metadata, where Fluent Bit's
 *       {@code opentelemetry} input keeps them: {@code resource} ({@code attributes},
 *       {@code metadata.dropped_attributes_count}), {@code resource_metrics.metadata.schema_url},
 *       {@code scope} ({@code attributes}, {@code metadata.name}, {@code version},
 *       {@code dropped_attributes_count}), {@code scope_metrics.metadata.schema_url}. A
 *       {@code resource_metrics_list} (each entry the same keys plus a {@code scope_metrics_list}) gives
 *       several resources and scopes; a metric then goes to the scope its
 *       {@code otlp.metrics.<type>.<name>.metadata} names ({@code scope_flat_index}, or
 *       {@code resource_index} and {@code scope_index}), else to the first. A context without external
 *       metadata (Fluent Bit's own metrics, and every other non-OTLP source) is one empty resource
 *       {@code {}} with one empty scope {@code {}}. External metadata of an unexpected type is left out.
 *   <li><b>Metric</b>: {@code name} as cmetrics composes it from {@code ns}, {@code ss} and {@code name}
 *       ({@code ns_ss_name}, empty parts left out); {@code description}, except cmetrics' placeholder
 *       {@code "-"} (what its OTLP, statsd and remote-write decoders store for none); {@code unit} when not
 *       empty; {@code metadata} from the OTLP metric metadata kept. A metric with no values is left out,
 *       as cmetrics does.
 *   <li><b>Type</b>: counter is {@code sum} with {@code isMonotonic} true (the msgpack does not carry
 *       cmetrics' allow_reset, so a non-monotonic OTLP sum comes back monotonic) and
 *       {@code aggregationTemporality} from {@code aggregation_type} (1 delta, 2 cumulative, else left
 *       out); gauge and untyped are {@code gauge}; histogram {@code histogram}, exponential histogram
 *       {@code exponentialHistogram} (both with their temporality); summary {@code summary}. Enums are
 *       numbers.
 *   <li><b>Data points</b>: {@code attributes} are the context's static labels then the metric's labels
 *       (label key → label value as {@code stringValue}, nil values left out: cmetrics labels are strings,
 *       whatever type the OTLP attribute had); {@code startTimeUnixNano} from {@code start_ts} or else the
 *       OTLP point metadata kept ({@code otlp.metrics.<type>.<name>.datapoints."<hash hex>:<ts>"}), left out
 *       when 0; {@code timeUnixNano} from {@code ts}; {@code flags} and {@code exemplars}
 *       ({@code timeUnixNano}, hex {@code spanId} and {@code traceId}, {@code asDouble} or {@code asInt},
 *       {@code filteredAttributes}) from that point metadata.
 *       <ul>
 *         <li>number: {@code asInt} exact from {@code value_int64}, or {@code value_uint64} up to 2^63-1
 *             (above, {@code asDouble}); otherwise {@code asInt} when the point metadata says the OTLP value
 *             was an int ({@code number_value_case "int"}, the double truncated), else {@code asDouble}.
 *         <li>histogram: {@code count}, {@code sum} (unless the point metadata has {@code has_sum}
 *             false), {@code bucketCounts} as the value holds them, {@code explicitBounds} from the
 *             metric's {@code buckets}, {@code min} and {@code max} when the point metadata has them.
 *         <li>exponential histogram: {@code count}, {@code sum} (when {@code sum_set}, its bits as a
 *             double), {@code scale}, {@code zeroCount}, {@code zeroThreshold}, {@code positive} and
 *             {@code negative} ({@code offset}, {@code bucketCounts}) only when they have buckets,
 *             {@code min}, {@code max}.
 *         <li>summary: {@code count}, {@code sum}, {@code quantileValues} pairing the metric's
 *             {@code quantiles} with the value's (their bits as doubles; missing ones 0, as in cmetrics).
 *       </ul>
 * </ul>
 * Numbers follow {@link OtlpJson}: 64-bit integers as decimal strings, NaN and ±Infinity as strings,
 * -0.0 kept. Dropped: cmetrics' {@code hash}, {@code ver}, {@code quantiles_set}, the producer metadata.
 *
 * <p>A context that is not a map, or whose cmetrics fields are of the wrong type (or more label values
 * than keys, or a nesting too deep), is skipped and counted; a chunk cut short ends at the last whole
 * context. {@link #render} never throws: a bug inside is caught and the chunk gives null.
 *
 * <p>One per renderer, reusing its buffers from chunk to chunk; not thread-safe.
 */
public final class OtlpMetrics {

    private static final byte[] METRICS = OtlpJson.ascii("metrics");
    private static final byte[] EXTERNAL = OtlpJson.ascii("external");
    private static final byte[] PROCESSING = OtlpJson.ascii("processing");
    private static final byte[] STATIC_LABELS = OtlpJson.ascii("static_labels");
    private static final byte[] OTLP = OtlpJson.ascii("otlp");
    private static final byte[] RESOURCE_METRICS_LIST = OtlpJson.ascii("resource_metrics_list");
    private static final byte[] SCOPE_METRICS_LIST = OtlpJson.ascii("scope_metrics_list");
    private static final byte[] RESOURCE_METRICS = OtlpJson.ascii("resource_metrics");
    private static final byte[] RESOURCE = OtlpJson.ascii("resource");
    private static final byte[] SCOPE_METRICS = OtlpJson.ascii("scope_metrics");
    private static final byte[] SCOPE = OtlpJson.ascii("scope");
    private static final byte[] METADATA = OtlpJson.ascii("metadata");
    private static final byte[] ATTRIBUTES = OtlpJson.ascii("attributes");
    private static final byte[] SCHEMA_URL = OtlpJson.ascii("schema_url");
    private static final byte[] NAME = OtlpJson.ascii("name");
    private static final byte[] VERSION = OtlpJson.ascii("version");
    private static final byte[] DROPPED = OtlpJson.ascii("dropped_attributes_count");
    private static final byte[] SCOPE_FLAT_INDEX = OtlpJson.ascii("scope_flat_index");
    private static final byte[] RESOURCE_INDEX = OtlpJson.ascii("resource_index");
    private static final byte[] SCOPE_INDEX = OtlpJson.ascii("scope_index");
    private static final byte[] DATAPOINTS = OtlpJson.ascii("datapoints");
    private static final byte[] START_TIME = OtlpJson.ascii("start_time_unix_nano");
    private static final byte[] TIME = OtlpJson.ascii("time_unix_nano");
    private static final byte[] FLAGS = OtlpJson.ascii("flags");
    private static final byte[] NUMBER_VALUE_CASE = OtlpJson.ascii("number_value_case");
    private static final byte[] INT = OtlpJson.ascii("int");
    private static final byte[] EXEMPLARS = OtlpJson.ascii("exemplars");
    private static final byte[] SPAN_ID = OtlpJson.ascii("span_id");
    private static final byte[] TRACE_ID = OtlpJson.ascii("trace_id");
    private static final byte[] AS_DOUBLE = OtlpJson.ascii("as_double");
    private static final byte[] AS_INT = OtlpJson.ascii("as_int");
    private static final byte[] FILTERED_ATTRIBUTES = OtlpJson.ascii("filtered_attributes");
    private static final byte[] HAS_SUM = OtlpJson.ascii("has_sum");
    private static final byte[] HAS_MIN = OtlpJson.ascii("has_min");
    private static final byte[] HAS_MAX = OtlpJson.ascii("has_max");
    private static final byte[] MIN = OtlpJson.ascii("min");
    private static final byte[] MAX = OtlpJson.ascii("max");
    private static final byte[] DASH = OtlpJson.ascii("-");
    private static final byte[][] TYPE_KEYS = keys("counter", "gauge", "histogram", "summary", "untyped", "exp_histogram");
    // the fields of a context, and of a metric (Values.fields finds them in one pass over the map)
    private static final byte[][] CONTEXT_KEYS = keys("meta", "metrics");
    private static final byte[][] METRIC_KEYS = keys("meta", "values");
    private static final int C_META = 0;
    private static final int C_METRICS = 1;
    private static final int MT_META = 0;
    private static final int MT_VALUES = 1;

    private static final int COUNTER = 0;
    private static final int GAUGE = 1;
    private static final int HISTOGRAM = 2;
    private static final int SUMMARY = 3;
    private static final int UNTYPED = 4;
    private static final int EXP_HISTOGRAM = 5;

    // the fields of a metric's meta
    private static final byte[][] META_KEYS = keys("type", "opts", "labels", "buckets", "quantiles", "aggregation_type");
    private static final int M_TYPE = 0;
    private static final int M_OPTS = 1;
    private static final int M_LABELS = 2;
    private static final int M_BUCKETS = 3;
    private static final int M_QUANTILES = 4;
    private static final int M_AGGREGATION = 5;
    private static final byte[][] OPTS_KEYS = keys("ns", "ss", "name", "desc", "unit");
    // the fields of one value (data point)
    private static final byte[][] POINT_KEYS = keys("ts", "start_ts", "value", "value_int64", "value_uint64",
            "labels", "hash", "histogram", "exp_histogram", "summary");
    private static final int P_TS = 0;
    private static final int P_START = 1;
    private static final int P_VALUE = 2;
    private static final int P_INT64 = 3;
    private static final int P_UINT64 = 4;
    private static final int P_LABELS = 5;
    private static final int P_HASH = 6;
    private static final int P_HISTOGRAM = 7;
    private static final int P_EXP = 8;
    private static final int P_SUMMARY = 9;
    private static final byte[][] HISTOGRAM_KEYS = keys("buckets", "sum", "count");
    private static final byte[][] EXP_KEYS = keys("scale", "zero_count", "zero_threshold", "positive_offset",
            "positive_buckets", "negative_offset", "negative_buckets", "count", "sum_set", "sum");
    private static final byte[][] SUMMARY_KEYS = keys("quantiles", "count", "sum");

    private static final byte[] HEX = OtlpJson.ascii("0123456789abcdef");

    // JSON text
    private static final byte[] J_RESOURCE_METRICS = OtlpJson.ascii("{\"resourceMetrics\":[");
    private static final byte[] J_RESOURCE = OtlpJson.ascii("{\"resource\":");
    private static final byte[] J_SCOPE_METRICS = OtlpJson.ascii(",\"scopeMetrics\":[");
    private static final byte[] J_SCOPE = OtlpJson.ascii("{\"scope\":");
    private static final byte[] J_METRICS = OtlpJson.ascii(",\"metrics\":[");
    private static final byte[] J_DROPPED_ATTRIBUTES_COUNT = OtlpJson.ascii("\"droppedAttributesCount\":");
    private static final byte[] J_NAME = OtlpJson.ascii("{\"name\":");
    private static final byte[] J_DESCRIPTION = OtlpJson.ascii(",\"description\":");
    private static final byte[] J_SUM = OtlpJson.ascii(",\"sum\":{");
    private static final byte[] J_GAUGE_2 = OtlpJson.ascii(",\"gauge\":{");
    private static final byte[] J_HISTOGRAM_2 = OtlpJson.ascii(",\"histogram\":{");
    private static final byte[] J_EXPONENTIAL_HISTOGRAM = OtlpJson.ascii(",\"exponentialHistogram\":{");
    private static final byte[] J_SUMMARY_2 = OtlpJson.ascii(",\"summary\":{");
    private static final byte[] J_DATA_POINTS = OtlpJson.ascii("\"dataPoints\":[");
    private static final byte[] J_AGGREGATION_TEMPORALITY = OtlpJson.ascii(",\"aggregationTemporality\":");
    private static final byte[] J_IS_MONOTONIC_TRUE = OtlpJson.ascii(",\"isMonotonic\":true");
    private static final byte[] J_CLOSE_TWO = OtlpJson.ascii("}}");
    private static final byte[] J_START_TIME_UNIX_NANO = OtlpJson.ascii("\"startTimeUnixNano\":");
    private static final byte[] J_TIME_UNIX_NANO = OtlpJson.ascii("\"timeUnixNano\":");
    private static final byte[] J_FLAGS = OtlpJson.ascii(",\"flags\":");
    private static final byte[] J_ATTRIBUTES = OtlpJson.ascii("\"attributes\":[");
    private static final byte[] J_KEY = OtlpJson.ascii("{\"key\":");
    private static final byte[] J_VALUE_STRING_VALUE = OtlpJson.ascii(",\"value\":{\"stringValue\":");
    private static final byte[] J_AS_DOUBLE = OtlpJson.ascii(",\"asDouble\":");
    private static final byte[] J_AS_INT = OtlpJson.ascii(",\"asInt\":");
    private static final byte[] J_COUNT = OtlpJson.ascii(",\"count\":");
    private static final byte[] J_SUM_2 = OtlpJson.ascii(",\"sum\":");
    private static final byte[] J_BUCKET_COUNTS = OtlpJson.ascii(",\"bucketCounts\":");
    private static final byte[] J_EXPLICIT_BOUNDS = OtlpJson.ascii(",\"explicitBounds\":");
    private static final byte[] J_SCALE = OtlpJson.ascii(",\"scale\":");
    private static final byte[] J_ZERO_COUNT = OtlpJson.ascii(",\"zeroCount\":");
    private static final byte[] J_ZERO_THRESHOLD = OtlpJson.ascii(",\"zeroThreshold\":");
    private static final byte[] J_OFFSET = OtlpJson.ascii("\"offset\":");
    private static final byte[] J_QUANTILE_VALUES = OtlpJson.ascii(",\"quantileValues\":[");
    private static final byte[] J_QUANTILE = OtlpJson.ascii("{\"quantile\":");
    private static final byte[] J_VALUE = OtlpJson.ascii(",\"value\":");
    private static final byte[] J_MIN = OtlpJson.ascii(",\"min\":");
    private static final byte[] J_MAX = OtlpJson.ascii(",\"max\":");
    private static final byte[] J_EXEMPLARS = OtlpJson.ascii(",\"exemplars\":[");
    private static final byte[] J_AS_DOUBLE_2 = OtlpJson.ascii("\"asDouble\":");
    private static final byte[] J_AS_INT_2 = OtlpJson.ascii("\"asInt\":");
    private static final byte[] J_ATTRIBUTES_2 = OtlpJson.ascii("\"attributes\":");
    private static final byte[] J_NAME_2 = OtlpJson.ascii("\"name\":");
    private static final byte[] J_VERSION = OtlpJson.ascii("\"version\":");
    private static final byte[] J_SCHEMA_URL = OtlpJson.ascii("\"schemaUrl\":");
    private static final byte[] J_UNIT = OtlpJson.ascii("\"unit\":");
    private static final byte[] J_METADATA = OtlpJson.ascii("\"metadata\":");
    private static final byte[] J_POSITIVE = OtlpJson.ascii(",\"positive\":{");
    private static final byte[] J_NEGATIVE = OtlpJson.ascii(",\"negative\":{");
    private static final byte[] J_SPAN_ID = OtlpJson.ascii("\"spanId\":");
    private static final byte[] J_TRACE_ID = OtlpJson.ascii("\"traceId\":");
    private static final byte[] J_FILTERED_ATTRIBUTES = OtlpJson.ascii("\"filteredAttributes\":");

    private final OtlpJson w;
    private final int[] contextFields = new int[CONTEXT_KEYS.length];
    /** Whether the last {@link #metric} call wrote its metric. */
    private boolean metricWritten;
    /** A metric's fields, its meta's and its opts', all found in the one pass over the metric. */
    private final Values.Fields optsFields = new Values.Fields(OPTS_KEYS);
    private final Values.Fields metaFields = new Values.Fields(META_KEYS, M_OPTS, optsFields);
    private final Values.Fields metricFields = new Values.Fields(METRIC_KEYS, MT_META, metaFields);
    private final int[] pointFields = new int[POINT_KEYS.length];
    private final int[] typeFields = new int[EXP_KEYS.length];
    /** The metric's name as cmetrics composes it, and the key of a data point's OTLP metadata. */
    private byte[] name = new byte[256];
    private int nameLength;
    private final byte[] pointKey = new byte[17 + JsonNumbers.MAX_LENGTH];

    private int kept;
    private int skipped;
    /** The last bug caught in {@link #render}, for tests. */
    RuntimeException internalError;

    public OtlpMetrics(OtlpJson w) {
        this.w = w;
    }

    private static byte[][] keys(String... names) {
        byte[][] keys = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            keys[i] = OtlpJson.ascii(names[i]);
        }
        return keys;
    }

    /** Contexts rendered by the last {@link #render}. */
    public int kept() {
        return kept;
    }

    /** Contexts the last {@link #render} skipped, or lost where the chunk was cut. */
    public int dropped() {
        return skipped;
    }

    /**
     * The OTLP JSON of {@code chunk[0, end)}: one compact ASCII object, or null when no context in it is
     * usable. Never throws.
     */
    public byte[] render(byte[] chunk, int end) {
        return w.take(renderInPlace(chunk, end));
    }

    /**
     * As {@link #render}, but the JSON stays in the writer, at {@code [0, position())}, instead of being
     * copied out: true when there is any. The caller resets the writer once it has written it.
     */
    public boolean renderInPlace(byte[] chunk, int end) {
        kept = 0;
        skipped = 0;
        try {
            w.reset();
            if (chunk == null) {
                return false;
            }
            end = Math.min(end, chunk.length);
            w.raw(J_RESOURCE_METRICS);
            int p = 0;
            while (p < end) {
                int mark = w.position();
                int next;
                try {
                    next = context(chunk, p, end, kept == 0);
                    kept++;
                } catch (Malformed e) {
                    w.rollback(mark);
                    try {
                        next = Msgpack.skip(chunk, p, end);
                    } catch (Malformed cut) {
                        skipped++;
                        break;
                    }
                    skipped++;
                }
                p = next;
            }
            if (kept == 0) {
                w.reset();
                return false;
            }
            w.raw((byte) ']');
            w.raw((byte) '}');
            return true;
        } catch (RuntimeException | StackOverflowError e) {
            internalError = e instanceof RuntimeException r ? r : new IllegalStateException(e);
            kept = 0;
            w.reset();
            return false;
        }
    }

    // ---- context: resources and scopes ----

    /**
     * Writes the context at {@code p}; returns the position after it. Its fields are found in one pass
     * that stops at the value of its last entry (its metrics, in cmetrics' order), and the loop over the
     * metrics finds the context's end; the end is found by stepping over that value only when something
     * else comes last. Every part of the context is checked before it is read (the pass, or the loop's
     * own passes over each metric), so reading with the chunk's end as the bound reads nothing beyond
     * the context, and a context cut short is found as before.
     */
    private int context(byte[] in, int p, int end, boolean first) {
        if (p >= end || !Msgpack.isMap(in[p] & 0xff)) {
            throw Malformed.unexpected("a cmetrics context (a map)", p < end ? Msgpack.typeName(in[p] & 0xff) : "nothing", p);
        }
        int last = Values.fieldsToLast(in, p, end, CONTEXT_KEYS, contextFields);
        int metricsEnd = -1;
        int meta = contextFields[C_META];
        int metrics = contextFields[C_METRICS];
        if (meta < 0 && metrics < 0) {
            throw Malformed.unexpected("a cmetrics context (meta and metrics)", "neither", p);
        }
        if (meta >= 0) {
            Values.mapHeader(in, meta, end);
        }
        int metricCount = 0;
        if (metrics >= 0) {
            long header = Values.arrayHeader(in, metrics, end);
            metricCount = (int) (header >>> 8);
        }
        int external = meta >= 0 ? mapAt(in, Values.find(in, meta, end, EXTERNAL), end) : -1;
        int processing = meta >= 0 ? mapAt(in, Values.find(in, meta, end, PROCESSING), end) : -1;
        int staticLabels = processing >= 0 ? Values.find(in, processing, end, STATIC_LABELS) : -1;
        if (staticLabels >= 0) {
            Values.arrayHeader(in, staticLabels, end);
        }
        int otlp = external >= 0 ? mapAt(in, Values.find(in, external, end, OTLP), end) : -1;
        int otlpMetrics = otlp >= 0 ? mapAt(in, Values.find(in, otlp, end, METRICS), end) : -1;

        int resourceList = external >= 0 ? nonEmptyArray(in, Values.find(in, external, end, RESOURCE_METRICS_LIST), end) : -1;
        int resourceCount = resourceList >= 0 ? (int) (Values.arrayHeader(in, resourceList, end) >>> 8) : 1;
        int totalScopes = totalScopes(in, resourceList, end);

        w.comma(first);
        int entry = resourceList >= 0 ? resourceList + (int) (Values.arrayHeader(in, resourceList, end) & 0xff) : -1;
        int flat = 0;
        for (int r = 0; r < resourceCount; r++) {
            int root = external;
            if (entry >= 0) {
                root = mapAt(in, entry, end) >= 0 ? entry : external;
            }
            int scopeList = root >= 0 && root != external ? nonEmptyArray(in, Values.find(in, root, end, SCOPE_METRICS_LIST), end) : -1;
            int scopeCount = scopeList >= 0 ? (int) (Values.arrayHeader(in, scopeList, end) >>> 8) : 1;
            w.comma(r == 0);
            w.raw(J_RESOURCE);
            resource(in, root >= 0 ? mapAt(in, Values.find(in, root, end, RESOURCE), end) : -1, end);
            w.raw(J_SCOPE_METRICS);
            int scopeEntry = scopeList >= 0 ? scopeList + (int) (Values.arrayHeader(in, scopeList, end) & 0xff) : -1;
            for (int s = 0; s < scopeCount; s++) {
                int scopeRoot = root;
                if (scopeEntry >= 0 && mapAt(in, scopeEntry, end) >= 0) {
                    scopeRoot = scopeEntry;
                }
                w.comma(s == 0);
                w.raw(J_SCOPE);
                scope(in, scopeRoot >= 0 ? mapAt(in, Values.find(in, scopeRoot, end, SCOPE), end) : -1, end);
                w.raw(J_METRICS);
                if (metricCount > 0) {
                    metricsEnd = metrics(in, metrics, end, otlpMetrics, staticLabels, resourceList, totalScopes, flat);
                }
                w.raw((byte) ']');
                schemaUrl(in, scopeRoot >= 0 ? mapAt(in, Values.find(in, scopeRoot, end, SCOPE_METRICS), end) : -1, end);
                w.raw((byte) '}');
                flat++;
                if (scopeEntry >= 0) {
                    scopeEntry = Msgpack.skip(in, scopeEntry, end);
                }
            }
            w.raw((byte) ']');
            schemaUrl(in, root >= 0 ? mapAt(in, Values.find(in, root, end, RESOURCE_METRICS), end) : -1, end);
            w.raw((byte) '}');
            if (entry >= 0) {
                entry = Msgpack.skip(in, entry, end);
            }
        }
        return metrics == last && metricsEnd >= 0 ? metricsEnd : Msgpack.skip(in, last, end);
    }

    /** How many scopes the context has in all: 1 without a resource list. */
    private static int totalScopes(byte[] in, int resourceList, int end) {
        if (resourceList < 0) {
            return 1;
        }
        long header = Values.arrayHeader(in, resourceList, end);
        int p = resourceList + (int) (header & 0xff);
        int total = 0;
        for (int r = 0; r < (int) (header >>> 8); r++) {
            total += scopesOf(in, p, end);
            p = Msgpack.skip(in, p, end);
        }
        return total;
    }

    /** The scope count of the resource list entry at {@code entry}. */
    private static int scopesOf(byte[] in, int entry, int end) {
        if (mapAt(in, entry, end) < 0) {
            return 1;
        }
        int list = nonEmptyArray(in, Values.find(in, entry, end, SCOPE_METRICS_LIST), end);
        return list >= 0 ? (int) (Values.arrayHeader(in, list, end) >>> 8) : 1;
    }

    private void resource(byte[] in, int resource, int end) {
        w.raw((byte) '{');
        boolean first = true;
        if (resource >= 0) {
            first = attributes(in, Values.find(in, resource, end, ATTRIBUTES), end, J_ATTRIBUTES_2, first);
            int metadata = mapAt(in, Values.find(in, resource, end, METADATA), end);
            if (metadata >= 0) {
                first = droppedCount(in, metadata, end, first);
            }
        }
        w.raw((byte) '}');
    }

    private void scope(byte[] in, int scope, int end) {
        w.raw((byte) '{');
        boolean first = true;
        if (scope >= 0) {
            int metadata = mapAt(in, Values.find(in, scope, end, METADATA), end);
            if (metadata >= 0) {
                first = stringField(in, Values.find(in, metadata, end, NAME), end, J_NAME_2, first);
                first = stringField(in, Values.find(in, metadata, end, VERSION), end, J_VERSION, first);
            }
            first = attributes(in, Values.find(in, scope, end, ATTRIBUTES), end, J_ATTRIBUTES_2, first);
            if (metadata >= 0) {
                droppedCount(in, metadata, end, first);
            }
        }
        w.raw((byte) '}');
    }

    private boolean droppedCount(byte[] in, int metadata, int end, boolean first) {
        int dropped = Values.find(in, metadata, end, DROPPED);
        if (isInteger(in, dropped, end)) {
            long v = Values.integer(in, dropped, end);
            if (v != 0) {
                w.comma(first);
                w.raw(J_DROPPED_ATTRIBUTES_COUNT);
                w.int32(v & 0xffffffffL);
                return false;
            }
        }
        return first;
    }

    /** {@code ,"schemaUrl":..} from the {@code metadata.schema_url} of the map at {@code root}, if a string. */
    private void schemaUrl(byte[] in, int root, int end) {
        if (root >= 0) {
            int metadata = mapAt(in, Values.find(in, root, end, METADATA), end);
            if (metadata >= 0) {
                stringField(in, Values.find(in, metadata, end, SCHEMA_URL), end, J_SCHEMA_URL, false);
            }
        }
    }

    /** Writes {@code name} and the str at {@code p} (an empty one left out); returns whether still first. */
    private boolean stringField(byte[] in, int p, int end, byte[] name, boolean first) {
        if (p < 0 || !Msgpack.isStr(in[p] & 0xff) || (in[p] & 0xff) == 0xa0) {
            return first;
        }
        w.comma(first);
        w.raw(name);
        w.stringAt(in, p, end);
        return false;
    }

    /** Writes {@code name} and the map at {@code p} as KeyValues, unless absent, empty or not a map. */
    private boolean attributes(byte[] in, int p, int end, byte[] name, boolean first) {
        if (mapAt(in, p, end) < 0 || Msgpack.containerHeader(in, p, end) >>> 8 == 0) {
            return first;
        }
        w.comma(first);
        w.raw(name);
        w.attributes(in, p, end);
        return false;
    }

    // ---- metrics ----

    /** Writes the metrics of the array at {@code metrics} that go to scope {@code flat}; returns the position after the array. */
    private int metrics(byte[] in, int metrics, int end, int otlpMetrics, int staticLabels, int resourceList,
            int totalScopes, int flat) {
        long header = Values.arrayHeader(in, metrics, end);
        int p = metrics + (int) (header & 0xff);
        boolean first = true;
        for (int i = 0; i < (int) (header >>> 8); i++) {
            int last = Values.fieldsToLast(in, p, end, metricFields);
            p = metric(in, p, last, end, otlpMetrics, staticLabels, resourceList, totalScopes, flat, first);
            if (metricWritten) {
                first = false;
            }
        }
        return p;
    }

    /**
     * Writes the metric at {@code p}, whose fields are in {@link #metricFields} (found up to its last
     * entry's value at {@code last}: {@link Values#fieldsToLast}), if it belongs to scope {@code flat} and
     * has values, and sets {@link #metricWritten} to whether it did; returns the position after the metric.
     * Its values are usually the last entry: then the loop over its data points finds its end.
     */
    private int metric(byte[] in, int p, int last, int end, int otlpMetrics, int staticLabels, int resourceList,
            int totalScopes, int flat, boolean first) {
        metricWritten = false;
        int meta = metricFields.at[MT_META];
        int values = metricFields.at[MT_VALUES];
        if (meta < 0 || values < 0) {
            throw Malformed.unexpected("a metric with meta and values", "a map without", p);
        }
        if (metricFields.innerAt != meta) { // the pass did not read this meta (not a map, or the last entry)
            Values.fields(in, meta, end, metaFields);
        }
        int typeAt = metaFields.at[M_TYPE];
        if (typeAt < 0) {
            throw Malformed.unexpected("a metric type", "none", meta);
        }
        long type = Values.integer(in, typeAt, end);
        if (type < 0 || type > EXP_HISTOGRAM) {
            throw Malformed.unexpected("a metric type 0 to 5", "type " + type, typeAt);
        }
        int opts = metaFields.at[M_OPTS];
        if (opts < 0) {
            throw Malformed.unexpected("metric opts", "none", meta);
        }
        int labelKeys = metaFields.at[M_LABELS];
        int buckets = metaFields.at[M_BUCKETS];
        int quantiles = metaFields.at[M_QUANTILES];
        int aggregationAt = metaFields.at[M_AGGREGATION];
        long aggregation = aggregationAt >= 0 ? Values.integer(in, aggregationAt, end) : 0;
        if (labelKeys >= 0) {
            Values.arrayHeader(in, labelKeys, end);
        }
        long valuesHeader = Values.arrayHeader(in, values, end);
        int valueCount = (int) (valuesHeader >>> 8);

        if (metaFields.innerAt != opts) {
            Values.fields(in, opts, end, optsFields);
        }
        composeName(in, optsFields.at[0], optsFields.at[1], optsFields.at[2], end);
        int description = optsFields.at[3];
        int unit = optsFields.at[4];

        // the OTLP metadata Fluent Bit's opentelemetry input kept for this metric
        int otlpMetric = -1;
        if (otlpMetrics >= 0) {
            int byType = mapAt(in, Values.find(in, otlpMetrics, end, TYPE_KEYS[(int) type]), end);
            if (byType >= 0) {
                otlpMetric = mapAt(in, Values.find(in, byType, end, name, nameLength), end);
            }
        }
        int metricMetadata = otlpMetric >= 0 ? mapAt(in, Values.find(in, otlpMetric, end, METADATA), end) : -1;
        int datapoints = otlpMetric >= 0 ? mapAt(in, Values.find(in, otlpMetric, end, DATAPOINTS), end) : -1;

        if (totalScopes > 1 && targetScope(in, metricMetadata, resourceList, totalScopes, end) != flat) {
            return Msgpack.skip(in, last, end);
        }
        if (valueCount == 0) {
            return Msgpack.skip(in, last, end);
        }
        int quantileCount = 0;
        if (type == SUMMARY && quantiles >= 0) {
            quantileCount = (int) (Values.arrayHeader(in, quantiles, end) >>> 8);
        }
        if (type == HISTOGRAM && buckets >= 0) {
            Values.arrayHeader(in, buckets, end);
        }

        w.comma(first);
        w.raw(J_NAME);
        w.string(name, 0, nameLength);
        if (description >= 0) {
            Values.bytesSpan(in, description, end, true);
            if ((in[description] & 0xff) != 0xa0 && !Values.keyIs(in, description, end, DASH)) {
                w.raw(J_DESCRIPTION);
                w.stringAt(in, description, end);
            }
        }
        if (unit >= 0) {
            Values.bytesSpan(in, unit, end, true);
            stringField(in, unit, end, J_UNIT, false);
        }
        attributes(in, metricMetadata, end, J_METADATA, false);
        switch ((int) type) {
            case COUNTER:
                w.raw(J_SUM);
                break;
            case GAUGE:
            case UNTYPED:
                w.raw(J_GAUGE_2);
                break;
            case HISTOGRAM:
                w.raw(J_HISTOGRAM_2);
                break;
            case EXP_HISTOGRAM:
                w.raw(J_EXPONENTIAL_HISTOGRAM);
                break;
            default:
                w.raw(J_SUMMARY_2);
                break;
        }
        w.raw(J_DATA_POINTS);
        int v = values + (int) (valuesHeader & 0xff);
        for (int i = 0; i < valueCount; i++) {
            w.comma(i == 0);
            v = point(in, v, end, (int) type, labelKeys, staticLabels, datapoints, buckets, quantiles, quantileCount);
        }
        w.raw((byte) ']');
        if ((type == COUNTER || type == HISTOGRAM || type == EXP_HISTOGRAM) && (aggregation == 1 || aggregation == 2)) {
            w.raw(J_AGGREGATION_TEMPORALITY);
            w.int32(aggregation);
        }
        if (type == COUNTER) {
            w.raw(J_IS_MONOTONIC_TRUE);
        }
        w.raw(J_CLOSE_TWO);
        metricWritten = true;
        return values == last ? v : Msgpack.skip(in, last, end);
    }

    /** The flat scope index a metric goes to, as cmetrics resolves it; 0 when its metadata names none valid. */
    private static int targetScope(byte[] in, int metadata, int resourceList, int totalScopes, int end) {
        if (metadata < 0) {
            return 0;
        }
        long flat = index(in, Values.find(in, metadata, end, SCOPE_FLAT_INDEX), end);
        if (flat >= 0 && flat < totalScopes) {
            return (int) flat;
        }
        long resource = index(in, Values.find(in, metadata, end, RESOURCE_INDEX), end);
        long scope = index(in, Values.find(in, metadata, end, SCOPE_INDEX), end);
        if (resource < 0 || scope < 0 || resourceList < 0) {
            return 0;
        }
        long header = Values.arrayHeader(in, resourceList, end);
        if (resource >= (header >>> 8)) {
            return 0;
        }
        int p = resourceList + (int) (header & 0xff);
        int offset = 0;
        for (int r = 0; r < resource; r++) {
            offset += scopesOf(in, p, end);
            p = Msgpack.skip(in, p, end);
        }
        return scope < scopesOf(in, p, end) ? offset + (int) scope : 0;
    }

    /** cmetrics' fqname: ns + "_" (when ns is not empty), ss + "_" (when not empty and not ending in "_"), name. */
    private void composeName(byte[] in, int ns, int ss, int metricName, int end) {
        nameLength = 0;
        if (ns >= 0) {
            int length = append(in, ns, end);
            if (length > 0) {
                appendByte((byte) '_');
            }
        }
        if (ss >= 0) {
            int length = append(in, ss, end);
            if (length > 0 && name[nameLength - 1] != '_') {
                appendByte((byte) '_');
            }
        }
        if (metricName >= 0) {
            append(in, metricName, end);
        }
    }

    private int append(byte[] in, int p, int end) {
        int[] span = Values.bytesSpan(in, p, end, true);
        if (nameLength + span[1] + 1 > name.length) {
            name = java.util.Arrays.copyOf(name, Math.max(name.length * 2, nameLength + span[1] + 1));
        }
        System.arraycopy(in, span[0], name, nameLength, span[1]);
        nameLength += span[1];
        return span[1];
    }

    private void appendByte(byte b) {
        if (nameLength + 1 > name.length) {
            name = java.util.Arrays.copyOf(name, name.length * 2);
        }
        name[nameLength++] = b;
    }

    // ---- data points ----

    /** Writes the value (data point) at {@code p}; returns the position after it. */
    private int point(byte[] in, int p, int end, int type, int labelKeys, int staticLabels, int datapoints,
            int buckets, int quantiles, int quantileCount) {
        int after = Values.fields(in, p, end, POINT_KEYS, pointFields);
        int[] f = pointFields;
        long ts = f[P_TS] >= 0 ? Values.integer(in, f[P_TS], end) : 0;
        long hash = f[P_HASH] >= 0 ? Values.integer(in, f[P_HASH], end) : 0;
        int pointMeta = datapoints >= 0 ? mapAt(in, Values.find(in, datapoints, end, pointKey, pointKey(hash, ts)), end) : -1;
        long start = f[P_START] >= 0 ? Values.integer(in, f[P_START], end) : 0;
        if (f[P_START] < 0 && pointMeta >= 0) {
            int kept = Values.find(in, pointMeta, end, START_TIME);
            start = isUnsigned(in, kept, end) ? Values.integer(in, kept, end) : 0;
        }
        int typed = type == HISTOGRAM ? f[P_HISTOGRAM] : type == EXP_HISTOGRAM ? f[P_EXP] : type == SUMMARY ? f[P_SUMMARY] : 0;
        if (typed < 0) {
            throw Malformed.unexpected("the " + new String(TYPE_KEYS[type], java.nio.charset.StandardCharsets.US_ASCII)
                    + " of a value", "none", p);
        }

        w.raw((byte) '{');
        boolean first = labels(in, f[P_LABELS], labelKeys, staticLabels, end);
        if (start != 0) {
            w.comma(first);
            w.raw(J_START_TIME_UNIX_NANO);
            w.uint64(start);
            first = false;
        }
        w.comma(first);
        w.raw(J_TIME_UNIX_NANO);
        w.uint64(ts);
        switch (type) {
            case HISTOGRAM:
                histogram(in, typed, end, buckets, pointMeta);
                break;
            case EXP_HISTOGRAM:
                exponential(in, typed, end, pointMeta);
                break;
            case SUMMARY:
                summary(in, typed, end, quantiles, quantileCount);
                break;
            default:
                number(in, f[P_VALUE], f[P_INT64], f[P_UINT64], end, pointMeta);
                break;
        }
        if (pointMeta >= 0) {
            if (type != SUMMARY) {
                exemplars(in, Values.find(in, pointMeta, end, EXEMPLARS), end);
            }
            int flags = Values.find(in, pointMeta, end, FLAGS);
            if (isUnsigned(in, flags, end) && (Values.integer(in, flags, end) & 0xffffffffL) != 0) {
                w.raw(J_FLAGS);
                w.int32(Values.integer(in, flags, end) & 0xffffffffL);
            }
        }
        w.raw((byte) '}');
        return after;
    }

    /** The key of a data point's OTLP metadata, {@code <hash in hex>:<ts>}, into {@link #pointKey}; returns its length. */
    private int pointKey(long hash, long ts) {
        int n = 0;
        int digits = hash == 0 ? 1 : (67 - Long.numberOfLeadingZeros(hash)) / 4;
        for (int i = digits - 1; i >= 0; i--) {
            pointKey[n++] = HEX[(int) (hash >>> (4 * i)) & 0xf];
        }
        pointKey[n++] = ':';
        return JsonNumbers.writeUnsigned(pointKey, n, ts);
    }

    /** Writes the attributes of a point (static labels, then labels); returns whether nothing was written. */
    private boolean labels(byte[] in, int labels, int labelKeys, int staticLabels, int end) {
        int mark = w.position();
        w.raw(J_ATTRIBUTES);
        boolean first = true;
        if (staticLabels >= 0) {
            long header = Values.arrayHeader(in, staticLabels, end);
            int p = staticLabels + (int) (header & 0xff);
            for (int i = 0; i < (int) (header >>> 8); i++) {
                long pair = Values.arrayHeader(in, p, end);
                if (pair >>> 8 != 2) {
                    throw Malformed.unexpected("a static label [key, value]", (pair >>> 8) + " elements", p);
                }
                int k = p + (int) (pair & 0xff);
                int v = Msgpack.skip(in, k, end);
                Values.bytesSpan(in, v, end, true);
                label(in, k, v, end, first);
                first = false;
                p = Msgpack.skip(in, p, end);
            }
        }
        if (labels >= 0) {
            long header = Values.arrayHeader(in, labels, end);
            int count = (int) (header >>> 8);
            int keyCount = labelKeys >= 0 ? (int) (Values.arrayHeader(in, labelKeys, end) >>> 8) : 0;
            int key = labelKeys >= 0 ? labelKeys + (int) (Values.arrayHeader(in, labelKeys, end) & 0xff) : -1;
            int v = labels + (int) (header & 0xff);
            for (int i = 0; i < count; i++) {
                if (!Values.isNil(in, v, end)) {
                    if (i >= keyCount) {
                        throw Malformed.unexpected("a label key for each label value", keyCount + " keys", v);
                    }
                    Values.bytesSpan(in, key, end, true);
                    Values.bytesSpan(in, v, end, true);
                    label(in, key, v, end, first);
                    first = false;
                }
                v = Msgpack.skip(in, v, end);
                if (i < keyCount) {
                    key = Msgpack.skip(in, key, end);
                }
            }
        }
        if (first) {
            w.rollback(mark);
            return true;
        }
        w.raw((byte) ']');
        return false;
    }

    private void label(byte[] in, int key, int value, int end, boolean first) {
        w.comma(first);
        w.raw(J_KEY);
        w.stringAt(in, key, end);
        w.raw(J_VALUE_STRING_VALUE);
        w.stringAt(in, value, end);
        w.raw(J_CLOSE_TWO);
    }

    private void number(byte[] in, int value, int int64, int uint64, int end, int pointMeta) {
        if (int64 >= 0 && !Values.isBigUnsigned(in, int64, end)) {
            asInt(Values.integer(in, int64, end));
        } else if (int64 >= 0 || uint64 >= 0) {
            int at = int64 >= 0 ? int64 : uint64;
            long v = Values.integer(in, at, end);
            if (Values.isBigUnsigned(in, at, end)) {
                w.raw(J_AS_DOUBLE);
                w.dbl(Values.number(in, at, end));
            } else {
                asInt(v);
            }
        } else {
            double d = value >= 0 ? Values.number(in, value, end) : 0.0;
            int valueCase = pointMeta >= 0 ? Values.find(in, pointMeta, end, NUMBER_VALUE_CASE) : -1;
            if (valueCase >= 0 && Values.keyIs(in, valueCase, end, INT)) {
                asInt((long) d);
            } else {
                w.raw(J_AS_DOUBLE);
                w.dbl(d);
            }
        }
    }

    private void asInt(long v) {
        w.raw(J_AS_INT);
        w.int64(v);
    }

    private void histogram(byte[] in, int h, int end, int bounds, int pointMeta) {
        Values.fields(in, h, end, HISTOGRAM_KEYS, typeFields);
        int counts = typeFields[0];
        int sum = typeFields[1];
        int count = typeFields[2];
        w.raw(J_COUNT);
        w.uint64(count >= 0 ? Values.integer(in, count, end) : 0);
        if (!isFalse(in, pointMeta, HAS_SUM, end)) {
            w.raw(J_SUM_2);
            w.dbl(sum >= 0 ? Values.number(in, sum, end) : 0.0);
        }
        if (counts >= 0) {
            w.raw(J_BUCKET_COUNTS);
            numbers(in, counts, end, false);
        }
        if (bounds >= 0) {
            w.raw(J_EXPLICIT_BOUNDS);
            numbers(in, bounds, end, true);
        }
        minMax(in, pointMeta, end);
    }

    private void exponential(byte[] in, int h, int end, int pointMeta) {
        Values.fields(in, h, end, EXP_KEYS, typeFields);
        int[] f = typeFields;
        w.raw(J_COUNT);
        w.uint64(f[7] >= 0 ? Values.integer(in, f[7], end) : 0);
        boolean sumSet = f[8] >= 0 && Values.integer(in, f[8], end) != 0;
        if (sumSet && f[9] >= 0 && !isFalse(in, pointMeta, HAS_SUM, end)) {
            w.raw(J_SUM_2);
            w.dbl(bitsOrNumber(in, f[9], end));
        }
        w.raw(J_SCALE);
        w.int32(f[0] >= 0 ? (int) Values.integer(in, f[0], end) : 0);
        w.raw(J_ZERO_COUNT);
        w.uint64(f[1] >= 0 ? Values.integer(in, f[1], end) : 0);
        buckets(in, J_POSITIVE, f[3], f[4], end);
        buckets(in, J_NEGATIVE, f[5], f[6], end);
        if (f[2] >= 0) {
            w.raw(J_ZERO_THRESHOLD);
            w.dbl(Values.number(in, f[2], end));
        }
        minMax(in, pointMeta, end);
    }

    private void buckets(byte[] in, byte[] name, int offset, int counts, int end) {
        if (counts < 0 || Values.arrayHeader(in, counts, end) >>> 8 == 0) {
            return;
        }
        w.raw(name);
        w.raw(J_OFFSET);
        w.int32(offset >= 0 ? (int) Values.integer(in, offset, end) : 0);
        w.raw(J_BUCKET_COUNTS);
        numbers(in, counts, end, false);
        w.raw((byte) '}');
    }

    private void summary(byte[] in, int s, int end, int quantiles, int quantileCount) {
        Values.fields(in, s, end, SUMMARY_KEYS, typeFields);
        int values = typeFields[0];
        int count = typeFields[1];
        int sum = typeFields[2];
        w.raw(J_COUNT);
        w.uint64(count >= 0 ? Values.integer(in, count, end) : 0);
        w.raw(J_SUM_2);
        w.dbl(sum >= 0 ? bitsOrNumber(in, sum, end) : 0.0);
        if (quantileCount == 0) {
            return;
        }
        int q = quantiles + (int) (Values.arrayHeader(in, quantiles, end) & 0xff);
        int valueCount = 0;
        int v = -1;
        if (values >= 0) {
            long header = Values.arrayHeader(in, values, end);
            valueCount = (int) (header >>> 8);
            v = values + (int) (header & 0xff);
        }
        w.raw(J_QUANTILE_VALUES);
        for (int i = 0; i < quantileCount; i++) {
            w.comma(i == 0);
            w.raw(J_QUANTILE);
            w.dbl(Values.number(in, q, end));
            w.raw(J_VALUE);
            w.dbl(i < valueCount ? bitsOrNumber(in, v, end) : 0.0);
            w.raw((byte) '}');
            q = Msgpack.skip(in, q, end);
            if (i < valueCount) {
                v = Msgpack.skip(in, v, end);
            }
        }
        w.raw((byte) ']');
    }

    private void minMax(byte[] in, int pointMeta, int end) {
        if (pointMeta < 0) {
            return;
        }
        if (isTrue(in, pointMeta, HAS_MIN, end)) {
            int min = Values.find(in, pointMeta, end, MIN);
            if (isNumber(in, min, end)) {
                w.raw(J_MIN);
                w.dbl(Values.number(in, min, end));
            }
        }
        if (isTrue(in, pointMeta, HAS_MAX, end)) {
            int max = Values.find(in, pointMeta, end, MAX);
            if (isNumber(in, max, end)) {
                w.raw(J_MAX);
                w.dbl(Values.number(in, max, end));
            }
        }
    }

    private void exemplars(byte[] in, int list, int end) {
        if (list < 0 || !Msgpack.isArray(in[list] & 0xff)) {
            return;
        }
        long header = Values.arrayHeader(in, list, end);
        int p = list + (int) (header & 0xff);
        int mark = w.position();
        w.raw(J_EXEMPLARS);
        boolean first = true;
        for (int i = 0; i < (int) (header >>> 8); i++) {
            if (mapAt(in, p, end) >= 0) {
                exemplar(in, p, end, first);
                first = false;
            }
            p = Msgpack.skip(in, p, end);
        }
        if (first) {
            w.rollback(mark);
        } else {
            w.raw((byte) ']');
        }
    }

    private void exemplar(byte[] in, int e, int end, boolean first) {
        w.comma(first);
        w.raw((byte) '{');
        boolean none = true;
        int time = Values.find(in, e, end, TIME);
        if (isUnsigned(in, time, end) && Values.integer(in, time, end) != 0) {
            w.raw(J_TIME_UNIX_NANO);
            w.uint64(Values.integer(in, time, end));
            none = false;
        }
        none = id(in, Values.find(in, e, end, SPAN_ID), end, J_SPAN_ID, none);
        none = id(in, Values.find(in, e, end, TRACE_ID), end, J_TRACE_ID, none);
        int asDouble = Values.find(in, e, end, AS_DOUBLE);
        if (asDouble >= 0) {
            if (Values.isFloat(in, asDouble, end)) {
                w.comma(none);
                w.raw(J_AS_DOUBLE_2);
                w.dbl(Values.number(in, asDouble, end));
                none = false;
            }
        } else {
            int asInt = Values.find(in, e, end, AS_INT);
            if (isInteger(in, asInt, end)) {
                w.comma(none);
                w.raw(J_AS_INT_2);
                w.int64(Values.integer(in, asInt, end));
                none = false;
            }
        }
        attributes(in, Values.find(in, e, end, FILTERED_ATTRIBUTES), end, J_FILTERED_ATTRIBUTES, none);
        w.raw((byte) '}');
    }

    private boolean id(byte[] in, int p, int end, byte[] name, boolean first) {
        if (p < 0 || !((in[p] & 0xff) >= 0xc4 && (in[p] & 0xff) <= 0xc6)) {
            return first;
        }
        w.comma(first);
        w.raw(name);
        w.hexAt(in, p, end);
        return false;
    }

    // ---- small readers ----

    /** The array at {@code array} as a JSON list of uint64 strings, or ({@code doubles}) of doubles. */
    private void numbers(byte[] in, int array, int end, boolean doubles) {
        long header = Values.arrayHeader(in, array, end);
        int p = array + (int) (header & 0xff);
        w.raw((byte) '[');
        for (int i = 0; i < (int) (header >>> 8); i++) {
            w.comma(i == 0);
            if (doubles) {
                w.dbl(Values.number(in, p, end));
            } else {
                w.uint64(Values.integer(in, p, end));
            }
            p = Msgpack.skip(in, p, end);
        }
        w.raw((byte) ']');
    }

    /** A double cmetrics stores as its IEEE bits in a uint64 (summary sums and quantiles, exp histogram sum); a float as itself. */
    private static double bitsOrNumber(byte[] in, int p, int end) {
        if (Values.isFloat(in, p, end)) {
            return Values.number(in, p, end);
        }
        return Double.longBitsToDouble(Values.integer(in, p, end));
    }

    /** {@code p} if a map is there, else -1. */
    private static int mapAt(byte[] in, int p, int end) {
        return p >= 0 && p < end && Msgpack.isMap(in[p] & 0xff) ? p : -1;
    }

    /** {@code p} if a non-empty array is there, else -1. */
    private static int nonEmptyArray(byte[] in, int p, int end) {
        if (p < 0 || p >= end || !Msgpack.isArray(in[p] & 0xff)) {
            return -1;
        }
        return Values.arrayHeader(in, p, end) >>> 8 == 0 ? -1 : p;
    }

    private static boolean isInteger(byte[] in, int p, int end) {
        if (p < 0 || p >= end) {
            return false;
        }
        int b = in[p] & 0xff;
        return b <= 0x7f || b >= 0xe0 || (b >= 0xcc && b <= 0xd3);
    }

    private static boolean isNumber(byte[] in, int p, int end) {
        return isInteger(in, p, end) || Values.isFloat(in, p, end);
    }

    /** Whether an integer that reads as a uint64 is at {@code p} (cmetrics' kvlist_fetch_uint64: a uint, or an int not negative). */
    private static boolean isUnsigned(byte[] in, int p, int end) {
        return isInteger(in, p, end) && (Values.integer(in, p, end) >= 0 || Values.isBigUnsigned(in, p, end));
    }

    /** The integer at {@code p} when in [0, 2^63), else -1. */
    private static long index(byte[] in, int p, int end) {
        return isInteger(in, p, end) ? Math.max(Values.integer(in, p, end), -1) : -1;
    }

    /** cmetrics' kvlist_fetch_bool: a bool, or an integer not 0. */
    private static int bool(byte[] in, int map, byte[] key, int end) {
        if (map < 0) {
            return -1;
        }
        int p = Values.find(in, map, end, key);
        if (p < 0) {
            return -1;
        }
        int b = in[p] & 0xff;
        if (b == 0xc2 || b == 0xc3) {
            return b == 0xc3 ? 1 : 0;
        }
        if (isInteger(in, p, end)) {
            return Values.integer(in, p, end) != 0 ? 1 : 0;
        }
        return -1;
    }

    private static boolean isTrue(byte[] in, int map, byte[] key, int end) {
        return bool(in, map, key, end) == 1;
    }

    private static boolean isFalse(byte[] in, int map, byte[] key, int end) {
        return bool(in, map, key, end) == 0;
    }
}
