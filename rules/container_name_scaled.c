/* container_name_scaled.c - CL108 container-name-scaled: a fixed container_name
 * on a service that runs more than one container (scale or deploy.replicas > 1),
 * in the merged project: the name and the replicas may come from different
 * files (an override scales a service the base names). */
#include <string.h>
#include "rulekit.h"

static void check(cl_rule_ctx *ctx, const cl_node *name, const cl_node *service)
{
    const char *svc = rk_str(name);
    const cl_node *sv = service;
    const cl_pair *cn = cl_map_pair(sv, "container_name");
    if (!svc || !cn || rk_interpolated(rk_str(cn->value))) return;
    long long n = 0;
    const char *via = NULL;
    if (rk_int(cl_map_get(sv, "scale"), &n) && n > 1) via = "scale";
    else if (rk_int(cl_map_get(cl_map_get(sv, "deploy"), "replicas"), &n) && n > 1) via = "deploy.replicas";
    if (!via) return;
    cl_rule_report(ctx, cn->key, "service '%s' sets container_name but asks for %lld containers (%s): "
                   "container names are unique, so only one can start; remove container_name",
                   svc, n, via);
}

const cl_rule cl_rule_container_name_scaled = {
    .code = "CL108", .name = "container-name-scaled", .category = CL_CAT_CORRECTNESS,
    .severity = CL_SEV_ERROR, .enabled = 1,
    .summary = "container_name on a service with scale or deploy.replicas above 1",
    .rationale = "A container name is unique on a host. A service with a fixed container_name can run one "
                 "container only: asking for more with scale or deploy.replicas makes compose fail "
                 "('services.deploy.replicas: can't set container_name and ... as container name must be unique').",
    .bad_example = "services:\n  worker:\n    image: worker:1\n    container_name: worker\n    deploy:\n      replicas: 3\n",
    .good_example = "services:\n  worker:\n    image: worker:1\n    deploy:\n      replicas: 3\n",
    .options = NULL, .fix = CL_FIX_NONE, .check_service = check, .needs_project = 1,
};
