package vivo.bridge;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;

/** The bridge on JDK 17-21: the same few calls through jnr-ffi. */
public final class JnrBridge implements NativeBridge {

    /** native/bridge.h, as jnr-ffi binds it; pointers the shim owns travel as {@code long}. */
    public interface Shim {
        String vj_bridge_layout();

        int vj_next_chunk(long instance, Pointer out, int timeoutMs);

        void vj_release(long token);

        Pointer vj_property(long instance, @In byte[] key);

        int vj_log_enabled(long instance, int level);

        void vj_log_line(long instance, int level, @In byte[] message);

        void vj_set_chunk_queue_size(long instance, long bytes);

        long vj_queue_retried(long instance);

        long vj_queue_chunks(long instance);

        long vj_queue_bytes(long instance);

        long vj_direct_megabytes(long streamQueueBytes);

        int vj_lower_thread_priority();

        void vj_stopped(long instance);
    }

    private final Shim shim;
    private final Runtime runtime;
    private final ThreadLocal<Pointer> views;
    private final ThreadLocal<byte[]> tags = ThreadLocal.withInitial(() -> new byte[256]);

    public JnrBridge(Path shimPath) {
        shim = LibraryLoader.create(Shim.class).load(shimPath.toString());
        runtime = Runtime.getRuntime(shim);
        views = ThreadLocal.withInitial(() -> Memory.allocateDirect(runtime, Boundary.VIEW_BYTES));
    }

    @Override
    public String name() {
        return "jnr-ffi";
    }

    @Override
    public String layout() {
        return shim.vj_bridge_layout();
    }

    @Override
    public int nextChunk(long instance, ChunkBuffer into, int timeoutMs) {
        Pointer view = views.get();
        int rc = shim.vj_next_chunk(instance, view, timeoutMs);
        if (rc != CHUNK) {
            return rc;
        }
        long token = view.getLong(Boundary.TOKEN);
        try {
            int size = Math.toIntExact(view.getLong(Boundary.SIZE));
            Pointer.wrap(runtime, view.getLong(Boundary.DATA)).get(0, into.reserve(size), 0, size);
            int tagLen = Math.toIntExact(view.getLong(Boundary.TAG_LEN));
            byte[] tag = tags.get();
            if (tag.length < tagLen) {
                tag = new byte[tagLen];
                tags.set(tag);
            }
            Pointer.wrap(runtime, view.getLong(Boundary.TAG)).get(0, tag, 0, tagLen);
            into.setTag(tag, tagLen);
        } finally {
            shim.vj_release(token);
        }
        return CHUNK;
    }

    @Override
    public String property(long instance, String key) {
        Pointer value = shim.vj_property(instance, cString(key));
        return value == null ? null : value.getString(0, Integer.MAX_VALUE, StandardCharsets.UTF_8);
    }

    @Override
    public boolean logEnabled(long instance, int level) {
        return shim.vj_log_enabled(instance, level) != 0;
    }

    @Override
    public void log(long instance, int level, String message) {
        shim.vj_log_line(instance, level, cString(message));
    }

    @Override
    public void setChunkQueueSize(long instance, long bytes) {
        shim.vj_set_chunk_queue_size(instance, bytes);
    }

    @Override
    public long queueRetried(long instance) {
        return shim.vj_queue_retried(instance);
    }

    @Override
    public long queueChunks(long instance) {
        return shim.vj_queue_chunks(instance);
    }

    @Override
    public long queueBytes(long instance) {
        return shim.vj_queue_bytes(instance);
    }

    @Override
    public int lowerThreadPriority() {
        return shim.vj_lower_thread_priority();
    }

    @Override
    public long directMegabytes(long streamQueueBytes) {
        return shim.vj_direct_megabytes(streamQueueBytes);
    }

    @Override
    public void stopped(long instance) {
        shim.vj_stopped(instance);
    }

    /** UTF-8 and NUL-terminated, whatever the JVM's default charset (JDK 17 takes it from the locale). */
    private static byte[] cString(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        byte[] c = new byte[utf8.length + 1];
        System.arraycopy(utf8, 0, c, 0, utf8.length);
        return c;
    }
}
