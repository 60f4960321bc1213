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

/* The owners of host ports: KIND ('A' anyone on proto/port, 'W' someone on
 * all interfaces, 'S' someone on one ip), protocol, port and, for 'S', the
 * ip's number packed into one integer key, with the service (its place in
 * the order checked) and its ports item (the index) that took it first and,
 * under the key with SECOND set, the first service that differs from it. 16
 * bytes an entry, load <= 3/4: a string map of the same keys took 40 bytes an
 * entry at load <= 1/2, and their text besides. */
#define SECOND (1ull << 36)
typedef struct owner { uint64_t key; uint32_t svc, item; } owner;
typedef struct owners {
    owner *e;
    size_t cap, n;
    cl_strmap ips;             /* ip text -> its number (1, 2, ...) for 'S' keys */
} owners;

/* The key of KIND PROTO PORT, IP ("" unless 'S'); never 0 (0 = empty slot). */
static uint64_t port_key(owners *m, char kind, int proto, unsigned port, const char *ip)
{
    uint64_t id = 0;
    if (kind == 'S') {
        int added;
        cl_strmap_ent *e = cl_strmap_put(&m->ips, ip, strlen(ip), NULL, (long)m->ips.n + 1, &added);
        id = (uint64_t)e->aux;
    }
    uint64_t k = kind == 'A' ? 1 : kind == 'W' ? 2 : 3;
    return 1ull << 63 | id << 37 | k << 34 | (uint64_t)proto << 32 | port;
}

static uint64_t mix(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdull;
    k ^= k >> 33;
    return k;
}

static owner *slot(const owners *m, uint64_t key)
{
    for (size_t j = mix(key) & (m->cap - 1);; j = (j + 1) & (m->cap - 1))
        if (!m->e[j].key || m->e[j].key == key) return &m->e[j];
}

static const owner *get(const owners *m, uint64_t key)
{
    if (!m->cap) return NULL;
    const owner *o = slot(m, key);
    return o->key ? o : NULL;
}

/* M's table made CAP slots (a power of two), its entries moved in. */
static void resize(owners *m, size_t cap)
{
    owners g = { calloc(cap, sizeof(owner)), cap, m->n, m->ips };
    if (!g.e) abort();
    for (size_t i = 0; i < m->cap; i++)
        if (m->e[i].key) *slot(&g, m->e[i].key) = m->e[i];
    free(m->e);
    *m = g;
}

/* Room for N entries at load <= 3/4 (the map grows when they are more). */
static void reserve(owners *m, size_t n)
{
    size_t cap = 1024;
    while (n * 4 > cap * 3) cap *= 2;
    if (cap > m->cap) resize(m, cap);
}

/* The entry for KEY, added with SVC and ITEM when missing (*added set). */
static owner *put(owners *m, uint64_t key, uint32_t svc, uint32_t item, int *added)
{
    if ((m->n + 1) * 4 > m->cap * 3) resize(m, m->cap ? m->cap * 2 : 1024);
    owner *o = slot(m, key);
    *added = !o->key;
    if (!o->key) { o->key = key; o->svc = svc; o->item = item; m->n++; }
    return o;
}

/* Owner of KEY other than service SVC: the first owner, or the first owner
 * that differs from it (kept under the same key with SECOND set). */
static const owner *other_owner(const owners *m, uint64_t key, uint32_t svc)
{
    const owner *e = get(m, key);
    if (!e) return NULL;
    if (e->svc != svc) return e;
    e = get(m, key | SECOND);
    return e && e->svc != svc ? e : NULL;
}

static void own(owners *m, uint64_t key, uint32_t svc, uint32_t item)
{
    int added;
    owner *e = put(m, key, svc, item, &added);
    if (added || e->svc == svc) return;
    put(m, key | SECOND, svc, item, &added);
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

static void check(cl_rule_ctx *ctx)
{
    const cl_node *tree = rk_tree(ctx);
    const cl_pair **order;
    size_t nsvc = service_order(ctx, tree, &order);
    owners m = { NULL, 0, 0, { 0 } };
    cl_strmap_init(&m.ips);
    /* two keys a published port (a range takes more): sized once, not grown
     * through every power of two with the old table beside the new */
    size_t nports = 0;
    for (size_t i = 0; i < nsvc; i++) {
        const cl_node *ports = cl_map_get(order[i]->value, "ports");
        if (rk_is_seq(ports)) nports += ports->u.q.n;
    }
    if (nports) reserve(&m, nports * 2);
    for (size_t i = 0; i < nsvc; i++) {
        const cl_pair *sp = order[i];
        const cl_node *ports = cl_map_get(sp->value, "ports");
        if (!rk_is_seq(ports)) continue;
        for (uint32_t k = 0; k < ports->u.q.n; k++) {
            const cl_node *item = ports->u.q.items[k];
            rk_port p;
            if (!rk_port_parse(item, &p) || !p.pub_lo) continue;
            int any = rk_ip_is_any(p.ip);
            uint32_t clash_item = 0;         /* copied out: the map may grow and move entries */
            long clash_svc = -1;
            unsigned clash_port = 0;
            for (unsigned port = p.pub_lo; port <= p.pub_hi; port++) {
                /* A: anyone on proto/port; W: someone on all interfaces; S: someone on this ip */
                uint64_t ka = port_key(&m, 'A', p.proto, port, NULL), kw = port_key(&m, 'W', p.proto, port, NULL);
                uint64_t ks = any ? 0 : port_key(&m, 'S', p.proto, port, p.ip);
                const owner *o = other_owner(&m, any ? ka : kw, (uint32_t)i);
                if (!o && !any) o = other_owner(&m, ks, (uint32_t)i);
                if (o && clash_svc < 0) { clash_item = o->item; clash_svc = o->svc; clash_port = port; }
                own(&m, ka, (uint32_t)i, k);
                own(&m, any ? kw : ks, (uint32_t)i, k);
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
            const cl_node *oi = rk_here(ctx, cl_map_get(op->value, "ports")->u.q.items[clash_item], NULL);
            if (g && oi) cl_diag_add_related(g, cl_node_span(oi), "service '%s' publishes it here", other);
        }
    }
    free(m.e);
    cl_strmap_free(&m.ips);
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
