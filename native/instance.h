/*
 * One [OUTPUT] instance of vivo_java: its queue of flushed chunks, and what the host lent it.
 *
 * Lifetime, the one rule: an instance has two holders, the host and Java.
 *   - The host holds it from FLBPluginInit until FLBPluginExitCtx returns, or until Init fails.
 *   - Java holds it from the moment its start is handed to the JVM thread until the start fails or
 *     Java calls vj_stopped.
 * Each lets go once, through a transition below; each transition takes `lock` itself, and the one
 * that lets go last gets INSTANCE_FREE back and frees the instance. The host's api and o_ins are
 * cleared when the host lets go (the host frees them after ExitCtx); log lines after that go to stderr.
 */
#ifndef VJ_INSTANCE_H
#define VJ_INSTANCE_H

#include <pthread.h>

#include "host_abi.h"
#include "queue.h"

struct vj_instance {
    struct vj_queue  queue;
    pthread_mutex_t  lock;          /* guards every field below */
    pthread_cond_t   stopped_cond;  /* broadcast when Java lets go */
    struct flb_api  *api;
    void            *o_ins;
    char             name[32];      /* vivo_java.<n>, as Fluent Bit names instances */
    unsigned         generation;    /* the registration (first load or hot reload) it belongs to */
    int              host_holds;
    int              java_holds;
    int              starting;      /* Java's start runs and the host waits for it: properties may be read */
    int              closed_for_reload;
    struct vj_instance *next_live;  /* the list of instances not yet freed, for instance_log_any */
    int              first_flush_seen;  /* not under the lock: atomic, set by the first flush (shim.c) */
};

/* What a transition tells its caller to do. */
enum instance_after {
    INSTANCE_KEEP,   /* nothing: the other holder still has it */
    INSTANCE_FREE,   /* the caller let go last: call instance_free */
    INSTANCE_STOP,   /* Java started it but the host is gone: close the queue, Java then stops and frees it */
};

/* Held by the host; the queue's bound is 0 until Java sets chunk_queue_size, before Init returns. */
struct vj_instance *instance_new(struct flb_api *api, void *o_ins, unsigned generation, int index);
void instance_free(struct vj_instance *inst);

/* The start is handed to the JVM thread: Java holds it, and may read properties until it answers. */
void instance_start_handed_over(struct vj_instance *inst);
/* Java's start answered (the JVM thread, after Bootstrap.start). A failed start lets Java's hold go. */
enum instance_after instance_start_answered(struct vj_instance *inst, int started);
/* The host lets go: after ExitCtx, or a failed Init. */
enum instance_after instance_host_lets_go(struct vj_instance *inst);
/* Java lets go (vj_stopped). */
enum instance_after instance_java_stopped(struct vj_instance *inst);
/* Carries out what a transition said; `inst` may be gone after it. */
void instance_after(struct vj_instance *inst, enum instance_after what);

/* ExitCtx: no more flushes; Java drains what was accepted, then stops. */
void instance_close(struct vj_instance *inst, int for_reload);
int instance_closed_for_reload(struct vj_instance *inst);
/* Waits up to timeout_s for Java to let go; 1 when Java still holds it. */
int instance_wait_java_stopped(struct vj_instance *inst, int timeout_s);

/* A property of this instance, or NULL when unset or when Java's start is over. */
const char *instance_property(struct vj_instance *inst, const char *key);

/* printf-style, one line, through Fluent Bit's logger with the instance's prefix. */
void instance_log(struct vj_instance *inst, int level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int instance_log_enabled(struct vj_instance *inst, int level);

/* For what belongs to no instance (the JVM's own messages): through any instance the host still
 * lends its logger to, else to stderr. */
void instance_log_any(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
