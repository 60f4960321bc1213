/* cmd_config.c - `compose-lint config [-f FILE...] [--format yaml|json]
 * [-o FILE]`: prints the normalized project like `docker compose config`.
 * Problems go to stderr (schema errors too, as docker compose refuses such a
 * file); with an error nothing is printed (exit 1). -o FILE
 * is written atomically. The schema is validated on a second thread while
 * the project is rendered. */
#include <stdio.h>
#include <string.h>
#include "../parser/render.h"
#include "../model/project.h"
#include "atomic_write.h"
#include "pipeline.h"

static int write_out(const char *path, const cl_buf *b)
{
    if (!path || !strcmp(path, "-")) return fwrite(b->data, 1, b->len, stdout) == b->len ? 0 : -1;
    return cl_write_output(path, b->data, b->len);
}

static void render(cl_buf *out, const cl_project *p, int json)
{
    if (json) { cl_render_json(out, p->root, 2); cl_buf_putc(out, '\n'); }
    else cl_render_yaml(out, p->root);
}

int cl_cmd_config(cl_opts *o)
{
    int json = 0;
    if (!strcmp(o->format, "json")) json = 1;
    else if (strcmp(o->format, "yaml") && strcmp(o->format, "text")) {
        fprintf(stderr, "compose-lint: config prints yaml or json, not '%s'\n", o->format);
        return CL_EXIT_USAGE;
    }
    cl_project_opts po;
    cl_project_opts_from_cli(&po, o);
    cl_diags d;
    cl_diags_init(&d);
    cl_project *p = cl_project_load(&po, &d);
    /* docker compose refuses a file the compose-spec schema refuses: so does
     * config (what validate says, in the files given and those they pull in).
     * When nothing reported so far stops it, the project is rendered
     * meanwhile (AHEAD), and the text dropped if validation stops it. */
    int ahead = p && p->root && !cl_diags_count(&d, CL_SEV_ERROR);
    cl_validation v;
    cl_validate_begin(&v, ahead ? (const cl_doc *const *)p->docs : NULL, ahead ? p->ndocs : 0);
    cl_buf out;
    cl_buf_init(&out);
    if (ahead) render(&out, p, json);
    cl_validate_end(&v, p, &d);
    int rc = !p ? CL_EXIT_USAGE : cl_diags_count(&d, CL_SEV_ERROR) ? CL_EXIT_PROBLEMS : CL_EXIT_OK;
    if (!p && cl_diags_count(&d, CL_SEV_ERROR)) {
        /* a file that is there but does not parse is a problem in it, not a usage error */
        for (size_t i = 0; i < d.n; i++) if (cl_diag_src(&d.v[i])) rc = CL_EXIT_PROBLEMS;
    }
    cl_diags_sort(&d);
    if (d.n && !o->quiet) cl_report_text(stderr, &d, 0);
    if (rc == CL_EXIT_OK) {
        if (!ahead) render(&out, p, json);
        if (write_out(o->output_file, &out)) rc = CL_EXIT_USAGE;
    }
    cl_buf_free(&out);
    cl_diags_free(&d);
    cl_project_free(p);
    return rc;
}
