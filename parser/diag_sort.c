/* diag_sort.c - cl_diags_sort: by file, offset, code, then message; equal
 * findings keep their order. Each finding gets one integer key (the rank of
 * its file's path, its offset, the rank of its code), sorted by radix in a
 * small array instead of comparing 64-byte findings through their strings;
 * only findings at the same place with the same code compare messages. The
 * findings then move once, along the cycles of the order found. */
#include "diag.h"
#include <stdlib.h>
#include <string.h>

static int diag_cmp(const void *a, const void *b)
{
    const cl_diag *x = a, *y = b;
    /* the same source, the same code (static storage): equal without a strcmp */
    int c;
    if (cl_diag_src(x) != cl_diag_src(y)) {
        const char *px = cl_diag_src(x) ? cl_diag_src(x)->path : "";
        const char *py = cl_diag_src(y) ? cl_diag_src(y)->path : "";
        if ((c = strcmp(px, py)) != 0) return c;
    }
    if (cl_diag_span(x).start != cl_diag_span(y).start) return cl_diag_span(x).start < cl_diag_span(y).start ? -1 : 1;
    if (cl_diag_code(x) != cl_diag_code(y) && (c = strcmp(cl_diag_code(x) ? cl_diag_code(x) : "", cl_diag_code(y) ? cl_diag_code(y) : "")) != 0) return c;
    return cl_diag_message_cmp(x, y);
}

/* The distinct values (source or code pointers) of a list, found again by
 * pointer (a small open-addressed table), ranked by their text: equal texts
 * share a rank, as diag_cmp sees them. */
#define MAX_RANKED 256
typedef struct ranked { const void *p; const char *text; uint32_t rank; } ranked;
typedef struct ranks { ranked v[MAX_RANKED]; size_t n; uint16_t slot[2 * MAX_RANKED]; } ranks;

static size_t slot_of(const ranks *r, const void *p)
{
    size_t j = (size_t)(((uint64_t)(uintptr_t)p * 0x9E3779B97F4A7C15ull) >> 55);   /* 9 bits */
    while (r->slot[j] && r->v[r->slot[j] - 1].p != p) j = (j + 1) & (2 * MAX_RANKED - 1);
    return j;
}

/* Adds P (its text TEXT); 0 when there are too many to rank. */
static int rank_add(ranks *r, const void *p, const char *text)
{
    size_t j = slot_of(r, p);
    if (r->slot[j]) return 1;
    if (r->n == MAX_RANKED) return 0;
    r->v[r->n].p = p;
    r->v[r->n].text = text;
    r->slot[j] = (uint16_t)++r->n;
    return 1;
}

static int by_text(const void *a, const void *b)
{
    return strcmp((*(const ranked *const *)a)->text, (*(const ranked *const *)b)->text);
}

static void rank_all(ranks *r)
{
    ranked *order[MAX_RANKED];
    for (size_t i = 0; i < r->n; i++) order[i] = &r->v[i];
    qsort(order, r->n, sizeof *order, by_text);
    for (size_t i = 0; i < r->n; i++)
        order[i]->rank = i && !strcmp(order[i]->text, order[i - 1]->text) ? order[i - 1]->rank : (uint32_t)i;
}

static uint32_t rank_of(const ranks *r, const void *p)
{
    return r->v[r->slot[slot_of(r, p)] - 1].rank;
}

typedef struct keyed { uint64_t key; size_t at; } keyed;

static _Thread_local const cl_diag *tie_base;   /* the findings being sorted: messages break ties */

static int keyed_cmp(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    int c = cl_diag_message_cmp(&tie_base[x->at], &tie_base[y->at]);
    return c ? c : x->at < y->at ? -1 : x->at > y->at;
}

/* Bits that hold the numbers below N (0 for N <= 1). */
static unsigned bits(uint64_t n)
{
    unsigned b = 0;
    while (b < 64 && (n - 1) >> b) b++;
    return n ? b : 0;
}

/* A stable sort of K[0..n) by the low BITS bits of their keys, 11 at a time;
 * returns K or TMP, whichever holds the result. */
static keyed *radix(keyed *k, keyed *tmp, size_t n, unsigned nbits)
{
    enum { R = 11 };
    size_t count[(1u << R) + 1];
    for (unsigned shift = 0; shift < nbits; shift += R) {
        memset(count, 0, sizeof count);
        for (size_t i = 0; i < n; i++) count[((k[i].key >> shift) & ((1u << R) - 1)) + 1]++;
        for (size_t r = 1; r <= 1u << R; r++) count[r] += count[r - 1];
        for (size_t i = 0; i < n; i++) tmp[count[(k[i].key >> shift) & ((1u << R) - 1)]++] = k[i];
        keyed *t = k;
        k = tmp;
        tmp = t;
    }
    return k;
}

void cl_diags_sort(cl_diags *d)
{
    if (d->n < 2) return;
    ranks *src = calloc(1, sizeof *src), *code = calloc(1, sizeof *code);
    keyed *k = malloc(d->n * sizeof *k);
    if (!src || !code || !k) abort();
    int ok = 1;
    for (size_t i = 0; ok && i < d->n; i++) {
        const cl_source *s = cl_diag_src(&d->v[i]);
        const char *c = cl_diag_code(&d->v[i]);
        ok = rank_add(src, s, s ? s->path : "") && rank_add(code, c, c ? c : "");
    }
    if (!ok) {   /* findings of very many files or codes: compared as they are */
        free(src);
        free(code);
        free(k);
        qsort(d->v, d->n, sizeof *d->v, diag_cmp);
        return;
    }
    rank_all(src);
    rank_all(code);
    uint32_t top = 0;
    for (size_t i = 0; i < d->n; i++) if (d->v[i].start_ > top) top = d->v[i].start_;
    unsigned cb = bits(code->n), sb = bits((uint64_t)top + 1);
    for (size_t i = 0; i < d->n; i++) {
        const cl_diag *g = &d->v[i];
        k[i].key = (uint64_t)rank_of(src, cl_diag_src(g)) << (sb + cb) | (uint64_t)g->start_ << cb | rank_of(code, cl_diag_code(g));
        k[i].at = i;
    }
    keyed *tmp = malloc(d->n * sizeof *tmp);
    if (!tmp) abort();
    keyed *sorted = radix(k, tmp, d->n, bits(src->n) + sb + cb);
    if (sorted != k) { free(k); k = sorted; } else free(tmp);
    /* equal keys (the same place and code) in the order of their messages */
    tie_base = d->v;
    for (size_t a = 0, b; a < d->n; a = b) {
        for (b = a + 1; b < d->n && k[b].key == k[a].key; b++) continue;
        if (b - a > 1) qsort(k + a, b - a, sizeof *k, keyed_cmp);
    }
    /* the finding at K[i].at goes to i: each cycle of that order moves once */
    for (size_t i = 0; i < d->n; i++) {
        if (k[i].at == i) continue;
        cl_diag tmp = d->v[i];
        size_t j = i;
        for (;;) {
            size_t from = k[j].at;
            k[j].at = j;
            if (from == i) { d->v[j] = tmp; break; }
            d->v[j] = d->v[from];
            j = from;
        }
    }
    free(k);
    free(src);
    free(code);
}
