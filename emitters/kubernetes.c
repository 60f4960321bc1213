/* kubernetes.c - `convert --to kubernetes`: the emitter entry point, names
 * made valid for Kubernetes, the helpers the k8s_*.c parts share, and the
 * output (one multi-document YAML stream, or one named document per object
 * when -o names a directory). */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "k8s.h"
#include "render.h"

/* ---------- names ---------- */

const char *k8s_name(k8s *k, const char *s)
{
    size_t n = strlen(s);
    char *r = cl_arena_alloc(k->a, n + 3);
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isalnum(c) && c < 128) r[j++] = (char)tolower(c);
        else if (c == '-' || (j && r[j - 1] != '-')) r[j++] = '-';
    }
    while (j && r[j - 1] == '-') j--;
    size_t lead = 0;
    while (lead < j && r[lead] == '-') lead++;
    memmove(r, r + lead, j - lead);
    j -= lead;
    if (!j) return "unnamed";
    if (isdigit((unsigned char)r[0])) { memmove(r + 1, r, j); r[0] = 's'; j++; }  /* must start with a letter */
    if (j > 63) { j = 63; while (r[j - 1] == '-') j--; }
    r[j] = 0;
    return r;
}

static size_t slot(const k8s_names *t, const uint32_t *h, const char **keys, const char *s)
{
    size_t m = t->hcap - 1, i = cl_hash(s, strlen(s)) & m;
    while (h[i] && strcmp(keys[h[i] - 1], s)) i = (i + 1) & m;
    return i;
}

static const char *lookup(const k8s_names *t, const uint32_t *h, const char **keys, const char **vals, const char *s)
{
    if (!t->hcap) return NULL;
    size_t i = slot(t, h, keys, s);
    return h[i] ? vals[h[i] - 1] : NULL;
}

const char *k8s_name_known(const k8s_names *t, const char *from) { return lookup(t, t->hfrom, t->from, t->to, from); }
const char *k8s_name_owner(const k8s_names *t, const char *to) { return lookup(t, t->hto, t->to, t->from, to); }

static void index_one(k8s_names *t, size_t j)
{
    size_t i = slot(t, t->hfrom, t->from, t->from[j]);
    if (!t->hfrom[i]) t->hfrom[i] = (uint32_t)j + 1;   /* the first entry wins */
    i = slot(t, t->hto, t->to, t->to[j]);
    if (!t->hto[i]) t->hto[i] = (uint32_t)j + 1;
}

void k8s_names_add(k8s_names *t, const char *from, const char *to)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 16;
        t->from = realloc(t->from, t->cap * sizeof *t->from);
        t->to = realloc(t->to, t->cap * sizeof *t->to);
        if (!t->from || !t->to) abort();
    }
    t->from[t->n] = from;
    t->to[t->n++] = to;
    if (t->n * 2 > t->hcap) {
        free(t->hfrom);
        free(t->hto);
        t->hcap = t->hcap ? t->hcap * 2 : 64;
        t->hfrom = calloc(t->hcap, sizeof *t->hfrom);
        t->hto = calloc(t->hcap, sizeof *t->hto);
        if (!t->hfrom || !t->hto) abort();
        for (size_t j = 0; j < t->n; j++) index_one(t, j);
    } else index_one(t, t->n - 1);
}

void k8s_names_free(k8s_names *t) { free(t->from); free(t->to); free(t->hfrom); free(t->hto); memset(t, 0, sizeof *t); }

const char *k8s_name_of(k8s *k, k8s_names *t, const char *section, const char *from, const cl_node *at)
{
    const char *known = k8s_name_known(t, from);
    if (known) return known;
    const char *to = k8s_name(k, from);
    const char *owner = k8s_name_owner(t, to);
    if (owner) k8s_error(k, at, "%s '%s' and '%s' both become '%s' in Kubernetes; rename one of them", section, owner, from, to);
    k8s_names_add(t, from, to);
    if (strcmp(to, from) != 0) {
        static const char *const sing[][2] = { { "volumes", "volume" }, { "secrets", "secret" }, { "configs", "config" } };
        for (size_t i = 0; i < 3; i++) if (!strcmp(section, sing[i][0])) section = sing[i][1];
        int svc = !strcmp(section, "service");
        cl_diag *g = cl_diag_add(k->d, svc ? CL_SEV_WARNING : CL_SEV_INFO, "convert-renamed", cl_node_span(at),
                                 "%s: %s '%s' is named '%s' in Kubernetes (names must be lowercase DNS labels)%s",
                                 K8S, section, from, to,
                                 svc ? "; containers that reach it by its compose name must use the new one" : "");
        (void)g;
    }
    return to;
}

int k8s_label_value_ok(const char *s)
{
    size_t n = strlen(s);
    if (n > 63) return 0;
    if (!n) return 1;
    if (!isalnum((unsigned char)s[0]) || !isalnum((unsigned char)s[n - 1])) return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!(isalnum(c) && c < 128) && c != '-' && c != '_' && c != '.') return 0;
    }
    return 1;
}

static int dns_subdomain_ok(const char *s, size_t n)
{
    if (!n || n > 253) return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!((c >= 'a' && c <= 'z') || isdigit(c) || c == '-' || c == '.')) return 0;
    }
    return isalnum((unsigned char)s[0]) && isalnum((unsigned char)s[n - 1]);
}

int k8s_label_key_ok(const char *s)
{
    const char *slash = strchr(s, '/');
    const char *name = s;
    if (slash) {
        if (!dns_subdomain_ok(s, (size_t)(slash - s))) return 0;
        name = slash + 1;
    }
    return *name && k8s_label_value_ok(name);
}

const char *k8s_label_value(k8s *k, const char *s)
{
    size_t n = strlen(s);
    char *r = cl_arena_alloc(k->a, n + 1);
    size_t j = 0;
    for (size_t i = 0; i < n && j < 63; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((isalnum(c) && c < 128) || c == '-' || c == '_' || c == '.') {
            if (!j && !isalnum(c)) continue;
            r[j++] = (char)c;
        }
    }
    while (j && !isalnum((unsigned char)r[j - 1])) j--;
    r[j] = 0;
    return r;
}

/* ---------- tree helpers ---------- */

cl_node *k8s_str(k8s *k, const char *s) { return cl_new_str(k->a, s); }
cl_node *k8s_int(k8s *k, long long v) { return cl_new_int(k->a, v); }
void k8s_put(k8s *k, cl_builder *b, const char *key, cl_node *v) { if (v) cl_builder_put(b, k->a, key, v); }
void k8s_put_str(k8s *k, cl_builder *b, const char *key, const char *v) { if (v) cl_builder_put(b, k->a, key, k8s_str(k, v)); }

cl_node *k8s_finish(k8s *k, cl_builder *b)
{
    if (!b->n) { cl_builder_discard(b); return NULL; }
    return cl_builder_finish(b, k->a);
}

void k8s_put_built(k8s *k, cl_builder *dst, const char *key, cl_builder *b)
{
    k8s_put(k, dst, key, k8s_finish(k, b));
}

cl_node *k8s_std_labels(k8s *k, const char *svc)
{
    cl_builder b;
    cl_builder_map(&b);
    k8s_put_str(k, &b, K8S_PROJECT_LABEL, k->project);
    if (svc) k8s_put_str(k, &b, K8S_SERVICE_LABEL, svc);
    return cl_builder_finish(&b, k->a);
}

cl_node *k8s_meta(k8s *k, const char *name, cl_node *labels, cl_node *annotations)
{
    cl_builder b;
    cl_builder_map(&b);
    k8s_put_str(k, &b, "name", name);
    if (k->o->namespace_) k8s_put_str(k, &b, "namespace", k->o->namespace_);
    k8s_put(k, &b, "labels", labels);
    k8s_put(k, &b, "annotations", annotations);
    return cl_builder_finish(&b, k->a);
}

void k8s_begin(k8s *k, cl_builder *b, const char *api, const char *kind, cl_node *meta)
{
    cl_builder_map(b);
    k8s_put_str(k, b, "apiVersion", api);
    k8s_put_str(k, b, "kind", kind);
    k8s_put(k, b, "metadata", meta);
}

void k8s_emit(k8s *k, cl_builder *b, int order, const char *kind, const char *name)
{
    if (k->nobjs == k->capobjs) {
        k->capobjs = k->capobjs ? k->capobjs * 2 : 32;
        k->objs = realloc(k->objs, k->capobjs * sizeof *k->objs);
        if (!k->objs) abort();
    }
    k8s_obj *o = &k->objs[k->nobjs];
    o->order = order; o->seq = k->nobjs; o->kind = kind; o->name = name;
    o->node = cl_builder_finish(b, k->a);
    k->nobjs++;
}

cl_node *k8s_base64(k8s *k, const char *s, size_t n)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char *r = cl_arena_alloc(k->a, (n + 2) / 3 * 4 + 1);
    size_t j = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)(unsigned char)s[i] << 16;
        if (i + 1 < n) v |= (unsigned)(unsigned char)s[i + 1] << 8;
        if (i + 2 < n) v |= (unsigned char)s[i + 2];
        r[j++] = tab[(v >> 18) & 63];
        r[j++] = tab[(v >> 12) & 63];
        r[j++] = i + 1 < n ? tab[(v >> 6) & 63] : '=';
        r[j++] = i + 2 < n ? tab[v & 63] : '=';
    }
    r[j] = 0;
    return cl_new_scalar(k->a, r, j, CL_T_STR);
}

const char *k8s_cpu_qty(k8s *k, double cpus)
{
    long long m = llround(cpus * 1000);
    if (m < 1) m = 1;
    if (m % 1000 == 0) return cl_arena_printf(k->a, "%lld", m / 1000);
    return cl_arena_printf(k->a, "%lldm", m);
}

const char *k8s_mem_qty(k8s *k, long long b)
{
    static const char *units[] = { "Ti", "Gi", "Mi", "Ki" };
    static const int shifts[] = { 40, 30, 20, 10 };
    for (int i = 0; i < 4; i++)
        if (b && b % (1LL << shifts[i]) == 0) return cl_arena_printf(k->a, "%lld%s", b >> shifts[i], units[i]);
    return cl_arena_printf(k->a, "%lld", b);
}

void k8s_error(k8s *k, const cl_node *at, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cl_diag_add(k->d, CL_SEV_ERROR, "convert-error", cl_node_span(at), "%s: %s", K8S, msg);
    k->failed = 1;
}

void k8s_caveat(k8s *k, const char *svc, const char *key, const cl_node *at, const char *fmt, ...)
{
    char msg[600], path[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(path, sizeof path, "services.%s.%s", svc, key);
    cl_diag *g = cl_diag_add(k->d, CL_SEV_WARNING, "convert-caveat", cl_node_span(at), "%s: service '%s': %s", K8S, svc, msg);
    cl_diag_set_path(g, path);
}

/* ---------- output ---------- */

static int obj_cmp(const void *x, const void *y)
{
    const k8s_obj *a = x, *b = y;
    if (a->order != b->order) return a->order < b->order ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static const char *file_name(k8s *k, const k8s_obj *o)
{
    char *kind = cl_arena_strdup(k->a, o->kind);
    for (char *c = kind; *c; c++) *c = (char)tolower((unsigned char)*c);
    return cl_arena_printf(k->a, "%s-%s.yaml", o->name, kind);
}

/* ---------- entry ---------- */

static int check_opts(k8s *k)
{
    const cl_emit_opts *o = k->o;
    if (o->controller && strcmp(o->controller, "deployment") && strcmp(o->controller, "statefulset"))
        k8s_error(k, NULL, "--controller takes deployment or statefulset, got '%s'", o->controller);
    if (o->namespace_ && (strcmp(k8s_name(k, o->namespace_), o->namespace_) != 0))
        k8s_error(k, NULL, "--namespace '%s' is not a valid Kubernetes namespace (lowercase letters, digits and '-', at most 63)", o->namespace_);
    if (o->service_type && strcmp(o->service_type, "ClusterIP") && strcmp(o->service_type, "NodePort") && strcmp(o->service_type, "LoadBalancer"))
        k8s_error(k, NULL, "--service-type takes ClusterIP, NodePort or LoadBalancer, got '%s'", o->service_type);
    if (o->pvc_size && !k8s_quantity_ok(o->pvc_size))
        k8s_error(k, NULL, "--pvc-size '%s' is not a Kubernetes quantity (e.g. 10Gi)", o->pvc_size);
    if (o->storage_class && strcmp(k8s_name(k, o->storage_class), o->storage_class) && !strchr(o->storage_class, '.'))
        k8s_error(k, NULL, "--storage-class '%s' is not a valid Kubernetes name", o->storage_class);
    return k->failed;
}

static int emit_kubernetes(const cl_project *p, const cl_emit_opts *o, cl_emit_docs *out, cl_diags *d)
{
    k8s k;
    memset(&k, 0, sizeof k);
    cl_arena arena;
    cl_arena_init(&arena);
    k.a = &arena; k.p = p; k.o = o; k.d = d;
    k.controller = o->controller ? o->controller : "deployment";
    k.service_type = "ClusterIP";
    int rc = 0;
    if (check_opts(&k)) { rc = 1; goto done; }
    const cl_node *root = p->root;
    if (!root || root->kind != CL_MAP) { k8s_error(&k, root, "the project is empty"); rc = 1; goto done; }
    const char *pname = p->name ? p->name : cl_em_str(cl_map_get(root, "name"));
    k.project = k8s_label_value(&k, pname ? pname : "compose");
    if (!*k.project) k.project = "compose";

    /* names of everything first, so references agree however they are ordered */
    const cl_node *svcs = cl_map_get(root, "services");
    if (svcs && svcs->kind == CL_MAP)
        for (uint32_t i = 0; i < svcs->u.m.n; i++)
            k8s_name_of(&k, &k.svc_names, "service", svcs->u.m.items[i].key->u.s.text, svcs->u.m.items[i].key);
    k8s_storage_top(&k);
    if (svcs && svcs->kind == CL_MAP)
        for (uint32_t i = 0; i < svcs->u.m.n; i++) {
            const cl_pair *pr = &svcs->u.m.items[i];
            if (pr->value->kind != CL_MAP) { k8s_error(&k, pr->value, "service '%s' is not a mapping", pr->key->u.s.text); continue; }
            k8s_workload(&k, pr->key->u.s.text, pr->value);
        }
    k8s_network_top(&k);
    /* top-level keys with no Kubernetes meaning */
    for (uint32_t i = 0; i < root->u.m.n; i++) {
        const char *key = root->u.m.items[i].key->u.s.text;
        if (!strcmp(key, "services") || !strcmp(key, "volumes") || !strcmp(key, "networks") || !strcmp(key, "secrets") ||
            !strcmp(key, "configs") || !strcmp(key, "name") || !strcmp(key, "version") || !strncmp(key, "x-", 2)) continue;
        cl_diag *g = cl_diag_add(d, CL_SEV_WARNING, "convert-unsupported", cl_node_span(root->u.m.items[i].key),
                                 "%s: top-level '%s' is not converted: it has no Kubernetes equivalent", K8S, key);
        cl_diag_set_path(g, key);
    }
    if (k.failed) { rc = 1; goto done; }
    if (!k.nobjs) {
        cl_diag_add(d, CL_SEV_WARNING, "convert-empty", cl_node_span(root), "%s: the project has no services: nothing to convert", K8S);
        goto done;
    }
    qsort(k.objs, k.nobjs, sizeof *k.objs, obj_cmp);
    /* one file per object (<name>-<kind>.yaml), or one multi-document stream */
    cl_buf *stream = o->output_dir ? NULL : cl_emit_docs_add(out, NULL);
    for (size_t i = 0; i < k.nobjs; i++) {
        if (!stream) cl_render_yaml(cl_emit_docs_add(out, file_name(&k, &k.objs[i])), k.objs[i].node);
        else {
            if (i) cl_buf_puts(stream, "---\n");
            cl_render_yaml(stream, k.objs[i].node);
        }
    }
done:
    free(k.objs);
    k8s_names *tabs[] = { &k.svc_names, &k.vol_names, &k.secret_names, &k.config_names, &k.alias_names, &k.claim_users };
    for (size_t i = 0; i < sizeof tabs / sizeof *tabs; i++) k8s_names_free(tabs[i]);
    cl_arena_free(&arena);
    return rc;
}

const cl_emitter cl_emitter_kubernetes = {
    "kubernetes", "Kubernetes manifests (Deployments, Services, PVCs, ConfigMaps, Secrets, NetworkPolicies)",
    emit_kubernetes,
};
