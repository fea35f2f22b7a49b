/*
 * Fluent Bit runs each flush inside a libco coroutine whose stack is a plain malloc(size + 512) block
 * with no guard page (host-abi.md 5.2): 24 KiB before v5.1.0, 64 KiB since. The emulator does the same
 * with ucontext, and by default puts a large PROT_NONE region below the stack, so that a plugin that
 * overruns it (for example by running Java there: HotSpot bangs tens of KiB below the stack pointer)
 * faults at once instead of silently corrupting the heap.
 */
#ifndef FBHOST_CORO_H
#define FBHOST_CORO_H

#include <stddef.h>

struct coro_stack {
    unsigned char *base;      /* lowest usable address */
    size_t         size;
    void          *mapping;   /* guarded: the whole mmap; malloc'd: the block */
    size_t         mapping_size;
    int            guarded;
};

int  coro_stack_init(struct coro_stack *s, size_t size, int guarded);
void coro_stack_free(struct coro_stack *s);

/* Runs fn(arg) on the coroutine stack, on the calling thread. Returns the bytes of stack it used. */
size_t coro_run(struct coro_stack *s, void (*fn)(void *), void *arg);

#endif
