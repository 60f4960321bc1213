/* stage_rules.c - the rules whose findings a stage reports: the YAML parser,
 * schema validation, the project (loading, interpolation, env files, extends,
 * include, profiles), the converters and the command line. They have no check
 * function: the stage reports under the rule's name (the code it always used),
 * and the engine applies the configuration and suppressions afterwards
 * (cl_rules_finish). Fatal ones (the file cannot be read at all, or the output
 * not written) are always on and cannot be suppressed.
 *
 * Codes: CL600-CL699 reading, validating and loading (CL60x YAML, CL61x the
 * compose file, CL62x schema, CL64x interpolation, CL65x the project, CL69x the
 * tool's own); CL700-CL799 conversion. Never reused. */
#include "rule.h"

#define STAGE(id, c, n, cat, sev, by, sum, why, bad, good)                                       \
    const cl_rule id = { .code = c, .name = n, .category = cat, .severity = sev, .enabled = 1,  \
                         .summary = sum, .rationale = why, .bad_example = bad, .good_example = good, \
                         .stage = by }
#define E CL_SEV_ERROR
#define W CL_SEV_WARNING
#define I CL_SEV_INFO
#define FATAL CL_BY_STAGE_FATAL
#define OPT CL_BY_STAGE
#define COR CL_CAT_CORRECTNESS
#define REL CL_CAT_RELIABILITY
#define POR CL_CAT_PORTABILITY
#define GOOD "services:\n  web:\n    image: nginx:1.27\n"

/* ---- CL60x: YAML ---- */
STAGE(cl_stage_yaml_syntax, "CL600", "yaml-syntax", COR, E, FATAL,
      "The file is not well-formed YAML.",
      "Nothing can be checked in a file that does not parse: docker compose refuses it with a parse error. "
      "The message gives the parser's reason and the place.",
      "services:\n  web:\n    image: nginx:1.27\n   ports: [80]\n", GOOD);
STAGE(cl_stage_yaml_duplicate_key, "CL601", "yaml-duplicate-key", COR, E, FATAL,
      "A mapping has the same key twice.",
      "YAML forbids duplicate keys and docker compose refuses them; some other tools silently keep the last "
      "one, so which value is meant is unclear.",
      "services:\n  web:\n    image: nginx:1.27\n    image: nginx:1.26\n", GOOD);
STAGE(cl_stage_yaml_limit, "CL602", "yaml-limit", COR, E, FATAL,
      "The file exceeds one of the parser's limits (size, nesting, aliases).",
      "The limits (--max-file-size, --max-depth, ...) protect against hostile input such as alias bombs; "
      "a file beyond them is not read. Raise the limit when the file is legitimate.", NULL, NULL);
STAGE(cl_stage_yaml_merge, "CL603", "yaml-merge", COR, E, FATAL,
      "A `<<` merge key whose value is not a mapping or a list of mappings.",
      "Only mappings can be merged; docker compose refuses anything else under `<<`.",
      "x-base: &base [1, 2]\nservices:\n  web:\n    <<: *base\n    image: nginx:1.27\n", GOOD);
STAGE(cl_stage_yaml_alias, "CL604", "yaml-alias", COR, E, FATAL,
      "An alias (`*name`) refers to no anchor defined before it.",
      "An alias must follow its anchor (`&name`); an unknown one makes the file unreadable.",
      "services:\n  web: *missing\n", GOOD);
STAGE(cl_stage_yaml_encoding, "CL605", "yaml-encoding", COR, E, FATAL,
      "The file is not valid UTF-8.",
      "YAML files are Unicode text; invalid bytes make the file unreadable.", NULL, NULL);
STAGE(cl_stage_yaml_multi_document, "CL606", "yaml-multi-document", COR, E, FATAL,
      "The file holds more than one YAML document.",
      "A compose file is one document; docker compose does not read a second one after `---`.",
      "services:\n  web:\n    image: nginx:1.27\n---\nservices: {}\n", GOOD);

/* ---- CL61x: the compose file ---- */
STAGE(cl_stage_compose_file, "CL610", "compose-file", COR, E, FATAL,
      "A compose file cannot be read (missing, unreadable, or not a compose file).",
      "Nothing can be checked in a file that cannot be read.", NULL, NULL);
STAGE(cl_stage_compose_empty, "CL611", "compose-empty", COR, E, FATAL,
      "The compose file is empty.",
      "An empty file defines no services; docker compose has nothing to run.", "# nothing here\n", GOOD);
STAGE(cl_stage_compose_root, "CL612", "compose-root", COR, E, FATAL,
      "The top level of the file is not a mapping.",
      "A compose file is a mapping of services:, networks:, volumes:, ...; anything else is not a compose file.",
      "- web\n- db\n", GOOD);
STAGE(cl_stage_compose_type, "CL613", "compose-type", COR, E, OPT,
      "A value has a type compose cannot use where it is (found while building the project).",
      "The project stage normalizes the file the way docker compose does; a value of the wrong shape "
      "(a list where a mapping is needed, a word where a number is) makes docker compose refuse the file.",
      "services:\n  web:\n    image: nginx:1.27\n    environment: 42\n", GOOD);
STAGE(cl_stage_compose_port, "CL614", "compose-port", COR, E, OPT,
      "A port in short syntax that cannot be read.",
      "Short port syntax is [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]; anything else makes docker compose "
      "refuse the file. Parts written as ${VAR} (with --no-interpolate) are accepted as unknown.",
      "services:\n  web:\n    image: nginx:1.27\n    ports: [\"80:http\"]\n",
      "services:\n  web:\n    image: nginx:1.27\n    ports: [\"8080:80\"]\n");
STAGE(cl_stage_compose_volume, "CL615", "compose-volume", COR, E, OPT,
      "A volume in short syntax that cannot be read.",
      "Short volume syntax is SOURCE:TARGET[:OPTIONS] with known options; anything else makes docker compose "
      "refuse the file.",
      "services:\n  web:\n    image: nginx:1.27\n    volumes: [\"./data:/data:fast\"]\n",
      "services:\n  web:\n    image: nginx:1.27\n    volumes: [\"./data:/data:ro\"]\n");
STAGE(cl_stage_compose_command, "CL616", "compose-command", COR, E, OPT,
      "A command string that cannot be split into words (an unterminated quote).",
      "compose splits a string command like a shell does; an unterminated quote makes it refuse the file.",
      "services:\n  web:\n    image: nginx:1.27\n    command: echo \"hi\n", GOOD);

/* ---- CL62x: schema ---- */
#define SCHEMA_WHY(what) "The file is checked against the compose specification's JSON schema, as docker compose " \
    "does before it runs anything: " what " Turn it off only for a key or form a newer docker compose accepts " \
    "and compose-lint's schema does not know yet."
STAGE(cl_stage_schema_type, "CL620", "schema-type", COR, E, OPT, "A value of the wrong type for its key.",
      SCHEMA_WHY("a value of the wrong type is refused."),
      "services:\n  web:\n    image: nginx:1.27\n    privileged: [yes]\n", GOOD);
STAGE(cl_stage_schema_oneof, "CL621", "schema-oneof", COR, E, OPT, "A value that fits more than one allowed form.",
      SCHEMA_WHY("a value matching several exclusive forms is ambiguous and refused."), NULL, NULL);
STAGE(cl_stage_schema_unknown_key, "CL622", "schema-unknown-key", COR, E, OPT, "A key the specification does not define.",
      SCHEMA_WHY("an unknown key (often a typo) is refused; use an `x-` prefix for your own keys."),
      "services:\n  web:\n    image: nginx:1.27\n    restrat: always\n", GOOD);
STAGE(cl_stage_schema_key_pattern, "CL623", "schema-key-pattern", COR, E, OPT, "A name (of a service, network, ...) that is not allowed.",
      SCHEMA_WHY("names must match the pattern the specification gives."),
      "services:\n  \"my web\":\n    image: nginx:1.27\n", GOOD);
STAGE(cl_stage_schema_required, "CL624", "schema-required", COR, E, OPT, "A required key is missing.",
      SCHEMA_WHY("a mapping without a key it requires is refused."),
      "services:\n  web:\n    image: nginx:1.27\n    extends: {file: base.yaml}\n", GOOD);
STAGE(cl_stage_schema_unique, "CL625", "schema-unique", COR, E, OPT, "A list whose items must be unique repeats one.",
      SCHEMA_WHY("lists such as dns or cap_add must not repeat an item."),
      "services:\n  web:\n    image: nginx:1.27\n    dns: [1.1.1.1, 1.1.1.1]\n", GOOD);
STAGE(cl_stage_schema_enum, "CL626", "schema-enum", COR, E, OPT, "A value that is not one of the allowed words.",
      SCHEMA_WHY("keys such as restart or pull_policy accept a fixed set of words."),
      "services:\n  web:\n    image: nginx:1.27\n    pull_policy: sometimes\n", GOOD);
STAGE(cl_stage_schema_pattern, "CL627", "schema-pattern", COR, E, OPT, "A string that does not match the form its key requires.",
      SCHEMA_WHY("some strings (durations, sizes, ...) must match a pattern."), NULL, NULL);
STAGE(cl_stage_schema_range, "CL628", "schema-range", COR, E, OPT, "A number out of its allowed range.",
      SCHEMA_WHY("some numbers have a minimum or maximum."), NULL, NULL);

/* ---- CL64x: interpolation ---- */
STAGE(cl_stage_interpolation_unset, "CL640", "interpolation-unset", REL, W, OPT,
      "A variable used in the file is not set (reported once per variable, at its first use).",
      "docker compose replaces an unset ${VAR} with an empty string (and warns): a port, image tag or path "
      "then silently loses a part. Set it in .env or the environment, or give a default (${VAR:-value}). "
      "The finding is reported once per variable, at its first use, with the number of other places that use it.",
      "services:\n  web:\n    image: \"nginx:${TAG}\"\n",
      "services:\n  web:\n    image: \"nginx:${TAG:-1.27}\"\n");
STAGE(cl_stage_interpolation_syntax, "CL641", "interpolation-syntax", COR, E, OPT,
      "A `${...}` that is not valid interpolation syntax.",
      "docker compose refuses the file when a ${...} is malformed (missing '}', bad name, unknown operator). "
      "Write $$ for a literal dollar sign.",
      "services:\n  web:\n    image: \"nginx:${TAG\"\n", GOOD);
STAGE(cl_stage_interpolation_required, "CL642", "interpolation-required", COR, E, OPT,
      "A required variable (`${VAR:?message}`) has no value.",
      "The file says the variable must be set; docker compose stops with the given message. Off when the "
      "linting environment does not have the values the deployment has.",
      "services:\n  web:\n    image: \"nginx:${TAG:?set TAG}\"\n", GOOD);

/* ---- CL65x: the project ---- */
STAGE(cl_stage_env_file_missing, "CL650", "env-file-missing", REL, E, OPT,
      "An env file the project loads does not exist (the project stage's report; see also missing-env-file).",
      "docker compose stops when a required env_file (or --env-file) is missing. Off when env files are "
      "created at deploy time.",
      "services:\n  web:\n    image: nginx:1.27\n    env_file: ./missing.env\n", GOOD);
STAGE(cl_stage_env_file_syntax, "CL651", "env-file-syntax", COR, E, OPT,
      "A line of an env file cannot be read.",
      "docker compose refuses an env file with a malformed line (an invalid name, an unterminated quote).", NULL, NULL);
STAGE(cl_stage_extends, "CL652", "extends", COR, E, OPT,
      "An `extends` that cannot be resolved.",
      "docker compose refuses a service that extends a service (or file) that does not exist.",
      "services:\n  web:\n    image: nginx:1.27\n    extends: base\n", GOOD);
STAGE(cl_stage_extends_cycle, "CL653", "extends-cycle", COR, E, OPT,
      "Services that extend each other in a cycle.",
      "An extends cycle has no base to start from; docker compose refuses it.",
      "services:\n  a:\n    extends: b\n  b:\n    extends: a\n", GOOD);
STAGE(cl_stage_include, "CL654", "include", COR, E, OPT,
      "An `include` entry that cannot be used.",
      "docker compose refuses an include entry without a path.", "include:\n  - {}\n" GOOD, GOOD);
STAGE(cl_stage_include_cycle, "CL655", "include-cycle", COR, E, OPT,
      "Included files that include each other (or nest too deep).",
      "An include cycle never ends; docker compose refuses it.", NULL, NULL);
STAGE(cl_stage_include_conflict, "CL656", "include-conflict", COR, E, OPT,
      "An included file defines a resource the including project defines too.",
      "docker compose refuses an include that would redefine a service, network, volume, secret or config.", NULL, NULL);
STAGE(cl_stage_project_name, "CL657", "project-name", COR, E, OPT,
      "The project name is not valid.",
      "A project name must be lowercase letters, digits, dashes and underscores, starting with a letter or "
      "digit; docker compose refuses another.", "name: My Project\n" GOOD, "name: my-project\n" GOOD);
STAGE(cl_stage_depends_on_undefined, "CL658", "depends-on-undefined", COR, E, OPT,
      "A service depends on a service that does not exist.",
      "docker compose refuses a required dependency on an undefined service (a warning when `required: false`).",
      "services:\n  web:\n    image: nginx:1.27\n    depends_on: [db]\n", GOOD);
STAGE(cl_stage_depends_on_disabled, "CL659", "depends-on-disabled", COR, E, OPT,
      "A service depends on a service no active profile enables.",
      "With the selected profiles the dependency does not run; docker compose refuses a required one "
      "(a warning when `required: false`).",
      "services:\n  web:\n    image: nginx:1.27\n    depends_on: [db]\n  db:\n    image: postgres:17\n    profiles: [db]\n",
      GOOD);

/* ---- CL69x: the tool's own ---- */
STAGE(cl_stage_config_error, "CL690", "config-error", COR, E, FATAL,
      "The compose-lint configuration (.compose-lint.yaml, --select, --ignore) has an error.",
      "A broken configuration would silently lint with other settings than intended, so no rule runs and "
      "compose-lint exits 2.", NULL, NULL);
STAGE(cl_stage_fix_discarded, "CL691", "fix-discarded", COR, W, OPT,
      "A pass of --fix was thrown away because its result was worse.",
      "--fix applies fixes in passes and checks each result again; a pass whose result does not parse or has "
      "more errors is discarded (the passes before it are kept).", NULL, NULL);

/* ---- CL70x: conversion that cannot go on ---- */
STAGE(cl_stage_convert_error, "CL700", "convert-error", POR, E, FATAL,
      "The project cannot be converted to the target.",
      "The project lacks something the target needs (a name, services, an image); nothing is written.", NULL, NULL);
STAGE(cl_stage_convert_cycle, "CL701", "convert-cycle", POR, E, FATAL,
      "Services depend on each other in a cycle, so no start order exists.",
      "A target that starts services in order (docker run scripts) cannot order a cycle; nothing is written.",
      "services:\n  a:\n    image: a:1\n    depends_on: [b]\n  b:\n    image: b:1\n    depends_on: [a]\n", GOOD);
STAGE(cl_stage_convert_io, "CL702", "convert-io", POR, E, FATAL,
      "The converted documents cannot be written.",
      "The output folder cannot be created or a file in it cannot be written; nothing is left half-written.", NULL, NULL);

/* ---- CL71x: conversion caveats ---- */
STAGE(cl_stage_convert_unsupported, "CL710", "convert-unsupported", POR, W, OPT,
      "A key the target cannot express is left out of the conversion.",
      "The converted output behaves differently from docker compose where the key mattered (an error with "
      "--strict, or where the target cannot run without it).",
      "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n", GOOD);
STAGE(cl_stage_convert_renamed, "CL711", "convert-renamed", POR, W, OPT,
      "A name was changed to one the target accepts.",
      "Targets such as Kubernetes restrict names (DNS labels); references to the old name must use the new one.",
      "services:\n  My_Web:\n    image: nginx:1.27\n", GOOD);
STAGE(cl_stage_convert_caveat, "CL712", "convert-caveat", POR, W, OPT,
      "The conversion of a key behaves differently on the target.",
      "The key is converted, but the target's behaviour differs from docker compose's in a way worth knowing.",
      NULL, NULL);
STAGE(cl_stage_convert_changed, "CL713", "convert-changed", POR, I, OPT,
      "A value was changed to its nearest equivalent on the target.",
      "The target has no exact equivalent of the value; the converted one is close but not identical.", NULL, NULL);
STAGE(cl_stage_convert_published, "CL714", "convert-published", POR, I, OPT,
      "How published ports are exposed on the target.",
      "Published ports become a Service of the target's kind (NodePort, LoadBalancer, ...), not host ports.",
      "services:\n  web:\n    image: nginx:1.27\n    ports: [\"8080:80\"]\n", GOOD);
STAGE(cl_stage_convert_external, "CL715", "convert-external", POR, I, OPT,
      "An external resource is expected to exist on the target.",
      "External volumes (and the like) are not created by the conversion; they must exist on the target.", NULL, NULL);
STAGE(cl_stage_convert_empty, "CL716", "convert-empty", POR, W, OPT,
      "The project has no services, so there is nothing to convert.",
      "The output would be empty.", "services: {}\n", GOOD);
