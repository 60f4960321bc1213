/* render.h - the one render core: turns a cl_node tree (parsed or built) into
 * block-style YAML or JSON text. Emitters, `config` and machine reports build a
 * tree and hand it here; the core owns layout, quoting and escaping. */
#ifndef CL_RENDER_H
#define CL_RENDER_H
#include "buf.h"
#include "doc.h"

/* Block YAML, 2-space indent, strings quoted whenever a YAML 1.1 or 1.2 reader
 * could take them for something else. Ends with a newline. */
void cl_render_yaml(cl_buf *out, const cl_node *root);
/* One KEY: VALUE entry of a block map at indent IND, as cl_render_yaml writes
 * it inside a bigger tree: writers that render a tree piece by piece. */
void cl_render_yaml_entry(cl_buf *out, const cl_node *key, const cl_node *value, int ind);
/* JSON; INDENT 0 = compact one line, else pretty with that many spaces. */
void cl_render_json(cl_buf *out, const cl_node *root, int indent);

/* Helpers for writers that stream text themselves. */
void cl_json_string(cl_buf *out, const char *s, size_t n);     /* "..." with escapes */
void cl_yaml_scalar(cl_buf *out, const char *s, size_t n, cl_stype type);
void cl_xml_escape(cl_buf *out, const char *s, size_t n);       /* &<>"' escaped */

#endif
