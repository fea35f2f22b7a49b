/*
 * The process's one JVM: found, checked and created at the first FLBPluginInit, on a thread the shim
 * owns; reused by every later instance and hot reload; never destroyed (a JVM cannot be created twice
 * in one process). Every call into Java happens on that thread, never on a Fluent Bit thread.
 */
#ifndef VJ_JVM_H
#define VJ_JVM_H

#include "instance.h"
#include "jvm_options.h"

/*
 * Starts Java's side of `inst` (Bootstrap.start), creating the JVM first when the process has none.
 * 0 when Java started it; -1 after logging one line that says what failed and how to fix it. Either
 * way the caller still holds inst (instance.h), and lets go of it as the rule says.
 */
int jvm_start_instance(struct vj_instance *inst, const struct jvm_settings *settings);

/* Every instance of `generation` has been initialised (FLBPluginOutputPreRun). */
void jvm_generation_started(unsigned generation);

#endif
