/* projectint.h - what the project pipeline's parts share inside model/: the
 * load context and the optional stages (extends, include, profiles), declared
 * weak so each lives in its own file. */
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
} cl_ctx;

/* One file's tree made canonical (interpolated, services in long syntax), with
 * relative paths resolved against DIR. */
cl_node *cl_ctx_file_tree(cl_ctx *c, const cl_node *root, const char *dir);
/* Loads another compose file once (cached): its canonical tree, or NULL after
 * an error pointing at AT. */
const cl_node *cl_ctx_load_tree(cl_ctx *c, const char *path, const char *dir, const cl_node *at);
/* Fills PO from the command-line options. */
void cl_project_opts_from_cli(cl_project_opts *po, const cl_opts *o);

/* model/extends.c: resolves every service's extends (FILE is the tree's file). */
cl_node *cl_resolve_extends(cl_ctx *c, cl_node *tree, const char *file, const char *dir) CL_WEAK;
/* model/include.c: merges in the include: entries of TREE. */
cl_node *cl_resolve_include(cl_ctx *c, cl_node *tree, const char *file) CL_WEAK;
/* model/profiles.c: drops services whose profiles are all inactive, reports dependencies on them. */
cl_node *cl_apply_profiles(cl_ctx *c, cl_node *tree) CL_WEAK;

#endif
