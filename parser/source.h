/* source.h - one input file held in memory: its path, its exact bytes, and a
 * line index so any byte offset maps to a 1-based line and column. Spans
 * everywhere are byte ranges into a source; fixes edit these bytes. */
#ifndef CL_SOURCE_H
#define CL_SOURCE_H
#include <stddef.h>
#include <stdint.h>

typedef struct cl_source {
    char *path;          /* as given by the user ("-" shown as the stdin name) */
    char *data;          /* exact bytes, NUL-terminated (NUL not counted) */
    size_t len;
    /* private: the line index, built (once, under a lock) when a position
     * is first asked for, so a big file's parse does not wait for it */
    uint32_t *line_starts; /* byte offset of each line's first byte */
    size_t nlines;
    unsigned char *line_ascii; /* private, with line_starts: 1 where a line has no byte >= 0x80 */
    size_t map_len;      /* private: DATA is an anonymous mapping of this size (0: malloc'd) */
    uint16_t num_;       /* private: its number for document nodes (cl_source_num), 0: none yet */
} cl_source;

typedef struct cl_span {
    const cl_source *src;
    uint32_t start, end; /* byte offsets, end exclusive */
} cl_span;

/* Reads PATH ("-" = stdin, shown as DISPLAY_NAME when not NULL). Returns NULL and
 * fills ERR (static-ish message buffer) when it cannot read or the file is larger
 * than MAX_BYTES. */
cl_source *cl_source_load(const char *path, const char *display_name, size_t max_bytes,
                          char *err, size_t errlen);
cl_source *cl_source_from_string(const char *name, const char *data, size_t len);
void cl_source_free(cl_source *s);

/* A small number for S, so that a document node (parser/doc.h) names its
 * source in 2 bytes, not 8: given the first time it is asked for (under a
 * lock) and kept until S is freed. A run may number more sources than
 * CL_SOURCE_NUMS - 1 (a check of 100,000 files keeps them all for the
 * report): once every number was given, a freed source's is given again,
 * or one whose documents were all freed (cl_source_doc_end). 0: NULL, or
 * no number left. */
enum { CL_SOURCE_NUMS = 1 << 16 };
uint16_t cl_source_num(const cl_source *s);
/* The source numbered NUM (0: NULL). Read without a lock: a number is
 * handed on (in a node) after its entry is written. */
extern const cl_source *cl_source_nums_[CL_SOURCE_NUMS];
static inline const cl_source *cl_source_by_num(uint16_t num)
{
    return __atomic_load_n(&cl_source_nums_[num], __ATOMIC_RELAXED);
}
/* A document is parsed from S: its number (as cl_source_num), held until
 * the document is freed (cl_source_doc_end). */
uint16_t cl_source_doc_begin(const cl_source *s);
void cl_source_doc_end(const cl_source *s);

/* Number of lines (a last line without a newline counts). */
size_t cl_source_nlines(const cl_source *s);
/* 1-based line and column (column counts UTF-8 characters) of a byte offset. */
void cl_source_pos(const cl_source *s, uint32_t off, uint32_t *line, uint32_t *col);
/* Byte range [*start,*end) of 1-based LINE without its newline. */
int cl_source_line(const cl_source *s, uint32_t line, uint32_t *start, uint32_t *end);
/* Byte offset of 1-based line/column (column in characters). */
uint32_t cl_source_offset(const cl_source *s, uint32_t line, uint32_t col);

#endif
