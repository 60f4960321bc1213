/* report_junit.c - JUnit XML for CI test views: <testsuites> with one
 * <testsuite name=FILE> per file with findings (each finding a <testcase>
 * named for its rule; errors and warnings carry a <failure>), then one
 * passing suite per clean input. */
#include <stdlib.h>
#include <string.h>
#include "report.h"

static void suite_open(cl_buf *b, const char *name, size_t tests, size_t failures)
{
    cl_buf_puts(b, "  <testsuite name=\"");
    cl_report_xml_str(b, name);
    cl_buf_printf(b, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"0\">\n", tests, failures);
}

void cl_report_junit(FILE *out, const cl_report *r)
{
    const cl_diags *d = r->diags;
    unsigned char *has = cl_report_files_with_diags(r);
    size_t tests = 0, failures = 0;
    for (size_t i = 0; i < d->n; i++) { tests++; if (d->v[i].severity != CL_SEV_INFO) failures++; }
    for (size_t f = 0; f < r->nfiles; f++) if (!has[f]) tests++;
    cl_buf b, msg;
    cl_buf_init(&b);
    cl_buf_init(&msg);
    cl_buf_printf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<testsuites name=\"compose-lint\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n",
                  tests, failures);
    for (size_t i = 0; i < d->n;) {   /* sorted by file */
        const char *file = cl_report_file(&d->v[i]);
        size_t j = i, nfail = 0;
        for (; j < d->n && !strcmp(cl_report_file(&d->v[j]), file); j++) nfail += d->v[j].severity != CL_SEV_INFO;
        suite_open(&b, *file ? file : "compose-lint", j - i, nfail);
        for (; i < j; i++) {
            const cl_diag *g = &d->v[i];
            cl_span gs = cl_diag_span(g);
            cl_pos p = cl_report_pos(&gs);
            cl_buf_puts(&b, "    <testcase name=\"");
            cl_report_xml_str(&b, cl_diag_code(g) ? cl_diag_code(g) : "");
            cl_buf_printf(&b, " at %u:%u\" classname=\"", p.line, p.col);
            cl_report_xml_str(&b, *file ? file : "compose-lint");
            cl_buf_puts(&b, "\">\n");
            const char *tag = g->severity == CL_SEV_INFO ? "system-out" : "failure";
            cl_buf_printf(&b, "      <%s", tag);
            if (g->severity != CL_SEV_INFO) {
                cl_buf_puts(&b, " message=\"");
                cl_report_xml_str(&b, cl_diag_message(g, &msg));
                cl_buf_printf(&b, "\" type=\"%s\"", cl_severity_name(g->severity));
            }
            cl_buf_puts(&b, ">");
            if (*file) {
                cl_report_xml_str(&b, file);
                cl_buf_printf(&b, ":%u:%u: ", p.line, p.col);
            }
            cl_buf_printf(&b, "%s [", cl_severity_name(g->severity));
            cl_report_xml_str(&b, cl_diag_code(g) ? cl_diag_code(g) : "");
            cl_buf_puts(&b, "] ");
            cl_report_xml_str(&b, cl_diag_message(g, &msg));
            cl_buf_printf(&b, "</%s>\n    </testcase>\n", tag);
        }
        cl_buf_puts(&b, "  </testsuite>\n");
    }
    for (size_t f = 0; f < r->nfiles; f++) {
        if (has[f]) continue;
        suite_open(&b, r->files[f], 1, 0);
        cl_buf_puts(&b, "    <testcase name=\"compose-lint\" classname=\"");
        cl_report_xml_str(&b, r->files[f]);
        cl_buf_puts(&b, "\"/>\n  </testsuite>\n");
    }
    cl_buf_puts(&b, "</testsuites>\n");
    cl_buf_free(&msg);
    free(has);
    cl_report_flush(out, &b);
}
