/*
 * Fluent Bit's ABI for external ("proxy", Go-style) output plugins, as the shim sees it.
 *
 * Our own declarations, written from ../shared/spec/host-abi.md (sections 2.1-2.6), which was checked
 * against Fluent Bit v2.1.0 ... v5.1.1. Only the fields the shim touches are declared where the host
 * struct is longer; the host owns the rest.
 */
#ifndef VJ_HOST_ABI_H
#define VJ_HOST_ABI_H

#include <stddef.h>

/* Return codes of every callback (flb_macros.h). */
#define FLB_ERROR 0
#define FLB_OK    1
#define FLB_RETRY 2

/* flb_plugin_proxy.h */
#define FLB_PROXY_OUTPUT_PLUGIN 2
#define FLB_PROXY_GOLANG        11   /* the only proxy kind the host knows; a C shim claims to be Go */

/* flb_output.h: event_type bits */
#define FLB_OUTPUT_LOGS    1
#define FLB_OUTPUT_METRICS 2
#define FLB_OUTPUT_TRACES  4

/* flb_log.h: levels of log_print and output_log_check */
#define FLB_LOG_ERROR 1
#define FLB_LOG_WARN  2
#define FLB_LOG_INFO  3
#define FLB_LOG_DEBUG 4
#define FLB_LOG_TRACE 5

/*
 * Filled in by FLBPluginRegister. The host allocates it, and its size depends on the host version:
 *   <= 4.2.2           32 bytes, flb_malloc (uninitialised): ends after `description`;
 *   4.2.3 / 5.0.0+     40 bytes, calloc: adds `event_type`;
 *   5.1.1+             48 bytes, calloc: adds `config_map`.
 * Writing `event_type` on a 32-byte host is a heap overflow (host-abi.md 2.1), so host.c decides.
 * `config_map` is never written: its target is a host-internal struct, not a stable ABI.
 */
struct flb_plugin_proxy_def {
    int   type;          /*  0: FLB_PROXY_OUTPUT_PLUGIN */
    int   proxy;         /*  4: FLB_PROXY_GOLANG */
    int   flags;         /*  8: 0 */
    char *name;          /* 16: copied by the host (v2.2.0+); ours to free in Unregister */
    char *description;   /* 24: kept by pointer until Unregister */
    int   event_type;    /* 32: hosts >= 4.2.3 / 5.0.0 only */
    void *config_map;    /* 40: hosts >= 5.1.1 only; never written */
};

#define VJ_DEF_SIZE_WITHOUT_EVENT_TYPE offsetof(struct flb_plugin_proxy_def, event_type)

/* One per loaded .so; the last two members only on hosts >= 4.0.3. */
struct flb_api {
    const char *(*output_get_property)(const char *key, void *o_ins);
    const char *(*input_get_property)(const char *key, void *i_ins);
    void *(*output_get_cmt_instance)(void *o_ins);
    void *(*input_get_cmt_instance)(void *i_ins);
    void  (*log_print)(int level, const char *file, int line, const char *fmt, ...);
    int   (*input_log_check)(void *i_ins, int level);
    int   (*output_log_check)(void *o_ins, int level);
};

/* One per [OUTPUT] instance; the shim writes only remote_context. */
struct flb_plugin_proxy_context {
    void *remote_context;
    void *proxy;           /* host-private */
};

/*
 * Passed to FLBPluginInit. One per loaded .so, not per instance: before each Init the host re-points
 * api, o_ins and context at the instance being initialised, so nothing here may be kept after Init.
 * Host-private callback pointers follow `context`.
 */
struct flbgo_output_plugin {
    char                            *name;
    struct flb_api                  *api;
    void                            *o_ins;
    struct flb_plugin_proxy_context *context;
};

#endif
