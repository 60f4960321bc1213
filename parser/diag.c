#include "diag.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* FMT formatted at its full length. Most messages fit the stack buffer: they
 * are formatted once and copied, not measured first and formatted again. */
static char *vfmt(const char *fmt, va_list ap)
{
    char small[512];
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n < 0) n = 0;
    char *p = malloc((size_t)n + 1);
    if (!p) abort();
    if ((size_t)n < sizeof small) memcpy(p, small, (size_t)n + 1);
    else vsnprintf(p, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return p;
}

static char *xstrdup(const char *s)
{
    char *p = strdup(s ? s : "");
    if (!p) abort();
    return p;
}

void cl_diags_init(cl_diags *d) { d->v = NULL; d->n = d->cap = 0; }

static void diag_free(cl_diag *g)
{
    free(g->message);
    free(g->path);
    for (size_t i = 0; i < g->nrelated; i++) free(g->related[i].message);
    free(g->related);
    free(g->fix);   /* one block: see cl_diag_set_fix */
}

void cl_diags_free_items(const cl_diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        /* free() reads the header before each block: the next ones are asked
         * for while this one is freed (the blocks lie all over the heap) */
        if (i + 8 < d->n) {
            __builtin_prefetch(d->v[i + 8].message - 16);
            if (d->v[i + 8].fix) __builtin_prefetch((const char *)d->v[i + 8].fix - 16);
        }
        diag_free(&d->v[i]);
    }
}

void cl_diags_free(cl_diags *d)
{
    cl_diags_free_items(d);
    free(d->v);
    cl_diags_init(d);
}

cl_diag *cl_diag_vadd(cl_diags *d, cl_severity sev, const char *code, cl_span span,
                      const char *fmt, va_list ap)
{
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        d->v = realloc(d->v, d->cap * sizeof *d->v);
        if (!d->v) abort();
    }
    cl_diag *g = &d->v[d->n++];
    memset(g, 0, sizeof *g);
    g->severity = sev;
    g->code = code;
    g->span = span;
    g->message = vfmt(fmt, ap);
    return g;
}

cl_diag *cl_diag_add(cl_diags *d, cl_severity sev, const char *code, cl_span span,
                     const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cl_diag *g = cl_diag_vadd(d, sev, code, span, fmt, ap);
    va_end(ap);
    return g;
}

void cl_diag_set_path(cl_diag *g, const char *path)
{
    free(g->path);
    g->path = path ? xstrdup(path) : NULL;
}

void cl_diag_add_related(cl_diag *g, cl_span span, const char *fmt, ...)
{
    g->related = realloc(g->related, (g->nrelated + 1) * sizeof *g->related);
    if (!g->related) abort();
    va_list ap;
    va_start(ap, fmt);
    g->related[g->nrelated].span = span;
    g->related[g->nrelated].message = vfmt(fmt, ap);
    va_end(ap);
    g->nrelated++;
}

static int edit_cmp(const void *a, const void *b)
{
    const cl_edit *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start ? 1 : 0;
}

/* Copies S (NULL: "") to *AT, which moves past it. */
static char *put_str(char **at, const char *s)
{
    size_t n = s ? strlen(s) + 1 : 1;
    char *p = *at;
    memcpy(p, s ? s : "", n);
    *at += n;
    return p;
}

void cl_diag_set_fix(cl_diag *g, const char *description, int safe, const cl_edit *edits, size_t n)
{
    /* the fix, its edits and their texts in one block (tens of thousands of
     * findings carry one under --select all): one malloc and one free each */
    size_t size = sizeof(cl_fix) + (n ? n : 1) * sizeof(cl_edit) + (description ? strlen(description) : 0) + 1;
    for (size_t i = 0; i < n; i++) size += (edits[i].text ? strlen(edits[i].text) : 0) + 1;
    cl_fix *f = calloc(1, size);
    if (!f) abort();
    f->edits = (cl_edit *)(f + 1);
    char *at = (char *)(f->edits + (n ? n : 1));
    f->description = put_str(&at, description);
    f->safe = safe;
    for (size_t i = 0; i < n; i++) {
        f->edits[i].start = edits[i].start;
        f->edits[i].end = edits[i].end;
        f->edits[i].text = put_str(&at, edits[i].text);
    }
    f->nedits = n;
    qsort(f->edits, n, sizeof *f->edits, edit_cmp);
    g->fix = f;
}

size_t cl_diags_count(const cl_diags *d, cl_severity min)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++) if (d->v[i].severity >= min) n++;
    return n;
}

void cl_diags_reserve(cl_diags *d, size_t more)
{
    if (d->n + more <= d->cap) return;
    d->cap = d->n + more;
    d->v = realloc(d->v, d->cap * sizeof *d->v);
    if (!d->v) abort();
}

/* Copies SRC's findings to AT and empties SRC: from its end, a piece at a
 * time, its array shrunk after each piece, so that the findings are not held
 * twice over while a big list is joined (the peak of check --select all). */
static void move_shrinking(cl_diag *at, cl_diags *src)
{
    enum { PIECE = 4096 };   /* findings: 256 KiB */
    while (src->n > PIECE) {
        src->n -= PIECE;
        memcpy(at + src->n, src->v + src->n, PIECE * sizeof *at);
        cl_diag *v = realloc(src->v, src->n * sizeof *v);
        if (v) src->v = v;   /* a shrink that fails leaves the bigger array */
    }
    if (src->n) memcpy(at, src->v, src->n * sizeof *at);
    free(src->v);
    cl_diags_init(src);
}

void cl_diags_join(cl_diags *dst, cl_diags *const *srcs, size_t n)
{
    /* the biggest array (DST's or one of SRCS') is the one kept: it grows
     * once to the total (in place, for an array the size of these) and its
     * findings move to where they belong; the others are copied around them */
    size_t total = dst->n, big = n;   /* N: DST */
    for (size_t i = 0; i < n; i++) {
        total += srcs[i]->n;
        if (srcs[i]->n > (big == n ? dst->n : srcs[big]->n)) big = i;
    }
    if (big == n) {
        cl_diags_reserve(dst, total - dst->n);
        for (size_t i = 0; i < n; i++) {
            size_t k = srcs[i]->n;
            move_shrinking(dst->v + dst->n, srcs[i]);
            dst->n += k;
        }
        return;
    }
    cl_diags *b = srcs[big];
    size_t at = dst->n;   /* where B's findings go */
    for (size_t i = 0; i < big; i++) at += srcs[i]->n;
    cl_diag *v = realloc(b->v, total * sizeof *v);
    if (!v) abort();
    memmove(v + at, v, b->n * sizeof *v);
    size_t w = dst->n;
    move_shrinking(v, dst);
    for (size_t i = 0; i < n; i++) {
        size_t k = srcs[i]->n;
        if (i != big) move_shrinking(v + w, srcs[i]);
        w += k;
    }
    dst->v = v;
    dst->n = dst->cap = total;
    cl_diags_init(b);
}

void cl_diags_append(cl_diags *dst, const cl_diags *src)
{
    if (dst->n + src->n > dst->cap) {
        size_t cap = dst->cap ? dst->cap : 16;
        while (cap < dst->n + src->n) cap *= 2;
        dst->v = realloc(dst->v, cap * sizeof *dst->v);
        if (!dst->v) abort();
        dst->cap = cap;
    }
    if (src->n) memcpy(dst->v + dst->n, src->v, src->n * sizeof *src->v);
    dst->n += src->n;
}

void cl_diags_move(cl_diags *dst, cl_diags *src)
{
    if (!dst->n && dst->cap <= src->n) {
        /* into an empty list: take SRC's array as it is */
        free(dst->v);
        *dst = *src;
        cl_diags_init(src);
        return;
    }
    cl_diags_append(dst, src);
    free(src->v);
    cl_diags_init(src);
}

const char *cl_severity_name(cl_severity s)
{
    switch (s) {
    case CL_SEV_ERROR: return "error";
    case CL_SEV_WARNING: return "warning";
    default: return "info";
    }
}

void cl_diags_filter(cl_diags *d, int (*keep)(const cl_diag *g, void *ctx), void *ctx)
{
    size_t w = 0;
    for (size_t i = 0; i < d->n; i++) {
        if (!keep(&d->v[i], ctx)) diag_free(&d->v[i]);
        else if (w++ != i) d->v[w - 1] = d->v[i];   /* none moves until one is dropped */
    }
    d->n = w;
}
