/* report_checkstyle.c - Checkstyle XML (version 4.3): one <file> per file
 * with findings, then an empty <file> for each clean input; one <error line
 * column severity message source> per finding; source is the rule code. */
#include <stdlib.h>
#include <string.h>
#include "report.h"

static const char *cs_severity(cl_severity s)
{
    return s == CL_SEV_ERROR ? "error" : s == CL_SEV_WARNING ? "warning" : "info";
}

static void file_open(cl_buf *b, const char *name)
{
    cl_buf_puts(b, "  <file name=\"");
    cl_report_xml_str(b, name);
    cl_buf_puts(b, "\">\n");
}

void cl_report_checkstyle(FILE *out, const cl_report *r)
{
    cl_buf b, msg;
    cl_buf_init(&b);
    cl_buf_init(&msg);
    cl_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n");
    const cl_diags *d = r->diags;
    for (size_t i = 0; i < d->n;) {   /* sorted by file */
        const char *file = cl_report_file(&d->v[i]);
        file_open(&b, *file ? file : "compose-lint");
        for (; i < d->n && !strcmp(cl_report_file(&d->v[i]), file); i++) {
            const cl_diag *g = &d->v[i];
            cl_span gs = cl_diag_span(g);
            cl_pos p = cl_report_pos(&gs);
            cl_buf_printf(&b, "    <error line=\"%u\" column=\"%u\" severity=\"%s\" message=\"", p.line, p.col,
                          cs_severity(g->severity));
            cl_report_xml_str(&b, cl_diag_message(g, &msg));
            cl_buf_puts(&b, "\" source=\"compose-lint.");
            cl_report_xml_str(&b, cl_diag_code(g) ? cl_diag_code(g) : "");
            cl_buf_puts(&b, "\"/>\n");
        }
        cl_buf_puts(&b, "  </file>\n");
    }
    cl_buf_free(&msg);
    unsigned char *has = cl_report_files_with_diags(r);
    for (size_t f = 0; f < r->nfiles; f++)
        if (!has[f]) { file_open(&b, r->files[f]); cl_buf_puts(&b, "  </file>\n"); }
    free(has);
    cl_buf_puts(&b, "</checkstyle>\n");
    cl_report_flush(out, &b);
}
