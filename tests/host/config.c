#define _GNU_SOURCE
#include "config.h"

#include <ctype.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static char *trim(char *s)
{
    char *end;

    while (isspace((unsigned char) *s)) {
        s++;
    }
    end = s + strlen(s);
    while (end > s && isspace((unsigned char) end[-1])) {
        *--end = '\0';
    }
    return s;
}

/* ${NAME} from the environment, as Fluent Bit expands it when a value is set. */
static char *expand_env(const char *value)
{
    size_t cap = strlen(value) + 1, len = 0;
    char *out = malloc(cap);
    const char *p = value;

    while (*p) {
        const char *close;
        if (p[0] == '$' && p[1] == '{' && (close = strchr(p + 2, '}')) != NULL) {
            char name[256];
            const char *v;
            size_t n = (size_t) (close - p - 2);
            if (n >= sizeof(name)) {
                n = sizeof(name) - 1;
            }
            memcpy(name, p + 2, n);
            name[n] = '\0';
            v = getenv(name);
            v = v ? v : "";
            cap += strlen(v);
            out = realloc(out, cap);
            memcpy(out + len, v, strlen(v));
            len += strlen(v);
            p = close + 1;
            continue;
        }
        out[len++] = *p++;
    }
    out[len] = '\0';
    return out;
}

static void section_add(struct section *s, const char *key, const char *value)
{
    if (s->count == s->capacity) {
        s->capacity = s->capacity ? s->capacity * 2 : 8;
        s->kv = realloc(s->kv, sizeof(*s->kv) * s->capacity);
    }
    s->kv[s->count].key = strdup(key);
    s->kv[s->count].value = expand_env(value);
    s->count++;
}

struct config *config_load(const char *path)
{
    FILE *f = fopen(path, "r");
    struct config *c;
    struct section *current = NULL;
    char line[4096];
    char *copy;

    if (!f) {
        return NULL;
    }
    c = calloc(1, sizeof(*c));
    c->path = realpath(path, NULL);
    copy = strdup(c->path ? c->path : path);
    c->dir = strdup(dirname(copy));
    free(copy);

    while (fgets(line, sizeof(line), f)) {
        char *s = trim(line), *sep;
        if (*s == '\0' || *s == '#') {
            continue;
        }
        if (*s == '[') {
            char *end = strchr(s, ']');
            if (!end) {
                continue;
            }
            *end = '\0';
            c->sections = realloc(c->sections, sizeof(*c->sections) * (c->count + 1));
            current = &c->sections[c->count++];
            memset(current, 0, sizeof(*current));
            current->name = strdup(trim(s + 1));
            continue;
        }
        if (!current) {
            continue;
        }
        sep = s;
        while (*sep && !isspace((unsigned char) *sep)) {
            sep++;
        }
        if (*sep) {
            *sep++ = '\0';
        }
        section_add(current, s, trim(sep));
    }
    fclose(f);
    return c;
}

void config_free(struct config *c)
{
    int i, j;

    if (!c) {
        return;
    }
    for (i = 0; i < c->count; i++) {
        for (j = 0; j < c->sections[i].count; j++) {
            free(c->sections[i].kv[j].key);
            free(c->sections[i].kv[j].value);
        }
        free(c->sections[i].kv);
        free(c->sections[i].name);
    }
    free(c->sections);
    free(c->path);
    free(c->dir);
    free(c);
}

const char *section_get(const struct section *s, const char *key)
{
    int i;

    for (i = 0; s && i < s->count; i++) {
        if (strcasecmp(s->kv[i].key, key) == 0) {
            return s->kv[i].value;
        }
    }
    return NULL;
}

const char *section_get_or(const struct section *s, const char *key, const char *fallback)
{
    const char *v = section_get(s, key);

    return v ? v : fallback;
}

struct section *config_section(struct config *c, const char *name)
{
    int i;

    for (i = 0; i < c->count; i++) {
        if (strcasecmp(c->sections[i].name, name) == 0) {
            return &c->sections[i];
        }
    }
    return NULL;
}

char *config_path(const struct config *c, const char *path)
{
    char *out;

    if (path[0] == '/') {
        return strdup(path);
    }
    if (asprintf(&out, "%s/%s", c->dir, path) < 0) {
        return NULL;
    }
    return out;
}
