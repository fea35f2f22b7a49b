/*
 * What the JVM says and does to the process, made Fluent Bit's: its output goes to Fluent Bit's log
 * line by line, its exit and abort are announced there, and the Java option variables of the
 * environment are kept from it. Facts: ../shared/spec/jvm-embedding.md section 3.
 */
#ifndef VJ_JVM_HOOKS_H
#define VJ_JVM_HOOKS_H

#include <jni.h>
#include <stddef.h>

#include "instance.h"

#define JVM_HOOK_COUNT 3

/* The vfprintf, exit and abort hooks, into options[0..JVM_HOOK_COUNT): they must come first, for the
 * JVM reports a bad option through them only if they come before it. */
void jvm_hooks_fill(JavaVMOption *options);

/* Where the JVM's messages go: `inst` while it is being started for it; NULL: any instance, else stderr. */
void jvm_hooks_log_to(struct vj_instance *inst);

/* A line of the shim's own about the JVM, where the JVM's messages go. */
void jvm_hooks_log(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The JVM's last message, for the line that says why it did not start; "" when it said nothing. */
void jvm_hooks_last_line(char *out, size_t size);

/* Hides JAVA_TOOL_OPTIONS and _JAVA_OPTIONS (hide 1) while the VM is created, then shows them again. */
void jvm_hooks_hide_java_env(int hide);

#endif
