#define _GNU_SOURCE
#include "bootstrap.h"

#include <stdint.h>
#include <stdio.h>

#include "host_abi.h"
#include "jvm_hooks.h"

static struct {
    JNIEnv   *env;
    jclass    bootstrap;
    jmethodID start;
    jmethodID generation_started;
} java;

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

int bootstrap_load(JNIEnv *env, char *why, size_t why_size)
{
    char text[512];
    jclass local = (*env)->FindClass(env, "vivo/Bootstrap");

    java.env = env;
    if (!local) {
        exception_text(env, text, sizeof(text));
        snprintf(why, why_size, "the jar has no class vivo.Bootstrap (%s); rebuild it with ./build.sh", text);
        return -1;
    }
    java.bootstrap = (*env)->NewGlobalRef(env, local);
    java.start = (*env)->GetStaticMethodID(env, local, "start", "(JLjava/lang/String;Ljava/lang/String;I)I");
    java.generation_started = (*env)->GetStaticMethodID(env, local, "generationStarted", "(I)V");
    if (!java.bootstrap || !java.start || !java.generation_started) {
        exception_text(env, text, sizeof(text));
        snprintf(why, why_size, "vivo.Bootstrap in the jar does not match this shim (%s); rebuild with ./build.sh",
                 text);
        return -1;
    }
    return 0;
}

int bootstrap_start(struct vj_instance *inst, const char *shim_path)
{
    JNIEnv *env = java.env;
    jstring path = (*env)->NewStringUTF(env, shim_path);
    jstring name = path ? (*env)->NewStringUTF(env, inst->name) : NULL;
    char why[768];
    jint rc = -1;

    if (name) {
        rc = (*env)->CallStaticIntMethod(env, java.bootstrap, java.start, (jlong) (uintptr_t) inst, path, name,
                                         (jint) inst->generation);
    }
    if ((*env)->ExceptionCheck(env)) {
        exception_text(env, why, sizeof(why));
        instance_log(inst, FLB_LOG_ERROR, "Java failed to start the instance: %s", why);
        rc = -1;
    }
    if (path) {
        (*env)->DeleteLocalRef(env, path);
    }
    if (name) {
        (*env)->DeleteLocalRef(env, name);
    }
    return rc == 0 ? 0 : -1;
}

void bootstrap_generation_started(unsigned generation)
{
    JNIEnv *env = java.env;
    char why[512];

    (*env)->CallStaticVoidMethod(env, java.bootstrap, java.generation_started, (jint) generation);
    if ((*env)->ExceptionCheck(env)) {
        exception_text(env, why, sizeof(why));
        jvm_hooks_log(FLB_LOG_ERROR, "Bootstrap.generationStarted failed: %s", why);
    }
}
