/*
 * The bounded queue between Fluent Bit's flush and Java's drain thread.
 *
 * push runs on Fluent Bit's flush coroutine (as little as 24 KiB of malloc'd stack, no guard page):
 * one malloc, one memcpy, a short critical section, no Java. The bound is in bytes (chunk + tag).
 * When the queue is full, push waits for room, at most QUEUE_ROOM_WAIT_MS, then answers FLB_RETRY:
 * Fluent Bit flushes a whole flush interval's chunks at once, and Java drains a chunk in milliseconds,
 * so a short wait absorbs the burst, while an answer of retry costs seconds (Fluent Bit's backoff) and,
 * past retry_limit, the chunk. Only a Java that is stuck makes a flush wait the whole time.
 * pop runs on the Java drain thread and may wait.
 */
#ifndef VJ_QUEUE_H
#define VJ_QUEUE_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

/* the fuzzer (tests/fuzz/queue_fuzz.c), one thread with nobody to make room, builds with 0 */
#ifndef QUEUE_ROOM_WAIT_MS
#define QUEUE_ROOM_WAIT_MS 250
#endif

struct vj_chunk {
    struct vj_chunk *next;
    size_t           size;     /* bytes of data */
    size_t           tag_len;  /* bytes of tag, without the NUL */
    char            *tag;      /* NUL-terminated, inside this allocation after data */
    unsigned char    data[];
};

struct vj_queue {
    pthread_mutex_t  lock;
    pthread_cond_t   ready;      /* signalled on push and on close */
    pthread_cond_t   room;       /* broadcast on pop and on close */
    struct vj_chunk *head;
    struct vj_chunk *tail;
    size_t           bytes;      /* data + tag bytes queued, or reserved by a push that is copying */
    size_t           limit;
    int              closed;
    uint64_t         pushed;     /* chunks accepted with FLB_OK */
    uint64_t         popped;     /* chunks taken by pop: pushed - popped are queued */
    uint64_t         retried;    /* pushes answered FLB_RETRY because the queue was full */
};

int  queue_init(struct vj_queue *q, size_t limit);
void queue_destroy(struct vj_queue *q);  /* frees what is still queued */
void queue_set_limit(struct vj_queue *q, size_t limit);

/* FLB_OK (copied and queued), FLB_RETRY (still full after the wait, or closed) or FLB_ERROR (no memory). */
int queue_push(struct vj_queue *q, const void *data, size_t size, const char *tag);

/* 1 with *out set, 0 on timeout, -1 once closed and empty. The caller frees *out with free(). */
int queue_pop(struct vj_queue *q, int timeout_ms, struct vj_chunk **out);

/* No push succeeds after this; pop drains what is queued, then answers -1. */
void queue_close(struct vj_queue *q);

#endif
