/* context.h - the ground floor of the project pipeline inside model/: the load
 * context (cl_ctx: the project being built, its options, where problems go,
 * the variables, the other files loaded) and what every step does with it:
 * read the variables (.env, --env-file), make one file's tree canonical
 * (interpolated, services in long syntax), load another compose file's
 * canonical tree once, and take the checked file's services made canonical
 * while it was parsed. It calls nothing above it: extends.c, include.c and
 * profiles.c use it, and project.c runs them in order. */
#ifndef CL_CONTEXT_H
#define CL_CONTEXT_H
#include "env.h"
#include "../parser/pairset.h"
#include "project_types.h"

typedef struct cl_ctx {
    cl_project *p;
    const cl_project_opts *opts;
    cl_diags *diags;
    cl_env env;               /* variables for interpolation */
    int errors;
    int unreadable;           /* an --env-file could not be read: no project */
    int marked;               /* a tree loaded may hold !reset / !override marks or `<<` pairs */
    struct { const char *path, *dir; cl_node *tree; } *cache;   /* other files loaded */
    size_t ncache;
    struct cl_svc_cache *svc_cache;  /* services of the checked file made canonical while it
                                        was parsed (cl_ctx_cache_service), or NULL */
    const cl_handon *handed;         /* the services handed on while it was parsed (to take
                                        them back), or NULL */
    struct cl_norm_done *done;       /* those services finished ahead for printing, by
                                        hand-on index (cl_norm.done) */
    size_t ndone;
} cl_ctx;

void cl_ctx_init(cl_ctx *c, cl_project *p, const cl_project_opts *o, cl_diags *d);
void cl_ctx_free(cl_ctx *c);
/* The project keeps S (D): it dies with the project. */
void cl_ctx_keep_source(cl_ctx *c, cl_source *s);
void cl_ctx_keep_doc(cl_ctx *c, cl_doc *d);
/* The largest file a load reads (--max-file-size). */
size_t cl_ctx_max_file_size(const cl_ctx *c);
/* The variables: process environment over --env-file files (later wins) or
 * the project's .env; c->unreadable when an --env-file cannot be read. */
void cl_ctx_load_env(cl_ctx *c);
/* 0, or -1 after reporting that D's top level is not a mapping. */
int cl_ctx_check_root(cl_ctx *c, const cl_doc *d);
/* Service KEY: VALUE of the checked file, handed on as INDEX, made canonical
 * now, while the file is parsed (relative paths against the project
 * directory); cl_ctx_file_tree takes it, with what it reported, instead of
 * making it again (c->handed finds its index). For a printed project, one
 * with nothing to read (no env_file) and nothing to merge is finished too
 * (c->done), the parser's thread being the slower one meanwhile. */
void cl_ctx_cache_service(cl_ctx *c, size_t index, const cl_node *key, const cl_node *value);
/* Frees those services once the checked file's tree has taken them (what it
 * did not take is no one's: another file's tree never holds these pairs). */
void cl_ctx_drop_services(cl_ctx *c);
/* One file's tree made canonical (interpolated, services in long syntax), with
 * relative paths resolved against DIR. */
cl_node *cl_ctx_file_tree(cl_ctx *c, const cl_node *root, const char *dir);
/* Loads another compose file once (cached): its canonical tree, or NULL after
 * an error pointing at AT. */
const cl_node *cl_ctx_load_tree(cl_ctx *c, const char *path, const char *dir, const cl_node *at);

#endif
