/* fix.c - --fix, --unsafe-fixes and --diff. A pass lints the current text
 * and applies the fixes that do not collide (rules/engine.h cl_fixes_apply);
 * passes repeat until nothing changes, at most 10. A pass whose result does
 * not parse, or has more errors than the original, is thrown away and
 * reported. The result is written atomically (atomic_write.h) unless it is
 * unchanged; --diff prints a unified diff instead and writes nothing. After
 * --fix the file is checked again as fixed, so the report shows what is left.
 * Input read from stdin is never written back: --fix prints its fixed text
 * (unchanged when nothing applied) on stdout, as `ruff check --fix -` does.
 * The fixes kept are counted for the run's "Fixed N problems" line. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../rules/engine.h"
#include "udiff.h"
#include "atomic_write.h"
#include "pipeline.h"

#define MAX_PASSES 10

/* Fixes kept and files changed in this run (files are fixed in parallel). */
static atomic_size_t fixed_problems, fixed_files;

void cl_fix_totals(size_t *problems, size_t *files)
{
    *problems = atomic_load(&fixed_problems);
    *files = atomic_load(&fixed_files);
}

static size_t errors_of(const cl_diags *d)
{
    return cl_diags_count(d, CL_SEV_ERROR);
}

/* Keeps the configuration errors of a trial run: they are reported once per run. */
static int is_config_error(const cl_diag *g, void *ctx) { (void)ctx; return cl_diag_code(g) && !strcmp(cl_diag_code(g), "config-error"); }

/* Replaces SRC's bytes by TEXT (line index rebuilt). */
static void replace_source(cl_source *src, const char *text, size_t len)
{
    cl_source *n = cl_source_from_string(src->path, text, len);
    cl_source old = *src;
    *src = *n;                     /* the new bytes (and a line index to build) */
    char *copy = src->path;
    src->path = old.path;          /* under the same path string */
    *n = old;                      /* N now holds the old bytes: freed with it */
    n->path = copy;
    cl_source_free(n);
}

static int is_stdin(const cl_opts *o, const cl_source *src)
{
    for (size_t i = 0; i < o->nfiles; i++)
        if (!strcmp(o->files[i], "-")) return !strcmp(src->path, o->stdin_filename ? o->stdin_filename : "<stdin>");
    return 0;
}

/* Files are checked in parallel: one text (a diff, stdin's fixed text) at a time. */
static void put_stdout(const char *p, size_t n)
{
    flockfile(stdout);
    fwrite(p, 1, n, stdout);
    fflush(stdout);
    funlockfile(stdout);
}

int cl_fix_file(const cl_opts *o, cl_source *src, cl_diags *out)
{
    char *good = malloc(src->len + 1), *trial = NULL;   /* last accepted text; text on trial */
    if (!good) abort();
    memcpy(good, src->data, src->len + 1);
    size_t goodlen = src->len, triallen = 0, base_errors = 0;
    size_t kept = 0, on_trial = 0;       /* fixes in GOOD; fixes in TRIAL */
    cl_span at = { src, 0, 0 };
    for (int pass = 0;; pass++) {
        cl_source *s = trial ? cl_source_from_string(src->path, trial, triallen)
                             : cl_source_from_string(src->path, good, goodlen);
        cl_diags d;
        cl_diags_init(&d);
        cl_doc *doc = cl_check_source(o, s, &d);
        int stop = 0;
        if (pass == 0) {
            base_errors = errors_of(&d);
            stop = !doc;                  /* does not parse: nothing to fix */
        } else if (!doc || errors_of(&d) > base_errors) {
            cl_diag_add(out, CL_SEV_WARNING, "fix-discarded", at,
                        "fix pass %d was thrown away: its result %s; the fixes of the passes before it are kept",
                        pass, !doc ? "does not parse" : "has more errors than the original");
            free(trial);
            trial = NULL;
            stop = 1;
        } else {
            free(good);
            good = trial;
            goodlen = triallen;
            trial = NULL;
            kept += on_trial;
        }
        cl_buf nb;
        cl_buf_init(&nb);
        /* the fixes are taken in the findings' sorted order: as joined, the
         * project rules' findings come in the order the threads claimed the
         * rules, and two fixes wanting one place took turns from run to run */
        cl_diags_sort(&d);
        size_t n = !stop && pass < MAX_PASSES ? cl_fixes_apply(s, &d, o->unsafe_fixes, &nb) : 0;
        if (pass == 0) {                  /* configuration errors are reported once per run */
            cl_diags_filter(&d, is_config_error, NULL);
            cl_diags_move(out, &d);
        }
        cl_diags_free(&d);
        cl_doc_free(doc);
        cl_source_free(s);
        if (!n) { cl_buf_free(&nb); break; }
        on_trial = n;
        triallen = nb.len;
        trial = nb.len ? cl_buf_steal(&nb) : calloc(1, 1);
        if (!trial) abort();
    }
    int rc = 0;
    int changed = goodlen != src->len || memcmp(good, src->data, goodlen);
    if (changed) {
        atomic_fetch_add(&fixed_problems, kept);
        atomic_fetch_add(&fixed_files, 1);
    }
    if (!o->diff && is_stdin(o, src)) {   /* the fixed text, whether or not anything changed */
        put_stdout(good, goodlen);
        if (changed) replace_source(src, good, goodlen);
    } else if (changed) {
        if (o->diff) {
            cl_buf diff;
            cl_buf_init(&diff);
            cl_udiff(&diff, src->path, src->data, src->len, good, goodlen);
            put_stdout(diff.data, diff.len);
            cl_buf_free(&diff);
        } else {
            char err[1024];
            if (cl_atomic_replace(src->path, src->data, src->len, good, goodlen, err, sizeof err)) {
                fprintf(stderr, "compose-lint: %s\n", err);
                rc = CL_EXIT_USAGE;
            } else {
                replace_source(src, good, goodlen);
            }
        }
    }
    free(good);
    return rc;
}
