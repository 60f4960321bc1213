/* registry.c - every rule compose-lint knows, in the order `compose-lint rules`
 * lists them, and the lookups by code or name (with a "did you mean"). To add a rule: one extern line and one table line.
 *
 * Codes are stable and never reused:
 *   CL000        the engine's own (unused-suppression)
 *   CL001-CL099  the dclint-compatible rules (same names as dclint 3.1.0)
 *   CL1xx correctness, CL2xx security (CL230-CL249 the opt-in hardening
 *   category), CL3xx reliability, CL4xx portability, CL5xx style.
 *   CL6xx, CL7xx the stage rules (rules/stage_rules.c): reported by the parser,
 *   schema, project, converters or command line under their names. */
#include <ctype.h>
#include <string.h>
#include <strings.h>
#include "rule.h"
#include "../parser/suggest.h"

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

/* correctness, security, reliability (CL1xx-CL3xx) */
extern const cl_rule cl_rule_host_port_clash;
extern const cl_rule cl_rule_undefined_network;
extern const cl_rule cl_rule_undefined_volume;
extern const cl_rule cl_rule_undefined_secret;
extern const cl_rule cl_rule_undefined_config;
extern const cl_rule cl_rule_undefined_service;
extern const cl_rule cl_rule_unused_resource;
extern const cl_rule cl_rule_depends_on_cycle;
extern const cl_rule cl_rule_container_name_scaled;
extern const cl_rule cl_rule_missing_env_file;
extern const cl_rule cl_rule_missing_build_context;
extern const cl_rule cl_rule_duplicate_environment_variable;
extern const cl_rule cl_rule_yaml11_boolean;
extern const cl_rule cl_rule_yaml11_base60_port;
extern const cl_rule cl_rule_yaml11_octal_mode;
extern const cl_rule cl_rule_privileged;
extern const cl_rule cl_rule_docker_socket_mount;
extern const cl_rule cl_rule_host_network;
extern const cl_rule cl_rule_host_pid;
extern const cl_rule cl_rule_host_ipc;
extern const cl_rule cl_rule_host_userns;
extern const cl_rule cl_rule_dangerous_cap_add;
extern const cl_rule cl_rule_unconfined_security_opt;
extern const cl_rule cl_rule_literal_secret_in_environment;
extern const cl_rule cl_rule_database_port_exposed;
extern const cl_rule cl_rule_image_latest_tag;
extern const cl_rule cl_rule_image_digest;
extern const cl_rule cl_rule_healthy_condition_without_healthcheck;
extern const cl_rule cl_rule_dependency_without_healthcheck;
extern const cl_rule cl_rule_no_restart_policy;
extern const cl_rule cl_rule_no_memory_limit;
extern const cl_rule cl_rule_depends_on_without_condition;
extern const cl_rule cl_rule_yaml_flow_indentation;
extern const cl_rule cl_rule_sensitive_host_mount;
extern const cl_rule cl_rule_host_device;
/* hardening (opt-in, CL230-CL249) */
extern const cl_rule cl_rule_missing_no_new_privileges;
extern const cl_rule cl_rule_missing_cap_drop_all;
extern const cl_rule cl_rule_writable_root_filesystem;
extern const cl_rule cl_rule_no_cpu_limit;
extern const cl_rule cl_rule_no_pids_limit;
extern const cl_rule cl_rule_root_user;
extern const cl_rule cl_rule_tmpfs_exec_allowed;
extern const cl_rule cl_rule_shared_mount_propagation;
extern const cl_rule cl_rule_logging_disabled;
extern const cl_rule cl_rule_custom_cgroup_parent;

/* reported by a stage (CL6xx loading, CL7xx conversion: rules/stage_rules.c) */
extern const cl_rule cl_stage_yaml_syntax;
extern const cl_rule cl_stage_yaml_duplicate_key;
extern const cl_rule cl_stage_yaml_limit;
extern const cl_rule cl_stage_yaml_merge;
extern const cl_rule cl_stage_yaml_alias;
extern const cl_rule cl_stage_yaml_encoding;
extern const cl_rule cl_stage_yaml_multi_document;
extern const cl_rule cl_stage_compose_file;
extern const cl_rule cl_stage_compose_empty;
extern const cl_rule cl_stage_compose_root;
extern const cl_rule cl_stage_compose_type;
extern const cl_rule cl_stage_compose_port;
extern const cl_rule cl_stage_compose_volume;
extern const cl_rule cl_stage_compose_command;
extern const cl_rule cl_stage_schema_type;
extern const cl_rule cl_stage_schema_oneof;
extern const cl_rule cl_stage_schema_unknown_key;
extern const cl_rule cl_stage_schema_key_pattern;
extern const cl_rule cl_stage_schema_required;
extern const cl_rule cl_stage_schema_unique;
extern const cl_rule cl_stage_schema_enum;
extern const cl_rule cl_stage_schema_pattern;
extern const cl_rule cl_stage_schema_range;
extern const cl_rule cl_stage_interpolation_unset;
extern const cl_rule cl_stage_interpolation_syntax;
extern const cl_rule cl_stage_interpolation_required;
extern const cl_rule cl_stage_env_file_missing;
extern const cl_rule cl_stage_env_file_syntax;
extern const cl_rule cl_stage_extends;
extern const cl_rule cl_stage_extends_cycle;
extern const cl_rule cl_stage_include;
extern const cl_rule cl_stage_include_cycle;
extern const cl_rule cl_stage_include_conflict;
extern const cl_rule cl_stage_project_name;
extern const cl_rule cl_stage_depends_on_undefined;
extern const cl_rule cl_stage_depends_on_disabled;
extern const cl_rule cl_stage_config_error;
extern const cl_rule cl_stage_fix_discarded;
extern const cl_rule cl_stage_convert_error;
extern const cl_rule cl_stage_convert_cycle;
extern const cl_rule cl_stage_convert_io;
extern const cl_rule cl_stage_convert_unsupported;
extern const cl_rule cl_stage_convert_renamed;
extern const cl_rule cl_stage_convert_caveat;
extern const cl_rule cl_stage_convert_changed;
extern const cl_rule cl_stage_convert_published;
extern const cl_rule cl_stage_convert_external;
extern const cl_rule cl_stage_convert_empty;

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
    /* correctness, security, reliability (CL1xx-CL3xx) */
    &cl_rule_host_port_clash,
    &cl_rule_undefined_network,
    &cl_rule_undefined_volume,
    &cl_rule_undefined_secret,
    &cl_rule_undefined_config,
    &cl_rule_undefined_service,
    &cl_rule_unused_resource,
    &cl_rule_depends_on_cycle,
    &cl_rule_container_name_scaled,
    &cl_rule_missing_env_file,
    &cl_rule_missing_build_context,
    &cl_rule_duplicate_environment_variable,
    &cl_rule_yaml11_boolean,
    &cl_rule_yaml11_base60_port,
    &cl_rule_yaml11_octal_mode,
    &cl_rule_privileged,
    &cl_rule_docker_socket_mount,
    &cl_rule_host_network,
    &cl_rule_host_pid,
    &cl_rule_host_ipc,
    &cl_rule_host_userns,
    &cl_rule_dangerous_cap_add,
    &cl_rule_unconfined_security_opt,
    &cl_rule_literal_secret_in_environment,
    &cl_rule_database_port_exposed,
    &cl_rule_image_latest_tag,
    &cl_rule_image_digest,
    &cl_rule_healthy_condition_without_healthcheck,
    &cl_rule_dependency_without_healthcheck,
    &cl_rule_no_restart_policy,
    &cl_rule_no_memory_limit,
    &cl_rule_depends_on_without_condition,
    &cl_rule_yaml_flow_indentation,
    &cl_rule_sensitive_host_mount,
    &cl_rule_host_device,
    /* hardening (opt-in, CL230-CL249) */
    &cl_rule_missing_no_new_privileges,
    &cl_rule_missing_cap_drop_all,
    &cl_rule_writable_root_filesystem,
    &cl_rule_no_cpu_limit,
    &cl_rule_no_pids_limit,
    &cl_rule_root_user,
    &cl_rule_tmpfs_exec_allowed,
    &cl_rule_shared_mount_propagation,
    &cl_rule_logging_disabled,
    &cl_rule_custom_cgroup_parent,
    /* reported by a stage (CL6xx loading, CL7xx conversion) */
    &cl_stage_yaml_syntax,
    &cl_stage_yaml_duplicate_key,
    &cl_stage_yaml_limit,
    &cl_stage_yaml_merge,
    &cl_stage_yaml_alias,
    &cl_stage_yaml_encoding,
    &cl_stage_yaml_multi_document,
    &cl_stage_compose_file,
    &cl_stage_compose_empty,
    &cl_stage_compose_root,
    &cl_stage_compose_type,
    &cl_stage_compose_port,
    &cl_stage_compose_volume,
    &cl_stage_compose_command,
    &cl_stage_schema_type,
    &cl_stage_schema_oneof,
    &cl_stage_schema_unknown_key,
    &cl_stage_schema_key_pattern,
    &cl_stage_schema_required,
    &cl_stage_schema_unique,
    &cl_stage_schema_enum,
    &cl_stage_schema_pattern,
    &cl_stage_schema_range,
    &cl_stage_interpolation_unset,
    &cl_stage_interpolation_syntax,
    &cl_stage_interpolation_required,
    &cl_stage_env_file_missing,
    &cl_stage_env_file_syntax,
    &cl_stage_extends,
    &cl_stage_extends_cycle,
    &cl_stage_include,
    &cl_stage_include_cycle,
    &cl_stage_include_conflict,
    &cl_stage_project_name,
    &cl_stage_depends_on_undefined,
    &cl_stage_depends_on_disabled,
    &cl_stage_config_error,
    &cl_stage_fix_discarded,
    &cl_stage_convert_error,
    &cl_stage_convert_cycle,
    &cl_stage_convert_io,
    &cl_stage_convert_unsupported,
    &cl_stage_convert_renamed,
    &cl_stage_convert_caveat,
    &cl_stage_convert_changed,
    &cl_stage_convert_published,
    &cl_stage_convert_external,
    &cl_stage_convert_empty,
};

const size_t cl_nrules = sizeof cl_rules / sizeof cl_rules[0];

/* ---- lookups ---- */

int cl_rule_index(const char *s, size_t len)
{
    /* a finding's code is its rule's own name (static storage): found by
     * address, without measuring and comparing a hundred names for each of
     * tens of thousands of findings. Names and codes are unique, so the
     * first match by text is that rule too. */
    for (size_t i = 0; i < cl_nrules; i++)
        if ((cl_rules[i]->name == s && strlen(s) == len) || (cl_rules[i]->code == s && strlen(s) == len)) return (int)i;
    if (!len) return -1;
    int c = tolower((unsigned char)s[0]);   /* a first letter that differs rules a name out at once */
    for (size_t i = 0; i < cl_nrules; i++) {
        const cl_rule *r = cl_rules[i];
        if ((tolower((unsigned char)r->name[0]) == c && strlen(r->name) == len && !strncasecmp(r->name, s, len)) ||
            (tolower((unsigned char)r->code[0]) == c && strlen(r->code) == len && !strncasecmp(r->code, s, len)))
            return (int)i;
    }
    return -1;
}

const cl_rule *cl_rule_find(const char *code_or_name)
{
    int i = code_or_name ? cl_rule_index(code_or_name, strlen(code_or_name)) : -1;
    return i < 0 ? NULL : cl_rules[i];
}

static const char *rule_name_at(const void *set, size_t i)
{
    (void)set;
    return i < cl_nrules ? cl_rules[i]->name : NULL;
}

/* Levenshtein without case, up to a third of the word (at least 2); the first
 * of equally close names wins. */
const char *cl_rule_suggest(const char *s, size_t len)
{
    return cl_suggest(s, len, NULL, rule_name_at, len / 3 > 2 ? len / 3 : 2, CL_EDIT_NOCASE);
}

const char *cl_category_name(cl_category c)
{
    static const char *names[] = { "correctness", "security", "reliability", "portability", "style", "hardening" };
    return (unsigned)c < sizeof names / sizeof names[0] ? names[c] : "?";
}

const char *cl_fixkind_name(cl_fixkind f)
{
    return f == CL_FIX_SAFE ? "safe" : f == CL_FIX_UNSAFE ? "unsafe" : "-";
}
