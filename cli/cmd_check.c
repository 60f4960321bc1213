/* cmd_check.c - `compose-lint check`: expand the inputs, check the files in
 * parallel (--jobs), each through the pipeline (pipeline.h); then report in
 * the chosen --format (to stdout or atomically to --output-file) and choose
 * the exit code. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "atomic_write.h"
#include "cli.h"
#include "inputs.h"
#include "pipeline.h"
#include "report.h"
#include "../rules/config.h"

/* One input's result, filled by whichever worker took it. */
typedef struct checked {
    const char *path;
    cl_source *src;
    cl_diags diags;
    char err[512];      /* load error, printed in input order */
    int usage_error;    /* unreadable input, or --fix could not write */
} checked;

static void check_one(const cl_opts *o, checked *c)
{
    cl_diags_init(&c->diags);
    c->src = cl_source_load(c->path, o->stdin_filename, o->limits.max_file_size, c->err, sizeof c->err);
    if (!c->src) { c->usage_error = 1; return; }
    if ((o->fix || o->diff) && cl_fix_file(o, c->src, &c->diags) == CL_EXIT_USAGE) c->usage_error = 1;
    cl_doc_free(cl_check_source(o, c->src, &c->diags));
    cl_inputs_foreign_hint(c->src, &c->diags);
}

typedef struct pool {
    const cl_opts *o;
    checked *items;
    size_t n, next;
    pthread_mutex_t lock;
} pool;

static void *worker(void *arg)
{
    pool *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        size_t i = p->next++;
        pthread_mutex_unlock(&p->lock);
        if (i >= p->n) return NULL;
        check_one(p->o, &p->items[i]);
    }
}

/* Checks every item with up to JOBS threads. The first file is checked on
 * this thread first, so stages that set something up once do it alone. */
static void check_all(const cl_opts *o, checked *items, size_t n, int jobs)
{
    if (!n) return;
    cl_pipeline_threads(n == 1 && jobs > 1);
    check_one(o, &items[0]);
    cl_pipeline_threads(0);
    pool p = { o, items, n, 1, PTHREAD_MUTEX_INITIALIZER };
    size_t nt = (size_t)jobs < n - 1 ? (size_t)jobs : n - 1;
    pthread_t *t = calloc(nt ? nt : 1, sizeof *t);
    if (!t) abort();
    size_t started = 0;
    for (; nt > 1 && started < nt; started++)
        if (pthread_create(&t[started], NULL, worker, &p)) break;
    if (!started) worker(&p);   /* one job, or no thread could start */
    for (size_t i = 0; i < started; i++) pthread_join(t[i], NULL);
    free(t);
}

static int default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

/* Keeps the diagnostics at or above the --severity threshold. */
static void apply_threshold(const cl_opts *o, cl_diags *d)
{
    cl_severity min = CL_SEV_INFO;
    if (o->severity && !strcmp(o->severity, "warning")) min = CL_SEV_WARNING;
    else if (o->severity && !strcmp(o->severity, "error")) min = CL_SEV_ERROR;
    if (min == CL_SEV_INFO) return;
    cl_diags drop = { malloc((d->n ? d->n : 1) * sizeof *d->v), 0, d->n };
    if (!drop.v) abort();
    size_t k = 0;
    for (size_t i = 0; i < d->n; i++) {
        if (d->v[i].severity >= min) d->v[k++] = d->v[i];
        else drop.v[drop.n++] = d->v[i];
    }
    d->n = k;
    cl_diags_free(&drop);
}

/* Exit code: 1 when an error is reported, or more warnings than --max-warnings
 * allows (any warning when it is not given); notes never fail a run. */
static int exit_code(const cl_opts *o, const cl_diags *d)
{
    size_t nerr = cl_diags_count(d, CL_SEV_ERROR);
    size_t nwarn = cl_diags_count(d, CL_SEV_WARNING) - nerr;
    if (nerr) return CL_EXIT_PROBLEMS;
    if (o->max_warnings < 0 ? nwarn > 0 : nwarn > (size_t)o->max_warnings) return CL_EXIT_PROBLEMS;
    return CL_EXIT_OK;
}

static int fix_reads_stdin(const cl_opts *o)
{
    for (size_t i = 0; i < o->nfiles; i++)
        if (!strcmp(o->files[i], "-")) return 1;
    return 0;
}

int cl_cmd_check(cl_opts *o)
{
    const cl_report_format *fmt = cl_report_find(o->format);
    if (!fmt) {
        fprintf(stderr, "compose-lint: unknown --format '%s'; one of:", o->format);
        for (const cl_report_format *f = cl_report_formats; f->name; f++) fprintf(stderr, " %s", f->name);
        fputc('\n', stderr);
        return CL_EXIT_USAGE;
    }
    const char *const *args = o->files;
    size_t nargs = o->nfiles;
    const char *deflt = NULL;
    if (!nargs) {
        deflt = cl_default_compose_file();
        if (!deflt) {
            fprintf(stderr, "compose-lint: no compose file given, and none of compose.yaml, compose.yml, "
                            "docker-compose.yaml, docker-compose.yml is in the current folder\n");
            return CL_EXIT_USAGE;
        }
        args = &deflt;
        nargs = 1;
    }
    cl_inputs in = { NULL, 0, 0 };
    int io_error = cl_inputs_expand(o, args, nargs, &in) != 0;
    checked *ck = calloc(in.n ? in.n : 1, sizeof *ck);
    const char **names = calloc(in.n ? in.n : 1, sizeof *names);
    if (!ck || !names) abort();
    for (size_t i = 0; i < in.n; i++) ck[i].path = in.paths[i];
    check_all(o, ck, in.n, o->jobs > 0 ? o->jobs : default_jobs());

    cl_diags all;
    cl_diags_init(&all);
    size_t nnames = 0;
    for (size_t i = 0; i < in.n; i++) {
        if (!ck[i].src) {
            fprintf(stderr, "compose-lint: %s: %s\n", strcmp(ck[i].path, "-") ? ck[i].path : "<stdin>", ck[i].err);
        } else names[nnames++] = ck[i].src->path;
        if (ck[i].usage_error) io_error = 1;
        cl_diags_move(&all, &ck[i].diags);
    }
    cl_diags_sort(&all);
    apply_threshold(o, &all);

    /* --output-file: the report is built in memory and replaces the file in one
     * step (cli/atomic_write.c), so readers never see half a report. When
     * stdout carries text (--diff's diff, --fix -'s fixed text), the report
     * goes to stderr after --fix and is left out after --diff unless -o asks. */
    FILE *out = stdout;
    char *mem = NULL;
    size_t memlen = 0;
    int show = !o->quiet && !o->diff;
    if (o->output_file && !(out = open_memstream(&mem, &memlen))) abort();
    else if (!o->output_file && o->fix && !o->diff && fix_reads_stdin(o)) out = stderr;
    int color = cl_use_color(o->output_file && o->color < 0 ? 0 : o->color, out);   /* -o: only --color always */
    if (show || o->output_file) {
        cl_report r = { &all, names, nnames, color, o->docs_url ? o->docs_url : CL_DOCS_URL };
        fmt->write(out, &r);
    }
    if (o->output_file) {
        char err[512] = "";
        if (fclose(out)) snprintf(err, sizeof err, "%s", strerror(errno));
        if (*err || cl_atomic_write(o->output_file, mem, memlen, err, sizeof err)) {
            fprintf(stderr, "compose-lint: %s: cannot write the report: %s\n", o->output_file, err);
            io_error = 1;
        }
        free(mem);
    }
    if (!o->output_file && (fflush(out) || ferror(out))) io_error = 1;
    if ((o->fix || o->diff) && !o->quiet) {
        size_t nfixed, nfiles;
        cl_fix_totals(&nfixed, &nfiles);
        fprintf(stderr, "%s %zu problem%s in %zu file%s\n", o->diff ? "Would fix" : "Fixed",
                nfixed, nfixed == 1 ? "" : "s", nfiles, nfiles == 1 ? "" : "s");
    }
    if (cl_config_failed()) io_error = 1;
    int rc = io_error ? CL_EXIT_USAGE : exit_code(o, &all);
    cl_diags_free(&all);
    for (size_t i = 0; i < in.n; i++) cl_source_free(ck[i].src);
    free(ck);
    free(names);
    cl_inputs_free(&in);
    return rc;
}
