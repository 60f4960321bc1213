/* service_ports_alphabetical_order.c - dclint's service-ports-alphabetical-order:
 * `ports` entries ordered by their published port (digit runs compared as numbers). */
#include <stdlib.h>
#include <string.h>
#include "svcutil.h"

static int by_port(uint32_t a, uint32_t b, void *ctx)
{
    const cl_node *seq = ctx;
    cl_port_entry x, y;
    cl_port_parse(seq->u.q.items[a], &x);
    cl_port_parse(seq->u.q.items[b], &y);
    return cl_collate(x.port, strlen(x.port), y.port, strlen(y.port), 1);
}

static void check(cl_rule_ctx *ctx)
{
    const cl_node *svcs = cl_services(ctx);
    for (uint32_t i = 0; svcs && i < svcs->u.m.n; i++) {
        const cl_node *k = svcs->u.m.items[i].key, *s = svcs->u.m.items[i].value;
        const cl_pair *pp = s && s->kind == CL_MAP ? cl_map_pair(s, "ports") : NULL;
        const cl_node *seq = pp ? pp->value : NULL;
        if (!seq || seq->kind != CL_SEQ || seq->u.q.n < 2) continue;
        uint32_t *perm = cl_sorted_perm(seq->u.q.n, by_port, (void *)seq);
        if (!cl_perm_in_order(perm, seq->u.q.n, by_port, (void *)seq)) {
            cl_diag *g = cl_svc_report(ctx, k, "ports", pp->key, "the ports of service '%s' are not in order", k->u.s.text);
            cl_attach_reorder_fix(ctx, g, seq, perm, "sort the ports");
        }
        free(perm);
    }
}

const cl_rule cl_rule_service_ports_alphabetical_order = {
    .code = "CL013", .name = "service-ports-alphabetical-order", .category = CL_CAT_STYLE,
    .severity = CL_SEV_INFO, .enabled = 0,
    .summary = "`ports` entries are not ordered by published port.",
    .rationale = "A house style from dclint: ordered port lists show at a glance what a service "
        "publishes and make duplicates easy to spot. Off by default.",
    .bad_example = "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - '8443:443'\n      - '8080:80'\n",
    .good_example = "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - '8080:80'\n      - '8443:443'\n",
    .fix = CL_FIX_SAFE,
    .check = check,
};
