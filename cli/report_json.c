/* report_json.c - the json format: one object with the tool, every input
 * checked with its counts, every diagnostic (rule, severity, message, file,
 * document path, span, related spans, fix edits) and a summary. The schema
 * is documented in docs/json-format.md and docs/json-format.schema.json;
 * "version" changes only when a field is removed or changes meaning. */
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "report.h"

static void span(cl_buf *b, const cl_span *sp)
{
    cl_pos p = cl_report_pos(sp);
    uint32_t end = sp->end > sp->start ? sp->end : sp->start;
    cl_buf_printf(b, "{\"line\": %u, \"col\": %u, \"end_line\": %u, \"end_col\": %u, \"offset\": %u, \"end_offset\": %u}",
                  p.line, p.col, p.end_line, p.end_col, sp->start, end);
}

static void str_or_null(cl_buf *b, const char *s)
{
    if (s) cl_report_json_str(b, s);
    else cl_buf_puts(b, "null");
}

/* A diagnostic's fields, without the closing brace. */
static void diag_fields(cl_buf *b, const cl_diag *g)
{
    cl_rule_meta m = cl_report_rule(cl_diag_code(g));
    cl_buf_puts(b, "{\"rule\": ");
    cl_report_json_str(b, cl_diag_code(g) ? cl_diag_code(g) : "");
    cl_buf_puts(b, ", \"code\": ");
    str_or_null(b, m.code);
    cl_buf_printf(b, ", \"severity\": \"%s\", \"message\": ", cl_severity_name(g->severity));
    cl_buf msg;
    cl_buf_init(&msg);
    cl_report_json_str(b, cl_diag_message(g, &msg));
    cl_buf_free(&msg);
    cl_buf_puts(b, ",\n     \"file\": ");
    str_or_null(b, cl_diag_src(g) ? cl_diag_src(g)->path : NULL);
    cl_buf_puts(b, ", \"path\": ");
    str_or_null(b, cl_diag_path(g));
    cl_buf_puts(b, ", \"span\": ");
    cl_span gs = cl_diag_span(g);
    if (gs.src) span(b, &gs);
    else cl_buf_puts(b, "null");
    cl_buf_puts(b, ",\n     \"related\": [");
    for (size_t r = 0; r < cl_diag_nrelated(g); r++) {
        const cl_related *rel = &cl_diag_related(g)[r];
        cl_buf_puts(b, r ? ", {\"message\": " : "{\"message\": ");
        cl_report_json_str(b, rel->message);
        cl_buf_puts(b, ", \"file\": ");
        str_or_null(b, rel->span.src ? rel->span.src->path : NULL);
        cl_buf_puts(b, ", \"span\": ");
        if (rel->span.src) span(b, &rel->span);
        else cl_buf_puts(b, "null");
        cl_buf_puts(b, "}");
    }
    cl_buf_puts(b, "],\n     \"fix\": ");
    cl_fix fx;
    if (!cl_diag_fix(g, &fx)) cl_buf_puts(b, "null");
    else {
        cl_buf_puts(b, "{\"description\": ");
        cl_report_json_str(b, fx.description);
        cl_buf_printf(b, ", \"safe\": %s, \"edits\": [", fx.safe ? "true" : "false");
        for (size_t e = 0; e < fx.nedits; e++) {
            cl_edit edit = cl_fix_edit(&fx, e);
            const cl_edit *ed = &edit;
            cl_span sp = { cl_diag_src(g), ed->start, ed->end };
            cl_buf_puts(b, e ? ", {\"span\": " : "{\"span\": ");
            if (sp.src) span(b, &sp);
            else cl_buf_puts(b, "null");
            cl_buf_puts(b, ", \"text\": ");
            cl_report_json_strn(b, ed->text, cl_fix_edit_len(&fx, e));
            cl_buf_puts(b, "}");
        }
        cl_buf_puts(b, "]}");
    }
}

void cl_report_json(FILE *out, const cl_report *r)
{
    const cl_diags *d = r->diags;
    cl_buf b;
    cl_buf_init(&b);
    cl_buf_puts(&b, "{\"version\": 1, \"tool\": {\"name\": \"compose-lint\", \"version\": \"" CL_VERSION "\"},\n \"files\": [");
    for (size_t f = 0; f < r->nfiles; f++) {
        size_t c[3] = { 0, 0, 0 }, a, e;
        cl_report_file_range(r, r->files[f], &a, &e);
        for (size_t i = a; i < e; i++) c[d->v[i].severity]++;
        cl_buf_puts(&b, f ? ",\n  {\"file\": " : "\n  {\"file\": ");
        cl_report_json_str(&b, r->files[f]);
        cl_buf_printf(&b, ", \"errors\": %zu, \"warnings\": %zu, \"infos\": %zu}", c[CL_SEV_ERROR], c[CL_SEV_WARNING],
                      c[CL_SEV_INFO]);
    }
    cl_buf_puts(&b, "],\n \"diagnostics\": [");
    size_t tot[3] = { 0, 0, 0 };
    for (size_t i = 0; i < d->n; i++) {
        tot[d->v[i].severity]++;
        cl_buf_puts(&b, i ? ",\n    " : "\n    ");
        diag_fields(&b, &d->v[i]);
        cl_buf_puts(&b, "}");
    }
    /* apart from diagnostics[], so that readers counting it count what fails */
    cl_buf_puts(&b, "],\n \"suppressed\": [");
    size_t nsupp = r->supp ? r->supp->n : 0;
    for (size_t i = 0; i < nsupp; i++) {
        const cl_suppressed *x = &r->supp->v[i];
        cl_buf_puts(&b, i ? ",\n    " : "\n    ");
        diag_fields(&b, &x->diag);
        cl_buf_printf(&b, ",\n     \"suppressed\": {\"kind\": \"%s\", \"justification\": ", x->in_source ? "inSource" : "external");
        str_or_null(&b, x->why);
        cl_buf_puts(&b, "}}");
    }
    cl_buf_printf(&b, "],\n \"summary\": {\"files\": %zu, \"errors\": %zu, \"warnings\": %zu, \"infos\": %zu, \"suppressed\": %zu}}\n",
                  r->nfiles, tot[CL_SEV_ERROR], tot[CL_SEV_WARNING], tot[CL_SEV_INFO], nsupp);
    cl_report_flush(out, &b);
}
