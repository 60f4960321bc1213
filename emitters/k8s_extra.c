/* k8s_extra.c - objects beyond a service's workload and Service, asked for
 * by kompose's labels (k8s_kompose.c): a CronJob in place of the Job
 * (kompose.cronjob.*), a HorizontalPodAutoscaler (kompose.hpa.*); the edits
 * that put label values into objects already emitted; and what becomes of
 * depends_on `condition: service_completed_successfully`: the one-shot
 * service stays a Job that runs once, and its dependents are told they are
 * not held back (an init container would run it once per pod of each). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "k8s_kompose.h"

/* ---------- objects already emitted ---------- */

long k8s_find(k8s *k, const char *kind, const char *name)
{
    static const char *const workloads[] = { "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", NULL };
    for (size_t i = k->nobjs; i-- > 0;) {
        const k8s_obj *o = &k->objs[i];
        if (strcmp(o->name, name)) continue;
        if (kind && !strcmp(o->kind, kind)) return (long)i;
        for (int w = 0; !kind && workloads[w]; w++) if (!strcmp(o->kind, workloads[w])) return (long)i;
    }
    return -1;
}

const cl_node *k8s_get_in(const cl_node *map, const char *path)
{
    const char *dot = strchr(path, '.');
    const cl_node *v = cl_map_getn(map, path, dot ? (size_t)(dot - path) : strlen(path));
    return dot && v ? k8s_get_in(v, dot + 1) : v;
}

cl_node *k8s_set_in(k8s *k, const cl_node *map, const char *path, cl_node *value)
{
    const char *dot = strchr(path, '.');
    size_t n = dot ? (size_t)(dot - path) : strlen(path);
    if (dot) {
        const cl_node *child = cl_map_getn(map, path, n);
        value = k8s_set_in(k, child && child->kind == CL_MAP ? child : NULL, dot + 1, value);
    }
    cl_builder b;
    cl_builder_map(&b);
    int found = 0;
    for (uint32_t i = 0; map && i < map->u.m.n; i++) {
        const cl_pair *p = &map->u.m.items[i];
        if (p->key->u.s.len == n && !memcmp(p->key->u.s.text, path, n)) {
            found = 1;
            if (value) cl_builder_set(&b, p->key, value);
        } else cl_builder_set(&b, p->key, p->value);
    }
    if (!found && value) cl_builder_set(&b, cl_new_scalar(k->a, cl_arena_strndup(k->a, path, n), n, CL_T_STR), value);
    return cl_builder_finish(&b, k->a);
}

void k8s_patch(k8s *k, long i, const char *path, cl_node *value)
{
    if (i < 0 || !k->objs[i].node) return;
    cl_node *n = k8s_set_in(k, k->objs[i].node, path, value);
    k->objs[i].node = k->objs[i].fresh || k->a == k->keep ? n : k8s_keep_tree(k, n);
}

/* ---------- CronJob ---------- */

static int cron_value(const char *s, size_t n, const char *const *words, int lo, int hi, int *out)
{
    char *end;
    if (n && isdigit((unsigned char)*s)) {
        long v = strtol(s, &end, 10);
        if ((size_t)(end - s) != n || v < lo || v > hi) return 0;
        *out = (int)v;
        return 1;
    }
    for (int i = 0; words && words[i]; i++)
        if (n == 3 && !strncasecmp(s, words[i], 3)) { *out = i + lo; return 1; }
    return 0;
}

/* one field of a schedule as robfig/cron (the CronJob controller's parser) reads it: items
 * separated by commas (empty ones skipped), each * or ?, N, N-M or names, maybe /STEP */
static int cron_field(const char *s, size_t n, int f)
{
    static const int lo[] = { 0, 0, 1, 1, 0 }, hi[] = { 59, 23, 31, 12, 6 };
    static const char *const months[] = { "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", NULL };
    static const char *const days[] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat", NULL };
    const char *const *words = f == 3 ? months : f == 4 ? days : NULL;
    const char *end = s + n;
    int items = 0;
    while (s < end) {
        const char *comma = memchr(s, ',', (size_t)(end - s)), *e = comma ? comma : end;
        const char *slash = memchr(s, '/', (size_t)(e - s)), *r = slash ? slash : e;
        const char *dash = memchr(s, '-', (size_t)(r - s));
        int a, b, step;
        if (e == s) { s = e + 1; continue; }
        if (r - s == 1 && (*s == '*' || *s == '?')) {
            /* every value */
        } else if (!cron_value(s, (size_t)((dash ? dash : r) - s), words, lo[f], hi[f], &a)) return 0;
        else if (dash && (!cron_value(dash + 1, (size_t)(r - dash - 1), words, lo[f], hi[f], &b) || b < a)) return 0;
        if (slash && !cron_value(slash + 1, (size_t)(e - slash - 1), NULL, 1, 1000000, &step)) return 0;
        items++;
        s = comma ? comma + 1 : end;
    }
    return items > 0;
}

int k8s_cron_ok(const char *s, const char **why)
{
    static const char *const macros[] = { "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly", NULL };
    if (strstr(s, "TZ")) { *why = "Kubernetes takes the time zone in spec.timeZone, not in the schedule"; return 0; }
    if (*s == '@') {
        for (int i = 0; macros[i]; i++) if (!strcmp(s, macros[i])) return 1;
        double secs;
        if (!strncmp(s, "@every ", 7) && cl_em_duration_text(s + 7, &secs) && secs > 0) return 1;
        *why = "known macros are @yearly, @monthly, @weekly, @daily, @hourly and @every DURATION";
        return 0;
    }
    static const char *const what[] = {
        "bad minute field (0-59, *, ranges a-b, lists, /steps)", "bad hour field (0-23, *, ranges a-b, lists, /steps)",
        "bad day-of-month field (1-31, *, ranges a-b, lists, /steps)", "bad month field (1-12 or jan-dec, *, ranges a-b, lists, /steps)",
        "bad day-of-week field (0-6 or sun-sat, *, ranges a-b, lists, /steps)" };
    int f = 0;
    for (; isspace((unsigned char)*s); s++) {}
    while (*s) {
        const char *e = s;
        while (*e && !isspace((unsigned char)*e)) e++;
        if (f == 5) { *why = "it has more than five fields (minute hour day-of-month month day-of-week)"; return 0; }
        if (!cron_field(s, (size_t)(e - s), f)) { *why = what[f]; return 0; }
        f++;
        for (s = e; isspace((unsigned char)*s); s++) {}
    }
    if (f < 5) { *why = "it needs five fields (minute hour day-of-month month day-of-week)"; return 0; }
    return 1;
}

void k8s_cronjob(k8s *k, k8s_pod *pod, long i, const k8s_kompose *kk)
{
    k8s_obj *o = &k->objs[i];
    if (strcmp(o->kind, "Job")) return;   /* the controller was refused; reported */
    cl_node *jspec = (cl_node *)cl_map_get(o->node, "spec");
    if (kk->has_backoff) jspec = k8s_set_in(k, jspec, "backoffLimit", k8s_int(k, kk->backoff));
    cl_builder jt, spec, obj;
    cl_builder_map(&jt);
    k8s_put(k, &jt, "spec", jspec);
    cl_builder_map(&spec);
    k8s_put_str(k, &spec, "schedule", kk->schedule);
    k8s_put_str(k, &spec, "concurrencyPolicy", kk->policy);
    k8s_put_built(k, &spec, "jobTemplate", &jt);
    k8s_begin(k, &obj, "batch/v1", "CronJob", (cl_node *)cl_map_get(o->node, "metadata"));
    k8s_put_built(k, &obj, "spec", &spec);
    o->node = cl_builder_finish(&obj, k->a);
    o->kind = "CronJob";
    (void)pod;
}

/* ---------- HorizontalPodAutoscaler ---------- */

static cl_node *metric(k8s *k, const char *resource, long long pct, const char *qty)
{
    cl_builder t, r, m;
    cl_builder_map(&t);
    k8s_put_str(k, &t, "type", pct ? "Utilization" : "AverageValue");
    if (pct) k8s_put(k, &t, "averageUtilization", k8s_int(k, pct));
    else k8s_put_str(k, &t, "averageValue", qty);
    cl_builder_map(&r);
    k8s_put_str(k, &r, "name", resource);
    k8s_put_built(k, &r, "target", &t);
    cl_builder_map(&m);
    k8s_put_str(k, &m, "type", "Resource");
    k8s_put_built(k, &m, "resource", &r);
    return cl_builder_finish(&m, k->a);
}

/* a Utilization target is a share of what the container requests (a limit alone sets the request) */
static void requested(k8s *k, k8s_pod *pod, long w, const char *resource, int id)
{
    const cl_node *res = k8s_get_in(k->objs[w].node, "spec.template.spec.containers");
    res = res && res->kind == CL_SEQ && res->u.q.n ? cl_map_get(res->u.q.items[0], "resources") : NULL;
    if (k8s_get_in(res, cl_arena_printf(k->a, "requests.%s", resource)) || k8s_get_in(res, cl_arena_printf(k->a, "limits.%s", resource))) return;
    const k8s_kompose *kk = pod->kompose;
    k8s_caveat(k, pod->svc, "labels", kk->label[id] ? kk->label[id]->value : kk->label[KL_HPA_MIN] ? kk->label[KL_HPA_MIN]->value
               : kk->label[KL_HPA_MAX]->value,
               "the autoscaler targets %s use as a share of the %s requested, and the container requests none "
               "(set deploy.resources.reservations.%s): it will not scale on %s", resource, resource,
               !strcmp(resource, "cpu") ? "cpus" : "memory", resource);
}

void k8s_hpa(k8s *k, k8s_pod *pod, long w, const k8s_kompose *kk)
{
    const char *kind = k->objs[w].kind;
    int id = KL_HPA_MIN;
    while (!kk->label[id]) id++;
    if (strcmp(kind, "Deployment") && strcmp(kind, "StatefulSet")) {
        cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, pod->svc, cl_arena_printf(k->a, "labels.%s", kk->label[id]->key->u.s.text),
                          kk->label[id]->key, "a %s cannot be autoscaled (only Deployments and StatefulSets)", kind);
        return;
    }
    if (!kk->label[KL_HPA_CPU] && !kk->label[KL_HPA_MEM])
        cl_diag_add(k->d, CL_SEV_INFO, "convert-caveat", cl_node_span(kk->label[id]->value),
                    "%s: service '%s': no kompose.hpa.cpu or kompose.hpa.memory: the autoscaler targets kompose's defaults, "
                    "50%% of the CPU and 70%% of the memory requested", K8S, pod->svc);
    if (!kk->label[KL_HPA_MAX] && kk->hpa_min >= kk->hpa_max)
        k8s_caveat(k, pod->svc, "labels", kk->label[id]->value, "without kompose.hpa.replicas.max the maximum is %lld "
                   "(kompose's 3, or the minimum): the autoscaler cannot scale out", kk->hpa_max);
    if (pod->has_replicas)
        k8s_caveat(k, pod->svc, "labels", kk->label[id]->value,
                   "replicas %lld is left out of the %s: the autoscaler sets the count, between %lld and %lld",
                   pod->replicas, kind, kk->hpa_min, kk->hpa_max);
    k8s_patch(k, w, "spec.replicas", NULL);
    cl_builder ref, ms, spec, obj;
    cl_builder_map(&ref);
    k8s_put_str(k, &ref, "apiVersion", "apps/v1");
    k8s_put_str(k, &ref, "kind", kind);
    k8s_put_str(k, &ref, "name", pod->name);
    cl_builder_seq(&ms);
    if (kk->hpa_cpu) { cl_builder_push(&ms, metric(k, "cpu", kk->hpa_cpu, NULL)); requested(k, pod, w, "cpu", KL_HPA_CPU); }
    if (kk->hpa_mem_pct) { cl_builder_push(&ms, metric(k, "memory", kk->hpa_mem_pct, NULL)); requested(k, pod, w, "memory", KL_HPA_MEM); }
    if (kk->hpa_mem_qty) cl_builder_push(&ms, metric(k, "memory", 0, kk->hpa_mem_qty));
    cl_builder_map(&spec);
    k8s_put_built(k, &spec, "scaleTargetRef", &ref);
    k8s_put(k, &spec, "minReplicas", k8s_int(k, kk->hpa_min));
    k8s_put(k, &spec, "maxReplicas", k8s_int(k, kk->hpa_max));
    k8s_put_built(k, &spec, "metrics", &ms);
    k8s_begin(k, &obj, "autoscaling/v2", "HorizontalPodAutoscaler", k8s_meta(k, pod->name, k8s_std_labels(k, pod->name), NULL));
    k8s_put_built(k, &obj, "spec", &spec);
    k8s_emit(k, &obj, K8S_ORD_WORKLOAD, "HorizontalPodAutoscaler", pod->name);
}

/* ---------- depends_on: service_completed_successfully ---------- */

void k8s_completed_deps(k8s *k)
{
    const cl_node *svcs = cl_map_get(k->p->root, "services");
    for (uint32_t i = 0; svcs && svcs->kind == CL_MAP && i < svcs->u.m.n; i++) {
        const char *svc = cl_em_str(svcs->u.m.items[i].key);
        const cl_node *deps = svc ? cl_map_get(svcs->u.m.items[i].value, "depends_on") : NULL;
        for (uint32_t j = 0; deps && deps->kind == CL_MAP && j < deps->u.m.n; j++) {
            const char *dep = cl_em_str(deps->u.m.items[j].key);
            if (!dep || !cl_scalar_is(cl_map_get(deps->u.m.items[j].value, "condition"), "service_completed_successfully")) continue;
            const char *name = k8s_name_known(&k->svc_names, dep);
            long w = name ? k8s_find(k, NULL, name) : -1;
            const char *kind = w >= 0 ? k->objs[w].kind : NULL;
            const cl_node *key = deps->u.m.items[j].key;
            if (kind && !strcmp(kind, "Job"))
                k8s_caveat(k, svc, "depends_on", key,
                           "'%s' runs once, as a Job; nothing holds '%s' back until it succeeds: '%s' starts at once and is "
                           "restarted while it fails (labels kompose.init.containers.* run a command before each of its pods "
                           "instead, once per pod)", dep, svc, svc);
            else if (kind && !strcmp(kind, "CronJob"))
                k8s_caveat(k, svc, "depends_on", key, "'%s' runs on a schedule, as a CronJob; nothing holds '%s' back", dep, svc);
            else if (kind)
                k8s_caveat(k, svc, "depends_on", key,
                           "'%s' becomes a %s, whose pods are restarted when they exit: it never completes, and nothing "
                           "holds '%s' back (the label " K8S_DIRECTIVE "controller: job makes it a Job)", dep, kind, svc);
            else k8s_caveat(k, svc, "depends_on", key, "'%s' is not converted to a workload; nothing holds '%s' back", dep, svc);
        }
    }
}
