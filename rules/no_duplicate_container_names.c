/* no_duplicate_container_names.c - dclint's no-duplicate-container-names:
 * two services of the merged, interpolated project with the same
 * `container_name` (one pass over a cl_strmap); a name still holding a
 * variable (--no-interpolate) is unknown and skipped. */
#include "svcutil.h"
#include "rulekit.h"
#include "../parser/strmap.h"

static void check(cl_rule_ctx *ctx)
{
    const cl_node *svcs = rk_services(rk_tree(ctx));
    if (!svcs) return;
    cl_strmap seen;   /* container name -> its container_name pair and owning service's index */
    cl_strmap_init(&seen);
    for (uint32_t i = 0; i < svcs->u.m.n; i++) {
        const cl_node *k = svcs->u.m.items[i].key, *s = svcs->u.m.items[i].value;
        const cl_pair *cn = s && s->kind == CL_MAP ? cl_map_pair(s, "container_name") : NULL;
        if (!cn || !cn->value || cn->value->kind != CL_SCALAR || cn->value->type == CL_T_NULL ||
            rk_interpolated(cn->value->u.s.text))
            continue;
        const cl_node *v = cn->value;
        int added;
        cl_strmap_ent *e = cl_strmap_put(&seen, v->u.s.text, v->u.s.len, cn, (long)i, &added);
        if (added) continue;
        const cl_node *o = ((const cl_pair *)e->val)->value;
        const cl_node *ok = svcs->u.m.items[e->aux].key;
        cl_diag *g = cl_svc_report(ctx, k, "container_name", cn->key,
            "service '%s' has container name '%s', already used by service '%s': container names must be unique",
            k->u.s.text, v->u.s.text, ok->u.s.text);
        cl_diag_add_related(g, cl_node_span(o), "service '%s' uses it here", ok->u.s.text);
    }
    cl_strmap_free(&seen);
}

const cl_rule cl_rule_no_duplicate_container_names = {
    .code = "CL002", .name = "no-duplicate-container-names", .category = CL_CAT_CORRECTNESS,
    .severity = CL_SEV_ERROR, .enabled = 1,
    .summary = "Two services use the same `container_name`.",
    .rationale = "A container name is unique on a Docker host: the second service fails to start "
        "with \"Conflict. The container name is already in use\".",
    .bad_example = "services:\n  a:\n    image: nginx:1.27\n    container_name: web\n  b:\n    image: nginx:1.27\n    container_name: web\n",
    .good_example = "services:\n  a:\n    image: nginx:1.27\n    container_name: web-a\n  b:\n    image: nginx:1.27\n    container_name: web-b\n",
    .fix = CL_FIX_NONE,
    .check = check, .needs_project = 1,
};
