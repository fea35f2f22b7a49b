/*
 * The options the JVM is created with: the fixed ones the embedding needs, the native memory for
 * entries sized from stream_queue_size, then the user's jvm_options, checked. Pure functions, unit-tested on their own
 * (tests/native/jvm_options_test.c).
 */
#ifndef VJ_JVM_OPTIONS_H
#define VJ_JVM_OPTIONS_H

#include <stddef.h>

#define JVM_MAX_OPTIONS 64

/* The default of stream_queue_size, as vivo.config.Property says it (a Java test pins the two). */
#define VJ_DEFAULT_STREAM_QUEUE_SIZE "20M"

/* What the instance's properties say about the JVM; each may be NULL (unset). */
struct jvm_settings {
    const char *java_home;
    const char *jar_path;
    const char *jvm_options;
    const char *stream_queue_size;   /* sizes the native memory for entries */
    const char *shared_archive;      /* not a property: the bundle's class-data archive, or NULL */
};

struct jvm_options {
    int   count;
    char *items[JVM_MAX_OPTIONS];
};

/*
 * A size the way vivo.config.Sizes reads it, so that the heap is sized from the value Java will use:
 * optional blanks, digits with an optional fraction, optional blanks, then optionally K, M or G (any
 * case, decimal) and optionally B, then optional blanks. The bytes, or -1 when it is not a size.
 * tests/sizes.tsv holds the cases both sides are tested with.
 */
long long jvm_parse_size(const char *text);

/*
 * The Java heap, in MB (MiB): fixed, whatever stream_queue_size is, since the streams keep their entries
 * in native memory (java/src/main/java/vivo/render/Slabs.java). What it holds: the renderers' buffers,
 * a chunk being rendered (a few times its size), responses being compressed, the HTTP server.
 */
#define VJ_HEAP_MB 96
#define VJ_YOUNG_MB 8

/*
 * The native memory for entries (-XX:MaxDirectMemorySize), in MB (MiB), for streams of
 * stream_queue_size bytes each, summed over instances: the three streams, as much again for responses
 * still writing evicted entries (http_inflight_size, whose default is stream_queue_size), plus the slabs
 * being filled or kept for reuse and the HTTP server's buffers. A bound, not what is used. The one
 * formula: Java's advice asks for it through the bridge (vj_direct_megabytes).
 */
long jvm_direct_megabytes(long long stream_queue_bytes);

/*
 * Fills `out` for a JDK of `feature` and the jar at `jar`: 0, or -1 with `error` saying which option
 * and why (out is then empty). Free with jvm_options_free either way.
 */
int jvm_options_build(struct jvm_options *out, const struct jvm_settings *s, const char *jar, int feature,
                      char *error, size_t error_size);
void jvm_options_free(struct jvm_options *o);

#endif
