/*
 * Unit tests of native/queue.c, the queue between Fluent Bit's flush and Java: bounds, the wait for
 * room, the answer of retry, the reservation that keeps concurrent flushes honest, close and drain.
 * Built and run by ./build.sh test; prints "N passed, M failed" and exits non-zero on a failure.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../native/host_abi.h"
#include "../../native/queue.h"
#include "check.h"

static long long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static unsigned char chunk[1000];

static void a_chunk_is_copied_with_its_tag(void)
{
    struct vj_queue q;
    struct vj_chunk *c = NULL;
    char tag[] = "app.log";

    queue_init(&q, 10000);
    memset(chunk, 'x', sizeof(chunk));
    CHECK(queue_push(&q, chunk, 100, tag) == FLB_OK, "push");
    memset(chunk, 'y', sizeof(chunk));   /* the host reuses its buffers after the flush */
    tag[0] = 'X';
    CHECK(queue_pop(&q, 0, &c) == 1, "pop");
    CHECK(c->size == 100 && c->data[0] == 'x' && c->data[99] == 'x', "the data was not copied");
    CHECK(strcmp(c->tag, "app.log") == 0 && c->tag_len == 7, "tag '%s'", c->tag);
    free(c);
    CHECK(queue_pop(&q, 10, &c) == 0, "an empty queue answers 0 after the timeout");
    queue_destroy(&q);
}

static void a_full_queue_waits_for_room_then_answers_retry(void)
{
    struct vj_queue q;
    long long start;

    queue_init(&q, 1500);
    CHECK(queue_push(&q, chunk, 1000, "t") == FLB_OK, "first");
    start = now_ms();
    CHECK(queue_push(&q, chunk, 1000, "t") == FLB_RETRY, "second, no room");
    CHECK(now_ms() - start >= QUEUE_ROOM_WAIT_MS - 10, "answered after %lld ms", now_ms() - start);
    /* that it ends, not how fast: a loaded machine may deschedule this thread for a while */
    CHECK(now_ms() - start < QUEUE_ROOM_WAIT_MS + 10000, "waited %lld ms", now_ms() - start);
    CHECK(q.retried == 1 && q.pushed == 1, "retried %llu pushed %llu",
          (unsigned long long) q.retried, (unsigned long long) q.pushed);
    queue_destroy(&q);
}

static void a_chunk_larger_than_the_bound_passes_alone(void)
{
    struct vj_queue q;
    struct vj_chunk *c = NULL;

    queue_init(&q, 100);
    CHECK(queue_push(&q, chunk, 1000, "t") == FLB_OK, "into an empty queue");
    CHECK(queue_push(&q, chunk, 10, "t") == FLB_RETRY, "nothing beside it");
    CHECK(queue_pop(&q, 0, &c) == 1, "pop");
    free(c);
    CHECK(queue_push(&q, chunk, 10, "t") == FLB_OK, "room again");
    queue_destroy(&q);
}

struct consumer {
    struct vj_queue *q;
    int delay_ms;
    int taken;
};

static void *consume(void *arg)
{
    struct consumer *c = arg;
    struct vj_chunk *chunk_out;

    usleep((useconds_t) c->delay_ms * 1000);
    while (queue_pop(c->q, 1000, &chunk_out) == 1) {
        free(chunk_out);
        c->taken++;
    }
    return NULL;
}

static void a_waiting_flush_gets_in_as_soon_as_java_takes_a_chunk(void)
{
    struct vj_queue q;
    struct consumer c = { &q, 50, 0 };
    pthread_t t;

    queue_init(&q, 1500);
    CHECK(queue_push(&q, chunk, 1000, "t") == FLB_OK, "first");
    CHECK(q.pushed - q.popped == 1 && q.bytes == 1001, "queued %llu, %zu bytes",
          (unsigned long long) (q.pushed - q.popped), q.bytes);
    pthread_create(&t, NULL, consume, &c);
    /* the outcome, not the time: under load the push may have waited all but the last of its 250 ms */
    CHECK(queue_push(&q, chunk, 1000, "t") == FLB_OK, "the second gets room when the first is taken");
    queue_close(&q);
    pthread_join(t, NULL);
    CHECK(c.taken == 2, "taken %d", c.taken);
    CHECK(q.retried == 0, "retried %llu", (unsigned long long) q.retried);
    /* the depth health shows (vj_queue_chunks, vj_queue_bytes): nothing left once both were taken */
    CHECK(q.pushed - q.popped == 0 && q.bytes == 0, "queued %llu, %zu bytes",
          (unsigned long long) (q.pushed - q.popped), q.bytes);
    queue_destroy(&q);
}

struct producer {
    struct vj_queue *q;
    int ok, retry;
};

static void *produce(void *arg)
{
    struct producer *p = arg;
    int i;

    for (i = 0; i < 200; i++) {
        if (queue_push(p->q, chunk, 300, "t") == FLB_OK) {
            p->ok++;
        }
        else {
            p->retry++;
        }
    }
    return NULL;
}

static void concurrent_flushes_each_accepted_chunk_is_taken_once(void)
{
    struct vj_queue q;
    struct producer p[4];
    struct consumer c = { &q, 0, 0 };
    pthread_t pt[4], ct;
    int i, ok = 0;

    queue_init(&q, 1000);   /* three chunks of 300 + tag fit, a fourth does not */
    pthread_create(&ct, NULL, consume, &c);
    for (i = 0; i < 4; i++) {
        p[i] = (struct producer) { &q, 0, 0 };
        pthread_create(&pt[i], NULL, produce, &p[i]);
    }
    for (i = 0; i < 4; i++) {
        pthread_join(pt[i], NULL);
        ok += p[i].ok;
    }
    queue_close(&q);
    pthread_join(ct, NULL);
    CHECK(ok == c.taken, "accepted %d, taken %d", ok, c.taken);
    CHECK(q.bytes == 0, "%zu bytes still counted", q.bytes);
    CHECK(ok == 800, "a consumer that keeps up leaves no flush to retry: %d of 800 accepted", ok);
    queue_destroy(&q);
}

static void close_lets_the_drain_finish_then_answers_closed(void)
{
    struct vj_queue q;
    struct vj_chunk *c = NULL;
    long long start;

    queue_init(&q, 1500);
    CHECK(queue_push(&q, chunk, 1000, "t") == FLB_OK, "push");
    queue_close(&q);
    start = now_ms();
    CHECK(queue_push(&q, chunk, 10, "t") == FLB_RETRY, "closed: the host keeps its chunk");
    CHECK(now_ms() - start < QUEUE_ROOM_WAIT_MS, "a closed queue does not wait for room: %lld ms", now_ms() - start);
    CHECK(queue_pop(&q, 0, &c) == 1, "what was accepted is still drained");
    free(c);
    CHECK(queue_pop(&q, 1000, &c) == -1, "then closed");
    queue_destroy(&q);
}

int main(void)
{
    a_chunk_is_copied_with_its_tag();
    a_full_queue_waits_for_room_then_answers_retry();
    a_chunk_larger_than_the_bound_passes_alone();
    a_waiting_flush_gets_in_as_soon_as_java_takes_a_chunk();
    concurrent_flushes_each_accepted_chunk_is_taken_once();
    close_lets_the_drain_finish_then_answers_closed();
    return check_summary("queue_test");
}
