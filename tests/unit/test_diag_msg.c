/* test_diag_msg.c - messages kept as their format and conversion outputs
 * (parser/diag_msg.c): each one read back must be what vsnprintf makes, put
 * together or handed over in pieces (cl_msg_pieces). */
#include "testutil.h"
#include <limits.h>
#include <stdint.h>
#include <wchar.h>
#include "parser/diag_msg.h"
#include "parser/diag_path.h"
#include "parser/diag_pool.h"
#include <pthread.h>

/* cl_msg_pieces' pieces put together, after the empty piece was counted. */
typedef struct pieces { cl_buf text; size_t n, stop_at; } pieces;

static int add_piece(void *ctx, const char *s, size_t n)
{
    pieces *p = ctx;
    if (p->n++ == p->stop_at) return 7;
    cl_buf_put(&p->text, s, n);
    return 0;
}

/* The text of a message's references (cl_msg_ref_fn): a refat's, counted. */
typedef struct refat { const char *s; size_t n, asked; } refat;

static const char *ref_of(const void *ctx, size_t *n)
{
    refat *r = (refat *)ctx;
    r->asked++;
    *n = r->n;
    return r->s;
}

/* The pieces of the packed message M (its references: the NAT bytes at AT)
 * are its text WANT (N bytes), in order; a PUT that stops at each of them in
 * turn stops the walk there; the references' text is asked once at most. */
static void check_pieces(const unsigned char *m, const char *at, size_t nat, const char *want, size_t n)
{
    refat r = { at, nat, 0 };
    pieces p = { .stop_at = (size_t)-1 };
    cl_buf_init(&p.text);
    assert_int_equal(cl_msg_pieces(m, ref_of, &r, add_piece, &p), 0);
    assert_true(r.asked <= (size_t)cl_msg_has_ref(m));
    assert_int_equal(p.text.len, n);
    if (n) assert_memory_equal(p.text.data, want, n);
    size_t all = p.n;
    for (size_t k = 0; k < all; k++) {
        pieces q = { .stop_at = k };
        cl_buf_init(&q.text);
        assert_int_equal(cl_msg_pieces(m, ref_of, &r, add_piece, &q), 7);
        assert_int_equal(q.n, k + 1);
        assert_true(q.text.len <= n);   /* a start of the text */
        if (q.text.len) assert_memory_equal(q.text.data, want, q.text.len);
        cl_buf_free(&q.text);
    }
    cl_buf_free(&p.text);
}

/* G's message handed in pieces (cl_diag_message_pieces) is its text. */
static void diag_pieces_equal(const cl_diag *g)
{
    pieces p = { .stop_at = (size_t)-1 };
    cl_buf_init(&p.text);
    assert_int_equal(cl_diag_message_pieces(g, add_piece, &p), 0);
    cl_buf_put(&p.text, "", 0);
    assert_string_equal(cl_buf_cstr(&p.text), tu_msg(g));
    cl_buf_free(&p.text);
}

/* Packs FMT with its arguments; checks the text read back against
 * vsnprintf's; returns the form it was kept in ('P' packed, 'T' text). */
static char round_trip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char round_trip(const char *fmt, ...)
{
    va_list ap, aq;
    va_start(ap, fmt);
    va_copy(aq, ap);
    cl_msgw w;
    cl_msgw_init(&w);
    cl_msg_pack(&w, fmt, ap);
    char want[8192];
    int n = vsnprintf(want, sizeof want, fmt, aq);
    va_end(aq);
    va_end(ap);
    assert_true(n >= 0 && (size_t)n < sizeof want);
    n = (int)strlen(want);   /* what a reader of the message saw: up to a NUL a %c may print */
    assert_int_equal(cl_msg_size(w.p), w.n);   /* the reader finds its end */
    cl_buf got;
    cl_buf_init(&got);
    cl_buf_put(&got, "", 0);
    cl_msg_unpack(w.p, NULL, 0, &got);
    assert_int_equal(got.len, (size_t)n);
    assert_memory_equal(got.data, want, (size_t)n);
    check_pieces(w.p, NULL, 0, want, (size_t)n);
    if (w.p[0] == 'T') assert_string_equal(cl_msg_text(w.p), want);
    else assert_null(cl_msg_text(w.p));
    unsigned id;
    unsigned char in[CL_MSG_INLINE], back[CL_MSG_INLINE_PACKED];
    if (cl_msg_inline(w.p, &id, in)) {   /* kept inline: the same packed bytes again */
        assert_int_equal(w.p[0], 'P');
        size_t nb = cl_msg_from_inline(id, in, back);
        assert_int_equal(nb, w.n);
        assert_memory_equal(back, w.p, nb);
    } else assert_true(w.p[0] != 'P' || w.n > 1 + 2 + 1 + CL_MSG_INLINE);
    assert_false(cl_msg_has_ref(w.p));
    char form = (char)w.p[0];
    cl_buf_free(&got);
    cl_msgw_free(&w);
    return form;
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-zero-length"
#pragma GCC diagnostic ignored "-Wformat-overflow"
static void test_conversions(void **st)
{
    (void)st;
    assert_int_equal(round_trip("no conversion at all"), 'P');
    assert_int_equal(round_trip(""), 'P');
    assert_int_equal(round_trip("service '%s' publishes %s", "web", "8080:80"), 'P');
    assert_int_equal(round_trip("%s", ""), 'P');
    assert_int_equal(round_trip("%d %i %d %d", 0, -1, INT_MIN, INT_MAX), 'P');
    assert_int_equal(round_trip("%u %u", 0u, UINT_MAX), 'P');
    assert_int_equal(round_trip("%ld %lu %lld %llu", LONG_MIN, ULONG_MAX, LLONG_MIN, ULLONG_MAX), 'P');
    assert_int_equal(round_trip("%zu %zd %zx", (size_t)SIZE_MAX, (ptrdiff_t)-5, (size_t)255), 'P');
    assert_int_equal(round_trip("%jd %ju %td", INTMAX_MIN, UINTMAX_MAX, (ptrdiff_t)-7), 'P');
    assert_int_equal(round_trip("%hd %hu %hhd %hhu", -3, 65535, -128, 255), 'P');
    assert_int_equal(round_trip("%x %X %o %#x %#o", 0xbeefu, 0xBEEFu, 8u, 255u, 8u), 'P');
    assert_int_equal(round_trip("%c%c%c", 'a', '\'', 'z'), 'P');
    assert_int_equal(round_trip("%f %e %g %G %a %.3f %10.2e", 3.25, 1e-10, 0.0001, 1e20, 1.5, 2.0 / 3, -12345.678), 'P');
    assert_int_equal(round_trip("%p", (void *)&round_trip), 'P');
    assert_int_equal(round_trip("%s", (const char *)NULL), 'P');   /* glibc prints (null) */
}
#pragma GCC diagnostic pop

static void test_width_precision(void **st)
{
    (void)st;
    assert_int_equal(round_trip("[%5d|%-5d|%05d|%+d|% d]", 42, 42, 42, 42, 42), 'P');
    assert_int_equal(round_trip("[%*d|%-*d|%*d]", 6, 7, 6, 7, -6, 7), 'P');   /* a negative width is a '-' */
    assert_int_equal(round_trip("[%.3s|%.0s|%.10s]", "abcdef", "abc", "ab"), 'P');
    assert_int_equal(round_trip("[%.*s|%.*s|%.*s]", 2, "abcdef", 0, "x", -1, "whole"), 'P');
    const char unterminated[3] = { 'a', 'b', 'c' };   /* a precision reads no further */
    assert_int_equal(round_trip("[%.*s]", 3, unterminated), 'P');
    assert_int_equal(round_trip("[%10s|%-10s|%*.*s]", "r", "l", 8, 2, "both"), 'P');
    assert_int_equal(round_trip("[%.*f|%*.*f]", 2, 3.14159, 9, 3, 2.71828), 'P');
    assert_int_equal(round_trip("[%.5d|%8.3x]", 12, 0xabu), 'P');
}

static void test_percent_and_literals(void **st)
{
    (void)st;
    /* up to 14 specs a format's places are kept; more are searched for */
    assert_int_equal(round_trip("a%sb%dc%%d%se%uf%sg%%h%si%sj%sk%sl%sm%sn%%", "1", 2, "3", 4u, "5", "6", "7", "8", "9", "10", "11"), 'P');
    assert_int_equal(round_trip("%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s tail", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m",
                                "n", "o"), 'P');
    assert_int_equal(round_trip("%%%%%%%%%%%%%%%%%%%% %s %%", "x"), 'P');
    assert_int_equal(round_trip("%5s|%-3d|%s", "ab", 7, "end"), 'P');
    assert_int_equal(round_trip("100%%"), 'P');
    assert_int_equal(round_trip("%%%s%%%d%%", "x", 5), 'P');
    assert_int_equal(round_trip("%% at start, %s at the end %%", "mid"), 'P');
}

static void test_long_args(void **st)
{
    (void)st;
    char big[3000];
    memset(big, 'q', sizeof big - 1);
    big[sizeof big - 1] = 0;
    assert_int_equal(round_trip("long: %s!", big), 'P');   /* a length of two varint bytes */
    assert_int_equal(round_trip("[%600d]", 1), 'P');           /* wider than the conversion's buffer */
    assert_int_equal(round_trip("%s|%s|%s", big, big + 1000, big + 2990), 'P');
    assert_int_equal(round_trip("%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d",
                                1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
                                26, 27, 28, 29, 30), 'P');
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#pragma GCC diagnostic ignored "-Wformat-security"
static void test_fallback(void **st)
{
    (void)st;
    /* conversions this code does not read: kept as printf's text */
    assert_int_equal(round_trip("%Lf and %s", (long double)1.5, "after"), 'T');
    assert_int_equal(round_trip("%ls", L"wide"), 'T');
    assert_int_equal(round_trip("%s then %lc", "x", (wint_t)'w'), 'T');
    assert_int_equal(round_trip("a NUL %c in it", 0), 'T');      /* printf's text ends there for a reader */
    char big[1000];
    memset(big, 'z', sizeof big - 1);
    big[sizeof big - 1] = 0;
    assert_int_equal(round_trip("%Lg %s", (long double)2, big), 'T');   /* longer than the stack buffer */
    /* a spec longer than the copy made for snprintf */
    assert_int_equal(round_trip("%0000000000000000000000000000000000000000000005d", 7), 'T');
    /* a format made at run time is not kept: its message is */
    char *made = malloc(32);
    strcpy(made, "made %s at run time");
    assert_int_equal(round_trip(made, "here"), 'T');
    char stack[32] = "on the stack %d";
    assert_int_equal(round_trip(stack, 7), 'T');
    free(made);
    cl_msgw w;
    cl_msgw_init(&w);
    cl_msg_pack_text(&w, "plain 100% text");
    assert_string_equal(cl_msg_text(w.p), "plain 100% text");
    assert_int_equal(cl_msg_size(w.p), w.n);
    cl_msgw_free(&w);
}
#pragma GCC diagnostic pop

/* The diagnostic's block: message, path, fix and related kept together. */
/* PREFIX, then FMT's message, packed together: read back as the prefix
 * followed by what vsnprintf makes (up to a NUL a %c prints); returns the
 * form of the message behind the prefix. */
static char prefixed(const char *prefix, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char prefixed(const char *prefix, const char *fmt, ...)
{
    va_list ap, aq;
    va_start(ap, fmt);
    va_copy(aq, ap);
    cl_msgw w;
    cl_msgw_init(&w);
    cl_msgw_put(&w, "x", 1);   /* packed behind other bytes, as a block's sections are */
    cl_msg_pack_prefixed(&w, prefix, fmt, ap);
    char text[4096];
    assert_true(vsnprintf(text, sizeof text, fmt, aq) >= 0);
    va_end(aq);
    va_end(ap);
    char want[8192];
    snprintf(want, sizeof want, "%s%s", prefix ? prefix : "", text);
    const unsigned char *m = w.p + 1;
    assert_int_equal(cl_msg_size(m), w.n - 1);
    cl_buf got;
    cl_buf_init(&got);
    cl_buf_put(&got, "", 0);
    cl_msg_unpack(m, NULL, 0, &got);
    assert_string_equal(cl_buf_cstr(&got), want);
    check_pieces(m, NULL, 0, want, strlen(want));
    char form = (char)m[0];
    if (form == 'S') {   /* the prefix as a skeleton's number and names, then the message */
        assert_int_equal(m[1], 'P');
        assert_true(strlen(prefix) <= 256);
        form = (char)m[1 + cl_msg_size(m + 1)];
    } else if (form == 'Q') {   /* the message behind the prefix */
        assert_true(strlen(prefix) > 256);
        assert_null(cl_msg_text(m));
        const unsigned char *q = m + 1;
        size_t n = cl_msg_varint(&q);
        assert_int_equal(n, strlen(prefix));
        assert_memory_equal(q, prefix, n);
        form = (char)q[n];
    }
    cl_buf_free(&got);
    cl_msgw_free(&w);
    return form;
}

static void pack_prefixed_args(cl_msgw *w, const char *prefix, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void pack_prefixed_args(cl_msgw *w, const char *prefix, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cl_msg_pack_prefixed(w, prefix, fmt, ap);
    va_end(ap);
}

static void test_prefixed(void **st)
{
    (void)st;
    assert_int_equal(prefixed("service 'web': ", "port %d of %s", 80, "web"), 'P');
    assert_int_equal(prefixed("x-kubernetes: ", "no conversion"), 'P');
    assert_int_equal(prefixed("long %s prefix, not a format: ", "%s and %%", "arg"), 'P');
    assert_int_equal(prefixed("before text: ", "%Lf kept as text", (long double)1.5), 'T');
    assert_int_equal(prefixed("a NUL: ", "cut %c here", 0), 'T');
    /* no prefix, or an empty one: the message alone */
    assert_int_equal(prefixed(NULL, "plain %s", "message"), 'P');
    assert_int_equal(prefixed("", "plain %s", "message"), 'P');
    char big[300];   /* a prefix whose size takes two varint bytes */
    memset(big, 'p', sizeof big - 1);
    big[sizeof big - 1] = 0;
    assert_int_equal(prefixed(big, "then %u", 7u), 'P');
    big[256] = 0;   /* the longest kept as a skeleton */
    assert_int_equal(prefixed(big, "then %u", 7u), 'P');
    /* names in quotes, an empty one, a lone quote, '%' in and out of them */
    assert_int_equal(prefixed("kubernetes: service 'web': '' is 100% 'x%sy' not 'converted: ", "%s", "why"), 'P');
    assert_int_equal(prefixed("'''", "three quotes"), 'P');
    assert_int_equal(prefixed("'", "%d", 1), 'P');
}

/* A prefix's names are kept as one skeleton and the names: the name at the
 * span as a reference (its text read again from there), the same skeleton
 * by the same bytes whatever the names. */
static void test_prefix_skeleton(void **st)
{
    (void)st;
    const char *ref = "'ports'";
    cl_msgw a, b;
    cl_msgw_init(&a);
    cl_msgw_init(&b);
    a.ref = b.ref = ref;
    a.nref = b.nref = strlen(ref);
    pack_prefixed_args(&a, "swarm: service 'web': 'ports' is not converted: ", "%s", "a reason");
    pack_prefixed_args(&b, "swarm: service 'db': 'ports' is not converted: ", "%s", "a reason");
    assert_int_equal(a.p[0], 'S');
    assert_int_equal(b.p[0], 'S');
    assert_memory_equal(a.p + 1, b.p + 1, 1 + 2);   /* the same skeleton */
    assert_true(cl_msg_has_ref(a.p));               /* 'ports' is the span's text */
    assert_int_equal(a.n, b.n + 1);                 /* "web" is a byte longer than "db" */
    assert_true(a.n < 24);
    cl_buf t;
    cl_buf_init(&t);
    cl_buf_put(&t, "", 0);
    cl_msg_unpack(a.p, ref, strlen(ref), &t);
    assert_string_equal(cl_buf_cstr(&t), "swarm: service 'web': 'ports' is not converted: a reason");
    cl_msg_out v[4];   /* the message's own outputs, then the prefix's names */
    assert_int_equal(cl_msg_outputs(a.p, v, 4), 3);
    assert_true(!v[0].ref && v[0].n == 8 && !memcmp(v[0].s, "a reason", 8));
    assert_true(!v[1].ref && v[1].n == 3 && !memcmp(v[1].s, "web", 3));
    assert_int_equal(v[2].ref, 3);                     /* ports: what the quotes at the span hold */
    assert_int_equal(cl_msg_outputs(a.p, v, 1), 3);   /* counted past MAX */
    unsigned char out[64];   /* a path names the service by the prefix's name */
    assert_int_equal(cl_path_pack("services.web.ports", a.p, ref, strlen(ref), out), 2 + 7);
    assert_string_equal(cl_path_read(out, a.p, ref, strlen(ref)), "services.web.ports");
    cl_buf_free(&t);
    cl_msgw_free(&a);
    cl_msgw_free(&b);
}

static void test_diag_block(void **st)
{
    (void)st;
    cl_diags d;
    cl_diags_init(&d);
    cl_span sp = { NULL, 3, 4 };
    cl_diag *g = cl_diag_add(&d, CL_SEV_ERROR, "c", sp, "service '%s' has %zu ports", "web", (size_t)3);
    assert_string_equal(tu_msg(g), "service 'web' has 3 ports");
    assert_null(cl_diag_path(g));
    cl_fix fx;
    assert_false(cl_diag_fix(g, &fx));
    cl_diag_set_path(g, "services.web.ports");
    cl_edit e = { 1, 2, "x" };
    cl_diag_set_fix(g, "do it", 1, &e, 1);
    cl_diag_add_related(g, sp, "see %d", 5);
    cl_diag_set_path(g, "services.web");   /* replaced */
    assert_string_equal(cl_diag_path(g), "services.web");
    assert_true(cl_diag_fix(g, &fx));
    assert_string_equal(fx.description, "do it");
    assert_int_equal(fx.safe, 1);
    assert_string_equal(cl_fix_edit(&fx, 0).text, "x");
    assert_int_equal(cl_diag_nrelated(g), 1);
    assert_string_equal(cl_diag_related(g)[0].message, "see 5");
    assert_string_equal(tu_msg(g), "service 'web' has 3 ports");
    cl_diag_set_message(g, "new %s text");
    assert_string_equal(tu_msg(g), "new %s text");
    assert_string_equal(cl_diag_path(g), "services.web");
    cl_diag_set_path(g, NULL);
    assert_null(cl_diag_path(g));
    assert_true(cl_diag_fix(g, &fx));
    cl_diag *h = cl_diag_add(&d, CL_SEV_ERROR, "c", sp, "new %s text", "%s");
    assert_int_equal(cl_diag_message_cmp(g, h), 0);   /* the same text, kept two ways */
    cl_diag *k = cl_diag_add(&d, CL_SEV_ERROR, "c", sp, "new %s", "%s text!");
    assert_true(cl_diag_message_cmp(g, k) < 0);
    assert_true(cl_diag_message_cmp(k, g) > 0);
    cl_diag empty;
    memset(&empty, 0, sizeof empty);   /* no block: an empty message */
    assert_string_equal(tu_msg(&empty), "");
    cl_diag_set_path(&empty, "p");
    assert_string_equal(cl_diag_path(&empty), "p");
    assert_string_equal(tu_msg(&empty), "");
    cl_diags one = { &empty, 1, 1 };
    cl_diags_free_items(&one);
    cl_diags_free(&d);
}

/* Packs FMT against the reference text AT (NAT bytes); the text read back
 * must be WANT, with a reference kept or not as HAS_REF says. */
static void ref_pack(const char *at, size_t nat, const char *want, int has_ref, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void ref_pack(const char *at, size_t nat, const char *want, int has_ref, const char *fmt, ...)
{
    cl_msgw w;
    cl_msgw_init(&w);
    w.ref = at;
    w.nref = nat;
    va_list ap;
    va_start(ap, fmt);
    cl_msg_pack(&w, fmt, ap);
    va_end(ap);
    assert_int_equal(w.p[0], 'P');
    assert_int_equal(cl_msg_has_ref(w.p), has_ref);
    assert_int_equal(cl_msg_size(w.p), w.n);
    cl_buf got;
    cl_buf_init(&got);
    cl_buf_put(&got, "", 0);
    cl_msg_unpack(w.p, at, nat, &got);
    assert_string_equal(cl_buf_cstr(&got), want);
    check_pieces(w.p, at, nat, want, strlen(want));
    cl_buf_free(&got);
    cl_msgw_free(&w);
}

/* An output that is the text at the finding's span is kept as a reference
 * (1 byte), read again from there; not when the text differs. */
static void test_ref(void **st)
{
    (void)st;
    const char *at = "svc12345: {}";
    ref_pack(at, 8, "service 'svc12345' has no limit", 1, "service '%s' has no limit", "svc12345");
    ref_pack(at, 8, "svc12345 and svc12345", 1, "%s and %s", "svc12345", "svc12345");
    ref_pack(at, 8, "svc12345!", 1, "%.8s!", "svc12345 and more");
    ref_pack(at, 8, "svc1234 svc123456 12345", 0, "%s %s %d", "svc1234", "svc123456", 12345);
    ref_pack(at, 8, "", 0, "%s", "");
    /* a quoted scalar: its text with or without the quotes */
    const char *q = "\"app:1.0\", 'x', \"\"";
    ref_pack(q, 9, "app:1.0 / \"app:1.0\" / app:1.0@sha", 1, "%s / %s / %s@sha", "app:1.0", "\"app:1.0\"", "app:1.0");
    ref_pack(q, 8, "app:1.0", 0, "%s", "app:1.0");   /* no closing quote */
    ref_pack(q + 11, 3, "x", 1, "%s", "x");
    ref_pack(q + 16, 2, "", 0, "%s", "");   /* an empty output is its own */
    ref_pack("'a\"", 3, "a", 0, "%s", "a");   /* quotes that differ */
}

/* A message whose outputs take up to 4 bytes is kept in the finding: read
 * back, compared and given a path or a fix as a block's; its span and code
 * come back from their numbers. An output that is the text at the span takes
 * one byte; moved elsewhere, the finding keeps its message as text. */
static void test_diag_inline(void **st)
{
    (void)st;
    cl_diags d;
    cl_diags_init(&d);
    cl_source *src = cl_source_from_string("a.yaml", "svc12345: {}\nsvc67890: {}\n", 26);
    cl_span sp = { src, 0, 8 }, sp2 = { src, 13, 21 };
    const char *fmt0 = "service '%s' keeps Docker's default capabilities";
    cl_diag *g = cl_diag_add(&d, CL_SEV_WARNING, "missing-cap-drop-all", sp, fmt0, "svc12345");
    assert_true(g->inl_);   /* the text at the span: one byte */
    cl_diag_add(&d, CL_SEV_INFO, "c", sp, "no output at all");
    cl_diag_add(&d, CL_SEV_INFO, "c", sp, "%s%s", "a", "");
    cl_diag_add(&d, CL_SEV_INFO, "c", sp, fmt0, "svc1234");   /* not the span's text: a block */
    cl_diag_add(&d, CL_SEV_INFO, "c", sp, "%s", "");
    cl_diag_add(&d, CL_SEV_INFO, NULL, (cl_span){ NULL, 7, 8 }, "%d and %u", 5, 7u);
    cl_diag_add(&d, CL_SEV_INFO, "c", sp2, fmt0, "svc67890");
    cl_diag_add(&d, CL_SEV_INFO, "c", sp, "%s uses '%s'", "svc12345", "app:1.0");   /* a reference in a block */
    assert_true(d.v[1].inl_ && d.v[2].inl_ && !d.v[3].inl_ && d.v[4].inl_ && d.v[5].inl_ && d.v[6].inl_ && !d.v[7].inl_);
    assert_string_equal(tu_msg(&d.v[0]), "service 'svc12345' keeps Docker's default capabilities");
    assert_string_equal(tu_msg(&d.v[1]), "no output at all");
    assert_string_equal(tu_msg(&d.v[2]), "a");
    assert_string_equal(tu_msg(&d.v[3]), "service 'svc1234' keeps Docker's default capabilities");
    assert_string_equal(tu_msg(&d.v[4]), "");
    assert_string_equal(tu_msg(&d.v[5]), "5 and 7");
    assert_string_equal(tu_msg(&d.v[6]), "service 'svc67890' keeps Docker's default capabilities");
    assert_string_equal(tu_msg(&d.v[7]), "svc12345 uses 'app:1.0'");
    for (size_t i = 0; i < 8; i++) diag_pieces_equal(&d.v[i]);
    /* the same format and reference at two places: two texts */
    assert_true(cl_diag_message_cmp(&d.v[0], &d.v[6]) < 0);
    assert_true(cl_diag_message_cmp(&d.v[6], &d.v[0]) > 0);
    g = &d.v[0];
    assert_int_equal(g->severity, CL_SEV_WARNING);
    assert_string_equal(cl_diag_code(g), "missing-cap-drop-all");
    cl_span back = cl_diag_span(g);
    assert_ptr_equal(back.src, src);
    assert_ptr_equal(cl_diag_src(g), src);
    assert_int_equal(back.start, 0);
    assert_int_equal(back.end, 8);
    assert_null(cl_diag_code(&d.v[5]));
    assert_null(cl_diag_src(&d.v[5]));
    assert_int_equal(cl_diag_span(&d.v[5]).start, 7);
    assert_null(cl_diag_path(g));
    assert_null(cl_diag_related(g));
    assert_int_equal(cl_diag_nrelated(g), 0);
    cl_fix fx;
    assert_false(cl_diag_fix(g, &fx));
    /* the same text kept inline and in a block compares equal */
    cl_diag *h = cl_diag_add(&d, CL_SEV_INFO, "c", sp, fmt0, "svc12345");
    assert_int_equal(cl_diag_message_cmp(g, h), 0);
    cl_diag_set_path(h, "services.svc12345");
    assert_false(h->inl_);
    assert_string_equal(cl_diag_path(h), "services.svc12345");
    assert_int_equal(cl_diag_message_cmp(g, h), 0);
    assert_true(cl_diag_message_cmp(&d.v[2], g) < 0);
    cl_edit e = { 1, 2, "x" };
    cl_diag_set_fix(&d.v[1], "do it", 1, &e, 1);
    assert_true(cl_diag_fix(&d.v[1], &fx));
    assert_string_equal(cl_fix_edit(&fx, 0).text, "x");
    assert_string_equal(tu_msg(&d.v[1]), "no output at all");
    cl_diag_add_related(&d.v[2], sp, "see %s", "there");
    cl_diag_add_related(&d.v[2], sp2, "and %s", "here");
    assert_int_equal(cl_diag_nrelated(&d.v[2]), 2);
    assert_string_equal(cl_diag_related(&d.v[2])[0].message, "see there");
    assert_string_equal(cl_diag_related(&d.v[2])[1].message, "and here");
    assert_string_equal(tu_msg(&d.v[2]), "a");
    free(cl_diag_related(&d.v[2])[1].message);   /* dropped: the caller's to free */
    cl_diag_keep_related(&d.v[2], 1);
    assert_int_equal(cl_diag_nrelated(&d.v[2]), 1);
    assert_string_equal(cl_diag_related(&d.v[2])[0].message, "see there");
    /* moved: a message naming the text at its old span keeps that text */
    cl_diag_set_span(g, (cl_span){ NULL, 0, 0 });
    cl_diag_set_code(g, "other");
    assert_null(cl_diag_src(g));
    assert_string_equal(cl_diag_code(g), "other");
    assert_string_equal(tu_msg(g), "service 'svc12345' keeps Docker's default capabilities");
    cl_diag_set_span(&d.v[7], sp2);
    assert_string_equal(tu_msg(&d.v[7]), "svc12345 uses 'app:1.0'");
    cl_diag_set_span(&d.v[5], sp2);   /* no reference: kept as it is */
    assert_true(d.v[5].inl_);
    assert_string_equal(tu_msg(&d.v[5]), "5 and 7");
    cl_diags_free(&d);
    cl_source_free(src);
}

/* Paths kept with a segment naming a message output (as printed),
 * "services." left out, or as text: each read back as it was set, also
 * after its message or its span changes. */
static void test_diag_path(void **st)
{
    (void)st;
    cl_diags d;
    cl_diags_init(&d);
    cl_source *src = cl_source_from_string("a.yaml", "svc12345: {ports: [80]}\n", 25);
    cl_span sp = { src, 0, 8 };
    char big[700];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = 0;
    memcpy(big, "services.", 9);
    const char *paths[] = { "services.svc12345.ports", "services.svc12345", "services.web.ports[0]", "services.",
                            "", "\001services.x", "\002", "\004abc", "networks.svc12345", "x.ports.ports", "services.svc12345.svc12345",
                            big, "services.svc1234" };
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
        cl_diag *g = cl_diag_add(&d, CL_SEV_INFO, "c", sp, "service '%s' publishes %s on %s", "svc12345", "ports", "svc1234");
        cl_diag_set_path(g, paths[i]);
        assert_string_equal(cl_diag_path(g), paths[i]);
        assert_string_equal(tu_msg(g), "service 'svc12345' publishes ports on svc1234");
        cl_diag_set_path(g, cl_diag_path(g));   /* set again from what it read */
        assert_string_equal(cl_diag_path(g), paths[i]);
    }
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) assert_string_equal(cl_diag_path(&d.v[i]), paths[i]);
    /* what the path names changes: it keeps its text */
    cl_diag_set_message(&d.v[0], "another message");
    assert_string_equal(cl_diag_path(&d.v[0]), paths[0]);
    cl_diag_set_span(&d.v[1], (cl_span){ src, 10, 15 });
    assert_string_equal(cl_diag_path(&d.v[1]), paths[1]);
    cl_diag_set_span(&d.v[12], (cl_span){ NULL, 0, 0 });
    assert_string_equal(cl_diag_path(&d.v[12]), paths[12]);
    assert_string_equal(tu_msg(&d.v[12]), "service 'svc12345' publishes ports on svc1234");
    /* an inline finding given a path */
    cl_diag *h = cl_diag_add(&d, CL_SEV_INFO, "c", sp, "service '%s'", "svc12345");
    assert_true(h->inl_);
    cl_diag_set_path(h, "services.svc12345.image");
    assert_string_equal(cl_diag_path(h), "services.svc12345.image");
    cl_diag_set_path(h, NULL);
    assert_null(cl_diag_path(h));
    assert_string_equal(tu_msg(h), "service 'svc12345'");
    cl_diags_free(&d);
    cl_source_free(src);
}

static cl_diag *add_path(cl_diags *d, cl_span sp, const char *path, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static cl_diag *add_path(cl_diags *d, cl_span sp, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cl_diag *g = cl_diag_vadd_path(d, CL_SEV_WARNING, "c", sp, path, fmt, ap);
    va_end(ap);
    return g;
}

/* A span longer than 65,534 bytes or ending before it starts, a source or
 * a code past its table's numbers: kept in the block, read back the same;
 * set again to what fits, the block drops them. Fills the tables: runs last. */
/* A fix kept as slices of its finding's source: read back where they are,
 * with their lengths (no NUL after them), beside a fix kept as texts. */
static void test_fix_slices(void **st)
{
    (void)st;
    cl_source *src = cl_source_from_string("a.yaml", "{b: 1, a: 2}\n", 13);
    cl_diags d;
    cl_diags_init(&d);
    cl_span sp = { src, 1, 2 };
    cl_diag *g = cl_diag_add(&d, CL_SEV_INFO, "c", sp, "out of order");
    cl_diag_set_path(g, "x.b");
    cl_edit e[2] = { { 1, 5, (char *)src->data + 7 }, { 7, 11, (char *)src->data + 1 } };
    uint32_t lens[2] = { 4, 4 };
    cl_diag_set_fix_slices(g, "sort", 1, e, lens, 2);
    cl_diag *h = cl_diag_add(&d, CL_SEV_INFO, "c", sp, "kept");
    cl_edit t = { 0, 0, "zz" };
    cl_diag_set_fix(h, "texts", 0, &t, 1);
    cl_fix fx;
    assert_true(cl_diag_fix(g, &fx) && fx.safe == 1 && fx.nedits == 2);
    assert_string_equal(fx.description, "sort");
    const char *want[2] = { "a: 2", "b: 1" };
    for (size_t i = 0; i < 2; i++) {
        cl_edit r = cl_fix_edit(&fx, i);
        assert_true(r.start == e[i].start && r.end == e[i].end && cl_fix_edit_len(&fx, i) == 4);
        assert_memory_equal(r.text, want[i], 4);
    }
    assert_string_equal(cl_diag_path(g), "x.b");
    assert_true(cl_diag_fix(h, &fx));
    assert_int_equal(fx.safe, 0);
    assert_int_equal(cl_fix_edit_len(&fx, 0), 2);
    assert_string_equal(cl_fix_edit(&fx, 0).text, "zz");
    cl_diags_free(&d);
    cl_source_free(src);
}

/* A lone edit is kept in short (its start and length as varints, then its
 * text): read back the same at any offset, as an insertion, a deletion or
 * a replacement, beside a fix of two edits kept as records. */
static void test_fix_one_edit(void **st)
{
    (void)st;
    cl_diags d;
    cl_diags_init(&d);
    cl_span sp = { NULL, 3, 4 };
    const cl_edit one[] = { { 0, 0, "ins" }, { 5, 9, NULL }, { 127, 128, "x" }, { 128, 16511, "'a'" },
                            { 3000000, 3000012, "'20000:8080'" }, { 0xfffffff0u, 0xffffffffu, "end" } };
    size_t n = sizeof one / sizeof *one;
    for (size_t i = 0; i < n; i++) {
        cl_diag *g = cl_diag_add(&d, CL_SEV_WARNING, "c", sp, "port '%s'", "80");
        cl_diag_set_path(g, "services.web.ports");
        cl_diag_set_fix(g, "quote it", (int)(i & 1), &one[i], 1);
    }
    cl_edit two[2] = { { 7, 8, "b" }, { 1, 2, "a" } };   /* kept in order */
    cl_diag_set_fix(cl_diag_add(&d, CL_SEV_WARNING, "c", sp, "two"), "both", 1, two, 2);
    for (size_t i = 0; i < n; i++) {
        cl_fix fx;
        assert_true(cl_diag_fix(&d.v[i], &fx));
        assert_string_equal(fx.description, "quote it");
        assert_int_equal(fx.safe, (int)(i & 1));
        assert_int_equal(fx.nedits, 1);
        cl_edit r = cl_fix_edit(&fx, 0);
        const char *want = one[i].text ? one[i].text : "";
        assert_true(r.start == one[i].start && r.end == one[i].end);
        assert_string_equal(r.text, want);
        assert_int_equal(cl_fix_edit_len(&fx, 0), strlen(want));
        assert_string_equal(cl_diag_path(&d.v[i]), "services.web.ports");
        assert_string_equal(tu_msg(&d.v[i]), "port '80'");
    }
    cl_fix fx;
    assert_true(cl_diag_fix(&d.v[n], &fx) && fx.nedits == 2);
    assert_true(cl_fix_edit(&fx, 0).start == 1 && !strcmp(cl_fix_edit(&fx, 0).text, "a"));
    assert_true(cl_fix_edit(&fx, 1).start == 7 && !strcmp(cl_fix_edit(&fx, 1).text, "b"));
    cl_diags_free(&d);
}

/* A path whose service is the text at the finding's span (the service's
 * key) refers to it: packed in 3 bytes, read back from the source, and
 * kept as text once the finding moves; quoted, what the quotes hold. */
static void test_path_at_span(void **st)
{
    (void)st;
    const char *text = "services: {svc10: {a: 1}, 'svc2': {}}\n";
    cl_source *src = cl_source_from_string("a.yaml", text, strlen(text));
    cl_diags d;
    cl_diags_init(&d);
    cl_span at10 = { src, 11, 16 }, at2 = { src, 26, 32 };
    cl_diag *g = add_path(&d, at10, "services.svc10", "service '%s' should come before '%s'", "svc10", "svc2");
    cl_diag *h = add_path(&d, at2, "services.svc2.a", "service '%s' is '%s'", "svc2", "x");
    g = &d.v[0];
    assert_string_equal(cl_diag_path(g), "services.svc10");
    assert_string_equal(cl_diag_path(h), "services.svc2.a");
    assert_string_equal(tu_msg(h), "service 'svc2' is 'x'");
    cl_msgw w;   /* the section itself: "services." and the name by reference */
    cl_msgw_init(&w);
    w.ref = text + 11;
    w.nref = 5;
    pack_prefixed_args(&w, NULL, "service '%s' should come before '%s'", "svc10", "svc2");
    unsigned char out[64];
    assert_int_equal(cl_path_pack("services.svc10", w.p, text + 11, 5, out), 3);
    assert_string_equal(cl_path_read(out, w.p, text + 11, 5), "services.svc10");
    assert_int_equal(cl_path_pack("services.svc10", w.p, NULL, 0, out), 1 + 6);   /* no span text: as text */
    cl_msgw_free(&w);
    cl_diag_set_span(g, (cl_span){ src, 0, 8 });   /* moved: path and message keep their text */
    assert_string_equal(cl_diag_path(g), "services.svc10");
    assert_string_equal(tu_msg(g), "service 'svc10' should come before 'svc2'");
    cl_diag_set_path(h, "services.svc2");   /* set again, against the span's text */
    assert_string_equal(cl_diag_path(h), "services.svc2");
    cl_diags_free(&d);
    cl_source_free(src);
}

static void test_diag_far(void **st)
{
    (void)st;
    cl_diags d;
    cl_diags_init(&d);
    enum { BIG = 70000 };
    char *text = malloc(BIG + 1);
    assert_non_null(text);
    memset(text, 'a', BIG);
    text[BIG] = 0;
    cl_source *src = cl_source_from_string("big.yaml", text, BIG);
    free(text);
    cl_span wide = { src, 1, BIG }, back_to = { src, 2, 5 };
    cl_diag *g = cl_diag_add(&d, CL_SEV_ERROR, "c", wide, "%d", 1);
    assert_false(g->inl_);
    assert_int_equal(cl_diag_span(g).end, BIG);
    assert_int_equal(cl_diag_span(g).start, 1);
    assert_string_equal(tu_msg(g), "1");
    cl_diag_set_span(g, back_to);
    assert_int_equal(cl_diag_span(g).end, 5);
    cl_diag_set_span(g, (cl_span){ src, 9, 3 });   /* an end before the start */
    assert_int_equal(cl_diag_span(g).start, 9);
    assert_int_equal(cl_diag_span(g).end, 3);
    cl_diag_set_path(g, "p.q");
    assert_int_equal(cl_diag_span(g).end, 3);
    assert_string_equal(cl_diag_path(g), "p.q");
    assert_string_equal(tu_msg(g), "1");
    /* every code and source number given: the next ones kept in the block */
    static char codes[1 << 12], srcs[1 << 20];
    for (size_t i = 0; i < sizeof codes; i++) cl_ids_of(&cl_ids_code_, &codes[i]);
    for (size_t i = 0; i < sizeof srcs; i++) cl_ids_of(&cl_ids_src_, &srcs[i]);
    cl_source *late = cl_source_from_string("late.yaml", "svc: {}\n", 8);
    cl_diag *h = cl_diag_add(&d, CL_SEV_WARNING, "a code never seen", (cl_span){ late, 0, 3 }, "service '%s'", "svc");
    assert_false(h->inl_);
    assert_ptr_equal(cl_diag_src(h), late);
    assert_string_equal(cl_diag_code(h), "a code never seen");
    assert_int_equal(cl_diag_span(h).end, 3);
    assert_string_equal(tu_msg(h), "service 'svc'");   /* the reference read from the far source */
    cl_diag_set_span(h, back_to);   /* a source with a number: the message keeps its text */
    assert_ptr_equal(cl_diag_src(h), src);
    assert_string_equal(tu_msg(h), "service 'svc'");
    cl_diag_set_code(h, "c");
    assert_string_equal(cl_diag_code(h), "c");
    cl_diag_set_code(h, "another code never seen");
    assert_string_equal(cl_diag_code(h), "another code never seen");
    assert_ptr_equal(cl_diag_src(h), src);
    cl_diags_sort(&d);
    assert_string_equal(cl_diag_code(&d.v[0]), "another code never seen");
    /* made with its path at a far source and a span too long: both kept */
    cl_diag *f = add_path(&d, (cl_span){ late, 0, 3 }, "services.svc.ports", "service '%s' publishes %s", "svc", "80");
    assert_ptr_equal(cl_diag_src(f), late);
    assert_string_equal(cl_diag_path(f), "services.svc.ports");
    assert_string_equal(tu_msg(f), "service 'svc' publishes 80");
    f = add_path(&d, wide, "services.a", "%s", "aa");
    assert_int_equal(cl_diag_span(f).end, BIG);
    assert_string_equal(cl_diag_path(f), "services.a");
    assert_string_equal(tu_msg(f), "aa");
    /* a fix's description by its number, then (every number given) by its address */
    cl_edit t = { 0, 1, "b" };
    cl_fix fx;
    cl_diag_set_fix(f, "numbered", 1, &t, 1);
    static char descs[1 << 14];
    for (size_t i = 0; i < sizeof descs; i++) cl_ids_of(&cl_ids_fixdesc_, &descs[i]);
    cl_diag *u = cl_diag_add(&d, CL_SEV_INFO, "c", back_to, "u");
    cl_diag_set_fix(u, "a description never seen", 0, &t, 1);
    assert_true(cl_diag_fix(u, &fx) && fx.safe == 0 && fx.nedits == 1);
    assert_string_equal(fx.description, "a description never seen");
    assert_string_equal(cl_fix_edit(&fx, 0).text, "b");
    assert_true(cl_diag_fix(f, &fx) && fx.safe == 1);
    assert_string_equal(fx.description, "numbered");
    assert_string_equal(cl_diag_path(f), "services.a");
    assert_string_equal(tu_msg(f), "aa");
    cl_diags_free(&d);
    cl_source_free(late);
    cl_source_free(src);
}

/* A finding made with its path is the finding made, then given the path:
 * at no place, and at a span whose text the message names (a reference,
 * which the path's segment may name in turn). */
static void test_diag_with_path(void **st)
{
    (void)st;
    cl_diags d;
    cl_diags_init(&d);
    cl_source *src = cl_source_from_string("a.yaml", "web: {ports: [80]}\n", 19);
    const cl_span spans[] = { { NULL, 1, 2 }, { src, 0, 3 } };
    const char *paths[] = { "services.web.ports", "", NULL, "services.web" };
    for (int k = 0; k < 2; k++)
        for (int i = 0; i < 4; i++) {
            cl_diag *g = add_path(&d, spans[k], paths[i], "service '%s' publishes %s", "web", "80:80");
            if (paths[i]) assert_string_equal(cl_diag_path(g), paths[i]);
            else assert_null(cl_diag_path(g));
            assert_string_equal(tu_msg(g), "service 'web' publishes 80:80");
            diag_pieces_equal(g);
            cl_diag *h = cl_diag_add(&d, CL_SEV_WARNING, "c", spans[k], "service '%s' publishes %s", "web", "80:80");
            cl_diag_set_path(h, paths[i]);
            g = &d.v[d.n - 2];   /* the list may have moved */
            assert_int_equal(cl_diag_message_cmp(g, h), 0);
            if (paths[i]) assert_string_equal(cl_diag_path(h), paths[i]);
            cl_edit e = { 1, 2, "y" };   /* sections added after it are found */
            cl_diag_set_fix(g, "fix", 0, &e, 1);
            cl_fix fx;
            assert_true(cl_diag_fix(g, &fx));
            assert_string_equal(cl_fix_edit(&fx, 0).text, "y");
            if (paths[i]) assert_string_equal(cl_diag_path(g), paths[i]);
            assert_string_equal(tu_msg(g), "service 'web' publishes 80:80");
            diag_pieces_equal(g);
            cl_diag_set_span(g, (cl_span){ NULL, 0, 0 });   /* moved: its message and path keep their text */
            if (paths[i]) assert_string_equal(cl_diag_path(g), paths[i]);
            assert_string_equal(tu_msg(g), "service 'web' publishes 80:80");
        }
    char big[400];   /* a path longer than the writer's own array */
    memset(big, 'q', sizeof big - 1);
    big[sizeof big - 1] = 0;
    assert_string_equal(cl_diag_path(add_path(&d, spans[1], big, "%d", 5)), big);
    assert_string_equal(tu_msg(&d.v[d.n - 1]), "5");
    cl_diags_free(&d);
    cl_source_free(src);
}

/* Blocks by class: a freed one is handed out again (by the same number);
 * big ones are malloc's; a number finds its block. */
static void test_pool(void **st)
{
    (void)st;
    unsigned c1, c2, c3, big;
    uint32_t ha, hb, hc, hm;
    unsigned char *a = cl_pool_alloc(19, &c1, &ha);
    assert_int_equal(c1, 3);
    assert_int_equal(cl_pool_class_size(c1), 24);
    assert_true(ha != 0);
    assert_ptr_equal(cl_pool_at(ha), a);
    memset(a, 0xab, 24);
    unsigned char *b = cl_pool_alloc(24, &c2, &hb);
    assert_int_equal(c2, 3);
    assert_ptr_not_equal(a, b);
    assert_true(hb != ha);
    assert_ptr_equal(cl_pool_at(hb), b);
    cl_pool_free(ha, c1);
    unsigned char *c = cl_pool_alloc(17, &c3, &hc);
    assert_ptr_equal(c, a);   /* the freed one, again */
    assert_int_equal(hc, ha);
    unsigned char *m = cl_pool_alloc(5000, &big, &hm);
    assert_int_equal(big, 0);
    assert_ptr_equal(cl_pool_at(hm), m);
    memset(m, 1, 5000);
    cl_pool_free(hm, big);
    unsigned c0;
    uint32_t hz;
    void *z = cl_pool_alloc(0, &c0, &hz);
    assert_int_equal(c0, 1);
    assert_ptr_equal(cl_pool_at(hz), z);
    cl_pool_free(hz, c0);
    cl_pool_free(hb, c2);
    cl_pool_free(hc, c3);
    cl_pool_free(0, 3);
    /* many: more than one page of each size */
    enum { N = 5000 };
    uint32_t *v = malloc(N * sizeof *v);
    unsigned *cls = malloc(N * sizeof *cls);
    for (size_t i = 0; i < N; i++) {
        void *p = cl_pool_alloc(8 + i % 300, &cls[i], &v[i]);
        memset(p, (int)i, 8 + i % 300);
    }
    for (size_t i = 0; i < N; i++) {
        const unsigned char *q = cl_pool_at(v[i]);
        for (size_t k = 0; k < 8 + i % 300; k++) assert_int_equal(q[k], (unsigned char)i);
        cl_pool_free(v[i], cls[i]);
    }
    free(v);
    free(cls);
}

typedef struct made { cl_diags d; } made;

static void *make_findings(void *ud)
{
    made *m = ud;
    cl_span sp = { NULL, 0, 0 };
    for (int i = 0; i < 3000; i++) {
        cl_diag *g = cl_diag_add(&m->d, CL_SEV_INFO, "t", sp, "finding %d of a thread", i);
        if (i % 3 == 0) cl_diag_set_path(g, "services.x");
    }
    return NULL;
}

/* Findings made on threads that end, freed on another: the blocks are
 * good while they live, and the pools of the ended threads are used again. */
static void test_pool_threads(void **st)
{
    (void)st;
    for (int round = 0; round < 3; round++) {
        made m[2];
        pthread_t t[2];
        for (int k = 0; k < 2; k++) {
            cl_diags_init(&m[k].d);
            assert_int_equal(pthread_create(&t[k], NULL, make_findings, &m[k]), 0);
        }
        for (int k = 0; k < 2; k++) {
            assert_int_equal(pthread_join(t[k], NULL), 0);
            assert_int_equal(m[k].d.n, 3000);
            assert_string_equal(tu_msg(&m[k].d.v[2999]), "finding 2999 of a thread");
            assert_string_equal(cl_diag_path(&m[k].d.v[2997]), "services.x");
            cl_diags_free(&m[k].d);
        }
    }
}

static cl_diag *made_with(cl_diags *d, const char *path, const char *prefix, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static cl_diag *made_with(cl_diags *d, const char *path, const char *prefix, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cl_diag *g = cl_diag_vadd_prefixed(d, CL_SEV_WARNING, "c", (cl_span){ NULL, 1, 2 }, path, prefix, fmt, ap);
    va_end(ap);
    return g;
}

/* A path given as the finding is made is the path set afterwards: the same
 * path, message and further sections. */
static void test_path_at_once(void **st)
{
    (void)st;
    cl_diags d;
    cl_diags_init(&d);
    char longpath[600];   /* past a pool class or two */
    memset(longpath, 'p', sizeof longpath - 1);
    longpath[sizeof longpath - 1] = 0;
    const char *paths[] = { "services.web.ports", "", longpath, NULL };
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
        made_with(&d, paths[i], "kubernetes: service 'web': ", "'%s' is not converted: %d", "ports", 7);
        made_with(&d, NULL, "kubernetes: service 'web': ", "'%s' is not converted: %d", "ports", 7);
        cl_diag *a = &d.v[d.n - 2], *b = &d.v[d.n - 1];   /* (the list may have moved) */
        if (paths[i]) cl_diag_set_path(b, paths[i]);
        assert_int_equal(cl_diag_message_cmp(a, b), 0);
        assert_string_equal(tu_msg(a), "kubernetes: service 'web': 'ports' is not converted: 7");
        if (paths[i]) assert_string_equal(cl_diag_path(a), paths[i]);
        else assert_null(cl_diag_path(a));
        /* what is added later goes beside it */
        cl_diag_add_related(a, cl_diag_span(a), "see %s", "there");
        cl_edit e = { 1, 2, "x" };
        cl_diag_set_fix(a, "fix", 0, &e, 1);
        if (paths[i]) assert_string_equal(cl_diag_path(a), paths[i]);
        assert_string_equal(cl_diag_related(a)[0].message, "see there");
        assert_string_equal(tu_msg(a), "kubernetes: service 'web': 'ports' is not converted: 7");
        cl_diag_set_path(a, "services.db");
        assert_string_equal(cl_diag_path(a), "services.db");
        assert_int_equal(cl_diag_message_cmp(a, b), 0);
    }
    cl_diags_free(&d);
}

/* A fix's edits are read back by start, then end (an insertion before the
 * replacement starting where it goes), equal ones in the order given. */
static void test_fix_edit_order(void **st)
{
    (void)st;
    cl_diags d;
    cl_diags_init(&d);
    cl_diag *g = cl_diag_add(&d, CL_SEV_WARNING, "c", (cl_span){ NULL, 1, 2 }, "m");
    cl_edit e[] = { { 9, 9, "late" }, { 4, 7, "replace" }, { 4, 4, "first" }, { 4, 4, "second" }, { 0, 1, "head" }, { 4, 4, "third" } };
    cl_diag_set_fix(g, "order", 1, e, sizeof e / sizeof *e);
    cl_fix fx;
    assert_true(cl_diag_fix(g, &fx));
    const char *want[] = { "head", "first", "second", "third", "replace", "late" };
    assert_int_equal(fx.nedits, 6);
    for (size_t i = 0; i < 6; i++) assert_string_equal(cl_fix_edit(&fx, i).text, want[i]);
    cl_diags_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conversions),
        cmocka_unit_test(test_width_precision),
        cmocka_unit_test(test_percent_and_literals),
        cmocka_unit_test(test_long_args),
        cmocka_unit_test(test_fallback),
        cmocka_unit_test(test_prefixed),
        cmocka_unit_test(test_prefix_skeleton),
        cmocka_unit_test(test_diag_block),
        cmocka_unit_test(test_diag_with_path),
        cmocka_unit_test(test_path_at_once),
        cmocka_unit_test(test_ref),
        cmocka_unit_test(test_diag_inline),
        cmocka_unit_test(test_diag_path),
        cmocka_unit_test(test_fix_edit_order),
        cmocka_unit_test(test_pool),
        cmocka_unit_test(test_pool_threads),
        cmocka_unit_test(test_diag_far),
        cmocka_unit_test(test_fix_slices),
        cmocka_unit_test(test_fix_one_edit),
        cmocka_unit_test(test_path_at_span),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
