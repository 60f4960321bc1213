/* report_gitlab.c - GitLab Code Quality JSON: an array of issues, each with
 * description, check_name, a stable fingerprint unique per finding, severity
 * (info|minor|major|critical|blocker) and location.path/lines.begin. */
#include <stdlib.h>
#include "report.h"

static const char *gl_severity(cl_severity s)
{
    return s == CL_SEV_ERROR ? "major" : s == CL_SEV_WARNING ? "minor" : "info";
}

void cl_report_gitlab(FILE *out, const cl_report *r)
{
    char (*fp)[33] = cl_report_fingerprints(r->diags);
    cl_buf b, rel, msg;
    cl_buf_init(&b);
    cl_buf_init(&rel);
    cl_buf_init(&msg);
    cl_buf_puts(&b, "[");
    for (size_t i = 0; i < r->diags->n; i++) {
        const cl_diag *g = &r->diags->v[i];
        cl_span gs = cl_diag_span(g);
        cl_pos p = cl_report_pos(&gs);
        rel.len = 0;
        cl_report_relpath(&rel, cl_report_file(g));
        cl_buf_puts(&b, i ? ",\n  {" : "\n  {");
        cl_buf_puts(&b, "\"type\": \"issue\", \"engine_name\": \"compose-lint\", \"check_name\": ");
        cl_report_json_str(&b, cl_diag_code(g) ? cl_diag_code(g) : "");
        cl_buf_puts(&b, ", \"description\": ");
        cl_report_json_str(&b, cl_diag_message(g, &msg));
        cl_buf_printf(&b, ", \"severity\": \"%s\", \"fingerprint\": \"%s\", \"location\": {\"path\": ",
                      gl_severity(g->severity), fp[i]);
        cl_report_json_str(&b, cl_buf_cstr(&rel));
        cl_buf_printf(&b, ", \"lines\": {\"begin\": %u, \"end\": %u}}}", p.line ? p.line : 1,
                      p.end_line ? p.end_line : 1);
    }
    cl_buf_puts(&b, r->diags->n ? "\n]\n" : "]\n");
    cl_buf_free(&rel);
    cl_buf_free(&msg);
    free(fp);
    cl_report_flush(out, &b);
}
