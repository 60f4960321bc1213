/* interp.h - docker compose variable interpolation: $VAR, ${VAR}, ${VAR:-d},
 * ${VAR-d}, ${VAR:?msg}, ${VAR?msg}, ${VAR:+alt}, ${VAR+alt}, nesting inside
 * the default / alternative, and $$ for a literal $. Works on one string (with
 * problems reported at byte offsets) or on a whole tree (keys untouched, spans
 * kept, problems reported at the exact place in the source). */
#ifndef CL_INTERP_H
#define CL_INTERP_H
#include "../parser/buf.h"
#include "../parser/diag.h"
#include "../parser/doc.h"
#include "env.h"

typedef struct cl_interp_ctx {
    const cl_env *env;        /* looked up first */
    const cl_env *fallback;   /* then this one (may be NULL) */
    int warn_unset;           /* report unset variables used without a default */
    /* Receives each problem; OFF/LEN are byte offsets in the string given to cl_interp. */
    void (*report)(void *ud, cl_severity sev, const char *code, size_t off, size_t len, const char *msg);
    void *ud;
    int errors;               /* count of errors reported */
} cl_interp_ctx;

/* Appends the interpolation of S[0..N) to OUT. Returns 0, or -1 after reporting an error. */
int cl_interp(cl_interp_ctx *c, const char *s, size_t n, cl_buf *out);

/* TREE with its scalar values (not mapping keys) interpolated with ENV.
 * Problems go to DIAGS at their source position; *ERRORS counts the errors.
 * Copy-on-write: only scalars with a '$' and the maps and sequences above
 * them are new (in A); everything else is shared with TREE, which is not
 * modified (with nothing to interpolate, TREE itself comes back). */
cl_node *cl_interp_tree(cl_arena *a, const cl_node *tree, const cl_env *env, cl_diags *diags, int *errors);
/* The same, and sets *MARKED to 1 when TREE holds what cl_merge_strip removes
 * (a !reset or !override mark, a pair merged in by `<<`): the same walk
 * tells, so that the strip can be skipped for a tree without any. */
cl_node *cl_interp_tree_marked(cl_arena *a, const cl_node *tree, const cl_env *env, cl_diags *diags, int *errors,
                               int *marked);

/* Byte offset in the source of the OFF-th byte of scalar N's decoded text
 * (exact for plain, single-quoted and block scalars; best effort otherwise). */
uint32_t cl_scalar_src_offset(const cl_node *n, size_t off);

#endif
