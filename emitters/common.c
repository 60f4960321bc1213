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

/* The common duration, digits and one unit ("30s", "500ms", "2m"), read as
 * the general way below reads it (a whole number of at most 15 digits is the
 * double strtod gives), without strtod's cost; 0 when S is not one. */
static int duration_simple(const char *s, double *seconds)
{
    long long v = 0;
    size_t n = 0;
    for (; isdigit((unsigned char)s[n]); n++) {
        if (n == 15) return 0;
        v = v * 10 + (s[n] - '0');
    }
    if (!n) return 0;
    const char *u = s + n;
    double mul;
    if (!*u) mul = 1;   /* a bare number: seconds */
    else if (!strcmp(u, "s")) mul = 1;
    else if (!strcmp(u, "m")) mul = 60;
    else if (!strcmp(u, "h")) mul = 3600;
    else if (!strcmp(u, "ms")) mul = 1e-3;
    else return 0;
    *seconds = *u ? 0.0 + (double)v * mul : (double)v;
    return 1;
}

int cl_em_duration_text(const char *s, double *seconds)
{
    if (!s || !*s) return 0;
    if (duration_simple(s, seconds)) return 1;
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

cl_em_image_kind cl_em_image(cl_arena *a, const cl_project *p, const char *svc, const cl_node *def,
                             const cl_emit_opts *o, cl_diags *d, const char *target, const char **ref)
{
    *ref = NULL;
    const cl_node *in = def && def->kind == CL_MAP ? cl_map_get(def, "image") : NULL;
    if (in && in->type != CL_T_NULL) {
        const char *s = cl_em_str(in);
        size_t n = s ? strlen(s) : 0;
        if (!n || s[n - 1] == ':' || s[n - 1] == '@') {
            if (d) {
                cl_diag *g = n ? cl_diag_add(d, CL_SEV_ERROR, "convert-error", cl_node_span(in),
                                             "%s: service '%s': image '%s' ends in '%c': its %s is empty (a variable unset?)",
                                             target, svc, s, s[n - 1], s[n - 1] == ':' ? "tag" : "digest")
                               : cl_diag_add(d, CL_SEV_ERROR, "convert-error", cl_node_span(in),
                                             "%s: service '%s': image is empty (a variable unset?)", target, svc);
                cl_diag_set_path(g, cl_arena_printf(a, "services.%s.image", svc));
            }
            return CL_EM_IMAGE_BAD;
        }
        *ref = s;
        return CL_EM_IMAGE_GIVEN;
    }
    if (!def || def->kind != CL_MAP || !cl_map_get(def, "build")) return CL_EM_IMAGE_NONE;
    const char *proj = p && p->name ? p->name : p ? cl_em_str(cl_map_get(p->root, "name")) : NULL;
    const char *prefix = o ? o->image_prefix : NULL, *tag = o ? o->image_tag : NULL;
    size_t pl = prefix ? strlen(prefix) : 0;
    while (pl && prefix[pl - 1] == '/') pl--;
    char *name = cl_arena_printf(a, "%s-%s", proj && *proj ? proj : "compose", svc);
    for (char *c = name; *c; c++) *c = (char)tolower((unsigned char)*c);   /* docker refuses capitals */
    *ref = cl_arena_printf(a, "%.*s%s%s%s%s", (int)pl, pl ? prefix : "", pl ? "/" : "", name,
                           tag && *tag ? ":" : "", tag && *tag ? tag : "");
    return CL_EM_IMAGE_BUILT;
}

void cl_em_image_built(cl_diags *d, const char *target, const char *svc, const cl_node *at, const char *ref)
{
    cl_diag *g = cl_diag_add(d, CL_SEV_INFO, "convert-caveat", cl_node_span(at),
                             "%s: service '%s': image '%s' comes from 'build', which %s does not do: build it and push "
                             "it to a registry the nodes pull from before deploying", target, svc, ref, target);
    cl_buf path;
    cl_buf_init(&path);
    cl_buf_printf(&path, "services.%s.build", svc);
    cl_diag_set_path(g, cl_buf_cstr(&path));
    cl_buf_free(&path);
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

const cl_em_key *cl_em_key_find(const cl_em_key *t, const char *key)
{
    const cl_em_key *ext = NULL;
    for (; t->key; t++) {   /* the first byte first: a table is searched for every key of every service */
        if (t->key[0] == key[0] && !strcmp(t->key, key)) return t;
        if (t->key[0] == 'x' && t->key[1] == '-' && !t->key[2]) ext = t;
    }
    return ext && !strncmp(key, "x-", 2) ? ext : NULL;
}

/* KEY's row in TABLES (IX: their index, or NULL): the first table's that names
 * it, else the first whose "x-" row takes an extension key, else the end row
 * of the last table. */
static const cl_em_key *row_of(const cl_em_key *const *tables, const cl_em_keys *ix, const char *key)
{
    const cl_em_key *row = NULL, *const *t = tables;
    if (ix && strncmp(key, "x-", 2)) {
        const cl_strmap_ent *e = cl_strmap_get(&ix->rows, key, strlen(key));
        if (e) return e->val;
        while (*t) t++;
    } else {
        for (; *t && !row; t++) row = cl_em_key_find(*t, key);
        if (row) return row;
    }
    for (row = t[-1]; row->key; row++) {}   /* the end row of the last table */
    return row;
}

static int walk(cl_diags *d, const char *target, const char *service, const cl_node *def,
                const cl_em_key *const *tables, const cl_em_keys *ix, void *ctx)
{
    int errors = 0;
    for (uint32_t i = 0; def && def->kind == CL_MAP && i < def->u.m.n; i++) {
        const cl_pair *pr = &def->u.m.items[i];
        const char *key = cl_em_str(pr->key);
        if (!key) continue;
        const cl_em_key *row = row_of(tables, ix, key);
        if (row->fn) { row->fn(ctx, pr); continue; }
        if (!row->why) continue;
        const cl_node *at = pr->key && cl_node_src(pr->key) ? pr->key : pr->value;
        if (ix && ix->unsupported) ix->unsupported(ctx, row, key, at);
        else cl_em_unsupported(d, row->sev, target, service, key, at, "%s", row->why);
        errors += row->sev == CL_SEV_ERROR;
    }
    return errors;
}

int cl_em_walk(cl_diags *d, const char *target, const char *service, const cl_node *def,
               const cl_em_key *const *tables, void *ctx)
{
    return walk(d, target, service, def, tables, NULL, ctx);
}

void cl_em_keys_init(cl_em_keys *ix, const cl_em_key *const *tables)
{
    ix->tables = tables;
    ix->unsupported = NULL;
    cl_strmap_init(&ix->rows);
    for (const cl_em_key *const *t = tables; *t; t++)   /* the first row naming a key wins, as the search finds it */
        for (const cl_em_key *row = *t; row->key; row++) cl_strmap_put(&ix->rows, row->key, strlen(row->key), row, 0, NULL);
}

void cl_em_keys_free(cl_em_keys *ix) { cl_strmap_free(&ix->rows); }

int cl_em_walk_in(cl_diags *d, const char *target, const char *service, const cl_node *def,
                  const cl_em_keys *ix, void *ctx)
{
    return walk(d, target, service, def, ix->tables, ix, ctx);
}

cl_diag *cl_em_vdiag(cl_diags *d, cl_severity sev, const char *code, const cl_node *at,
                     const char *path, const char *prefix, const char *fmt, va_list ap)
{
    return cl_diag_vadd_prefixed(d, sev, code, cl_node_span(at), path, prefix, fmt, ap);
}

cl_diag *cl_em_vdiag_pieces(cl_diags *d, cl_severity sev, const char *code, const cl_node *at,
                            const char *const *path, size_t npath, const char *const *prefix, size_t nprefix,
                            const char *fmt, va_list ap)
{
    const char *const *lists[] = { path, prefix };
    size_t counts[] = { npath, nprefix }, len[16], need = 2, p = 0;
    if (npath + nprefix > 16) abort();
    for (int l = 0; l < 2; l++)
        for (size_t i = 0; i < counts[l]; i++) need += len[p++] = strlen(lists[l][i] ? lists[l][i] : "(null)");
    char small[512];
    char *t = need <= sizeof small ? small : malloc(need);
    if (!t) abort();
    size_t at_prefix = 0, n = 0;
    p = 0;
    for (int l = 0; l < 2; l++) {
        for (size_t i = 0; i < counts[l]; i++, p++) {
            memcpy(t + n, lists[l][i] ? lists[l][i] : "(null)", len[p]);
            n += len[p];
        }
        if (l == 0) { t[n++] = 0; at_prefix = n; }
    }
    t[n] = 0;
    cl_diag *g = cl_em_vdiag(d, sev, code, at, t, t + at_prefix, fmt, ap);
    if (t != small) free(t);
    return g;
}

/* "<what>: '<key>' is not converted: <reason>" at PATH (the pieces given). */
static cl_diag *vreport(cl_diags *d, cl_severity sev, const char *const *path, size_t npath,
                        const char *const *what, size_t nwhat, const char *key, const cl_node *at,
                        const char *fmt, va_list ap)
{
    const char *prefix[9];
    memcpy(prefix, what, nwhat * sizeof *what);
    prefix[nwhat] = ": '"; prefix[nwhat + 1] = key; prefix[nwhat + 2] = "' is not converted: ";
    return cl_em_vdiag_pieces(d, sev, "convert-unsupported", at, path, npath, prefix, nwhat + 3, fmt, ap);
}

cl_diag *cl_em_vunsupported(cl_diags *d, cl_severity sev, const char *target, const char *service,
                            const char *key, const cl_node *at, const char *fmt, va_list ap)
{
    return vreport(d, sev, (const char *[]){ "services.", service, ".", key }, 4,
                   (const char *[]){ target, ": service '", service, "'" }, 4, key, at, fmt, ap);
}

cl_diag *cl_em_vunsupported_top(cl_diags *d, cl_severity sev, const char *target, const char *section,
                                const char *name, const char *key, const cl_node *at, const char *fmt, va_list ap)
{
    if (!name) return vreport(d, sev, (const char *[]){ key }, 1, (const char *[]){ target, ": top level" }, 2, key, at, fmt, ap);
    return vreport(d, sev, (const char *[]){ section, ".", name, ".", key }, 5,
                   (const char *[]){ target, ": ", section, " '", name, "'" }, 6, key, at, fmt, ap);
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
