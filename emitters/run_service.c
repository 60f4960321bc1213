/* run_service.c - maps one normalized compose service onto `docker run`
 * (and `docker build`) arguments. Every key either becomes flags or is
 * reported per service and key as not expressible; nothing is dropped. */
#include "run_kit.h"
#include "common.h"
#include "../parser/imageref.h"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TARGET "docker run"

void run_err(run_ctx *x, const char *key, const cl_node *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cl_em_vdiag(x->d, CL_SEV_ERROR, "convert-error", at, cl_arena_printf(x->a, "services.%s.%s", x->svc, key),
                cl_arena_printf(x->a, TARGET ": service '%s': '%s': ", x->svc, key), fmt, ap);
    va_end(ap);
    x->errors++;
}

void run_unsup(run_ctx *x, const char *key, const cl_node *at, const char *why)
{
    cl_em_unsupported(x->d, CL_SEV_WARNING, TARGET, x->svc, key, at, "%s", why);
}

#define S run_s

/* Scalar text of N; NULL for a null or empty value (unset, e.g. from an
 * unset variable: no flag, as compose does) or, with an error naming KEY,
 * for a collection. */
static const char *need_str(run_ctx *x, const char *key, const cl_node *n)
{
    if (n && n->kind != CL_SCALAR) { run_err(x, key, n, "expected a single value"); return NULL; }
    const char *s = S(n);
    return s && *s ? s : NULL;
}

const char *run_s(const cl_node *n)
{
    return n && n->kind == CL_SCALAR && n->type != CL_T_NULL ? n->u.s.text : NULL;
}

const char *run_key(const cl_node *k)
{
    return k && k->kind == CL_SCALAR && k->u.s.text ? k->u.s.text : "";
}

int run_bytes(const cl_node *n, long long *bytes)
{
    if (n && n->kind == CL_SCALAR && !strcmp(n->u.s.text, "-1")) { *bytes = -1; return 1; }
    return cl_em_bytes(n, bytes);
}

int run_dur_ns(const cl_node *n, long long *ns)
{
    double s;
    if (!cl_em_duration(n, &s) || s < 0 || s > 9.2e9) return 0;
    *ns = llround(s * 1e9);
    return 1;
}

const char *run_duration(run_ctx *x, long long ns)
{
    if (ns % 1000000000LL == 0) return run_lld(x->a, ns / 1000000000LL, "s");
    if (ns % 1000000LL == 0) return run_lld(x->a, ns / 1000000LL, "ms");
    if (ns % 1000LL == 0) return run_lld(x->a, ns / 1000LL, "us");
    return run_lld(x->a, ns, "ns");
}

const char *run_container_name(run_ctx *x, const char *name, int i)
{
    const cl_node *svc = cl_map_get(cl_map_get(x->p->root, "services"), name);
    const char *cn = S(cl_map_get(svc, "container_name"));
    if (cn) return cn;
    return cl_arena_printf(x->a, "%s-%s-%d", x->project, name, i);
}

const char *run_image(run_ctx *x, const cl_node *svc, const char *name)
{
    const char *img;
    cl_em_image(x->a, x->p, name, svc, x->o, NULL, TARGET, &img);   /* reported once by emit_run */
    return img ? img : "";
}

static int lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

/* One path component of a reference: [a-z0-9]+ joined by ".", "_", "__" or
 * runs of "-". */
static int component_ok(const char *s, size_t n)
{
    if (!n || !lower_alnum(s[0]) || !lower_alnum(s[n - 1])) return 0;
    for (size_t i = 0; i < n; i++) {
        if (lower_alnum(s[i])) continue;
        if (s[i] == '-') continue;
        if (s[i] == '.' && lower_alnum(s[i + 1])) continue;
        if (s[i] == '_' && (lower_alnum(s[i + 1]) || (s[i + 1] == '_' && lower_alnum(s[i + 2])))) { if (s[i + 1] == '_') i++; continue; }
        return 0;
    }
    return 1;
}

int run_image_ref_ok(const char *ref)
{
    cl_imageref r;
    cl_imageref_parse(ref, &r);
    if (r.digest) {                             /* @algo:hex digest */
        const char *colon = strchr(r.digest, ':');
        if (!colon || colon == r.digest || strlen(colon + 1) < 32) return 0;
        if (strspn(colon + 1, "0123456789abcdefABCDEF") != strlen(colon + 1)) return 0;
    }
    size_t name_len = r.name_len;
    if (!name_len) return 0;
    /* cl_imageref_parse splits at the first ':' of the last component; a
     * second ':' there fails the tag's character check below */
    if (r.tag) {
        if (!r.tag_len || r.tag_len > 128 || r.tag[0] == '.' || r.tag[0] == '-') return 0;
        for (size_t i = 0; i < r.tag_len; i++) {
            char c = r.tag[i];
            if (!(lower_alnum(c) || (c >= 'A' && c <= 'Z') || c == '_' || c == '.' || c == '-')) return 0;
        }
    }
    /* a first component with '.' or ':' or "localhost" is a registry host[:port] */
    size_t start = 0;
    const char *first_slash = memchr(ref, '/', name_len);
    if (first_slash) {
        size_t hl = (size_t)(first_slash - ref);
        if (memchr(ref, '.', hl) || memchr(ref, ':', hl) || (hl == 9 && !strncmp(ref, "localhost", 9))) {
            if (!hl) return 0;
            for (size_t i = 0; i < hl; i++) {
                char c = ref[i];
                if (!(lower_alnum(c) || (c >= 'A' && c <= 'Z') || c == '.' || c == '-' || c == ':' || c == '[' || c == ']')) return 0;
            }
            start = hl + 1;
        }
    }
    while (start < name_len) {
        const char *e = memchr(ref + start, '/', name_len - start);
        size_t cl = e ? (size_t)(e - (ref + start)) : name_len - start;
        if (!component_ok(ref + start, cl)) return 0;
        start += cl + 1;
        if (e && start >= name_len) return 0;   /* trailing slash */
    }
    return start > 0;
}

/* Errors unless REF is an image reference docker accepts. */
static void check_ref(run_ctx *x, const char *key, const cl_node *at, const char *ref)
{
    if (run_image_ref_ok(ref)) return;
    if (x->no_interpolate && strchr(ref, '$')) return;   /* kept as written on purpose */
    run_err(x, key, at, "'%s' is not an image reference docker accepts", ref);
}

int run_replicas(run_ctx *x)
{
    const cl_node *n = cl_map_get(x->s, "scale");
    if (!n) n = cl_map_get(cl_map_get(x->s, "deploy"), "replicas");
    long long v = 1;
    if (n && (!S(n) || (!cl_scalar_int(n, &v) && sscanf(S(n), "%lld", &v) != 1) || v < 0 || v > 1000)) {
        run_err(x, "scale", n, "expected a number of replicas between 0 and 1000");
        return 1;
    }
    if (v > 1 && cl_map_get(x->s, "container_name")) {
        run_err(x, "container_name", cl_map_get(x->s, "container_name"),
                "a fixed container name allows only one replica, not %lld", v);
        return 1;
    }
    return (int)v;
}

/* ---- simple keys, table driven ---- */

typedef enum { K_STR, K_BOOL, K_INT, K_BYTES, K_LIST, K_KV, K_US, K_NUM, K_SECS } kind;

static int is_int_text(const char *s)
{
    if (*s == '-' || *s == '+') s++;
    if (!*s) return 0;
    for (; *s; s++) if (*s < '0' || *s > '9') return 0;
    return 1;
}

static int is_num_text(const char *s)
{
    char *end;
    if (!*s) return 0;
    strtod(s, &end);
    return !*end && strspn(s, "0123456789.+-eE") == strlen(s);
}

/* key=value items from a mapping (null value: "key=") or a list of strings. */
static void kv_items(run_ctx *x, run_cmd *c, const char *key, const char *flag, const cl_node *v)
{
    if (v->kind == CL_MAP) {
        for (uint32_t i = 0; i < v->u.m.n; i++) {
            const char *k = run_key(v->u.m.items[i].key), *val = S(v->u.m.items[i].value);
            if (v->u.m.items[i].value->kind != CL_SCALAR) { run_err(x, key, v->u.m.items[i].value, "expected a single value for '%s'", k); continue; }
            run_flag_join(c, flag, k, "=", val);
        }
    } else if (v->kind == CL_SEQ) {
        for (uint32_t i = 0; i < v->u.q.n; i++) {
            const char *s = need_str(x, key, v->u.q.items[i]);
            if (s) run_flag(c, flag, s);
        }
    } else run_err(x, key, v, "expected a mapping or a list");
}

static void simple(run_ctx *x, run_cmd *c, const char *key, const char *flag, kind k, const cl_node *v)
{
    const char *s;
    long long n;
    switch (k) {
    case K_STR:
        if ((s = need_str(x, key, v))) run_flag(c, flag, s);
        break;
    case K_BOOL:
        if (cl_em_true(v)) run_arg(c, flag);
        break;
    case K_INT:
        if ((s = need_str(x, key, v))) {
            if (is_int_text(s)) run_flag(c, flag, s[0] == '+' ? s + 1 : s);
            else run_err(x, key, v, "'%s' is not a whole number", s);
        }
        break;
    case K_NUM:
        if ((s = need_str(x, key, v))) {
            if (is_num_text(s)) run_flag(c, flag, s);
            else run_err(x, key, v, "'%s' is not a number", s);
        }
        break;
    case K_BYTES:
        if (!need_str(x, key, v)) break;
        if (!run_bytes(v, &n)) run_err(x, key, v, "'%s' is not a byte size", S(v) ? S(v) : "");
        else run_flag(c, flag, run_lld(x->a, n, NULL));
        break;
    case K_US:
    case K_SECS:
        if (!need_str(x, key, v)) break;
        if (!run_dur_ns(v, &n)) run_err(x, key, v, "'%s' is not a duration", S(v) ? S(v) : "");
        else if (k == K_US) run_flag(c, flag, run_lld(x->a, n / 1000, NULL));
        else run_flag(c, flag, run_lld(x->a, (n + 999999999LL) / 1000000000LL, NULL));
        break;
    case K_LIST:
        if (v->kind == CL_SEQ) {
            for (uint32_t i = 0; i < v->u.q.n; i++)
                if ((s = need_str(x, key, v->u.q.items[i]))) run_flag(c, flag, s);
        } else if ((s = need_str(x, key, v))) run_flag(c, flag, s);
        break;
    case K_KV:
        kv_items(x, c, key, flag, v);
        break;
    }
}

/* Keys that become one docker run flag each: the key, its flag, and how its
 * value reads. */
#define RUN_FLAGS(X) \
    X("annotations", "--annotation", K_KV) \
    X("cap_add", "--cap-add", K_LIST) \
    X("cap_drop", "--cap-drop", K_LIST) \
    X("cgroup", "--cgroupns", K_STR) \
    X("cgroup_parent", "--cgroup-parent", K_STR) \
    X("cpu_count", "--cpu-count", K_INT) \
    X("cpu_percent", "--cpu-percent", K_INT) \
    X("cpu_period", "--cpu-period", K_INT) \
    X("cpu_quota", "--cpu-quota", K_INT) \
    X("cpu_rt_period", "--cpu-rt-period", K_US) \
    X("cpu_rt_runtime", "--cpu-rt-runtime", K_US) \
    X("cpu_shares", "--cpu-shares", K_INT) \
    X("cpus", "--cpus", K_NUM) \
    X("cpuset", "--cpuset-cpus", K_STR) \
    X("device_cgroup_rules", "--device-cgroup-rule", K_LIST) \
    X("dns", "--dns", K_LIST) \
    X("dns_opt", "--dns-option", K_LIST) \
    X("dns_search", "--dns-search", K_LIST) \
    X("domainname", "--domainname", K_STR) \
    X("expose", "--expose", K_LIST) \
    X("external_links", "--link", K_LIST) \
    X("group_add", "--group-add", K_LIST) \
    X("hostname", "--hostname", K_STR) \
    X("init", "--init", K_BOOL) \
    X("ipc", "--ipc", K_STR) \
    X("isolation", "--isolation", K_STR) \
    X("label_file", "--label-file", K_LIST) \
    X("labels", "--label", K_KV) \
    X("mac_address", "--mac-address", K_STR) \
    X("mem_limit", "--memory", K_BYTES) \
    X("mem_reservation", "--memory-reservation", K_BYTES) \
    X("mem_swappiness", "--memory-swappiness", K_INT) \
    X("memswap_limit", "--memory-swap", K_BYTES) \
    X("oom_kill_disable", "--oom-kill-disable", K_BOOL) \
    X("oom_score_adj", "--oom-score-adj", K_INT) \
    X("pid", "--pid", K_STR) \
    X("pids_limit", "--pids-limit", K_INT) \
    X("platform", "--platform", K_STR) \
    X("privileged", "--privileged", K_BOOL) \
    X("read_only", "--read-only", K_BOOL) \
    X("runtime", "--runtime", K_STR) \
    X("security_opt", "--security-opt", K_LIST) \
    X("shm_size", "--shm-size", K_BYTES) \
    X("stdin_open", "--interactive", K_BOOL) \
    X("stop_grace_period", "--stop-timeout", K_SECS) \
    X("stop_signal", "--stop-signal", K_STR) \
    X("storage_opt", "--storage-opt", K_KV) \
    X("sysctls", "--sysctl", K_KV) \
    X("tmpfs", "--tmpfs", K_LIST) \
    X("tty", "--tty", K_BOOL) \
    X("user", "--user", K_STR) \
    X("userns_mode", "--userns", K_STR) \
    X("uts", "--uts", K_STR) \
    X("working_dir", "--workdir", K_STR)
#define RUN_FLAG_ROW(key, flag, k) { key, flag, k },
static const struct { const char *key, *flag; kind k; } flags[] = { RUN_FLAGS(RUN_FLAG_ROW) };

/* ---- keys with structure ---- */

static void map_environment(run_ctx *x, run_cmd *c, const cl_node *v)
{
    if (v->kind != CL_MAP) { kv_items(x, c, "environment", "--env", v); return; }
    for (uint32_t i = 0; i < v->u.m.n; i++) {
        const cl_pair *pr = &v->u.m.items[i];
        const char *k = run_key(pr->key);
        if (pr->value->kind != CL_SCALAR) { run_err(x, "environment", pr->value, "expected a single value for '%s'", k); continue; }
        const char *val = S(pr->value);
        if (val) run_flag_join(c, "--env", k, "=", val);
        else run_flag(c, "--env", k);   /* taken from the environment the script runs in */
    }
}

static void map_ports(run_ctx *x, run_cmd *c, const cl_node *v)
{
    if (v->kind != CL_SEQ) { run_err(x, "ports", v, "expected a list"); return; }
    for (uint32_t i = 0; i < v->u.q.n; i++) {
        const cl_node *p = v->u.q.items[i];
        if (p->kind == CL_SCALAR) { if (S(p)) run_flag(c, "--publish", S(p)); continue; }
        if (p->kind != CL_MAP) { run_err(x, "ports", p, "expected a port mapping"); continue; }
        const char *target = S(cl_map_get(p, "target")), *pub = S(cl_map_get(p, "published"));
        const char *ip = S(cl_map_get(p, "host_ip")), *proto = S(cl_map_get(p, "protocol"));
        if (!target) { run_err(x, "ports", p, "a port needs a target"); continue; }
        cl_buf b; cl_buf_init(&b);
        if (ip && *ip) {
            int v6 = strchr(ip, ':') != NULL;
            if (v6) cl_buf_putc(&b, '[');
            cl_buf_puts(&b, ip);
            cl_buf_puts(&b, v6 ? "]:" : ":");
        }
        if (pub && *pub) { cl_buf_puts(&b, pub); cl_buf_putc(&b, ':'); }
        else if (ip && *ip) cl_buf_putc(&b, ':');
        cl_buf_puts(&b, target);
        if (proto && *proto) { cl_buf_putc(&b, '/'); cl_buf_puts(&b, proto); }
        run_flag(c, "--publish", cl_buf_cstr(&b));
        cl_buf_free(&b);
        for (uint32_t k = 0; k < p->u.m.n; k++) {
            const char *pk = run_key(p->u.m.items[k].key);
            if (!strcmp(pk, "name") || !strcmp(pk, "app_protocol"))
                run_unsup(x, cl_arena_printf(x->a, "ports[%u].%s", i, pk), p->u.m.items[k].key,
                          "port names and application protocols are compose metadata");
            else if (strcmp(pk, "target") && strcmp(pk, "published") && strcmp(pk, "host_ip") &&
                     strcmp(pk, "protocol") && strcmp(pk, "mode"))
                run_unsup(x, cl_arena_printf(x->a, "ports[%u].%s", i, pk), p->u.m.items[k].key, "unknown port option");
        }
    }
}

/* Top-level name of a volume / network / secret key (its `name`, or
 * <project>_<key>). */
static const char *top_name(run_ctx *x, const char *section, const char *key)
{
    const cl_node *t = cl_map_get(cl_map_get(x->p->root, section), key);
    const char *n = S(cl_map_get(t, "name"));
    return n ? n : cl_arena_printf(x->a, "%s_%s", x->project, key);
}

static void put_kv(cl_buf *b, const char *k, const char *v)
{
    cl_buf_putc(b, ',');
    if (v) {
        cl_buf *t = b;
        cl_buf tmp; cl_buf_init(&tmp);
        cl_buf_puts(&tmp, k);
        cl_buf_putc(&tmp, '=');
        cl_buf_puts(&tmp, v);
        run_csv(t, cl_buf_cstr(&tmp));
        cl_buf_free(&tmp);
    } else cl_buf_puts(b, k);
}

static void map_volume(run_ctx *x, run_cmd *c, const cl_node *m, uint32_t idx)
{
    const char *key = run_join(x->a, "volumes[", run_lld(x->a, idx, "]"), NULL);
    if (m->kind == CL_SCALAR) { if (S(m)) run_flag(c, "--volume", S(m)); return; }
    if (m->kind != CL_MAP) { run_err(x, key, m, "expected a volume mapping"); return; }
    const char *type = S(cl_map_get(m, "type")), *src = S(cl_map_get(m, "source")), *dst = S(cl_map_get(m, "target"));
    int ro = cl_em_true(cl_map_get(m, "read_only"));
    const cl_node *bind = cl_map_get(m, "bind"), *vol = cl_map_get(m, "volume"), *tmp = cl_map_get(m, "tmpfs");
    if (!type) type = "volume";
    if (!dst) { run_err(x, key, m, "a volume needs a target"); return; }
    for (uint32_t k = 0; k < m->u.m.n; k++) {
        const char *mk = run_key(m->u.m.items[k].key);
        if (!strcmp(mk, "consistency"))
            run_unsup(x, cl_arena_printf(x->a, "%s.consistency", key), m->u.m.items[k].key, "docker run has no consistency option on this platform");
        else if (strcmp(mk, "type") && strcmp(mk, "source") && strcmp(mk, "target") && strcmp(mk, "read_only") &&
                 strcmp(mk, "bind") && strcmp(mk, "volume") && strcmp(mk, "tmpfs") && strcmp(mk, "image"))
            run_unsup(x, cl_arena_printf(x->a, "%s.%s", key, mk), m->u.m.items[k].key, "unknown volume option");
    }
    cl_buf b; cl_buf_init(&b);
    if (!strcmp(type, "bind")) {
        if (!src) { run_err(x, key, m, "a bind mount needs a source"); cl_buf_free(&b); return; }
        const char *prop = S(cl_map_get(bind, "propagation")), *se = S(cl_map_get(bind, "selinux"));
        const cl_node *chp = cl_map_get(bind, "create_host_path");
        int create = chp ? cl_em_true(chp) : 0;
        for (uint32_t k = 0; bind && bind->kind == CL_MAP && k < bind->u.m.n; k++) {
            const char *bk = run_key(bind->u.m.items[k].key);
            if (strcmp(bk, "propagation") && strcmp(bk, "selinux") && strcmp(bk, "create_host_path"))
                run_unsup(x, cl_arena_printf(x->a, "%s.bind.%s", key, bk), bind->u.m.items[k].key, "docker run has no such bind option");
        }
        int colon = strchr(src, ':') || strchr(dst, ':') || strchr(src, ',') || strchr(dst, ',');
        if ((create || se) && !colon) {
            /* -v creates a missing host path (as compose does) and takes SELinux labels */
            cl_buf_puts(&b, src);
            cl_buf_putc(&b, ':');
            cl_buf_puts(&b, dst);
            const char *sep = ":";
            if (ro) { cl_buf_puts(&b, sep); cl_buf_puts(&b, "ro"); sep = ","; }
            if (se && *se) { cl_buf_puts(&b, sep); cl_buf_puts(&b, se); sep = ","; }
            if (prop && *prop) { cl_buf_puts(&b, sep); cl_buf_puts(&b, prop); }
            run_flag(c, "--volume", cl_buf_cstr(&b));
        } else {
            if (se) run_unsup(x, cl_arena_printf(x->a, "%s.bind.selinux", key), cl_map_get(bind, "selinux"),
                              "a path with ':' or ',' needs --mount, which takes no SELinux label");
            if (create)
                run_unsup(x, cl_arena_printf(x->a, "%s.bind.create_host_path", key), chp,
                          "a path with ':' or ',' needs --mount, which does not create a missing host path");
            cl_buf_puts(&b, "type=bind");
            put_kv(&b, "source", src);
            put_kv(&b, "target", dst);
            if (ro) put_kv(&b, "readonly", NULL);
            if (prop && *prop) put_kv(&b, "bind-propagation", prop);
            run_flag(c, "--mount", cl_buf_cstr(&b));
        }
    } else if (!strcmp(type, "volume")) {
        cl_buf_puts(&b, "type=volume");
        if (src && *src) put_kv(&b, "source", top_name(x, "volumes", src));
        put_kv(&b, "target", dst);
        if (ro) put_kv(&b, "readonly", NULL);
        for (uint32_t k = 0; vol && vol->kind == CL_MAP && k < vol->u.m.n; k++) {
            const char *vk = run_key(vol->u.m.items[k].key);
            const cl_node *vv = vol->u.m.items[k].value;
            if (!strcmp(vk, "nocopy")) { if (cl_em_true(vv)) put_kv(&b, "volume-nocopy", NULL); }
            else if (!strcmp(vk, "subpath") && S(vv)) put_kv(&b, "volume-subpath", S(vv));
            else run_unsup(x, cl_arena_printf(x->a, "%s.volume.%s", key, vk), vol->u.m.items[k].key, "docker run has no such volume option");
        }
        run_flag(c, "--mount", cl_buf_cstr(&b));
    } else if (!strcmp(type, "tmpfs")) {
        cl_buf_puts(&b, "type=tmpfs");
        put_kv(&b, "target", dst);
        if (ro) put_kv(&b, "readonly", NULL);
        for (uint32_t k = 0; tmp && tmp->kind == CL_MAP && k < tmp->u.m.n; k++) {
            const char *tk = run_key(tmp->u.m.items[k].key);
            const cl_node *tv = tmp->u.m.items[k].value;
            long long n;
            if (!strcmp(tk, "size")) {
                if (!run_bytes(tv, &n)) run_err(x, key, tv, "'%s' is not a byte size", S(tv) ? S(tv) : "");
                else put_kv(&b, "tmpfs-size", run_lld(x->a, n, NULL));
            } else if (!strcmp(tk, "mode") && S(tv)) {
                const char *mo = S(tv);
                if (!strncmp(mo, "0o", 2)) mo += 2;
                if (!*mo || strspn(mo, "01234567") != strlen(mo)) run_err(x, key, tv, "tmpfs mode '%s' is not octal", S(tv));
                else put_kv(&b, "tmpfs-mode", mo);
            } else run_unsup(x, cl_arena_printf(x->a, "%s.tmpfs.%s", key, tk), tmp->u.m.items[k].key, "docker run has no such tmpfs option");
        }
        run_flag(c, "--mount", cl_buf_cstr(&b));
    } else if (!strcmp(type, "npipe") || !strcmp(type, "image")) {
        cl_buf_printf(&b, "type=%s", type);
        if (src) put_kv(&b, "source", src);
        put_kv(&b, "target", dst);
        if (ro) put_kv(&b, "readonly", NULL);
        const char *sub = S(cl_map_get(cl_map_get(m, "image"), "subpath"));
        if (sub) put_kv(&b, "image-subpath", sub);
        run_flag(c, "--mount", cl_buf_cstr(&b));
    } else run_unsup(x, key, m, cl_arena_printf(x->a, "docker run cannot mount a '%s' volume", type));
    cl_buf_free(&b);
}

static void map_volumes(run_ctx *x, run_cmd *c, const cl_node *v)
{
    if (v->kind != CL_SEQ) { run_err(x, "volumes", v, "expected a list"); return; }
    for (uint32_t i = 0; i < v->u.q.n; i++) map_volume(x, c, v->u.q.items[i], i);
}

/* secrets and configs: file-based ones become read-only bind mounts, as
 * compose does without swarm. */
static void map_files(run_ctx *x, run_cmd *c, const char *key, const cl_node *v)
{
    if (v->kind != CL_SEQ) { run_err(x, key, v, "expected a list"); return; }
    int secret = !strcmp(key, "secrets");
    for (uint32_t i = 0; i < v->u.q.n; i++) {
        const cl_node *it = v->u.q.items[i];
        const char *ik = cl_arena_printf(x->a, "%s[%u]", key, i);
        const char *src = it->kind == CL_SCALAR ? S(it) : S(cl_map_get(it, "source"));
        const char *tgt = it->kind == CL_MAP ? S(cl_map_get(it, "target")) : NULL;
        if (!src) { run_err(x, ik, it, "needs a source"); continue; }
        const cl_node *top = cl_map_get(cl_map_get(x->p->root, key), src);
        const char *file = S(cl_map_get(top, "file"));
        if (!file) {
            run_unsup(x, ik, it, secret ? "only file-based secrets can be mounted by docker run"
                                        : "only file-based configs can be mounted by docker run");
            continue;
        }
        if (!tgt) tgt = secret ? cl_arena_printf(x->a, "/run/secrets/%s", src) : cl_arena_printf(x->a, "/%s", src);
        else if (tgt[0] != '/') tgt = cl_arena_printf(x->a, secret ? "/run/secrets/%s" : "/%s", tgt);
        cl_buf b; cl_buf_init(&b);
        cl_buf_puts(&b, "type=bind");
        put_kv(&b, "source", file);
        put_kv(&b, "target", tgt);
        put_kv(&b, "readonly", NULL);
        run_flag(c, "--mount", cl_buf_cstr(&b));
        cl_buf_free(&b);
        for (uint32_t k = 0; it->kind == CL_MAP && k < it->u.m.n; k++) {
            const char *mk = run_key(it->u.m.items[k].key);
            if (strcmp(mk, "source") && strcmp(mk, "target"))
                run_unsup(x, cl_arena_printf(x->a, "%s.%s", ik, mk), it->u.m.items[k].key,
                          "a bind-mounted file keeps the owner and mode it has on the host");
        }
    }
}

static void map_healthcheck(run_ctx *x, run_cmd *c, const cl_node *v)
{
    if (v->kind != CL_MAP) { run_err(x, "healthcheck", v, "expected a mapping"); return; }
    if (cl_em_true(cl_map_get(v, "disable"))) { run_arg(c, "--no-healthcheck"); return; }
    for (uint32_t i = 0; i < v->u.m.n; i++) {
        const char *k = run_key(v->u.m.items[i].key);
        const cl_node *val = v->u.m.items[i].value;
        const char *path = run_join(x->a, "healthcheck.", k, NULL);
        long long ns;
        if (!strcmp(k, "test")) {
            if (val->kind == CL_SCALAR) { if (S(val)) run_flag(c, "--health-cmd", S(val)); continue; }
            if (val->kind != CL_SEQ || !val->u.q.n || !S(val->u.q.items[0])) { run_err(x, path, val, "expected a command list"); continue; }
            const char *how = S(val->u.q.items[0]);
            if (!strcmp(how, "NONE")) { run_arg(c, "--no-healthcheck"); continue; }
            if (!strcmp(how, "CMD-SHELL")) {
                if (val->u.q.n != 2 || !S(val->u.q.items[1])) run_err(x, path, val, "CMD-SHELL takes one command string");
                else run_flag(c, "--health-cmd", S(val->u.q.items[1]));
                continue;
            }
            if (strcmp(how, "CMD")) { run_err(x, path, val, "a test starts with CMD, CMD-SHELL or NONE, not '%s'", how); continue; }
            /* docker run only takes a shell command: quote each word for sh */
            cl_buf b; cl_buf_init(&b);
            for (uint32_t j = 1; j < val->u.q.n; j++) {
                const char *w = S(val->u.q.items[j]);
                if (!w) { run_err(x, path, val->u.q.items[j], "expected a string"); continue; }
                if (j > 1) cl_buf_putc(&b, ' ');
                cl_sh_quote(&b, w, strlen(w));
            }
            run_flag(c, "--health-cmd", cl_buf_cstr(&b));
            cl_buf_free(&b);
            cl_diag *g = cl_diag_add(x->d, CL_SEV_INFO, "convert-changed", cl_node_span(val),
                                     "service '%s': healthcheck test in exec form runs through /bin/sh with docker run (--health-cmd)", x->svc);
            cl_diag_set_path(g, cl_arena_printf(x->a, "services.%s.healthcheck.test", x->svc));
        } else if (!strcmp(k, "interval") || !strcmp(k, "timeout") || !strcmp(k, "start_period") || !strcmp(k, "start_interval")) {
            if (!run_dur_ns(val, &ns)) { run_err(x, path, val, "'%s' is not a duration", S(val) ? S(val) : ""); continue; }
            const char *flag = !strcmp(k, "interval") ? "--health-interval" : !strcmp(k, "timeout") ? "--health-timeout"
                             : !strcmp(k, "start_period") ? "--health-start-period" : "--health-start-interval";
            run_flag(c, flag, run_duration(x, ns));
        } else if (!strcmp(k, "retries")) simple(x, c, path, "--health-retries", K_INT, val);
        else if (!strcmp(k, "disable")) continue;
        else run_unsup(x, path, v->u.m.items[i].key, "docker run has no such healthcheck flag");
    }
}

static void map_logging(run_ctx *x, run_cmd *c, const cl_node *v)
{
    if (v->kind != CL_MAP) { run_err(x, "logging", v, "expected a mapping"); return; }
    for (uint32_t i = 0; i < v->u.m.n; i++) {
        const char *k = run_key(v->u.m.items[i].key);
        const cl_node *val = v->u.m.items[i].value;
        if (!strcmp(k, "driver")) simple(x, c, "logging.driver", "--log-driver", K_STR, val);
        else if (!strcmp(k, "options")) { if (val->kind != CL_SCALAR) kv_items(x, c, "logging.options", "--log-opt", val); }
        else run_unsup(x, cl_arena_printf(x->a, "logging.%s", k), v->u.m.items[i].key, "docker run has no such logging flag");
    }
}

static void map_ulimits(run_ctx *x, run_cmd *c, const cl_node *v)
{
    if (v->kind != CL_MAP) { run_err(x, "ulimits", v, "expected a mapping"); return; }
    for (uint32_t i = 0; i < v->u.m.n; i++) {
        const char *k = run_key(v->u.m.items[i].key);
        const cl_node *val = v->u.m.items[i].value;
        const char *path = cl_arena_printf(x->a, "ulimits.%s", k);
        if (val->kind == CL_SCALAR && S(val) && is_int_text(S(val))) { run_flag(c, "--ulimit", cl_arena_printf(x->a, "%s=%s", k, S(val))); continue; }
        const char *soft = S(cl_map_get(val, "soft")), *hard = S(cl_map_get(val, "hard"));
        if (val->kind != CL_MAP || !soft || !hard || !is_int_text(soft) || !is_int_text(hard)) {
            run_err(x, path, val, "expected a number or soft and hard numbers");
            continue;
        }
        run_flag(c, "--ulimit", cl_arena_printf(x->a, "%s=%s:%s", k, soft, hard));
    }
}

static void map_devices(run_ctx *x, run_cmd *c, const cl_node *v)
{
    if (v->kind != CL_SEQ) { run_err(x, "devices", v, "expected a list"); return; }
    for (uint32_t i = 0; i < v->u.q.n; i++) {
        const cl_node *d = v->u.q.items[i];
        if (d->kind == CL_SCALAR) { if (S(d)) run_flag(c, "--device", S(d)); continue; }
        const char *src = S(cl_map_get(d, "source")), *dst = S(cl_map_get(d, "target")), *perm = S(cl_map_get(d, "permissions"));
        if (!src) { run_err(x, "devices", d, "a device needs a source"); continue; }
        run_flag(c, "--device", cl_arena_printf(x->a, "%s%s%s%s%s", src, dst ? ":" : "", dst ? dst : "",
                                                  perm ? ":" : "", perm ? perm : ""));
    }
}

static void map_extra_hosts(run_ctx *x, run_cmd *c, const cl_node *v)
{
    if (v->kind == CL_MAP) {
        for (uint32_t i = 0; i < v->u.m.n; i++) {
            const char *h = run_key(v->u.m.items[i].key);
            const cl_node *ip = v->u.m.items[i].value;
            if (ip->kind == CL_SEQ) {
                for (uint32_t j = 0; j < ip->u.q.n; j++)
                    if (S(ip->u.q.items[j])) run_flag(c, "--add-host", cl_arena_printf(x->a, "%s:%s", h, S(ip->u.q.items[j])));
            } else if (S(ip)) run_flag(c, "--add-host", cl_arena_printf(x->a, "%s:%s", h, S(ip)));
            else run_err(x, "extra_hosts", ip, "host '%s' needs an address", h);
        }
        return;
    }
    if (v->kind != CL_SEQ) { run_err(x, "extra_hosts", v, "expected a list or a mapping"); return; }
    for (uint32_t i = 0; i < v->u.q.n; i++) {
        const char *s = need_str(x, "extra_hosts", v->u.q.items[i]);
        if (!s) continue;
        const char *eq = strchr(s, '=');
        if (eq) run_flag(c, "--add-host", cl_arena_printf(x->a, "%.*s:%s", (int)(eq - s), s, eq + 1));
        else run_flag(c, "--add-host", s);
    }
}

static void map_restart(run_ctx *x, run_cmd *c, const cl_node *v)
{
    const char *s = need_str(x, "restart", v);
    if (!s) return;
    if (!strcmp(s, "no") || !strcmp(s, "always") || !strcmp(s, "unless-stopped") || !strcmp(s, "on-failure") ||
        (!strncmp(s, "on-failure:", 11) && is_int_text(s + 11)))
        run_flag(c, "--restart", s);
    else run_err(x, "restart", v, "'%s' is not a restart policy (no, always, on-failure[:N], unless-stopped)", s);
}

static void map_pull_policy(run_ctx *x, run_cmd *c, const cl_node *v)
{
    const char *s = need_str(x, "pull_policy", v);
    if (!s) return;
    if (!strcmp(s, "always") || !strcmp(s, "never") || !strcmp(s, "missing")) run_flag(c, "--pull", s);
    else if (!strcmp(s, "if_not_present")) run_flag(c, "--pull", "missing");
    else if (!strcmp(s, "build")) run_flag(c, "--pull", "never");  /* the script builds it first */
    else {
        run_flag(c, "--pull", "missing");
        run_unsup(x, "pull_policy", v, "docker run pulls always, missing or never; periodic pulls become 'missing'");
    }
}

/* links / volumes_from name other services: use their first container. */
static const char *svc_ref(run_ctx *x, const char *key, const cl_node *at, const char *name)
{
    if (!cl_map_get(cl_map_get(x->p->root, "services"), name)) {
        run_err(x, key, at, "'%s' is not a service of this project", name);
        return NULL;
    }
    return run_container_name(x, name, 1);
}

static void map_links(run_ctx *x, run_cmd *c, const cl_node *v)
{
    if (v->kind != CL_SEQ) { run_err(x, "links", v, "expected a list"); return; }
    for (uint32_t i = 0; i < v->u.q.n; i++) {
        const char *s = need_str(x, "links", v->u.q.items[i]);
        if (!s) continue;
        const char *colon = strchr(s, ':');
        const char *svc = colon ? cl_arena_strndup(x->a, s, (size_t)(colon - s)) : s;
        const char *cn = svc_ref(x, "links", v->u.q.items[i], svc);
        if (cn) run_flag(c, "--link", cl_arena_printf(x->a, "%s:%s", cn, colon ? colon + 1 : svc));
    }
}

static void map_volumes_from(run_ctx *x, run_cmd *c, const cl_node *v)
{
    if (v->kind != CL_SEQ) { run_err(x, "volumes_from", v, "expected a list"); return; }
    for (uint32_t i = 0; i < v->u.q.n; i++) {
        const char *s = need_str(x, "volumes_from", v->u.q.items[i]);
        if (!s) continue;
        if (!strncmp(s, "container:", 10)) { run_flag(c, "--volumes-from", s + 10); continue; }
        const char *colon = strchr(s, ':');
        const char *svc = colon ? cl_arena_strndup(x->a, s, (size_t)(colon - s)) : s;
        const char *cn = svc_ref(x, "volumes_from", v->u.q.items[i], svc);
        if (cn) run_flag(c, "--volumes-from", colon ? cl_arena_printf(x->a, "%s%s", cn, colon) : cn);
    }
}

/* One GPU / device request as docker's --gpus CSV. */
static void gpu_request(run_ctx *x, run_cmd *c, const char *key, const cl_node *d)
{
    if (d->kind == CL_SCALAR && S(d)) { run_flag(c, "--gpus", S(d)); return; }
    if (d->kind != CL_MAP) { run_err(x, key, d, "expected a device request"); return; }
    cl_buf b; cl_buf_init(&b);
    const char *drv = S(cl_map_get(d, "driver")), *count = S(cl_map_get(d, "count"));
    const cl_node *ids = cl_map_get(d, "device_ids"), *caps = cl_map_get(d, "capabilities");
    cl_buf list; cl_buf_init(&list);
    if (caps && caps->kind == CL_SEQ && caps->u.q.n) {
        for (uint32_t i = 0; i < caps->u.q.n; i++) cl_buf_printf(&list, "%s%s", i ? "," : "capabilities=", S(caps->u.q.items[i]) ? S(caps->u.q.items[i]) : "");
        run_csv(&b, cl_buf_cstr(&list));
    }
    if (drv) put_kv(&b, "driver", drv);
    if (count) put_kv(&b, "count", count);
    if (ids && ids->kind == CL_SEQ && ids->u.q.n) {
        list.len = 0;
        for (uint32_t i = 0; i < ids->u.q.n; i++) cl_buf_printf(&list, "%s%s", i ? "," : "device=", S(ids->u.q.items[i]) ? S(ids->u.q.items[i]) : "");
        cl_buf_putc(&b, ',');
        run_csv(&b, cl_buf_cstr(&list));
    }
    if (!count && !(ids && ids->kind == CL_SEQ && ids->u.q.n)) put_kv(&b, "count", "all");
    for (uint32_t i = 0; i < d->u.m.n; i++) {
        const char *k = run_key(d->u.m.items[i].key);
        if (strcmp(k, "driver") && strcmp(k, "count") && strcmp(k, "device_ids") && strcmp(k, "capabilities"))
            run_unsup(x, cl_arena_printf(x->a, "%s.%s", key, k), d->u.m.items[i].key, "docker run --gpus has no such option");
    }
    const char *s = cl_buf_cstr(&b);
    run_flag(c, "--gpus", s[0] == ',' ? s + 1 : s);
    cl_buf_free(&b);
    cl_buf_free(&list);
}

static void map_gpus(run_ctx *x, run_cmd *c, const char *key, const cl_node *v)
{
    if (v->kind == CL_SEQ) for (uint32_t i = 0; i < v->u.q.n; i++) gpu_request(x, c, key, v->u.q.items[i]);
    else gpu_request(x, c, key, v);
}

static void map_blkio(run_ctx *x, run_cmd *c, const cl_node *v)
{
    if (v->kind != CL_MAP) { run_err(x, "blkio_config", v, "expected a mapping"); return; }
    static const struct { const char *k, *flag, *field; int bytes; } lists[] = {
        { "weight_device", "--blkio-weight-device", "weight", 0 },
        { "device_read_bps", "--device-read-bps", "rate", 1 },
        { "device_write_bps", "--device-write-bps", "rate", 1 },
        { "device_read_iops", "--device-read-iops", "rate", 0 },
        { "device_write_iops", "--device-write-iops", "rate", 0 },
    };
    for (uint32_t i = 0; i < v->u.m.n; i++) {
        const char *k = run_key(v->u.m.items[i].key);
        const cl_node *val = v->u.m.items[i].value;
        const char *path = cl_arena_printf(x->a, "blkio_config.%s", k);
        if (!strcmp(k, "weight")) { simple(x, c, path, "--blkio-weight", K_INT, val); continue; }
        size_t j;
        for (j = 0; j < sizeof lists / sizeof lists[0]; j++) if (!strcmp(k, lists[j].k)) break;
        if (j == sizeof lists / sizeof lists[0]) { run_unsup(x, path, v->u.m.items[i].key, "docker run has no such blkio flag"); continue; }
        if (val->kind != CL_SEQ) { run_err(x, path, val, "expected a list"); continue; }
        for (uint32_t e = 0; e < val->u.q.n; e++) {
            const cl_node *it = val->u.q.items[e];
            const char *dp = S(cl_map_get(it, "path"));
            const cl_node *r = cl_map_get(it, lists[j].field);
            long long n;
            if (!dp || !S(r)) { run_err(x, path, it, "needs path and %s", lists[j].field); continue; }
            if (lists[j].bytes) {
                if (!run_bytes(r, &n)) { run_err(x, path, r, "'%s' is not a byte rate", S(r)); continue; }
                run_flag(c, lists[j].flag, cl_arena_printf(x->a, "%s:%lld", dp, n));
            } else if (!is_int_text(S(r))) run_err(x, path, r, "'%s' is not a whole number", S(r));
            else run_flag(c, lists[j].flag, cl_arena_printf(x->a, "%s:%s", dp, S(r)));
        }
    }
}

/* deploy: what plain docker honours (resources, replicas, restart policy). */
static void map_deploy(run_ctx *x, run_cmd *c, const cl_node *v)
{
    if (v->kind != CL_MAP) { run_err(x, "deploy", v, "expected a mapping"); return; }
    for (uint32_t i = 0; i < v->u.m.n; i++) {
        const char *k = run_key(v->u.m.items[i].key);
        const cl_node *val = v->u.m.items[i].value;
        const char *path = run_join(x->a, "deploy.", k, NULL);
        if (!strcmp(k, "replicas")) continue;      /* one container each: run_replicas */
        if (!strcmp(k, "resources") && val->kind == CL_MAP) {
            for (uint32_t j = 0; j < val->u.m.n; j++) {
                const char *rk = run_key(val->u.m.items[j].key);
                const cl_node *rv = val->u.m.items[j].value;
                int lim = !strcmp(rk, "limits");
                if ((!lim && strcmp(rk, "reservations")) || rv->kind != CL_MAP) {
                    run_unsup(x, cl_arena_printf(x->a, "%s.%s", path, rk), val->u.m.items[j].key, "docker run has no such resource flag");
                    continue;
                }
                for (uint32_t q = 0; q < rv->u.m.n; q++) {
                    const char *qk = run_key(rv->u.m.items[q].key);
                    const cl_node *qv = rv->u.m.items[q].value;
                    const char *qp = cl_arena_printf(x->a, "%s.%s.%s", path, rk, qk);
                    if (!strcmp(qk, "memory")) simple(x, c, qp, lim ? "--memory" : "--memory-reservation", K_BYTES, qv);
                    else if (lim && !strcmp(qk, "cpus")) simple(x, c, qp, "--cpus", K_NUM, qv);
                    else if (lim && !strcmp(qk, "pids")) simple(x, c, qp, "--pids-limit", K_INT, qv);
                    else if (!lim && !strcmp(qk, "devices")) map_gpus(x, c, qp, qv);
                    else run_unsup(x, qp, rv->u.m.items[q].key, lim ? "docker run has no such limit flag"
                                                                    : "docker run reserves only memory and devices");
                }
            }
        } else if (!strcmp(k, "restart_policy") && val->kind == CL_MAP) {
            if (cl_map_get(x->s, "restart")) { run_unsup(x, path, v->u.m.items[i].key, "'restart' is set and wins"); continue; }
            const char *cond = S(cl_map_get(val, "condition"));
            const char *max = S(cl_map_get(val, "max_attempts"));
            if (!cond || !strcmp(cond, "any")) run_flag(c, "--restart", "always");
            else if (!strcmp(cond, "none")) run_flag(c, "--restart", "no");
            else if (!strcmp(cond, "on-failure"))
                run_flag(c, "--restart", max && is_int_text(max) ? cl_arena_printf(x->a, "on-failure:%s", max) : "on-failure");
            else run_err(x, path, val, "unknown restart condition '%s'", cond);
            for (uint32_t j = 0; j < val->u.m.n; j++) {
                const char *rk = run_key(val->u.m.items[j].key);
                if (strcmp(rk, "condition") && strcmp(rk, "max_attempts"))
                    run_unsup(x, cl_arena_printf(x->a, "%s.%s", path, rk), val->u.m.items[j].key, "docker's restart policy has no delay or window");
            }
        } else run_unsup(x, path, v->u.m.items[i].key, "swarm deployment settings have no docker run flag");
    }
}

/* Networks: advanced --network syntax, one per network, with aliases. */
static void map_networks(run_ctx *x, run_cmd *c, const cl_node *v)
{
    if (v->kind == CL_SEQ) {   /* short form, if normalization left it */
        for (uint32_t i = 0; i < v->u.q.n; i++) {
            const char *n = need_str(x, "networks", v->u.q.items[i]);
            if (!n) continue;
            cl_buf b; cl_buf_init(&b);
            put_kv(&b, "name", top_name(x, "networks", n));
            put_kv(&b, "alias", x->svc);
            run_flag(c, "--network", cl_buf_cstr(&b) + 1);
            cl_buf_free(&b);
        }
        return;
    }
    if (v->kind != CL_MAP) { run_err(x, "networks", v, "expected a mapping"); return; }
    /* connect in priority order (higher first), then by name (the map's order) */
    uint32_t n = v->u.m.n;
    const cl_pair **order = cl_arena_alloc(x->a, (n + 1) * sizeof *order);
    long long *prio = cl_arena_alloc(x->a, (n + 1) * sizeof *prio);
    for (uint32_t i = 0; i < n; i++) {
        const cl_pair *pr = &v->u.m.items[i];
        long long pv = 0;
        const cl_node *pn = cl_map_get(pr->value, "priority");
        if (pn && !cl_scalar_int(pn, &pv) && S(pn)) pv = atoll(S(pn));
        uint32_t j = i;
        while (j > 0 && prio[j - 1] < pv) { order[j] = order[j - 1]; prio[j] = prio[j - 1]; j--; }
        order[j] = pr; prio[j] = pv;
    }
    for (uint32_t i = 0; i < n; i++) {
        const char *net = run_key(order[i]->key);
        const cl_node *cfg = order[i]->value;
        const char *path = cl_arena_printf(x->a, "networks.%s", net);
        cl_buf b; cl_buf_init(&b);
        put_kv(&b, "name", top_name(x, "networks", net));
        put_kv(&b, "alias", x->svc);
        for (uint32_t k = 0; cfg && cfg->kind == CL_MAP && k < cfg->u.m.n; k++) {
            const char *ck = run_key(cfg->u.m.items[k].key);
            const cl_node *cv = cfg->u.m.items[k].value;
            const char *opt = !strcmp(ck, "ipv4_address") ? "ip" : !strcmp(ck, "ipv6_address") ? "ip6"
                            : !strcmp(ck, "mac_address") ? "mac-address" : !strcmp(ck, "gw_priority") ? "gw-priority" : NULL;
            if (opt) { if (S(cv)) put_kv(&b, opt, S(cv)); }
            else if (!strcmp(ck, "aliases") || !strcmp(ck, "link_local_ips")) {
                const char *o = ck[0] == 'a' ? "alias" : "link-local-ip";
                for (uint32_t j = 0; cv->kind == CL_SEQ && j < cv->u.q.n; j++)
                    if (S(cv->u.q.items[j]) && strcmp(S(cv->u.q.items[j]), x->svc)) put_kv(&b, o, S(cv->u.q.items[j]));
            } else if (!strcmp(ck, "driver_opts") && cv->kind == CL_MAP) {
                for (uint32_t j = 0; j < cv->u.m.n; j++)
                    put_kv(&b, "driver-opt", cl_arena_printf(x->a, "%s=%s", run_key(cv->u.m.items[j].key),
                                                               S(cv->u.m.items[j].value) ? S(cv->u.m.items[j].value) : ""));
            } else if (strcmp(ck, "priority"))
                run_unsup(x, cl_arena_printf(x->a, "%s.%s", path, ck), cfg->u.m.items[k].key, "docker run --network has no such option");
        }
        run_flag(c, "--network", cl_buf_cstr(&b) + 1);
        cl_buf_free(&b);
    }
}

static void map_network_mode(run_ctx *x, run_cmd *c, const cl_node *v)
{
    const char *s = need_str(x, "network_mode", v);
    if (!s) return;
    if (!strncmp(s, "service:", 8)) {
        const char *cn = svc_ref(x, "network_mode", v, s + 8);
        if (cn) run_flag(c, "--network", cl_arena_printf(x->a, "container:%s", cn));
    } else run_flag(c, "--network", s);
}

static void compose_labels(run_ctx *x, run_cmd *c, int i)
{
    run_flag_join(c, "--label", "com.docker.compose.project=", x->project, NULL);
    run_flag_join(c, "--label", "com.docker.compose.service=", x->svc, NULL);
    run_flag_join(c, "--label", "com.docker.compose.container-number=", run_lld(x->a, i, NULL), NULL);
    run_flag(c, "--label", "com.docker.compose.oneoff=False");
    if (x->p->directory)
        run_flag_join(c, "--label", "com.docker.compose.project.working_dir=", x->p->directory, NULL);
    if (x->p->nsources) {
        cl_buf b; cl_buf_init(&b);
        for (size_t k = 0; k < x->p->nsources; k++) {
            if (k) cl_buf_putc(&b, ',');
            cl_buf_puts(&b, x->p->sources[k]->path ? x->p->sources[k]->path : "(null)");
        }
        run_flag_join(c, "--label", "com.docker.compose.project.config_files=", cl_buf_cstr(&b), NULL);
        cl_buf_free(&b);
    }
    const cl_node *dep = cl_map_get(x->s, "depends_on");
    if (dep && dep->kind == CL_MAP && dep->u.m.n) {
        cl_buf b; cl_buf_init(&b);
        for (uint32_t k = 0; k < dep->u.m.n; k++) {
            const char *cond = S(cl_map_get(dep->u.m.items[k].value, "condition"));
            if (k) cl_buf_putc(&b, ',');
            cl_buf_puts(&b, run_key(dep->u.m.items[k].key));
            cl_buf_putc(&b, ':');
            cl_buf_puts(&b, cond ? cond : "service_started");
            cl_buf_puts(&b, cl_em_true(cl_map_get(dep->u.m.items[k].value, "restart")) ? ":true" : ":false");
        }
        run_flag_join(c, "--label", "com.docker.compose.depends_on=", cl_buf_cstr(&b), NULL);
        cl_buf_free(&b);
    }
}

/* command / entrypoint as a list of words (a string is one word per
 * whitespace-separated part only when normalization left it unsplit). */
static const cl_node *words(run_ctx *x, const char *key)
{
    const cl_node *v = cl_map_get(x->s, key);
    if (!v || (v->kind == CL_SCALAR && v->type == CL_T_NULL)) return NULL;
    if (v->kind != CL_SEQ) { run_err(x, key, v, "expected a list of words (the normalized form)"); return NULL; }
    for (uint32_t i = 0; i < v->u.q.n; i++)
        if (!S(v->u.q.items[i]) && !(v->u.q.items[i]->kind == CL_SCALAR)) { run_err(x, key, v->u.q.items[i], "expected a string"); return NULL; }
    return v;
}

static const char *word(const cl_node *n) { const char *s = S(n); return s ? s : ""; }

/* ---- the service's keys ---- */

/* One replica's command while the service's keys are walked (cl_em_walk). */
typedef struct { run_ctx *x; run_cmd *c; cl_diags *every; } run_keys;

/* a key of RUN_FLAGS, its errors reported on every replica */
static void key_flag(void *ctx, const cl_pair *pr)
{
    run_keys *r = ctx;
    const char *key = run_key(pr->key);
    size_t t = 0;
    while (strcmp(flags[t].key, key)) t++;
    cl_diags *d = r->x->d;
    r->x->d = r->every;
    simple(r->x, r->c, key, flags[t].flag, flags[t].k, pr->value);
    r->x->d = d;
}

static void key_environment(void *ctx, const cl_pair *pr) { run_keys *r = ctx; map_environment(r->x, r->c, pr->value); }
static void key_ports(void *ctx, const cl_pair *pr) { run_keys *r = ctx; map_ports(r->x, r->c, pr->value); }
static void key_volumes(void *ctx, const cl_pair *pr) { run_keys *r = ctx; map_volumes(r->x, r->c, pr->value); }
static void key_healthcheck(void *ctx, const cl_pair *pr) { run_keys *r = ctx; map_healthcheck(r->x, r->c, pr->value); }
static void key_logging(void *ctx, const cl_pair *pr) { run_keys *r = ctx; map_logging(r->x, r->c, pr->value); }
static void key_ulimits(void *ctx, const cl_pair *pr) { run_keys *r = ctx; map_ulimits(r->x, r->c, pr->value); }
static void key_devices(void *ctx, const cl_pair *pr) { run_keys *r = ctx; map_devices(r->x, r->c, pr->value); }
static void key_extra_hosts(void *ctx, const cl_pair *pr) { run_keys *r = ctx; map_extra_hosts(r->x, r->c, pr->value); }
static void key_restart(void *ctx, const cl_pair *pr) { run_keys *r = ctx; map_restart(r->x, r->c, pr->value); }
static void key_pull_policy(void *ctx, const cl_pair *pr) { run_keys *r = ctx; map_pull_policy(r->x, r->c, pr->value); }
static void key_links(void *ctx, const cl_pair *pr) { run_keys *r = ctx; map_links(r->x, r->c, pr->value); }
static void key_volumes_from(void *ctx, const cl_pair *pr) { run_keys *r = ctx; map_volumes_from(r->x, r->c, pr->value); }
static void key_blkio(void *ctx, const cl_pair *pr) { run_keys *r = ctx; map_blkio(r->x, r->c, pr->value); }
static void key_deploy(void *ctx, const cl_pair *pr) { run_keys *r = ctx; map_deploy(r->x, r->c, pr->value); }
static void key_network_mode(void *ctx, const cl_pair *pr) { run_keys *r = ctx; map_network_mode(r->x, r->c, pr->value); }
static void key_files(void *ctx, const cl_pair *pr) { run_keys *r = ctx; map_files(r->x, r->c, run_key(pr->key), pr->value); }
static void key_gpus(void *ctx, const cl_pair *pr) { run_keys *r = ctx; map_gpus(r->x, r->c, "gpus", pr->value); }

/* networks are added first (run_service_cmd): here only their clash with network_mode */
static void key_networks(void *ctx, const cl_pair *pr)
{
    run_keys *r = ctx;
    if (cl_map_get(r->x->s, "network_mode")) run_err(r->x, "networks", pr->key, "cannot be used with network_mode");
}

/* Every service key: its flags, or why docker run has none (keys read
 * elsewhere - layout, ordering, image, command - with nothing to say). */
#define RUN_KEY_ROW(key, flag, k) { key, key_flag, 0, NULL },
static const cl_em_key keys[] = {
    RUN_FLAGS(RUN_KEY_ROW)
    { "environment", key_environment, 0, NULL }, { "ports", key_ports, 0, NULL }, { "volumes", key_volumes, 0, NULL },
    { "secrets", key_files, 0, NULL }, { "configs", key_files, 0, NULL }, { "healthcheck", key_healthcheck, 0, NULL },
    { "logging", key_logging, 0, NULL }, { "ulimits", key_ulimits, 0, NULL }, { "devices", key_devices, 0, NULL },
    { "extra_hosts", key_extra_hosts, 0, NULL }, { "restart", key_restart, 0, NULL }, { "pull_policy", key_pull_policy, 0, NULL },
    { "links", key_links, 0, NULL }, { "volumes_from", key_volumes_from, 0, NULL }, { "gpus", key_gpus, 0, NULL },
    { "blkio_config", key_blkio, 0, NULL }, { "deploy", key_deploy, 0, NULL }, { "networks", key_networks, 0, NULL },
    { "network_mode", key_network_mode, 0, NULL },
    { "attach", NULL, CL_SEV_WARNING, "docker run -d never attaches to the container's output" },
    { "credential_spec", NULL, CL_SEV_WARNING, "Windows credential specs have no docker run flag" },
    { "develop", NULL, CL_SEV_WARNING, "watch mode is a compose feature" },
    { "models", NULL, CL_SEV_WARNING, "model runner bindings are a compose feature" },
    { "post_start", NULL, CL_SEV_WARNING, "lifecycle hooks are run by compose, not by docker run" },
    { "pre_stop", NULL, CL_SEV_WARNING, "lifecycle hooks are run by compose, not by docker run" },
    { "provider", NULL, CL_SEV_WARNING, "provider services are run by compose plugins" },
    { "use_api_socket", NULL, CL_SEV_WARNING, "docker run has no flag for it" },
    { "build", NULL, CL_SEV_WARNING, NULL }, { "command", NULL, CL_SEV_WARNING, NULL }, { "container_name", NULL, CL_SEV_WARNING, NULL }, { "depends_on", NULL, CL_SEV_WARNING, NULL },
    { "entrypoint", NULL, CL_SEV_WARNING, NULL }, { "env_file", NULL, CL_SEV_WARNING, NULL }, { "extends", NULL, CL_SEV_WARNING, NULL }, { "image", NULL, CL_SEV_WARNING, NULL },
    { "profiles", NULL, CL_SEV_WARNING, NULL }, { "scale", NULL, CL_SEV_WARNING, NULL },
    { "x-", NULL, CL_SEV_WARNING, NULL },   /* extensions are not settings */
    { NULL, NULL, CL_SEV_WARNING, "unknown service key" } };

void run_service_cmd(run_ctx *x, run_cmd *c, int i)
{
    run_arg(c, "docker");
    run_arg(c, "run");
    run_arg(c, "--detach");
    run_flag(c, "--name", run_container_name(x, x->svc, i));
    compose_labels(x, c, i);
    const cl_node *s = x->s;
    if (!cl_map_get(s, "network_mode") && cl_map_get(s, "networks")) map_networks(x, c, cl_map_get(s, "networks"));
    /* what the keys do not convert, and their problems, are reported once,
     * on the first replica; a flag's unreadable value on each */
    cl_diags scratch;
    run_keys r = { x, c, x->d };
    if (i > 1) { cl_diags_init(&scratch); x->d = &scratch; }
    static const cl_em_key *const tables[] = { keys, NULL };
    cl_em_walk(x->d, TARGET, x->svc, s, tables, &r);
    if (i > 1) { x->d = r.every; cl_diags_free(&scratch); }
    /* entrypoint: its first word is --entrypoint, the rest lead the command */
    const cl_node *ep = words(x, "entrypoint"), *cmd = words(x, "command");
    if (ep) run_flag(c, "--entrypoint", ep->u.q.n ? word(ep->u.q.items[0]) : "");
    const char *img = run_image(x, s, x->svc);
    check_ref(x, "image", cl_map_get(s, "image") ? cl_map_get(s, "image") : cl_map_get(s, "build"), img);
    run_arg(c, img);
    for (uint32_t k = 1; ep && k < ep->u.q.n; k++) run_arg(c, word(ep->u.q.items[k]));
    for (uint32_t k = 0; cmd && k < cmd->u.q.n; k++) run_arg(c, word(cmd->u.q.items[k]));
}

void run_build_cmd(run_ctx *x, run_cmd *c)
{
    const cl_node *b = cl_map_get(x->s, "build");
    run_arg(c, "docker");
    run_arg(c, "build");
    run_flag(c, "--tag", run_image(x, x->s, x->svc));
    const char *ctx = NULL;
    if (b->kind == CL_SCALAR) ctx = S(b);
    else if (b->kind == CL_MAP) ctx = S(cl_map_get(b, "context"));
    else { run_err(x, "build", b, "expected a mapping"); return; }
    if (!ctx) ctx = ".";
    const char *plat = S(cl_map_get(x->s, "platform"));
    if (plat) run_flag(c, "--platform", plat);
    for (uint32_t k = 0; b->kind == CL_MAP && k < b->u.m.n; k++) {
        const char *key = run_key(b->u.m.items[k].key);
        const cl_node *v = b->u.m.items[k].value;
        const char *path = run_join(x->a, "build.", key, NULL);
        if (!strcmp(key, "context")) continue;
        else if (!strcmp(key, "dockerfile")) {
            const char *df = need_str(x, path, v);
            /* compose reads it relative to the context, docker build to the working folder */
            if (df) run_flag(c, "--file", df[0] == '/' || strstr(ctx, "://") ? df : cl_arena_printf(x->a, "%s/%s", ctx, df));
        } else if (!strcmp(key, "args")) {
            if (v->kind == CL_MAP) {
                for (uint32_t j = 0; j < v->u.m.n; j++) {
                    const char *ak = run_key(v->u.m.items[j].key), *av = S(v->u.m.items[j].value);
                    run_flag(c, "--build-arg", av ? cl_arena_printf(x->a, "%s=%s", ak, av) : ak);
                }
            } else simple(x, c, path, "--build-arg", K_LIST, v);
        } else if (!strcmp(key, "target")) simple(x, c, path, "--target", K_STR, v);
        else if (!strcmp(key, "labels")) simple(x, c, path, "--label", K_KV, v);
        else if (!strcmp(key, "network")) simple(x, c, path, "--network", K_STR, v);
        else if (!strcmp(key, "shm_size")) simple(x, c, path, "--shm-size", K_BYTES, v);
        else if (!strcmp(key, "cache_from")) simple(x, c, path, "--cache-from", K_LIST, v);
        else if (!strcmp(key, "no_cache")) simple(x, c, path, "--no-cache", K_BOOL, v);
        else if (!strcmp(key, "pull")) simple(x, c, path, "--pull", K_BOOL, v);
        else if (!strcmp(key, "tags")) {
            for (uint32_t j = 0; v->kind == CL_SEQ && j < v->u.q.n; j++) {
                const char *t = need_str(x, path, v->u.q.items[j]);
                if (t) { check_ref(x, path, v->u.q.items[j], t); run_flag(c, "--tag", t); }
            }
        }
        else if (!strcmp(key, "extra_hosts")) {
            run_cmd tmp; run_cmd_init(&tmp, x->a);
            map_extra_hosts(x, &tmp, v);
            for (size_t j = 0; j < tmp.n; j++) run_arg(c, tmp.v[j]);
        } else run_unsup(x, path, b->u.m.items[k].key, "docker build (without buildx) has no such option");
    }
    run_arg(c, ctx);
}
