#include "source.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void index_lines(cl_source *s)
{
    size_t cap = 64, n = 0;
    uint32_t *ls = malloc(cap * sizeof *ls);
    if (!ls) abort();
    ls[n++] = 0;
    if (!memchr(s->data, '\r', s->len)) {
        /* the common case, only \n: let memchr find them */
        for (const char *p = s->data, *e = s->data + s->len; (p = memchr(p, '\n', (size_t)(e - p))) != NULL;) {
            p++;
            if (n == cap) { cap *= 2; ls = realloc(ls, cap * sizeof *ls); if (!ls) abort(); }
            ls[n++] = (uint32_t)(p - s->data);
        }
        s->line_starts = ls;
        s->nlines = n;
        return;
    }
    for (size_t i = 0; i < s->len; i++) {
        if (s->data[i] == '\n' || (s->data[i] == '\r' && (i + 1 >= s->len || s->data[i + 1] != '\n'))) {
            if (n == cap) { cap *= 2; ls = realloc(ls, cap * sizeof *ls); if (!ls) abort(); }
            ls[n++] = (uint32_t)(i + 1);
        }
    }
    s->line_starts = ls;
    s->nlines = n;
}

cl_source *cl_source_from_string(const char *name, const char *data, size_t len)
{
    cl_source *s = calloc(1, sizeof *s);
    if (!s) abort();
    s->path = strdup(name ? name : "<string>");
    s->data = malloc(len + 1);
    if (!s->path || !s->data) abort();
    if (len) memcpy(s->data, data, len);
    s->data[len] = 0;
    s->len = len;
    index_lines(s);
    return s;
}

cl_source *cl_source_load(const char *path, const char *display_name, size_t max_bytes,
                          char *err, size_t errlen)
{
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot open: %s", strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, len = 0;
    if (!is_stdin) {
        struct stat st;
        if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
            fclose(f);
            snprintf(err, errlen, "is a directory");
            return NULL;
        }
        /* a regular file: one buffer of its size (one byte more, so reaching
         * the end needs no second buffer), read without stdio's copy */
        if (S_ISREG(st.st_mode) && st.st_size > 0 && (uint64_t)st.st_size <= max_bytes) {
            cap = (size_t)st.st_size + 1;
            setvbuf(f, NULL, _IONBF, 0);
        }
    }
    char *data = malloc(cap + 1);
    if (!data) abort();
    for (;;) {
        if (len == cap) {
            if (cap > max_bytes) break;
            cap *= 2;
            data = realloc(data, cap + 1);
            if (!data) abort();
        }
        size_t n = fread(data + len, 1, cap - len, f);
        len += n;
        if (n == 0) break;
        if (len > max_bytes) break;
    }
    int rerr = ferror(f);
    if (!is_stdin) fclose(f);
    if (rerr) {
        free(data);
        snprintf(err, errlen, "read error: %s", strerror(errno));
        return NULL;
    }
    if (len > max_bytes) {
        free(data);
        snprintf(err, errlen, "file is larger than the limit of %zu bytes (--max-file-size)", max_bytes);
        return NULL;
    }
    cl_source *s = calloc(1, sizeof *s);
    if (!s) abort();
    s->path = strdup(is_stdin ? (display_name ? display_name : "<stdin>") : (display_name ? display_name : path));
    if (!s->path) abort();
    data[len] = 0;
    s->data = data;
    s->len = len;
    index_lines(s);
    return s;
}

void cl_source_free(cl_source *s)
{
    if (!s) return;
    free(s->path);
    free(s->data);
    free(s->line_starts);
    free(s);
}

static size_t line_of(const cl_source *s, uint32_t off)
{
    size_t lo = 0, hi = s->nlines;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (s->line_starts[mid] <= off) lo = mid; else hi = mid;
    }
    return lo;
}

void cl_source_pos(const cl_source *s, uint32_t off, uint32_t *line, uint32_t *col)
{
    if (off > s->len) off = (uint32_t)s->len;
    size_t l = line_of(s, off);
    uint32_t c = 1;
    for (uint32_t i = s->line_starts[l]; i < off; i++)
        if (((unsigned char)s->data[i] & 0xC0) != 0x80) c++;
    *line = (uint32_t)l + 1;
    *col = c;
}

int cl_source_line(const cl_source *s, uint32_t line, uint32_t *start, uint32_t *end)
{
    if (line == 0 || line > s->nlines) return -1;
    uint32_t a = s->line_starts[line - 1];
    uint32_t b = line < s->nlines ? s->line_starts[line] : (uint32_t)s->len;
    while (b > a && (s->data[b - 1] == '\n' || s->data[b - 1] == '\r')) b--;
    *start = a; *end = b;
    return 0;
}

uint32_t cl_source_offset(const cl_source *s, uint32_t line, uint32_t col)
{
    uint32_t a, b;
    if (cl_source_line(s, line, &a, &b) < 0) return (uint32_t)s->len;
    uint32_t c = 1, i = a;
    while (i < b && c < col) {
        i++;
        while (i < b && ((unsigned char)s->data[i] & 0xC0) == 0x80) i++;
        c++;
    }
    return i;
}
