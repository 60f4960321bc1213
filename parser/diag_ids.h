/* diag_ids.h - small numbers for the pointers a finding names: its source
 * (a cl_source *) and its code (a string of static storage), so that a
 * cl_diag holds 20 or 12 bits instead of 8 bytes for each. A pointer gets its
 * number the first time it is seen (under a lock, found again through a small
 * cache of each thread) and keeps it; a freed source's address, given again to
 * another source, names that one by the same number. Numbers are read back
 * without a lock: the tables are chunks that never move, only added to (a
 * number read on another thread came there after its pointer was written).
 * Used by diag.c; tests/unit/test_diag_ids.c. */
#ifndef CL_DIAG_IDS_H
#define CL_DIAG_IDS_H
#include <stdint.h>

enum { CL_IDS_CHUNK_BITS = 12, CL_IDS_CHUNKS = 1 << 12 };   /* 2^24 numbers at most */

typedef struct cl_ids {
    const void **chunk[CL_IDS_CHUNKS];   /* by number: the pointer (number 0: NULL) */
    uint32_t max;                        /* the biggest number it may give */
    uint32_t n;                          /* numbers given */
    uint32_t *slot;                      /* pointer -> number, open addressing (under the lock) */
    uint32_t nslot;
    unsigned last;                       /* which of cl_ids_last_ it uses (below CL_IDS_LAST) */
} cl_ids;

/* Each thread's last number of each table, asked again at once. */
enum { CL_IDS_LAST = 4 };
typedef struct cl_ids_seen { const cl_ids *t; const void *p; uint32_t id; } cl_ids_seen;
extern _Thread_local cl_ids_seen cl_ids_last_[CL_IDS_LAST];

/* The tables of diag.c: sources (2^20 - 2 numbers), codes (2^12 - 2) and
 * fixes' descriptions (2^14 - 2). */
extern cl_ids cl_ids_src_, cl_ids_code_, cl_ids_fixdesc_;

#define CL_IDS_FULL UINT32_MAX
/* P's number in T (NULL: 0); CL_IDS_FULL when P has none and T has given
 * all its numbers (the caller keeps P another way). */
uint32_t cl_ids_find_(cl_ids *t, const void *p);
static inline uint32_t cl_ids_of(cl_ids *t, const void *p)
{
    const cl_ids_seen *s = &cl_ids_last_[t->last];
    return s->p == p && s->t == t && p ? s->id : cl_ids_find_(t, p);
}

/* The pointer numbered ID in T. */
static inline const void *cl_ids_at(const cl_ids *t, uint32_t id)
{
    return id ? t->chunk[id >> CL_IDS_CHUNK_BITS][id & ((1u << CL_IDS_CHUNK_BITS) - 1)] : (const void *)0;
}

#endif
