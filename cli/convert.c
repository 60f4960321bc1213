/* convert.c - `compose-lint convert --to TARGET [-f FILE...] [-o OUT]`: loads
 * the normalized project and hands it to an emitter. Output is written only
 * when conversion succeeds, atomically when it goes to a file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../emitters/emitter.h"
#include "cli.h"

#include "../model/project.h"

static void list_targets(FILE *f)
{
    fputs("targets:", f);
    for (size_t i = 0; cl_emitters[i]; i++) fprintf(f, " %s", cl_emitters[i]->name);
    fputc('\n', f);
}

int cl_cmd_convert(cl_opts *o)
{
    if (!o->to) { fputs("compose-lint: convert needs --to TARGET\n", stderr); list_targets(stderr); return CL_EXIT_USAGE; }
    const cl_emitter *em = cl_emitter_find(o->to);
    if (!em) { fprintf(stderr, "compose-lint: unknown target '%s'\n", o->to); list_targets(stderr); return CL_EXIT_USAGE; }
    
    const char *deflt = NULL;
    const char **files = o->files;
    size_t nfiles = o->nfiles;
    if (!nfiles) {
        if (!(deflt = cl_default_compose_file())) { fputs("compose-lint: no compose file given and none found\n", stderr); return CL_EXIT_USAGE; }
        files = &deflt; nfiles = 1;
    }
    cl_project_opts po;
    memset(&po, 0, sizeof po);
    po.files = files; po.nfiles = nfiles;
    po.env_files = o->env_files; po.nenv_files = o->nenv_files;
    po.profiles = o->profiles; po.nprofiles = o->nprofiles;
    po.project_name = o->project_name; po.project_directory = o->project_directory;
    po.no_interpolate = o->no_interpolate;
    po.limits = &o->limits;
    cl_diags d;
    cl_diags_init(&d);
    cl_project *p = cl_project_load(&po, &d);
    int rc = CL_EXIT_OK;
    cl_buf out;
    cl_buf_init(&out);
    if (!p || cl_diags_count(&d, CL_SEV_ERROR)) rc = p ? CL_EXIT_PROBLEMS : CL_EXIT_USAGE;
    else {
        cl_emit_opts eo;
        memset(&eo, 0, sizeof eo);
        eo.strict = o->strict; eo.no_interpolate = o->no_interpolate; eo.controller = o->controller;
        eo.namespace_ = o->namespace_; eo.allow_hostpath = o->allow_hostpath; eo.output = o->output_file;
        eo.service_type = o->service_type; eo.pvc_size = o->pvc_size; eo.storage_class = o->storage_class;
        if (em->emit(p, &eo, &out, &d)) rc = CL_EXIT_PROBLEMS;
        else if (o->strict && cl_diags_count(&d, CL_SEV_WARNING)) rc = CL_EXIT_PROBLEMS;
    }
    cl_diags_sort(&d);
    if (d.n && !o->quiet) cl_report_text(stderr, &d, 0);
    if (rc == CL_EXIT_OK && out.len) {
        if (!o->output_file || !strcmp(o->output_file, "-")) fwrite(out.data, 1, out.len, stdout);
        else {
            /* write next to the target, then rename: never a half-written file */
            size_t n = strlen(o->output_file) + 16;
            char *tmp = malloc(n);
            if (!tmp) abort();
            snprintf(tmp, n, "%s.tmp~", o->output_file);
            FILE *f = fopen(tmp, "wb");
            int ok = f && fwrite(out.data, 1, out.len, f) == out.len;
            if (f && fclose(f) != 0) ok = 0;
            if (!ok || rename(tmp, o->output_file) != 0) {
                perror(o->output_file);
                remove(tmp);
                rc = CL_EXIT_USAGE;
            }
            free(tmp);
        }
    }
    cl_buf_free(&out);
    cl_diags_free(&d);
    cl_project_free(p);
    return rc;
}
