/*
 * Fuzz target of native/queue.c: the input is a program of queue operations (push of a size and a tag,
 * pop, a new bound, close, drain), run against a model of what the queue must hold. After each step:
 * the bytes the queue counts are the bytes it holds, chunks come out in the order they went in with
 * their bytes intact, a push is refused exactly when the model has no room (a chunk larger than the
 * bound passes alone), the counters agree; at the end nothing is leaked (AddressSanitizer's leak check).
 * Built with libFuzzer by clang (-fsanitize=fuzzer,address,undefined), or with gcc and replay.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../native/host_abi.h"
#include "../../native/queue.h"

#define MAX_HELD 64

struct expected {
    size_t size;
    size_t tag_len;
    unsigned seq;
};

static struct expected held[MAX_HELD];
static int nheld;
static size_t held_bytes;
static unsigned char data[65536];

#define REQUIRE(cond)                                                        \
    do {                                                                     \
        if (!(cond)) {                                                       \
            fprintf(stderr, "queue_fuzz: %s:%d: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                         \
        }                                                                    \
    } while (0)

/* the bytes of chunk seq: its number spread over them, so a swap or a stale copy shows */
static unsigned char byte_of(unsigned seq, size_t i)
{
    return (unsigned char) (seq * 31u + i * 7u);
}

/* chunks that hold bytes: the bound lets one chunk past it only when no other holds any */
static int holding(void)
{
    int i, k = 0;

    for (i = 0; i < nheld; i++) {
        k += held[i].size + held[i].tag_len > 0;
    }
    return k;
}

static void check_popped(struct vj_chunk *c)
{
    struct expected e = held[0];
    size_t i;

    REQUIRE(c->size == e.size && c->tag_len == e.tag_len);
    for (i = 0; i < c->size; i++) {
        REQUIRE(c->data[i] == byte_of(e.seq, i));
    }
    for (i = 0; i < c->tag_len; i++) {
        REQUIRE(c->tag[i] == (char) ('a' + (e.seq + i) % 26));
    }
    REQUIRE(c->tag[c->tag_len] == '\0');
    memmove(held, held + 1, sizeof(held[0]) * (size_t) (nheld - 1));
    nheld--;
    held_bytes -= e.size + e.tag_len;
    free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t n)
{
    struct vj_queue q;
    struct vj_chunk *c;
    size_t limit = 4096, p = 0;
    unsigned seq = 0;
    uint64_t pushed = 0, retried = 0;
    int closed = 0;

    nheld = 0;
    held_bytes = 0;
    REQUIRE(queue_init(&q, limit) == 0);
    while (p < n) {
        unsigned op = in[p++] % 5;
        if (op == 0 && p + 3 <= n) {                 /* push: 2 bytes of size, 1 of tag length */
            size_t size = ((size_t) in[p] << 8 | in[p + 1]) % sizeof(data);
            size_t tag_len = in[p + 2] % 40;
            char tag[40];
            size_t i;
            int room = held_bytes == 0 || held_bytes + size + tag_len <= limit;
            int want = !closed && room && nheld < MAX_HELD;
            p += 3;
            if (!closed && room && nheld == MAX_HELD) {
                continue;                            /* the model is full: skip rather than refuse */
            }
            for (i = 0; i < size; i++) {
                data[i] = byte_of(seq, i);
            }
            for (i = 0; i < tag_len; i++) {
                tag[i] = (char) ('a' + (seq + i) % 26);
            }
            tag[tag_len] = '\0';
            /* an empty tag is pushed as NULL every other time: the host may pass either */
            int rc = queue_push(&q, data, size, tag_len == 0 && seq % 2 ? NULL : tag);
            memset(data, 0xdb, size);                /* the host reuses its buffer after the flush */
            REQUIRE(rc == (want ? FLB_OK : FLB_RETRY));
            if (rc == FLB_OK) {
                held[nheld++] = (struct expected) {size, tag_len, seq};
                held_bytes += size + tag_len;
                pushed++;
                REQUIRE(held_bytes <= limit || holding() == 1);
            }
            else {
                retried++;
            }
            seq++;
        }
        else if (op == 1) {                          /* pop */
            int rc = queue_pop(&q, 0, &c);
            REQUIRE(rc == (nheld > 0 ? 1 : closed ? -1 : 0));
            if (rc == 1) {
                check_popped(c);
            }
        }
        else if (op == 2 && p + 2 <= n) {            /* a new bound, as a hot reload may set */
            limit = (size_t) in[p] << 8 | in[p + 1];
            p += 2;
            queue_set_limit(&q, limit);
        }
        else if (op == 3) {
            queue_close(&q);
            closed = 1;
        }
        else if (op == 4) {                          /* drain what is left */
            while (queue_pop(&q, 0, &c) == 1) {
                check_popped(c);
            }
            REQUIRE(nheld == 0);
        }
        REQUIRE(q.bytes == held_bytes);
        REQUIRE(q.pushed == pushed && q.retried == retried);
        REQUIRE((q.head == NULL) == (nheld == 0));
    }
    queue_destroy(&q);                               /* frees what is still queued: leaks show here */
    return 0;
}
