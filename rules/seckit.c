/* seckit.c - helpers of the host-exposure and hardening rules (see seckit.h). */
#include "seckit.h"
#include "../parser/yamlquote.h"
#include <stdlib.h>
#include <string.h>
#include "textedit.h"
#include "../model/project.h"

/* The services sk_each_service walks, worked out once per run of the rules
 * (in ctx->memo) for all the rules that walk them: finding each service's
 * mapping in the checked file and its key costs two lookups by name in a
 * mapping of every service, which a dozen rules repeated. Valid for the
 * trees it was made from. An entry per pair of SVCS keeps what the lookups
 * found (16 bytes); the name and the project's mapping are read from the
 * pair at each walk (the views of the two threads' rules were 32 bytes a
 * service, 640 KB at the run's peak on 10,000 services). */
typedef struct sk_ent { const cl_node *raw, *key; } sk_ent;
static const cl_node no_service;   /* RAW of a pair that is no service mapping: not walked */

typedef struct sk_view {
    const cl_node *svcs, *raws, *root;
    const cl_source *src;
    sk_ent *v;                 /* one per pair of SVCS */
    size_t n;
    int walking;               /* a walk is under way: a nested one with other trees makes its own */
} sk_view;

static void view_drop(void *data)
{
    sk_view *w = data;
    free(w->v);
    free(w);
}

static void view_fill(cl_rule_ctx *ctx, sk_view *w, const cl_node *svcs, const cl_node *raws)
{
    w->svcs = svcs; w->raws = raws; w->root = ctx->root; w->src = ctx->doc->src;
    w->n = svcs ? svcs->u.m.n : 0;
    free(w->v);
    w->v = malloc(w->n * sizeof *w->v + 1);
    if (!w->v) abort();
    for (uint32_t i = 0; i < w->n; i++) {
        const cl_pair *p = &svcs->u.m.items[i];
        const char *name = rk_str(p->key);
        if (!name || !rk_is_map(p->value)) { w->v[i].raw = &no_service; continue; }
        size_t len = strlen(name);
        const cl_node *raw = cl_map_getn(raws, name, len);
        /* rk_service_key would find P itself (keys are unique): its key, when it has a place */
        int own = len == p->key->u.s.len && rk_here(ctx, p->key, NULL);
        w->v[i].raw = rk_is_map(raw) && cl_node_src(raw) == ctx->doc->src ? raw : NULL;
        w->v[i].key = own ? p->key : rk_service_key(ctx, name, len);
    }
}

void sk_each_service(cl_rule_ctx *ctx, sk_fn fn)
{
    const cl_node *svcs = rk_services(rk_tree(ctx)), *raws = rk_services(ctx->root);
    sk_view mine = { 0 }, *w = ctx->memo ? ctx->memo->data : NULL;
    if (ctx->memo && !ctx->memo->drop) {
        w = calloc(1, sizeof *w);
        if (!w) abort();
        ctx->memo->data = w;
        ctx->memo->drop = view_drop;
    }
    if (!w || (w->walking && (w->svcs != svcs || w->raws != raws || w->root != ctx->root || w->src != ctx->doc->src)))
        w = &mine;
    if (w == &mine || !w->v || w->svcs != svcs || w->raws != raws || w->root != ctx->root || w->src != ctx->doc->src)
        view_fill(ctx, w, svcs, raws);
    w->walking++;
    for (size_t i = 0; i < w->n; i++) {
        if (w->v[i].raw == &no_service) continue;
        const cl_pair *p = &w->svcs->u.m.items[i];
        sk_service s = { rk_str(p->key), p->value, w->v[i].raw, w->v[i].key };
        fn(ctx, &s);
    }
    w->walking--;
    if (w == &mine) free(mine.v);
}

const cl_node *sk_at(const cl_rule_ctx *ctx, const sk_service *s, const cl_node *n)
{
    return rk_here(ctx, n, s->key);
}

cl_diag *sk_sev(cl_diag *g, cl_severity sev)
{
    if (g && sev < g->severity) g->severity = sev;
    return g;
}

const char *sk_cap_name(const char *s)
{
    return s && (!strncmp(s, "CAP_", 4) || !strncmp(s, "cap_", 4) || !strncmp(s, "Cap_", 4)) ? s + 4 : s;
}

/* ---- host paths ---- */

int sk_path_norm(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    out[0] = 0;
    if (!n || s[0] != '/' || cap < 2) return 0;
    for (size_t i = 0; i < n;) {
        while (i < n && s[i] == '/') i++;
        size_t b = i;
        while (i < n && s[i] != '/') i++;
        size_t len = i - b;
        if (!len || (len == 1 && s[b] == '.')) continue;
        if (len == 2 && s[b] == '.' && s[b + 1] == '.') {      /* up one: back to the previous '/' */
            while (o && out[o - 1] != '/') o--;
            if (o) o--;
            continue;
        }
        if (o + 1 + len + 1 > cap) { out[0] = 0; return 0; }
        out[o++] = '/';
        memcpy(out + o, s + b, len);
        o += len;
    }
    if (!o) out[o++] = '/';
    out[o] = 0;
    return 1;
}

int sk_path_under(const char *path, const char *prefix)
{
    size_t n = strlen(prefix);
    if (n == 1 && prefix[0] == '/') return path[0] == '/';
    return !strncmp(path, prefix, n) && (path[n] == 0 || path[n] == '/');
}

/* Reads the comma-separated mount options S[0..n) (short syntax, driver_opts o). */
static void mount_opts(const char *s, size_t n, sk_mount *m)
{
    static const char *const props[] = { "shared", "rshared", "slave", "rslave", "private", "rprivate", NULL };
    for (size_t i = 0; i < n;) {
        size_t b = i;
        while (i < n && s[i] != ',') i++;
        size_t len = i - b;
        if ((len == 2 && !strncmp(s + b, "ro", 2)) || (len == 8 && !strncmp(s + b, "readonly", 8))) m->read_only = 1;
        for (const char *const *p = props; *p; p++)
            if (strlen(*p) == len && !strncmp(s + b, *p, len)) memcpy(m->propagation, *p, len + 1);
        if (i < n) i++;
    }
}

/* 1 when the comma-separated list S holds bind or rbind. */
static int has_bind(const char *s)
{
    for (const char *p = s; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
        if (!strncmp(p, "bind", 4) ? (p[4] == 0 || p[4] == ',') : (!strncmp(p, "rbind", 5) && (p[5] == 0 || p[5] == ',')))
            return 1;
    return 0;
}

int sk_mount_read(const cl_node *tree, const cl_node *item, sk_mount *m)
{
    memset(m, 0, sizeof *m);
    rk_volume v;
    if (!rk_volume_parse(item, &v)) return 0;
    m->at = v.source_node;
    m->source = v.source;
    m->source_len = v.source_len;
    if (item->kind == CL_SCALAR) {
        if (v.mode) mount_opts(v.mode, v.mode_len, m);
    } else {
        m->read_only = cl_scalar_true(cl_map_get(item, "read_only"), CL_TRUE_ANYCASE);
        const char *p = rk_str(cl_map_get(cl_map_get(item, "bind"), "propagation"));
        if (p) mount_opts(p, strlen(p), m);
    }
    if (v.kind == RK_VOL_BIND) {
        sk_path_norm(v.source, v.source_len, m->path, sizeof m->path);
    } else if (v.kind == RK_VOL_NAMED) {
        const cl_pair *vp = cl_map_pairn(cl_map_get(tree, "volumes"), v.source, v.source_len);
        const cl_node *dopts = vp ? cl_map_get(vp->value, "driver_opts") : NULL;
        const char *o = rk_str(cl_map_get(dopts, "o")), *dev = rk_str(cl_map_get(dopts, "device"));
        if (o && dev && !rk_interpolated(dev) && has_bind(o) && sk_path_norm(dev, strlen(dev), m->path, sizeof m->path)) {
            m->volume = vp->key->u.s.text;
            mount_opts(o, strlen(o), m);
        }
    }
    return 1;
}

/* ---- fixes ---- */

/* The text from the start of OFF's line to OFF when it is spaces followed by
 * the tail TAIL ("" or "-"), as a malloc'd string; NULL otherwise. */
static char *lead(const cl_source *src, uint32_t off, int dash)
{
    uint32_t ls = cl_line_start(src, off), i = ls;
    while (i < off && src->data[i] == ' ') i++;
    if (dash) {
        if (i >= off || src->data[i] != '-') return NULL;
        i++;
        while (i < off && src->data[i] == ' ') i++;
    }
    if (i != off) return NULL;
    char *r = malloc(off - ls + 1);
    if (!r) abort();
    memcpy(r, src->data + ls, off - ls);
    r[off - ls] = 0;
    return r;
}

/* The strings of PARTS (N of them) one after the other, malloc'd. */
static char *concat(const char *const *parts, size_t n)
{
    size_t total = 1;
    for (size_t i = 0; i < n; i++) total += strlen(parts[i]);
    char *t = malloc(total);
    if (!t) abort();
    rk_cat(t, total, parts, n);
    return t;
}

/* Inserts "PREFIX" KEY (and ": " VALUE when VALUE is not NULL) "\n" on a line
 * of its own after collection COLL. */
static void insert_after(const cl_rule_ctx *ctx, cl_diag *g, const cl_node *coll, const char *prefix,
                         const char *key, const char *value, const char *description)
{
    const cl_source *src = ctx->doc->src;
    uint32_t end = cl_node_end(coll);
    if (!end) return;
    uint32_t at = cl_line_next(src, end);
    int nl = at == src->len && at && src->data[at - 1] != '\n';
    const char *parts[] = { nl ? "\n" : "", prefix, key, value ? ": " : "", value ? value : "", "\n" };
    char *t = concat(parts, 6);
    cl_edit e = { at, at, t };
    cl_diag_set_fix(g, description, 0, &e, 1);
    free(t);
}

static int block_here(const cl_rule_ctx *ctx, const cl_node *n)
{
    return n && cl_node_src(n) == ctx->doc->src && !(n->flags & (CL_NF_FLOW | CL_NF_ALIASED)) &&
           (n->kind == CL_MAP ? n->u.m.n : n->kind == CL_SEQ ? n->u.q.n : 0);
}

/* The service's mapping as written when a line KEY: ... can be added to it, else NULL. */
static const cl_node *add_key_target(const cl_rule_ctx *ctx, const cl_diag *g, const sk_service *s, const char *key)
{
    const cl_node *m = s->raw;
    if (!g || cl_diag_src(g) != ctx->doc->src || !block_here(ctx, m) || m->kind != CL_MAP || cl_map_get(m, "extends") || cl_map_get(m, key)) return NULL;
    for (uint32_t i = 0; i < m->u.m.n; i++)
        if (m->u.m.items[i].merged || (m->u.m.items[i].key->flags & CL_NF_MERGE_KEY)) return NULL;
    return m;
}

/* Adds "KEY: VALUE" to M (from add_key_target) at the indent of its keys. */
static void add_key_at(const cl_rule_ctx *ctx, cl_diag *g, const cl_node *m, const char *key, const char *value,
                       const char *description)
{
    char *indent = lead(ctx->doc->src, m->u.m.items[0].key->start, 0);
    if (!indent) return;
    insert_after(ctx, g, m, indent, key, value, description);
    free(indent);
}

void sk_fix_add_key(const cl_rule_ctx *ctx, cl_diag *g, const sk_service *s, const char *key,
                    const char *value, const char *description)
{
    const cl_node *m = add_key_target(ctx, g, s, key);
    if (m) add_key_at(ctx, g, m, key, value, description);
}

static void fix_add_item(const cl_rule_ctx *ctx, cl_diag *g, const cl_node *seq, const char *item, const char *description)
{
    if (!g || cl_diag_src(g) != ctx->doc->src || !block_here(ctx, seq) || seq->kind != CL_SEQ) return;
    char *dash = lead(ctx->doc->src, seq->u.q.items[0]->start, 1);
    if (!dash) return;
    insert_after(ctx, g, seq, dash, item, NULL, description);
    free(dash);
}

void sk_fix_add_to_list(const cl_rule_ctx *ctx, cl_diag *g, const sk_service *s, const char *key,
                        const char *item, const char *description)
{
    const cl_node *have = cl_map_get(s->node, key), *raw = s->raw ? cl_map_get(s->raw, key) : NULL;
    if (raw && raw == have && !cl_map_get(s->raw, "extends")) {
        fix_add_item(ctx, g, raw, item, description);
    } else if (!have) {
        const cl_node *m = add_key_target(ctx, g, s, key);
        if (!m) return;                  /* the value is made only for a fix that applies */
        int plain = !strchr(item, ':') && cl_yaml_plain_safe(item, strlen(item), CL_PLAIN_FLOW);
        const char *parts[] = { plain ? "[" : "[\"", item, plain ? "]" : "\"]" };
        char *v = concat(parts, 3);
        add_key_at(ctx, g, m, key, v, description);
        free(v);
    }
}
