/* diag_sort.c - cl_diags_sort: by file, offset, code, then message; equal
 * findings keep their order. Each finding gets one 8-byte integer: the rank
 * of its file's path, its offset and the rank of its code, above its own
 * index; these are sorted by radix (on the bits above the index) instead of
 * comparing findings through their strings; only findings at the
 * same place with the same code compare messages. The findings then move
 * once, along the cycles of the order found. */
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

static _Thread_local const cl_diag *tie_base;   /* the findings being sorted: messages break ties */
static _Thread_local uint64_t tie_mask;         /* the index's bits of a key */

/* Two keys that differ only in their index: by message, then index. */
static int tie_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    int c = cl_diag_message_cmp(&tie_base[x & tie_mask], &tie_base[y & tie_mask]);
    return c ? c : x < y ? -1 : x > y;
}

/* Bits that hold the numbers below N (0 for N <= 1). */
static unsigned bits(uint64_t n)
{
    unsigned b = 0;
    while (b < 64 && (n - 1) >> b) b++;
    return n ? b : 0;
}

/* A stable sort of K[0..n) by bits [FROM, FROM + NBITS) of each, in as
 * few passes of at most 12 bits as there can be (23 bits: two of 12, not
 * three of 11); returns K or TMP, whichever holds the result. */
static uint64_t *radix(uint64_t *k, uint64_t *tmp, size_t n, unsigned from, unsigned nbits)
{
    enum { MAX_R = 12 };
    size_t count[(1u << MAX_R) + 1];
    unsigned passes = (nbits + MAX_R - 1) / MAX_R, r = passes ? (nbits + passes - 1) / passes : 0;
    uint64_t mask = ((uint64_t)1 << r) - 1;
    for (unsigned shift = from; shift < from + nbits; shift += r) {
        memset(count, 0, (size_t)(mask + 2) * sizeof *count);
        for (size_t i = 0; i < n; i++) count[((k[i] >> shift) & mask) + 1]++;
        for (size_t b = 1; b <= mask + 1; b++) count[b] += count[b - 1];
        for (size_t i = 0; i < n; i++) tmp[count[(k[i] >> shift) & mask]++] = k[i];
        uint64_t *t = k;
        k = tmp;
        tmp = t;
    }
    return k;
}

/* Rank of P in R, the last one asked kept in *LAST and *LAST_RANK:
 * findings come in runs of one file and one rule. */
static uint32_t rank_memo(const ranks *r, const void *p, const void **last, uint32_t *last_rank)
{
    if (p != *last) { *last = p; *last_rank = rank_of(r, p); }
    return *last_rank;
}

void cl_diags_sort(cl_diags *d)
{
    if (d->n < 2) return;
    ranks *src = calloc(1, sizeof *src), *code = calloc(1, sizeof *code);
    if (!src || !code) abort();
    int ok = 1;
    uint32_t top = 0;
    const void *last_src = src, *last_code = code;   /* neither: no finding's */
    for (size_t i = 0; ok && i < d->n; i++) {
        const cl_diag *g = &d->v[i];
        const cl_source *s = cl_diag_src(g);
        const char *c = cl_diag_code(g);
        if (g->start_ > top) top = g->start_;
        if (s != last_src) {
            last_src = s;
            ok = rank_add(src, s, s ? s->path : "");
        }
        if (ok && c != last_code) {
            last_code = c;
            ok = rank_add(code, c, c ? c : "");
        }
    }
    unsigned cb = bits(code->n), sb = bits((uint64_t)top + 1), ib = bits(d->n), nbits = bits(src->n) + sb + cb;
    uint64_t *k = NULL;
    if (ok && ib <= 32 && ib + nbits <= 64) k = malloc(d->n * sizeof *k);
    if (!k) {   /* findings of very many files or codes, or too far to key: compared as they are */
        free(src);
        free(code);
        qsort(d->v, d->n, sizeof *d->v, diag_cmp);
        return;
    }
    rank_all(src);
    rank_all(code);
    uint32_t rs = 0, rc = 0;
    last_src = src;
    last_code = code;
    for (size_t i = 0; i < d->n; i++) {
        const cl_diag *g = &d->v[i];
        uint64_t key = (uint64_t)rank_memo(src, cl_diag_src(g), &last_src, &rs) << (sb + cb) | (uint64_t)g->start_ << cb |
                       rank_memo(code, cl_diag_code(g), &last_code, &rc);
        k[i] = key << ib | i;
    }
    free(src);
    free(code);
    uint64_t *tmp = malloc(d->n * sizeof *tmp);
    if (!tmp) abort();
    uint64_t *sorted = radix(k, tmp, d->n, ib, nbits);
    free(sorted == k ? tmp : k);   /* the spare half goes before the findings move */
    k = sorted;
    /* equal keys (the same place and code) in the order of their messages */
    tie_base = d->v;
    tie_mask = ((uint64_t)1 << ib) - 1;
    for (size_t a = 0, b; a < d->n; a = b) {
        for (b = a + 1; b < d->n && k[b] >> ib == k[a] >> ib; b++) continue;
        if (b - a > 1) qsort(k + a, b - a, sizeof *k, tie_cmp);
    }
    /* the order as 4-byte indices, written over the keys' own array (index
     * I at byte 4 I, read from byte 8 I: never ahead of what is read): the
     * cycles below are followed through an array half the size, whose next
     * step is found without waiting for the finding just moved */
    uint32_t *at = (uint32_t *)(void *)k;
    for (size_t i = 0; i < d->n; i++) {
        uint32_t a = (uint32_t)(k[i] & tie_mask);
        memcpy(&at[i], &a, sizeof a);
    }
    /* the finding at AT[i] goes to i: each cycle of that order moves once */
    for (size_t i = 0; i < d->n; i++) {
        if (at[i] == i) continue;
        cl_diag g = d->v[i];
        size_t j = i;
        for (;;) {
            size_t from = at[j];
            at[j] = (uint32_t)j;
            if (from == i) { d->v[j] = g; break; }
            __builtin_prefetch(&d->v[at[from]]);   /* the one moved next */
            d->v[j] = d->v[from];
            j = from;
        }
    }
    free(k);
}
