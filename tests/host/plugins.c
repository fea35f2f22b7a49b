/*
 * Loading a proxy plugin as flb_plugin_proxy_create() and flb_plugin_proxy_register() do
 * (host-abi.md 1.2-1.4, 2.1, 8.2-8.3).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fbhost.h"

/*
 * The def as the host allocates it: 32 bytes of uninitialised memory up to 4.2.2, 40 zeroed bytes from
 * 4.2.3 / 5.0.0, 48 from 5.1.1. It is placed at the very end of a page followed by a PROT_NONE page,
 * so a plugin that writes past the host's struct (event_type on an old host) faults at once, as
 * jemalloc's exact 32-byte size class would silently corrupt the neighbour in a real Fluent Bit.
 */
static size_t def_size(struct version v)
{
    if (version_at_least(v, 5, 1, 1)) {
        return 48;
    }
    if (version_at_least(v, 5, 0, 0) || (v.major == 4 && v.minor == 2 && v.patch >= 3)) {
        return 40;
    }
    return 32;
}

static int def_has_event_type(struct version v)
{
    return def_size(v) >= 40;
}

static struct host_proxy_def *def_alloc(struct registration *r, struct version v)
{
    long page = sysconf(_SC_PAGESIZE);
    size_t size = def_size(v);
    unsigned char *m = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    if (m == MAP_FAILED) {
        return NULL;
    }
    mprotect(m + page, page, PROT_NONE);
    r->def_mapping = m;
    r->def_mapping_size = 2 * page;
    /* flb_malloc leaves garbage; calloc zeroes */
    memset(m + page - size, size == 32 ? 0xBE : 0, size);
    return (struct host_proxy_def *) (m + page - size);
}

struct registration *plugin_load(const char *path, struct version v, int hot_reloading)
{
    struct registration *r = calloc(1, sizeof(*r));
    int (*pre_register)(int);
    int (*reg)(struct host_proxy_def *);

    r->path = strdup(path);
    r->handle = dlopen(path, RTLD_LAZY);
    if (!r->handle) {
        host_log(1, "[proxy] error opening plugin %s: '%s'", path, dlerror());
        free(r->path);
        free(r);
        return NULL;
    }
    r->def = def_alloc(r, v);

    /* every failure below is silent in Fluent Bit: the name just does not exist later (host-abi 1.4) */
    if (version_at_least(v, 2, 2, 0)) {
        pre_register = (int (*)(int)) dlsym(r->handle, "FLBPluginPreRegister");
        if (pre_register && pre_register(hot_reloading) == -1) {
            return r;
        }
    }
    reg = (int (*)(struct host_proxy_def *)) dlsym(r->handle, "FLBPluginRegister");
    if (!reg || reg(r->def) == -1) {
        return r;
    }
    if (r->def->type != FLB_PROXY_OUTPUT_PLUGIN || r->def->proxy != FLB_PROXY_GOLANG) {
        return r;
    }

    r->plugin = calloc(1, sizeof(*r->plugin));
    r->plugin->cb_init = (int (*)(struct host_go_plugin *)) dlsym(r->handle, "FLBPluginInit");
    if (!r->plugin->cb_init) {
        host_log(1, "[proxy] plugin %s has no FLBPluginInit", path);
        return r;
    }
    r->plugin->cb_flush = (int (*)(const void *, size_t, const char *)) dlsym(r->handle, "FLBPluginFlush");
    r->plugin->cb_flush_ctx = (int (*)(void *, const void *, size_t, char *)) dlsym(r->handle, "FLBPluginFlushCtx");
    r->plugin->cb_exit = (int (*)(void)) dlsym(r->handle, "FLBPluginExit");
    r->plugin->cb_exit_ctx = (int (*)(void *)) dlsym(r->handle, "FLBPluginExitCtx");

    r->api = malloc(sizeof(*r->api));
    memcpy(r->api, &host_api_template, sizeof(*r->api));
    if (!version_at_least(v, 4, 0, 3)) {
        r->api->custom_get_property = NULL;   /* the struct ends after 7 members there */
        r->api->custom_log_check = NULL;
    }
    r->plugin->api = r->api;
    r->name = strdup(r->def->name);           /* a copy since v2.2.0 */
    r->plugin->name = r->name;
    r->event_type = def_has_event_type(v) && r->def->event_type ? r->def->event_type : EVENT_LOGS;
    r->ok = 1;
    return r;
}

void plugin_unload(struct registration *r)
{
    void (*unregister)(struct host_proxy_def *);

    if (r->ok) {
        unregister = (void (*)(struct host_proxy_def *)) dlsym(r->handle, "FLBPluginUnregister");
        if (unregister) {
            unregister(r->def);
        }
    }
    free(r->name);
    free(r->plugin);
    free(r->api);
    munmap(r->def_mapping, r->def_mapping_size);
    dlclose(r->handle);
    free(r->path);
    free(r);
}
