/* report_compact.c - one line per finding, for editors and grep:
 * `file:line:col: severity [rule] message` (line breaks in a message shown
 * as \n). */
#include "report.h"

void cl_report_compact(FILE *out, const cl_report *r)
{
    cl_buf tmp, msg;
    cl_buf_init(&tmp);
    cl_buf_init(&msg);
    for (size_t i = 0; i < r->diags->n; i++) {
        const cl_diag *g = &r->diags->v[i];
        cl_span gs = cl_diag_span(g);
        cl_pos p = cl_report_pos(&gs);
        if (cl_diag_src(g)) fprintf(out, "%s:%u:%u: ", cl_report_shown_path(&tmp, cl_diag_src(g)->path), p.line, p.col);
        fprintf(out, "%s [%s] ", cl_severity_name(g->severity), cl_diag_code(g) ? cl_diag_code(g) : "");
        for (const char *c = cl_diag_message(g, &msg); *c; c++) {   /* one line per finding, always */
            if (*c == '\n') fputs("\\n", out);
            else if (*c == '\r') fputs("\\r", out);
            else fputc(*c, out);
        }
        fputc('\n', out);
    }
    cl_buf_free(&tmp);
    cl_buf_free(&msg);
}
