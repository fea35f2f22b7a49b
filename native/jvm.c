/*
 * The JVM, in named stages (after PL/Java's Backend.c): find the JDK, check its version, check that
 * libjsig is preloaded, check the jar and the options, create the VM on a shim-owned thread, load
 * Bootstrap, start the instance. Each failure is one log line: what, why, and the fix.
 *
 * Facts this rests on: ../shared/spec/jvm-embedding.md sections 1-3 and host-abi.md sections 5, 8, 9.
 */
#define _GNU_SOURCE
#include "jvm.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <jni.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "host.h"

#define MIN_JDK 17
#define MAX_OPTIONS 64
#define JVM_THREAD_STACK (8u * 1024u * 1024u)
#define CREATE_TIMEOUT_S 120     /* first start: JVM creation plus class loading */
#define CALL_TIMEOUT_S 60

extern char **environ;

typedef jint (JNICALL *create_vm_fn)(JavaVM **, void **, void *);
typedef jint (JNICALL *created_vms_fn)(JavaVM **, jsize, jsize *);

enum vm_state { VM_NONE, VM_STARTING, VM_READY, VM_FAILED };
enum request { REQ_NONE, REQ_START, REQ_GENERATION };

/* What the JVM thread needs to create the VM; filled by the caller, owned by the thread after. */
struct create_args {
    char  libjvm[PATH_MAX];
    int   count;
    char *options[MAX_OPTIONS];
};

static struct {
    pthread_mutex_t     lock;
    pthread_cond_t      changed;
    enum vm_state       state;
    char                failure[768];     /* why VM_FAILED */
    char                java_home[PATH_MAX];
    int                 feature;
    char                shim_path[PATH_MAX];
    /* the one request in flight, written under lock */
    enum request        request;
    struct vj_instance *inst;
    unsigned            generation;
    int                 result;
    unsigned long       completed;
    int                 abandoned;        /* the submitter stopped waiting for this request */
    /* where the JVM's own messages go while it starts or runs an instance */
    struct vj_instance *log_inst;
    char                jvm_line[512];    /* the JVM's last message, for the error line */
} vm = { .lock = PTHREAD_MUTEX_INITIALIZER, .changed = PTHREAD_COND_INITIALIZER };

static pthread_mutex_t submit_lock = PTHREAD_MUTEX_INITIALIZER;

/* ---- stage 1: find the JDK ------------------------------------------------------------------- */

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

/* java_home property, else $JAVA_HOME, else the newest JDK in the usual places. */
static int find_java_home(struct vj_instance *inst, const char *property, char *home, int *feature)
{
    static const char *places[] = { "/usr/lib/jvm", "/usr/java", "/opt/java", "/usr/local/lib/jvm", "/opt" };
    const char *given = property ? property : getenv("JAVA_HOME");
    const char *what = property ? "java_home" : "JAVA_HOME";
    size_t i;

    if (given && *given) {
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
    home[0] = '\0';
    *feature = -1;
    for (i = 0; i < sizeof(places) / sizeof(places[0]); i++) {
        search_dir(places[i], home, feature);
    }
    if (*feature < 0) {
        instance_log(inst, FLB_LOG_ERROR, "cannot find a JDK %d or later (looked at java_home, JAVA_HOME, "
                     "/usr/lib/jvm, /usr/java, /opt/java, /opt); set java_home in the [OUTPUT] section",
                     MIN_JDK);
        return -1;
    }
    return 0;
}

/* ---- stage 2: signals ------------------------------------------------------------------------ */

/*
 * Fluent Bit re-installs its SIGSEGV/SIGFPE handlers on every SIGHUP and SIGCONT; the JVM uses those
 * signals in normal operation, so without libjsig the next implicit null check aborts Fluent Bit.
 * libjsig can only be preloaded: by the time a plugin loads, Fluent Bit's calls to signal() are bound.
 */
static int check_libjsig(struct vj_instance *inst, const char *home)
{
    void *sym = dlsym(RTLD_DEFAULT, "JVM_begin_signal_setting");
    char expected[PATH_MAX], loaded[PATH_MAX];
    Dl_info info;

    snprintf(expected, sizeof(expected), "%s/lib/libjsig.so", home);
    if (!sym) {
        instance_log(inst, FLB_LOG_ERROR, "cannot start the JVM: libjsig.so is not preloaded, and without it "
                     "a SIGHUP or SIGCONT to Fluent Bit would crash it; start Fluent Bit with "
                     "LD_PRELOAD=%s", expected);
        return -1;
    }
    if (dladdr(sym, &info) && info.dli_fname && realpath(info.dli_fname, loaded)
        && strcmp(loaded, expected) != 0) {
        instance_log(inst, FLB_LOG_WARN, "the preloaded libjsig is %s, not that of the JDK in use (%s)",
                     loaded, expected);
    }
    return 0;
}

/* ---- stage 3: jar and options ---------------------------------------------------------------- */

static int find_jar(struct vj_instance *inst, const char *property, char *jar)
{
    char dir[PATH_MAX];
    char *slash;

    if (property) {
        if (!realpath(property, jar) || !file_exists(jar)) {
            instance_log(inst, FLB_LOG_ERROR, "jar_path: cannot read '%s' (%s); set jar_path to vivo-java.jar",
                         property, strerror(errno));
            return -1;
        }
        return 0;
    }
    snprintf(dir, sizeof(dir), "%s", vm.shim_path);
    slash = strrchr(dir, '/');
    if (slash) {
        *slash = '\0';
    }
    snprintf(jar, PATH_MAX, "%s/vivo-java.jar", dir);
    if (!file_exists(jar)) {
        instance_log(inst, FLB_LOG_ERROR, "cannot read %s (%s): it belongs beside vivo_java.so; "
                     "run ./build.sh, or set jar_path", jar, strerror(errno));
        return -1;
    }
    return 0;
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

static int add_option(struct create_args *a, const char *fmt, ...)
{
    va_list args;
    char *s;

    if (a->count >= MAX_OPTIONS) {
        return -1;
    }
    va_start(args, fmt);
    if (vasprintf(&s, fmt, args) < 0) {
        s = NULL;
    }
    va_end(args);
    if (!s) {
        return -1;
    }
    a->options[a->count++] = s;
    return 0;
}

static void free_args(struct create_args *a)
{
    int i;

    for (i = 0; i < a->count; i++) {
        free(a->options[i]);
    }
    free(a);
}

/*
 * The heap holds each stream's data: three streams of stream_queue_size, plus room for rendering and
 * reads. Later instances and reloads may ask for more; Java warns then (Bootstrap).
 */
static long heap_megabytes(const char *stream_queue_size)
{
    long long queue = 20000000;

    if (stream_queue_size) {
        long long parsed = host_parse_size(stream_queue_size);
        if (parsed >= 0) {
            queue = parsed;
        }
    }
    return 96 + (long) (queue * 9 / 2 / (1024 * 1024));
}

static int build_options(struct vj_instance *inst, const struct jvm_settings *s, const char *jar,
                         struct create_args *a)
{
    char *copy, *token, *save = NULL;

    add_option(a, "-Djava.class.path=%s", jar);
    add_option(a, "-Xrs");                          /* SIGTERM, SIGINT, SIGHUP, SIGQUIT stay Fluent Bit's */
    add_option(a, "-XX:+UseSerialGC");              /* no GC worker threads in someone else's process */
    add_option(a, "-Xmx%ldm", heap_megabytes(s->stream_queue_size));
    add_option(a, "-XX:MaxMetaspaceSize=128m");
    add_option(a, "-XX:ReservedCodeCacheSize=64m");
    add_option(a, "-XX:-UsePerfData");              /* no /tmp/hsperfdata file */
    add_option(a, "-XX:ErrorFile=/tmp/vivo_java_hs_err_pid%%p.log");
    add_option(a, "-Djava.awt.headless=true");
    add_option(a, "-Dorg.jboss.logging.provider=jdk");
    if (vm.feature >= 22) {
        add_option(a, "--enable-native-access=ALL-UNNAMED");   /* the Panama bridge */
    }
    if (vm.feature >= 24) {
        add_option(a, "--sun-misc-unsafe-memory-access=allow"); /* quiet JEP 498 warnings of dependencies */
    }

    if (!s->jvm_options) {
        return 0;
    }
    copy = strdup(s->jvm_options);
    for (token = strtok_r(copy, " \t", &save); token; token = strtok_r(NULL, " \t", &save)) {
        const char *why = forbidden_option(token);
        if (why) {
            instance_log(inst, FLB_LOG_ERROR, "jvm_options: '%s' is not allowed: %s", token, why);
            free(copy);
            return -1;
        }
        if (add_option(a, "%s", token) != 0) {
            instance_log(inst, FLB_LOG_ERROR, "jvm_options: too many options (at most %d)", MAX_OPTIONS - 16);
            free(copy);
            return -1;
        }
    }
    free(copy);
    return 0;
}

/* ---- the JVM's own messages ------------------------------------------------------------------ */

static void log_jvm(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void log_jvm(int level, const char *fmt, ...)
{
    char msg[768];
    va_list args;

    va_start(args, fmt);
    vsnprintf(msg, sizeof(msg), fmt, args);
    va_end(args);
    struct vj_instance *inst = __atomic_load_n(&vm.log_inst, __ATOMIC_ACQUIRE);

    if (inst) {
        instance_log(inst, level, "%s", msg);
    }
    else {
        instance_log_any(level, "%s", msg);
    }
}

/* Unified logging lines (-Xlog) carry their level, "[0.581s][info][gc] ..."; other JVM lines are warnings. */
static int jvm_line_level(const char *line)
{
    if (strstr(line, "][info]")) {
        return FLB_LOG_INFO;
    }
    if (strstr(line, "][debug]") || strstr(line, "][trace]")) {
        return FLB_LOG_DEBUG;
    }
    if (strstr(line, "][error]")) {
        return FLB_LOG_ERROR;
    }
    return FLB_LOG_WARN;
}

/*
 * JavaVMOption "vfprintf": what the JVM prints (its warnings and errors, and -Xlog output meant for
 * stdout or stderr) goes to Fluent Bit's log, line by line, rather than into Fluent Bit's stdout,
 * where an output such as stdout writes records.
 */
static jint JNICALL on_jvm_vfprintf(FILE *stream, const char *format, va_list args)
{
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    static char line[1024];
    static size_t used;
    char text[1024];
    int n = vsnprintf(text, sizeof(text), format, args);
    char *p, *nl;

    (void) stream;
    pthread_mutex_lock(&lock);
    for (p = text; *p; p = nl + 1) {
        nl = strchr(p, '\n');
        size_t len = nl ? (size_t) (nl - p) : strlen(p);
        if (used + len >= sizeof(line)) {
            len = sizeof(line) - 1 - used;
        }
        memcpy(line + used, p, len);
        used += len;
        if (!nl) {
            break;
        }
        line[used] = '\0';
        if (used > 0) {
            snprintf(vm.jvm_line, sizeof(vm.jvm_line), "%s", line);
            log_jvm(jvm_line_level(line), "jvm: %s", line);
        }
        used = 0;
    }
    pthread_mutex_unlock(&lock);
    return n;
}

static void JNICALL on_jvm_exit(jint code)
{
    log_jvm(FLB_LOG_ERROR, "the JVM is ending the Fluent Bit process (exit code %d)", (int) code);
}

static void JNICALL on_jvm_abort(void)
{
    log_jvm(FLB_LOG_ERROR, "the JVM is aborting the Fluent Bit process; see /tmp/vivo_java_hs_err_pid*.log");
}

/*
 * JNI_CreateJavaVM reads JAVA_TOOL_OPTIONS and _JAVA_OPTIONS from the environment, where they were
 * set for other Java programs: -XX:+UseG1GC there would even make creation fail beside our serial GC.
 * They are hidden while the VM is created, by pointing their environ slots at renamed copies (one
 * word stored at a time, so a concurrent getenv sees either name), and announced.
 */
static void hide_java_env(int hide)
{
    static const char *names[] = { "JAVA_TOOL_OPTIONS=", "_JAVA_OPTIONS=" };
    static char *originals[2], *renamed[2];
    size_t i;
    char **e;

    for (i = 0; i < 2; i++) {
        for (e = environ; e && *e; e++) {
            if (hide && strncmp(*e, names[i], strlen(names[i])) == 0) {
                originals[i] = *e;
                renamed[i] = strdup(*e);   /* never freed: another thread may have read the pointer */
                if (!renamed[i]) {
                    break;
                }
                renamed[i][0] = '~';
                *e = renamed[i];
                log_jvm(FLB_LOG_WARN, "%.*s is set in Fluent Bit's environment ('%s'); vivo_java's JVM does "
                        "not use it: put JVM options in jvm_options", (int) strlen(names[i]) - 1, names[i],
                        originals[i] + strlen(names[i]));
                break;
            }
            if (!hide && renamed[i] && *e == renamed[i]) {
                *e = originals[i];
                renamed[i] = NULL;
                break;
            }
        }
    }
}

/* ---- the JVM thread -------------------------------------------------------------------------- */

static struct {
    JavaVM   *jvm;
    JNIEnv   *env;
    jclass    bootstrap;
    jmethodID start;
    jmethodID generation_started;
} java;

static int fail_create(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int fail_create(const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    pthread_mutex_lock(&vm.lock);
    vsnprintf(vm.failure, sizeof(vm.failure), fmt, args);
    pthread_mutex_unlock(&vm.lock);
    va_end(args);
    return -1;
}

static int create_vm(struct create_args *a)
{
    JavaVMOption options[MAX_OPTIONS + 3];
    JavaVMInitArgs init;
    create_vm_fn create;
    created_vms_fn created;
    JavaVM *existing = NULL;
    jsize count = 0;
    void *libjvm;
    jint rc;
    int i;

    libjvm = dlopen(a->libjvm, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    if (!libjvm) {
        return fail_create("cannot load %s: %s", a->libjvm, dlerror());
    }
    create = (create_vm_fn) dlsym(libjvm, "JNI_CreateJavaVM");
    created = (created_vms_fn) dlsym(libjvm, "JNI_GetCreatedJavaVMs");
    if (!create || !created) {
        return fail_create("%s has no JNI_CreateJavaVM", a->libjvm);
    }
    if (created(&existing, 1, &count) == JNI_OK && count > 0) {
        return fail_create("another JVM already runs in this Fluent Bit process; vivo_java needs its own");
    }

    /* the hooks first: the JVM reports a bad option through them only if they come before it */
    i = 0;
    options[i].optionString = "vfprintf";
    options[i++].extraInfo = (void *) on_jvm_vfprintf;
    options[i].optionString = "exit";
    options[i++].extraInfo = (void *) on_jvm_exit;
    options[i].optionString = "abort";
    options[i++].extraInfo = (void *) on_jvm_abort;
    for (int k = 0; k < a->count; k++, i++) {
        options[i].optionString = a->options[k];
        options[i].extraInfo = NULL;
    }
    init.version = JNI_VERSION_10;
    init.nOptions = i;
    init.options = options;
    init.ignoreUnrecognized = JNI_FALSE;

    hide_java_env(1);
    rc = create(&java.jvm, (void **) &java.env, &init);
    hide_java_env(0);
    if (rc != JNI_OK) {
        return fail_create("the JVM did not start%s%s; check jvm_options (JNI error %d)",
                           vm.jvm_line[0] ? ": " : "", vm.jvm_line, (int) rc);
    }
    return 0;
}

/* The text of a pending Java exception, cleared. */
static void exception_text(JNIEnv *env, char *out, size_t n)
{
    jthrowable t = (*env)->ExceptionOccurred(env);
    jclass object;
    jmethodID to_string;
    jstring s;
    const char *chars;

    (*env)->ExceptionClear(env);
    snprintf(out, n, "unknown Java exception");
    if (!t) {
        return;
    }
    object = (*env)->FindClass(env, "java/lang/Object");
    to_string = object ? (*env)->GetMethodID(env, object, "toString", "()Ljava/lang/String;") : NULL;
    s = to_string ? (jstring) (*env)->CallObjectMethod(env, t, to_string) : NULL;
    if (s && !(*env)->ExceptionCheck(env)) {
        chars = (*env)->GetStringUTFChars(env, s, NULL);
        if (chars) {
            snprintf(out, n, "%s", chars);
            (*env)->ReleaseStringUTFChars(env, s, chars);
        }
    }
    (*env)->ExceptionClear(env);
}

static int load_bootstrap(void)
{
    JNIEnv *env = java.env;
    char why[512];
    jclass local = (*env)->FindClass(env, "vivo/Bootstrap");

    if (!local) {
        exception_text(env, why, sizeof(why));
        return fail_create("the jar has no class vivo.Bootstrap (%s); rebuild it with ./build.sh", why);
    }
    java.bootstrap = (*env)->NewGlobalRef(env, local);
    java.start = (*env)->GetStaticMethodID(env, local, "start", "(JLjava/lang/String;Ljava/lang/String;I)I");
    java.generation_started = (*env)->GetStaticMethodID(env, local, "generationStarted", "(I)V");
    if (!java.start || !java.generation_started) {
        exception_text(env, why, sizeof(why));
        return fail_create("vivo.Bootstrap in the jar does not match this shim (%s); rebuild with ./build.sh", why);
    }
    return 0;
}

static int call_start(struct vj_instance *inst, unsigned generation)
{
    JNIEnv *env = java.env;
    jstring path = (*env)->NewStringUTF(env, vm.shim_path);
    jstring name = (*env)->NewStringUTF(env, inst->name);
    char why[512];
    jint rc;

    rc = (*env)->CallStaticIntMethod(env, java.bootstrap, java.start, (jlong) (uintptr_t) inst, path, name,
                                     (jint) generation);
    if ((*env)->ExceptionCheck(env)) {
        exception_text(env, why, sizeof(why));
        instance_log(inst, FLB_LOG_ERROR, "Java failed to start the instance: %s", why);
        rc = -1;
    }
    (*env)->DeleteLocalRef(env, path);
    (*env)->DeleteLocalRef(env, name);
    return rc == 0 ? 0 : -1;
}

static void call_generation_started(unsigned generation)
{
    JNIEnv *env = java.env;
    char why[512];

    (*env)->CallStaticVoidMethod(env, java.bootstrap, java.generation_started, (jint) generation);
    if ((*env)->ExceptionCheck(env)) {
        exception_text(env, why, sizeof(why));
        fprintf(stderr, "[vivo_java] generationStarted failed: %s\n", why);
    }
}

/*
 * Init stopped waiting for this start and failed; Fluent Bit keeps no pointer to the instance. If Java
 * did start it, closing its queue makes Java stop it and call vj_stopped, which frees it (orphaned).
 */
static void abandon_instance(struct vj_instance *inst, int start_result)
{
    int free_now;

    pthread_mutex_lock(&inst->lock);
    inst->orphaned = 1;
    inst->api = NULL;
    inst->o_ins = NULL;
    free_now = start_result != 0;   /* Java never took it */
    pthread_mutex_unlock(&inst->lock);
    if (free_now) {
        instance_free(inst);
    }
    else {
        queue_close(&inst->queue);
    }
}

static void *jvm_thread(void *arg)
{
    struct create_args *a = arg;
    int ok;

    pthread_setname_np(pthread_self(), "vivo-java-jvm");
    ok = create_vm(a) == 0 && load_bootstrap() == 0;
    free_args(a);

    pthread_mutex_lock(&vm.lock);
    vm.state = ok ? VM_READY : VM_FAILED;
    pthread_cond_broadcast(&vm.changed);
    pthread_mutex_unlock(&vm.lock);
    if (!ok) {
        return NULL;
    }

    /* serve requests for the life of the process; waiting here, the thread is "in native" for the JVM */
    for (;;) {
        enum request request;
        struct vj_instance *inst;
        unsigned generation;
        int result = 0;

        pthread_mutex_lock(&vm.lock);
        while (vm.request == REQ_NONE) {
            pthread_cond_wait(&vm.changed, &vm.lock);
        }
        request = vm.request;
        inst = vm.inst;
        generation = vm.generation;
        pthread_mutex_unlock(&vm.lock);

        if (request == REQ_START) {
            result = call_start(inst, generation);
        }
        else {
            call_generation_started(generation);
        }

        pthread_mutex_lock(&vm.lock);
        if (vm.abandoned && request == REQ_START) {
            abandon_instance(inst, result);
        }
        vm.abandoned = 0;
        vm.request = REQ_NONE;
        vm.result = result;
        vm.completed++;
        pthread_cond_broadcast(&vm.changed);
        pthread_mutex_unlock(&vm.lock);
    }
    return NULL;
}

/* ---- what the shim calls --------------------------------------------------------------------- */

static void deadline_in(struct timespec *ts, int seconds)
{
    clock_gettime(CLOCK_REALTIME, ts);
    ts->tv_sec += seconds;
}

/* Stages 1-3, then the thread that creates the VM; waits for it. Caller holds submit_lock. */
static int create_jvm_once(struct vj_instance *inst, const struct jvm_settings *s)
{
    struct create_args *a;
    pthread_attr_t attr;
    pthread_t thread;
    struct timespec deadline;
    char jar[PATH_MAX];
    int rc;

    if (host_shim_path(vm.shim_path, sizeof(vm.shim_path)) != 0) {
        instance_log(inst, FLB_LOG_ERROR, "cannot tell where vivo_java.so was loaded from");
        return -1;
    }
    if (find_java_home(inst, s->java_home, vm.java_home, &vm.feature) != 0
        || check_libjsig(inst, vm.java_home) != 0
        || find_jar(inst, s->jar_path, jar) != 0) {
        return -1;
    }
    a = calloc(1, sizeof(*a));
    if (!a) {
        return -1;
    }
    snprintf(a->libjvm, sizeof(a->libjvm), "%s/lib/server/libjvm.so", vm.java_home);
    if (build_options(inst, s, jar, a) != 0) {
        free_args(a);
        return -1;
    }

    pthread_mutex_lock(&vm.lock);
    vm.state = VM_STARTING;
    pthread_mutex_unlock(&vm.lock);
    __atomic_store_n(&vm.log_inst, inst, __ATOMIC_RELEASE);

    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, JVM_THREAD_STACK);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    rc = pthread_create(&thread, &attr, jvm_thread, a);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        free_args(a);
        pthread_mutex_lock(&vm.lock);
        vm.state = VM_NONE;
        pthread_mutex_unlock(&vm.lock);
        instance_log(inst, FLB_LOG_ERROR, "cannot start the JVM thread: %s", strerror(rc));
        return -1;
    }

    deadline_in(&deadline, CREATE_TIMEOUT_S);
    pthread_mutex_lock(&vm.lock);
    while (vm.state == VM_STARTING) {
        if (pthread_cond_timedwait(&vm.changed, &vm.lock, &deadline) == ETIMEDOUT) {
            break;
        }
    }
    rc = vm.state == VM_READY ? 0 : -1;
    if (vm.state == VM_STARTING) {
        snprintf(vm.failure, sizeof(vm.failure), "the JVM did not start within %d s", CREATE_TIMEOUT_S);
    }
    pthread_mutex_unlock(&vm.lock);
    if (rc != 0) {
        instance_log(inst, FLB_LOG_ERROR, "%s", vm.failure);
        return -1;
    }
    instance_log(inst, FLB_LOG_INFO, "JVM started: JDK %d at %s", vm.feature, vm.java_home);
    return 0;
}

/* Hands one request to the JVM thread and waits for it: its result, -1 if it could not be handed over,
 * -2 if it was but did not finish in time. Caller holds submit_lock. */
static int submit(enum request request, struct vj_instance *inst, unsigned generation, int timeout_s)
{
    struct timespec deadline;
    unsigned long ticket;
    int rc = -1;

    deadline_in(&deadline, timeout_s);
    pthread_mutex_lock(&vm.lock);
    /* an abandoned request may still be running: wait for it rather than overwrite it */
    while (vm.request != REQ_NONE) {
        if (pthread_cond_timedwait(&vm.changed, &vm.lock, &deadline) == ETIMEDOUT) {
            pthread_mutex_unlock(&vm.lock);
            return -1;   /* never handed over: the caller still owns everything */
        }
    }
    vm.request = request;
    vm.inst = inst;
    vm.generation = generation;
    ticket = vm.completed + 1;
    pthread_cond_broadcast(&vm.changed);
    while (vm.completed < ticket) {
        if (pthread_cond_timedwait(&vm.changed, &vm.lock, &deadline) == ETIMEDOUT) {
            break;
        }
    }
    if (vm.completed >= ticket) {
        rc = vm.result;
    }
    else {
        vm.abandoned = 1;   /* the JVM thread cleans up when the call returns */
        rc = -2;
    }
    pthread_mutex_unlock(&vm.lock);
    return rc;
}

int jvm_start_instance(struct vj_instance *inst, const struct jvm_settings *s)
{
    enum vm_state state;
    int rc;

    pthread_mutex_lock(&submit_lock);
    pthread_mutex_lock(&vm.lock);
    state = vm.state;
    pthread_mutex_unlock(&vm.lock);

    if (state == VM_NONE && create_jvm_once(inst, s) != 0) {
        pthread_mutex_unlock(&submit_lock);
        return -1;
    }
    if (state == VM_STARTING) {
        instance_log(inst, FLB_LOG_ERROR, "the JVM is still starting after %d s; restart Fluent Bit",
                     CREATE_TIMEOUT_S);
        pthread_mutex_unlock(&submit_lock);
        return -1;
    }
    if (state == VM_FAILED) {
        instance_log(inst, FLB_LOG_ERROR, "the JVM failed to start earlier in this process (%s); "
                     "a JVM cannot be started twice: fix the cause and restart Fluent Bit", vm.failure);
        pthread_mutex_unlock(&submit_lock);
        return -1;
    }
    if (state == VM_READY && s->java_home && strcmp(s->java_home, vm.java_home) != 0) {
        instance_log(inst, FLB_LOG_WARN, "java_home '%s' is not used: this process already runs JDK %d from %s",
                     s->java_home, vm.feature, vm.java_home);
    }

    __atomic_store_n(&vm.log_inst, inst, __ATOMIC_RELEASE);
    rc = submit(REQ_START, inst, inst->generation, CALL_TIMEOUT_S);
    if (rc == -2) {
        instance_log(inst, FLB_LOG_ERROR, "Java did not start the instance within %d s", CALL_TIMEOUT_S);
    }
    /* later JVM messages go to stderr: the instance may be freed long before the JVM speaks again */
    __atomic_store_n(&vm.log_inst, NULL, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&submit_lock);
    return rc;
}

void jvm_generation_started(unsigned generation)
{
    pthread_mutex_lock(&submit_lock);
    if (vm.state == VM_READY) {
        submit(REQ_GENERATION, NULL, generation, CALL_TIMEOUT_S);
    }
    pthread_mutex_unlock(&submit_lock);
}
