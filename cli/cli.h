/* cli.h - what the command-line front offers its subcommands: the parsed
 * options, the exit codes, the commands and the text report. cli/ is the one
 * place that wires the layers together (pipeline.h). */
#ifndef CL_CLI_H
#define CL_CLI_H
#include <stdio.h>
#include "../parser/diag.h"
#include "../parser/doc.h"

/* The version, from `git describe --tags` or the VERSION file: the Makefile
 * writes build/gen/cl_version.h. */
#if defined(__has_include)
#if __has_include("cl_version.h")
#include "cl_version.h"
#endif
#endif
#ifndef CL_VERSION
#define CL_VERSION "unknown"
#endif
/* Where the project and its rule pages live (SARIF informationUri / helpUri);
 * --docs-url points the rule pages elsewhere (a mirror, an internal wiki). */
#define CL_HOMEPAGE "https://github.com/compose-lint/compose-lint"
#define CL_DOCS_URL CL_HOMEPAGE "/blob/main/docs/rules/"

enum { CL_EXIT_OK = 0, CL_EXIT_PROBLEMS = 1, CL_EXIT_USAGE = 2 };

typedef struct cl_opts {
    const char *command;          /* "check", "validate", "config", "convert", ... */
    const char **files;           /* positional files / folders, and -f files, in order */
    size_t nfiles;
    const char **ffiles;          /* the -f files alone: one project, merged as docker compose does */
    size_t nffiles;
    const char *format;           /* report or output format */
    const char *output_file;
    const char *stdin_filename;
    int color;                    /* -1 auto, 0 never, 1 always */
    const char *docs_url;         /* --docs-url: base of the rule pages (NULL = CL_DOCS_URL) */
    int quiet;
    cl_limits limits;
    /* rules and configuration */
    const char *config_file;      /* --config */
    const char **select; size_t nselect;   /* --select RULE[,RULE] (repeatable) */
    const char **ignore; size_t nignore;   /* --ignore RULE[,RULE] */
    const char *severity;         /* --severity info|warning|error: report threshold */
    long max_warnings;            /* --max-warnings N, -1 = unlimited */
    int fail_on;                  /* --fail-on info|warning|error: the gate (a cl_severity), -1 = the
                                     configuration's fail_on, else error */
    int force;                    /* --force: init may replace an existing configuration */
    int fix, unsafe_fixes, diff;  /* --fix, --unsafe-fixes, --diff */
    /* inputs */
    const char **exclude; size_t nexclude; /* --exclude GLOB */
    int jobs;                     /* --jobs N, 0 = number of cores */
    /* compose semantics */
    const char **env_files; size_t nenv_files; /* --env-file */
    const char **profiles; size_t nprofiles;   /* --profile */
    const char *project_name;     /* -p */
    const char *project_directory;/* --project-directory */
    int no_interpolate;           /* --no-interpolate */
    /* convert */
    const char *to;               /* --to swarm|kubernetes|run */
    int strict;                   /* --strict */
    const char *controller;       /* --controller */
    const char *namespace_;       /* --namespace */
    int allow_hostpath;           /* --allow-hostpath */
    const char *service_type;     /* --service-type (kubernetes) */
    const char *pvc_size;         /* --pvc-size (kubernetes) */
    const char *storage_class;    /* --storage-class (kubernetes) */
    const char *image_prefix;     /* --image-prefix REGISTRY/PATH: names of built images */
    const char *image_tag;        /* --image-tag TAG */
    const char *layout;           /* --layout kustomize|helm: convert --to kubernetes -o DIR as base +
                                     overlays, or as a chart */
    const char *target;           /* check --target swarm|kubernetes|run: add the converter's findings */
    /* positional words after the command that are not files (explain RULE) */
    const char **rest;
    size_t nrest;
} cl_opts;

/* Parses argv into OPTS. Returns 0, or CL_EXIT_USAGE after printing a message.
 * Sets *done when it printed help/version and the program should exit 0. */
int cl_opts_parse(cl_opts *o, int argc, char **argv, int *done);
void cl_opts_free(cl_opts *o);
void cl_usage(FILE *f);

/* Colour for a report on F: --color WHEN (1 always, 0 never) wins; with
 * auto, a non-empty NO_COLOR turns it off, then a non-empty FORCE_COLOR turns
 * it on, else F must be a terminal. */
int cl_use_color(int when, FILE *f);

/* Finds the compose file docker compose would use in the current folder. */
const char *cl_default_compose_file(void);

/* Subcommands, each in its own file cli/cmd_<name>.c. */
int cl_cmd_check(cl_opts *o);
int cl_cmd_validate(cl_opts *o);       /* schema only */
int cl_cmd_config(cl_opts *o);         /* normalized project */
int cl_cmd_convert(cl_opts *o);        /* emitters */
int cl_cmd_rules(cl_opts *o);          /* list rules */
int cl_cmd_explain(cl_opts *o);        /* one rule's doc */
int cl_cmd_init(cl_opts *o);           /* write a baseline .compose-lint.yaml */

/* What --fix kept (or --diff would apply) in this run so far: fixes, and
 * files they change (cli/fix.c). */
void cl_fix_totals(size_t *problems, size_t *files);

/* Text report: `file:line:col: severity: message [code]` with a code frame. */
void cl_report_text(FILE *out, const cl_diags *d, int color);

#endif
