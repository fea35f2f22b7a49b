package vivo.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Map;
import vivo.decode.ChunkKind;
import vivo.stream.Selection;

/**
 * {@code /api/v1/internal/metrics}: the plugin's own counters in Prometheus' text format (0.0.4), for
 * scrapers; every series carries {@code instance}, the [OUTPUT]'s name. Behind the token when there is one.
 */
final class InternalMetrics implements HttpHandler {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

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

    static String render(Status status, String instance) {
        StringBuilder out = new StringBuilder();
        String self = "instance=\"" + instance + "\"";
        Ingest in = status.ingest();
        family(out, "vivo_java_chunks_received_total", "counter", "chunks taken from the shim's queue, by kind");
        sample(out, "vivo_java_chunks_received_total", self + ",kind=\"logs\"", in.logs());
        sample(out, "vivo_java_chunks_received_total", self + ",kind=\"metrics\"", in.metrics());
        sample(out, "vivo_java_chunks_received_total", self + ",kind=\"traces\"", in.traces());
        family(out, "vivo_java_received_bytes_total", "counter", "msgpack bytes of the chunks taken");
        sample(out, "vivo_java_received_bytes_total", self, in.bytes());
        family(out, "vivo_java_chunks_unusable_total", "counter", "chunks nothing could be made of");
        sample(out, "vivo_java_chunks_unusable_total", self, in.unusable());
        family(out, "vivo_java_records_dropped_total", "counter", "records or contexts left out of stored chunks");
        sample(out, "vivo_java_records_dropped_total", self, in.recordsDropped());
        family(out, "vivo_java_flushes_retried_total", "counter", "flushes answered retry: the chunk queue stayed full");
        sample(out, "vivo_java_flushes_retried_total", self, in.flushesRetried());
        String[][] perStream = {
            {"vivo_java_stream_retained_entries", "gauge", "entries a stream holds"},
            {"vivo_java_stream_retained_bytes", "gauge", "bytes a stream holds, as stream_queue_size counts them"},
            {"vivo_java_stream_tail_id", "gauge", "the id a stream's next entry will get"},
            {"vivo_java_stream_evicted_entries_total", "counter", "entries evicted to make room"},
            {"vivo_java_stream_evicted_bytes_total", "counter", "bytes evicted to make room"}};
        for (int f = 0; f < perStream.length; f++) {
            family(out, perStream[f][0], perStream[f][1], perStream[f][2]);
            for (Map.Entry<ChunkKind, Selection.State> stream : status.streams().entrySet()) {
                Selection.State s = stream.getValue();
                long[] values = {s.entries(), s.bytes(), s.next(), s.evictedEntries(), s.evictedBytes()};
                sample(out, perStream[f][0], self + ",stream=\"" + stream.getKey().path() + "\"", values[f]);
            }
        }
        family(out, "vivo_java_http_connections", "gauge", "connections being served");
        sample(out, "vivo_java_http_connections", self, status.connections());
        family(out, "vivo_java_http_followers", "gauge", "clients following a stream");
        sample(out, "vivo_java_http_followers", self, status.followers());
        family(out, "vivo_java_http_inflight_bytes", "gauge", "bytes of stored chunks held by responses being sent");
        sample(out, "vivo_java_http_inflight_bytes", self, status.inflightBytes());
        family(out, "vivo_java_jvm_heap_used_bytes", "gauge", "Java heap in use (the JVM is shared by the instances)");
        sample(out, "vivo_java_jvm_heap_used_bytes", self, status.heapUsed());
        family(out, "vivo_java_jvm_heap_max_bytes", "gauge", "the Java heap's bound");
        sample(out, "vivo_java_jvm_heap_max_bytes", self, status.heapMax());
        return out.toString();
    }

    private static void family(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, String labels, long value) {
        out.append(name).append('{').append(labels).append("} ").append(value).append('\n');
    }
}
