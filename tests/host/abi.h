/*
 * The host side of Fluent Bit's proxy-plugin ABI, as the emulator plays it.
 *
 * Written from ../shared/spec/host-abi.md on purpose independently of native/host_abi.h, so that the
 * emulator and the shim cannot agree on a wrong layout. Layouts are the host's full structs.
 */
#ifndef FBHOST_ABI_H
#define FBHOST_ABI_H

#include <stddef.h>

#define FLB_ERROR 0
#define FLB_OK    1
#define FLB_RETRY 2

#define FLB_PROXY_OUTPUT_PLUGIN 2
#define FLB_PROXY_GOLANG        11

#define EVENT_LOGS    1
#define EVENT_METRICS 2
#define EVENT_TRACES  4

/* v5.1.1: 48 bytes; 40 from 4.2.3 / 5.0.0 (no config_map); 32 up to 4.2.2 (neither) */
struct host_proxy_def {
    int   type;
    int   proxy;
    int   flags;
    char *name;
    char *description;
    int   event_type;
    void *config_map;
};

/* 9 function pointers from v4.0.3, the first 7 before */
struct host_api {
    const char *(*output_get_property)(const char *key, void *o_ins);
    const char *(*input_get_property)(const char *key, void *i_ins);
    void *(*output_get_cmt_instance)(void *o_ins);
    void *(*input_get_cmt_instance)(void *i_ins);
    void  (*log_print)(int level, const char *file, int line, const char *fmt, ...);
    int   (*input_log_check)(void *i_ins, int level);
    int   (*output_log_check)(void *o_ins, int level);
    const char *(*custom_get_property)(const char *key, void *c_ins);
    int   (*custom_log_check)(void *c_ins, int level);
};

struct host_proxy_context {
    void *remote_context;
    void *proxy;
};

/* flbgo_output_plugin: the same at v2.1.0 and v5.1.1 */
struct host_go_plugin {
    char                      *name;
    struct host_api           *api;
    void                      *o_ins;
    struct host_proxy_context *context;
    int  (*cb_init)(struct host_go_plugin *);
    int  (*cb_flush)(const void *, size_t, const char *);
    int  (*cb_flush_ctx)(void *, const void *, size_t, char *);
    int  (*cb_exit)(void);
    int  (*cb_exit_ctx)(void *);
};

#endif
