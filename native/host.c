#define _GNU_SOURCE
#include "host.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*
 * Fluent Bit has no version symbol, but the fluent-bit executable exports all its globals (it is linked
 * with ENABLE_EXPORTS), and these appear exactly with the hosts whose def has event_type, so
 * dlsym(RTLD_DEFAULT) tells them apart (checked on builds of 4.2.2, 4.2.3 and 5.1.1, and in the source
 * of every tag from 4.0 to 5.1.1):
 *   dump_requested                     src/fluent-bit.c, from 4.2.3 and in every 5.x: the executable;
 *   flb_ml_stream_group_add_metadata   src/multiline/flb_ml.c, from 4.2.4 and in every 5.x: also when
 *                                      Fluent Bit is a library (libfluent-bit.so has no dump_requested).
 * Both are only looked at, never used. Reading the def's memory cannot tell: on old hosts the bytes
 * past 32 belong to another allocation.
 */
static const char *event_type_era_symbols[] = {
    "dump_requested",
    "flb_ml_stream_group_add_metadata",
    NULL
};

int host_has_event_type(const char **why)
{
    const char *forced = getenv("VIVO_JAVA_EVENT_TYPES");
    size_t i;

    /* the operator's word wins: for a host that backported the field, or to turn it off */
    if (forced && (!strcasecmp(forced, "on") || !strcasecmp(forced, "all"))) {
        *why = "VIVO_JAVA_EVENT_TYPES=on";
        return 1;
    }
    if (forced && (!strcasecmp(forced, "off") || !strcasecmp(forced, "logs"))) {
        *why = "VIVO_JAVA_EVENT_TYPES=off";
        return 0;
    }
    for (i = 0; event_type_era_symbols[i]; i++) {
        if (dlsym(RTLD_DEFAULT, event_type_era_symbols[i])) {
            *why = i == 0 ? "Fluent Bit 4.2.3 or later: it exports dump_requested"
                          : "Fluent Bit 4.2.4 or later: it exports flb_ml_stream_group_add_metadata";
            return 1;
        }
    }
    *why = "this Fluent Bit is older than 4.2.3: it exports neither dump_requested nor flb_ml_stream_group_add_metadata";
    return 0;
}

/*
 * Fluent Bit bundles cmetrics and exports its cmt_version(), and each Fluent Bit major has its own
 * cmetrics major (lib/cmetrics/CMakeLists.txt of each tag): 1.0.6 in 4.2.2 to 4.2.8, 2.0.5 in 5.0.0,
 * 2.1.5 in 5.0.9, 2.2.1 in 5.1.0 and 5.1.1. So cmetrics 2 means Fluent Bit 5.
 */
int host_is_5x(const char **why)
{
    const char *(*cmt_version)(void) = (const char *(*)(void)) dlsym(RTLD_DEFAULT, "cmt_version");
    const char *version = cmt_version ? cmt_version() : NULL;

    if (!version) {
        *why = "it exports no cmt_version";
        return 0;
    }
    *why = atoi(version) >= 2 ? "its cmetrics is 2.x, as in every Fluent Bit 5" : "its cmetrics is older than 2.x";
    return atoi(version) >= 2;
}

int host_shim_path(char *out, size_t size)
{
    Dl_info info;
    char resolved[PATH_MAX];

    if (!dladdr((void *) host_shim_path, &info) || !info.dli_fname || !realpath(info.dli_fname, resolved)) {
        return -1;
    }
    if ((size_t) snprintf(out, size, "%s", resolved) >= size) {
        return -1;
    }
    return 0;
}
