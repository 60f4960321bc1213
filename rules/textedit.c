/* textedit.c - byte-edit helpers for fixes (see textedit.h). */
#include <string.h>
#include "textedit.h"

uint32_t cl_node_end(const cl_node *n)
{
    if (!n) return 0;
    if (n->kind == CL_SCALAR) return n->end > n->start ? n->end : 0;
    if ((n->flags & CL_NF_FLOW) && n->end > n->start) return n->end;
    uint32_t e = 0;
    if (n->kind == CL_MAP) {
        for (uint32_t i = 0; i < n->u.m.n; i++) {
            const cl_pair *p = &n->u.m.items[i];
            if (p->merged || !p->key || cl_node_src(p->key) != cl_node_src(n)) continue;
            if (p->key->end > e) e = p->key->end;
            if (p->value && cl_node_src(p->value) == cl_node_src(n) && p->value->start >= p->key->start) {
                uint32_t v = cl_node_end(p->value);
                if (v > e) e = v;
            }
        }
    } else if (n->kind == CL_SEQ) {
        for (uint32_t i = 0; i < n->u.q.n; i++) {
            const cl_node *it = n->u.q.items[i];
            if (!it || cl_node_src(it) != cl_node_src(n) || it->start < n->start) continue;
            uint32_t v = cl_node_end(it);
            if (v > e) e = v;
        }
    }
    return e;
}

uint32_t cl_line_start(const cl_source *s, uint32_t off)
{
    while (off > 0 && s->data[off - 1] != '\n' && s->data[off - 1] != '\r') off--;
    return off;
}

uint32_t cl_line_next(const cl_source *s, uint32_t off)
{
    while (off < s->len && s->data[off] != '\n' && s->data[off] != '\r') off++;
    if (off < s->len && s->data[off] == '\r') off++;
    if (off < s->len && s->data[off] == '\n') off++;
    return off;
}

int cl_line_blank_before(const cl_source *s, uint32_t off)
{
    for (uint32_t a = cl_line_start(s, off); a < off; a++)
        if (s->data[a] != ' ' && s->data[a] != '\t') return 0;
    return 1;
}

int cl_edit_delete_pair(const cl_source *s, const cl_pair *p, cl_edit *out)
{
    if (!p || !p->key || p->merged || cl_node_src(p->key) != s || !cl_line_blank_before(s, p->key->start)) return -1;
    uint32_t end = p->key->end;
    if (p->value && cl_node_src(p->value) == s && p->value->start < p->key->start) return -1;   /* alias */
    if (p->value && cl_node_src(p->value) == s && cl_node_end(p->value) > end) end = cl_node_end(p->value);
    /* nothing but a comment may follow on the last line */
    uint32_t e = end;
    while (e < s->len && (s->data[e] == ' ' || s->data[e] == '\t')) e++;
    if (e < s->len && s->data[e] != '#' && s->data[e] != '\n' && s->data[e] != '\r') return -1;
    out->start = cl_line_start(s, p->key->start);
    out->end = cl_line_next(s, end > p->key->start ? end - 1 : end);
    out->text = "";
    return 0;
}
