#include "buf.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cl_buf_init(cl_buf *b) { b->data = NULL; b->len = b->cap = 0; }

static void grow(cl_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap) return;
    size_t nc = b->cap ? b->cap * 2 : 256;
    while (nc < b->len + extra + 1) nc *= 2;
    char *p = realloc(b->data, nc);
    if (!p) { fputs("compose-lint: out of memory\n", stderr); abort(); }
    b->data = p; b->cap = nc;
}

void cl_buf_put(cl_buf *b, const char *s, size_t n)
{
    grow(b, n);
    if (n) memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = 0;
}

void cl_buf_puts(cl_buf *b, const char *s) { cl_buf_put(b, s, strlen(s)); }
void cl_buf_putc(cl_buf *b, char c) { cl_buf_put(b, &c, 1); }

void cl_buf_cat(cl_buf *b, const char *const *parts, size_t n)
{
    for (size_t i = 0; i < n; i++) cl_buf_puts(b, parts[i] ? parts[i] : "(null)");
}

void cl_buf_vprintf(cl_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    if (n > 0) {
        grow(b, (size_t)n);
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
        b->len += (size_t)n;
    }
    va_end(ap2);
}

void cl_buf_printf(cl_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cl_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

char *cl_buf_cstr(cl_buf *b) { grow(b, 0); b->data[b->len] = 0; return b->data; }

char *cl_buf_steal(cl_buf *b)
{
    char *p = cl_buf_cstr(b);
    cl_buf_init(b);
    return p;
}

void cl_buf_free(cl_buf *b) { free(b->data); cl_buf_init(b); }
