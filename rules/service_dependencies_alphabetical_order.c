/* service_dependencies_alphabetical_order.c - dclint's
 * service-dependencies-alphabetical-order: `depends_on` entries (list or
 * mapping) in alphabetical order. */
#include <stdlib.h>
#include "svcutil.h"

static void check(cl_rule_ctx *ctx)
{
    const cl_node *svcs = cl_services(ctx);
    for (uint32_t i = 0; svcs && i < svcs->u.m.n; i++) {
        const cl_node *k = svcs->u.m.items[i].key, *s = svcs->u.m.items[i].value;
        const cl_pair *dp = s && s->kind == CL_MAP ? cl_map_pair(s, "depends_on") : NULL;
        const cl_node *d = dp ? dp->value : NULL;
        if (!d || (d->kind != CL_SEQ && d->kind != CL_MAP)) continue;
        uint32_t n = d->kind == CL_MAP ? d->u.m.n : d->u.q.n;
        uint32_t *perm = cl_sorted_names(d);
        if (!cl_perm_in_order(perm, n, cl_cmp_item_names, (void *)d)) {
            cl_diag *g = cl_svc_report(ctx, k, "depends_on", dp->key,
                                       "the dependencies of service '%s' are not in alphabetical order", k->u.s.text);
            cl_attach_reorder_fix(ctx, g, d, perm, "sort depends_on alphabetically");
        }
        free(perm);
    }
}

const cl_rule cl_rule_service_dependencies_alphabetical_order = {
    .code = "CL010", .name = "service-dependencies-alphabetical-order", .category = CL_CAT_STYLE,
    .severity = CL_SEV_INFO, .enabled = 0,
    .summary = "`depends_on` entries are not in alphabetical order.",
    .rationale = "A house style from dclint: sorted dependency lists are easy to compare across "
        "services. The order has no effect on start-up order. Off by default.",
    .bad_example = "services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      - redis\n      - api\n",
    .good_example = "services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      - api\n      - redis\n",
    .fix = CL_FIX_SAFE,
    .check = check,
};
