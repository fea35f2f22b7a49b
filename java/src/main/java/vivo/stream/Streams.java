package vivo.stream;

import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import vivo.decode.ChunkKind;
import vivo.render.Payload;

/**
 * An instance's three streams, one per {@link ChunkKind}, each bounded by the same capacity, and their
 * generation: a UUID made with them, so kept across a hot reload that keeps them, new when they are new
 * (a restart, a reload that changes the listener). A client that sees it change knows the ids began again.
 */
public final class Streams {

    private final Map<ChunkKind, Stream> streams = new EnumMap<>(ChunkKind.class);
    private final String generation = UUID.randomUUID().toString();
    private final long startedAtMillis = System.currentTimeMillis();

    /** @param capacity bytes each stream holds, {@code stream_queue_size} */
    public Streams(long capacity) {
        for (ChunkKind kind : ChunkKind.values()) {
            streams.put(kind, new Stream(capacity));
        }
    }

    public String generation() {
        return generation;
    }

    /** When these streams were made: the cumulative counters that go with them count from then, across reloads. */
    public long startedAtMillis() {
        return startedAtMillis;
    }

    public Stream get(ChunkKind kind) {
        return streams.get(kind);
    }

    /** Appends {@code payload}, flushed with {@code tag}, to the stream of its kind; null when it was rejected. */
    public Entry append(String tag, Payload payload) {
        return streams.get(payload.kind()).append(tag, payload);
    }

    /** Appends a payload without a tag (tests, and chunks flushed without one). */
    public Entry append(Payload payload) {
        return append("", payload);
    }

    /** Changes every stream's bound, e.g. when a reload changes {@code stream_queue_size}. */
    public void setCapacity(long capacity) {
        for (Stream stream : streams.values()) {
            stream.setCapacity(capacity);
        }
    }

    /** Changes every stream's page size ({@code stream_page_size}), which bounds the entries they take. */
    public void setPageSize(long pageSize) {
        for (Stream stream : streams.values()) {
            stream.setPageSize(pageSize);
        }
    }
}
