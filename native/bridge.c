#define _GNU_SOURCE
#include "bridge.h"

#include <stdlib.h>

#include "instance.h"

_Static_assert(sizeof(struct vj_chunk_view) == 40, "Java reads vj_chunk_view at fixed offsets");

int32_t vj_bridge_abi(void)
{
    return VJ_BRIDGE_ABI * 1000 + (int32_t) sizeof(struct vj_chunk_view);
}

int32_t vj_next_chunk(void *handle, struct vj_chunk_view *out, int32_t timeout_ms)
{
    struct vj_instance *inst = handle;
    struct vj_chunk *c = NULL;
    int rc = queue_pop(&inst->queue, timeout_ms, &c);

    if (rc == 1) {
        out->token = c;
        out->data = c->data;
        out->size = (int64_t) c->size;
        out->tag = c->tag;
        out->tag_len = (int64_t) c->tag_len;
        return 1;
    }
    if (rc == 0) {
        return 0;
    }
    pthread_mutex_lock(&inst->lock);
    rc = inst->closed_for_reload ? -2 : -1;
    pthread_mutex_unlock(&inst->lock);
    return rc;
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

int64_t vj_queue_retried(void *handle)
{
    struct vj_queue *q = &((struct vj_instance *) handle)->queue;
    int64_t retried;

    pthread_mutex_lock(&q->lock);
    retried = (int64_t) q->retried;
    pthread_mutex_unlock(&q->lock);
    return retried;
}

void vj_stopped(void *handle)
{
    struct vj_instance *inst = handle;
    int orphaned;

    pthread_mutex_lock(&inst->lock);
    inst->java_running = 0;
    orphaned = inst->orphaned;
    pthread_cond_broadcast(&inst->stopped_cond);
    pthread_mutex_unlock(&inst->lock);
    if (orphaned) {
        instance_free(inst);
    }
}
