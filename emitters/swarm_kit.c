/* swarm_kit.c - what the swarm emitter's files share (swarm_kit.h): the copy
 * that makes a value safe for the v3 loader, the stack version the keys need,
 * and the one way to report a key swarm cannot express. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "swarm_kit.h"

#define TARGET "swarm"
/* BUF = FMT formatted with the function's variable arguments */
/* ---- values ---- */

void sw_need(sw_ctx *c, int minor) { if (minor > c->minor) c->minor = minor; }

static cl_node *escaped(sw_ctx *c, const cl_node *n)
{
    const char *s = n->u.s.text;
    size_t len = n->u.s.len, dollars = 0;
    if (!c->o->no_interpolate)
        for (size_t i = 0; i < len; i++) dollars += s[i] == '$';
    cl_node *r;
    if (!dollars) r = cl_new_scalar(c->a, s, len, CL_T_STR);
    else {
        char *t = malloc(len + dollars + 1);
        if (!t) abort();
        size_t k = 0;
        for (size_t i = 0; i < len; i++) { t[k++] = s[i]; if (s[i] == '$') t[k++] = '$'; }
        r = cl_new_scalar(c->a, t, k, CL_T_STR);
        free(t);
    }
    return cl_node_at(r, n);
}

cl_node *sw_str(sw_ctx *c, const cl_node *n)
{
    if (!n || n->kind != CL_SCALAR) return NULL;
    if (n->type == CL_T_INT) {   /* decimal, which every YAML reader agrees on */
        long long v;
        if (cl_scalar_int(n, &v)) return cl_node_at(cl_new_str(c->a, cl_arena_printf(c->a, "%lld", v)), n);
    }
    return escaped(c, n);
}

cl_node *sw_copy(sw_ctx *c, const cl_node *n)
{
    if (!n) return cl_new_null(c->a);
    cl_builder b;
    switch (n->kind) {
    case CL_MAP:
        cl_builder_map(&b);
        for (uint32_t i = 0; i < n->u.m.n; i++) {
            const cl_pair *pr = &n->u.m.items[i];
            cl_builder_set(&b, cl_node_at(cl_new_str(c->a, cl_em_str(pr->key) ? cl_em_str(pr->key) : "?"), pr->key),
                           sw_copy(c, pr->value));
        }
        return cl_node_at(cl_builder_finish(&b, c->a), n);
    case CL_SEQ:
        cl_builder_seq(&b);
        for (uint32_t i = 0; i < n->u.q.n; i++) cl_builder_push(&b, sw_copy(c, n->u.q.items[i]));
        return cl_node_at(cl_builder_finish(&b, c->a), n);
    default:
        break;
    }
    long long v;
    switch (n->type) {
    case CL_T_STR: return escaped(c, n);
    case CL_T_INT:
        if (cl_scalar_int(n, &v)) return cl_node_at(cl_new_int(c->a, v), n);
        return escaped(c, n);
    case CL_T_BOOL: return cl_node_at(cl_new_bool(c->a, cl_em_true(n)), n);
    case CL_T_NULL: return cl_node_at(cl_new_null(c->a), n);
    default: return cl_node_at(cl_new_scalar(c->a, n->u.s.text, n->u.s.len, (cl_stype)n->type), n);
    }
}

/* ---- diagnostics ---- */

cl_diag *sw_report(sw_ctx *c, cl_severity sev, const char *svc, const char *key,
                   const cl_node *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cl_diag *g = cl_em_vunsupported(c->d, sev, TARGET, svc, key, at, fmt, ap);
    va_end(ap);
    if (sev == CL_SEV_ERROR) c->failed = 1;
    return g;
}

cl_diag *sw_caveat(sw_ctx *c, const char *svc, const char *key, const cl_node *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cl_diag *g = cl_em_vdiag(c->d, CL_SEV_WARNING, "convert-caveat", at, cl_arena_printf(c->a, "services.%s.%s", svc, key),
                             cl_arena_printf(c->a, "%s: service '%s': ", TARGET, svc), fmt, ap);
    va_end(ap);
    return g;
}

cl_diag *sw_report_top(sw_ctx *c, cl_severity sev, const char *section, const char *name,
                       const char *key, const cl_node *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cl_diag *g = cl_em_vunsupported_top(c->d, sev, TARGET, section, name, key, at, fmt, ap);
    va_end(ap);
    if (sev == CL_SEV_ERROR) c->failed = 1;
    return g;
}

const cl_node *sw_key_at(const cl_pair *pr)
{
    return pr->key && cl_node_src(pr->key) ? pr->key : pr->value;
}

int sw_key_minor(const sw_key *t, const char *key)
{
    for (; t->key; t++) if (!strcmp(t->key, key)) return t->minor;
    return -1;
}
