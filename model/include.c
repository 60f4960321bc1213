/* include.c - top-level `include:` (a path, or {path: one or more files,
 * project_directory, env_file}): each included project is loaded with its own
 * folder for relative paths and its own env files for interpolation (the
 * process environment still wins), its extends and includes resolved, and its
 * resources added. A name defined on both sides is an error. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "dotenv.h"
#include "extends.h"
#include "include.h"
#include "merge.h"
#include "normalize.h"
#include "path.h"

#define MAX_INCLUDE_DEPTH 32

static const char *sections[] = { "services", "networks", "volumes", "secrets", "configs", NULL };

typedef struct inc { cl_ctx *c; const char *stack[MAX_INCLUDE_DEPTH]; int depth; } inc;

static cl_node *resolve(inc *s, cl_node *tree, const char *file, const char *dir);

/* Reads one env file of an include entry into VARS (problems reported at AT). */
static void include_env(cl_ctx *c, const char *path, int required, const cl_node *at, cl_env *vars)
{
    if (!required && access(path, F_OK) != 0) return;
    char err[512];
    cl_source *src = cl_source_load(path, NULL, cl_ctx_max_file_size(c), err, sizeof err);
    if (!src) {
        cl_diag_add(c->diags, CL_SEV_ERROR, "env-file-missing", cl_node_span(at), "cannot read env file %s: %s", path, err);
        c->errors++;
        return;
    }
    c->errors += cl_dotenv_parse(src, &c->env, vars, c->diags);
    cl_ctx_keep_source(c, src);
}

/* The text of a path, project_directory or env_file value; NULL for `~`,
 * whose text would otherwise be read as the home folder. */
static const char *given(const cl_node *n)
{
    return n && n->kind == CL_SCALAR && n->type == CL_T_NULL ? NULL : cl_text(n);
}

/* The merged tree of one include entry, or NULL. */
static cl_node *load_entry(inc *s, const cl_node *e, const char *dir)
{
    cl_ctx *c = s->c;
    cl_arena *a = &c->p->arena;
    const cl_node *paths = e, *pdir = NULL, *envf = NULL;
    if (e->kind == CL_MAP) {
        paths = cl_map_get(e, "path");
        pdir = cl_map_get(e, "project_directory");
        envf = cl_map_get(e, "env_file");
    }
    if (!paths || !(paths->kind == CL_SEQ || given(paths))) {
        cl_diag_add(c->diags, CL_SEV_ERROR, "include", cl_node_span(e), "an include entry needs a path (a file or a list of files)");
        c->errors++;
        return NULL;
    }
    uint32_t np = paths->kind == CL_SEQ ? paths->u.q.n : 1;
    const cl_node *first = paths->kind == CL_SEQ ? (np ? paths->u.q.items[0] : NULL) : paths;
    if (!given(first)) return NULL;
    const char *fpath = cl_path_abs(a, dir, given(first));
    const char *idir = given(pdir) ? cl_path_abs(a, dir, given(pdir)) : cl_path_dir(a, fpath);
    /* variables: the include's env files (default: .env in its folder) under the current ones */
    cl_env vars, saved = c->env;
    cl_env_init(&vars);
    if (envf && envf->kind == CL_SEQ)
        for (uint32_t i = 0; i < envf->u.q.n; i++) {
            if (given(envf->u.q.items[i]))
                include_env(c, cl_path_abs(a, dir, given(envf->u.q.items[i])), 1, envf->u.q.items[i], &vars);
        }
    else if (given(envf)) include_env(c, cl_path_abs(a, dir, given(envf)), 1, envf, &vars);
    else include_env(c, cl_path_abs(a, idir, ".env"), 0, e, &vars);
    cl_env_merge(&vars, &saved);
    c->env = vars;
    cl_node *merged = NULL;
    for (uint32_t i = 0; i < np; i++) {
        const cl_node *pn = paths->kind == CL_SEQ ? paths->u.q.items[i] : paths;
        if (!given(pn)) continue;
        const char *path = cl_path_abs(a, dir, given(pn));
        int k = 0;
        while (k < s->depth && strcmp(s->stack[k], path)) k++;
        if (k < s->depth || s->depth == MAX_INCLUDE_DEPTH) {
            cl_diag_add(c->diags, CL_SEV_ERROR, "include-cycle", cl_node_span(pn),
                        k < s->depth ? "include cycle: %s includes itself again" : "includes nested deeper than %s", 
                        k < s->depth ? path : "32 levels");
            c->errors++;
            continue;
        }
        const cl_node *t = cl_ctx_load_tree(c, path, idir, pn);
        if (!t) continue;
        cl_node *r = cl_resolve_extends(c, (cl_node *)t, path, idir);
        s->stack[s->depth++] = path;
        r = resolve(s, r, path, idir);
        s->depth--;
        merged = cl_merge(a, merged, r, CL_MERGE_ROOT);
    }
    c->env = saved;
    cl_env_free(&vars);
    return merged;
}

static cl_node *resolve(inc *s, cl_node *tree, const char *file, const char *dir)
{
    const cl_node *list = cl_map_get(tree, "include");
    if (!list) return tree;
    cl_ctx *c = s->c;
    cl_arena *a = &c->p->arena;
    (void)file;
    cl_builder secs[5];
    for (int k = 0; sections[k]; k++) {
        cl_builder_map(&secs[k]);
        const cl_node *own = cl_map_get(tree, sections[k]);
        for (uint32_t i = 0; own && own->kind == CL_MAP && i < own->u.m.n; i++)
            cl_builder_set(&secs[k], own->u.m.items[i].key, own->u.m.items[i].value);
    }
    uint32_t n = list->kind == CL_SEQ ? list->u.q.n : 1;
    for (uint32_t i = 0; i < n; i++) {
        const cl_node *e = list->kind == CL_SEQ ? list->u.q.items[i] : list;
        cl_node *t = load_entry(s, e, dir);
        if (!t) continue;
        for (int k = 0; sections[k]; k++) {
            const cl_node *theirs = cl_map_get(t, sections[k]);
            for (uint32_t j = 0; theirs && theirs->kind == CL_MAP && j < theirs->u.m.n; j++) {
                const cl_pair *p = &theirs->u.m.items[j];
                /* a key that is not text (`? [a]`, reported by the schema)
                 * names nothing defined on the other side */
                const char *name = cl_text(p->key);
                uint32_t x = name ? 0 : secs[k].n;
                while (x < secs[k].n && !cl_scalar_is(secs[k].pairs[x].key, name)) x++;
                if (x < secs[k].n) {
                    cl_diag *g = cl_diag_add(c->diags, CL_SEV_ERROR, "include-conflict", cl_node_span(secs[k].pairs[x].key),
                                             "%s.%s is defined here and also by the included %s", sections[k],
                                             name, cl_node_src(p->key) ? cl_node_src(p->key)->path : "file");
                    cl_diag_add_related(g, cl_node_span(p->key), "the included definition");
                    c->errors++;
                    continue;
                }
                cl_builder_set(&secs[k], p->key, p->value);
            }
        }
    }
    cl_builder b;
    cl_builder_map(&b);
    for (uint32_t i = 0; i < tree->u.m.n; i++)
        if (!cl_scalar_is(tree->u.m.items[i].key, "include")) cl_builder_set(&b, tree->u.m.items[i].key, tree->u.m.items[i].value);
    for (int k = 0; sections[k]; k++) {
        if (secs[k].n || cl_map_get(tree, sections[k])) cl_builder_put(&b, a, sections[k], cl_builder_finish(&secs[k], a));
        else cl_builder_discard(&secs[k]);
    }
    return cl_node_at(cl_builder_finish(&b, a), tree);
}

cl_node *cl_resolve_include(cl_ctx *c, cl_node *tree, const char *file)
{
    inc s;
    memset(&s, 0, sizeof s);
    s.c = c;
    const char *path = file && strcmp(file, "-") ? cl_path_abs(&c->p->arena, NULL, file) : NULL;
    if (path) s.stack[s.depth++] = path;
    return resolve(&s, tree, path, path ? cl_path_dir(&c->p->arena, path) : c->p->directory);
}
