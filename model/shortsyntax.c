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
    char buf[32];
    for (int k = 0; k < 2; k++) {
        const char *p = k == 0 ? s : dash + 1;
        size_t len = k == 0 ? (dash ? (size_t)(dash - s) : n) : n - (size_t)(dash + 1 - s);
        if (!len || len >= sizeof buf) return -1;
        for (size_t i = 0; i < len; i++) if (p[i] < '0' || p[i] > '9') return -1;
        memcpy(buf, p, len);
        buf[len] = 0;
        long v = strtol(buf, NULL, 10);
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

/* TARGET_TEXT (a "${...}" target, as written) replaces TARGET when not NULL. */
static cl_node *port_entry(cl_arena *a, const cl_node *o, long target, const char *target_text, const char *published,
                           const char *ip, const char *proto)
{
    cl_builder m;             /* keys in order, so that sorting keeps the map */
    cl_builder_map(&m);
    if (ip) cl_builder_key(&m, CL_K_HOST_IP, str_at(a, ip, strlen(ip), o));
    cl_builder_key(&m, CL_K_MODE, str_at(a, "ingress", 7, o));
    cl_builder_key(&m, CL_K_PROTOCOL, str_at(a, proto, strlen(proto), o));
    if (published) cl_builder_key(&m, CL_K_PUBLISHED, str_at(a, published, strlen(published), o));
    cl_builder_key(&m, CL_K_TARGET, target_text ? str_at(a, target_text, strlen(target_text), o)
                                                : cl_node_at(cl_new_int(a, target), o));
    return cl_node_at(cl_builder_finish(&m, a), o);
}

int cl_port_short(cl_arena *a, const cl_node *spec, cl_builder *b, char *err, size_t errlen)
{
    const char *s = spec->u.s.text;
    size_t n = spec->u.s.len;
    char proto[16] = "tcp";
    const char *slash = find_sep(s, n, '/');
    if (slash) {
        size_t pl = n - (size_t)(slash + 1 - s);
        if (!pl || pl >= sizeof proto) goto bad;
        memcpy(proto, slash + 1, pl);
        proto[pl] = 0;
        if (!has_var(proto, pl) && strcmp(proto, "tcp") && strcmp(proto, "udp") && strcmp(proto, "sctp")) {
            snprintf(err, errlen, "invalid protocol \"%s\" in port \"%.*s\" (tcp, udp or sctp)", proto, (int)n, s);
            return -1;
        }
        n = (size_t)(slash - s);
    }
    char *ip = NULL;
    const char *rest = s;
    size_t rn = n;
    if (n && s[0] == '[') {
        const char *rb = memchr(s, ']', n);
        if (!rb || rb + 1 >= s + n || rb[1] != ':') goto bad;
        ip = cl_arena_strndup(a, s + 1, (size_t)(rb - s - 1));
        rest = rb + 2;
        rn = n - (size_t)(rest - s);
    }
    /* split REST at its last one or two colons */
    const char *c2 = NULL, *c1 = NULL;
    for (size_t i = 0; i < rn; i++) {
        size_t j = skip_var(rest, rn, i);
        if (j > i) i = j - 1;
        else if (rest[i] == ':') { c1 = c2; c2 = rest + i; }
    }
    const char *host = NULL, *cont = rest;
    size_t hn = 0, cn = rn;
    if (c2) {
        cont = c2 + 1; cn = rn - (size_t)(cont - rest);
        if (c1 || ip) {
            const char *h0 = c1 ? c1 + 1 : rest;
            host = h0; hn = (size_t)(c2 - h0);
            if (c1 && !ip) ip = cl_arena_strndup(a, rest, (size_t)(c1 - rest));
            else if (c1) goto bad;
        } else { host = rest; hn = (size_t)(c2 - rest); }
    }
    long clo = 0, chi = 0, hlo = 0, hhi = 0;
    int has_host = host && hn;
    int cvar = has_var(cont, cn), hvar = has_host && has_var(host, hn);
    if (!cvar && port_range(cont, cn, &clo, &chi)) goto bad;
    if (has_host && !hvar && port_range(host, hn, &hlo, &hhi)) goto bad;
    if (ip && !*ip) ip = NULL;
    if (cvar || hvar) {       /* not interpolated: one entry, the unknown parts as written */
        const char *tt = cvar || chi != clo ? cl_arena_strndup(a, cont, cn) : NULL;
        const char *pub = has_host ? cl_arena_strndup(a, host, hn) : NULL;
        cl_builder_push(b, port_entry(a, spec, clo, tt, pub, ip, proto));
        return 0;
    }
    if (has_host && chi != clo && hhi - hlo != chi - clo) {
        snprintf(err, errlen, "port ranges of different sizes in \"%.*s\"", (int)spec->u.s.len, s);
        return -1;
    }
    if (chi - clo > 65535) goto bad;
    for (long p = clo; p <= chi; p++) {
        char pub[32];
        const char *published = NULL;
        if (has_host) {
            if (chi != clo) snprintf(pub, sizeof pub, "%ld", hlo + (p - clo));
            else if (hhi != hlo) snprintf(pub, sizeof pub, "%ld-%ld", hlo, hhi);
            else snprintf(pub, sizeof pub, "%ld", hlo);
            published = pub;
        }
        cl_builder_push(b, port_entry(a, spec, p, NULL, published, ip, proto));
    }
    return 0;
bad:
    snprintf(err, errlen, "invalid port \"%.*s\": expected [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]",
             (int)(spec->u.s.len > 200 ? 200 : spec->u.s.len), s);
    return -1;
}

int cl_is_windows_path(const char *s)
{
    return ((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')) && s[1] == ':' && (s[2] == '\\' || s[2] == '/');
}

int cl_is_host_path(const char *s)
{
    return s[0] == '.' || s[0] == '/' || s[0] == '~' || cl_is_windows_path(s);
}

/* Is T[0..N) the word W? */
static int word_is(const char *t, size_t n, const char *w) { return strlen(w) == n && !memcmp(t, w, n); }

static int is_propagation(const char *o, size_t n)
{
    static const char *p[] = { "shared", "rshared", "slave", "rslave", "private", "rprivate", NULL };
    for (int i = 0; p[i]; i++) if (word_is(o, n, p[i])) return 1;
    return 0;
}

/* A volume's options (a later one of the same kind wins). */
typedef struct vol_opts {
    int ro, nocopy;
    const char *selinux, *propagation, *consistency;   /* into the spec's text */
    size_t plen, clen;
} vol_opts;

/* Reads the comma-separated options O[0..N) (up to a NUL, as a C string) of
 * volume SPEC into V: 0, or -1 with ERR filled. */
static int vol_options(const char *o, size_t n, const cl_node *spec, vol_opts *v, char *err, size_t errlen)
{
    n = strnlen(o, n);
    for (size_t i = 0; i < n;) {
        const char *t = o + i, *comma = memchr(t, ',', n - i);
        size_t len = comma ? (size_t)(comma - t) : n - i;
        if (word_is(t, len, "ro")) v->ro = 1;
        else if (word_is(t, len, "rw") || word_is(t, len, "copy")) {}
        else if (word_is(t, len, "z") || word_is(t, len, "Z")) v->selinux = t;
        else if (word_is(t, len, "nocopy")) v->nocopy = 1;
        else if (is_propagation(t, len)) { v->propagation = t; v->plen = len; }
        else if (word_is(t, len, "cached") || word_is(t, len, "delegated") || word_is(t, len, "consistent")) {
            v->consistency = t;
            v->clen = len;
        } else {
            snprintf(err, errlen, "invalid volume option \"%.*s\" in \"%.*s\"", (int)len, t, (int)spec->u.s.len,
                     spec->u.s.text);
            return -1;
        }
        i += len + 1;
    }
    return 0;
}

cl_node *cl_volume_short(cl_arena *a, const cl_node *spec, const char *dir, char *err, size_t errlen)
{
    const char *s = spec->u.s.text;
    size_t n = spec->u.s.len;
    if (!n) { snprintf(err, errlen, "empty volume"); return NULL; }
    /* split at ':' (a Windows drive "C:\" is not a separator) */
    const char *parts[3];
    size_t lens[3];
    int np = 0;
    size_t st = 0;
    for (size_t i = 0; i <= n; i++) {
        size_t j = skip_var(s, n, i);
        if (j > i) { i = j - 1; continue; }
        if (i < n && s[i] != ':') continue;
        if (i < n && i == st + 1 && i + 1 < n && (s[i + 1] == '\\' || s[i + 1] == '/') &&
            ((s[st] >= 'a' && s[st] <= 'z') || (s[st] >= 'A' && s[st] <= 'Z'))) continue;
        if (np == 3) { snprintf(err, errlen, "invalid volume \"%.*s\": too many ':'", (int)n, s); return NULL; }
        parts[np] = s + st; lens[np] = i - st; np++;
        st = i + 1;
    }
    if (np > 1 && (!lens[0] || !lens[1])) {
        snprintf(err, errlen, "invalid volume \"%.*s\": empty source or target", (int)n, s);
        return NULL;
    }
    vol_opts v = { 0, 0, NULL, NULL, NULL, 0, 0 };
    if (np == 3 && !has_var(parts[2], lens[2]) && vol_options(parts[2], lens[2], spec, &v, err, errlen)) return NULL;
    if (!a) return (cl_node *)spec;      /* only checked */
    /* the maps get their keys in order, so that sorting keeps them */
    cl_builder m;
    cl_builder_map(&m);
    if (np == 1) {
        cl_builder_key(&m, CL_K_TARGET, str_at(a, parts[0], lens[0], spec));
        cl_builder_key(&m, CL_K_TYPE, str_at(a, "volume", 6, spec));
        return cl_node_at(cl_builder_finish(&m, a), spec);
    }
    char *src = cl_arena_strndup(a, parts[0], lens[0]);
    int bind = cl_is_host_path(src);
    if (bind && !cl_is_windows_path(src)) src = cl_path_abs(a, dir, src);
    if (bind || v.selinux || v.propagation) {
        cl_builder bo;
        cl_builder_map(&bo);
        if (bind) cl_builder_key(&bo, CL_K_CREATE_HOST_PATH, cl_node_at(cl_new_bool(a, 1), spec));
        if (v.propagation) cl_builder_key(&bo, CL_K_PROPAGATION, str_at(a, v.propagation, v.plen, spec));
        if (v.selinux) cl_builder_key(&bo, CL_K_SELINUX, str_at(a, v.selinux, 1, spec));
        cl_builder_key(&m, CL_K_BIND, cl_node_at(cl_builder_finish(&bo, a), spec));
    }
    if (v.consistency) cl_builder_key(&m, CL_K_CONSISTENCY, str_at(a, v.consistency, v.clen, spec));
    if (v.ro) cl_builder_key(&m, CL_K_READ_ONLY, cl_node_at(cl_new_bool(a, 1), spec));
    cl_builder_key(&m, CL_K_SOURCE, str_at(a, src, strlen(src), spec));
    cl_builder_key(&m, CL_K_TARGET, str_at(a, parts[1], lens[1], spec));
    cl_builder_key(&m, CL_K_TYPE, str_at(a, bind ? "bind" : "volume", bind ? 4 : 6, spec));
    if (v.nocopy) {
        cl_builder vo;
        cl_builder_map(&vo);
        cl_builder_key(&vo, CL_K_NOCOPY, cl_node_at(cl_new_bool(a, 1), spec));
        cl_builder_key(&m, CL_K_VOLUME, cl_node_at(cl_builder_finish(&vo, a), spec));
    }
    return cl_node_at(cl_builder_finish(&m, a), spec);
}
