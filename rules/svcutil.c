/* svcutil.c - shared helpers of the service rules (see svcutil.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "svcutil.h"
#include "../parser/buf.h"
#include "../model/shortsyntax.h"

const cl_node *cl_services(const cl_rule_ctx *ctx)
{
    const cl_node *s = cl_map_get(ctx->root, "services");
    return s && s->kind == CL_MAP ? s : NULL;
}

cl_diag *cl_svc_report(cl_rule_ctx *ctx, const cl_node *svckey, const char *key, const cl_node *at,
                       const char *fmt, ...)
{
    char buf[256], *p = NULL;
    if (svckey && svckey->kind == CL_SCALAR) {   /* "services.SVC[.KEY]", put together without printf */
        size_t sl = strlen(svckey->u.s.text), kl = key ? strlen(key) : 0, n = 9 + sl + (key ? 1 + kl : 0) + 1;
        p = n <= sizeof buf ? buf : malloc(n);
        if (!p) abort();
        memcpy(p, "services.", 9);
        memcpy(p + 9, svckey->u.s.text, sl);
        if (key) { p[9 + sl] = '.'; memcpy(p + 10 + sl, key, kl); }
        p[n - 1] = 0;
    }
    va_list ap;
    va_start(ap, fmt);
    cl_diag *g = cl_rule_vreport_path(ctx, at, p, fmt, ap);
    va_end(ap);
    if (p != buf) free(p);
    return g;
}

static void copy(char *dst, size_t cap, const cl_port_part *p)
{
    size_t n = p->len < cap ? p->len : cap - 1;
    if (p->text) memcpy(dst, p->text, n);
    dst[n] = 0;
}

void cl_port_parse(const cl_node *item, cl_port_entry *out)
{
    memset(out, 0, sizeof *out);
    strcpy(out->proto, "tcp");
    if (!item || (item->kind != CL_MAP && item->kind != CL_SCALAR)) return;
    cl_port_spec p;
    cl_port_read(item, &p);
    out->published = p.published.text != NULL;
    copy(out->port, sizeof out->port, out->published || item->kind == CL_MAP ? &p.published : &p.target);
    if (p.protocol.len) copy(out->proto, sizeof out->proto, &p.protocol);
    copy(out->ip, sizeof out->ip, &p.ip);
    out->ip_unknown = p.ip.text && p.ip.val != CL_VAL_KNOWN;
    out->known = p.published.val == CL_VAL_KNOWN;
    out->lo = p.published.lo;
    out->hi = p.published.hi;
}

/* Primary weight of an ASCII byte in ICU's root collation (approximation):
 * spaces, then punctuation and symbols in CLDR order, digits, letters. */
static int weight(unsigned char ch)
{
    static const char punct[] = "_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$";
    /* letters and digits first: names are mostly made of them (the classes do not overlap) */
    if (ch >= 'a' && ch <= 'z') return 200 + (ch - 'a');
    if (ch >= 'A' && ch <= 'Z') return 200 + (ch - 'A');
    if (ch >= '0' && ch <= '9') return 100 + (ch - '0');
    if (ch <= ' ') return ch;                                  /* 0..32 */
    const char *p = memchr(punct, ch, sizeof punct - 1);
    if (p) return 40 + (int)(p - punct);                       /* 40..71 */
    return 300 + ch;                                           /* other bytes, UTF-8 */
}

int cl_collate(const char *a, size_t alen, const char *b, size_t blen, int numeric)
{
    size_t i = 0, j = 0;
    while (i < alen && j < blen) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[j];
        if (numeric && x >= '0' && x <= '9' && y >= '0' && y <= '9') {
            size_t i2 = i, j2 = j;
            while (i2 < alen && a[i2] == '0') i2++;
            while (j2 < blen && b[j2] == '0') j2++;
            size_t ie = i2, je = j2;
            while (ie < alen && a[ie] >= '0' && a[ie] <= '9') ie++;
            while (je < blen && b[je] >= '0' && b[je] <= '9') je++;
            if (ie - i2 != je - j2) return ie - i2 < je - j2 ? -1 : 1;
            int c = memcmp(a + i2, b + j2, ie - i2);
            if (c) return c < 0 ? -1 : 1;
            i = ie;
            j = je;
            continue;
        }
        if (x != y) {                  /* the same byte weighs the same */
            int wx = weight(x), wy = weight(y);
            if (wx != wy) return wx < wy ? -1 : 1;
        }
        i++;
        j++;
    }
    if (i < alen || j < blen) return i < alen ? 1 : -1;
    /* equal at the first level: lower case sorts first */
    size_t n = alen < blen ? alen : blen;
    for (size_t k = 0; k < n; k++) {
        int lx = a[k] >= 'a' && a[k] <= 'z', ly = b[k] >= 'a' && b[k] <= 'z';
        if (a[k] != b[k] && lx != ly) return lx ? -1 : 1;
    }
    return alen == blen ? 0 : alen < blen ? -1 : 1;
}

/* ---- stable sort of indices ---- */

static void msort(uint32_t *v, uint32_t *tmp, uint32_t n, int (*cmp)(uint32_t, uint32_t, void *), void *ctx)
{
    if (n < 2) return;
    uint32_t h = n / 2;
    msort(v, tmp, h, cmp, ctx);
    msort(v + h, tmp, n - h, cmp, ctx);
    uint32_t i = 0, j = h, k = 0;
    while (i < h && j < n) tmp[k++] = cmp(v[j], v[i], ctx) < 0 ? v[j++] : v[i++];
    while (i < h) tmp[k++] = v[i++];
    while (j < n) tmp[k++] = v[j++];
    memcpy(v, tmp, n * sizeof *v);
}

uint32_t *cl_sorted_perm(uint32_t n, int (*cmp)(uint32_t a, uint32_t b, void *ctx), void *ctx)
{
    uint32_t *v = malloc((n ? n : 1) * sizeof *v), *tmp = malloc((n ? n : 1) * sizeof *tmp);
    if (!v || !tmp) abort();
    for (uint32_t i = 0; i < n; i++) v[i] = i;
    msort(v, tmp, n, cmp, ctx);
    free(tmp);
    return v;
}

/* The names of a collection's items as sort keys: each character its
 * primary weight, two bytes big-endian, so that comparing two keys byte by
 * byte, then by length, is cl_collate's first level; names equal there go
 * to cl_collate for its tie-break. Sorting 10,000 names compares each a dozen
 * times: the weights are worked out once. */
typedef struct name_keys { const cl_node *coll; unsigned char *bytes; size_t *off; } name_keys;

static int cmp_name_keys(uint32_t a, uint32_t b, void *ctx)
{
    const name_keys *k = ctx;
    size_t la = k->off[a + 1] - k->off[a], lb = k->off[b + 1] - k->off[b];
    int c = memcmp(k->bytes + k->off[a], k->bytes + k->off[b], la < lb ? la : lb);
    if (c) return c < 0 ? -1 : 1;
    if (la != lb) return la < lb ? -1 : 1;
    return cl_cmp_item_names(a, b, (void *)k->coll);
}

uint32_t *cl_sorted_names(const cl_node *coll)
{
    uint32_t n = coll->kind == CL_MAP ? coll->u.m.n : coll->u.q.n;
    name_keys k = { coll, NULL, malloc(((size_t)n + 1) * sizeof *k.off) };
    if (!k.off) abort();
    size_t total = 0, len;
    for (uint32_t i = 0; i < n; i++) { cl_item_name(coll, i, &len); total += 2 * len; }
    k.bytes = malloc(total ? total : 1);
    if (!k.bytes) abort();
    total = 0;
    for (uint32_t i = 0; i < n; i++) {
        const char *name = cl_item_name(coll, i, &len);
        k.off[i] = total;
        for (size_t j = 0; j < len; j++) {
            int w = weight((unsigned char)name[j]);
            k.bytes[total++] = (unsigned char)(w >> 8);
            k.bytes[total++] = (unsigned char)(w & 0xff);
        }
    }
    k.off[n] = total;
    uint32_t *perm = cl_sorted_perm(n, cmp_name_keys, &k);
    free(k.bytes);
    free(k.off);
    return perm;
}

/* ---- reordering fixes ---- */

static char *dupn(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p) abort();
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

/* Item I's text range: key (or item) start to the end of its value. */
static int item_range(const cl_source *src, const cl_node *coll, uint32_t i, uint32_t *a, uint32_t *b)
{
    if (coll->kind == CL_MAP) {
        const cl_pair *p = &coll->u.m.items[i];
        if (p->merged || !p->key || cl_node_src(p->key) != src) return -1;
        *a = p->key->start;
        *b = p->key->end;
        if (p->value && cl_node_src(p->value) == src && !(p->value->flags & CL_NF_SYNTH)) {
            if (p->value->start < p->key->start) return -1;        /* an alias: its text is not here */
            if (cl_node_end(p->value) > *b) *b = cl_node_end(p->value);
        }
    } else {
        const cl_node *it = coll->u.q.items[i];
        if (!it || cl_node_src(it) != src || (it->flags & CL_NF_SYNTH) || it->start < coll->start) return -1;
        *a = it->start;
        *b = cl_node_end(it);
        if (*b <= *a) return -1;                                     /* an empty item */
    }
    return 0;
}

static uint32_t indent_of(const cl_source *s, uint32_t ls)
{
    uint32_t i = ls;
    while (i < s->len && s->data[i] == ' ') i++;
    return i - ls;
}

/* Each moved item's slot gets the text of the item that goes there: a slice
 * of SRC, LEN long (the texts of 10,000 services copied were 0.6 MB, kept
 * by the finding through the run). */
static int flow_edits(const cl_source *src, const cl_node *coll, uint32_t n, const uint32_t *perm, cl_edit **edits, uint32_t **lens)
{
    uint32_t (*r)[2] = malloc(n * sizeof *r);
    if (!r) abort();
    for (uint32_t i = 0; i < n; i++) {
        if (item_range(src, coll, i, &r[i][0], &r[i][1]) || (i && r[i][0] < r[i - 1][1])) { free(r); return -1; }
    }
    cl_edit *e = calloc(n, sizeof *e);
    uint32_t *l = malloc(n * sizeof *l);
    if (!e || !l) abort();
    int ne = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (perm[i] == i) continue;
        e[ne].start = r[i][0];
        e[ne].end = r[i][1];
        e[ne].text = (char *)src->data + r[perm[i]][0];
        l[ne] = r[perm[i]][1] - r[perm[i]][0];
        ne++;
    }
    free(r);
    *edits = e;
    *lens = l;
    return ne;
}

int cl_reorder_edits(const cl_source *src, const cl_node *coll, const uint32_t *perm, cl_edit **edits, uint32_t **lens)
{
    *edits = NULL;
    *lens = NULL;
    if (!coll || cl_node_src(coll) != src || (coll->kind != CL_MAP && coll->kind != CL_SEQ)) return -1;
    uint32_t n = coll->kind == CL_MAP ? coll->u.m.n : coll->u.q.n;
    if (n < 2) return -1;
    if (coll->flags & CL_NF_FLOW) return flow_edits(src, coll, n, perm, edits, lens);
    const char *s = src->data;
    uint32_t *cs = malloc((n + 1) * sizeof *cs), *last = malloc(n * sizeof *last);
    if (!cs || !last) abort();
    int ok = 1;
    uint32_t col = 0;
    for (uint32_t i = 0; i < n && ok; i++) {
        uint32_t a, b;
        if (item_range(src, coll, i, &a, &b)) { ok = 0; break; }
        uint32_t ls = cl_line_start(src, a);
        uint32_t ind = indent_of(src, ls);
        if (coll->kind == CL_SEQ) {
            /* "<indent>- item": the dash starts the line */
            uint32_t d = ls + ind;
            if (d >= a || s[d] != '-') { ok = 0; break; }
            for (uint32_t k = d + 1; k < a; k++) if (s[k] != ' ') ok = 0;
        } else if (ls + ind != a) ok = 0;
        if (i == 0) col = ind;
        else if (ind != col || ls < last[i - 1]) ok = 0;
        /* comment lines right above, at the same indentation, belong to the item */
        uint32_t top = ls, floor = i ? last[i - 1] : 0;
        while (ok && top > floor) {
            uint32_t pl = cl_line_start(src, top - 1);
            if (pl < floor) break;
            uint32_t pi = indent_of(src, pl);
            if (pi != ind || s[pl + pi] != '#') break;
            top = pl;
        }
        cs[i] = top;
        last[i] = cl_line_next(src, b > a ? b - 1 : a);
    }
    if (ok && (last[n - 1] == 0 || s[last[n - 1] - 1] != '\n')) ok = 0;
    if (!ok) { free(cs); free(last); return -1; }
    cs[n] = last[n - 1];
    /* trailing blank lines of each chunk: kept as a separator when they all agree */
    uint32_t *body = malloc(n * sizeof *body);
    if (!body) abort();
    int same = 1;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t e = cs[i + 1];
        while (e > cs[i]) {                            /* strip whole blank lines */
            uint32_t pl = cl_line_start(src, e - 1);
            uint32_t k = pl;
            while (k < e && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r' || s[k] == '\n')) k++;
            if (k < e || pl <= cs[i]) break;
            e = pl;
        }
        body[i] = e;
        if (i + 1 < n && i > 0 && (cs[i + 1] - body[i] != cs[1] - body[0] || memcmp(s + body[i], s + body[0], cs[1] - body[0]))) same = 0;
    }
    if (n > 1 && cs[n] != body[n - 1]) same = 0;     /* the last one keeps its own trailing lines */
    cl_buf out;
    cl_buf_init(&out);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t k = perm[i];
        if (same) {
            cl_buf_put(&out, s + cs[k], body[k] - cs[k]);
            if (i + 1 < n) cl_buf_put(&out, s + body[0], cs[1] - body[0]);
        } else {
            cl_buf_put(&out, s + cs[k], cs[k + 1] - cs[k]);
        }
    }
    cl_edit *e = calloc(1, sizeof *e);
    *lens = malloc(sizeof **lens);
    if (!e || !*lens) abort();
    e->start = cs[0];
    e->end = cs[n];
    **lens = (uint32_t)out.len;
    e->text = out.len ? cl_buf_steal(&out) : dupn("", 0);
    cl_buf_free(&out);
    free(cs);
    free(last);
    free(body);
    *edits = e;
    return 1;
}

void cl_attach_reorder_fix(const cl_rule_ctx *ctx, cl_diag *g, const cl_node *coll, const uint32_t *perm, const char *what)
{
    cl_edit *e;
    uint32_t *lens;
    int n = cl_reorder_edits(ctx->doc->src, coll, perm, &e, &lens);
    if (n <= 0) { free(e); free(lens); return; }
    if (!(coll->flags & CL_NF_FLOW)) {
        cl_diag_set_fix(g, what, 1, e, (size_t)n);
        free(e[0].text);
    } else if (cl_diag_src(g) == ctx->doc->src) {
        cl_diag_set_fix_slices(g, what, 1, e, lens, (size_t)n);
    } else {                                   /* a finding of another file: the texts kept */
        for (int i = 0; i < n; i++) e[i].text = dupn(e[i].text, lens[i]);
        cl_diag_set_fix(g, what, 1, e, (size_t)n);
        for (int i = 0; i < n; i++) free(e[i].text);
    }
    free(e);
    free(lens);
}

const char *cl_item_name(const cl_node *coll, uint32_t i, size_t *len)
{
    const cl_node *n = coll->kind == CL_MAP ? coll->u.m.items[i].key : coll->u.q.items[i];
    if (n && n->kind == CL_SCALAR) { *len = n->u.s.len; return n->u.s.text; }
    *len = 0;
    return "";
}

int cl_cmp_item_names(uint32_t a, uint32_t b, void *ctx)
{
    const cl_node *m = ctx;
    size_t la, lb;
    const char *x = cl_item_name(m, a, &la), *y = cl_item_name(m, b, &lb);
    return cl_collate(x, la, y, lb, 0);
}

int cl_perm_in_order(const uint32_t *perm, uint32_t n, int (*cmp)(uint32_t, uint32_t, void *), void *ctx)
{
    for (uint32_t j = 0; j < n; j++) if (cmp(perm[j], j, ctx) != 0) return 0;
    return 1;
}
