/* shortsyntax.c - short-syntax parsers for command, ports and volumes. */
#include "shortsyntax.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../parser/buf.h"
#include "keys.h"
#include "path.h"

static cl_node *str_at(cl_arena *a, const char *s, size_t n, const cl_node *origin)
{
    return cl_node_at(cl_new_scalar(a, s, n, CL_T_STR), origin);
}

cl_node *cl_shell_split(cl_arena *a, const cl_node *origin, char *err, size_t errlen)
{
    const char *s = origin->u.s.text;
    size_t n = origin->u.s.len, i = 0;
    cl_builder b;
    cl_builder_seq(&b);
    cl_buf w;
    cl_buf_init(&w);
    while (i < n) {
        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
        if (i >= n) break;
        w.len = 0;
        while (i < n && !(s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) {
            char c = s[i];
            if (c == '\\') {
                if (i + 1 < n) cl_buf_putc(&w, s[i + 1]);
                i += 2;
            } else if (c == '\'') {
                size_t j = i + 1;
                while (j < n && s[j] != '\'') j++;
                if (j >= n) goto unterminated;
                cl_buf_put(&w, s + i + 1, j - i - 1);
                i = j + 1;
            } else if (c == '"') {
                size_t j = i + 1;
                for (; j < n && s[j] != '"'; j++) {
                    if (s[j] == '\\' && j + 1 < n && strchr("\"\\$`\n", s[j + 1])) j++;
                    cl_buf_putc(&w, s[j]);
                }
                if (j >= n) goto unterminated;
                i = j + 1;
            } else { cl_buf_putc(&w, c); i++; }
        }
        cl_builder_push(&b, str_at(a, w.data ? w.data : "", w.len, origin));
        /* a quoted empty word still counts: handled since the loop ran */
    }
    cl_buf_free(&w);
    return cl_node_at(cl_builder_finish(&b, a), origin);
unterminated:
    snprintf(err, errlen, "unterminated quote in command \"%.*s\"", (int)(n > 200 ? 200 : n), s);
    cl_buf_free(&w);
    cl_builder_discard(&b);
    return NULL;
}

/* "a" or "a-b" as a port range; 0 on success. */
static int port_range(const char *s, size_t n, long *lo, long *hi)
{
    if (!n) return -1;
    const char *dash = memchr(s, '-', n);
    for (int k = 0; k < 2; k++) {
        const char *p = k == 0 ? s : dash + 1;
        size_t len = k == 0 ? (dash ? (size_t)(dash - s) : n) : n - (size_t)(dash + 1 - s);
        if (!len || len >= 32) return -1;
        long v = 0;                /* digits only, read here: strtol cost more than the rest of the port */
        for (size_t i = 0; i < len; i++) {
            if (p[i] < '0' || p[i] > '9') return -1;
            if (v <= 65535) v = v * 10 + (p[i] - '0');
        }
        if (v > 65535) return -1;
        if (k == 0) *lo = *hi = v; else *hi = v;
        if (!dash) break;
    }
    return *hi < *lo ? -1 : 0;
}

/* Index just past the "${...}" at S[I] (nested braces counted), or I when
 * none starts there. Without interpolation (--no-interpolate) such parts are
 * still in the text: they are kept as written, never taken for separators. */
static size_t skip_var(const char *s, size_t n, size_t i)
{
    if (i + 1 >= n || s[i] != '$' || s[i + 1] != '{') return i;
    int depth = 0;
    for (size_t j = i + 1; j < n; j++) {
        if (s[j] == '{') depth++;
        else if (s[j] == '}' && --depth == 0) return j + 1;
    }
    return n;
}

/* Does S[0..N) hold a "${...}" (a value only known once interpolated)? */
static int has_var(const char *s, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++) if (s[i] == '$' && s[i + 1] == '{') return 1;
    return 0;
}

/* The first C of S[0..N) outside "${...}", or NULL. */
static const char *find_sep(const char *s, size_t n, char c)
{
    for (size_t i = 0; i < n; i++) {
        size_t j = skip_var(s, n, i);
        if (j > i) { i = j - 1; continue; }
        if (s[i] == c) return s + i;
    }
    return NULL;
}

/* Is T[0..N) the word W? */
static int word_is(const char *t, size_t n, const char *w) { return strlen(w) == n && !memcmp(t, w, n); }

/* Text T (a literal or already in A, shared by every entry of a spec) at O. */
static cl_node *ref_at(cl_arena *a, const char *t, const cl_node *o)
{
    return cl_node_at(cl_new_scalar_ref(a, t, strlen(t), CL_T_STR), o);
}

/* TARGET_TEXT (a "${...}" target, as written) replaces TARGET when not NULL.
 * IP, PROTO and TARGET_TEXT are in A already: the entries point at them. */
static cl_node *port_entry(cl_arena *a, const cl_node *o, long target, const char *target_text, const char *published,
                           const char *ip, const char *proto)
{
    cl_builder m;             /* keys in order, so that sorting keeps the map */
    cl_builder_map(&m);
    if (ip) cl_builder_key(&m, CL_K_HOST_IP, ref_at(a, ip, o));
    cl_builder_key(&m, CL_K_MODE, ref_at(a, "ingress", o));
    cl_builder_key(&m, CL_K_PROTOCOL, ref_at(a, proto, o));
    if (published) cl_builder_key(&m, CL_K_PUBLISHED, str_at(a, published, strlen(published), o));
    cl_builder_key(&m, CL_K_TARGET, target_text ? ref_at(a, target_text, o) : cl_node_at(cl_new_int(a, target), o));
    return cl_node_at(cl_builder_finish(&m, a), o);
}

/* Sets part P to the text S[0..N); returns P. */
static cl_port_part *part_set(cl_port_part *p, const char *s, size_t n)
{
    p->text = s;
    p->len = n;
    p->val = CL_VAL_UNKNOWN;
    return p;
}

/* Records fault WHY unless an earlier one is. */
static void port_fault(cl_port_spec *p, cl_port_why why)
{
    if (!p->why) p->why = why;
}

/* Reads the port (range) part P: a ${VAR} stays unknown, empty is not given. */
static void port_part_read(cl_port_spec *sp, cl_port_part *p)
{
    if (!p->text || !p->len || has_var(p->text, p->len)) return;
    if (port_range(p->text, p->len, &p->lo, &p->hi)) { p->val = CL_VAL_INVALID; port_fault(sp, CL_PORT_SYNTAX); }
    else p->val = CL_VAL_KNOWN;
}

/* Reads the protocol part: tcp, udp or sctp. */
static void proto_read(cl_port_spec *sp)
{
    cl_port_part *p = &sp->protocol;
    if (has_var(p->text, p->len)) return;
    if (word_is(p->text, p->len, "tcp") || word_is(p->text, p->len, "udp") || word_is(p->text, p->len, "sctp"))
        p->val = CL_VAL_KNOWN;
    else { p->val = CL_VAL_INVALID; port_fault(sp, CL_PORT_PROTOCOL); }
}

/* The short form S[0..N) (the checks in the order docker's nat.ParsePortSpec meets them). */
static void port_short_read(const char *s, size_t n, cl_port_spec *p)
{
    /* without a '$' no "${...}" is skipped: plain searches (the rules read each port several times) */
    int vars = memchr(s, '$', n) != NULL;
    const char *slash = vars ? find_sep(s, n, '/') : memchr(s, '/', n);
    if (slash) {
        size_t pl = n - (size_t)(slash + 1 - s);
        part_set(&p->protocol, slash + 1, pl);
        if (!pl || pl >= 16) { p->protocol.val = CL_VAL_INVALID; port_fault(p, CL_PORT_SYNTAX); }
        else proto_read(p);
        n = (size_t)(slash - s);
    }
    const char *rest = s;
    size_t rn = n;
    int bracket = 0;
    if (n && s[0] == '[') {
        const char *rb = memchr(s, ']', n);
        if (!rb || rb + 1 >= s + n || rb[1] != ':') port_fault(p, CL_PORT_SYNTAX);
        else {
            bracket = 1;
            part_set(&p->ip, s + 1, (size_t)(rb - s - 1));
            rest = rb + 2;
            rn = n - (size_t)(rest - s);
        }
    }
    /* split REST at its last one or two colons */
    const char *c2 = NULL, *c1 = NULL;
    for (size_t i = 0; i < rn; i++) {
        size_t j = vars ? skip_var(rest, rn, i) : i;
        if (j > i) i = j - 1;
        else if (rest[i] == ':') { c1 = c2; c2 = rest + i; }
    }
    part_set(&p->target, rest, rn);
    if (c2) {
        part_set(&p->target, c2 + 1, rn - (size_t)(c2 + 1 - rest));
        const char *h0 = c1 ? c1 + 1 : rest;
        part_set(&p->published, h0, (size_t)(c2 - h0));
        if (c1 && !bracket) part_set(&p->ip, rest, (size_t)(c1 - rest));
        else if (c1) port_fault(p, CL_PORT_SYNTAX);
    }
    port_part_read(p, &p->target);
    if (!p->target.len) { p->target.val = CL_VAL_INVALID; port_fault(p, CL_PORT_SYNTAX); }
    port_part_read(p, &p->published);
    cl_port_part *c = &p->target, *h = &p->published;
    if (c->val == CL_VAL_KNOWN && (!h->len || h->val == CL_VAL_KNOWN) && h->len && c->hi != c->lo &&
        h->hi - h->lo != c->hi - c->lo)
        port_fault(p, CL_PORT_RANGES);
}

/* The long form: a mapping of target (a whole number), published, host_ip, protocol. */
static void port_long_read(const cl_node *m, cl_port_spec *p)
{
    const cl_node *t = cl_map_get(m, "target"), *pub = cl_map_get(m, "published");
    const cl_node *ip = cl_map_get(m, "host_ip"), *pr = cl_map_get(m, "protocol");
    long long v;
    cl_port_part *tp = &p->target;
    if (t && t->kind == CL_SCALAR) part_set(tp, t->u.s.text, t->u.s.len);
    cl_val r = cl_val_int(t, &v);
    if (r == CL_VAL_KNOWN && v >= 0 && v <= 65535) { tp->val = CL_VAL_KNOWN; tp->lo = tp->hi = (long)v; }
    else if (r != CL_VAL_UNKNOWN || !tp->text || !has_var(tp->text, tp->len)) { tp->val = CL_VAL_INVALID; port_fault(p, CL_PORT_SYNTAX); }
    if (pub && pub->kind == CL_SCALAR && pub->type != CL_T_NULL) port_part_read(p, part_set(&p->published, pub->u.s.text, pub->u.s.len));
    if (ip && ip->kind == CL_SCALAR && ip->type != CL_T_NULL && ip->u.s.len) part_set(&p->ip, ip->u.s.text, ip->u.s.len);
    if (pr && pr->kind == CL_SCALAR && pr->u.s.len) {
        part_set(&p->protocol, pr->u.s.text, pr->u.s.len);
        proto_read(p);
    }
}

cl_val cl_port_read(const cl_node *item, cl_port_spec *p)
{
    memset(p, 0, sizeof *p);
    part_set(&p->protocol, "tcp", 3)->val = CL_VAL_KNOWN;
    if (item && item->kind == CL_SCALAR && item->type != CL_T_NULL) port_short_read(item->u.s.text, item->u.s.len, p);
    else if (item && item->kind == CL_MAP) port_long_read(item, p);
    else port_fault(p, CL_PORT_SYNTAX);
    if (p->ip.text && !p->ip.len) p->ip.text = NULL;
    if (p->ip.text) p->ip.val = has_var(p->ip.text, p->ip.len) ? CL_VAL_UNKNOWN : CL_VAL_KNOWN;
    if (p->why) return CL_VAL_INVALID;
    const cl_port_part *parts[] = { &p->ip, &p->published, &p->target, &p->protocol };
    for (size_t i = 0; i < 4; i++)
        if (parts[i]->len && parts[i]->val == CL_VAL_UNKNOWN) return CL_VAL_UNKNOWN;
    return CL_VAL_KNOWN;
}

int cl_port_short(cl_arena *a, const cl_node *spec, cl_builder *b, char *err, size_t errlen)
{
    const char *s = spec->u.s.text;
    size_t n = spec->u.s.len;
    cl_port_spec p;
    cl_port_read(spec, &p);
    if (p.why == CL_PORT_PROTOCOL) {
        snprintf(err, errlen, "invalid protocol \"%.*s\" in port \"%.*s\" (tcp, udp or sctp)", (int)p.protocol.len,
                 p.protocol.text, (int)n, s);
        return -1;
    }
    if (p.why == CL_PORT_RANGES) {
        snprintf(err, errlen, "port ranges of different sizes in \"%.*s\"", (int)n, s);
        return -1;
    }
    if (p.why) {
        snprintf(err, errlen, "invalid port \"%.*s\": expected [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]",
                 (int)(n > 200 ? 200 : n), s);
        return -1;
    }
    const char *ip = p.ip.text ? cl_arena_strndup(a, p.ip.text, p.ip.len) : NULL;
    const char *proto = cl_arena_strndup(a, p.protocol.text, p.protocol.len);
    const cl_port_part *c = &p.target, *h = &p.published;
    if (c->val != CL_VAL_KNOWN || (h->len && h->val != CL_VAL_KNOWN)) {
        /* not interpolated: one entry, the unknown parts as written */
        const char *tt = c->val != CL_VAL_KNOWN || c->hi != c->lo ? cl_arena_strndup(a, c->text, c->len) : NULL;
        const char *pub = h->len ? cl_arena_strndup(a, h->text, h->len) : NULL;
        cl_builder_push(b, port_entry(a, spec, c->lo, tt, pub, ip, proto));
        return 0;
    }
    for (long port = c->lo; port <= c->hi; port++) {
        char pub[32];
        const char *published = NULL;
        if (h->len) {
            if (c->hi != c->lo) snprintf(pub, sizeof pub, "%ld", h->lo + (port - c->lo));
            else if (h->hi != h->lo) snprintf(pub, sizeof pub, "%ld-%ld", h->lo, h->hi);
            else snprintf(pub, sizeof pub, "%ld", h->lo);
            published = pub;
        }
        cl_builder_push(b, port_entry(a, spec, port, NULL, published, ip, proto));
    }
    return 0;
}

int cl_is_windows_path(const char *s)
{
    return ((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')) && s[1] == ':' && (s[2] == '\\' || s[2] == '/');
}

int cl_is_host_path(const char *s)
{
    return s[0] == '.' || s[0] == '/' || s[0] == '~' || cl_is_windows_path(s);
}

static int is_propagation(const char *o, size_t n)
{
    static const char *p[] = { "shared", "rshared", "slave", "rslave", "private", "rprivate", NULL };
    for (int i = 0; p[i]; i++) if (word_is(o, n, p[i])) return 1;
    return 0;
}

/* Reads the comma-separated options O[0..N) (up to a NUL, as a C string) of
 * a volume spec into V: 0, or -1 with V's bad_option set. */
static int vol_options(const char *o, size_t n, cl_volume_spec *v)
{
    n = strnlen(o, n);
    for (size_t i = 0; i < n;) {
        const char *t = o + i, *comma = memchr(t, ',', n - i);
        size_t len = comma ? (size_t)(comma - t) : n - i;
        if (word_is(t, len, "ro")) v->ro = 1;
        else if (word_is(t, len, "rw") || word_is(t, len, "copy")) {}
        else if (word_is(t, len, "z") || word_is(t, len, "Z")) v->selinux = t;
        else if (word_is(t, len, "nocopy")) v->nocopy = 1;
        else if (is_propagation(t, len)) { v->propagation = t; v->propagation_len = len; }
        else if (word_is(t, len, "cached") || word_is(t, len, "delegated") || word_is(t, len, "consistent")) {
            v->consistency = t;
            v->consistency_len = len;
        } else {
            v->bad_option = t;
            v->bad_len = len;
            return -1;
        }
        i += len + 1;
    }
    return 0;
}

/* Is S[0..N) a host path (cl_is_host_path on just these bytes)? */
static int host_path_n(const char *s, size_t n)
{
    return n && (s[0] == '.' || s[0] == '/' || s[0] == '~' || (n >= 3 && cl_is_windows_path(s)));
}

cl_val cl_volume_read(const cl_node *spec, cl_volume_spec *v)
{
    memset(v, 0, sizeof *v);
    const char *s = spec->u.s.text;
    size_t n = spec->u.s.len;
    if (!n) { v->why = CL_VOL_EMPTY; return CL_VAL_INVALID; }
    /* split at ':' (a Windows drive "C:\" is not a separator) */
    const char *parts[3];
    size_t lens[3];
    int np = 0;
    size_t st = 0;
    /* without a '$' no "${...}" is skipped: memchr goes from ':' to ':' */
    int vars = memchr(s, '$', n) != NULL;
    for (size_t i = 0; i <= n; i++) {
        if (vars) {
            size_t j = skip_var(s, n, i);
            if (j > i) { i = j - 1; continue; }
        } else if (i < n) {
            const char *c = memchr(s + i, ':', n - i);
            i = c ? (size_t)(c - s) : n;
        }
        if (i < n && s[i] != ':') continue;
        if (i < n && i == st + 1 && i + 1 < n && (s[i + 1] == '\\' || s[i + 1] == '/') &&
            ((s[st] >= 'a' && s[st] <= 'z') || (s[st] >= 'A' && s[st] <= 'Z'))) continue;
        if (np == 3) { v->why = CL_VOL_COLONS; break; }
        parts[np] = s + st; lens[np] = i - st; np++;
        st = i + 1;
    }
    if (np == 1) { v->target = parts[0]; v->target_len = lens[0]; }
    else {
        v->source = parts[0]; v->source_len = lens[0];
        v->target = parts[1]; v->target_len = lens[1];
        v->bind = host_path_n(parts[0], lens[0]);
    }
    if (np == 3) { v->mode = parts[2]; v->mode_len = lens[2]; }
    if (v->why) return CL_VAL_INVALID;
    if (np > 1 && (!lens[0] || !lens[1])) { v->why = CL_VOL_PARTS; return CL_VAL_INVALID; }
    if (v->mode && !has_var(v->mode, v->mode_len) && vol_options(v->mode, v->mode_len, v)) {
        v->why = CL_VOL_OPTION;
        return CL_VAL_INVALID;
    }
    return vars && has_var(s, n) ? CL_VAL_UNKNOWN : CL_VAL_KNOWN;
}

cl_node *cl_volume_short(cl_arena *a, const cl_node *spec, const char *dir, char *err, size_t errlen)
{
    const char *s = spec->u.s.text;
    size_t n = spec->u.s.len;
    cl_volume_spec v;
    cl_volume_read(spec, &v);
    switch (v.why) {
    case CL_VOL_OK: break;
    case CL_VOL_EMPTY: snprintf(err, errlen, "empty volume"); return NULL;
    case CL_VOL_COLONS: snprintf(err, errlen, "invalid volume \"%.*s\": too many ':'", (int)n, s); return NULL;
    case CL_VOL_PARTS: snprintf(err, errlen, "invalid volume \"%.*s\": empty source or target", (int)n, s); return NULL;
    case CL_VOL_OPTION:
        snprintf(err, errlen, "invalid volume option \"%.*s\" in \"%.*s\"", (int)v.bad_len, v.bad_option, (int)n, s);
        return NULL;
    }
    if (!a) return (cl_node *)spec;      /* only checked */
    /* the maps get their keys in order, so that sorting keeps them */
    cl_builder m;
    cl_builder_map(&m);
    if (!v.source) {
        cl_builder_key(&m, CL_K_TARGET, str_at(a, v.target, v.target_len, spec));
        cl_builder_key(&m, CL_K_TYPE, str_at(a, "volume", 6, spec));
        return cl_node_at(cl_builder_finish(&m, a), spec);
    }
    char *src = cl_arena_strndup(a, v.source, v.source_len);
    int bind = v.bind;
    if (bind && !cl_is_windows_path(src)) src = cl_path_abs(a, dir, src);
    if (bind || v.selinux || v.propagation) {
        cl_builder bo;
        cl_builder_map(&bo);
        if (bind) cl_builder_key(&bo, CL_K_CREATE_HOST_PATH, cl_node_at(cl_new_bool(a, 1), spec));
        if (v.propagation) cl_builder_key(&bo, CL_K_PROPAGATION, str_at(a, v.propagation, v.propagation_len, spec));
        if (v.selinux) cl_builder_key(&bo, CL_K_SELINUX, str_at(a, v.selinux, 1, spec));
        cl_builder_key(&m, CL_K_BIND, cl_node_at(cl_builder_finish(&bo, a), spec));
    }
    if (v.consistency) cl_builder_key(&m, CL_K_CONSISTENCY, str_at(a, v.consistency, v.consistency_len, spec));
    if (v.ro) cl_builder_key(&m, CL_K_READ_ONLY, cl_node_at(cl_new_bool(a, 1), spec));
    cl_builder_key(&m, CL_K_SOURCE, str_at(a, src, strlen(src), spec));
    cl_builder_key(&m, CL_K_TARGET, str_at(a, v.target, v.target_len, spec));
    cl_builder_key(&m, CL_K_TYPE, str_at(a, bind ? "bind" : "volume", bind ? 4 : 6, spec));
    if (v.nocopy) {
        cl_builder vo;
        cl_builder_map(&vo);
        cl_builder_key(&vo, CL_K_NOCOPY, cl_node_at(cl_new_bool(a, 1), spec));
        cl_builder_key(&m, CL_K_VOLUME, cl_node_at(cl_builder_finish(&vo, a), spec));
    }
    return cl_node_at(cl_builder_finish(&m, a), spec);
}
