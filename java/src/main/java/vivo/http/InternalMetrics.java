package vivo.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import vivo.decode.ChunkKind;
import vivo.stream.Selection;

/**
 * {@code /api/v1/internal/metrics}: the plugin's own counters in Prometheus' text format (0.0.4), for
 * scrapers; every series carries {@code instance}, the [OUTPUT]'s name. Behind the token when there is one.
 * {@link #families} is the one list of them, which {@link InternalMetricsOtlp} serves as OTLP JSON.
 */
final class InternalMetrics implements HttpHandler {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** One series: its labels besides {@code instance} (name, value pairs) and its value. */
    record Sample(List<String> labels, long value) {
    }

    /** A metric: counters are cumulative sums from when the streams were made (kept across a hot reload), gauges a value now. */
    record Family(String name, boolean counter, String help, List<Sample> samples) {
    }

    private final Status.Sources sources;
    private final String instance;

    InternalMetrics(Status.Sources sources, String instance) {
        this.sources = sources;
        this.instance = instance.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        Replies.send(exchange, 200, CONTENT_TYPE, render(sources.read(), instance));
    }

    /** Every metric of the plugin, from one status. */
    static List<Family> families(Status status) {
        List<Family> out = new ArrayList<>();
        Ingest in = status.ingest();
        out.add(new Family("vivo_java_chunks_received_total", true, "chunks taken from the shim's queue, by kind", List.of(
                new Sample(List.of("kind", "logs"), in.logs()),
                new Sample(List.of("kind", "metrics"), in.metrics()),
                new Sample(List.of("kind", "traces"), in.traces()))));
        out.add(one("vivo_java_received_bytes_total", true, "msgpack bytes of the chunks taken", in.bytes()));
        out.add(one("vivo_java_records_received_total", true, "log records, metrics contexts and traces contexts in the chunks stored", in.records()));
        out.add(one("vivo_java_chunks_unusable_total", true, "chunks nothing could be made of", in.unusable()));
        out.add(one("vivo_java_records_dropped_total", true, "records or contexts left out of stored chunks", in.recordsDropped()));
        out.add(one("vivo_java_flushes_retried_total", true, "flushes answered retry: the chunk queue stayed full", in.flushesRetried()));
        out.add(one("vivo_java_chunk_queue_chunks", false, "chunks in the shim's queue, not yet taken by Java", in.queuedChunks()));
        out.add(one("vivo_java_chunk_queue_bytes", false, "bytes the shim's queue holds, as chunk_queue_size counts them", in.queuedBytes()));
        String[][] perStream = {
            {"vivo_java_stream_retained_entries", "gauge", "entries a stream holds"},
            {"vivo_java_stream_retained_bytes", "gauge", "bytes a stream holds, as stream_queue_size counts them"},
            {"vivo_java_stream_tail_id", "gauge", "the id a stream's next entry will get"},
            {"vivo_java_stream_evicted_entries_total", "counter", "entries evicted to make room"},
            {"vivo_java_stream_evicted_bytes_total", "counter", "bytes evicted to make room"},
            {"vivo_java_stream_rejected_entries_total", "counter", "chunks refused: larger than stream_queue_size or stream_page_size"}};
        for (int f = 0; f < perStream.length; f++) {
            List<Sample> samples = new ArrayList<>();
            for (Map.Entry<ChunkKind, Selection.State> stream : status.streams().entrySet()) {
                Selection.State s = stream.getValue();
                long[] values = {s.entries(), s.bytes(), s.next(), s.evictedEntries(), s.evictedBytes(), s.rejectedEntries()};
                samples.add(new Sample(List.of("stream", stream.getKey().path()), values[f]));
            }
            out.add(new Family(perStream[f][0], perStream[f][1].equals("counter"), perStream[f][2], samples));
        }
        out.add(one("vivo_java_http_connections", false, "connections being served", status.connections()));
        out.add(one("vivo_java_http_followers", false, "clients following a stream", status.followers()));
        out.add(one("vivo_java_http_inflight_bytes", false, "bytes of stored chunks held by responses being sent", status.inflightBytes()));
        out.add(one("vivo_java_jvm_heap_used_bytes", false, "Java heap in use (the JVM is shared by the instances)", status.heapUsed()));
        out.add(one("vivo_java_jvm_heap_max_bytes", false, "the Java heap's bound", status.heapMax()));
        out.add(one("vivo_java_jvm_direct_used_bytes", false, "native memory in direct buffers: the streams' entries, the HTTP server's buffers", status.directUsed()));
        out.add(one("vivo_java_jvm_direct_max_bytes", false, "the bound of direct buffers (MaxDirectMemorySize)", status.directMax()));
        return out;
    }

    private static Family one(String name, boolean counter, String help, long value) {
        return new Family(name, counter, help, List.of(new Sample(List.of(), value)));
    }

    static String render(Status status, String instance) {
        StringBuilder out = new StringBuilder();
        for (Family family : families(status)) {
            out.append("# HELP ").append(family.name()).append(' ').append(family.help()).append('\n');
            out.append("# TYPE ").append(family.name()).append(' ').append(family.counter() ? "counter" : "gauge").append('\n');
            for (Sample sample : family.samples()) {
                out.append(family.name()).append("{instance=\"").append(instance).append('"');
                for (int i = 0; i < sample.labels().size(); i += 2) {
                    out.append(',').append(sample.labels().get(i)).append("=\"").append(sample.labels().get(i + 1)).append('"');
                }
                out.append("} ").append(sample.value()).append('\n');
            }
        }
        return out.toString();
    }
}
