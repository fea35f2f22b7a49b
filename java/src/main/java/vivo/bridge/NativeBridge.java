package vivo.bridge;

/**
 * The shim's functions that Java calls, name for name as in native/bridge.h. Two implementations:
 * {@code PanamaBridge} (java.lang.foreign, JDK 22+) and {@link JnrBridge} (jnr-ffi, JDK 17-21).
 * {@code instance} is the address the shim gave {@code Bootstrap.start}; it stays valid until
 * {@link #stopped} is called for it.
 */
public interface NativeBridge {

    /** VJ_BRIDGE_ABI * 1000 + sizeof(struct vj_chunk_view): what this jar was written against. */
    int ABI = 2 * 1000 + 40;

    /** vj_next_chunk: a chunk came into {@code into}. */
    int CHUNK = 1;
    /** vj_next_chunk: nothing within the timeout. */
    int NONE = 0;
    /** vj_next_chunk: closed for shutdown, and drained. */
    int CLOSED = -1;
    /** vj_next_chunk: closed for a hot reload, and drained. */
    int CLOSED_FOR_RELOAD = -2;

    /** Which implementation, for the startup log line. */
    String name();

    int abi();

    /** Waits up to {@code timeoutMs} for the next flushed chunk, copies it into {@code into} and frees it. */
    int nextChunk(long instance, ChunkBuffer into, int timeoutMs);

    /** A property of the instance; readable only while Bootstrap.start runs. Null when unset. */
    String property(long instance, String key);

    boolean logEnabled(long instance, int level);

    void log(long instance, int level, String message);

    void setChunkQueueSize(long instance, long bytes);

    /** Flushes the shim answered retry so far, because the chunk queue stayed full. */
    long queueRetried(long instance);

    /** Java will not touch {@code instance} again. */
    void stopped(long instance);
}
