/* project_stream.c - the project of one file (`check`), begun before the file
 * is parsed: each service is made canonical (interpolated, long syntax) as
 * soon as the parser hands it on, while it is still in the cache; the rest
 * once the document is whole. cl_project_from_doc is the same without the
 * entries. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../parser/pairset.h"
#include "path.h"
#include "projectint.h"

/* One service made canonical while the file was parsed. */
typedef struct svc_rec {
    const cl_node *key, *value;  /* as the parser handed them on */
    cl_node *canon;
    cl_diags d;                  /* what making it canonical reported */
    int errors, marked, taken;
} svc_rec;

typedef struct cl_svc_cache {
    const char *dir;             /* the folder its relative paths were resolved against */
    svc_rec *v;
    size_t n, cap;
    cl_pairset index;            /* (key, value) -> index in V */
} cl_svc_cache;

struct cl_project_stream {
    cl_project_opts po;
    cl_project *p;
    cl_ctx c;
    cl_diags diags;
    cl_svc_cache cache;
};

static svc_rec *cache_add(cl_svc_cache *k)
{
    if (k->n == k->cap) {
        k->cap = k->cap ? k->cap * 2 : 256;
        k->v = realloc(k->v, k->cap * sizeof *k->v);
        if (!k->v) abort();
    }
    svc_rec *r = &k->v[k->n];
    memset(r, 0, sizeof *r);
    cl_diags_init(&r->d);
    return r;
}

static void cache_free(cl_svc_cache *k)
{
    for (size_t i = 0; i < k->n; i++) cl_diags_free(&k->v[i].d);
    free(k->v);
    cl_pairset_free(&k->index);
    memset(k, 0, sizeof *k);
}

cl_node *cl_svc_cache_take(cl_ctx *c, const cl_pair *p, size_t at, const char *dir)
{
    cl_svc_cache *k = c->svc_cache;
    if (!k || strcmp(dir, k->dir)) return NULL;
    long i = cl_pairset_find(&k->index, p->key, p->value, at);
    if (i < 0 || k->v[i].taken) return NULL;
    svc_rec *r = &k->v[i];
    r->taken = 1;
    cl_diags_move(c->diags, &r->d);
    c->errors += r->errors;
    if (r->marked) c->marked = 1;
    return r->canon;
}

cl_project_stream *cl_project_begin(const cl_source *src, const cl_project_opts *opts)
{
    cl_project_stream *s = calloc(1, sizeof *s);
    if (!s) abort();
    s->po = *opts;
    cl_diags_init(&s->diags);
    s->p = cl_project_new();
    cl_ctx_init(&s->c, s->p, &s->po, &s->diags);
    const char *path = src && src->path && strcmp(src->path, "-") ? src->path : NULL;
    cl_arena *a = &s->p->arena;
    s->p->directory = opts->project_directory ? cl_path_abs(a, NULL, opts->project_directory)
                    : path && access(path, F_OK) == 0 ? cl_path_dir(a, path) : cl_path_cwd(a);
    s->cache.dir = s->p->directory;
    cl_ctx_load_env(&s->c);
    return s;
}

void cl_project_entry(void *stream, const cl_node *root_key, const cl_node *key, const cl_node *value)
{
    cl_project_stream *s = stream;
    if (s->c.unreadable || !cl_scalar_is(root_key, "services")) return;
    svc_rec *r = cache_add(&s->cache);
    r->key = key;
    r->value = value;
    r->canon = cl_ctx_service(&s->c, key, value, s->cache.dir, &r->d, &r->errors, &r->marked);
    cl_pairset_add(&s->cache.index, key, value, s->cache.n++);
}

cl_project *cl_project_finish(cl_project_stream *s, const cl_doc *doc, cl_diags *diags)
{
    cl_project *p = NULL;
    if (doc) {
        if (!s->c.unreadable && !cl_ctx_check_root(&s->c, doc)) {
            s->c.svc_cache = &s->cache;
            cl_ctx_build(&s->c, &doc, 1);
            s->c.svc_cache = NULL;
            p = s->p;
            s->p = NULL;
        }
        cl_ctx_detach_diags(&s->diags, 0, doc);
        cl_diags_move(diags, &s->diags);
    }
    cl_ctx_free(&s->c);
    if (s->p) cl_project_free(s->p);
    cache_free(&s->cache);
    cl_diags_free(&s->diags);
    free(s);
    return p;
}
