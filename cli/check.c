/* check.c - the lint pipeline: for each input, load it, build the model and
 * collect every stage's diagnostics; then report and choose the exit code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"

typedef struct checked {
    cl_source *src;
    cl_doc *doc;
} checked;

/* Runs every stage on one parsed document. Later stages (schema validation,
 * rules) append to DIAGS here. */
static void run_stages(const cl_opts *o, cl_doc *doc, cl_diags *diags)
{
    if (!doc->root) {
        cl_span sp = { doc->src, 0, 0 };
        cl_diag_add(diags, CL_SEV_ERROR, "compose-empty", sp, "empty compose file: it defines no services");
        return;
    }
    if (doc->root->kind != CL_MAP) {
        cl_diag_add(diags, CL_SEV_ERROR, "compose-root", cl_node_span(doc->root),
                    "the top level of a compose file must be a mapping (services:, networks:, ...)");
        return;
    }
    if (cl_stage_validate) cl_stage_validate(doc, diags);
    struct cl_project *p = cl_stage_project ? cl_stage_project(doc, o, diags) : NULL;
    if (cl_stage_rules) cl_stage_rules(doc, p, o, diags);
    if (p && cl_stage_project_free) cl_stage_project_free(p);
}

cl_doc *cl_check_source(const cl_opts *o, const cl_source *src, cl_diags *out)
{
    cl_doc *doc = cl_doc_parse(src, &o->limits, out);
    if (doc) run_stages(o, doc, out);
    return doc;
}

int cl_cmd_check(cl_opts *o)
{
    const char **files = o->files;
    size_t nfiles = o->nfiles;
    const char *deflt = NULL;
    if (!nfiles) {
        deflt = cl_default_compose_file();
        if (!deflt) {
            fprintf(stderr, "compose-lint: no compose file given, and none of compose.yaml, compose.yml, "
                            "docker-compose.yaml, docker-compose.yml is in the current folder\n");
            return CL_EXIT_USAGE;
        }
        files = &deflt;
        nfiles = 1;
    }
    FILE *out = stdout;
    if (o->output_file && !(out = fopen(o->output_file, "w"))) {
        perror(o->output_file);
        return CL_EXIT_USAGE;
    }
    int io_error = 0;
    cl_diags all;
    cl_diags_init(&all);
    checked *ck = calloc(nfiles, sizeof *ck);
    if (!ck) abort();
    for (size_t i = 0; i < nfiles; i++) {
        char err[512];
        ck[i].src = cl_source_load(files[i], o->stdin_filename, o->limits.max_file_size, err, sizeof err);
        if (!ck[i].src) {
            fprintf(stderr, "compose-lint: %s: %s\n", strcmp(files[i], "-") ? files[i] : "<stdin>", err);
            io_error = 1;
            continue;
        }
        cl_diags d;
        cl_diags_init(&d);
        if ((o->fix || o->diff) && cl_fix_file && cl_fix_file(o, ck[i].src, &d) == CL_EXIT_USAGE) io_error = 1;
        ck[i].doc = cl_check_source(o, ck[i].src, &d);
        cl_diags_sort(&d);
        cl_diags_move(&all, &d);
    }
    int outcome = cl_check_outcome ? cl_check_outcome(o, &all)
                : cl_diags_count(&all, CL_SEV_WARNING) ? CL_EXIT_PROBLEMS : CL_EXIT_OK;
    int color = o->color;
    if (color < 0) color = !o->output_file && isatty(fileno(out)) && !getenv("NO_COLOR");
    if (!o->quiet) {
        if (!strcmp(o->format, "text")) cl_report_text(out, &all, color);
        else { fprintf(stderr, "compose-lint: unknown --format '%s'\n", o->format); io_error = 1; }
    }
    int rc = io_error ? CL_EXIT_USAGE : outcome;
    if (out != stdout) fclose(out);
    cl_diags_free(&all);
    for (size_t i = 0; i < nfiles; i++) { cl_doc_free(ck[i].doc); cl_source_free(ck[i].src); }
    free(ck);
    return rc;
}
