/* yaml.c - builds the document model from libfyaml's event stream.
 * One pass, no recursion: open collections are frames on a stack, finished
 * children wait on a scratch stack and are copied into the arena when their
 * collection closes. Aliases point at the anchored node; the size each node
 * would have with every alias expanded is tracked so alias bombs are refused
 * long before anything walks them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "doc.h"
#include "events.h"
#include "scalar_text.h"

typedef struct frame {
    cl_node *node;
    const char *anchor; /* anchor of this collection, registered when it closes */
    size_t base;        /* first child on the scratch stack */
    uint64_t expanded;  /* nodes this collection expands to */
} frame;

typedef struct anchor_ent {
    const char *name;
    cl_node *node;
    uint64_t expanded;
} anchor_ent;

typedef struct builder {
    const cl_source *src;
    uint16_t srcnum;           /* its number, for the nodes (cl_source_doc_begin) */
    const cl_limits *lim;
    cl_diags *diags;
    cl_doc *doc;
    frame *frames; size_t nframes, capframes;
    cl_node **scratch; size_t nscratch, capscratch;
    anchor_ent *anchors; size_t nanchors, capanchors; /* open addressing, cap pow2 */
    struct intern_ent { const char *text; uint32_t len, hash; } *itab; size_t nitab, capitab;
    cl_entry_fn on_entry;
    void *ud;
    cl_node merge_key;  /* stands for every plain `<<` key (see merge_key_event) */
    int failed;
    int ndocs;
    uint64_t root_expanded;
} builder;

static size_t utf8_valid_prefix(const unsigned char *s, size_t n);

static cl_span span_at(const builder *b, uint32_t start, uint32_t end)
{
    cl_span s = { b->src, start, end };
    return s;
}

static void fail(builder *b, const char *code, uint32_t start, uint32_t end, const char *fmt, const char *arg)
{
    if (b->failed) return;
    b->failed = 1;
    cl_diag_add(b->diags, CL_SEV_ERROR, code, span_at(b, start, end), fmt, arg);
}

static void push_scratch(builder *b, cl_node *n)
{
    if (b->nscratch == b->capscratch) {
        b->capscratch = b->capscratch ? b->capscratch * 2 : 256;
        b->scratch = realloc(b->scratch, b->capscratch * sizeof *b->scratch);
        if (!b->scratch) abort();
    }
    b->scratch[b->nscratch++] = n;
}

/* ---- anchors ---- */

static anchor_ent *anchor_slot(builder *b, const char *name)
{
    if (!b->capanchors) return NULL;
    uint32_t h = cl_hash(name, strlen(name));
    for (size_t j = h & (b->capanchors - 1);; j = (j + 1) & (b->capanchors - 1)) {
        anchor_ent *e = &b->anchors[j];
        if (!e->name || strcmp(e->name, name) == 0) return e;
    }
}

static void anchor_set(builder *b, const char *name, cl_node *n, uint64_t expanded)
{
    if ((b->nanchors + 1) * 2 > b->capanchors) {
        size_t oc = b->capanchors;
        anchor_ent *old = b->anchors;
        b->capanchors = oc ? oc * 2 : 64;
        b->anchors = calloc(b->capanchors, sizeof *b->anchors);
        if (!b->anchors) abort();
        b->nanchors = 0;
        for (size_t i = 0; i < oc; i++)
            if (old[i].name) { *anchor_slot(b, old[i].name) = old[i]; b->nanchors++; }
        free(old);
    }
    anchor_ent *e = anchor_slot(b, name);
    if (!e->name) b->nanchors++;
    e->name = name; e->node = n; e->expanded = expanded;
}

/* ---- node creation ---- */

/* Is the next node of the open collection a mapping key? */
static int is_key_slot(const builder *b)
{
    if (!b->nframes) return 0;
    const frame *f = &b->frames[b->nframes - 1];
    return f->node->kind == CL_MAP && ((b->nscratch - f->base) & 1) == 0;
}

static void intern_put(builder *b, struct intern_ent e)
{
    for (size_t j = e.hash & (b->capitab - 1);; j = (j + 1) & (b->capitab - 1))
        if (!b->itab[j].text) { b->itab[j] = e; return; }
}

/* Keys repeat (image, ports, ... in every service): one arena copy of each. */
static const char *intern(builder *b, const char *t, size_t len)
{
    if (len > 64) return cl_arena_strndup(&b->doc->arena, t, len);
    uint32_t h = cl_hash(t, len);
    if ((b->nitab + 1) * 2 > b->capitab) {
        struct intern_ent *old = b->itab;
        size_t oc = b->capitab;
        b->capitab = oc ? oc * 2 : 256;
        b->itab = cl_calloc_written(b->capitab, sizeof *b->itab);   /* probed before written */
        if (!b->itab) abort();
        for (size_t i = 0; i < oc; i++)
            if (old[i].text) intern_put(b, old[i]);
        free(old);
    }
    for (size_t j = h & (b->capitab - 1);; j = (j + 1) & (b->capitab - 1)) {
        struct intern_ent *e = &b->itab[j];
        if (!e->text) {
            e->text = cl_arena_strndup(&b->doc->arena, t, len);
            e->len = (uint32_t)len;
            e->hash = h;
            b->nitab++;
            return e->text;
        }
        if (e->hash == h && e->len == len && !memcmp(e->text, t, len)) return e->text;
    }
}

static uint32_t start_of(const cl_yev *y) { return y->marks & CL_YEV_HAS_START ? y->start : 0; }

static cl_node *new_node(builder *b, cl_kind kind, const cl_yev *ev)
{
    if (++b->doc->nnodes > b->lim->max_nodes) {
        char lim[32];
        snprintf(lim, sizeof lim, "%llu", (unsigned long long)b->lim->max_nodes);
        fail(b, "yaml-limit", start_of(ev), start_of(ev),
             "the file has more than %s YAML nodes (raise with --max-nodes)", lim);
        return NULL;
    }
    cl_node *n = cl_arena_alloc(&b->doc->arena, sizeof *n);
    uint32_t start = start_of(ev);
    /* one store of the whole node: kind is a bit-field, and setting it alone
     * reads the byte first, which on a page not yet touched maps the zero
     * page and then copies it (a second fault, and a TLB flush on every
     * thread) */
    *n = (cl_node){ .kind = (uint8_t)kind, .src_ = b->srcnum, .start = start,
                    .end = ev->marks & CL_YEV_HAS_END ? ev->end : start };
    return n;
}

/* Adds a finished node (with its expanded size) to the open collection, or makes it the root. */
static void attach(builder *b, cl_node *n, uint64_t expanded, const cl_yev *ev)
{
    if (!b->nframes) {
        b->doc->root = n;
        b->root_expanded = expanded;
        return;
    }
    frame *f = &b->frames[b->nframes - 1];
    f->expanded += expanded;
    if (f->expanded > b->lim->max_expanded) {
        char lim[32];
        snprintf(lim, sizeof lim, "%llu", (unsigned long long)b->lim->max_expanded);
        uint32_t at = ev->marks & CL_YEV_HAS_START ? ev->start : n->start;
        fail(b, "yaml-limit", at, at,
             "aliases expand this document past %s nodes: refusing a possible alias bomb "
             "(raise with --max-alias-expansion)", lim);
        return;
    }
    push_scratch(b, n);
}

/* A plain `<<` key is only asked what it is: close_map leaves it out of its
 * mapping and nothing keeps it. One node of the builder's stands for all of
 * them (counted as a node each, as before), not 32 bytes of arena a use. */
static int merge_key_event(builder *b, const cl_yev *ev)
{
    if (!ev->has_value || ev->unreadable || ev->anchor || ev->style != CL_PLAIN || ev->len != 2 || !ev->text ||
        memcmp(ev->text, "<<", 2) || (ev->tag_flags && !ev->tag_merge) || !is_key_slot(b) ||
        b->doc->nnodes >= b->lim->max_nodes)
        return 0;
    b->doc->nnodes++;
    cl_node *n = &b->merge_key;
    n->kind = CL_SCALAR;
    n->flags = CL_NF_MERGE_KEY | ev->tag_flags;
    n->u.s.text = "<<";
    n->u.s.len = 2;
    n->src_ = b->srcnum;
    n->start = start_of(ev);
    n->end = ev->marks & CL_YEV_HAS_END ? ev->end : n->start;
    attach(b, n, 1, ev);
    return 1;
}

static void scalar_event(builder *b, const cl_yev *ev)
{
    if (merge_key_event(b, ev)) return;
    cl_node *n = new_node(b, CL_SCALAR, ev);
    if (!n) return;
    n->style = ev->style;
    const char *t = ev->text ? ev->text : "";
    size_t len = ev->text ? ev->len : 0;
    if (!ev->has_value) {
        /* An empty value (`key:` with nothing after it) has no token and no
         * marks: place it, empty, right after what precedes it (its key). */
        uint32_t at = 0;
        if (b->nframes) {
            const frame *f = &b->frames[b->nframes - 1];
            at = b->nscratch > f->base ? b->scratch[b->nscratch - 1]->end : f->node->start;
            if (at < b->src->len && b->src->data[at] == ':') at++;
        }
        n->start = n->end = at;
    }
    /* The input is valid UTF-8 without NULs, so a decoded value can only hold a
     * NUL through a double-quoted escape; anything else means libfyaml could
     * not make sense of the scalar (seen with mis-indented block scalars). */
    if (ev->unreadable) {
        /* at the line of text docker stops at */
        const char *d = b->src->data;
        uint32_t at = n->start, eol;
        while (at < n->end && (d[at] == ' ' || d[at] == '\n' || d[at] == '\r' || d[at] == '\t')) at++;
        for (eol = at; eol < n->end && d[eol] != '\n' && d[eol] != '\r'; eol++) {}
        fail(b, "yaml-syntax", at, eol, "%s",
             "this block scalar's text must be indented deeper than its key (check its indentation)");
        return;
    }
    uint64_t raw = n->end >= n->start ? n->end - n->start : 0;
    if ((uint64_t)len > raw + raw / 2 + 2) {
        /* a decoded value is never longer than its source text (1.5x for \L escapes) */
        fail(b, "yaml-syntax", n->start, n->end, "%s", "this scalar cannot be read (check its indentation)");
        return;
    }
    /* text that lies in the (already checked) input needs no second look */
    int in_source = t >= b->src->data && t + len <= b->src->data + b->src->len;
    for (size_t at = 0; !in_source && at < len;) {
        at += utf8_valid_prefix((const unsigned char *)t + at, len - at);
        if (at == len) break;
        if (n->style == CL_DQUOTE && t[at] == 0) { at++; continue; }
        fail(b, "yaml-syntax", n->start, n->end, "%s", "this scalar cannot be read (check its indentation)");
        return;
    }
    /* keys two levels down name services, networks...: each once, not worth a table slot */
    n->u.s.text = is_key_slot(b) && b->nframes != 2 ? intern(b, t, len) : cl_arena_strndup(&b->doc->arena, t, len);
    n->u.s.len = (uint32_t)len;
    /* quoted scalars: widen the span over the quotes so fixes replace them too */
    if ((n->style == CL_SQUOTE || n->style == CL_DQUOTE) && n->start > 0) {
        char q = n->style == CL_SQUOTE ? '\'' : '"';
        if (b->src->data[n->start - 1] == q) n->start--;
        if (n->end < b->src->len && b->src->data[n->end] == q) n->end++;
    }
    if (n->style == CL_LITERAL || n->style == CL_FOLDED) {
        /* libfyaml starts a block scalar at its content: point at the | or > indicator instead */
        const char *data = b->src->data;
        uint32_t i = cl_block_indicator(data, n->start);
        if (i > 0) n->start = i - 1;
        while (n->end > n->start && (data[n->end - 1] == ' ' || data[n->end - 1] == '\n' || data[n->end - 1] == '\r')) n->end--;
    }
    n->flags |= ev->tag_flags;
    if (n->style != CL_PLAIN) n->type = CL_T_STR;
    else n->type = (uint8_t)cl_resolve_plain(n->u.s.text, n->u.s.len);
    if (ev->tag_type >= 0) n->type = (uint8_t)ev->tag_type;
    if (n->style == CL_PLAIN && len == 2 && t[0] == '<' && t[1] == '<' && (!ev->tag_flags || ev->tag_merge))
        n->flags |= CL_NF_MERGE_KEY;
    if (ev->anchor) anchor_set(b, ev->anchor, n, 1);
    attach(b, n, 1, ev);
}

static void open_collection(builder *b, const cl_yev *ev, cl_kind kind)
{
    if (b->nframes >= b->lim->max_depth) {
        char lim[32];
        snprintf(lim, sizeof lim, "%u", b->lim->max_depth);
        uint32_t at = start_of(ev);
        fail(b, "yaml-limit", at, at, "nesting is deeper than %s levels (raise with --max-depth)", lim);
        return;
    }
    cl_node *n = new_node(b, kind, ev);
    if (!n) return;
    n->flags |= ev->tag_flags;
    const char *anchor = ev->anchor;
    /* a flow collection's start mark is its bracket */
    if (n->start < b->src->len && (b->src->data[n->start] == '{' || b->src->data[n->start] == '['))
        n->flags |= CL_NF_FLOW;
    if (b->nframes == b->capframes) {
        b->capframes = b->capframes ? b->capframes * 2 : 32;
        b->frames = realloc(b->frames, b->capframes * sizeof *b->frames);
        if (!b->frames) abort();
    }
    frame *f = &b->frames[b->nframes++];
    f->node = n;
    f->anchor = anchor;
    f->base = b->nscratch;
    f->expanded = 1;
}

static int is_merge_key(const cl_node *k) { return k->kind == CL_SCALAR && (k->flags & CL_NF_MERGE_KEY); }

static char *pos_text(const builder *b, uint32_t off, char *buf, size_t n)
{
    uint32_t l, c;
    cl_source_pos(b->src, off, &l, &c);
    snprintf(buf, n, "%u:%u", l, c);
    return buf;
}

/* Hash set of keys while freezing a mapping: returns the index of an equal key or -1. */
typedef struct keyset { uint32_t *slot; uint32_t cap; } keyset;

static long keyset_find_or_add(keyset *ks, cl_pair *pairs, uint32_t i)
{
    const cl_node *k = pairs[i].key;
    uint32_t h = pairs[i].hash;
    for (uint32_t j = h & (ks->cap - 1);; j = (j + 1) & (ks->cap - 1)) {
        uint32_t e = ks->slot[j];
        if (!e) { ks->slot[j] = i + 1; return -1; }
        const cl_node *o = pairs[e - 1].key;
        if (pairs[e - 1].hash == h && o->kind == CL_SCALAR && k->kind == CL_SCALAR &&
            o->u.s.len == k->u.s.len && memcmp(o->u.s.text, k->u.s.text, k->u.s.len) == 0)
            return (long)(e - 1);
    }
}

static void close_map(builder *b, frame *f)
{
    cl_node *m = f->node;
    size_t nchild = b->nscratch - f->base;
    uint32_t npairs = (uint32_t)(nchild / 2);
    cl_node **kv = nchild ? b->scratch + f->base : NULL;
    /* count merged candidates so one allocation holds everything */
    uint32_t extra = 0, nmerge = 0;
    for (uint32_t i = 0; i < npairs; i++) {
        if (!is_merge_key(kv[2 * i])) continue;
        nmerge++;                 /* a `<<` pair itself takes no room */
        const cl_node *v = kv[2 * i + 1];
        if (v->kind == CL_MAP) extra += v->u.m.n;
        else if (v->kind == CL_SEQ)
            for (uint32_t j = 0; j < v->u.q.n; j++)
                if (v->u.q.items[j]->kind == CL_MAP) extra += v->u.q.items[j]->u.m.n;
    }
    uint32_t cap = npairs - nmerge + extra;
    cl_pair *pairs = cl_map_alloc_items(&b->doc->arena, cap);
    uint32_t hc = 16;
    while (hc < cap * 2) hc <<= 1;
    keyset ks = { calloc(hc, sizeof(uint32_t)), hc };
    if (!ks.slot) abort();
    uint32_t n = 0;
    int merges = 0;
    for (uint32_t i = 0; i < npairs && !b->failed; i++) {
        cl_node *k = kv[2 * i], *v = kv[2 * i + 1];
        if (is_merge_key(k)) { merges = 1; continue; }
        pairs[n].key = k;
        pairs[n].value = v;
        pairs[n].hash = k->kind == CL_SCALAR ? cl_hash(k->u.s.text, k->u.s.len) : (uint32_t)(uintptr_t)k | 1u;
        pairs[n].merged = 0;
        long dup = keyset_find_or_add(&ks, pairs, n);
        if (dup >= 0) {
            char where[32];
            b->failed = 1;
            cl_diag *g = cl_diag_add(b->diags, CL_SEV_ERROR, "yaml-duplicate-key", span_at(b, k->start, k->end),
                                     "duplicate key '%s' (first defined at %s)", k->u.s.text,
                                     pos_text(b, pairs[dup].key->start, where, sizeof where));
            cl_diag_add_related(g, span_at(b, pairs[dup].key->start, pairs[dup].key->end), "first definition");
            break;
        }
        n++;
    }
    if (merges && !b->failed) {
        b->doc->has_merges = 1;
        /* explicit keys win; among merged maps, earlier ones win */
        for (uint32_t i = 0; i < npairs && !b->failed; i++) {
            if (!is_merge_key(kv[2 * i])) continue;
            const cl_node *v = kv[2 * i + 1];
            uint32_t nsrc = v->kind == CL_SEQ ? v->u.q.n : 1;
            for (uint32_t s = 0; s < nsrc && !b->failed; s++) {
                const cl_node *mv = v->kind == CL_SEQ ? v->u.q.items[s] : v;
                if (mv->kind != CL_MAP) {
                    fail(b, "yaml-merge", mv->start, mv->end,
                         "%s", "a '<<' merge key takes a mapping or a list of mappings");
                    break;
                }
                for (uint32_t j = 0; j < mv->u.m.n; j++) {
                    pairs[n] = mv->u.m.items[j];
                    pairs[n].merged = 1;
                    if (keyset_find_or_add(&ks, pairs, n) < 0) n++;
                }
            }
        }
    }
    free(ks.slot);
    m->u.m.items = pairs;
    m->u.m.n = n;
    cl_map_index(m);
}

/* N, a mapping just closed: when it is a value two levels down (ROOT_KEY:
 * {KEY: N}, plain keys, no `<<`), hand it to the on_entry callback. */
static void entry_done(builder *b, const cl_node *n)
{
    if (b->nframes != 2) return;
    const frame *root = &b->frames[0], *mid = &b->frames[1];
    if (root->node->kind != CL_MAP || mid->node->kind != CL_MAP || mid->base == 0) return;
    if (((b->nscratch - mid->base) & 1) == 0) return;            /* N would be a key */
    const cl_node *rkey = b->scratch[mid->base - 1], *key = b->scratch[b->nscratch - 1];
    if (rkey->kind != CL_SCALAR || (rkey->flags & CL_NF_MERGE_KEY)) return;
    if (key->kind != CL_SCALAR || (key->flags & CL_NF_MERGE_KEY)) return;
    b->on_entry(b->ud, rkey, key, n);
}

static void close_collection(builder *b, const cl_yev *ev)
{
    if (!b->nframes) return;
    frame f = b->frames[--b->nframes];
    cl_node *n = f.node;
    if ((ev->marks & CL_YEV_HAS_END) && ev->end > n->end) n->end = ev->end;
    if (n->kind == CL_MAP) {
        close_map(b, &f);
    } else {
        uint32_t cnt = (uint32_t)(b->nscratch - f.base);
        n->u.q.items = cl_arena_alloc(&b->doc->arena, (cnt ? cnt : 1) * sizeof(cl_node *));
        if (cnt) memcpy(n->u.q.items, b->scratch + f.base, cnt * sizeof(cl_node *));
        n->u.q.n = cnt;
    }
    if ((n->flags & CL_NF_FLOW) && !b->doc->has_multiline_flow && n->end > n->start &&
        memchr(b->src->data + n->start, '\n', n->end - n->start))
        b->doc->has_multiline_flow = 1;
    /* block collections end where their last child ends (libfyaml's end mark may sit on the next line) */
    if (!(n->flags & CL_NF_FLOW) && b->nscratch > f.base) {
        cl_node *last = b->scratch[b->nscratch - 1];
        if (last->end < n->end || n->end < n->start) n->end = last->end;
    }
    b->nscratch = f.base;
    if (b->failed) return;
    if (f.anchor) anchor_set(b, f.anchor, n, f.expanded);
    if (b->on_entry && n->kind == CL_MAP) entry_done(b, n);
    attach(b, n, f.expanded, ev);
}

static void alias_event(builder *b, const cl_yev *ev)
{
    size_t len = ev->text ? ev->len : 0;
    const char *name = ev->text;
    uint32_t s = start_of(ev), e = ev->marks & CL_YEV_HAS_END ? ev->end : s;
    if (s > 0 && b->src->data[s - 1] == '*') s--;
    char tmp[256];
    snprintf(tmp, sizeof tmp, "%.*s", (int)(len < 200 ? len : 200), name ? name : "");
    anchor_ent *a = anchor_slot(b, tmp);
    if (!a || !a->name) {
        fail(b, "yaml-alias", s, e, "alias '*%s' refers to no anchor defined before it", tmp);
        return;
    }
    a->node->flags |= CL_NF_ALIASED;
    attach(b, a->node, a->expanded, ev);
}

/* libfyaml's first error is the cause; the rest follow from it. */
static void report_stream_error(builder *b, cl_yevents *ev)
{
    uint32_t line, col;
    const char *msg;
    if (!cl_yevents_failed(ev, &line, &col, &msg)) return;
    if (!line) { fail(b, "yaml-syntax", 0, 0, "%s", "invalid YAML"); return; }
    uint32_t off = cl_source_offset(b->src, line, col);
    b->failed = 1;
    cl_diag_add(b->diags, CL_SEV_ERROR, "yaml-syntax", span_at(b, off, off), "%s", msg ? msg : "invalid YAML");
}

/* Length of the valid UTF-8 prefix of S (n when all of it is valid). NUL
 * counts as invalid: a compose file has no use for it. */
static size_t utf8_valid_prefix(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        /* fast path: 8 ASCII bytes without a NUL */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if ((w & 0x8080808080808080ull) || ((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull)) break;
            i += 8;
        }
        if (i >= n) break;
        unsigned c = s[i];
        size_t k = c == 0 ? 0 : c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        int ok = k && i + k <= n;
        for (size_t j = 1; ok && j < k; j++) ok = (s[i + j] & 0xC0) == 0x80;
        if (ok && k == 2) ok = c >= 0xC2;
        if (ok && k == 3) {
            unsigned cp = ((c & 0xF) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu);
            ok = cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF);
        }
        if (ok && k == 4) {
            unsigned cp = ((c & 7) << 18) | ((s[i + 1] & 0x3Fu) << 12) | ((s[i + 2] & 0x3Fu) << 6) | (s[i + 3] & 0x3Fu);
            ok = cp >= 0x10000 && cp <= 0x10FFFF;
        }
        if (!ok) return i;
        i += k;
    }
    return n;
}

/* Rejects invalid UTF-8 before libfyaml sees it, with the exact place. */
static int check_utf8(builder *b)
{
    size_t bad = utf8_valid_prefix((const unsigned char *)b->src->data, b->src->len);
    if (bad == b->src->len) return 0;
    fail(b, "yaml-encoding", (uint32_t)bad, (uint32_t)bad + 1, "%s",
         b->src->data[bad] ? "invalid UTF-8 byte sequence" : "NUL byte in the file");
    return -1;
}

cl_doc *cl_doc_parse(const cl_source *src, const cl_limits *lim, cl_diags *diags)
{
    return cl_doc_parse_threaded(src, lim, diags, 0);
}

cl_doc *cl_doc_parse_threaded(const cl_source *src, const cl_limits *lim, cl_diags *diags, int threaded)
{
    cl_parse_opts po = { threaded, NULL, NULL };
    return cl_doc_parse_ex(src, lim, diags, &po);
}

cl_doc *cl_doc_parse_ex(const cl_source *src, const cl_limits *lim, cl_diags *diags, const cl_parse_opts *po)
{
    int threaded = po && po->threaded;
    cl_limits deflim;
    if (!lim) { cl_limits_default(&deflim); lim = &deflim; }
    builder b;
    memset(&b, 0, sizeof b);
    b.src = src; b.lim = lim; b.diags = diags;
    if (po) { b.on_entry = po->on_entry; b.ud = po->ud; }
    b.doc = calloc(1, sizeof *b.doc);
    if (!b.doc) abort();
    cl_arena_init(&b.doc->arena);
    b.doc->src = src;
    b.srcnum = cl_source_doc_begin(src);
    b.doc->src_held = b.srcnum != 0;
    if (!b.srcnum) {
        fail(&b, "yaml-limit", 0, 0, "%s", "too many files are held at once to number this one's nodes (check fewer at a time)");
        cl_doc_free(b.doc);
        return NULL;
    }
    if (src->len > lim->max_file_size) {
        fail(&b, "yaml-limit", 0, 0, "%s", "the file is larger than the --max-file-size limit");
        cl_doc_free(b.doc);
        return NULL;
    }
    if (check_utf8(&b) < 0) { cl_doc_free(b.doc); return NULL; }

    /* a second core reads the events of a big file while this one builds */
    cl_yevents *evs = cl_yevents_open(src, threaded && src->len >= (256u << 10));
    const cl_yev *ev;
    int done = 0;
    while (!done && !b.failed && (ev = cl_yevents_next(evs)) != NULL) {
        switch (ev->type) {
        case CL_YEV_DOC_START:
            if (++b.ndocs > 1)
                fail(&b, "yaml-multi-document", start_of(ev), start_of(ev), "%s",
                     "a second YAML document: a compose file holds exactly one");
            break;
        case CL_YEV_SCALAR: scalar_event(&b, ev); break;
        case CL_YEV_ALIAS: alias_event(&b, ev); break;
        case CL_YEV_MAP_START: open_collection(&b, ev, CL_MAP); break;
        case CL_YEV_SEQ_START: open_collection(&b, ev, CL_SEQ); break;
        case CL_YEV_MAP_END:
        case CL_YEV_SEQ_END: close_collection(&b, ev); break;
        case CL_YEV_STREAM_END: done = 1; break;
        default: break;
        }
    }
    if (!b.failed) report_stream_error(&b, evs);   /* also when the stream stopped short */
    free(b.frames);
    free(b.scratch);
    free(b.anchors);
    free(b.itab);
    cl_yevents_close(evs);   /* after the builder: anchor names live in its scratch */
    if (b.failed) { cl_doc_free(b.doc); return NULL; }
    return b.doc;
}

void cl_doc_free(cl_doc *d)
{
    if (!d) return;
    if (d->src_held) cl_source_doc_end(d->src);
    cl_arena_free(&d->arena);
    free(d);
}
