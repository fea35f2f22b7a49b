/*
 * fbhost: plays Fluent Bit for an external output plugin. See fbhost.h and tests/host/README.md.
 *
 *   fbhost -c <config> [-e <plugin.so>]... [-v <host version>] [-Y]
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "fbhost.h"

#define MAX_CLI_PLUGINS 8

static volatile sig_atomic_t exit_signal;
static volatile sig_atomic_t reload_requested;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static int service_log_level = 3;

int version_at_least(struct version v, int major, int minor, int patch)
{
    if (v.major != major) {
        return v.major > major;
    }
    if (v.minor != minor) {
        return v.minor > minor;
    }
    return v.patch >= patch;
}

/* ---- the logger and the api the host lends ----------------------------------------------------- */

static void vlog_line(int level, const char *fmt, va_list args)
{
    static const char *names[] = { "", "error", " warn", " info", "debug", "trace" };
    char stamp[32];
    time_t now = time(NULL);
    struct tm tm;

    localtime_r(&now, &tm);
    strftime(stamp, sizeof(stamp), "%Y/%m/%d %H:%M:%S", &tm);
    pthread_mutex_lock(&log_lock);
    fprintf(stderr, "[%s] [%s] ", stamp, names[level >= 1 && level <= 5 ? level : 5]);
    vfprintf(stderr, fmt, args);
    fputc('\n', stderr);
    fflush(stderr);
    pthread_mutex_unlock(&log_lock);
}

void host_log(int level, const char *fmt, ...)
{
    va_list args;

    if (level > service_log_level) {
        return;
    }
    va_start(args, fmt);
    vlog_line(level, fmt, args);
    va_end(args);
}

/* Lines on stdout that tests wait for. */
void host_event(const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    pthread_mutex_lock(&log_lock);
    fputs("fbhost: ", stdout);
    vfprintf(stdout, fmt, args);
    fputc('\n', stdout);
    fflush(stdout);
    pthread_mutex_unlock(&log_lock);
    va_end(args);
}

static void api_log_print(int level, const char *file, int line, const char *fmt, ...)
{
    va_list args;

    (void) file;
    (void) line;
    va_start(args, fmt);
    vlog_line(level, fmt, args);
    va_end(args);
}

/* Keys Fluent Bit's core consumes: the plugin never sees them (host-abi.md 2.6). */
static int consumed_key(const char *key)
{
    static const char *exact[] = { "name", "match", "match_regex", "alias", "log_level", "log_suppress_interval",
                                   "host", "port", "ipv6", "retry_limit", "workers",
                                   "storage.total_limit_size", "tls", NULL };
    static const char *prefixes[] = { "tls.", "net.", "oauth2", "_debug.http.", NULL };
    int i;

    for (i = 0; exact[i]; i++) {
        if (strcasecmp(key, exact[i]) == 0) {
            return 1;
        }
    }
    for (i = 0; prefixes[i]; i++) {
        if (strncasecmp(key, prefixes[i], strlen(prefixes[i])) == 0) {
            return 1;
        }
    }
    return 0;
}

static const char *api_output_get_property(const char *key, void *o_ins)
{
    const struct output *out = o_ins;
    int i;

    if (consumed_key(key)) {
        return NULL;
    }
    for (i = 0; i < out->section->count; i++) {
        if (strcasecmp(out->section->kv[i].key, key) == 0) {
            return out->section->kv[i].value[0] ? out->section->kv[i].value : NULL;
        }
    }
    return NULL;
}

static int api_output_log_check(void *o_ins, int level)
{
    return ((const struct output *) o_ins)->log_level >= level;
}

static const char *api_unused_property(const char *key, void *ins)
{
    (void) key;
    (void) ins;
    return NULL;
}

static void *api_unused_cmt(void *ins)
{
    (void) ins;
    return NULL;
}

static int api_unused_log_check(void *ins, int level)
{
    (void) ins;
    (void) level;
    return 0;
}

struct host_api host_api_template = {
    api_output_get_property, api_unused_property, api_unused_cmt, api_unused_cmt, api_log_print,
    api_unused_log_check, api_output_log_check, api_unused_property, api_unused_log_check
};

/* ---- signals, as flb_signal_init() installs them (host-abi.md 9.1) ------------------------------ */

static void signal_init(void);

static void handler_break_loop(int sig)
{
    exit_signal = sig;
}

static void handler(int sig)
{
    static const char caught[] = "[engine] caught signal, aborting\n";

    switch (sig) {
    case SIGHUP:
        reload_requested = 1;
        break;
    case SIGCONT:
        break;   /* Fluent Bit dumps its state here */
    default:     /* SIGSEGV, SIGFPE */
        if (write(STDERR_FILENO, caught, sizeof(caught) - 1) < 0) {
            abort();
        }
        abort();
    }
    /* what makes libjsig necessary: Fluent Bit re-installs all its handlers from inside its handler */
    signal_init();
}

static void signal_init(void)
{
    signal(SIGINT, handler_break_loop);
    signal(SIGQUIT, handler_break_loop);
    signal(SIGTERM, handler_break_loop);
    signal(SIGHUP, handler);
    signal(SIGCONT, handler);
    signal(SIGSEGV, handler);
    signal(SIGFPE, handler);
}

/* ---- a generation: one config, its plugins, inputs and outputs ---------------------------------- */

static int sniff_type(const unsigned char *p, size_t size)
{
    size_t key_len;

    if (size == 0 || !((p[0] >= 0x80 && p[0] <= 0x8f) || p[0] == 0xde || p[0] == 0xdf)) {
        return EVENT_LOGS;   /* a log record is an array */
    }
    p += p[0] == 0xde ? 3 : p[0] == 0xdf ? 5 : 1;
    if ((p[0] & 0xe0) == 0xa0) {
        key_len = p[0] & 0x1f;
        p++;
    }
    else if (p[0] == 0xd9) {
        key_len = p[1];
        p += 2;
    }
    else {
        return EVENT_LOGS;
    }
    if (key_len == 4 && memcmp(p, "meta", 4) == 0) {
        return EVENT_METRICS;
    }
    if (key_len == 13 && memcmp(p, "resourceSpans", 13) == 0) {
        return EVENT_TRACES;
    }
    return EVENT_LOGS;
}

static unsigned char *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    unsigned char *data;
    long n;

    if (!f) {
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    data = malloc((size_t) n + 1);
    if (fread(data, 1, (size_t) n, f) != (size_t) n) {
        free(data);
        fclose(f);
        return NULL;
    }
    data[n] = '\0';
    fclose(f);
    *size = (size_t) n;
    return data;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* [INPUT] name chunks: replays recorded flush chunks, NNNN.msgpack with NNNN.tag, in name order. */
static int load_chunk_files(struct input *in, const char *dir)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, by_name), i;

    if (n < 0) {
        host_log(1, "[input] cannot read chunk folder %s: %s", dir, strerror(errno));
        return -1;
    }
    for (i = 0; i < n; i++) {
        char path[4096];
        size_t len = strlen(names[i]->d_name), size, tag_size;
        if (len > 8 && strcmp(names[i]->d_name + len - 8, ".msgpack") == 0) {
            in->files = realloc(in->files, sizeof(*in->files) * (size_t) (in->nfiles + 1));
            snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
            in->files[in->nfiles].data = read_file(path, &size);
            in->files[in->nfiles].size = size;
            in->files[in->nfiles].type = sniff_type(in->files[in->nfiles].data, size);
            snprintf(path, sizeof(path), "%s/%.*s.tag", dir, (int) len - 8, names[i]->d_name);
            in->files[in->nfiles].tag = (char *) read_file(path, &tag_size);
            if (!in->files[in->nfiles].tag) {
                in->files[in->nfiles].tag = strdup("chunks");
            }
            in->nfiles++;
        }
        free(names[i]);
    }
    free(names);
    if (in->nfiles == 0) {
        host_log(1, "[input] no .msgpack chunk in %s", dir);
        return -1;
    }
    return 0;
}

static int setup_input(struct generation *g, struct section *s, struct input *in)
{
    const char *name = section_get_or(s, "name", "");

    in->rate = atof(section_get_or(s, "rate", "1"));
    in->count = atol(section_get_or(s, "count", "0"));
    if (in->rate <= 0) {
        in->rate = 1;
    }
    if (strcasecmp(name, "dummy") == 0) {
        in->dummy = 1;
        in->tag = strdup(section_get_or(s, "tag", "dummy.0"));
        in->records = atoi(section_get_or(s, "records", "1"));
        return 0;
    }
    if (strcasecmp(name, "chunks") == 0 && section_get(s, "dir")) {
        char *dir = config_path(g->config, section_get(s, "dir"));
        int rc = load_chunk_files(in, dir);
        free(dir);
        in->tag = section_get(s, "tag") ? strdup(section_get(s, "tag")) : NULL;
        return rc;
    }
    host_log(1, "[config] the emulator's inputs are 'dummy' and 'chunks' (with dir); found '%s'", name);
    return -1;
}

static int parse_retry_limit(const char *v)
{
    if (!v) {
        return 1;
    }
    if (!strcasecmp(v, "no_limits") || !strcasecmp(v, "false") || !strcasecmp(v, "off")) {
        return -1;
    }
    if (!strcasecmp(v, "no_retries")) {
        return 0;
    }
    return atoi(v);
}

static int log_level_of(const char *v, int fallback)
{
    static const char *names[] = { "off", "error", "warn", "info", "debug", "trace" };
    int i;

    for (i = 0; v && i < 6; i++) {
        if (strcasecmp(v, names[i]) == 0) {
            return i;
        }
    }
    return fallback;
}

static int setup_output(struct generation *g, struct section *s, struct output *out)
{
    const char *name = section_get_or(s, "name", "");
    int i, same = 0;

    /* first registered plugin whose name matches, case-insensitively (host-abi.md 7) */
    for (i = 0; i < g->nregs && !out->reg; i++) {
        if (g->regs[i]->ok && strcasecmp(g->regs[i]->name, name) == 0) {
            out->reg = g->regs[i];
        }
    }
    if (!out->reg) {
        host_log(1, "[config] section 'output' tried to instance a plugin name that doesn't exist: '%s'", name);
        return -1;
    }
    for (i = 0; i < g->noutputs; i++) {
        same += &g->outputs[i] != out && g->outputs[i].reg == out->reg && g->outputs[i].section;
    }
    out->gen = g;
    out->section = s;
    if (section_get(s, "alias")) {
        snprintf(out->name, sizeof(out->name), "%s", section_get(s, "alias"));
    }
    else {
        snprintf(out->name, sizeof(out->name), "%s.%d", out->reg->name, same);
    }
    out->match = section_get_or(s, "match", "*");
    out->workers_count = atoi(section_get_or(s, "workers", "0"));
    out->retry_limit = parse_retry_limit(section_get(s, "retry_limit"));
    out->log_level = log_level_of(section_get(s, "log_level"), service_log_level);
    out->context = calloc(1, sizeof(*out->context));
    pthread_mutex_init(&out->stack_lock, NULL);
    return 0;
}

static struct version parse_version(const char *text)
{
    struct version v = { 5, 1, 1 };

    if (text) {
        sscanf(text, "%d.%d.%d", &v.major, &v.minor, &v.patch);
    }
    return v;
}

/* plugins_file: a [PLUGINS] section of "Path /abs/path.so" lines (host-abi.md 1.1). */
static int load_plugins_file(struct generation *g, const char *file)
{
    char *path = config_path(g->config, file);
    struct config *pc = config_load(path);
    int i, j;

    free(path);
    if (!pc) {
        host_log(1, "[config] cannot open plugins_file %s", file);
        return -1;
    }
    for (i = 0; i < pc->count; i++) {
        if (strcasecmp(pc->sections[i].name, "PLUGINS") != 0) {
            continue;
        }
        for (j = 0; j < pc->sections[i].count; j++) {
            if (strcasecmp(pc->sections[i].kv[j].key, "path") == 0) {
                struct registration *r = plugin_load(pc->sections[i].kv[j].value, g->version, g->hot_reloading);
                if (!r) {
                    config_free(pc);
                    return -1;
                }
                g->regs[g->nregs++] = r;
            }
        }
    }
    config_free(pc);
    return 0;
}

static struct generation *generation_create(const char *config_path, char **cli_plugins, int ncli,
                                            const char *cli_version, int cli_hot_reload, int number)
{
    struct generation *g = calloc(1, sizeof(*g));
    struct section *service;
    int i;

    g->number = number;
    g->hot_reloading = number > 1;
    g->config = config_load(config_path);
    if (!g->config) {
        host_log(1, "[config] cannot open %s: %s", config_path, strerror(errno));
        return g;
    }
    service = config_section(g->config, "SERVICE");
    g->version = parse_version(cli_version ? cli_version : section_get(service, "host_version"));
    g->coro_stack_size = (size_t) atol(section_get_or(service, "coro_stack_size",
                                                      version_at_least(g->version, 5, 1, 0) ? "65536" : "24576"));
    g->coro_guard = strcasecmp(section_get_or(service, "coro_guard", "on"), "off") != 0;
    g->grace_s = atoi(section_get_or(service, "grace", "5"));
    g->retry_wait_ms = atoi(section_get_or(service, "retry_wait_ms", "200"));
    service_log_level = log_level_of(section_get(service, "log_level"), 3);
    g->hot_reload_enabled = cli_hot_reload
        || strcasecmp(section_get_or(service, "hot_reload", "off"), "on") == 0;

    signal(SIGPIPE, SIG_IGN);   /* flb_config_init, on every flb_create */
    g->regs = calloc(64, sizeof(*g->regs));
    for (i = 0; i < ncli; i++) {
        struct registration *r = plugin_load(cli_plugins[i], g->version, g->hot_reloading);
        if (!r) {
            return g;
        }
        g->regs[g->nregs++] = r;
    }
    if (section_get(service, "plugins_file") && load_plugins_file(g, section_get(service, "plugins_file")) != 0) {
        return g;
    }
    for (i = 0; i < g->config->count; i++) {
        struct section *s = &g->config->sections[i];
        if (strcasecmp(s->name, "INPUT") == 0) {
            g->inputs = realloc(g->inputs, sizeof(*g->inputs) * (size_t) (g->ninputs + 1));
            memset(&g->inputs[g->ninputs], 0, sizeof(*g->inputs));
            if (setup_input(g, s, &g->inputs[g->ninputs++]) != 0) {
                return g;
            }
        }
    }
    g->outputs = calloc(64, sizeof(*g->outputs));
    for (i = 0; i < g->config->count; i++) {
        struct section *s = &g->config->sections[i];
        if (strcasecmp(s->name, "OUTPUT") == 0 && setup_output(g, s, &g->outputs[g->noutputs++]) != 0) {
            return g;
        }
    }
    return g;
}

/* Ready to start: every plugin loaded and every section valid. */
static int generation_valid(struct generation *g)
{
    int i;

    if (!g->config || !g->outputs) {
        return 0;
    }
    for (i = 0; i < g->noutputs; i++) {
        if (!g->outputs[i].reg) {
            return 0;
        }
    }
    return 1;
}

/* flb_destroy: Unregister and dlclose each registration, on the main thread. */
static void generation_destroy(struct generation *g)
{
    int i, f;

    for (i = 0; i < g->nregs; i++) {
        plugin_unload(g->regs[i]);
    }
    for (i = 0; i < g->noutputs; i++) {
        free(g->outputs[i].context);
    }
    for (i = 0; i < g->ninputs; i++) {
        for (f = 0; f < g->inputs[i].nfiles; f++) {
            free(g->inputs[i].files[f].data);
            free(g->inputs[i].files[f].tag);
        }
        free(g->inputs[i].files);
        free(g->inputs[i].tag);
    }
    free(g->inputs);
    free(g->outputs);
    free(g->regs);
    config_free(g->config);
    free(g);
}

static struct version played_version(const char *config_path, const char *cli_version)
{
    struct config *c = config_load(config_path);
    struct version v = parse_version(cli_version ? cli_version
                                                 : c ? section_get(config_section(c, "SERVICE"), "host_version") : NULL);

    config_free(c);
    return v;
}

static struct version played;

/*
 * Fluent Bit bundles cmetrics, and its executable exports cmt_version() (native/host.c reads it): the
 * cmetrics of each played version, from each tag's lib/cmetrics/CMakeLists.txt (4.x and older as one).
 */
const char *cmt_version(void)
{
    if (version_at_least(played, 5, 1, 0)) {
        return "2.2.1";
    }
    return version_at_least(played, 5, 0, 0) ? "2.0.5" : "1.0.6";
}

/*
 * From 4.2.3 on, the fluent-bit executable exports symbols a plugin may use to tell the host's era
 * (native/host.c). fbhost plays the host version chosen at run time, so it adds them to its global
 * scope from a small library built beside it.
 */
static int export_event_type_era_symbols(struct version v)
{
    char exe[4096], path[4200];
    ssize_t n;
    char *slash;

    if (!(version_at_least(v, 5, 0, 0) || (v.major == 4 && v.minor == 2 && v.patch >= 3))) {
        return 0;
    }
    n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n < 0) {
        return -1;
    }
    exe[n] = '\0';
    slash = strrchr(exe, '/');
    *slash = '\0';
    snprintf(path, sizeof(path), "%s/fbhost-event-type-era.so", exe);
    if (!dlopen(path, RTLD_NOW | RTLD_GLOBAL)) {
        host_log(1, "[fbhost] cannot load %s: %s", path, dlerror());
        return -1;
    }
    return 0;
}

static void usage(void)
{
    fprintf(stderr, "usage: fbhost -c <config> [-e <plugin.so>]... [-v <host version, e.g. 4.2.2>] [-Y]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    char *plugins[MAX_CLI_PLUGINS];
    const char *config = NULL, *version = NULL;
    int nplugins = 0, hot_reload_flag = 0, opt, number = 1;
    struct generation *g;

    signal_init();   /* the very first thing flb_main_run does */
    while ((opt = getopt(argc, argv, "c:e:v:Y")) != -1) {
        switch (opt) {
        case 'c': config = optarg; break;
        case 'e': if (nplugins < MAX_CLI_PLUGINS) plugins[nplugins++] = optarg; break;
        case 'v': version = optarg; break;
        case 'Y': hot_reload_flag = 1; break;
        default: usage();
        }
    }
    if (!config) {
        usage();
    }

    /* in a real host these symbols are there before any plugin loads */
    played = played_version(config, version);
    if (export_event_type_era_symbols(played) != 0) {
        return 1;
    }
    g = generation_create(config, plugins, nplugins, version, hot_reload_flag, number);
    if (!generation_valid(g) || engine_start(g) != 0) {
        generation_destroy(g);
        host_event("exit code=1");
        return 1;
    }
    while (!exit_signal) {
        struct timespec tick = { 0, 100 * 1000000L };
        nanosleep(&tick, NULL);
        if (g->init_failed) {
            host_log(1, "[engine] output initialization failed");
            engine_stop(g, 0);
            generation_destroy(g);
            host_event("exit code=1");
            return 1;
        }
        if (reload_requested) {
            struct generation *next;
            reload_requested = 0;
            if (!g->hot_reload_enabled) {
                host_log(3, "[engine] hot reloading is not enabled");
                continue;
            }
            /* flb_reload: load and register again, then stop and destroy the old, then start the new */
            host_log(3, "[reload] reloading");
            next = generation_create(config, plugins, nplugins, version, hot_reload_flag, ++number);
            if (!generation_valid(next)) {
                host_log(1, "[reload] the new configuration is invalid; keeping the running one");
                generation_destroy(next);
                continue;
            }
            engine_stop(g, 1);
            generation_destroy(g);
            g = next;
            if (engine_start(g) != 0) {
                generation_destroy(g);
                host_event("exit code=1");
                return 1;
            }
        }
    }
    host_log(3, "[engine] caught signal (%s)", strsignal(exit_signal));
    engine_stop(g, 0);
    generation_destroy(g);
    host_event("exit code=0");
    return 0;
}
