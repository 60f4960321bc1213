/* projects.h - the projects `check` lints, found as docker compose finds
 * them: the -f files as one project; with no input COMPOSE_FILE, else the
 * default file of the folder with its override; a positional compose file
 * with the base or override beside it; a folder's files grouped the same
 * way. Files pulled in only for context (the base beside an override given
 * alone) are read for the project but not reported on. */
#ifndef CL_PROJECTS_H
#define CL_PROJECTS_H
#include <stddef.h>
#include "cli.h"

typedef struct cl_proj {
    char **files;           /* in merge order; "-" is stdin */
    unsigned char *report;  /* per file: report its findings (else context only) */
    size_t n;
} cl_proj;

typedef struct cl_projects {
    cl_proj *v;
    size_t n;
} cl_projects;

/* Plans O's inputs into projects. Returns CL_EXIT_OK, or CL_EXIT_USAGE after
 * printing why (no compose file, an unreadable folder: what could be planned
 * is still in OUT). */
int cl_projects_plan(const cl_opts *o, cl_projects *out);
void cl_projects_free(cl_projects *ps);

#endif
