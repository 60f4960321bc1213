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
extern const cl_rule cl_rule_no_build_and_image;
extern const cl_rule cl_rule_no_duplicate_container_names;
extern const cl_rule cl_rule_no_duplicate_exported_ports;
extern const cl_rule cl_rule_no_quotes_in_volumes;
extern const cl_rule cl_rule_no_unbound_port_interfaces;
extern const cl_rule cl_rule_no_version_field;
extern const cl_rule cl_rule_require_project_name_field;
extern const cl_rule cl_rule_require_quotes_in_ports;
extern const cl_rule cl_rule_service_container_name_regex;
extern const cl_rule cl_rule_service_dependencies_alphabetical_order;
extern const cl_rule cl_rule_service_image_require_explicit_tag;
extern const cl_rule cl_rule_service_keys_order;
extern const cl_rule cl_rule_service_ports_alphabetical_order;
extern const cl_rule cl_rule_services_alphabetical_order;
extern const cl_rule cl_rule_top_level_properties_order;

const cl_rule *const cl_rules[] = {
    &cl_rule_unused_suppression,
    &cl_rule_no_build_and_image,
    &cl_rule_no_duplicate_container_names,
    &cl_rule_no_duplicate_exported_ports,
    &cl_rule_no_quotes_in_volumes,
    &cl_rule_no_unbound_port_interfaces,
    &cl_rule_no_version_field,
    &cl_rule_require_project_name_field,
    &cl_rule_require_quotes_in_ports,
    &cl_rule_service_container_name_regex,
    &cl_rule_service_dependencies_alphabetical_order,
    &cl_rule_service_image_require_explicit_tag,
    &cl_rule_service_keys_order,
    &cl_rule_service_ports_alphabetical_order,
    &cl_rule_services_alphabetical_order,
    &cl_rule_top_level_properties_order,
};

const size_t cl_nrules = sizeof cl_rules / sizeof cl_rules[0];
