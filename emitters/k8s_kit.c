/* k8s_kit.c - what the parts of the Kubernetes emitter share (k8s.h): names
 * made valid for Kubernetes (DNS-1035 labels, label keys and values, clashes
 * and renames), the small tree-building helpers, quantities, base64 and the
 * error and caveat reports. */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "k8s.h"

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

const char *k8s_map_get(const cl_strmap *m, const char *s)
{
    const cl_strmap_ent *e = cl_strmap_get(m, s, strlen(s));
    return e ? e->val : NULL;
}

void k8s_map_put(cl_strmap *m, const char *key, const char *val) { cl_strmap_put(m, key, strlen(key), val, 0, NULL); }

const char *k8s_name_known(const k8s_names *t, const char *from) { return k8s_map_get(&t->from, from); }
const char *k8s_name_owner(const k8s_names *t, const char *to) { return k8s_map_get(&t->to, to); }

void k8s_names_add(k8s_names *t, const char *from, const char *to)
{
    /* the first entry wins both ways; each side's value is the other side's own
     * copy of the text, so that the tables outlive the strings they were given */
    int added_from, added_to;
    cl_strmap_ent *f = cl_strmap_put(&t->from, from, strlen(from), NULL, 0, &added_from);
    cl_strmap_ent *r = cl_strmap_put(&t->to, to, strlen(to), NULL, 0, &added_to);
    if (added_from) f->val = r->key;
    if (added_to) r->val = f->key;
}

void k8s_names_free(k8s_names *t) { cl_strmap_free(&t->from); cl_strmap_free(&t->to); }

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

int k8s_subdomain_ok(const char *s) { return dns_subdomain_ok(s, strlen(s)); }

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

const char *k8s_cat(k8s *k, const char *a, size_t amax, const char *b, const char *c)
{
    size_t na = strlen(a), nb = b ? strlen(b) : 0, nc = c ? strlen(c) : 0;
    if (na > amax) na = amax;
    char *r = cl_arena_alloc(k->a, na + nb + nc + 1);
    memcpy(r, a, na);
    if (nb) memcpy(r + na, b, nb);
    if (nc) memcpy(r + na + nb, c, nc);
    r[na + nb + nc] = 0;
    return r;
}

const char *k8s_dec(char *buf, long long v)
{
    char *p = buf + K8S_DEC - 1;
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    *p = 0;
    do *--p = (char)('0' + u % 10); while (u /= 10);
    if (v < 0) *--p = '-';
    return p;
}

cl_node *k8s_str(k8s *k, const char *s) { return cl_new_str(k->a, s); }
cl_node *k8s_int(k8s *k, long long v) { return cl_new_int(k->a, v); }
/* A key of ours (a literal: it outlives every tree, so it is not copied). */
static cl_node *lit_key(k8s *k, const char *key) { return cl_new_scalar_ref(k->a, key, strlen(key), CL_T_STR); }

void k8s_put_key(k8s *k, cl_builder *b, const char *key, int lit, cl_node *v)
{
    if (v) cl_builder_set(b, lit ? lit_key(k, key) : cl_new_str(k->a, key), v);
}

void k8s_put_str_key(k8s *k, cl_builder *b, const char *key, int lit, const char *v)
{
    if (v) k8s_put_key(k, b, key, lit, k8s_str(k, v));
}

cl_node *k8s_finish(k8s *k, cl_builder *b)
{
    if (!b->n) { cl_builder_discard(b); return NULL; }
    return cl_builder_finish(b, k->a);
}

void k8s_put_built(k8s *k, cl_builder *dst, const char *key, cl_builder *b)
{
    k8s_put(k, dst, key, k8s_finish(k, b));
}

/* Appends KEY: V to the N pairs at P when V is not NULL (the keys of a map made
 * here are distinct: no builder is needed to replace one). */
static void add_pair(k8s *k, cl_pair *p, uint32_t *n, const char *key, cl_node *v)
{
    if (!v) return;
    memset(&p[*n], 0, sizeof p[*n]);
    p[*n].key = lit_key(k, key);
    p[(*n)++].value = v;
}

static cl_node *opt_str(k8s *k, const char *s) { return s ? k8s_str(k, s) : NULL; }

cl_node *k8s_map(k8s *k, const char *const *keys, cl_node *const *vals, uint32_t n)
{
    cl_pair p[8];
    uint32_t m = 0;
    if (n > 8) abort();
    for (uint32_t i = 0; i < n; i++) add_pair(k, p, &m, keys[i], vals[i]);
    return cl_new_map(k->a, p, m);
}

cl_node *k8s_std_labels(k8s *k, const char *svc)
{
    cl_pair p[2];
    uint32_t n = 0;
    add_pair(k, p, &n, K8S_PROJECT_LABEL, opt_str(k, k->project));
    add_pair(k, p, &n, K8S_SERVICE_LABEL, opt_str(k, svc));
    return cl_new_map(k->a, p, n);
}

cl_node *k8s_meta(k8s *k, const char *name, cl_node *labels, cl_node *annotations)
{
    cl_pair p[4];
    uint32_t n = 0;
    add_pair(k, p, &n, "name", opt_str(k, name));
    add_pair(k, p, &n, "namespace", opt_str(k, k->o->namespace_));
    add_pair(k, p, &n, "labels", labels);
    add_pair(k, p, &n, "annotations", annotations);
    return cl_new_map(k->a, p, n);
}

void k8s_begin(k8s *k, cl_builder *b, const char *api, const char *kind, cl_node *meta)
{
    cl_builder_map(b);
    const char *keys[] = { "apiVersion", "kind", "metadata" };
    cl_node *v[] = { opt_str(k, api), opt_str(k, kind), meta };
    for (int i = 0; i < 3; i++) if (v[i]) cl_builder_set(b, lit_key(k, keys[i]), v[i]);
}

/* Appends an object of tree NODE (NULL: built later, FRESH 2). */
static void add_obj(k8s *k, int order, const char *kind, const char *name, cl_node *node)
{
    if (k->nobjs == k->capobjs) {
        k->capobjs = k->capobjs ? k->capobjs * 2 : 32;
        k->objs = realloc(k->objs, k->capobjs * sizeof *k->objs);
        if (!k->objs) abort();
    }
    k8s_obj *o = &k->objs[k->nobjs];
    o->order = (int16_t)order; o->kind = kind;
    o->name = cl_arena_strdup(k->keep, name);   /* names may come from the names tables, freed first */
    o->node = node;
    o->text_at = o->text_len = 0; o->render_id = 0;
    o->fresh = node ? 1 : 2;
    k->nobjs++;
}

void k8s_emit(k8s *k, cl_builder *b, int order, const char *kind, const char *name)
{
    add_obj(k, order, kind, name, cl_builder_finish(b, k->a));
}

/* What the render thread needs to make a tree: the build, what the k8s helpers
 * read (options, project label), and the build's arguments. */
typedef struct k8s_later {
    k8s_build_fn build;
    const cl_emit_opts *o;
    const char *project;
    union { void *p; long long i; double d; } args[];
} k8s_later;

cl_node *k8s_later_run(void *later, cl_arena *a)
{
    /* the thread's own k8s, zero but for what a build reads (zeroing one a
     * build, tens of thousands of times, cost more than the builds' own) */
    static _Thread_local k8s k;
    k8s_later *l = later;
    k.a = k.keep = a; k.o = l->o; k.project = l->project;
    return l->build(&k, l->args);
}

void k8s_emit_built(k8s *k, int order, const char *kind, const char *name, k8s_build_fn build, void *args, size_t size)
{
    if (!k->later_ok) { add_obj(k, order, kind, name, build(k, args)); return; }
    /* in the service's arena: the render thread has it until the service's trees are rendered */
    k8s_later *l = cl_arena_alloc(k->a, sizeof *l + size);
    l->build = build; l->o = k->o; l->project = k->project;
    memcpy(l->args, args, size);
    if (k->nlater == k->caplater) {
        k->caplater = k->caplater ? 2 * k->caplater : 8;
        k->later = realloc(k->later, k->caplater * sizeof *k->later);
        if (!k->later) abort();
    }
    k->later[k->nlater++] = l;
    add_obj(k, order, kind, name, NULL);
}

cl_node *k8s_keep_tree(k8s *k, const cl_node *n)
{
    if (!n) return NULL;
    cl_node *c;
    if (n->kind == CL_MAP) {
        cl_pair *pairs = malloc((n->u.m.n ? n->u.m.n : 1) * sizeof *pairs);
        if (!pairs) abort();
        for (uint32_t i = 0; i < n->u.m.n; i++) {
            pairs[i] = n->u.m.items[i];
            pairs[i].key = k8s_keep_tree(k, n->u.m.items[i].key);
            pairs[i].value = k8s_keep_tree(k, n->u.m.items[i].value);
        }
        c = cl_new_map(k->keep, pairs, n->u.m.n);
        free(pairs);
    } else if (n->kind == CL_SEQ) {
        cl_node **items = malloc((n->u.q.n ? n->u.q.n : 1) * sizeof *items);
        if (!items) abort();
        for (uint32_t i = 0; i < n->u.q.n; i++) items[i] = k8s_keep_tree(k, n->u.q.items[i]);
        c = cl_new_seq(k->keep, items, n->u.q.n);
        free(items);
    } else c = cl_new_scalar(k->keep, n->u.s.text, n->u.s.len, (cl_stype)n->type);
    c->style = n->style; c->flags = n->flags;
    c->start = n->start; c->end = n->end; c->src_ = n->src_;
    return c;
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
    char d[K8S_DEC];
    if (m % 1000 == 0) return k8s_cat(k, k8s_dec(d, m / 1000), SIZE_MAX, NULL, NULL);
    return k8s_cat(k, k8s_dec(d, m), SIZE_MAX, "m", NULL);
}

const char *k8s_mem_qty(k8s *k, long long b)
{
    static const char *units[] = { "Ti", "Gi", "Mi", "Ki" };
    static const int shifts[] = { 40, 30, 20, 10 };
    char d[K8S_DEC];
    for (int i = 0; i < 4; i++)
        if (b && b % (1LL << shifts[i]) == 0) return k8s_cat(k, k8s_dec(d, b >> shifts[i]), SIZE_MAX, units[i], NULL);
    return k8s_cat(k, k8s_dec(d, b), SIZE_MAX, NULL, NULL);
}

void k8s_error(k8s *k, const cl_node *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cl_em_vdiag(k->d, CL_SEV_ERROR, "convert-error", at, NULL, K8S ": ", fmt, ap);
    va_end(ap);
    k->failed = 1;
}

void k8s_caveat(k8s *k, const char *svc, const char *key, const cl_node *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cl_em_vdiag_pieces(k->d, CL_SEV_WARNING, "convert-caveat", at, (const char *[]){ "services.", svc, ".", key }, 4,
                       (const char *[]){ K8S, ": service '", svc, "': " }, 4, fmt, ap);
    va_end(ap);
}
