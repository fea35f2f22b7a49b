/*
 * Runs a libFuzzer target over files, for builds without libFuzzer (gcc): each argument is a file or a
 * folder of files, each file one input. Prints "N passed, 0 failed"; a failed check aborts.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t n);

static int run_file(const char *path)
{
    struct stat st;
    unsigned char *buf;
    FILE *f = fopen(path, "rb");

    if (!f || fstat(fileno(f), &st) != 0) {
        perror(path);
        exit(1);
    }
    /* one byte more, so that an empty file is a valid allocation too */
    buf = malloc((size_t) st.st_size + 1);
    if (fread(buf, 1, (size_t) st.st_size, f) != (size_t) st.st_size) {
        perror(path);
        exit(1);
    }
    fclose(f);
    LLVMFuzzerTestOneInput(buf, (size_t) st.st_size);
    free(buf);
    return 1;
}

int main(int argc, char **argv)
{
    int runs = 0, i;

    for (i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            DIR *d = opendir(argv[i]);
            struct dirent *e;
            while ((e = readdir(d)) != NULL) {
                char path[4096];
                if (e->d_name[0] == '.') {
                    continue;
                }
                snprintf(path, sizeof(path), "%s/%s", argv[i], e->d_name);
                runs += run_file(path);
            }
            closedir(d);
        }
        else {
            runs += run_file(argv[i]);
        }
    }
    printf("queue_fuzz replay: %d passed, 0 failed\n", runs);
    return runs > 0 ? 0 : 1;
}
