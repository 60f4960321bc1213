/* dotenv.c - the dotenv format as compose-go reads it. */
#include "dotenv.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "../parser/buf.h"
#include "interp.h"

typedef struct dctx {
    const cl_source *src;
    cl_diags *diags;
    uint32_t base;            /* offset of the value being interpolated */
    int errors;
} dctx;

static void report(void *ud, cl_severity sev, const char *code, size_t off, size_t len, const char *msg)
{
    dctx *d = ud;
    cl_span sp = { d->src, d->base + (uint32_t)off, d->base + (uint32_t)(off + len) };
    if (sev == CL_SEV_ERROR) d->errors++;
    cl_diag_add(d->diags, sev, code, sp, "%s", msg);
}

/* Double-quoted escapes as compose-go reads them: \a \b \f \n \r \t \v \" \\ and
 * octal \0NNN become the character, \$ a literal "$" ("$$" for the interpolation
 * that follows); any other backslash stays as written. */
static void unescape(const char *s, size_t n, cl_buf *out)
{
    for (size_t k = 0; k < n; k++) {
        if (s[k] != '\\' || k + 1 >= n) { cl_buf_putc(out, s[k]); continue; }
        char e = s[k + 1];
        const char *from = "abfnrtv\"\\", *to = "\a\b\f\n\r\t\v\"\\";
        const char *hit = strchr(from, e);
        if (e && hit) { cl_buf_putc(out, to[hit - from]); k++; }
        else if (e == '$') { cl_buf_put(out, "$$", 2); k++; }
        else if (e == '0') {
            unsigned v = 0;
            size_t m = k + 2;
            while (m < n && m < k + 5 && s[m] >= '0' && s[m] <= '7') v = v * 8 + (unsigned)(s[m++] - '0');
            if (v > 255) { cl_buf_putc(out, s[k]); continue; }
            cl_buf_putc(out, (char)v);
            k = m - 1;
        } else cl_buf_putc(out, s[k]);
    }
}

static int is_sp(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

static void expand(dctx *d, const cl_env *lookup, const cl_env *out, const char *v, size_t n, uint32_t at, cl_buf *res)
{
    cl_interp_ctx ic;
    memset(&ic, 0, sizeof ic);
    ic.env = lookup;
    ic.fallback = out;
    ic.report = report;
    ic.ud = d;
    d->base = at;
    cl_interp(&ic, v, n, res);
}

int cl_dotenv_parse(const cl_source *src, const cl_env *lookup, cl_env *out, cl_diags *diags)
{
    dctx d = { src, diags, 0, 0 };
    const char *s = src->data;
    size_t n = src->len, i = 0;
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) i = 3;
    while (i < n) {
        /* statement start: skip blank space and comment lines */
        while (i < n && (is_sp(s[i]) || s[i] == '\n')) i++;
        if (i >= n) break;
        if (s[i] == '#') { while (i < n && s[i] != '\n') i++; continue; }
        size_t line0 = i;
        if (n - i > 7 && memcmp(s + i, "export", 6) == 0 && is_sp(s[i + 6])) {
            i += 6;
            while (i < n && is_sp(s[i])) i++;
        }
        size_t k0 = i;
        while (i < n && (isalnum((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80 || strchr("_.-[]", s[i]))) i++;
        size_t k1 = i;
        while (i < n && is_sp(s[i])) i++;
        if (k1 == k0 || (i < n && s[i] != '=' && s[i] != ':' && s[i] != '\n')) {
            size_t e = i;
            while (e < n && s[e] != '\n') e++;
            cl_span sp = { src, (uint32_t)(i < n ? i : line0), (uint32_t)(i < n ? i + 1 : line0) };
            if (k1 == k0 && i < n) cl_diag_add(diags, CL_SEV_ERROR, "env-file-syntax", sp,
                                               "unexpected character '%c' where a variable name should start", s[i]);
            else cl_diag_add(diags, CL_SEV_ERROR, "env-file-syntax", sp,
                             "unexpected character '%c' in variable name \"%.*s\"", i < n ? s[i] : ' ',
                             (int)(e - line0), s + line0);
            d.errors++;
            i = e;
            continue;
        }
        if (i >= n || s[i] == '\n') {            /* bare KEY: inherited from the environment */
            const char *v = lookup ? cl_env_get(lookup, s + k0, k1 - k0) : NULL;
            if (v) cl_env_set(out, s + k0, k1 - k0, v, strlen(v));
            continue;
        }
        i++;                                      /* '=' or ':' */
        while (i < n && is_sp(s[i])) i++;
        cl_buf val;
        cl_buf_init(&val);
        if (i < n && (s[i] == '\'' || s[i] == '"')) {
            /* the value ends at the first quote not preceded by a backslash */
            char q = s[i];
            size_t v0 = i, j = i + 1;
            while (j < n && !(s[j] == q && s[j - 1] != '\\')) j++;
            if (j >= n) {
                size_t e = v0;
                while (e < n && s[e] != '\n') e++;
                cl_span sp = { src, (uint32_t)v0, (uint32_t)e };
                cl_diag_add(diags, CL_SEV_ERROR, "env-file-syntax", sp, "unterminated quoted value %.*s",
                            (int)(e - v0), s + v0);
                d.errors++;
                cl_buf_free(&val);
                break;
            }
            if (q == '\'') cl_buf_put(&val, s + v0 + 1, j - v0 - 1);     /* raw, backslashes kept */
            else {
                cl_buf un;
                cl_buf_init(&un);
                unescape(s + v0 + 1, j - v0 - 1, &un);
                expand(&d, lookup, out, un.data ? un.data : "", un.len, (uint32_t)v0 + 1, &val);
                cl_buf_free(&un);
            }
            i = j + 1;
        } else {
            size_t v0 = i;
            while (i < n && s[i] != '\n') i++;
            size_t v1 = i;
            for (size_t k = v0; k + 1 < v1; k++)
                if (s[k] == ' ' && s[k + 1] == '#') { v1 = k; break; }
            while (v1 > v0 && (is_sp(s[v1 - 1]))) v1--;
            expand(&d, lookup, out, s + v0, v1 - v0, (uint32_t)v0, &val);
        }
        cl_env_set(out, s + k0, k1 - k0, val.data ? val.data : "", val.len);
        cl_buf_free(&val);
        /* the rest of the line after a closing quote may only hold a comment */
        while (i < n && is_sp(s[i])) i++;
        if (i < n && s[i] == '#') while (i < n && s[i] != '\n') i++;
    }
    return d.errors;
}
