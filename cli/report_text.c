/* report_text.c - the human report: `file:line:col: severity: message [code]`
 * followed by a code frame with the span underlined. */
#include <string.h>
#include "cli.h"
#include "../parser/secrets.h"

#define C(x) (color ? (x) : "")
#define RESET C("\033[0m")

static void frame(FILE *out, const cl_span *sp, int color, const char *sevcol)
{
    uint32_t line, col, eline, ecol, a, b;
    cl_source_pos(sp->src, sp->start, &line, &col);
    cl_source_pos(sp->src, sp->end > sp->start ? sp->end : sp->start, &eline, &ecol);
    if (cl_source_line(sp->src, line, &a, &b) < 0) return;
    fprintf(out, "%s%5u |%s ", C("\033[2m"), line, RESET);
    /* secret-looking values are masked; tabs shown as one space so the caret lines up */
    cl_buf shown;
    cl_buf_init(&shown);
    cl_redact_line(&shown, sp->src->data + a, b - a);
    for (size_t i = 0; i < shown.len; i++) fputc(shown.data[i] == '\t' ? ' ' : shown.data[i], out);
    fputc('\n', out);
    uint32_t shown_chars = 0;
    for (size_t i = 0; i < shown.len; i++) if (((unsigned char)shown.data[i] & 0xC0) != 0x80) shown_chars++;
    cl_buf_free(&shown);
    uint32_t width = 1;
    if (eline == line && ecol > col) width = ecol - col;
    else if (eline != line) {
        uint32_t chars = 0;
        for (uint32_t i = sp->start; i < b; i++) if (((unsigned char)sp->src->data[i] & 0xC0) != 0x80) chars++;
        width = chars ? chars : 1;
    }
    /* keep the caret on the (possibly shorter) line shown */
    if (col > shown_chars + 1) col = shown_chars + 1;
    if (col + width > shown_chars + 1) width = shown_chars + 1 > col ? shown_chars + 1 - col : 1;
    fprintf(out, "%s      |%s ", C("\033[2m"), RESET);
    for (uint32_t i = 1; i < col; i++) fputc(' ', out);
    fputs(sevcol, out);
    for (uint32_t i = 0; i < width; i++) fputc('^', out);
    fprintf(out, "%s\n", RESET);
}

void cl_report_text(FILE *out, const cl_diags *d, int color)
{
    size_t nerr = 0, nwarn = 0, ninfo = 0;
    for (size_t i = 0; i < d->n; i++) {
        const cl_diag *g = &d->v[i];
        const char *sevcol = g->severity == CL_SEV_ERROR ? C("\033[1;31m")
                           : g->severity == CL_SEV_WARNING ? C("\033[1;33m") : C("\033[1;36m");
        if (g->severity == CL_SEV_ERROR) nerr++; else if (g->severity == CL_SEV_WARNING) nwarn++; else ninfo++;
        if (g->span.src) {
            uint32_t line, col;
            cl_source_pos(g->span.src, g->span.start, &line, &col);
            fprintf(out, "%s%s:%u:%u:%s ", C("\033[1m"), g->span.src->path, line, col, RESET);
        }
        fprintf(out, "%s%s:%s %s %s[%s]%s\n", sevcol, cl_severity_name(g->severity), RESET, g->message,
                C("\033[2m"), g->code, RESET);
        if (g->span.src) frame(out, &g->span, color, sevcol);
        for (size_t r = 0; r < g->nrelated; r++) {
            const cl_related *rel = &g->related[r];
            if (!rel->span.src) continue;
            uint32_t line, col;
            cl_source_pos(rel->span.src, rel->span.start, &line, &col);
            fprintf(out, "  %snote:%s %s:%u:%u: %s\n", C("\033[1;36m"), RESET, rel->span.src->path, line, col, rel->message);
        }
        if (g->fix) fprintf(out, "  %shelp:%s %s%s\n", C("\033[1;32m"), RESET, g->fix->description,
                            g->fix->safe ? "" : " (unsafe fix)");
    }
    if (d->n)
        fprintf(out, "\n%zu error%s, %zu warning%s%s\n", nerr, nerr == 1 ? "" : "s", nwarn, nwarn == 1 ? "" : "s",
                ninfo ? ", and notes" : "");
}
