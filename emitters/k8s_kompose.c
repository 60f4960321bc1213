/* k8s_kompose.c - kompose's labels (kompose.io user guide, "Labels"), so a
 * compose file written for kompose converts the same way here. key_labels
 * (k8s_workload.c) hands every kompose.* label here: those with a Kubernetes
 * equivalent are kept and, once the service's keys are walked, checked and
 * put on the pod (k8s_kompose_before: controller, Service type, ingress,
 * pull policy, probes, fsGroup, ephemeral storage) or, once its objects are
 * made, on them (k8s_kompose_after, with k8s_extra.c: CronJob, autoscaler,
 * init container, pull secret, service account, nodePort, traffic policy,
 * ingress hosts/TLS/class, claim size and class). Every other kompose label
 * is reported where it is written; none is copied into annotations.
 * Precedence: a compose-lint.kubernetes/ label beats kompose's, which beats
 * the compose key (pull_policy, healthcheck, deploy.mode) and the command
 * line (--service-type, --pvc-size, --storage-class). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "../model/values.h"
#include "../parser/suggest.h"
#include "k8s_kompose.h"

static const char *const names[KL_N] = {
    [KL_SERVICE_TYPE] = "kompose.service.type", [KL_EXPOSE] = "kompose.service.expose",
    [KL_EXPOSE_TLS] = "kompose.service.expose.tls-secret", [KL_EXPOSE_CLASS] = "kompose.service.expose.ingress-class-name",
    [KL_NODEPORT] = "kompose.service.nodeport.port", [KL_TRAFFIC] = "kompose.service.external-traffic-policy",
    [KL_CONTROLLER] = "kompose.controller.type", [KL_VOL_SIZE] = "kompose.volume.size",
    [KL_VOL_CLASS] = "kompose.volume.storage-class-name", [KL_VOL_TYPE] = "kompose.volume.type",
    [KL_PULL_SECRET] = "kompose.image-pull-secret", [KL_PULL_POLICY] = "kompose.image-pull-policy",
    [KL_ACCOUNT] = "kompose.serviceaccount-name", [KL_FSGROUP] = "kompose.security-context.fsgroup",
    [KL_CRON_SCHEDULE] = "kompose.cronjob.schedule", [KL_CRON_POLICY] = "kompose.cronjob.concurrency_policy",
    [KL_CRON_BACKOFF] = "kompose.cronjob.backoff_limit", [KL_HPA_MIN] = "kompose.hpa.replicas.min",
    [KL_HPA_MAX] = "kompose.hpa.replicas.max", [KL_HPA_CPU] = "kompose.hpa.cpu", [KL_HPA_MEM] = "kompose.hpa.memory",
    [KL_RD_DISABLE] = "kompose.service.healthcheck.readiness.disable",
    [KL_RD_TEST] = "kompose.service.healthcheck.readiness.test",
    [KL_RD_PATH] = "kompose.service.healthcheck.readiness.http_get_path",
    [KL_RD_PORT] = "kompose.service.healthcheck.readiness.http_get_port",
    [KL_RD_TCP] = "kompose.service.healthcheck.readiness.tcp_port",
    [KL_RD_INTERVAL] = "kompose.service.healthcheck.readiness.interval",
    [KL_RD_TIMEOUT] = "kompose.service.healthcheck.readiness.timeout",
    [KL_RD_RETRIES] = "kompose.service.healthcheck.readiness.retries",
    [KL_RD_START] = "kompose.service.healthcheck.readiness.start_period",
    [KL_LV_PATH] = "kompose.service.healthcheck.liveness.http_get_path",
    [KL_LV_PORT] = "kompose.service.healthcheck.liveness.http_get_port",
    [KL_LV_TCP] = "kompose.service.healthcheck.liveness.tcp_port",
    [KL_INIT_NAME] = "kompose.init.containers.name", [KL_INIT_IMAGE] = "kompose.init.containers.image",
    [KL_INIT_COMMAND] = "kompose.init.containers.command",
    [KL_EPH_LIMIT] = "kompose.ephemeral-storage.limit", [KL_EPH_REQUEST] = "kompose.ephemeral-storage.request",
};

/* kompose labels with no equivalent here, and why */
static const struct { const char *name; cl_severity sev; const char *why; } reported[] = {
    { "kompose.service.group", CL_SEV_WARNING, "each compose service becomes its own pod; services are not grouped into one" },
    { "kompose.controller.port.expose", CL_SEV_WARNING,
      "it makes every container port a hostPort; publish the ports that need one with `mode: host` (they get a hostPort)" },
    { "kompose.volume.subpath", CL_SEV_WARNING, "one subPath for every mount; give a volume mount its own `volume: {subpath: ...}`" },
    { "kompose.service.name_override", CL_SEV_WARNING, "objects are named after the compose service, so references agree; rename the service" },
    { "kompose.volume.selector", CL_SEV_WARNING, "kompose selects volumes by its own io.kompose.service label; bind the claim to a volume by hand" },
    { "kompose.cmd", CL_SEV_INFO, "kompose writes it into its output; it asks for nothing" },
    { "kompose.version", CL_SEV_INFO, "kompose writes it into its output; it asks for nothing" },
};
#define NREPORTED (sizeof reported / sizeof *reported)

static const char *reported_why(const char *name)
{
    for (size_t i = 0; i < NREPORTED; i++) if (!strcmp(reported[i].name, name)) return reported[i].why;
    return NULL;
}

static const char *name_at(const void *set, size_t i)
{
    (void)set;
    return i < KL_N ? names[i] : i < KL_N + NREPORTED ? reported[i - KL_N].name : NULL;
}

/* "'labels.<label>' is not converted: WHY" at the label (WHERE: labels or deploy.labels) */
static void report_in(k8s *k, const char *svc, const char *where, const cl_pair *pr, cl_severity sev, const char *why)
{
    cl_em_unsupported(k->d, sev, K8S, svc, cl_arena_printf(k->a, "%s.%s", where, pr->key->u.s.text), pr->key, "%s", why);
}

static void report(k8s *k, const char *svc, const cl_pair *pr, cl_severity sev, const char *why)
{
    report_in(k, svc, "labels", pr, sev, why);
}

void k8s_kompose_label(k8s_pod *pod, const cl_node *map, const cl_pair *pr)
{
    k8s *k = pod->k;
    const char *key = pr->key->u.s.text;
    int deploy = map != cl_map_get(pod->def, "labels");
    const char *where = deploy ? "deploy.labels" : "labels";
    for (int id = 0; id < KL_N; id++) {
        if (strcmp(names[id], key)) continue;
        int eph = id == KL_EPH_LIMIT || id == KL_EPH_REQUEST;
        if (eph != deploy) {
            report_in(k, pod->svc, where, pr, CL_SEV_WARNING, eph ? "kompose reads it under deploy.labels" : "kompose reads it under the service's labels, not deploy.labels");
            return;
        }
        if (!pod->kompose) pod->kompose = cl_arena_alloc(k->a, sizeof *pod->kompose);
        pod->kompose->label[id] = pr;
        return;
    }
    for (size_t i = 0; i < NREPORTED; i++)
        if (!strcmp(reported[i].name, key)) { report_in(k, pod->svc, where, pr, reported[i].sev, reported[i].why); return; }
    const char *near = cl_suggest(key, strlen(key), NULL, name_at, 4, CL_EDIT_SWAPS);
    report_in(k, pod->svc, where, pr, CL_SEV_WARNING, near ? cl_arena_printf(k->a, "kompose has no such label (did you mean '%s'?)", near)
                                                 : "kompose has no such label");
}

/* ---------- reading values ---------- */

static const char *val(const k8s_kompose *kk, int id)
{
    if (!kk->label[id]) return NULL;
    const char *s = cl_em_str(kk->label[id]->value);
    return s ? s : "";
}

static const cl_node *at(const k8s_kompose *kk, int id) { return kk->label[id]->value; }

static void bad(k8s *k, k8s_pod *pod, int id, const char *what)
{
    const k8s_kompose *kk = pod->kompose;
    k8s_error(k, at(kk, id), "service '%s': %s '%s' is not %s", pod->svc, names[id], val(kk, id), what);
}

/* VALUE (case aside) among CHOICES; its spelling there, or NULL */
static const char *choice(const char *value, const char *const *choices)
{
    for (int i = 0; choices[i]; i++) if (!strcasecmp(value, choices[i])) return choices[i];
    return NULL;
}

/* A whole number LO..HI (an optional '%' after it when PCT); -1 when not. */
static long long number(const char *s, long long lo, long long hi, int pct)
{
    if (!s || !isdigit((unsigned char)*s)) return -1;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (pct && *end == '%') end++;
    return *end || v < lo || v > hi ? -1 : v;
}

static int subdomain(k8s *k, const char *s) { return !strcmp(k8s_name(k, s), s) || k8s_subdomain_ok(s); }

/* "[a, \"b c\", 'd']" (kompose's list form) or a YAML sequence: items into OUT; -1 when malformed. */
static int list(k8s *k, const cl_node *v, cl_builder *out)
{
    if (v->kind == CL_SEQ) {
        for (uint32_t i = 0; i < v->u.q.n; i++) {
            if (!cl_em_str(v->u.q.items[i])) return -1;
            cl_builder_push(out, k8s_str(k, cl_em_str(v->u.q.items[i])));
        }
        return (int)v->u.q.n;
    }
    const char *s = cl_em_str(v);
    int n = 0;
    while (s && isspace((unsigned char)*s)) s++;
    if (!s || *s++ != '[') return -1;
    for (;;) {
        while (isspace((unsigned char)*s)) s++;
        if (*s == ']' && !n) { s++; break; }
        const char *b = s, *e;
        char q = *s == '"' || *s == '\'' ? *s++ : 0;
        cl_buf item;
        cl_buf_init(&item);
        if (q) {
            for (b = s; *s && *s != q; s++) {
                if (q == '"' && *s == '\\' && s[1]) s++;
                cl_buf_putc(&item, *s);
            }
            if (*s++ != q) { cl_buf_free(&item); return -1; }
        } else {
            while (*s && *s != ',' && *s != ']') s++;
            for (e = s; e > b && isspace((unsigned char)e[-1]); e--) {}
            cl_buf_put(&item, b, (size_t)(e - b));
        }
        cl_builder_push(out, cl_new_scalar(k->a, cl_arena_strndup(k->a, item.data ? item.data : "", item.len), item.len, CL_T_STR));
        cl_buf_free(&item);
        n++;
        while (isspace((unsigned char)*s)) s++;
        if (*s == ',') { s++; continue; }
        if (*s++ != ']') return -1;
        break;
    }
    while (isspace((unsigned char)*s)) s++;
    return *s ? -1 : n;
}

/* A command: the list form, one word, or a shell line (run by /bin/sh -c). NULL when malformed. */
static cl_node *command(k8s *k, const cl_node *v)
{
    cl_builder b;
    cl_builder_seq(&b);
    const char *s = cl_em_str(v);
    while (s && isspace((unsigned char)*s)) s++;
    if (v->kind == CL_SEQ || (s && *s == '[')) {
        if (list(k, v, &b) <= 0) { cl_builder_discard(&b); return NULL; }
    } else if (s && *s && strpbrk(s, " \t")) {
        cl_builder_push(&b, k8s_str(k, "/bin/sh"));
        cl_builder_push(&b, k8s_str(k, "-c"));
        cl_builder_push(&b, k8s_str(k, s));
    } else if (s && *s) cl_builder_push(&b, k8s_str(k, s));
    return k8s_finish(k, &b);
}

/* ---------- probes ---------- */

static int is_action(const char *key) { return !strcmp(key, "exec") || !strcmp(key, "httpGet") || !strcmp(key, "tcpSocket"); }

/* BASE (a probe, or NULL) with ACTION (KIND) in place of its own, and TIMING's keys. */
static cl_node *probe(k8s *k, const cl_node *base, const char *kind, cl_node *action, cl_builder *timing)
{
    cl_builder b;
    cl_builder_map(&b);
    k8s_put(k, &b, kind, action);
    for (uint32_t i = 0; base && i < base->u.m.n; i++)
        if (!action || !is_action(base->u.m.items[i].key->u.s.text)) cl_builder_set(&b, base->u.m.items[i].key, base->u.m.items[i].value);
    for (uint32_t i = 0; timing && i < timing->n; i++) cl_builder_set(&b, timing->pairs[i].key, timing->pairs[i].value);
    if (timing) cl_builder_discard(timing);
    return cl_builder_finish(&b, k->a);
}

static cl_node *port_action(k8s *k, k8s_pod *pod, int path_id, int port_id, int tcp_id, const char **kind)
{
    const k8s_kompose *kk = pod->kompose;
    long long port = -1;
    cl_builder a;
    cl_builder_map(&a);
    if (kk->label[path_id] || kk->label[port_id]) {
        if (!kk->label[port_id]) { k8s_error(k, at(kk, path_id), "service '%s': %s needs %s", pod->svc, names[path_id], names[port_id]); return NULL; }
        if ((port = number(val(kk, port_id), 1, 65535, 0)) < 0) { bad(k, pod, port_id, "a port number"); return NULL; }
        const char *path = val(kk, path_id);
        if (path && path[0] != '/') { bad(k, pod, path_id, "a path (it starts with '/')"); return NULL; }
        k8s_put_str(k, &a, "path", path ? path : "/");
        *kind = "httpGet";
        if (kk->label[tcp_id])
            report(k, pod->svc, kk->label[tcp_id], CL_SEV_WARNING, "the probe is the HTTP GET (a probe has one action, as in kompose)");
    } else if (kk->label[tcp_id]) {
        if ((port = number(val(kk, tcp_id), 1, 65535, 0)) < 0) { bad(k, pod, tcp_id, "a port number"); return NULL; }
        *kind = "tcpSocket";
    } else {
        cl_builder_discard(&a);
        return NULL;
    }
    k8s_put(k, &a, "port", k8s_int(k, port));
    return cl_builder_finish(&a, k->a);
}

/* the test label: ["CMD", ...], ["CMD-SHELL", "line"], ["NONE"] or a shell line */
static cl_node *test_action(k8s *k, k8s_pod *pod, int *none)
{
    const k8s_kompose *kk = pod->kompose;
    const cl_node *v = at(kk, KL_RD_TEST);
    const char *s = cl_em_str(v);
    while (s && isspace((unsigned char)*s)) s++;
    cl_builder l, cmd;
    cl_builder_seq(&l);
    cl_builder_seq(&cmd);
    int n = v->kind == CL_SEQ || (s && *s == '[') ? list(k, v, &l) : -2;
    const char *first = n > 0 ? l.items[0]->u.s.text : NULL;
    if (n == -2 && s && *s) {
        cl_builder_push(&cmd, k8s_str(k, "/bin/sh"));
        cl_builder_push(&cmd, k8s_str(k, "-c"));
        cl_builder_push(&cmd, k8s_str(k, s));
    } else if (first && !strcmp(first, "NONE")) *none = 1;
    else if (first && !strcmp(first, "CMD-SHELL") && n == 2) {
        cl_builder_push(&cmd, k8s_str(k, "/bin/sh"));
        cl_builder_push(&cmd, k8s_str(k, "-c"));
        cl_builder_push(&cmd, l.items[1]);
    } else if (first && !strcmp(first, "CMD") && n > 1) {
        for (int i = 1; i < n; i++) cl_builder_push(&cmd, l.items[i]);
    } else bad(k, pod, KL_RD_TEST, "a test: [\"CMD\", ...], [\"CMD-SHELL\", \"command\"], [\"NONE\"] or a shell command");
    cl_builder_discard(&l);
    cl_node *c = k8s_finish(k, &cmd);
    if (!c) return NULL;
    cl_builder ex;
    cl_builder_map(&ex);
    k8s_put(k, &ex, "command", c);
    return cl_builder_finish(&ex, k->a);
}

static void readiness(k8s *k, k8s_pod *pod)
{
    k8s_kompose *kk = pod->kompose;
    cl_builder t;
    cl_builder_map(&t);
    static const int timing[] = { KL_RD_INTERVAL, KL_RD_TIMEOUT, KL_RD_START };
    static const char *const tkeys[] = { "periodSeconds", "timeoutSeconds", "initialDelaySeconds" };
    for (int i = 0; i < 3; i++) {
        double secs;
        if (!kk->label[timing[i]]) continue;
        if (!cl_em_duration_text(val(kk, timing[i]), &secs) || secs < 0) { bad(k, pod, timing[i], "a duration (10s, 1m30s)"); continue; }
        long long n = (long long)secs + (secs > (double)(long long)secs);
        k8s_put(k, &t, tkeys[i], k8s_int(k, n < 1 && i < 2 ? 1 : n));
    }
    if (kk->label[KL_RD_RETRIES]) {
        long long r = number(val(kk, KL_RD_RETRIES), 1, 1000000, 0);
        if (r < 0) bad(k, pod, KL_RD_RETRIES, "a positive whole number");
        else k8s_put(k, &t, "failureThreshold", k8s_int(k, r));
    }
    int none = 0, off;
    const char *kind = "exec";
    cl_node *action = NULL;
    if (kk->label[KL_RD_TEST]) {
        action = test_action(k, pod, &none);
        for (int id = KL_RD_PATH; id <= KL_RD_TCP; id++)
            if (kk->label[id]) report(k, pod->svc, kk->label[id], CL_SEV_WARNING, "the probe runs the test (a probe has one action, as in kompose)");
    } else action = port_action(k, pod, KL_RD_PATH, KL_RD_PORT, KL_RD_TCP, &kind);
    if (kk->label[KL_RD_DISABLE] && cl_val_bool_text(val(kk, KL_RD_DISABLE), &off) != CL_VAL_KNOWN) bad(k, pod, KL_RD_DISABLE, "true or false");
    else if ((kk->label[KL_RD_DISABLE] && off) || none) {
        for (int id = KL_RD_TEST; id <= KL_RD_START && !none; id++)
            if (kk->label[id]) report(k, pod->svc, kk->label[id], CL_SEV_WARNING, "the readiness probe is disabled (readiness.disable)");
        pod->readiness = NULL;
        cl_builder_discard(&t);
        return;
    }
    /* a probe of its own, timed by the labels alone (as kompose makes it) */
    if (action) pod->readiness = probe(k, NULL, kind, action, &t);
    else if (pod->readiness && t.n) pod->readiness = probe(k, pod->readiness, NULL, NULL, &t);
    else {
        for (int id = KL_RD_INTERVAL; id <= KL_RD_START; id++)
            if (kk->label[id] && t.n)
                report(k, pod->svc, kk->label[id], CL_SEV_WARNING, "no readiness probe to time: give a test, an http_get_port or a tcp_port (or a healthcheck)");
        cl_builder_discard(&t);
    }
}

static void liveness(k8s *k, k8s_pod *pod)
{
    const char *kind = NULL;
    cl_node *action = port_action(k, pod, KL_LV_PATH, KL_LV_PORT, KL_LV_TCP, &kind);
    /* the label's action replaces the healthcheck's test, whose timings stay (kompose keeps a test) */
    if (action) pod->liveness = probe(k, pod->liveness, kind, action, NULL);
}

/* ---------- before the workload ---------- */

static const cl_node *directive(const k8s_pod *pod, const char *opt)
{
    return cl_map_get(cl_map_get(pod->def, "labels"), cl_arena_printf(pod->k->a, K8S_DIRECTIVE "%s", opt));
}

/* our own label OPT beats kompose's ID: says so; returns 1 when it did */
static int overridden(k8s *k, k8s_pod *pod, int id, const char *opt)
{
    if (!directive(pod, opt)) return 0;
    report(k, pod->svc, pod->kompose->label[id], CL_SEV_WARNING,
           cl_arena_printf(k->a, "the label " K8S_DIRECTIVE "%s of this service wins", opt));
    return 1;
}

static void controller(k8s *k, k8s_pod *pod)
{
    k8s_kompose *kk = pod->kompose;
    static const char *const ctls[] = { "deployment", "daemonset", "statefulset", "replicationcontroller", NULL };
    if (kk->label[KL_CONTROLLER] && !overridden(k, pod, KL_CONTROLLER, "controller")) {
        const char *c = choice(val(kk, KL_CONTROLLER), ctls);
        if (!c) bad(k, pod, KL_CONTROLLER, "deployment, daemonset or statefulset");
        else {
            if (!strcmp(c, "replicationcontroller")) {
                k8s_caveat(k, pod->svc, "labels", at(kk, KL_CONTROLLER), "a ReplicationController is made a Deployment (its successor)");
                c = "deployment";
            }
            pod->controller = c;
            pod->controller_at = at(kk, KL_CONTROLLER);
        }
    }
    if (!kk->label[KL_CRON_SCHEDULE]) {
        for (int id = KL_CRON_POLICY; id <= KL_CRON_BACKOFF; id++)
            if (kk->label[id]) report(k, pod->svc, kk->label[id], CL_SEV_WARNING, "it qualifies a CronJob, made only with kompose.cronjob.schedule");
        return;
    }
    static const char *const policies[] = { "Allow", "Forbid", "Replace", NULL };
    if (kk->label[KL_CRON_POLICY] && !(kk->policy = choice(val(kk, KL_CRON_POLICY), policies)))
        bad(k, pod, KL_CRON_POLICY, "Allow, Forbid or Replace");
    if (kk->label[KL_CRON_BACKOFF]) {
        if ((kk->backoff = number(val(kk, KL_CRON_BACKOFF), 0, 1000000, 0)) < 0) bad(k, pod, KL_CRON_BACKOFF, "a whole number");
        else kk->has_backoff = 1;
    }
    const char *why = NULL;
    if (!k8s_cron_ok(val(kk, KL_CRON_SCHEDULE), &why)) {
        k8s_error(k, at(kk, KL_CRON_SCHEDULE), "service '%s': %s '%s' is not a cron schedule: %s", pod->svc,
                  names[KL_CRON_SCHEDULE], val(kk, KL_CRON_SCHEDULE), why);
        return;
    }
    if (pod->controller && strcmp(pod->controller, "job")) {
        k8s_error(k, at(kk, KL_CRON_SCHEDULE), "service '%s': %s makes a CronJob, whose pods run to completion; "
                  "it cannot also be a %s", pod->svc, names[KL_CRON_SCHEDULE], pod->controller);
        return;
    }
    pod->controller = "job";
    pod->controller_at = at(kk, KL_CRON_SCHEDULE);
    kk->schedule = val(kk, KL_CRON_SCHEDULE);
}

static void service(k8s *k, k8s_pod *pod)
{
    k8s_kompose *kk = pod->kompose;
    static const char *const types[] = { "ClusterIP", "NodePort", "LoadBalancer", "Headless", NULL };
    if (kk->label[KL_SERVICE_TYPE] && !overridden(k, pod, KL_SERVICE_TYPE, "service-type")) {
        const char *t = choice(val(kk, KL_SERVICE_TYPE), types);
        if (!t) bad(k, pod, KL_SERVICE_TYPE, "clusterip, nodeport, loadbalancer or headless");
        else {
            kk->headless = pod->headless = !strcmp(t, "Headless");
            pod->service_type = kk->headless ? "ClusterIP" : t;
            pod->service_type_at = at(kk, KL_SERVICE_TYPE);
        }
    }
    static const char *const policies[] = { "Cluster", "Local", NULL };
    if (kk->label[KL_TRAFFIC] && !(kk->traffic = choice(val(kk, KL_TRAFFIC), policies))) bad(k, pod, KL_TRAFFIC, "cluster or local");
    if (kk->label[KL_NODEPORT] && (kk->nodeport = number(val(kk, KL_NODEPORT), 1, 65535, 0)) < 0) {
        bad(k, pod, KL_NODEPORT, "a port number");
        kk->nodeport = 0;
    }
    int ours = directive(pod, "ingress") != NULL;
    if (kk->label[KL_EXPOSE] && !overridden(k, pod, KL_EXPOSE, "ingress")) {
        /* "true" or hosts separated by commas, each maybe with a path */
        char *list = cl_arena_strdup(k->a, val(kk, KL_EXPOSE)), *save = NULL;
        kk->hosts = cl_arena_alloc(k->a, (strlen(list) / 2 + 2) * sizeof *kk->hosts);
        for (char *h = strtok_r(list, ", ", &save); h; h = strtok_r(NULL, ", ", &save)) {
            if (!strcmp(h, "true")) h = "";
            if (!pod->ingress) { pod->ingress = h; pod->ingress_at = at(kk, KL_EXPOSE); }
            else kk->hosts[kk->nhosts++] = h;
        }
        if (pod->ingress) ours = 1;
        else report(k, pod->svc, kk->label[KL_EXPOSE], CL_SEV_WARNING, "it is empty (kompose makes no Ingress either)");
    }
    for (int id = KL_EXPOSE_TLS; id <= KL_EXPOSE_CLASS; id++) {
        const char *v = val(kk, id);
        if (!v) continue;
        if (!ours) k8s_error(k, at(kk, id), "service '%s': %s needs kompose.service.expose (no Ingress is made)", pod->svc, names[id]);
        else if (strcmp(v, "true") && !subdomain(k, v)) bad(k, pod, id, "a Kubernetes name");
        else *(id == KL_EXPOSE_TLS ? &kk->tls : &kk->ingress_class) = v;
    }
    if (kk->ingress_class && !strcmp(kk->ingress_class, "true")) bad(k, pod, KL_EXPOSE_CLASS, "an ingress class name");
}

static void pod_fields(k8s *k, k8s_pod *pod)
{
    k8s_kompose *kk = pod->kompose;
    static const char *const pulls[] = { "Always", "IfNotPresent", "Never", NULL };
    if (kk->label[KL_PULL_POLICY]) {
        const char *p = choice(val(kk, KL_PULL_POLICY), pulls);
        if (!p) bad(k, pod, KL_PULL_POLICY, "Always, IfNotPresent or Never");
        else {
            if (pod->pull && strcmp(cl_em_str(pod->pull), p))
                k8s_caveat(k, pod->svc, "labels", at(kk, KL_PULL_POLICY), "%s %s wins over pull_policy (%s)", names[KL_PULL_POLICY], p, cl_em_str(pod->pull));
            pod->pull = k8s_str(k, p);
        }
    }
    const struct { int id; const char **dst; } refs[] = { { KL_PULL_SECRET, &kk->pull_secret }, { KL_ACCOUNT, &kk->account } };
    for (int i = 0; i < 2; i++) {
        const char *v = val(kk, refs[i].id);
        if (v && !subdomain(k, v)) bad(k, pod, refs[i].id, "a Kubernetes name");
        else if (v) *refs[i].dst = v;
    }
    if (kk->label[KL_FSGROUP]) {
        long long g = number(val(kk, KL_FSGROUP), 0, 2147483647, 0);
        if (g < 0) bad(k, pod, KL_FSGROUP, "a group id");
        else k8s_put(k, &pod->psc, "fsGroup", k8s_int(k, g));
    }
    for (int id = KL_EPH_LIMIT; id <= KL_EPH_REQUEST; id++) {
        const char *v = val(kk, id);
        if (v && !k8s_quantity_ok(v)) bad(k, pod, id, "a Kubernetes quantity (e.g. 2Gi)");
        else if (v) k8s_put_str(k, id == KL_EPH_LIMIT ? &pod->limits : &pod->requests, "ephemeral-storage", v);
    }
    if (kk->label[KL_VOL_SIZE] && !k8s_quantity_ok((kk->vol_size = val(kk, KL_VOL_SIZE)))) { bad(k, pod, KL_VOL_SIZE, "a Kubernetes quantity (e.g. 10Gi)"); kk->vol_size = NULL; }
    if (kk->label[KL_VOL_CLASS] && !subdomain(k, (kk->vol_class = val(kk, KL_VOL_CLASS)))) { bad(k, pod, KL_VOL_CLASS, "a Kubernetes name"); kk->vol_class = NULL; }
    static const char *const vtypes[] = { "persistentVolumeClaim", "emptyDir", "hostPath", "configMap", NULL };
    const char *vt = kk->label[KL_VOL_TYPE] ? choice(val(kk, KL_VOL_TYPE), vtypes) : NULL;
    if (kk->label[KL_VOL_TYPE] && !vt) bad(k, pod, KL_VOL_TYPE, "persistentVolumeClaim, emptyDir, hostPath or configMap");
    else if (vt && !strcmp(vt, "emptyDir")) kk->vol_empty = 1;
    else if (vt && !strcmp(vt, "hostPath") && !k->o->allow_hostpath)
        report(k, pod->svc, kk->label[KL_VOL_TYPE], CL_SEV_WARNING, "bind mounts become hostPath volumes only with --allow-hostpath (a decision for the command line)");
    else if (vt && !strcmp(vt, "configMap"))
        report(k, pod->svc, kk->label[KL_VOL_TYPE], CL_SEV_WARNING, "declare the files as compose `configs:`; each becomes a ConfigMap mounted where the service asks");
}

static void init_container(k8s *k, k8s_pod *pod)
{
    k8s_kompose *kk = pod->kompose;
    const char *image = val(kk, KL_INIT_IMAGE), *name = val(kk, KL_INIT_NAME);
    if (!image || !*image) {
        for (int id = KL_INIT_NAME; id <= KL_INIT_COMMAND; id++)
            if (kk->label[id] && id != KL_INIT_IMAGE)
                report(k, pod->svc, kk->label[id], CL_SEV_WARNING, "an init container needs kompose.init.containers.image");
        if (image) bad(k, pod, KL_INIT_IMAGE, "an image");
        return;
    }
    if (!name || !*name) name = "init-service";   /* kompose's default */
    if (strcmp(k8s_name(k, name), name)) { bad(k, pod, KL_INIT_NAME, "a container name (lowercase letters, digits and '-')"); return; }
    if (!strcmp(name, pod->name)) { bad(k, pod, KL_INIT_NAME, "free: the service's container has that name"); return; }
    cl_node *cmd = NULL;
    if (kk->label[KL_INIT_COMMAND] && !(cmd = command(k, at(kk, KL_INIT_COMMAND)))) {
        bad(k, pod, KL_INIT_COMMAND, "a command ([\"sh\", \"-c\", \"...\"] or a command line)");
        return;
    }
    cl_builder c;
    cl_builder_map(&c);
    k8s_put_str(k, &c, "name", name);
    k8s_put_str(k, &c, "image", image);
    k8s_put(k, &c, "command", cmd);
    kk->init = cl_builder_finish(&c, k->a);
}

static void autoscaler(k8s *k, k8s_pod *pod)
{
    k8s_kompose *kk = pod->kompose;
    int ok = 1;
    for (int id = KL_HPA_MIN; id <= KL_HPA_MEM; id++) kk->hpa |= kk->label[id] != NULL;
    if (!kk->hpa) return;
    kk->hpa_min = pod->has_replicas && pod->replicas > 0 ? pod->replicas : 1;
    if (kk->label[KL_HPA_MIN] && (kk->hpa_min = number(val(kk, KL_HPA_MIN), 1, 1000000, 0)) < 0)
        ok = 0, bad(k, pod, KL_HPA_MIN, "a whole number of at least 1");
    kk->hpa_max = kk->hpa_min > 3 ? kk->hpa_min : 3;   /* kompose's default 3 */
    if (kk->label[KL_HPA_MAX] && (kk->hpa_max = number(val(kk, KL_HPA_MAX), 1, 1000000, 0)) < 0)
        ok = 0, bad(k, pod, KL_HPA_MAX, "a whole number of at least 1");
    else if (ok && kk->hpa_min > kk->hpa_max)
        ok = 0, k8s_error(k, at(kk, KL_HPA_MAX), "service '%s': %s %lld is below the minimum %lld", pod->svc, names[KL_HPA_MAX], kk->hpa_max, kk->hpa_min);
    if (kk->label[KL_HPA_CPU] && (kk->hpa_cpu = number(val(kk, KL_HPA_CPU), 1, 1000, 1)) < 0)
        ok = 0, bad(k, pod, KL_HPA_CPU, "a percentage of the CPU requested (1 to 1000)");
    const char *mem = val(kk, KL_HPA_MEM);
    if (mem && (kk->hpa_mem_pct = number(mem, 1, 1000, 1)) < 0) {
        /* the user guide shows a quantity (200Mi): an average value per pod */
        kk->hpa_mem_pct = 0;
        if (k8s_quantity_ok(mem)) kk->hpa_mem_qty = mem;
        else ok = 0, bad(k, pod, KL_HPA_MEM, "a percentage of the memory requested or a quantity (512Mi)");
    }
    if (!kk->label[KL_HPA_CPU] && !mem) {
        kk->hpa_cpu = 50;
        kk->hpa_mem_pct = 70;   /* kompose's defaults, said by k8s_hpa */
    }
    kk->hpa = ok;
}

void k8s_kompose_before(k8s *k, k8s_pod *pod)
{
    if (!pod->kompose) return;
    controller(k, pod);
    service(k, pod);
    pod_fields(k, pod);
    readiness(k, pod);
    liveness(k, pod);
    init_container(k, pod);
    autoscaler(k, pod);
}

/* ---------- after: the objects made from the pod ---------- */


static cl_node *one(k8s *k, cl_node *item)
{
    return cl_new_seq(k->a, &item, 1);
}

static cl_node *named(k8s *k, const char *name)
{
    cl_builder b;
    cl_builder_map(&b);
    k8s_put_str(k, &b, "name", name);
    return cl_builder_finish(&b, k->a);
}

/* persistentVolumeClaim volumes of the pod become emptyDir (kompose.volume.type: emptyDir) */
static cl_node *empty_dirs(k8s *k, const cl_node *vols)
{
    cl_builder b;
    cl_builder_seq(&b);
    for (uint32_t i = 0; vols && vols->kind == CL_SEQ && i < vols->u.q.n; i++) {
        const cl_node *v = vols->u.q.items[i];
        if (cl_map_get(v, "persistentVolumeClaim")) {
            cl_builder e, m;
            cl_builder_map(&e);
            cl_builder_map(&m);
            k8s_put(k, &m, "name", (cl_node *)cl_map_get(v, "name"));
            k8s_put(k, &m, "emptyDir", cl_builder_finish(&e, k->a));
            v = cl_builder_finish(&m, k->a);
        }
        cl_builder_push(&b, (cl_node *)v);
    }
    return k8s_finish(k, &b);
}

static void workload(k8s *k, k8s_pod *pod, k8s_kompose *kk)
{
    long w = k8s_find(k, NULL, pod->name);
    if (w < 0) return;
    if (kk->init) k8s_patch(k, w, "spec.template.spec.initContainers", one(k, kk->init));
    if (kk->pull_secret) k8s_patch(k, w, "spec.template.spec.imagePullSecrets", one(k, named(k, kk->pull_secret)));
    if (kk->account) k8s_patch(k, w, "spec.template.spec.serviceAccountName", k8s_str(k, kk->account));
    if (kk->vol_empty) {
        const cl_node *vols = k8s_get_in(k->objs[w].node, "spec.template.spec.volumes");
        cl_node *nv = empty_dirs(k, vols);
        if (nv) k8s_patch(k, w, "spec.template.spec.volumes", nv);
        k8s_caveat(k, pod->svc, "labels", at(kk, KL_VOL_TYPE), "%s emptyDir: the service's named volumes live and die with each pod", names[KL_VOL_TYPE]);
    }
    if (kk->schedule) k8s_cronjob(k, pod, w, kk);
    if (kk->hpa) k8s_hpa(k, pod, w, kk);
}

static void service_edits(k8s *k, k8s_pod *pod, k8s_kompose *kk)
{
    long s = k8s_find(k, "Service", k8s_typed_service(k, pod));     /* the one that takes the type */
    long in = k8s_find(k, "Service", pod->name);                    /* the one pods reach each other by */
    const cl_node *spec = s >= 0 ? cl_map_get(k->objs[s].node, "spec") : NULL;
    const char *type = cl_em_str(cl_map_get(spec, "type"));
    const cl_node *ports = cl_map_get(spec, "ports");
    /* without ports k8s_network.c made the headless Service (pod->headless) or reported the type */
    if (kk->headless && in >= 0) k8s_patch(k, in, "spec.clusterIP", k8s_str(k, "None"));
    if (kk->nodeport) {
        if (!type || strcmp(type, "NodePort"))
            k8s_error(k, at(kk, KL_NODEPORT), "service '%s': %s needs a NodePort Service (kompose.service.type: nodeport)%s",
                      pod->svc, names[KL_NODEPORT], s < 0 ? " and ports" : "");
        else if (!ports || ports->kind != CL_SEQ || ports->u.q.n != 1)
            k8s_error(k, at(kk, KL_NODEPORT), "service '%s': %s needs a Service with one port (it has %u)", pod->svc, names[KL_NODEPORT],
                      ports && ports->kind == CL_SEQ ? ports->u.q.n : 0);
        else {
            if (kk->nodeport < 30000 || kk->nodeport > 32767)
                k8s_caveat(k, pod->svc, "labels", at(kk, KL_NODEPORT), "node port %lld is outside the default range 30000-32767", kk->nodeport);
            k8s_patch(k, s, "spec.ports", one(k, k8s_set_in(k, ports->u.q.items[0], "nodePort", k8s_int(k, kk->nodeport))));
        }
    }
    if (kk->traffic) {
        if (type && (!strcmp(type, "NodePort") || !strcmp(type, "LoadBalancer")) && !kk->headless)
            k8s_patch(k, s, "spec.externalTrafficPolicy", k8s_str(k, kk->traffic));
        else report(k, pod->svc, kk->label[KL_TRAFFIC], CL_SEV_WARNING,
                    cl_arena_printf(k->a, "only NodePort and LoadBalancer Services route outside traffic (this service has %s)",
                                    kk->headless ? "a headless one" : s < 0 ? "no Service: no ports" : "a ClusterIP one"));
    }
}

static void ingress_edits(k8s *k, k8s_pod *pod, k8s_kompose *kk)
{
    long g = k8s_find(k, "Ingress", pod->name);
    if (g < 0) return;
    const cl_node *rules = k8s_get_in(k->objs[g].node, "spec.rules");
    const cl_node *path0 = rules && rules->kind == CL_SEQ && rules->u.q.n == 1 ? k8s_get_in(rules->u.q.items[0], "http.paths") : NULL;
    if (kk->nhosts && path0 && path0->kind == CL_SEQ && path0->u.q.n == 1) {
        cl_builder rb;
        cl_builder_seq(&rb);
        cl_builder_push(&rb, rules->u.q.items[0]);
        for (size_t i = 0; i < kk->nhosts; i++) {
            const char *slash = strchr(kk->hosts[i], '/');
            const char *host = slash ? cl_arena_strndup(k->a, kk->hosts[i], (size_t)(slash - kk->hosts[i])) : kk->hosts[i];
            if (*host && strcmp(k8s_name(k, host), host) && !k8s_subdomain_ok(host)) {
                k8s_error(k, at(kk, KL_EXPOSE), "service '%s': ingress host '%s' is not a DNS name", pod->svc, host);
                continue;
            }
            cl_node *p = k8s_set_in(k, path0->u.q.items[0], "path", k8s_str(k, slash ? slash : "/"));
            cl_node *r = k8s_set_in(k, rules->u.q.items[0], "http.paths", one(k, p));
            cl_builder_push(&rb, k8s_set_in(k, r, "host", *host ? k8s_str(k, host) : NULL));
        }
        k8s_patch(k, g, "spec.rules", cl_builder_finish(&rb, k->a));
        rules = k8s_get_in(k->objs[g].node, "spec.rules");
    }
    if (kk->ingress_class) k8s_patch(k, g, "spec.ingressClassName", k8s_str(k, kk->ingress_class));
    if (kk->tls) {
        cl_builder tls, hosts;
        cl_builder_map(&tls);
        cl_builder_seq(&hosts);
        for (uint32_t i = 0; rules && rules->kind == CL_SEQ && i < rules->u.q.n; i++) {
            cl_node *h = (cl_node *)cl_map_get(rules->u.q.items[i], "host");
            if (h) cl_builder_push(&hosts, h);
        }
        k8s_put_built(k, &tls, "hosts", &hosts);
        if (strcmp(kk->tls, "true")) k8s_put_str(k, &tls, "secretName", kk->tls);
        else if (!tls.n) k8s_caveat(k, pod->svc, "labels", at(kk, KL_EXPOSE_TLS), "TLS without a secret or a host relies on the ingress controller's default certificate");
        k8s_patch(k, g, "spec.tls", one(k, cl_builder_finish(&tls, k->a)));
    }
}

/* the volume's own size or class label (ours, or kompose's size) beats the service's */
static int volume_has(const cl_node *vol, const char *ours, const char *kompose)
{
    const cl_node *labels = cl_map_get(vol, "labels");
    return cl_map_get(labels, ours) || (kompose && cl_map_get(labels, kompose));
}

static void claim_edit(k8s *k, k8s_pod *pod, int id, long c, const char *path, const char *want, const char *dflt)
{
    const char *have = cl_em_str(k8s_get_in(k->objs[c].node, path));
    if (have && strcmp(have, want) && (!dflt || strcmp(have, dflt)))
        k8s_caveat(k, pod->svc, "labels", at(pod->kompose, id), "claim '%s' keeps %s %s, set by another service", k->objs[c].name,
                   id == KL_VOL_SIZE ? "size" : "class", have);
    else k8s_patch(k, c, path, k8s_str(k, want));
}

static void claims(k8s *k, k8s_pod *pod, k8s_kompose *kk)
{
    if (!kk->vol_size && !kk->vol_class) return;
    const cl_node *mounts = cl_map_get(pod->def, "volumes"), *vols = cl_map_get(k->p->root, "volumes");
    int used = 0;
    for (uint32_t i = 0; !kk->vol_empty && mounts && mounts->kind == CL_SEQ && i < mounts->u.q.n; i++) {
        const char *src = cl_em_str(cl_map_get(mounts->u.q.items[i], "source"));
        if (!cl_scalar_is(cl_map_get(mounts->u.q.items[i], "type"), "volume") || !src) continue;
        const char *claim = k8s_name_known(&k->vol_names, src);
        long c = claim ? k8s_find(k, "PersistentVolumeClaim", claim) : -1;
        if (c < 0) continue;
        used = 1;
        const cl_node *vol = cl_map_get(vols, src);
        for (int id = KL_VOL_SIZE; id <= KL_VOL_CLASS; id++) {
            const char *want = id == KL_VOL_SIZE ? kk->vol_size : kk->vol_class;
            if (!want) continue;
            if (volume_has(vol, id == KL_VOL_SIZE ? K8S_DIRECTIVE "size" : K8S_DIRECTIVE "storage-class", id == KL_VOL_SIZE ? names[id] : NULL))
                k8s_caveat(k, pod->svc, "labels", at(kk, id), "volume '%s' has its own %s label, which wins", src, id == KL_VOL_SIZE ? "size" : "storage class");
            else if (id == KL_VOL_SIZE)
                claim_edit(k, pod, id, c, "spec.resources.requests.storage", want, k->o->pvc_size ? k->o->pvc_size : "1Gi");
            else claim_edit(k, pod, id, c, "spec.storageClassName", want, k->o->storage_class);
        }
    }
    for (int id = KL_VOL_SIZE; !used && id <= KL_VOL_CLASS; id++)
        if (kk->label[id])
            report(k, pod->svc, kk->label[id], CL_SEV_WARNING, kk->vol_empty ? "its volumes are emptyDir (kompose.volume.type), not claims"
                                                                              : "the service mounts no named volume that becomes a claim here");
}

void k8s_kompose_after(k8s *k, k8s_pod *pod)
{
    k8s_kompose *kk = pod->kompose;
    if (!kk) return;
    workload(k, pod, kk);
    service_edits(k, pod, kk);
    ingress_edits(k, pod, kk);
    claims(k, pod, kk);
}

/* ---------- the project: kompose labels of top-level volumes ---------- */

void k8s_kompose_top(k8s *k)
{
    const cl_node *vols = cl_map_get(k->p->root, "volumes");
    for (uint32_t i = 0; vols && vols->kind == CL_MAP && i < vols->u.m.n; i++) {
        const char *vname = vols->u.m.items[i].key->u.s.text;
        const cl_node *labels = cl_map_get(vols->u.m.items[i].value, "labels");
        for (uint32_t j = 0; labels && labels->kind == CL_MAP && j < labels->u.m.n; j++) {
            const cl_pair *pr = &labels->u.m.items[j];
            const char *key = pr->key->u.s.text, *v = cl_em_str(pr->value);
            if (strncmp(key, "kompose.", 8)) continue;
            const char *claim = k8s_name_known(&k->vol_names, vname);
            long c = claim ? k8s_find(k, "PersistentVolumeClaim", claim) : -1;
            const char *why = !strcmp(key, "kompose.volume.selector") ? reported_why(key)
                            : strcmp(key, names[KL_VOL_SIZE]) ? "kompose reads it under the labels of a service, not of a volume"
                            : c < 0 ? "the volume is external: no claim is made" : NULL;
            if (why) cl_em_unsupported_top(k->d, CL_SEV_WARNING, K8S, "volumes", vname, cl_arena_printf(k->a, "labels.%s", key), pr->key, "%s", why);
            else if (!v || !k8s_quantity_ok(v))
                k8s_error(k, pr->value, "volume '%s': %s '%s' is not a Kubernetes quantity (e.g. 10Gi)", vname, key, v ? v : "");
            else if (cl_map_get(labels, K8S_DIRECTIVE "size"))
                cl_em_unsupported_top(k->d, CL_SEV_WARNING, K8S, "volumes", vname, cl_arena_printf(k->a, "labels.%s", key), pr->key,
                                      "the label " K8S_DIRECTIVE "size of this volume wins");
            else k8s_patch(k, c, "spec.resources.requests.storage", k8s_str(k, v));
        }
    }
    k8s_completed_deps(k);
}
