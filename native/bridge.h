/*
 * The only functions Java calls. Mirrored, name for name, by java/src/main/java/vivo/bridge/
 * NativeBridge.java (Panama on JDK 22+, jnr-ffi on JDK 17-21). Java compares vj_bridge_layout() with
 * the line it writes from its own constants (java/src/main/java/vivo/bridge/Boundary.java) before
 * anything else, so a jar and a shim that disagree on any signature, offset or code refuse to run
 * together instead of crashing.
 *
 * `inst` is the address Bootstrap.start received; it stays valid until Java calls vj_stopped.
 */
#ifndef VJ_BRIDGE_H
#define VJ_BRIDGE_H

#include <stdint.h>

#define VJ_EXPORT __attribute__((visibility("default")))

/* Bump on any change of a signature (offsets and codes are compared one by one). */
#define VJ_BRIDGE_ABI 5

/* Filled by vj_next_chunk. */
struct vj_chunk_view {
    void          *token;    /* pass to vj_release once data and tag have been read */
    const uint8_t *data;
    int64_t        size;
    const char    *tag;      /* UTF-8, NUL-terminated */
    int64_t        tag_len;
};

/* What vj_next_chunk answers. */
enum vj_next_result {
    VJ_CHUNK = 1,              /* `out` holds a chunk */
    VJ_NONE = 0,               /* none within the timeout */
    VJ_CLOSED = -1,            /* closed for shutdown, and drained */
    VJ_CLOSED_FOR_RELOAD = -2, /* closed for a hot reload, and drained */
};

/*
 * This side of the boundary as one line: the ABI, the size and each field's offset of vj_chunk_view,
 * each answer of vj_next_chunk and each log level, e.g. "abi 3; chunk_view 40: token 0, data 8, ...".
 */
VJ_EXPORT const char *vj_bridge_layout(void);

/* Waits up to timeout_ms for the next flushed chunk: an enum vj_next_result. */
VJ_EXPORT int32_t vj_next_chunk(void *inst, struct vj_chunk_view *out, int32_t timeout_ms);
VJ_EXPORT void vj_release(void *token);

/* A property of the instance, readable only while Bootstrap.start runs; NULL when unset. */
VJ_EXPORT const char *vj_property(void *inst, const char *key);

/* level: FLB_LOG_ERROR (1) to FLB_LOG_TRACE (5), host_abi.h */
VJ_EXPORT int32_t vj_log_enabled(void *inst, int32_t level);
VJ_EXPORT void vj_log_line(void *inst, int32_t level, const char *message);

/* The configured chunk_queue_size, in bytes. */
VJ_EXPORT void vj_set_chunk_queue_size(void *inst, int64_t bytes);

/* Flushes answered FLB_RETRY so far because the queue stayed full (or was closed). */
VJ_EXPORT int64_t vj_queue_retried(void *inst);

/* Chunks in the queue now: accepted by a flush, not yet taken by Java. */
VJ_EXPORT int64_t vj_queue_chunks(void *inst);

/* Bytes (chunk + tag) the queue holds now, or has reserved for a flush still copying its chunk in. */
VJ_EXPORT int64_t vj_queue_bytes(void *inst);

/* The native memory for entries, in MB, that the shim gives the JVM for streams of that many bytes (jvm_options.h). */
VJ_EXPORT int64_t vj_direct_megabytes(int64_t stream_queue_bytes);

/*
 * Gives the calling thread the lowest scheduling priority, nice 19: Linux schedules each thread by its
 * own. Java's thread priorities do nothing there, so the HTTP threads ask for this when they start,
 * and serving takes only the CPU the pipeline leaves. 0, or the errno of setpriority.
 */
VJ_EXPORT int32_t vj_lower_thread_priority(void);

/* Java's side of the instance has stopped and will not touch inst again. */
VJ_EXPORT void vj_stopped(void *inst);

#endif
