/* harness.h - what the libFuzzer harnesses and tests/tools/memcheck_driver.c
 * do alike: a project through `check -f a -f b`, through `config -f a -f b`,
 * through every `convert --to`. Output goes nowhere; what counts is that
 * nothing crashes, leaks or hangs. */
#ifndef CL_FUZZ_HARNESS_H
#define CL_FUZZ_HARNESS_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../cli/pipeline.h"
#include "../cli/report.h"
#include "../emitters/emitter.h"
#include "../parser/render.h"

static inline FILE *fuzz_devnull(void)
{
    static FILE *f;
    if (!f && !(f = fopen("/dev/null", "w"))) abort();
    return f;
}

/* P through every emitter (`convert --to` each target); returns how many ran. */
static inline size_t fuzz_emit_all(const cl_project *p)
{
    size_t i = 0;
    for (; cl_emitters[i]; i++) {
        cl_emit_opts eo;
        memset(&eo, 0, sizeof eo);
        cl_buf out;
        cl_buf_init(&out);
        cl_diags ed;
        cl_diags_init(&ed);
        cl_emit_text(cl_emitters[i], p, &eo, &out, &ed);
        cl_diags_free(&ed);
        cl_buf_free(&out);
    }
    return i;
}

/* `check -f FILES[0] -f ...`, every file reported on, the report written in
 * every format (EVERY_FORMAT) or in text and json (the two that read every
 * span; sarif, which writes every rule's metadata each time, would take most
 * of a fuzzing run). Returns how many reports were written (0 when a file
 * cannot be read: said on stderr when LOUD). */
static inline size_t fuzz_check_files(const cl_opts *o, const char *const *files, size_t n, int every_format, int loud)
{
    cl_source **srcs = calloc(n ? n : 1, sizeof *srcs);
    unsigned char *report = malloc(n ? n : 1);
    if (!srcs || !report) abort();
    memset(report, 1, n);
    size_t got = 0, reports = 0;
    char err[256];
    for (size_t i = 0; i < n; i++) {
        if ((srcs[i] = cl_source_load(files[i], NULL, o->limits.max_file_size, err, sizeof err))) got++;
        else if (loud) fprintf(stderr, "%s: %s\n", files[i], err);
    }
    if (n && got == n) {
        cl_diags d;
        cl_diags_init(&d);
        cl_source **more = NULL;
        size_t nmore = cl_check_files(o, srcs, report, n, &more, &d, NULL);
        cl_diags_sort(&d);
        cl_report r = { &d, files, n, 0, CL_DOCS_URL, NULL, NULL, 0 };
        for (const cl_report_format *f = cl_report_formats; f->name; f++)
            if (every_format || !strcmp(f->name, "text") || !strcmp(f->name, "json")) { f->write(fuzz_devnull(), &r); reports++; }
        cl_diags_free(&d);
        for (size_t i = 0; i < nmore; i++) cl_source_free(more[i]);
        free(more);
    }
    for (size_t i = 0; i < n; i++) cl_source_free(srcs[i]);
    free(srcs);
    free(report);
    return reports;
}

/* `config -f FILES[0] -f ...` (yaml and json), then every `convert --to`:
 * only when the project loads without an error (as the commands do), or
 * whenever it loads at all (WITH_ERRORS). Returns how many emitters ran. */
static inline size_t fuzz_load_project(const cl_opts *o, const char *const *files, size_t n, int with_errors)
{
    cl_project_opts po;
    cl_project_opts_from_cli(&po, o);
    po.files = files;
    po.nfiles = n;
    cl_diags d;
    cl_diags_init(&d);
    cl_project *p = cl_project_load(&po, &d);
    size_t emits = 0;
    if (p && p->root && (with_errors || !cl_diags_count(&d, CL_SEV_ERROR))) {
        cl_buf out;
        cl_buf_init(&out);
        cl_render_yaml(&out, p->root);
        cl_render_json(&out, p->root, 2);
        cl_buf_free(&out);
        emits = fuzz_emit_all(p);
    }
    cl_diags_free(&d);
    cl_project_free(p);
    return emits;
}

#endif
