/* cli.h - what the command-line front offers its subcommands: the parsed
 * options, the per-file pipeline and the exit codes. */
#ifndef CL_CLI_H
#define CL_CLI_H
#include <stdio.h>
#include "../parser/diag.h"
#include "../parser/doc.h"

#define CL_VERSION "0.1.0"
/* Where the project and its rule pages live (SARIF informationUri / helpUri);
 * --docs-url points the rule pages elsewhere (a mirror, an internal wiki). */
#define CL_HOMEPAGE "https://github.com/compose-lint/compose-lint"
#define CL_DOCS_URL CL_HOMEPAGE "/blob/main/docs/rules/"

enum { CL_EXIT_OK = 0, CL_EXIT_PROBLEMS = 1, CL_EXIT_USAGE = 2 };

typedef struct cl_opts {
    const char *command;          /* "check", "validate", "config", "convert", ... */
    const char **files;           /* positional files / folders, or -f files */
    size_t nfiles;
    const char *format;           /* report or output format */
    const char *output_file;
    const char *stdin_filename;
    int color;                    /* -1 auto, 0 never, 1 always */
    const char *docs_url;         /* --docs-url: base of the rule pages (NULL = CL_DOCS_URL) */
    int quiet;
    cl_limits limits;
    /* rules and configuration (issue 5) */
    const char *config_file;      /* --config */
    const char **select; size_t nselect;   /* --select RULE[,RULE] (repeatable) */
    const char **ignore; size_t nignore;   /* --ignore RULE[,RULE] */
    const char *severity;         /* --severity info|warning|error: report threshold */
    long max_warnings;            /* --max-warnings N, -1 = unlimited */
    int fix, unsafe_fixes, diff;  /* --fix, --unsafe-fixes, --diff */
    /* inputs (issue 6) */
    const char **exclude; size_t nexclude; /* --exclude GLOB */
    int jobs;                     /* --jobs N, 0 = number of cores */
    /* compose semantics (issue 4) */
    const char **env_files; size_t nenv_files; /* --env-file */
    const char **profiles; size_t nprofiles;   /* --profile */
    const char *project_name;     /* -p */
    const char *project_directory;/* --project-directory */
    int no_interpolate;           /* --no-interpolate */
    /* convert (issues 7-9) */
    const char *to;               /* --to swarm|kubernetes|run */
    int strict;                   /* --strict */
    const char *controller;       /* --controller */
    const char *namespace_;       /* --namespace */
    int allow_hostpath;           /* --allow-hostpath */
    const char *service_type;     /* --service-type (kubernetes) */
    const char *pvc_size;         /* --pvc-size (kubernetes) */
    const char *storage_class;    /* --storage-class (kubernetes) */
    /* positional words after the command that are not files (explain RULE) */
    const char **rest;
    size_t nrest;
} cl_opts;

/* Parses argv into OPTS. Returns 0, or CL_EXIT_USAGE after printing a message.
 * Sets *done when it printed help/version and the program should exit 0. */
int cl_opts_parse(cl_opts *o, int argc, char **argv, int *done);
void cl_opts_free(cl_opts *o);
void cl_usage(FILE *f);

/* Finds the compose file docker compose would use in the current folder. */
const char *cl_default_compose_file(void);

/* Subcommands, each in its own file. Those declared weak may be absent from a
 * build; main.c then says the command is not available. */
#define CL_WEAK __attribute__((weak))
int cl_cmd_check(cl_opts *o);                  /* cli/check.c */
int cl_cmd_validate(cl_opts *o) CL_WEAK;       /* schema only */
int cl_cmd_config(cl_opts *o) CL_WEAK;         /* normalized project */
int cl_cmd_convert(cl_opts *o) CL_WEAK;        /* emitters */
int cl_cmd_rules(cl_opts *o) CL_WEAK;          /* list rules */
int cl_cmd_explain(cl_opts *o) CL_WEAK;        /* one rule's doc */

/* Pipeline stages for one parsed file, provided by later modules (weak: a
 * build without them skips the stage). Each appends to OUT. */
struct cl_project;
void cl_stage_validate(const cl_doc *doc, cl_diags *out) CL_WEAK;          /* schema/ */
/* Validation that starts while the file is parsed: _begin makes a context,
 * cl_doc_parse_ex hands _entry each finished mapping two levels down (on the
 * parsing thread; it keeps the services), _finish validates the rest of DOC on any thread and adds every
 * diagnostic to OUT; with DOC NULL (the parse failed) it only frees. */
struct cl_schema_stream *cl_stage_validate_begin(void) CL_WEAK;
void cl_stage_validate_entry(void *stream, const cl_node *root_key, const cl_node *key, const cl_node *value) CL_WEAK;
void cl_stage_validate_finish(struct cl_schema_stream *st, const cl_doc *doc, cl_diags *out) CL_WEAK;
struct cl_project *cl_stage_project(const cl_doc *doc, const cl_opts *o, cl_diags *out) CL_WEAK; /* model/ */
void cl_stage_project_free(struct cl_project *p) CL_WEAK;
/* The project begun while the file is parsed: _begin before (SRC gives the
 * path), _entry for each finished mapping two levels down (on the parsing
 * thread: services are made canonical then), _finish builds the project
 * once DOC is whole, on any thread, adds its diagnostics to OUT and frees ST
 * (DOC NULL: only frees). */
struct cl_project_stream;
struct cl_project_stream *cl_stage_project_begin(const cl_opts *o, const cl_source *src) CL_WEAK;
void cl_stage_project_entry(void *stream, const cl_node *root_key, const cl_node *key, const cl_node *value) CL_WEAK;
struct cl_project *cl_stage_project_finish(struct cl_project_stream *st, const cl_doc *doc, cl_diags *out) CL_WEAK;
void cl_stage_rules(const cl_doc *doc, const struct cl_project *p, const cl_opts *o, cl_diags *out) CL_WEAK; /* rules/ */
/* cl_stage_rules in parts (_file, _project, _finish), so the rules that read
 * only the file can run while another thread builds the project. */
/* The rules that read only the file. Those that check one service at a time
 * may run while the file is parsed: _begin (NULL when there is nothing to
 * run; config errors go to OUT) makes the stream, cl_doc_parse_ex hands
 * _entry each finished mapping two levels down (on the parsing thread), and
 * _file runs the file's rules, taking the services ST checked from it (ST
 * may be NULL), then frees ST; with DOC NULL (the parse failed) it only frees. */
struct cl_rules_stream;
struct cl_rules_stream *cl_stage_rules_begin(const cl_opts *o, const cl_source *src, cl_diags *out) CL_WEAK;
void cl_stage_rules_entry(void *stream, const cl_node *root_key, const cl_node *key, const cl_node *value) CL_WEAK;
void cl_stage_rules_file(const cl_doc *doc, const cl_opts *o, struct cl_rules_stream *st, cl_diags *out) CL_WEAK;
/* The rules that read the project (needs_project). EARLIER holds what the
 * project stage reported (some rules look at it). With CLAIM, several threads
 * may share them: each calls this with the same CLAIM, which grants every
 * rule (by registry index) to exactly one of them, and its own OUT. */
void cl_stage_rules_project(const cl_doc *doc, const struct cl_project *p, const cl_opts *o, cl_diags *out,
                            const cl_diags *earlier, int (*claim)(void *ud, size_t rule), void *ud) CL_WEAK;
/* Applies inline suppressions, once every stage has reported. */
void cl_stage_rules_finish(const cl_doc *doc, const cl_opts *o, cl_diags *out) CL_WEAK;

/* Runs parse + every stage on SRC; returns the document (caller frees) or NULL. */
cl_doc *cl_check_source(const cl_opts *o, const cl_source *src, cl_diags *out);
/* --fix/--diff driver (rules/fix.c): rewrites SRC's file; returns an exit-code contribution. */
int cl_fix_file(const cl_opts *o, cl_source *src, cl_diags *out) CL_WEAK;

/* Did a rules configuration (.compose-lint.yaml, --config, --select/--ignore)
 * have errors? They are reported; the run then exits 2 (rules/config.c). */
int cl_config_failed(void) CL_WEAK;

/* Text report: `file:line:col: severity: message [code]` with a code frame. */
void cl_report_text(FILE *out, const cl_diags *d, int color);

#endif
