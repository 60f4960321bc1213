/* arena.h - bump allocator: many small allocations, one free.
 * Every document model, normalized project and emitted tree lives in one. */
#ifndef CL_ARENA_H
#define CL_ARENA_H
#include <stddef.h>
#include <string.h>

typedef struct cl_arena_block cl_arena_block;
typedef struct cl_arena {
    cl_arena_block *head;
    size_t used_total;     /* bytes handed out, for benchmarks */
    unsigned char *at, *end;   /* what is free in the newest block (NULL: none) */
} cl_arena;

void  cl_arena_init(cl_arena *a);
/* N bytes at ALIGN (a power of two) from a new block: cl_arena_alloc's slow way. */
void *cl_arena_grow(cl_arena *a, size_t n, size_t align);
/* 8-aligned, zeroed; aborts on OOM. Inline: a converter allocates a million
 * small nodes, and the call and its checks cost a third of each. */
static inline void *cl_arena_alloc(cl_arena *a, size_t n)
{
    if (!n) n = 1;
    unsigned char *p = (unsigned char *)(((size_t)a->at + 7) & ~(size_t)7);
    if (a->at && p <= a->end && (size_t)(a->end - p) >= n) {
        a->at = p + n;
        a->used_total += n;
        return p;
    }
    return cl_arena_grow(a, n, 8);
}
char *cl_arena_strndup_grow(cl_arena *a, const char *s, size_t n);   /* cl_arena_strndup's slow way */
/* NUL-terminated copy (packed, no alignment); inline as cl_arena_alloc is */
static inline char *cl_arena_strndup(cl_arena *a, const char *s, size_t n)
{
    if (a->at && (size_t)(a->end - a->at) > n) {   /* at never passes end */
        char *p = (char *)a->at;
        a->at += n + 1;
        a->used_total += n + 1;
        if (n) memcpy(p, s, n);
        return p;   /* p[n] is already 0 */
    }
    return cl_arena_strndup_grow(a, s, n);
}
char *cl_arena_strdup(cl_arena *a, const char *s);
char *cl_arena_printf(cl_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void  cl_arena_free(cl_arena *a);
/* N zeroed items of SIZE (malloc'd; NULL on OOM) with every page already
 * written, for a table that is probed before it is filled: calloc's fresh
 * pages, read first, map the zero page, and the first write to each faults
 * again and flushes the TLB on every core the process runs on (a memset
 * after malloc the compiler turns back into calloc). */
void *cl_calloc_written(size_t n, size_t size);
/* Empties A for reuse: its newest block is kept (only what was used is zeroed
 * again), the others freed. */
void  cl_arena_reset(cl_arena *a);

#endif
