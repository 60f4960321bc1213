/* swarm_kit.h - internals of the Docker Swarm stack emitter (private to
 * emitters/swarm*.c): the conversion context, the kit both files use
 * (swarm_kit.c: safe copies, versions, reports) and the service part's entry
 * (swarm_service.c), which the entry swarm.c calls: parts include the kit,
 * never the entry. */
#ifndef CL_SWARM_KIT_H
#define CL_SWARM_KIT_H
#include "common.h"
#include "emitter.h"

typedef struct sw_ctx {
    const cl_project *p;
    const cl_emit_opts *o;
    cl_diags *d;
    cl_arena *a;          /* output tree (a service's own arena while it is converted) */
    int minor;            /* "3.<minor>" the keys used need */
    int failed;           /* an error made the project unconvertible */
    const char *host_key; /* key of the node's external 'host' network (network_mode: host) */
    int host_used;        /* a service is attached to it */
} sw_ctx;

/* Deep copy of a value for the stack file: ints in decimal, and, unless
 * --no-interpolate, every '$' in a string doubled so that `docker stack
 * deploy` does not interpolate the already interpolated text a second time. */
cl_node *sw_copy(sw_ctx *c, const cl_node *n);
/* A string scalar from N's text (with the same '$' escaping), or NULL. */
cl_node *sw_str(sw_ctx *c, const cl_node *n);
/* A key the stack format accepts, with the 3.x minor version that added it;
 * tables end with { NULL, 0 }. sw_key_minor gives KEY's minor or -1. */
typedef struct { const char *key; int minor; } sw_key;
int sw_key_minor(const sw_key *t, const char *key);
/* Raises the stack file version to at least 3.MINOR. */
void sw_need(sw_ctx *c, int minor);

/* The key node of PR when it has a source span, else its value. */
const cl_node *sw_key_at(const cl_pair *pr);
/* cl_em_unsupported / cl_em_unsupported_top (common.h) for target "swarm";
 * an error marks the project unconvertible. With NAME NULL, KEY is a
 * top-level key of the project. */
cl_diag *sw_report(sw_ctx *c, cl_severity sev, const char *svc, const char *key,
                   const cl_node *at, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* A warning (code convert-caveat) about something converted that behaves
 * differently in swarm. */
cl_diag *sw_caveat(sw_ctx *c, const char *svc, const char *key, const cl_node *at, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
cl_diag *sw_report_top(sw_ctx *c, cl_severity sev, const char *section, const char *name,
                       const char *key, const cl_node *at, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* emitters/swarm_service.c: one service of the normalized project. */
cl_node *sw_service(sw_ctx *c, const char *name, const cl_node *svc);

#endif
