/*
 * The check of the shim's C unit tests: counts, and on a failure prints where, what and why.
 * Each test ends with check_summary(), which prints "N passed, M failed" and gives the exit code.
 */
#ifndef VJ_TEST_CHECK_H
#define VJ_TEST_CHECK_H

#include <stdio.h>

static int passed, failed;

#define CHECK(cond, ...)                                                   \
    do {                                                                   \
        if (cond) {                                                        \
            passed++;                                                      \
        }                                                                  \
        else {                                                             \
            failed++;                                                      \
            fprintf(stderr, "FAIL %s:%d: %s: ", __func__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                  \
            fputc('\n', stderr);                                           \
        }                                                                  \
    } while (0)

static inline int check_summary(const char *what)
{
    printf("%s: %d passed, %d failed\n", what, passed, failed);
    return failed == 0 && passed > 0 ? 0 : 1;
}

#endif
