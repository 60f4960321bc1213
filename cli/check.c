/* check.c - the lint pipeline: expand the inputs, check the files in
 * parallel (--jobs), each through parse + every stage; then report in the
 * chosen --format (to stdout or atomically to --output-file) and choose the
 * exit code. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "atomic_write.h"
#include "cli.h"
#include "inputs.h"
#include "report.h"

/* One input's result, filled by whichever worker took it. */
typedef struct checked {
    const char *path;
    cl_source *src;
    cl_diags diags;
    char err[512];      /* load error, printed in input order */
    int usage_error;    /* unreadable input, or --fix could not write */
} checked;

/* Set on the thread that checks a lone file: its stages may use a second
 * core. Workers of a --jobs pool already keep the cores busy. */
static _Thread_local int stage_threads;

/* What began while the file was parsed (lone files only): schema validation,
 * the rules that check one service at a time and the project (each service
 * made canonical). Any may be NULL. */
typedef struct streams {
    struct cl_schema_stream *validate;
    struct cl_rules_stream *rules;
    struct cl_project_stream *project;
} streams;

static void on_entry(void *ud, const cl_node *root_key, const cl_node *key, const cl_node *value)
{
    streams *s = ud;
    if (s->validate) cl_stage_validate_entry(s->validate, root_key, key, value);
    if (s->rules) cl_stage_rules_entry(s->rules, root_key, key, value);
    if (s->project) cl_stage_project_entry(s->project, root_key, key, value);
}

/* Schema validation of DOC, finishing what ST (services validated while
 * parsing, or NULL) began. */
static void validate(const cl_doc *doc, struct cl_schema_stream *st, cl_diags *out)
{
    if (st) cl_stage_validate_finish(st, doc, out);
    else if (cl_stage_validate) cl_stage_validate(doc, out);
}

/* A lone file's stages after the parse, on two threads. The side thread
 * builds the project (finishes it, when it began while parsing); meanwhile
 * this one runs the rules that read only the file and finishes schema
 * validation. Then both share the rules that read the project, each taking
 * the next one not yet taken. */
typedef struct side {
    const cl_opts *o;
    const cl_doc *doc;
    struct cl_project_stream *pst;  /* the project begun while parsing, or NULL */
    struct cl_project *p;
    cl_diags project;          /* the project stage's own, read-only once READY */
    cl_diags rules;            /* the side thread's project rules */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int ready;
    unsigned char *taken;      /* by registry index, under MU */
    size_t ntaken;
} side;

/* Grants rule I to the first thread that asks. */
static int claim(void *ud, size_t i)
{
    side *s = ud;
    pthread_mutex_lock(&s->mu);
    if (i >= s->ntaken) {
        size_t n = i + 64;
        unsigned char *t = realloc(s->taken, n);
        if (!t) abort();
        memset(t + s->ntaken, 0, n - s->ntaken);
        s->taken = t;
        s->ntaken = n;
    }
    int mine = !s->taken[i];
    s->taken[i] = 1;
    pthread_mutex_unlock(&s->mu);
    return mine;
}

static void *side_run(void *arg)
{
    side *s = arg;
    struct cl_project *p = s->pst ? cl_stage_project_finish(s->pst, s->doc, &s->project)
                                  : cl_stage_project(s->doc, s->o, &s->project);
    pthread_mutex_lock(&s->mu);
    s->p = p;
    s->ready = 1;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
    cl_stage_rules_project(s->doc, p, s->o, &s->rules, &s->project, claim, s);
    return NULL;
}

/* The diagnostics are joined in the sequential order (reports sort them
 * anyway), then the suppressions apply. */
static int run_stages_threaded(const cl_opts *o, cl_doc *doc, const streams *st, cl_diags *diags)
{
    side s;
    memset(&s, 0, sizeof s);
    s.o = o;
    s.doc = doc;
    s.pst = st->project;
    cl_diags_init(&s.project);
    cl_diags_init(&s.rules);
    if (pthread_mutex_init(&s.mu, NULL)) return -1;
    if (pthread_cond_init(&s.cv, NULL)) {
        pthread_mutex_destroy(&s.mu);
        return -1;
    }
    pthread_t t;
    if (pthread_create(&t, NULL, side_run, &s)) {
        pthread_cond_destroy(&s.cv);
        pthread_mutex_destroy(&s.mu);
        return -1;
    }
    cl_diags valid, rules, prules;
    cl_diags_init(&valid);
    cl_diags_init(&rules);
    cl_diags_init(&prules);
    cl_stage_rules_file(doc, o, st->rules, &rules);
    validate(doc, st->validate, &valid);
    pthread_mutex_lock(&s.mu);
    while (!s.ready) pthread_cond_wait(&s.cv, &s.mu);
    struct cl_project *p = s.p;
    pthread_mutex_unlock(&s.mu);
    cl_stage_rules_project(doc, p, o, &prules, &s.project, claim, &s);
    pthread_join(t, NULL);
    cl_diags_move(diags, &valid);
    cl_diags_move(diags, &s.project);
    cl_diags_move(diags, &rules);
    cl_diags_move(diags, &s.rules);
    cl_diags_move(diags, &prules);
    cl_stage_rules_finish(doc, o, diags);
    if (p && cl_stage_project_free) cl_stage_project_free(p);
    free(s.taken);
    pthread_cond_destroy(&s.cv);
    pthread_mutex_destroy(&s.mu);
    return 0;
}

/* Frees what began while parsing when the stages will not run. */
static void streams_drop(streams *st)
{
    if (st->validate) cl_stage_validate_finish(st->validate, NULL, NULL);
    if (st->rules) cl_stage_rules_file(NULL, NULL, st->rules, NULL);
    if (st->project) cl_stage_project_finish(st->project, NULL, NULL);
}

/* Runs every stage on one parsed document. Later stages (schema validation,
 * rules) append to DIAGS here. */
static void run_stages(const cl_opts *o, cl_doc *doc, streams *st, cl_diags *diags)
{
    if (!doc->root || doc->root->kind != CL_MAP) {
        streams_drop(st);
        if (!doc->root) {
            cl_span sp = { doc->src, 0, 0 };
            cl_diag_add(diags, CL_SEV_ERROR, "compose-empty", sp, "empty compose file: it defines no services");
        } else {
            cl_diag_add(diags, CL_SEV_ERROR, "compose-root", cl_node_span(doc->root),
                        "the top level of a compose file must be a mapping (services:, networks:, ...)");
        }
        return;
    }
    if (stage_threads && cl_stage_project && cl_stage_rules_project && cl_stage_rules_finish &&
        cl_stage_rules_file && run_stages_threaded(o, doc, st, diags) == 0)
        return;
    validate(doc, st->validate, diags);
    struct cl_project *p = st->project ? cl_stage_project_finish(st->project, doc, diags)
                         : cl_stage_project ? cl_stage_project(doc, o, diags) : NULL;
    if (cl_stage_rules_file && cl_stage_rules_project && cl_stage_rules_finish) {
        cl_stage_rules_file(doc, o, st->rules, diags);
        cl_stage_rules_project(doc, p, o, diags, diags, NULL, NULL);
        cl_stage_rules_finish(doc, o, diags);
    }
    if (p && cl_stage_project_free) cl_stage_project_free(p);
}

cl_doc *cl_check_source(const cl_opts *o, const cl_source *src, cl_diags *out)
{
    /* a lone file: services are validated, go through the rules that check
     * one service and are made canonical for the project as they are parsed,
     * on the thread that builds the model (it waits for the reader of
     * libfyaml's events) */
    streams st = { NULL, NULL, NULL };
    if (stage_threads && cl_stage_validate_begin) st.validate = cl_stage_validate_begin();
    if (stage_threads && cl_stage_rules_begin) st.rules = cl_stage_rules_begin(o, src, out);
    if (stage_threads && cl_stage_project_begin && cl_stage_project_finish && cl_stage_project_entry)
        st.project = cl_stage_project_begin(o, src);
    cl_parse_opts po = { stage_threads, st.validate || st.rules || st.project ? on_entry : NULL, &st };
    cl_doc *doc = cl_doc_parse_ex(src, &o->limits, out, &po);
    if (doc) run_stages(o, doc, &st, out);
    else streams_drop(&st);
    return doc;
}

static void check_one(const cl_opts *o, checked *c)
{
    cl_diags_init(&c->diags);
    c->src = cl_source_load(c->path, o->stdin_filename, o->limits.max_file_size, c->err, sizeof c->err);
    if (!c->src) { c->usage_error = 1; return; }
    if ((o->fix || o->diff) && cl_fix_file && cl_fix_file(o, c->src, &c->diags) == CL_EXIT_USAGE) c->usage_error = 1;
    cl_doc_free(cl_check_source(o, c->src, &c->diags));
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
    stage_threads = n == 1 && jobs > 1;
    check_one(o, &items[0]);
    stage_threads = 0;
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
     * step (cli/atomic_write.c), so readers never see half a report */
    FILE *out = stdout;
    char *mem = NULL;
    size_t memlen = 0;
    if (o->output_file && !(out = open_memstream(&mem, &memlen))) abort();
    int color = o->color;
    if (color < 0) color = !o->output_file && isatty(fileno(stdout)) && !getenv("NO_COLOR");
    if (!o->quiet || o->output_file) {
        cl_report r = { &all, names, nnames, color, o->docs_url ? o->docs_url : CL_DOCS_URL };
        fmt->write(out, &r);
    }
    if (out != stdout) {
        char err[512];
        if (fclose(out) || cl_atomic_write(o->output_file, mem, memlen, err, sizeof err)) {
            fprintf(stderr, "compose-lint: %s: cannot write the report: %s\n", o->output_file, err);
            io_error = 1;
        }
        free(mem);
    }
    if (out == stdout && (fflush(stdout) || ferror(stdout))) io_error = 1;
    if (cl_config_failed && cl_config_failed()) io_error = 1;
    int rc = io_error ? CL_EXIT_USAGE : exit_code(o, &all);
    cl_diags_free(&all);
    for (size_t i = 0; i < in.n; i++) cl_source_free(ck[i].src);
    free(ck);
    free(names);
    cl_inputs_free(&in);
    return rc;
}
