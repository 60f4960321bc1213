#include "strmap.h"
#include <stdlib.h>
#include <string.h>
#include "doc.h"

void cl_strmap_init(cl_strmap *m) { memset(m, 0, sizeof *m); }

void cl_strmap_free(cl_strmap *m)
{
    for (char *c = m->chunk; c;) {
        char *prev;
        memcpy(&prev, c, sizeof prev);
        free(c);
        c = prev;
    }
    free(m->e);
    memset(m, 0, sizeof *m);
}

/* Room for a key of LEN bytes and its NUL: a bump in the current chunk (a
 * malloc per key cost more than the rules' work on 10,000 services). */
static char *key_room(cl_strmap *m, size_t len)
{
    if (len + 1 > m->left) {
        size_t need = sizeof(char *) + len + 1, size = need > 4096 ? need : 4096;
        char *c = malloc(size);
        if (!c) abort();
        memcpy(c, &m->chunk, sizeof m->chunk);   /* link to the previous chunk */
        m->chunk = c;
        m->next = c + sizeof(char *);
        m->left = size - sizeof(char *);
    }
    char *r = m->next;
    m->next += len + 1;
    m->left -= len + 1;
    return r;
}

static cl_strmap_ent *slot(const cl_strmap_ent *e, size_t cap, const char *key, size_t len, uint32_t h)
{
    for (size_t j = h & (cap - 1);; j = (j + 1) & (cap - 1)) {
        const cl_strmap_ent *x = &e[j];
        if (!x->key || (x->hash == h && x->len == len && !memcmp(x->key, key, len))) return (cl_strmap_ent *)x;
    }
}

cl_strmap_ent *cl_strmap_get(const cl_strmap *m, const char *key, size_t len)
{
    if (!m->cap) return NULL;
    cl_strmap_ent *x = slot(m->e, m->cap, key, len, cl_hash(key, len));
    return x->key ? x : NULL;
}

/* The table moved to CAP slots, each page written before it is probed
 * (cl_calloc_written). */
static void regrow(cl_strmap *m, size_t cap)
{
    cl_strmap_ent *e = cl_calloc_written(cap, sizeof *e);
    if (!e) abort();
    for (size_t i = 0; i < m->cap; i++)
        if (m->e[i].key) *slot(e, cap, m->e[i].key, m->e[i].len, m->e[i].hash) = m->e[i];
    free(m->e);
    m->e = e;
    m->cap = cap;
}

void cl_strmap_reserve(cl_strmap *m, size_t n)
{
    size_t cap = m->cap ? m->cap : 16;
    while (n * 4 > cap * 3) cap *= 2;
    if (cap > m->cap) regrow(m, cap);
}

cl_strmap_ent *cl_strmap_put(cl_strmap *m, const char *key, size_t len, const void *val, long aux, int *added)
{
    /* filled up to 3/4: a table of the services of a big project is a 40-byte
     * entry per slot (10,000 names took 32,768 slots, 1.3 MB, at 1/2) */
    if ((m->n + 1) * 4 > m->cap * 3) regrow(m, m->cap ? m->cap * 2 : 16);
    uint32_t h = cl_hash(key, len);
    cl_strmap_ent *x = slot(m->e, m->cap, key, len, h);
    if (added) *added = !x->key;
    if (!x->key) {
        x->key = key_room(m, len);
        memcpy(x->key, key, len);
        x->key[len] = 0;
        x->len = len;
        x->hash = h;
        x->val = val;
        x->aux = aux;
        m->n++;
    }
    return x;
}

void cl_strset_init(cl_strset *m) { memset(m, 0, sizeof *m); }

void cl_strset_free(cl_strset *m)
{
    free(m->e);
    memset(m, 0, sizeof *m);
}

static struct cl_strset_ent *set_slot(struct cl_strset_ent *e, size_t cap, const char *s, size_t len, uint32_t h)
{
    for (size_t j = h & (cap - 1);; j = (j + 1) & (cap - 1)) {
        struct cl_strset_ent *x = &e[j];
        if (!x->s || (x->hash == h && x->len == len && !memcmp(x->s, s, len))) return x;
    }
}

void cl_strset_add(cl_strset *m, const char *s, size_t len)
{
    if ((m->n + 1) * 4 > m->cap * 3) {
        size_t cap = m->cap ? m->cap * 2 : 64;
        struct cl_strset_ent *e = calloc(cap, sizeof *e);
        if (!e) abort();
        for (size_t i = 0; i < m->cap; i++)
            if (m->e[i].s) *set_slot(e, cap, m->e[i].s, m->e[i].len, m->e[i].hash) = m->e[i];
        free(m->e);
        m->e = e;
        m->cap = cap;
    }
    uint32_t h = cl_hash(s, len);
    struct cl_strset_ent *x = set_slot(m->e, m->cap, s, len, h);
    if (x->s) return;
    x->s = s;
    x->len = (uint32_t)len;
    x->hash = h;
    m->n++;
}

int cl_strset_has(const cl_strset *m, const char *s, size_t len)
{
    return m->cap && set_slot(m->e, m->cap, s, len, cl_hash(s, len))->s != NULL;
}
