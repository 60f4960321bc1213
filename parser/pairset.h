/* pairset.h - the (key, value) pairs a parser handed on while a file was
 * parsed (cl_parse_opts.on_entry), each with the index of what was made of
 * it, found again from a pair of the finished tree. The stages that start
 * while parsing (rules, project) use it to take their work back. */
#ifndef CL_PAIRSET_H
#define CL_PAIRSET_H
#include <stddef.h>
#include "doc.h"

typedef struct cl_pairset {
    struct cl_pairset_slot { const cl_node *key, *value; size_t index; } *slot;
    size_t cap, n;
} cl_pairset;

/* An empty set is all zeros. */
void cl_pairset_add(cl_pairset *s, const cl_node *key, const cl_node *value, size_t index);
/* The index added with exactly these nodes, or -1. */
long cl_pairset_find(const cl_pairset *s, const cl_node *key, const cl_node *value);
void cl_pairset_free(cl_pairset *s);

#endif
