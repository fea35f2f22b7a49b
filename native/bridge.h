/*
 * The only functions Java calls. Mirrored, name for name, by java/src/main/java/vivo/bridge/
 * NativeBridge.java (Panama on JDK 22+, jnr-ffi on JDK 17-21). Java checks vj_bridge_abi() first,
 * so a jar and a shim from different builds refuse to run together instead of crashing.
 *
 * `inst` is the address Bootstrap.start received; it stays valid until Java calls vj_stopped.
 */
#ifndef VJ_BRIDGE_H
#define VJ_BRIDGE_H

#include <stdint.h>

#define VJ_EXPORT __attribute__((visibility("default")))

/* Bump on any change of a signature or of struct vj_chunk_view. */
#define VJ_BRIDGE_ABI 2

/* Filled by vj_next_chunk; 40 bytes, no padding. */
struct vj_chunk_view {
    void          *token;    /* pass to vj_release once data and tag have been read */
    const uint8_t *data;
    int64_t        size;
    const char    *tag;      /* UTF-8, NUL-terminated */
    int64_t        tag_len;
};

/* VJ_BRIDGE_ABI * 1000 + sizeof(struct vj_chunk_view). */
VJ_EXPORT int32_t vj_bridge_abi(void);

/* Next flushed chunk, waiting up to timeout_ms: 1 got one, 0 none yet, -1 closed for shutdown
 * and drained, -2 closed for a hot reload and drained. */
VJ_EXPORT int32_t vj_next_chunk(void *inst, struct vj_chunk_view *out, int32_t timeout_ms);
VJ_EXPORT void vj_release(void *token);

/* A property of the instance, readable only while Bootstrap.start runs; NULL when unset. */
VJ_EXPORT const char *vj_property(void *inst, const char *key);

VJ_EXPORT int32_t vj_log_enabled(void *inst, int32_t level);
VJ_EXPORT void vj_log_line(void *inst, int32_t level, const char *message);

/* The configured chunk_queue_size, in bytes. */
VJ_EXPORT void vj_set_chunk_queue_size(void *inst, int64_t bytes);

/* Flushes answered FLB_RETRY so far because the queue stayed full (or was closed). */
VJ_EXPORT int64_t vj_queue_retried(void *inst);

/* Java's side of the instance has stopped and will not touch inst again. */
VJ_EXPORT void vj_stopped(void *inst);

#endif
