/* report_github.c - GitHub Actions workflow commands, one annotation per
 * finding: `::error file=F,line=L,col=C,endLine=..,endColumn=..,title=T::MSG`,
 * escaped as the runner expects (%, CR, LF everywhere; also : and , in
 * property values). */
#include "report.h"

static void esc(cl_buf *b, const char *s, int property)
{
    for (; *s; s++) {
        switch (*s) {
        case '%': cl_buf_puts(b, "%25"); break;
        case '\r': cl_buf_puts(b, "%0D"); break;
        case '\n': cl_buf_puts(b, "%0A"); break;
        case ':': if (property) cl_buf_puts(b, "%3A"); else cl_buf_putc(b, ':'); break;
        case ',': if (property) cl_buf_puts(b, "%2C"); else cl_buf_putc(b, ','); break;
        default: cl_buf_putc(b, *s);
        }
    }
}

void cl_report_github(FILE *out, const cl_report *r)
{
    cl_buf b, rel;
    cl_buf_init(&b);
    cl_buf_init(&rel);
    for (size_t i = 0; i < r->diags->n; i++) {
        const cl_diag *g = &r->diags->v[i];
        const char *cmd = g->severity == CL_SEV_ERROR ? "error" : g->severity == CL_SEV_WARNING ? "warning" : "notice";
        cl_buf_printf(&b, "::%s ", cmd);
        if (cl_diag_src(g)) {
            cl_span gs = cl_diag_span(g);
            cl_pos p = cl_report_pos(&gs);
            rel.len = 0;
            cl_report_relpath(&rel, cl_diag_src(g)->path);
            cl_buf_puts(&b, "file=");
            esc(&b, cl_buf_cstr(&rel), 1);
            cl_buf_printf(&b, ",line=%u,col=%u,endLine=%u,endColumn=%u,", p.line, p.col, p.end_line, p.end_col);
        }
        cl_buf_puts(&b, "title=");
        rel.len = 0;
        cl_buf_printf(&rel, "compose-lint %s", cl_diag_code(g) ? cl_diag_code(g) : "");
        esc(&b, cl_buf_cstr(&rel), 1);
        cl_buf_puts(&b, "::");
        esc(&b, cl_diag_message(g, &rel), 0);
        cl_buf_putc(&b, '\n');
    }
    cl_buf_free(&rel);
    cl_report_flush(out, &b);
}
