/* normalize.h - turns an interpolated (and merged) compose tree into the
 * normalized long-syntax tree documented in project.h: services' short forms
 * expanded, env_file values merged into environment, relative paths made
 * absolute, default networks added, resource names prefixed with the project
 * name, every mapping's keys sorted. */
#ifndef CL_NORMALIZE_H
#define CL_NORMALIZE_H
#include "../parser/diag.h"
#include "../parser/doc.h"
#include "env.h"

/* A service finished ahead (cl_norm_finish_service) while its file was parsed:
 * cl_norm_project takes FIN for CANON when the merged tree still holds CANON
 * itself at that place. */
typedef struct cl_norm_done {
    const cl_node *canon;
    cl_node *fin;
    int uses_default;
} cl_norm_done;

typedef struct cl_norm {
    cl_arena *a;
    cl_diags *diags;
    const char *project;      /* project name */
    const char *dir;          /* absolute folder relative paths are resolved against */
    const cl_env *env;        /* variables: bare environment entries, env_file interpolation */
    const cl_limits *limits;
    int errors;
    int unrendered;           /* see cl_project_opts.unrendered */
    const cl_norm_done *done; /* services finished ahead, by their place in the file; NULL: none */
    size_t ndone;
    size_t taken;             /* how many of those cl_norm_project took */
} cl_norm;

/* Canonical form of one service (short syntax expanded, paths absolute,
 * env_file read) without defaults that a later merge must not see. */
cl_node *cl_norm_service(cl_norm *n, const cl_node *name, const cl_node *svc);
/* The defaults docker compose fills in for canonical service SVC (the
 * default network, bare environment entries from the variables, env_file
 * values merged, keys sorted when printed): what cl_norm_project makes of it.
 * *USES_DEFAULT is set when it is attached to the "default" network. Reports
 * only what reading its env_file finds. */
cl_node *cl_norm_finish_service(cl_norm *n, const cl_node *svc, int *uses_default);
/* The whole normalized project tree from a canonical merged ROOT. */
cl_node *cl_norm_project(cl_norm *n, const cl_node *root);
/* Recursively sorts mapping keys. Copy-on-write: the result shares every
 * subtree already in order with N (N itself when all of it is). */
cl_node *cl_sort_keys(cl_arena *a, const cl_node *n);
/* Scalar text of N, or NULL when N is not a scalar. */
const char *cl_text(const cl_node *n);

#endif
