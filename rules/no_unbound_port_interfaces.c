/* no_unbound_port_interfaces.c - dclint's no-unbound-port-interfaces: a
 * published port without a host address listens on every interface. */
#include <string.h>
#include "svcutil.h"

static void check(cl_rule_ctx *ctx)
{
    const cl_node *svcs = cl_services(ctx);
    for (uint32_t i = 0; svcs && i < svcs->u.m.n; i++) {
        const cl_node *k = svcs->u.m.items[i].key, *s = svcs->u.m.items[i].value;
        const cl_node *ports = s && s->kind == CL_MAP ? cl_map_get(s, "ports") : NULL;
        if (!ports || ports->kind != CL_SEQ) continue;
        for (uint32_t j = 0; j < ports->u.q.n; j++) {
            const cl_node *it = ports->u.q.items[j];
            if (it && it->kind == CL_SCALAR && strstr(it->u.s.text, "${")) continue;   /* address unknown until interpolated */
            cl_port_entry pe;
            cl_port_parse(it, &pe);
            if (pe.ip[0]) continue;
            cl_svc_report(ctx, k, "ports", it, "service '%s' publishes port '%s' on every interface: "
                          "bind it to an address (\"127.0.0.1:%s\")", k->u.s.text,
                          it && it->kind == CL_SCALAR ? it->u.s.text : pe.port, pe.port[0] ? pe.port : "PORT");
        }
    }
}

const cl_rule cl_rule_no_unbound_port_interfaces = {
    .code = "CL005", .name = "no-unbound-port-interfaces", .category = CL_CAT_SECURITY,
    .severity = CL_SEV_WARNING, .enabled = 0,
    .summary = "A published port without a host address listens on all interfaces.",
    .rationale = "`\"8080:80\"` publishes on 0.0.0.0 (and bypasses ufw/firewalld rules through Docker's "
        "own iptables chains), so a service meant for the local machine is reachable from the network. "
        "Naming the address (`127.0.0.1:8080:80`) makes exposure a decision. Off by default (most "
        "development stacks publish on all interfaces on purpose).",
    .bad_example = "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"8080:80\"\n",
    .good_example = "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"127.0.0.1:8080:80\"\n",
    .fix = CL_FIX_NONE,
    .check = check,
};
