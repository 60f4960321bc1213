/* scalar_text.h - a scalar's value read straight from the input when it is
 * spelled there exactly (one line, no escapes, no quote doubling), so the
 * parser need not ask libfyaml to format it. */
#ifndef CL_SCALAR_TEXT_H
#define CL_SCALAR_TEXT_H
#include <stddef.h>
#include "doc.h"

/* The value of a scalar of STYLE whose token spans [start,end) of DATA (quotes
 * excluded), or NULL when it must be decoded. ONE_LINE says the token starts
 * and ends on the same line (its marks say so), which spares a plain scalar
 * the scan for line breaks. */
const char *cl_scalar_direct(const char *data, size_t dlen, uint32_t start, uint32_t end, cl_style style,
                             int one_line, size_t *len);

/* One past the | or > of the block scalar whose content libfyaml starts at
 * AT, or 0 when it is not found (a comment on the header line). */
uint32_t cl_block_indicator(const char *data, uint32_t at);

/* 1 when the block scalar whose content libfyaml starts at START (its token
 * ending at END) has its first line of text no deeper than PARENT, the column
 * of the block collection holding it (-1 at the top): YAML, and go-yaml so
 * docker, end the scalar there and refuse the line, while libfyaml 0.7.12
 * takes it in and hands back text it never wrote. Read from DATA alone; an
 * explicit indentation indicator is always deeper. */
int cl_block_scalar_shallow(const char *data, size_t dlen, uint32_t start, uint32_t end, long parent);

/* libfyaml's enum fy_scalar_style (passed as an int) as a cl_style. */
cl_style cl_style_from_fy(int fy_style);

#endif
