/*
 * The JNI calls into vivo.Bootstrap (java/src/main/java/vivo/Bootstrap.java), the one class the shim
 * calls. Only the JVM thread (jvm.c) calls these, with the JNIEnv it created the VM with.
 */
#ifndef VJ_BOOTSTRAP_H
#define VJ_BOOTSTRAP_H

#include <jni.h>
#include <stddef.h>

#include "instance.h"

/* Finds the class and its methods: 0, or -1 with `why` saying what the jar lacks. */
int bootstrap_load(JNIEnv *env, char *why, size_t why_size);

/* Bootstrap.start: 0 when Java started the instance; -1 when it did not (the reason is logged). */
int bootstrap_start(struct vj_instance *inst, const char *shim_path);

/* Bootstrap.generationStarted. */
void bootstrap_generation_started(unsigned generation);

#endif
