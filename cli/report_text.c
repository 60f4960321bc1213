/* report_text.c - the human report: `file:line:col: severity: message [code]`
 * followed by a code frame with the span underlined. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "report.h"
#include "../parser/secrets.h"

#define C(x) (color ? (x) : "")
#define RESET C("\033[0m")

/* A code frame shows at most FRAME_WIDTH columns of a line, FRAME_LEFT of them
 * before the span when the line is longer, with "…" where it was cut: a
 * minified or binary file has lines of megabytes. */
#define FRAME_WIDTH 120
#define FRAME_LEFT 40

/* The character at P (NUL-terminated buffer): its bytes, and the columns it
 * takes when shown. Control bytes, DEL, C1 controls and bytes that are not
 * UTF-8 are escaped (\xNN per byte) so the terminal never receives them; a
 * tab is shown as one space so the caret lines up. */
static size_t char_at(const char *p, size_t *cols, int *escape)
{
    const unsigned char *s = (const unsigned char *)p;
    size_t n = cl_report_utf8_len(s);
    *escape = !n || (n == 1 && ((s[0] < 0x20 && s[0] != '\t') || s[0] == 0x7f)) || (n == 2 && s[0] == 0xC2 && s[1] < 0xA0);
    if (!n) n = 1;
    *cols = *escape ? 4 * n : 1;
    return n;
}

static void put_char(FILE *out, const char *p, size_t n, int escape)
{
    if (escape) for (size_t i = 0; i < n; i++) fprintf(out, "\\x%02x", (unsigned char)p[i]);
    else if (*p == '\t') fputc(' ', out);
    else fwrite(p, 1, n, out);
}

/* S with control bytes escaped (messages quote keys and values of the file). */
static void put_text(FILE *out, const char *s)
{
    size_t cols;
    int escape;
    const char *run = s;   /* characters written as they are, one fwrite for the run */
    while (*s) {
        size_t n = char_at(s, &cols, &escape);
        if (escape || *s == '\t') {
            fwrite(run, 1, (size_t)(s - run), out);
            put_char(out, s, n, escape);
            run = s + n;
        }
        s += n;
    }
    fwrite(run, 1, (size_t)(s - run), out);
}

/* The line a frame shows, kept while the findings stay on it: its text with
 * secrets masked, and where each of its characters starts (byte in SHOWN,
 * column). Masking and measuring a line once, not once per finding, is what
 * keeps a file written on one line of megabytes (flow style) linear. */
typedef struct {
    const cl_source *src;   /* NULL: nothing kept */
    uint32_t a, b;          /* the line's bytes in src */
    cl_buf shown;
    size_t nch, cap, w;     /* characters, capacity of the arrays, columns */
    size_t *boff, *cst;     /* per character: byte offset in shown, first column */
} frame_line;

static void frame_line_free(frame_line *fl)
{
    cl_buf_free(&fl->shown);
    free(fl->boff);
    free(fl->cst);
}

static void frame_line_load(frame_line *fl, const cl_source *src, uint32_t a, uint32_t b)
{
    fl->src = src; fl->a = a; fl->b = b;
    fl->shown.len = 0;
    cl_redact_line(&fl->shown, src->data + a, b - a);
    cl_buf_put(&fl->shown, "", 0);
    size_t cols, n;
    int escape;
    fl->nch = 0; fl->w = 0;
    for (size_t i = 0; i < fl->shown.len; i += n) {
        if (fl->nch == fl->cap) {
            fl->cap = fl->cap ? 2 * fl->cap : 256;
            fl->boff = realloc(fl->boff, fl->cap * sizeof *fl->boff);
            fl->cst = realloc(fl->cst, fl->cap * sizeof *fl->cst);
            if (!fl->boff || !fl->cst) abort();
        }
        fl->boff[fl->nch] = i;
        fl->cst[fl->nch++] = fl->w;
        n = char_at(fl->shown.data + i, &cols, &escape);
        fl->w += cols;
    }
}

static void frame(FILE *out, const cl_span *sp, int color, const char *sevcol, frame_line *fl)
{
    uint32_t line, col, eline, ecol, a, b;
    cl_source_pos(sp->src, sp->start, &line, &col);
    cl_source_pos(sp->src, sp->end > sp->start ? sp->end : sp->start, &eline, &ecol);
    if (cl_source_line(sp->src, line, &a, &b) < 0) return;
    uint32_t width = 1;   /* the span on this line, in characters */
    if (eline == line && ecol > col) width = ecol - col;
    else if (eline != line) {
        uint32_t chars = 0;
        for (uint32_t i = sp->start; i < b; i++) if (((unsigned char)sp->src->data[i] & 0xC0) != 0x80) chars++;
        width = chars ? chars : 1;
    }
    /* secret-looking values are masked */
    if (fl->src != sp->src || fl->a != a || fl->b != b) frame_line_load(fl, sp->src, a, b);
    const char *shown = fl->shown.data;
    /* columns of the whole line (W), of the span's start (DS) and end (DE):
     * the starts of characters COL and COL + WIDTH (1-based) */
    size_t w = fl->w, ds = (size_t)-1, de = (size_t)-1, cols, n;
    int escape;
    if (col >= 1 && col <= fl->nch) ds = fl->cst[col - 1];
    if ((size_t)col + width >= 1 && (size_t)col + width <= fl->nch) de = fl->cst[(size_t)col + width - 1];
    if (ds == (size_t)-1) ds = w;   /* past the (possibly shorter) line shown: caret at its end */
    if (de == (size_t)-1 || de <= ds) de = ds < w ? w : ds + 1;
    size_t lo = 0, hi = w;
    if (w > FRAME_WIDTH) {
        lo = ds > FRAME_LEFT ? ds - FRAME_LEFT : 0;
        if (w - lo < FRAME_WIDTH) lo = w - FRAME_WIDTH;
        hi = lo + FRAME_WIDTH;
    }
    fprintf(out, "%s%5u |%s ", C("\033[2m"), line, RESET);
    /* the characters shown are those in columns [lo, hi): columns grow along
     * the line, so from the first at or past LO to the last ending by HI */
    size_t first = (size_t)-1, last = 0;   /* columns shown: [first, last) */
    size_t k0 = 0, k1 = fl->nch;
    while (k0 < k1) {
        size_t mid = k0 + (k1 - k0) / 2;
        if (fl->cst[mid] < lo) k0 = mid + 1; else k1 = mid;
    }
    for (size_t k = k0; k < fl->nch; k++) {
        size_t at = fl->cst[k];
        n = char_at(shown + fl->boff[k], &cols, &escape);
        if (at + cols > hi) break;
        if (first == (size_t)-1) { first = at; if (at) fputs("\xE2\x80\xA6", out); }
        put_char(out, shown + fl->boff[k], n, escape);
        last = at + cols;
    }
    if (first == (size_t)-1) first = last = ds;
    if (last < w) fputs("\xE2\x80\xA6", out);
    fputc('\n', out);
    /* the caret line, cut as the line was */
    size_t from = ds > first ? ds : first, to = de < last ? de : last;
    size_t pad = (first ? 1 : 0) + (from - first), carets = to > from ? to - from : 1;
    fprintf(out, "%s      |%s ", C("\033[2m"), RESET);
    for (size_t i = 0; i < pad; i++) fputc(' ', out);
    fputs(sevcol, out);
    for (size_t i = 0; i < carets; i++) fputc('^', out);
    fprintf(out, "%s\n", RESET);
}

static void report_text(FILE *out, const cl_diags *d, int color)
{
    size_t nerr = 0, nwarn = 0, ninfo = 0;
    cl_buf tmp;
    cl_buf_init(&tmp);
    frame_line fl;
    memset(&fl, 0, sizeof fl);
    cl_buf_init(&fl.shown);
    for (size_t i = 0; i < d->n; i++) {
        const cl_diag *g = &d->v[i];
        const char *sevcol = g->severity == CL_SEV_ERROR ? C("\033[1;31m")
                           : g->severity == CL_SEV_WARNING ? C("\033[1;33m") : C("\033[1;36m");
        if (g->severity == CL_SEV_ERROR) nerr++; else if (g->severity == CL_SEV_WARNING) nwarn++; else ninfo++;
        if (g->span.src) {
            uint32_t line, col;
            cl_source_pos(g->span.src, g->span.start, &line, &col);
            fprintf(out, "%s%s:%u:%u:%s ", C("\033[1m"), cl_report_shown_path(&tmp, g->span.src->path), line, col,
                    RESET);
        }
        fprintf(out, "%s%s:%s ", sevcol, cl_severity_name(g->severity), RESET);
        put_text(out, g->message);
        fprintf(out, " %s[%s]%s\n", C("\033[2m"), g->code, RESET);
        if (g->span.src) frame(out, &g->span, color, sevcol, &fl);
        for (size_t r = 0; r < g->nrelated; r++) {
            const cl_related *rel = &g->related[r];
            if (!rel->span.src) continue;
            uint32_t line, col;
            cl_source_pos(rel->span.src, rel->span.start, &line, &col);
            fprintf(out, "  %snote:%s %s:%u:%u: %s\n", C("\033[1;36m"), RESET,
                    cl_report_shown_path(&tmp, rel->span.src->path), line, col, rel->message);
        }
        if (g->fix) fprintf(out, "  %shelp:%s %s%s\n", C("\033[1;32m"), RESET, g->fix->description,
                            g->fix->safe ? "" : " (unsafe fix)");
    }
    cl_buf_free(&tmp);
    frame_line_free(&fl);
    if (!d->n) return;
    fprintf(out, "\n%zu error%s, %zu warning%s", nerr, nerr == 1 ? "" : "s", nwarn, nwarn == 1 ? "" : "s");
    if (ninfo) fprintf(out, ", %zu note%s", ninfo, ninfo == 1 ? "" : "s");
    fputc('\n', out);
}

void cl_report_text(FILE *out, const cl_diags *d, int color)
{
    /* built in memory and written at once: stderr is unbuffered, and a
     * converter's thousands of notes went out a few bytes per write(2) */
    char *mem = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&mem, &len);
    if (!m) { report_text(out, d, color); return; }
    report_text(m, d, color);
    if (fclose(m) == 0) fwrite(mem, 1, len, out);
    else report_text(out, d, color);
    free(mem);
}
