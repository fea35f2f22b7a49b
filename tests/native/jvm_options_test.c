/*
 * Unit tests of native/jvm_options.c: the size grammar (against tests/sizes.tsv, which Java's
 * SizeGrammarTest reads too), the heap formula, the fixed options and the checks of jvm_options.
 * Built and run by ./build.sh test: jvm_options_test tests/sizes.tsv
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../native/jvm_options.h"
#include "check.h"

static int count_with_prefix(const struct jvm_options *o, const char *prefix)
{
    int i, n = 0;

    for (i = 0; i < o->count; i++) {
        n += strncmp(o->items[i], prefix, strlen(prefix)) == 0;
    }
    return n;
}

static int has(const struct jvm_options *o, const char *option)
{
    int i;

    for (i = 0; i < o->count; i++) {
        if (strcmp(o->items[i], option) == 0) {
            return 1;
        }
    }
    return 0;
}

static void sizes_read_as_java_reads_them(const char *table)
{
    FILE *f = fopen(table, "r");
    char line[256];
    int cases = 0;

    CHECK(f != NULL, "cannot open %s", table);
    if (!f) {
        return;
    }
    while (fgets(line, sizeof(line), f)) {
        char *tab = strchr(line, '\t');
        long long expected, got;

        if (line[0] == '#' || !tab) {
            continue;
        }
        *tab = '\0';
        tab[1 + strcspn(tab + 1, "\n")] = '\0';
        expected = strcmp(tab + 1, "error") == 0 ? -1 : atoll(tab + 1);
        got = jvm_parse_size(line);
        CHECK(got == expected, "'%s': expected %lld, got %lld", line, expected, got);
        cases++;
    }
    fclose(f);
    CHECK(cases >= 40, "only %d cases in %s", cases, table);
}

static void native_memory_for_entries_is_48_mb_plus_four_times_the_stream_size(void)
{
    /* README quotes these: 124 MB at the default 20M */
    CHECK(jvm_direct_megabytes(20000000) == 124, "%ld", jvm_direct_megabytes(20000000));
    CHECK(jvm_direct_megabytes(0) == 48, "%ld", jvm_direct_megabytes(0));
    CHECK(jvm_direct_megabytes(100000000) == 429, "%ld", jvm_direct_megabytes(100000000));
}

static void the_fixed_options_come_first_and_depend_on_the_jdk(void)
{
    struct jvm_settings s = { 0 };
    struct jvm_options o;
    char error[256] = "";

    CHECK(jvm_options_build(&o, &s, "/x/vivo-java.jar", 17, error, sizeof(error)) == 0, "%s", error);
    CHECK(o.count == 13, "%d options on JDK 17", o.count);
    CHECK(strcmp(o.items[0], "-Djava.class.path=/x/vivo-java.jar") == 0, "%s", o.items[0]);
    CHECK(has(&o, "-Xrs") && has(&o, "-XX:+UseSerialGC") && has(&o, "-Xmx96m")
          && has(&o, "-Xmn8m") && has(&o, "-XX:MaxDirectMemorySize=124m") && has(&o, "-XX:CICompilerCount=2"),
          "the embedding's options");
    CHECK(!count_with_prefix(&o, "-XX:TrimNativeHeapInterval"), "no native heap trimming before JDK 22");
    CHECK(has(&o, "-XX:ErrorFile=/tmp/vivo_java_hs_err_pid%p.log"), "the error file keeps %%p for the JVM");
    CHECK(!count_with_prefix(&o, "--enable-native-access"), "no Panama option on JDK 17");
    jvm_options_free(&o);

    CHECK(jvm_options_build(&o, &s, "/x/vivo-java.jar", 25, error, sizeof(error)) == 0, "%s", error);
    CHECK(o.count == 16, "%d options on JDK 25", o.count);
    CHECK(has(&o, "--enable-native-access=ALL-UNNAMED") && has(&o, "-XX:TrimNativeHeapInterval=5000")
          && has(&o, "--sun-misc-unsafe-memory-access=allow"), "JDK 22+ and 24+ options");
    CHECK(!count_with_prefix(&o, "-XX:SharedArchiveFile"), "no archive unless the bundle has one");
    jvm_options_free(&o);
    CHECK(o.count == 0, "freed");

    s.shared_archive = "/b/vivo_java/vivo.jsa";
    CHECK(jvm_options_build(&o, &s, "/b/vivo_java/vivo-java.jar", 25, error, sizeof(error)) == 0, "%s", error);
    CHECK(o.count == 17 && has(&o, "-XX:SharedArchiveFile=/b/vivo_java/vivo.jsa"), "the bundle's archive");
    jvm_options_free(&o);
}

static void native_memory_follows_stream_queue_size_or_its_default_and_the_heap_does_not(void)
{
    struct jvm_settings s = { .stream_queue_size = "100M" };
    struct jvm_options o;
    char error[256];

    jvm_options_build(&o, &s, "/j", 17, error, sizeof(error));
    CHECK(has(&o, "-XX:MaxDirectMemorySize=429m") && count_with_prefix(&o, "-XX:MaxDirectMemorySize") == 1, "100M");
    CHECK(has(&o, "-Xmx96m") && count_with_prefix(&o, "-Xmx") == 1, "the heap is fixed");
    jvm_options_free(&o);
    /* Java reports a bad size and stops the instance; the native memory is the default's meanwhile */
    s.stream_queue_size = "20MiB";
    jvm_options_build(&o, &s, "/j", 17, error, sizeof(error));
    CHECK(has(&o, "-XX:MaxDirectMemorySize=124m"), "a bad size sizes it for the default " VJ_DEFAULT_STREAM_QUEUE_SIZE);
    jvm_options_free(&o);
}

static void user_options_follow_in_order(void)
{
    struct jvm_settings s = { .jvm_options = "  -Xmx512m\t-Dvivo.bridge=jnr  --add-opens=java.base/java.lang=ALL-UNNAMED " };
    struct jvm_options o;
    char error[256] = "";

    CHECK(jvm_options_build(&o, &s, "/j", 17, error, sizeof(error)) == 0, "%s", error);
    CHECK(o.count == 16, "%d", o.count);
    CHECK(o.count == 16 && strcmp(o.items[13], "-Xmx512m") == 0 && strcmp(o.items[14], "-Dvivo.bridge=jnr") == 0
          && strcmp(o.items[15], "--add-opens=java.base/java.lang=ALL-UNNAMED") == 0,
          "the user's -Xmx comes after ours, so the JVM takes it");
    jvm_options_free(&o);
}

static void refused(const char *options, const char *expected)
{
    struct jvm_settings s = { .jvm_options = options };
    struct jvm_options o;
    char error[256] = "";

    CHECK(jvm_options_build(&o, &s, "/j", 25, error, sizeof(error)) == -1, "'%s' was accepted", options);
    CHECK(strcmp(error, expected) == 0, "'%s': %s", options, error);
    CHECK(o.count == 0, "'%s': options left after the refusal", options);
}

static void options_that_break_the_embedding_are_refused(void)
{
    refused("-Xmx1g -cp /tmp/x.jar", "jvm_options: '-cp' is not allowed: the class path is the jar (set jar_path instead)");
    refused("-classpath x", "jvm_options: '-classpath' is not allowed: the class path is the jar (set jar_path instead)");
    refused("--class-path=x", "jvm_options: '--class-path=x' is not allowed: the class path is the jar (set jar_path instead)");
    refused("-Djava.class.path=x", "jvm_options: '-Djava.class.path=x' is not allowed: the class path is the jar (set jar_path instead)");
    refused("-jar", "jvm_options: '-jar' is not allowed: the class path is the jar (set jar_path instead)");
    refused("-XX:+ExitOnOutOfMemoryError", "jvm_options: '-XX:+ExitOnOutOfMemoryError' is not allowed: it would end "
            "Fluent Bit on a Java OutOfMemoryError");
    refused("-XX:+CrashOnOutOfMemoryError", "jvm_options: '-XX:+CrashOnOutOfMemoryError' is not allowed: it would end "
            "Fluent Bit on a Java OutOfMemoryError");
    refused("-XX:+AllowUserSignalHandlers", "jvm_options: '-XX:+AllowUserSignalHandlers' is not allowed: it lets "
            "Fluent Bit's signal handlers replace the JVM's, which crashes Fluent Bit");
    refused("Xmx1g", "jvm_options: 'Xmx1g' is not allowed: JVM options start with '-'");
    refused("--add-opens java.base/java.lang=ALL-UNNAMED", "jvm_options: '--add-opens' is not allowed: write it as "
            "one word, --name=value");
}

static void the_count_of_options_is_bounded_and_says_how_many_fit(void)
{
    char options[JVM_MAX_OPTIONS * 8] = "";
    struct jvm_settings s = { .jvm_options = options };
    struct jvm_options o;
    char error[256] = "";
    int i, room = JVM_MAX_OPTIONS - 16;   /* JDK 25 has 16 fixed options */

    for (i = 0; i < room; i++) {
        strcat(options, "-Da=1 ");
    }
    CHECK(jvm_options_build(&o, &s, "/j", 25, error, sizeof(error)) == 0, "%d user options: %s", room, error);
    CHECK(o.count == JVM_MAX_OPTIONS, "%d", o.count);
    jvm_options_free(&o);
    strcat(options, "-Db=2");
    CHECK(jvm_options_build(&o, &s, "/j", 25, error, sizeof(error)) == -1, "one too many was accepted");
    CHECK(strcmp(error, "jvm_options: too many options (at most 48)") == 0, "%s", error);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: jvm_options_test tests/sizes.tsv\n");
        return 2;
    }
    sizes_read_as_java_reads_them(argv[1]);
    native_memory_for_entries_is_48_mb_plus_four_times_the_stream_size();
    the_fixed_options_come_first_and_depend_on_the_jdk();
    native_memory_follows_stream_queue_size_or_its_default_and_the_heap_does_not();
    user_options_follow_in_order();
    options_that_break_the_embedding_are_refused();
    the_count_of_options_is_bounded_and_says_how_many_fit();
    return check_summary("jvm_options_test");
}
