#include "render.h"
#include "yamlquote.h"
#include <string.h>

void cl_json_string(cl_buf *out, const char *s, size_t n)
{
    cl_buf_putc(out, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': cl_buf_puts(out, "\\\""); break;
        case '\\': cl_buf_puts(out, "\\\\"); break;
        case '\n': cl_buf_puts(out, "\\n"); break;
        case '\r': cl_buf_puts(out, "\\r"); break;
        case '\t': cl_buf_puts(out, "\\t"); break;
        case '\b': cl_buf_puts(out, "\\b"); break;
        case '\f': cl_buf_puts(out, "\\f"); break;
        default:
            if (c < 0x20 || c == 0x7f) cl_buf_printf(out, "\\u%04x", c);
            else cl_buf_putc(out, (char)c);
        }
    }
    cl_buf_putc(out, '"');
}

void cl_xml_escape(cl_buf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '&': cl_buf_puts(out, "&amp;"); break;
        case '<': cl_buf_puts(out, "&lt;"); break;
        case '>': cl_buf_puts(out, "&gt;"); break;
        case '"': cl_buf_puts(out, "&quot;"); break;
        case '\'': cl_buf_puts(out, "&apos;"); break;
        case '\n': cl_buf_puts(out, "&#10;"); break;
        case '\r': cl_buf_puts(out, "&#13;"); break;
        case '\t': cl_buf_puts(out, "&#9;"); break;
        default:
            if (c < 0x20) cl_buf_puts(out, "&#xFFFD;"); /* not representable in XML 1.0 */
            else cl_buf_putc(out, (char)c);
        }
    }
}

void cl_yaml_scalar(cl_buf *out, const char *s, size_t n, cl_stype type)
{
    if (type != CL_T_STR && n > 0 && cl_resolve_plain(s, n) == type) { cl_buf_put(out, s, n); return; }
    if (type == CL_T_NULL) { cl_buf_puts(out, "null"); return; }
    if (type == CL_T_STR && cl_yaml_plain_safe(s, n, CL_PLAIN_ANY_READER)) { cl_buf_put(out, s, n); return; }
    /* double-quoted with JSON-compatible escapes is valid YAML */
    cl_json_string(out, s, n);
}

static void indent(cl_buf *out, int n) { for (int i = 0; i < n; i++) cl_buf_putc(out, ' '); }

static int empty_coll(const cl_node *n)
{
    return (n->kind == CL_MAP && n->u.m.n == 0) || (n->kind == CL_SEQ && n->u.q.n == 0);
}

static void yaml_node(cl_buf *out, const cl_node *n, int ind, int inline_first);

static void yaml_value_after_key(cl_buf *out, const cl_node *v, int ind)
{
    if (!v) { cl_buf_puts(out, " null\n"); return; }
    if (v->kind == CL_SCALAR) {
        cl_buf_putc(out, ' ');
        cl_yaml_scalar(out, v->u.s.text, v->u.s.len, (cl_stype)v->type);
        cl_buf_putc(out, '\n');
    } else if (empty_coll(v)) {
        cl_buf_puts(out, v->kind == CL_MAP ? " {}\n" : " []\n");
    } else {
        cl_buf_putc(out, '\n');
        yaml_node(out, v, v->kind == CL_SEQ ? ind : ind + 2, 0);
    }
}

static void yaml_node(cl_buf *out, const cl_node *n, int ind, int inline_first)
{
    if (n->kind == CL_MAP) {
        for (uint32_t i = 0; i < n->u.m.n; i++) {
            const cl_pair *p = &n->u.m.items[i];
            if (!(inline_first && i == 0)) indent(out, ind);
            if (p->key->kind == CL_SCALAR) cl_yaml_scalar(out, p->key->u.s.text, p->key->u.s.len, CL_T_STR);
            else cl_buf_puts(out, "\"?\"");
            cl_buf_putc(out, ':');
            yaml_value_after_key(out, p->value, ind);
        }
    } else if (n->kind == CL_SEQ) {
        for (uint32_t i = 0; i < n->u.q.n; i++) {
            const cl_node *it = n->u.q.items[i];
            if (!(inline_first && i == 0)) indent(out, ind);
            cl_buf_puts(out, "-");
            if (it->kind == CL_SCALAR) {
                cl_buf_putc(out, ' ');
                cl_yaml_scalar(out, it->u.s.text, it->u.s.len, (cl_stype)it->type);
                cl_buf_putc(out, '\n');
            } else if (empty_coll(it)) {
                cl_buf_puts(out, it->kind == CL_MAP ? " {}\n" : " []\n");
            } else {
                cl_buf_putc(out, ' ');
                yaml_node(out, it, ind + 2, 1);
            }
        }
    } else {
        indent(out, inline_first ? 0 : ind);
        cl_yaml_scalar(out, n->u.s.text, n->u.s.len, (cl_stype)n->type);
        cl_buf_putc(out, '\n');
    }
}

void cl_render_yaml(cl_buf *out, const cl_node *root)
{
    if (!root) { cl_buf_puts(out, "{}\n"); return; }
    if (empty_coll(root)) { cl_buf_puts(out, root->kind == CL_MAP ? "{}\n" : "[]\n"); return; }
    yaml_node(out, root, 0, 0);
}

static void json_number(cl_buf *out, const cl_node *n)
{
    long long v;
    if (n->type == CL_T_INT && cl_scalar_int(n, &v)) { cl_buf_printf(out, "%lld", v); return; }
    const char *s = n->u.s.text;
    /* JSON has no inf/nan and no leading '+' or '.' */
    if (strchr(s, 'i') || strchr(s, 'n') || strchr(s, 'I') || strchr(s, 'N')) { cl_json_string(out, s, n->u.s.len); return; }
    if (s[0] == '+') s++;
    if (s[0] == '.' || (s[0] == '-' && s[1] == '.')) {
        if (s[0] == '-') { cl_buf_putc(out, '-'); s++; }
        cl_buf_putc(out, '0');
    }
    size_t len = strlen(s);
    cl_buf_put(out, s, len);
    if (len && s[len - 1] == '.') cl_buf_putc(out, '0');
}

static void json_node(cl_buf *out, const cl_node *n, int ind, int depth)
{
    if (!n) { cl_buf_puts(out, "null"); return; }
    if (n->kind == CL_SCALAR) {
        switch (n->type) {
        case CL_T_NULL: cl_buf_puts(out, "null"); break;
        case CL_T_BOOL: cl_buf_puts(out, (n->u.s.text[0] == 't' || n->u.s.text[0] == 'T') ? "true" : "false"); break;
        case CL_T_INT: case CL_T_FLOAT: json_number(out, n); break;
        default: cl_json_string(out, n->u.s.text, n->u.s.len);
        }
        return;
    }
    int is_map = n->kind == CL_MAP;
    uint32_t cnt = is_map ? n->u.m.n : n->u.q.n;
    cl_buf_putc(out, is_map ? '{' : '[');
    for (uint32_t i = 0; i < cnt; i++) {
        if (i) cl_buf_putc(out, ',');
        if (ind) { cl_buf_putc(out, '\n'); indent(out, ind * (depth + 1)); }
        if (is_map) {
            const cl_node *k = n->u.m.items[i].key;
            if (k->kind == CL_SCALAR) cl_json_string(out, k->u.s.text, k->u.s.len);
            else cl_buf_puts(out, "\"?\"");
            cl_buf_puts(out, ind ? ": " : ":");
            json_node(out, n->u.m.items[i].value, ind, depth + 1);
        } else {
            json_node(out, n->u.q.items[i], ind, depth + 1);
        }
    }
    if (ind && cnt) { cl_buf_putc(out, '\n'); indent(out, ind * depth); }
    cl_buf_putc(out, is_map ? '}' : ']');
}

void cl_render_json(cl_buf *out, const cl_node *root, int ind)
{
    json_node(out, root, ind, 0);
    if (ind) cl_buf_putc(out, '\n');
}
