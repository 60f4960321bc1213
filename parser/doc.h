/* doc.h - the compact document model. Built from libfyaml's event stream into
 * an arena; every node keeps its source span, scalars keep their style, tag and
 * decoded text, mappings hash their keys (O(1) lookup, duplicates rejected),
 * aliases share nodes and `<<` merges are resolved with explicit keys winning.
 * The same node type serves as the tree that emitters and reports build and
 * render (see parser/render.h). */
#ifndef CL_DOC_H
#define CL_DOC_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "arena.h"
#include "diag.h"
#include "source.h"

typedef enum { CL_SCALAR = 1, CL_MAP, CL_SEQ } cl_kind;
typedef enum { CL_PLAIN = 0, CL_SQUOTE, CL_DQUOTE, CL_LITERAL, CL_FOLDED } cl_style;
/* Type of a scalar as resolved by the YAML 1.2 core schema (quoted => CL_T_STR). */
typedef enum { CL_T_STR = 0, CL_T_NULL, CL_T_BOOL, CL_T_INT, CL_T_FLOAT } cl_stype;

enum {
    CL_NF_RESET = 1u << 0,     /* tagged !reset */
    CL_NF_OVERRIDE = 1u << 1,  /* tagged !override */
    CL_NF_FLOW = 1u << 2,      /* flow collection ({...} / [...]) */
    CL_NF_ALIASED = 1u << 3,   /* the node is the target of at least one alias */
    CL_NF_SYNTH = 1u << 4,     /* made by a later stage, not read from a file */
    CL_NF_TAGGED = 1u << 5,    /* written with an explicit tag (!reset, !!str, ...) */
    CL_NF_MERGE_KEY = 1u << 6, /* a plain `<<` key (untagged or tagged as a merge) */
};

typedef struct cl_node cl_node;
typedef struct cl_pair cl_pair;

struct cl_pair {                /* 24 bytes */
    cl_node *key;              /* always a scalar for hashed lookup */
    cl_node *value;
    uint32_t hash;
    uint32_t merged;           /* 1 when the pair came in through a `<<` merge */
};

/* 24 bytes: a 10,000-service file has about 600,000 of them. A tag is kept
 * only as what it means (flags, the scalar's type), not as text. Kind, style
 * and type share a byte; the source is kept as its number (cl_source_num, 2
 * bytes): read it with cl_node_src, set it with cl_node_set_src. The length
 * and the pointer of each kind share the 12 bytes after it (packed, so the
 * pointer still lands on an 8-byte boundary). A mapping of more than 8 pairs
 * has a hash index (slots holding pair index + 1) placed just before its
 * items, behind a guard word derived from the items' address: only
 * parser/doc.c allocates items (cl_map_alloc_items); a copy that replaced the
 * items without an index is found out and scanned instead. */
struct cl_node {
    uint8_t kind : 2;          /* cl_kind */
    uint8_t style : 3;         /* cl_style (scalars) */
    uint8_t type : 3;          /* cl_stype (scalars) */
    uint8_t flags;             /* CL_NF_* */
    uint16_t src_;             /* its source's number: cl_node_src (0: synthesized, without origin) */
    union {
        struct __attribute__((packed)) { uint32_t len; const char *text; } s;  /* decoded value */
        struct __attribute__((packed)) { uint32_t n; cl_pair *items; } m;
        struct __attribute__((packed)) { uint32_t n; cl_node **items; } q;
    } u;
    uint32_t start, end;       /* byte span in its source (quotes included for quoted scalars) */
};
_Static_assert(sizeof(struct cl_node) == 24, "cl_node stays 24 bytes");

/* N's source (NULL for a synthesized node without origin). */
static inline const cl_source *cl_node_src(const cl_node *n) { return cl_source_by_num(n->src_); }
static inline void cl_node_set_src(cl_node *n, const cl_source *src) { n->src_ = cl_source_num(src); }

typedef struct cl_limits {
    size_t max_file_size;      /* bytes */
    uint32_t max_depth;        /* nesting of collections */
    uint64_t max_nodes;        /* nodes in the file */
    uint64_t max_expanded;     /* nodes after expanding every alias */
    size_t max_files;          /* files one run checks (folders expand to many) */
} cl_limits;

void cl_limits_default(cl_limits *l);

typedef struct cl_doc {
    cl_arena arena;
    const cl_source *src;
    cl_node *root;             /* NULL for an empty file */
    uint64_t nnodes;
    uint32_t has_merges;
    uint32_t has_multiline_flow;   /* a flow collection ([...], {...}) spans lines */
    uint32_t src_held;         /* SRC's number is held for the nodes (cl_source_doc_begin) */
} cl_doc;

/* Parses SRC into a new document. On a YAML or limit error returns NULL and adds
 * error diagnostics (code "yaml-syntax", "yaml-duplicate-key", "yaml-limit", ...).
 * An empty or comment-only file gives a doc with root == NULL. */
cl_doc *cl_doc_parse(const cl_source *src, const cl_limits *lim, cl_diags *diags);
/* The same; THREADED lets a big file's events be read on a second core. */
cl_doc *cl_doc_parse_threaded(const cl_source *src, const cl_limits *lim, cl_diags *diags, int threaded);
/* Called, while the file is still being parsed, with each mapping that is a
 * value two levels down (ROOT_KEY: {KEY: VALUE}) as soon as it is complete:
 * for a compose file, each service, network, volume... */
typedef void (*cl_entry_fn)(void *ud, const cl_node *root_key, const cl_node *key, const cl_node *value);
typedef struct cl_parse_opts {
    int threaded;
    cl_entry_fn on_entry;       /* or NULL */
    void *ud;
} cl_parse_opts;
cl_doc *cl_doc_parse_ex(const cl_source *src, const cl_limits *lim, cl_diags *diags, const cl_parse_opts *po);
void cl_doc_free(cl_doc *d);

/* ---- lookups ---- */
/* The hash of mapping keys (cl_pair.hash). Eight bytes at a time, not one (it
 * was FNV-1a): the keys the rules look up are hashed at each lookup, over a
 * million times on 10,000 services. The tail is read with loads that overlap
 * the bytes before it, so each length covers every byte once or more. Inline:
 * the compiler works out the hash of a literal key. */
static inline uint64_t cl_hash_load_(const char *s, size_t n) { uint64_t w = 0; memcpy(&w, s, n); return w; }
static inline uint64_t cl_hash_step_(uint64_t h, uint64_t w) { h = (h ^ w) * 0xff51afd7ed558ccdull; return h ^ (h >> 29); }
static inline uint32_t cl_hash_inline(const char *s, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15ull ^ n, w;
    if (n >= 8) {
        const char *end = s + n - 8;
        for (; s < end; s += 8) h = cl_hash_step_(h, cl_hash_load_(s, 8));
        w = cl_hash_load_(end, 8);
    } else if (n >= 4) w = cl_hash_load_(s, 4) | cl_hash_load_(s + n - 4, 4) << 32;
    else w = n ? (uint64_t)(unsigned char)s[0] | (uint64_t)(unsigned char)s[n / 2] << 8 |
                     (uint64_t)(unsigned char)s[n - 1] << 16 : 0;
    h = cl_hash_step_(h, w) * 0x9e3779b97f4a7c15ull;
    uint32_t r = (uint32_t)(h >> 32);
    return r ? r : 1;
}
uint32_t cl_hash(const char *s, size_t n);
/* The pair of KEY (LEN bytes, hash H = cl_hash(KEY, LEN)) in MAP, or NULL. */
const cl_pair *cl_map_pairh(const cl_node *map, const char *key, size_t len, uint32_t h);
/* Inline so that the length and the hash of a literal KEY are known when compiling. */
static inline const cl_pair *cl_map_pairn(const cl_node *map, const char *key, size_t len)
{
    return cl_map_pairh(map, key, len, __builtin_constant_p(len) ? cl_hash_inline(key, len) : cl_hash(key, len));
}
static inline const cl_node *cl_map_getn(const cl_node *map, const char *key, size_t len)
{
    const cl_pair *p = cl_map_pairn(map, key, len);
    return p ? p->value : NULL;
}
static inline const cl_node *cl_map_get(const cl_node *map, const char *key) { return cl_map_getn(map, key, strlen(key)); }
static inline const cl_pair *cl_map_pair(const cl_node *map, const char *key) { return cl_map_pairn(map, key, strlen(key)); }
int cl_scalar_is(const cl_node *n, const char *s);      /* scalar with exactly this text */
cl_span cl_node_span(const cl_node *n);

/* ---- building trees (later stages, emitters, reports) ---- */
cl_node *cl_new_scalar(cl_arena *a, const char *text, size_t len, cl_stype type);
cl_node *cl_new_str(cl_arena *a, const char *text);   /* CL_T_STR */
/* The same without a copy of TEXT (NUL-terminated at LEN): it must live as
 * long as the tree, a string literal or text already in A. */
cl_node *cl_new_scalar_ref(cl_arena *a, const char *text, size_t len, cl_stype type);
cl_node *cl_new_int(cl_arena *a, long long v);
cl_node *cl_new_bool(cl_arena *a, int v);
cl_node *cl_new_null(cl_arena *a);
/* Mappings and sequences are built with a temporary builder, then frozen. */
/* A map builder hashes its keys once it holds more than a few, so building a
 * mapping of n keys costs O(n), not O(n^2). */
typedef struct cl_builder {
    cl_pair *pairs; cl_node **items; uint32_t n, cap; int is_map;
    uint32_t *hidx; uint32_t hcap;   /* index into pairs (+1), 0 = empty */
    cl_arena *in;                    /* where its storage comes from (NULL: malloc) */
} cl_builder;
void cl_builder_map(cl_builder *b);
void cl_builder_seq(cl_builder *b);
/* An empty builder's storage comes from A (nothing to free; what growing
 * leaves behind stays there until A is emptied): for builders handed to
 * another thread with A, which would otherwise free and grow the first
 * thread's mallocs (taking its malloc arena's lock as that thread works). */
void cl_builder_in(cl_builder *b, cl_arena *a);
/* Adds (or replaces, keeping position) KEY in a map builder. */
void cl_builder_set(cl_builder *b, cl_node *key, cl_node *value);
void cl_builder_put(cl_builder *b, cl_arena *a, const char *key, cl_node *value);
void cl_builder_push(cl_builder *b, cl_node *item);
cl_node *cl_builder_finish(cl_builder *b, cl_arena *a);  /* frees builder storage */
void cl_builder_discard(cl_builder *b);
/* Freezes PAIRS (copied) into a hashed mapping node; no duplicate check. */
cl_node *cl_new_map(cl_arena *a, const cl_pair *pairs, uint32_t n);
/* Room for N pairs (hash fields filled by the caller) with the hash index
 * before them when N > 8; cl_map_index fills the index once the pairs are set
 * (and the count is final: it may be lower than N). */
cl_pair *cl_map_alloc_items(cl_arena *a, uint32_t n);
void cl_map_index(cl_node *m);
/* A mapping node over ITEMS (from cl_map_alloc_items, at least N; keys and
 * values set, the hashes and the index are filled): no copy of the pairs. */
cl_node *cl_new_map_items(cl_arena *a, cl_pair *items, uint32_t n);
cl_node *cl_new_seq(cl_arena *a, cl_node *const *items, uint32_t n);
/* Copies origin (src/start/end) from FROM onto TO; returns TO. */
cl_node *cl_node_at(cl_node *to, const cl_node *from);

/* YAML 1.2 core-schema resolution of a plain scalar's text. */
cl_stype cl_resolve_plain(const char *s, size_t n);
/* Parses an int/float scalar's value (core schema forms: 0x, 0o, .inf...). */
int cl_scalar_int(const cl_node *n, long long *out);
int cl_scalar_bool(const cl_node *n, int *out);
/* Does scalar N say "yes" where a boolean is expected? A YAML bool is itself; a
 * number is yes when above 0 (when not 0 with CL_TRUE_NONZERO); other text when
 * it spells true: true/True/TRUE, or any case with CL_TRUE_ANYCASE. The rules
 * read flags as compose does (ANYCASE); the converters as they always have
 * (NONZERO). Not a scalar: 0. */
enum { CL_TRUE_NONZERO = 1u << 0, CL_TRUE_ANYCASE = 1u << 1 };
int cl_scalar_true(const cl_node *n, unsigned how);

#endif
