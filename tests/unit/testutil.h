/* testutil.h - helpers shared by the cmocka unit tests. */
#ifndef CL_TESTUTIL_H
#define CL_TESTUTIL_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include "parser/buf.h"
#include "parser/doc.h"

/* Whole file at PATH, NUL-terminated (caller frees); its length in *LEN when
 * LEN is not NULL. NULL when the file cannot be opened. */
static inline char *tu_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    cl_buf b;
    cl_buf_init(&b);
    char tmp[4096];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) cl_buf_put(&b, tmp, n);
    fclose(f);
    if (len) *len = b.len;
    cl_buf_cstr(&b);
    return cl_buf_steal(&b);
}

/* Parses TEXT; returns the doc (NULL on error) and leaves diagnostics in D. */
static inline cl_doc *parse_text(cl_source **src, const char *text, cl_diags *d)
{
    *src = cl_source_from_string("t.yaml", text, strlen(text));
    cl_diags_init(d);
    return cl_doc_parse(*src, NULL, d);
}

static inline void pos_of(const cl_source *s, uint32_t off, uint32_t *l, uint32_t *c) { cl_source_pos(s, off, l, c); }
#endif
