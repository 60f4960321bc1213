/* unused_resource.c - CL106 unused-resource: a top-level network, volume,
 * secret or config that no service uses. Reads the merged, interpolated
 * project: a volume used as "${PGDATA:-pgdata}:/data" is used, so is one that
 * only an override's service mounts; services an inactive profile leaves out
 * use nothing. A reference still holding a variable (--no-interpolate) may be
 * any name: nothing of its kind is reported then. The used names are
 * gathered once into hash maps, then each definition is looked up: linear. */
#include <string.h>
#include "rulekit.h"
#include "../parser/strmap.h"

enum { K_NET, K_VOL, K_SEC, K_CFG, K_N };
static const char *section[K_N] = { "networks", "volumes", "secrets", "configs" };
static const char *what[K_N] = { "network", "volume", "secret", "config" };

/* The name of a reference; one still holding a variable makes every name of
 * its kind possibly used (the entry "$"). */
static void use_name(cl_strset *m, const char *s, size_t n)
{
    if (rk_interpolated(s)) cl_strset_add(m, "$", 1);
    else cl_strset_add(m, s, n);
}

static void use(cl_strset *m, const cl_node *n)
{
    const char *s = rk_str(n);
    if (s) use_name(m, s, strlen(s));
}

static void use_sourced(cl_strset *m, const cl_node *list)
{
    if (!rk_is_seq(list)) return;
    for (uint32_t i = 0; i < list->u.q.n; i++) {
        const cl_node *it = list->u.q.items[i];
        use(m, rk_is_map(it) ? cl_map_get(it, "source") : it);
    }
}

static void gather(const cl_node *services, cl_strset used[K_N])
{
    for (uint32_t i = 0; i < services->u.m.n; i++) {
        const cl_node *sv = services->u.m.items[i].value;
        if (!rk_is_map(sv)) continue;
        const cl_node *nets = cl_map_get(sv, "networks");
        if (rk_is_seq(nets)) for (uint32_t k = 0; k < nets->u.q.n; k++) use(&used[K_NET], nets->u.q.items[k]);
        else if (rk_is_map(nets)) for (uint32_t k = 0; k < nets->u.m.n; k++) use(&used[K_NET], nets->u.m.items[k].key);
        else if (!cl_map_get(sv, "network_mode")) cl_strset_add(&used[K_NET], "default", 7);
        const cl_node *vols = cl_map_get(sv, "volumes");
        if (rk_is_seq(vols))
            for (uint32_t k = 0; k < vols->u.q.n; k++) {
                rk_volume v;
                const cl_node *it = vols->u.q.items[k];
                if (rk_volume_parse(it, &v)) {
                    if (v.source_len) cl_strset_add(&used[K_VOL], v.source, v.source_len);
                } else if (rk_interpolated(rk_str(it)) || rk_interpolated(rk_str(cl_map_get(it, "source")))) {
                    use_name(&used[K_VOL], "$", 1);
                }
            }
        use_sourced(&used[K_SEC], cl_map_get(sv, "secrets"));
        use_sourced(&used[K_SEC], cl_map_get(cl_map_get(sv, "build"), "secrets"));
        use_sourced(&used[K_CFG], cl_map_get(sv, "configs"));
    }
}

static void check(cl_rule_ctx *ctx)
{
    const cl_node *tree = rk_tree(ctx), *services = rk_services(tree);
    if (!services) return;
    cl_strset used[K_N];        /* the names point into the project: nothing copied */
    for (int k = 0; k < K_N; k++) cl_strset_init(&used[k]);
    gather(services, used);
    for (int k = 0; k < K_N; k++) {
        const cl_node *defs = cl_map_get(tree, section[k]);
        if (!rk_is_map(defs) || cl_strset_has(&used[k], "$", 1)) continue;
        for (uint32_t i = 0; i < defs->u.m.n; i++) {
            const cl_node *key = defs->u.m.items[i].key;
            const char *name = rk_str(key);
            if (!name || defs->u.m.items[i].merged || cl_strset_has(&used[k], name, strlen(name))) continue;
            if (!rk_here(ctx, key, NULL)) continue;    /* made up by the project (the default network) */
            cl_rule_report(ctx, key, "%s '%s' is declared but no service uses it: remove it, or attach it to the "
                           "service that needs it", what[k], name);
        }
    }
    for (int k = 0; k < K_N; k++) cl_strset_free(&used[k]);
}

const cl_rule cl_rule_unused_resource = {
    .code = "CL106", .name = "unused-resource", .category = CL_CAT_CORRECTNESS,
    .severity = CL_SEV_WARNING, .enabled = 1,
    .summary = "A top-level network, volume, secret or config is declared but no service uses it",
    .rationale = "An unused declaration is dead configuration: often the service that should use it has a "
                 "typo in the reference, or it was left behind when a service was removed. Compose still "
                 "creates unused networks and volumes, so it also costs resources. The rule reads the project "
                 "docker compose runs: a use in an override or an included file counts, so does one through "
                 "a variable (\"${PGDATA:-pgdata}:/data\"); with --no-interpolate a reference still holding "
                 "a variable may be any name, and nothing of its kind is reported.",
    .bad_example = "services:\n  web:\n    image: nginx:1.27\nvolumes:\n  data: {}\n",
    .good_example = "services:\n  web:\n    image: nginx:1.27\n    volumes: [\"data:/srv\"]\nvolumes:\n  data: {}\n",
    .options = NULL, .fix = CL_FIX_NONE, .check = check, .needs_project = 1,
};
