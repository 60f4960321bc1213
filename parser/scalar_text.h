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

/* libfyaml's enum fy_scalar_style (passed as an int) as a cl_style. */
cl_style cl_style_from_fy(int fy_style);

#endif
