/* projectint.h - what model/project.c shares with its stream and the
 * command line: the steps of cl_project_from_doc, and the project options
 * that cl_opts gives. */
#ifndef CL_PROJECTINT_H
#define CL_PROJECTINT_H
#include "../cli/cli.h"
#include "context.h"
#include "project.h"

/* The steps of cl_project_from_doc (model/project.c), shared with the stream. */
cl_project *cl_project_new(void);
void cl_ctx_build(cl_ctx *c, const cl_doc *const *docs, size_t ndocs);
/* Problems found in other files name their place in the text (their sources
 * do not outlive the project). */
void cl_ctx_detach_diags(cl_diags *diags, size_t first_diag, const cl_doc *doc);
/* Fills PO from the command-line options. */
void cl_project_opts_from_cli(cl_project_opts *po, const cl_opts *o);

#endif
