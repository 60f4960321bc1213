/* rulekit.h - helpers shared by the correctness, security and reliability
 * rules: safe typed access to compose nodes, the short/long syntaxes of ports
 * and volumes parsed into one shape, image reference parsing, depends_on
 * iteration, and a small string-keyed hash map so no rule is quadratic in the
 * number of services. Every accessor checks node kinds: invalid documents give
 * "nothing here", never a crash. */
#ifndef CL_RULEKIT_H
#define CL_RULEKIT_H
#include <stddef.h>
#include <stdint.h>
#include "rule.h"

/* ---- typed access ---- */
/* The text of a scalar, or NULL for anything else. */
const char *rk_str(const cl_node *n);
/* 1 when N is a map / sequence. */
int rk_is_map(const cl_node *n);
int rk_is_seq(const cl_node *n);
/* 1 when the scalar's text uses ${...} or $VAR interpolation (value unknown here). */
int rk_interpolated(const char *s);
/* The services mapping of ROOT, or NULL. */
const cl_node *rk_services(const cl_node *root);
/* The tree a rule should read: the normalized project's root when there is one, else ROOT. */
const cl_node *rk_tree(const cl_rule_ctx *ctx);
/* N when it has a place in a file of the project (any file), else FALLBACK:
 * a node normalization made up without an origin has none. */
const cl_node *rk_here(const cl_rule_ctx *ctx, const cl_node *n, const cl_node *fallback);
/* The key node of service NAME where the project has it (its origin, in any
 * file), else in the checked file, else the `services` key, else the root:
 * where to point at a service as a whole. */
const cl_node *rk_service_key(const cl_rule_ctx *ctx, const char *name, size_t len);
/* N when it has a place (rk_here), else the key of service NAME
 * (rk_service_key), which is looked up only then. */
const cl_node *rk_here_or_service(const cl_rule_ctx *ctx, const cl_node *n, const char *name);
/* A boolean as docker compose reads it: a YAML bool, or a string that
 * compose-go casts (y|yes|true|on, n|no|false|off, any case: toBoolean in
 * compose-go's loader/interpolate.go, for privileged, read_only, init, tty,
 * stdin_open, healthcheck.disable...). Returns 1 with *ON set, or 0 when N is
 * no such value (absent, null, still holding a variable). */
int rk_flag(const cl_node *n, int *on);
/* An integer as docker compose reads it: a YAML int, or a string of decimal
 * digits (what compose-go casts for scale, deploy.replicas...). Returns 1 with
 * *V set, or 0. */
int rk_int(const cl_node *n, long long *v);
/* Case-insensitive equality. */
int rk_ieq(const char *a, const char *b);
/* The strings of PARTS (N of them) one after the other into BUF (CAP > 0
 * bytes, NUL-terminated, cut as snprintf cuts): snprintf(BUF, CAP, "%s%s...")
 * without parsing a format for every finding. Returns the length written. */
size_t rk_cat(char *buf, size_t cap, const char *const *parts, size_t n);

/* ---- ports ---- */
enum { RK_TCP = 0, RK_UDP = 1, RK_SCTP = 2 };
typedef struct rk_port {
    char ip[80];               /* host ip as written ("" = all interfaces) */
    unsigned pub_lo, pub_hi;   /* published range; 0,0 = not given (ephemeral) */
    unsigned tgt_lo, tgt_hi;   /* container range */
    int proto;                 /* RK_TCP/UDP/SCTP */
} rk_port;
/* A ports item (short string, int, or long mapping) as the model reads it
 * (model/shortsyntax.h cl_port_read). Returns 1, or 0 when it cannot be read
 * (wrong type, interpolated, malformed). */
int rk_port_parse(const cl_node *item, rk_port *p);
/* 1 when IP means every interface ("", 0.0.0.0, ::, [::]). */
int rk_ip_is_any(const char *ip);

/* ---- volumes ---- */
enum { RK_VOL_ANON = 0, RK_VOL_NAMED, RK_VOL_BIND, RK_VOL_OTHER };
typedef struct rk_volume {
    int kind;                  /* RK_VOL_* */
    const char *source;        /* points into the node text (not NUL-terminated) */
    size_t source_len;
    const cl_node *source_node;/* the node holding the source (item or source: value) */
    const char *mode;          /* short syntax: the options after the target, as written, or NULL */
    size_t mode_len;
} rk_volume;
/* A service volumes item; the short syntax as the model reads it
 * (model/shortsyntax.h cl_volume_read: a source that is no host path names a
 * volume). Returns 1, or 0 when unreadable, malformed or interpolated. */
int rk_volume_parse(const cl_node *item, rk_volume *v);

/* ---- depends_on (list or map form) ---- */
size_t rk_dep_count(const cl_node *dep);
/* The name node of entry I (the list item or the map key); NULL when not a scalar. */
const cl_node *rk_dep_name(const cl_node *dep, size_t i);
/* The long-form value of entry I (a map), or NULL for the short form. */
const cl_node *rk_dep_value(const cl_node *dep, size_t i);
/* The condition of entry I as written (or interpolated), or NULL when none
 * was written: the project gives the short form, and a long entry without
 * one, the default service_started, made up at the entry. */
const cl_node *rk_dep_condition(const cl_node *dep, size_t i);
/* 1 when SVC defines a healthcheck that is not disabled. */
int rk_has_healthcheck(const cl_node *svc);

/* Service index: the position of NAME in the services map (O(1), via its hash), or -1. */
long rk_service_index(const cl_node *services, const char *name, size_t len);

/* A fix that wraps scalar N (plain) in double quotes. */
void rk_fix_quote(cl_diag *g, const cl_node *n, const char *description);

#endif
