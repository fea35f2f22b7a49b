/*
 * Which JDK runs the exporter, and whether libjsig is preloaded.
 * Facts: ../shared/spec/jvm-embedding.md sections 1 and 2.
 */
#ifndef VJ_JDK_H
#define VJ_JDK_H

#include <limits.h>

#include "instance.h"

#define MIN_JDK 17

/* The bundle's runtime and class-data archive, beside vivo_java.so (dist/bundle.sh makes them). */
#define JDK_BUNDLED_RUNTIME "runtime"
#define JDK_SHARED_ARCHIVE "vivo.jsa"

/* Where a JDK is looked for, in this order, when neither java_home nor JAVA_HOME is set and there is
 * no runtime beside the shim. */
extern const char *const jdk_search_places[];

/*
 * The JDK home: the java_home property (may be NULL), else $JAVA_HOME, else <shim_dir>/runtime when it
 * exists, else the newest JDK >= MIN_JDK in jdk_search_places. 0 with home (PATH_MAX bytes), its
 * feature version and `why` (which of these it was, for the start-up line) set; -1 after logging why.
 */
int jdk_find(struct vj_instance *inst, const char *property, const char *shim_dir, char *home, int *feature,
             char *why, size_t why_size);

/* 0 with archive (PATH_MAX bytes) set when home is the bundle's runtime and its archive is there: the
 * archive was made by that runtime, and another JVM would refuse it with a warning. */
int jdk_shared_archive(const char *shim_dir, const char *home, char *archive);

/* 1 when a libjsig is preloaded (a warning when it is not the JDK's), else 0. */
int jdk_libjsig_preloaded(struct vj_instance *inst, const char *home);

#endif
