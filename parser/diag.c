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
    if (g->fix) {
        for (size_t i = 0; i < g->fix->nedits; i++) free(g->fix->edits[i].text);
        free(g->fix->edits);
        free(g->fix->description);
        free(g->fix);
    }
}

void cl_diags_free(cl_diags *d)
{
    for (size_t i = 0; i < d->n; i++) diag_free(&d->v[i]);
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

void cl_diag_set_fix(cl_diag *g, const char *description, int safe, const cl_edit *edits, size_t n)
{
    cl_fix *f = calloc(1, sizeof *f);
    if (!f) abort();
    f->description = xstrdup(description);
    f->safe = safe;
    f->edits = calloc(n ? n : 1, sizeof *f->edits);
    if (!f->edits) abort();
    for (size_t i = 0; i < n; i++) {
        f->edits[i].start = edits[i].start;
        f->edits[i].end = edits[i].end;
        f->edits[i].text = xstrdup(edits[i].text);
    }
    f->nedits = n;
    qsort(f->edits, n, sizeof *f->edits, edit_cmp);
    g->fix = f;
}

static int diag_cmp(const void *a, const void *b)
{
    const cl_diag *x = a, *y = b;
    /* the same source, the same code (static storage): equal without a strcmp */
    int c;
    if (x->span.src != y->span.src) {
        const char *px = x->span.src ? x->span.src->path : "";
        const char *py = y->span.src ? y->span.src->path : "";
        if ((c = strcmp(px, py)) != 0) return c;
    }
    if (x->span.start != y->span.start) return x->span.start < y->span.start ? -1 : 1;
    if (x->code != y->code && (c = strcmp(x->code ? x->code : "", y->code ? y->code : "")) != 0) return c;
    return strcmp(x->message, y->message);
}

void cl_diags_sort(cl_diags *d)
{
    if (d->n > 1) qsort(d->v, d->n, sizeof *d->v, diag_cmp);
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

void cl_diags_move(cl_diags *dst, cl_diags *src)
{
    if (!dst->n && dst->cap <= src->n) {
        /* into an empty list: take SRC's array as it is */
        free(dst->v);
        *dst = *src;
        cl_diags_init(src);
        return;
    }
    if (dst->n + src->n > dst->cap) {
        size_t cap = dst->cap ? dst->cap : 16;
        while (cap < dst->n + src->n) cap *= 2;
        dst->v = realloc(dst->v, cap * sizeof *dst->v);
        if (!dst->v) abort();
        dst->cap = cap;
    }
    if (src->n) memcpy(dst->v + dst->n, src->v, src->n * sizeof *src->v);
    dst->n += src->n;
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
        if (keep(&d->v[i], ctx)) d->v[w++] = d->v[i];
        else diag_free(&d->v[i]);
    }
    d->n = w;
}
