/*
 * Which JDK runs the exporter, and whether the process is ready for it (libjsig preloaded).
 * Facts: ../shared/spec/jvm-embedding.md sections 1 and 2.
 */
#ifndef VJ_JDK_H
#define VJ_JDK_H

#include <limits.h>

#include "instance.h"

#define MIN_JDK 17

/* Where a JDK is looked for, in this order, when neither java_home nor JAVA_HOME is set. */
extern const char *const jdk_search_places[];

/*
 * The JDK home: the java_home property (may be NULL), else $JAVA_HOME, else the newest JDK >= MIN_JDK
 * in jdk_search_places. 0 with home (PATH_MAX bytes) and its feature version set; -1 after logging why.
 */
int jdk_find(struct vj_instance *inst, const char *property, char *home, int *feature);

/* 0 when the JDK's libjsig is preloaded (a warning when another one is); -1 after logging the fix. */
int jdk_check_libjsig(struct vj_instance *inst, const char *home);

#endif
