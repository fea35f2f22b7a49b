package vivo.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import vivo.decode.ChunkKind;
import vivo.stream.Selection;

/**
 * {@code /api/v1/health} and {@code /api/v2/health}: what a probe needs, as one JSON object, without a token: the API versions and
 * framing, the codings, each stream's state, what the drain has taken (and whether flushes were answered
 * retry: Java not keeping up), and the server's load. Always {@code 200} while the server answers.
 */
final class Health implements HttpHandler {

    private static final JsonFactory JSON = new JsonFactory();

    private final Status.Sources sources;
    private final boolean compress;

    Health(Status.Sources sources, boolean compress) {
        this.sources = sources;
        this.compress = compress;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        Replies.send(exchange, 200, Replies.JSON, render(sources.read(), compress));
    }

    static String render(Status status, boolean compress) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("status", "ok");
            json.writeArrayFieldStart("versions");
            json.writeNumber(1);
            json.writeNumber(2);
            json.writeEndArray();
            json.writeStringField("v1Framing", "ndjson");
            json.writeStringField("v2Framing", "json");
            json.writeStringField("delivery", "best_effort");
            json.writeStringField("v2Payload", "otlp-json");
            json.writeArrayFieldStart("compression");
            if (compress) {
                json.writeString("gzip");
            }
            json.writeString("identity");
            json.writeEndArray();
            json.writeStringField("generation", status.generation());
            json.writeObjectFieldStart("streams");
            for (Map.Entry<ChunkKind, Selection.State> stream : status.streams().entrySet()) {
                Selection.State s = stream.getValue();
                json.writeObjectFieldStart(stream.getKey().path());
                json.writeNumberField("oldestId", s.oldest());
                json.writeNumberField("tailId", s.next());
                json.writeNumberField("retainedEntries", s.entries());
                json.writeNumberField("retainedBytes", s.bytes());
                json.writeNumberField("evictedEntries", s.evictedEntries());
                json.writeNumberField("evictedBytes", s.evictedBytes());
                json.writeNumberField("rejectedEntries", s.rejectedEntries());
                json.writeEndObject();
            }
            json.writeEndObject();
            Ingest in = status.ingest();
            json.writeObjectFieldStart("ingest");
            json.writeNumberField("chunks", in.chunks());
            json.writeNumberField("bytes", in.bytes());
            json.writeNumberField("records", in.records());
            json.writeNumberField("unusableChunks", in.unusable());
            json.writeNumberField("droppedRecords", in.recordsDropped());
            json.writeNumberField("flushesAnsweredRetry", in.flushesRetried());
            json.writeNumberField("queuedChunks", in.queuedChunks());
            json.writeNumberField("queuedBytes", in.queuedBytes());
            json.writeEndObject();
            json.writeObjectFieldStart("http");
            json.writeNumberField("connections", status.connections());
            json.writeNumberField("followers", status.followers());
            json.writeNumberField("inflightBytes", status.inflightBytes());
            json.writeEndObject();
            json.writeObjectFieldStart("jvm");
            json.writeNumberField("heapUsedBytes", status.heapUsed());
            json.writeNumberField("heapMaxBytes", status.heapMax());
            json.writeNumberField("directUsedBytes", status.directUsed());
            json.writeNumberField("directMaxBytes", status.directMax());
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter does not fail", e);
        }
        return text + "\n";
    }
}
