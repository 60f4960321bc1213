/* outcome.c - what the check command reports and how it exits: drops
 * diagnostics below --severity, then 2 for a broken configuration, 1 when
 * problems at or above the threshold remain (errors always; warnings only past
 * --max-warnings N when given), else 0. Infos never fail a run unless
 * --severity info asks for it. */
#include <string.h>
#include "engine.h"

static int at_least(const cl_diag *g, void *ctx) { return g->severity >= *(cl_severity *)ctx; }

int cl_check_outcome(const cl_opts *o, cl_diags *all)
{
    cl_severity thr = CL_SEV_INFO;
    if (o->severity) thr = !strcmp(o->severity, "error") ? CL_SEV_ERROR : !strcmp(o->severity, "warning") ? CL_SEV_WARNING : CL_SEV_INFO;
    cl_diags_filter(all, at_least, &thr);
    if (cl_config_failed()) return CL_EXIT_USAGE;
    size_t nerr = cl_diags_count(all, CL_SEV_ERROR);
    size_t nwarn = cl_diags_count(all, CL_SEV_WARNING) - nerr;
    size_t ninfo = all->n - nerr - nwarn;
    if (nerr) return CL_EXIT_PROBLEMS;
    if (o->max_warnings >= 0 ? nwarn > (size_t)o->max_warnings : nwarn > 0) return CL_EXIT_PROBLEMS;
    if (o->severity && thr == CL_SEV_INFO && ninfo) return CL_EXIT_PROBLEMS;
    return CL_EXIT_OK;
}
