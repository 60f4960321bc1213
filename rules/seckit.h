/* seckit.h - helpers of the host-exposure and hardening rules
 * (sensitive-host-mount, host-device, docker-socket-mount, the hardening
 * family): walking the services of the normalized project with the place to
 * report in the checked file, the host path behind a volume (a bind, or a
 * named volume whose driver_opts bind a host folder), host path
 * normalization, a severity per finding, and the fix that adds a key to a
 * service written in block style. */
#ifndef CL_SECKIT_H
#define CL_SECKIT_H
#include "rulekit.h"

typedef struct sk_service {
    const char *name;
    const cl_node *node;       /* the project's service mapping (the file's without a project) */
    const cl_node *raw;        /* the service mapping in the checked file (ctx->doc), or NULL: for fixes */
    const cl_node *key;        /* the service's key where the project has it (any file): where to
                                  report what has no place of its own */
} sk_service;

typedef void (*sk_fn)(cl_rule_ctx *ctx, const sk_service *s);
/* Calls FN with every service of the project (or of the file without one). */
void sk_each_service(cl_rule_ctx *ctx, sk_fn fn);
/* N when it has a place in a file of the project, else the service's key. */
const cl_node *sk_at(const cl_rule_ctx *ctx, const sk_service *s, const cl_node *n);
/* Gives finding G (from cl_rule_report) severity SEV, unless the configured
 * severity is lower: that one is the rule's ceiling. Returns G. */
cl_diag *sk_sev(cl_diag *g, cl_severity sev);

/* The host side of a service volume. */
typedef struct sk_mount {
    char path[512];            /* normalized absolute host path ("" when not a host path) */
    const char *source;        /* the source as written (not NUL-terminated), or NULL */
    size_t source_len;
    const char *volume;        /* the named volume whose driver_opts bind PATH, or NULL */
    int read_only;
    char propagation[16];      /* "" or shared, rshared, slave, rslave, private, rprivate */
    const cl_node *at;         /* the node to report (the item or its source:) */
} sk_mount;
/* Reads volumes item ITEM of a service of TREE. Returns 1 when it was read (PATH may still be ""). */
int sk_mount_read(const cl_node *tree, const cl_node *item, sk_mount *m);
/* Normalizes absolute host path S[0..n) into OUT (no "//", ".", "..", trailing "/").
 * Returns 0 (OUT "") when S is not an absolute Unix path or too long. */
int sk_path_norm(const char *s, size_t n, char *out, size_t cap);
/* 1 when PATH is PREFIX or lies below it. */
int sk_path_under(const char *path, const char *prefix);
/* The text of S without a leading CAP_ (any case). */
const char *sk_cap_name(const char *s);

/* Attaches to G an unsafe fix adding the line "KEY: VALUE" to service S when
 * the checked file writes it as a block mapping, without merge keys or
 * extends, and G lies in that file (a fix edits the file of its finding). */
void sk_fix_add_key(const cl_rule_ctx *ctx, cl_diag *g, const sk_service *s, const char *key,
                    const char *value, const char *description);
/* Attaches to G an unsafe fix adding ITEM to list KEY of service S: appended to
 * the file's block list when that list is the project's, or as "KEY: [ITEM]"
 * when the service has none. */
void sk_fix_add_to_list(const cl_rule_ctx *ctx, cl_diag *g, const sk_service *s, const char *key,
                        const char *item, const char *description);

#endif
