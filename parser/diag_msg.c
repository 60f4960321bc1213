/* diag_msg.c - a message packed as its format's address and the output of
 * each conversion (see diag_msg.h). The format is read twice with one parser
 * (spec_read): once to pack the outputs, once to put the text back together. */
#include "diag_msg.h"
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cl_msgw_init(cl_msgw *w) { w->p = w->small; w->n = 0; w->cap = sizeof w->small; w->ref = NULL; w->nref = 0; }

void cl_msgw_grow(cl_msgw *w, size_t n)
{
    size_t cap = w->cap * 2;
    while (cap < w->n + n) cap *= 2;
    unsigned char *p = w->p == w->small ? malloc(cap) : realloc(w->p, cap);
    if (!p) abort();
    if (w->p == w->small) memcpy(p, w->small, w->n);
    w->p = p;
    w->cap = cap;
}

void cl_msgw_free(cl_msgw *w)
{
    if (w->p != w->small) free(w->p);
    cl_msgw_init(w);
}

size_t cl_msg_varint_enc(unsigned char *b, size_t v)
{
    size_t n = 0;
    do { b[n++] = (unsigned char)((v & 0x7f) | (v > 0x7f ? 0x80 : 0)); v >>= 7; } while (v);
    return n;
}

void cl_msgw_varint(cl_msgw *w, size_t v)
{
    unsigned char b[10];
    cl_msgw_put(w, b, cl_msg_varint_enc(b, v));
}

size_t cl_msg_varint(const unsigned char **p)
{
    size_t v = 0;
    unsigned shift = 0;
    const unsigned char *q = *p;
    do { v |= (size_t)(*q & 0x7f) << shift; shift += 7; } while (*q++ & 0x80);
    *p = q;
    return v;
}

/* One conversion spec: what is read from the va_list and how it prints. */
enum { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_J, LEN_T, LEN_BIGL };
typedef struct spec {
    char conv;          /* 0: not one this code reads */
    unsigned char len;  /* LEN_* */
    unsigned char star_w, star_p;
    unsigned char plain;   /* no flag, width or precision */
    unsigned char has_prec;
} spec;

/* Reads the spec at P (just past '%'); returns the end of it. */
static const char *spec_read(const char *p, spec *s)
{
    memset(s, 0, sizeof *s);
    s->plain = 1;
    for (;; p++) {
        switch (*p) {
        case '-': case '+': case ' ': case '#': case '0': case '\'': s->plain = 0; continue;
        default: break;
        }
        break;
    }
    if (*p == '*') { p++; s->star_w = 1; s->plain = 0; }
    else while (*p >= '0' && *p <= '9') { p++; s->plain = 0; }
    if (*p == '.') {
        p++;
        s->plain = 0;
        s->has_prec = 1;
        if (*p == '*') { p++; s->star_p = 1; }
        else while (*p >= '0' && *p <= '9') p++;
    }
    switch (*p) {
    case 'h': p++; s->len = LEN_H; if (*p == 'h') { p++; s->len = LEN_HH; } break;
    case 'l': p++; s->len = LEN_L; if (*p == 'l') { p++; s->len = LEN_LL; } break;
    case 'z': p++; s->len = LEN_Z; break;
    case 'j': p++; s->len = LEN_J; break;
    case 't': p++; s->len = LEN_T; break;
    case 'L': p++; s->len = LEN_BIGL; break;
    default: break;
    }
    char c = *p;
    if (!c) return p;
    switch (c) {
    case 'd': case 'i': case 'o': case 'u': case 'x': case 'X':
        s->conv = s->len == LEN_BIGL ? 0 : c;
        break;
    case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A':
        s->conv = s->len == LEN_BIGL ? 0 : c;   /* long double: not read here */
        break;
    case 'c': case 's': case 'p':
        s->conv = s->len == LEN_NONE ? c : 0;
        break;
    default: break;
    }
    return p + 1;
}

static int is_float(char c) { return c == 'f' || c == 'F' || c == 'e' || c == 'E' || c == 'g' || c == 'G' || c == 'a' || c == 'A'; }

/* A value read from the va_list, by its kind. */
typedef struct arg {
    enum { A_INT, A_LONG, A_LLONG, A_IMAX, A_PTRDIFF, A_UINT, A_ULONG, A_ULLONG, A_UMAX, A_SIZE,
           A_DOUBLE, A_PTR, A_STR } kind;
    union { int i; long l; long long ll; intmax_t im; ptrdiff_t pd; unsigned u; unsigned long ul;
            unsigned long long ull; uintmax_t um; size_t z; double d; void *p; const char *s; } v;
} arg;

static void arg_read(const spec *s, va_list *ap, arg *a)
{
    int sgn = s->conv == 'd' || s->conv == 'i';
    switch (s->conv) {
    case 's': a->kind = A_STR; a->v.s = va_arg(*ap, const char *); return;
    case 'p': a->kind = A_PTR; a->v.p = va_arg(*ap, void *); return;
    case 'c': a->kind = A_INT; a->v.i = va_arg(*ap, int); return;
    default: break;
    }
    if (is_float(s->conv)) { a->kind = A_DOUBLE; a->v.d = va_arg(*ap, double); return; }
    switch (s->len) {
    case LEN_L: if (sgn) { a->kind = A_LONG; a->v.l = va_arg(*ap, long); } else { a->kind = A_ULONG; a->v.ul = va_arg(*ap, unsigned long); } break;
    case LEN_LL: if (sgn) { a->kind = A_LLONG; a->v.ll = va_arg(*ap, long long); } else { a->kind = A_ULLONG; a->v.ull = va_arg(*ap, unsigned long long); } break;
    case LEN_J: if (sgn) { a->kind = A_IMAX; a->v.im = va_arg(*ap, intmax_t); } else { a->kind = A_UMAX; a->v.um = va_arg(*ap, uintmax_t); } break;
    case LEN_Z: if (sgn) { a->kind = A_PTRDIFF; a->v.pd = va_arg(*ap, ptrdiff_t); } else { a->kind = A_SIZE; a->v.z = va_arg(*ap, size_t); } break;
    case LEN_T: a->kind = A_PTRDIFF; a->v.pd = va_arg(*ap, ptrdiff_t); break;
    default: if (sgn) { a->kind = A_INT; a->v.i = va_arg(*ap, int); } else { a->kind = A_UINT; a->v.u = va_arg(*ap, unsigned); } break;
    }
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
/* snprintf of one conversion SP (its own text, '*' kept) with width W and
 * precision PR when the spec asks for them. */
#define ONE(v) (s->star_w && s->star_p ? snprintf(buf, cap, sp, w, pr, v) : s->star_w ? snprintf(buf, cap, sp, w, v) \
                : s->star_p ? snprintf(buf, cap, sp, pr, v) : snprintf(buf, cap, sp, v))
static int one(char *buf, size_t cap, const char *sp, const spec *s, int w, int pr, const arg *a)
{
    switch (a->kind) {
    case A_INT: return ONE(a->v.i);
    case A_LONG: return ONE(a->v.l);
    case A_LLONG: return ONE(a->v.ll);
    case A_IMAX: return ONE(a->v.im);
    case A_PTRDIFF: return ONE(a->v.pd);
    case A_UINT: return ONE(a->v.u);
    case A_ULONG: return ONE(a->v.ul);
    case A_ULLONG: return ONE(a->v.ull);
    case A_UMAX: return ONE(a->v.um);
    case A_SIZE: return ONE(a->v.z);
    case A_DOUBLE: return ONE(a->v.d);
    case A_PTR: return ONE(a->v.p);
    default: return ONE(a->v.s);
    }
}
#undef ONE
#pragma GCC diagnostic pop

/* Is REF (NREF bytes) a quoted scalar as written: a quote at each end? */
static int quoted(const char *ref, size_t nref)
{
    return nref >= 2 && (ref[0] == '"' || ref[0] == '\'') && ref[nref - 1] == ref[0];
}

/* An output: its length times 2 and its bytes, or alone 1 when it is W's
 * REF (the text at the finding's span, read again from there), 3 when it
 * is what REF's quotes hold. */
static void put_out(cl_msgw *w, const void *s, size_t n)
{
    if (n && n == w->nref && !memcmp(s, w->ref, n)) { cl_msgw_put(w, "\1", 1); return; }
    if (n && quoted(w->ref, w->nref) && n == w->nref - 2 && !memcmp(s, w->ref + 1, n)) { cl_msgw_put(w, "\3", 1); return; }
    cl_msgw_varint(w, n << 1);
    cl_msgw_put(w, s, n);
}

static void put_unsigned(cl_msgw *w, unsigned long long v, int neg)
{
    char d[24];
    size_t n = sizeof d;
    do { d[--n] = (char)('0' + v % 10); v /= 10; } while (v);
    if (neg) d[--n] = '-';
    put_out(w, d + n, sizeof d - n);
}

/* Packs the conversion S (its text from SP to END) reading AP; 0 when it
 * cannot (the caller keeps the text instead). */
static int pack_one(cl_msgw *w, const spec *s, const char *sp, const char *end, va_list *ap)
{
    int wd = 0, pr = 0;
    if (s->star_w) wd = va_arg(*ap, int);
    if (s->star_p) pr = va_arg(*ap, int);
    arg a;
    arg_read(s, ap, &a);
    if (s->conv == 'c' && !(unsigned char)a.v.i) return 0;   /* a NUL ends the text that printf made */
    if (s->plain) {   /* the common ones, without snprintf */
        if (a.kind == A_STR && a.v.s) { put_out(w, a.v.s, strlen(a.v.s)); return 1; }
        if (s->conv == 'd' || s->conv == 'i') {
            long long v = a.kind == A_INT ? a.v.i : a.kind == A_LONG ? a.v.l : a.kind == A_LLONG ? a.v.ll : 0;
            if (a.kind == A_INT || a.kind == A_LONG || a.kind == A_LLONG) {
                put_unsigned(w, v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v, v < 0);
                return 1;
            }
        }
        if (s->conv == 'u' && (a.kind == A_UINT || a.kind == A_ULONG || a.kind == A_ULLONG || a.kind == A_SIZE)) {
            put_unsigned(w, a.kind == A_UINT ? a.v.u : a.kind == A_ULONG ? a.v.ul : a.kind == A_SIZE ? a.v.z : a.v.ull, 0);
            return 1;
        }
    }
    if (s->plain == 0 && s->has_prec && !s->star_w && a.kind == A_STR && a.v.s && end - sp >= 3 &&
        sp[1] == '.' && (s->star_p || (sp[2] >= '0' && sp[2] <= '9'))) {   /* %.*s, %.3s */
        size_t lim = s->star_p ? (pr < 0 ? (size_t)-1 : (size_t)pr) : strtoul(sp + 2, NULL, 10);
        put_out(w, a.v.s, strnlen(a.v.s, lim));
        return 1;
    }
    char spt[40], small[256];
    if ((size_t)(end - sp) >= sizeof spt) return 0;
    memcpy(spt, sp, (size_t)(end - sp));
    spt[end - sp] = 0;
    int n = one(small, sizeof small, spt, s, wd, pr, &a);
    if (n < 0) return 0;
    if ((size_t)n < sizeof small) { put_out(w, small, (size_t)n); return 1; }
    char *big = malloc((size_t)n + 1);
    if (!big) abort();
    one(big, (size_t)n + 1, spt, s, wd, pr, &a);
    put_out(w, big, (size_t)n);
    free(big);
    return 1;
}

void cl_msg_pack_text(cl_msgw *w, const char *text)
{
    cl_msgw_put(w, "T", 1);
    cl_msgw_put(w, text, strlen(text) + 1);
}

/* The formats by number: a packed message names its format in 2 bytes.
 * Numbers are given under a lock, found again through a small cache of each
 * thread; the table is only added to (a message read on another thread came
 * there after its format was). */
enum { MAX_FMTS = CL_MSG_FMTS, ID_BYTES = 2 };
static const char *fmt_by_id[MAX_FMTS];   /* 0: none */
static unsigned char fmt_nconv[MAX_FMTS];  /* by number: its conversions (255: that many or more) */
static struct { const char *fmt; unsigned id; } fmt_slot[2 * MAX_FMTS];
static unsigned nfmt;
static pthread_mutex_t fmt_mu = PTHREAD_MUTEX_INITIALIZER;
static _Thread_local struct { const char *fmt; unsigned id; } fmt_cache[64];

/* Where a numbered format's specs start ('%' and a conversion, or "%%"),
 * found when it is numbered: packing and reading a message step from one
 * to the next instead of searching the format's text for them each time.
 * N is NO_MARKS when they are not kept (too many, or a format too long). */
enum { MAX_MARKS = 14, NO_MARKS = 0xffff };
typedef struct fmt_marks { uint16_t len, n, at[MAX_MARKS]; } fmt_marks;
static fmt_marks fmt_mark[MAX_FMTS];

/* Finds FMT's marks into M; returns its conversions ("%%" is none), 255
 * when that many or more (fmt_nconv). */
static unsigned marks_find(const char *fmt, fmt_marks *m)
{
    size_t len = strlen(fmt), n = 0, conv = 0;
    for (const char *p = fmt; (p = strchr(p, '%')) != NULL;) {
        if (n < MAX_MARKS) m->at[n] = (uint16_t)(p - fmt);
        n++;
        if (p[1] == '%') { p += 2; continue; }
        spec s;
        p = spec_read(p + 1, &s);
        conv++;
    }
    m->len = (uint16_t)len;
    m->n = len > UINT16_MAX - 1 || n > MAX_MARKS ? NO_MARKS : (uint16_t)n;
    return conv < 255 ? (unsigned)conv : 255;
}

/* The next spec of FMT at or after P, the K-th (counted in *K): from its
 * marks M when they are kept, else searched for; NULL when none is left. */
static inline const char *next_spec(const char *fmt, const fmt_marks *m, size_t *k, const char *p)
{
    if (!m || m->n == NO_MARKS) return strchr(p, '%');
    return *k < m->n ? fmt + m->at[(*k)++] : NULL;
}

#ifdef __ELF__
extern const char __executable_start[], edata[];   /* the program's code, constants and data */
/* Is FMT a constant of the program (not a buffer of the heap or stack)? */
static int in_image(const char *fmt) { return fmt >= __executable_start && fmt < edata; }
#else
static int in_image(const char *fmt) { (void)fmt; return 1; }
#endif

/* FMT's number; 0 when the table is full or, with CONSTANT, FMT is not a
 * constant of the program (a format made at run time: its message is kept
 * as text; a prefix's skeleton is one too, but kept for the run). */
static inline unsigned fmt_id_of(const char *fmt, int constant)
{
    uint64_t h = (uint64_t)(uintptr_t)fmt * 0x9E3779B97F4A7C15ull;
    unsigned c = (unsigned)(h >> 58);
    if (fmt_cache[c].fmt == fmt) return fmt_cache[c].id;
    if (constant && !in_image(fmt)) return 0;
    pthread_mutex_lock(&fmt_mu);
    size_t j = (size_t)(h >> 40) & (2 * MAX_FMTS - 1);
    while (fmt_slot[j].fmt && fmt_slot[j].fmt != fmt) j = (j + 1) & (2 * MAX_FMTS - 1);
    unsigned id = fmt_slot[j].id;
    if (!fmt_slot[j].fmt && nfmt + 1 < MAX_FMTS) {
        id = ++nfmt;
        fmt_nconv[id] = (unsigned char)marks_find(fmt, &fmt_mark[id]);
        fmt_by_id[id] = fmt;
        fmt_slot[j].fmt = fmt;
        fmt_slot[j].id = id;
    }
    pthread_mutex_unlock(&fmt_mu);
    if (id) {
        fmt_cache[c].fmt = fmt;
        fmt_cache[c].id = id;
    }
    return id;
}

static unsigned fmt_id(const char *fmt) { return fmt_id_of(fmt, 1); }

void cl_msg_pack(cl_msgw *w, const char *fmt, va_list ap)
{
    size_t at = w->n;
    va_list aq;
    va_copy(aq, ap);
    unsigned id = fmt_id(fmt);
    unsigned char head[1 + ID_BYTES] = { 'P', (unsigned char)(id & 0xff), (unsigned char)(id >> 8) };
    cl_msgw_put(w, head, sizeof head);
    int ok = id != 0;
    size_t k = 0;
    for (const char *p = fmt; ok && (p = next_spec(fmt, &fmt_mark[id], &k, p)) != NULL;) {
        if (p[1] == '%') { p += 2; continue; }
        if (p[1] == 's') {   /* the usual conversion, its argument read here (pack_one's own for NULL) */
            va_list at_s;
            va_copy(at_s, aq);
            const char *str = va_arg(aq, const char *);
            if (str) {
                va_end(at_s);
                put_out(w, str, strlen(str));
                p += 2;
                continue;
            }
            va_end(aq);
            va_copy(aq, at_s);
            va_end(at_s);
        }
        spec s;
        const char *end = spec_read(p + 1, &s);
        ok = s.conv && pack_one(w, &s, p, end, &aq);
        p = end;
    }
    va_end(aq);
    if (ok) {   /* the outputs' size goes before them: the message's end is found at once */
        size_t args = at + sizeof head, n = w->n - args;
        unsigned char v[10];
        size_t vn = cl_msg_varint_enc(v, n);
        cl_msgw_put(w, v, vn);   /* room for it */
        memmove(w->p + args + vn, w->p + args, n);
        memcpy(w->p + args, v, vn);
        return;
    }
    /* a conversion not read here: the text as printf makes it */
    w->n = at;
    char small[512];
    va_copy(aq, ap);
    int n = vsnprintf(small, sizeof small, fmt, aq);
    va_end(aq);
    if (n < 0) n = 0;
    cl_msgw_put(w, "T", 1);
    /* readers saw the text up to its first NUL (a %c of 0) */
    if ((size_t)n < sizeof small) { cl_msgw_put(w, small, strlen(small) + 1); return; }
    char *big = malloc((size_t)n + 1);
    if (!big) abort();
    va_copy(aq, ap);
    vsnprintf(big, (size_t)n + 1, fmt, aq);
    va_end(aq);
    cl_msgw_put(w, big, strlen(big) + 1);
    free(big);
}

/* A prefix's skeleton: its text with each quoted name (between a pair of
 * single quotes) a %s, a '%' as "%%". A converter prefixes each of tens of
 * thousands of findings with "kubernetes: service 'web': 'key' is not
 * converted: ", whose skeleton a few hundred share: it is kept once, as a
 * format (numbered as a program's are), and a finding keeps its number and
 * the names, the one at its span as a reference. Skeletons are kept for
 * the run, MAX_SKELS at most (then a prefix is kept as its bytes). */
enum { MAX_SKELS = 512, MAX_SKEL_LEN = 256 };
static struct { const char *s; unsigned id; } skel_slot[2 * MAX_SKELS];
static unsigned nskel;
static _Thread_local struct { const char *s; unsigned id; } skel_cache[32];

/* The format number of skeleton SK (N bytes), kept for the run; 0 when
 * no more are kept. Under SKEL_MU, then fmt_mu (fmt_id_of's) inside it. */
static pthread_mutex_t skel_mu = PTHREAD_MUTEX_INITIALIZER;
static unsigned skel_id(const char *sk, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)sk[i]) * 0x100000001b3ull;
    unsigned c = (unsigned)(h >> 59);
    if (skel_cache[c].s && !strcmp(skel_cache[c].s, sk)) return skel_cache[c].id;
    pthread_mutex_lock(&skel_mu);
    size_t j = (size_t)(h >> 32) & (2 * MAX_SKELS - 1);
    while (skel_slot[j].s && strcmp(skel_slot[j].s, sk)) j = (j + 1) & (2 * MAX_SKELS - 1);
    if (!skel_slot[j].s && nskel < MAX_SKELS) {
        char *copy = malloc(n + 1);
        if (!copy) abort();
        memcpy(copy, sk, n + 1);
        unsigned id = fmt_id_of(copy, 0);
        if (id) {
            skel_slot[j].s = copy;
            skel_slot[j].id = id;
            nskel++;
        } else free(copy);
    }
    const char *kept = skel_slot[j].s;
    unsigned id = skel_slot[j].id;
    pthread_mutex_unlock(&skel_mu);
    if (!kept) return 0;
    skel_cache[c].s = kept;
    skel_cache[c].id = id;
    return id;
}

/* Packs PREFIX (N bytes) as its skeleton's number and its names: "S" + a
 * message of the "P" form; 0 when it is not (too long, or no number). */
static int pack_skeleton(cl_msgw *w, const char *prefix, size_t n)
{
    if (n > MAX_SKEL_LEN) return 0;
    size_t nq = 0;
    for (size_t i = 0; i < n; i++) nq += prefix[i] == '\'';
    char sk[2 * MAX_SKEL_LEN + 1];
    size_t k = 0, q = 0, nnames = 0;
    const char *name[MAX_SKEL_LEN];
    size_t len[MAX_SKEL_LEN];
    for (size_t i = 0; i < n; i++) {
        char ch = prefix[i];
        if (ch == '%') { sk[k++] = '%'; sk[k++] = '%'; continue; }
        if (ch == '\'' && q + 1 < nq) {   /* a pair of quotes: what it holds is a name */
            const char *e = memchr(prefix + i + 1, '\'', n - i - 1);
            name[nnames] = prefix + i + 1;
            len[nnames++] = (size_t)(e - prefix) - i - 1;
            memcpy(sk + k, "'%s'", 4);
            k += 4;
            i = (size_t)(e - prefix);
            q += 2;
            continue;
        }
        q += ch == '\'';
        sk[k++] = ch;
    }
    sk[k] = 0;
    unsigned id = skel_id(sk, k);
    if (!id) return 0;
    unsigned char head[2 + ID_BYTES] = { 'S', 'P', (unsigned char)(id & 0xff), (unsigned char)(id >> 8) };
    cl_msgw_put(w, head, sizeof head);
    size_t args = w->n;
    for (size_t i = 0; i < nnames; i++) put_out(w, name[i], len[i]);
    unsigned char v[10];   /* the outputs' size goes before them, as cl_msg_pack puts it */
    size_t vn = cl_msg_varint_enc(v, w->n - args);
    cl_msgw_put(w, v, vn);
    memmove(w->p + args + vn, w->p + args, w->n - args - vn);
    memcpy(w->p + args, v, vn);
    return 1;
}

void cl_msg_pack_prefixed(cl_msgw *w, const char *prefix, const char *fmt, va_list ap)
{
    size_t n = prefix ? strlen(prefix) : 0;
    if (n && !pack_skeleton(w, prefix, n)) {
        cl_msgw_put(w, "Q", 1);
        cl_msgw_varint(w, n);
        cl_msgw_put(w, prefix, n);
    }
    cl_msg_pack(w, fmt, ap);
}

static const char *fmt_of(const unsigned char *p) { return fmt_by_id[p[1] | (unsigned)p[2] << 8]; }

/* The text of an output kept as a reference: REF, NREF, or RESOLVE's
 * answer (asked once, at the first reference). */
typedef struct refs { const char *ref; size_t nref; const char *(*resolve)(const void *ctx, size_t *n); const void *ctx; } refs;

/* Walks the packed message at P: its pieces of text (literal text and
 * outputs, in order; an output kept as a reference read through R) go to
 * PUT when PUT is not NULL, until PUT returns non-zero, which is returned;
 * *END gets the end of the packed message when it was walked to it
 * (always, without PUT). */
static int walk(const unsigned char *p, refs *rf, cl_msg_put_fn put, void *ctx, const unsigned char **end)
{
    int r;
    if (*p == 'Q') {   /* a prefix, then the message */
        const unsigned char *q = p + 1;
        size_t n = cl_msg_varint(&q);
        if (put && (r = put(ctx, (const char *)q, n)) != 0) return r;
        return walk(q + n, rf, put, ctx, end);
    }
    if (*p == 'S') {   /* a prefix as its skeleton and names, then the message */
        const unsigned char *q;
        if ((r = walk(p + 1, rf, put, ctx, &q)) != 0) return r;
        return walk(q, rf, put, ctx, end);
    }
    if (*p == 'T') {
        size_t n = strlen((const char *)p + 1);
        if (put && (r = put(ctx, (const char *)p + 1, n)) != 0) return r;
        *end = p + 2 + n;
        return 0;
    }
    const char *fmt = fmt_of(p);
    const fmt_marks *m = &fmt_mark[p[1] | (unsigned)p[2] << 8];
    const unsigned char *q = p + 1 + ID_BYTES;
    size_t size = cl_msg_varint(&q);
    if (!put) { *end = q + size; return 0; }
    size_t k = 0;
    for (const char *f = fmt;;) {
        const char *pc = next_spec(fmt, m, &k, f);
        if (!pc) {
            size_t n = m->n != NO_MARKS ? (size_t)(fmt + m->len - f) : strlen(f);
            if (n && (r = put(ctx, f, n)) != 0) return r;
            break;
        }
        if (pc > f && (r = put(ctx, f, (size_t)(pc - f))) != 0) return r;
        if (pc[1] == '%') {
            if ((r = put(ctx, "%", 1)) != 0) return r;
            f = pc + 2;
            continue;
        }
        if (pc[1] == 's' || pc[1] == 'd' || pc[1] == 'u') f = pc + 2;   /* the usual ones: no flag to read past */
        else {
            spec s;
            f = spec_read(pc + 1, &s);
        }
        size_t o = cl_msg_varint(&q);
        if (o & 1) {
            if (rf->resolve) {
                rf->ref = rf->resolve(rf->ctx, &rf->nref);
                rf->resolve = NULL;
            }
            r = put(ctx, rf->ref + (o >> 1), rf->nref - 2 * (o >> 1));   /* 3: inside its quotes */
        } else {
            r = put(ctx, (const char *)q, o >> 1);
            q += o >> 1;
        }
        if (r != 0) return r;
    }
    *end = q;
    return 0;
}

size_t cl_msg_size(const unsigned char *p)
{
    const unsigned char *end;
    walk(p, NULL, NULL, NULL, &end);
    return (size_t)(end - p);
}

const char *cl_msg_text(const unsigned char *p) { return *p == 'T' ? (const char *)p + 1 : NULL; }

static int buf_piece(void *out, const char *s, size_t n)
{
    cl_buf_put(out, s, n);
    return 0;
}

void cl_msg_unpack(const unsigned char *p, const char *ref, size_t nref, cl_buf *out)
{
    refs rf = { ref, nref, NULL, NULL };
    const unsigned char *end;
    walk(p, &rf, buf_piece, out, &end);
}

void cl_msg_unpack_with(const unsigned char *p, cl_msg_ref_fn resolve, const void *ctx, cl_buf *out)
{
    refs rf = { NULL, 0, resolve, ctx };
    const unsigned char *end;
    walk(p, &rf, buf_piece, out, &end);
}

int cl_msg_pieces(const unsigned char *p, cl_msg_ref_fn resolve, const void *rctx, cl_msg_put_fn put, void *ctx)
{
    refs rf = { NULL, 0, resolve, rctx };
    const unsigned char *end;
    return walk(p, &rf, put, ctx, &end);
}

/* Where the message behind the prefix at P starts (P when it has none). */
static const unsigned char *behind_prefix(const unsigned char *p)
{
    if (*p == 'Q') {
        const unsigned char *q = p + 1;
        size_t n = cl_msg_varint(&q);
        return q + n;
    }
    if (*p == 'S') {
        const unsigned char *q;
        walk(p + 1, NULL, NULL, NULL, &q);
        return q;
    }
    return p;
}

size_t cl_msg_outputs(const unsigned char *p, cl_msg_out *v, size_t max)
{
    if (*p == 'Q') return cl_msg_outputs(behind_prefix(p), v, max);
    if (*p == 'S') {   /* the message's own, then the prefix's names */
        size_t k = cl_msg_outputs(behind_prefix(p), v, max), at = k < max ? k : max;
        return k + cl_msg_outputs(p + 1, v + at, max - at);
    }
    if (*p != 'P') return 0;
    const unsigned char *q = p + 1 + ID_BYTES;
    size_t size = cl_msg_varint(&q), k = 0;
    for (const unsigned char *end = q + size; q < end; k++) {
        size_t h = cl_msg_varint(&q);
        if (k < max) v[k] = (cl_msg_out){ q, h & 1 ? 0 : h >> 1, h & 1 ? (int)h : 0 };
        if (!(h & 1)) q += h >> 1;
    }
    return k;
}

int cl_msg_has_ref(const unsigned char *p)
{
    if (*p == 'Q') return cl_msg_has_ref(behind_prefix(p));
    if (*p == 'S') return cl_msg_has_ref(p + 1) || cl_msg_has_ref(behind_prefix(p));
    if (*p != 'P') return 0;
    const unsigned char *q = p + 1 + ID_BYTES;
    size_t size = cl_msg_varint(&q);
    for (const unsigned char *end = q + size; q < end;) {
        size_t h = cl_msg_varint(&q);
        if (h & 1) return 1;
        q += h >> 1;
    }
    return 0;
}

int cl_msg_inline(const unsigned char *p, unsigned *id, unsigned char in[CL_MSG_INLINE])
{
    if (*p != 'P') return 0;
    const unsigned char *q = p + 1 + ID_BYTES;
    size_t size = cl_msg_varint(&q);
    if (size > CL_MSG_INLINE) return 0;
    *id = p[1] | (unsigned)p[2] << 8;
    memset(in, 0, CL_MSG_INLINE);
    memcpy(in, q, size);
    return 1;
}

size_t cl_msg_from_inline(unsigned id, const unsigned char *in, unsigned char *out)
{
    size_t nin = 0;
    for (unsigned k = fmt_nconv[id]; k; k--) {   /* its outputs: as many as the format's conversions */
        const unsigned char *o = in + nin;
        size_t h = cl_msg_varint(&o);
        nin = (size_t)(o - in) + (h & 1 ? 0 : h >> 1);
    }
    out[0] = 'P';
    out[1] = (unsigned char)(id & 0xff);
    out[2] = (unsigned char)(id >> 8);
    size_t w = 3 + cl_msg_varint_enc(out + 3, nin);
    memcpy(out + w, in, nin);
    return w + nin;
}
