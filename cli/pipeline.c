/* pipeline.c - one file through every stage, as ordinary calls into the
 * layers: the parse (for a lone file, services are validated, linted and made
 * canonical while parsing), schema validation, the project, the rules and
 * the suppressions. A lone file's stages after the parse run on two threads.
 * The configuration is resolved once per file, when first needed. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../emitters/emitter.h"
#include "../rules/engine.h"
#include "../schema/schema.h"
#include "pipeline.h"

/* Set on the thread that checks a lone file: its stages may use a second
 * core. Workers of a --jobs pool already keep the cores busy. */
static _Thread_local int stage_threads;

void cl_pipeline_threads(int on) { stage_threads = on; }

const cl_config *cl_config_of(const cl_opts *o, const char *file, cl_diags *out)
{
    /* init builds its baseline from the defaults: whatever configuration is there now */
    cl_config_opts co = { o->config_file, o->select, o->nselect, o->ignore, o->nignore, o->command && !strcmp(o->command, "init") };
    return cl_config_for(&co, file, out);
}

void cl_project_opts_from_cli(cl_project_opts *po, const cl_opts *o)
{
    memset(po, 0, sizeof *po);
    po->files = o->files;
    po->nfiles = o->nfiles;
    po->env_files = o->env_files;
    po->nenv_files = o->nenv_files;
    po->profiles = o->profiles;
    po->nprofiles = o->nprofiles;
    po->project_name = o->project_name;
    po->project_directory = o->project_directory;
    po->no_interpolate = o->no_interpolate;
    po->limits = &o->limits;
}

void cl_emit_opts_from_cli(cl_emit_opts *eo, const cl_opts *o)
{
    memset(eo, 0, sizeof *eo);
    eo->strict = o->strict; eo->no_interpolate = o->no_interpolate; eo->controller = o->controller;
    eo->namespace_ = o->namespace_; eo->allow_hostpath = o->allow_hostpath;
    eo->service_type = o->service_type; eo->pvc_size = o->pvc_size; eo->storage_class = o->storage_class;
    eo->image_prefix = o->image_prefix; eo->image_tag = o->image_tag;
}

/* One file's record: what it is, what the stages made of it, and what began
 * while it was parsed (each may be NULL). */
typedef struct cl_run {
    const cl_opts *o;
    const cl_source *src;
    cl_doc *doc;
    const cl_config *cfg;          /* resolved once: config() */
    cl_diags *out;
    cl_suppressions *supp;         /* what suppressions and exclusions took out (NULL: dropped) */
    cl_schema_stream *validate;
    cl_rules_stream *rules;
    cl_project_stream *project;
    cl_handon handed;              /* the services handed on while parsing, one index each:
                                      the stages above take their work back through it */
    int keep;                      /* keep the sources the project read (cl_check_files) */
    cl_source **more;              /* ... handed over here */
    size_t nmore;
} cl_run;

/* Frees P, first taking the sources it read when R keeps them. */
static void project_done(cl_run *r, cl_project *p)
{
    if (r->keep && p) {
        cl_source **v;
        size_t n = cl_project_take_sources(p, &v);
        if (n) {
            r->more = realloc(r->more, (r->nmore + n) * sizeof *r->more);
            if (!r->more) abort();
            memcpy(r->more + r->nmore, v, n * sizeof *v);
            r->nmore += n;
        }
        free(v);
    } else if (p) {
        /* the caller reads the findings once P is gone: none may point
         * into the files it read on the way */
        cl_rules_forget_sources(r->out, p->sources, p->nsources);
    }
    cl_project_free(p);
}

static const cl_config *config(cl_run *r)
{
    if (!r->cfg) r->cfg = cl_config_of(r->o, r->src->path, r->out);
    return r->cfg;
}

/* The project `check` builds: the one file, read only by the rules. */
static void check_project_opts(cl_project_opts *po, const cl_opts *o, int keep)
{
    cl_project_opts_from_cli(po, o);
    po->keep_sources = keep;
    po->files = NULL;
    po->nfiles = 0;
    po->unrendered = 1;    /* rules read the project of `check`, nothing prints it */
}


cl_project *cl_pipeline_project(const cl_opts *o, const cl_doc *doc, cl_diags *out)
{
    cl_project_opts po;
    check_project_opts(&po, o, 0);
    return cl_project_from_doc(doc, &po, out);
}

void cl_pipeline_rules(const cl_opts *o, const cl_doc *doc, const cl_project *p, cl_diags *out)
{
    if (!doc->root || doc->root->kind != CL_MAP) return;
    const cl_config *cfg = cl_config_of(o, doc->src->path, out);
    cl_rules_file(doc, cfg, NULL, NULL, out);
    cl_rules_project(doc, p, cfg, out, out, NULL, NULL);
    cl_rules_finish(doc, cfg, out);
}

/* The project, its findings configured at once (CFG): the project rules read
 * them (missing-env-file leaves to env-file-missing what it reports, unless
 * that rule is off). */
static cl_project *project_build(const cl_run *r, const cl_config *cfg, cl_project_stream *pst, cl_diags *out)
{
    cl_project *p;
    if (pst) p = cl_project_finish(pst, r->doc, &r->handed, out);
    else {
        cl_project_opts po;
        check_project_opts(&po, r->o, r->keep);
        p = cl_project_from_doc(r->doc, &po, out);
    }
    cl_stage_configure(cfg, out);
    return p;
}

/* Schema validation of the document, finishing what began while parsing. */
static void validate(cl_run *r, cl_diags *out)
{
    if (r->validate) cl_schema_stream_finish(r->validate, r->doc, &r->handed, out);
    else cl_schema_validate(r->doc, out);
    r->validate = NULL;
}

/* A lone file's stages after the parse, on two threads. The side thread
 * builds the project (finishes it, when it began while parsing); meanwhile
 * this one runs the rules that read only the file and finishes schema
 * validation. Then both share the rules that read the project, each taking
 * the next one not yet taken. */
typedef struct side {
    cl_run *r;
    const cl_config *cfg;
    cl_project_stream *pst;    /* the project begun while parsing, or NULL */
    cl_project *p;
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
    cl_project *p = project_build(s->r, s->cfg, s->pst, &s->project);
    pthread_mutex_lock(&s->mu);
    s->p = p;
    s->ready = 1;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
    cl_rules_project(s->r->doc, p, s->cfg, &s->rules, &s->project, claim, s);
    return NULL;
}

/* The diagnostics are joined in the sequential order (reports sort them
 * anyway), then the suppressions apply. */
static int run_stages_threaded(cl_run *r)
{
    side s;
    memset(&s, 0, sizeof s);
    s.r = r;
    s.cfg = config(r);
    s.pst = r->project;
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
    r->project = NULL;
    cl_diags valid, rules, prules;
    cl_diags_init(&valid);
    cl_diags_init(&rules);
    cl_diags_init(&prules);
    cl_rules_file(r->doc, s.cfg, r->rules, &r->handed, &rules);
    r->rules = NULL;
    validate(r, &valid);
    pthread_mutex_lock(&s.mu);
    while (!s.ready) pthread_cond_wait(&s.cv, &s.mu);
    cl_project *p = s.p;
    pthread_mutex_unlock(&s.mu);
    /* the rules of the file, validation and the project have found what
     * the parser handed on: its index is not kept through the project
     * rules, the peak of a run with many findings */
    cl_handon_free(&r->handed);
    cl_rules_project(r->doc, p, s.cfg, &prules, &s.project, claim, &s);
    pthread_join(t, NULL);
    cl_diags *const lists[] = { &valid, &s.project, &rules, &s.rules, &prules };
    cl_diags_join(r->out, lists, sizeof lists / sizeof *lists);
    cl_rules_finish_ex(r->doc, s.cfg, r->out, r->supp);
    project_done(r, p);
    free(s.taken);
    pthread_cond_destroy(&s.cv);
    pthread_mutex_destroy(&s.mu);
    return 0;
}

/* Frees what began while parsing when the stages will not run. */
static void streams_drop(cl_run *r)
{
    if (r->validate) cl_schema_stream_finish(r->validate, NULL, NULL, NULL);
    if (r->rules) cl_rules_file(NULL, NULL, r->rules, NULL, NULL);
    if (r->project) cl_project_finish(r->project, NULL, NULL, NULL);
    r->validate = NULL;
    r->rules = NULL;
    r->project = NULL;
}

/* Runs every stage on the parsed document. */
static void run_stages(cl_run *r)
{
    const cl_doc *doc = r->doc;
    if (!doc->root || doc->root->kind != CL_MAP) {
        streams_drop(r);
        if (!doc->root) {
            cl_span sp = { doc->src, 0, 0 };
            cl_diag_add(r->out, CL_SEV_ERROR, "compose-empty", sp, "empty compose file: it defines no services");
        } else {
            cl_diag_add(r->out, CL_SEV_ERROR, "compose-root", cl_node_span(doc->root),
                        "the top level of a compose file must be a mapping (services:, networks:, ...)");
        }
        return;
    }
    if (stage_threads && run_stages_threaded(r) == 0) return;
    validate(r, r->out);
    cl_project_stream *pst = r->project;
    r->project = NULL;
    const cl_config *cfg = config(r);
    cl_project *p = project_build(r, cfg, pst, r->out);
    cl_rules_file(doc, cfg, r->rules, &r->handed, r->out);
    r->rules = NULL;
    cl_rules_project(doc, p, cfg, r->out, r->out, NULL, NULL);
    cl_rules_finish_ex(doc, cfg, r->out, r->supp);
    project_done(r, p);
}

static cl_doc *check_source(cl_run *r);

cl_doc *cl_check_source(const cl_opts *o, const cl_source *src, cl_diags *out)
{
    cl_run r = { .o = o, .src = src, .out = out };
    return check_source(&r);
}

static cl_doc *check_source(cl_run *rr)
{
    const cl_opts *o = rr->o;
    const cl_source *src = rr->src;
    cl_diags *out = rr->out;
    /* a lone file: services are validated, go through the rules that check
     * one service and are made canonical for the project as they are parsed,
     * on the thread that builds the model (it waits for the reader of
     * libfyaml's events) */
    cl_run r = *rr;
    if (stage_threads) {
        r.validate = cl_schema_stream_begin();
        r.rules = cl_rules_begin(config(&r), src);
        cl_project_opts po;
        check_project_opts(&po, o, r.keep);
        r.project = cl_project_begin(src, &po);
        cl_handon_to(&r.handed, cl_schema_stream_entry, r.validate);
        cl_handon_to(&r.handed, cl_rules_entry, r.rules);
        cl_handon_to(&r.handed, cl_project_entry, r.project);
    }
    cl_parse_opts po = { stage_threads, r.handed.nto ? cl_handon_entry : NULL, &r.handed };
    r.doc = cl_doc_parse_ex(src, &o->limits, out, &po);
    cl_handon_seal(&r.handed);           /* the stages may look up from two threads */
    if (r.doc) run_stages(&r);
    else streams_drop(&r);
    cl_handon_free(&r.handed);
    *rr = r;
    return r.doc;
}

static int outside_hidden(const cl_diag *g, void *ud)
{
    const cl_source *const *ctx = ud;
    for (size_t i = 0; ctx[i]; i++)
        if (cl_diag_src(g) == ctx[i]) return 0;
    return 1;
}

static int is_convert_finding(const cl_diag *g, void *ud)
{
    (void)ud;
    return cl_diag_code(g) && !strncmp(cl_diag_code(g), "convert-", 8);
}

/* check --target: what `convert --to TARGET` says about the project of
 * SRCS, at the same places with the same codes, added to OUT (a promotion
 * gate in CI). The files are parsed again into the project convert builds
 * (rendered, not check's); what loading it reports is check's already and is
 * dropped, and so are the documents. Sources it read on the way (env,
 * extends, include), which findings may point into, join *MORE. */
static void target_gate(const cl_opts *o, cl_source *const *srcs, size_t n, cl_source ***more, size_t *nmore,
                        cl_diags *out)
{
    const cl_emitter *em = cl_emitter_find(o->target);
    cl_doc **docs = calloc(n, sizeof *docs);
    if (!docs) abort();
    cl_diags load, conv;
    cl_diags_init(&load);
    cl_diags_init(&conv);
    int whole = em != NULL;
    for (size_t i = 0; whole && i < n; i++)
        whole = (docs[i] = cl_doc_parse(srcs[i], &o->limits, &load)) && docs[i]->root && docs[i]->root->kind == CL_MAP;
    cl_project_opts po;
    cl_project_opts_from_cli(&po, o);
    po.files = NULL;
    po.nfiles = 0;
    po.keep_sources = 1;
    cl_project *p = whole ? cl_project_from_docs((const cl_doc *const *)docs, n, &po, &load) : NULL;
    if (p && p->root && !cl_diags_count(&load, CL_SEV_ERROR)) {
        cl_emit_opts eo;
        cl_emit_opts_from_cli(&eo, o);
        cl_emit_docs ds;
        cl_emit_docs_init(&ds);
        em->emit(p, &eo, &ds, &conv);
        cl_emit_docs_free(&ds);
        cl_diags_filter(&conv, is_convert_finding, NULL);
        cl_stage_configure(cl_config_of(o, srcs[0]->path, &load), &conv);
    }
    if (p) {
        cl_source **v;
        size_t k = cl_project_take_sources(p, &v);
        if (k) {
            *more = realloc(*more, (*nmore + k) * sizeof **more);
            if (!*more) abort();
            memcpy(*more + *nmore, v, k * sizeof *v);
            *nmore += k;
        }
        free(v);
    }
    cl_project_free(p);
    for (size_t i = 0; i < n; i++) cl_doc_free(docs[i]);
    free(docs);
    cl_diags_move(out, &conv);
    cl_diags_free(&load);
}

size_t cl_check_files(const cl_opts *o, cl_source *const *srcs, const unsigned char *report, size_t n,
                      cl_source ***more, cl_diags *out, cl_suppressions *supp)
{
    *more = NULL;
    if (n == 1) {
        cl_run r = { .o = o, .src = srcs[0], .out = out, .supp = supp, .keep = 1 };
        cl_doc_free(check_source(&r));
        *more = r.more;
        if (o->target) target_gate(o, srcs, n, more, &r.nmore, out);
        return r.nmore;
    }
    cl_doc **docs = calloc(n, sizeof *docs);
    const cl_config **cfg = calloc(n, sizeof *cfg);
    if (!docs || !cfg) abort();
    cl_diags d;
    cl_diags_init(&d);
    cl_suppressions sd = { NULL, 0, 0 };
    int whole = 1;
    for (size_t i = 0; i < n; i++) {
        docs[i] = cl_doc_parse(srcs[i], &o->limits, &d);
        if (!docs[i]) { whole = 0; continue; }
        if (!docs[i]->root || docs[i]->root->kind != CL_MAP) {
            whole = whole && !docs[i]->root;     /* an empty override adds nothing */
            if (docs[i]->root)
                cl_diag_add(&d, CL_SEV_ERROR, "compose-root", cl_node_span(docs[i]->root),
                            "the top level of a compose file must be a mapping (services:, networks:, ...)");
            continue;
        }
        cl_schema_validate(docs[i], &d);
        cfg[i] = cl_config_of(o, srcs[i]->path, &d);
        if (report[i]) cl_rules_file(docs[i], cfg[i], NULL, NULL, &d);
    }
    size_t nmore = 0;
    if (whole && cfg[0]) {
        cl_project_opts po;
        check_project_opts(&po, o, 1);
        cl_project *p = cl_project_from_docs((const cl_doc *const *)docs, n, &po, &d);
        cl_stage_configure(cfg[0], &d);
        cl_rules_project(docs[0], p, cfg[0], &d, &d, NULL, NULL);
        nmore = cl_project_take_sources(p, more);
        cl_project_free(p);
        if (o->target) target_gate(o, srcs, n, more, &nmore, &d);
    }
    for (size_t i = 0; i < n; i++)
        if (docs[i] && cfg[i]) cl_rules_finish_ex(docs[i], cfg[i], &d, &sd);
    /* only what lies in a file reported on, another file the project read, or no file */
    const cl_source **hidden = calloc(n + 1, sizeof *hidden);
    if (!hidden) abort();
    size_t nh = 0;
    for (size_t i = 0; i < n; i++) if (!report[i]) hidden[nh++] = srcs[i];
    if (nh) {
        cl_diags_filter(&d, outside_hidden, hidden);
        cl_suppressions_filter(&sd, outside_hidden, hidden);   /* the suppressed ones alike */
    }
    free(hidden);
    cl_diags_move(out, &d);
    if (supp) cl_suppressions_move(supp, &sd);
    else cl_suppressions_free(&sd);
    for (size_t i = 0; i < n; i++) cl_doc_free(docs[i]);
    free(docs);
    free(cfg);
    return nmore;
}

/* Schema validation beside the caller's work (pipeline.h). */
static void *validate_run(void *arg)
{
    cl_validation *v = arg;
    for (size_t i = 0; i < v->n; i++) cl_schema_validate(v->docs[i], &v->d);
    return NULL;
}

void cl_validate_begin(cl_validation *v, const cl_doc *const *docs, size_t n)
{
    v->docs = NULL;
    v->n = 0;
    cl_diags_init(&v->d);
    v->on = 0;
    if (!n) return;
    v->docs = malloc(n * sizeof *v->docs);
    if (!v->docs) abort();
    memcpy(v->docs, docs, n * sizeof *v->docs);
    v->n = n;
    v->on = pthread_create(&v->t, NULL, validate_run, v) == 0;
    if (!v->on) v->n = 0;
}

void cl_validate_end(cl_validation *v, const cl_project *p, cl_diags *d)
{
    if (v->on) pthread_join(v->t, NULL);
    free(v->docs);
    for (size_t i = v->n; p && i < p->ndocs; i++) cl_schema_validate(p->docs[i], &v->d);
    cl_diags_move(d, &v->d);
}
