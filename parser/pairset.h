/* pairset.h - the (key, value) pairs a parser handed on while a file was
 * parsed (cl_parse_opts.on_entry), each with the index of what was made of
 * it, found again from a pair of the finished tree; and cl_handon, the one
 * record of them that the stages starting while parsing (validation, rules,
 * project) share to take their work back.
 * The parser hands a mapping's pairs on in order, so a lookup first tries
 * the entry at the pair's own position; a hash of the entries is built only
 * when that misses (merges, aliases, a reordered tree). */
#ifndef CL_PAIRSET_H
#define CL_PAIRSET_H
#include <stddef.h>
#include <stdint.h>
#include "doc.h"

typedef struct cl_pairset {
    struct cl_pairset_ent { const cl_node *key, *value; size_t index; } *v;   /* in the order added */
    size_t n, cap;
    uint32_t *slot;            /* built on the first miss: open addressing on the value, entry + 1 */
    size_t scap;
} cl_pairset;

/* An empty set is all zeros. */
void cl_pairset_add(cl_pairset *s, const cl_node *key, const cl_node *value, size_t index);
/* The index added with exactly these nodes, or -1. AT: the pair's position
 * in its mapping (the entry tried first). Not for concurrent use. */
long cl_pairset_find(cl_pairset *s, const cl_node *key, const cl_node *value, size_t at);
void cl_pairset_free(cl_pairset *s);
/* Builds the hash now: later lookups only read, so several threads may
 * look up at once. */
void cl_pairset_seal(cl_pairset *s);

/* The one record of the services handed on while a file is parsed, owned by
 * whoever parses (the pipeline): each service gets an index, and every stage
 * that starts while parsing (validation, rules, the project) is handed the
 * service with that index, files its work under it, and finds it again from
 * a pair of the finished tree (cl_handon_find). */
typedef void (*cl_service_fn)(void *stream, size_t index, const cl_node *key, const cl_node *value);
typedef struct cl_handon {
    cl_pairset set;            /* (key, value) -> index */
    size_t n;                  /* services handed on so far: the next index */
    struct { cl_service_fn fn; void *stream; } to[4];
    size_t nto;
} cl_handon;
/* An empty record is all zeros. FN(STREAM, ...) is handed each service. */
void cl_handon_to(cl_handon *h, cl_service_fn fn, void *stream);
/* A cl_entry_fn (cl_parse_opts.on_entry) with H as its user data: hands on
 * the entries of the root's `services` mapping. */
void cl_handon_entry(void *h, const cl_node *root_key, const cl_node *key, const cl_node *value);
/* After the parse, before stages on other threads look up. */
void cl_handon_seal(cl_handon *h);
/* The index of the service pair P (AT its position in its mapping), or -1
 * when it was not handed on. H may be NULL. */
long cl_handon_find(const cl_handon *h, const cl_pair *p, size_t at);
void cl_handon_free(cl_handon *h);
/* Where a stage files its work for service INDEX: V (elements of SIZE bytes,
 * *N of them) grown, new elements zeroed, so that element INDEX exists (*N is
 * INDEX + 1 then); returns the array (it may have moved). */
void *cl_handon_grow(void *v, size_t *n, size_t index, size_t size);

#endif
