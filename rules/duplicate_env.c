/* duplicate_env.c - CL111 duplicate-environment-variable: the list form of
 * environment sets one variable twice (the map form makes that a YAML error
 * already). One hash map per service list: linear. */
#include <string.h>
#include "rulekit.h"
#include "../parser/strmap.h"

static void check(cl_rule_ctx *ctx, const cl_node *name, const cl_node *service)
{
    const char *svc = rk_str(name);
    const cl_node *env = cl_map_get(service, "environment");
    if (!svc || !rk_is_seq(env)) return;
    cl_strmap seen;
    cl_strmap_init(&seen);
    for (uint32_t k = 0; k < env->u.q.n; k++) {
        const cl_node *it = env->u.q.items[k];
        const char *s = rk_str(it);
        if (!s) continue;
        const char *eq = strchr(s, '=');
        size_t len = eq ? (size_t)(eq - s) : strlen(s);
        if (!len) continue;
        int added;
        cl_strmap_ent *e = cl_strmap_put(&seen, s, len, it, 0, &added);
        if (added) continue;
        cl_diag *g = cl_rule_report(ctx, it, "service '%s' sets environment variable '%.*s' twice: the last "
                                    "one wins silently; keep a single entry", svc, (int)len, s);
        if (g) cl_diag_add_related(g, cl_node_span(e->val), "first set here");
        e->val = it;
    }
    cl_strmap_free(&seen);
}

const cl_rule cl_rule_duplicate_environment_variable = {
    .code = "CL111", .name = "duplicate-environment-variable", .category = CL_CAT_CORRECTNESS,
    .severity = CL_SEV_WARNING, .enabled = 1,
    .summary = "The same variable appears twice in a list-form environment",
    .rationale = "In the list form ('- KEY=value') nothing stops a variable from being set twice; compose "
                 "keeps the last one without a word, so the first value is dead and readers are misled. "
                 "The map form cannot have this problem: a duplicate key is a YAML error.",
    .bad_example = "services:\n  app:\n    image: app:1\n    environment:\n      - MODE=dev\n      - MODE=prod\n",
    .good_example = "services:\n  app:\n    image: app:1\n    environment:\n      - MODE=prod\n",
    .options = NULL, .fix = CL_FIX_NONE, .check_service = check,
};
