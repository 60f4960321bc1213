/* diag_ids.c - see diag_ids.h. */
#include "diag_ids.h"
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

/* the biggest number below the field's all-ones (cl_diag: kept in the block) */
cl_ids cl_ids_src_ = { .max = (1u << 20) - 2, .last = 0 }, cl_ids_code_ = { .max = (1u << 12) - 2, .last = 1 },
       cl_ids_fixdesc_ = { .max = (1u << 14) - 2, .last = 2 };
_Thread_local cl_ids_seen cl_ids_last_[CL_IDS_LAST];

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
/* each thread's last numbers: pointer and table -> number */
static _Thread_local struct { const cl_ids *t; const void *p; uint32_t id; } cache[128];

static uint32_t hash(const void *p) { return (uint32_t)(((uint64_t)(uintptr_t)p * 0x9E3779B97F4A7C15ull) >> 32); }

/* Room for one more number in T's slots (under MU): kept at most half full. */
static void slots_grow(cl_ids *t)
{
    if (2 * (t->n + 1) < t->nslot) return;
    uint32_t nslot = t->nslot ? 2 * t->nslot : 64, *slot = calloc(nslot, sizeof *slot);
    if (!slot) abort();
    for (uint32_t i = 0; i < t->nslot; i++) {
        if (!t->slot[i]) continue;
        uint32_t j = hash(cl_ids_at(t, t->slot[i])) & (nslot - 1);
        while (slot[j]) j = (j + 1) & (nslot - 1);
        slot[j] = t->slot[i];
    }
    free(t->slot);
    t->slot = slot;
    t->nslot = nslot;
}

uint32_t cl_ids_find_(cl_ids *t, const void *p)
{
    if (!p) return 0;
    uint32_t h = hash(p), c = (h ^ (uint32_t)((uintptr_t)t >> 4)) & 127;
    if (cache[c].p == p && cache[c].t == t) {
        cl_ids_last_[t->last] = (cl_ids_seen){ t, p, cache[c].id };
        return cache[c].id;
    }
    pthread_mutex_lock(&mu);
    slots_grow(t);
    uint32_t j = h & (t->nslot - 1);
    while (t->slot[j] && cl_ids_at(t, t->slot[j]) != p) j = (j + 1) & (t->nslot - 1);
    uint32_t id = t->slot[j];
    if (!id && t->n == t->max) {   /* a million sources, or 4,094 codes */
        pthread_mutex_unlock(&mu);
        return CL_IDS_FULL;
    }
    if (!id) {
        id = ++t->n;
        const void ***chunk = &t->chunk[id >> CL_IDS_CHUNK_BITS];
        if (!*chunk && !(*chunk = calloc(1u << CL_IDS_CHUNK_BITS, sizeof **chunk))) abort();
        (*chunk)[id & ((1u << CL_IDS_CHUNK_BITS) - 1)] = p;
        t->slot[j] = id;
    }
    pthread_mutex_unlock(&mu);
    cache[c].t = t;
    cache[c].p = p;
    cache[c].id = id;
    cl_ids_last_[t->last] = (cl_ids_seen){ t, p, id };
    return id;
}
