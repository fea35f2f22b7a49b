/*
 * The process's one JVM and the thread that owns it (after PL/Java's Backend.c): the first start finds
 * the JDK, makes sure of the signals (libjsig preloaded, else signals.c), checks the jar and the
 * options, then creates the VM on a thread of the shim's own, which then serves requests from a
 * one-slot mailbox for the life of the process. Each failure is one
 * log line: what, why, and the fix.
 *
 * Facts this rests on: ../shared/spec/jvm-embedding.md sections 1-3 and host-abi.md sections 5, 8, 9.
 */
#define _GNU_SOURCE
#include "jvm.h"

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

#include "bootstrap.h"
#include "host.h"
#include "jdk.h"
#include "jvm_hooks.h"
#include "signals.h"

#define JVM_THREAD_STACK (8u * 1024u * 1024u)
#define CREATE_TIMEOUT_S 120     /* first start: JVM creation plus class loading */
#define CALL_TIMEOUT_S 60

typedef jint (JNICALL *create_vm_fn)(JavaVM **, void **, void *);
typedef jint (JNICALL *created_vms_fn)(JavaVM **, jsize, jsize *);

enum vm_state { VM_NONE, VM_STARTING, VM_READY, VM_FAILED };
enum request { REQ_NONE, REQ_START, REQ_GENERATION };

/* What the JVM thread needs to create the VM; filled by the caller, owned by the thread after. */
struct create_args {
    char               libjvm[PATH_MAX];
    struct jvm_options options;
};

/* Everything below is guarded by vm.lock, except what only the JVM thread touches after creation. */
static struct {
    pthread_mutex_t     lock;
    pthread_cond_t      changed;
    enum vm_state       state;
    char                failure[768];     /* why VM_FAILED */
    char                java_home[PATH_MAX];
    char                java_home_why[256];  /* which setting or place gave java_home */
    int                 feature;
    char                shim_path[PATH_MAX];
    char                shim_dir[PATH_MAX];
    /* the mailbox: one request in flight */
    enum request        request;
    struct vj_instance *inst;
    unsigned            generation;
    int                 result;
    unsigned long       completed;
} vm = { .lock = PTHREAD_MUTEX_INITIALIZER, .changed = PTHREAD_COND_INITIALIZER };

/* One submitter at a time: Init of several instances, PreRun. */
static pthread_mutex_t submit_lock = PTHREAD_MUTEX_INITIALIZER;

static void deadline_in(struct timespec *ts, int seconds)
{
    clock_gettime(CLOCK_REALTIME, ts);
    ts->tv_sec += seconds;
}

/* ---- checks before the JVM --------------------------------------------------------------------- */

static int find_jar(struct vj_instance *inst, const char *property, char *jar)
{
    if (property) {
        if (!realpath(property, jar) || access(jar, R_OK) != 0) {
            instance_log(inst, FLB_LOG_ERROR, "jar_path: cannot read '%s' (%s); set jar_path to vivo-java.jar",
                         property, strerror(errno));
            return -1;
        }
        return 0;
    }
    snprintf(jar, PATH_MAX, "%s/vivo-java.jar", vm.shim_dir);
    if (access(jar, R_OK) != 0) {
        instance_log(inst, FLB_LOG_ERROR, "cannot read %s (%s): it belongs beside vivo_java.so; "
                     "run ./build.sh, or set jar_path", jar, strerror(errno));
        return -1;
    }
    return 0;
}

/* libjsig preloaded, or the shim's own guard (signals.c); else the fix, for a SIGHUP would crash the host */
static int guard_signals(struct vj_instance *inst)
{
    char why[256];

    if (jdk_libjsig_preloaded(inst, vm.java_home)) {
        instance_log(inst, FLB_LOG_WARN, "libjsig.so is preloaded: the plugin no longer needs it, and it can hang "
                     "Fluent Bit when a SIGHUP and a SIGCONT come close together (its signal() takes a lock inside "
                     "the host's signal handler); remove LD_PRELOAD, and the shim keeps the JVM's handlers itself");
        return 0;
    }
    if (signals_guard(why, sizeof(why)) != 0) {
        instance_log(inst, FLB_LOG_ERROR, "cannot start the JVM: libjsig.so is not preloaded and the shim cannot "
                     "keep the JVM's signal handlers itself (%s); without either, a SIGHUP or SIGCONT to Fluent "
                     "Bit would crash it; start Fluent Bit with LD_PRELOAD=%s/lib/libjsig.so", why, vm.java_home);
        return -1;
    }
    instance_log(inst, FLB_LOG_DEBUG, "no libjsig preloaded: the shim keeps the JVM's signal handlers first "
                 "(the host's signal and sigaction are rebound)");
    return 0;
}

/* ---- the JVM thread ---------------------------------------------------------------------------- */

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

static int create_vm(struct create_args *a, JNIEnv **env)
{
    JavaVMOption options[JVM_HOOK_COUNT + JVM_MAX_OPTIONS];
    JavaVMInitArgs init;
    create_vm_fn create;
    created_vms_fn created;
    JavaVM *jvm = NULL, *existing = NULL;
    jsize count = 0;
    char last[512];
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

    jvm_hooks_fill(options);
    for (i = 0; i < a->options.count; i++) {
        options[JVM_HOOK_COUNT + i].optionString = a->options.items[i];
        options[JVM_HOOK_COUNT + i].extraInfo = NULL;
    }
    init.version = JNI_VERSION_10;
    init.nOptions = JVM_HOOK_COUNT + a->options.count;
    init.options = options;
    init.ignoreUnrecognized = JNI_FALSE;

    jvm_hooks_hide_java_env(1);
    rc = create(&jvm, (void **) env, &init);
    jvm_hooks_hide_java_env(0);
    if (rc != JNI_OK) {
        jvm_hooks_last_line(last, sizeof(last));
        return fail_create("the JVM did not start%s%s; check jvm_options (JNI error %d)",
                           last[0] ? ": " : "", last, (int) rc);
    }
    return 0;
}

static int create_and_load(struct create_args *a)
{
    JNIEnv *env = NULL;
    char why[640];

    if (create_vm(a, &env) != 0) {
        return -1;
    }
    if (bootstrap_load(env, why, sizeof(why)) != 0) {
        return fail_create("%s", why);
    }
    return 0;
}

static void *jvm_thread(void *arg)
{
    struct create_args *a = arg;
    int ok;

    pthread_setname_np(pthread_self(), "vivo-java-jvm");
    ok = create_and_load(a) == 0;
    jvm_options_free(&a->options);
    free(a);

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
            result = bootstrap_start(inst, vm.shim_path);
            /* the submitter may have stopped waiting and let go of inst: the instance says who frees it */
            instance_after(inst, instance_start_answered(inst, result == 0));
        }
        else {
            bootstrap_generation_started(generation);
        }

        pthread_mutex_lock(&vm.lock);
        vm.request = REQ_NONE;
        vm.result = result;
        vm.completed++;
        pthread_cond_broadcast(&vm.changed);
        pthread_mutex_unlock(&vm.lock);
    }
    return NULL;
}

/* ---- what the shim calls ----------------------------------------------------------------------- */

/* The checks, then the thread that creates the VM; waits for it. Caller holds submit_lock. */
static int create_jvm_once(struct vj_instance *inst, const struct jvm_settings *s)
{
    struct create_args *a;
    pthread_attr_t attr;
    pthread_t thread;
    struct timespec deadline;
    struct jvm_settings settings = *s;
    char jar[PATH_MAX], archive[PATH_MAX], error[512];
    char *slash;
    int rc;

    if (host_shim_path(vm.shim_path, sizeof(vm.shim_path)) != 0) {
        instance_log(inst, FLB_LOG_ERROR, "cannot tell where vivo_java.so was loaded from");
        return -1;
    }
    snprintf(vm.shim_dir, sizeof(vm.shim_dir), "%s", vm.shim_path);
    slash = strrchr(vm.shim_dir, '/');
    if (slash) {
        *slash = '\0';
    }
    if (jdk_find(inst, s->java_home, vm.shim_dir, vm.java_home, &vm.feature, vm.java_home_why,
                 sizeof(vm.java_home_why)) != 0
        || guard_signals(inst) != 0
        || find_jar(inst, s->jar_path, jar) != 0) {
        return -1;
    }
    a = calloc(1, sizeof(*a));
    if (!a) {
        instance_log(inst, FLB_LOG_ERROR, "out of memory to start the JVM");
        return -1;
    }
    snprintf(a->libjvm, sizeof(a->libjvm), "%s/lib/server/libjvm.so", vm.java_home);
    settings.shared_archive = jdk_shared_archive(vm.shim_dir, vm.java_home, archive) == 0 ? archive : NULL;
    if (jvm_options_build(&a->options, &settings, jar, vm.feature, error, sizeof(error)) != 0) {
        instance_log(inst, FLB_LOG_ERROR, "%s", error);
        free(a);
        return -1;
    }

    pthread_mutex_lock(&vm.lock);
    vm.state = VM_STARTING;
    pthread_mutex_unlock(&vm.lock);
    jvm_hooks_log_to(inst);

    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, JVM_THREAD_STACK);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    rc = pthread_create(&thread, &attr, jvm_thread, a);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        jvm_options_free(&a->options);
        free(a);
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
    snprintf(error, sizeof(error), "%s", vm.failure);
    pthread_mutex_unlock(&vm.lock);
    if (rc != 0) {
        instance_log(inst, FLB_LOG_ERROR, "%s", error);
        return -1;
    }
    instance_log(inst, FLB_LOG_INFO, "JVM started: JDK %d at %s (%s)%s", vm.feature, vm.java_home,
                 vm.java_home_why, settings.shared_archive ? ", with its class-data archive" : "");
    return 0;
}

enum submitted { ANSWERED, NOT_HANDED_OVER, NOT_ANSWERED_IN_TIME };

/* Hands one request to the JVM thread and waits up to timeout_s for its answer, into *result.
 * Caller holds submit_lock. */
static enum submitted submit(enum request request, struct vj_instance *inst, unsigned generation, int timeout_s,
                             int *result)
{
    struct timespec deadline;
    unsigned long ticket;
    enum submitted how = NOT_ANSWERED_IN_TIME;

    deadline_in(&deadline, timeout_s);
    pthread_mutex_lock(&vm.lock);
    /* a request that was waited for in vain may still be running: wait for it rather than overwrite it */
    while (vm.request != REQ_NONE) {
        if (pthread_cond_timedwait(&vm.changed, &vm.lock, &deadline) == ETIMEDOUT) {
            pthread_mutex_unlock(&vm.lock);
            return NOT_HANDED_OVER;
        }
    }
    if (inst) {
        instance_start_handed_over(inst);   /* before the JVM thread can see it */
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
        *result = vm.result;
        how = ANSWERED;
    }
    pthread_mutex_unlock(&vm.lock);
    return how;
}

int jvm_start_instance(struct vj_instance *inst, const struct jvm_settings *s)
{
    enum vm_state state;
    char failure[sizeof(vm.failure)];
    int rc = -1;

    pthread_mutex_lock(&submit_lock);
    pthread_mutex_lock(&vm.lock);
    state = vm.state;
    snprintf(failure, sizeof(failure), "%s", vm.failure);
    pthread_mutex_unlock(&vm.lock);

    if (state == VM_STARTING) {
        instance_log(inst, FLB_LOG_ERROR, "the JVM is still starting after %d s; restart Fluent Bit",
                     CREATE_TIMEOUT_S);
    }
    else if (state == VM_FAILED) {
        instance_log(inst, FLB_LOG_ERROR, "the JVM failed to start earlier in this process (%s); "
                     "a JVM cannot be started twice: fix the cause and restart Fluent Bit", failure);
    }
    else if (state == VM_READY || create_jvm_once(inst, s) == 0) {
        if (state == VM_READY && s->java_home && strcmp(s->java_home, vm.java_home) != 0) {
            instance_log(inst, FLB_LOG_WARN, "java_home '%s' is not used: this process already runs JDK %d "
                         "from %s", s->java_home, vm.feature, vm.java_home);
        }
        jvm_hooks_log_to(inst);
        switch (submit(REQ_START, inst, inst->generation, CALL_TIMEOUT_S, &rc)) {
        case ANSWERED:
            break;   /* a failed start has said why */
        case NOT_HANDED_OVER:
            instance_log(inst, FLB_LOG_ERROR, "the JVM thread is still busy after %d s with an earlier request; "
                         "restart Fluent Bit", CALL_TIMEOUT_S);
            break;
        case NOT_ANSWERED_IN_TIME:
            instance_log(inst, FLB_LOG_ERROR, "Java did not start the instance within %d s", CALL_TIMEOUT_S);
            break;
        }
    }
    /* later JVM messages go to any instance: this one may be freed long before the JVM speaks again */
    jvm_hooks_log_to(NULL);
    pthread_mutex_unlock(&submit_lock);
    return rc == 0 ? 0 : -1;
}

void jvm_generation_started(unsigned generation)
{
    enum vm_state state;

    pthread_mutex_lock(&submit_lock);
    pthread_mutex_lock(&vm.lock);
    state = vm.state;
    pthread_mutex_unlock(&vm.lock);
    if (state == VM_READY) {
        int ignored;
        submit(REQ_GENERATION, NULL, generation, CALL_TIMEOUT_S, &ignored);
    }
    pthread_mutex_unlock(&submit_lock);
}
