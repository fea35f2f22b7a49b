/*
 * The emulator's configuration: Fluent Bit's classic format ([SECTION], then "key value" lines,
 * # comments, ${ENV} expansion), with a few keys of its own, listed in tests/host/README.md.
 */
#ifndef FBHOST_CONFIG_H
#define FBHOST_CONFIG_H

struct kv {
    char *key;
    char *value;
};

struct section {
    char      *name;       /* SERVICE, INPUT, OUTPUT, PLUGINS */
    struct kv *kv;
    int        count;
    int        capacity;
};

struct config {
    char           *path;
    char           *dir;   /* for relative paths in it */
    struct section *sections;
    int             count;
};

struct config *config_load(const char *path);
void config_free(struct config *c);

/* First value of key in section (case-insensitive, like Fluent Bit), or NULL. */
const char *section_get(const struct section *s, const char *key);
const char *section_get_or(const struct section *s, const char *key, const char *fallback);
struct section *config_section(struct config *c, const char *name);   /* the first one, or NULL */

/* A path from the config, made absolute against the config's directory. Caller frees. */
char *config_path(const struct config *c, const char *path);

#endif
