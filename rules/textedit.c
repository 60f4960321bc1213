/* textedit.c - byte-edit helpers for fixes (see textedit.h). */
#include "textedit.h"

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
    if (!p || !p->key || p->merged || p->key->src != s || !cl_line_blank_before(s, p->key->start)) return -1;
    uint32_t end = p->key->end;
    if (p->value && p->value->src == s && p->value->end > end) end = p->value->end;
    if (p->value && p->value->kind != CL_SCALAR && (p->value->flags & CL_NF_FLOW) == 0 && p->value->end < p->key->end) return -1;
    /* nothing but a comment may follow on the last line */
    uint32_t e = end;
    while (e < s->len && (s->data[e] == ' ' || s->data[e] == '\t')) e++;
    if (e < s->len && s->data[e] != '#' && s->data[e] != '\n' && s->data[e] != '\r') return -1;
    out->start = cl_line_start(s, p->key->start);
    out->end = cl_line_next(s, end > p->key->start ? end - 1 : end);
    out->text = "";
    return 0;
}
