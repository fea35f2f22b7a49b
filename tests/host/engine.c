/*
 * The flb-pipeline thread of one generation (host-abi.md 5, 8): Init of every instance in order,
 * worker threads, FLBPluginOutputPreRun, then the engine loop that turns input chunks into flush tasks,
 * runs each flush inside a coroutine (on flb-pipeline with workers 0, else on flb-out-<name>-w<i>),
 * retries what the plugin answered FLB_RETRY, and at the end the shutdown order: drain within the
 * grace period, join workers, FLBPluginOutputPreExit, FLBPluginExitCtx.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fbhost.h"

#define TICK_MS 5

static uint64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t) ts.tv_sec * 1000000000ull + (uint64_t) ts.tv_nsec;
}

/* ---- task queues ----------------------------------------------------------------------------- */

static void queue_init(struct task_queue *q)
{
    memset(q, 0, sizeof(*q));
    pthread_mutex_init(&q->lock, NULL);
    pthread_cond_init(&q->cond, NULL);
}

static void queue_push(struct task_queue *q, struct task *t)
{
    pthread_mutex_lock(&q->lock);
    t->next = NULL;
    if (q->tail) {
        q->tail->next = t;
    }
    else {
        q->head = t;
    }
    q->tail = t;
    pthread_cond_signal(&q->cond);
    pthread_mutex_unlock(&q->lock);
}

/* Waits up to timeout_ms (forever when < 0); NULL on timeout or once closing and empty. */
static struct task *queue_pop(struct task_queue *q, int timeout_ms)
{
    struct timespec deadline;
    struct task *t;

    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_nsec += (long) timeout_ms * 1000000L;
    deadline.tv_sec += deadline.tv_nsec / 1000000000L;
    deadline.tv_nsec %= 1000000000L;
    pthread_mutex_lock(&q->lock);
    while (!q->head && !q->closing) {
        if (timeout_ms < 0) {
            pthread_cond_wait(&q->cond, &q->lock);
        }
        else if (pthread_cond_timedwait(&q->cond, &q->lock, &deadline) == ETIMEDOUT) {
            break;
        }
    }
    t = q->head;
    if (t) {
        q->head = t->next;
        if (!q->head) {
            q->tail = NULL;
        }
    }
    pthread_mutex_unlock(&q->lock);
    return t;
}

/* ---- one flush, inside a coroutine ------------------------------------------------------------ */

struct flush_call {
    struct output *out;
    struct task   *task;
    char          *tag;
    int            ret;
};

static void flush_entry(void *arg)
{
    struct flush_call *c = arg;
    struct host_go_plugin *p = c->out->reg->plugin;

    if (p->cb_flush_ctx) {
        c->ret = p->cb_flush_ctx(c->out->context->remote_context, c->task->data, c->task->size, c->tag);
    }
    else {
        c->ret = p->cb_flush(c->task->data, c->task->size, c->tag);
    }
}

/* proxy_go_output_flush: a malloc'd tag copy, freed right after the call; results other than 0-2 are errors */
static int flush_task(struct output *out, struct task *t, struct coro_stack *stack)
{
    struct flush_call call = { out, t, strdup(t->tag), FLB_ERROR };
    uint64_t start = now_ns(), took;
    size_t used;

    used = coro_run(stack, flush_entry, &call);
    took = now_ns() - start;
    memset(call.tag, 0xDB, strlen(call.tag));   /* a plugin that kept the pointer reads garbage */
    free(call.tag);

    pthread_mutex_lock(&out->stack_lock);
    if (used > out->max_stack) {
        out->max_stack = used;
    }
    out->flushes++;
    out->flush_ns_total += took;
    if (took > out->flush_ns_max) {
        out->flush_ns_max = took;
    }
    pthread_mutex_unlock(&out->stack_lock);
    return call.ret >= FLB_ERROR && call.ret <= FLB_RETRY ? call.ret : FLB_ERROR;
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    struct coro_stack stack;
    char name[16];
    struct task *t;

    snprintf(name, sizeof(name), "flb-out-%.3s-w%d", w->out->name, w->index);
    pthread_setname_np(pthread_self(), name);
    if (coro_stack_init(&stack, w->out->gen->coro_stack_size, w->out->gen->coro_guard) != 0) {
        host_log(1, "[engine] cannot allocate a coroutine stack");
        return NULL;
    }
    while ((t = queue_pop(&w->queue, -1)) != NULL) {
        t->result = flush_task(w->out, t, &stack);
        queue_push(&w->out->gen->done, t);
    }
    coro_stack_free(&stack);
    return NULL;
}

/* ---- inputs and routing ---------------------------------------------------------------------- */

/* A dummy chunk: `records` log records [[EventTime, {}], {"message":"dummy","seq":N}]. */
static unsigned char *dummy_chunk(struct input *in, size_t *size)
{
    size_t per = 2 + 10 + 1 + 1 + 8 + 6 + 5 + 4 + 9;
    unsigned char *buf = malloc(per * (size_t) in->records), *p = buf;
    struct timespec ts;
    int i;

    clock_gettime(CLOCK_REALTIME, &ts);
    for (i = 0; i < in->records; i++) {
        uint64_t seq = (uint64_t) in->emitted * (uint64_t) in->records + (uint64_t) i;
        uint32_t sec = (uint32_t) ts.tv_sec, nsec = (uint32_t) ts.tv_nsec;
        int b;
        *p++ = 0x92;                                   /* [ header, body ] */
        *p++ = 0x92;                                   /* [ time, metadata ] */
        *p++ = 0xd7; *p++ = 0x00;                      /* fixext 8, type 0: EventTime */
        for (b = 3; b >= 0; b--) *p++ = (unsigned char) (sec >> (b * 8));
        for (b = 3; b >= 0; b--) *p++ = (unsigned char) (nsec >> (b * 8));
        *p++ = 0x80;                                   /* {} */
        *p++ = 0x82;                                   /* { 2 keys } */
        *p++ = 0xa7; memcpy(p, "message", 7); p += 7;
        *p++ = 0xa5; memcpy(p, "dummy", 5); p += 5;
        *p++ = 0xa3; memcpy(p, "seq", 3); p += 3;
        *p++ = 0xcf;                                   /* uint 64 */
        for (b = 7; b >= 0; b--) *p++ = (unsigned char) (seq >> (b * 8));
    }
    *size = (size_t) (p - buf);
    return buf;
}

/* workers 0: the flush runs right here on flb-pipeline; else on the next worker, round-robin */
static void dispatch(struct generation *g, struct task *t)
{
    struct output *out = t->out;

    if (out->workers_count == 0) {
        t->result = flush_task(out, t, &out->inline_stack);
        queue_push(&g->done, t);
    }
    else {
        queue_push(&out->workers[out->next_worker++ % out->workers_count].queue, t);
    }
}

static void route(struct generation *g, const unsigned char *data, size_t size, const char *tag, int type)
{
    int i;

    for (i = 0; i < g->noutputs; i++) {
        struct output *out = &g->outputs[i];
        struct task *t;
        if (!(out->reg->event_type & type) || fnmatch(out->match, tag, 0) != 0) {
            continue;
        }
        t = calloc(1, sizeof(*t));
        t->out = out;
        t->data = malloc(size);
        memcpy(t->data, data, size);
        t->size = size;
        t->tag = strdup(tag);
        g->pending++;
        dispatch(g, t);
    }
}

static void run_inputs(struct generation *g, uint64_t now)
{
    int i;

    for (i = 0; i < g->ninputs; i++) {
        struct input *in = &g->inputs[i];
        while ((in->count == 0 || in->emitted < in->count) && now >= in->next_ns) {
            if (in->dummy) {
                size_t size;
                unsigned char *chunk = dummy_chunk(in, &size);
                route(g, chunk, size, in->tag, EVENT_LOGS);
                free(chunk);
            }
            else {
                int f = (int) (in->emitted % in->nfiles);
                route(g, in->files[f].data, in->files[f].size, in->tag ? in->tag : in->files[f].tag,
                      in->files[f].type);
            }
            in->emitted++;
            in->next_ns += (uint64_t) (1e9 / in->rate);
        }
    }
}

static int inputs_exhausted(struct generation *g)
{
    int i;

    for (i = 0; i < g->ninputs; i++) {
        if (g->inputs[i].count == 0 || g->inputs[i].emitted < g->inputs[i].count) {
            return 0;
        }
    }
    return 1;
}

/* ---- results ---------------------------------------------------------------------------------- */

static void task_free(struct task *t)
{
    memset(t->data, 0xDB, t->size);   /* the chunk buffer is reused or released after the flush */
    free(t->data);
    free(t->tag);
    free(t);
}

static void finish(struct generation *g, struct task *t)
{
    struct output *out = t->out;

    if (t->result == FLB_OK) {
        out->ok++;
    }
    else if (t->result == FLB_RETRY) {
        out->retried++;
        if (out->retry_limit < 0 || t->retries < out->retry_limit) {
            t->retries++;
            t->due_ns = now_ns() + (uint64_t) g->retry_wait_ms * 1000000ull;
            t->next = g->scheduled;
            g->scheduled = t;
            return;
        }
        host_log(2, "[engine] chunk for %s cannot be retried: dropped", out->name);
        out->dropped++;
    }
    else {
        out->errors++;
    }
    g->pending--;
    task_free(t);
}

static void run_retries(struct generation *g, uint64_t now)
{
    struct task **link = &g->scheduled;

    while (*link) {
        struct task *t = *link;
        if (t->due_ns > now) {
            link = &t->next;
            continue;
        }
        *link = t->next;
        /* v2.2.0-v3.2.2 answered retry for the old instances during a reload, without calling them */
        if (g->stop_requested && g->stop_for_reload && version_at_least(g->version, 2, 2, 0)
            && !version_at_least(g->version, 3, 2, 3)) {
            t->result = FLB_RETRY;
            finish(g, t);
            continue;
        }
        dispatch(g, t);   /* still pending: counted when routed, until it finishes */
    }
}

static void drop_scheduled(struct generation *g)
{
    while (g->scheduled) {
        struct task *t = g->scheduled;
        g->scheduled = t->next;
        host_log(2, "[engine] grace period over: a chunk for %s is dropped", t->out->name);
        t->out->dropped++;
        g->pending--;
        task_free(t);
    }
}

/* ---- the pipeline thread ----------------------------------------------------------------------- */

static int init_outputs(struct generation *g)
{
    int i, w;

    for (i = 0; i < g->noutputs; i++) {
        struct output *out = &g->outputs[i];
        struct host_go_plugin *p = out->reg->plugin;
        int rc;

        /* one plugin struct per .so, re-pointed at each instance before its Init */
        p->api = out->reg->api;
        p->o_ins = out;
        p->context = out->context;
        rc = p->cb_init(p);
        if (rc <= 0) {
            host_log(1, "[output] failed to initialize '%s' plugin", out->reg->name);
            return -1;
        }
        out->initialised = 1;
        coro_stack_init(&out->inline_stack, g->coro_stack_size, g->coro_guard);
        out->workers = calloc((size_t) (out->workers_count ? out->workers_count : 1), sizeof(*out->workers));
        for (w = 0; w < out->workers_count; w++) {
            out->workers[w].out = out;
            out->workers[w].index = w;
            queue_init(&out->workers[w].queue);
            pthread_create(&out->workers[w].thread, NULL, worker_main, &out->workers[w]);
            host_log(3, "[output:%s:%s] worker #%d started", out->reg->name, out->name, w);
        }
    }
    if (version_at_least(g->version, 2, 2, 0)) {
        for (i = 0; i < g->noutputs; i++) {
            int (*pre_run)(int) = (int (*)(int)) dlsym(g->outputs[i].reg->handle, "FLBPluginOutputPreRun");
            if (pre_run) {
                pre_run(g->hot_reload_enabled);   /* Fluent Bit passes whether hot reload is enabled */
            }
        }
    }
    return 0;
}

static void exit_outputs(struct generation *g)
{
    int i, w;

    for (i = 0; i < g->noutputs; i++) {
        struct output *out = &g->outputs[i];
        struct host_go_plugin *p = out->reg->plugin;
        void (*pre_exit)(int);

        if (!out->initialised) {
            continue;
        }
        for (w = 0; w < out->workers_count; w++) {
            pthread_mutex_lock(&out->workers[w].queue.lock);
            out->workers[w].queue.closing = 1;
            pthread_cond_broadcast(&out->workers[w].queue.cond);
            pthread_mutex_unlock(&out->workers[w].queue.lock);
            pthread_join(out->workers[w].thread, NULL);
        }
        if (version_at_least(g->version, 2, 2, 0)) {
            pre_exit = (void (*)(int)) dlsym(out->reg->handle, "FLBPluginOutputPreExit");
            if (pre_exit) {
                pre_exit(g->stop_for_reload);
            }
        }
        if (p->cb_exit_ctx) {
            p->cb_exit_ctx(out->context->remote_context);
        }
        else if (p->cb_exit) {
            p->cb_exit();
        }
        coro_stack_free(&out->inline_stack);
        free(out->workers);
        out->workers = NULL;
    }
}

static void drain_done(struct generation *g, int timeout_ms)
{
    struct task *t = queue_pop(&g->done, timeout_ms);

    while (t) {
        finish(g, t);
        t = queue_pop(&g->done, 0);
    }
}

static void *pipeline_main(void *arg)
{
    struct generation *g = arg;
    uint64_t start, grace_end = 0;
    int i;

    pthread_setname_np(pthread_self(), "flb-pipeline");
    if (init_outputs(g) != 0) {
        g->init_failed = 1;
        exit_outputs(g);
        g->finished = 1;
        return NULL;
    }
    host_event("ready generation=%d outputs=%d", g->number, g->noutputs);

    start = now_ns();
    for (i = 0; i < g->ninputs; i++) {
        g->inputs[i].next_ns = start;
    }
    for (;;) {
        uint64_t now = now_ns();
        if (!g->stop_requested) {
            run_inputs(g, now);
        }
        else if (grace_end == 0) {
            /* a reload waits for every task (Ensure_Thread_Safety); a shutdown for the grace period */
            grace_end = g->stop_for_reload ? UINT64_MAX : now + (uint64_t) g->grace_s * 1000000000ull;
        }
        run_retries(g, now);
        drain_done(g, TICK_MS);
        if (!g->inputs_done_told && inputs_exhausted(g) && g->pending == 0) {
            uint64_t ok = 0;
            for (i = 0; i < g->noutputs; i++) {
                ok += g->outputs[i].ok;
            }
            host_event("inputs done generation=%d ok=%llu", g->number, (unsigned long long) ok);
            g->inputs_done_told = 1;
        }
        if (g->stop_requested && (g->pending == 0 || now_ns() >= grace_end)) {
            break;
        }
    }
    drop_scheduled(g);
    exit_outputs(g);
    drain_done(g, 0);
    for (i = 0; i < g->noutputs; i++) {
        struct output *out = &g->outputs[i];
        host_event("stopped generation=%d output=%s ok=%llu retried=%llu errors=%llu dropped=%llu max_stack=%zu "
                   "flush_us_avg=%.1f flush_us_max=%.1f",
                   g->number, out->name, (unsigned long long) out->ok, (unsigned long long) out->retried,
                   (unsigned long long) out->errors, (unsigned long long) out->dropped, out->max_stack,
                   out->flushes ? out->flush_ns_total / 1e3 / (double) out->flushes : 0.0,
                   out->flush_ns_max / 1e3);
    }
    g->finished = 1;
    return NULL;
}

int engine_start(struct generation *g)
{
    queue_init(&g->done);
    if (pthread_create(&g->pipeline, NULL, pipeline_main, g) != 0) {
        return -1;
    }
    g->pipeline_started = 1;
    return 0;
}

void engine_stop(struct generation *g, int for_reload)
{
    g->stop_for_reload = for_reload;
    __atomic_store_n(&g->stop_requested, 1, __ATOMIC_RELEASE);
    if (g->pipeline_started) {
        pthread_join(g->pipeline, NULL);
        g->pipeline_started = 0;
    }
}
