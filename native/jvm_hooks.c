#define _GNU_SOURCE
#include "jvm_hooks.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_abi.h"

extern char **environ;

static struct vj_instance *log_inst;      /* atomic */
static pthread_mutex_t line_lock = PTHREAD_MUTEX_INITIALIZER;
static char last_line[512];               /* under line_lock */

void jvm_hooks_log_to(struct vj_instance *inst)
{
    __atomic_store_n(&log_inst, inst, __ATOMIC_RELEASE);
}

static void log_text(int level, const char *msg)
{
    struct vj_instance *inst = __atomic_load_n(&log_inst, __ATOMIC_ACQUIRE);

    if (inst) {
        instance_log(inst, level, "%s", msg);
    }
    else {
        instance_log_any(level, "%s", msg);
    }
}

void jvm_hooks_log(int level, const char *fmt, ...)
{
    char msg[768];
    va_list args;

    va_start(args, fmt);
    vsnprintf(msg, sizeof(msg), fmt, args);
    va_end(args);
    log_text(level, msg);
}

void jvm_hooks_last_line(char *out, size_t size)
{
    pthread_mutex_lock(&line_lock);
    snprintf(out, size, "%s", last_line);
    pthread_mutex_unlock(&line_lock);
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
 * where an output such as stdout writes records. The JVM calls this hook for every stream it prints
 * to: what it means for a file (-Xlog:gc:file=...) goes to that file.
 */
static jint JNICALL on_jvm_vfprintf(FILE *stream, const char *format, va_list args)
{
    static char line[1024];
    static size_t used;
    char text[1024];
    int n;
    char *p, *nl;

    if (stream != stdout && stream != stderr) {
        return vfprintf(stream, format, args);
    }
    n = vsnprintf(text, sizeof(text), format, args);
    pthread_mutex_lock(&line_lock);
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
            snprintf(last_line, sizeof(last_line), "%s", line);
            jvm_hooks_log(jvm_line_level(line), "jvm: %s", line);
        }
        used = 0;
    }
    pthread_mutex_unlock(&line_lock);
    return n;
}

static void JNICALL on_jvm_exit(jint code)
{
    jvm_hooks_log(FLB_LOG_ERROR, "the JVM is ending the Fluent Bit process (exit code %d)", (int) code);
}

static void JNICALL on_jvm_abort(void)
{
    jvm_hooks_log(FLB_LOG_ERROR, "the JVM is aborting the Fluent Bit process; see /tmp/vivo_java_hs_err_pid*.log");
}

void jvm_hooks_fill(JavaVMOption *options)
{
    options[0].optionString = "vfprintf";
    options[0].extraInfo = (void *) on_jvm_vfprintf;
    options[1].optionString = "exit";
    options[1].extraInfo = (void *) on_jvm_exit;
    options[2].optionString = "abort";
    options[2].extraInfo = (void *) on_jvm_abort;
}

/*
 * JNI_CreateJavaVM reads JAVA_TOOL_OPTIONS and _JAVA_OPTIONS from the environment, where they were
 * set for other Java programs: -XX:+UseG1GC there would even make creation fail beside our serial GC.
 * They are hidden while the VM is created, by pointing their environ slots at renamed copies (one
 * word stored at a time, so a concurrent getenv sees either name), and announced.
 */
void jvm_hooks_hide_java_env(int hide)
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
                    jvm_hooks_log(FLB_LOG_WARN, "out of memory to hide %.*s: the JVM may apply it",
                                  (int) strlen(names[i]) - 1, names[i]);
                    break;
                }
                renamed[i][0] = '~';
                *e = renamed[i];
                jvm_hooks_log(FLB_LOG_WARN, "%.*s is set in Fluent Bit's environment ('%s'); vivo_java's JVM "
                              "does not use it: put JVM options in jvm_options", (int) strlen(names[i]) - 1,
                              names[i], originals[i] + strlen(names[i]));
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
