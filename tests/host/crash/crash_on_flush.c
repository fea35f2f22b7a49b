#define _GNU_SOURCE
/*
 * A proxy output whose flush dereferences NULL once the file named by its crash_file property exists:
 * a C crash in the host process, at a moment the test chooses (SignalsIT). It must reach the host's
 * own SIGSEGV handler (Fluent Bit's prints a stack trace and aborts), even with the JVM's in front.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct def {
    int type, proxy, flags;
    char *name, *description;
};

struct flb_api {
    const char *(*output_get_property)(const char *key, void *o_ins);
};

/* what FLBPluginInit gets (host-abi.md 2.3): only api and o_ins are read */
struct plugin {
    char *name;
    struct flb_api *api;
    void *o_ins;
};

static char *crash_file;

__attribute__((visibility("default"))) int FLBPluginRegister(struct def *d)
{
    d->type = 2;
    d->proxy = 11;
    d->flags = 0;
    d->name = strdup("crash_on_flush");
    d->description = strdup("dereferences NULL in a flush once crash_file exists");
    return 0;
}

__attribute__((visibility("default"))) int FLBPluginInit(struct plugin *p)
{
    const char *value = p->api->output_get_property("crash_file", p->o_ins);

    crash_file = value ? strdup(value) : NULL;
    return crash_file ? 1 : -1;
}

__attribute__((visibility("default"))) int FLBPluginFlushCtx(void *ctx, const void *data, size_t size, char *tag)
{
    if (access(crash_file, F_OK) == 0) {
        volatile int *nowhere = NULL;
        return *nowhere;
    }
    return 1;   /* FLB_OK */
}

__attribute__((visibility("default"))) int FLBPluginExit(void)
{
    return 0;
}
