#define _GNU_SOURCE
#include "instance.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The default size of the flushed-chunk queue until Java sets the configured one. */
#define VJ_DEFAULT_CHUNK_QUEUE_SIZE (16u * 1000u * 1000u)

static pthread_mutex_t live_lock = PTHREAD_MUTEX_INITIALIZER;   /* taken before any inst->lock */
static struct vj_instance *live;

struct vj_instance *instance_new(struct flb_api *api, void *o_ins, unsigned generation, int index)
{
    struct vj_instance *inst = calloc(1, sizeof(*inst));

    if (!inst) {
        return NULL;
    }
    if (queue_init(&inst->queue, VJ_DEFAULT_CHUNK_QUEUE_SIZE) != 0) {
        free(inst);
        return NULL;
    }
    pthread_mutex_init(&inst->lock, NULL);
    pthread_cond_init(&inst->stopped_cond, NULL);
    inst->api = api;
    inst->o_ins = o_ins;
    inst->generation = generation;
    snprintf(inst->name, sizeof(inst->name), "vivo_java.%d", index);
    pthread_mutex_lock(&live_lock);
    inst->next_live = live;
    live = inst;
    pthread_mutex_unlock(&live_lock);
    return inst;
}

void instance_free(struct vj_instance *inst)
{
    struct vj_instance **link;

    pthread_mutex_lock(&live_lock);
    for (link = &live; *link; link = &(*link)->next_live) {
        if (*link == inst) {
            *link = inst->next_live;
            break;
        }
    }
    pthread_mutex_unlock(&live_lock);
    queue_destroy(&inst->queue);
    pthread_cond_destroy(&inst->stopped_cond);
    pthread_mutex_destroy(&inst->lock);
    free(inst);
}

const char *instance_property(struct vj_instance *inst, const char *key)
{
    const char *value = NULL;

    pthread_mutex_lock(&inst->lock);
    if (inst->starting && inst->api) {
        value = inst->api->output_get_property(key, inst->o_ins);
    }
    pthread_mutex_unlock(&inst->lock);
    return value;
}

int instance_log_enabled(struct vj_instance *inst, int level)
{
    int enabled = level <= FLB_LOG_INFO;

    pthread_mutex_lock(&inst->lock);
    if (inst->api && inst->o_ins) {
        enabled = inst->api->output_log_check(inst->o_ins, level);
    }
    pthread_mutex_unlock(&inst->lock);
    return enabled;
}

static const char *level_name(int level)
{
    switch (level) {
    case FLB_LOG_ERROR: return "error";
    case FLB_LOG_WARN:  return " warn";
    case FLB_LOG_INFO:  return " info";
    case FLB_LOG_DEBUG: return "debug";
    default:            return "trace";
    }
}

static void log_message(struct vj_instance *inst, int level, const char *msg);

void instance_log(struct vj_instance *inst, int level, const char *fmt, ...)
{
    char msg[1024];
    va_list args;

    va_start(args, fmt);
    vsnprintf(msg, sizeof(msg), fmt, args);
    va_end(args);
    log_message(inst, level, msg);
}

void instance_log_any(int level, const char *fmt, ...)
{
    struct vj_instance *inst;
    char msg[1024];
    va_list args;

    va_start(args, fmt);
    vsnprintf(msg, sizeof(msg), fmt, args);
    va_end(args);

    pthread_mutex_lock(&live_lock);
    for (inst = live; inst; inst = inst->next_live) {
        pthread_mutex_lock(&inst->lock);
        int lent = inst->api && inst->o_ins;
        pthread_mutex_unlock(&inst->lock);
        if (lent) {
            log_message(inst, level, msg);
            break;
        }
    }
    pthread_mutex_unlock(&live_lock);
    if (!inst && level <= FLB_LOG_INFO) {
        fprintf(stderr, "[vivo_java] [%s] %s\n", level_name(level), msg);
    }
}

static void log_message(struct vj_instance *inst, int level, const char *msg)
{
    /*
     * Under the lock, so that ExitCtx cannot clear api while it is in use. log_print works from
     * threads Fluent Bit did not create: it then writes to stderr itself (host-abi.md 2.5).
     */
    pthread_mutex_lock(&inst->lock);
    if (inst->api && inst->o_ins) {
        if (inst->api->output_log_check(inst->o_ins, level)) {
            inst->api->log_print(level, __FILE__, __LINE__, "[output:vivo_java:%s] %s", inst->name, msg);
        }
    }
    else if (level <= FLB_LOG_INFO) {
        fprintf(stderr, "[vivo_java] [%s] [%s] %s\n", level_name(level), inst->name, msg);
    }
    pthread_mutex_unlock(&inst->lock);
}
