/* include.h - the top-level `include:` resolved: each included project loaded
 * with its own folder and env files, its own extends and includes resolved,
 * and its resources added. Uses the load context and extends.h. */
#ifndef CL_INCLUDE_H
#define CL_INCLUDE_H
#include "context.h"

/* TREE (of FILE) with the include: entries merged in; a name defined on both
 * sides and include cycles are reported. */
cl_node *cl_resolve_include(cl_ctx *c, cl_node *tree, const char *file);

#endif
