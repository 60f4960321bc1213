/* stage.h - the findings other layers report under a stage rule's name
 * (rules/stage_rules.c): the configuration applied to them, and one
 * interpolation-unset per variable. */
#ifndef CL_STAGE_H
#define CL_STAGE_H
#include "config.h"

/* The configuration over the findings of the stage rules in OUT (rules/stage.c):
 * a rule that is off is dropped, a configured severity replaces the stage's.
 * Fatal stage rules are left alone. Nothing happens when CFG is broken. */
void cl_stage_configure(const cl_config *cfg, cl_diags *out);
/* One interpolation-unset per variable in OUT (one project): the first use,
 * its message saying how many other places use the variable; the others dropped. */
void cl_stage_unset_once(cl_diags *out);

#endif
