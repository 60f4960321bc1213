/* cmd_validate.c - `compose-lint validate [FILE|DIR...]`: the schema check alone
 * (no interpolation, no rules), reported in any --format. Exit 0 when every
 * file is valid, 1 when one is not (schema or YAML errors), 2 when a file
 * cannot be read. An empty file is valid: the official schema reads it as an
 * empty mapping. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../schema/schema.h"
#include "cli.h"
#include "inputs.h"
#include "report.h"

int cl_cmd_validate(cl_opts *o)
{
    const cl_report_format *fmt = cl_report_find(o->format);
    if (!fmt) {
        fprintf(stderr, "compose-lint: unknown --format '%s'\n", o->format);
        return CL_EXIT_USAGE;
    }
    if (o->output_file) {
        fprintf(stderr, "compose-lint: validate writes its report to stdout; --output-file is for check\n");
        return CL_EXIT_USAGE;
    }
    const char *const *args = o->files;
    size_t nargs = o->nfiles;
    const char *deflt = NULL;
    if (!nargs) {
        if (!(deflt = cl_default_compose_file())) {
            fprintf(stderr, "compose-lint: no compose file given, and none of compose.yaml, compose.yml, "
                            "docker-compose.yaml, docker-compose.yml is in the current folder\n");
            return CL_EXIT_USAGE;
        }
        args = &deflt;
        nargs = 1;
    }
    /* folders are walked as check walks them (cli/inputs.c) */
    cl_inputs in = { NULL, 0, 0 };
    int io_error = cl_inputs_expand(o, args, nargs, &in) != 0;
    char **files = in.paths;
    size_t nfiles = in.n;
    cl_diags all;
    cl_diags_init(&all);
    cl_source **srcs = calloc(nfiles ? nfiles : 1, sizeof *srcs);
    const char **names = calloc(nfiles ? nfiles : 1, sizeof *names);
    if (!srcs || !names) abort();
    size_t nnames = 0;
    for (size_t i = 0; i < nfiles; i++) {
        char err[512];
        srcs[i] = cl_source_load(files[i], o->stdin_filename, o->limits.max_file_size, err, sizeof err);
        if (!srcs[i]) {
            fprintf(stderr, "compose-lint: %s: %s\n", strcmp(files[i], "-") ? files[i] : "<stdin>", err);
            io_error = 1;
            continue;
        }
        names[nnames++] = srcs[i]->path;
        cl_diags d;
        cl_diags_init(&d);
        cl_doc *doc = cl_doc_parse(srcs[i], &o->limits, &d);
        if (doc) cl_schema_validate(doc, &d);
        cl_inputs_foreign_hint(srcs[i], &d);
        cl_doc_free(doc);
        cl_diags_move(&all, &d);
    }
    cl_diags_sort(&all);
    int color = cl_use_color(o->color, stdout);
    if (!o->quiet) {
        cl_report r = { &all, names, nnames, color, o->docs_url ? o->docs_url : CL_DOCS_URL, NULL, NULL, 0 };
        fmt->write(stdout, &r);
    }
    int invalid = cl_diags_count(&all, CL_SEV_ERROR) != 0;
    cl_diags_free(&all);
    for (size_t i = 0; i < nfiles; i++) cl_source_free(srcs[i]);
    free(srcs);
    free(names);
    cl_inputs_free(&in);
    return io_error ? CL_EXIT_USAGE : invalid ? CL_EXIT_PROBLEMS : CL_EXIT_OK;
}
