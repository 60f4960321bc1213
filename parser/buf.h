/* buf.h - growable byte buffer used by every writer (reports, emitters, fixes). */
#ifndef CL_BUF_H
#define CL_BUF_H
#include <stdarg.h>
#include <stddef.h>

typedef struct cl_buf { char *data; size_t len, cap; } cl_buf;

void cl_buf_init(cl_buf *b);
void cl_buf_put(cl_buf *b, const char *s, size_t n);
void cl_buf_puts(cl_buf *b, const char *s);
void cl_buf_putc(cl_buf *b, char c);
/* Appends the N strings of PARTS, a NULL one as printf's %s shows it: a text
 * put together from pieces without printf (tens of thousands of paths and
 * prefixes on a big project). */
void cl_buf_cat(cl_buf *b, const char *const *parts, size_t n);
void cl_buf_printf(cl_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cl_buf_vprintf(cl_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
char *cl_buf_cstr(cl_buf *b);        /* NUL-terminated view (buffer keeps ownership) */
char *cl_buf_steal(cl_buf *b);       /* caller frees; buffer is reset */
void cl_buf_free(cl_buf *b);

#endif
