/* context.c - the load context (context.h): the project's variables, one
 * file's tree made canonical, other files loaded once, and the services of
 * the checked file made canonical while it was parsed. */
#include "context.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../parser/pairset.h"
#include "cow.h"
#include "dotenv.h"
#include "interp.h"
#include "normalize.h"
#include "path.h"

void cl_ctx_keep_source(cl_ctx *c, cl_source *s)
{
    cl_project *p = c->p;
    p->sources = realloc(p->sources, (p->nsources + 1) * sizeof *p->sources);
    if (!p->sources) abort();
    p->sources[p->nsources++] = s;
}

void cl_ctx_keep_doc(cl_ctx *c, cl_doc *d)
{
    cl_project *p = c->p;
    p->docs = realloc(p->docs, (p->ndocs + 1) * sizeof *p->docs);
    if (!p->docs) abort();
    p->docs[p->ndocs++] = d;
}

size_t cl_ctx_max_file_size(const cl_ctx *c)
{
    return c->opts->limits ? c->opts->limits->max_file_size : (64u << 20);
}

/* Loads one dotenv file into VARS (interpolating with LOOKUP). */
static int load_dotenv(cl_ctx *c, const char *path, int required, const cl_env *lookup, cl_env *vars)
{
    char err[512];
    if (!required && access(path, F_OK) != 0) return 0;
    cl_source *src = cl_source_load(path, NULL, cl_ctx_max_file_size(c), err, sizeof err);
    if (!src) {
        cl_span sp = { NULL, 0, 0 };
        cl_diag_add(c->diags, CL_SEV_ERROR, "env-file-missing", sp, "cannot read env file %s: %s", path, err);
        c->errors++;
        c->unreadable = 1;
        return -1;
    }
    c->errors += cl_dotenv_parse(src, lookup, vars, c->diags);
    cl_ctx_keep_source(c, src);
    return 0;
}

/* The variables: process environment over --env-file files (later wins) or the project's .env. */
void cl_ctx_load_env(cl_ctx *c)
{
    cl_env proc, dot;
    cl_env_init(&proc);
    cl_env_init(&dot);
    cl_env_add_process(&proc);
    if (c->opts->nenv_files) {
        for (size_t i = 0; i < c->opts->nenv_files; i++) {
            cl_env look;
            cl_env_init(&look);
            cl_env_merge(&look, &dot);
            cl_env_merge(&look, &proc);
            load_dotenv(c, cl_path_abs(&c->p->arena, NULL, c->opts->env_files[i]), 1, &look, &dot);
            cl_env_free(&look);
        }
    } else {
        load_dotenv(c, cl_path_abs(&c->p->arena, c->p->directory, ".env"), 0, &proc, &dot);
    }
    cl_env_merge(&c->env, &dot);
    cl_env_merge(&c->env, &proc);
    cl_env_free(&proc);
    cl_env_free(&dot);
}

/* N interpolated (as written under no_interpolate), *MARKED set when it
 * holds merge marks. */
static cl_node *interp(cl_ctx *c, const cl_node *n, cl_diags *diags, int *errors, int *marked)
{
    if (c->opts->no_interpolate) return (cl_node *)n;
    return cl_interp_tree_marked(&c->p->arena, n, &c->env, diags, errors, marked);
}

/* Service KEY: VALUE made canonical (interpolated, long syntax, relative paths
 * against DIR): problems go to DIAGS and count in *ERRORS, *MARKED is set when
 * it holds merge marks. */
static cl_node *service(cl_ctx *c, const cl_node *key, const cl_node *value, const char *dir, cl_diags *diags,
                        int *errors, int *marked)
{
    cl_node *v = interp(c, value, diags, errors, marked);
    cl_norm n = { &c->p->arena, diags, NULL, dir, &c->env, c->opts->limits, 0, c->opts->unrendered, NULL, 0, 0 };
    cl_node *r = cl_cow_marks(&c->p->arena, cl_norm_service(&n, key, v), v);   /* the marks are for the merge */
    *errors += n.errors;
    return r;
}

/* One service made canonical while the file was parsed: 24 bytes (a list of
 * its own per service took 48, and most services report nothing). */
typedef struct svc_rec {
    cl_node *canon;              /* NULL: none made */
    uint32_t from, n;            /* what making it canonical reported: all.v[from, from + n) */
    int errors;
    uint8_t marked, taken;
} svc_rec;

typedef struct cl_svc_cache {
    const char *dir;             /* the folder its relative paths were resolved against */
    svc_rec *v;                  /* by hand-on index */
    size_t n;
    cl_diags all;                /* every service's problems, one after another */
} cl_svc_cache;

static svc_rec *cache_at(cl_svc_cache *k, size_t index)
{
    k->v = cl_handon_grow(k->v, &k->n, index, sizeof *k->v);
    return &k->v[index];
}

/* The problems of R as a list that views K's (owned by K until moved). */
static cl_diags cache_diags(const cl_svc_cache *k, const svc_rec *r)
{
    cl_diags d = { k->all.v ? k->all.v + r->from : NULL, r->n, r->n };   /* no list yet: no problems */
    return d;
}

static void cache_free(cl_svc_cache *k)
{
    if (!k) return;
    for (size_t i = 0; i < k->n; i++) {
        cl_diags d = cache_diags(k, &k->v[i]);
        if (!k->v[i].taken && d.n) cl_diags_free_items(&d);
    }
    free(k->all.v);
    free(k->v);
    free(k);
}

/* The canonical form of P (a pair of the checked file's services, as the
 * parser handed it on; AT its position there) made while parsing against
 * DIR, its problems moved to C's list; NULL when there is none. */
static cl_node *take_cached(cl_ctx *c, const cl_pair *p, size_t at, const char *dir)
{
    cl_svc_cache *k = c->svc_cache;
    if (!k || strcmp(dir, k->dir)) return NULL;
    long i = cl_handon_find(c->handed, p, at);
    if (i < 0 || (size_t)i >= k->n || !k->v[i].canon || k->v[i].taken) return NULL;
    svc_rec *r = &k->v[i];
    r->taken = 1;
    cl_diags d = cache_diags(k, r);
    cl_diags_append(c->diags, &d);
    c->errors += r->errors;
    if (r->marked) c->marked = 1;
    return r->canon;
}

void cl_ctx_cache_service(cl_ctx *c, size_t index, const cl_node *key, const cl_node *value)
{
    cl_svc_cache *k = c->svc_cache;
    if (!k) {
        k = c->svc_cache = calloc(1, sizeof *k);
        if (!k) abort();
        k->dir = c->p->directory;
        cl_diags_init(&k->all);
    }
    svc_rec *r = cache_at(k, index);
    int errors = 0, marked = 0;
    size_t from = k->all.n;
    r->canon = service(c, key, value, k->dir, &k->all, &errors, &marked);
    r->from = (uint32_t)from;
    r->n = (uint32_t)(k->all.n - from);
    r->errors = errors;
    r->marked = (uint8_t)(marked != 0);
    /* finished ahead when that reports nothing (no env_file to read) and
     * the tree is likely to keep it as it is (no marks for a merge to strip,
     * no extends to replace it): cl_norm_project checks that it did */
    if (c->opts->unrendered || marked || !r->canon || r->canon->kind != CL_MAP || cl_map_get(r->canon, "env_file") ||
        cl_map_get(r->canon, "extends"))
        return;
    c->done = cl_handon_grow(c->done, &c->ndone, index, sizeof *c->done);
    cl_norm n = { &c->p->arena, &k->all, NULL, k->dir, &c->env, c->opts->limits, 0, 0, NULL, 0, 0 };
    c->done[index].canon = r->canon;
    c->done[index].fin = cl_norm_finish_service(&n, r->canon, &c->done[index].uses_default);
}

/* One file's tree made canonical: interpolated, services in long syntax.
 * Interpolation goes value by value (what a walk of the whole tree does), so
 * that each service is made canonical on its own, or taken from the services
 * made canonical while the file was parsed (c->svc_cache). */
cl_node *cl_ctx_file_tree(cl_ctx *c, const cl_node *root, const char *dir)
{
    if (!root) return cl_new_map(&c->p->arena, NULL, 0);
    if (c->opts->no_interpolate) c->marked = 1;   /* not walked: assume so */
    if (root->kind != CL_MAP) return interp(c, root, c->diags, &c->errors, &c->marked);
    if (root->flags & (CL_NF_RESET | CL_NF_OVERRIDE)) c->marked = 1;
    cl_cow r;     /* copy-on-write: what interpolation and the long syntax leave alone is shared */
    cl_cow_init(&r, &c->p->arena, root);
    for (uint32_t i = 0; i < root->u.m.n; i++) {
        const cl_pair *rp = &root->u.m.items[i];
        const cl_node *svcs = rp->value;
        if (rp->merged) c->marked = 1;
        if (!svcs || svcs->kind != CL_MAP || !cl_scalar_is(rp->key, "services")) {
            cl_cow_set(&r, i, interp(c, rp->value, c->diags, &c->errors, &c->marked));
            continue;
        }
        if (svcs->flags & (CL_NF_RESET | CL_NF_OVERRIDE)) c->marked = 1;
        cl_cow w;
        cl_cow_init(&w, &c->p->arena, svcs);
        for (uint32_t k = 0; k < svcs->u.m.n; k++) {
            const cl_pair *p = &svcs->u.m.items[k];
            if (p->merged) c->marked = 1;
            cl_node *v = c->svc_cache ? take_cached(c, p, k, dir) : NULL;
            if (!v) v = service(c, p->key, p->value, dir, c->diags, &c->errors, &c->marked);
            cl_cow_set(&w, k, v);
        }
        cl_cow_set(&r, i, cl_cow_done(&w));
    }
    return cl_cow_done(&r);
}

int cl_ctx_check_root(cl_ctx *c, const cl_doc *d)
{
    if (d->root && d->root->kind != CL_MAP) {
        cl_diag_add(c->diags, CL_SEV_ERROR, "compose-root", cl_node_span(d->root),
                    "the top level of a compose file must be a mapping (services:, networks:, ...)");
        return -1;
    }
    return 0;
}

/* Loads another compose file (extends: file, include:) once; its canonical
 * tree (relative paths against DIR) is cached by path. Errors point at AT. */
const cl_node *cl_ctx_load_tree(cl_ctx *c, const char *path, const char *dir, const cl_node *at)
{
    for (size_t i = 0; i < c->ncache; i++)
        if (!strcmp(c->cache[i].path, path) && !strcmp(c->cache[i].dir, dir)) return c->cache[i].tree;
    char err[512];
    cl_source *src = cl_source_load(path, NULL, cl_ctx_max_file_size(c), err, sizeof err);
    if (!src) {
        cl_diag_add(c->diags, CL_SEV_ERROR, "compose-file", cl_node_span(at), "cannot read %s: %s", path, err);
        c->errors++;
        return NULL;
    }
    cl_ctx_keep_source(c, src);
    cl_doc *d = cl_doc_parse(src, c->opts->limits, c->diags);
    if (!d || cl_ctx_check_root(c, d)) {
        cl_diag_add(c->diags, CL_SEV_ERROR, "compose-file", cl_node_span(at), "%s is not a valid compose file", path);
        c->errors++;
        cl_doc_free(d);
        return NULL;
    }
    cl_ctx_keep_doc(c, d);
    c->cache = realloc(c->cache, (c->ncache + 1) * sizeof *c->cache);
    if (!c->cache) abort();
    cl_node *t = cl_ctx_file_tree(c, d->root, dir);
    c->cache[c->ncache].path = cl_arena_strdup(&c->p->arena, path);
    c->cache[c->ncache].dir = cl_arena_strdup(&c->p->arena, dir);
    c->cache[c->ncache].tree = t;
    c->ncache++;
    return t;
}

void cl_ctx_init(cl_ctx *c, cl_project *p, const cl_project_opts *o, cl_diags *d)
{
    memset(c, 0, sizeof *c);
    c->p = p;
    c->opts = o;
    c->diags = d;
    cl_env_init(&c->env);
}

void cl_ctx_drop_services(cl_ctx *c)
{
    cache_free(c->svc_cache);
    c->svc_cache = NULL;
}

void cl_ctx_free(cl_ctx *c)
{
    cl_env_free(&c->env);
    free(c->done);
    c->done = NULL;
    c->ndone = 0;
    free(c->cache);
    c->cache = NULL;
    cache_free(c->svc_cache);
    c->svc_cache = NULL;
}
