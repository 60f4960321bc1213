/* k8s_network.c - networking: container ports and the Services that keep
 * compose's names working. Per compose service: a Service named like it on
 * the container ports (`ports` targets and `expose`), so http://web:8080
 * works in the cluster as between containers; when a port is published on
 * another number, a second Service <name>-published maps published -> target
 * and takes the service type (--service-type or label); a headless Service
 * for a service without ports that others reach (depends_on, links, network
 * aliases) or that is a StatefulSet; one more Service per network alias and
 * per `links` alias; a StatefulSet with ports gets a headless governing
 * Service <name>-headless; an Ingress when the label
 * compose-lint.kubernetes/ingress asks. NetworkPolicies: k8s_netpolicy.c. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "k8s.h"

static const char *upper(k8s *k, const char *s)
{
    char *r = cl_arena_strdup(k->a, s);
    for (char *c = r; *c; c++) *c = (char)toupper((unsigned char)*c);
    return r;
}

/* Was port PORT/PROTO added to LIST ('c' container, 's' Service, 'p' published, 'o' opened) of
 * POD? Marks it added. A hash set of the pod's (freed with it): a port range expands to
 * thousands of ports. */
static int has_port(k8s_pod *pod, char list, long long port, const char *proto)
{
    /* the key LIST, PORT's 8 bytes, PROTO: made by hand, it is asked four times a port
     * (snprintf's cost was the most of adding one) */
    char key[160];
    size_t plen = strlen(proto), n = 1 + sizeof port;
    if (plen > sizeof key - n) plen = sizeof key - n;
    key[0] = list;
    memcpy(key + 1, &port, sizeof port);
    memcpy(key + n, proto, plen);
    int added = 0;
    cl_strmap_put(&pod->ports_seen, key, n + plen, NULL, 0, &added);
    return !added;
}

static cl_node *service_port(k8s *k, long long port, long long target, const char *protocol, const char *app_protocol)
{
    char *lp = cl_arena_strdup(k->a, protocol);
    for (char *c = lp; *c; c++) *c = (char)tolower((unsigned char)*c);
    char d[K8S_DEC];
    static const char *const keys[] = { "name", "port", "targetPort", "protocol", "appProtocol" };
    cl_node *vals[] = { k8s_str(k, k8s_cat(k, k8s_dec(d, port), SIZE_MAX, "-", lp)), k8s_int(k, port), k8s_int(k, target),
                        k8s_str(k, upper(k, protocol)), app_protocol ? k8s_str(k, app_protocol) : NULL };
    return k8s_map(k, keys, vals, 5);
}

/* One container port TARGET: in the pod, in the in-cluster Service (port = target, as containers
 * reach each other), and when PUBLISHED (not 0) in the published ports and their policy. */
static void add_port(k8s *k, k8s_pod *pod, long long target, long long published, const char *protocol, long long host_port,
                     const char *app_protocol)
{
    const char *proto = upper(k, protocol);
    if (!has_port(pod, 'c', target, proto)) {
        static const char *const keys[] = { "containerPort", "hostPort", "protocol" };
        cl_node *vals[] = { k8s_int(k, target), host_port ? k8s_int(k, host_port) : NULL, k8s_str(k, proto) };
        cl_builder_push(&pod->cports, k8s_map(k, keys, vals, 3));
    }
    if (!has_port(pod, 's', target, proto))
        cl_builder_push(&pod->svc_ports, service_port(k, target, target, protocol, app_protocol));
    if (!published) return;
    if (published != target) pod->remapped = 1;
    if (!has_port(pod, 'p', published, proto))
        cl_builder_push(&pod->pub_ports, service_port(k, published, target, protocol, app_protocol));
    if (!has_port(pod, 'o', target, proto)) {
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
        add_port(k, pod, p.target, p.published_lo, p.protocol, host ? port : 0, cl_em_str(cl_map_get(e, "app_protocol")));
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
        for (long long p = lo; p <= hi; p++) add_port(k, pod, p, 0, proto, 0, NULL);
    }
}

static void networks(k8s *k, k8s_pod *pod, const cl_node *v)
{
    uint32_t n = v->kind == CL_MAP ? v->u.m.n : 0;
    for (uint32_t i = 0; i < n; i++) {
        const char *net = v->u.m.items[i].key->u.s.text;
        const cl_node *opt = v->u.m.items[i].value;
        k8s_put_str(k, &pod->net_labels, k8s_cat(k, K8S_NET_LABEL, SIZE_MAX, k8s_name(k, net), NULL), "true");
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
    else if (!strcmp(key, "links")) return;   /* read for the whole project by reach() */
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

/* ---------- who reaches whom ---------- */

/* A `links: [SERVICE:ALIAS]` entry of service FROM: ALIAS must resolve to SERVICE's pods. */
typedef struct link_alias { const char *from, *alias; const cl_node *at; struct link_alias *next; } link_alias;
/* compose service name -> an entry when another service reaches it (depends_on other than
 * service_completed_successfully, links); val: its first link_alias, or NULL */
struct k8s_reach { cl_strmap targets; };

static void mark(k8s *k, const char *svc, link_alias *la)
{
    cl_strmap_ent *e = cl_strmap_put(&k->reach->targets, svc, strlen(svc), NULL, 0, NULL);
    if (!la) return;
    if (!e->val) { e->val = la; return; }
    link_alias *t = (link_alias *)e->val;
    while (t->next) t = t->next;
    t->next = la;
}

static void read_links(k8s *k, const char *from, const cl_node *links, const cl_node *svcs)
{
    for (uint32_t i = 0; links && links->kind == CL_SEQ && i < links->u.q.n; i++) {
        const cl_node *at = links->u.q.items[i];
        const char *s = cl_em_str(at), *colon = s ? strchr(s, ':') : NULL;
        if (!s) continue;
        const char *target = colon ? cl_arena_strndup(k->keep, s, (size_t)(colon - s)) : s;
        if (!cl_map_get(svcs, target)) {
            cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, from, "links", at, "'%s' is not a service of this project", target);
            continue;
        }
        link_alias *la = NULL;
        if (colon && colon[1] && strcmp(colon + 1, target)) {
            la = cl_arena_alloc(k->keep, sizeof *la);
            la->from = from; la->alias = colon + 1; la->at = at;
        }
        mark(k, target, la);
    }
}

/* Built on the first service converted, so a service knows who reaches it however they are ordered;
 * in the long-lived arena (k->keep): the services are built in arenas of their own. */
static struct k8s_reach *reach(k8s *k)
{
    if (k->reach) return k->reach;
    if (!(k->reach = calloc(1, sizeof *k->reach))) abort();
    cl_strmap_init(&k->reach->targets);
    const cl_node *svcs = cl_map_get(k->p->root, "services");
    for (uint32_t i = 0; svcs && svcs->kind == CL_MAP && i < svcs->u.m.n; i++) {
        const cl_node *def = svcs->u.m.items[i].value, *dep = cl_map_get(def, "depends_on");
        for (uint32_t j = 0; dep && dep->kind == CL_MAP && j < dep->u.m.n; j++) {
            /* waiting for a one-shot service to finish is ordering, not reaching it */
            const char *cond = cl_em_str(cl_map_get(dep->u.m.items[j].value, "condition"));
            const char *to = cl_em_str(dep->u.m.items[j].key);
            if (to && (!cond || strcmp(cond, "service_completed_successfully"))) mark(k, to, NULL);
        }
        const char *from = cl_em_str(svcs->u.m.items[i].key);
        if (from) read_links(k, from, cl_map_get(def, "links"), svcs);
    }
    return k->reach;
}

void k8s_reach_free(k8s *k)
{
    if (!k->reach) return;
    cl_strmap_free(&k->reach->targets);
    free(k->reach);
    k->reach = NULL;
}

/* ---------- Services ---------- */

/* A Service NAME selecting POD's pods: of TYPE, or headless when TYPE is NULL (PORTS optional). */
/* A Service (k8s_emit_built): NAME, of TYPE (NULL: headless), selecting the pods of POD, on PORTS. */
typedef struct service_args { const char *name, *type, *pod; cl_node *ports; } service_args;

static cl_node *build_service(k8s *k, void *args)
{
    const service_args *a = args;
    cl_builder spec, obj;
    cl_builder_map(&spec);
    if (a->type) k8s_put_str(k, &spec, "type", a->type);
    else k8s_put_str(k, &spec, "clusterIP", "None");
    k8s_put(k, &spec, "selector", k8s_std_labels(k, a->pod));
    k8s_put(k, &spec, "ports", a->ports);
    k8s_begin(k, &obj, "v1", "Service", k8s_meta(k, a->name, k8s_std_labels(k, a->pod), NULL));
    k8s_put(k, &obj, "spec", cl_builder_finish(&spec, k->a));
    return cl_builder_finish(&obj, k->a);
}

static void service_obj(k8s *k, k8s_pod *pod, const char *name, const char *type, cl_node *ports)
{
    service_args a = { name, type, pod->name, ports };
    k8s_emit_built(k, K8S_ORD_SERVICE, "Service", name, build_service, &a, sizeof a);
}

/* NAME, the name of one more Service of POD (WHAT: published, governing; asked for at AT), unless
 * a service or another Service has it already (an error: clients would reach the wrong pods). */
static int claim(k8s *k, k8s_pod *pod, const char *name, const char *what, const cl_node *at)
{
    const char *owner = k8s_name_owner(&k->svc_names, name);
    if (!owner) owner = k8s_map_get(&k->alias_owners, name);
    if (owner) {
        k8s_error(k, at ? at : pod->def, "service '%s': its %s Service would be named '%s', the Kubernetes name of '%s'; rename one of them",
                  pod->svc, what, name, owner);
        return 0;
    }
    k8s_map_put(&k->alias_owners, name, pod->svc);
    return 1;
}

const char *k8s_governing_service(k8s *k, const k8s_pod *pod)
{
    return pod->svc_ports.n ? k8s_cat(k, pod->name, 54, "-headless", NULL) : pod->name;
}

const char *k8s_typed_service(k8s *k, const k8s_pod *pod)
{
    return pod->remapped ? k8s_cat(k, pod->name, 53, "-published", NULL) : pod->name;
}

/* A network alias or `links` alias (ALIAS, written at AT under service FROM's KEY) is one more
 * DNS name for POD: a Service of that name with the same selector and ports, headless when it
 * has none (the alias's scoping to one network or one linking service is lost). */
static void alias_service(k8s *k, k8s_pod *pod, const char *alias, const cl_node *at, const char *from, const char *key,
                          cl_node *ports)
{
    const char *name = k8s_name(k, alias);
    if (!strcmp(name, pod->name)) return;
    const char *owner = k8s_name_owner(&k->svc_names, name);
    if (!owner) owner = k8s_map_get(&k->alias_owners, name);
    if (owner) {
        if (strcmp(owner, pod->svc))
            cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, from, key, at, "alias '%s' is already the Kubernetes name of '%s'", alias, owner);
        return;
    }
    k8s_map_put(&k->alias_owners, name, pod->svc);
    if (strcmp(name, alias))
        cl_diag_add(k->d, CL_SEV_WARNING, "convert-renamed", cl_node_span(at),
                    "%s: alias '%s' of service '%s' is named '%s' in Kubernetes", K8S, alias, pod->svc, name);
    service_obj(k, pod, name, ports ? "ClusterIP" : NULL, ports);
}

static void alias_services(k8s *k, k8s_pod *pod, const link_alias *links, cl_node *ports)
{
    for (uint32_t i = 0; i < pod->aliases.n; i++)
        alias_service(k, pod, pod->aliases.items[i]->u.s.text, pod->aliases.items[i], pod->svc, "networks", ports);
    cl_builder_discard(&pod->aliases);
    for (const link_alias *l = links; l; l = l->next) alias_service(k, pod, l->alias, l->at, l->from, "links", ports);
}

void k8s_pod_service(k8s *k, k8s_pod *pod)
{
    const cl_strmap_ent *reached = cl_strmap_get(&reach(k)->targets, pod->svc, strlen(pod->svc));
    const link_alias *links = reached ? reached->val : NULL;
    const char *governing = !strcmp(pod->controller, "statefulset") ? k8s_governing_service(k, pod) : NULL;
    if (!pod->svc_ports.n) {
        cl_builder_discard(&pod->svc_ports);
        if (pod->ingress) k8s_error(k, pod->ingress_at, "service '%s' asks for an ingress but has no ports", pod->svc);
        if (pod->service_type && !pod->headless)
            cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, pod->svc, "labels", pod->service_type_at,
                              "a service type needs ports; the service has none");
        /* headless: the name resolves to the pods' addresses, whatever port they listen on;
         * for a StatefulSet it is the governing Service that gives its pods their DNS names */
        if (governing || reached || pod->aliases.n || pod->headless) service_obj(k, pod, pod->name, NULL, NULL);
        alias_services(k, pod, links, NULL);
        return;
    }
    int published = pod->pub_ports.n > 0;
    /* --service-type applies to services that publish ports; exposed-only ones stay internal */
    const char *type = pod->service_type ? pod->service_type : published && k->o->service_type ? k->o->service_type : "ClusterIP";
    if (strcmp(type, "ClusterIP") && strcmp(type, "NodePort") && strcmp(type, "LoadBalancer")) {
        k8s_error(k, pod->service_type_at, "service '%s': service type '%s' is not ClusterIP, NodePort or LoadBalancer", pod->svc, type);
        type = "ClusterIP";
    }
    if (published && !strcmp(type, "ClusterIP"))
        cl_diag_add(k->d, CL_SEV_INFO, "convert-published", cl_node_span(cl_map_get(pod->def, "ports")),
                    "%s: service '%s' publishes ports; a ClusterIP Service is reachable inside the cluster only "
                    "(--service-type or label " K8S_DIRECTIVE "service-type: LoadBalancer|NodePort, or an ingress)", K8S, pod->svc);
    cl_node *ports = cl_builder_finish(&pod->svc_ports, k->a);
    long long first_port = 0;
    cl_em_int(cl_map_get(ports->u.q.items[0], "port"), &first_port);
    /* a port published on another number than its container's: the in-cluster Service keeps the
     * container ports and a second one, of the service type, the published numbers */
    service_obj(k, pod, pod->name, pod->remapped ? "ClusterIP" : type, ports);
    const char *pub = k8s_typed_service(k, pod);
    if (pod->remapped && claim(k, pod, pub, "published", cl_map_get(pod->def, "ports"))) service_obj(k, pod, pub, type, cl_builder_finish(&pod->pub_ports, k->a));
    else cl_builder_discard(&pod->pub_ports);
    if (governing && claim(k, pod, governing, "governing", pod->controller_at)) service_obj(k, pod, governing, NULL, ports);
    alias_services(k, pod, links, ports);
    if (pod->ingress) ingress(k, pod, first_port);
    k8s_published_policy(k, pod);
}
