package vivo.bridge;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * The bridge on JDK 22+: plain (non-critical) downcalls, so that a drain thread blocked in
 * vj_next_chunk never holds up a safepoint (jvm-embedding.md 4.3). Lives in META-INF/versions/22.
 */
public final class PanamaBridge implements NativeBridge {

    private static final Linker LINKER = Linker.nativeLinker();

    private final MethodHandle layout;
    private final MethodHandle nextChunk;
    private final MethodHandle release;
    private final MethodHandle property;
    private final MethodHandle logEnabled;
    private final MethodHandle logLine;
    private final MethodHandle setChunkQueueSize;
    private final MethodHandle queueRetried;
    private final MethodHandle queueChunks;
    private final MethodHandle queueBytes;
    private final MethodHandle directMegabytes;
    private final MethodHandle lowerThreadPriority;
    private final MethodHandle stopped;
    /** One struct vj_chunk_view per drain thread, freed with the thread. */
    private final ThreadLocal<MemorySegment> views =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(Boundary.VIEW_BYTES, 8));

    public PanamaBridge(Path shimPath) {
        // a second dlopen reference to the shim, which is pinned anyway (-z nodelete)
        SymbolLookup shim = SymbolLookup.libraryLookup(shimPath, Arena.global());
        layout = handle(shim, "vj_bridge_layout", FunctionDescriptor.of(ADDRESS));
        nextChunk = handle(shim, "vj_next_chunk", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, JAVA_INT));
        release = handle(shim, "vj_release", FunctionDescriptor.ofVoid(JAVA_LONG));
        property = handle(shim, "vj_property", FunctionDescriptor.of(ADDRESS, JAVA_LONG, ADDRESS));
        logEnabled = handle(shim, "vj_log_enabled", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT));
        logLine = handle(shim, "vj_log_line", FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_INT, ADDRESS));
        setChunkQueueSize = handle(shim, "vj_set_chunk_queue_size", FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_LONG));
        queueRetried = handle(shim, "vj_queue_retried", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
        queueChunks = handle(shim, "vj_queue_chunks", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
        queueBytes = handle(shim, "vj_queue_bytes", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
        directMegabytes = handle(shim, "vj_direct_megabytes", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
        lowerThreadPriority = handle(shim, "vj_lower_thread_priority", FunctionDescriptor.of(JAVA_INT));
        stopped = handle(shim, "vj_stopped", FunctionDescriptor.ofVoid(JAVA_LONG));
    }

    private static MethodHandle handle(SymbolLookup shim, String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = shim.find(name)
                .orElseThrow(() -> new IllegalStateException("the shim has no " + name + "; rebuild with ./build.sh"));
        return LINKER.downcallHandle(symbol, descriptor);
    }

    @Override
    public String name() {
        return "Panama";
    }

    @Override
    public String layout() {
        try {
            return ((MemorySegment) layout.invokeExact()).reinterpret(Long.MAX_VALUE).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int nextChunk(long instance, ChunkBuffer into, int timeoutMs) {
        MemorySegment view = views.get();
        try {
            int rc = (int) nextChunk.invokeExact(instance, view, timeoutMs);
            if (rc != CHUNK) {
                return rc;
            }
            long token = view.get(JAVA_LONG, Boundary.TOKEN);
            try {
                int size = Math.toIntExact(view.get(JAVA_LONG, Boundary.SIZE));
                MemorySegment data = MemorySegment.ofAddress(view.get(JAVA_LONG, Boundary.DATA)).reinterpret(size);
                MemorySegment.copy(data, JAVA_BYTE, 0, into.reserve(size), 0, size);
                int tagLen = Math.toIntExact(view.get(JAVA_LONG, Boundary.TAG_LEN));
                byte[] tag = MemorySegment.ofAddress(view.get(JAVA_LONG, Boundary.TAG)).reinterpret(tagLen).toArray(JAVA_BYTE);
                into.setTag(tag, tagLen);
            } finally {
                release.invokeExact(token);
            }
            return CHUNK;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public String property(long instance, String key) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = (MemorySegment) property.invokeExact(instance, arena.allocateFrom(key));
            return value.equals(MemorySegment.NULL) ? null : value.reinterpret(Long.MAX_VALUE).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public boolean logEnabled(long instance, int level) {
        try {
            return (int) logEnabled.invokeExact(instance, level) != 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void log(long instance, int level, String message) {
        try (Arena arena = Arena.ofConfined()) {
            logLine.invokeExact(instance, level, arena.allocateFrom(message));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void setChunkQueueSize(long instance, long bytes) {
        try {
            setChunkQueueSize.invokeExact(instance, bytes);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long queueRetried(long instance) {
        try {
            return (long) queueRetried.invokeExact(instance);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long queueChunks(long instance) {
        try {
            return (long) queueChunks.invokeExact(instance);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long queueBytes(long instance) {
        try {
            return (long) queueBytes.invokeExact(instance);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long directMegabytes(long streamQueueBytes) {
        try {
            return (long) directMegabytes.invokeExact(streamQueueBytes);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int lowerThreadPriority() {
        try {
            return (int) lowerThreadPriority.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void stopped(long instance) {
        try {
            stopped.invokeExact(instance);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
