#define _GNU_SOURCE
#include "instance.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static pthread_mutex_t live_lock = PTHREAD_MUTEX_INITIALIZER;   /* taken before any inst->lock */
static struct vj_instance *live;

struct vj_instance *instance_new(struct flb_api *api, void *o_ins, unsigned generation, int index)
{
    struct vj_instance *inst = calloc(1, sizeof(*inst));

    if (!inst) {
        return NULL;
    }
    /* no flush can come before Init returns, and Java sets chunk_queue_size before it does: one default,
     * vivo.config.Property's */
    if (queue_init(&inst->queue, 0) != 0) {
        free(inst);
        return NULL;
    }
    pthread_mutex_init(&inst->lock, NULL);
    pthread_cond_init(&inst->stopped_cond, NULL);
    inst->api = api;
    inst->o_ins = o_ins;
    inst->generation = generation;
    inst->host_holds = 1;
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

void instance_start_handed_over(struct vj_instance *inst)
{
    pthread_mutex_lock(&inst->lock);
    inst->java_holds = 1;
    inst->starting = inst->host_holds;
    pthread_mutex_unlock(&inst->lock);
}

enum instance_after instance_start_answered(struct vj_instance *inst, int started)
{
    enum instance_after after = INSTANCE_KEEP;

    pthread_mutex_lock(&inst->lock);
    inst->starting = 0;
    if (!started) {
        inst->java_holds = 0;
        pthread_cond_broadcast(&inst->stopped_cond);
        after = inst->host_holds ? INSTANCE_KEEP : INSTANCE_FREE;
    }
    else if (!inst->host_holds) {
        after = INSTANCE_STOP;
    }
    pthread_mutex_unlock(&inst->lock);
    return after;
}

enum instance_after instance_host_lets_go(struct vj_instance *inst)
{
    enum instance_after after;

    pthread_mutex_lock(&inst->lock);
    inst->host_holds = 0;
    inst->starting = 0;
    inst->api = NULL;
    inst->o_ins = NULL;
    after = inst->java_holds ? INSTANCE_KEEP : INSTANCE_FREE;
    pthread_mutex_unlock(&inst->lock);
    return after;
}

enum instance_after instance_java_stopped(struct vj_instance *inst)
{
    enum instance_after after;

    pthread_mutex_lock(&inst->lock);
    inst->java_holds = 0;
    pthread_cond_broadcast(&inst->stopped_cond);
    after = inst->host_holds ? INSTANCE_KEEP : INSTANCE_FREE;
    pthread_mutex_unlock(&inst->lock);
    return after;
}

void instance_after(struct vj_instance *inst, enum instance_after what)
{
    if (what == INSTANCE_FREE) {
        instance_free(inst);
    }
    else if (what == INSTANCE_STOP) {
        queue_close(&inst->queue);
    }
}

void instance_close(struct vj_instance *inst, int for_reload)
{
    pthread_mutex_lock(&inst->lock);
    inst->closed_for_reload = for_reload;
    pthread_mutex_unlock(&inst->lock);
    queue_close(&inst->queue);
}

int instance_closed_for_reload(struct vj_instance *inst)
{
    int reload;

    pthread_mutex_lock(&inst->lock);
    reload = inst->closed_for_reload;
    pthread_mutex_unlock(&inst->lock);
    return reload;
}

int instance_wait_java_stopped(struct vj_instance *inst, int timeout_s)
{
    struct timespec deadline;
    int holds;

    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += timeout_s;
    pthread_mutex_lock(&inst->lock);
    while (inst->java_holds) {
        if (pthread_cond_timedwait(&inst->stopped_cond, &inst->lock, &deadline) != 0) {
            break;
        }
    }
    holds = inst->java_holds;
    pthread_mutex_unlock(&inst->lock);
    return holds;
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

/* The one format of a line that cannot reach Fluent Bit's logger; Java's StderrLog writes the same. */
static void log_to_stderr(int level, const char *name, const char *msg)
{
    if (level <= FLB_LOG_INFO) {
        fprintf(stderr, "[vivo_java] [%s]%s%s%s %s\n", level_name(level), name ? " [" : "", name ? name : "",
                name ? "]" : "", msg);
    }
}

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
    if (!inst) {
        log_to_stderr(level, NULL, msg);
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
    else {
        log_to_stderr(level, inst->name, msg);
    }
    pthread_mutex_unlock(&inst->lock);
}
