/*
 * fbhost: a stand-in for Fluent Bit that loads an external output plugin exactly the way Fluent Bit
 * does (../shared/spec/host-abi.md), for tests on machines where Fluent Bit is not installed.
 *
 *   plugins.c  dlopen, PreRegister/Register with the def size of the host version played, Unregister
 *   engine.c   the flb-pipeline thread: Init, workers, flushes inside coroutines, retries, shutdown
 *   fbhost.c   main: signals as Fluent Bit installs them, the main loop, hot reload, the logger
 */
#ifndef FBHOST_H
#define FBHOST_H

#include <pthread.h>
#include <stdint.h>

#include "abi.h"
#include "config.h"
#include "coro.h"

struct version {
    int major, minor, patch;
};

int version_at_least(struct version v, int major, int minor, int patch);

/* One dlopen + FLBPluginRegister. */
struct registration {
    char                  *path;
    void                  *handle;
    struct host_proxy_def *def;           /* sized for the host version, a guard page right after */
    void                  *def_mapping;
    size_t                 def_mapping_size;
    struct host_api       *api;
    struct host_go_plugin *plugin;
    char                  *name;          /* the host's copy of def->name */
    int                    event_type;    /* the routing mask: def->event_type, or logs */
    int                    ok;            /* registered as a proxy output */
};

struct task {
    struct task   *next;
    struct output *out;
    unsigned char *data;                  /* the task's chunk buffer, owned by the host */
    size_t         size;
    char          *tag;
    int            retries;
    int            result;
    uint64_t       due_ns;
};

struct task_queue {
    pthread_mutex_t lock;
    pthread_cond_t  cond;
    struct task    *head, *tail;
    int             closing;
};

struct worker {
    struct output    *out;
    int               index;
    pthread_t         thread;
    struct task_queue queue;
};

/* One [OUTPUT] instance: what the plugin sees as o_ins. */
struct output {
    struct generation         *gen;
    struct registration       *reg;
    const struct section      *section;
    char                       name[64];
    int                        log_level;
    const char                *match;
    int                        workers_count;
    int                        retry_limit;   /* -1: no limit */
    struct host_proxy_context *context;
    int                        initialised;
    struct worker             *workers;
    int                        next_worker;
    struct coro_stack          inline_stack;  /* workers 0: flushes run on flb-pipeline */
    /* counters, updated by the pipeline thread */
    uint64_t ok, retried, errors, dropped;
    size_t   max_stack;                      /* deepest coroutine stack use of a flush */
    uint64_t flushes, flush_ns_total, flush_ns_max;
    pthread_mutex_t stack_lock;             /* guards these four: workers flush concurrently */
};

struct input {
    int       dummy;           /* generated records, else recorded chunk files */
    char     *tag;
    double    rate;            /* chunks per second */
    long      count;           /* 0: forever */
    long      emitted;
    int       records;         /* dummy: records per chunk */
    uint64_t  next_ns;
    int       nfiles;
    struct { unsigned char *data; size_t size; char *tag; int type; } *files;
};

struct generation {
    int                   number;
    struct config        *config;
    struct version        version;
    int                   hot_reloading;      /* this generation comes from a reload */
    int                   hot_reload_enabled; /* -Y or [SERVICE] hot_reload on */
    size_t                coro_stack_size;
    int                   coro_guard;
    int                   grace_s;
    int                   retry_wait_ms;
    struct registration **regs;
    int                   nregs;
    struct output        *outputs;
    int                   noutputs;
    struct input         *inputs;
    int                   ninputs;
    pthread_t             pipeline;
    int                   pipeline_started;
    /* the pipeline thread's state */
    struct task_queue     done;           /* flushed tasks coming back from workers */
    struct task          *scheduled;      /* retries waiting for their time */
    long                  pending;        /* tasks not yet finished */
    volatile int          stop_requested;
    int                   stop_for_reload;
    volatile int          init_failed;
    volatile int          finished;       /* the pipeline thread is done */
    int                   inputs_done_told;
};

/* plugins.c */
struct registration *plugin_load(const char *path, struct version v, int hot_reloading);
void plugin_unload(struct registration *r);

/* engine.c */
int  engine_start(struct generation *g);
void engine_stop(struct generation *g, int for_reload);

/* fbhost.c */
void host_log(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void host_event(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
extern struct host_api host_api_template;

#endif
