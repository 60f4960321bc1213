/* cow.c - copy-on-write editing of trees (see cow.h). */
#include "cow.h"
#include <string.h>

void cl_cow_init(cl_cow *w, cl_arena *a, const cl_node *orig)
{
    w->a = a;
    w->orig = orig;
    w->copy = NULL;
}

cl_node *cl_cow_node(cl_arena *a, const cl_node *n)
{
    cl_node *r = cl_arena_alloc(a, sizeof *r);
    *r = *n;
    return r;
}

void cl_cow_set(cl_cow *w, uint32_t i, cl_node *v)
{
    const cl_node *n = w->orig;
    if (n->kind == CL_MAP) {
        if (!w->copy) {
            if (n->u.m.items[i].value == v) return;
            /* the same keys: a new items block (with its hash index in front) */
            w->copy = cl_cow_node(w->a, n);
            w->copy->u.m.items = cl_map_alloc_items(w->a, n->u.m.n);
            memcpy(w->copy->u.m.items, n->u.m.items, n->u.m.n * sizeof *n->u.m.items);
            cl_map_index(w->copy);
        }
        w->copy->u.m.items[i].value = v;
    } else {
        if (!w->copy) {
            if (n->u.q.items[i] == v) return;
            w->copy = cl_cow_node(w->a, n);
            w->copy->u.q.items = cl_arena_alloc(w->a, n->u.q.n * sizeof *n->u.q.items);
            memcpy(w->copy->u.q.items, n->u.q.items, n->u.q.n * sizeof *n->u.q.items);
        }
        w->copy->u.q.items[i] = v;
    }
}

cl_node *cl_cow_done(const cl_cow *w) { return w->copy ? w->copy : (cl_node *)w->orig; }

cl_node *cl_cow_marks(cl_arena *a, cl_node *v, const cl_node *from)
{
    uint8_t m = from ? from->flags & (CL_NF_RESET | CL_NF_OVERRIDE) : 0;
    if (!v || (v->flags & m) == m) return v;
    cl_node *r = cl_cow_node(a, v);
    r->flags |= m;
    return r;
}
