/* project_stream.c - the project of one file (`check`), begun before the file
 * is parsed: each service is made canonical (interpolated, long syntax) as
 * soon as the parser hands it on, while it is still in the cache; the rest
 * once the document is whole. cl_project_from_doc is the same without the
 * entries. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "path.h"
#include "projectint.h"

struct cl_project_stream {
    cl_project_opts po;
    cl_project *p;
    cl_ctx c;
    cl_diags diags;
};

cl_project_stream *cl_project_begin(const cl_source *src, const cl_project_opts *opts)
{
    cl_project_stream *s = calloc(1, sizeof *s);
    if (!s) abort();
    s->po = *opts;
    cl_diags_init(&s->diags);
    s->p = cl_project_new();
    cl_ctx_init(&s->c, s->p, &s->po, &s->diags);
    const char *path = src && src->path && strcmp(src->path, "-") ? src->path : NULL;
    cl_arena *a = &s->p->arena;
    s->p->directory = opts->project_directory ? cl_path_abs(a, NULL, opts->project_directory)
                    : path && access(path, F_OK) == 0 ? cl_path_dir(a, path) : cl_path_cwd(a);
    cl_ctx_load_env(&s->c);
    return s;
}

void cl_project_entry(void *stream, const cl_node *root_key, const cl_node *key, const cl_node *value)
{
    cl_project_stream *s = stream;
    if (s->c.unreadable || !cl_scalar_is(root_key, "services")) return;
    cl_ctx_cache_service(&s->c, key, value);
}

cl_project *cl_project_finish(cl_project_stream *s, const cl_doc *doc, cl_diags *diags)
{
    cl_project *p = NULL;
    if (doc) {
        if (!s->c.unreadable && !cl_ctx_check_root(&s->c, doc)) {
            cl_ctx_build(&s->c, &doc, 1);
            p = s->p;
            s->p = NULL;
        }
        cl_ctx_detach_diags(&s->diags, 0, doc);
        cl_diags_move(diags, &s->diags);
    }
    cl_ctx_free(&s->c);
    if (s->p) cl_project_free(s->p);
    cl_diags_free(&s->diags);
    free(s);
    return p;
}
