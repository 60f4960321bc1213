/* udiff.h - unified diff of two texts by lines (Myers' O(ND) algorithm), as
 * `diff -u` prints it, for --diff. */
#ifndef CL_UDIFF_H
#define CL_UDIFF_H
#include <stddef.h>
#include "../parser/buf.h"

/* Appends the diff of A and B (labelled a/NAME, b/NAME, or NAME when absolute) to OUT; nothing when equal. */
void cl_udiff(cl_buf *out, const char *name, const char *a, size_t alen, const char *b, size_t blen);

#endif
