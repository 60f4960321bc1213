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
#include "projects.h"
#include "pipeline.h"
#include "check.h"
#include "report.h"
#include "../rules/config.h"

/* One project's result, filled by whichever worker took it. */
typedef struct checked {
    const cl_proj *proj;
    cl_source **srcs;   /* per file of the project, NULL when unreadable */
    cl_source **more;   /* files the project read on the way (env, extends, include) */
    size_t nmore;
    cl_diags diags;
    cl_suppressions supp;   /* what suppressions and the configuration's exclusions took out */
    char (*err)[512];   /* per file: load error, printed in input order */
    int usage_error;    /* unreadable input, or --fix could not write */
} checked;

static void check_one(const cl_opts *o, checked *c)
{
    const cl_proj *pj = c->proj;
    cl_diags_init(&c->diags);
    c->srcs = calloc(pj->n, sizeof *c->srcs);
    c->err = calloc(pj->n, sizeof *c->err);
    if (!c->srcs || !c->err) abort();
    int ok = 1;
    for (size_t i = 0; i < pj->n; i++) {
        c->srcs[i] = cl_source_load(pj->files[i], o->stdin_filename, o->limits.max_file_size, c->err[i],
                                    sizeof c->err[i]);
        if (!c->srcs[i]) { c->usage_error = 1; ok = 0; }
    }
    if (!ok) return;
    for (size_t i = 0; i < pj->n; i++)
        if (pj->report[i] && (o->fix || o->diff) && cl_fix_file(o, c->srcs[i], &c->diags) == CL_EXIT_USAGE)
            c->usage_error = 1;
    c->nmore = cl_check_files(o, c->srcs, pj->report, pj->n, &c->more, &c->diags, &c->supp);
    for (size_t i = 0; i < pj->n; i++)
        if (pj->report[i]) cl_inputs_foreign_hint(c->srcs[i], &c->diags);
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
    cl_pipeline_threads(n == 1 && items[0].proj->n == 1 && jobs > 1);
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

static int shown(const cl_diag *g, void *ctx) { return g->severity >= *(const cl_severity *)ctx; }

/* Keeps the diagnostics (reported or suppressed) at or above the --severity threshold. */
static void apply_threshold(const cl_opts *o, cl_diags *d, cl_suppressions *supp)
{
    cl_severity min = CL_SEV_INFO;
    if (o->severity && !strcmp(o->severity, "warning")) min = CL_SEV_WARNING;
    else if (o->severity && !strcmp(o->severity, "error")) min = CL_SEV_ERROR;
    if (min == CL_SEV_INFO) return;
    cl_diags_filter(d, shown, &min);
    cl_suppressions_filter(supp, shown, &min);
}

/* Exit code, decided on every finding whether --severity shows it or not:
 * 1 when one is at or above the gate (--fail-on, else the configuration's
 * fail_on, else error: warnings and infos are shown but do not fail), or when
 * there are more warnings than --max-warnings allows. Excluded and suppressed
 * findings never fail a run. */
static int exit_code(const cl_opts *o, const cl_diags *d)
{
    int gate = o->fail_on >= 0 ? o->fail_on : cl_config_fail_on();
    if (gate < 0) gate = CL_SEV_ERROR;
    size_t nerr = cl_diags_count(d, CL_SEV_ERROR);
    size_t nwarn = cl_diags_count(d, CL_SEV_WARNING) - nerr;
    size_t ninfo = d->n - nerr - nwarn;
    if (nerr) return CL_EXIT_PROBLEMS;
    if (o->max_warnings >= 0 ? nwarn > (size_t)o->max_warnings : gate <= CL_SEV_WARNING && nwarn)
        return CL_EXIT_PROBLEMS;
    if (gate <= CL_SEV_INFO && ninfo) return CL_EXIT_PROBLEMS;
    return CL_EXIT_OK;
}

static int fix_reads_stdin(const cl_opts *o)
{
    for (size_t i = 0; i < o->nfiles; i++)
        if (!strcmp(o->files[i], "-")) return 1;
    return 0;
}

static int seen_name(const char **names, size_t n, const char *path)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(names[i], path)) return 1;
    return 0;
}

static const char *diag_path(const cl_diag *g)
{
    const cl_source *src = cl_diag_src(g);
    return src ? src->path : "";
}

static int same_finding(const cl_diag *a, const cl_diag *b)
{
    cl_span sa = cl_diag_span(a), sb = cl_diag_span(b);
    return sa.start == sb.start && sa.end == sb.end && a->severity == b->severity &&
           !strcmp(cl_diag_code(a), cl_diag_code(b)) && !strcmp(diag_path(a), diag_path(b)) && !cl_diag_message_cmp(a, b);
}

/* A file in two projects (an override beside two bases, a base given with
 * its override) is reported once: equal findings (sorted next to each other)
 * are dropped. */
static void drop_repeats(cl_diags *d)
{
    if (d->n < 2) return;
    cl_diags drop = { malloc(d->n * sizeof *d->v), 0, d->n };
    if (!drop.v) abort();
    size_t k = 1;
    for (size_t i = 1; i < d->n; i++) {
        if (same_finding(&d->v[k - 1], &d->v[i])) drop.v[drop.n++] = d->v[i];
        else d->v[k++] = d->v[i];
    }
    d->n = k;
    cl_diags_free(&drop);
}

/* The suppressed findings in the order of the reported ones (file, offset,
 * code, message). */
static int supp_cmp(const void *a, const void *b)
{
    const cl_diag *x = &((const cl_suppressed *)a)->diag, *y = &((const cl_suppressed *)b)->diag;
    int c = strcmp(diag_path(x), diag_path(y));
    if (c) return c;
    if (cl_diag_span(x).start != cl_diag_span(y).start) return cl_diag_span(x).start < cl_diag_span(y).start ? -1 : 1;
    c = strcmp(cl_diag_code(x) ? cl_diag_code(x) : "", cl_diag_code(y) ? cl_diag_code(y) : "");
    return c ? c : cl_diag_message_cmp(x, y);
}

/* The previous suppressed finding kept, for supp_unique: equal ones sort next to each other. */
static int supp_unique(const cl_diag *g, void *ctx)
{
    const cl_diag **prev = ctx;
    if (*prev && same_finding(*prev, g)) return 0;
    *prev = g;
    return 1;
}

static void supp_sort(cl_suppressions *s)
{
    if (s->n > 1) qsort(s->v, s->n, sizeof *s->v, supp_cmp);
    const cl_diag *prev = NULL;
    cl_suppressions_filter(s, supp_unique, &prev);
}

int cl_check_run(const cl_opts *o, cl_checked_run *run)
{
    memset(run, 0, sizeof *run);
    cl_projects *plan = &run->plan;
    int io_error = cl_projects_plan(o, plan) != CL_EXIT_OK;
    checked *ck = calloc(plan->n ? plan->n : 1, sizeof *ck);
    size_t nfiles = 0;
    for (size_t i = 0; i < plan->n; i++) nfiles += plan->v[i].n;
    const char **names = calloc(nfiles ? nfiles : 1, sizeof *names);
    cl_report_notice *notices = calloc(nfiles ? nfiles : 1, sizeof *notices);
    if (!ck || !names || !notices) abort();
    for (size_t i = 0; i < plan->n; i++) ck[i].proj = &plan->v[i];
    check_all(o, ck, plan->n, o->jobs > 0 ? o->jobs : default_jobs());

    cl_diags_init(&run->all);
    for (size_t i = 0; i < plan->n; i++) {
        const cl_proj *pj = ck[i].proj;
        for (size_t k = 0; k < pj->n; k++) {
            if (!ck[i].srcs || !ck[i].srcs[k]) {
                if (ck[i].err && ck[i].err[k][0]) {
                    const char *name = strcmp(pj->files[k], "-") ? pj->files[k] : "<stdin>";
                    fprintf(stderr, "compose-lint: %s: %s\n", name, ck[i].err[k]);
                    notices[run->nnotices++] = (cl_report_notice){ name, ck[i].err[k] };
                }
            } else if (pj->report[k] && !seen_name(names, run->nnames, ck[i].srcs[k]->path)) {
                names[run->nnames++] = ck[i].srcs[k]->path;
            }
        }
        if (ck[i].usage_error) io_error = 1;
        cl_diags_move(&run->all, &ck[i].diags);
        cl_suppressions_move(&run->supp, &ck[i].supp);
    }
    cl_diags_sort(&run->all);
    drop_repeats(&run->all);
    supp_sort(&run->supp);
    run->ck = ck;
    run->names = names;
    run->notices = notices;
    run->io_error = io_error;
    return io_error ? CL_EXIT_USAGE : CL_EXIT_OK;
}

void cl_check_run_free(cl_checked_run *run)
{
    checked *ck = run->ck;
    cl_diags_free(&run->all);
    cl_suppressions_free(&run->supp);
    for (size_t i = 0; ck && i < run->plan.n; i++) {
        for (size_t k = 0; ck[i].srcs && k < ck[i].proj->n; k++) cl_source_free(ck[i].srcs[k]);
        for (size_t k = 0; k < ck[i].nmore; k++) cl_source_free(ck[i].more[k]);
        free(ck[i].srcs);
        free(ck[i].more);
        free(ck[i].err);
    }
    free(ck);
    free(run->names);
    free(run->notices);
    cl_projects_free(&run->plan);
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
    cl_checked_run run;
    int io_error = cl_check_run(o, &run) != CL_EXIT_OK;
    int problems = exit_code(o, &run.all);      /* the gate reads every finding, shown or not */
    apply_threshold(o, &run.all, &run.supp);

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
        cl_report r = { &run.all, run.names, run.nnames, color, o->docs_url ? o->docs_url : CL_DOCS_URL, &run.supp,
                        run.notices, run.nnotices };
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
    if ((o->fix || o->diff) && !o->quiet) {
        size_t nfixed, nfiles;
        cl_fix_totals(&nfixed, &nfiles);
        fprintf(stderr, "%s %zu problem%s in %zu file%s\n", o->diff ? "Would fix" : "Fixed",
                nfixed, nfixed == 1 ? "" : "s", nfiles, nfiles == 1 ? "" : "s");
    }
    if (cl_config_failed()) io_error = 1;
    int rc = io_error ? CL_EXIT_USAGE : problems;
    cl_check_run_free(&run);
    return rc;
}
