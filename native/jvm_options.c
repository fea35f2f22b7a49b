#define _GNU_SOURCE
#include "jvm_options.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_blank(char c)
{
    return (unsigned char) c <= ' ';   /* what Java's String.trim() takes off */
}

long long jvm_parse_size(const char *text)
{
    const char *p = text, *end = text + strlen(text);
    char digits[64];
    size_t n = 0, decimals = 0;
    double number, multiplier = 1;

    while (p < end && is_blank(*p)) {
        p++;
    }
    while (end > p && is_blank(end[-1])) {
        end--;
    }
    /* the digits without the point: an integer strtod reads exactly whatever the locale */
    for (; p < end && isdigit((unsigned char) *p) && n < sizeof(digits) - 1; p++) {
        digits[n++] = *p;
    }
    if (n == 0) {
        return -1;
    }
    if (p < end && *p == '.') {
        if (++p == end || !isdigit((unsigned char) *p)) {
            return -1;
        }
        for (; p < end && isdigit((unsigned char) *p) && n < sizeof(digits) - 1; p++, decimals++) {
            digits[n++] = *p;
        }
    }
    digits[n] = '\0';
    if (p < end && isdigit((unsigned char) *p)) {
        return -1;   /* more digits than any size needs */
    }
    number = strtod(digits, NULL);
    for (; decimals > 0; decimals -= decimals > 22 ? 22 : decimals) {
        /* one division by a power of ten that is exact as a double: rounded once, as Java's parseDouble */
        double power = 1;
        for (size_t i = 0; i < decimals && i < 22; i++) {
            power *= 10;
        }
        number /= power;
    }
    while (p < end && strchr(" \t\n\v\f\r", *p)) {   /* the regex's \s */
        p++;
    }
    if (p < end) {
        switch (toupper((unsigned char) *p)) {
        case 'K': multiplier = 1e3; p++; break;
        case 'M': multiplier = 1e6; p++; break;
        case 'G': multiplier = 1e9; p++; break;
        default: break;
        }
    }
    if (p < end && toupper((unsigned char) *p) == 'B') {
        p++;
    }
    if (p != end || number * multiplier >= 9223372036854775807.0) {
        return -1;
    }
    return (long long) (number * multiplier);
}

long jvm_direct_megabytes(long long stream_queue_bytes)
{
    return 48 + (long) (stream_queue_bytes * 4 / (1024 * 1024));
}

/* Options that would break the embedding, with the reason. */
static const char *forbidden_option(const char *opt)
{
    if (opt[0] != '-') {
        return "JVM options start with '-'";
    }
    if (!strcmp(opt, "-cp") || !strcmp(opt, "-classpath") || !strncmp(opt, "--class-path", 12)
        || !strncmp(opt, "-Djava.class.path=", 18) || !strcmp(opt, "-jar")) {
        return "the class path is the jar (set jar_path instead)";
    }
    if (strstr(opt, "ExitOnOutOfMemoryError") || strstr(opt, "CrashOnOutOfMemoryError")) {
        return "it would end Fluent Bit on a Java OutOfMemoryError";
    }
    if (strstr(opt, "AllowUserSignalHandlers")) {
        return "it lets Fluent Bit's signal handlers replace the JVM's, which crashes Fluent Bit";
    }
    if (opt[1] == '-' && !strchr(opt, '=')) {
        return "write it as one word, --name=value";
    }
    return NULL;
}

static int add(struct jvm_options *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int add(struct jvm_options *o, const char *fmt, ...)
{
    va_list args;
    char *s;
    int n;

    if (o->count >= JVM_MAX_OPTIONS) {
        return -1;
    }
    va_start(args, fmt);
    n = vasprintf(&s, fmt, args);
    va_end(args);
    if (n < 0) {
        return -1;
    }
    o->items[o->count++] = s;
    return 0;
}

static long long stream_queue_bytes(const char *text)
{
    long long parsed = text ? jvm_parse_size(text) : -1;

    /* a bad value stops the instance in Java, with the reason; the heap is then never used */
    return parsed >= 0 ? parsed : jvm_parse_size(VJ_DEFAULT_STREAM_QUEUE_SIZE);
}

static int fixed_options(struct jvm_options *o, const struct jvm_settings *s, const char *jar, int feature)
{
    int failed = 0;

    failed |= add(o, "-Djava.class.path=%s", jar);
    failed |= add(o, "-Xrs");                          /* SIGTERM, SIGINT, SIGHUP, SIGQUIT stay Fluent Bit's */
    failed |= add(o, "-XX:+UseSerialGC");              /* no GC worker threads in someone else's process */
    failed |= add(o, "-Xmx%dm", VJ_HEAP_MB);
    /* a small young generation: the entries are off the heap, what is young is a chunk's rendering (a few
     * MB), and every page of eden is touched as allocation cycles through it (BENCHMARKS.md: 16 MiB less RSS) */
    failed |= add(o, "-Xmn%dm", VJ_YOUNG_MB);
    failed |= add(o, "-XX:MaxDirectMemorySize=%ldm", jvm_direct_megabytes(stream_queue_bytes(s->stream_queue_size)));
    failed |= add(o, "-XX:MaxMetaspaceSize=128m");
    failed |= add(o, "-XX:ReservedCodeCacheSize=64m");
    /* two JIT threads whatever the host's CPUs: on a 16-CPU node HotSpot would start more, and their
     * arenas cost 22 MiB of RSS with a full stream (BENCHMARKS.md, footprint) */
    failed |= add(o, "-XX:CICompilerCount=2");
    failed |= add(o, "-XX:-UsePerfData");              /* no /tmp/hsperfdata file */
    failed |= add(o, "-XX:ErrorFile=/tmp/vivo_java_hs_err_pid%%p.log");
    failed |= add(o, "-Djava.awt.headless=true");
    failed |= add(o, "-Dorg.jboss.logging.provider=jdk");
    if (s->shared_archive) {
        failed |= add(o, "-XX:SharedArchiveFile=%s", s->shared_archive);   /* start faster (dist/bundle.sh) */
    }
    if (feature >= 22) {
        failed |= add(o, "--enable-native-access=ALL-UNNAMED");   /* the Panama bridge */
        /* give malloc's free memory (the JIT's arenas) back to the system every 5 s: 14 MiB of RSS with
         * a full stream; a product flag from JDK 22 (older updates of 17 and 21 do not all have it) */
        failed |= add(o, "-XX:TrimNativeHeapInterval=5000");
    }
    if (feature >= 24) {
        failed |= add(o, "--sun-misc-unsafe-memory-access=allow"); /* quiet JEP 498 warnings of dependencies */
    }
    return failed ? -1 : 0;
}

int jvm_options_build(struct jvm_options *o, const struct jvm_settings *s, const char *jar, int feature,
                      char *error, size_t error_size)
{
    char *copy, *token, *save = NULL;
    int fixed, rc = 0;

    o->count = 0;
    if (fixed_options(o, s, jar, feature) != 0) {
        snprintf(error, error_size, "out of memory for the JVM options");
        jvm_options_free(o);
        return -1;
    }
    if (!s->jvm_options) {
        return 0;
    }
    fixed = o->count;
    copy = strdup(s->jvm_options);
    if (!copy) {
        snprintf(error, error_size, "out of memory for the JVM options");
        jvm_options_free(o);
        return -1;
    }
    for (token = strtok_r(copy, " \t", &save); token && rc == 0; token = strtok_r(NULL, " \t", &save)) {
        const char *why = forbidden_option(token);
        if (why) {
            snprintf(error, error_size, "jvm_options: '%s' is not allowed: %s", token, why);
            rc = -1;
        }
        else if (o->count >= JVM_MAX_OPTIONS) {
            snprintf(error, error_size, "jvm_options: too many options (at most %d)", JVM_MAX_OPTIONS - fixed);
            rc = -1;
        }
        else if (add(o, "%s", token) != 0) {
            snprintf(error, error_size, "out of memory for the JVM options");
            rc = -1;
        }
    }
    free(copy);
    if (rc != 0) {
        jvm_options_free(o);
    }
    return rc;
}

void jvm_options_free(struct jvm_options *o)
{
    int i;

    for (i = 0; i < o->count; i++) {
        free(o->items[i]);
    }
    o->count = 0;
}
