/* k8s_workload.c - one compose service -> its workload (Deployment,
 * StatefulSet, DaemonSet or Job) with the pod template and container:
 * image, command/args, environment (secret-like values through a Secret),
 * probes from the healthcheck, resources, security context and scheduling.
 * kubernetes.c walks each service's keys through k8s_workload_keys (a
 * handler here, or why the key is not converted) after those of the storage
 * and network parts. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../parser/secrets.h"
#include "k8s.h"

static void drop(k8s *k, k8s_pod *pod, cl_severity sev, const char *key, const cl_node *at, const char *reason)
{
    cl_em_unsupported(k->d, sev, K8S, pod->svc, key, at, "%s", reason);
}

/* drop, at SECT.KEY (KEY alone when SECT is NULL): the path is made only
 * when a key is reported (a healthcheck's, deploy's and its resources' keys
 * were each printed into a path first: 70,000 snprintf on 10,000 services),
 * whole, however long the key */
static void drop_in(k8s *k, k8s_pod *pod, cl_severity sev, const char *sect, const char *key, const cl_node *at,
                    const char *reason)
{
    drop(k, pod, sev, sect ? k8s_cat(k, sect, SIZE_MAX, ".", key) : key, at, reason);
}

static long long secs_ceil(double s) { return (long long)ceil(s - 1e-9); }

/* Kubernetes expands $(VAR) and reduces $$ to $ in command, args and env
 * values; a '$' followed by '$' or '(' is doubled so the text stays as written. */
static cl_node *k8s_literal(k8s *k, const char *s)
{
    size_t n = strlen(s), extra = 0;
    for (size_t i = 0; i + 1 < n; i++) if (s[i] == '$' && (s[i + 1] == '$' || s[i + 1] == '(')) extra++;
    if (!extra) return k8s_str(k, s);
    char *r = cl_arena_alloc(k->a, n + extra + 1), *o = r;
    for (size_t i = 0; i < n; i++) {
        *o++ = s[i];
        if (s[i] == '$' && i + 1 < n && (s[i + 1] == '$' || s[i + 1] == '(')) *o++ = '$';
    }
    *o = 0;
    return cl_new_scalar(k->a, r, (size_t)(o - r), CL_T_STR);
}

/* A sequence of strings (or one string) as a new sequence node; LITERAL escapes '$'. */
static cl_node *str_list_x(k8s *k, const cl_node *v, int literal)
{
    cl_builder b;
    cl_builder_seq(&b);
    uint32_t n = v && v->kind == CL_SEQ ? v->u.q.n : 1;
    for (uint32_t i = 0; i < n; i++) {
        const char *s = cl_em_str(v && v->kind == CL_SEQ ? v->u.q.items[i] : v);
        if (s) cl_builder_push(&b, literal ? k8s_literal(k, s) : k8s_str(k, s));
    }
    return cl_builder_finish(&b, k->a);
}

static cl_node *str_list(k8s *k, const cl_node *v) { return str_list_x(k, v, 0); }

/* ---------- simple container keys ---------- */

static void key_image(void *ctx, const cl_pair *pr)
{
    k8s_pod *pod = ctx;
    k8s *k = pod->k;
    const char *s = cl_em_str(pr->value);
    if (s && *s) pod->image = k8s_str(k, s);   /* an unusable one is an error of k8s_workload (cl_em_image) */
}

static void key_command(void *ctx, const cl_pair *pr)
{
    k8s_pod *pod = ctx;
    k8s *k = pod->k;
    if (pr->value->kind == CL_SCALAR && pr->value->type == CL_T_NULL) return;
    cl_node *l = str_list_x(k, pr->value, 1);
    if (!strcmp(pr->key->u.s.text, "entrypoint")) pod->command = l; else pod->args = l;
}

static void key_working_dir(void *ctx, const cl_pair *pr)
{
    k8s_pod *pod = ctx;
    k8s *k = pod->k;
    if (cl_em_str(pr->value)) pod->workdir = k8s_str(k, cl_em_str(pr->value));
}

static int all_digits(const char *s, size_t n)
{
    if (!n) return 0;
    for (size_t i = 0; i < n; i++) if (!isdigit((unsigned char)s[i])) return 0;
    return 1;
}

static void key_user(void *ctx, const cl_pair *pr)
{
    k8s_pod *pod = ctx;
    k8s *k = pod->k;
    const char *s = cl_em_str(pr->value);
    if (!s) return;
    const char *colon = strchr(s, ':');
    size_t un = colon ? (size_t)(colon - s) : strlen(s);
    if (!all_digits(s, un)) {
        drop(k, pod, CL_SEV_WARNING, "user", pr->value,
             "Kubernetes takes a numeric user id (runAsUser); a user name is resolved only inside the image");
        return;
    }
    k8s_put(k, &pod->sc, "runAsUser", k8s_int(k, strtoll(s, NULL, 10)));
    if (colon) {
        if (all_digits(colon + 1, strlen(colon + 1))) k8s_put(k, &pod->sc, "runAsGroup", k8s_int(k, strtoll(colon + 1, NULL, 10)));
        else drop(k, pod, CL_SEV_WARNING, "user", pr->value, "Kubernetes takes a numeric group id (runAsGroup); the group name is dropped");
    }
}

static int secret_key_ok(const char *s)
{
    if (!*s || strlen(s) > 253) return 0;
    for (; *s; s++) if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_' && *s != '.') return 0;
    return 1;
}

static void key_environment(void *ctx, const cl_pair *pr)
{
    k8s_pod *pod = ctx;
    k8s *k = pod->k;
    const cl_node *v = pr->value;
    if (v->kind != CL_MAP) { drop(k, pod, CL_SEV_WARNING, "environment", v, "expected the normalized mapping form"); return; }
    const char *secret = k8s_cat(k, pod->name, 59, "-env", NULL);
    for (uint32_t i = 0; i < v->u.m.n; i++) {
        const char *name = v->u.m.items[i].key->u.s.text;
        const cl_node *val = v->u.m.items[i].value;
        if (val->kind != CL_SCALAR || val->type == CL_T_NULL) {
            cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, pod->svc, "environment", v->u.m.items[i].key,
                              "'%s' has no value (docker compose would take it from the shell); it is left out", name);
            continue;
        }
        static const char *const keys[] = { "name", "value", "valueFrom" }, *const ref_keys[] = { "secretKeyRef" },
                                 *const sk_keys[] = { "name", "key" };
        cl_node *vals[] = { k8s_str(k, name), NULL, NULL };
        if (cl_secret_name(name, strlen(name), CL_SECRET_K8S) && secret_key_ok(name) && val->u.s.len) {
            /* credentials go to a Secret, referenced by key */
            k8s_put(k, &pod->env_secret, name, k8s_base64(k, val->u.s.text, val->u.s.len));
            cl_node *sk[] = { k8s_str(k, secret), k8s_str(k, name) };
            cl_node *ref[] = { k8s_map(k, sk_keys, sk, 2) };
            vals[2] = k8s_map(k, ref_keys, ref, 1);
        } else {
            vals[1] = k8s_literal(k, val->u.s.text);
        }
        cl_builder_push(&pod->env, k8s_map(k, keys, vals, 3));
    }
}

static void key_bool_sc(void *ctx, const cl_pair *pr)
{
    k8s_pod *pod = ctx;
    k8s *k = pod->k;
    const char *key = pr->key->u.s.text;
    int on = cl_em_true(pr->value);
    if (!strcmp(key, "privileged")) k8s_put(k, &pod->sc, "privileged", cl_new_bool(k->a, on));
    else if (!strcmp(key, "read_only")) k8s_put(k, &pod->sc, "readOnlyRootFilesystem", cl_new_bool(k->a, on));
    else if (!strcmp(key, "stdin_open")) pod->stdin_ = cl_new_bool(k->a, on);
    else if (!strcmp(key, "tty")) pod->tty = cl_new_bool(k->a, on);
}

static void key_caps(void *ctx, const cl_pair *pr)
{
    k8s_pod *pod = ctx;
    k8s *k = pod->k;
    cl_builder *b = !strcmp(pr->key->u.s.text, "cap_add") ? &pod->caps_add : &pod->caps_drop;
    const cl_node *v = pr->value;
    if (v->kind != CL_SEQ) return;
    for (uint32_t i = 0; i < v->u.q.n; i++) {
        const char *s = cl_em_str(v->u.q.items[i]);
        if (!s) continue;
        if (!strncmp(s, "CAP_", 4)) s += 4;
        cl_builder_push(b, k8s_str(k, s));
    }
}

static void key_grace(void *ctx, const cl_pair *pr)
{
    k8s_pod *pod = ctx;
    k8s *k = pod->k;
    double s;
    if (cl_em_duration(pr->value, &s)) pod->grace = k8s_int(k, secs_ceil(s));
    else drop(k, pod, CL_SEV_WARNING, "stop_grace_period", pr->value, "not a duration");
}

static void key_hostname(void *ctx, const cl_pair *pr)
{
    k8s_pod *pod = ctx;
    k8s *k = pod->k;
    const char *s = cl_em_str(pr->value);
    if (s && !strcmp(k8s_name(k, s), s)) pod->hostname = k8s_str(k, s);
    else drop(k, pod, CL_SEV_WARNING, "hostname", pr->value, "a pod hostname must be a lowercase DNS label");
}

static void key_labels(void *ctx, const cl_pair *pr)
{
    k8s_pod *pod = ctx;
    k8s *k = pod->k;
    const cl_node *v = pr->value;
    if (v->kind != CL_MAP) return;
    int is_annot = !strcmp(pr->key->u.s.text, "annotations");
    for (uint32_t i = 0; i < v->u.m.n; i++) {
        const cl_node *kn = v->u.m.items[i].key, *vn = v->u.m.items[i].value;
        const char *key = kn->u.s.text, *val = cl_em_str(vn);
        if (!val) val = "";
        if (!strncmp(key, K8S_DIRECTIVE, strlen(K8S_DIRECTIVE)) && !is_annot) {
            const char *opt = key + strlen(K8S_DIRECTIVE);
            if (!strcmp(opt, "controller")) { pod->controller = val; pod->controller_at = vn; }
            else if (!strcmp(opt, "service-type")) { pod->service_type = val; pod->service_type_at = vn; }
            else if (!strcmp(opt, "ingress")) { pod->ingress = val; pod->ingress_at = vn; }
            else cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, pod->svc, "labels", kn,
                                   "unknown directive '%s' (known: controller, service-type, ingress)", key);
            continue;
        }
        if (!strncmp(key, "kompose.", 8) && !is_annot) { k8s_kompose_label(pod, v, &v->u.m.items[i]); continue; }
        if (!strncmp(key, "com.docker.compose.", 19)) {
            cl_em_unsupported(k->d, CL_SEV_INFO, K8S, pod->svc, "labels", kn, "'%s' is reserved for docker compose", key);
            continue;
        }
        if (!k8s_label_key_ok(key)) {
            cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, pod->svc, pr->key->u.s.text, kn,
                              "'%s' is not a valid Kubernetes label or annotation key", key);
            continue;
        }
        k8s_put_str(k, &pod->annotations, key, val);
        if (!is_annot && k8s_label_value_ok(val)) k8s_put_str(k, &pod->labels, key, val);
    }
}

static void key_restart(void *ctx, const cl_pair *pr)
{
    k8s_pod *pod = ctx;
    k8s *k = pod->k;
    (void)k;
    pod->restart = cl_em_str(pr->value);
    pod->restart_at = pr->value;
    pod->restart_key = "restart";
}

static void key_scale(void *ctx, const cl_pair *pr)
{
    k8s_pod *pod = ctx;
    k8s *k = pod->k;
    long long n;
    if (cl_em_int(pr->value, &n) && n >= 0) { pod->replicas = n; pod->has_replicas = 1; }
    else drop(k, pod, CL_SEV_WARNING, pr->key->u.s.text, pr->value, "not a whole number");
}

/* ---------- resources ---------- */

/* V, at SECT.KEY (KEY alone when SECT is NULL), as the container's cpu in B. */
static void put_cpu(k8s *k, k8s_pod *pod, cl_builder *b, const char *sect, const char *key, const cl_node *v)
{
    const char *s = cl_em_str(v);
    char *end;
    double c = s ? strtod(s, &end) : 0;
    if (!s || end == s || *end || !(c > 0) || !isfinite(c)) {
        drop_in(k, pod, CL_SEV_WARNING, sect, key, v, "not a number of CPUs");
        return;
    }
    k8s_put_str(k, b, "cpu", k8s_cpu_qty(k, c));
}

static void put_mem(k8s *k, k8s_pod *pod, cl_builder *b, const char *sect, const char *key, const cl_node *v)
{
    long long n;
    if (!cl_em_bytes(v, &n) || n <= 0) { drop_in(k, pod, CL_SEV_WARNING, sect, key, v, "not a byte size"); return; }
    k8s_put_str(k, b, "memory", k8s_mem_qty(k, n));
}

static void key_resources_flat(void *ctx, const cl_pair *pr)
{
    k8s_pod *pod = ctx;
    k8s *k = pod->k;
    const char *key = pr->key->u.s.text;
    if (!strcmp(key, "cpus")) put_cpu(k, pod, &pod->limits, NULL, key, pr->value);
    else if (!strcmp(key, "mem_limit")) put_mem(k, pod, &pod->limits, NULL, key, pr->value);
    else if (!strcmp(key, "mem_reservation")) put_mem(k, pod, &pod->requests, NULL, key, pr->value);
}

static void deploy_resources(k8s *k, k8s_pod *pod, const cl_node *r)
{
    if (!r || r->kind != CL_MAP) return;
    for (uint32_t i = 0; i < r->u.m.n; i++) {
        const char *part = r->u.m.items[i].key->u.s.text;
        const cl_node *v = r->u.m.items[i].value;
        int lim = !strcmp(part, "limits");
        if ((!lim && strcmp(part, "reservations")) || v->kind != CL_MAP) {
            drop(k, pod, CL_SEV_WARNING, "deploy.resources", r->u.m.items[i].key, "unknown resources section");
            continue;
        }
        cl_builder *b = lim ? &pod->limits : &pod->requests;
        const char *sect = lim ? "deploy.resources.limits" : "deploy.resources.reservations";
        for (uint32_t j = 0; j < v->u.m.n; j++) {
            const char *rk = v->u.m.items[j].key->u.s.text;
            const cl_node *rv = v->u.m.items[j].value;
            if (!strcmp(rk, "cpus")) put_cpu(k, pod, b, sect, rk, rv);
            else if (!strcmp(rk, "memory")) put_mem(k, pod, b, sect, rk, rv);
            else if (!strcmp(rk, "devices")) k8s_pod_devices(pod, k8s_cat(k, sect, SIZE_MAX, ".", rk), rv);
            else drop_in(k, pod, CL_SEV_WARNING, sect, rk, v->u.m.items[j].key, "Kubernetes has no such container resource");
        }
    }
}

/* ---------- healthcheck -> probes ---------- */

static int tok_is(const char *t, const char *const *set)
{
    for (int i = 0; set[i]; i++) if (!strcmp(t, set[i])) return 1;
    return 0;
}

/* Recognises `curl -f http://localhost:PORT/path` and `wget -q --spider URL`
 * (optionally followed by `|| exit 1`) as an HTTP GET probe. */
static cl_node *http_probe(k8s *k, char **t, int n)
{
    static const char *const curl_opts[] = { "-f", "--fail", "-s", "--silent", "-S", "--show-error", "-fs", "-sf",
                                             "-fsS", "-sSf", "-Sf", "-fS", "-sS", "-Ss", "-Sfs", "-sfS", "--fail-with-body", NULL };
    static const char *const wget_opts[] = { "-q", "--quiet", "--spider", "--no-verbose", "-nv", "-qO-", "-O-", "--tries=1",
                                             "-q0-", "-qO", NULL };
    if (n >= 3 && !strcmp(t[n - 3], "||") && !strcmp(t[n - 2], "exit") && !strcmp(t[n - 1], "1")) n -= 3;
    if (n < 2) return NULL;
    const char *prog = strrchr(t[0], '/') ? strrchr(t[0], '/') + 1 : t[0];
    int curl = !strcmp(prog, "curl"), wget = !strcmp(prog, "wget"), fail = wget;
    if (!curl && !wget) return NULL;
    const char *url = NULL;
    for (int i = 1; i < n; i++) {
        if (!strncmp(t[i], "http://", 7) || !strncmp(t[i], "https://", 8)) { if (url) return NULL; url = t[i]; continue; }
        if (curl && tok_is(t[i], curl_opts)) { if (strchr(t[i], 'f') || !strcmp(t[i], "--fail-with-body")) fail = 1; continue; }
        if (wget && tok_is(t[i], wget_opts)) {
            if ((!strcmp(t[i], "-qO") || !strcmp(t[i], "-O")) && i + 1 < n && (!strcmp(t[i + 1], "-") || !strcmp(t[i + 1], "/dev/null"))) i++;
            continue;
        }
        if (wget && !strcmp(t[i], "-O") && i + 1 < n && (!strcmp(t[i + 1], "-") || !strcmp(t[i + 1], "/dev/null"))) { i++; continue; }
        return NULL;
    }
    if (!url || !fail) return NULL;
    int https = url[4] == 's';
    const char *h = url + (https ? 8 : 7);
    static const char *const hosts[] = { "localhost", "127.0.0.1", "0.0.0.0", "[::1]", NULL };
    size_t hl = 0;
    for (int i = 0; hosts[i]; i++)
        if (!strncmp(h, hosts[i], strlen(hosts[i])) && strchr(":/", h[strlen(hosts[i])] ? h[strlen(hosts[i])] : '/')) { hl = strlen(hosts[i]); break; }
    if (!hl) return NULL;
    const char *p = h + hl;
    long port = https ? 443 : 80;
    if (*p == ':') {
        char *end;
        port = strtol(p + 1, &end, 10);
        if (end == p + 1 || port < 1 || port > 65535 || (*end && *end != '/')) return NULL;
        p = end;
    }
    cl_builder g;
    cl_builder_map(&g);
    k8s_put_str(k, &g, "path", *p ? p : "/");
    k8s_put(k, &g, "port", k8s_int(k, port));
    if (https) k8s_put_str(k, &g, "scheme", "HTTPS");
    return cl_builder_finish(&g, k->a);
}

/* Splits a shell command on blanks when it has nothing but words, quotes and
 * a final `|| exit 1`; returns the count, or -1 when it needs a real shell. */
static int shell_words(char *s, char **t, int max)
{
    int n = 0;
    while (*s) {
        while (*s == ' ' || *s == '\t') s++;
        if (!*s) break;
        if (n == max) return -1;
        char q = (*s == '"' || *s == '\'') ? *s++ : 0;
        char *tok = s;
        if (q) {
            char *e = strchr(s, q);
            if (!e) return -1;
            *e = 0;
            s = e + 1;
            if (*s && *s != ' ' && *s != '\t') return -1;
            if (q == '"' && strpbrk(tok, "$`\\")) return -1;
        } else {
            while (*s && *s != ' ' && *s != '\t') s++;
            if (*s) *s++ = 0;
            if (strcmp(tok, "||") && strpbrk(tok, ";&|<>$`\\(){}*?\"'")) return -1;
        }
        t[n++] = tok;
    }
    return n;
}

static void key_healthcheck(void *ctx, const cl_pair *pr)
{
    k8s_pod *pod = ctx;
    k8s *k = pod->k;
    const cl_node *h = pr->value;
    if (h->kind != CL_MAP) return;
    if (cl_em_true(cl_map_get(h, "disable"))) return;
    const cl_node *test = cl_map_get(h, "test");
    cl_node *action = NULL;
    const char *kind = "exec";
    if (!test) {
        drop(k, pod, CL_SEV_WARNING, "healthcheck", pr->key,
             "no test: the image's own HEALTHCHECK is not visible to Kubernetes; no probe is made");
        return;
    }
    const char *first = test->kind == CL_SEQ && test->u.q.n ? cl_em_str(test->u.q.items[0]) : NULL;
    if (first && !strcmp(first, "NONE")) return;
    char *t[64];
    int nt = -1;
    cl_builder cmd;
    cl_builder_seq(&cmd);
    if (test->kind == CL_SCALAR || (first && !strcmp(first, "CMD-SHELL"))) {
        const char *line = test->kind == CL_SCALAR ? cl_em_str(test) : (test->u.q.n > 1 ? cl_em_str(test->u.q.items[1]) : NULL);
        if (!line) { cl_builder_discard(&cmd); drop(k, pod, CL_SEV_WARNING, "healthcheck", test, "empty test"); return; }
        char *copy = cl_arena_strdup(k->a, line);
        nt = shell_words(copy, t, 64);
        cl_builder_push(&cmd, k8s_str(k, "/bin/sh"));
        cl_builder_push(&cmd, k8s_str(k, "-c"));
        cl_builder_push(&cmd, k8s_str(k, line));
    } else if (first && !strcmp(first, "CMD")) {
        nt = 0;
        for (uint32_t i = 1; i < test->u.q.n && nt < 64; i++) {
            const char *s = cl_em_str(test->u.q.items[i]);
            if (!s) continue;
            t[nt++] = cl_arena_strdup(k->a, s);
            cl_builder_push(&cmd, k8s_str(k, s));
        }
    } else {
        cl_builder_discard(&cmd);
        drop(k, pod, CL_SEV_WARNING, "healthcheck", test, "test must start with CMD, CMD-SHELL or NONE");
        return;
    }
    if (nt > 0 && (action = http_probe(k, t, nt))) { kind = "httpGet"; cl_builder_discard(&cmd); }
    else {
        cl_builder ex;
        cl_builder_map(&ex);
        k8s_put(k, &ex, "command", cl_builder_finish(&cmd, k->a));
        action = cl_builder_finish(&ex, k->a);
    }
    /* compose defaults: interval 30s, timeout 30s, retries 3, start_period 0 */
    double interval = 30, timeout = 30, start = 0;
    long long retries = 3;
    for (uint32_t i = 0; i < h->u.m.n; i++) {
        const char *key = h->u.m.items[i].key->u.s.text, *sect = "healthcheck";
        const cl_node *v = h->u.m.items[i].value;
        if (!strcmp(key, "test") || !strcmp(key, "disable")) continue;
        double *dst = !strcmp(key, "interval") ? &interval : !strcmp(key, "timeout") ? &timeout
                    : !strcmp(key, "start_period") ? &start : NULL;
        if (dst) { if (!cl_em_duration(v, dst)) drop_in(k, pod, CL_SEV_WARNING, sect, key, v, "not a duration"); }
        else if (!strcmp(key, "retries")) { if (!cl_em_int(v, &retries) || retries < 1) { retries = 3; drop_in(k, pod, CL_SEV_WARNING, sect, key, v, "not a positive whole number"); } }
        else if (!strcmp(key, "start_interval")) drop_in(k, pod, CL_SEV_INFO, sect, key, h->u.m.items[i].key, "probes have one period; start_interval is dropped");
        else drop_in(k, pod, CL_SEV_WARNING, sect, key, h->u.m.items[i].key, "unknown healthcheck key");
    }
    const char *keys[] = { kind, "initialDelaySeconds", "periodSeconds", "timeoutSeconds", "failureThreshold" };
    cl_node *vals[] = { action, start > 0 ? k8s_int(k, secs_ceil(start)) : NULL, k8s_int(k, interval < 1 ? 1 : secs_ceil(interval)),
                        k8s_int(k, timeout < 1 ? 1 : secs_ceil(timeout)), k8s_int(k, retries) };
    pod->liveness = pod->readiness = k8s_map(k, keys, vals, 5);
}

/* ---------- pod-level keys ---------- */

static void key_extra_hosts(void *ctx, const cl_pair *pr)
{
    k8s_pod *pod = ctx;
    k8s *k = pod->k;
    const cl_node *v = pr->value;
    uint32_t n = v->kind == CL_SEQ ? v->u.q.n : v->kind == CL_MAP ? v->u.m.n : 0;
    for (uint32_t i = 0; i < n; i++) {
        const char *host, *ip;
        const cl_node *at;
        char *tmp = NULL;
        if (v->kind == CL_MAP) {
            at = v->u.m.items[i].key;
            host = at->u.s.text;
            ip = cl_em_str(v->u.m.items[i].value);
        } else {
            at = v->u.q.items[i];
            const char *s = cl_em_str(at);
            if (!s) continue;
            tmp = cl_arena_strdup(k->a, s);
            char *sep = strchr(tmp, '=');
            if (!sep) sep = strchr(tmp, ':');
            if (!sep) { drop(k, pod, CL_SEV_WARNING, "extra_hosts", at, "expected host:ip"); continue; }
            *sep = 0;
            host = tmp; ip = sep + 1;
        }
        if (!ip || !*ip || !strcmp(ip, "host-gateway") || (!isdigit((unsigned char)ip[0]) && ip[0] != '[' && !strchr(ip, ':'))) {
            cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, pod->svc, "extra_hosts", at,
                              "'%s' needs a literal IP address in Kubernetes (host-gateway has no equivalent)", host);
            continue;
        }
        if (ip[0] == '[') { size_t l = strlen(ip); char *c = cl_arena_strndup(k->a, ip + 1, l > 2 ? l - 2 : 0); ip = c; }
        cl_builder a, hn;
        cl_builder_map(&a); cl_builder_seq(&hn);
        k8s_put_str(k, &a, "ip", ip);
        cl_builder_push(&hn, k8s_str(k, host));
        k8s_put(k, &a, "hostnames", cl_builder_finish(&hn, k->a));
        cl_builder_push(&pod->host_aliases, cl_builder_finish(&a, k->a));
    }
}

static void key_dns(void *ctx, const cl_pair *pr)
{
    k8s_pod *pod = ctx;
    k8s *k = pod->k;
    const char *key = pr->key->u.s.text;
    const cl_node *l = str_list(k, pr->value);
    for (uint32_t i = 0; i < l->u.q.n; i++) {
        const char *s = l->u.q.items[i]->u.s.text;
        if (!strcmp(key, "dns")) cl_builder_push(&pod->dns_ns, k8s_str(k, s));
        else if (!strcmp(key, "dns_search")) cl_builder_push(&pod->dns_search, k8s_str(k, s));
        else {
            cl_builder o;
            cl_builder_map(&o);
            const char *sep = strpbrk(s, ":=");
            if (sep) {
                k8s_put(k, &o, "name", cl_new_scalar(k->a, cl_arena_strndup(k->a, s, (size_t)(sep - s)), (size_t)(sep - s), CL_T_STR));
                k8s_put_str(k, &o, "value", sep + 1);
            } else k8s_put_str(k, &o, "name", s);
            cl_builder_push(&pod->dns_opts, cl_builder_finish(&o, k->a));
        }
    }
}

static void key_sysctls(void *ctx, const cl_pair *pr)
{
    k8s_pod *pod = ctx;
    k8s *k = pod->k;
    const cl_node *v = pr->value;
    uint32_t n = v->kind == CL_SEQ ? v->u.q.n : v->kind == CL_MAP ? v->u.m.n : 0;
    for (uint32_t i = 0; i < n; i++) {
        const char *name, *val;
        if (v->kind == CL_MAP) { name = v->u.m.items[i].key->u.s.text; val = cl_em_str(v->u.m.items[i].value); }
        else {
            const char *s = cl_em_str(v->u.q.items[i]);
            const char *eq = s ? strchr(s, '=') : NULL;
            if (!eq) { drop(k, pod, CL_SEV_WARNING, "sysctls", v->u.q.items[i], "expected name=value"); continue; }
            name = cl_arena_strndup(k->a, s, (size_t)(eq - s));
            val = eq + 1;
        }
        cl_builder o;
        cl_builder_map(&o);
        k8s_put_str(k, &o, "name", name);
        k8s_put_str(k, &o, "value", val ? val : "");
        cl_builder_push(&pod->sysctls, cl_builder_finish(&o, k->a));
    }
}

static void key_platform(void *ctx, const cl_pair *pr)
{
    k8s_pod *pod = ctx;
    k8s *k = pod->k;
    const char *s = cl_em_str(pr->value);
    if (!s) return;
    const char *slash = strchr(s, '/');
    k8s_put(k, &pod->node_selector, "kubernetes.io/os",
            cl_new_scalar(k->a, cl_arena_strndup(k->a, s, slash ? (size_t)(slash - s) : strlen(s)),
                          slash ? (size_t)(slash - s) : strlen(s), CL_T_STR));
    if (slash) {
        const char *arch = slash + 1, *v = strchr(arch, '/');
        size_t al = v ? (size_t)(v - arch) : strlen(arch);
        k8s_put(k, &pod->node_selector, "kubernetes.io/arch", cl_new_scalar(k->a, cl_arena_strndup(k->a, arch, al), al, CL_T_STR));
        if (v) drop(k, pod, CL_SEV_INFO, "platform", pr->value, "nodes are selected by os and architecture; the variant is dropped");
    }
}

static void key_host_ns(void *ctx, const cl_pair *pr)
{
    k8s_pod *pod = ctx;
    k8s *k = pod->k;
    const char *key = pr->key->u.s.text, *s = cl_em_str(pr->value);
    if (s && !strcmp(s, "host")) {
        if (!strcmp(key, "pid")) pod->host_pid = cl_new_bool(k->a, 1);
        else pod->host_ipc = cl_new_bool(k->a, 1);
    } else if (s && !strcmp(key, "ipc") && (!strcmp(s, "private") || !strcmp(s, "shareable"))) {
        /* the pod's own IPC namespace: the default */
    } else drop(k, pod, CL_SEV_WARNING, key, pr->value, "only 'host' has a Kubernetes equivalent (hostPID/hostIPC)");
}

static void key_security_opt(void *ctx, const cl_pair *pr)
{
    k8s_pod *pod = ctx;
    k8s *k = pod->k;
    const cl_node *v = pr->value;
    if (v->kind != CL_SEQ) return;
    for (uint32_t i = 0; i < v->u.q.n; i++) {
        const char *s = cl_em_str(v->u.q.items[i]);
        if (!s) continue;
        if (!strcmp(s, "no-new-privileges") || !strcmp(s, "no-new-privileges:true") || !strcmp(s, "no-new-privileges=true"))
            k8s_put(k, &pod->sc, "allowPrivilegeEscalation", cl_new_bool(k->a, 0));
        else if (!strcmp(s, "seccomp:unconfined") || !strcmp(s, "seccomp=unconfined")) {
            cl_builder sp;
            cl_builder_map(&sp);
            k8s_put_str(k, &sp, "type", "Unconfined");
            k8s_put_built(k, &pod->sc, "seccompProfile", &sp);
        } else cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, pod->svc, "security_opt", v->u.q.items[i],
                                 "'%s' has no securityContext equivalent here", s);
    }
}

static void key_depends_on(void *ctx, const cl_pair *pr)
{
    k8s_pod *pod = ctx;
    k8s *k = pod->k;
    const cl_node *v = pr->value;
    if (v->kind != CL_MAP) return;
    for (uint32_t i = 0; i < v->u.m.n; i++) {
        const char *cond = cl_em_str(cl_map_get(v->u.m.items[i].value, "condition"));
        if (cond && !strcmp(cond, "service_completed_successfully")) continue;   /* k8s_kompose_top: once its kind is known */
        int strong = cond && strcmp(cond, "service_started") != 0;
        cl_em_unsupported(k->d, strong ? CL_SEV_WARNING : CL_SEV_INFO, K8S, pod->svc, "depends_on", v->u.m.items[i].key,
                          "Kubernetes starts pods in any order%s; '%s' must wait for '%s' itself (or use an init container)",
                          strong ? " and has no start condition" : "", pod->svc, v->u.m.items[i].key->u.s.text);
    }
}

/* update_config -> RollingUpdate: stop-first (the default) lets PARALLELISM pods
 * go down at once, start-first starts PARALLELISM new ones first (0 = all). */
static void update_config(k8s *k, k8s_pod *pod, const cl_node *u)
{
    long long par = 1;
    const char *order = "stop-first";
    for (uint32_t i = 0; u->kind == CL_MAP && i < u->u.m.n; i++) {
        const char *key = u->u.m.items[i].key->u.s.text;
        const cl_node *v = u->u.m.items[i].value;
        if (!strcmp(key, "parallelism")) { if (!cl_em_int(v, &par) || par < 0) { par = 1; drop(k, pod, CL_SEV_WARNING, "deploy.update_config.parallelism", v, "not a whole number"); } }
        else if (!strcmp(key, "order") && cl_em_str(v) && (!strcmp(cl_em_str(v), "stop-first") || !strcmp(cl_em_str(v), "start-first"))) order = cl_em_str(v);
        else cl_em_unsupported(k->d, CL_SEV_INFO, K8S, pod->svc, "deploy.update_config", u->u.m.items[i].key,
                               "'%s': a Deployment rolls out by readiness, with no delay, monitor or failure action", key);
    }
    cl_node *n = par ? k8s_int(k, par) : k8s_str(k, "100%");
    int start = !strcmp(order, "start-first");
    cl_builder ru, st;
    cl_builder_map(&ru);
    k8s_put(k, &ru, "maxSurge", start ? n : k8s_int(k, 0));
    k8s_put(k, &ru, "maxUnavailable", start ? k8s_int(k, 0) : n);
    cl_builder_map(&st);
    k8s_put_str(k, &st, "type", "RollingUpdate");
    k8s_put_built(k, &st, "rollingUpdate", &ru);
    pod->strategy = cl_builder_finish(&st, k->a);
}

/* deploy: mode, replicas, resources, labels, placement; the rest reported */
static void key_deploy(void *ctx, const cl_pair *pr)
{
    k8s_pod *pod = ctx;
    k8s *k = pod->k;
    const cl_node *d = pr->value;
    if (d->kind != CL_MAP) return;
    for (uint32_t i = 0; i < d->u.m.n; i++) {
        const cl_pair *dp = &d->u.m.items[i];
        const char *key = dp->key->u.s.text;
        if (!strcmp(key, "mode")) {
            const char *m = cl_em_str(dp->value);
            if (m && !strcmp(m, "global")) { pod->controller = "daemonset"; pod->controller_at = dp->value; }
            else if (m && !strcmp(m, "replicated-job")) { pod->controller = "job"; pod->controller_at = dp->value; }
            else if (!m || strcmp(m, "replicated")) drop_in(k, pod, CL_SEV_WARNING, "deploy", key, dp->value, "no Kubernetes controller for this mode");
        } else if (!strcmp(key, "replicas")) {
            key_scale(pod, dp);
        } else if (!strcmp(key, "resources")) {
            deploy_resources(k, pod, dp->value);
        } else if (!strcmp(key, "labels")) {
            cl_pair lp = *dp;
            key_labels(pod, &lp);
        } else if (!strcmp(key, "restart_policy")) {
            const char *c = cl_em_str(cl_map_get(dp->value, "condition"));
            if (c && (!strcmp(c, "none") || !strcmp(c, "on-failure")) && !pod->restart) {
                pod->restart = !strcmp(c, "none") ? "no" : "on-failure";
                pod->restart_at = dp->value;
                pod->restart_key = "deploy.restart_policy";
            }
            if (dp->value->kind == CL_MAP)
                for (uint32_t j = 0; j < dp->value->u.m.n; j++)
                    if (strcmp(dp->value->u.m.items[j].key->u.s.text, "condition"))
                        cl_em_unsupported(k->d, CL_SEV_INFO, K8S, pod->svc, "deploy.restart_policy", dp->value->u.m.items[j].key,
                                          "'%s': Kubernetes restarts with its own back-off", dp->value->u.m.items[j].key->u.s.text);
        } else if (!strcmp(key, "placement")) {
            k8s_pod_placement(pod, dp->value);
        } else if (!strcmp(key, "update_config")) {
            update_config(k, pod, dp->value);
        } else if (!strcmp(key, "endpoint_mode")) {
            const char *m = cl_em_str(dp->value);
            if (!m || strcmp(m, "vip")) drop_in(k, pod, CL_SEV_INFO, "deploy", key, dp->value, "Services balance through a virtual IP");
        } else {
            drop_in(k, pod, CL_SEV_WARNING, "deploy", key, dp->key, "Swarm deployment setting with no Kubernetes equivalent here");
        }
    }
}

/* ---------- dispatch ---------- */

/* The service keys this part converts, and those no part converts with why
 * (kubernetes.c walks them after the storage and network keys). */
const cl_em_key k8s_workload_keys[] = {
    { "image", key_image, 0, NULL }, { "command", key_command, 0, NULL }, { "entrypoint", key_command, 0, NULL }, { "working_dir", key_working_dir, 0, NULL },
    { "user", key_user, 0, NULL }, { "environment", key_environment, 0, NULL }, { "privileged", key_bool_sc, 0, NULL }, { "read_only", key_bool_sc, 0, NULL },
    { "stdin_open", key_bool_sc, 0, NULL }, { "tty", key_bool_sc, 0, NULL }, { "cap_add", key_caps, 0, NULL }, { "cap_drop", key_caps, 0, NULL },
    { "stop_grace_period", key_grace, 0, NULL }, { "hostname", key_hostname, 0, NULL }, { "labels", key_labels, 0, NULL }, { "annotations", key_labels, 0, NULL },
    { "restart", key_restart, 0, NULL }, { "scale", key_scale, 0, NULL }, { "pull_policy", k8s_pod_pull_policy, 0, NULL }, { "cpus", key_resources_flat, 0, NULL },
    { "mem_limit", key_resources_flat, 0, NULL }, { "mem_reservation", key_resources_flat, 0, NULL }, { "healthcheck", key_healthcheck, 0, NULL },
    { "extra_hosts", key_extra_hosts, 0, NULL }, { "dns", key_dns, 0, NULL }, { "dns_search", key_dns, 0, NULL }, { "dns_opt", key_dns, 0, NULL },
    { "sysctls", key_sysctls, 0, NULL }, { "platform", key_platform, 0, NULL }, { "pid", key_host_ns, 0, NULL }, { "ipc", key_host_ns, 0, NULL },
    { "security_opt", key_security_opt, 0, NULL }, { "depends_on", key_depends_on, 0, NULL }, { "deploy", key_deploy, 0, NULL },
    { "group_add", k8s_pod_group_add, 0, NULL }, { "gpus", k8s_pod_gpus, 0, NULL },
    { "container_name", NULL, CL_SEV_INFO, "pods are named by their controller" },
    { "env_file", NULL, CL_SEV_INFO, NULL },  /* its values are already in environment */
    { "profiles", NULL, CL_SEV_INFO, NULL },  /* already applied */
    { "build", NULL, CL_SEV_INFO, NULL },     /* handled with image */
    { "init", NULL, CL_SEV_WARNING, "Kubernetes runs no init process in the container; use an image with one (tini)" },
    { "ulimits", NULL, CL_SEV_WARNING, "Kubernetes has no per-container ulimits" },
    { "logging", NULL, CL_SEV_WARNING, "logging is configured for the whole cluster" },
    { "devices", NULL, CL_SEV_WARNING, "host devices need a device plugin or a privileged hostPath" },
    { "external_links", NULL, CL_SEV_WARNING, "use an ExternalName Service" },
    { "domainname", NULL, CL_SEV_WARNING, "pods have no domain name setting" },
    { "mac_address", NULL, CL_SEV_WARNING, "pods get their address from the cluster network" },
    { "oom_score_adj", NULL, CL_SEV_WARNING, "the kubelet sets it from the QoS class" },
    { "cgroup_parent", NULL, CL_SEV_WARNING, "the kubelet owns cgroups" },
    { "userns_mode", NULL, CL_SEV_WARNING, "use hostUsers in newer clusters" },
    { "stop_signal", NULL, CL_SEV_WARNING, "the stop signal comes from the image (STOPSIGNAL)" },
    { "x-", NULL, CL_SEV_INFO, "extension fields are not converted" },
    { NULL, NULL, CL_SEV_WARNING, "it has no Kubernetes equivalent" } };

/* The pod's builders, empty; their storage in the service's arena when the
 * service has one of its own (k8s_emit_built may hand them to the render
 * thread, which grows and drops them: mallocs of this thread's would make
 * the two threads take turns at its malloc arena's lock). */
#define POD_MAPS(pod) { &pod->sc, &pod->limits, &pod->requests, &pod->psc, &pod->node_selector, &pod->labels, \
                       &pod->annotations, &pod->net_labels, &pod->env_secret }
#define POD_SEQS(pod) { &pod->env, &pod->cports, &pod->mounts, &pod->caps_add, &pod->caps_drop, &pod->volumes, &pod->sysctls, \
                       &pod->host_aliases, &pod->dns_ns, &pod->dns_search, &pod->dns_opts, &pod->node_affinity, \
                       &pod->svc_ports, &pod->open_ports, &pod->aliases }

static void builders_init(k8s *k, k8s_pod *pod)
{
    cl_builder *maps[] = POD_MAPS(pod), *seqs[] = POD_SEQS(pod);
    cl_arena *in = k->a != k->keep ? k->a : NULL;
    for (size_t i = 0; i < sizeof maps / sizeof *maps; i++) { cl_builder_map(maps[i]); if (in) cl_builder_in(maps[i], in); }
    for (size_t i = 0; i < sizeof seqs / sizeof *seqs; i++) { cl_builder_seq(seqs[i]); if (in) cl_builder_in(seqs[i], in); }
}

/* The pod's builders that grow in the service's arena grow in IN from now on:
 * on the render thread, the converter's variable that named that arena names
 * the next service's already (what they hold stays where it is, and lives as
 * long as the tree being built needs it). */
static void builders_grow_in(k8s_pod *pod, cl_arena *in)
{
    cl_builder *maps[] = POD_MAPS(pod), *seqs[] = POD_SEQS(pod);
    for (size_t i = 0; i < sizeof maps / sizeof *maps; i++) if (maps[i]->in) maps[i]->in = in;
    for (size_t i = 0; i < sizeof seqs / sizeof *seqs; i++) if (seqs[i]->in) seqs[i]->in = in;
}

static cl_node *container(k8s *k, k8s_pod *pod)
{
    cl_builder c;
    cl_builder_map(&c);
    k8s_put_str(k, &c, "name", pod->name);
    k8s_put(k, &c, "image", pod->image);
    k8s_put(k, &c, "imagePullPolicy", k8s_pod_pull(k, pod));
    k8s_put(k, &c, "command", pod->command);
    k8s_put(k, &c, "args", pod->args);
    k8s_put(k, &c, "workingDir", pod->workdir);
    k8s_put_built(k, &c, "env", &pod->env);
    k8s_put_built(k, &c, "ports", &pod->cports);
    cl_builder res;
    cl_builder_map(&res);
    k8s_put_built(k, &res, "limits", &pod->limits);
    k8s_put_built(k, &res, "requests", &pod->requests);
    k8s_put_built(k, &c, "resources", &res);
    k8s_put_built(k, &c, "volumeMounts", &pod->mounts);
    k8s_put(k, &c, "livenessProbe", pod->liveness);
    k8s_put(k, &c, "readinessProbe", pod->readiness);
    cl_builder caps;
    cl_builder_map(&caps);
    k8s_put_built(k, &caps, "add", &pod->caps_add);
    k8s_put_built(k, &caps, "drop", &pod->caps_drop);
    k8s_put_built(k, &pod->sc, "capabilities", &caps);
    k8s_put_built(k, &c, "securityContext", &pod->sc);
    k8s_put(k, &c, "stdin", pod->stdin_);
    k8s_put(k, &c, "tty", pod->tty);
    return cl_builder_finish(&c, k->a);
}

static cl_node *pod_spec(k8s *k, k8s_pod *pod, const char *restart_policy)
{
    cl_builder s, cs;
    cl_builder_map(&s);
    cl_builder_seq(&cs);
    cl_builder_push(&cs, container(k, pod));
    k8s_put(k, &s, "containers", cl_builder_finish(&cs, k->a));
    k8s_put_str(k, &s, "restartPolicy", restart_policy);
    k8s_put(k, &s, "hostname", pod->hostname);
    k8s_put(k, &s, "hostNetwork", pod->host_network);
    k8s_put(k, &s, "hostPID", pod->host_pid);
    k8s_put(k, &s, "hostIPC", pod->host_ipc);
    k8s_put_built(k, &s, "hostAliases", &pod->host_aliases);
    cl_builder dns;
    cl_builder_map(&dns);
    k8s_put_built(k, &dns, "nameservers", &pod->dns_ns);
    k8s_put_built(k, &dns, "searches", &pod->dns_search);
    k8s_put_built(k, &dns, "options", &pod->dns_opts);
    k8s_put_built(k, &s, "dnsConfig", &dns);
    k8s_put_built(k, &s, "nodeSelector", &pod->node_selector);
    k8s_put(k, &s, "affinity", k8s_pod_affinity(k, pod));
    k8s_put_built(k, &pod->psc, "sysctls", &pod->sysctls);
    k8s_put_built(k, &s, "securityContext", &pod->psc);
    k8s_put(k, &s, "terminationGracePeriodSeconds", pod->grace);
    k8s_put_built(k, &s, "volumes", &pod->volumes);
    return cl_builder_finish(&s, k->a);
}

static cl_node *merged_labels(k8s *k, k8s_pod *pod, int with_net)
{
    cl_builder b;
    cl_builder_map(&b);
    for (uint32_t i = 0; i < pod->labels.n; i++) cl_builder_set(&b, pod->labels.pairs[i].key, pod->labels.pairs[i].value);
    if (with_net) for (uint32_t i = 0; i < pod->net_labels.n; i++) cl_builder_set(&b, pod->net_labels.pairs[i].key, pod->net_labels.pairs[i].value);
    cl_builder_put(&b, k->a, K8S_PROJECT_LABEL, k8s_str(k, k->project));
    cl_builder_put(&b, k->a, K8S_SERVICE_LABEL, k8s_str(k, pod->name));
    return cl_builder_finish(&b, k->a);
}

static void choose_controller(k8s *k, k8s_pod *pod)
{
    if (pod->controller) {
        static const char *known[] = { "deployment", "statefulset", "daemonset", "job", NULL };
        int ok = 0;
        for (int i = 0; known[i]; i++) if (!strcmp(known[i], pod->controller)) ok = 1;
        if (!ok) {
            k8s_error(k, pod->controller_at, "service '%s': controller '%s' is not one of deployment, statefulset, daemonset, job",
                      pod->svc, pod->controller);
            pod->controller = "deployment";
        }
    } else if (pod->restart && !strcmp(pod->restart, "no") && pod->args) {
        pod->controller = "job";     /* a one-shot command */
    } else pod->controller = k->controller;
    const char *r = pod->restart;
    if (!strcmp(pod->controller, "job")) {
        if (r && !strncmp(r, "on-failure", 10)) pod->job_backoff = r[10] == ':' ? atoi(r + 11) : 6;
        else if (r && strcmp(r, "no")) cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, pod->svc, pod->restart_key, pod->restart_at,
                                                         "'%s': a Job runs to completion and is not restarted", r);
    } else if (r && (!strcmp(r, "no") || !strncmp(r, "on-failure", 10))) {
        cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, pod->svc, pod->restart_key, pod->restart_at,
                          "'%s': a %s always restarts its pods (label " K8S_DIRECTIVE "controller: job makes a Job)",
                          r, !strcmp(pod->controller, "daemonset") ? "DaemonSet" : !strcmp(pod->controller, "statefulset") ? "StatefulSet" : "Deployment");
    }
    if (pod->has_replicas && !strcmp(pod->controller, "daemonset"))
        cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, pod->svc, "deploy.replicas", pod->def,
                          "a DaemonSet runs one pod per node");
}

static void emit_env_secret(k8s *k, k8s_pod *pod)
{
    if (!pod->env_secret.n) { cl_builder_discard(&pod->env_secret); return; }
    const char *name = k8s_cat(k, pod->name, 59, "-env", NULL);
    cl_builder b;
    k8s_begin(k, &b, "v1", "Secret", k8s_meta(k, name, k8s_std_labels(k, pod->name), NULL));
    k8s_put_str(k, &b, "type", "Opaque");
    k8s_put_built(k, &b, "data", &pod->env_secret);
    k8s_emit(k, &b, K8S_ORD_CONFIG, "Secret", name);
}

void k8s_pod_init(k8s *k, k8s_pod *pod, const char *svc, const char *name, const cl_node *def)
{
    memset(pod, 0, sizeof *pod);
    pod->k = k;
    pod->svc = svc;
    pod->name = name;
    pod->def = def;
    builders_init(k, pod);
}

/* The workload of a pod (k8s_emit_built): POD a copy whose builders are the
 * build's, CLAIMS its volumeClaimTemplates, GOVERNING a StatefulSet's Service. */
typedef struct workload_args { k8s_pod pod; cl_node *claims; const char *governing; } workload_args;

static const struct { const char *ctl, *api, *kind; } kinds[] = {
    { "deployment", "apps/v1", "Deployment" }, { "statefulset", "apps/v1", "StatefulSet" },
    { "daemonset", "apps/v1", "DaemonSet" }, { "job", "batch/v1", "Job" },
};

static size_t kind_of(const char *ctl)
{
    size_t ki = 0;
    while (ki < 3 && strcmp(kinds[ki].ctl, ctl)) ki++;
    return ki;
}

static cl_node *build_workload(k8s *k, void *args)
{
    workload_args *w = args;
    k8s_pod *pod = &w->pod;
    builders_grow_in(pod, k->a);
    const char *ctl = pod->controller;
    int job = !strcmp(ctl, "job");
    cl_builder tmeta;
    cl_builder_map(&tmeta);
    k8s_put(k, &tmeta, "labels", merged_labels(k, pod, 1));
    if (pod->annotations.n) {
        cl_builder a2;
        cl_builder_map(&a2);
        for (uint32_t i = 0; i < pod->annotations.n; i++) cl_builder_set(&a2, pod->annotations.pairs[i].key, pod->annotations.pairs[i].value);
        k8s_put_built(k, &tmeta, "annotations", &a2);
    }
    cl_builder tmpl;
    cl_builder_map(&tmpl);
    k8s_put(k, &tmpl, "metadata", cl_builder_finish(&tmeta, k->a));
    k8s_put(k, &tmpl, "spec", pod_spec(k, pod, job ? (pod->job_backoff ? "OnFailure" : "Never") : NULL));
    cl_node *template = cl_builder_finish(&tmpl, k->a);

    cl_builder spec;
    cl_builder_map(&spec);
    if (job) {
        k8s_put(k, &spec, "backoffLimit", k8s_int(k, pod->job_backoff));
        if (pod->has_replicas && pod->replicas != 1) {
            k8s_put(k, &spec, "completions", k8s_int(k, pod->replicas));
            k8s_put(k, &spec, "parallelism", k8s_int(k, pod->replicas));
        }
    } else {
        if (strcmp(ctl, "daemonset") && pod->has_replicas) k8s_put(k, &spec, "replicas", k8s_int(k, pod->replicas));
        if (!strcmp(ctl, "statefulset")) k8s_put_str(k, &spec, "serviceName", w->governing);
        if (pod->strategy && !strcmp(ctl, "deployment")) k8s_put(k, &spec, "strategy", pod->strategy);
        cl_builder sel;
        cl_builder_map(&sel);
        k8s_put(k, &sel, "matchLabels", k8s_std_labels(k, pod->name));
        k8s_put_built(k, &spec, "selector", &sel);
    }
    k8s_put(k, &spec, "template", template);
    k8s_put(k, &spec, "volumeClaimTemplates", w->claims);
    size_t ki = kind_of(ctl);
    cl_builder obj;
    cl_node *annots = NULL;
    if (pod->annotations.n) annots = cl_builder_finish(&pod->annotations, k->a);
    else cl_builder_discard(&pod->annotations);
    k8s_begin(k, &obj, kinds[ki].api, kinds[ki].kind, k8s_meta(k, pod->name, merged_labels(k, pod, 0), annots));
    k8s_put(k, &obj, "spec", cl_builder_finish(&spec, k->a));
    cl_builder_discard(&pod->labels);
    cl_builder_discard(&pod->net_labels);
    return cl_builder_finish(&obj, k->a);
}

void k8s_workload(k8s *k, k8s_pod *pod)
{
    const char *svc = pod->svc;
    const cl_node *def = pod->def;
    const char *img;
    const cl_pair *b = cl_map_pair(def, "build");
    cl_em_image_kind ik = cl_em_image(k->a, k->p, svc, def, k->o, k->d, K8S, &img);
    if (ik == CL_EM_IMAGE_BAD) k->failed = 1;
    else if (ik == CL_EM_IMAGE_NONE) k8s_error(k, def, "service '%s' has neither image nor build", svc);
    else if (b) cl_em_image_built(k->d, K8S, svc, b->key, img);
    if (!pod->image) pod->image = k8s_str(k, img ? img : "");
    choose_controller(k, pod);
    emit_env_secret(k, pod);
    cl_node *claim_templates = k8s_pod_claims(k, pod);   /* k8s_claims.c: before the pod spec */
    /* what the object reports, before it is built (maybe on the render thread) */
    for (uint32_t i = 0; i < pod->sc.n; i++)
        if (cl_scalar_is(pod->sc.pairs[i].key, "allowPrivilegeEscalation") && cl_em_true(cl_map_get(def, "privileged"))) {
            /* the API rejects privileged with allowPrivilegeEscalation: false */
            cl_builder_put(&pod->sc, k->a, "allowPrivilegeEscalation", cl_new_bool(k->a, 1));
            cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, svc, "security_opt", cl_map_get(def, "security_opt"),
                              "no-new-privileges cannot be combined with privileged in Kubernetes");
        }
    const char *ctl = pod->controller;
    if (strcmp(ctl, "job") && pod->strategy && strcmp(ctl, "deployment"))
        cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, svc, "deploy.update_config", cl_map_get(cl_map_get(def, "deploy"), "update_config"),
                          "only Deployments take this rollout strategy");
    workload_args w = { *pod, claim_templates, !strcmp(ctl, "statefulset") ? k8s_governing_service(k, pod) : NULL };
    k8s_emit_built(k, K8S_ORD_WORKLOAD, kinds[kind_of(ctl)].kind, pod->name, build_workload, &w, sizeof w);
    /* the pod's builders are the build's now, but those of its Services */
    cl_builder svc_ports = pod->svc_ports, open_ports = pod->open_ports, aliases = pod->aliases;
    builders_init(k, pod);
    pod->svc_ports = svc_ports; pod->open_ports = open_ports; pod->aliases = aliases;
}
