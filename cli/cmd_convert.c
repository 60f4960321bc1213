/* cmd_convert.c - `compose-lint convert --to TARGET [-f FILE...] [-o OUT]`:
 * loads the normalized project, hands it to an emitter and writes the
 * documents it returns: to stdout, to -o FILE, or one file each into -o DIR.
 * Output is written only when conversion succeeds, always atomically. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "../emitters/emitter.h"
#include "../model/project.h"
#include "../schema/schema.h"
#include "../rules/engine.h"
#include "atomic_write.h"
#include "pipeline.h"

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

/* Writes every named document to DIR/<name> as one set (made if missing).
 * Failures are convert-io errors of TARGET; returns non-zero then. */
static int write_dir(const char *target, const char *dir, const cl_emit_docs *docs, cl_diags *d)
{
    struct stat st;
    if (stat(dir, &st) != 0) {
        if (mkdir(dir, 0777) != 0) {
            cl_diag_add(d, CL_SEV_ERROR, "convert-io", (cl_span){ 0 }, "%s: cannot create %s: %s", target, dir, strerror(errno));
            return 1;
        }
    } else if (!S_ISDIR(st.st_mode)) {
        cl_diag_add(d, CL_SEV_ERROR, "convert-io", (cl_span){ 0 }, "%s: %s is not a directory", target, dir);
        return 1;
    }
    cl_write_file *files = calloc(docs->n + 1, sizeof *files);
    if (!files) abort();
    for (size_t i = 0; i < docs->n; i++) {
        size_t n = strlen(dir) + strlen(docs->v[i].name) + 2;
        char *path = malloc(n);
        if (!path) abort();
        snprintf(path, n, "%s/%s", dir, docs->v[i].name);
        files[i] = (cl_write_file){ path, docs->v[i].text.data, docs->v[i].text.len };
    }
    cl_write_fault f;
    int rc = cl_atomic_write_set(files, docs->n, &f) != 0;
    if (rc)
        cl_diag_add(d, CL_SEV_ERROR, "convert-io", (cl_span){ 0 }, "%s: cannot write %s: %s", target, files[f.index].path, strerror(f.errnum));
    for (size_t i = 0; i < docs->n; i++) free((char *)files[i].path);
    free(files);
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
    return !g->code || !rule_of(c->t, c->cfg, g->code)->drop;
}

static void configure_by_code(const cl_config *cfg, cl_diags *ds)
{
    if (!cfg || cfg->broken) return;
    code_rules t = { NULL, 0, 0 };
    configure_ctx c = { &t, cfg };
    cl_diags_filter(ds, keep_configured, &c);
    for (size_t i = 0; i < ds->n; i++) {
        const code_rule *r = ds->v[i].code ? rule_of(&t, cfg, ds->v[i].code) : NULL;
        if (r && r->sev >= 0) ds->v[i].severity = (cl_severity)r->sev;
    }
    free(t.v);
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
    cl_project_opts po;
    memset(&po, 0, sizeof po);
    po.files = files; po.nfiles = nfiles;
    po.env_files = o->env_files; po.nenv_files = o->nenv_files;
    po.profiles = o->profiles; po.nprofiles = o->nprofiles;
    po.project_name = o->project_name; po.project_directory = o->project_directory;
    po.no_interpolate = o->no_interpolate;
    po.limits = &o->limits;
    cl_diags d;
    cl_diags_init(&d);
    /* the configuration applies to what loading and converting report (stage rules) */
    const cl_config *cfg = cl_config_of(o, files[0], &d);
    cl_project *p = cl_project_load(&po, &d);
    /* as config does, and docker compose: a file the compose-spec schema refuses
     * is not converted (in the files given and those they pull in) */
    for (size_t i = 0; p && i < p->ndocs; i++) cl_schema_validate(p->docs[i], &d);
    cl_stage_configure(cfg, &d);
    cl_stage_unset_once(&d);
    int rc = cfg->broken ? CL_EXIT_USAGE : CL_EXIT_OK;
    cl_emit_docs docs;
    cl_emit_docs_init(&docs);
    cl_emit_opts eo;
    memset(&eo, 0, sizeof eo);
    eo.output_dir = is_dir_target(o->output_file);
    if (rc != CL_EXIT_OK) {
    } else if (!p || cl_diags_count(&d, CL_SEV_ERROR)) rc = p ? CL_EXIT_PROBLEMS : CL_EXIT_USAGE;
    else {
        int output_dir = eo.output_dir;
        cl_emit_opts_from_cli(&eo, o);
        eo.output_dir = output_dir;
        /* the configuration over what converting reports: what loading
         * reported has had it already (as check --target does) */
        cl_diags ed;
        cl_diags_init(&ed);
        int failed = em->emit(p, &eo, &docs, &ed);
        configure_by_code(cfg, &ed);
        cl_diags_move(&d, &ed);
        if (failed && !cl_diags_count(&d, CL_SEV_ERROR))
            cl_diag_add(&d, CL_SEV_ERROR, "convert-error", (cl_span){ 0 },
                        "%s: conversion failed; the rules that said why are turned off by the configuration", em->name);
        if (failed || cl_diags_count(&d, CL_SEV_ERROR)) rc = CL_EXIT_PROBLEMS;
        else if (o->strict && cl_diags_count(&d, CL_SEV_WARNING)) rc = CL_EXIT_PROBLEMS;
    }
    /* named documents (one per file of -o DIR) are written before the report,
     * which holds their errors; the one stream goes out after it */
    int named = docs.n && docs.v[0].name;
    if (rc == CL_EXIT_OK && named && write_dir(em->name, o->output_file, &docs, &d)) rc = CL_EXIT_PROBLEMS;
    cl_diags_sort(&d);
    if (d.n && !o->quiet) cl_report_text(stderr, &d, 0);
    const cl_buf *out = docs.n && !named ? &docs.v[0].text : NULL;
    if (rc == CL_EXIT_OK && out && out->len) {
        if (!o->output_file || !strcmp(o->output_file, "-")) fwrite(out->data, 1, out->len, stdout);
        else if (cl_write_output(o->output_file, out->data, out->len)) rc = CL_EXIT_USAGE;
    }
    cl_emit_docs_free(&docs);
    cl_diags_free(&d);
    cl_project_free(p);
    return rc;
}
