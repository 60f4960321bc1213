/* projectint.h - the project options that the command line gives
 * (cl_opts), filled by model/project.c. */
#ifndef CL_PROJECTINT_H
#define CL_PROJECTINT_H
#include "../cli/cli.h"
#include "project_types.h"

/* Fills PO from the command-line options. */
void cl_project_opts_from_cli(cl_project_opts *po, const cl_opts *o);

#endif
