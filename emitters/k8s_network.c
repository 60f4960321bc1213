/* k8s_network.c - networking: container ports and a Service per compose
 * service with published or exposed ports (named by the service so DNS names
 * keep working; ClusterIP, or NodePort/LoadBalancer by --service-type or
 * label), an Ingress when the label compose-lint.kubernetes/ingress asks, and
 * NetworkPolicies: one per compose network (only pods on a shared network
 * reach each other) plus one per service opening its published ports. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "k8s.h"

static const char *upper(k8s *k, const char *s)
{
    char *r = cl_arena_strdup(k->a, s);
    for (char *c = r; *c; c++) *c = (char)toupper((unsigned char)*c);
    return r;
}

static int has_port(const cl_builder *b, const char *key, long long port, const char *proto)
{
    for (uint32_t i = 0; i < b->n; i++) {
        long long p;
        if (cl_em_int(cl_map_get(b->items[i], key), &p) && p == port &&
            cl_scalar_is(cl_map_get(b->items[i], "protocol"), proto)) return 1;
    }
    return 0;
}

/* One container port, and its Service port (PORT on the Service, TARGET in the pod). */
static void add_port(k8s *k, k8s_pod *pod, long long target, long long port, const char *protocol, long long host_port,
                     const char *app_protocol, int published)
{
    const char *proto = upper(k, protocol);
    if (!has_port(&pod->cports, "containerPort", target, proto)) {
        cl_builder c;
        cl_builder_map(&c);
        k8s_put(k, &c, "containerPort", k8s_int(k, target));
        if (host_port) k8s_put(k, &c, "hostPort", k8s_int(k, host_port));
        k8s_put_str(k, &c, "protocol", proto);
        cl_builder_push(&pod->cports, cl_builder_finish(&c, k->a));
    }
    if (!has_port(&pod->svc_ports, "port", port, proto)) {
        cl_builder s;
        cl_builder_map(&s);
        char *lp = cl_arena_strdup(k->a, protocol);
        for (char *c = lp; *c; c++) *c = (char)tolower((unsigned char)*c);
        k8s_put_str(k, &s, "name", cl_arena_printf(k->a, "%lld-%s", port, lp));
        k8s_put(k, &s, "port", k8s_int(k, port));
        k8s_put(k, &s, "targetPort", k8s_int(k, target));
        k8s_put_str(k, &s, "protocol", proto);
        if (app_protocol) k8s_put_str(k, &s, "appProtocol", app_protocol);
        cl_builder_push(&pod->svc_ports, cl_builder_finish(&s, k->a));
    }
    if (published && !has_port(&pod->open_ports, "port", target, proto)) {
        cl_builder o;
        cl_builder_map(&o);
        k8s_put(k, &o, "port", k8s_int(k, target));
        k8s_put_str(k, &o, "protocol", proto);
        cl_builder_push(&pod->open_ports, cl_builder_finish(&o, k->a));
    }
}

static int proto_ok(const char *p) { return !strcmp(p, "tcp") || !strcmp(p, "udp") || !strcmp(p, "sctp"); }

static void ports(k8s *k, k8s_pod *pod, const cl_node *v)
{
    for (uint32_t i = 0; v->kind == CL_SEQ && i < v->u.q.n; i++) {
        const cl_node *e = v->u.q.items[i];
        cl_em_port p;
        if (!cl_em_port_read(e, &p) || !proto_ok(p.protocol)) {
            cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, pod->svc, "ports", e, "expected the long form with a port number and tcp, udp or sctp");
            continue;
        }
        if (p.published_hi > p.published_lo)
            cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, pod->svc, "ports", e,
                              "a Service port is one port: %lld of the range %lld-%lld is used", p.published_lo, p.published_lo, p.published_hi);
        if (p.host_ip)
            cl_em_unsupported(k->d, CL_SEV_INFO, K8S, pod->svc, "ports", cl_map_get(e, "host_ip"),
                              "Services listen on every address; host_ip %s is dropped", p.host_ip);
        int host = !strcmp(p.mode, "host");
        long long port = p.published_lo ? p.published_lo : p.target;
        add_port(k, pod, p.target, port, p.protocol, host ? port : 0, cl_em_str(cl_map_get(e, "app_protocol")), p.published_lo != 0);
    }
}

static void expose(k8s *k, k8s_pod *pod, const cl_node *v)
{
    uint32_t n = v->kind == CL_SEQ ? v->u.q.n : 0;
    for (uint32_t i = 0; i < n; i++) {
        const cl_node *e = v->u.q.items[i];
        const char *s = cl_em_str(e);
        char *end;
        long long lo = s ? strtoll(s, &end, 10) : -1, hi = lo;
        if (s && *end == '-') hi = strtoll(end + 1, &end, 10);
        const char *proto = "tcp";
        if (s && *end == '/') { proto = end + 1; end += strlen(end); }
        if (!s || *end || lo < 1 || hi < lo || hi > 65535 || hi - lo > 100 || !proto_ok(proto)) {
            cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, pod->svc, "expose", e, "expected PORT, PORT/PROTOCOL or a range of at most 100 ports");
            continue;
        }
        for (long long p = lo; p <= hi; p++) add_port(k, pod, p, p, proto, 0, NULL, 0);
    }
}

static void networks(k8s *k, k8s_pod *pod, const cl_node *v)
{
    uint32_t n = v->kind == CL_MAP ? v->u.m.n : 0;
    for (uint32_t i = 0; i < n; i++) {
        const char *net = v->u.m.items[i].key->u.s.text;
        const cl_node *opt = v->u.m.items[i].value;
        k8s_put_str(k, &pod->net_labels, cl_arena_printf(k->a, K8S_NET_LABEL "%s", k8s_name(k, net)), "true");
        for (uint32_t j = 0; opt && opt->kind == CL_MAP && j < opt->u.m.n; j++) {
            const char *kk = opt->u.m.items[j].key->u.s.text;
            if (!strcmp(kk, "aliases")) {
                const cl_node *al = opt->u.m.items[j].value;
                for (uint32_t a = 0; al->kind == CL_SEQ && a < al->u.q.n; a++)
                    if (cl_em_str(al->u.q.items[a])) cl_builder_push(&pod->aliases, al->u.q.items[a]);
            }
            else if (!strcmp(kk, "priority") || !strcmp(kk, "gw_priority"))
                continue;   /* which network a container prefers: pods have one interface */
            else cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, pod->svc, "networks", opt->u.m.items[j].key,
                                   "'%s' on network '%s': pod addresses come from the cluster network", kk, net);
        }
    }
}

void k8s_pod_network(void *ctx, const cl_pair *pr)
{
    k8s_pod *pod = ctx;
    k8s *k = pod->k;
    const char *key = pr->key->u.s.text;
    if (!strcmp(key, "ports")) ports(k, pod, pr->value);
    else if (!strcmp(key, "expose")) expose(k, pod, pr->value);
    else if (!strcmp(key, "networks")) networks(k, pod, pr->value);
    else {
        const char *m = cl_em_str(pr->value);
        if (m && !strcmp(m, "host")) pod->host_network = cl_new_bool(k->a, 1);
        else if (!m || (strcmp(m, "bridge") && strcmp(m, "default")))
            cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, pod->svc, key, pr->value,
                              "only 'host' (hostNetwork) has a Kubernetes equivalent; containers sharing a network namespace belong in one pod");
    }
}

/* ---------- per service objects ---------- */

static void ingress(k8s *k, k8s_pod *pod, long long port)
{
    const char *v = pod->ingress;
    const char *slash = strchr(v, '/');
    const char *host = slash ? cl_arena_strndup(k->a, v, (size_t)(slash - v)) : v;
    const char *path = slash ? slash : "/";
    if (*host && strcmp(k8s_name(k, host), host) && !strchr(host, '.')) {
        k8s_error(k, pod->ingress_at, "service '%s': ingress host '%s' is not a DNS name", pod->svc, host);
        return;
    }
    cl_builder be, svc, pn, pth, paths, http, rule, rules, spec, obj;
    cl_builder_map(&pn);
    k8s_put(k, &pn, "number", k8s_int(k, port));
    cl_builder_map(&svc);
    k8s_put_str(k, &svc, "name", pod->name);
    k8s_put_built(k, &svc, "port", &pn);
    cl_builder_map(&be);
    k8s_put_built(k, &be, "service", &svc);
    cl_builder_map(&pth);
    k8s_put_str(k, &pth, "path", path);
    k8s_put_str(k, &pth, "pathType", "Prefix");
    k8s_put_built(k, &pth, "backend", &be);
    cl_builder_seq(&paths);
    cl_builder_push(&paths, cl_builder_finish(&pth, k->a));
    cl_builder_map(&http);
    k8s_put_built(k, &http, "paths", &paths);
    cl_builder_map(&rule);
    if (*host) k8s_put_str(k, &rule, "host", host);
    k8s_put_built(k, &rule, "http", &http);
    cl_builder_seq(&rules);
    cl_builder_push(&rules, cl_builder_finish(&rule, k->a));
    cl_builder_map(&spec);
    k8s_put_built(k, &spec, "rules", &rules);
    k8s_begin(k, &obj, "networking.k8s.io/v1", "Ingress", k8s_meta(k, pod->name, k8s_std_labels(k, pod->name), NULL));
    k8s_put_built(k, &obj, "spec", &spec);
    k8s_emit(k, &obj, K8S_ORD_INGRESS, "Ingress", pod->name);
}

static cl_node *pod_selector(k8s *k, cl_node *labels)
{
    cl_builder s;
    cl_builder_map(&s);
    k8s_put(k, &s, "matchLabels", labels);
    return cl_builder_finish(&s, k->a);
}

static cl_node *ingress_only(k8s *k)
{
    cl_builder t;
    cl_builder_seq(&t);
    cl_builder_push(&t, k8s_str(k, "Ingress"));
    return cl_builder_finish(&t, k->a);
}

/* A network alias is one more DNS name for the service: a Service of that name
 * with the same selector and ports (network scoping of the alias is lost). */
static void alias_services(k8s *k, k8s_pod *pod, cl_node *ports, const char *type)
{
    for (uint32_t i = 0; i < pod->aliases.n; i++) {
        const cl_node *at = pod->aliases.items[i];
        const char *alias = at->u.s.text, *name = k8s_name(k, alias);
        if (!strcmp(name, pod->name)) continue;
        if (!ports) {
            cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, pod->svc, "networks", at,
                              "alias '%s' needs ports to become a Service; declare them with expose", alias);
            continue;
        }
        const char *owner = k8s_name_owner(&k->svc_names, name);
        if (!owner) owner = k8s_name_owner(&k->alias_names, name);
        if (owner) {
            if (strcmp(owner, pod->svc))
                cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, pod->svc, "networks", at,
                                  "alias '%s' is already the Kubernetes name of '%s'", alias, owner);
            continue;
        }
        k8s_names_add(&k->alias_names, pod->svc, name);
        if (strcmp(name, alias))
            cl_diag_add(k->d, CL_SEV_WARNING, "convert-renamed", cl_node_span(at),
                        "%s: alias '%s' of service '%s' is named '%s' in Kubernetes", K8S, alias, pod->svc, name);
        cl_builder spec, obj;
        cl_builder_map(&spec);
        k8s_put_str(k, &spec, "type", type);
        k8s_put(k, &spec, "selector", k8s_std_labels(k, pod->name));
        k8s_put(k, &spec, "ports", ports);
        k8s_begin(k, &obj, "v1", "Service", k8s_meta(k, name, k8s_std_labels(k, pod->name), NULL));
        k8s_put(k, &obj, "spec", cl_builder_finish(&spec, k->a));
        k8s_emit(k, &obj, K8S_ORD_SERVICE, "Service", name);
    }
    cl_builder_discard(&pod->aliases);
}

void k8s_pod_service(k8s *k, k8s_pod *pod)
{
    if (!pod->svc_ports.n) {
        cl_builder_discard(&pod->svc_ports);
        cl_builder_discard(&pod->open_ports);
        alias_services(k, pod, NULL, "ClusterIP");
        if (pod->ingress) k8s_error(k, pod->ingress_at, "service '%s' asks for an ingress but has no ports", pod->svc);
        /* the StatefulSet's governing Service gives its pods their DNS names */
        if (!strcmp(pod->controller, "statefulset")) k8s_headless_service(k, pod->name);
        return;
    }
    int published = pod->open_ports.n > 0;
    /* --service-type applies to services that publish ports; exposed-only ones stay internal */
    const char *type = pod->service_type ? pod->service_type : published && k->o->service_type ? k->o->service_type : "ClusterIP";
    if (strcmp(type, "ClusterIP") && strcmp(type, "NodePort") && strcmp(type, "LoadBalancer")) {
        k8s_error(k, pod->service_type_at, "service '%s': service type '%s' is not ClusterIP, NodePort or LoadBalancer", pod->svc, type);
        type = "ClusterIP";
    }
    long long first_port = 0;
    cl_em_int(cl_map_get(pod->svc_ports.items[0], "port"), &first_port);
    if (published && !strcmp(type, "ClusterIP"))
        cl_diag_add(k->d, CL_SEV_INFO, "convert-published", cl_node_span(cl_map_get(pod->def, "ports")),
                    "%s: service '%s' publishes ports; a ClusterIP Service is reachable inside the cluster only "
                    "(--service-type or label " K8S_DIRECTIVE "service-type: LoadBalancer|NodePort, or an ingress)", K8S, pod->svc);
    cl_builder spec, obj;
    cl_builder_map(&spec);
    k8s_put_str(k, &spec, "type", type);
    k8s_put(k, &spec, "selector", k8s_std_labels(k, pod->name));
    cl_node *ports = cl_builder_finish(&pod->svc_ports, k->a);
    k8s_put(k, &spec, "ports", ports);
    k8s_begin(k, &obj, "v1", "Service", k8s_meta(k, pod->name, k8s_std_labels(k, pod->name), NULL));
    k8s_put(k, &obj, "spec", cl_builder_finish(&spec, k->a));
    k8s_emit(k, &obj, K8S_ORD_SERVICE, "Service", pod->name);
    alias_services(k, pod, ports, "ClusterIP");
    if (pod->ingress) ingress(k, pod, first_port);
    if (!published || pod->host_network) { cl_builder_discard(&pod->open_ports); return; }
    /* published ports are open to everyone, as on the docker host */
    const char *name = cl_arena_printf(k->a, "%.53s-published", pod->name);
    cl_builder rule, rules, pspec, pol;
    cl_builder_map(&rule);
    k8s_put_built(k, &rule, "ports", &pod->open_ports);
    cl_builder_seq(&rules);
    cl_builder_push(&rules, cl_builder_finish(&rule, k->a));
    cl_builder_map(&pspec);
    k8s_put(k, &pspec, "podSelector", pod_selector(k, k8s_std_labels(k, pod->name)));
    k8s_put(k, &pspec, "policyTypes", ingress_only(k));
    k8s_put_built(k, &pspec, "ingress", &rules);
    k8s_begin(k, &pol, "networking.k8s.io/v1", "NetworkPolicy", k8s_meta(k, name, k8s_std_labels(k, pod->name), NULL));
    k8s_put_built(k, &pol, "spec", &pspec);
    k8s_emit(k, &pol, K8S_ORD_POLICY, "NetworkPolicy", name);
}

/* ---------- one NetworkPolicy per compose network ---------- */

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

static void policy(k8s *k, const char *net)
{
    const char *label = cl_arena_printf(k->a, K8S_NET_LABEL "%s", k8s_name(k, net));
    const char *name = k8s_name(k, cl_arena_printf(k->a, "%.40s-network-policy", k8s_name(k, net)));
    cl_builder m, from, peer, rule, rules, spec, obj;
    cl_builder_map(&m);
    k8s_put_str(k, &m, label, "true");
    cl_node *labels = cl_builder_finish(&m, k->a);
    cl_builder_map(&peer);
    k8s_put(k, &peer, "podSelector", pod_selector(k, labels));
    cl_builder_seq(&from);
    cl_builder_push(&from, cl_builder_finish(&peer, k->a));
    cl_builder_map(&rule);
    k8s_put_built(k, &rule, "from", &from);
    cl_builder_seq(&rules);
    cl_builder_push(&rules, cl_builder_finish(&rule, k->a));
    cl_builder_map(&spec);
    k8s_put(k, &spec, "podSelector", pod_selector(k, labels));
    k8s_put(k, &spec, "policyTypes", ingress_only(k));
    k8s_put_built(k, &spec, "ingress", &rules);
    k8s_begin(k, &obj, "networking.k8s.io/v1", "NetworkPolicy", k8s_meta(k, name, k8s_std_labels(k, NULL), NULL));
    k8s_put_built(k, &obj, "spec", &spec);
    k8s_emit(k, &obj, K8S_ORD_POLICY, "NetworkPolicy", name);
}

void k8s_network_top(k8s *k)
{
    const cl_node *root = k->p->root, *svcs = cl_map_get(root, "services"), *nets = cl_map_get(root, "networks");
    k8s_names names;
    memset(&names, 0, sizeof names);
    for (uint32_t i = 0; nets && nets->kind == CL_MAP && i < nets->u.m.n; i++) {
        const char *net = nets->u.m.items[i].key->u.s.text;
        const cl_node *def = nets->u.m.items[i].value;
        if (!network_used(svcs, net)) continue;
        k8s_name_of(k, &names, "network", net, nets->u.m.items[i].key);
        for (uint32_t j = 0; def && def->kind == CL_MAP && j < def->u.m.n; j++) {
            const char *kk = def->u.m.items[j].key->u.s.text;
            const cl_node *v = def->u.m.items[j].value;
            if (!strcmp(kk, "name") || !strcmp(kk, "labels") || !strcmp(kk, "attachable")) continue;
            if (!strcmp(kk, "driver") && (cl_scalar_is(v, "bridge") || cl_scalar_is(v, "overlay"))) continue;
            if ((!strcmp(kk, "external") || !strcmp(kk, "internal") || !strcmp(kk, "enable_ipv6")) && !cl_em_true(v)) continue;
            const char *why = !strcmp(kk, "internal") ? "egress is not restricted: pods on it can still reach the outside"
                            : !strcmp(kk, "external") ? "the policy only admits pods of this project that are on it"
                            : "pod addressing belongs to the cluster network";
            cl_em_unsupported_top(k->d, CL_SEV_WARNING, K8S, "networks", net, kk, def->u.m.items[j].key, "%s", why);
        }
        policy(k, net);
    }
    /* networks used but not declared (the normalized project declares them; be safe) */
    for (uint32_t i = 0; svcs && svcs->kind == CL_MAP && i < svcs->u.m.n; i++) {
        const cl_node *sn = cl_map_get(svcs->u.m.items[i].value, "networks");
        for (uint32_t j = 0; sn && sn->kind == CL_MAP && j < sn->u.m.n; j++) {
            const char *net = sn->u.m.items[j].key->u.s.text;
            if (cl_map_get(nets, net) || k8s_name_known(&names, net)) continue;
            k8s_name_of(k, &names, "network", net, sn->u.m.items[j].key);
            policy(k, net);
        }
    }
    k8s_names_free(&names);
}
