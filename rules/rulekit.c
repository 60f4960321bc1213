/* rulekit.c - helpers shared by the correctness, security and reliability
 * rules (see rulekit.h): typed access, ports, volumes, images, depends_on,
 * and a string-keyed hash map. */
#include "rulekit.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "../model/project.h"
#include "../model/shortsyntax.h"

const char *rk_str(const cl_node *n) { return n && n->kind == CL_SCALAR ? n->u.s.text : NULL; }
int rk_is_map(const cl_node *n) { return n && n->kind == CL_MAP; }
int rk_is_seq(const cl_node *n) { return n && n->kind == CL_SEQ; }

int rk_interpolated(const char *s)
{
    for (s = s ? strchr(s, '$') : NULL; s; s = strchr(s + 1, '$'))   /* most values hold no '$' */
        if (s[1] == '{' || s[1] == '_' || isalpha((unsigned char)s[1])) return 1;
    return 0;
}

const cl_node *rk_services(const cl_node *root)
{
    const cl_node *s = cl_map_get(root, "services");
    return rk_is_map(s) ? s : NULL;
}

const cl_node *rk_tree(const cl_rule_ctx *ctx)
{
    if (ctx->project && rk_is_map(ctx->project->root)) return ctx->project->root;
    return ctx->root;
}

const cl_node *rk_here(const cl_rule_ctx *ctx, const cl_node *n, const cl_node *fallback)
{
    (void)ctx;
    if (n && cl_node_src(n) && !(n->flags & CL_NF_SYNTH && n->start == n->end)) return n;
    return fallback;
}

int rk_flag(const cl_node *n, int *on)
{
    static const char *const yes[] = { "y", "yes", "true", "on", NULL }, *const no[] = { "n", "no", "false", "off", NULL };
    if (cl_scalar_bool(n, on)) return 1;
    const char *s = rk_str(n);
    if (!s || n->type == CL_T_NULL) return 0;
    for (size_t i = 0; yes[i]; i++) {
        if (rk_ieq(s, yes[i])) { *on = 1; return 1; }
        if (rk_ieq(s, no[i])) { *on = 0; return 1; }
    }
    return 0;
}

int rk_int(const cl_node *n, long long *v)
{
    if (cl_scalar_int(n, v)) return 1;
    const char *s = rk_str(n);
    if (!s || !*s || n->type == CL_T_NULL || strlen(s) > 18) return 0;
    long long x = 0;
    for (const char *p = s; *p; p++) {
        if (!isdigit((unsigned char)*p)) return 0;
        x = x * 10 + (*p - '0');
    }
    *v = x;
    return 1;
}

int rk_ieq(const char *a, const char *b)
{
    if (!a || !b) return 0;
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return 0;
    return *a == *b;
}

size_t rk_cat(char *buf, size_t cap, const char *const *parts, size_t n)
{
    size_t at = 0;
    for (size_t i = 0; i < n && at + 1 < cap; i++) {
        size_t l = strlen(parts[i]);
        if (l > cap - 1 - at) l = cap - 1 - at;
        memcpy(buf + at, parts[i], l);
        at += l;
    }
    buf[at] = 0;
    return at;
}

/* ---- ports ---- */

int rk_port_parse(const cl_node *item, rk_port *p)
{
    memset(p, 0, sizeof *p);
    cl_port_spec s;
    if (!item || (item->kind == CL_SCALAR && rk_interpolated(item->u.s.text)) ||
        cl_port_read(item, &s) != CL_VAL_KNOWN)
        return 0;
    if (s.ip.text) {
        size_t n = s.ip.len < sizeof p->ip ? s.ip.len : sizeof p->ip - 1;
        memcpy(p->ip, s.ip.text, n);
    }
    if (s.published.val == CL_VAL_KNOWN) { p->pub_lo = (unsigned)s.published.lo; p->pub_hi = (unsigned)s.published.hi; }
    p->tgt_lo = (unsigned)s.target.lo;
    p->tgt_hi = (unsigned)s.target.hi;
    p->proto = s.protocol.text[0] == 'u' ? RK_UDP : s.protocol.text[0] == 's' ? RK_SCTP : RK_TCP;
    return 1;
}

int rk_ip_is_any(const char *ip)
{
    return !ip[0] || !strcmp(ip, "0.0.0.0") || !strcmp(ip, "::") || !strcmp(ip, "[::]");
}

/* ---- volumes ---- */

static int is_named(const char *s, size_t n)
{
    if (!n || !isalnum((unsigned char)s[0])) return 0;
    if (n >= 2 && s[1] == ':') return 0;                      /* C:\ */
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '_' && s[i] != '.' && s[i] != '-') return 0;
    return 1;
}

int rk_volume_parse(const cl_node *item, rk_volume *v)
{
    memset(v, 0, sizeof *v);
    if (!item) return 0;
    if (item->kind == CL_SCALAR) {
        cl_volume_spec s;
        if (rk_interpolated(item->u.s.text) || cl_volume_read(item, &s) != CL_VAL_KNOWN) return 0;
        v->source_node = item;
        v->mode = s.mode;
        v->mode_len = s.mode_len;
        if (!s.source) { v->kind = RK_VOL_ANON; return 1; }
        v->source = s.source;
        v->source_len = s.source_len;
        v->kind = s.bind ? RK_VOL_BIND : RK_VOL_NAMED;
        return 1;
    }
    if (item->kind != CL_MAP) return 0;
    const char *type = rk_str(cl_map_get(item, "type"));
    const cl_node *srcn = cl_map_get(item, "source");
    const char *src = rk_str(srcn);
    if ((type && rk_interpolated(type)) || (src && rk_interpolated(src))) return 0;
    v->source_node = srcn && srcn->kind == CL_SCALAR ? srcn : item;
    if (src && srcn->type != CL_T_NULL) { v->source = src; v->source_len = strlen(src); }
    if (!type || !strcmp(type, "volume")) v->kind = v->source_len ? RK_VOL_NAMED : RK_VOL_ANON;
    else if (!strcmp(type, "bind")) v->kind = RK_VOL_BIND;
    else v->kind = RK_VOL_OTHER;
    if (v->kind == RK_VOL_NAMED && !type && !is_named(v->source, v->source_len)) v->kind = RK_VOL_BIND;
    return 1;
}

/* ---- depends_on ---- */

size_t rk_dep_count(const cl_node *dep)
{
    if (rk_is_seq(dep)) return dep->u.q.n;
    if (rk_is_map(dep)) return dep->u.m.n;
    return 0;
}

const cl_node *rk_dep_name(const cl_node *dep, size_t i)
{
    const cl_node *n = NULL;
    if (rk_is_seq(dep) && i < dep->u.q.n) n = dep->u.q.items[i];
    else if (rk_is_map(dep) && i < dep->u.m.n) n = dep->u.m.items[i].key;
    return n && n->kind == CL_SCALAR ? n : NULL;
}

const cl_node *rk_dep_value(const cl_node *dep, size_t i)
{
    if (rk_is_map(dep) && i < dep->u.m.n && rk_is_map(dep->u.m.items[i].value)) return dep->u.m.items[i].value;
    return NULL;
}

static int same_span(const cl_node *a, const cl_node *b)
{
    return a && b && cl_node_src(a) == cl_node_src(b) && a->start == b->start && a->end == b->end;
}

const cl_node *rk_dep_condition(const cl_node *dep, size_t i)
{
    const cl_node *v = rk_dep_value(dep, i), *c = cl_map_get(v, "condition");
    if (c && (c->flags & CL_NF_SYNTH) && cl_scalar_is(c, "service_started") &&
        (same_span(c, v) || same_span(c, rk_dep_name(dep, i))))
        return NULL;
    return c;
}

int rk_has_healthcheck(const cl_node *svc)
{
    const cl_node *hc = cl_map_get(svc, "healthcheck");
    if (!rk_is_map(hc)) return 0;
    int off = 0;
    if (rk_flag(cl_map_get(hc, "disable"), &off) && off) return 0;
    const cl_node *test = cl_map_get(hc, "test");
    if (rk_is_seq(test) && test->u.q.n && cl_scalar_is(test->u.q.items[0], "NONE")) return 0;
    return 1;
}

const cl_node *rk_here_or_service(const cl_rule_ctx *ctx, const cl_node *n, const char *name)
{
    return rk_here(ctx, n, NULL) ? n : rk_service_key(ctx, name, strlen(name));
}

long rk_service_index(const cl_node *services, const char *name, size_t len)
{
    const cl_pair *p = cl_map_pairn(services, name, len);
    return p ? (long)(p - services->u.m.items) : -1;
}

void rk_fix_quote(cl_diag *g, const cl_node *n, const char *description)
{
    if (!g || !n || n->kind != CL_SCALAR || n->style != CL_PLAIN || !cl_node_src(n)) return;
    size_t len = n->u.s.len;
    /* only when the bytes are exactly the text (one line, no escapes to care for) */
    if (n->end - n->start != len || n->end > cl_node_src(n)->len || memcmp(cl_node_src(n)->data + n->start, n->u.s.text, len)) return;
    for (size_t i = 0; i < len; i++) if (n->u.s.text[i] == '"' || n->u.s.text[i] == '\\') return;
    char *q = malloc(len + 3);
    if (!q) abort();
    q[0] = '"';
    memcpy(q + 1, n->u.s.text, len);
    q[len + 1] = '"';
    q[len + 2] = 0;
    cl_edit e = { n->start, n->end, q };
    cl_diag_set_fix(g, description, 1, &e, 1);
    free(q);
}

const cl_node *rk_service_key(const cl_rule_ctx *ctx, const char *name, size_t len)
{
    const cl_pair *p = cl_map_pairn(rk_services(rk_tree(ctx)), name, len);
    if (p && rk_here(ctx, p->key, NULL)) return p->key;
    p = cl_map_pairn(rk_services(ctx->root), name, len);
    if (p && rk_here(ctx, p->key, NULL)) return p->key;
    const cl_pair *s = cl_map_pair(ctx->root, "services");
    return s ? s->key : ctx->root;
}
