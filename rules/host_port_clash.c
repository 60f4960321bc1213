/* host_port_clash.c - CL100 host-port-clash: two services publish the same host
 * port (same protocol, overlapping host IPs, ranges expanded). Reads the
 * normalized project when there is one, so clashes that only appear after
 * merges, extends and profiles are found. One hash map per run: linear. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rulekit.h"
#include "../parser/strmap.h"

static const char *proto_name[] = { "tcp", "udp", "sctp" };

/* Owner of KEY other than service SVC: the first owner, or the first owner
 * that differs from it (kept under the same key with a '2' prefix). */
static const cl_strmap_ent *other_owner(cl_strmap *m, char *key, size_t len, long svc)
{
    cl_strmap_ent *e = cl_strmap_get(m, key, len);
    if (!e) return NULL;
    if (e->aux != svc) return e;
    key[0] = (char)(key[0] | 0x20);          /* lower-case tag: second owner */
    e = cl_strmap_get(m, key, len);
    key[0] = (char)(key[0] & ~0x20);
    return e && e->aux != svc ? e : NULL;
}

static void own(cl_strmap *m, char *key, size_t len, const cl_node *item, long svc)
{
    int added;
    cl_strmap_ent *e = cl_strmap_put(m, key, len, item, svc, &added);
    if (added || e->aux == svc) return;
    key[0] = (char)(key[0] | 0x20);
    cl_strmap_put(m, key, len, item, svc, NULL);
    key[0] = (char)(key[0] & ~0x20);
}

/* The services in the order they are checked: the file's order (so the later
 * service of a clashing pair is the one reported), each taken from the
 * normalized project when there is one (services it dropped, e.g. by profile,
 * are skipped), then services only the project has (include, other files). */
static size_t service_order(const cl_rule_ctx *ctx, const cl_node *tree, const cl_pair ***out)
{
    const cl_node *raw = rk_services(ctx->root), *svcs = rk_services(tree);
    size_t n = 0, cap = (raw ? raw->u.m.n : 0) + (svcs && svcs != raw ? svcs->u.m.n : 0);
    const cl_pair **v = calloc(cap ? cap : 1, sizeof *v);
    if (!v) abort();
    for (uint32_t i = 0; raw && i < raw->u.m.n; i++) {
        const cl_pair *p = &raw->u.m.items[i];
        if (svcs != raw) {
            const char *name = rk_str(p->key);
            p = name ? cl_map_pair(svcs, name) : NULL;
        }
        if (p) v[n++] = p;
    }
    for (uint32_t i = 0; svcs && svcs != raw && i < svcs->u.m.n; i++) {
        const char *name = rk_str(svcs->u.m.items[i].key);
        if (name && !cl_map_pair(raw, name)) v[n++] = &svcs->u.m.items[i];
    }
    *out = v;
    return n;
}

/* KIND PROTO "/" PORT ["/" IP]: a key of the owners' map, as snprintf's
 * "%c%d/%u[/%s]" would write it, without its cost on every published port.
 * KEY has room for any: a port has at most 10 digits, an rk_port ip 79 bytes. */
#define PORT_KEY_MAX (3 + 10 + 1 + sizeof(((rk_port *)0)->ip))
static int port_key(char key[PORT_KEY_MAX], char kind, int proto, unsigned port, const char *ip)
{
    char digits[12];
    int nd = 0;
    do { digits[nd++] = (char)('0' + port % 10); port /= 10; } while (port);
    size_t iplen = ip ? strlen(ip) : 0;
    size_t n = 0;
    key[n++] = kind;
    key[n++] = (char)('0' + proto);
    key[n++] = '/';
    while (nd) key[n++] = digits[--nd];
    if (ip) {
        key[n++] = '/';
        memcpy(key + n, ip, iplen);
        n += iplen;
    }
    key[n] = 0;
    return (int)n;
}

static void check(cl_rule_ctx *ctx)
{
    const cl_node *tree = rk_tree(ctx);
    const cl_pair **order;
    size_t nsvc = service_order(ctx, tree, &order);
    cl_strmap m;
    cl_strmap_init(&m);
    for (size_t i = 0; i < nsvc; i++) {
        const cl_pair *sp = order[i];
        const cl_node *ports = cl_map_get(sp->value, "ports");
        if (!rk_is_seq(ports)) continue;
        for (uint32_t k = 0; k < ports->u.q.n; k++) {
            const cl_node *item = ports->u.q.items[k];
            rk_port p;
            if (!rk_port_parse(item, &p) || !p.pub_lo) continue;
            int any = rk_ip_is_any(p.ip);
            const void *clash_item = NULL;   /* copied out: the map may grow and move entries */
            long clash_svc = -1;
            unsigned clash_port = 0;
            for (unsigned port = p.pub_lo; port <= p.pub_hi; port++) {
                char key[PORT_KEY_MAX];
                /* A: anyone on proto/port; W: someone on all interfaces; S: someone on this ip */
                int n = port_key(key, 'A', p.proto, port, NULL);
                int nw = n, ns;
                const cl_strmap_ent *o = NULL;
                if (any) o = other_owner(&m, key, (size_t)n, (long)i);
                else {
                    key[0] = 'W';
                    o = other_owner(&m, key, (size_t)nw, (long)i);
                    if (!o) {
                        ns = port_key(key, 'S', p.proto, port, p.ip);
                        o = other_owner(&m, key, (size_t)ns, (long)i);
                    }
                }
                if (o && clash_svc < 0) { clash_item = o->val; clash_svc = o->aux; clash_port = port; }
                port_key(key, 'A', p.proto, port, NULL);
                own(&m, key, (size_t)n, item, (long)i);
                if (any) { key[0] = 'W'; own(&m, key, (size_t)n, item, (long)i); }
                else { ns = port_key(key, 'S', p.proto, port, p.ip); own(&m, key, (size_t)ns, item, (long)i); }
            }
            if (clash_svc < 0) continue;
            const cl_pair *op = order[clash_svc];
            const char *name = rk_str(sp->key), *other = rk_str(op->key);
            if (!name || !other) continue;
            const cl_node *at = rk_here_or_service(ctx, item, name);
            cl_diag *g = cl_rule_report(ctx, at,
                "service '%s' publishes host port %u/%s%s%s, which service '%s' already publishes: "
                "only one can bind it, so give one of them another host port",
                name, clash_port, proto_name[p.proto], any ? "" : " on ", any ? "" : p.ip, other);
            const cl_node *oi = rk_here(ctx, clash_item, NULL);
            if (g && oi) cl_diag_add_related(g, cl_node_span(oi), "service '%s' publishes it here", other);
        }
    }
    cl_strmap_free(&m);
    free(order);
}

const cl_rule cl_rule_host_port_clash = {
    .code = "CL100",
    .name = "host-port-clash",
    .category = CL_CAT_CORRECTNESS,
    .severity = CL_SEV_ERROR,
    .enabled = 1,
    .summary = "Two services publish the same host port",
    .rationale = "A host port can be bound once per protocol and address. When two services publish the "
                 "same one (directly, through overlapping ranges, or on all interfaces and on one address), "
                 "the second container fails to start with 'port is already allocated'. The check is "
                 "protocol-aware (80/tcp and 80/udp do not clash) and runs on the merged project, so "
                 "clashes that only appear after extends, merges and profiles are found too. dclint's "
                 "no-duplicate-exported-ports (CL003) finds the same clashes in the file as written; it is "
                 "off by default so that each clash is reported once.",
    .bad_example = "services:\n  web:\n    image: nginx:1.27\n    ports: [\"8080:80\"]\n"
                   "  api:\n    image: api:2\n    ports: [\"8080:3000\"]\n",
    .good_example = "services:\n  web:\n    image: nginx:1.27\n    ports: [\"8080:80\"]\n"
                    "  api:\n    image: api:2\n    ports: [\"8081:3000\"]\n",
    .options = NULL,
    .fix = CL_FIX_NONE,
    .check = check, .needs_project = 1,
};
