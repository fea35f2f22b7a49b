#define _GNU_SOURCE
#include "host.h"

#include <ctype.h>
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*
 * Functions that exist only in hosts whose proxy def has event_type. The fluent-bit executable exports
 * all its global symbols (it is linked with ENABLE_EXPORTS), so dlsym(RTLD_DEFAULT) finds them. Reading
 * the def's memory cannot tell: on old hosts the bytes past 32 belong to another allocation.
 */
static const char *event_type_era_symbols[] = {
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
            *why = event_type_era_symbols[i];
            return 1;
        }
    }
    *why = "no symbol of Fluent Bit 4.2.3 or later found";
    return 0;
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

long long host_parse_size(const char *text)
{
    char *end;
    double value = strtod(text, &end);
    double multiplier = 1;

    if (end == text || value < 0) {
        return -1;
    }
    switch (toupper((unsigned char) *end)) {
    case 'K': multiplier = 1e3; end++; break;
    case 'M': multiplier = 1e6; end++; break;
    case 'G': multiplier = 1e9; end++; break;
    default: break;
    }
    if (toupper((unsigned char) *end) == 'B') {
        end++;
    }
    return *end == '\0' ? (long long) (value * multiplier) : -1;
}
