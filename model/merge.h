/* merge.h - the compose-spec merge of two canonical compose trees (override
 * files, extends): mappings merge key by key, sequences append (scalars
 * without duplicates), ports / volumes / secrets / configs merge by their
 * unique key, command / entrypoint / healthcheck.test are replaced, and the
 * !reset / !override tags of the overriding tree are honoured. */
#ifndef CL_MERGE_H
#define CL_MERGE_H
#include "../parser/doc.h"

/* Merges OVER onto BASE (either may be NULL) and returns the result (in A);
 * inputs are not modified. LEVEL tells where the trees sit. */
typedef enum { CL_MERGE_ROOT, CL_MERGE_SERVICE } cl_merge_level;
cl_node *cl_merge(cl_arena *a, const cl_node *base, const cl_node *over, cl_merge_level level);
/* Drops keys tagged !reset and clears !override marks (a tree with no base). */
cl_node *cl_merge_strip(cl_arena *a, const cl_node *n);

#endif
