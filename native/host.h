/*
 * What the shim learns about the host process it was loaded into.
 */
#ifndef VJ_HOST_H
#define VJ_HOST_H

#include <stddef.h>

/*
 * Whether this host's flb_plugin_proxy_def has the event_type field (4.2.3+ / 5.0.0+), so that
 * FLBPluginRegister may write it. 0 means "not known to have it": writing it would overflow the
 * 32-byte struct of older hosts, so the plugin then receives logs only. `why` says how it was decided.
 */
int host_has_event_type(const char **why);

/*
 * Whether the host is a Fluent Bit 5.x, whose output worker threads crash on hot reload with an external
 * output that has workers >= 1 (README, Hot reload). `why` says how it was decided.
 */
int host_is_5x(const char **why);

/* The absolute path this shim was loaded from. */
int host_shim_path(char *out, size_t size);

#endif
