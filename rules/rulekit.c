/* rulekit.c - helpers shared by the correctness, security and reliability
 * rules (see rulekit.h): typed access, ports, volumes, images, depends_on,
 * and a string-keyed hash map. */
#include "rulekit.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "../model/project.h"

const char *rk_str(const cl_node *n) { return n && n->kind == CL_SCALAR ? n->u.s.text : NULL; }
int rk_is_map(const cl_node *n) { return n && n->kind == CL_MAP; }
int rk_is_seq(const cl_node *n) { return n && n->kind == CL_SEQ; }

int rk_interpolated(const char *s)
{
    for (; s && *s; s++)
        if (s[0] == '$' && (s[1] == '{' || s[1] == '_' || isalpha((unsigned char)s[1]))) return 1;
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
    if (n && n->src && !(n->flags & CL_NF_SYNTH && n->start == n->end)) return n;
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

/* ---- ports ---- */

/* "N" or "N-M" (N..M in 0..65535) from S[0..n). */
static int port_range(const char *s, size_t n, unsigned *lo, unsigned *hi)
{
    unsigned a = 0, b = 0;
    size_t i = 0, d = 0;
    while (i < n && isdigit((unsigned char)s[i])) { a = a * 10 + (unsigned)(s[i] - '0'); if (a > 65535) return 0; i++; d++; }
    if (!d) return 0;
    b = a;
    if (i < n && s[i] == '-') {
        i++;
        b = 0; d = 0;
        while (i < n && isdigit((unsigned char)s[i])) { b = b * 10 + (unsigned)(s[i] - '0'); if (b > 65535) return 0; i++; d++; }
        if (!d || b < a) return 0;
    }
    if (i != n) return 0;
    *lo = a; *hi = b;
    return 1;
}

static int proto_of(const char *s, size_t n)
{
    if (n == 3 && !strncmp(s, "tcp", 3)) return RK_TCP;
    if (n == 3 && !strncmp(s, "udp", 3)) return RK_UDP;
    if (n == 4 && !strncmp(s, "sctp", 4)) return RK_SCTP;
    return -1;
}

static void set_ip(rk_port *p, const char *s, size_t n)
{
    if (n >= sizeof p->ip) n = sizeof p->ip - 1;
    memcpy(p->ip, s, n);
    p->ip[n] = 0;
}

static int port_short(const char *s, rk_port *p)
{
    size_t n = strlen(s);
    const char *slash = memchr(s, '/', n);
    if (slash) {
        p->proto = proto_of(slash + 1, (size_t)(s + n - slash - 1));
        if (p->proto < 0) return 0;
        n = (size_t)(slash - s);
    }
    const char *rest = s;
    size_t rn = n;
    if (n && s[0] == '[') {                       /* [ipv6]:pub:tgt */
        const char *close = memchr(s, ']', n);
        if (!close || close + 1 >= s + n || close[1] != ':') return 0;
        set_ip(p, s + 1, (size_t)(close - s - 1));
        rest = close + 2;
        rn = (size_t)(s + n - rest);
        const char *c = memchr(rest, ':', rn);
        if (!c) return 0;
        if (c > rest && !port_range(rest, (size_t)(c - rest), &p->pub_lo, &p->pub_hi)) return 0;
        return port_range(c + 1, (size_t)(rest + rn - c - 1), &p->tgt_lo, &p->tgt_hi);
    }
    const char *last = NULL, *prev = NULL;
    for (size_t i = 0; i < rn; i++)
        if (rest[i] == ':') { prev = last; last = rest + i; }
    if (!last) return port_range(rest, rn, &p->tgt_lo, &p->tgt_hi);
    if (!port_range(last + 1, (size_t)(rest + rn - last - 1), &p->tgt_lo, &p->tgt_hi)) return 0;
    const char *pub = prev ? prev + 1 : rest;
    if (prev) set_ip(p, rest, (size_t)(prev - rest));
    if (last > pub && !port_range(pub, (size_t)(last - pub), &p->pub_lo, &p->pub_hi)) return 0;
    return 1;
}

int rk_port_parse(const cl_node *item, rk_port *p)
{
    memset(p, 0, sizeof *p);
    if (!item) return 0;
    if (item->kind == CL_SCALAR) {
        const char *s = item->u.s.text;
        if (rk_interpolated(s)) return 0;
        return port_short(s, p);
    }
    if (item->kind != CL_MAP) return 0;
    const char *t = rk_str(cl_map_get(item, "target"));
    if (!t || rk_interpolated(t) || !port_range(t, strlen(t), &p->tgt_lo, &p->tgt_hi)) return 0;
    const cl_node *pubn = cl_map_get(item, "published");
    const char *pub = rk_str(pubn);
    if (pub && pubn->type != CL_T_NULL && *pub) {
        if (rk_interpolated(pub) || !port_range(pub, strlen(pub), &p->pub_lo, &p->pub_hi)) return 0;
    }
    const char *ip = rk_str(cl_map_get(item, "host_ip"));
    if (ip) {
        if (rk_interpolated(ip)) return 0;
        set_ip(p, ip, strlen(ip));
    }
    const char *proto = rk_str(cl_map_get(item, "protocol"));
    if (proto) {
        p->proto = proto_of(proto, strlen(proto));
        if (p->proto < 0) return 0;
    }
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
        const char *s = item->u.s.text;
        if (rk_interpolated(s)) return 0;
        size_t n = strlen(s);
        size_t skip = (n >= 2 && isalpha((unsigned char)s[0]) && s[1] == ':' && n > 2 && (s[2] == '\\' || s[2] == '/')) ? 2 : 0;
        const char *c = memchr(s + skip, ':', n - skip);
        v->source_node = item;
        if (!c) { v->kind = RK_VOL_ANON; return 1; }
        v->source = s;
        v->source_len = (size_t)(c - s);
        v->kind = is_named(s, v->source_len) ? RK_VOL_NAMED : RK_VOL_BIND;
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
    return a && b && a->src == b->src && a->start == b->start && a->end == b->end;
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

long rk_service_index(const cl_node *services, const char *name, size_t len)
{
    const cl_pair *p = cl_map_pairn(services, name, len);
    return p ? (long)(p - services->u.m.items) : -1;
}

void rk_fix_quote(cl_diag *g, const cl_node *n, const char *description)
{
    if (!g || !n || n->kind != CL_SCALAR || n->style != CL_PLAIN || !n->src) return;
    size_t len = n->u.s.len;
    /* only when the bytes are exactly the text (one line, no escapes to care for) */
    if (n->end - n->start != len || n->end > n->src->len || memcmp(n->src->data + n->start, n->u.s.text, len)) return;
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
