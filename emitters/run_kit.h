/* run_kit.h - internals of the `docker run` shell-script emitter (run.c, the
 * entry, lays out the script; run_service.c, the part, maps one service to
 * `docker run` arguments; run_kit.c, the kit, holds argument vectors and sh /
 * CSV quoting). Parts include the kit, never the entry. */
#ifndef CL_RUN_KIT_H
#define CL_RUN_KIT_H
#include "../parser/arena.h"
#include "../parser/buf.h"
#include "../parser/diag.h"
#include "../parser/doc.h"
#include "../model/project.h"

/* One command line: arguments live in the arena; NUL bytes never get here. */
typedef struct run_cmd { cl_arena *a; char **v; size_t n, cap; } run_cmd;
void run_cmd_init(run_cmd *c, cl_arena *a);
void run_arg(run_cmd *c, const char *s);
/* Appends "FLAG=VALUE" as one argument, so a value starting with '-' can never
 * be read as another flag. */
void run_flag(run_cmd *c, const char *flag, const char *value);
/* The same with VALUE the pieces P1 P2 P3 put together (a NULL one left
 * out): the hot "%s=%s" formats without printf. */
void run_flag_join(run_cmd *c, const char *flag, const char *p1, const char *p2, const char *p3);
/* P1 P2 P3 put together in A (a NULL one left out). */
const char *run_join(cl_arena *a, const char *p1, const char *p2, const char *p3);
/* V in decimal followed by UNIT (or NULL), in A: printf's "%lld%s". */
const char *run_lld(cl_arena *a, long long v, const char *unit);

/* S as one sh word: bare when only safe characters, else in single quotes
 * with ' written as '\''. */
void cl_sh_quote(cl_buf *out, const char *s, size_t n);
/* S as one CSV field (docker's --mount / --network / --gpus syntax): quoted
 * with "" doubling when it holds a comma, a quote or a line break. */
void run_csv(cl_buf *out, const char *s);
/* Appends the command to OUT as sh text, one flag a line when long. */
void run_cmd_write(cl_buf *out, const run_cmd *c, const char *indent);

/* What a service mapping needs to know. */
typedef struct run_ctx {
    const cl_project *p;
    cl_arena *a;
    cl_diags *d;
    const char *project;      /* project name */
    const char *svc;          /* service being converted */
    const cl_node *s;         /* its mapping */
    int no_interpolate;       /* --no-interpolate: ${VAR} kept as written */
    const struct cl_emit_opts *o; /* how built images are named (may be NULL) */
    int errors;
} run_ctx;

/* Whether REF is an image reference docker accepts ([host[:port]/]path[:tag][@digest]). */
int run_image_ref_ok(const char *ref);

/* Container name of replica I (1-based) of service NAME. */
const char *run_container_name(run_ctx *x, const char *name, int i);
/* Image a service runs: `image`, or the name built images get (common.h cl_em_image). */
const char *run_image(run_ctx *x, const cl_node *svc, const char *name);
/* Number of containers of the current service (scale / deploy.replicas). */
int run_replicas(run_ctx *x);
/* `docker run` for replica I of the current service. */
void run_service_cmd(run_ctx *x, run_cmd *c, int i);
/* `docker build` for the current service (it has `build`). */
void run_build_cmd(run_ctx *x, run_cmd *c);
/* Scalar text, NULL for a missing, null or non-scalar node. */
const char *run_s(const cl_node *n);
/* Text of a mapping key (never NULL: a key `null` reads "null"). */
const char *run_key(const cl_node *k);
/* Byte size (as common.h, plus -1 for unlimited) and duration in ns; 1 = ok. */
int run_bytes(const cl_node *n, long long *bytes);
int run_dur_ns(const cl_node *n, long long *ns);
/* Go duration text docker flags accept ("90s", "1500ms"). */
const char *run_duration(run_ctx *x, long long ns);
/* Error / unsupported helpers scoped to the current service. */
void run_err(run_ctx *x, const char *key, const cl_node *at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void run_unsup(run_ctx *x, const char *key, const cl_node *at, const char *why);

#endif
