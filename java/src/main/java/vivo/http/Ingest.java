package vivo.http;

/**
 * What an instance's drain has taken from the shim so far, for the health and metrics paths.
 *
 * @param chunks           chunks taken from the shim's queue
 * @param bytes            their msgpack bytes
 * @param records          log records, metrics contexts and traces contexts in the chunks stored
 * @param unusable         chunks nothing could be made of (not stored)
 * @param recordsDropped   records (or contexts) left out of chunks that were stored
 * @param flushesRetried   flushes the shim answered retry because the chunk queue stayed full
 * @param queuedChunks     chunks in the shim's queue now, accepted by a flush and not yet taken
 * @param queuedBytes      the bytes (chunk + tag) it holds for them, as {@code chunk_queue_size} counts them
 */
public record Ingest(long chunks, long bytes, long records, long logs, long metrics, long traces, long unusable, long recordsDropped,
                     long flushesRetried, long queuedChunks, long queuedBytes) {

    /** Nothing taken: a server without a drain (tests), or streams that no drain fed yet. */
    public static final Ingest NONE = new Ingest(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /**
     * These counts with {@code later}'s added: what the drains of a stream's generations took in all, so
     * that the counters go on across a hot reload that keeps the streams. The queue now is {@code later}'s.
     */
    public Ingest plus(Ingest later) {
        return new Ingest(chunks + later.chunks, bytes + later.bytes, records + later.records, logs + later.logs,
                metrics + later.metrics, traces + later.traces, unusable + later.unusable, recordsDropped + later.recordsDropped,
                flushesRetried + later.flushesRetried, later.queuedChunks, later.queuedBytes);
    }
}
