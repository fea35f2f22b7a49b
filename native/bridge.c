#define _GNU_SOURCE
#include "bridge.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "instance.h"
#include "jvm_options.h"

const char *vj_bridge_layout(void)
{
    static char line[512];

    /* the same line each time; written before Java can call anything else */
    snprintf(line, sizeof(line),
             "abi %d; chunk_view %zu: token %zu, data %zu, size %zu, tag %zu, tag_len %zu; "
             "next_chunk: chunk %d, none %d, closed %d, closed_for_reload %d; "
             "log: error %d, warn %d, info %d, debug %d, trace %d",
             VJ_BRIDGE_ABI, sizeof(struct vj_chunk_view), offsetof(struct vj_chunk_view, token),
             offsetof(struct vj_chunk_view, data), offsetof(struct vj_chunk_view, size),
             offsetof(struct vj_chunk_view, tag), offsetof(struct vj_chunk_view, tag_len),
             VJ_CHUNK, VJ_NONE, VJ_CLOSED, VJ_CLOSED_FOR_RELOAD,
             FLB_LOG_ERROR, FLB_LOG_WARN, FLB_LOG_INFO, FLB_LOG_DEBUG, FLB_LOG_TRACE);
    return line;
}

int32_t vj_next_chunk(void *inst, struct vj_chunk_view *out, int32_t timeout_ms)
{
    struct vj_instance *instance = inst;
    struct vj_chunk *c = NULL;
    int rc = queue_pop(&instance->queue, timeout_ms, &c);

    if (rc == 1) {
        out->token = c;
        out->data = c->data;
        out->size = (int64_t) c->size;
        out->tag = c->tag;
        out->tag_len = (int64_t) c->tag_len;
        return VJ_CHUNK;
    }
    if (rc == 0) {
        return VJ_NONE;
    }
    return instance_closed_for_reload(instance) ? VJ_CLOSED_FOR_RELOAD : VJ_CLOSED;
}

void vj_release(void *token)
{
    free(token);
}

const char *vj_property(void *inst, const char *key)
{
    return instance_property(inst, key);
}

int32_t vj_log_enabled(void *inst, int32_t level)
{
    return instance_log_enabled(inst, level);
}

void vj_log_line(void *inst, int32_t level, const char *message)
{
    instance_log(inst, level, "%s", message);
}

void vj_set_chunk_queue_size(void *inst, int64_t bytes)
{
    queue_set_limit(&((struct vj_instance *) inst)->queue, bytes > 0 ? (size_t) bytes : 0);
}

int64_t vj_queue_retried(void *inst)
{
    struct vj_queue *q = &((struct vj_instance *) inst)->queue;
    int64_t retried;

    pthread_mutex_lock(&q->lock);
    retried = (int64_t) q->retried;
    pthread_mutex_unlock(&q->lock);
    return retried;
}

int64_t vj_queue_chunks(void *inst)
{
    struct vj_queue *q = &((struct vj_instance *) inst)->queue;
    int64_t chunks;

    pthread_mutex_lock(&q->lock);
    chunks = (int64_t) (q->pushed - q->popped);
    pthread_mutex_unlock(&q->lock);
    return chunks;
}

int64_t vj_queue_bytes(void *inst)
{
    struct vj_queue *q = &((struct vj_instance *) inst)->queue;
    int64_t bytes;

    pthread_mutex_lock(&q->lock);
    bytes = (int64_t) q->bytes;
    pthread_mutex_unlock(&q->lock);
    return bytes;
}

int64_t vj_direct_megabytes(int64_t stream_queue_bytes)
{
    return jvm_direct_megabytes(stream_queue_bytes);
}

int32_t vj_lower_thread_priority(void)
{
    /* PRIO_PROCESS with a thread's id sets that thread only; lowering a priority needs no privilege.
     * Not SCHED_IDLE: with the cores full it starved the server (a health check took up to 2.5 s) and
     * gained the pipeline nothing measurable (BENCHMARKS.md, "100 pollers, measured to the chunk"). */
    return setpriority(PRIO_PROCESS, (id_t) syscall(SYS_gettid), 19) == 0 ? 0 : errno;
}

void vj_stopped(void *inst)
{
    instance_after(inst, instance_java_stopped(inst));
}
