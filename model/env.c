/* env.c - the variable set used by interpolation and env files. */
#include "env.h"
#include <stdlib.h>
#include <string.h>

extern char **environ;

void cl_env_init(cl_env *e) { memset(e, 0, sizeof *e); }

void cl_env_free(cl_env *e)
{
    for (size_t i = 0; i < e->n; i++) { free(e->keys[i]); free(e->vals[i]); }
    free(e->keys);
    free(e->vals);
    memset(e, 0, sizeof *e);
}

static char *dup(const char *s, size_t n)
{
    char *r = malloc(n + 1);
    if (!r) abort();
    memcpy(r, s, n);
    r[n] = 0;
    return r;
}

static long find(const cl_env *e, const char *name, size_t len)
{
    for (size_t i = 0; i < e->n; i++)
        if (strlen(e->keys[i]) == len && memcmp(e->keys[i], name, len) == 0) return (long)i;
    return -1;
}

const char *cl_env_get(const cl_env *e, const char *name, size_t len)
{
    long i = find(e, name, len);
    return i < 0 ? NULL : e->vals[i];
}

void cl_env_set(cl_env *e, const char *name, size_t nlen, const char *val, size_t vlen)
{
    long i = find(e, name, nlen);
    if (i >= 0) { free(e->vals[i]); e->vals[i] = dup(val, vlen); return; }
    if (e->n == e->cap) {
        e->cap = e->cap ? e->cap * 2 : 32;
        e->keys = realloc(e->keys, e->cap * sizeof *e->keys);
        e->vals = realloc(e->vals, e->cap * sizeof *e->vals);
        if (!e->keys || !e->vals) abort();
    }
    e->keys[e->n] = dup(name, nlen);
    e->vals[e->n] = dup(val, vlen);
    e->n++;
}

void cl_env_add_process(cl_env *e)
{
    for (char **p = environ; p && *p; p++) {
        const char *eq = strchr(*p, '=');
        if (!eq || eq == *p) continue;
        cl_env_set(e, *p, (size_t)(eq - *p), eq + 1, strlen(eq + 1));
    }
}

void cl_env_merge(cl_env *dst, const cl_env *src)
{
    for (size_t i = 0; i < src->n; i++)
        cl_env_set(dst, src->keys[i], strlen(src->keys[i]), src->vals[i], strlen(src->vals[i]));
}
