/* extends.h - services' `extends` (same file, another file, chains) resolved:
 * each base service first, then the extending service merged on it. Uses the
 * load context alone (another file's tree comes from cl_ctx_load_tree). */
#ifndef CL_EXTENDS_H
#define CL_EXTENDS_H
#include "context.h"

/* TREE with every service's extends resolved (FILE is the tree's file,
 * relative paths against DIR); cycles and missing bases are reported. */
cl_node *cl_resolve_extends(cl_ctx *c, cl_node *tree, const char *file, const char *dir);

#endif
