/* swarm.h - what the files of the Docker Swarm stack emitter share (private to
 * emitters/swarm*.c): the conversion context, the copy that makes a value safe
 * for the v3 loader, and the one way to report a key swarm cannot express. */
#ifndef CL_SWARM_H
#define CL_SWARM_H
#include "emitter.h"

typedef struct sw_ctx {
    const cl_project *p;
    const cl_emit_opts *o;
    cl_diags *d;
    cl_arena *a;          /* output tree */
    int minor;            /* "3.<minor>" the keys used need */
    int failed;           /* an error made the project unconvertible */
} sw_ctx;

/* Deep copy of a value for the stack file: ints in decimal, and, unless
 * --no-interpolate, every '$' in a string doubled so that `docker stack
 * deploy` does not interpolate the already interpolated text a second time. */
cl_node *sw_copy(sw_ctx *c, const cl_node *n);
/* A string scalar from N's text (with the same '$' escaping), or NULL. */
cl_node *sw_str(sw_ctx *c, const cl_node *n);
/* Scalar text, or NULL when N is missing or not a scalar. */
const char *sw_text(const cl_node *n);
/* Whole number from an int scalar or a string of digits; 1 on success. */
int sw_int(const cl_node *n, long long *out);
/* True for `true` (bool) or a non-zero int. */
int sw_true(const cl_node *n);
/* Byte size ("64m", "1g", "100kb", 1024) in bytes, binary units; 1 on success. */
int sw_bytes_text(const char *s, long long *out);
/* A key the stack format accepts, with the 3.x minor version that added it;
 * tables end with { NULL, 0 }. sw_key_minor gives KEY's minor or -1. */
typedef struct { const char *key; int minor; } sw_key;
int sw_key_minor(const sw_key *t, const char *key);
/* Raises the stack file version to at least 3.MINOR. */
void sw_need(sw_ctx *c, int minor);

/* Reports that KEY (at node AT: a map pair's key span is used when there is
 * one) of service SVC, or of top-level object SECTION.NAME when SVC is NULL,
 * is not converted, and why. Code convert-unsupported. */
cl_diag *sw_report(sw_ctx *c, cl_severity sev, const char *svc, const char *key,
                   const cl_node *at, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
cl_diag *sw_report_top(sw_ctx *c, cl_severity sev, const char *section, const char *name,
                       const char *key, const cl_node *at, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* emitters/swarm_service.c: one service of the normalized project. */
cl_node *sw_service(sw_ctx *c, const char *name, const cl_node *svc);

#endif
