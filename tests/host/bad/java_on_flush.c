#define _GNU_SOURCE
/*
 * A proxy output that calls Java from the flush itself, on Fluent Bit's coroutine stack: what the shim
 * must never do (jvm-embedding.md 3). It creates a JVM in Init from $JAVA_HOME, and in each flush
 * attaches the thread and calls System.nanoTime(). A flush answers FLB_OK only if Java ran cleanly.
 */
#include <dlfcn.h>
#include <jni.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct def {
    int type, proxy, flags;
    char *name, *description;
};

static JavaVM *vm;
static jclass system_class;
static jmethodID nano_time;

__attribute__((visibility("default"))) int FLBPluginRegister(struct def *d)
{
    d->type = 2;
    d->proxy = 11;
    d->flags = 0;
    d->name = strdup("bad_java_on_flush");
    d->description = strdup("calls Java on the flush coroutine");
    return 0;
}

__attribute__((visibility("default"))) int FLBPluginInit(void *plugin)
{
    char path[4096];
    const char *home = getenv("JAVA_HOME");
    jint (*create)(JavaVM **, void **, void *);
    JavaVMOption options[1] = { { "-Xrs", NULL } };
    JavaVMInitArgs args = { JNI_VERSION_10, 1, options, JNI_FALSE };
    JNIEnv *env;
    void *lib;

    (void) plugin;
    snprintf(path, sizeof(path), "%s/lib/server/libjvm.so", home ? home : "");
    lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        return -1;
    }
    create = (jint (*)(JavaVM **, void **, void *)) dlsym(lib, "JNI_CreateJavaVM");
    if (!create || create(&vm, (void **) &env, &args) != JNI_OK) {
        return -1;
    }
    system_class = (*env)->NewGlobalRef(env, (*env)->FindClass(env, "java/lang/System"));
    nano_time = (*env)->GetStaticMethodID(env, system_class, "nanoTime", "()J");
    return 1;
}

__attribute__((visibility("default"))) int FLBPluginFlushCtx(void *ctx, const void *data, size_t size, char *tag)
{
    JNIEnv *env;

    (void) ctx; (void) data; (void) size; (void) tag;
    if ((*vm)->AttachCurrentThread(vm, (void **) &env, NULL) != JNI_OK) {
        return 0;
    }
    (*env)->CallStaticLongMethod(env, system_class, nano_time);
    if ((*env)->ExceptionCheck(env)) {
        (*env)->ExceptionClear(env);
        return 0;
    }
    return 1;
}
