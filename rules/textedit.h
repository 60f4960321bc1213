/* textedit.h - helpers rules use to build fixes as byte edits that keep the
 * rest of the file (comments, quoting, blank lines) exactly as it was. */
#ifndef CL_TEXTEDIT_H
#define CL_TEXTEDIT_H
#include "rule.h"

/* End of N's text in its source: for block collections the end of the last
 * child written in place (the model's end can be 0 when the last value is
 * empty), skipping aliases and merged keys. 0 when N has no text. */
uint32_t cl_node_end(const cl_node *n);
/* Start of the line holding OFF. */
uint32_t cl_line_start(const cl_source *s, uint32_t off);
/* Offset just after the line break ending the line that holds OFF (or the end of the file). */
uint32_t cl_line_next(const cl_source *s, uint32_t off);
/* Is everything between the start of OFF's line and OFF blank? */
int cl_line_blank_before(const cl_source *s, uint32_t off);
/* Edit deleting a block-mapping pair (key line to the end of the value's last
 * line, trailing comment included). Returns -1 when the pair is not laid out
 * on whole lines of its own (flow style, several keys on a line). */
int cl_edit_delete_pair(const cl_source *s, const cl_pair *p, cl_edit *out);

#endif
