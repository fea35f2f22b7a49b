package vivo;

import java.util.concurrent.atomic.AtomicLongArray;
import vivo.bridge.ChunkBuffer;
import vivo.bridge.NativeBridge;
import vivo.decode.ChunkKind;
import vivo.http.Ingest;
import vivo.render.ChunkRenderer;
import vivo.render.ChunkRenderer.Rendered;
import vivo.render.Pages;
import vivo.render.Payload;
import vivo.stream.Entry;
import vivo.stream.Streams;

/**
 * The drain thread's loop: take the next flushed chunk from the shim, render it once, append it to its
 * stream. A bad chunk is counted and logged and never stops the loop. Returns once the shim has closed
 * the queue and every chunk it accepted has been appended.
 */
final class Drain {

    private static final int POLL_MS = 500;
    /** The most often the drain writes a warning of one kind: bad chunks, retried flushes. */
    private static final long WARNING_INTERVAL_NANOS = RateLimitedLog.INTERVAL_NANOS;

    private final NativeBridge bridge;
    private final long instance;
    private final Streams streams;
    private final HostLog log;
    private final long chunkQueueSize;
    private final RateLimitedLog warnings;
    private final ChunkRenderer renderer = ChunkRenderer.lending();   // each payload is stored before the next chunk
    private final ChunkBuffer buffer = new ChunkBuffer();
    // written by the drain thread only, read by the HTTP server's health and metrics (volatile: a read sees the last write)
    private final AtomicLongArray chunksByKind = new AtomicLongArray(ChunkKind.values().length);
    private volatile long chunks;
    private volatile long bytes;
    private volatile long dropped;
    private volatile long records;
    private volatile long unusable;
    private long retriedSeen;
    private long nextRetryCheck = System.nanoTime() + WARNING_INTERVAL_NANOS;

    Drain(NativeBridge bridge, long instance, Streams streams, HostLog log, long chunkQueueSize) {
        this.bridge = bridge;
        this.instance = instance;
        this.streams = streams;
        this.log = log;
        this.chunkQueueSize = chunkQueueSize;
        this.warnings = new RateLimitedLog(log, "warnings about bad chunks");
    }

    /** Runs until the queue is closed and empty; true when it was closed for a hot reload. */
    boolean run() {
        while (true) {
            int rc = bridge.nextChunk(instance, buffer, POLL_MS);
            if (rc == NativeBridge.CHUNK) {
                take(buffer);
            } else if (rc != NativeBridge.NONE) {
                warnings.finish();
                retriedSeen = bridge.queueRetried(instance);
                return rc == NativeBridge.CLOSED_FOR_RELOAD;
            }
            warnings.tick();
            warnOfRetries();
        }
    }

    private void take(ChunkBuffer chunk) {
        chunks++;
        bytes += chunk.length();
        try {
            Rendered rendered = renderer.render(chunk.data(), chunk.length(), chunk.tag());
            dropped += rendered.dropped();
            if (rendered.problem() != null) {
                warnings.warn(rendered.problem());
            }
            if (rendered.payload() == null) {
                unusable++;
                return;
            }
            String tag = chunk.tag() == null ? "" : chunk.tag();
            Entry stored = streams.append(tag, rendered.payload());
            if (stored == null) {
                warnings.warn(rejection(tag, rendered.payload()));
            } else {
                records += rendered.payload().records();
                if (stored.payload().block() == null) {
                    warnings.warn(rendered.payload().kind().path() + " chunk (tag " + tag + ") kept on the Java heap: the native "
                            + "memory for entries is used up (MaxDirectMemorySize " + (NativeMemory.maxDirectBytes() >> 20)
                            + " MiB); add a larger -XX:MaxDirectMemorySize to jvm_options");
                }
            }
            chunksByKind.incrementAndGet(rendered.payload().kind().ordinal());
        } catch (RuntimeException | OutOfMemoryError e) {
            unusable++;
            warnings.warn("chunk (tag " + chunk.tag() + ", " + chunk.length() + " bytes) not stored: " + e);
        }
    }

    private static String rejection(String tag, Payload payload) {
        return payload.kind().path() + " chunk (tag " + tag + ") rejected, the stream's history kept: it takes "
                + payload.size() + " bytes stored, and " + Pages.longestBody(payload) + " in its longest response; "
                + "stream_queue_size and stream_page_size must be at least that to keep it";
    }

    /**
     * Flushes answered retry are Fluent Bit's to resend, seconds later, and to drop past retry_limit, and
     * the shim cannot log on the flush path: say so from here, once per interval with the count.
     */
    private void warnOfRetries() {
        long now = System.nanoTime();
        if (now < nextRetryCheck) {
            return;
        }
        nextRetryCheck = now + WARNING_INTERVAL_NANOS;
        long retried = bridge.queueRetried(instance);
        if (retried > retriedSeen) {
            log.warn((retried - retriedSeen) + " flushes were answered retry in the last "
                    + WARNING_INTERVAL_NANOS / 1_000_000_000L + " s because the chunk queue (chunk_queue_size "
                    + chunkQueueSize + " bytes) stayed full; Fluent Bit offers those chunks again later and "
                    + "drops them after retry_limit: raise chunk_queue_size");
            retriedSeen = retried;
        }
    }

    /** What the drain has taken so far, for the HTTP server's health and metrics; from any thread. */
    Ingest ingest() {
        return new Ingest(chunks, bytes, records, chunksByKind.get(ChunkKind.LOGS.ordinal()), chunksByKind.get(ChunkKind.METRICS.ordinal()),
                chunksByKind.get(ChunkKind.TRACES.ordinal()), unusable, dropped, bridge.queueRetried(instance),
                bridge.queueChunks(instance), bridge.queueBytes(instance));
    }

    /** One line for the log at stop; tests compare its numbers with what the host flushed. */
    String summary() {
        return chunks + " chunks received (" + bytes + " bytes): logs " + chunksByKind.get(ChunkKind.LOGS.ordinal())
                + ", metrics " + chunksByKind.get(ChunkKind.METRICS.ordinal())
                + ", traces " + chunksByKind.get(ChunkKind.TRACES.ordinal())
                + "; " + unusable + " unusable, " + dropped + " records dropped; " + retriedSeen
                + " flushes answered retry";
    }
}
