#include "arena.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cl_arena_block {
    cl_arena_block *next;
    size_t size, used;
    _Alignas(16) unsigned char data[];
};

#define CL_ARENA_BLOCK (64u * 1024u)

void cl_arena_init(cl_arena *a) { a->head = NULL; a->used_total = 0; }

static void oom(void)
{
    fputs("compose-lint: out of memory\n", stderr);
    abort();
}

void *cl_arena_alloc(cl_arena *a, size_t n)
{
    n = (n + 7u) & ~(size_t)7u;
    cl_arena_block *b = a->head;
    if (!b || b->size - b->used < n) {
        size_t sz = n > CL_ARENA_BLOCK / 4 ? n : CL_ARENA_BLOCK;
        if (n > CL_ARENA_BLOCK / 4 && b) {
            /* big allocation: give it its own block behind the current one */
            cl_arena_block *nb = malloc(sizeof *nb + sz);
            if (!nb) oom();
            nb->size = sz; nb->used = n;
            nb->next = b->next; b->next = nb;
            a->used_total += n;
            memset(nb->data, 0, n);
            return nb->data;
        }
        b = malloc(sizeof *b + sz);
        if (!b) oom();
        b->size = sz; b->used = 0; b->next = a->head; a->head = b;
    }
    void *p = b->data + b->used;
    b->used += n;
    a->used_total += n;
    memset(p, 0, n);
    return p;
}

char *cl_arena_strndup(cl_arena *a, const char *s, size_t n)
{
    char *p = cl_arena_alloc(a, n + 1);
    if (n) memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *cl_arena_strdup(cl_arena *a, const char *s) { return cl_arena_strndup(a, s, strlen(s)); }

char *cl_arena_printf(cl_arena *a, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) n = 0;
    char *p = cl_arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return p;
}

void cl_arena_free(cl_arena *a)
{
    cl_arena_block *b = a->head;
    while (b) { cl_arena_block *n = b->next; free(b); b = n; }
    a->head = NULL;
    a->used_total = 0;
}
