/*
 * Keeping the JVM's signal handlers first when libjsig is not preloaded: the host executable's
 * signal and sigaction rebound to the shim's wrappers (signals.c says how and why).
 */
#ifndef VJ_SIGNALS_H
#define VJ_SIGNALS_H

#include <stddef.h>

/* Before the JVM is created, once: 0 when the guard is in; -1 with `why` when this host cannot be
 * guarded (nothing is changed then). */
int signals_guard(char *why, size_t size);

#endif
