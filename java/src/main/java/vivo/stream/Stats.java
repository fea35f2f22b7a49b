package vivo.stream;

/**
 * A consistent snapshot of one stream's counters, for {@code /metrics}. Byte counts are
 * {@link vivo.render.Payload#size()}: what the stream holds in memory.
 *
 * @param appendedBytes  bytes ever appended
 * @param evictedChunks  entries evicted to make room for newer ones
 * @param evictedBytes   bytes of those entries
 * @param readChunks     entries removed by reads ({@code empty_stream_on_read on})
 * @param readBytes      bytes of those entries
 * @param chunks         entries held now
 * @param bytes          bytes held now
 * @param nextId         the id the next entry will get
 * @param capacity       the bound on {@code bytes} ({@code stream_queue_size})
 */
public record Stats(
        long appendedBytes,
        long evictedChunks,
        long evictedBytes,
        long readChunks,
        long readBytes,
        long chunks,
        long bytes,
        long nextId,
        long capacity) {

    /** Entries ever appended: ids start at 0, so this is the next id. */
    public long appendedChunks() {
        return nextId;
    }
}
