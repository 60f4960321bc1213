/* common.c - helpers shared by the emitters: scalar accessors, durations,
 * byte sizes, port entries and convert-unsupported reports (common.h). */
#include "common.h"
#include "../parser/buf.h"
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../model/shortsyntax.h"
#include "../model/values.h"

const char *cl_em_str(const cl_node *n)
{
    return n && n->kind == CL_SCALAR ? n->u.s.text : NULL;
}

int cl_em_true(const cl_node *n)
{
    int b;
    return cl_val_bool(n, &b) == CL_VAL_KNOWN && b;   /* as compose reads it: yes, "on", ${X} = true */
}

int cl_em_int(const cl_node *n, long long *out)
{
    if (!n || n->kind != CL_SCALAR) return 0;
    if (cl_scalar_int(n, out)) return 1;
    const char *s = n->u.s.text;
    if (!*s) return 0;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (*end || errno || !isdigit((unsigned char)s[s[0] == '-' || s[0] == '+'])) return 0;
    *out = v;
    return 1;
}

int cl_em_duration_text(const char *s, double *seconds)
{
    if (!s || !*s) return 0;
    char *end;
    /* a bare number is seconds */
    double v = strtod(s, &end);
    if (end != s && !*end && isdigit((unsigned char)s[0])) { *seconds = v; return v >= 0; }
    double total = 0;
    const char *p = s;
    while (*p) {
        if (!isdigit((unsigned char)*p) && *p != '.') return 0;
        errno = 0;
        v = strtod(p, &end);
        if (end == p || errno) return 0;
        p = end;
        double mul;
        if (!strncmp(p, "ms", 2)) { mul = 1e-3; p += 2; }
        else if (!strncmp(p, "us", 2)) { mul = 1e-6; p += 2; }
        else if (!strncmp(p, "\xc2\xb5s", 3)) { mul = 1e-6; p += 3; }
        else if (!strncmp(p, "ns", 2)) { mul = 1e-9; p += 2; }
        else if (*p == 'h') { mul = 3600; p++; }
        else if (*p == 'm') { mul = 60; p++; }
        else if (*p == 's') { mul = 1; p++; }
        else return 0;
        total += v * mul;
    }
    if (!isfinite(total)) return 0;
    *seconds = total;
    return 1;
}

int cl_em_duration(const cl_node *n, double *seconds)
{
    long long v;
    if (!n || n->kind != CL_SCALAR) return 0;
    if (cl_scalar_int(n, &v)) { if (v < 0) return 0; *seconds = (double)v; return 1; }
    return cl_em_duration_text(n->u.s.text, seconds);
}

int cl_em_bytes_text(const char *s, long long *bytes)
{
    if (!s || !isdigit((unsigned char)*s)) return 0;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s) return 0;
    char u[4] = { 0 };
    size_t n = strlen(end);
    if (n > 2) return 0;
    for (size_t i = 0; i < n; i++) u[i] = (char)tolower((unsigned char)end[i]);
    double mul;
    if (!*u || !strcmp(u, "b")) mul = 1;
    else if (!strcmp(u, "k") || !strcmp(u, "kb")) mul = 1024.0;
    else if (!strcmp(u, "m") || !strcmp(u, "mb")) mul = 1024.0 * 1024;
    else if (!strcmp(u, "g") || !strcmp(u, "gb")) mul = 1024.0 * 1024 * 1024;
    else if (!strcmp(u, "t") || !strcmp(u, "tb")) mul = 1024.0 * 1024 * 1024 * 1024;
    else return 0;
    double r = v * mul;
    if (!isfinite(r) || r > 9.0e18) return 0;
    *bytes = (long long)r;
    return 1;
}

int cl_em_bytes(const cl_node *n, long long *bytes)
{
    long long v;
    if (!n || n->kind != CL_SCALAR) return 0;
    if (cl_scalar_int(n, &v)) { if (v < 0) return 0; *bytes = v; return 1; }
    return cl_em_bytes_text(n->u.s.text, bytes);
}

int cl_em_port_read(const cl_node *e, cl_em_port *p)
{
    memset(p, 0, sizeof *p);
    p->protocol = "tcp";
    p->mode = "ingress";
    p->node = e;
    if (!e || e->kind != CL_MAP) return 0;
    cl_port_spec s;     /* as the model reads it; the protocol and host_ip as written */
    cl_port_read(e, &s);
    if (s.target.val != CL_VAL_KNOWN || s.target.lo != s.target.hi) return 0;
    if (s.published.len && s.published.val != CL_VAL_KNOWN) return 0;
    p->target = s.target.lo;
    p->published_lo = s.published.len ? s.published.lo : 0;
    p->published_hi = s.published.len ? s.published.hi : 0;
    p->protocol = s.protocol.text;
    p->host_ip = s.ip.text;
    const char *m;
    if ((m = cl_em_str(cl_map_get(e, "mode"))) && *m) p->mode = m;
    if ((m = cl_em_str(cl_map_get(e, "name"))) && *m) p->name = m;
    return 1;
}

const cl_em_drop *cl_em_drop_find(const cl_em_drop *t, const char *key)
{
    for (; t->key; t++) if (!strcmp(t->key, key)) return t;
    return NULL;
}

cl_diag *cl_em_vdiag(cl_diags *d, cl_severity sev, const char *code, const cl_node *at,
                     const char *path, const char *prefix, const char *fmt, va_list ap)
{
    cl_diag *g = cl_diag_vadd(d, sev, code, cl_node_span(at), fmt, ap);
    if (prefix && *prefix) {
        cl_buf m;
        cl_buf_init(&m);
        cl_buf_puts(&m, prefix);
        cl_buf_puts(&m, g->message);
        free(g->message);
        g->message = cl_buf_steal(&m);
    }
    if (path) cl_diag_set_path(g, path);
    return g;
}

/* "<what>: '<key>' is not converted: <reason>" at PATH; WHAT and PATH are
 * printf'd from the two pieces each caller gives. */
static cl_diag *vreport(cl_diags *d, cl_severity sev, cl_buf *what, cl_buf *path,
                        const char *key, const cl_node *at, const char *fmt, va_list ap)
{
    cl_buf_printf(what, ": '%s' is not converted: ", key);
    cl_diag *g = cl_em_vdiag(d, sev, "convert-unsupported", at, cl_buf_cstr(path), cl_buf_cstr(what), fmt, ap);
    cl_buf_free(what);
    cl_buf_free(path);
    return g;
}

cl_diag *cl_em_vunsupported(cl_diags *d, cl_severity sev, const char *target, const char *service,
                            const char *key, const cl_node *at, const char *fmt, va_list ap)
{
    cl_buf what, path;
    cl_buf_init(&what);
    cl_buf_init(&path);
    cl_buf_printf(&what, "%s: service '%s'", target, service);
    cl_buf_printf(&path, "services.%s.%s", service, key);
    return vreport(d, sev, &what, &path, key, at, fmt, ap);
}

cl_diag *cl_em_vunsupported_top(cl_diags *d, cl_severity sev, const char *target, const char *section,
                                const char *name, const char *key, const cl_node *at, const char *fmt, va_list ap)
{
    cl_buf what, path;
    cl_buf_init(&what);
    cl_buf_init(&path);
    if (name) {
        cl_buf_printf(&what, "%s: %s '%s'", target, section, name);
        cl_buf_printf(&path, "%s.%s.%s", section, name, key);
    } else {
        cl_buf_printf(&what, "%s: top level", target);
        cl_buf_puts(&path, key);
    }
    return vreport(d, sev, &what, &path, key, at, fmt, ap);
}

cl_diag *cl_em_unsupported(cl_diags *d, cl_severity sev, const char *target, const char *service,
                           const char *key, const cl_node *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cl_diag *g = cl_em_vunsupported(d, sev, target, service, key, at, fmt, ap);
    va_end(ap);
    return g;
}

cl_diag *cl_em_unsupported_top(cl_diags *d, cl_severity sev, const char *target, const char *section,
                               const char *name, const char *key, const cl_node *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cl_diag *g = cl_em_vunsupported_top(d, sev, target, section, name, key, at, fmt, ap);
    va_end(ap);
    return g;
}
