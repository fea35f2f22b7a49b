/*
 * The process's one JVM: found, checked and created at the first FLBPluginInit, on a thread the shim
 * owns; reused by every later instance and hot reload; never destroyed (a JVM cannot be created twice
 * in one process). Every call into Java happens on that thread, never on a Fluent Bit thread.
 */
#ifndef VJ_JVM_H
#define VJ_JVM_H

#include "instance.h"

/* What the instance's properties say about the JVM; each may be NULL (unset). */
struct jvm_settings {
    const char *java_home;
    const char *jar_path;
    const char *jvm_options;
    const char *stream_queue_size;   /* sizes the heap */
};

/*
 * Starts Java's side of `inst` (Bootstrap.start), creating the JVM first when the process has none.
 * Returns 0; or -1 after logging one line that says what failed and how to fix it (Java keeps nothing:
 * the caller frees inst); or -2 when Java did not answer in time (the JVM thread then owns inst and
 * frees it, or has Java stop it, when the call returns).
 */
int jvm_start_instance(struct vj_instance *inst, const struct jvm_settings *settings);

/* Every instance of `generation` has been initialised (FLBPluginOutputPreRun). */
void jvm_generation_started(unsigned generation);

#endif
