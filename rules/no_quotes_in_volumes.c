/* no_quotes_in_volumes.c - dclint's no-quotes-in-volumes: quoted entries in a
 * service's `volumes` list. The fix unquotes when the plain form reads back as
 * the same string. */
#include <stdlib.h>
#include "svcutil.h"
#include "../parser/yamlquote.h"

static void check(cl_rule_ctx *ctx)
{
    const cl_node *svcs = cl_services(ctx);
    for (uint32_t i = 0; svcs && i < svcs->u.m.n; i++) {
        const cl_node *k = svcs->u.m.items[i].key, *s = svcs->u.m.items[i].value;
        const cl_node *vols = s && s->kind == CL_MAP ? cl_map_get(s, "volumes") : NULL;
        if (!vols || vols->kind != CL_SEQ) continue;
        for (uint32_t j = 0; j < vols->u.q.n; j++) {
            const cl_node *it = vols->u.q.items[j];
            if (!it || it->kind != CL_SCALAR || it->style == CL_PLAIN) continue;
            cl_diag *g = cl_svc_report(ctx, k, "volumes", it, "volume '%s' of service '%s' should not be quoted",
                                       it->u.s.text, k->u.s.text);
            if (cl_node_src(it) == ctx->doc->src && (it->style == CL_SQUOTE || it->style == CL_DQUOTE) &&
                cl_yaml_plain_safe(it->u.s.text, it->u.s.len, (vols->flags & CL_NF_FLOW) ? CL_PLAIN_FLOW : 0)) {
                cl_edit e = { it->start, it->end, (char *)it->u.s.text };
                cl_diag_set_fix(g, "remove the quotes", 1, &e, 1);
            }
        }
    }
}

const cl_rule cl_rule_no_quotes_in_volumes = {
    .code = "CL004", .name = "no-quotes-in-volumes", .category = CL_CAT_STYLE,
    .severity = CL_SEV_INFO, .enabled = 0,
    .summary = "Quoted entries in a service's `volumes` list.",
    .rationale = "A house style from dclint: volume entries are paths and names that never need quotes, "
        "and mixing quoted and unquoted entries makes lists harder to scan. The fix removes the quotes "
        "only when the unquoted text reads back as the same string. Off by default.",
    .bad_example = "services:\n  db:\n    image: postgres:16\n    volumes:\n      - \"db-data:/var/lib/postgresql/data\"\n",
    .good_example = "services:\n  db:\n    image: postgres:16\n    volumes:\n      - db-data:/var/lib/postgresql/data\n",
    .fix = CL_FIX_SAFE,
    .check = check,
};
