/* cmd_validate.c - `compose-lint validate [FILE...]`: the schema check alone
 * (no interpolation, no rules). Exit 0 when every file is valid, 1 when one is
 * not (schema or YAML errors), 2 when a file cannot be read. An empty file is
 * valid, as the official schema reads it as an empty mapping. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../cli/cli.h"
#include "schema.h"

int cl_cmd_validate(cl_opts *o)
{
    const char **files = o->files;
    size_t nfiles = o->nfiles;
    const char *deflt = NULL;
    if (!nfiles) {
        if (!(deflt = cl_default_compose_file())) {
            fprintf(stderr, "compose-lint: no compose file given, and none of compose.yaml, compose.yml, "
                            "docker-compose.yaml, docker-compose.yml is in the current folder\n");
            return CL_EXIT_USAGE;
        }
        files = &deflt;
        nfiles = 1;
    }
    if (o->format && strcmp(o->format, "text")) {
        fprintf(stderr, "compose-lint: validate: unknown --format '%s'\n", o->format);
        return CL_EXIT_USAGE;
    }
    FILE *out = stdout;
    if (o->output_file && !(out = fopen(o->output_file, "w"))) {
        perror(o->output_file);
        return CL_EXIT_USAGE;
    }
    int color = o->color;
    if (color < 0) color = !o->output_file && isatty(fileno(out)) && !getenv("NO_COLOR");
    int io_error = 0, invalid = 0;
    for (size_t i = 0; i < nfiles; i++) {
        char err[512];
        cl_source *src = cl_source_load(files[i], o->stdin_filename, o->limits.max_file_size, err, sizeof err);
        if (!src) {
            fprintf(stderr, "compose-lint: %s: %s\n", strcmp(files[i], "-") ? files[i] : "<stdin>", err);
            io_error = 1;
            continue;
        }
        cl_diags d;
        cl_diags_init(&d);
        cl_doc *doc = cl_doc_parse(src, &o->limits, &d);
        if (doc) cl_schema_validate(doc, &d);
        if (cl_diags_count(&d, CL_SEV_ERROR)) invalid = 1;
        cl_diags_sort(&d);
        if (!o->quiet) cl_report_text(out, &d, color);
        cl_diags_free(&d);
        cl_doc_free(doc);
        cl_source_free(src);
    }
    if (out != stdout && fclose(out)) { perror(o->output_file); io_error = 1; }
    return io_error ? CL_EXIT_USAGE : invalid ? CL_EXIT_PROBLEMS : CL_EXIT_OK;
}
