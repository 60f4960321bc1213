/* restart_memory.c - runtime safety nets of a service:
 *   CL304 no-restart-policy  neither restart: nor deploy.restart_policy
 *   CL305 no-memory-limit    (opt-in) neither mem_limit nor deploy.resources.limits.memory
 * One-shot services (those others wait for with service_completed_successfully)
 * need no restart policy. Both read the services of the merged project: a
 * policy or a limit may come from an override, an extends base or an
 * include, and a service left out by an inactive profile is not judged. */
#include <stdlib.h>
#include <string.h>
#include "rulekit.h"

static void check_restart(cl_rule_ctx *ctx)
{
    const cl_node *services = rk_services(rk_tree(ctx));
    if (!services || !services->u.m.n) return;
    unsigned char *oneshot = calloc(services->u.m.n, 1);
    if (!oneshot) abort();
    for (uint32_t i = 0; i < services->u.m.n; i++) {
        const cl_node *dep = cl_map_get(services->u.m.items[i].value, "depends_on");
        for (size_t k = 0, n = rk_dep_count(dep); k < n; k++) {
            const char *c = rk_str(cl_map_get(rk_dep_value(dep, k), "condition"));
            const char *t = rk_str(rk_dep_name(dep, k));
            long v = t ? rk_service_index(services, t, strlen(t)) : -1;
            if (v >= 0 && c && !strcmp(c, "service_completed_successfully")) oneshot[v] = 1;
        }
    }
    for (uint32_t i = 0; i < services->u.m.n; i++) {
        const cl_node *key = services->u.m.items[i].key, *sv = services->u.m.items[i].value;
        const char *svc = rk_str(key);
        if (!svc || !rk_is_map(sv) || oneshot[i] || cl_map_get(sv, "restart") || cl_map_get(sv, "extends") ||
            cl_map_get(cl_map_get(sv, "deploy"), "restart_policy"))
            continue;
        cl_rule_report(ctx, rk_here_or_service(ctx, key, svc), "service '%s' has no restart policy, so it stays down after a crash or a "
                       "reboot: add 'restart: unless-stopped' (or on-failure)", svc);
    }
    free(oneshot);
}

static void check_memory(cl_rule_ctx *ctx, const cl_node *name, const cl_node *service)
{
    const cl_node *key = name, *sv = service;
    const char *svc = rk_str(key);
    if (!svc || !rk_is_map(sv) || cl_map_get(sv, "mem_limit") || cl_map_get(sv, "extends") ||
        cl_map_get(cl_map_get(cl_map_get(cl_map_get(sv, "deploy"), "resources"), "limits"), "memory"))
        return;
    cl_rule_report(ctx, key, "service '%s' has no memory limit, so a leak in it can exhaust the host's "
                   "memory and take other services down: set deploy.resources.limits.memory", svc);
}

const cl_rule cl_rule_no_restart_policy = {
    .code = "CL304", .name = "no-restart-policy", .category = CL_CAT_RELIABILITY,
    .severity = CL_SEV_INFO, .enabled = 0,
    .summary = "A service has no restart policy",
    .rationale = "Without restart: (or deploy.restart_policy) a container that crashes, or any container "
                 "after the Docker daemon or the host restarts, stays down until someone notices. One-shot "
                 "services that others wait for with condition: service_completed_successfully are exempt. "
                 "The rule reads the project docker compose runs: a policy set by an override, an extends "
                 "base or an included file counts, and a service an inactive profile leaves out is not "
                 "judged.",
    .bad_example = "services:\n  web:\n    image: nginx:1.27\n",
    .good_example = "services:\n  web:\n    image: nginx:1.27\n    restart: unless-stopped\n",
    .options = NULL, .fix = CL_FIX_NONE, .check = check_restart, .needs_project = 1,
};

const cl_rule cl_rule_no_memory_limit = {
    .code = "CL305", .name = "no-memory-limit", .category = CL_CAT_RELIABILITY,
    .severity = CL_SEV_WARNING, .enabled = 0,
    .summary = "(opt-in) A service has no memory limit",
    .rationale = "A container without a memory limit can use all of the host's memory; when it leaks, the "
                 "kernel's OOM killer may pick any process, including other services or the Docker daemon. "
                 "A limit confines the damage to the faulty container.",
    .bad_example = "services:\n  web:\n    image: nginx:1.27\n",
    .good_example = "services:\n  web:\n    image: nginx:1.27\n    deploy:\n      resources:\n        limits:\n          memory: 256M\n",
    .options = NULL, .fix = CL_FIX_NONE, .check_service = check_memory, .needs_project = 1,
};
