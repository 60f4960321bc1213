/* memcheck_driver.c - one process that takes every given compose file through
 * everything compose-lint does with it: the check pipeline (parse, schema,
 * project, rules), every report format, the project loader and every emitter.
 * Run under valgrind memcheck by tests/scripts/memcheck.sh so the whole corpus
 * costs one valgrind start-up instead of thousands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../cli/pipeline.h"
#include "../../cli/report.h"
#include "../../emitters/emitter.h"

int main(int argc, char **argv)
{
    FILE *null = fopen("/dev/null", "w");
    if (!null) return 2;
    size_t files = 0, reports = 0, emits = 0;
    for (int i = 1; i < argc; i++) {
        cl_opts o;
        memset(&o, 0, sizeof o);
        cl_limits_default(&o.limits);
        o.max_warnings = -1;
        o.format = "text";
        char err[256];
        cl_source *src = cl_source_load(argv[i], NULL, o.limits.max_file_size, err, sizeof err);
        if (!src) { fprintf(stderr, "%s: %s\n", argv[i], err); continue; }
        files++;
        cl_diags d;
        cl_diags_init(&d);
        cl_doc *doc = cl_check_source(&o, src, &d);
        cl_diags_sort(&d);
        const char *names[1] = { src->path };
        cl_report r = { &d, names, 1, 0, CL_DOCS_URL, NULL, NULL, 0 };
        for (const cl_report_format *f = cl_report_formats; f->name; f++) { f->write(null, &r); reports++; }
        if (doc && doc->root && doc->root->kind == CL_MAP) {
            const char *fl[1] = { argv[i] };
            cl_project_opts po;
            memset(&po, 0, sizeof po);
            po.files = fl;
            po.nfiles = 1;
            po.limits = &o.limits;
            cl_diags pd;
            cl_diags_init(&pd);
            cl_project *p = cl_project_load(&po, &pd);
            if (p && !cl_diags_count(&pd, CL_SEV_ERROR)) {
                for (size_t e = 0; cl_emitters[e]; e++) {
                    cl_emit_opts eo;
                    memset(&eo, 0, sizeof eo);
                    cl_buf out;
                    cl_buf_init(&out);
                    cl_diags ed;
                    cl_diags_init(&ed);
                    cl_emit_text(cl_emitters[e], p, &eo, &out, &ed);
                    cl_diags_free(&ed);
                    cl_buf_free(&out);
                    emits++;
                }
            }
            if (p) cl_project_free(p);
            cl_diags_free(&pd);
        }
        cl_doc_free(doc);
        cl_diags_free(&d);
        cl_source_free(src);
    }
    fclose(null);
    printf("memcheck driver: %zu files, %zu reports, %zu emitter runs\n", files, reports, emits);
    return 0;
}
