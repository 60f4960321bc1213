/* pipeline.h - one file through every stage: parse (services validated,
 * linted and made canonical while parsing for a lone file), schema
 * validation, the project, the rules, the suppressions. The pipeline keeps
 * one record per file (cl_run) and calls each layer as ordinary functions;
 * the configuration is resolved once per file. */
#ifndef CL_PIPELINE_H
#define CL_PIPELINE_H
#include <pthread.h>
#include "../model/project.h"
#include "../rules/config.h"
#include "cli.h"

/* Runs parse + every stage on SRC; returns the document (caller frees) or
 * NULL when it does not parse. Every diagnostic goes to OUT. */
cl_doc *cl_check_source(const cl_opts *o, const cl_source *src, cl_diags *out);
/* Checks one project: SRCS[0..N) in merge order, each parsed, validated
 * and put through the rules that read a file as written (when REPORT[i]:
 * the others are there for the project only); then the merged project and
 * the rules that read it; each file's inline suppressions; with --target,
 * what converting the project to that target reports (convert-* codes). Findings in files
 * not reported on are dropped. The sources the project read on the way (env,
 * extends and include files), which findings may point into, are handed to
 * the caller in *MORE (caller frees each and the array); returns how many.
 * What the inline suppressions and the configuration's exclusions took out
 * goes to SUPP (NULL: dropped). */
size_t cl_check_files(const cl_opts *o, cl_source *const *srcs, const unsigned char *report, size_t n,
                      cl_source ***more, cl_diags *out, cl_suppressions *supp);
/* Lets the stages of the files checked on this thread use a second core (a
 * lone file; a --jobs pool keeps the cores busy already). */
void cl_pipeline_threads(int on);

/* The stages one at a time, on the thread that calls them (tests, benches):
 * the project `check` builds for DOC (the one file, read only by rules), and
 * every rule on DOC (P may be NULL) with the suppressions applied. */
cl_project *cl_pipeline_project(const cl_opts *o, const cl_doc *doc, cl_diags *out);
void cl_pipeline_rules(const cl_opts *o, const cl_doc *doc, const cl_project *p, cl_diags *out);

/* The rules configuration of FILE under O (.compose-lint.yaml, --config,
 * --select/--ignore); load errors go to OUT the first time it is loaded. */
const cl_config *cl_config_of(const cl_opts *o, const char *file, cl_diags *out);
/* The project options the command line gives (files, env files, profiles,
 * name, directory, interpolation, limits). */
void cl_project_opts_from_cli(cl_project_opts *po, const cl_opts *o);
/* The emitter options the command line gives (--strict, --controller, ...,
 * --image-prefix, --image-tag). */
struct cl_emit_opts;
void cl_emit_opts_from_cli(struct cl_emit_opts *eo, const cl_opts *o);
/* Schema validation of a project's documents on a second thread, while the
 * caller builds, converts or prints the project: cl_validate_begin starts it
 * on DOCS[0..N) (the array is copied: the project's first documents, or its
 * files as cl_project_read_docs gives them; N 0: nothing starts), cl_validate_end
 * waits, validates the documents of P after those (all, when no thread ran)
 * and adds the findings to D, in the order of P's documents. */
typedef struct cl_validation {
    const cl_doc **docs;       /* the copy */
    size_t n;
    cl_diags d;
    pthread_t t;
    int on;                    /* the thread runs */
} cl_validation;
void cl_validate_begin(cl_validation *v, const cl_doc *const *docs, size_t n);
void cl_validate_end(cl_validation *v, const cl_project *p, cl_diags *d);

/* --fix/--diff on SRC's file (cli/fix.c): rewrites it, or prints the diff;
 * returns CL_EXIT_USAGE when it cannot be written, else 0. */
int cl_fix_file(const cl_opts *o, cl_source *src, cl_diags *out);

#endif
