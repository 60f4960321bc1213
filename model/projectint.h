/* projectint.h - what the project pipeline's parts share inside model/: the
 * load context. The steps that use it (extends, include, profiles) each
 * declare theirs in their own header. */
#ifndef CL_PROJECTINT_H
#define CL_PROJECTINT_H
#include "../cli/cli.h"
#include "env.h"
#include "project.h"

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
                                        was parsed (model/project_stream.c), or NULL */
} cl_ctx;

/* One file's tree made canonical (interpolated, services in long syntax), with
 * relative paths resolved against DIR. */
cl_node *cl_ctx_file_tree(cl_ctx *c, const cl_node *root, const char *dir);
/* Loads another compose file once (cached): its canonical tree, or NULL after
 * an error pointing at AT. */
const cl_node *cl_ctx_load_tree(cl_ctx *c, const char *path, const char *dir, const cl_node *at);
/* Service KEY: VALUE made canonical as cl_ctx_file_tree does (interpolated,
 * long syntax, relative paths against DIR): problems go to DIAGS and count in
 * *ERRORS, *MARKED is set when it holds merge marks. */
cl_node *cl_ctx_service(cl_ctx *c, const cl_node *key, const cl_node *value, const char *dir, cl_diags *diags,
                        int *errors, int *marked);
/* The canonical form of P (a pair of the checked file's services, as the
 * parser handed it on; AT its position there) made while parsing against
 * DIR, its problems moved to C's list; NULL when there is none. */
cl_node *cl_svc_cache_take(cl_ctx *c, const cl_pair *p, size_t at, const char *dir);
/* The steps of cl_project_from_doc (model/project.c), shared with the stream. */
cl_project *cl_project_new(void);
void cl_ctx_init(cl_ctx *c, cl_project *p, const cl_project_opts *o, cl_diags *d);
void cl_ctx_free(cl_ctx *c);
void cl_ctx_load_env(cl_ctx *c);
int cl_ctx_check_root(cl_ctx *c, const cl_doc *d);
void cl_ctx_build(cl_ctx *c, const cl_doc *const *docs, size_t ndocs);
/* Problems found in other files name their place in the text (their sources
 * do not outlive the project). */
void cl_ctx_detach_diags(cl_diags *diags, size_t first_diag, const cl_doc *doc);
/* Fills PO from the command-line options. */
void cl_project_opts_from_cli(cl_project_opts *po, const cl_opts *o);

#endif
