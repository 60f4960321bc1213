/* stages.c - times the pipeline's stages on one file inside one process:
 * read, parse+model, schema validation, project, rules. Prints "stage seconds" lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "../cli/pipeline.h"
#include "../schema/schema.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 2) { fprintf(stderr, "usage: stages FILE\n"); return 2; }
    cl_opts o;
    memset(&o, 0, sizeof o);
    cl_limits_default(&o.limits);
    o.max_warnings = -1;
    char err[256];
    double t0 = now();
    cl_source *src = cl_source_load(argv[1], NULL, o.limits.max_file_size, err, sizeof err);
    if (!src) { fprintf(stderr, "%s: %s\n", argv[1], err); return 2; }
    double t1 = now();
    cl_diags d;
    cl_diags_init(&d);
    cl_doc *doc = cl_doc_parse(src, &o.limits, &d);
    double t2 = now();
    if (!doc) { fprintf(stderr, "parse failed\n"); return 1; }
    printf("read %.4f\nparse+model %.4f\n", t1 - t0, t2 - t1);
    printf("nodes %llu arena_bytes %zu\n", (unsigned long long)doc->nnodes, doc->arena.used_total);
    double a = now();
    cl_schema_validate(doc, &d);
    printf("validate %.4f\n", now() - a);
    a = now();
    cl_project *p = cl_pipeline_project(&o, doc, &d);
    printf("project %.4f\n", now() - a);
    a = now();
    cl_pipeline_rules(&o, doc, p, &d);
    printf("rules %.4f\n", now() - a);
    printf("total %.4f\ndiagnostics %zu\n", now() - t0, d.n);
    cl_project_free(p);
    cl_doc_free(doc);
    cl_diags_free(&d);
    cl_source_free(src);
    return 0;
}
