/* suppress.h - inline suppressions (`# compose-lint-disable...` comments and
 * dclint's forms). */
#ifndef CL_SUPPRESS_H
#define CL_SUPPRESS_H
#include "config.h"

/* Applies the inline suppressions of DOC's source to OUT: moves suppressed
 * diagnostics of that source to SUPP (freed when SUPP is NULL), with the
 * reason written after " -- ", and reports suppressions that suppressed
 * nothing (rule "unused-suppression") or name unknown rules. */
void cl_suppress_apply(const cl_doc *doc, const cl_config *cfg, cl_diags *out, cl_suppressions *supp);

#endif
