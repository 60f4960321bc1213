/* project.c - cl_project_load / cl_project_from_doc / cl_project_free: the
 * pipeline from files to the normalized project (env, interpolation,
 * canonical services, include, extends, merge, name, profiles, finalize),
 * and the project of a lone file begun while it is parsed. */
#include "project.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "context.h"
#include "extends.h"
#include "include.h"
#include "merge.h"
#include "normalize.h"
#include "path.h"
#include "profiles.h"

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

/* Everything after the files are read: canonical trees, merge, name, profiles, finalize. */
static void build(cl_ctx *c, const cl_doc *const *docs, size_t ndocs)
{
    cl_arena *a = &c->p->arena;
    cl_node *merged = NULL;
    for (size_t i = 0; i < ndocs; i++) {
        const cl_doc *d = docs[i];
        cl_node *t = cl_ctx_file_tree(c, d->root, c->p->directory);
        cl_ctx_drop_services(c);   /* taken into the first tree, or never will be */
        t = cl_resolve_extends(c, t, d->src ? d->src->path : NULL, c->p->directory);
        t = cl_resolve_include(c, t, d->src ? d->src->path : NULL);
        /* onto no base, the merge only strips marks: nothing to do without any */
        merged = merged || c->marked ? cl_merge(a, merged, t, CL_MERGE_ROOT) : t;
    }
    if (!merged) merged = cl_new_map(a, NULL, 0);
    choose_name(c, merged);
    merged = cl_apply_profiles(c, merged);
    cl_norm n = { a, c->diags, c->p->name, c->p->directory, &c->env, c->opts->limits, 0, c->opts->unrendered,
                  c->done, c->ndone, 0 };
    c->p->root = cl_norm_project(&n, merged);
    c->p->finished_ahead = n.taken;
    c->errors += n.errors;
}

static cl_project *project_new(void)
{
    cl_project *p = calloc(1, sizeof *p);
    if (!p) abort();
    cl_arena_init(&p->arena);
    return p;
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
        if (cl_diag_src(&c->diags->v[i]) || cl_diag_nrelated(&c->diags->v[i])) return c->p;
    cl_project_free(c->p);
    return NULL;
}

/* A cl_service_fn: the load context CTX makes the service canonical. */
static void cache_entry(void *ctx, size_t index, const cl_node *key, const cl_node *value)
{
    cl_ctx_cache_service(ctx, index, key, value);
}

struct cl_project_reading {
    cl_ctx c;
    cl_handon h;
    int stopped;               /* the load stopped early: DONE is what it returns */
    cl_project *done;
    cl_doc **docs;             /* the files given, apart: extends and include add their
                                  documents to p->docs (and may move it) while build walks these */
    size_t ndocs;
};

static cl_project_reading *stop(cl_project_reading *r, size_t ndiags0)
{
    r->done = failed_load(&r->c, ndiags0);
    r->stopped = 1;
    return r;
}

cl_project_reading *cl_project_read(const cl_project_opts *opts, cl_diags *diags)
{
    cl_project_reading *r = calloc(1, sizeof *r);
    if (!r) abort();
    size_t ndiags0 = diags->n;
    cl_project *p = project_new();
    cl_ctx *c = &r->c;
    cl_ctx_init(c, p, opts, diags);
    const char *first = opts->nfiles && strcmp(opts->files[0], "-") ? opts->files[0] : NULL;
    p->directory = opts->project_directory ? cl_path_abs(&p->arena, NULL, opts->project_directory)
                 : first ? cl_path_dir(&p->arena, first) : cl_path_cwd(&p->arena);
    cl_ctx_load_env(c);
    if (c->unreadable) return stop(r, ndiags0);
    const char **files = (const char **)opts->files;
    size_t nfiles = opts->nfiles;
    const char **found = NULL;
    if (!nfiles) {
        nfiles = default_files(c, &found);
        files = found;
        if (!nfiles) {
            cl_span sp = { NULL, 0, 0 };
            cl_diag_add(diags, CL_SEV_ERROR, "compose-file", sp, "no compose file given and none found in %s", p->directory);
            return stop(r, ndiags0);
        }
        if (!opts->project_directory) p->directory = cl_path_dir(&p->arena, files[0]);
    }
    /* a lone file: each service is made canonical as soon as it is parsed,
     * while the reader of libfyaml's events goes on (what `check` does) */
    cl_handon *h = &r->h;
    if (nfiles == 1) cl_handon_to(h, cache_entry, c);
    cl_parse_opts parse = { 1, h->nto ? cl_handon_entry : NULL, h };
    int bad = 0;
    for (size_t i = 0; i < nfiles; i++) {
        char err[512];
        cl_source *src = cl_source_load(files[i], NULL, cl_ctx_max_file_size(c), err, sizeof err);
        if (!src) {
            cl_span sp = { NULL, 0, 0 };
            cl_diag_add(diags, CL_SEV_ERROR, "compose-file", sp, "%s: %s", strcmp(files[i], "-") ? files[i] : "<stdin>", err);
            bad = 1;
            continue;
        }
        cl_ctx_keep_source(c, src);
        cl_doc *d = cl_doc_parse_ex(src, opts->limits, diags, &parse);
        if (!d || cl_ctx_check_root(c, d)) { bad = 1; cl_doc_free(d); continue; }
        cl_ctx_keep_doc(c, d);
    }
    free(found);
    cl_handon_seal(h);
    c->handed = h;
    if (bad) {
        stop(r, ndiags0);
        cl_handon_free(h);
        return r;
    }
    r->ndocs = p->ndocs;
    r->docs = malloc((r->ndocs ? r->ndocs : 1) * sizeof *r->docs);
    if (!r->docs) abort();
    memcpy(r->docs, p->docs, r->ndocs * sizeof *r->docs);
    return r;
}

size_t cl_project_read_docs(const cl_project_reading *r, const cl_doc *const **docs)
{
    *docs = (const cl_doc *const *)r->docs;
    return r->stopped ? 0 : r->ndocs;
}

cl_project *cl_project_read_finish(cl_project_reading *r)
{
    cl_project *p = r->done;
    if (!r->stopped) {
        p = r->c.p;
        build(&r->c, (const cl_doc *const *)r->docs, r->ndocs);
        cl_ctx_free(&r->c);
        cl_handon_free(&r->h);
    }
    free(r->docs);
    free(r);
    return p;
}

cl_project *cl_project_load(const cl_project_opts *opts, cl_diags *diags)
{
    return cl_project_read_finish(cl_project_read(opts, diags));
}

cl_project *cl_project_from_docs(const cl_doc *const *docs, size_t n, const cl_project_opts *opts, cl_diags *diags)
{
    cl_project *p = project_new();
    cl_ctx c;
    cl_ctx_init(&c, p, opts, diags);
    const char *first = n && docs[0]->src && strcmp(docs[0]->src->path, "-") &&
                        access(docs[0]->src->path, F_OK) == 0 ? docs[0]->src->path : NULL;
    p->directory = opts->project_directory ? cl_path_abs(&p->arena, NULL, opts->project_directory)
                 : first ? cl_path_dir(&p->arena, first) : cl_path_cwd(&p->arena);
    cl_ctx_load_env(&c);
    if (!c.unreadable) build(&c, docs, n);
    cl_ctx_free(&c);
    return p;
}

size_t cl_project_take_sources(cl_project *p, cl_source ***out)
{
    *out = p ? p->sources : NULL;
    size_t n = p ? p->nsources : 0;
    if (p) {
        p->sources = NULL;
        p->nsources = 0;
    }
    return n;
}

/* "path:line:col: MSG" for a span in a file that will not outlive the project
 * (a new malloc'd message). */
static char *place_in_text(const cl_span *sp, const char *msg)
{
    uint32_t line, col;
    cl_source_pos(sp->src, sp->start, &line, &col);
    size_t len = strlen(sp->src->path) + strlen(msg) + 32;
    char *r = malloc(len);
    if (!r) abort();
    snprintf(r, len, "%s:%u:%u: %s", sp->src->path, line, col, msg);
    return r;
}

/* `check` reports after the project is gone: problems found in other files
 * (.env, env files, extended or included files) name their place in the text. */
static void detach_diags(cl_diags *diags, size_t first_diag, const cl_doc *doc)
{
    cl_buf text;
    cl_buf_init(&text);
    for (size_t i = first_diag; i < diags->n; i++) {
        cl_diag *g = &diags->v[i];
        if (cl_diag_src(g) && cl_diag_src(g) != doc->src) {
            cl_span gs = cl_diag_span(g);
            char *m = place_in_text(&gs, cl_diag_message(g, &text));
            cl_diag_set_message(g, m);
            free(m);
            cl_diag_set_span(g, (cl_span){ 0 });
        }
        cl_related *rel = cl_diag_related(g);
        for (size_t k = 0; k < cl_diag_nrelated(g); k++)
            if (rel[k].span.src && rel[k].span.src != doc->src) {
                char *m = place_in_text(&rel[k].span, rel[k].message);
                free(rel[k].message);
                rel[k].message = m;
                rel[k].span.src = NULL;
            }
    }
    cl_buf_free(&text);
}

/* The project of one file (`check`), begun before the file is parsed: each
 * service is made canonical (interpolated, long syntax) as soon as the parser
 * hands it on, while it is still in the cache; the rest once the document is
 * whole. cl_project_from_doc is the same without the entries. */
struct cl_project_stream {
    cl_project_opts po;
    cl_project *p;
    cl_ctx c;
    cl_diags diags;
};

cl_project_stream *cl_project_begin(const cl_source *src, const cl_project_opts *opts)
{
    cl_project_stream *s = calloc(1, sizeof *s);
    if (!s) abort();
    s->po = *opts;
    cl_diags_init(&s->diags);
    s->p = project_new();
    cl_ctx_init(&s->c, s->p, &s->po, &s->diags);
    const char *path = src && src->path && strcmp(src->path, "-") ? src->path : NULL;
    cl_arena *a = &s->p->arena;
    s->p->directory = opts->project_directory ? cl_path_abs(a, NULL, opts->project_directory)
                    : path && access(path, F_OK) == 0 ? cl_path_dir(a, path) : cl_path_cwd(a);
    cl_ctx_load_env(&s->c);
    return s;
}

void cl_project_entry(void *stream, size_t index, const cl_node *key, const cl_node *value)
{
    cl_project_stream *s = stream;
    if (s->c.unreadable) return;
    cl_ctx_cache_service(&s->c, index, key, value);
}

cl_project *cl_project_finish(cl_project_stream *s, const cl_doc *doc, const cl_handon *handed, cl_diags *diags)
{
    s->c.handed = handed;
    cl_project *p = NULL;
    if (doc) {
        if (!s->c.unreadable && !cl_ctx_check_root(&s->c, doc)) {
            build(&s->c, &doc, 1);
            p = s->p;
            s->p = NULL;
        }
        if (!s->po.keep_sources) detach_diags(&s->diags, 0, doc);
        cl_diags_move(diags, &s->diags);
    }
    cl_ctx_free(&s->c);
    if (s->p) cl_project_free(s->p);
    cl_diags_free(&s->diags);
    free(s);
    return p;
}

cl_project *cl_project_from_doc(const cl_doc *doc, const cl_project_opts *opts, cl_diags *diags)
{
    return cl_project_finish(cl_project_begin(doc->src, opts), doc, NULL, diags);
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
