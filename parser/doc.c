/* doc.c - lookups, tree building and YAML 1.2 core-schema scalar resolution. */
#include "doc.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void cl_limits_default(cl_limits *l)
{
    l->max_file_size = 64u << 20;       /* 64 MiB */
    l->max_depth = 200;
    l->max_nodes = 20000000;
    l->max_expanded = 10000000;
    l->max_files = 100000;
}

uint32_t cl_hash(const char *s, size_t n) { return cl_hash_inline(s, n); }

#define CL_LINEAR_MAX 8
/* Layout of a hashed mapping's items block: [cap slots][guard][cap][pairs...].
 * The guard depends on where the pairs are, so the bytes in front of items
 * that were not allocated here cannot pass for an index. */
typedef struct index_tail { uint32_t guard, cap; } index_tail;

static uint32_t guard_for(const void *items) { return (uint32_t)((uintptr_t)items >> 3) ^ 0x6c63c0deu; }

/* The fewest slots the index of N pairs has: twice N, so that a miss (most
 * lookups of a service's keys) soon meets an empty slot; a big mapping (the
 * services of a big file: looked up by name, mostly found) 1.5 times N. */
static uint32_t index_min(uint32_t n) { return n >= 1024 ? n + n / 2 : n * 2; }

static uint32_t index_cap(uint32_t n)
{
    uint32_t cap = 16;
    while (cap < index_min(n)) cap <<= 1;
    return cap;
}

cl_pair *cl_map_alloc_items(cl_arena *a, uint32_t n)
{
    if (n <= CL_LINEAR_MAX) return cl_arena_alloc(a, (n ? n : 1) * sizeof(cl_pair));
    uint32_t cap = index_cap(n);
    unsigned char *blk = cl_arena_alloc(a, cap * sizeof(uint32_t) + sizeof(index_tail) + n * sizeof(cl_pair));
    index_tail *t = (index_tail *)(blk + cap * sizeof(uint32_t));
    cl_pair *items = (cl_pair *)(t + 1);
    t->guard = guard_for(items);
    t->cap = cap;
    return items;
}

/* The index of M and its slot count, or NULL when it has none. */
static const uint32_t *map_index(const cl_node *m, uint32_t *cap)
{
    if (m->u.m.n <= CL_LINEAR_MAX || !m->u.m.items) return NULL;
    const index_tail *t = (const index_tail *)(const void *)m->u.m.items - 1;
    if (t->guard != guard_for(m->u.m.items) || t->cap < index_min(m->u.m.n)) return NULL;
    *cap = t->cap;
    return (const uint32_t *)t - t->cap;
}

void cl_map_index(cl_node *m)
{
    uint32_t cap;
    uint32_t *idx = (uint32_t *)map_index(m, &cap);
    if (!idx) return;
    memset(idx, 0, cap * sizeof *idx);
    for (uint32_t i = 0; i < m->u.m.n; i++)
        for (uint32_t j = m->u.m.items[i].hash & (cap - 1);; j = (j + 1) & (cap - 1))
            if (!idx[j]) { idx[j] = i + 1; break; }
}

static int key_eq(const cl_node *k, const char *key, size_t len)
{
    return k && k->kind == CL_SCALAR && k->u.s.len == len && memcmp(k->u.s.text, key, len) == 0;
}

const cl_pair *cl_map_pairh(const cl_node *m, const char *key, size_t len, uint32_t h)
{
    if (!m || m->kind != CL_MAP) return NULL;
    uint32_t n = m->u.m.n, cap = 0;
    const cl_pair *items = m->u.m.items;
    const uint32_t *idx = n <= CL_LINEAR_MAX ? NULL : map_index(m, &cap);
    if (!idx) {
        for (uint32_t i = 0; i < n; i++)
            if (items[i].hash == h && key_eq(items[i].key, key, len)) return &items[i];
        return NULL;
    }
    for (uint32_t j = h & (cap - 1);; j = (j + 1) & (cap - 1)) {
        uint32_t e = idx[j];
        if (!e) return NULL;
        if (e > n) continue;
        const cl_pair *p = &m->u.m.items[e - 1];
        if (p->hash == h && key_eq(p->key, key, len)) return p;
    }
}



int cl_scalar_is(const cl_node *n, const char *s)
{
    return n && n->kind == CL_SCALAR && key_eq(n, s, strlen(s));
}

cl_span cl_node_span(const cl_node *n)
{
    cl_span s = { NULL, 0, 0 };
    if (n) { s.src = cl_node_src(n); s.start = n->start; s.end = n->end; }
    return s;
}

cl_node *cl_node_at(cl_node *to, const cl_node *from)
{
    if (to && from) { to->src_ = from->src_; to->start = from->start; to->end = from->end; }
    return to;
}

/* ---- construction ---- */

static cl_node *scalar_with(cl_node *n, const char *text, size_t len, cl_stype type)
{
    *n = (cl_node){ .kind = CL_SCALAR, .type = (uint8_t)type, .flags = CL_NF_SYNTH };   /* one store (new_node, yaml.c) */
    n->u.s.text = text;
    n->u.s.len = (uint32_t)len;
    return n;
}

cl_node *cl_new_scalar(cl_arena *a, const char *text, size_t len, cl_stype type)
{
    cl_node *n = cl_arena_alloc(a, sizeof *n);
    return scalar_with(n, cl_arena_strndup(a, text, len), len, type);
}

cl_node *cl_new_scalar_ref(cl_arena *a, const char *text, size_t len, cl_stype type)
{
    return scalar_with(cl_arena_alloc(a, sizeof(cl_node)), text, len, type);
}

cl_node *cl_new_str(cl_arena *a, const char *text) { return cl_new_scalar(a, text, strlen(text), CL_T_STR); }

cl_node *cl_new_int(cl_arena *a, long long v)
{
    /* as "%lld" writes it, without printf (emitters make tens of thousands) */
    char buf[24], *e = buf + sizeof buf, *p = e;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do *--p = (char)('0' + u % 10); while (u /= 10);
    if (v < 0) *--p = '-';
    return cl_new_scalar(a, p, (size_t)(e - p), CL_T_INT);
}

cl_node *cl_new_bool(cl_arena *a, int v) { return cl_new_scalar(a, v ? "true" : "false", v ? 4 : 5, CL_T_BOOL); }
cl_node *cl_new_null(cl_arena *a) { return cl_new_scalar(a, "null", 4, CL_T_NULL); }

/* M made the mapping of ITEMS[0..N) (keys and values set): hashes (not when
 * HASHED: a builder's items carry them already), index. */
static cl_node *map_with(cl_node *m, cl_pair *items, uint32_t n, int hashed)
{
    *m = (cl_node){ .kind = CL_MAP, .flags = CL_NF_SYNTH };
    m->u.m.items = items;
    for (uint32_t i = 0; !hashed && i < n; i++) {
        const cl_node *k = items[i].key;
        items[i].hash = (k && k->kind == CL_SCALAR) ? cl_hash(k->u.s.text, k->u.s.len) : 1;
    }
    m->u.m.n = n;
    cl_map_index(m);
    return m;
}

static cl_node *new_map(cl_arena *a, const cl_pair *pairs, uint32_t n, int hashed)
{
    cl_node *m = cl_arena_alloc(a, sizeof *m);
    cl_pair *items = cl_map_alloc_items(a, n);
    if (n) memcpy(items, pairs, n * sizeof *items);
    return map_with(m, items, n, hashed);
}

cl_node *cl_new_map(cl_arena *a, const cl_pair *pairs, uint32_t n) { return new_map(a, pairs, n, 0); }

cl_node *cl_new_map_items(cl_arena *a, cl_pair *items, uint32_t n)
{
    return map_with(cl_arena_alloc(a, sizeof(cl_node)), items, n, 0);
}

cl_node *cl_new_seq(cl_arena *a, cl_node *const *items, uint32_t n)
{
    cl_node *q = cl_arena_alloc(a, sizeof *q);
    *q = (cl_node){ .kind = CL_SEQ, .flags = CL_NF_SYNTH };
    q->u.q.items = cl_arena_alloc(a, (n ? n : 1) * sizeof *items);
    if (n) memcpy(q->u.q.items, items, n * sizeof *items);
    q->u.q.n = n;
    return q;
}

void cl_builder_map(cl_builder *b) { memset(b, 0, sizeof *b); b->is_map = 1; }
void cl_builder_seq(cl_builder *b) { memset(b, 0, sizeof *b); }

/* OLD (N elements of SIZE) moved to room for CAP in arena A. */
static void *arena_regrow(cl_arena *a, void *old, size_t n, size_t cap, size_t size)
{
    void *p = cl_arena_alloc(a, cap * size);
    if (n) memcpy(p, old, n * size);
    return p;
}

static void bgrow(cl_builder *b)
{
    if (b->n < b->cap) return;
    uint32_t cap = b->cap ? b->cap * 2 : 8;
    if (b->in) {
        if (b->is_map) b->pairs = arena_regrow(b->in, b->pairs, b->n, cap, sizeof *b->pairs);
        else b->items = arena_regrow(b->in, b->items, b->n, cap, sizeof *b->items);
    } else if (b->is_map) { b->pairs = realloc(b->pairs, cap * sizeof *b->pairs); if (!b->pairs) abort(); }
    else { b->items = realloc(b->items, cap * sizeof *b->items); if (!b->items) abort(); }
    b->cap = cap;
}

void cl_builder_in(cl_builder *b, cl_arena *a)
{
    if (b->cap || b->hcap) abort();   /* only an empty builder */
    b->in = a;
}

static uint32_t key_hash(const cl_node *k)
{
    return k && k->kind == CL_SCALAR ? cl_hash(k->u.s.text, k->u.s.len) : 1;
}

static void bindex_insert(cl_builder *b, uint32_t i)
{
    uint32_t mask = b->hcap - 1;
    for (uint32_t j = b->pairs[i].hash & mask;; j = (j + 1) & mask)
        if (!b->hidx[j]) { b->hidx[j] = i + 1; return; }
}

static void bindex_grow(cl_builder *b)
{
    if (!b->in) free(b->hidx);
    b->hcap = b->hcap ? b->hcap * 2 : 64;
    while (b->hcap < (b->n + 1) * 2) b->hcap *= 2;
    if (b->in) {
        b->hidx = cl_arena_alloc(b->in, b->hcap * sizeof *b->hidx);
        memset(b->hidx, 0, b->hcap * sizeof *b->hidx);
    } else b->hidx = calloc(b->hcap, sizeof *b->hidx);
    if (!b->hidx) abort();
    for (uint32_t i = 0; i < b->n; i++) bindex_insert(b, i);
}

void cl_builder_set(cl_builder *b, cl_node *key, cl_node *value)
{
    uint32_t h = key_hash(key);
    if (key->kind == CL_SCALAR) {
        if (b->n >= 16 && (!b->hcap || (b->n + 1) * 2 > b->hcap)) bindex_grow(b);
        if (b->hcap) {
            uint32_t mask = b->hcap - 1;
            for (uint32_t j = h & mask; b->hidx[j]; j = (j + 1) & mask) {
                cl_pair *p = &b->pairs[b->hidx[j] - 1];
                if (p->hash == h && key_eq(p->key, key->u.s.text, key->u.s.len)) { p->value = value; return; }
            }
        } else {
            for (uint32_t i = 0; i < b->n; i++)
                if (b->pairs[i].hash == h && key_eq(b->pairs[i].key, key->u.s.text, key->u.s.len)) {
                    b->pairs[i].value = value;
                    return;
                }
        }
    }
    bgrow(b);
    memset(&b->pairs[b->n], 0, sizeof b->pairs[b->n]);
    b->pairs[b->n].key = key;
    b->pairs[b->n].value = value;
    b->pairs[b->n].hash = h;
    b->n++;
    if (b->hcap) bindex_insert(b, b->n - 1);
}

void cl_builder_put(cl_builder *b, cl_arena *a, const char *key, cl_node *value)
{
    cl_builder_set(b, cl_new_str(a, key), value);
}

void cl_builder_push(cl_builder *b, cl_node *item)
{
    bgrow(b);
    b->items[b->n++] = item;
}

cl_node *cl_builder_finish(cl_builder *b, cl_arena *a)
{
    cl_node *r = b->is_map ? new_map(a, b->pairs, b->n, 1) : cl_new_seq(a, b->items, b->n);
    cl_builder_discard(b);
    return r;
}

void cl_builder_discard(cl_builder *b)
{
    if (!b->in) {
        free(b->pairs);
        free(b->items);
        free(b->hidx);
    }
    memset(b, 0, sizeof *b);
}

/* ---- YAML 1.2 core schema ---- */

static int all_digits(const char *s, size_t n, int base)
{
    if (!n) return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int ok = base == 16 ? ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))
               : base == 8 ? (c >= '0' && c <= '7') : (c >= '0' && c <= '9');
        if (!ok) return 0;
    }
    return 1;
}

static int is_float(const char *s, size_t n)
{
    /* [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )? */
    size_t i = 0;
    if (i < n && (s[i] == '-' || s[i] == '+')) i++;
    size_t d0 = i;
    while (i < n && s[i] >= '0' && s[i] <= '9') i++;
    size_t intd = i - d0, fracd = 0;
    if (i < n && s[i] == '.') {
        i++;
        size_t f0 = i;
        while (i < n && s[i] >= '0' && s[i] <= '9') i++;
        fracd = i - f0;
    }
    if (intd == 0 && fracd == 0) return 0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '-' || s[i] == '+')) i++;
        size_t e0 = i;
        while (i < n && s[i] >= '0' && s[i] <= '9') i++;
        if (i == e0) return 0;
    }
    return i == n;
}

#define EQ(lit) (n == sizeof(lit) - 1 && memcmp(s, lit, n) == 0)

cl_stype cl_resolve_plain(const char *s, size_t n)
{
    if (n == 0 || EQ("~") || EQ("null") || EQ("Null") || EQ("NULL")) return CL_T_NULL;
    if (EQ("true") || EQ("True") || EQ("TRUE") || EQ("false") || EQ("False") || EQ("FALSE")) return CL_T_BOOL;
    if (n > 2 && s[0] == '0' && s[1] == 'o' && all_digits(s + 2, n - 2, 8)) return CL_T_INT;
    if (n > 2 && s[0] == '0' && s[1] == 'x' && all_digits(s + 2, n - 2, 16)) return CL_T_INT;
    {
        size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
        if (all_digits(s + i, n - i, 10)) return CL_T_INT;
    }
    if (EQ(".inf") || EQ(".Inf") || EQ(".INF") || EQ("+.inf") || EQ("+.Inf") || EQ("+.INF") ||
        EQ("-.inf") || EQ("-.Inf") || EQ("-.INF") || EQ(".nan") || EQ(".NaN") || EQ(".NAN"))
        return CL_T_FLOAT;
    if (is_float(s, n)) return CL_T_FLOAT;
    return CL_T_STR;
}

int cl_scalar_int(const cl_node *n, long long *out)
{
    if (!n || n->kind != CL_SCALAR || n->type != CL_T_INT) return 0;
    const char *s = n->u.s.text;
    int base = 10;
    if (s[0] == '0' && s[1] == 'o') { s += 2; base = 8; }
    else if (s[0] == '0' && s[1] == 'x') { s += 2; base = 16; }
    errno = 0;
    char *end;
    long long v = strtoll(s, &end, base);
    if (errno || *end) return 0;
    *out = v;
    return 1;
}

int cl_scalar_bool(const cl_node *n, int *out)
{
    if (!n || n->kind != CL_SCALAR || n->type != CL_T_BOOL) return 0;
    *out = n->u.s.text[0] == 't' || n->u.s.text[0] == 'T';
    return 1;
}

int cl_scalar_true(const cl_node *n, unsigned how)
{
    int b;
    long long v;
    if (!n || n->kind != CL_SCALAR) return 0;
    if (cl_scalar_bool(n, &b)) return b;
    if (cl_scalar_int(n, &v)) return (how & CL_TRUE_NONZERO) ? v != 0 : v > 0;
    const char *t = n->u.s.text;
    if (how & CL_TRUE_ANYCASE) return !strcasecmp(t, "true");
    return !strcmp(t, "true") || !strcmp(t, "True") || !strcmp(t, "TRUE");
}
