/* report_formats.c - the --format dispatch table: one entry per format,
 * each written by its own cli/report_<name>.c. */
#include <string.h>
#include "cli.h"
#include "report.h"

/* The text report, then how many findings the configuration excluded
 * (exclude_services, exclude_files): counted apart, never shown one by one. */
static void text_report(FILE *out, const cl_report *r)
{
    cl_report_text(out, r->diags, r->color);
    size_t n = 0;
    for (size_t i = 0; r->supp && i < r->supp->n; i++) n += !r->supp->v[i].in_source;
    if (n) fprintf(out, "%zu finding%s excluded by configuration\n", n, n == 1 ? "" : "s");
}

const cl_report_format cl_report_formats[] = {
    { "text",       text_report,          "for people: grouped by file, with a code frame (default)" },
    { "compact",    cl_report_compact,    "one line per finding: file:line:col: severity [rule] message" },
    { "json",       cl_report_json,       "JSON, schema in docs/json-format.md" },
    { "sarif",      cl_report_sarif,      "SARIF 2.1.0 for GitHub code scanning" },
    { "junit",      cl_report_junit,      "JUnit XML, one testsuite per file" },
    { "github",     cl_report_github,     "GitHub Actions workflow commands (annotations)" },
    { "gitlab",     cl_report_gitlab,     "GitLab Code Quality JSON" },
    { "checkstyle", cl_report_checkstyle, "Checkstyle XML" },
    { NULL, NULL, NULL },
};

const cl_report_format *cl_report_find(const char *name)
{
    for (const cl_report_format *f = cl_report_formats; f->name; f++)
        if (!strcmp(f->name, name)) return f;
    return NULL;
}

