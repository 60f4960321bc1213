/* common.h - helpers every emitter needs when reading the normalized project
 * (model/project.h): scalar accessors, compose durations and byte sizes, port
 * entries, and the one way to report "this key cannot be expressed in the
 * target" (code convert-unsupported) naming the service, the key and why. */
#ifndef CL_EMIT_COMMON_H
#define CL_EMIT_COMMON_H
#include "../parser/diag.h"
#include "../parser/arena.h"
#include "../parser/doc.h"
#include "../parser/strmap.h"
#include "emitter.h"

/* Text of a scalar node, or NULL when N is missing or not a scalar. */
const char *cl_em_str(const cl_node *n);
/* True for a boolean compose reads as true (model/values.h: true, yes, on, "True", ...). */
int cl_em_true(const cl_node *n);
/* Whole number from an int scalar or a string of digits. Returns 1 on success. */
int cl_em_int(const cl_node *n, long long *out);

/* Compose duration ("1m30s", "10s", "1.5h", "500ms", "2us", or a bare number
 * of seconds) in seconds. Returns 1 on success, 0 when unreadable. */
int cl_em_duration(const cl_node *n, double *seconds);
int cl_em_duration_text(const char *s, double *seconds);
/* Compose byte size ("512m", "1g", "100kb", "1024", an int) in bytes, units
 * binary as docker reads them. Returns 1 on success. */
int cl_em_bytes(const cl_node *n, long long *bytes);
int cl_em_bytes_text(const char *s, long long *bytes);

/* The image a service runs, named by one policy in every target: `image:` as
 * written; for a service with `build:` and no `image:`, PREFIX/PROJECT-SVC:TAG
 * (O->image_prefix, O->image_tag, each left out when not given: without them
 * PROJECT-SVC, the name docker compose gives the image it builds). *REF gets
 * the name (in A), NULL unless GIVEN or BUILT. An `image:` that is empty or
 * ends in ':' or '@' once interpolated ("app:${TAG}" with TAG unset) is BAD:
 * with D not NULL, reported as a convert-error of TARGET at the value. */
typedef enum { CL_EM_IMAGE_NONE, CL_EM_IMAGE_GIVEN, CL_EM_IMAGE_BUILT, CL_EM_IMAGE_BAD } cl_em_image_kind;
cl_em_image_kind cl_em_image(cl_arena *a, const cl_project *p, const char *svc, const cl_node *def,
                             const cl_emit_opts *o, cl_diags *d, const char *target, const char **ref);
/* Says once for service SVC (info, convert-caveat, at its `build:` key AT)
 * that TARGET does not build: image REF must be built and pushed first. */
void cl_em_image_built(cl_diags *d, const char *target, const char *svc, const cl_node *at, const char *ref);

/* One entry of a normalized service's `ports`. */
typedef struct cl_em_port {
    long long target;            /* container port */
    long long published_lo, published_hi; /* 0 when not published; a range when lo < hi */
    const char *protocol;        /* "tcp" (default), "udp", "sctp" */
    const char *host_ip;         /* NULL when not given */
    const char *mode;            /* "ingress" (default) or "host" */
    const char *name;            /* NULL when not given */
    const cl_node *node;         /* the entry, for spans */
} cl_em_port;
/* Reads a long-form port mapping. Returns 1 on success, 0 when unreadable. */
int cl_em_port_read(const cl_node *entry, cl_em_port *p);

/* One row of an emitter's service-key table: KEY ("x-" stands for every
 * extension key no row names) and FN, which converts the item, handed the
 * emitter's own context; or FN NULL: the key is not converted, and dropping
 * it is reported at SEV with WHY (WHY NULL: nothing to say, the key is read
 * elsewhere). A table ends with { NULL, NULL, SEV, WHY }: how a key that no
 * row names is reported. cl_em_key_find gives KEY's row or NULL. */
typedef void (*cl_em_key_fn)(void *ctx, const cl_pair *item);
typedef struct cl_em_key { const char *key; cl_em_key_fn fn; cl_severity sev; const char *why; } cl_em_key;
const cl_em_key *cl_em_key_find(const cl_em_key *table, const char *key);
/* The one walk of a service's keys, the same in every emitter: each item of
 * DEF (a mapping) goes to its row in TABLES (searched in order; the list ends
 * with NULL): FN(CTX, item), or reported as not converted (cl_em_unsupported
 * for TARGET and SERVICE, at the key, or at the value when the key was not
 * written in a file). A key no table names is reported as the end row of the
 * last table says: nothing is dropped silently. Returns the number of errors
 * reported. */
int cl_em_walk(cl_diags *d, const char *target, const char *service, const cl_node *def,
               const cl_em_key *const *tables, void *ctx);
/* TABLES indexed by key, for an emitter that walks many services: cl_em_walk_in
 * finds each key's row (the row cl_em_walk finds) with one look-up, not by
 * searching each table; keys of extensions ("x-...") are searched as before. */
typedef struct cl_em_keys {
    const cl_em_key *const *tables;
    cl_strmap rows;
    /* not NULL: how a key not converted is reported, in place of cl_em_unsupported
     * (handed the walk's CTX, the key's row, the key and where it is) */
    void (*unsupported)(void *ctx, const cl_em_key *row, const char *key, const cl_node *at);
} cl_em_keys;
void cl_em_keys_init(cl_em_keys *ix, const cl_em_key *const *tables);
void cl_em_keys_free(cl_em_keys *ix);
int cl_em_walk_in(cl_diags *d, const char *target, const char *service, const cl_node *def,
                  const cl_em_keys *ix, void *ctx);

/* Reports that KEY of service SERVICE cannot be expressed in TARGET, pointing
 * at AT (the key's value node; its span), at path services.SERVICE.KEY:
 *   "<target>: service 'web': 'key' is not converted: <reason>". */
cl_diag *cl_em_unsupported(cl_diags *d, cl_severity sev, const char *target, const char *service,
                           const char *key, const cl_node *at, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));
/* Same for a top-level object: SECTION "volumes", "networks", ...; NAME its key
 * ("<target>: volumes 'data': ..."); NAME NULL: the top-level KEY itself
 * ("<target>: top level: ..."). */
cl_diag *cl_em_unsupported_top(cl_diags *d, cl_severity sev, const char *target, const char *section,
                               const char *name, const char *key, const cl_node *at, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));
/* The va_list forms, for an emitter's own reporting wrappers. */
cl_diag *cl_em_vunsupported(cl_diags *d, cl_severity sev, const char *target, const char *service,
                            const char *key, const cl_node *at, const char *fmt, va_list ap)
    __attribute__((format(printf, 7, 0)));
cl_diag *cl_em_vunsupported_top(cl_diags *d, cl_severity sev, const char *target, const char *section,
                                const char *name, const char *key, const cl_node *at, const char *fmt, va_list ap)
    __attribute__((format(printf, 8, 0)));
/* Any emitter diagnostic: PREFIX (may be NULL) then FMT formatted at full
 * length (parser/diag.h cl_diag_vadd), spanning AT, at PATH when not NULL. */
cl_diag *cl_em_vdiag(cl_diags *d, cl_severity sev, const char *code, const cl_node *at,
                     const char *path, const char *prefix, const char *fmt, va_list ap)
    __attribute__((format(printf, 7, 0)));
/* The same with PATH and PREFIX each the NPATH / NPREFIX pieces given (at most
 * 16 all told; a NULL piece is "(null)", as printf has it), put together
 * without printf, on the stack unless they are long: the findings a converter
 * makes for every service. */
cl_diag *cl_em_vdiag_pieces(cl_diags *d, cl_severity sev, const char *code, const cl_node *at,
                            const char *const *path, size_t npath, const char *const *prefix, size_t nprefix,
                            const char *fmt, va_list ap)
    __attribute__((format(printf, 9, 0)));

#endif
