#define _GNU_SOURCE
/* A proxy output that writes event_type on every host (the bug of fluent-bit-go >= 2026-03-05). */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

struct def {
    int type, proxy, flags;
    char *name, *description;
    int event_type;
};

__attribute__((visibility("default"))) int FLBPluginRegister(struct def *d)
{
    d->type = 2;
    d->proxy = 11;
    d->flags = 0;
    d->name = strdup("bad_event_type");
    d->description = strdup("writes event_type on every host");
    d->event_type = 7;   /* offset 32: past the end of a <= 4.2.2 host's struct */
    return 0;
}

__attribute__((visibility("default"))) int FLBPluginInit(void *plugin)
{
    (void) plugin;
    return 1;
}

__attribute__((visibility("default"))) int FLBPluginFlushCtx(void *ctx, const void *data, size_t size, char *tag)
{
    (void) ctx; (void) data; (void) size; (void) tag;
    return 1;
}
