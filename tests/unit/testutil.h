/* testutil.h - helpers shared by the cmocka unit tests. */
#ifndef CL_TESTUTIL_H
#define CL_TESTUTIL_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "parser/doc.h"

/* Parses TEXT; returns the doc (NULL on error) and leaves diagnostics in D. */
static inline cl_doc *parse_text(cl_source **src, const char *text, cl_diags *d)
{
    *src = cl_source_from_string("t.yaml", text, strlen(text));
    cl_diags_init(d);
    return cl_doc_parse(*src, NULL, d);
}

static inline void pos_of(const cl_source *s, uint32_t off, uint32_t *l, uint32_t *c) { cl_source_pos(s, off, l, c); }
#endif
