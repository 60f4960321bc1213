/* engine.h - the rule engine's internals shared by its files (not for rules):
 * effective per-rule settings, configuration loading and suppressions. Rules
 * themselves only need rule.h. */
#ifndef CL_ENGINE_H
#define CL_ENGINE_H
#include "rule.h"
#include "../cli/cli.h"
#include "../parser/buf.h"

/* Effective settings of one rule for one file. */
typedef struct cl_rule_conf {
    int enabled;
    cl_severity severity;
    const char **optv;         /* one value per rule option, NULL = the default */
} cl_rule_conf;

/* A loaded configuration (or the defaults), with --select/--ignore applied. */
typedef struct cl_config {
    char *path;                /* config file, NULL for the built-in defaults */
    cl_source *src;            /* kept alive: diagnostics and option values point into it */
    cl_doc *doc;
    cl_rule_conf *rules;       /* cl_nrules entries, in registry order */
    int broken;                /* the file had errors (already reported): run no rules */
} cl_config;

/* The configuration that applies to FILE (--config, else the nearest
 * .compose-lint.yaml walking up from FILE's folder, else defaults). Loaded once
 * per config file and kept until exit. Errors are added to OUT (code
 * "config-error"); the result is then marked broken. Never NULL. */
const cl_config *cl_config_for(const cl_opts *o, const char *file, cl_diags *out);
/* Forgets every loaded configuration (tests; also run at exit). */
void cl_config_reset(void);

/* Index of a rule in cl_rules[] by code or name, or -1. */
int cl_rule_index(const char *code_or_name, size_t len);
/* Closest rule name to S (edit distance), or NULL when nothing is close. */
const char *cl_rule_suggest(const char *s, size_t len);

/* Applies the inline suppressions of DOC's source to OUT: removes suppressed
 * diagnostics of that source and reports suppressions that suppressed nothing
 * (rule "unused-suppression") or name unknown rules. */
void cl_suppress_apply(const cl_doc *doc, const cl_config *cfg, cl_diags *out);

const char *cl_category_name(cl_category c);
const char *cl_fixkind_name(cl_fixkind f);

#endif
