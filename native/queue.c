#define _GNU_SOURCE
#include "queue.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "host_abi.h"

int queue_init(struct vj_queue *q, size_t limit)
{
    pthread_condattr_t attr;

    memset(q, 0, sizeof(*q));
    q->limit = limit;
    if (pthread_mutex_init(&q->lock, NULL) != 0) {
        return -1;
    }
    /* a monotonic clock, so that a change of the wall clock cannot stretch a pop's wait */
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    if (pthread_cond_init(&q->ready, &attr) != 0) {
        pthread_condattr_destroy(&attr);
        pthread_mutex_destroy(&q->lock);
        return -1;
    }
    if (pthread_cond_init(&q->room, &attr) != 0) {
        pthread_condattr_destroy(&attr);
        pthread_cond_destroy(&q->ready);
        pthread_mutex_destroy(&q->lock);
        return -1;
    }
    pthread_condattr_destroy(&attr);
    return 0;
}

void queue_destroy(struct vj_queue *q)
{
    struct vj_chunk *c = q->head;

    while (c) {
        struct vj_chunk *next = c->next;
        free(c);
        c = next;
    }
    q->head = q->tail = NULL;
    pthread_cond_destroy(&q->ready);
    pthread_cond_destroy(&q->room);
    pthread_mutex_destroy(&q->lock);
}

void queue_set_limit(struct vj_queue *q, size_t limit)
{
    pthread_mutex_lock(&q->lock);
    q->limit = limit;
    pthread_mutex_unlock(&q->lock);
}

/* A chunk larger than the whole bound is let in when the queue is empty, or it could never pass. */
static int has_room(const struct vj_queue *q, size_t need)
{
    return q->bytes == 0 || q->bytes + need <= q->limit;
}

static void deadline_after(struct timespec *ts, int timeout_ms);

int queue_push(struct vj_queue *q, const void *data, size_t size, const char *tag)
{
    size_t tag_len = tag ? strlen(tag) : 0;
    size_t need = size + tag_len;
    struct timespec deadline;
    struct vj_chunk *c;

    /* reserve the room first, so that concurrent workers cannot both count on the same bytes */
    pthread_mutex_lock(&q->lock);
    if (!q->closed && !has_room(q, need)) {
        deadline_after(&deadline, QUEUE_ROOM_WAIT_MS);
        while (!q->closed && !has_room(q, need)) {
            if (pthread_cond_timedwait(&q->room, &q->lock, &deadline) == ETIMEDOUT) {
                break;
            }
        }
    }
    if (q->closed || !has_room(q, need)) {
        q->retried++;
        pthread_mutex_unlock(&q->lock);
        return FLB_RETRY;
    }
    q->bytes += need;
    pthread_mutex_unlock(&q->lock);

    /* copy outside the lock: the data and the tag die when the flush returns */
    c = malloc(sizeof(*c) + size + tag_len + 1);
    if (!c) {
        pthread_mutex_lock(&q->lock);
        q->bytes -= need;
        pthread_cond_broadcast(&q->room);
        pthread_mutex_unlock(&q->lock);
        return FLB_ERROR;
    }
    c->next = NULL;
    c->size = size;
    c->tag_len = tag_len;
    memcpy(c->data, data, size);
    c->tag = (char *) c->data + size;
    if (tag_len) {
        memcpy(c->tag, tag, tag_len);
    }
    c->tag[tag_len] = '\0';

    pthread_mutex_lock(&q->lock);
    if (q->closed) {
        /* closed while copying (the host joins its workers before it closes, so only in theory):
         * the drain may have finished already, so the chunk is not taken; the host keeps it */
        q->bytes -= need;
        q->retried++;
        pthread_mutex_unlock(&q->lock);
        free(c);
        return FLB_RETRY;
    }
    if (q->tail) {
        q->tail->next = c;
    }
    else {
        q->head = c;
    }
    q->tail = c;
    q->pushed++;
    pthread_cond_signal(&q->ready);
    pthread_mutex_unlock(&q->lock);
    return FLB_OK;
}

static void deadline_after(struct timespec *ts, int timeout_ms)
{
    clock_gettime(CLOCK_MONOTONIC, ts);
    ts->tv_sec += timeout_ms / 1000;
    ts->tv_nsec += (long) (timeout_ms % 1000) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
}

int queue_pop(struct vj_queue *q, int timeout_ms, struct vj_chunk **out)
{
    struct timespec deadline;
    struct vj_chunk *c;

    deadline_after(&deadline, timeout_ms);
    pthread_mutex_lock(&q->lock);
    while (q->head == NULL && !q->closed) {
        if (pthread_cond_timedwait(&q->ready, &q->lock, &deadline) == ETIMEDOUT) {
            break;
        }
    }
    c = q->head;
    if (c == NULL) {
        int closed = q->closed;
        pthread_mutex_unlock(&q->lock);
        return closed ? -1 : 0;
    }
    q->head = c->next;
    if (q->head == NULL) {
        q->tail = NULL;
    }
    q->bytes -= c->size + c->tag_len;
    q->popped++;
    pthread_cond_broadcast(&q->room);
    pthread_mutex_unlock(&q->lock);
    c->next = NULL;
    *out = c;
    return 1;
}

void queue_close(struct vj_queue *q)
{
    pthread_mutex_lock(&q->lock);
    q->closed = 1;
    pthread_cond_broadcast(&q->ready);
    pthread_cond_broadcast(&q->room);
    pthread_mutex_unlock(&q->lock);
}
