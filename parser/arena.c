/* arena.c - bump allocation in zeroed blocks that grow geometrically.
 * Blocks come from calloc, which hands out fresh (already zero) pages for big
 * sizes, so allocations need no memset of their own; pages never touched cost
 * no memory. Strings are packed without padding. */
#include "arena.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cl_arena_block {
    cl_arena_block *next;
    size_t size;
    _Alignas(16) unsigned char data[];
};

/* Growth stops at 1 MiB: the newest block is at most that much ahead of what
 * is used (a tail that is never touched costs no memory, but one a reused
 * heap chunk held does, and profilers count it all), and a 30 MB tree is
 * still only some 30 blocks. */
#define CL_ARENA_FIRST (64u * 1024u)
#define CL_ARENA_MAX (1u * 1024u * 1024u)

void cl_arena_init(cl_arena *a) { a->head = NULL; a->used_total = 0; a->at = a->end = NULL; }

static void oom(void)
{
    fputs("compose-lint: out of memory\n", stderr);
    abort();
}

static cl_arena_block *new_block(size_t size)
{
    cl_arena_block *b = calloc(1, sizeof *b + size);
    if (!b) oom();
    b->size = size;
    return b;
}

/* N bytes at ALIGN (a power of two), zeroed. What is free in the newest
 * block is A->at..A->end (its data is 16-aligned: the address aligns as the
 * place in it would). */
static void *bump(cl_arena *a, size_t n, size_t align)
{
    cl_arena_block *b = a->head;
    unsigned char *p = (unsigned char *)(((size_t)a->at + align - 1) & ~(align - 1));
    if (!b || p > a->end || (size_t)(a->end - p) < n) {
        size_t next = b ? b->size * 2 : CL_ARENA_FIRST;
        if (next > CL_ARENA_MAX) next = CL_ARENA_MAX;
        if (n > next / 4) {
            /* a big allocation gets its own block, behind the current one */
            cl_arena_block *nb = new_block(n);
            if (b) { nb->next = b->next; b->next = nb; }
            else { a->head = nb; a->at = a->end = nb->data + n; }
            a->used_total += n;
            return nb->data;
        }
        b = new_block(next);
        b->next = a->head;
        a->head = b;
        p = b->data;
        a->end = b->data + next;
    }
    a->at = p + n;
    a->used_total += n;
    return p;
}

void *cl_arena_grow(cl_arena *a, size_t n, size_t align) { return bump(a, n ? n : 1, align); }

char *cl_arena_strndup_grow(cl_arena *a, const char *s, size_t n)
{
    char *p = bump(a, n + 1, 1);
    if (n) memcpy(p, s, n);
    return p;   /* p[n] is already 0 */
}

char *cl_arena_strdup(cl_arena *a, const char *s) { return cl_arena_strndup(a, s, strlen(s)); }

char *cl_arena_printf(cl_arena *a, const char *fmt, ...)
{
    /* one pass into a local buffer when the text fits (nearly always) */
    char local[256];
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(local, sizeof local, fmt, ap);
    va_end(ap);
    if (n < 0) n = 0;
    char *p;
    if ((size_t)n < sizeof local) p = cl_arena_strndup(a, local, (size_t)n);
    else {
        p = bump(a, (size_t)n + 1, 1);
        vsnprintf(p, (size_t)n + 1, fmt, ap2);
    }
    va_end(ap2);
    return p;
}

void cl_arena_free(cl_arena *a)
{
    cl_arena_block *b = a->head;
    while (b) { cl_arena_block *n = b->next; free(b); b = n; }
    cl_arena_init(a);
}

void cl_arena_reset(cl_arena *a)
{
    cl_arena_block *b = a->head;
    if (!b) return;
    for (cl_arena_block *o = b->next; o;) { cl_arena_block *n = o->next; free(o); o = n; }
    memset(b->data, 0, (size_t)(a->at - b->data));
    a->at = b->data;
    b->next = NULL;
    a->used_total = 0;
}

void *cl_calloc_written(size_t n, size_t size)
{
    unsigned char *p = calloc(n, size);
    if (p)
        for (size_t b = 0; b < n * size; b += 4096) ((volatile unsigned char *)p)[b] = 0;
    return p;
}
