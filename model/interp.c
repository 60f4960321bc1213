/* interp.c - variable interpolation of strings and trees, following
 * compose-go's template rules (braces matched by counting "${" and "}"). */
#include "interp.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cow.h"

#define MAX_NEST 64

static int name_start(char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int name_char(char c) { return name_start(c) || (c >= '0' && c <= '9'); }

static void problem(cl_interp_ctx *c, cl_severity sev, const char *code, size_t off, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
static void problem(cl_interp_ctx *c, cl_severity sev, const char *code, size_t off, size_t len, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (sev == CL_SEV_ERROR) c->errors++;
    if (c->report) c->report(c->ud, sev, code, off, len, msg);
}

static const char *lookup(const cl_interp_ctx *c, const char *name, size_t len)
{
    const char *v = c->env ? cl_env_get(c->env, name, len) : NULL;
    if (!v && c->fallback) v = cl_env_get(c->fallback, name, len);
    return v;
}

/* Index of the "}" closing the "${" at S[0], counting nested "${", or -1. */
static long closing_brace(const char *s, size_t n)
{
    int open = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '}' && --open == 0) return (long)i;
        if (s[i] == '$' && i + 1 < n && s[i + 1] == '{') { open++; i++; }
    }
    return -1;
}

/* BASE is the offset of S in the top-level string, for reports. */
static int interp_at(cl_interp_ctx *c, const char *s, size_t n, size_t base, cl_buf *out, int depth)
{
    if (depth > MAX_NEST) {
        problem(c, CL_SEV_ERROR, "interpolation-syntax", base, n, "interpolation nested more than %d levels deep", MAX_NEST);
        return -1;
    }
    size_t i = 0;
    while (i < n) {
        char ch = s[i];
        if (ch != '$') { cl_buf_putc(out, ch); i++; continue; }
        if (i + 1 < n && s[i + 1] == '$') { cl_buf_putc(out, '$'); i += 2; continue; }
        if (i + 1 < n && name_start(s[i + 1])) {
            size_t j = i + 1;
            while (j < n && name_char(s[j])) j++;
            const char *v = lookup(c, s + i + 1, j - i - 1);
            if (v) cl_buf_puts(out, v);
            else if (c->warn_unset)
                problem(c, CL_SEV_WARNING, "interpolation-unset", base + i, j - i,
                        "the \"%.*s\" variable is not set; defaulting to a blank string", (int)(j - i - 1), s + i + 1);
            i = j;
            continue;
        }
        if (!(i + 1 < n && s[i + 1] == '{')) { cl_buf_putc(out, '$'); i++; continue; }
        /* ${ ... } */
        long close = closing_brace(s + i, n - i);
        size_t j = i + 2;
        if (!(j < n && name_start(s[j]))) {
            size_t e = close < 0 ? n : i + (size_t)close + 1;
            problem(c, CL_SEV_ERROR, "interpolation-syntax", base + i, e - i,
                    "invalid interpolation \"%.*s\": a variable name must start with a letter or '_'", (int)(e - i), s + i);
            return -1;
        }
        while (j < n && name_char(s[j])) j++;
        const char *name = s + i + 2;
        size_t nlen = j - i - 2;
        if (close < 0) {
            problem(c, CL_SEV_ERROR, "interpolation-syntax", base + i, n - i,
                    "invalid interpolation \"%.*s\": missing closing '}'", (int)(n - i), s + i);
            return -1;
        }
        size_t end = i + (size_t)close; /* index of '}' */
        const char *v = lookup(c, name, nlen);
        if (j == end) {
            if (v) cl_buf_puts(out, v);
            else if (c->warn_unset)
                problem(c, CL_SEV_WARNING, "interpolation-unset", base + i, end + 1 - i,
                        "the \"%.*s\" variable is not set; defaulting to a blank string", (int)nlen, name);
            i = end + 1;
            continue;
        }
        int colon = s[j] == ':';
        char op = s[j + (size_t)colon];
        if (j + (size_t)colon >= end || (op != '-' && op != '?' && op != '+')) {
            problem(c, CL_SEV_ERROR, "interpolation-syntax", base + i, end + 1 - i,
                    "invalid interpolation \"%.*s\": expected '}', ':-', '-', ':?', '?', ':+' or '+' after the name",
                    (int)(end + 1 - i), s + i);
            return -1;
        }
        size_t as = j + (size_t)colon + 1;     /* argument: [as, end) */
        int set = v != NULL, nonempty = v && *v;
        int have = colon ? nonempty : set;
        if (op == '-') {
            if (have) cl_buf_puts(out, v);
            else if (interp_at(c, s + as, end - as, base + as, out, depth + 1)) return -1;
        } else if (op == '+') {
            if (have && interp_at(c, s + as, end - as, base + as, out, depth + 1)) return -1;
        } else {
            if (have) cl_buf_puts(out, v);
            else {
                cl_buf m;
                cl_buf_init(&m);
                int bad = interp_at(c, s + as, end - as, base + as, &m, depth + 1);
                if (!bad) {
                    if (m.len)
                        problem(c, CL_SEV_ERROR, "interpolation-required", base + i, end + 1 - i,
                                "required variable %.*s is missing a value: %.*s", (int)nlen, name, (int)m.len, m.data);
                    else
                        problem(c, CL_SEV_ERROR, "interpolation-required", base + i, end + 1 - i,
                                "required variable %.*s is missing a value", (int)nlen, name);
                }
                cl_buf_free(&m);
                return -1;
            }
        }
        i = end + 1;
    }
    return 0;
}

int cl_interp(cl_interp_ctx *c, const char *s, size_t n, cl_buf *out)
{
    return interp_at(c, s, n, 0, out, 0);
}

/* ---- source offsets ---- */

static int is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

uint32_t cl_scalar_src_offset(const cl_node *n, size_t off)
{
    if (!cl_node_src(n) || n->end <= n->start) return n->start;
    const char *raw = cl_node_src(n)->data;
    uint32_t j = n->start, end = n->end;
    const char *dec = n->u.s.text;
    size_t dlen = n->u.s.len;
    if (n->style == CL_PLAIN && end - j == dlen && memcmp(raw + j, dec, dlen) == 0)
        return j + (uint32_t)(off < dlen ? off : dlen);
    if (n->style == CL_SQUOTE || n->style == CL_DQUOTE) { j++; if (end > j) end--; }
    if (n->style == CL_LITERAL || n->style == CL_FOLDED) {       /* skip the header line */
        while (j < end && raw[j] != '\n') j++;
        if (j < end) j++;
    }
    size_t i = 0;
    while (i < off && i < dlen && j < end) {
        if (dec[i] == raw[j]) { i++; j++; }
        else if (is_ws(raw[j]) || raw[j] == '\'' || raw[j] == '\\') j++;
        else if (is_ws(dec[i])) i++;
        else break;
    }
    if (n->style == CL_SQUOTE && j < end && raw[j] == '\'' && j + 1 < end && raw[j + 1] == '\'') return j;
    while (j < end && i < dlen && dec[i] != raw[j] && (is_ws(raw[j]))) j++;
    return j;
}

/* ---- trees ---- */

typedef struct tree_ctx {
    cl_arena *a;
    cl_diags *diags;
    const cl_node *cur;      /* scalar being interpolated */
    int errors;
    int marked;              /* saw a !reset / !override mark or a `<<` pair */
    cl_interp_ctx ic;
} tree_ctx;

static void tree_report(void *ud, cl_severity sev, const char *code, size_t off, size_t len, const char *msg)
{
    tree_ctx *t = ud;
    cl_span sp = cl_node_span(t->cur);
    if (cl_node_src(t->cur)) {
        sp.start = cl_scalar_src_offset(t->cur, off);
        uint32_t e = cl_scalar_src_offset(t->cur, off + len);
        sp.end = e > sp.start ? e : sp.start + 1;
        if (sp.end > t->cur->end) sp.end = t->cur->end > sp.start ? t->cur->end : sp.start;
    }
    cl_diag_add(t->diags, sev, code, sp, "%s", msg);
}

static cl_node *copy(tree_ctx *t, const cl_node *n)
{
    if (!n) return NULL;
    if (n->flags & (CL_NF_RESET | CL_NF_OVERRIDE)) t->marked = 1;
    if (n->kind == CL_SCALAR) {
        if (!memchr(n->u.s.text, '$', n->u.s.len)) return (cl_node *)n;
        cl_buf b;
        cl_buf_init(&b);
        t->cur = n;
        int before = t->ic.errors;
        cl_interp(&t->ic, n->u.s.text, n->u.s.len, &b);
        cl_node *r = cl_arena_alloc(t->a, sizeof *r);
        *r = *n;
        if (t->ic.errors == before) {
            r->u.s.text = cl_arena_strndup(t->a, b.data ? b.data : "", b.len);
            r->u.s.len = (uint32_t)b.len;
            /* a plain value may become a number or a boolean, never null: "${UNSET}" is "" */
            if (n->style == CL_PLAIN && !(n->flags & CL_NF_TAGGED)) {
                cl_stype ty = cl_resolve_plain(r->u.s.text, r->u.s.len);
                r->type = (uint8_t)(ty == CL_T_NULL ? CL_T_STR : ty);
            }
        }
        cl_buf_free(&b);
        return r;
    }
    /* copy-on-write: a collection is copied only when something below it changed */
    cl_cow w;
    cl_cow_init(&w, t->a, n);
    if (n->kind == CL_MAP)
        for (uint32_t i = 0; i < n->u.m.n; i++) {
            if (n->u.m.items[i].merged) t->marked = 1;
            cl_cow_set(&w, i, copy(t, n->u.m.items[i].value));
        }
    else
        for (uint32_t i = 0; i < n->u.q.n; i++) cl_cow_set(&w, i, copy(t, n->u.q.items[i]));
    return cl_cow_done(&w);
}

cl_node *cl_interp_tree(cl_arena *a, const cl_node *tree, const cl_env *env, cl_diags *diags, int *errors)
{
    return cl_interp_tree_marked(a, tree, env, diags, errors, NULL);
}

cl_node *cl_interp_tree_marked(cl_arena *a, const cl_node *tree, const cl_env *env, cl_diags *diags, int *errors,
                               int *marked)
{
    tree_ctx t;
    memset(&t, 0, sizeof t);
    t.a = a;
    t.diags = diags;
    t.ic.env = env;
    t.ic.warn_unset = 1;
    t.ic.report = tree_report;
    t.ic.ud = &t;
    cl_node *r = copy(&t, tree);
    if (errors) *errors += t.ic.errors;
    if (marked && t.marked) *marked = 1;
    return r;
}
