/* swarm_service.c - one normalized service as a swarm stack service: keys
 * swarm honours are copied (long syntax for ports, volumes, secrets and
 * configs), engine-level settings are translated into `deploy` (restart,
 * mem_limit, mem_reservation, cpus, cpu_shares, pids_limit, scale), `tmpfs`
 * becomes tmpfs mounts, `network_mode: host` joins the node's external host
 * network (declared by swarm.c), bind mounts get one caveat per service that is
 * not pinned to a node, a provider service is left out, and every other key is
 * reported with the reason swarm cannot express it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "swarm_kit.h"
#include "../model/values.h"

/* Keys copied as they are, with the 3.x version that first reads them. */
#define SW_PASS(X) \
    X("image", 0) X("command", 0) X("entrypoint", 0) X("environment", 0) X("labels", 0) \
    X("user", 0) X("working_dir", 0) X("hostname", 0) X("stop_signal", 0) \
    X("stop_grace_period", 0) X("tty", 0) X("stdin_open", 0) X("read_only", 0) \
    X("init", 7) X("isolation", 5) X("sysctls", 0) X("cap_add", 0) X("cap_drop", 0) \
    X("ulimits", 0) X("oom_score_adj", 13) X("credential_spec", 3) X("dns", 0) \
    X("dns_search", 0)
#define SW_MINOR_ROW(key, minor) { key, minor },
static const sw_key pass[] = { SW_PASS(SW_MINOR_ROW) { NULL, 0 } };

static int is_map(const cl_node *n) { return n && n->kind == CL_MAP; }
static int is_seq(const cl_node *n) { return n && n->kind == CL_SEQ; }

/* What the service-level keys contribute to `deploy`. */
typedef struct {
    const cl_pair *restart, *mem_limit, *mem_reservation, *cpus, *cpu_shares, *pids_limit, *scale;
} sw_deploy_in;

/* ---- ports ---- */

static cl_node *ports(sw_ctx *c, const char *svc, const cl_node *list)
{
    cl_builder b;
    cl_builder_seq(&b);
    for (uint32_t i = 0; is_seq(list) && i < list->u.q.n; i++) {
        const cl_node *e = list->u.q.items[i];
        cl_em_port pt;
        if (!cl_em_port_read(e, &pt)) {
            sw_report(c, CL_SEV_ERROR, svc, "ports", e ? e : list, "entry %u is not a readable port mapping", i);
            continue;
        }
        const cl_node *pub = cl_map_get(e, "published");
        if (pt.published_hi > pt.published_lo)
            sw_report(c, CL_SEV_WARNING, svc, "ports", pub, "swarm publishes one port per entry: the range %s is published as %lld only",
                      cl_em_str(pub), pt.published_lo);
        cl_builder m;
        cl_builder_map(&m);
        cl_builder_put(&m, c->a, "mode", cl_new_str(c->a, pt.mode));
        cl_builder_put(&m, c->a, "target", cl_new_int(c->a, pt.target));
        if (pt.published_hi) cl_builder_put(&m, c->a, "published", cl_new_int(c->a, pt.published_lo));
        cl_builder_put(&m, c->a, "protocol", cl_new_str(c->a, pt.protocol));
        for (uint32_t k = 0; k < e->u.m.n; k++) {
            const cl_pair *pr = &e->u.m.items[k];
            const char *kk = cl_em_str(pr->key);
            if (!kk || !strcmp(kk, "mode") || !strcmp(kk, "target") || !strcmp(kk, "published") || !strcmp(kk, "protocol")) continue;
            if (!strcmp(kk, "host_ip"))
                sw_report(c, CL_SEV_WARNING, svc, "ports.host_ip", sw_key_at(pr),
                          "swarm publishes on every interface of every node: port %lld is reachable from outside %s",
                          pt.published_lo, pt.host_ip ? pt.host_ip : "");
            else sw_report(c, CL_SEV_WARNING, svc, cl_arena_printf(c->a, "ports.%s", kk), sw_key_at(pr), "the swarm port format has no such field");
        }
        cl_builder_push(&b, cl_node_at(cl_builder_finish(&m, c->a), e));
    }
    return cl_builder_finish(&b, c->a);
}

/* ---- volumes and tmpfs ---- */

static cl_node *mount(sw_ctx *c, const char *svc, const cl_node *e, int pinned)
{
    const char *type = cl_em_str(cl_map_get(e, "type"));
    if (!type || !strcmp(type, "image")) {
        sw_report(c, CL_SEV_WARNING, svc, "volumes", e,
                  type ? "swarm cannot mount an image" : "a mount without a type cannot be converted");
        return NULL;
    }
    cl_builder m;
    cl_builder_map(&m);
    for (uint32_t k = 0; k < e->u.m.n; k++) {
        const cl_pair *pr = &e->u.m.items[k];
        const char *kk = cl_em_str(pr->key);
        if (!kk) continue;
        if (!strcmp(kk, "type") || !strcmp(kk, "source") || !strcmp(kk, "target") || !strcmp(kk, "consistency")) {
            cl_builder_put(&m, c->a, kk, sw_str(c, pr->value));
        } else if (!strcmp(kk, "read_only")) {
            cl_builder_put(&m, c->a, kk, cl_new_bool(c->a, cl_em_true(pr->value)));
        } else if (is_map(pr->value) && (!strcmp(kk, "bind") || !strcmp(kk, "volume") || !strcmp(kk, "tmpfs"))) {
            cl_builder sub;
            cl_builder_map(&sub);
            for (uint32_t j = 0; j < pr->value->u.m.n; j++) {
                const cl_pair *sp = &pr->value->u.m.items[j];
                const char *sk = cl_em_str(sp->key);
                char *path = cl_arena_printf(c->a, "volumes.%s.%s", kk, sk ? sk : "?");
                long long bytes;
                if (!sk) continue;
                if (!strcmp(kk, "bind") && !strcmp(sk, "propagation")) cl_builder_put(&sub, c->a, sk, sw_str(c, sp->value));
                else if (!strcmp(kk, "volume") && !strcmp(sk, "nocopy")) cl_builder_put(&sub, c->a, sk, cl_new_bool(c->a, cl_em_true(sp->value)));
                else if (!strcmp(kk, "tmpfs") && !strcmp(sk, "size")) {
                    if (cl_em_bytes(sp->value, &bytes)) {
                        sw_need(c, 6);
                        cl_builder_put(&sub, c->a, sk, cl_node_at(cl_new_int(c->a, bytes), sp->value));
                    } else sw_report(c, CL_SEV_ERROR, svc, path, sw_key_at(sp), "'%s' is not a byte size", cl_em_str(sp->value) ? cl_em_str(sp->value) : "?");
                } else if (!strcmp(kk, "bind") && !strcmp(sk, "create_host_path")) {
                    if (cl_em_true(sp->value) && pinned)   /* else said once for the service (bind_caveat) */
                        sw_report(c, CL_SEV_INFO, svc, path, sw_key_at(sp), "swarm never creates a missing host path: %s must exist on every node the task can run on",
                                  cl_em_str(cl_map_get(e, "source")) ? cl_em_str(cl_map_get(e, "source")) : "the source");
                } else sw_report(c, CL_SEV_WARNING, svc, path, sw_key_at(sp), "the swarm mount format has no such option");
            }
            cl_node *sn = cl_builder_finish(&sub, c->a);
            if (sn->u.m.n) cl_builder_put(&m, c->a, kk, sn);
        } else sw_report(c, CL_SEV_WARNING, svc, cl_arena_printf(c->a, "volumes.%s", kk), sw_key_at(pr), "the swarm mount format has no such field");
    }
    return cl_node_at(cl_builder_finish(&m, c->a), e);
}

/* `tmpfs: [/run, "/tmp:size=64m"]` becomes tmpfs mounts. */
static void tmpfs(sw_ctx *c, const char *svc, const cl_node *v, cl_builder *vols)
{
    const cl_node *one[1] = { v };
    cl_node *const *items = (cl_node *const *)one;
    uint32_t n = 1;
    if (is_seq(v)) { items = v->u.q.items; n = v->u.q.n; }
    for (uint32_t i = 0; i < n; i++) {
        const char *s = cl_em_str(items[i]);
        if (!s || !*s) { sw_report(c, CL_SEV_WARNING, svc, "tmpfs", items[i] ? items[i] : v, "not a mount path"); continue; }
        const char *colon = strchr(s, ':');
        cl_builder m;
        cl_builder_map(&m);
        cl_builder_put(&m, c->a, "type", cl_new_str(c->a, "tmpfs"));
        cl_builder_put(&m, c->a, "target", cl_new_str(c->a, colon ? cl_arena_strndup(c->a, s, (size_t)(colon - s)) : s));
        if (colon) {   /* options: size=N,mode=M,... */
            long long size = -1;
            char *opts = cl_arena_strdup(c->a, colon + 1);
            for (char *save = NULL, *o = strtok_r(opts, ",", &save); o; o = strtok_r(NULL, ",", &save)) {
                if (!strncmp(o, "size=", 5) && cl_em_bytes_text(o + 5, &size)) continue;
                sw_report(c, CL_SEV_WARNING, svc, "tmpfs", items[i], "tmpfs option '%s' has no swarm equivalent", o);
            }
            if (size >= 0) {
                cl_builder t;
                cl_builder_map(&t);
                cl_builder_put(&t, c->a, "size", cl_new_int(c->a, size));
                cl_builder_put(&m, c->a, "tmpfs", cl_builder_finish(&t, c->a));
                sw_need(c, 6);
            }
        }
        cl_builder_push(vols, cl_node_at(cl_builder_finish(&m, c->a), items[i]));
    }
}

/* ---- secrets, configs ---- */

static cl_node *refs(sw_ctx *c, const char *svc, const char *key, const cl_node *list)
{
    cl_builder b;
    cl_builder_seq(&b);
    for (uint32_t i = 0; is_seq(list) && i < list->u.q.n; i++) {
        const cl_node *e = list->u.q.items[i];
        if (e && e->kind == CL_SCALAR) { cl_builder_push(&b, sw_str(c, e)); continue; }
        if (!is_map(e)) continue;
        cl_builder m;
        cl_builder_map(&m);
        for (uint32_t k = 0; k < e->u.m.n; k++) {
            const cl_pair *pr = &e->u.m.items[k];
            const char *kk = cl_em_str(pr->key);
            long long v;
            if (!kk) continue;
            if (!strcmp(kk, "source") || !strcmp(kk, "target") || !strcmp(kk, "uid") || !strcmp(kk, "gid"))
                cl_builder_put(&m, c->a, kk, sw_str(c, pr->value));
            else if (!strcmp(kk, "mode") && cl_val_mode(pr->value, &v) == CL_VAL_KNOWN)
                cl_builder_put(&m, c->a, kk, cl_node_at(cl_new_int(c->a, v), pr->value));
            else sw_report(c, CL_SEV_WARNING, svc, cl_arena_printf(c->a, "%s.%s", key, kk), sw_key_at(pr), "the swarm %s reference has no such field", key);
        }
        cl_builder_push(&b, cl_node_at(cl_builder_finish(&m, c->a), e));
    }
    return cl_builder_finish(&b, c->a);
}

/* ---- networks ---- */

static cl_node *networks(sw_ctx *c, const char *svc, const cl_node *v)
{
    if (is_seq(v)) return sw_copy(c, v);
    cl_builder b;
    cl_builder_map(&b);
    for (uint32_t i = 0; is_map(v) && i < v->u.m.n; i++) {
        const cl_pair *pr = &v->u.m.items[i];
        const char *net = cl_em_str(pr->key);
        if (!net) continue;
        if (!is_map(pr->value) || !pr->value->u.m.n) { cl_builder_put(&b, c->a, net, cl_new_null(c->a)); continue; }
        cl_builder m;
        cl_builder_map(&m);
        for (uint32_t k = 0; k < pr->value->u.m.n; k++) {
            const cl_pair *np = &pr->value->u.m.items[k];
            const char *kk = cl_em_str(np->key);
            if (!kk) continue;
            if (!strcmp(kk, "aliases")) cl_builder_put(&m, c->a, kk, sw_copy(c, np->value));
            else if (!strcmp(kk, "driver_opts")) { sw_need(c, 13); cl_builder_put(&m, c->a, kk, sw_copy(c, np->value)); }
            else sw_report(c, CL_SEV_WARNING, svc, cl_arena_printf(c->a, "networks.%s.%s", net, kk), sw_key_at(np),
                           !strcmp(kk, "ipv4_address") || !strcmp(kk, "ipv6_address") ? "swarm assigns task addresses itself"
                                                                                         : "a swarm network attachment has no such option");
        }
        cl_node *mn = cl_builder_finish(&m, c->a);
        cl_builder_put(&b, c->a, net, mn->u.m.n ? mn : cl_new_null(c->a));
    }
    return cl_builder_finish(&b, c->a);
}

/* ---- extra_hosts ---- */

static cl_node *extra_hosts(sw_ctx *c, const char *svc, const cl_node *v)
{
    if (!is_map(v)) return sw_copy(c, v);
    cl_builder b;   /* host: ip (or [ip, ...]) becomes "host:ip" entries */
    cl_builder_seq(&b);
    for (uint32_t i = 0; i < v->u.m.n; i++) {
        const cl_pair *pr = &v->u.m.items[i];
        const char *h = cl_em_str(pr->key);
        const cl_node *ips = pr->value;
        uint32_t n = is_seq(ips) ? ips->u.q.n : 1;
        for (uint32_t j = 0; h && j < n; j++) {
            const char *ip = cl_em_str(is_seq(ips) ? ips->u.q.items[j] : ips);
            if (!ip) { sw_report(c, CL_SEV_WARNING, svc, "extra_hosts", sw_key_at(pr), "host '%s' has no address", h); continue; }
            cl_node tmp = *(is_seq(ips) ? ips->u.q.items[j] : ips);
            tmp.u.s.text = cl_arena_printf(c->a, "%s:%s", h, ip);
            tmp.u.s.len = (uint32_t)strlen(tmp.u.s.text);
            tmp.type = CL_T_STR;
            cl_builder_push(&b, sw_str(c, &tmp));
        }
    }
    return cl_builder_finish(&b, c->a);
}

/* ---- deploy ---- */

static const char *const deploy_keys[] = { "mode", "endpoint_mode", "replicas", "labels", "rollback_config",
                                           "update_config", "resources", "restart_policy", "placement", NULL };

static int in_list(const char *const *l, const char *k)
{
    for (; *l; l++) if (!strcmp(*l, k)) return 1;
    return 0;
}

/* A copy of map V keeping only KEYS (each raising the version to its 3.x
 * minor); others are reported under PATH. */
static cl_node *filtered(sw_ctx *c, const char *svc, const char *path, const cl_node *v, const sw_key *keys)
{
    cl_builder m;
    cl_builder_map(&m);
    for (uint32_t k = 0; is_map(v) && k < v->u.m.n; k++) {
        const cl_pair *pr = &v->u.m.items[k];
        const char *kk = cl_em_str(pr->key);
        int minor = kk ? sw_key_minor(keys, kk) : -1;
        if (!kk) continue;
        if (minor >= 0) { sw_need(c, minor); cl_builder_put(&m, c->a, kk, sw_copy(c, pr->value)); }
        else sw_report(c, CL_SEV_WARNING, svc, cl_arena_printf(c->a, "%s.%s", path, kk), sw_key_at(pr), "the swarm stack format (3.x) has no such option");
    }
    return cl_builder_finish(&m, c->a);
}

/* cpus/memory as the strings the v3 schema wants. */
static cl_node *as_string(sw_ctx *c, const cl_node *v)
{
    if (!v || v->kind != CL_SCALAR) return sw_copy(c, v);
    return cl_node_at(cl_new_str(c->a, v->u.s.text), v);
}

static cl_node *resources_part(sw_ctx *c, const char *svc, const char *part, const cl_node *given,
                               const cl_pair *cpus, const cl_pair *mem, const cl_pair *pids)
{
    static const char *const lim[] = { "cpus", "memory", "pids", NULL };
    static const char *const res[] = { "cpus", "memory", "generic_resources", NULL };
    int limits = !strcmp(part, "limits");
    cl_builder m;
    cl_builder_map(&m);
    char *path = cl_arena_printf(c->a, "deploy.resources.%s", part);
    for (uint32_t k = 0; is_map(given) && k < given->u.m.n; k++) {
        const cl_pair *pr = &given->u.m.items[k];
        const char *kk = cl_em_str(pr->key);
        if (!kk) continue;
        if (!in_list(limits ? lim : res, kk)) {
            sw_report(c, CL_SEV_WARNING, svc, cl_arena_printf(c->a, "%s.%s", path, kk), sw_key_at(pr),
                      !strcmp(kk, "devices") ? "swarm cannot reserve devices (GPUs): use generic_resources advertised by the nodes"
                                             : "the swarm stack format (3.x) has no such resource");
            continue;
        }
        if (!strcmp(kk, "pids")) sw_need(c, 9);
        if (!strcmp(kk, "generic_resources")) sw_need(c, 5);
        cl_builder_put(&m, c->a, kk, !strcmp(kk, "cpus") || !strcmp(kk, "memory") ? as_string(c, pr->value) : sw_copy(c, pr->value));
    }
    const cl_pair *from[3] = { cpus, mem, pids };
    const char *to[3] = { "cpus", "memory", "pids" };
    for (int i = 0; i < 3; i++) {
        if (!from[i]) continue;
        const cl_node *had = is_map(given) ? cl_map_get(given, to[i]) : NULL;
        const char *fk = cl_em_str(from[i]->key);
        if (had) {
            if (!cl_em_str(had) || !cl_em_str(from[i]->value) || strcmp(cl_em_str(had), cl_em_str(from[i]->value)))
                sw_report(c, CL_SEV_WARNING, svc, fk, sw_key_at(from[i]), "deploy.resources.%s.%s is set too and wins", part, to[i]);
            continue;
        }
        cl_node *val;
        if (!strcmp(fk, "cpu_shares")) {
            long long shares;
            if (!cl_em_int(from[i]->value, &shares) || shares <= 0) {
                sw_report(c, CL_SEV_WARNING, svc, fk, sw_key_at(from[i]), "not a positive number of shares");
                continue;
            }
            val = cl_node_at(cl_new_str(c->a, cl_arena_printf(c->a, "%g", (double)shares / 1024.0)), from[i]->value);
            sw_report(c, CL_SEV_INFO, svc, fk, sw_key_at(from[i]), "a relative CPU weight has no swarm equivalent; "
                      "emitted as a reservation of %s CPUs (1024 shares = 1 CPU)", val->u.s.text);
        } else if (!strcmp(to[i], "pids")) {
            long long n;
            if (!cl_em_int(from[i]->value, &n) || n < 0) {   /* -1 = unlimited: nothing to say to swarm */
                if (!cl_em_int(from[i]->value, &n)) sw_report(c, CL_SEV_WARNING, svc, fk, sw_key_at(from[i]), "not a number");
                continue;
            }
            sw_need(c, 9);
            val = cl_node_at(cl_new_int(c->a, n), from[i]->value);
        } else val = as_string(c, from[i]->value);
        cl_builder_put(&m, c->a, to[i], val);
    }
    return cl_builder_finish(&m, c->a);
}

static cl_node *restart_policy(sw_ctx *c, const char *svc, const cl_pair *restart)
{
    const char *r = cl_em_str(restart->value);
    if (!r) { sw_report(c, CL_SEV_WARNING, svc, "restart", sw_key_at(restart), "not a restart policy"); return NULL; }
    const char *cond = NULL;
    long long attempts = 0;
    if (!strcmp(r, "no") || !strcmp(r, "") ) cond = "none";
    else if (!strcmp(r, "always")) cond = "any";
    else if (!strcmp(r, "unless-stopped")) {
        cond = "any";
        sw_report(c, CL_SEV_INFO, svc, "restart", sw_key_at(restart),
                  "swarm has no 'unless-stopped': condition 'any' is used (a task stopped by hand is replaced)");
    } else if (!strncmp(r, "on-failure", 10) && (r[10] == 0 || r[10] == ':')) {
        cond = "on-failure";
        if (r[10] == ':') {
            char *end;
            attempts = strtoll(r + 11, &end, 10);
            if (*end || attempts < 0) { sw_report(c, CL_SEV_WARNING, svc, "restart", sw_key_at(restart), "'%s' is not a restart policy", r); return NULL; }
        }
    } else { sw_report(c, CL_SEV_WARNING, svc, "restart", sw_key_at(restart), "'%s' is not a restart policy", r); return NULL; }
    cl_builder m;
    cl_builder_map(&m);
    cl_builder_put(&m, c->a, "condition", cl_new_str(c->a, cond));
    if (attempts > 0) cl_builder_put(&m, c->a, "max_attempts", cl_new_int(c->a, attempts));
    return cl_node_at(cl_builder_finish(&m, c->a), restart->value);
}

static cl_node *deploy(sw_ctx *c, const char *svc, const cl_node *given, const sw_deploy_in *in)
{
    static const sw_key upd[] = { { "parallelism", 0 }, { "delay", 0 }, { "failure_action", 0 }, { "monitor", 0 },
                                  { "max_failure_ratio", 0 }, { "order", 4 }, { NULL, 0 } };
    static const sw_key rp[] = { { "condition", 0 }, { "delay", 0 }, { "max_attempts", 0 }, { "window", 0 }, { NULL, 0 } };
    static const sw_key pl[] = { { "constraints", 0 }, { "preferences", 0 }, { "max_replicas_per_node", 8 }, { NULL, 0 } };
    cl_builder m;
    cl_builder_map(&m);
    const char *mode = is_map(given) ? cl_em_str(cl_map_get(given, "mode")) : NULL;
    int global = mode && (!strcmp(mode, "global") || !strcmp(mode, "global-job"));
    for (uint32_t k = 0; is_map(given) && k < given->u.m.n; k++) {
        const cl_pair *pr = &given->u.m.items[k];
        const char *kk = cl_em_str(pr->key);
        if (!kk) continue;
        if (!in_list(deploy_keys, kk)) {
            sw_report(c, CL_SEV_WARNING, svc, cl_arena_printf(c->a, "deploy.%s", kk), sw_key_at(pr), "the swarm stack format (3.x) has no such option");
            continue;
        }
        if (!strcmp(kk, "replicas") && global) {
            sw_report(c, CL_SEV_WARNING, svc, "deploy.replicas", sw_key_at(pr), "a global service runs one task per node; swarm refuses replicas with mode '%s'", mode);
            continue;
        }
        if (!strcmp(kk, "resources")) continue;   /* below, with mem_limit/cpus */
        cl_node *v;
        if (!strcmp(kk, "update_config") || !strcmp(kk, "rollback_config")) {
            if (!strcmp(kk, "rollback_config")) sw_need(c, 7);
            v = filtered(c, svc, cl_arena_printf(c->a, "deploy.%s", kk), pr->value, upd);
        } else if (!strcmp(kk, "restart_policy")) v = filtered(c, svc, "deploy.restart_policy", pr->value, rp);
        else if (!strcmp(kk, "placement")) v = filtered(c, svc, "deploy.placement", pr->value, pl);
        else {
            if (!strcmp(kk, "endpoint_mode")) sw_need(c, 2);
            v = sw_copy(c, pr->value);
        }
        cl_builder_put(&m, c->a, kk, v);
    }
    /* scale -> replicas */
    if (in->scale) {
        const cl_node *had = is_map(given) ? cl_map_get(given, "replicas") : NULL;
        long long n;
        if (global) sw_report(c, CL_SEV_WARNING, svc, "scale", sw_key_at(in->scale), "a global service runs one task per node; swarm refuses replicas with mode '%s'", mode);
        else if (!cl_em_int(in->scale->value, &n)) sw_report(c, CL_SEV_WARNING, svc, "scale", sw_key_at(in->scale), "not a number of replicas");
        else if (had) {
            long long h;
            if (!cl_em_int(had, &h) || h != n) sw_report(c, CL_SEV_WARNING, svc, "scale", sw_key_at(in->scale), "deploy.replicas is set too and wins");
        } else cl_builder_put(&m, c->a, "replicas", cl_node_at(cl_new_int(c->a, n), in->scale->value));
    }
    /* restart -> restart_policy */
    if (in->restart) {
        if (is_map(given) && cl_map_get(given, "restart_policy"))
            sw_report(c, CL_SEV_INFO, svc, "restart", sw_key_at(in->restart), "deploy.restart_policy is set too and wins, as in swarm");
        else {
            cl_node *rpn = restart_policy(c, svc, in->restart);
            if (rpn) cl_builder_put(&m, c->a, "restart_policy", rpn);
        }
    }
    /* resources */
    const cl_node *res = is_map(given) ? cl_map_get(given, "resources") : NULL;
    if (res || in->mem_limit || in->mem_reservation || in->cpus || in->cpu_shares || in->pids_limit) {
        cl_builder r;
        cl_builder_map(&r);
        for (uint32_t k = 0; is_map(res) && k < res->u.m.n; k++) {
            const char *kk = cl_em_str(res->u.m.items[k].key);
            if (kk && strcmp(kk, "limits") && strcmp(kk, "reservations"))
                sw_report(c, CL_SEV_WARNING, svc, cl_arena_printf(c->a, "deploy.resources.%s", kk), sw_key_at(&res->u.m.items[k]),
                          "the swarm stack format (3.x) has no such resource section");
        }
        cl_node *l = resources_part(c, svc, "limits", is_map(res) ? cl_map_get(res, "limits") : NULL, in->cpus, in->mem_limit, in->pids_limit);
        cl_node *q = resources_part(c, svc, "reservations", is_map(res) ? cl_map_get(res, "reservations") : NULL, in->cpu_shares, in->mem_reservation, NULL);
        if (l->u.m.n) cl_builder_put(&r, c->a, "limits", l);
        if (q->u.m.n) cl_builder_put(&r, c->a, "reservations", q);
        cl_node *rn = cl_builder_finish(&r, c->a);
        if (rn->u.m.n) cl_builder_put(&m, c->a, "resources", rn);
    }
    return cl_builder_finish(&m, c->a);
}

/* ---- the service's keys ---- */

/* One service while its keys are walked (cl_em_walk): what they add to the
 * stack service, its mounts, and what they contribute to `deploy`. */
typedef struct {
    sw_ctx *c;
    const char *name;
    cl_builder m, vols;
    int has_vols;
    const cl_node *given_deploy;
    sw_deploy_in in;
    int built;                 /* its image is the one built for it (cl_em_image): image: is not copied */
    const cl_node *def;        /* the normalized service */
    int host;                  /* network_mode: host - on the node's host network */
} sw_svc;

/* True when a placement constraint names one node (node.hostname or node.id ==):
 * the host paths of bind mounts only have to exist there. */
static int pinned(const cl_node *def)
{
    const cl_node *pl = cl_map_get(cl_map_get(def, "deploy"), "placement");
    const cl_node *cons = pl ? cl_map_get(pl, "constraints") : NULL;
    for (uint32_t i = 0; is_seq(cons) && i < cons->u.q.n; i++) {
        const char *c = cl_em_str(cons->u.q.items[i]), *eq = c ? strstr(c, "==") : NULL;
        if (!eq) continue;
        while (*c == ' ') c++;
        size_t n = (size_t)(eq - c);
        while (n && c[n - 1] == ' ') n--;
        if ((n == 13 && !strncmp(c, "node.hostname", 13)) || (n == 7 && !strncmp(c, "node.id", 7))) return 1;
    }
    return 0;
}

static const char *key_of(const cl_pair *pr) { return cl_em_str(pr->key); }

/* a key of `pass` (raising the version) or an extension: copied */
static void key_copy(void *ctx, const cl_pair *pr)
{
    sw_svc *s = ctx;
    if (s->built && !strcmp(key_of(pr), "image")) return;   /* image: null; the built name is set */
    sw_need(s->c, sw_key_minor(pass, key_of(pr)));
    cl_builder_put(&s->m, s->c->a, key_of(pr), sw_copy(s->c, pr->value));
}

static void key_ports(void *ctx, const cl_pair *pr)
{
    sw_svc *s = ctx;
    if (s->host) {   /* as docker does: "published ports are discarded when using host network mode" */
        sw_report(s->c, CL_SEV_WARNING, s->name, "ports", sw_key_at(pr),
                  "on the host network the container's ports are the node's own: nothing is published (as with docker compose)");
        return;
    }
    sw_need(s->c, 2);
    cl_builder_put(&s->m, s->c->a, key_of(pr), ports(s->c, s->name, pr->value));
}

static void key_volumes(void *ctx, const cl_pair *pr)
{
    sw_svc *s = ctx;
    s->has_vols = 1;
    sw_need(s->c, 2);
    int pin = pinned(s->def), said = pin;
    for (uint32_t j = 0; is_seq(pr->value) && j < pr->value->u.q.n; j++) {
        const cl_node *e = pr->value->u.q.items[j];
        cl_node *mn = is_map(e) ? mount(s->c, s->name, e, pin) : NULL;
        const char *type = cl_em_str(cl_map_get(e, "type"));
        if (mn && !said && type && !strcmp(type, "bind")) {
            said = 1;
            sw_caveat(s->c, s->name, "volumes", e,
                      "bind mounts need their host path (%s) on every node a task can run on, and swarm never creates it: "
                      "create it on every node, or pin the service to one node (deploy.placement.constraints: node.hostname == NAME)",
                      cl_em_str(cl_map_get(e, "source")) ? cl_em_str(cl_map_get(e, "source")) : "the source");
        }
        if (!is_map(e)) sw_report(s->c, CL_SEV_WARNING, s->name, "volumes", e ? e : pr->value, "not a long-form mount");
        if (mn) cl_builder_push(&s->vols, mn);
    }
}

static void key_tmpfs(void *ctx, const cl_pair *pr)
{
    sw_svc *s = ctx;
    s->has_vols = 1;
    tmpfs(s->c, s->name, pr->value, &s->vols);
}

/* secrets (3.1) and configs (3.3) */
static void key_refs(void *ctx, const cl_pair *pr)
{
    sw_svc *s = ctx;
    const char *k = key_of(pr);
    sw_need(s->c, !strcmp(k, "secrets") ? 1 : 3);
    cl_builder_put(&s->m, s->c->a, k, refs(s->c, s->name, k, pr->value));
}

static void key_networks(void *ctx, const cl_pair *pr)
{
    sw_svc *s = ctx;
    cl_builder_put(&s->m, s->c->a, key_of(pr), networks(s->c, s->name, pr->value));
}

/* network_mode: host - the node's 'host' network, declared external (swarm.c) */
static void key_network_mode(void *ctx, const cl_pair *pr)
{
    sw_svc *s = ctx;
    const char *m = cl_em_str(pr->value);
    if (!m || strcmp(m, "host")) {
        sw_report(s->c, CL_SEV_WARNING, s->name, "network_mode", sw_key_at(pr),
                  "swarm services attach to networks; only 'host' has an equivalent (the node's host network)");
        return;
    }
    s->c->host_used = 1;
    cl_builder n;
    cl_builder_map(&n);
    cl_builder_put(&n, s->c->a, s->c->host_key, cl_new_null(s->c->a));
    cl_builder_put(&s->m, s->c->a, "networks", cl_node_at(cl_builder_finish(&n, s->c->a), pr->value));
}

static void key_healthcheck(void *ctx, const cl_pair *pr)
{
    static const sw_key health[] = { { "test", 0 }, { "interval", 0 }, { "timeout", 0 }, { "retries", 0 },
                                     { "disable", 0 }, { "start_period", 4 }, { "start_interval", 12 }, { NULL, 0 } };
    sw_svc *s = ctx;
    cl_builder_put(&s->m, s->c->a, key_of(pr), filtered(s->c, s->name, key_of(pr), pr->value, health));
}

static void key_extra_hosts(void *ctx, const cl_pair *pr)
{
    sw_svc *s = ctx;
    cl_builder_put(&s->m, s->c->a, key_of(pr), extra_hosts(s->c, s->name, pr->value));
}

static void key_logging(void *ctx, const cl_pair *pr)
{
    static const sw_key lg[] = { { "driver", 0 }, { "options", 0 }, { NULL, 0 } };
    sw_svc *s = ctx;
    cl_builder_put(&s->m, s->c->a, key_of(pr), filtered(s->c, s->name, "logging", pr->value, lg));
}

/* deploy, and the engine-level keys swarm reads inside it */
static void key_deploy(void *ctx, const cl_pair *pr)
{
    sw_svc *s = ctx;
    const char *k = key_of(pr);
    sw_deploy_in *in = &s->in;
    if (!strcmp(k, "deploy")) s->given_deploy = pr->value;
    else if (!strcmp(k, "restart")) in->restart = pr;
    else if (!strcmp(k, "mem_limit")) in->mem_limit = pr;
    else if (!strcmp(k, "mem_reservation")) in->mem_reservation = pr;
    else if (!strcmp(k, "cpus")) in->cpus = pr;
    else if (!strcmp(k, "cpu_shares")) in->cpu_shares = pr;
    else if (!strcmp(k, "pids_limit")) in->pids_limit = pr;
    else in->scale = pr;
}

/* Every service key: converted, or why swarm cannot express it. */
#define SW_COPY_ROW(key, minor) { key, key_copy, 0, NULL },
static const cl_em_key keys[] = {
    SW_PASS(SW_COPY_ROW)
    { "x-", key_copy, 0, NULL },
    { "ports", key_ports, 0, NULL }, { "volumes", key_volumes, 0, NULL }, { "tmpfs", key_tmpfs, 0, NULL },
    { "secrets", key_refs, 0, NULL }, { "configs", key_refs, 0, NULL }, { "networks", key_networks, 0, NULL },
    { "network_mode", key_network_mode, 0, NULL },
    { "healthcheck", key_healthcheck, 0, NULL }, { "extra_hosts", key_extra_hosts, 0, NULL }, { "logging", key_logging, 0, NULL },
    { "deploy", key_deploy, 0, NULL }, { "restart", key_deploy, 0, NULL }, { "mem_limit", key_deploy, 0, NULL },
    { "mem_reservation", key_deploy, 0, NULL }, { "cpus", key_deploy, 0, NULL }, { "cpu_shares", key_deploy, 0, NULL },
    { "pids_limit", key_deploy, 0, NULL }, { "scale", key_deploy, 0, NULL },
{ "container_name", NULL, CL_SEV_WARNING, "swarm names every task's container itself (<stack>_<service>.<slot>.<id>)" },
    { "links", NULL, CL_SEV_WARNING, "swarm has no links: services reach each other by name on a shared overlay network" },
    { "external_links", NULL, CL_SEV_WARNING, "swarm has no links: services reach each other by name on a shared overlay network" },
    { "devices", NULL, CL_SEV_WARNING, "swarm services cannot map host devices" },
    { "device_cgroup_rules", NULL, CL_SEV_WARNING, "swarm services cannot map host devices" },
    { "profiles", NULL, CL_SEV_WARNING, "swarm has no profiles: the stack holds the services of the active profiles, all deployed" },
    { "develop", NULL, CL_SEV_WARNING, "file watching is a docker compose development feature" },
    { "pull_policy", NULL, CL_SEV_WARNING, "swarm resolves the image on every deploy (docker stack deploy --resolve-image)" },
    { "privileged", NULL, CL_SEV_WARNING, "swarm services cannot run privileged; grant the capabilities needed with cap_add" },
    { "depends_on", NULL, CL_SEV_WARNING, "swarm starts services in any order: make the service wait for or retry its dependencies" },
    { "expose", NULL, CL_SEV_INFO, "it has no effect in swarm: every port of a task is reachable on its overlay networks" },
    { "security_opt", NULL, CL_SEV_WARNING, "docker stack deploy ignores it" },
    { "cgroup_parent", NULL, CL_SEV_WARNING, "docker stack deploy ignores it" },
    { "shm_size", NULL, CL_SEV_WARNING, "docker stack deploy ignores it; mount a tmpfs at /dev/shm instead" },
    { "userns_mode", NULL, CL_SEV_WARNING, "docker stack deploy ignores it" },
    { "domainname", NULL, CL_SEV_WARNING, "docker stack deploy ignores it" },
    { "mac_address", NULL, CL_SEV_WARNING, "docker stack deploy ignores it" },
    { "ipc", NULL, CL_SEV_WARNING, "docker stack deploy ignores it" },
    { "pid", NULL, CL_SEV_WARNING, "docker stack deploy ignores it" },
    { "cgroupns_mode", NULL, CL_SEV_WARNING, "docker stack deploy ignores it" },
    { "build", NULL, CL_SEV_INFO, NULL },   /* said with the image (cl_em_image_built) */
    { "env_file", NULL, CL_SEV_INFO, "its variables are already merged into 'environment'" },
    { NULL, NULL, CL_SEV_WARNING, "docker stack deploy does not support it (not in the swarm stack format 3.x)" } };

/* ---- the service ---- */

cl_node *sw_service(sw_ctx *c, const char *name, const cl_node *svc)
{
    if (!is_map(svc)) {
        sw_report(c, CL_SEV_ERROR, name, "(service)", svc, "the service is not a mapping");
        return NULL;
    }
    const char *image;
    const cl_pair *b = cl_map_pair(svc, "build"), *prov = cl_map_pair(svc, "provider");
    if (prov) {   /* as the run target does: the stack holds the others */
        sw_report(c, CL_SEV_WARNING, name, "provider", sw_key_at(prov),
                  "provider services are run by docker compose plugins; the stack leaves it out: create what it provides "
                  "beforehand and give the services that depend on it the variables it would set");
        return NULL;
    }
    cl_em_image_kind ik = cl_em_image(c->a, c->p, name, svc, c->o, c->d, "swarm", &image);
    if (ik == CL_EM_IMAGE_NONE || ik == CL_EM_IMAGE_BAD) {
        const cl_pair *img = cl_map_pair(svc, "image");
        if (ik == CL_EM_IMAGE_NONE)
            sw_report(c, CL_SEV_ERROR, name, "image", img ? sw_key_at(img) : svc,
                      img ? "a swarm service needs an image: this one is empty (a variable unset?)" : "a swarm service needs an image");
        c->failed = 1;
        return NULL;
    }
    if (b) cl_em_image_built(c->d, "swarm", name, sw_key_at(b), image);
    const char *nm = cl_em_str(cl_map_get(svc, "network_mode"));
    sw_svc s = { c, name, { 0 }, { 0 }, 0, NULL, { 0 }, ik == CL_EM_IMAGE_BUILT, svc, nm && !strcmp(nm, "host") };
    cl_builder_map(&s.m);
    cl_builder_seq(&s.vols);
    if (s.built) cl_builder_put(&s.m, c->a, "image", cl_node_at(cl_new_str(c->a, image), b->value));
    static const cl_em_key *const tables[] = { keys, NULL };
    if (cl_em_walk(c->d, "swarm", name, svc, tables, &s)) c->failed = 1;
    if (s.has_vols) cl_builder_put(&s.m, c->a, "volumes", cl_builder_finish(&s.vols, c->a));
    else cl_builder_discard(&s.vols);
    const sw_deploy_in *in = &s.in;
    if (s.given_deploy || in->restart || in->mem_limit || in->mem_reservation || in->cpus || in->cpu_shares || in->pids_limit || in->scale) {
        cl_node *dn = deploy(c, name, s.given_deploy, in);
        if (dn->u.m.n) cl_builder_put(&s.m, c->a, "deploy", dn);
    }
    return cl_node_at(cl_builder_finish(&s.m, c->a), svc);
}
