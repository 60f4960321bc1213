/* k8s_podspec.c - the pod-spec settings of one service that need more than a
 * copy: group_add -> securityContext.supplementalGroups, pull_policy ->
 * imagePullPolicy (IfNotPresent when not given, as compose's 'missing'),
 * deploy.placement.constraints -> nodeSelector (==) and a required node
 * affinity (!=), and GPU requests (deploy.resources.reservations.devices,
 * gpus) -> the device plugin's extended resource in the container's limits.
 * k8s_workload.c calls these from its key table and when it builds the pod. */
#include <stdlib.h>
#include <string.h>
#include "k8s.h"

static int digits(const char *s)
{
    if (!*s) return 0;
    for (; *s; s++) if (*s < '0' || *s > '9') return 0;
    return 1;
}

/* ---------- group_add ---------- */

void k8s_pod_group_add(void *ctx, const cl_pair *pr)
{
    k8s_pod *pod = ctx;
    k8s *k = pod->k;
    const cl_node *v = pr->value;
    cl_builder g;
    cl_builder_seq(&g);
    for (uint32_t i = 0; v->kind == CL_SEQ && i < v->u.q.n; i++) {
        const char *s = cl_em_str(v->u.q.items[i]);
        if (s && digits(s) && strlen(s) <= 10) cl_builder_push(&g, k8s_int(k, strtoll(s, NULL, 10)));
        else cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, pod->svc, "group_add", v->u.q.items[i],
                               "group '%s': supplementalGroups takes numeric group ids; a group name is resolved only inside the image",
                               s ? s : "");
    }
    k8s_put_built(k, &pod->psc, "supplementalGroups", &g);
}

/* ---------- pull_policy ---------- */

void k8s_pod_pull_policy(void *ctx, const cl_pair *pr)
{
    k8s_pod *pod = ctx;
    k8s *k = pod->k;
    const char *s = cl_em_str(pr->value);
    if (!s) return;
    if (!strcmp(s, "always")) pod->pull = k8s_str(k, "Always");
    else if (!strcmp(s, "never")) pod->pull = k8s_str(k, "Never");
    else if (!strcmp(s, "missing") || !strcmp(s, "if_not_present")) pod->pull = k8s_str(k, "IfNotPresent");
    else if (!strcmp(s, "build")) {
        /* with a build section the image's note (cl_em_image_built) says it must be pushed */
        pod->pull = k8s_str(k, "IfNotPresent");
        if (!cl_map_get(pod->def, "build"))
            k8s_caveat(k, pod->svc, "pull_policy", pr->value,
                       "'build' with no build section: Kubernetes builds nothing; the nodes pull the image if they do not have it (IfNotPresent)");
    } else if (!strcmp(s, "daily") || !strcmp(s, "weekly") || !strcmp(s, "refresh") || !strncmp(s, "every_", 6)) {
        pod->pull = k8s_str(k, "Always");
        k8s_caveat(k, pod->svc, "pull_policy", pr->value,
                   "'%s': Kubernetes has no periodic pull; imagePullPolicy Always checks the registry on every container start", s);
    } else cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, pod->svc, "pull_policy", pr->value, "'%s' is not a pull policy", s);
}

cl_node *k8s_pod_pull(k8s *k, k8s_pod *pod)
{
    /* compose's default is 'missing'; Kubernetes' is Always for :latest and untagged images */
    return pod->pull ? pod->pull : k8s_str(k, "IfNotPresent");
}

/* ---------- placement constraints ---------- */

static char *trimmed(k8s *k, const char *s, size_t n)
{
    while (n && *s == ' ') { s++; n--; }
    while (n && s[n - 1] == ' ') n--;
    return cl_arena_strndup(k->a, s, n);
}

/* Swarm reports the machine name (uname -m); Kubernetes the Go architecture. */
static const char *go_arch(const char *a)
{
    static const char *const map[][2] = { { "x86_64", "amd64" }, { "aarch64", "arm64" }, { "armv7l", "arm" },
                                          { "i386", "386" }, { "i686", "386" }, { NULL, NULL } };
    for (int i = 0; map[i][0]; i++) if (!strcmp(a, map[i][0])) return map[i][1];
    return a;
}

static void match_expr(k8s *k, k8s_pod *pod, const char *key, const char *op, const char *value)
{
    cl_builder e;
    cl_builder_map(&e);
    k8s_put_str(k, &e, "key", key);
    k8s_put_str(k, &e, "operator", op);
    if (value) {
        cl_builder vs;
        cl_builder_seq(&vs);
        cl_builder_push(&vs, k8s_str(k, value));
        k8s_put_built(k, &e, "values", &vs);
    }
    cl_builder_push(&pod->node_affinity, cl_builder_finish(&e, k->a));
}

#define CONTROL_PLANE "node-role.kubernetes.io/control-plane"

/* One constraint "LHS == V" or "LHS != V"; returns 0 when it has no equivalent. */
static int constraint(k8s *k, k8s_pod *pod, const char *c, const cl_node *at)
{
    const char *eq = strstr(c, "=="), *ne = strstr(c, "!=");
    const char *op = eq && (!ne || eq < ne) ? eq : ne;
    if (!op) return 0;
    int equal = op == eq;
    const char *lhs = trimmed(k, c, (size_t)(op - c)), *v = trimmed(k, op + 2, strlen(op + 2));
    if (!strcmp(lhs, "node.role")) {
        /* control-plane nodes carry the role label and a NoSchedule taint: keeping pods off them is expressible */
        if ((equal && !strcmp(v, "worker")) || (!equal && !strcmp(v, "manager"))) {
            match_expr(k, pod, CONTROL_PLANE, "DoesNotExist", NULL);
            return 1;
        }
        cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, pod->svc, "deploy.placement.constraints", at,
                          "'%s': running on control-plane nodes needs a toleration of their taint, chosen per cluster", c);
        return 1;
    }
    const char *label = !strncmp(lhs, "node.labels.", 12) ? lhs + 12 : !strcmp(lhs, "node.hostname") ? "kubernetes.io/hostname"
                      : !strcmp(lhs, "node.platform.os") ? "kubernetes.io/os" : !strcmp(lhs, "node.platform.arch") ? "kubernetes.io/arch" : NULL;
    if (!label) return 0;
    if (!strcmp(lhs, "node.platform.arch")) v = go_arch(v);
    if (!k8s_label_key_ok(label) || !k8s_label_value_ok(v)) {
        cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, pod->svc, "deploy.placement.constraints", at,
                          "'%s': '%s' or '%s' is not a valid Kubernetes label key or value", c, label, v);
        return 1;
    }
    if (equal) k8s_put_str(k, &pod->node_selector, label, v);
    else match_expr(k, pod, label, "NotIn", v);
    return 1;
}

void k8s_pod_placement(k8s_pod *pod, const cl_node *pl)
{
    k8s *k = pod->k;
    const cl_node *cons = cl_map_get(pl, "constraints");
    for (uint32_t j = 0; pl->kind == CL_MAP && j < pl->u.m.n; j++)
        if (strcmp(pl->u.m.items[j].key->u.s.text, "constraints"))
            cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, pod->svc, "deploy.placement", pl->u.m.items[j].key,
                              "'%s' has no nodeSelector or node affinity equivalent", pl->u.m.items[j].key->u.s.text);
    for (uint32_t j = 0; cons && cons->kind == CL_SEQ && j < cons->u.q.n; j++) {
        const char *c = cl_em_str(cons->u.q.items[j]);
        if (c && constraint(k, pod, c, cons->u.q.items[j])) continue;
        cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, pod->svc, "deploy.placement.constraints", cons->u.q.items[j],
                          "'%s' has no Kubernetes equivalent (known: node.labels.X, node.hostname, node.platform.os/arch with == or !=, "
                          "node.role != manager)", c ? c : "");
    }
}

cl_node *k8s_pod_affinity(k8s *k, k8s_pod *pod)
{
    if (!pod->node_affinity.n) { cl_builder_discard(&pod->node_affinity); return NULL; }
    cl_builder term, terms, req, na, aff;
    cl_builder_map(&term);
    k8s_put_built(k, &term, "matchExpressions", &pod->node_affinity);
    cl_builder_seq(&terms);
    cl_builder_push(&terms, cl_builder_finish(&term, k->a));
    cl_builder_map(&req);
    k8s_put_built(k, &req, "nodeSelectorTerms", &terms);
    cl_builder_map(&na);
    k8s_put_built(k, &na, "requiredDuringSchedulingIgnoredDuringExecution", &req);
    cl_builder_map(&aff);
    k8s_put_built(k, &aff, "nodeAffinity", &na);
    return cl_builder_finish(&aff, k->a);
}

/* ---------- GPUs ---------- */

/* Adds N of RESOURCE to the container's limits (device plugins' resources are
 * not overcommitted: the limit is also the request). */
static void add_limit(k8s *k, k8s_pod *pod, const char *resource, long long n)
{
    long long had = 0;
    for (uint32_t i = 0; i < pod->limits.n; i++)
        if (cl_scalar_is(pod->limits.pairs[i].key, resource) && !cl_em_int(pod->limits.pairs[i].value, &had)) had = 0;
    cl_builder_put(&pod->limits, k->a, resource, k8s_int(k, had + n));
}

static void all_gpus(k8s *k, k8s_pod *pod, const char *key, const cl_node *at, const char *res)
{
    k8s_caveat(k, pod->svc, key, at, "'all' GPUs has no Kubernetes equivalent: 1 %s is requested; set the number the pod needs", res);
}

static int has_gpu(const cl_node *caps)
{
    for (uint32_t i = 0; caps && caps->kind == CL_SEQ && i < caps->u.q.n; i++)
        if (cl_em_str(caps->u.q.items[i]) && !strcmp(cl_em_str(caps->u.q.items[i]), "gpu")) return 1;
    return 0;
}

/* One device request (a map of deploy.resources.*.devices or of gpus; GPU_KEY
 * is set for gpus, whose capability is implicit). KEY names it in reports. */
static void gpu_request(k8s *k, k8s_pod *pod, const char *key, const cl_node *dev, int gpu_key)
{
    if (!dev || dev->kind != CL_MAP) return;
    if (!gpu_key && !has_gpu(cl_map_get(dev, "capabilities"))) {
        cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, pod->svc, key, dev,
                          "only GPU requests (capabilities: [gpu]) have a Kubernetes equivalent (a device plugin resource)");
        return;
    }
    const char *driver = cl_em_str(cl_map_get(dev, "driver"));
    const char *res = !driver || !strcmp(driver, "nvidia") ? "nvidia.com/gpu" : !strcmp(driver, "amd") ? "amd.com/gpu" : NULL;
    if (!res) {
        cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, pod->svc, key, cl_map_get(dev, "driver"),
                          "driver '%s': no known device plugin resource (nvidia -> nvidia.com/gpu, amd -> amd.com/gpu)", driver);
        return;
    }
    const cl_node *count = cl_map_get(dev, "count"), *ids = cl_map_get(dev, "device_ids");
    const char *cs = cl_em_str(count);
    long long n = 1;
    if (ids && ids->kind == CL_SEQ && ids->u.q.n) {
        n = ids->u.q.n;
        k8s_caveat(k, pod->svc, key, ids, "the device plugin hands out any %lld GPU(s) of the node: specific device ids cannot be chosen", n);
    } else if (!count || (cs && !strcmp(cs, "all")) || (cl_em_int(count, &n) && n == -1)) {   /* -1: docker's "all" */
        n = 1;
        all_gpus(k, pod, key, count ? count : dev, res);
    } else if (!cl_em_int(count, &n) || n < 0) {
        cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, pod->svc, key, count, "count '%s' is not a number of devices", cs ? cs : "");
        return;
    }
    for (uint32_t i = 0; i < dev->u.m.n; i++) {
        const char *f = dev->u.m.items[i].key->u.s.text;
        if (strcmp(f, "capabilities") && strcmp(f, "driver") && strcmp(f, "count") && strcmp(f, "device_ids"))
            cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, pod->svc, key, dev->u.m.items[i].key,
                              "'%s' of a device request has no Kubernetes equivalent", f);
    }
    if (n > 0) add_limit(k, pod, res, n);
}

void k8s_pod_devices(k8s_pod *pod, const char *key, const cl_node *devices)
{
    for (uint32_t i = 0; devices && devices->kind == CL_SEQ && i < devices->u.q.n; i++)
        gpu_request(pod->k, pod, key, devices->u.q.items[i], 0);
}

void k8s_pod_gpus(void *ctx, const cl_pair *pr)
{
    k8s_pod *pod = ctx;
    const cl_node *v = pr->value;
    if (v->kind == CL_SEQ) {
        for (uint32_t i = 0; i < v->u.q.n; i++) gpu_request(pod->k, pod, "gpus", v->u.q.items[i], 1);
        return;
    }
    /* gpus: all - a request for every GPU of the nvidia driver */
    all_gpus(pod->k, pod, "gpus", v, "nvidia.com/gpu");
    add_limit(pod->k, pod, "nvidia.com/gpu", 1);
}
