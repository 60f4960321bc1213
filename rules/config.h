/* config.h - the rules configuration: `.compose-lint.yaml` (or --config FILE),
 * per-rule on/off, severity and options, `select`/`ignore`, then
 * --select/--ignore on top. Resolved once per checked file by the caller and
 * handed to the engine as `const cl_config *`. */
#ifndef CL_CONFIG_H
#define CL_CONFIG_H
#include "rule.h"

/* What the command line says about the configuration. */
typedef struct cl_config_opts {
    const char *config_file;              /* --config, or NULL: walk up from the file */
    const char *const *select; size_t nselect;   /* --select RULE[,RULE] (repeatable) */
    const char *const *ignore; size_t nignore;   /* --ignore RULE[,RULE] */
} cl_config_opts;

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

/* The configuration that applies to FILE (O->config_file, else the nearest
 * .compose-lint.yaml walking up from FILE's folder, else defaults). Loaded once
 * per config file and kept until exit. Errors are added to OUT (code
 * "config-error") when it is first loaded; it is then marked broken. Never NULL. */
const cl_config *cl_config_for(const cl_config_opts *o, const char *file, cl_diags *out);
/* Did a configuration loaded in this run have errors? The run then exits 2. */
int cl_config_failed(void);
/* Forgets every loaded configuration (tests; also run at exit). */
void cl_config_reset(void);

#endif
