/* textedit.c - byte-edit helpers for fixes (see textedit.h). */
#include <string.h>
#include <strings.h>
#include "textedit.h"
#include "../parser/buf.h"

uint32_t cl_node_end(const cl_node *n)
{
    if (!n) return 0;
    if (n->kind == CL_SCALAR) return n->end > n->start ? n->end : 0;
    if ((n->flags & CL_NF_FLOW) && n->end > n->start) return n->end;
    uint32_t e = 0;
    if (n->kind == CL_MAP) {
        for (uint32_t i = 0; i < n->u.m.n; i++) {
            const cl_pair *p = &n->u.m.items[i];
            if (p->merged || !p->key || p->key->src != n->src) continue;
            if (p->key->end > e) e = p->key->end;
            if (p->value && p->value->src == n->src && p->value->start >= p->key->start) {
                uint32_t v = cl_node_end(p->value);
                if (v > e) e = v;
            }
        }
    } else if (n->kind == CL_SEQ) {
        for (uint32_t i = 0; i < n->u.q.n; i++) {
            const cl_node *it = n->u.q.items[i];
            if (!it || it->src != n->src || it->start < n->start) continue;
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
    if (!p || !p->key || p->merged || p->key->src != s || !cl_line_blank_before(s, p->key->start)) return -1;
    uint32_t end = p->key->end;
    if (p->value && p->value->src == s && p->value->start < p->key->start) return -1;   /* alias */
    if (p->value && p->value->src == s && cl_node_end(p->value) > end) end = cl_node_end(p->value);
    /* nothing but a comment may follow on the last line */
    uint32_t e = end;
    while (e < s->len && (s->data[e] == ' ' || s->data[e] == '\t')) e++;
    if (e < s->len && s->data[e] != '#' && s->data[e] != '\n' && s->data[e] != '\r') return -1;
    out->start = cl_line_start(s, p->key->start);
    out->end = cl_line_next(s, end > p->key->start ? end - 1 : end);
    out->text = "";
    return 0;
}

int cl_plain_ok(const char *s, size_t n, int flow)
{
    if (!n || s[0] == ' ' || s[n - 1] == ' ' || s[n - 1] == ':') return 0;
    if (strchr("-?:,[]{}#&*!|>'\"%@`", s[0]) && !((s[0] == '-' || s[0] == '?' || s[0] == ':') && n > 1 && s[1] != ' '))
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f) return 0;
        if (c == ':' && i + 1 < n && s[i + 1] == ' ') return 0;
        if (c == '#' && i > 0 && s[i - 1] == ' ') return 0;
        if (flow && strchr(",[]{}", c)) return 0;
        if (flow && c == ':' && i + 1 < n && strchr(",[]{}", s[i + 1])) return 0;
    }
    /* words YAML 1.1 readers take for booleans or null stay quoted */
    static const char *const v11[] = { "y", "n", "yes", "no", "on", "off", NULL };
    for (int i = 0; v11[i]; i++)
        if (strlen(v11[i]) == n && !strncasecmp(v11[i], s, n)) return 0;
    return cl_resolve_plain(s, n) == CL_T_STR;
}

char *cl_yaml_quoted(const char *s, size_t n, int single)
{
    cl_buf b;
    cl_buf_init(&b);
    cl_buf_putc(&b, single ? '\'' : '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (single) { if (c == '\'') cl_buf_putc(&b, '\''); cl_buf_putc(&b, (char)c); continue; }
        if (c == '"' || c == '\\') { cl_buf_putc(&b, '\\'); cl_buf_putc(&b, (char)c); }
        else if (c == '\n') cl_buf_puts(&b, "\\n");
        else if (c == '\t') cl_buf_puts(&b, "\\t");
        else if (c < 0x20 || c == 0x7f) cl_buf_printf(&b, "\\x%02x", c);
        else cl_buf_putc(&b, (char)c);
    }
    cl_buf_putc(&b, single ? '\'' : '"');
    return cl_buf_steal(&b);
}
