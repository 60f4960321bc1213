/* project.c - cl_project_load / cl_project_from_doc / cl_project_free: the
 * pipeline from files to the normalized project (env, interpolation,
 * canonical services, include, extends, merge, name, profiles, finalize), and
 * the `check` hooks cl_stage_project / cl_stage_project_free. */
#include "../model/project.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../cli/cli.h"
#include "cow.h"
#include "dotenv.h"
#include "extends.h"
#include "include.h"
#include "interp.h"
#include "merge.h"
#include "normalize.h"
#include "path.h"
#include "profiles.h"
#include "projectint.h"

static void keep_source(cl_project *p, cl_source *s)
{
    p->sources = realloc(p->sources, (p->nsources + 1) * sizeof *p->sources);
    if (!p->sources) abort();
    p->sources[p->nsources++] = s;
}

static void keep_doc(cl_project *p, cl_doc *d)
{
    p->docs = realloc(p->docs, (p->ndocs + 1) * sizeof *p->docs);
    if (!p->docs) abort();
    p->docs[p->ndocs++] = d;
}

static size_t max_size(const cl_project_opts *o) { return o->limits ? o->limits->max_file_size : (64u << 20); }

/* Loads one dotenv file into VARS (interpolating with LOOKUP). */
static int load_dotenv(cl_ctx *c, const char *path, int required, const cl_env *lookup, cl_env *vars)
{
    char err[512];
    if (!required && access(path, F_OK) != 0) return 0;
    cl_source *src = cl_source_load(path, NULL, max_size(c->opts), err, sizeof err);
    if (!src) {
        cl_span sp = { NULL, 0, 0 };
        cl_diag_add(c->diags, CL_SEV_ERROR, "env-file-missing", sp, "cannot read env file %s: %s", path, err);
        c->errors++;
        c->unreadable = 1;
        return -1;
    }
    c->errors += cl_dotenv_parse(src, lookup, vars, c->diags);
    keep_source(c->p, src);
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

static int valid_name(const char *s)
{
    if (!*s || !((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9'))) return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '-')) return 0;
    return 1;
}

/* Folder names are lowercased and stripped of other characters, as docker compose does. */
static char *normalize_name(cl_arena *a, const char *s)
{
    char *r = cl_arena_alloc(a, strlen(s) + 1);
    size_t k = 0;
    for (; *s; s++) {
        char ch = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ((ch == '_' || ch == '-') && k)) r[k++] = ch;
    }
    r[k] = 0;
    return r;
}

static void choose_name(cl_ctx *c, const cl_node *root)
{
    const char *from = NULL, *name = NULL;
    const cl_node *at = NULL;
    if (c->opts->project_name) { name = c->opts->project_name; from = "-p"; }
    else if ((name = cl_env_get(&c->env, "COMPOSE_PROJECT_NAME", 20)) && *name) from = "COMPOSE_PROJECT_NAME";
    else if ((at = cl_map_get(root, "name")) && cl_text(at) && *cl_text(at)) { name = cl_text(at); from = "name"; }
    if (from) {
        if (!valid_name(name)) {
            cl_diag_add(c->diags, CL_SEV_ERROR, "project-name", cl_node_span(at),
                        "invalid project name \"%s\" (from %s): it must contain only lowercase letters, digits, "
                        "dashes and underscores, and start with a letter or digit", name, from);
            c->errors++;
            name = normalize_name(&c->p->arena, name);
        }
    } else {
        name = normalize_name(&c->p->arena, cl_path_base(c->p->directory));
        if (!*name) {
            cl_span sp = { NULL, 0, 0 };
            cl_diag_add(c->diags, CL_SEV_ERROR, "project-name", sp,
                        "cannot derive a project name from the folder \"%s\": give one with -p or a top-level name:",
                        c->p->directory);
            c->errors++;
        }
    }
    c->p->name = *name ? cl_arena_strdup(&c->p->arena, name) : "default";
}

/* N interpolated (as written under no_interpolate), *MARKED set when it
 * holds merge marks. */
static cl_node *interp(cl_ctx *c, const cl_node *n, cl_diags *diags, int *errors, int *marked)
{
    if (c->opts->no_interpolate) return (cl_node *)n;
    return cl_interp_tree_marked(&c->p->arena, n, &c->env, diags, errors, marked);
}

cl_node *cl_ctx_service(cl_ctx *c, const cl_node *key, const cl_node *value, const char *dir, cl_diags *diags,
                        int *errors, int *marked)
{
    cl_node *v = interp(c, value, diags, errors, marked);
    cl_norm n = { &c->p->arena, diags, NULL, dir, &c->env, c->opts->limits, 0, c->opts->unrendered };
    cl_node *r = cl_cow_marks(&c->p->arena, cl_norm_service(&n, key, v), v);   /* the marks are for the merge */
    *errors += n.errors;
    return r;
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
            cl_node *v = c->svc_cache ? cl_svc_cache_take(c, p, k, dir) : NULL;
            if (!v) v = cl_ctx_service(c, p->key, p->value, dir, c->diags, &c->errors, &c->marked);
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
    cl_source *src = cl_source_load(path, NULL, max_size(c->opts), err, sizeof err);
    if (!src) {
        cl_diag_add(c->diags, CL_SEV_ERROR, "compose-file", cl_node_span(at), "cannot read %s: %s", path, err);
        c->errors++;
        return NULL;
    }
    keep_source(c->p, src);
    cl_doc *d = cl_doc_parse(src, c->opts->limits, c->diags);
    if (!d || cl_ctx_check_root(c, d)) {
        cl_diag_add(c->diags, CL_SEV_ERROR, "compose-file", cl_node_span(at), "%s is not a valid compose file", path);
        c->errors++;
        cl_doc_free(d);
        return NULL;
    }
    keep_doc(c->p, d);
    c->cache = realloc(c->cache, (c->ncache + 1) * sizeof *c->cache);
    if (!c->cache) abort();
    cl_node *t = cl_ctx_file_tree(c, d->root, dir);
    c->cache[c->ncache].path = cl_arena_strdup(&c->p->arena, path);
    c->cache[c->ncache].dir = cl_arena_strdup(&c->p->arena, dir);
    c->cache[c->ncache].tree = t;
    c->ncache++;
    return t;
}

/* Everything after the files are read: canonical trees, merge, name, profiles, finalize. */
void cl_ctx_build(cl_ctx *c, const cl_doc *const *docs, size_t ndocs)
{
    cl_arena *a = &c->p->arena;
    cl_node *merged = NULL;
    for (size_t i = 0; i < ndocs; i++) {
        const cl_doc *d = docs[i];
        cl_node *t = cl_ctx_file_tree(c, d->root, c->p->directory);
        t = cl_resolve_extends(c, t, d->src ? d->src->path : NULL, c->p->directory);
        t = cl_resolve_include(c, t, d->src ? d->src->path : NULL);
        /* onto no base, the merge only strips marks: nothing to do without any */
        merged = merged || c->marked ? cl_merge(a, merged, t, CL_MERGE_ROOT) : t;
    }
    if (!merged) merged = cl_new_map(a, NULL, 0);
    choose_name(c, merged);
    merged = cl_apply_profiles(c, merged);
    cl_norm n = { a, c->diags, c->p->name, c->p->directory, &c->env, c->opts->limits, 0, c->opts->unrendered };
    c->p->root = cl_norm_project(&n, merged);
    c->errors += n.errors;
}

cl_project *cl_project_new(void)
{
    cl_project *p = calloc(1, sizeof *p);
    if (!p) abort();
    cl_arena_init(&p->arena);
    return p;
}

void cl_ctx_init(cl_ctx *c, cl_project *p, const cl_project_opts *o, cl_diags *d)
{
    memset(c, 0, sizeof *c);
    c->p = p;
    c->opts = o;
    c->diags = d;
    cl_env_init(&c->env);
}

void cl_ctx_free(cl_ctx *c)
{
    cl_env_free(&c->env);
    free(c->cache);
    c->cache = NULL;
}

/* COMPOSE_FILE (split at COMPOSE_PATH_SEPARATOR or ':'), else the default file name. */
static size_t default_files(cl_ctx *c, const char ***out)
{
    const char *cf = cl_env_get(&c->env, "COMPOSE_FILE", 12);
    const char *sep = cl_env_get(&c->env, "COMPOSE_PATH_SEPARATOR", 22);
    size_t n = 0;
    *out = NULL;
    if (cf && *cf) {
        char sc = sep && *sep ? sep[0] : ':';
        char *copy = cl_arena_strdup(&c->p->arena, cf);
        for (char *s = copy; s;) {
            char *e = strchr(s, sc);
            if (e) *e = 0;
            if (*s) {
                *out = realloc(*out, (n + 1) * sizeof **out);
                if (!*out) abort();
                (*out)[n++] = cl_path_abs(&c->p->arena, c->p->directory, s);
            }
            s = e ? e + 1 : NULL;
        }
        return n;
    }
    static const char *names[] = { "compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml", NULL };
    for (int i = 0; names[i]; i++) {
        char *pth = cl_path_abs(&c->p->arena, c->p->directory, names[i]);
        if (access(pth, F_OK) == 0) {
            *out = malloc(sizeof **out);
            if (!*out) abort();
            (*out)[0] = pth;
            return 1;
        }
    }
    return 0;
}

/* A load that stops early: NULL, or the rootless project when diagnostics
 * point into sources it holds (a file that does not parse, a bad .env), to be
 * freed after reporting. */
static cl_project *failed_load(cl_ctx *c, size_t ndiags0)
{
    cl_ctx_free(c);
    for (size_t i = ndiags0; i < c->diags->n; i++)
        if (c->diags->v[i].span.src || c->diags->v[i].nrelated) return c->p;
    cl_project_free(c->p);
    return NULL;
}

cl_project *cl_project_load(const cl_project_opts *opts, cl_diags *diags)
{
    size_t ndiags0 = diags->n;
    cl_project *p = cl_project_new();
    cl_ctx c;
    cl_ctx_init(&c, p, opts, diags);
    const char *first = opts->nfiles && strcmp(opts->files[0], "-") ? opts->files[0] : NULL;
    p->directory = opts->project_directory ? cl_path_abs(&p->arena, NULL, opts->project_directory)
                 : first ? cl_path_dir(&p->arena, first) : cl_path_cwd(&p->arena);
    cl_ctx_load_env(&c);
    if (c.unreadable) return failed_load(&c, ndiags0);
    const char **files = (const char **)opts->files;
    size_t nfiles = opts->nfiles;
    const char **found = NULL;
    if (!nfiles) {
        nfiles = default_files(&c, &found);
        files = found;
        if (!nfiles) {
            cl_span sp = { NULL, 0, 0 };
            cl_diag_add(diags, CL_SEV_ERROR, "compose-file", sp, "no compose file given and none found in %s", p->directory);
            return failed_load(&c, ndiags0);
        }
        if (!opts->project_directory) p->directory = cl_path_dir(&p->arena, files[0]);
    }
    int bad = 0;
    for (size_t i = 0; i < nfiles; i++) {
        char err[512];
        cl_source *src = cl_source_load(files[i], NULL, max_size(opts), err, sizeof err);
        if (!src) {
            cl_span sp = { NULL, 0, 0 };
            cl_diag_add(diags, CL_SEV_ERROR, "compose-file", sp, "%s: %s", strcmp(files[i], "-") ? files[i] : "<stdin>", err);
            bad = 1;
            continue;
        }
        keep_source(p, src);
        cl_doc *d = cl_doc_parse(src, opts->limits, diags);
        if (!d || cl_ctx_check_root(&c, d)) { bad = 1; cl_doc_free(d); continue; }
        keep_doc(p, d);
    }
    free(found);
    if (bad) return failed_load(&c, ndiags0);
    cl_ctx_build(&c, (const cl_doc *const *)p->docs, p->ndocs);
    cl_ctx_free(&c);
    return p;
}

/* "path:line:col: MSG" for a span in a file that will not outlive the project
 * (frees MSG, returns the new malloc'd message). */
static char *place_in_text(const cl_span *sp, char *msg)
{
    uint32_t line, col;
    cl_source_pos(sp->src, sp->start, &line, &col);
    size_t len = strlen(sp->src->path) + strlen(msg) + 32;
    char *r = malloc(len);
    if (!r) abort();
    snprintf(r, len, "%s:%u:%u: %s", sp->src->path, line, col, msg);
    free(msg);
    return r;
}

/* `check` reports after the project is gone: problems found in other files
 * (.env, env files, extended or included files) name their place in the text. */
void cl_ctx_detach_diags(cl_diags *diags, size_t first_diag, const cl_doc *doc)
{
    for (size_t i = first_diag; i < diags->n; i++) {
        cl_diag *g = &diags->v[i];
        if (g->span.src && g->span.src != doc->src) {
            g->message = place_in_text(&g->span, g->message);
            g->span.src = NULL;
            g->span.start = g->span.end = 0;
        }
        for (size_t k = 0; k < g->nrelated; k++)
            if (g->related[k].span.src && g->related[k].span.src != doc->src) {
                g->related[k].message = place_in_text(&g->related[k].span, g->related[k].message);
                g->related[k].span.src = NULL;
            }
    }
}

cl_project *cl_project_from_doc(const cl_doc *doc, const cl_project_opts *opts, cl_diags *diags)
{
    return cl_project_finish(cl_project_begin(doc->src, opts), doc, diags);
}

void cl_project_free(cl_project *p)
{
    if (!p) return;
    for (size_t i = 0; i < p->ndocs; i++) cl_doc_free(p->docs[i]);
    for (size_t i = 0; i < p->nsources; i++) cl_source_free(p->sources[i]);
    free(p->docs);
    free(p->sources);
    cl_arena_free(&p->arena);
    free(p);
}

void cl_project_opts_from_cli(cl_project_opts *po, const cl_opts *o)
{
    memset(po, 0, sizeof *po);
    po->files = o->files;
    po->nfiles = o->nfiles;
    po->env_files = o->env_files;
    po->nenv_files = o->nenv_files;
    po->profiles = o->profiles;
    po->nprofiles = o->nprofiles;
    po->project_name = o->project_name;
    po->project_directory = o->project_directory;
    po->no_interpolate = o->no_interpolate;
    po->limits = &o->limits;
}

/* The project `check` builds: the one file, read only by the rules. */
static void stage_opts(cl_project_opts *po, const cl_opts *o)
{
    cl_project_opts_from_cli(po, o);
    po->files = NULL;
    po->nfiles = 0;
    po->unrendered = 1;    /* rules read the project of `check`, nothing prints it */
}

struct cl_project *cl_stage_project(const cl_doc *doc, const cl_opts *o, cl_diags *out)
{
    cl_project_opts po;
    stage_opts(&po, o);
    return cl_project_from_doc(doc, &po, out);
}

struct cl_project_stream *cl_stage_project_begin(const cl_opts *o, const cl_source *src)
{
    cl_project_opts po;
    stage_opts(&po, o);
    return cl_project_begin(src, &po);
}

void cl_stage_project_entry(void *stream, const cl_node *root_key, const cl_node *key, const cl_node *value)
{
    cl_project_entry(stream, root_key, key, value);
}

struct cl_project *cl_stage_project_finish(struct cl_project_stream *st, const cl_doc *doc, cl_diags *out)
{
    return cl_project_finish(st, doc, out);
}

void cl_stage_project_free(struct cl_project *p) { cl_project_free(p); }
