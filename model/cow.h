/* cow.h - copy-on-write editing of trees, so the normalized project shares
 * every unchanged subtree with its input instead of copying it. The input is
 * const: the first change to a map or sequence makes a shallow copy of it
 * (the node and its item array, with a hash index for a big map; the keys
 * stay shared) in the project's arena, later changes write into that copy, and a map or sequence
 * nothing changed in comes back as the input node itself. */
#ifndef CL_COW_H
#define CL_COW_H
#include "../parser/doc.h"

typedef struct cl_cow {
    cl_arena *a;
    const cl_node *orig;      /* a map or a sequence */
    cl_node *copy;            /* NULL until the first change */
} cl_cow;

void cl_cow_init(cl_cow *w, cl_arena *a, const cl_node *orig);
/* Sets the value of pair I (map) or item I (sequence) to V. */
void cl_cow_set(cl_cow *w, uint32_t i, cl_node *v);
/* The edited node: ORIG when nothing changed. */
cl_node *cl_cow_done(const cl_cow *w);
/* A copy of node N's header alone (items shared), to change its flags. */
cl_node *cl_cow_node(cl_arena *a, const cl_node *n);
/* V carrying FROM's !reset / !override marks (for the merge that follows):
 * V itself when it has them already, else a fresh header. */
cl_node *cl_cow_marks(cl_arena *a, cl_node *v, const cl_node *from);

#endif
