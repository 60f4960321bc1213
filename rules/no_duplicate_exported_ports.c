/* no_duplicate_exported_ports.c - dclint's no-duplicate-exported-ports: two
 * services publish the same host port (ranges expanded, per protocol). One
 * pass: a table indexed by port and protocol lists who published it.
 * Opt-in: host-port-clash (CL100, on by default) reports the same clash, on
 * the merged project; this rule is for dclint-compatible output. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "svcutil.h"
#include "rulekit.h"

typedef struct owner { uint32_t svc, next; const cl_node *item; char ip[64]; } owner;

static int any_ip(const char *ip) { return !*ip || !strcmp(ip, "0.0.0.0") || !strcmp(ip, "::"); }

static void check(cl_rule_ctx *ctx)
{
    const cl_node *svcs = cl_services(ctx);
    if (!svcs) return;
    uint32_t *head = NULL;             /* (port * 4 + proto) -> 1 + index in own[] */
    owner *own = NULL;
    size_t n = 0, cap = 0;
    for (uint32_t i = 0; i < svcs->u.m.n; i++) {
        const cl_node *k = svcs->u.m.items[i].key, *s = svcs->u.m.items[i].value;
        const cl_node *ports = s && s->kind == CL_MAP ? cl_map_get(s, "ports") : NULL;
        if (!ports || ports->kind != CL_SEQ) continue;
        for (uint32_t j = 0; j < ports->u.q.n; j++) {
            const cl_node *it = ports->u.q.items[j];
            cl_port_entry pe;
            cl_port_parse(it, &pe);
            /* a bare container port gets a random host port: it cannot clash;
             * nor can one whose address is not known yet be told apart */
            if (!pe.known || pe.ip_unknown) continue;
            long lo = pe.lo, hi = pe.hi;
            uint32_t proto = !strcmp(pe.proto, "udp") ? 1 : !strcmp(pe.proto, "sctp") ? 2 : 0;
            if (!head) { head = calloc(65536 * 4, sizeof *head); if (!head) abort(); }
            int reported = 0;
            for (long p = lo; p <= hi && !reported; p++) {
                for (uint32_t x = head[p * 4 + proto]; x && !reported; x = own[x - 1].next) {
                    const owner *o = &own[x - 1];
                    if (o->svc == i || (!any_ip(o->ip) && !any_ip(pe.ip) && strcmp(o->ip, pe.ip))) continue;
                    const cl_node *ok = svcs->u.m.items[o->svc].key;
                    cl_diag *g = cl_svc_report(ctx, k, "ports", it,
                        "service '%s' publishes host port %ld/%s, already published by service '%s'",
                        k->u.s.text, p, pe.proto, ok->u.s.text);
                    cl_diag_add_related(g, cl_node_span(o->item), "service '%s' publishes it here", ok->u.s.text);
                    reported = 1;
                }
            }
            for (long p = lo; p <= hi; p++) {
                if (n == cap) {
                    cap = cap ? cap * 2 : 64;
                    own = realloc(own, cap * sizeof *own);
                    if (!own) abort();
                }
                owner *o = &own[n++];
                o->svc = i;
                o->item = it;
                rk_cat(o->ip, sizeof o->ip, (const char *[]){ pe.ip }, 1);
                o->next = head[p * 4 + proto];
                head[p * 4 + proto] = (uint32_t)n;
            }
        }
    }
    free(head);
    free(own);
}

const cl_rule cl_rule_no_duplicate_exported_ports = {
    .code = "CL003", .name = "no-duplicate-exported-ports", .category = CL_CAT_CORRECTNESS,
    .severity = CL_SEV_ERROR, .enabled = 0,
    .summary = "(opt-in) Two services publish the same host port.",
    .rationale = "Only one container can bind a host port (per protocol and address): the second "
        "service fails with \"port is already allocated\". Port ranges are expanded; ports bound to "
        "different explicit host addresses do not clash; a bare container port (\"80\") is published "
        "on a random host port and never clashes. Off by default: host-port-clash (CL100, on by "
        "default) reports the same clash, also after interpolation, extends, include and profiles, so a "
        "default run reports each clash once. Turn this one on for dclint's exact behaviour, and then "
        "turn host-port-clash off (e.g. --ignore host-port-clash), or each clash is reported by both.",
    .bad_example = "services:\n  a:\n    image: nginx:1.27\n    ports: [\"8080:80\"]\n  b:\n    image: httpd:2.4\n    ports: [\"8080:80\"]\n",
    .good_example = "services:\n  a:\n    image: nginx:1.27\n    ports: [\"8080:80\"]\n  b:\n    image: httpd:2.4\n    ports: [\"8081:80\"]\n",
    .fix = CL_FIX_NONE,
    .check = check,
};
