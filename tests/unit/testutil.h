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
#include <dirent.h>
#include "parser/buf.h"
#include "parser/doc.h"
#include "parser/diag.h"

/* G's message as text, in one of 8 buffers used in turn (a test may hold a
 * few at once, as in strcmp(tu_msg(a), tu_msg(b))). */
static inline const char *tu_msg(const cl_diag *g)
{
    static cl_buf bufs[8];
    static unsigned next;
    return cl_diag_message(g, &bufs[next++ % 8]);
}

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

/* ../shared/corpus (or $SHARED/corpus): the real compose files the tests read. */
static inline const char *tu_corpus_dir(void)
{
    static char dir[4096];
    const char *shared = getenv("SHARED");
    snprintf(dir, sizeof dir, "%s/corpus", shared ? shared : "../shared");
    return dir;
}

/* Calls FN on every .yaml / .yml file under DIR (recursively), loaded as
 * the tool loads it (cl_source_load: its path, bytes and line index);
 * returns how many files it read. */
typedef void (*tu_file_fn)(const cl_source *src, void *ud);
static inline size_t tu_walk_yaml(const char *dir, tu_file_fn fn, void *ud)
{
    size_t files = 0;
    DIR *d = opendir(dir);
    if (!d) return 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        size_t n = strlen(e->d_name);
        if ((n > 4 && !strcmp(e->d_name + n - 4, ".yml")) || (n > 5 && !strcmp(e->d_name + n - 5, ".yaml"))) {
            char err[256];
            cl_source *src = cl_source_load(path, NULL, 64u << 20, err, sizeof err);
            if (!src) continue;
            fn(src, ud);
            files++;
            cl_source_free(src);
        } else {
            files += tu_walk_yaml(path, fn, ud);
        }
    }
    closedir(d);
    return files;
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
