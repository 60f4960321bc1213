/* validate.c - checks a document against the schema model (schema/spec.c),
 * with JSON-schema semantics (the official schema is applied to the YAML as
 * JSON: keys are strings, numbers compare by value), and reports one message
 * per root cause: the offending node's place, a readable path, what was
 * expected, what was found and, for misspelt keys or values, a suggestion.
 * For a oneOf it validates only the alternatives whose type fits the value
 * and, when none passes, reports the closest one's complaint. Also the
 * streamed form (cl_schema_stream_*) that validates services while parsing. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <math.h>
#include <pcre2.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "../parser/buf.h"
#include "../parser/pairset.h"
#include "../parser/secrets.h"
#include "../parser/suggest.h"
#include "schema.h"

/* ---- patterns ---- */

/* Patterns of the forms the spec uses for names and keys are matched here,
 * by tables of their bytes: "^[SET]+$" (service and resource names,
 * ulimits), "[SET][SET]+" (container names), ".+" and "^.+$" (keys); SET is
 * ASCII characters and ranges, without escapes. pcre2 compiles the others
 * when first used, without its JIT compiler: every check touched that
 * compiler's ~400 KiB of code to compile patterns most files never use. A
 * text these cannot decide (a byte that is not printable ASCII: a newline,
 * which `.` does not match and `$` may stand before; UTF-8) still goes to
 * pcre2. */
enum { P_PCRE, P_ALL_IN, P_PAIR, P_ANY };
typedef struct pat_set { unsigned char in[256], in2[256]; int kind; } pat_set;

static pthread_once_t sets_once = PTHREAD_ONCE_INIT;
static pat_set *sets;      /* by index in cl_schema_patterns */
static pthread_mutex_t compile_mu = PTHREAD_MUTEX_INITIALIZER;

/* Reads the class at P ('[' ... ']') into IN; returns what follows, or NULL
 * when it is not of the simple kind. */
static const char *class_read(const char *p, unsigned char in[256])
{
    if (*p++ != '[') return NULL;
    memset(in, 0, 256);
    const char *first = p;
    for (; *p && *p != ']'; p++) {
        unsigned char a = (unsigned char)*p;
        if (a < 0x20 || a > 0x7e || a == '\\' || a == '[' || (a == '^' && p == first)) return NULL;
        if (a == '-' && p > first && p[1] != ']') return NULL;   /* a range's dash is read with its start */
        if (p[1] == '-' && p[2] && p[2] != ']') {
            unsigned char b = (unsigned char)p[2];
            if (b < a || b > 0x7e || b == '\\' || b == '[') return NULL;
            for (unsigned c = a; c <= b; c++) in[c] = 1;
            p += 2;
            continue;
        }
        in[a] = 1;
    }
    return *p == ']' && p > first ? p + 1 : NULL;
}

static int pattern_kind(const char *src, pat_set *t)
{
    if (!strcmp(src, ".+") || !strcmp(src, "^.+$")) return P_ANY;
    const char *p;
    if (src[0] == '^' && (p = class_read(src + 1, t->in)) && !strcmp(p, "+$")) return P_ALL_IN;
    if ((p = class_read(src, t->in)) && (p = class_read(p, t->in2)) && !strcmp(p, "+")) return P_PAIR;
    return P_PCRE;
}

static void sets_make(void)
{
    size_t n = 0;
    while (cl_schema_patterns[n]) n++;
    sets = calloc(n ? n : 1, sizeof *sets);
    if (!sets) abort();
    for (size_t i = 0; i < n; i++) sets[i].kind = pattern_kind(cl_schema_patterns[i]->src, &sets[i]);
}

static const pat_set *set_of(const cl_pattern *p)
{
    pthread_once(&sets_once, sets_make);
    for (size_t i = 0; cl_schema_patterns[i]; i++)
        if (cl_schema_patterns[i] == p) return sets[i].kind != P_PCRE ? &sets[i] : NULL;
    return NULL;
}

static int printable(unsigned char c) { return c >= 0x20 && c <= 0x7e; }

/* 1 or 0 when T decides whether S matches, else -1. */
static int set_match(const pat_set *t, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    int plain = 1;   /* printable ASCII only so far */
    switch (t->kind) {
    case P_ALL_IN:
        if (!len) return 0;
        for (size_t i = 0; i < len; i++)
            if (!t->in[u[i]]) return printable(u[i]) ? 0 : -1;
        return 1;
    case P_PAIR:
        for (size_t i = 0; i + 1 < len; i++) {
            if (t->in[u[i]] && t->in2[u[i + 1]]) return 1;
            plain = plain && printable(u[i]);
        }
        return plain && (!len || printable(u[len - 1])) ? 0 : -1;
    default:   /* P_ANY */
        for (size_t i = 0; i < len; i++)
            if (!printable(u[i])) return -1;
        return len > 0;
    }
}

static pcre2_code *code_of(cl_pattern *p)
{
    pcre2_code *re = __atomic_load_n((pcre2_code **)&p->code, __ATOMIC_ACQUIRE);
    if (re) return re;
    pthread_mutex_lock(&compile_mu);
    re = p->code;
    if (!re) {
        int err;
        PCRE2_SIZE off;
        re = pcre2_compile((PCRE2_SPTR)p->src, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_NO_UTF_CHECK, &err, &off, NULL);
        if (!re) { fprintf(stderr, "compose-lint: bad schema pattern %s\n", p->src); abort(); }
        __atomic_store_n((pcre2_code **)&p->code, re, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&compile_mu);
    return re;
}

static int match_with(pcre2_match_data *md, cl_pattern *p, const char *s, size_t len)
{
    const pat_set *t = set_of(p);
    int r = t ? set_match(t, s, len) : -1;
    if (r >= 0) return r;
    /* the document model holds valid UTF-8 (the front-end rejects anything else) */
    int rc = pcre2_match(code_of(p), (PCRE2_SPTR)s, len, 0, PCRE2_NO_UTF_CHECK, md, NULL);
    return rc >= 0;
}

int cl_pattern_match(cl_pattern *p, const char *s, size_t len)
{
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    if (!md) abort();
    int r = match_with(md, p, s, len);
    pcre2_match_data_free(md);
    return r;
}

/* ---- suggestions ---- */

static const char *prop_name(const void *set, size_t i) { return ((const cl_sprop *)set)[i].name; }

/* The closest of NAMES (NULL-terminated, or a property table) to S, if close
 * enough: transpositions count as one edit, and a tie suggests nothing. */
static const char *suggest(const char *s, size_t n, const char *const *names, const cl_sprop *props)
{
    if (!names && !props) return NULL;
    return cl_suggest(s, n, names ? (const void *)names : props, names ? cl_suggest_strv : prop_name,
                      n <= 4 ? 1 : 2, CL_EDIT_SWAPS | CL_SUGGEST_UNIQUE);
}

/* ---- JSON view of nodes ---- */

/* A scalar's JSON type bits (CL_ST_*) and, for numbers, its value. */
static unsigned scalar_jtype(const cl_node *n, double *num)
{
    *num = 0;
    switch (n->type) {
    case CL_T_NULL: return CL_ST_NULL;
    case CL_T_BOOL: return CL_ST_BOOL;
    case CL_T_INT: {
        const char *t = n->u.s.text;
        if (t[0] == '0' && (t[1] == 'x' || t[1] == 'o')) *num = (double)strtoull(t + 2, NULL, t[1] == 'x' ? 16 : 8);
        else *num = strtod(t, NULL);
        return CL_ST_NUM | CL_ST_INT;
    }
    case CL_T_FLOAT: {
        const char *t = n->u.s.text;
        const char *u = (t[0] == '+' || t[0] == '-') ? t + 1 : t;
        if (u[0] == '.' && (u[1] == 'i' || u[1] == 'I')) *num = t[0] == '-' ? -INFINITY : INFINITY;
        else if (u[0] == '.' && (u[1] == 'n' || u[1] == 'N')) *num = NAN;
        else *num = strtod(t, NULL);
        /* as JSON schema validators test integers: no fractional part (infinities count) */
        return isinf(*num) || (!isnan(*num) && fmod(*num, 1.0) == 0) ? CL_ST_NUM | CL_ST_INT : CL_ST_NUM;
    }
    default: return CL_ST_STR;
    }
}

static unsigned jtype(const cl_node *n, double *num)
{
    *num = 0;
    if (n->kind == CL_MAP) return CL_ST_OBJ;
    if (n->kind == CL_SEQ) return CL_ST_ARR;
    return scalar_jtype(n, num);
}

/* A mapping key as the JSON property name it becomes (null keys become ""). */
static const char *key_text(const cl_node *k, size_t *len)
{
    if (!k || k->kind != CL_SCALAR || (k->type == CL_T_NULL && k->style == CL_PLAIN)) { *len = 0; return ""; }
    *len = k->u.s.len;
    return k->u.s.text;
}

static const char *type_name(unsigned bit)
{
    switch (bit) {
    case CL_ST_NULL: return "null";
    case CL_ST_BOOL: return "a boolean";
    case CL_ST_INT: return "an integer";
    case CL_ST_NUM: return "a number";
    case CL_ST_STR: return "a string";
    case CL_ST_OBJ: return "a mapping";
    default: return "a list";
    }
}

/* "a string, a number or null" for a type mask. */
static void types_text(unsigned mask, char *buf, size_t cap)
{
    static const unsigned order[] = { CL_ST_STR, CL_ST_NUM, CL_ST_INT, CL_ST_BOOL, CL_ST_OBJ, CL_ST_ARR, CL_ST_NULL };
    if (mask & CL_ST_NUM) mask &= ~(unsigned)CL_ST_INT;
    size_t total = 0, k = 0, len = 0;
    for (size_t i = 0; i < 7; i++) total += (mask & order[i]) != 0;
    buf[0] = 0;
    for (size_t i = 0; i < 7; i++) {
        if (!(mask & order[i])) continue;
        k++;
        const char *sep = k == 1 ? "" : k == total ? " or " : ", ";
        int w = snprintf(buf + len, cap - len, "%s%s", sep, type_name(order[i]));
        if (w < 0 || (size_t)w >= cap - len) break;
        len += (size_t)w;
    }
}

/* Does a scalar's text look like a secret, by itself or by the KEY it is under
 * (`PASSWORD: ...`, `- TOKEN=...`)? Messages then never show it. */
static int looks_secret(const cl_node *n, const cl_node *key)
{
    if (key && key != n && key->kind == CL_SCALAR && cl_secret_name(key->u.s.text, key->u.s.len, CL_SECRET_MASK)) return 1;
    if (cl_secret_value(n->u.s.text, n->u.s.len)) return 1;
    cl_buf b;
    cl_buf_init(&b);
    int masked = cl_redact_line(&b, n->u.s.text, n->u.s.len);
    cl_buf_free(&b);
    return masked;
}

/* What a node is, for messages: "a string `abc`", "a mapping"; KEY is the
 * key the value is under (for secret masking), or NULL. */
static void found_text(const cl_node *n, unsigned jt, const cl_node *key, char *buf, size_t cap)
{
    if (n->kind != CL_SCALAR) { snprintf(buf, cap, "%s", n->kind == CL_MAP ? "a mapping" : "a list"); return; }
    const char *what = jt & CL_ST_INT ? "an integer" : type_name(jt & ~(unsigned)CL_ST_INT);
    if (jt == CL_ST_NULL) { snprintf(buf, cap, "null (an empty value)"); return; }
    if (looks_secret(n, key)) { snprintf(buf, cap, "%s (value hidden: it looks like a secret)", what); return; }
    int len = n->u.s.len > 40 ? 40 : (int)n->u.s.len;
    snprintf(buf, cap, "%s `%.*s%s`", what, len, n->u.s.text, n->u.s.len > 40 ? "..." : "");
}

/* A string was expected and a number or boolean was written: quoting fixes it. */
static const char *quote_hint(unsigned want, unsigned jt)
{
    return (want & CL_ST_STR) && (jt & (CL_ST_NUM | CL_ST_BOOL)) ? " (quote it to make it a string)" : "";
}

/* ---- the walk ---- */


typedef struct vctx {
    cl_diags *out;            /* NULL while probing oneOf alternatives */
    cl_schema_stream *done;         /* services validated while parsing, or NULL */
    char *path;
    size_t plen, pcap;
    pcre2_match_data *md;
    size_t nerr;
    size_t first_depth;       /* probing: path length at the first error */
} vctx;

static void path_reserve(vctx *c, size_t more)
{
    if (c->plen + more + 1 <= c->pcap) return;
    while (c->plen + more + 1 > c->pcap) c->pcap = c->pcap ? c->pcap * 2 : 256;
    c->path = realloc(c->path, c->pcap);
    if (!c->path) abort();
}

static int plain_segment(const char *s, size_t n)
{
    if (!n) return 0;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-'))
            return 0;
    }
    return 1;
}

static size_t path_key(vctx *c, const char *k, size_t n)
{
    size_t saved = c->plen;
    path_reserve(c, 2 * n + 6);
    if (plain_segment(k, n)) {
        if (c->plen) c->path[c->plen++] = '.';
        memcpy(c->path + c->plen, k, n);
        c->plen += n;
    } else {
        c->path[c->plen++] = '[';
        c->path[c->plen++] = '"';
        for (size_t i = 0; i < n; i++) {
            if (k[i] == '"' || k[i] == '\\') c->path[c->plen++] = '\\';
            c->path[c->plen++] = k[i];
        }
        c->path[c->plen++] = '"';
        c->path[c->plen++] = ']';
    }
    c->path[c->plen] = 0;
    return saved;
}

static size_t path_index(vctx *c, size_t i)
{
    size_t saved = c->plen;
    path_reserve(c, 24);
    char digits[24];
    size_t nd = 0;
    do { digits[nd++] = (char)('0' + i % 10); i /= 10; } while (i);
    c->path[c->plen++] = '[';
    while (nd) c->path[c->plen++] = digits[--nd];
    c->path[c->plen++] = ']';
    c->path[c->plen] = 0;
    return saved;
}

static void path_pop(vctx *c, size_t saved)
{
    c->plen = saved;
    if (c->path) c->path[saved] = 0;
}

/* Records an error; when not probing, reports it at AT with the current path. */
static void report(vctx *c, const char *code, const cl_node *at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void report(vctx *c, const char *code, const cl_node *at, const char *fmt, ...)
{
    if (!c->nerr) c->first_depth = c->plen;
    c->nerr++;
    if (!c->out) return;
    cl_buf msg;
    cl_buf_init(&msg);
    cl_buf_printf(&msg, "%s: ", c->plen ? c->path : "(top level)");
    va_list ap;
    va_start(ap, fmt);
    cl_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    cl_diag *g = cl_diag_add(c->out, CL_SEV_ERROR, code, cl_node_span(at), "%s", cl_buf_cstr(&msg));
    cl_buf_free(&msg);
    cl_diag_set_path(g, c->plen ? c->path : "");
}

static void check(vctx *c, const cl_schema *s, const cl_node *n, const cl_node *at);

/* Where to point at a value: an empty value has no text of its own, so its key. */
static const cl_node *value_site(const cl_node *n, const cl_node *at)
{
    return n->kind == CL_SCALAR && n->start == n->end && at ? at : n;
}

/* Types a schema (and its alternatives) accepts; 0 = any. */
static unsigned accepted_types(const cl_schema *s)
{
    if (!s->oneof) return s->types ? s->types : 0xff;
    unsigned m = 0;
    for (size_t i = 0; s->oneof[i]; i++) m |= accepted_types(s->oneof[i]);
    return m;
}

static int accepts(unsigned mask, unsigned jt) { return mask == 0 || (mask & jt) != 0; }

static void check_oneof(vctx *c, const cl_schema *s, const cl_node *n, const cl_node *at, unsigned jt)
{
    const cl_schema *cand[8];
    size_t ncand = 0;
    for (size_t i = 0; s->oneof[i]; i++)
        if (accepts(accepted_types(s->oneof[i]), jt) && ncand < 8) cand[ncand++] = s->oneof[i];
    if (ncand == 0) {
        char want[160], got[96];
        types_text(accepted_types(s), want, sizeof want);
        found_text(n, jt, at, got, sizeof got);
        report(c, "schema-type", value_site(n, at), "expected %s, found %s", want, got);
        return;
    }
    /* the others fail on their type: exactly one passes iff this one does */
    if (ncand == 1) { check(c, cand[0], n, at); return; }
    size_t passed = 0, best = 0, best_depth = 0, best_errs = 0;
    for (size_t i = 0; i < ncand; i++) {
        vctx probe = *c;
        probe.out = NULL;
        probe.nerr = 0;
        probe.first_depth = 0;
        check(&probe, cand[i], n, at);
        c->path = probe.path;          /* the buffer may have grown */
        c->pcap = probe.pcap;
        if (!probe.nerr) { passed++; continue; }
        if (best_errs == 0 || probe.first_depth > best_depth ||
            (probe.first_depth == best_depth && probe.nerr < best_errs)) {
            best = i; best_depth = probe.first_depth; best_errs = probe.nerr;
        }
    }
    if (passed == 1) return;
    if (passed > 1) {
        report(c, "schema-oneof", at, "the value fits more than one of the allowed forms, so it is ambiguous");
        return;
    }
    check(c, cand[best], n, at);
}

static const cl_schema *find_prop(const cl_schema *s, const char *k, size_t n)
{
    const cl_sprop *props = s->props;
    if (!props) return NULL;
    size_t lo = 0, hi = s->nprops;
    if (!hi) while (props[hi].name) hi++;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *name = props[mid].name;
        int cmp;
        /* the first bytes settle most probes: no strlen, no memcmp */
        if (n && name[0] && name[0] != k[0]) cmp = (unsigned char)name[0] < (unsigned char)k[0] ? -1 : 1;
        else {
            size_t nl = strlen(name);
            cmp = memcmp(name, k, nl < n ? nl : n);
            if (!cmp) cmp = nl < n ? -1 : nl > n ? 1 : 0;
        }
        if (!cmp) return props[mid].s;
        if (cmp < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

static int streamed(cl_schema_stream *st, const cl_schema *s, const cl_pair *pr, size_t at);

static void check_map(vctx *c, const cl_schema *s, const cl_node *n, const cl_node *at)
{
    for (uint32_t i = 0; i < n->u.m.n; i++) {
        const cl_pair *pr = &n->u.m.items[i];
        size_t kl;
        const char *k = key_text(pr->key, &kl);
        size_t saved = path_key(c, k, kl);
        int matched = 0;
        int done = c->done && streamed(c->done, s, pr, i);     /* its value was validated already */
        const cl_schema *ps = find_prop(s, k, kl);
        if (ps) { matched = 1; if (!done) check(c, ps, pr->value, pr->key); }
        if (s->pprops)
            for (size_t j = 0; s->pprops[j].re; j++)
                if (match_with(c->md, s->pprops[j].re, k, kl)) {
                    matched = 1;
                    if (!done) check(c, s->pprops[j].s, pr->value, pr->key);
                }
        if ((s->flags & CL_SF_XEXT) && kl >= 2 && k[0] == 'x' && k[1] == '-') matched = 1;
        if (!matched && (s->flags & CL_SF_CLOSED)) {
            int shown = kl > 60 ? 60 : (int)kl;
            if (s->props) {
                const char *sug = suggest(k, kl, NULL, s->props);
                if (sug)
                    report(c, "schema-unknown-key", pr->key, "unknown key `%.*s`: did you mean `%s`?", shown, k, sug);
                else
                    report(c, "schema-unknown-key", pr->key, "unknown key `%.*s`%s", shown, k,
                           s->flags & CL_SF_XEXT ? " (custom keys must start with `x-`)" : "");
            } else if (s->pprops) {
                if (!kl) report(c, "schema-key-pattern", pr->key, "an empty key is not allowed here");
                else report(c, "schema-key-pattern", pr->key, "`%.*s` is not a valid name: names must match %s",
                            shown, k, s->pprops[0].re->src);
            } else {
                report(c, "schema-unknown-key", pr->key, "unknown key `%.*s`", shown, k);
            }
        }
        path_pop(c, saved);
    }
    if (s->required)
        for (size_t j = 0; s->required[j]; j++)
            if (!cl_map_get(n, s->required[j]))
                report(c, "schema-required", at, "missing required key `%s`", s->required[j]);
}

/* ---- uniqueItems: JSON equality, by hash then deep comparison ---- */

static uint32_t mix(uint32_t h, uint32_t v) { h ^= v + 0x9e3779b9u + (h << 6) + (h >> 2); return h; }

static uint32_t value_hash(const cl_node *n)
{
    if (n->kind == CL_MAP) {
        uint32_t h = 0x51ed27u;
        for (uint32_t i = 0; i < n->u.m.n; i++) {     /* order-independent */
            size_t kl;
            const char *k = key_text(n->u.m.items[i].key, &kl);
            h += mix(cl_hash(k, kl), value_hash(n->u.m.items[i].value));
        }
        return h;
    }
    if (n->kind == CL_SEQ) {
        uint32_t h = 0xa5a5u;
        for (uint32_t i = 0; i < n->u.q.n; i++) h = mix(h, value_hash(n->u.q.items[i]));
        return h;
    }
    double v;
    unsigned jt = scalar_jtype(n, &v);
    if (jt & CL_ST_NUM) {
        if (v == 0) v = 0;   /* -0 == 0 */
        char b[32];
        int w = snprintf(b, sizeof b, "%.17g", v);
        return mix(3, cl_hash(b, (size_t)w));
    }
    if (jt == CL_ST_STR) return mix(1, cl_hash(n->u.s.text, n->u.s.len));
    if (jt == CL_ST_BOOL) return mix(2, n->u.s.text[0] == 't' || n->u.s.text[0] == 'T');
    return 4;
}

static int value_eq(const cl_node *a, const cl_node *b)
{
    if (a->kind != b->kind) return 0;
    if (a->kind == CL_MAP) {
        if (a->u.m.n != b->u.m.n) return 0;
        for (uint32_t i = 0; i < a->u.m.n; i++) {
            size_t kl;
            const char *k = key_text(a->u.m.items[i].key, &kl);
            const cl_node *bv = cl_map_getn(b, k, kl);
            if (!bv || !value_eq(a->u.m.items[i].value, bv)) return 0;
        }
        return 1;
    }
    if (a->kind == CL_SEQ) {
        if (a->u.q.n != b->u.q.n) return 0;
        for (uint32_t i = 0; i < a->u.q.n; i++)
            if (!value_eq(a->u.q.items[i], b->u.q.items[i])) return 0;
        return 1;
    }
    double x, y;
    unsigned ta = scalar_jtype(a, &x), tb = scalar_jtype(b, &y);
    if ((ta & CL_ST_NUM) && (tb & CL_ST_NUM)) return x == y;
    if (ta != tb) return 0;
    if (ta == CL_ST_STR) return a->u.s.len == b->u.s.len && !memcmp(a->u.s.text, b->u.s.text, a->u.s.len);
    if (ta == CL_ST_BOOL) return (a->u.s.text[0] == 't' || a->u.s.text[0] == 'T') == (b->u.s.text[0] == 't' || b->u.s.text[0] == 'T');
    return 1;
}

typedef struct hitem { uint32_t hash, index; } hitem;

static int hitem_cmp(const void *x, const void *y)
{
    const hitem *a = x, *b = y;
    if (a->hash != b->hash) return a->hash < b->hash ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

static void check_unique(vctx *c, const cl_node *n)
{
    uint32_t cnt = n->u.q.n;
    if (cnt < 2) return;
    hitem *h = malloc(cnt * sizeof *h);
    if (!h) abort();
    for (uint32_t i = 0; i < cnt; i++) { h[i].hash = value_hash(n->u.q.items[i]); h[i].index = i; }
    qsort(h, cnt, sizeof *h, hitem_cmp);
    /* for each item, the earliest equal item before it */
    for (uint32_t i = 0; i < cnt;) {
        uint32_t j = i;
        while (j < cnt && h[j].hash == h[i].hash) j++;
        for (uint32_t a = i + 1; a < j; a++)
            for (uint32_t b = i; b < a; b++)
                if (value_eq(n->u.q.items[h[b].index], n->u.q.items[h[a].index])) {
                    const cl_node *dup = n->u.q.items[h[a].index];
                    char what[96] = "";
                    if (dup->kind == CL_SCALAR) {
                        double v;
                        found_text(dup, scalar_jtype(dup, &v), NULL, what, sizeof what);
                    } else snprintf(what, sizeof what, "%s", dup->kind == CL_MAP ? "a mapping" : "a list");
                    size_t saved = path_index(c, h[a].index);
                    report(c, "schema-unique", dup, "duplicate item (%s, the same as item %u): items of this list must be unique",
                           what, (unsigned)h[b].index);
                    path_pop(c, saved);
                    break;
                }
        i = j;
    }
    free(h);
}

static void check(vctx *c, const cl_schema *s, const cl_node *n, const cl_node *at)
{
    if (n->flags & CL_NF_RESET) return;   /* `!reset` removes the value: nothing to validate */
    double num;
    unsigned jt = jtype(n, &num);
    if (s->oneof) { check_oneof(c, s, n, at, jt); return; }
    if (!accepts(s->types, jt)) {
        char want[160], got[96];
        types_text(s->types, want, sizeof want);
        found_text(n, jt, at, got, sizeof got);
        report(c, "schema-type", value_site(n, at), "expected %s, found %s%s", want, got, quote_hint(s->types, jt));
        return;
    }
    if (n->kind == CL_MAP) { check_map(c, s, n, at); return; }
    if (n->kind == CL_SEQ) {
        if (s->items)
            for (uint32_t i = 0; i < n->u.q.n; i++) {
                size_t saved = path_index(c, i);
                check(c, s->items, n->u.q.items[i], n->u.q.items[i]);
                path_pop(c, saved);
            }
        if (s->flags & CL_SF_UNIQUE) check_unique(c, n);
        return;
    }
    if (s->enums) {
        int ok = 0;
        if (jt == CL_ST_STR)
            for (size_t i = 0; s->enums[i] && !ok; i++)
                ok = strlen(s->enums[i]) == n->u.s.len && !memcmp(s->enums[i], n->u.s.text, n->u.s.len);
        if (!ok) {
            char list[256] = "";
            size_t len = 0;
            for (size_t i = 0; s->enums[i]; i++) {
                int w = snprintf(list + len, sizeof list - len, "%s`%s`", i ? ", " : "", s->enums[i]);
                if (w < 0 || (size_t)w >= sizeof list - len) break;
                len += (size_t)w;
            }
            const char *sug = jt == CL_ST_STR ? suggest(n->u.s.text, n->u.s.len, s->enums, NULL) : NULL;
            char got[96];
            found_text(n, jt, at, got, sizeof got);
            if (sug) report(c, "schema-enum", n, "expected one of %s, found %s: did you mean `%s`?", list, got, sug);
            else report(c, "schema-enum", n, "expected one of %s, found %s", list, got);
            return;
        }
    }
    if (s->pattern && jt == CL_ST_STR && !match_with(c->md, s->pattern, n->u.s.text, n->u.s.len)) {
        char got[96];
        found_text(n, jt, at, got, sizeof got);
        report(c, "schema-pattern", n, "expected a string matching %s, found %s", s->pattern->src, got);
        return;
    }
    if (jt & CL_ST_NUM) {
        if ((s->flags & CL_SF_MIN) && num < s->min)
            report(c, "schema-range", n, "expected at least %g, found %s", s->min, n->u.s.text);
        else if ((s->flags & CL_SF_MAX) && num > s->max)
            report(c, "schema-range", n, "expected at most %g, found %s", s->max, n->u.s.text);
    }
}

/* ---- validation while parsing ---- */

/* Services are validated by the parsing thread as each one is complete
 * (cl_doc_parse_ex's on_entry); the final pass skips exactly those pairs
 * (same key node, same value node: an alias reusing a service elsewhere is
 * still validated there, under its own path). */
struct cl_schema_stream {
    vctx c;
    cl_diags diags;
    const cl_schema *services;        /* the schema of the root's services */
    unsigned char *validated;         /* by hand-on index: validated while parsing */
    size_t nvalidated;
    const cl_handon *handed;          /* while finishing: the services handed on */
};

static int streamed(cl_schema_stream *st, const cl_schema *s, const cl_pair *pr, size_t at)
{
    if (s != st->services) return 0;
    long i = cl_handon_find(st->handed, pr, at);
    return i >= 0 && (size_t)i < st->nvalidated && st->validated[i];
}

static void stream_remember(cl_schema_stream *st, size_t index)
{
    st->validated = cl_handon_grow(st->validated, &st->nvalidated, index, 1);
    st->validated[index] = 1;
}

static void vctx_init(vctx *c, cl_diags *out)
{
    memset(c, 0, sizeof *c);
    c->out = out;
    c->md = pcre2_match_data_create(1, NULL);
    if (!c->md) abort();
    path_reserve(c, 64);
    c->path[0] = 0;
}

static void vctx_free(vctx *c)
{
    pcre2_match_data_free(c->md);
    free(c->path);
}

cl_schema_stream *cl_schema_stream_begin(void)
{
    cl_schema_stream *st = calloc(1, sizeof *st);
    if (!st) abort();
    cl_diags_init(&st->diags);
    vctx_init(&st->c, &st->diags);
    st->services = find_prop(cl_schema_compose(), "services", 8);
    return st;
}

void cl_schema_stream_entry(void *ud, size_t index, const cl_node *key, const cl_node *value)
{
    cl_schema_stream *st = ud;
    const cl_schema *s = st->services;
    if (!s || s->oneof || !s->pprops || s->props) return;     /* only the plain name-pattern form */
    size_t kl;
    const char *k = key_text(key, &kl);
    vctx *c = &st->c;
    size_t top = path_key(c, "services", 8);
    size_t saved = path_key(c, k, kl);
    for (size_t j = 0; s->pprops[j].re; j++)
        if (match_with(c->md, s->pprops[j].re, k, kl)) check(c, s->pprops[j].s, value, key);
    path_pop(c, saved);
    path_pop(c, top);
    stream_remember(st, index);
}

void cl_schema_stream_finish(cl_schema_stream *st, const cl_doc *doc, const cl_handon *handed, cl_diags *out)
{
    if (doc && doc->root) {
        vctx c;
        vctx_init(&c, out);
        st->handed = handed;
        c.done = st;
        check(&c, cl_schema_compose(), doc->root, doc->root);
        vctx_free(&c);
        cl_diags_move(out, &st->diags);
    }
    cl_diags_free(&st->diags);
    vctx_free(&st->c);
    free(st->validated);
    free(st);
}

size_t cl_schema_validate(const cl_doc *doc, cl_diags *out)
{
    if (!doc || !doc->root) return 0;
    vctx c;
    vctx_init(&c, out);
    check(&c, cl_schema_compose(), doc->root, doc->root);
    vctx_free(&c);
    return c.nerr;
}
