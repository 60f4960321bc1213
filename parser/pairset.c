/* pairset.c - open addressing on the value node's address (see pairset.h). */
#include "pairset.h"
#include <stdint.h>
#include <stdlib.h>

static size_t slot_of(const void *p, size_t cap)
{
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 29;
    x *= 0x9E3779B97F4A7C15ull;
    return (size_t)(x >> 32) & (cap - 1);
}

static void put(cl_pairset *s, const cl_node *key, const cl_node *value, size_t index)
{
    size_t j = slot_of(value, s->cap);
    while (s->slot[j].value) j = (j + 1) & (s->cap - 1);
    s->slot[j].key = key;
    s->slot[j].value = value;
    s->slot[j].index = index;
}

void cl_pairset_add(cl_pairset *s, const cl_node *key, const cl_node *value, size_t index)
{
    if (!value) return;
    if ((s->n + 1) * 2 > s->cap) {
        struct cl_pairset_slot *old = s->slot;
        size_t oc = s->cap;
        s->cap = oc ? oc * 2 : 512;
        s->slot = calloc(s->cap, sizeof *s->slot);
        if (!s->slot) abort();
        for (size_t i = 0; i < oc; i++)
            if (old[i].value) put(s, old[i].key, old[i].value, old[i].index);
        free(old);
    }
    put(s, key, value, index);
    s->n++;
}

long cl_pairset_find(const cl_pairset *s, const cl_node *key, const cl_node *value)
{
    if (!s->cap || !value) return -1;
    for (size_t j = slot_of(value, s->cap); s->slot[j].value; j = (j + 1) & (s->cap - 1))
        if (s->slot[j].value == value && s->slot[j].key == key) return (long)s->slot[j].index;
    return -1;
}

void cl_pairset_free(cl_pairset *s)
{
    free(s->slot);
    s->slot = NULL;
    s->cap = s->n = 0;
}
