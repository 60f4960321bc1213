/* config.h - the rules configuration: `.compose-lint.yaml` (or --config FILE),
 * per-rule on/off, severity and options, `select`/`ignore`, then
 * --select/--ignore on top. Resolved once per checked file by the caller and
 * handed to the engine as `const cl_config *`. */
#ifndef CL_CONFIG_H
#define CL_CONFIG_H
#include "rule.h"
#include "../parser/buf.h"

/* What the command line says about the configuration. */
typedef struct cl_config_opts {
    const char *config_file;              /* --config, or NULL: walk up from the file */
    const char *const *select; size_t nselect;   /* --select RULE[,RULE] (repeatable) */
    const char *const *ignore; size_t nignore;   /* --ignore RULE[,RULE] */
    int defaults_only;                    /* read no configuration file (`init` builds its baseline so) */
} cl_config_opts;

/* One exclusion of a rule: a service name, or a file (its real path), and the
 * reason given for it (NULL when the list form gave none). */
typedef struct cl_exclusion {
    const char *name;
    const char *why;
} cl_exclusion;

/* Effective settings of one rule for one file. */
typedef struct cl_rule_conf {
    int enabled;
    int pinned_off;            /* the configuration turns it off by name: `all` and categories leave it off */
    cl_severity severity;
    const char **optv;         /* one value per rule option, NULL = the default */
    cl_exclusion *svc;         /* exclude_services: the rule's findings about these services */
    size_t nsvc;
    cl_exclusion *files;       /* exclude_files: its findings in these files that are about no service */
    size_t nfiles;
} cl_rule_conf;

/* A loaded configuration (or the defaults), with --select/--ignore applied. */
typedef struct cl_config {
    char *path;                /* config file, NULL for the built-in defaults */
    cl_source *src;            /* kept alive: diagnostics and option values point into it */
    cl_doc *doc;
    cl_rule_conf *rules;       /* cl_nrules entries, in registry order */
    int broken;                /* the file had errors (already reported): run no rules */
    int fail_on;               /* fail_on: the lowest severity that fails a run, -1 when not set */
    int excludes;              /* some rule has exclude_services or exclude_files */
} cl_config;

/* A finding that was not reported because the configuration excluded it
 * (exclude_services / exclude_files) or an inline comment suppressed it. */
typedef struct cl_suppressed {
    cl_diag diag;              /* owned, as the rule reported it */
    int in_source;             /* 1: an inline `# compose-lint disable-...` comment; 0: the configuration */
    char *why;                 /* the reason given (owned), NULL when none */
} cl_suppressed;
typedef struct cl_suppressions {
    cl_suppressed *v;
    size_t n, cap;
} cl_suppressions;
void cl_suppressions_free(cl_suppressions *s);
/* Moves everything of SRC to the end of DST (SRC is left empty). */
void cl_suppressions_move(cl_suppressions *dst, cl_suppressions *src);
/* Keeps the suppressed findings for which KEEP returns non-zero (order kept), frees the others. */
void cl_suppressions_filter(cl_suppressions *s, int (*keep)(const cl_diag *g, void *ctx), void *ctx);
/* Moves the findings of D that PICK chooses (it may write the reason to WHY)
 * to S, IN_SOURCE telling how they were suppressed; with S NULL they are
 * freed. The others keep their order. */
void cl_suppressions_take(cl_diags *d, cl_suppressions *s, int in_source,
                          int (*pick)(const cl_diag *g, void *ctx, cl_buf *why), void *ctx);
/* The exclusion of CFG that covers G, a finding in DOC (NULL when none):
 * an exclude_services entry naming the service G is about (the service whose
 * mapping in DOC holds G's span, else the service its path
 * "services.NAME..." names), else, for a finding about no service, an
 * exclude_files entry naming its file. */
const cl_exclusion *cl_config_excludes(const cl_config *cfg, const cl_doc *doc, const cl_diag *g);
/* The service G is about in DOC (see cl_config_excludes): its name and
 * length, or NULL. */
const char *cl_diag_service(const cl_doc *doc, const cl_diag *g, size_t *len);
/* The strictest fail_on of the configurations loaded in this run, -1 when
 * none sets it. */
int cl_config_fail_on(void);

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
