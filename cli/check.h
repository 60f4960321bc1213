/* check.h - one `check` run over the command line's inputs, kept for
 * whoever reports it: `check` itself, and `init`, which turns the findings
 * into a baseline configuration (cli/cmd_init.c). */
#ifndef CL_CHECK_H
#define CL_CHECK_H
#include "cli.h"
#include "projects.h"
#include "report.h"

typedef struct cl_checked_run {
    cl_diags all;              /* every finding, sorted, each once */
    cl_suppressions supp;      /* excluded by the configuration or suppressed inline, sorted */
    const char **names;        /* the inputs reported on */
    size_t nnames;
    cl_report_notice *notices; /* inputs that could not be read */
    size_t nnotices;
    int io_error;
    /* what the findings point into, kept until cl_check_run_free */
    cl_projects plan;
    void *ck;
} cl_checked_run;

/* Plans, reads and checks O's inputs (--jobs at once). Returns CL_EXIT_OK,
 * or CL_EXIT_USAGE when an input could not be read or planned (printed). */
int cl_check_run(const cl_opts *o, cl_checked_run *run);
void cl_check_run_free(cl_checked_run *run);

#endif
