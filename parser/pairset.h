/* pairset.h - the (key, value) pairs a parser handed on while a file was
 * parsed (cl_parse_opts.on_entry), each with the index of what was made of
 * it, found again from a pair of the finished tree. The stages that start
 * while parsing (validation, rules, project) use it to take their work back.
 * The parser hands a mapping's pairs on in order, so a lookup first tries
 * the entry at the pair's own position; a hash of the entries is built only
 * when that misses (merges, aliases, a reordered tree). */
#ifndef CL_PAIRSET_H
#define CL_PAIRSET_H
#include <stddef.h>
#include "doc.h"

typedef struct cl_pairset {
    struct cl_pairset_ent { const cl_node *key, *value; size_t index; } *v;   /* in the order added */
    size_t n, cap;
    size_t *slot;              /* built on the first miss: open addressing on the value, entry + 1 */
    size_t scap;
} cl_pairset;

/* An empty set is all zeros. */
void cl_pairset_add(cl_pairset *s, const cl_node *key, const cl_node *value, size_t index);
/* The index added with exactly these nodes, or -1. AT: the pair's position
 * in its mapping (the entry tried first). Not for concurrent use. */
long cl_pairset_find(cl_pairset *s, const cl_node *key, const cl_node *value, size_t at);
void cl_pairset_free(cl_pairset *s);

#endif
