/* registry.c - every rule compose-lint knows, in the order `compose-lint rules`
 * lists them. To add a rule: one extern line and one table line.
 *
 * Codes are stable and never reused:
 *   CL000        the engine's own (unused-suppression)
 *   CL001-CL099  the dclint-compatible rules (same names as dclint 3.1.0)
 *   CL1xx correctness, CL2xx security, CL3xx reliability, CL4xx portability,
 *   CL5xx style. */
#include "rule.h"

extern const cl_rule cl_rule_unused_suppression;
extern const cl_rule cl_rule_no_version_field;

const cl_rule *const cl_rules[] = {
    &cl_rule_unused_suppression,
    &cl_rule_no_version_field,
};

const size_t cl_nrules = sizeof cl_rules / sizeof cl_rules[0];
