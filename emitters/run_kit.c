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

/* Appends S, already in the arena, without a copy. */
static void push(run_cmd *c, char *s)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        char **v = cl_arena_alloc(c->a, cap * sizeof *v);
        if (c->n) memcpy(v, c->v, c->n * sizeof *v);
        c->v = v; c->cap = cap;
    }
    c->v[c->n++] = s;
}

void run_arg(run_cmd *c, const char *s)
{
    push(c, cl_arena_strdup(c->a, s));
}

const char *run_join(cl_arena *a, const char *p1, const char *p2, const char *p3)
{
    size_t l1 = p1 ? strlen(p1) : 0, l2 = p2 ? strlen(p2) : 0, l3 = p3 ? strlen(p3) : 0;
    char *s = cl_arena_alloc(a, l1 + l2 + l3 + 1);
    if (l1) memcpy(s, p1, l1);
    if (l2) memcpy(s + l1, p2, l2);
    if (l3) memcpy(s + l1 + l2, p3, l3);
    s[l1 + l2 + l3] = 0;
    return s;
}

void run_flag_join(run_cmd *c, const char *flag, const char *p1, const char *p2, const char *p3)
{
    size_t fl = strlen(flag), l1 = p1 ? strlen(p1) : 0, l2 = p2 ? strlen(p2) : 0, l3 = p3 ? strlen(p3) : 0;
    char *s = cl_arena_alloc(c->a, fl + l1 + l2 + l3 + 2), *w = s;
    memcpy(w, flag, fl); w += fl;
    *w++ = '=';
    if (l1) { memcpy(w, p1, l1); w += l1; }
    if (l2) { memcpy(w, p2, l2); w += l2; }
    if (l3) { memcpy(w, p3, l3); w += l3; }
    *w = 0;
    push(c, s);
}

void run_flag(run_cmd *c, const char *flag, const char *value)
{
    run_flag_join(c, flag, value, NULL, NULL);
}

const char *run_lld(cl_arena *a, long long v, const char *unit)
{
    char buf[24], *p = buf + sizeof buf;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    *--p = 0;
    do *--p = (char)('0' + u % 10); while (u /= 10);
    if (v < 0) *--p = '-';
    return run_join(a, p, unit, NULL);
}

/* The bytes a bare sh word may hold: letters, digits and _-./:@%+,= */
static const unsigned char SH_SAFE[256] = {
    ['_'] = 1, ['-'] = 1, ['.'] = 1, ['/'] = 1, [':'] = 1, ['@'] = 1, ['%'] = 1, ['+'] = 1, [','] = 1, ['='] = 1,
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1,
    ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1,
    ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1,
    ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1,
    ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
};
#define sh_safe(ch) SH_SAFE[ch]

void cl_sh_quote(cl_buf *out, const char *s, size_t n)
{
    int bare = n > 0;
    for (size_t i = 0; i < n && bare; i++) bare = sh_safe((unsigned char)s[i]);
    /* '=' is harmless everywhere but at the start of the first word; keep bare
     * words simple: no leading '=' */
    if (bare && s[0] == '=') bare = 0;
    if (bare) { cl_buf_put(out, s, n); return; }
    cl_buf_putc(out, '\'');
    size_t run = 0;   /* start of the bytes not yet written, copied a run at a time */
    for (size_t i = 0; i < n; i++) {
        const char *esc;
        if (s[i] == '\'') esc = "'\\''";
        /* a backslash right before a closing quote is correct sh but reads
         * like an escape (shellcheck SC1003): write it outside the quotes */
        else if (s[i] == '\\' && (i + 1 == n || s[i + 1] == '\'')) esc = "'\\\\'";
        else continue;
        cl_buf_put(out, s + run, i - run);
        cl_buf_puts(out, esc);
        run = i + 1;
    }
    cl_buf_put(out, s + run, n - run);
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
    size_t width = 0, len[128];   /* the lengths of the first arguments, measured once */
    for (size_t i = 0; i < c->n; i++) {
        size_t l = strlen(c->v[i]);
        if (i < 128) len[i] = l;
        width += l + 1;
    }
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
        cl_sh_quote(out, c->v[i], i < 128 ? len[i] : strlen(c->v[i]));
    }
    cl_buf_putc(out, '\n');
}
