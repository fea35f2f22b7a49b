package vivo.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code /api/v2/internal/metrics}: the same metrics as {@link InternalMetrics}, as one OTLP JSON
 * {@code MetricsData}: a resource with {@code service.name} {@code vivo_java} and {@code vivo_java.instance},
 * one scope {@code vivo_java}; counters as monotonic cumulative sums from when the instance's streams
 * were made (a hot reload that keeps them goes on counting), gauges as gauges, every value {@code asInt}
 * (a decimal string, as OTLP JSON writes int64).
 */
final class InternalMetricsOtlp implements HttpHandler {

    private static final JsonFactory JSON = new JsonFactory();
    private static final int CUMULATIVE = 2;

    private final Status.Sources sources;
    private final String instance;

    InternalMetricsOtlp(Status.Sources sources, String instance) {
        this.sources = sources;
        this.instance = instance;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        long now = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
        // the counters count from when the streams were made: a reload that keeps them goes on counting
        long startNanos = TimeUnit.MILLISECONDS.toNanos(sources.streams().startedAtMillis());
        Replies.send(exchange, 200, Replies.JSON, render(InternalMetrics.families(sources.read()), instance, startNanos, now));
    }

    static String render(List<InternalMetrics.Family> families, String instance, long startNanos, long nowNanos) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeArrayFieldStart("resourceMetrics");
            json.writeStartObject();
            json.writeObjectFieldStart("resource");
            json.writeArrayFieldStart("attributes");
            attribute(json, "service.name", "vivo_java");
            attribute(json, "vivo_java.instance", instance);
            json.writeEndArray();
            json.writeEndObject();
            json.writeArrayFieldStart("scopeMetrics");
            json.writeStartObject();
            json.writeObjectFieldStart("scope");
            json.writeStringField("name", "vivo_java");
            json.writeEndObject();
            json.writeArrayFieldStart("metrics");
            for (InternalMetrics.Family family : families) {
                json.writeStartObject();
                json.writeStringField("name", family.name());
                json.writeStringField("description", family.help());
                json.writeObjectFieldStart(family.counter() ? "sum" : "gauge");
                json.writeArrayFieldStart("dataPoints");
                for (InternalMetrics.Sample sample : family.samples()) {
                    json.writeStartObject();
                    if (!sample.labels().isEmpty()) {
                        json.writeArrayFieldStart("attributes");
                        for (int i = 0; i < sample.labels().size(); i += 2) {
                            attribute(json, sample.labels().get(i), sample.labels().get(i + 1));
                        }
                        json.writeEndArray();
                    }
                    if (family.counter()) {
                        json.writeStringField("startTimeUnixNano", Long.toString(startNanos));
                    }
                    json.writeStringField("timeUnixNano", Long.toString(nowNanos));
                    json.writeStringField("asInt", Long.toString(sample.value()));
                    json.writeEndObject();
                }
                json.writeEndArray();
                if (family.counter()) {
                    json.writeNumberField("aggregationTemporality", CUMULATIVE);
                    json.writeBooleanField("isMonotonic", true);
                }
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter does not fail", e);
        }
        return text + "\n";
    }

    private static void attribute(JsonGenerator json, String key, String value) throws IOException {
        json.writeStartObject();
        json.writeStringField("key", key);
        json.writeObjectFieldStart("value");
        json.writeStringField("stringValue", value);
        json.writeEndObject();
        json.writeEndObject();
    }
}
