#define _GNU_SOURCE
#include "coro.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

#define GUARD_BELOW (1024u * 1024u)   /* more than HotSpot's shadow zone (80 KiB) below the stack */
#define GUARD_ABOVE 4096u
#define FILL 0xA5

struct call {
    void (*fn)(void *);
    void *arg;
    ucontext_t caller;
};

static __thread struct call *current;

static void trampoline(void)
{
    current->fn(current->arg);
    /* returning resumes uc_link: the caller */
}

int coro_stack_init(struct coro_stack *s, size_t size, int guarded)
{
    memset(s, 0, sizeof(*s));
    s->size = size;
    s->guarded = guarded;
    if (!guarded) {
        s->mapping = malloc(size + 512);   /* exactly libco's amd64 co_create */
        s->base = s->mapping;
        return s->mapping ? 0 : -1;
    }
    size = (size + 4095) & ~(size_t) 4095;
    s->mapping_size = GUARD_BELOW + size + GUARD_ABOVE;
    s->mapping = mmap(NULL, s->mapping_size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (s->mapping == MAP_FAILED) {
        return -1;
    }
    s->base = (unsigned char *) s->mapping + GUARD_BELOW;
    if (mprotect(s->base, size, PROT_READ | PROT_WRITE) != 0) {
        munmap(s->mapping, s->mapping_size);
        return -1;
    }
    return 0;
}

void coro_stack_free(struct coro_stack *s)
{
    if (s->guarded) {
        munmap(s->mapping, s->mapping_size);
    }
    else {
        free(s->mapping);
    }
    memset(s, 0, sizeof(*s));
}

size_t coro_run(struct coro_stack *s, void (*fn)(void *), void *arg)
{
    struct call call = { .fn = fn, .arg = arg };
    ucontext_t coro;
    size_t i;

    /* a fresh pattern, to measure afterwards how deep the call went */
    memset(s->base, FILL, s->size);
    getcontext(&coro);
    coro.uc_stack.ss_sp = s->base;
    coro.uc_stack.ss_size = s->size;
    coro.uc_link = &call.caller;
    makecontext(&coro, trampoline, 0);
    current = &call;
    swapcontext(&call.caller, &coro);
    current = NULL;

    for (i = 0; i < s->size && s->base[i] == FILL; i++) {
    }
    return s->size - i;
}
