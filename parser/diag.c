#include "diag.h"
#include "diag_msg.h"
#include "diag_path.h"
#include "diag_pool.h"
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* A diagnostic's block (cl_diag.data_, from diag_pool): a byte of flags (the
 * sections it has), then the sections, in this order:
 *   F_SRC   the span's source (a pointer) when it has no number that fits
 *   F_CODE  the code (a pointer), the same
 *   F_END   the span's end (u32) when its length does not fit
 *   F_PATH  the path (diag_path.h: a segment may name the span's text or
 *           an output of the message)
 *   F_REL   a cl_related * (the array, its own malloc), then its entries (u32)
 *   F_FIX   varint size, then: safe byte, the description's number in
 *           cl_ids_fixdesc_ (a varint; safe byte's F_FIX_DESC_ID) or its
 *           pointer (that table full), varint
 *           nedits, nedits records {start, end, text offset} (3 x u32), texts;
 *           or (safe byte's F_FIX_SLICES) records {start, end, offset in
 *           the source, length} (4 x u32) and no texts; or (safe byte's
 *           F_FIX_ONE: a lone edit with its text) varints start and length,
 *           the text
 *   the message, always (diag_msg.h), last.
 * Its pool class is that of its bytes (a block grows or shrinks into
 * another class, diag_pool.h's cl_pool_class_of). */
enum { F_SRC = 1, F_CODE = 2, F_END = 4, F_PATH = 8, F_REL = 16, F_FIX = 32, F_ALL = 63, F_MSG = 0x100,
       REL_SIZE = sizeof(cl_related *) + sizeof(uint32_t) };

/* A block of N bytes, its flags FLAGS; *H gets its number. */
static unsigned char *block_new(size_t n, unsigned flags, uint32_t *h)
{
    unsigned cls;
    unsigned char *d = cl_pool_alloc(n, &cls, h);
    d[0] = (unsigned char)flags;
    return d;
}

static const unsigned char empty_block[] = { 0, 'T', 0 };

/* A finding's block, or for one kept inline (cl_diag.inl_) the block it
 * would have, made in BUF (BLOCK_BUF bytes). */
enum { BLOCK_BUF = 1 + CL_MSG_INLINE_PACKED };
static const unsigned char *block(const cl_diag *g, unsigned char *buf)
{
    if (g->inl_) {
        buf[0] = 0;
        cl_msg_from_inline(g->fmt_, g->in_, buf + 1);
        return buf;
    }
    return g->data_ ? cl_pool_at(g->data_) : empty_block;
}

/* Where section FLAG of block D starts (or would). */
static const unsigned char *sec(const unsigned char *d, unsigned flag)
{
    /* the sections come in the order of their bits: those before FLAG are
     * D's bits below it; the three of fixed sizes, by which of them */
    enum { P = sizeof(void *), U = sizeof(uint32_t) };
    static const unsigned char fixed[8] = { 0, P, P, 2 * P, U, P + U, P + U, 2 * P + U };
    unsigned before = d[0] & (flag - 1);
    const unsigned char *p = d + 1 + fixed[before & 7];
    if (before & F_PATH) p += cl_path_size(p);
    if (before & F_REL) p += REL_SIZE;
    if (before & F_FIX) { size_t n = cl_msg_varint(&p); p += n; }
    return p;
}

/* The bytes of section FLAG of D, which starts at P (0 when it has none). */
static size_t sec_len(const unsigned char *d, unsigned flag, const unsigned char *p)
{
    if (flag == F_MSG) return cl_msg_size(p);
    if (!(d[0] & flag)) return 0;
    if (flag == F_SRC || flag == F_CODE) return sizeof(void *);
    if (flag == F_END) return sizeof(uint32_t);
    if (flag == F_PATH) return cl_path_size(p);
    if (flag == F_REL) return REL_SIZE;
    const unsigned char *q = p;
    size_t n = cl_msg_varint(&q);
    return (size_t)(q - p) + n;
}

/* The bytes of block D. */
static size_t block_size(const unsigned char *d)
{
    const unsigned char *m = sec(d, F_MSG);
    return (size_t)(m - d) + cl_msg_size(m);
}

/* Frees block H (0: none). */
static void block_free(uint32_t h)
{
    if (h) cl_pool_free(h, cl_pool_class_of(block_size(cl_pool_at(h))));
}

/* Makes section FLAG of G's block N bytes long (HAS: it has one; else it
 * has none and N is 0) and returns where they go, for the caller to fill.
 * The block is rewritten in place when it stays in its class. */
static unsigned char *sec_room(cl_diag *g, unsigned flag, size_t n, int has)
{
    unsigned char buf[BLOCK_BUF];
    const unsigned char *d = block(g, buf);
    const unsigned char *p = sec(d, flag);
    size_t at = (size_t)(p - d), old = sec_len(d, flag, p);
    size_t total = flag == F_MSG ? at + old : block_size(d), tail = total - at - old, size = total - old + n;
    unsigned cls = !g->inl_ && g->data_ ? cl_pool_class_of(total) : 0;
    unsigned flags = d[0] & F_ALL;
    if (flag != F_MSG) flags = has ? flags | flag : flags & ~flag;
    unsigned char *nd;
    if (cls && cl_pool_class_of(size) == cls) {
        nd = (unsigned char *)d;
        memmove(nd + at + n, nd + at + old, tail);
    } else {
        uint32_t h;
        nd = block_new(size, 0, &h);
        memcpy(nd + 1, d + 1, at - 1);
        memcpy(nd + at + n, d + at + old, tail);
        if (g->inl_) {   /* kept inline until now */
            g->inl_ = 0;
            g->fmt_ = 0;
        } else block_free(g->data_);
        g->data_ = h;
    }
    nd[0] = (unsigned char)flags;
    return nd + at;
}

/* Section FLAG of G's block becomes the N bytes at BYTES (BYTES NULL: G no
 * longer has it). */
static void set_sec(cl_diag *g, unsigned flag, const void *bytes, size_t n)
{
    unsigned char buf[BLOCK_BUF];
    const unsigned char *d = block(g, buf);
    unsigned char *copy = NULL;
    if (n && (const unsigned char *)bytes >= d && (const unsigned char *)bytes < d + block_size(d)) {
        copy = malloc(n);   /* the block's own bytes (its path set again) */
        if (!copy) abort();
        bytes = memcpy(copy, bytes, n);
    }
    unsigned char *at = sec_room(g, flag, n, bytes != NULL);
    if (n) memcpy(at, bytes, n);
    free(copy);
}

/* Section FLAG (F_SRC, F_CODE, F_END) of G becomes the N bytes at BYTES when
 * WANT, else goes (G has a block for it only when it needs one). */
static void far_put(cl_diag *g, unsigned flag, int want, const void *bytes, size_t n)
{
    if (want) set_sec(g, flag, bytes, n);
    else if (!g->inl_ && g->data_ && (((const unsigned char *)cl_pool_at(g->data_))[0] & flag)) set_sec(g, flag, NULL, 0);
}

static const void *far_at(const cl_diag *g, unsigned flag)
{
    return sec(cl_pool_at(g->data_), flag);
}

const cl_source *cl_diag_far_src_(const cl_diag *g)
{
    const cl_source *src;
    memcpy(&src, far_at(g, F_SRC), sizeof src);
    return src;
}

const char *cl_diag_far_code_(const cl_diag *g)
{
    const char *code;
    memcpy(&code, far_at(g, F_CODE), sizeof code);
    return code;
}

uint32_t cl_diag_far_end_(const cl_diag *g)
{
    uint32_t end;
    memcpy(&end, far_at(g, F_END), sizeof end);
    return end;
}

void cl_diags_init(cl_diags *d) { d->v = NULL; d->n = d->cap = 0; }

/* The text at span SP: what an output kept as a reference is (diag_msg.h). */
static const char *ref_text(cl_span sp, size_t *n)
{
    *n = 0;
    if (!sp.src || sp.end < sp.start || sp.end > sp.src->len) return NULL;
    *n = sp.end - sp.start;
    return sp.src->data + sp.start;
}

/* G's fields for SPAN; returns the sections it needs for the rest (F_SRC,
 * F_END), for far_put. */
static unsigned span_fields(cl_diag *g, cl_span span)
{
    uint32_t id = cl_ids_of(&cl_ids_src_, span.src);
    unsigned far = 0;
    if (id == CL_IDS_FULL) { id = CL_DIAG_FAR_SRC; far |= F_SRC; }
    g->src_ = id;
    g->start_ = span.start;
    if (span.end < span.start || span.end - span.start >= CL_DIAG_FAR_LEN) {
        g->len_ = CL_DIAG_FAR_LEN;
        far |= F_END;
    } else g->len_ = span.end - span.start;
    return far;
}

static unsigned code_field(cl_diag *g, const char *code)
{
    uint32_t id = cl_ids_of(&cl_ids_code_, code);
    g->code_ = id == CL_IDS_FULL ? CL_DIAG_FAR_CODE : id;
    return id == CL_IDS_FULL ? F_CODE : 0;
}

/* The sections of FAR (span_fields, code_field) for SPAN and CODE. */
static void far_span(cl_diag *g, unsigned far, cl_span span)
{
    far_put(g, F_SRC, far & F_SRC, &span.src, sizeof span.src);
    far_put(g, F_END, far & F_END, &span.end, sizeof span.end);
}

static void path_plain(cl_diag *g);

void cl_diag_set_span(cl_diag *g, cl_span span)
{
    unsigned char buf[BLOCK_BUF];
    const unsigned char *d = block(g, buf);
    if (!cl_msg_has_ref(sec(d, F_MSG))) { far_span(g, span_fields(g, span), span); return; }
    /* its message (and maybe its path) names the text at the span it had:
     * kept as text now */
    path_plain(g);
    cl_buf text;
    cl_buf_init(&text);
    char *t = strdup(cl_diag_message(g, &text));
    if (!t) abort();
    cl_buf_free(&text);
    far_span(g, span_fields(g, span), span);
    cl_diag_set_message(g, t);
    free(t);
}

void cl_diag_set_code(cl_diag *g, const char *code)
{
    far_put(g, F_CODE, code_field(g, code), &code, sizeof code);
}

/* G's related spans and their number (both 0 when it has none). */
static cl_related *related(const cl_diag *g, uint32_t *n)
{
    cl_related *rel = NULL;
    *n = 0;
    if (g->inl_ || !g->data_) return NULL;
    const unsigned char *d = cl_pool_at(g->data_);
    if (!(d[0] & F_REL)) return NULL;
    const unsigned char *p = sec(d, F_REL);
    memcpy(&rel, p, sizeof rel);
    memcpy(n, p + sizeof rel, sizeof *n);
    return rel;
}

cl_related *cl_diag_related(const cl_diag *g)
{
    uint32_t n;
    return related(g, &n);
}

size_t cl_diag_nrelated(const cl_diag *g)
{
    uint32_t n;
    related(g, &n);
    return n;
}

/* G's related spans become the N at REL. */
static void set_related(cl_diag *g, cl_related *rel, uint32_t n)
{
    unsigned char b[REL_SIZE];
    memcpy(b, &rel, sizeof rel);
    memcpy(b + sizeof rel, &n, sizeof n);
    set_sec(g, F_REL, b, sizeof b);
}

void cl_diag_keep_related(cl_diag *g, size_t n)
{
    uint32_t have;
    cl_related *rel = related(g, &have);
    if (n < have) set_related(g, rel, (uint32_t)n);
}

static void diag_free(cl_diag *g)
{
    if (g->inl_ || !g->data_) return;
    uint32_t n;
    cl_related *rel = related(g, &n);
    for (size_t i = 0; i < n; i++) free(rel[i].message);
    free(rel);
    block_free(g->data_);
}

void cl_diags_free_items(const cl_diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        /* a block freed is written (its free list's link): the next ones are
         * asked for while this one is freed */
        if (i + 8 < d->n && !d->v[i + 8].inl_ && d->v[i + 8].data_) __builtin_prefetch(cl_pool_at(d->v[i + 8].data_), 1);
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
    return cl_diag_vadd_prefixed(d, sev, code, span, NULL, NULL, fmt, ap);
}

/* PATH packed against the message MSG (NULL: as text) and REF, NREF (the
 * text at the span) in SMALL (256 bytes) or, when it does not fit, a buffer
 * of its own (free it); *N its bytes. */
static unsigned char *path_packed(const char *path, const unsigned char *msg, const char *ref, size_t nref,
                                  unsigned char *small, size_t *n)
{
    unsigned char *b = small;
    if (cl_path_packed_max(path) > 256 && !(b = malloc(cl_path_packed_max(path)))) abort();
    *n = cl_path_pack(path, msg, ref, nref, b);
    return b;
}

/* G's path kept as PATH, packed against the message MSG (NULL: as text; read
 * before the block moves) and the text at G's span. */
static void path_put(cl_diag *g, const char *path, const unsigned char *msg)
{
    unsigned char small[256];
    size_t n, nref = 0;
    const char *ref = msg ? ref_text(cl_diag_span(g), &nref) : NULL;
    unsigned char *b = path_packed(path, msg, ref, nref, small, &n);
    set_sec(g, F_PATH, b, n);
    if (b != small) free(b);
}

cl_diag *cl_diag_vadd_prefixed(cl_diags *d, cl_severity sev, const char *code, cl_span span, const char *path,
                               const char *prefix, const char *fmt, va_list ap)
{
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        d->v = realloc(d->v, d->cap * sizeof *d->v);
        if (!d->v) abort();
    }
    cl_diag *g = &d->v[d->n++];
    memset(g, 0, sizeof *g);
    g->severity = sev;
    unsigned far = code_field(g, code) | span_fields(g, span);
    cl_msgw w;
    cl_msgw_init(&w);
    w.ref = ref_text(span, &w.nref);
    cl_msgw_put(&w, "", 1);   /* the flags: no section yet */
    cl_msg_pack_prefixed(&w, prefix, fmt, ap);
    unsigned id;
    if (path) {   /* packed against the message, in front of it */
        unsigned char small[256];
        size_t np;
        unsigned char *b = path_packed(path, w.p + 1, w.ref, w.nref, small, &np);
        unsigned char *nd = block_new(np + w.n, F_PATH, &g->data_);
        memcpy(nd + 1, b, np);
        memcpy(nd + 1 + np, w.p + 1, w.n - 1);
        if (b != small) free(b);
    } else if (!far && cl_msg_inline(w.p + 1, &id, g->in_)) {
        g->inl_ = 1;
        g->fmt_ = id;
    } else {
        memset(g->in_, 0, sizeof g->in_);
        memcpy(block_new(w.n, 0, &g->data_) + 1, w.p + 1, w.n - 1);
    }
    cl_msgw_free(&w);
    if (far) {
        far_span(g, far, span);
        far_put(g, F_CODE, far & F_CODE, &code, sizeof code);
    }
    return g;
}

cl_diag *cl_diag_vadd_path(cl_diags *d, cl_severity sev, const char *code, cl_span span,
                           const char *path, const char *fmt, va_list ap)
{
    return cl_diag_vadd_prefixed(d, sev, code, span, path, NULL, fmt, ap);
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

static const char *span_text(const void *g, size_t *n) { return ref_text(cl_diag_span(g), n); }

void cl_diag_message_put(const cl_diag *g, cl_buf *out)
{
    unsigned char buf[BLOCK_BUF];
    const unsigned char *d = block(g, buf);
    cl_msg_unpack_with(sec(d, F_MSG), span_text, g, out);   /* the source read only for a message that names its text */
}

int cl_diag_message_pieces(const cl_diag *g, int (*put)(void *ctx, const char *s, size_t n), void *ctx)
{
    unsigned char buf[BLOCK_BUF];
    return cl_msg_pieces(sec(block(g, buf), F_MSG), span_text, g, put, ctx);
}

const char *cl_diag_message(const cl_diag *g, cl_buf *scratch)
{
    unsigned char buf[BLOCK_BUF];
    const unsigned char *m = sec(block(g, buf), F_MSG);
    const char *t = cl_msg_text(m);
    if (t) return t;
    scratch->len = 0;
    cl_buf_put(scratch, "", 0);
    cl_msg_unpack_with(m, span_text, g, scratch);
    return cl_buf_cstr(scratch);
}

int cl_diag_message_cmp(const cl_diag *a, const cl_diag *b)
{
    /* the same format and outputs (at the same span: the same text of
     * outputs kept as references) */
    cl_span sa = cl_diag_span(a), sb = cl_diag_span(b);
    int at_same = sa.src == sb.src && sa.start == sb.start && sa.end == sb.end;
    if (at_same && a->inl_ && b->inl_ && a->fmt_ == b->fmt_ && !memcmp(a->in_, b->in_, sizeof a->in_)) return 0;
    unsigned char bufa[BLOCK_BUF], bufb[BLOCK_BUF];
    const unsigned char *ma = sec(block(a, bufa), F_MSG), *mb = sec(block(b, bufb), F_MSG);
    size_t na = cl_msg_size(ma), nb = cl_msg_size(mb);
    if (na == nb && !memcmp(ma, mb, na) && (at_same || !cl_msg_has_ref(ma))) return 0;
    cl_buf x, y;
    cl_buf_init(&x);
    cl_buf_init(&y);
    int c = strcmp(cl_diag_message(a, &x), cl_diag_message(b, &y));
    cl_buf_free(&x);
    cl_buf_free(&y);
    return c;
}

void cl_diag_set_message(cl_diag *g, const char *text)
{
    path_plain(g);
    cl_msgw w;
    cl_msgw_init(&w);
    cl_msg_pack_text(&w, text);
    set_sec(g, F_MSG, w.p, w.n);
    cl_msgw_free(&w);
}

const char *cl_diag_path(const cl_diag *g)
{
    if (g->inl_) return NULL;
    const unsigned char *d = block(g, NULL);
    if (!(d[0] & F_PATH)) return NULL;
    size_t nref = 0;
    const unsigned char *p = sec(d, F_PATH);
    const char *ref = cl_path_refers(p) ? ref_text(cl_diag_span(g), &nref) : NULL;
    return cl_path_read(p, sec(d, F_MSG), ref, nref);
}

/* G's path as text (before what it names changes). */
static void path_plain(cl_diag *g)
{
    if (g->inl_ || !g->data_) return;
    const unsigned char *d = cl_pool_at(g->data_);
    if (!(d[0] & F_PATH) || !cl_path_refers(sec(d, F_PATH))) return;
    char *path = strdup(cl_diag_path(g));
    if (!path) abort();
    path_put(g, path, NULL);
    free(path);
}

void cl_diag_prefetch(const cl_diag *g)
{
    if (!g->inl_ && g->data_) __builtin_prefetch(cl_pool_at(g->data_));
}

void cl_diag_set_path(cl_diag *g, const char *path)
{
    if (!path) { set_sec(g, F_PATH, NULL, 0); return; }
    unsigned char buf[BLOCK_BUF];
    const unsigned char *d = block(g, buf);
    char *copy = NULL;
    if (!g->inl_ && g->data_ && (const unsigned char *)path >= d && (const unsigned char *)path < d + block_size(d) &&
        !(path = copy = strdup(path))) abort();   /* its own path set again */
    path_put(g, path, sec(d, F_MSG));
    free(copy);
}


void cl_diag_add_related(cl_diag *g, cl_span span, const char *fmt, ...)
{
    uint32_t nrel;
    cl_related *rel = related(g, &nrel);
    if (nrel == UINT32_MAX) abort();
    rel = realloc(rel, ((size_t)nrel + 1) * sizeof *rel);
    if (!rel) abort();
    va_list ap;
    va_start(ap, fmt);
    cl_buf b;
    cl_buf_init(&b);
    cl_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    rel[nrel].span = span;
    rel[nrel].message = b.len ? cl_buf_steal(&b) : strdup("");
    if (!rel[nrel].message) abort();
    cl_buf_free(&b);
    set_related(g, rel, nrel + 1);
}

/* Sorts E[0..N) by start, then end (an insertion before a replacement
 * starting where it goes), keeping the given order of equal ones: an
 * insertion sort, stable and linear on the edits of a fix as rules make them
 * (in order, a few of them); qsort is not stable, and two insertions at one
 * place came out in either order. */
static void edits_sort(cl_edit *e, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        cl_edit x = e[i];
        size_t j = i;
        for (; j && (e[j - 1].start > x.start || (e[j - 1].start == x.start && e[j - 1].end > x.end)); j--) e[j] = e[j - 1];
        e[j] = x;
    }
}

/* Writes the fix of the N edits E, in order, into G's block: their texts
 * (strings, NULL for ""), or with BASE (the bytes of G's source) where the
 * slices E[i].text, LENS[i] long, are in it (F_FIX_SLICES). */
#define F_FIX_SLICES 2
#define F_FIX_DESC_ID 4
#define F_FIX_ONE 8
static void put_fix(cl_diag *g, const char *description, int safe, const cl_edit *e, const char *base, const uint32_t *lens, size_t n)
{
    /* measured first, written once where it goes (a reorder fix's text is
     * the whole collection: half a megabyte for 10,000 services) */
    unsigned char vn[10], vb[10], vd[10];
    size_t texts = 0, nvn = cl_msg_varint_enc(vn, n);
    if (!base) for (size_t i = 0; i < n; i++) texts += (e[i].text ? strlen(e[i].text) : 0) + 1;
    /* the description by its number (a byte or two), not its 8-byte address */
    uint32_t id = cl_ids_of(&cl_ids_fixdesc_, description);
    size_t nvd = id == CL_IDS_FULL ? 0 : cl_msg_varint_enc(vd, id);
    /* a lone edit (most fixes: quote this, add that key) as two varints,
     * not a count and 12 bytes: 10,000 quoted ports' findings take a
     * smaller block */
    int one = !base && n == 1 && e[0].end >= e[0].start;
    unsigned char v1[20];
    size_t nv1 = one ? cl_msg_varint_enc(v1, e[0].start) : 0;
    if (one) nv1 += cl_msg_varint_enc(v1 + nv1, e[0].end - e[0].start);
    size_t records = one ? nv1 : nvn + n * (base ? 4 : 3) * sizeof(uint32_t);
    size_t body = 1 + (nvd ? nvd : sizeof description) + records + texts, nvb = cl_msg_varint_enc(vb, body);
    unsigned char *p = sec_room(g, F_FIX, nvb + body, 1);
    memcpy(p, vb, nvb);
    p += nvb;
    *p++ = (unsigned char)((safe ? 1 : 0) | (base ? F_FIX_SLICES : 0) | (nvd ? F_FIX_DESC_ID : 0) | (one ? F_FIX_ONE : 0));
    if (nvd) {
        memcpy(p, vd, nvd);
        p += nvd;
    } else {
        memcpy(p, &description, sizeof description);
        p += sizeof description;
    }
    if (one) {
        memcpy(p, v1, nv1);
        p += nv1;
        if (texts > 1) memcpy(p, e[0].text, texts - 1);
        p[texts - 1] = 0;
        return;
    }
    memcpy(p, vn, nvn);
    p += nvn;
    if (base) {
        for (size_t i = 0; i < n; i++) {
            uint32_t r[4] = { e[i].start, e[i].end, (uint32_t)(e[i].text - base), lens[i] };
            memcpy(p, r, sizeof r);
            p += sizeof r;
        }
        return;
    }
    unsigned char *t = p + n * 3 * sizeof(uint32_t);
    for (size_t i = 0; i < n; i++) {
        size_t len = e[i].text ? strlen(e[i].text) : 0;
        uint32_t r[3] = { e[i].start, e[i].end, (uint32_t)(t - (p + (n - i) * sizeof r)) };
        memcpy(p, r, sizeof r);
        p += sizeof r;
        if (len) memcpy(t, e[i].text, len);
        t[len] = 0;
        t += len + 1;
    }
}

void cl_diag_set_fix(cl_diag *g, const char *description, int safe, const cl_edit *edits, size_t n)
{
    /* tens of thousands of findings carry one under --select all: kept in
     * the finding's block, the description by its address */
    cl_edit *e = malloc((n ? n : 1) * sizeof *e);
    if (!e) abort();
    if (n) memcpy(e, edits, n * sizeof *e);
    edits_sort(e, n);
    put_fix(g, description, safe, e, NULL, NULL, n);
    free(e);
}

void cl_diag_set_fix_slices(cl_diag *g, const char *description, int safe, const cl_edit *edits, const uint32_t *lens, size_t n)
{
    const cl_source *src = cl_diag_src(g);
    for (size_t i = 0; i < n; i++)
        if (!src || edits[i].text < src->data || lens[i] > src->len || (size_t)(edits[i].text - src->data) > src->len - lens[i]) abort();
    put_fix(g, description, safe, edits, src ? src->data : NULL, lens, n);
}

int cl_diag_fix(const cl_diag *g, cl_fix *f)
{
    if (g->inl_) return 0;
    const unsigned char *d = block(g, NULL);
    if (!(d[0] & F_FIX)) return 0;
    const unsigned char *p = sec(d, F_FIX);
    cl_msg_varint(&p);
    f->safe = *p & 1;
    f->base_ = *p & F_FIX_SLICES ? cl_diag_src(g)->data : NULL;
    f->one_ = (*p & F_FIX_ONE) != 0;
    if (*p++ & F_FIX_DESC_ID) f->description = cl_ids_at(&cl_ids_fixdesc_, (uint32_t)cl_msg_varint(&p));
    else {
        memcpy(&f->description, p, sizeof f->description);
        p += sizeof f->description;
    }
    f->nedits = f->one_ ? 1 : cl_msg_varint(&p);
    f->edits_ = p;
    return 1;
}

cl_edit cl_fix_edit(const cl_fix *f, size_t i)
{
    if (f->one_) {
        const unsigned char *p = f->edits_;
        uint32_t start = (uint32_t)cl_msg_varint(&p), len = (uint32_t)cl_msg_varint(&p);
        return (cl_edit){ start, start + len, (char *)p };
    }
    if (f->base_) {
        uint32_t r[4];
        memcpy(r, f->edits_ + i * sizeof r, sizeof r);
        return (cl_edit){ r[0], r[1], (char *)f->base_ + r[2] };
    }
    uint32_t r[3];
    memcpy(r, f->edits_ + i * sizeof r, sizeof r);
    return (cl_edit){ r[0], r[1], (char *)(f->edits_ + f->nedits * sizeof r + r[2]) };
}

size_t cl_fix_edit_len(const cl_fix *f, size_t i)
{
    if (!f->base_) return strlen(cl_fix_edit(f, i).text);
    uint32_t len;
    memcpy(&len, f->edits_ + i * 4 * sizeof len + 3 * sizeof len, sizeof len);
    return len;
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

/* Gives back the memory pages wholly inside [A, B) of an array whose bytes
 * there are written again before they are read (they read as zeros meanwhile). */
static void discard(void *a, void *b)
{
    static size_t page;
    if (!page) {
        long ps = sysconf(_SC_PAGESIZE);
        page = ps > 0 ? (size_t)ps : 4096;
    }
    uintptr_t lo = ((uintptr_t)a + page - 1) & ~(uintptr_t)(page - 1), hi = (uintptr_t)b & ~(uintptr_t)(page - 1);
    if (hi > lo) madvise((void *)lo, hi - lo, MADV_DONTNEED);
}

/* Moves the N findings of V to V + AT: from the end, a piece at a time,
 * giving back the pages they leave (the findings that go before them will
 * be copied there, a piece at a time too): the pages between N and N + AT
 * are not held with those below AT, the findings of the lists before. */
static void move_right(cl_diag *v, size_t n, size_t at)
{
    enum { PIECE = 4096 };
    while (n) {
        size_t k = n > PIECE ? PIECE : n;
        n -= k;
        memmove(v + at + n, v + n, k * sizeof *v);
        discard(v + n, v + (at < k ? n + at : n + k));
    }
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
    move_right(v, b->n, at);
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
