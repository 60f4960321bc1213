/* cmd_convert.c - `compose-lint convert --to TARGET [-f FILE...] [-o OUT]`:
 * loads the normalized project, hands it to an emitter and writes the
 * documents it returns: to stdout, to -o FILE, or one file each into -o DIR;
 * with --layout kustomize, loads the project of the files up to each -f file
 * and writes the base and overlays the emitter makes of them into -o DIR;
 * with --layout helm, writes the chart of the project into -o DIR.
 * Output is written only when conversion succeeds, always atomically. The
 * schema is validated on a second thread while the project is built and
 * converted. */
#define _GNU_SOURCE   /* F_SETPIPE_SZ (Linux) */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../emitters/emitter.h"
#include "../model/project.h"
#include "../schema/schema.h"
#include "../rules/engine.h"
#include "atomic_write.h"
#include "pipeline.h"
#include "temp_store.h"

static void list_targets(FILE *f)
{
    fputs("targets:", f);
    for (size_t i = 0; cl_emitters[i]; i++) fprintf(f, " %s", cl_emitters[i]->name);
    fputc('\n', f);
}

/* -o names a directory: it ends with '/' or is one. */
static int is_dir_target(const char *out)
{
    if (!out || !strcmp(out, "-")) return 0;
    size_t n = strlen(out);
    if (n && out[n - 1] == '/') return 1;
    struct stat st;
    return stat(out, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Creates the folders of PATH below DIR that are missing, recording them in
 * MADE (so a failed write can take them away again). */
static int make_parents(const char *path, size_t dirlen, char ***made, size_t *nmade)
{
    char *p = strdup(path);
    if (!p) abort();
    int rc = 0;
    for (char *s = strchr(p + dirlen + 1, '/'); s && !rc; s = strchr(s + 1, '/')) {
        *s = 0;
        struct stat st;
        if (stat(p, &st) != 0) {
            if (mkdir(p, 0777) != 0) rc = -1;
            else {
                *made = realloc(*made, (*nmade + 1) * sizeof **made);
                if (!*made) abort();
                (*made)[(*nmade)++] = strdup(p);
            }
        }
        *s = '/';
    }
    free(p);
    return rc;
}

/* Writes every named document to DIR/<name> (a name may hold folders) as one
 * set; DIR and the folders are made when missing, and taken away again when
 * the set cannot be written. Failures are convert-io errors of TARGET;
 * returns non-zero then. */
static int write_dir(const char *target, const char *dir, const cl_emit_docs *docs, cl_diags *d)
{
    struct stat st;
    char **made = NULL;
    size_t nmade = 0;
    if (stat(dir, &st) != 0) {
        if (mkdir(dir, 0777) != 0) {
            cl_diag_add(d, CL_SEV_ERROR, "convert-io", (cl_span){ 0 }, "%s: cannot create %s: %s", target, dir, strerror(errno));
            return 1;
        }
        made = malloc(sizeof *made);
        if (!made) abort();
        made[nmade++] = strdup(dir);
    } else if (!S_ISDIR(st.st_mode)) {
        cl_diag_add(d, CL_SEV_ERROR, "convert-io", (cl_span){ 0 }, "%s: %s is not a directory", target, dir);
        return 1;
    }
    cl_write_file *files = calloc(docs->n + 1, sizeof *files);
    cl_doc_ref *refs = calloc(docs->n + 1, sizeof *refs);
    if (!files || !refs) abort();
    int rc = 0;
    for (size_t i = 0; i < docs->n; i++) {
        size_t n = strlen(dir) + strlen(docs->v[i].name) + 2;
        char *path = malloc(n);
        if (!path) abort();
        snprintf(path, n, "%s/%s", dir, docs->v[i].name);
        refs[i] = (cl_doc_ref){ docs, i };
        files[i] = (cl_write_file){ path, NULL, 0, cl_doc_fill, &refs[i] };
        if (!rc && make_parents(path, strlen(dir), &made, &nmade)) {
            cl_diag_add(d, CL_SEV_ERROR, "convert-io", (cl_span){ 0 }, "%s: cannot create the folder of %s: %s", target, path, strerror(errno));
            rc = 1;
        }
    }
    cl_write_fault f;
    if (!rc && cl_atomic_write_set(files, docs->n, &f) != 0) {
        cl_diag_add(d, CL_SEV_ERROR, "convert-io", (cl_span){ 0 }, "%s: cannot write %s: %s", target, files[f.index].path, strerror(f.errnum));
        rc = 1;
    }
    for (size_t i = nmade; i-- > 0;) {
        if (rc) rmdir(made[i]);
        free(made[i]);
    }
    free(made);
    for (size_t i = 0; i < docs->n; i++) free((char *)files[i].path);
    free(files);
    free(refs);
    return rc;
}

/* The configuration over the findings in DS, as cl_stage_configure applies
 * it: by each finding's rule alone (off: dropped; a configured severity
 * replaces the stage's). It looks the rule up by name for every finding, and
 * a converter reports tens of thousands: so it is asked once per code, with
 * two probes of that code (an error and a note), and its answer applied to
 * every finding of the code. */
typedef struct code_rule { const char *code; int drop; int sev; } code_rule;   /* sev -1: kept */
typedef struct code_rules { code_rule *v; size_t n, cap; } code_rules;

static const code_rule *rule_of(code_rules *t, const cl_config *cfg, const char *code)
{
    for (size_t i = 0; i < t->n; i++)
        if (t->v[i].code == code || !strcmp(t->v[i].code, code)) return &t->v[i];
    cl_diags probe;
    cl_diags_init(&probe);
    cl_diag_add(&probe, CL_SEV_ERROR, code, (cl_span){ 0 }, "probe");
    cl_diag_add(&probe, CL_SEV_INFO, code, (cl_span){ 0 }, "probe");
    cl_stage_configure(cfg, &probe);
    code_rule r = { code, probe.n == 0, -1 };
    if (probe.n == 2 && !(probe.v[0].severity == CL_SEV_ERROR && probe.v[1].severity == CL_SEV_INFO))
        r.sev = (int)probe.v[0].severity;
    cl_diags_free(&probe);
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 16;
        t->v = realloc(t->v, t->cap * sizeof *t->v);
        if (!t->v) abort();
    }
    t->v[t->n] = r;
    return &t->v[t->n++];
}

typedef struct configure_ctx { code_rules *t; const cl_config *cfg; } configure_ctx;

static int keep_configured(const cl_diag *g, void *ud)
{
    configure_ctx *c = ud;
    return !cl_diag_code(g) || !rule_of(c->t, c->cfg, cl_diag_code(g))->drop;
}

static void configure_by_code(const cl_config *cfg, cl_diags *ds)
{
    if (!cfg || cfg->broken) return;
    code_rules t = { NULL, 0, 0 };
    configure_ctx c = { &t, cfg };
    cl_diags_filter(ds, keep_configured, &c);
    for (size_t i = 0; i < ds->n; i++) {
        const code_rule *r = cl_diag_code(&ds->v[i]) ? rule_of(&t, cfg, cl_diag_code(&ds->v[i])) : NULL;
        if (r && r->sev >= 0) ds->v[i].severity = (cl_severity)r->sev;
    }
    free(t.v);
}

/* The project options of convert: FILES merged, and the compose flags of O. */
static void project_opts(cl_project_opts *po, const cl_opts *o, const char **files, size_t nfiles)
{
    memset(po, 0, sizeof *po);
    po->files = files; po->nfiles = nfiles;
    po->env_files = o->env_files; po->nenv_files = o->nenv_files;
    po->profiles = o->profiles; po->nprofiles = o->nprofiles;
    po->project_name = o->project_name; po->project_directory = o->project_directory;
    po->no_interpolate = o->no_interpolate;
    po->limits = &o->limits;
}

/* After the emitter ran (FAILED is what it returned, ED what it reported):
 * the configuration applied to its findings, moved to D, and the exit code. */
static int finish_report(const cl_opts *o, const cl_emitter *em, const cl_config *cfg, int failed, cl_diags *d, cl_diags *ed)
{
    /* the configuration over what converting reported (ED): what loading
     * reported has had it already (as check --target does) */
    configure_by_code(cfg, ed);
    cl_diags_move(d, ed);
    if (failed && !cl_diags_count(d, CL_SEV_ERROR))
        cl_diag_add(d, CL_SEV_ERROR, "convert-error", (cl_span){ 0 },
                    "%s: conversion failed; the rules that said why are turned off by the configuration", em->name);
    if (failed || cl_diags_count(d, CL_SEV_ERROR)) return CL_EXIT_PROBLEMS;
    if (o->strict && cl_diags_count(d, CL_SEV_WARNING)) return CL_EXIT_PROBLEMS;
    return CL_EXIT_OK;
}

/* ---------- --layout kustomize ---------- */

/* The overlay name of FILE: its base name without .yaml/.yml. */
static char *stem_of(const char *file)
{
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    size_t n = strlen(base);
    if (n > 5 && !strcmp(base + n - 5, ".yaml")) n -= 5;
    else if (n > 4 && !strcmp(base + n - 4, ".yml")) n -= 4;
    return strndup(base, n);
}

/* Is diagnostic G one already in the list CTX (the same file, place, code
 * and message: each project of the layout reports what the files share)? */
static int not_seen(const cl_diag *g, void *ctx)
{
    const cl_diags *seen = ctx;
    for (size_t i = 0; i < seen->n; i++) {
        const cl_diag *s = &seen->v[i];
        const char *p1 = cl_diag_src(g) ? cl_diag_src(g)->path : "", *p2 = cl_diag_src(s) ? cl_diag_src(s)->path : "";
        if (s->severity == g->severity && !strcmp(cl_diag_code(s), cl_diag_code(g)) && !cl_diag_message_cmp(s, g) &&
            cl_diag_span(s).start == cl_diag_span(g).start && cl_diag_span(s).end == cl_diag_span(g).end && !strcmp(p1, p2)) return 0;
    }
    return 1;
}

static void add_new(cl_diags *d, cl_diags *more)
{
    cl_diags_filter(more, not_seen, d);
    cl_diags_move(d, more);
}

/* Checks what --layout needs (STEMS: the overlays of kustomize, NULL for
 * helm); prints why not and returns non-zero. */
static int layout_usage(const cl_opts *o, const cl_emitter *em, const char **files, size_t nfiles, char **stems)
{
    struct stat st;
    if (strcmp(em->name, "kubernetes")) { fprintf(stderr, "compose-lint: --layout %s needs --to kubernetes\n", o->layout); return 1; }
    if (!o->output_file || !strcmp(o->output_file, "-")) {
        fprintf(stderr, "compose-lint: --layout %s writes a folder: name it with -o DIR\n", o->layout);
        return 1;
    }
    if (stat(o->output_file, &st) == 0 && !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "compose-lint: --layout %s: -o %s is not a directory\n", o->layout, o->output_file);
        return 1;
    }
    for (size_t i = 0; stems && i < nfiles; i++) {
        if (!strcmp(files[i], "-")) {
            fprintf(stderr, "compose-lint: --layout %s reads each file once per overlay: '-' (standard input) cannot be one\n", o->layout);
            return 1;
        }
        for (size_t j = 1; j < i; j++)
            if (!strcmp(stems[i], stems[j])) {
                fprintf(stderr, "compose-lint: --layout %s: %s and %s would both be overlays/%s; rename one\n", o->layout, files[j], files[i], stems[i]);
                return 1;
            }
    }
    return 0;
}

/* base/ from the first file's project, overlays/<stem>/ from the project of
 * the files up to each further one. */
static int convert_kustomize(cl_opts *o, const cl_emitter *em, const char **files, size_t nfiles)
{
    char **stems = calloc(nfiles, sizeof *stems);
    cl_project **projects = calloc(nfiles, sizeof *projects);
    if (!stems || !projects) abort();
    for (size_t i = 0; i < nfiles; i++) stems[i] = stem_of(files[i]);
    int rc = CL_EXIT_USAGE;
    cl_diags d, more;
    cl_diags_init(&d);
    cl_diags_init(&more);
    cl_emit_docs docs;
    cl_emit_docs_init(&docs);
    if (layout_usage(o, em, files, nfiles, stems)) goto done;
    const cl_config *cfg = cl_config_of(o, files[0], &d);
    rc = cfg->broken ? CL_EXIT_USAGE : CL_EXIT_OK;
    cl_project_opts po;
    project_opts(&po, o, files, nfiles);
    for (size_t k = 1; k <= nfiles && rc == CL_EXIT_OK; k++) {
        po.nfiles = k;
        projects[k - 1] = cl_project_load(&po, &more);
        add_new(&d, &more);
        if (!projects[k - 1]) rc = CL_EXIT_USAGE;
    }
    /* the schema over every file once: the last project holds them all */
    const cl_project *all = rc == CL_EXIT_OK ? projects[nfiles - 1] : NULL;
    for (size_t i = 0; all && i < all->ndocs; i++) cl_schema_validate(all->docs[i], &d);
    cl_stage_configure(cfg, &d);
    cl_stage_unset_once(&d);
    if (rc == CL_EXIT_OK && cl_diags_count(&d, CL_SEV_ERROR)) rc = CL_EXIT_PROBLEMS;
    if (rc == CL_EXIT_OK) {
        cl_emit_opts eo;
        memset(&eo, 0, sizeof eo);
        cl_emit_opts_from_cli(&eo, o);
        eo.output_dir = 1;
        int failed = cl_k8s_kustomize((const cl_project *const *)projects, (const char *const *)stems, nfiles, &eo, &docs, &more);
        cl_diags_filter(&more, not_seen, &d);
        rc = finish_report(o, em, cfg, failed, &d, &more);
    }
    if (rc == CL_EXIT_OK && write_dir(em->name, o->output_file, &docs, &d)) rc = CL_EXIT_PROBLEMS;
    cl_diags_sort(&d);
    if (d.n && !o->quiet) cl_report_text(stderr, &d, 0);
done:
    for (size_t i = 0; i < nfiles; i++) { free(stems[i]); cl_project_free(projects[i]); }
    free(stems);
    free(projects);
    cl_emit_docs_free(&docs);
    cl_diags_free(&d);
    cl_diags_free(&more);
    return rc;
}

static int to_stdout(void *ctx, const char *p, size_t n)
{
    (void)ctx;
    fwrite(p, 1, n, stdout);   /* a failure is said by main (stdout_done) */
    return 0;
}

/* What the temporary file holds goes to standard output in the kernel, once
 * what stdio holds is out; when it cannot, or fails, the rest goes through
 * to_stdout, which meets the failure as before. */
static int moved_to_stdout(void *store, uint64_t at, uint64_t len, uint64_t *done)
{
    *done = 0;
    if (ferror(stdout) || fflush(stdout)) return 1;
    return cl_temp_store_move(store, at, len, fileno(stdout), done);
}

/* The project, once converted, is freed on a thread of its own while the
 * findings are reported, all but the files it read (the findings point into
 * them); those and the findings, once reported, while the output is copied
 * (this one mostly waits for the reader of standard output then, or for the
 * disk). A file outlives its documents (freeing one gives back the file's
 * number, parser/source.h): the files' thread waits for the project's
 * (AFTER) before it frees them. */
typedef struct dropping dropping;
struct dropping { cl_diags d; cl_project *p; cl_source **srcs; size_t nsrcs; dropping *after; pthread_t t; int on; };

static void drop_end(dropping *x)
{
    if (x->on) pthread_join(x->t, NULL);
}

static void *drop_run(void *arg)
{
    dropping *x = arg;
    cl_diags_free(&x->d);
    cl_project_free(x->p);
    if (x->after) drop_end(x->after);
    for (size_t i = 0; i < x->nsrcs; i++) cl_source_free(x->srcs[i]);
    free(x->srcs);
    return NULL;
}

/* Takes D (left empty; NULL: none), P and the NSRCS files SRCS (an array to
 * free), and frees them (here, when no thread starts); the files once AFTER
 * (NULL: none) is done, which is then waited for here. */
static void drop_begin(dropping *x, cl_diags *d, cl_project *p, cl_source **srcs, size_t nsrcs, dropping *after)
{
    cl_diags_init(&x->d);
    if (d) {
        x->d = *d;
        cl_diags_init(d);
    }
    x->p = p;
    x->srcs = srcs;
    x->nsrcs = nsrcs;
    x->after = after;
    x->on = pthread_create(&x->t, NULL, drop_run, x) == 0;
    if (!x->on) drop_run(x);
}

/* A pipe on standard output takes a big output in 1 MiB steps, not 64 KiB
 * (the pipe's default): each step is a wake-up of its reader and of this
 * process. Where the system does not allow it, the pipe stays as it is. */
static void widen_stdout_pipe(uint64_t len)
{
    struct stat st;
    int fd = fileno(stdout);
    if (len >= (1u << 20) && fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode) && fcntl(fd, F_GETPIPE_SZ) < (1 << 20))
        (void)fcntl(fd, F_SETPIPE_SZ, 1 << 20);
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
    int helm = o->layout && !strcmp(o->layout, "helm");
    if (o->layout && !helm) return convert_kustomize(o, em, files, nfiles);
    if (helm && layout_usage(o, em, files, nfiles, NULL)) return CL_EXIT_USAGE;
    cl_project_opts po;
    project_opts(&po, o, files, nfiles);
    cl_diags d;
    cl_diags_init(&d);
    /* the configuration applies to what loading and converting report (stage rules) */
    const cl_config *cfg = cl_config_of(o, files[0], &d);
    /* as config does, and docker compose: a file the compose-spec schema refuses
     * is not converted (in the files given and those they pull in). The files
     * given are validated on a second thread as soon as they are parsed,
     * while the project is built from them and converted (AHEAD, below) */
    cl_project_reading *reading = cl_project_read(&po, &d);
    const cl_doc *const *given;
    size_t ngiven = cl_project_read_docs(reading, &given);
    cl_validation v;
    cl_validate_begin(&v, given, ngiven);
    cl_project *p = cl_project_read_finish(reading);
    cl_emit_docs docs;
    cl_emit_docs_init(&docs);
    /* what the emitter need not hold until it is written waits in a temporary file */
    cl_temp_store store;
    cl_temp_store_init(&store);
    docs.store = &store.store;
    cl_emit_opts eo;
    cl_emit_opts_from_cli(&eo, o);
    eo.output_dir = helm || is_dir_target(o->output_file);
    cl_diags ed;
    cl_diags_init(&ed);
    /* when nothing reported so far stops it, the project is converted while
     * validation goes on, and what that made is dropped if validation stops it */
    int ahead = p && p->root && !cfg->broken && !cl_diags_count(&d, CL_SEV_ERROR);
    int failed = 0;
    if (ahead) failed = helm ? cl_k8s_helm(p, &eo, &docs, &ed) : em->emit(p, &eo, &docs, &ed);
    cl_validate_end(&v, p, &d);
    cl_stage_configure(cfg, &d);
    cl_stage_unset_once(&d);
    int rc = cfg->broken ? CL_EXIT_USAGE : CL_EXIT_OK;
    if (rc != CL_EXIT_OK) {
    } else if (!p || cl_diags_count(&d, CL_SEV_ERROR)) rc = p ? CL_EXIT_PROBLEMS : CL_EXIT_USAGE;
    else {
        if (!ahead) failed = helm ? cl_k8s_helm(p, &eo, &docs, &ed) : em->emit(p, &eo, &docs, &ed);
        rc = finish_report(o, em, cfg, failed, &d, &ed);
    }
    cl_diags_free(&ed);
    cl_source **srcs;
    size_t nsrcs = cl_project_take_sources(p, &srcs);
    dropping tree;
    drop_begin(&tree, NULL, p, NULL, 0, NULL);
    /* named documents (one per file of -o DIR) are written before the report,
     * which holds their errors; the one stream goes out after it */
    int named = docs.n && docs.v[0].name;
    if (rc == CL_EXIT_OK && named && write_dir(em->name, o->output_file, &docs, &d)) rc = CL_EXIT_PROBLEMS;
    cl_diags_sort(&d);
    if (d.n && !o->quiet) cl_report_text(stderr, &d, 0);
    dropping gone;
    drop_begin(&gone, &d, NULL, srcs, nsrcs, &tree);   /* waits for TREE */
    if (rc == CL_EXIT_OK && docs.n && !named && cl_emit_doc_len(&docs, 0)) {
        cl_doc_ref out = { &docs, 0 };
        if (o->output_file && strcmp(o->output_file, "-")) {
            if (cl_write_output_fill(o->output_file, cl_doc_fill, &out)) rc = CL_EXIT_USAGE;
        } else {
            widen_stdout_pipe(cl_emit_doc_len(&docs, 0));
            if (cl_emit_doc_send(&docs, 0, &(cl_spool_sink){ to_stdout, moved_to_stdout, &store })) {
                fprintf(stderr, "compose-lint: cannot read the output back from its temporary file: %s\n", strerror(errno));
                rc = CL_EXIT_PROBLEMS;
            }
        }
    }
    cl_emit_docs_free(&docs);
    cl_temp_store_close(&store);
    drop_end(&gone);
    return rc;
}
