/* k8s_netpolicy.c - the NetworkPolicies of the Kubernetes emitter: one per
 * compose network (pods labelled compose-lint.network/<net> admit traffic
 * only from pods on a network they share), one more per `internal: true`
 * network restricting egress as docker does (pods whose networks are all
 * internal reach only pods of those networks, plus the cluster DNS), and one
 * per service opening its published ports to everyone. */
#include <stdlib.h>
#include <string.h>
#include "k8s.h"

static cl_node *match_labels(k8s *k, cl_node *labels, cl_node *expressions)
{
    cl_builder s;
    cl_builder_map(&s);
    k8s_put(k, &s, "matchLabels", labels);
    k8s_put(k, &s, "matchExpressions", expressions);
    return cl_builder_finish(&s, k->a);
}

static cl_node *one_label(k8s *k, const char *key, const char *value)
{
    cl_builder m;
    cl_builder_map(&m);
    k8s_put_str(k, &m, key, value);
    return cl_builder_finish(&m, k->a);
}

static cl_node *policy_types(k8s *k, const char *type)
{
    cl_builder t;
    cl_builder_seq(&t);
    cl_builder_push(&t, k8s_str(k, type));
    return cl_builder_finish(&t, k->a);
}

static cl_node *one(k8s *k, cl_node *item)
{
    cl_builder b;
    cl_builder_seq(&b);
    cl_builder_push(&b, item);
    return cl_builder_finish(&b, k->a);
}

/* {port, protocol} */
static cl_node *port_proto(k8s *k, long long port, const char *proto)
{
    cl_builder o;
    cl_builder_map(&o);
    k8s_put(k, &o, "port", k8s_int(k, port));
    k8s_put_str(k, &o, "protocol", proto);
    return cl_builder_finish(&o, k->a);
}

/* A NetworkPolicy NAME selecting SELECTOR with one kind of rules (TYPE Ingress or Egress). */
typedef struct policy_args { const char *name, *svc; cl_node *selector; const char *type; cl_node *rules; } policy_args;

static cl_node *build_policy(k8s *k, void *args)
{
    const policy_args *a = args;
    cl_builder spec, obj;
    cl_builder_map(&spec);
    k8s_put(k, &spec, "podSelector", a->selector);
    k8s_put(k, &spec, "policyTypes", policy_types(k, a->type));
    k8s_put(k, &spec, !strcmp(a->type, "Ingress") ? "ingress" : "egress", a->rules);
    k8s_begin(k, &obj, "networking.k8s.io/v1", "NetworkPolicy", k8s_meta(k, a->name, k8s_std_labels(k, a->svc), NULL));
    k8s_put(k, &obj, "spec", cl_builder_finish(&spec, k->a));
    return cl_builder_finish(&obj, k->a);
}

static void emit_policy(k8s *k, const char *name, const char *svc, cl_node *selector, const char *type, cl_node *rules)
{
    policy_args a = { name, svc, selector, type, rules };
    k8s_emit_built(k, K8S_ORD_POLICY, "NetworkPolicy", name, build_policy, &a, sizeof a);
}

/* The policy of the published ports (k8s_emit_built): NAME, opening PORTS of the pods of POD to everyone. */
typedef struct published_args { const char *name, *pod; cl_node *ports; } published_args;

static cl_node *build_published(k8s *k, void *args)
{
    const published_args *a = args;
    cl_builder rule;
    cl_builder_map(&rule);
    k8s_put(k, &rule, "ports", a->ports);
    policy_args p = { a->name, a->pod, match_labels(k, k8s_std_labels(k, a->pod), NULL), "Ingress",
                      one(k, cl_builder_finish(&rule, k->a)) };
    return build_policy(k, &p);
}

void k8s_published_policy(k8s *k, k8s_pod *pod)
{
    if (!pod->open_ports.n || pod->host_network) { cl_builder_discard(&pod->open_ports); return; }
    /* published ports are open to everyone, as on the docker host */
    published_args a = { k8s_cat(k, pod->name, 53, "-published", NULL), pod->name, k8s_finish(k, &pod->open_ports) };
    k8s_emit_built(k, K8S_ORD_POLICY, "NetworkPolicy", a.name, build_published, &a, sizeof a);
}

/* ---------- one NetworkPolicy per compose network ---------- */

static const char *net_label(k8s *k, const char *net) { return k8s_cat(k, K8S_NET_LABEL, SIZE_MAX, k8s_name(k, net), NULL); }

static int network_used(const cl_node *svcs, const char *net)
{
    for (uint32_t i = 0; svcs && svcs->kind == CL_MAP && i < svcs->u.m.n; i++) {
        const cl_node *s = svcs->u.m.items[i].value;
        const char *mode = cl_em_str(cl_map_get(s, "network_mode"));
        if (mode && strcmp(mode, "bridge") && strcmp(mode, "default")) continue;
        if (cl_map_get(cl_map_get(s, "networks"), net)) return 1;
    }
    return 0;
}

/* Pods on NET admit traffic from pods on NET (policies add up: a pod on two networks admits both). */
static void ingress_policy(k8s *k, const char *net)
{
    const char *name = k8s_name(k, cl_arena_printf(k->a, "%.40s-network-policy", k8s_name(k, net)));
    cl_node *labels = one_label(k, net_label(k, net), "true");
    cl_builder peer, rule;
    cl_builder_map(&peer);
    k8s_put(k, &peer, "podSelector", match_labels(k, labels, NULL));
    cl_builder_map(&rule);
    k8s_put(k, &rule, "from", one(k, cl_builder_finish(&peer, k->a)));
    emit_policy(k, name, NULL, match_labels(k, labels, NULL), "Ingress", one(k, cl_builder_finish(&rule, k->a)));
}

/* An internal network: its pods that are on no other, non-internal network (those reach the outside
 * through it in docker too) may connect only to pods on NET and to the cluster DNS (kube-dns, port 53).
 * OPEN lists the label keys of the non-internal networks. */
static void egress_policy(k8s *k, const char *net, const cl_builder *open)
{
    const char *name = k8s_name(k, cl_arena_printf(k->a, "%.40s-network-egress", k8s_name(k, net)));
    cl_node *labels = one_label(k, net_label(k, net), "true");
    cl_builder exprs;
    cl_builder_seq(&exprs);
    for (uint32_t i = 0; i < open->n; i++) {
        cl_builder e;
        cl_builder_map(&e);
        k8s_put(k, &e, "key", open->items[i]);
        k8s_put_str(k, &e, "operator", "DoesNotExist");
        cl_builder_push(&exprs, cl_builder_finish(&e, k->a));
    }
    cl_node *selector = match_labels(k, labels, k8s_finish(k, &exprs));
    cl_builder peer, same, dns_peer, dns_ports, dns, rules;
    cl_builder_map(&peer);
    k8s_put(k, &peer, "podSelector", match_labels(k, labels, NULL));
    cl_builder_map(&same);
    k8s_put(k, &same, "to", one(k, cl_builder_finish(&peer, k->a)));
    cl_builder_map(&dns_peer);
    k8s_put(k, &dns_peer, "namespaceSelector", match_labels(k, one_label(k, "kubernetes.io/metadata.name", "kube-system"), NULL));
    k8s_put(k, &dns_peer, "podSelector", match_labels(k, one_label(k, "k8s-app", "kube-dns"), NULL));
    cl_builder_seq(&dns_ports);
    cl_builder_push(&dns_ports, port_proto(k, 53, "UDP"));
    cl_builder_push(&dns_ports, port_proto(k, 53, "TCP"));
    cl_builder_map(&dns);
    k8s_put(k, &dns, "to", one(k, cl_builder_finish(&dns_peer, k->a)));
    k8s_put_built(k, &dns, "ports", &dns_ports);
    cl_builder_seq(&rules);
    cl_builder_push(&rules, cl_builder_finish(&same, k->a));
    cl_builder_push(&rules, cl_builder_finish(&dns, k->a));
    emit_policy(k, name, NULL, selector, "Egress", cl_builder_finish(&rules, k->a));
}

/* Reports the keys of network NET's definition DEF that no policy expresses; returns internal: true. */
static int network_keys(k8s *k, const char *net, const cl_node *def)
{
    int internal = 0;
    for (uint32_t j = 0; def && def->kind == CL_MAP && j < def->u.m.n; j++) {
        const char *kk = def->u.m.items[j].key->u.s.text;
        const cl_node *v = def->u.m.items[j].value;
        if (!strcmp(kk, "name") || !strcmp(kk, "labels") || !strcmp(kk, "attachable")) continue;
        if (!strcmp(kk, "driver") && (cl_scalar_is(v, "bridge") || cl_scalar_is(v, "overlay"))) continue;
        if ((!strcmp(kk, "external") || !strcmp(kk, "internal") || !strcmp(kk, "enable_ipv6")) && !cl_em_true(v)) continue;
        if (!strcmp(kk, "internal")) { internal = 1; continue; }
        const char *why = !strcmp(kk, "external") ? "the policy only admits pods of this project that are on it"
                        : "pod addressing belongs to the cluster network";
        cl_em_unsupported_top(k->d, CL_SEV_WARNING, K8S, "networks", net, kk, def->u.m.items[j].key, "%s", why);
    }
    return internal;
}

/* The compose networks in use, in order: declared ones, then those a service names without declaring. */
typedef struct used_nets {
    k8s_names names;
    struct { const char *net; int internal; } *v;
    size_t n, cap;
    cl_builder open;                /* label keys of the networks that are not internal */
} used_nets;

static void use(k8s *k, used_nets *u, const char *net, const cl_node *key, const cl_node *def)
{
    k8s_name_of(k, &u->names, "network", net, key);
    int internal = def && network_keys(k, net, def);
    if (!internal) cl_builder_push(&u->open, k8s_str(k, net_label(k, net)));
    if (u->n == u->cap) {
        u->cap = u->cap ? 2 * u->cap : 8;
        if (!(u->v = realloc(u->v, u->cap * sizeof *u->v))) abort();
    }
    u->v[u->n].net = net;
    u->v[u->n++].internal = internal;
}

void k8s_network_top(k8s *k)
{
    const cl_node *root = k->p->root, *svcs = cl_map_get(root, "services"), *nets = cl_map_get(root, "networks");
    used_nets u;
    memset(&u, 0, sizeof u);
    cl_builder_seq(&u.open);
    for (uint32_t i = 0; nets && nets->kind == CL_MAP && i < nets->u.m.n; i++)
        if (network_used(svcs, nets->u.m.items[i].key->u.s.text))
            use(k, &u, nets->u.m.items[i].key->u.s.text, nets->u.m.items[i].key, nets->u.m.items[i].value);
    /* the normalized project declares every network it uses; be safe */
    for (uint32_t i = 0; svcs && svcs->kind == CL_MAP && i < svcs->u.m.n; i++) {
        const cl_node *sn = cl_map_get(svcs->u.m.items[i].value, "networks");
        for (uint32_t j = 0; sn && sn->kind == CL_MAP && j < sn->u.m.n; j++) {
            const char *net = sn->u.m.items[j].key->u.s.text;
            if (!cl_map_get(nets, net) && !k8s_name_known(&u.names, net)) use(k, &u, net, sn->u.m.items[j].key, NULL);
        }
    }
    for (size_t i = 0; i < u.n; i++) {
        ingress_policy(k, u.v[i].net);
        if (u.v[i].internal) egress_policy(k, u.v[i].net, &u.open);
    }
    cl_builder_discard(&u.open);
    free(u.v);
    k8s_names_free(&u.names);
}
