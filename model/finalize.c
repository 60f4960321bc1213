/* finalize.c - the project-level part of normalization (cl_norm_project):
 * env_file values read and merged under environment, bare environment
 * entries resolved, default network added, top-level networks / volumes /
 * secrets / configs named, keys sorted. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cow.h"
#include "dotenv.h"
#include "keys.h"
#include "normalize.h"
#include "path.h"
#include "values.h"

static int is_null(const cl_node *v) { return !v || (v->kind == CL_SCALAR && v->type == CL_T_NULL); }

/* Order of mapping keys in the printed project. */
static const char *key_text(const cl_node *k) { return k && k->kind == CL_SCALAR ? k->u.s.text : ""; }

static int pair_cmp(const void *x, const void *y)
{
    const cl_pair *a = x, *b = y;
    return strcmp(key_text(a->key), key_text(b->key));
}

/* V[0..N) by key, stably (as glibc's qsort, a merge sort, keeps equal keys):
 * a service's dozen keys, and each of its maps, by insertion, without the
 * calls through a comparator pointer (10,000 services: 1% of convert's CPU);
 * a big map by qsort. */
static void sort_pairs(cl_pair *v, size_t n)
{
    if (n > 16) { qsort(v, n, sizeof *v, pair_cmp); return; }
    for (size_t i = 1; i < n; i++) {
        cl_pair x = v[i];
        const char *kx = key_text(x.key);
        size_t j = i;
        for (; j > 0 && strcmp(key_text(v[j - 1].key), kx) > 0; j--) v[j] = v[j - 1];
        v[j] = x;
    }
}

static int pairp_cmp(const void *x, const void *y)
{
    return pair_cmp(*(const cl_pair *const *)x, *(const cl_pair *const *)y);
}

/* Reads one env_file entry into VARS. Problems inside the file are reported at
 * ENTRY (the file is not kept after loading), naming the file's line. */
static void read_env_file(cl_norm *n, const cl_node *entry, cl_env *vars)
{
    const cl_node *pn = cl_map_get(entry, "path");
    const char *path = cl_text(pn);
    int required = 1;
    cl_scalar_bool(cl_map_get(entry, "required"), &required);
    if (!path) return;
    char err[512];
    cl_source *src = cl_source_load(path, NULL, n->limits ? n->limits->max_file_size : (64u << 20), err, sizeof err);
    if (!src) {
        if (required) {
            cl_diag_add(n->diags, CL_SEV_ERROR, "env-file-missing", cl_node_span(pn), "env file %s not found: %s", path, err);
            n->errors++;
        }
        return;
    }
    cl_diags tmp;
    cl_diags_init(&tmp);
    n->errors += cl_dotenv_parse(src, n->env, vars, &tmp);
    cl_buf text;
    cl_buf_init(&text);
    for (size_t i = 0; i < tmp.n; i++) {
        uint32_t line, col;
        cl_source_pos(src, cl_diag_span(&tmp.v[i]).start, &line, &col);
        cl_diag_add(n->diags, tmp.v[i].severity, cl_diag_code(&tmp.v[i]), cl_node_span(pn), "%s:%u:%u: %s", path, line, col,
                    cl_diag_message(&tmp.v[i], &text));
    }
    cl_buf_free(&text);
    cl_diags_free(&tmp);
    cl_source_free(src);
}

/* The value the variables give a bare environment entry KEY (a key that is
 * not text, which the schema reports, has none). */
static const char *env_value(const cl_norm *n, const cl_node *key)
{
    if (!n->env || !key || key->kind != CL_SCALAR) return NULL;
    return cl_env_get(n->env, key->u.s.text, key->u.s.len);
}

static cl_node *finish_environment(cl_norm *n, const cl_node *svc)
{
    const cl_node *envf = cl_map_get(svc, "env_file");
    const cl_node *env = cl_map_get(svc, "environment");
    if (env && env->kind == CL_MAP && !(envf && envf->kind == CL_SEQ && envf->u.q.n)) {
        /* copy-on-write: no env file, and no bare entry the variables fill in */
        uint32_t i = 0;
        for (; i < env->u.m.n; i++) {
            const cl_pair *p = &env->u.m.items[i];
            if (is_null(p->value) && env_value(n, p->key)) break;
        }
        if (i == env->u.m.n) return (cl_node *)env;
    }
    cl_builder b;
    cl_builder_map(&b);
    if (envf && envf->kind == CL_SEQ) {
        cl_env vars;
        cl_env_init(&vars);
        for (uint32_t i = 0; i < envf->u.q.n; i++) read_env_file(n, envf->u.q.items[i], &vars);
        for (size_t i = 0; i < vars.n; i++)
            cl_builder_set(&b, cl_node_at(cl_new_str(n->a, vars.keys[i]), envf), cl_node_at(cl_new_str(n->a, vars.vals[i]), envf));
        cl_env_free(&vars);
    }
    if (env && env->kind == CL_MAP)
        for (uint32_t i = 0; i < env->u.m.n; i++) {
            const cl_pair *p = &env->u.m.items[i];
            cl_node *v = p->value;
            if (is_null(v)) {
                const char *val = env_value(n, p->key);
                if (val) v = cl_node_at(cl_new_str(n->a, val), p->value ? p->value : p->key);
            }
            cl_builder_set(&b, p->key, v);
        }
    if (!b.n && !env) { cl_builder_discard(&b); return NULL; }
    return cl_node_at(cl_builder_finish(&b, n->a), env ? env : envf);
}

/* A service key `config` does not print: extends, and empty strings (image: ${UNSET}). */
static int left_out(const cl_pair *p)
{
    const cl_node *k = p->key, *v = p->value;
    return (k && k->kind == CL_SCALAR && k->u.s.len == 7 && !memcmp(k->u.s.text, "extends", 7)) ||
           (v && v->kind == CL_SCALAR && v->type == CL_T_STR && !v->u.s.len);
}

static cl_node *key_order(cl_arena *a, const cl_node *n, cl_node *const *values);

/* Printed, the service comes out sorted all through (so the final sort need
 * not copy it again). */
cl_node *cl_norm_finish_service(cl_norm *n, const cl_node *svc, int *uses_default)
{
    const cl_node *env = finish_environment(n, svc);
    const cl_node *nets = cl_map_get(svc, "networks");
    int add_nets = !nets && !cl_map_get(svc, "network_mode");
    if (add_nets || cl_map_get(nets, "default")) *uses_default = 1;
    if (n->unrendered) add_nets = 0;      /* only the printed form shows it */
    if (!add_nets && env == cl_map_get(svc, "environment")) {
        /* copy-on-write: nothing to add, replace or leave out */
        uint32_t i = 0;
        while (i < svc->u.m.n && !left_out(&svc->u.m.items[i])) i++;
        if (i == svc->u.m.n) return n->unrendered ? (cl_node *)svc : cl_sort_keys(n->a, svc);
    }
    cl_builder b;
    cl_builder_map(&b);
    for (uint32_t i = 0; i < svc->u.m.n; i++) {
        /* like docker compose config, empty strings (image: ${UNSET}) are left out */
        if (left_out(&svc->u.m.items[i])) continue;
        cl_node *v = svc->u.m.items[i].value;
        cl_builder_set(&b, svc->u.m.items[i].key, n->unrendered ? v : cl_sort_keys(n->a, v));
    }
    if (env) cl_builder_key(&b, CL_K_ENVIRONMENT, n->unrendered ? (cl_node *)env : cl_sort_keys(n->a, env));
    if (add_nets) {
        cl_builder nb;
        cl_builder_map(&nb);
        cl_builder_key(&nb, CL_K_DEFAULT, cl_node_at(cl_new_null(n->a), svc));
        cl_builder_key(&b, CL_K_NETWORKS, cl_node_at(cl_builder_finish(&nb, n->a), svc));
    }
    /* printed: keys in order now, so that the sort keeps the map */
    if (!n->unrendered && b.n > 1) sort_pairs(b.pairs, b.n);
    return cl_node_at(cl_builder_finish(&b, n->a), svc);
}

/* A boolean field (external, internal, attachable, ...) written as a string
 * compose-go casts ("yes": toBoolean in loader/interpolate.go) is that
 * boolean; returns the value (0 when not a boolean). */
static int bool_field(cl_norm *n, cl_node **val)
{
    int b = 0;
    if (cl_val_bool(*val, &b) == CL_VAL_KNOWN && cl_val_yaml_type(*val) == CL_T_STR)
        *val = cl_node_at(cl_new_bool(n->a, b), *val);
    return b;
}

/* networks / volumes / secrets / configs: every entry a mapping with its name.
 * For rules alone (unrendered) the name is left out (no rule reads it), and
 * an entry with nothing else to change stays as written (`data:` too), as
 * does V when all of them do. */
static cl_node *finish_resources(cl_norm *n, const char *kind, const cl_node *v, int add_default)
{
    cl_builder b;
    cl_builder_map(&b);
    int kept = n->unrendered && v && v->kind == CL_MAP && !(v->flags & (CL_NF_RESET | CL_NF_OVERRIDE));
    if (v && v->kind == CL_MAP)
        for (uint32_t i = 0; i < v->u.m.n; i++) {
            const cl_pair *p = &v->u.m.items[i];
            /* `data:`, `data: ~`: a resource with every default */
            const cl_node *r = is_null(p->value) ? NULL : p->value;
            const char *key = key_text(p->key);
            if (!is_null(r) && r->kind != CL_MAP) {
                cl_diag_add(n->diags, CL_SEV_ERROR, "compose-type", cl_node_span(r), "%s.%s must be a mapping", kind, key);
                n->errors++;
                kept = 0;
                continue;
            }
            if (n->unrendered && !r) { cl_builder_set(&b, p->key, p->value); continue; }
            int same = n->unrendered && !(r->flags & (CL_NF_RESET | CL_NF_OVERRIDE));
            cl_builder m;
            cl_builder_map(&m);
            const cl_node *at = p->value ? p->value : p->key;
            int external = 0;
            const char *ext_name = NULL;
            for (uint32_t j = 0; r && j < r->u.m.n; j++) {
                const cl_pair *q = &r->u.m.items[j];
                const char *k = key_text(q->key);
                cl_node *val = q->value;
                if (!strcmp(k, "external")) {
                    if (val && val->kind == CL_MAP) {      /* legacy external: {name: x} */
                        external = 1;
                        ext_name = cl_text(cl_map_get(val, "name"));
                        val = cl_node_at(cl_new_bool(n->a, 1), val);
                    } else external = bool_field(n, &val);
                } else if (cl_val_bool_field(k, 0)) bool_field(n, &val);
                else if (!strcmp(k, "file") && val && val->kind == CL_SCALAR && !is_null(val))
                    val = cl_node_at(cl_new_str(n->a, cl_path_abs(n->a, n->dir, val->u.s.text)), val);
                else if ((!strcmp(k, "labels") || !strcmp(k, "driver_opts")) && val && val->kind == CL_SEQ) {
                    cl_builder lb;
                    cl_builder_map(&lb);
                    for (uint32_t x = 0; x < val->u.q.n; x++) {
                        const char *t = cl_text(val->u.q.items[x]);
                        if (!t) continue;
                        const char *eq = strchr(t, '=');
                        cl_builder_set(&lb, cl_node_at(cl_new_scalar(n->a, t, eq ? (size_t)(eq - t) : strlen(t), CL_T_STR), val->u.q.items[x]),
                                       cl_node_at(cl_new_str(n->a, eq ? eq + 1 : ""), val->u.q.items[x]));
                    }
                    val = cl_node_at(cl_builder_finish(&lb, n->a), val);
                }
                same = same && val == q->value;
                cl_builder_set(&m, q->key, val);
            }
            if (same) {
                cl_builder_discard(&m);
                cl_builder_set(&b, p->key, (cl_node *)r);
                continue;
            }
            kept = 0;
            if (!n->unrendered && !cl_map_get(r, "name")) {
                const char *name = external ? (ext_name ? ext_name : key) : cl_arena_printf(n->a, "%s_%s", n->project, key);
                cl_builder_key(&m, CL_K_NAME, cl_node_at(cl_new_str(n->a, name), at));
            }
            cl_builder_set(&b, p->key, cl_node_at(cl_builder_finish(&m, n->a), at));
        }
    if (kept && !(add_default && !cl_map_get(v, "default"))) {
        cl_builder_discard(&b);
        return v->u.m.n ? (cl_node *)v : NULL;
    }
    if (add_default && !cl_map_get(v, "default")) {
        cl_builder m;
        cl_builder_map(&m);
        cl_builder_key(&m, CL_K_NAME, cl_new_str(n->a, cl_arena_printf(n->a, "%s_default", n->project)));
        cl_builder_key(&b, CL_K_DEFAULT, cl_builder_finish(&m, n->a));
    }
    if (!b.n) { cl_builder_discard(&b); return NULL; }
    return cl_node_at(cl_builder_finish(&b, n->a), v);
}

/* The service finished ahead whose canonical form is SVC, looked for from
 * *AT on (past it, once found): the merged tree keeps the file's order, but
 * profiles may have dropped services and extends or a merge replaced some.
 * A few places ahead are looked at, not all: a service missed is finished
 * again, which only costs time. */
static const cl_norm_done *finished_ahead(const cl_norm *n, const cl_node *svc, size_t *at)
{
    for (size_t i = *at; i < n->ndone && i < *at + 64; i++)
        if (n->done[i].canon == svc && n->done[i].fin) {
            *at = i + 1;
            return &n->done[i];
        }
    return NULL;
}

cl_node *cl_norm_project(cl_norm *n, const cl_node *root)
{
    cl_builder b;
    cl_builder_map(&b);
    cl_builder_key(&b, CL_K_NAME, cl_node_at(cl_new_str(n->a, n->project), cl_map_get(root, "name")));
    int uses_default = 0;
    const cl_node *svcs = cl_map_get(root, "services");
    /* the keys of a mapping are distinct already: no builder (its doubling
     * array and hash index), the services finished in the file's order, their
     * pairs sorted by pointer (qsort is stable, as it was on the pairs) and
     * written once, in place, in name order */
    uint32_t ns = svcs && svcs->kind == CL_MAP ? svcs->u.m.n : 0, k = 0;
    size_t ahead = 0;
    cl_node **vals = malloc((ns ? ns : 1) * sizeof *vals);
    const cl_pair **ord = malloc((ns ? ns : 1) * sizeof *ord);
    if (!vals || !ord) abort();
    for (uint32_t i = 0; i < ns; i++) {
        const cl_pair *p = &svcs->u.m.items[i];
        if (!p->value || p->value->kind != CL_MAP) continue;
        const cl_norm_done *e = finished_ahead(n, p->value, &ahead);
        if (e) { uses_default |= e->uses_default; n->taken++; }
        vals[i] = e ? e->fin : cl_norm_finish_service(n, p->value, &uses_default);
        ord[k++] = p;
    }
    if (k > 1) qsort(ord, k, sizeof *ord, pairp_cmp);   /* in name order either way */
    cl_pair *items = cl_map_alloc_items(n->a, k);
    for (uint32_t j = 0; j < k; j++) {
        items[j].key = ord[j]->key;
        items[j].value = vals[ord[j] - svcs->u.m.items];
    }
    cl_builder_key(&b, CL_K_SERVICES, cl_node_at(cl_new_map_items(n->a, items, k), svcs));
    free(vals);
    free(ord);
    static const char *kinds[] = { "networks", "volumes", "secrets", "configs", NULL };
    for (int k = 0; kinds[k]; k++) {
        cl_node *r = finish_resources(n, kinds[k], cl_map_get(root, kinds[k]), k == 0 && uses_default);
        if (r) cl_builder_put(&b, n->a, kinds[k], r);
    }
    for (uint32_t i = 0; root && root->kind == CL_MAP && i < root->u.m.n; i++) {
        const cl_pair *p = &root->u.m.items[i];
        const char *k = key_text(p->key);
        if (!strcmp(k, "name") || !strcmp(k, "services") || !strcmp(k, "version") || !strcmp(k, "include") ||
            !strcmp(k, "networks") || !strcmp(k, "volumes") || !strcmp(k, "secrets") || !strcmp(k, "configs"))
            continue;
        cl_builder_set(&b, p->key, p->value);
    }
    cl_node *r = cl_builder_finish(&b, n->a);
    /* unsorted, the services still come in name order: rules read them in order */
    if (n->unrendered) return r;
    /* sorted: the services are in order all through already (cl_norm_finish_service) */
    cl_node **values = malloc(r->u.m.n * sizeof *values);
    if (!values) abort();
    for (uint32_t i = 0; i < r->u.m.n; i++)
        values[i] = cl_scalar_is(r->u.m.items[i].key, "services") ? r->u.m.items[i].value
                                                                   : cl_sort_keys(n->a, r->u.m.items[i].value);
    cl_node *s = key_order(n->a, r, values);
    free(values);
    return s;
}

/* Map N with its keys in order and the values VALUES (N's own when NULL):
 * N itself when nothing changes. */
static cl_node *key_order(cl_arena *a, const cl_node *n, cl_node *const *values)
{
    uint32_t k = n->u.m.n, i = 1;
    while (i < k && pair_cmp(&n->u.m.items[i - 1], &n->u.m.items[i]) <= 0) i++;
    if (i >= k) {
        cl_cow w;
        cl_cow_init(&w, a, n);
        for (i = 0; values && i < k; i++) cl_cow_set(&w, i, values[i]);
        return cl_cow_done(&w);
    }
    cl_pair *tmp = malloc(k * sizeof *tmp);
    if (!tmp) abort();
    for (i = 0; i < k; i++) { tmp[i] = n->u.m.items[i]; if (values) tmp[i].value = values[i]; }
    sort_pairs(tmp, k);
    cl_node *m = cl_new_map(a, tmp, k);
    free(tmp);
    m->flags = n->flags;
    return cl_node_at(m, n);
}

/* Copy-on-write: a map whose keys are in order and whose values came back
 * unchanged is shared, and so is a sequence whose items did. */
cl_node *cl_sort_keys(cl_arena *a, const cl_node *n)
{
    if (!n || n->kind == CL_SCALAR) return (cl_node *)n;
    cl_cow w;
    cl_cow_init(&w, a, n);
    if (n->kind == CL_SEQ) {
        for (uint32_t i = 0; i < n->u.q.n; i++) cl_cow_set(&w, i, cl_sort_keys(a, n->u.q.items[i]));
        return cl_cow_done(&w);
    }
    uint32_t k = n->u.m.n;
    cl_node *small[16] = { NULL }, **values = k <= 16 ? small : malloc(k * sizeof *values);
    if (!values) abort();
    for (uint32_t i = 0; i < k; i++) values[i] = cl_sort_keys(a, n->u.m.items[i].value);
    cl_node *r = key_order(a, n, values);
    if (values != small) free(values);
    return r;
}
