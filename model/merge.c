/* merge.c - compose-spec merge rules on canonical (long syntax) trees. */
#include "merge.h"
#include <stdlib.h>
#include <string.h>
#include "cow.h"
#include "shortsyntax.h"

/* where a node sits; merge_at gets its parent's level and its own key */
enum { L_TOP, L_ROOT, L_SERVICES, L_SERVICE, L_HEALTH, L_OTHER };

static const char *txt(const cl_node *n) { return n && n->kind == CL_SCALAR ? n->u.s.text : ""; }

static int same_scalar(const cl_node *x, const cl_node *y)
{
    return x->kind == CL_SCALAR && y->kind == CL_SCALAR && x->u.s.len == y->u.s.len &&
           memcmp(x->u.s.text, y->u.s.text, x->u.s.len) == 0;
}

static cl_node *merge_at(cl_arena *a, const cl_node *b, const cl_node *o, int level, const char *key);

#define MARKS (CL_NF_RESET | CL_NF_OVERRIDE)

/* The level of the children of a node at LEVEL (ROOT, SERVICES, SERVICE or
 * OTHER) under KEY, as strip tells them apart: what lies in a service is all
 * SERVICE to it. */
static int strip_child(int level, const char *key)
{
    if (level == L_ROOT) return !strcmp(key, "services") ? L_SERVICES : L_OTHER;
    return level == L_SERVICES || level == L_SERVICE ? L_SERVICE : L_OTHER;
}

/* O (at LEVEL) with no base under it: entries tagged !reset dropped, the
 * marks of maps and sequences cleared, pairs that came in through `<<` made
 * plain - outside services: inside one nothing after the merge asks (the
 * rules read `<<` pairs in the file as written, and the project's only in
 * the top-level resources), so a service is not copied for that alone.
 * Copy-on-write: a subtree with none of these comes back as itself, and
 * each node is looked at once. */
static cl_node *strip(cl_arena *a, const cl_node *o, int level)
{
    if (!o || o->kind == CL_SCALAR) return (cl_node *)o;
    int plain = level != L_SERVICE;     /* merged pairs made plain */
    int map = o->kind == CL_MAP;
    uint32_t n = map ? o->u.m.n : o->u.q.n, k = 0;
    cl_pair *pairs = NULL;      /* the new entries, from the first one that differs */
    cl_node **items = NULL;
    for (uint32_t i = 0; i < n; i++) {
        const cl_pair *p = map ? &o->u.m.items[i] : NULL;
        const cl_node *v = map ? p->value : o->u.q.items[i];
        int reset = v && (v->flags & CL_NF_RESET);
        cl_node *nv = reset ? NULL : strip(a, v, strip_child(level, map ? txt(p->key) : ""));
        if (!pairs && !items) {
            if (!reset && nv == v && (!map || !p->merged || !plain)) continue;
            if (map) pairs = malloc(n * sizeof *pairs);
            else items = malloc(n * sizeof *items);
            if (!pairs && !items) abort();
            if (map) memcpy(pairs, o->u.m.items, i * sizeof *pairs);
            else memcpy(items, o->u.q.items, i * sizeof *items);
            k = i;
        }
        if (reset) continue;
        if (map) { pairs[k] = *p; pairs[k].value = nv; pairs[k].merged = p->merged && !plain; k++; }
        else items[k++] = nv;
    }
    cl_node *r;
    if (pairs) r = cl_node_at(cl_new_map(a, pairs, k), o);
    else if (items) r = cl_node_at(cl_new_seq(a, items, k), o);
    else if (o->flags & MARKS) r = cl_cow_node(a, o);
    else return (cl_node *)o;
    r->flags = o->flags & (uint8_t)~MARKS;
    free(pairs);
    free(items);
    return r;
}

cl_node *cl_merge_strip(cl_arena *a, const cl_node *n)
{
    return strip(a, n, L_OTHER);
}

/* unique key of a ports / volumes / secrets / configs entry, or NULL */
static char *unique_key(cl_arena *a, const char *list, const cl_node *e)
{
    if (!e || e->kind != CL_MAP) return NULL;
    if (!strcmp(list, "ports"))
        return cl_arena_printf(a, "%s|%s|%s|%s", txt(cl_map_get(e, "host_ip")), txt(cl_map_get(e, "target")),
                               txt(cl_map_get(e, "published")), txt(cl_map_get(e, "protocol")));
    if (!strcmp(list, "volumes")) return cl_arena_strdup(a, txt(cl_map_get(e, "target")));
    if (!strcmp(list, "secrets") || !strcmp(list, "configs")) {
        const cl_node *t = cl_map_get(e, "target");
        return cl_arena_printf(a, "%s", t ? txt(t) : txt(cl_map_get(e, "source")));
    }
    return NULL;
}

/* E, a ports entry: a short spec normalizing kept as written (for rules
 * alone) comes back in its long form, so that merging meets what it meets
 * when every entry is long. */
static cl_node *port_entry(cl_arena *a, const char *key, cl_node *e)
{
    if (!e || e->kind != CL_SCALAR || strcmp(key, "ports")) return e;
    cl_builder q;
    char err[256];
    cl_builder_seq(&q);
    if (!cl_port_short(a, e, &q, err, sizeof err) && q.n == 1) e = q.items[0];
    cl_builder_discard(&q);
    return e;
}

static cl_node *merge_seq(cl_arena *a, const cl_node *b, const cl_node *o, const char *key)
{
    uint32_t n = b->u.q.n + o->u.q.n;
    cl_node **items = malloc((n ? n : 1) * sizeof *items);
    char **keys = calloc(n ? n : 1, sizeof *keys);
    if (!items || !keys) abort();
    uint32_t k = 0;
    for (uint32_t i = 0; i < b->u.q.n; i++) {
        items[k] = port_entry(a, key, b->u.q.items[i]);
        keys[k] = unique_key(a, key, items[k]);
        k++;
    }
    for (uint32_t i = 0; i < o->u.q.n; i++) {
        cl_node *it = port_entry(a, key, o->u.q.items[i]);
        char *uk = unique_key(a, key, it);
        uint32_t j = 0;
        for (; j < k; j++) {
            if (uk && keys[j] && !strcmp(uk, keys[j])) { items[j] = merge_at(a, items[j], it, L_OTHER, ""); break; }
            if (!uk && same_scalar(items[j], it)) break;
        }
        if (j == k) { items[k] = merge_at(a, NULL, it, L_OTHER, ""); keys[k++] = uk; }
    }
    cl_node *r = cl_node_at(cl_new_seq(a, items, k), o);
    free(items);
    free(keys);
    return r;
}

static int child_level(int level, const char *key)
{
    if (level == L_TOP) return L_ROOT;
    if (level == L_ROOT) return !strcmp(key, "services") ? L_SERVICES : L_OTHER;
    if (level == L_SERVICES) return L_SERVICE;
    if (level == L_SERVICE && !strcmp(key, "healthcheck")) return L_HEALTH;
    return L_OTHER;
}

/* Key index over the pairs being merged, so merging maps of n keys is O(n). */
typedef struct keyidx { uint32_t *slot, mask; } keyidx;

static uint32_t key_hash(const cl_node *k)
{
    return k && k->kind == CL_SCALAR ? cl_hash(k->u.s.text, k->u.s.len) : 0;
}

static void idx_add(keyidx *x, const cl_pair *pairs, uint32_t j)
{
    for (uint32_t i = key_hash(pairs[j].key) & x->mask;; i = (i + 1) & x->mask)
        if (!x->slot[i]) { x->slot[i] = j + 1; return; }
}

/* Index of the live pair whose key equals KEY, or K when there is none. */
static uint32_t idx_find(const keyidx *x, const cl_pair *pairs, const unsigned char *dead, uint32_t k,
                         const cl_node *key)
{
    for (uint32_t i = key_hash(key) & x->mask; x->slot[i]; i = (i + 1) & x->mask) {
        uint32_t j = x->slot[i] - 1;
        if (!dead[j] && pairs[j].key && same_scalar(pairs[j].key, key)) return j;
    }
    return k;
}

static cl_node *merge_map(cl_arena *a, const cl_node *b, const cl_node *o, int level)
{
    uint32_t n = (b ? b->u.m.n : 0) + o->u.m.n, k = 0;
    cl_pair *pairs = malloc((n ? n : 1) * sizeof *pairs);
    unsigned char *dead = calloc(n ? n : 1, 1);
    uint32_t cap = 16;
    while (cap < n * 2) cap <<= 1;
    keyidx x = { calloc(cap, sizeof(uint32_t)), cap - 1 };
    if (!pairs || !dead || !x.slot) abort();
    for (uint32_t i = 0; b && i < b->u.m.n; i++) { pairs[k] = b->u.m.items[i]; idx_add(&x, pairs, k); k++; }
    for (uint32_t i = 0; i < o->u.m.n; i++) {
        const cl_pair *p = &o->u.m.items[i];
        uint32_t j = idx_find(&x, pairs, dead, k, p->key);
        if (p->value && (p->value->flags & CL_NF_RESET)) {
            if (j < k) dead[j] = 1;     /* !reset removes the key */
            continue;
        }
        const char *key = txt(p->key);
        cl_node *v = merge_at(a, j < k ? pairs[j].value : NULL, p->value, level, key);
        if (j < k) pairs[j].value = v;
        else {
            pairs[k] = *p; pairs[k].value = v; pairs[k].merged = 0;
            idx_add(&x, pairs, k);
            k++;
        }
    }
    uint32_t live = 0;
    for (uint32_t j = 0; j < k; j++) if (!dead[j]) pairs[live++] = pairs[j];
    cl_node *r = cl_node_at(cl_new_map(a, pairs, live), o);
    free(pairs);
    free(dead);
    free(x.slot);
    return r;
}

static cl_node *merge_at(cl_arena *a, const cl_node *b, const cl_node *o, int plevel, const char *key)
{
    if (!o) return (cl_node *)b;
    int level = child_level(plevel, key);
    int replace = !b || (o->flags & CL_NF_OVERRIDE) ||
                  (plevel == L_SERVICE && (!strcmp(key, "command") || !strcmp(key, "entrypoint"))) ||
                  (plevel == L_HEALTH && !strcmp(key, "test")) || b->kind != o->kind || o->kind == CL_SCALAR;
    if (replace) return strip(a, o, level == L_ROOT || level == L_SERVICES || level == L_SERVICE ? level : L_OTHER);
    if (o->kind == CL_MAP) {
        cl_node *r = merge_map(a, b, o, level);
        r->flags = o->flags & (uint8_t)~MARKS;
        return r;
    }
    return merge_seq(a, b, o, plevel == L_SERVICE ? key : "");
}

cl_node *cl_merge(cl_arena *a, const cl_node *base, const cl_node *over, cl_merge_level level)
{
    return merge_at(a, base, over, level == CL_MERGE_ROOT ? L_TOP : L_SERVICES, "");
}
