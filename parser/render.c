#include "render.h"
#include "yamlquote.h"
#include <string.h>

/* The writers below add a few bytes at a time, millions of times for a big
 * project: in place while the buffer has room, through cl_buf_put (which
 * grows it) when not. */
static inline void put(cl_buf *out, const char *s, size_t n)
{
    if (out->len + n < out->cap) {
        memcpy(out->data + out->len, s, n);
        out->len += n;
        out->data[out->len] = 0;
    } else cl_buf_put(out, s, n);
}

static inline void putc_(cl_buf *out, char c)
{
    if (out->len + 1 < out->cap) {
        out->data[out->len++] = c;
        out->data[out->len] = 0;
    } else cl_buf_put(out, &c, 1);
}

#define PUTS(out, lit) put(out, lit, sizeof(lit) - 1)

void cl_json_string(cl_buf *out, const char *s, size_t n)
{
    putc_(out, '"');
    size_t run = 0;   /* bytes from RUN on need no escape: copied at once */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f) continue;
        put(out, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"': PUTS(out, "\\\""); break;
        case '\\': PUTS(out, "\\\\"); break;
        case '\n': PUTS(out, "\\n"); break;
        case '\r': PUTS(out, "\\r"); break;
        case '\t': PUTS(out, "\\t"); break;
        case '\b': PUTS(out, "\\b"); break;
        case '\f': PUTS(out, "\\f"); break;
        default: cl_buf_printf(out, "\\u%04x", c);
        }
    }
    put(out, s + run, n - run);
    putc_(out, '"');
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
    if (type != CL_T_STR && n > 0 && cl_resolve_plain(s, n) == type) { put(out, s, n); return; }
    if (type == CL_T_NULL) { PUTS(out, "null"); return; }
    if (type == CL_T_STR && cl_yaml_plain_safe(s, n, CL_PLAIN_ANY_READER)) { put(out, s, n); return; }
    /* double-quoted with JSON-compatible escapes is valid YAML */
    cl_json_string(out, s, n);
}

static void indent(cl_buf *out, int n)
{
    static const char spaces[] = "                                                                ";
    for (; n > (int)sizeof spaces - 1; n -= (int)sizeof spaces - 1) put(out, spaces, sizeof spaces - 1);
    if (n > 0) put(out, spaces, (size_t)n);
}

static int empty_coll(const cl_node *n)
{
    return (n->kind == CL_MAP && n->u.m.n == 0) || (n->kind == CL_SEQ && n->u.q.n == 0);
}

static void yaml_node(cl_buf *out, const cl_node *n, int ind, int inline_first);

static void yaml_value_after_key(cl_buf *out, const cl_node *v, int ind)
{
    if (!v) { PUTS(out, " null\n"); return; }
    if (v->kind == CL_SCALAR) {
        putc_(out, ' ');
        cl_yaml_scalar(out, v->u.s.text, v->u.s.len, (cl_stype)v->type);
        putc_(out, '\n');
    } else if (empty_coll(v)) {
        cl_buf_puts(out, v->kind == CL_MAP ? " {}\n" : " []\n");
    } else {
        putc_(out, '\n');
        yaml_node(out, v, v->kind == CL_SEQ ? ind : ind + 2, 0);
    }
}

/* KEY: VALUE of a map at indent IND (the indent left out on a "- " line) */
static void map_entry(cl_buf *out, const cl_node *key, const cl_node *value, int ind, int indented)
{
    if (indented) indent(out, ind);
    if (key->kind == CL_SCALAR) cl_yaml_scalar(out, key->u.s.text, key->u.s.len, CL_T_STR);
    else cl_buf_puts(out, "\"?\"");
    putc_(out, ':');
    yaml_value_after_key(out, value, ind);
}

static void yaml_node(cl_buf *out, const cl_node *n, int ind, int inline_first)
{
    if (n->kind == CL_MAP) {
        for (uint32_t i = 0; i < n->u.m.n; i++) {
            const cl_pair *p = &n->u.m.items[i];
            map_entry(out, p->key, p->value, ind, !(inline_first && i == 0));
        }
    } else if (n->kind == CL_SEQ) {
        for (uint32_t i = 0; i < n->u.q.n; i++) {
            const cl_node *it = n->u.q.items[i];
            if (!(inline_first && i == 0)) indent(out, ind);
            PUTS(out, "-");
            if (it->kind == CL_SCALAR) {
                putc_(out, ' ');
                cl_yaml_scalar(out, it->u.s.text, it->u.s.len, (cl_stype)it->type);
                putc_(out, '\n');
            } else if (empty_coll(it)) {
                cl_buf_puts(out, it->kind == CL_MAP ? " {}\n" : " []\n");
            } else {
                putc_(out, ' ');
                yaml_node(out, it, ind + 2, 1);
            }
        }
    } else {
        indent(out, inline_first ? 0 : ind);
        cl_yaml_scalar(out, n->u.s.text, n->u.s.len, (cl_stype)n->type);
        putc_(out, '\n');
    }
}

void cl_render_yaml(cl_buf *out, const cl_node *root)
{
    if (!root) { PUTS(out, "{}\n"); return; }
    if (empty_coll(root)) { cl_buf_puts(out, root->kind == CL_MAP ? "{}\n" : "[]\n"); return; }
    yaml_node(out, root, 0, 0);
}

void cl_render_yaml_entry(cl_buf *out, const cl_node *key, const cl_node *value, int ind)
{
    map_entry(out, key, value, ind, 1);
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
        if (s[0] == '-') { putc_(out, '-'); s++; }
        putc_(out, '0');
    }
    size_t len = strlen(s);
    put(out, s, len);
    if (len && s[len - 1] == '.') putc_(out, '0');
}

static void json_node(cl_buf *out, const cl_node *n, int ind, int depth)
{
    if (!n) { PUTS(out, "null"); return; }
    if (n->kind == CL_SCALAR) {
        switch (n->type) {
        case CL_T_NULL: PUTS(out, "null"); break;
        case CL_T_BOOL: cl_buf_puts(out, (n->u.s.text[0] == 't' || n->u.s.text[0] == 'T') ? "true" : "false"); break;
        case CL_T_INT: case CL_T_FLOAT: json_number(out, n); break;
        default: cl_json_string(out, n->u.s.text, n->u.s.len);
        }
        return;
    }
    int is_map = n->kind == CL_MAP;
    uint32_t cnt = is_map ? n->u.m.n : n->u.q.n;
    putc_(out, is_map ? '{' : '[');
    for (uint32_t i = 0; i < cnt; i++) {
        if (i) putc_(out, ',');
        if (ind) { putc_(out, '\n'); indent(out, ind * (depth + 1)); }
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
    if (ind && cnt) { putc_(out, '\n'); indent(out, ind * depth); }
    putc_(out, is_map ? '}' : ']');
}

void cl_render_json(cl_buf *out, const cl_node *root, int ind)
{
    json_node(out, root, ind, 0);
    if (ind) putc_(out, '\n');
}
