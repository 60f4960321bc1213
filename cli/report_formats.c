/* report_formats.c - the --format dispatch table: one entry per format,
 * each written by its own cli/report_<name>.c. */
#include <string.h>
#include "cli.h"
#include "report.h"

static void text_report(FILE *out, const cl_report *r) { cl_report_text(out, r->diags, r->color); }

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

