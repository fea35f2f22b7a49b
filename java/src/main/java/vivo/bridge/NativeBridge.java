package vivo.bridge;

/**
 * The shim's functions that Java calls, name for name as in native/bridge.h. Two implementations:
 * {@code PanamaBridge} (java.lang.foreign, JDK 22+) and {@link JnrBridge} (jnr-ffi, JDK 17-21).
 * {@code instance} is the address the shim gave {@code Bootstrap.start}; it stays valid until
 * {@link #stopped} is called for it.
 */
public interface NativeBridge {

    /** vj_next_chunk: a chunk came into {@code into}. */
    int CHUNK = 1;
    /** vj_next_chunk: nothing within the timeout. */
    int NONE = 0;
    /** vj_next_chunk: closed for shutdown, and drained. */
    int CLOSED = -1;
    /** vj_next_chunk: closed for a hot reload, and drained. */
    int CLOSED_FOR_RELOAD = -2;

    /** Fluent Bit's log levels, as vj_log_line and vj_log_enabled take them. */
    int LOG_ERROR = 1;
    int LOG_WARN = 2;
    int LOG_INFO = 3;
    int LOG_DEBUG = 4;
    int LOG_TRACE = 5;

    /** Which implementation, for the startup log line. */
    String name();

    /** vj_bridge_layout: the shim's side of the boundary, for {@link Boundary#check}. */
    String layout();

    /** Waits up to {@code timeoutMs} for the next flushed chunk, copies it into {@code into} and frees it. */
    int nextChunk(long instance, ChunkBuffer into, int timeoutMs);

    /** A property of the instance; readable only while Bootstrap.start runs. Null when unset. */
    String property(long instance, String key);

    boolean logEnabled(long instance, int level);

    void log(long instance, int level, String message);

    void setChunkQueueSize(long instance, long bytes);

    /** Flushes the shim answered retry so far, because the chunk queue stayed full. */
    long queueRetried(long instance);

    /** Chunks in the shim's queue now: accepted by a flush, not yet taken by the drain. */
    long queueChunks(long instance);

    /** Bytes (chunk + tag) the shim's queue holds now, or has reserved for a flush still copying in. */
    long queueBytes(long instance);

    /** vj_direct_megabytes: the native memory for entries the shim gives the JVM for streams of that many bytes, summed over instances. */
    long directMegabytes(long streamQueueBytes);

    /**
     * vj_lower_thread_priority: gives the calling thread the lowest scheduling priority (nice 19), as
     * Linux schedules each thread by its own and Java's priorities do nothing there. 0, or an errno.
     */
    int lowerThreadPriority();

    /** Java will not touch {@code instance} again. */
    void stopped(long instance);
}
