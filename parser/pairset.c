/* pairset.c - entries in order, and a hash of them built on the first miss
 * (see pairset.h). */
#include "pairset.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t slot_of(const void *p, size_t cap)
{
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 29;
    x *= 0x9E3779B97F4A7C15ull;
    return (size_t)(x >> 32) & (cap - 1);
}

void cl_pairset_add(cl_pairset *s, const cl_node *key, const cl_node *value, size_t index)
{
    if (!value) return;
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->v = realloc(s->v, s->cap * sizeof *s->v);
        if (!s->v) abort();
    }
    s->v[s->n].key = key;
    s->v[s->n].value = value;
    s->v[s->n].index = index;
    s->n++;
    if (s->slot) {                     /* added after a miss: rebuild on the next one */
        free(s->slot);
        s->slot = NULL;
        s->scap = 0;
    }
}

static void build(cl_pairset *s)
{
    s->scap = 16;
    while (s->scap < s->n * 2) s->scap *= 2;
    s->slot = calloc(s->scap, sizeof *s->slot);
    if (!s->slot) abort();
    for (size_t i = 0; i < s->n; i++) {
        size_t j = slot_of(s->v[i].value, s->scap);
        while (s->slot[j]) j = (j + 1) & (s->scap - 1);
        s->slot[j] = (uint32_t)(i + 1);
    }
}

long cl_pairset_find(cl_pairset *s, const cl_node *key, const cl_node *value, size_t at)
{
    if (!s->n || !value) return -1;
    if (at < s->n && s->v[at].value == value && s->v[at].key == key) return (long)s->v[at].index;
    if (!s->slot) build(s);
    for (size_t j = slot_of(value, s->scap); s->slot[j]; j = (j + 1) & (s->scap - 1)) {
        const struct cl_pairset_ent *e = &s->v[s->slot[j] - 1];
        if (e->value == value && e->key == key) return (long)e->index;
    }
    return -1;
}

void cl_pairset_free(cl_pairset *s)
{
    free(s->v);
    free(s->slot);
    s->v = NULL;
    s->slot = NULL;
    s->n = s->cap = s->scap = 0;
}

void cl_pairset_seal(cl_pairset *s)
{
    if (s->n && !s->slot) build(s);
}

void cl_handon_to(cl_handon *h, cl_service_fn fn, void *stream)
{
    if (!fn || !stream || h->nto == sizeof h->to / sizeof h->to[0]) return;
    h->to[h->nto].fn = fn;
    h->to[h->nto].stream = stream;
    h->nto++;
}

void cl_handon_entry(void *ud, const cl_node *root_key, const cl_node *key, const cl_node *value)
{
    cl_handon *h = ud;
    if (!cl_scalar_is(root_key, "services")) return;    /* the rest waits for the finished tree */
    size_t i = h->n++;
    cl_pairset_add(&h->set, key, value, i);
    for (size_t k = 0; k < h->nto; k++) h->to[k].fn(h->to[k].stream, i, key, value);
}

void cl_handon_seal(cl_handon *h) { cl_pairset_seal(&h->set); }

long cl_handon_find(const cl_handon *h, const cl_pair *p, size_t at)
{
    /* sealed, or found without the hash: a lookup only reads */
    return h ? cl_pairset_find((cl_pairset *)&h->set, p->key, p->value, at) : -1;
}

void cl_handon_free(cl_handon *h)
{
    cl_pairset_free(&h->set);
    h->n = h->nto = 0;
}

/* The room an array of N elements has: a power of two, at least 256 (so it
 * follows from N alone and need not be stored). */
static size_t room_for(size_t n)
{
    size_t r = 256;
    while (r < n) r *= 2;
    return r;
}

void *cl_handon_grow(void *v, size_t *n, size_t index, size_t size)
{
    if (index < *n) return v;
    /* only the elements up to INDEX are zeroed (touched): the room after them
     * costs no memory until used */
    if (!v || room_for(index + 1) != room_for(*n)) {
        v = realloc(v, room_for(index + 1) * size);
        if (!v) abort();
    }
    memset((unsigned char *)v + *n * size, 0, (index + 1 - *n) * size);
    *n = index + 1;
    return v;
}
