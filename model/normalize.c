/* normalize.c - services' short syntax to long syntax, env_file merging,
 * default networks, resource names, sorted keys. */
#include "normalize.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "casts.h"
#include "cow.h"
#include "dotenv.h"
#include "keys.h"
#include "path.h"
#include "shortsyntax.h"
#include "values.h"

const char *cl_text(const cl_node *n) { return n && n->kind == CL_SCALAR ? n->u.s.text : NULL; }

static void nerr(cl_norm *n, const cl_node *at, const char *code, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void nerr(cl_norm *n, const cl_node *at, const char *code, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cl_diag_add(n->diags, CL_SEV_ERROR, code, cl_node_span(at), "%s", msg);
    n->errors++;
}

static int is_null(const cl_node *v) { return !v || (v->kind == CL_SCALAR && v->type == CL_T_NULL); }

static cl_node *str_of(cl_norm *n, const cl_node *v)
{
    if (v->kind != CL_SCALAR || v->type == CL_T_STR) return (cl_node *)v;
    return cl_node_at(cl_new_scalar(n->a, v->u.s.text, v->u.s.len, CL_T_STR), v);
}

static cl_node *str_at(cl_norm *n, const char *s, const cl_node *origin)
{
    return cl_node_at(cl_new_str(n->a, s), origin);
}

#define MARKS (CL_NF_RESET | CL_NF_OVERRIDE)

/* Copy-on-write: each normalizer returns its input when the long form is the
 * same. A node the normalizers would rebuild keeps its input only when it has
 * no !reset / !override mark: a rebuilt node never carried one. */

/* Are all of map or sequence V's values string scalars (so normalizing keeps V as it is)? */
static int all_strings(const cl_node *v)
{
    if (v->flags & MARKS) return 0;
    uint32_t k = v->kind == CL_MAP ? v->u.m.n : v->u.q.n;
    for (uint32_t i = 0; i < k; i++) {
        const cl_node *x = v->kind == CL_MAP ? v->u.m.items[i].value : v->u.q.items[i];
        if (!x || x->kind != CL_SCALAR || x->type != CL_T_STR) return 0;
    }
    return 1;
}

/* environment / labels / args / sysctls: list "K=V" or mapping -> {K: str|null}.
 * BARE_NULL: a list item without '=' gives null (environment) instead of "". */
static cl_node *to_kv_map(cl_norm *n, const cl_node *v, const char *what, int bare_null)
{
    if (is_null(v)) return cl_node_at(cl_new_map(n->a, NULL, 0), v);
    if (v->kind == CL_MAP && all_strings(v)) return (cl_node *)v;
    cl_builder b;
    cl_builder_map(&b);
    if (v->kind == CL_SEQ) {
        for (uint32_t i = 0; i < v->u.q.n; i++) {
            const cl_node *it = v->u.q.items[i];
            if (it->kind != CL_SCALAR || is_null(it)) { nerr(n, it, "compose-type", "%s entries must be strings \"KEY=VALUE\"", what); continue; }
            const char *t = it->u.s.text, *eq = strchr(t, '=');
            cl_node *k = cl_node_at(cl_new_scalar(n->a, t, eq ? (size_t)(eq - t) : it->u.s.len, CL_T_STR), it);
            cl_node *val = eq ? str_at(n, eq + 1, it)
                         : bare_null ? cl_node_at(cl_new_null(n->a), it) : str_at(n, "", it);
            cl_builder_set(&b, k, val);
        }
    } else if (v->kind == CL_MAP) {
        for (uint32_t i = 0; i < v->u.m.n; i++) {
            const cl_pair *p = &v->u.m.items[i];
            cl_node *val = p->value;
            if (is_null(val)) val = cl_node_at(bare_null ? cl_new_null(n->a) : cl_new_str(n->a, ""), p->value ? p->value : p->key);
            else if (val->kind != CL_SCALAR) { nerr(n, val, "compose-type", "%s values must be strings, numbers or booleans", what); continue; }
            else val = str_of(n, val);
            cl_builder_set(&b, p->key, val);
        }
    } else {
        nerr(n, v, "compose-type", "%s must be a mapping or a list of \"KEY=VALUE\"", what);
    }
    return cl_node_at(cl_builder_finish(&b, n->a), v);
}

static cl_node *str_list(cl_norm *n, const cl_node *v, const char *what)
{
    if (v->kind == CL_SCALAR && !is_null(v)) return cl_node_at(cl_new_seq(n->a, (cl_node *[]){ str_of(n, v) }, 1), v);
    if (v->kind != CL_SEQ) { if (!is_null(v)) nerr(n, v, "compose-type", "%s must be a list", what); return (cl_node *)v; }
    if (all_strings(v)) return (cl_node *)v;
    cl_builder b;
    cl_builder_seq(&b);
    for (uint32_t i = 0; i < v->u.q.n; i++) {
        const cl_node *it = v->u.q.items[i];
        if (it->kind != CL_SCALAR) { nerr(n, it, "compose-type", "%s entries must be strings", what); continue; }
        cl_builder_push(&b, str_of(n, it));
    }
    return cl_node_at(cl_builder_finish(&b, n->a), v);
}

static cl_node *norm_command(cl_norm *n, const cl_node *v, const char *what)
{
    if (is_null(v) || v->kind == CL_SEQ) return v->kind == CL_SEQ ? str_list(n, v, what) : (cl_node *)v;
    if (v->kind != CL_SCALAR) { nerr(n, v, "compose-type", "%s must be a string or a list", what); return (cl_node *)v; }
    char err[512];
    cl_node *r = cl_shell_split(n->a, v, err, sizeof err);
    if (!r) { nerr(n, v, "compose-command", "%s", err); return (cl_node *)v; }
    return r;
}

static int is_url_context(const char *s)
{
    return strstr(s, "://") || !strncmp(s, "git@", 4) || !strncmp(s, "github.com/", 11);
}

static cl_node *abs_at(cl_norm *n, const cl_node *v)
{
    if (v->kind != CL_SCALAR || is_null(v)) return (cl_node *)v;
    if (is_url_context(v->u.s.text)) return (cl_node *)v;
    return str_at(n, cl_path_abs(n->a, n->dir, v->u.s.text), v);
}

static cl_node *norm_build(cl_norm *n, const cl_node *v)
{
    cl_builder b;
    cl_builder_map(&b);
    if (v->kind == CL_SCALAR && !is_null(v)) {
        cl_builder_key(&b, CL_K_CONTEXT, abs_at(n, v));
        cl_builder_key(&b, CL_K_DOCKERFILE, str_at(n, "Dockerfile", v));
        return cl_node_at(cl_builder_finish(&b, n->a), v);
    }
    if (v->kind != CL_MAP) { cl_builder_discard(&b); nerr(n, v, "compose-type", "build must be a string or a mapping"); return (cl_node *)v; }
    for (uint32_t i = 0; i < v->u.m.n; i++) {
        const cl_pair *p = &v->u.m.items[i];
        const char *k = p->key->u.s.text;
        cl_node *val = p->value;
        if (!strcmp(k, "context")) val = abs_at(n, val);
        else if ((!strcmp(k, "args") || !strcmp(k, "labels")) && val) val = to_kv_map(n, val, k, !strcmp(k, "args"));
        cl_builder_set(&b, p->key, val);
    }
    if (!cl_map_get(v, "context")) cl_builder_key(&b, CL_K_CONTEXT, str_at(n, n->dir, v));
    if (!cl_map_get(v, "dockerfile") && !cl_map_get(v, "dockerfile_inline"))
        cl_builder_key(&b, CL_K_DOCKERFILE, str_at(n, "Dockerfile", v));
    return cl_node_at(cl_builder_finish(&b, n->a), v);
}

static cl_node *int_of(cl_norm *n, const cl_node *v, const char *what)
{
    long long x;
    if (v->kind == CL_SCALAR && v->type == CL_T_INT) return (cl_node *)v;
    if (v->kind == CL_SCALAR && cl_resolve_plain(v->u.s.text, v->u.s.len) == CL_T_INT) {
        cl_node *r = cl_node_at(cl_new_scalar(n->a, v->u.s.text, v->u.s.len, CL_T_INT), v);
        if (cl_scalar_int(r, &x)) return r;
    }
    nerr(n, v, "compose-type", "%s must be a whole number, got \"%s\"", what, v->kind == CL_SCALAR ? v->u.s.text : "a collection");
    return (cl_node *)v;
}

/* ports and volumes: a list whose entries are short-syntax strings or mappings */
static int long_list(cl_norm *n, const cl_node *v, const char *what, cl_builder *b)
{
    if (v->kind != CL_SEQ) { if (!is_null(v)) nerr(n, v, "compose-type", "%s must be a list", what); return -1; }
    cl_builder_seq(b);
    return 0;
}

/* A port mapping already in long form: target a number, published a string,
 * protocol and mode given. */
static int long_port(const cl_node *it)
{
    if (it->kind != CL_MAP || (it->flags & MARKS) || !cl_map_get(it, "protocol") || !cl_map_get(it, "mode")) return 0;
    const cl_node *t = cl_map_get(it, "target"), *p = cl_map_get(it, "published");
    return (!t || (t->kind == CL_SCALAR && t->type == CL_T_INT)) && (!p || p->kind != CL_SCALAR || p->type == CL_T_STR);
}

/* A short port spec the rules read as written (for rules alone, unrendered):
 * one port on each side, nothing left to interpolate, no merge marks. Its
 * long form would be one entry that cl_port_read reads the same; a range
 * stays normalized, into one entry per port as the rules expect. */
static int short_port_kept(const cl_norm *n, const cl_node *it)
{
    cl_port_spec p;
    if (!n->unrendered || it->kind != CL_SCALAR || is_null(it) || (it->flags & MARKS) ||
        memchr(it->u.s.text, '$', it->u.s.len))
        return 0;
    return cl_port_read(it, &p) == CL_VAL_KNOWN && p.target.lo == p.target.hi &&
           (!p.published.len || p.published.lo == p.published.hi);
}

/* An entry of a ports list that normalizing keeps as it is. */
static int port_kept(const cl_norm *n, const cl_node *it) { return long_port(it) || short_port_kept(n, it); }

static cl_node *norm_ports(cl_norm *n, const cl_node *v)
{
    uint32_t same = 0;
    while (v->kind == CL_SEQ && same < v->u.q.n && port_kept(n, v->u.q.items[same])) same++;
    if (v->kind == CL_SEQ && same == v->u.q.n && !(v->flags & MARKS)) return (cl_node *)v;
    cl_builder b;
    if (long_list(n, v, "ports", &b)) return (cl_node *)v;
    for (uint32_t i = 0; i < v->u.q.n; i++) {
        const cl_node *it = v->u.q.items[i];
        char err[512];
        if (short_port_kept(n, it)) { cl_builder_push(&b, (cl_node *)it); continue; }
        if (it->kind == CL_SCALAR && !is_null(it)) {
            if (cl_port_short(n->a, it, &b, err, sizeof err)) nerr(n, it, "compose-port", "%s", err);
            continue;
        }
        if (it->kind != CL_MAP) { nerr(n, it, "compose-type", "a port must be a string, a number or a mapping"); continue; }
        if (long_port(it)) { cl_builder_push(&b, (cl_node *)it); continue; }
        cl_builder m;
        cl_builder_map(&m);
        for (uint32_t j = 0; j < it->u.m.n; j++) {
            const cl_pair *p = &it->u.m.items[j];
            cl_node *val = p->value;
            if (!strcmp(p->key->u.s.text, "target") && val) val = int_of(n, val, "a port's target");
            else if (!strcmp(p->key->u.s.text, "published") && val && val->kind == CL_SCALAR) val = str_of(n, val);
            cl_builder_set(&m, p->key, val);
        }
        if (!cl_map_get(it, "protocol")) cl_builder_key(&m, CL_K_PROTOCOL, str_at(n, "tcp", it));
        if (!cl_map_get(it, "mode")) cl_builder_key(&m, CL_K_MODE, str_at(n, "ingress", it));
        cl_builder_push(&b, cl_node_at(cl_builder_finish(&m, n->a), it));
    }
    return cl_node_at(cl_builder_finish(&b, n->a), v);
}

/* Map IT with the value of KEY replaced by V (NULL: IT as it is). */
static cl_node *with_value(cl_norm *n, const cl_node *it, const char *key, cl_node *v)
{
    if (!v) return (cl_node *)it;
    cl_cow w;
    cl_cow_init(&w, n->a, it);
    for (uint32_t i = 0; i < it->u.m.n; i++)
        if (cl_scalar_is(it->u.m.items[i].key, key)) cl_cow_set(&w, i, cl_node_at(v, it->u.m.items[i].value));
    return cl_cow_done(&w);
}

/* A boolean field given as a string compose-go casts (yes, "on", ${X}: its
 * toBoolean in loader/interpolate.go) as the boolean compose uses; V as it is
 * otherwise (a boolean already, or not one compose reads). With N NULL only
 * tells: V when it is such a string, else NULL. */
static cl_node *bool_of(cl_norm *n, const cl_node *v)
{
    int b;
    if (!v || cl_val_yaml_type(v) != CL_T_STR || cl_val_bool(v, &b) != CL_VAL_KNOWN) return n ? (cl_node *)v : NULL;
    return n ? cl_node_at(cl_new_bool(n->a, b), v) : (cl_node *)v;
}

/* A volume's read_only given as a string compose-go casts (loader/interpolate.go). */
static int read_only_string(const cl_node *it)
{
    return bool_of(NULL, cl_map_get(it, "read_only")) != NULL;
}

/* A volume mapping normalizing rebuilds: a bind whose source is made absolute. */
static int bind_source(const cl_node *it)
{
    const char *type = cl_text(cl_map_get(it, "type"));
    const cl_node *src = cl_map_get(it, "source");
    return type && !strcmp(type, "bind") && src && src->kind == CL_SCALAR && !is_null(src) && !cl_is_windows_path(src->u.s.text);
}

/* A volume mapping normalizing rebuilds: a bind whose source is made
 * absolute, or a read_only to make a boolean. */
static int volume_rebuilt(const cl_node *it) { return bind_source(it) || read_only_string(it); }

/* Are all items of sequence V mappings (that BIND_SOURCE, when given, leaves alone)? */
static int all_maps(const cl_node *v, int (*rebuilt)(const cl_node *))
{
    if (v->kind != CL_SEQ || (v->flags & MARKS)) return 0;
    for (uint32_t i = 0; i < v->u.q.n; i++)
        if (v->u.q.items[i]->kind != CL_MAP || (rebuilt && rebuilt(v->u.q.items[i]))) return 0;
    return 1;
}

static cl_node *norm_volumes(cl_norm *n, const cl_node *v)
{
    if (all_maps(v, volume_rebuilt)) return (cl_node *)v;
    cl_builder b;
    if (long_list(n, v, "volumes", &b)) return (cl_node *)v;
    /* no rule reads a volume of the project: for rules alone (unrendered) the
     * specs are only checked, and V is kept as written */
    cl_arena *a = n->unrendered ? NULL : n->a;
    for (uint32_t i = 0; i < v->u.q.n; i++) {
        const cl_node *it = v->u.q.items[i];
        char err[512];
        if (it->kind == CL_SCALAR && !is_null(it)) {
            cl_node *r = cl_volume_short(a, it, n->dir, err, sizeof err);
            if (r) cl_builder_push(&b, r);
            else nerr(n, it, "compose-volume", "%s", err);
            continue;
        }
        if (it->kind != CL_MAP) { nerr(n, it, "compose-type", "a volume must be a string or a mapping"); continue; }
        if (bind_source(it) && !n->unrendered) {
            const cl_node *src = cl_map_get(it, "source");
            cl_builder m;
            cl_builder_map(&m);
            for (uint32_t j = 0; j < it->u.m.n; j++) cl_builder_set(&m, it->u.m.items[j].key, it->u.m.items[j].value);
            cl_builder_key(&m, CL_K_SOURCE, str_at(n, cl_path_abs(n->a, n->dir, src->u.s.text), src));
            it = cl_node_at(cl_builder_finish(&m, n->a), it);
        }
        if (!n->unrendered) it = read_only_string(it) ? with_value(n, it, "read_only", bool_of(n, cl_map_get(it, "read_only"))) : it;
        cl_builder_push(&b, (cl_node *)it);
    }
    if (!n->unrendered) return cl_node_at(cl_builder_finish(&b, n->a), v);
    cl_builder_discard(&b);
    return (cl_node *)v;
}

/* Is file mode M (a secret's or config's mode) a number compose reads
 * otherwise than it is written? Then *V is that number: 292 for a plain 0444
 * (go-yaml v3's legacy octal) or 0o444, and for "0444" or "444" (compose-go's
 * FileMode reads a string as octal: types/types.go). */
static int mode_retyped_to(const cl_node *m, long long *v)
{
    if (cl_val_mode(m, v) != CL_VAL_KNOWN) return 0;
    char dec[32];
    snprintf(dec, sizeof dec, "%lld", *v);
    return !(m->type == CL_T_INT && !strcmp(m->u.s.text, dec));
}

static int mode_retyped(const cl_node *it)
{
    long long v;
    return mode_retyped_to(cl_map_get(it, "mode"), &v);
}

/* Entry IT with its mode as the number compose reads. */
static cl_node *with_mode(cl_norm *n, const cl_node *it)
{
    long long v;
    return with_value(n, it, "mode", mode_retyped_to(cl_map_get(it, "mode"), &v) ? cl_new_int(n->a, v) : NULL);
}

/* secrets / configs of a service: names or {source, target, uid, gid, mode}. */
static cl_node *norm_refs(cl_norm *n, const cl_node *v, const char *what)
{
    if (v->kind != CL_SEQ) { if (!is_null(v)) nerr(n, v, "compose-type", "%s must be a list", what); return (cl_node *)v; }
    if (all_maps(v, mode_retyped)) return (cl_node *)v;
    cl_builder b;
    cl_builder_seq(&b);
    for (uint32_t i = 0; i < v->u.q.n; i++) {
        const cl_node *it = v->u.q.items[i];
        if (it->kind == CL_SCALAR && !is_null(it)) {
            cl_builder m;
            cl_builder_map(&m);
            cl_builder_key(&m, CL_K_SOURCE, str_of(n, it));
            cl_builder_push(&b, cl_node_at(cl_builder_finish(&m, n->a), it));
        } else if (it->kind == CL_MAP) cl_builder_push(&b, with_mode(n, it));
        else nerr(n, it, "compose-type", "%s entries must be names or mappings", what);
    }
    return cl_node_at(cl_builder_finish(&b, n->a), v);
}

/* A depends_on entry already in long form. */
static int long_dep(const cl_node *dv)
{
    return dv && dv->kind == CL_MAP && !(dv->flags & MARKS) && cl_map_get(dv, "condition") && cl_map_get(dv, "required");
}

/* A depends_on entry kept as it is: in long form; or, for rules alone
 * (unrendered), any mapping or null, since only the printed form shows the
 * defaults and profiles read an absent required as true. */
static int dep_kept(const cl_norm *n, const cl_node *dv)
{
    if (!n->unrendered) return long_dep(dv);
    return !(dv && (dv->flags & MARKS)) && (is_null(dv) || dv->kind == CL_MAP);
}

static cl_node *norm_depends(cl_norm *n, const cl_node *v)
{
    uint32_t same = 0;
    while (v->kind == CL_MAP && same < v->u.m.n && dep_kept(n, v->u.m.items[same].value)) same++;
    if (v->kind == CL_MAP && same == v->u.m.n && !(v->flags & MARKS)) return (cl_node *)v;
    cl_builder b;
    cl_builder_map(&b);
    if (v->kind == CL_SEQ) {
        for (uint32_t i = 0; i < v->u.q.n; i++) {
            const cl_node *it = v->u.q.items[i];
            if (it->kind != CL_SCALAR || is_null(it)) { nerr(n, it, "compose-type", "depends_on entries must be service names"); continue; }
            cl_builder d;
            cl_builder_map(&d);
            cl_builder_key(&d, CL_K_CONDITION, str_at(n, "service_started", it));
            cl_builder_key(&d, CL_K_REQUIRED, cl_node_at(cl_new_bool(n->a, 1), it));
            cl_builder_set(&b, str_of(n, it), cl_node_at(cl_builder_finish(&d, n->a), it));
        }
    } else if (v->kind == CL_MAP) {
        for (uint32_t i = 0; i < v->u.m.n; i++) {
            const cl_pair *p = &v->u.m.items[i];
            const cl_node *dv = p->value;
            if (long_dep(dv)) { cl_builder_set(&b, p->key, (cl_node *)dv); continue; }
            cl_builder d;
            cl_builder_map(&d);
            if (dv && dv->kind == CL_MAP)
                for (uint32_t j = 0; j < dv->u.m.n; j++) cl_builder_set(&d, dv->u.m.items[j].key, dv->u.m.items[j].value);
            else if (!is_null(dv)) nerr(n, dv, "compose-type", "a depends_on entry must be a mapping");
            const cl_node *at = dv ? dv : p->key;
            if (!cl_map_get(dv, "condition")) cl_builder_key(&d, CL_K_CONDITION, str_at(n, "service_started", at));
            if (!cl_map_get(dv, "required")) cl_builder_key(&d, CL_K_REQUIRED, cl_node_at(cl_new_bool(n->a, 1), at));
            cl_builder_set(&b, p->key, cl_node_at(cl_builder_finish(&d, n->a), at));
        }
    } else if (!is_null(v)) nerr(n, v, "compose-type", "depends_on must be a list or a mapping");
    return cl_node_at(cl_builder_finish(&b, n->a), v);
}

static cl_node *norm_svc_networks(cl_norm *n, const cl_node *v)
{
    if (v->kind != CL_SEQ) return (cl_node *)v;
    cl_builder b;
    cl_builder_map(&b);
    for (uint32_t i = 0; i < v->u.q.n; i++) {
        const cl_node *it = v->u.q.items[i];
        if (it->kind != CL_SCALAR || is_null(it)) { nerr(n, it, "compose-type", "networks entries must be network names"); continue; }
        cl_builder_set(&b, str_of(n, it), cl_node_at(cl_new_null(n->a), it));
    }
    return cl_node_at(cl_builder_finish(&b, n->a), v);
}

static cl_node *norm_env_file(cl_norm *n, const cl_node *v)
{
    cl_builder b;
    cl_builder_seq(&b);
    const cl_node *one[1] = { v };
    cl_node *const *items = v->kind == CL_SEQ ? v->u.q.items : (cl_node *const *)one;
    uint32_t cnt = v->kind == CL_SEQ ? v->u.q.n : 1;
    for (uint32_t i = 0; i < cnt; i++) {
        const cl_node *it = items[i];
        cl_builder m;
        cl_builder_map(&m);
        if (it->kind == CL_SCALAR && !is_null(it) && !it->u.s.len) { cl_builder_discard(&m); continue; } /* "${UNSET}" */
        if (it->kind == CL_SCALAR && !is_null(it)) {
            cl_builder_key(&m, CL_K_PATH, str_at(n, cl_path_abs(n->a, n->dir, it->u.s.text), it));
            cl_builder_key(&m, CL_K_REQUIRED, cl_node_at(cl_new_bool(n->a, 1), it));
        } else if (it->kind == CL_MAP && cl_text(cl_map_get(it, "path"))) {
            for (uint32_t j = 0; j < it->u.m.n; j++) cl_builder_set(&m, it->u.m.items[j].key, it->u.m.items[j].value);
            const cl_node *pth = cl_map_get(it, "path");
            cl_builder_key(&m, CL_K_PATH, str_at(n, cl_path_abs(n->a, n->dir, pth->u.s.text), pth));
            if (!cl_map_get(it, "required")) cl_builder_key(&m, CL_K_REQUIRED, cl_node_at(cl_new_bool(n->a, 1), it));
        } else {
            cl_builder_discard(&m);
            nerr(n, it, "compose-type", "env_file entries must be paths or mappings with a path");
            continue;
        }
        cl_builder_push(&b, cl_node_at(cl_builder_finish(&m, n->a), it));
    }
    return cl_node_at(cl_builder_finish(&b, n->a), v);
}

/* K is NAME: the first letters differ for most keys, which then cost no strcmp
 * (a service's keys went through some twenty of them each). */
static inline int key_is(const char *k, const char *name) { return k[0] == name[0] && !strcmp(k, name); }

cl_node *cl_norm_service(cl_norm *n, const cl_node *name, const cl_node *svc)
{
    if (is_null(svc)) return cl_node_at(cl_new_map(n->a, NULL, 0), svc ? svc : name);
    if (svc->kind != CL_MAP) {
        nerr(n, svc, "compose-type", "service \"%s\" must be a mapping", name->u.s.text);
        return cl_node_at(cl_new_map(n->a, NULL, 0), svc);
    }
    cl_cow w;
    cl_cow_init(&w, n->a, svc);
    for (uint32_t i = 0; i < svc->u.m.n; i++) {
        const cl_pair *p = &svc->u.m.items[i];
        const char *k = p->key->u.s.text;
        cl_node *v = p->value;
        if (!v) continue;
        /* most keys need nothing: their first letter says so without a strcmp */
        if (!strchr("bcdelpstvnaxiorhu", k[0]) || !k[0]) { cl_cow_set(&w, i, cl_cow_marks(n->a, v, p->value)); continue; }
        v = cl_cast_service_value(n->a, k, v);    /* numbers given as strings */
        if (v->kind == CL_SCALAR && v->type != CL_T_BOOL && cl_val_bool_field(k, 1)) v = bool_of(n, v);
        else if (key_is(k, "build")) v = norm_build(n, v);
        else if (key_is(k, "command") || key_is(k, "entrypoint")) v = norm_command(n, v, k);
        else if (key_is(k, "environment")) v = to_kv_map(n, v, k, 1);
        else if (key_is(k, "labels") || key_is(k, "annotations") || key_is(k, "sysctls")) v = to_kv_map(n, v, k, 0);
        else if (key_is(k, "env_file")) v = norm_env_file(n, v);
        else if (key_is(k, "ports")) v = norm_ports(n, v);
        else if (key_is(k, "expose") || key_is(k, "dns") || key_is(k, "dns_search") || key_is(k, "tmpfs"))
            v = str_list(n, v, k);
        else if (key_is(k, "volumes")) v = norm_volumes(n, v);
        else if (key_is(k, "secrets") || key_is(k, "configs")) v = norm_refs(n, v, k);
        else if (key_is(k, "depends_on")) v = norm_depends(n, v);
        else if (key_is(k, "networks")) v = norm_svc_networks(n, v);
        cl_cow_set(&w, i, cl_cow_marks(n->a, v, p->value));   /* the marks are for the merge */
    }
    return cl_cow_done(&w);
}
