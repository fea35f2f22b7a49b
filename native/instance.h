/*
 * One [OUTPUT] instance of vivo_java: its queue of flushed chunks, and what the host lent it.
 *
 * Lifetime: created by FLBPluginInit, handed to Java as a plain address. Freed by FLBPluginExitCtx
 * once Java has said it stopped (vj_stopped), or by vj_stopped itself when ExitCtx stopped waiting
 * first ("orphaned"). The host's api and o_ins are valid only until ExitCtx returns, so they are
 * cleared there, under `lock`; every use after that logs to stderr instead.
 */
#ifndef VJ_INSTANCE_H
#define VJ_INSTANCE_H

#include <pthread.h>

#include "host_abi.h"
#include "queue.h"

struct vj_instance {
    struct vj_queue  queue;
    pthread_mutex_t  lock;          /* guards every field below */
    pthread_cond_t   stopped_cond;
    struct flb_api  *api;
    void            *o_ins;
    char             name[32];      /* vivo_java.<n>, as Fluent Bit names instances */
    unsigned         generation;    /* the registration (first load or hot reload) it belongs to */
    int              starting;      /* Init is waiting for Java: properties may be read */
    int              java_running;  /* Java started its side and has not said it stopped */
    int              orphaned;      /* ExitCtx gave up waiting; vj_stopped frees it */
    int              closed_for_reload;
    struct vj_instance *next_live;  /* the list of instances not yet freed, for instance_log_any */
};

struct vj_instance *instance_new(struct flb_api *api, void *o_ins, unsigned generation, int index);
void instance_free(struct vj_instance *inst);

/* A property of this instance, or NULL when unset or when Init is over. */
const char *instance_property(struct vj_instance *inst, const char *key);

/* printf-style, one line, through Fluent Bit's logger with the instance's prefix. */
void instance_log(struct vj_instance *inst, int level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int instance_log_enabled(struct vj_instance *inst, int level);

/* For what belongs to no instance (the JVM's own messages): through any instance the host still
 * lends its logger to, else to stderr. */
void instance_log_any(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
