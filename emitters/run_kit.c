/* run_kit.c - argument vectors for the run-script emitter, and the quoting
 * that makes every value reach docker as exactly one, unchanged argument:
 * sh single quotes for the script, CSV fields for docker's key=value lists. */
#include "run_kit.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void run_cmd_init(run_cmd *c, cl_arena *a)
{
    c->a = a; c->v = NULL; c->n = c->cap = 0;
}

void run_arg(run_cmd *c, const char *s)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        char **v = cl_arena_alloc(c->a, cap * sizeof *v);
        if (c->n) memcpy(v, c->v, c->n * sizeof *v);
        c->v = v; c->cap = cap;
    }
    c->v[c->n++] = cl_arena_strdup(c->a, s);
}

void run_flag(run_cmd *c, const char *flag, const char *value)
{
    size_t fl = strlen(flag), vl = strlen(value);
    char *s = cl_arena_alloc(c->a, fl + vl + 2);
    memcpy(s, flag, fl);
    s[fl] = '=';
    memcpy(s + fl + 1, value, vl + 1);
    run_arg(c, s);
}

static int sh_safe(unsigned char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           (ch && strchr("_-./:@%+,=", ch));
}

void cl_sh_quote(cl_buf *out, const char *s, size_t n)
{
    int bare = n > 0;
    for (size_t i = 0; i < n && bare; i++) bare = sh_safe((unsigned char)s[i]);
    /* '=' is harmless everywhere but at the start of the first word; keep bare
     * words simple: no leading '=' */
    if (bare && s[0] == '=') bare = 0;
    if (bare) { cl_buf_put(out, s, n); return; }
    cl_buf_putc(out, '\'');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\'') cl_buf_puts(out, "'\\''");
        /* a backslash right before a closing quote is correct sh but reads
         * like an escape (shellcheck SC1003): write it outside the quotes */
        else if (s[i] == '\\' && (i + 1 == n || s[i + 1] == '\'')) cl_buf_puts(out, "'\\\\'");
        else cl_buf_putc(out, s[i]);
    }
    cl_buf_putc(out, '\'');
}

void run_csv(cl_buf *out, const char *s)
{
    if (!strpbrk(s, ",\"\r\n") && s[0] != ' ' && (!*s || s[strlen(s) - 1] != ' ')) {
        cl_buf_puts(out, s);
        return;
    }
    cl_buf_putc(out, '"');
    for (; *s; s++) {
        if (*s == '"') cl_buf_putc(out, '"');
        cl_buf_putc(out, *s);
    }
    cl_buf_putc(out, '"');
}

void run_cmd_write(cl_buf *out, const run_cmd *c, const char *indent)
{
    size_t width = 0;
    for (size_t i = 0; i < c->n; i++) width += strlen(c->v[i]) + 1;
    int split = width > 100;
    /* docker SUB [SUB2] stay on the first line; after the first operand (the
     * image, or what follows "--") the rest stays on the operand's line */
    size_t lead = 2;
    if (c->n > 3 && (!strcmp(c->v[1], "network") || !strcmp(c->v[1], "volume") ||
                     !strcmp(c->v[1], "image") || !strcmp(c->v[1], "container"))) lead = 3;
    int operands = 0;
    cl_buf_puts(out, indent);
    for (size_t i = 0; i < c->n; i++) {
        if (i) {
            if (split && i >= lead && !operands) { cl_buf_puts(out, " \\\n"); cl_buf_puts(out, indent); cl_buf_puts(out, "    "); }
            else cl_buf_putc(out, ' ');
            if (i >= lead && (c->v[i][0] != '-' || !strcmp(c->v[i], "--"))) operands = 1;
        }
        cl_sh_quote(out, c->v[i], strlen(c->v[i]));
    }
    cl_buf_putc(out, '\n');
}
