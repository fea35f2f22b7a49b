/*
 * Finding the JDK (java_home, JAVA_HOME, the bundle's runtime, the usual places) and telling whether
 * libjsig is preloaded.
 */
#define _GNU_SOURCE
#include "jdk.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host_abi.h"

const char *const jdk_search_places[] = {
    "/usr/lib/jvm", "/usr/java", "/opt/java", "/usr/local/lib/jvm", "/opt", NULL
};

static int file_exists(const char *path)
{
    return access(path, R_OK) == 0;
}

/* The feature version from <home>/release (JAVA_VERSION="25.0.3" or "1.8.0_402"), or -1. */
static int jdk_feature(const char *home)
{
    char path[PATH_MAX], line[256];
    FILE *f;
    int feature = -1;

    snprintf(path, sizeof(path), "%s/release", home);
    f = fopen(path, "r");
    if (!f) {
        return -1;
    }
    while (fgets(line, sizeof(line), f)) {
        if (strncmp(line, "JAVA_VERSION=\"", 14) == 0) {
            feature = atoi(line + 14);
            if (feature == 1) {
                feature = atoi(line + 16);   /* 1.8 -> 8 */
            }
            break;
        }
    }
    fclose(f);
    return feature;
}

static int has_libjvm(const char *home)
{
    char path[PATH_MAX];

    snprintf(path, sizeof(path), "%s/lib/server/libjvm.so", home);
    return file_exists(path);
}

/* The newest JDK >= MIN_JDK among the subfolders of `dir`; keeps the best so far in `best`. */
static void search_dir(const char *dir, char *best, int *best_feature)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char home[PATH_MAX];

    if (!d) {
        return;
    }
    while ((e = readdir(d)) != NULL) {
        int feature;
        if (e->d_name[0] == '.') {
            continue;
        }
        snprintf(home, sizeof(home), "%s/%s", dir, e->d_name);
        feature = jdk_feature(home);
        if (feature >= MIN_JDK && has_libjvm(home)
            && (feature > *best_feature || (feature == *best_feature && strcmp(home, best) < 0))) {
            snprintf(best, PATH_MAX, "%s", home);
            *best_feature = feature;
        }
    }
    closedir(d);
}

/* "/usr/lib/jvm, /usr/java, ..." for the error line: the places are listed once, above. */
static void places_text(char *out, size_t size)
{
    size_t used = 0;
    int i;

    out[0] = '\0';
    for (i = 0; jdk_search_places[i] && used < size; i++) {
        used += (size_t) snprintf(out + used, size - used, "%s%s", i ? ", " : "", jdk_search_places[i]);
    }
}

/* 0 with home and feature set when `given` is a usable JDK; -1 after logging why not, under `what`. */
static int use_given(struct vj_instance *inst, const char *what, const char *given, char *home, int *feature)
{
    if (!realpath(given, home)) {
        instance_log(inst, FLB_LOG_ERROR, "%s: cannot use '%s' (%s); set java_home to a JDK %d or later",
                     what, given, strerror(errno), MIN_JDK);
        return -1;
    }
    if (!has_libjvm(home)) {
        instance_log(inst, FLB_LOG_ERROR, "%s: '%s' is not a JDK (no lib/server/libjvm.so); "
                     "set java_home to a JDK %d or later", what, given, MIN_JDK);
        return -1;
    }
    *feature = jdk_feature(home);
    if (*feature < MIN_JDK) {
        instance_log(inst, FLB_LOG_ERROR, "%s: '%s' is JDK %d; vivo_java needs JDK %d or later",
                     what, given, *feature, MIN_JDK);
        return -1;
    }
    return 0;
}

int jdk_find(struct vj_instance *inst, const char *property, const char *shim_dir, char *home, int *feature,
             char *why, size_t why_size)
{
    const char *env = getenv("JAVA_HOME");
    char bundled[PATH_MAX], places[256];
    int i;

    if (property && *property) {
        snprintf(why, why_size, "java_home");
        return use_given(inst, "java_home", property, home, feature);
    }
    if (env && *env) {
        snprintf(why, why_size, "JAVA_HOME");
        return use_given(inst, "JAVA_HOME", env, home, feature);
    }
    /* the bundle's runtime: a broken one is an error, not a reason to run some other JDK unasked */
    snprintf(bundled, sizeof(bundled), "%s/%s", shim_dir, JDK_BUNDLED_RUNTIME);
    if (access(bundled, F_OK) == 0) {
        snprintf(why, why_size, "the runtime beside vivo_java.so");
        return use_given(inst, "the runtime beside vivo_java.so", bundled, home, feature);
    }
    home[0] = '\0';
    *feature = -1;
    for (i = 0; jdk_search_places[i]; i++) {
        search_dir(jdk_search_places[i], home, feature);
    }
    places_text(places, sizeof(places));
    if (*feature < 0) {
        instance_log(inst, FLB_LOG_ERROR, "cannot find a JDK %d or later (looked at java_home, JAVA_HOME, "
                     "%s/%s, then in %s); set java_home in the [OUTPUT] section", MIN_JDK, shim_dir,
                     JDK_BUNDLED_RUNTIME, places);
        return -1;
    }
    snprintf(why, why_size, "the newest JDK >= %d in %s", MIN_JDK, places);
    return 0;
}

int jdk_shared_archive(const char *shim_dir, const char *home, char *archive)
{
    char bundled[PATH_MAX], resolved[PATH_MAX];

    snprintf(bundled, sizeof(bundled), "%s/%s", shim_dir, JDK_BUNDLED_RUNTIME);
    snprintf(archive, PATH_MAX, "%s/%s", shim_dir, JDK_SHARED_ARCHIVE);
    return realpath(bundled, resolved) && strcmp(resolved, home) == 0 && file_exists(archive) ? 0 : -1;
}

/*
 * Fluent Bit re-installs its SIGSEGV/SIGFPE handlers on every SIGHUP and SIGCONT; the JVM uses those
 * signals in normal operation. A preloaded libjsig keeps the JVM's handlers first; when there is none,
 * the shim does the same itself (signals.c).
 */
int jdk_libjsig_preloaded(struct vj_instance *inst, const char *home)
{
    void *sym = dlsym(RTLD_DEFAULT, "JVM_begin_signal_setting");
    char expected[PATH_MAX], loaded[PATH_MAX];
    Dl_info info;

    if (!sym) {
        return 0;
    }
    snprintf(expected, sizeof(expected), "%s/lib/libjsig.so", home);
    if (dladdr(sym, &info) && info.dli_fname && realpath(info.dli_fname, loaded)
        && strcmp(loaded, expected) != 0) {
        instance_log(inst, FLB_LOG_WARN, "the preloaded libjsig is %s, not that of the JDK in use (%s)",
                     loaded, expected);
    }
    return 1;
}
