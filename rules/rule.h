/* rule.h - how a lint rule is declared (after ruff and hadolint): a stable code
 * and name, a category, a default severity, its documentation, its options, a
 * check function and whether its fix is safe. One rule per file under rules/,
 * listed in rules/registry.c; fixtures in tests/fixtures/rules/<name>/. */
#ifndef CL_RULE_H
#define CL_RULE_H
#include "../parser/diag.h"
#include "../parser/doc.h"

struct cl_project;   /* model/project.h: the normalized project, may be NULL */

typedef enum { CL_CAT_CORRECTNESS, CL_CAT_SECURITY, CL_CAT_RELIABILITY, CL_CAT_PORTABILITY, CL_CAT_STYLE,
               CL_CAT_HARDENING } cl_category;
typedef enum { CL_FIX_NONE = 0, CL_FIX_SAFE, CL_FIX_UNSAFE } cl_fixkind;
typedef enum { CL_OPT_BOOL, CL_OPT_INT, CL_OPT_STRING, CL_OPT_LIST } cl_opttype;

typedef struct cl_rule_option {
    const char *name;          /* e.g. "pattern" */
    cl_opttype type;
    const char *default_value; /* as written in .compose-lint.yaml */
    const char *doc;
} cl_rule_option;

typedef struct cl_rule_ctx cl_rule_ctx;

/* Who reports a rule's findings: its own check (the rules of rules/), or a
 * stage (parser/, schema/, model/, emitters/, cli/) that reports them under
 * the rule's name while it reads, loads or converts, with no check function.
 * The configuration and inline suppressions apply to a stage rule's findings
 * once the stages are done (cl_rules_finish); a fatal one (compose-lint cannot
 * read the file, or cannot write its output) is always on, always an error,
 * and cannot be suppressed. */
typedef enum { CL_BY_CHECK = 0, CL_BY_STAGE, CL_BY_STAGE_FATAL } cl_reporter;

typedef struct cl_rule {
    const char *code;          /* stable: "CL" + 3 digits, never reused */
    const char *name;          /* kebab-case, also accepted wherever a code is */
    cl_category category;
    cl_severity severity;      /* default severity */
    int enabled;               /* on by default? (style and opt-in rules: 0) */
    const char *summary;       /* one line */
    const char *rationale;     /* why it matters, a paragraph */
    const char *bad_example;   /* compose YAML that triggers it */
    const char *good_example;  /* compose YAML that passes */
    const cl_rule_option *options; /* terminated by {NULL} or NULL */
    cl_fixkind fix;
    void (*check)(cl_rule_ctx *ctx);
    /* Or (and) a check of one service at a time. Without needs_project: called
     * with each entry of the file's `services` mapping (NAME its key node,
     * SERVICE its value), every such rule on one service before the next, and
     * for a big lone file while the rest is still being parsed; it sees only
     * that service: ctx->root and ctx->project are NULL, ctx->doc gives the
     * source only. With needs_project: called with each service of the merged,
     * interpolated project (ctx->root is the project's root, or the file's
     * when no project could be built), whose nodes may lie in any file of the
     * project. */
    void (*check_service)(cl_rule_ctx *ctx, const cl_node *name, const cl_node *service);
    int needs_project;         /* reads ctx->project (or what the project stage reported),
                                  so it runs once the project is built */
    cl_reporter stage;         /* CL_BY_CHECK, or reported by a stage (rules/stage_rules.c) */
} cl_rule;

struct cl_rule_ctx {
    const cl_rule *rule;
    const cl_doc *doc;             /* the file as written (spans, styles, raw text) */
    const cl_node *root;           /* doc->root, a mapping (NULL in a file check_service; the
                                      project's root in a project check_service) */
    const struct cl_project *project; /* after interpolation/extends/merge, or NULL */
    cl_severity severity;          /* effective severity */
    void *opts;                    /* engine-private: configured option values */
    cl_diags *out;
    const cl_diags *earlier;       /* what the stages before the rules reported (the
                                      project's own diagnostics among them) */
    struct cl_rule_memo *memo;     /* engine-owned, one per run of the rules on a thread
                                      (NULL: none): what the kits work out once for every
                                      rule, such as rules/seckit.c's view of the services */
    struct cl_rule_once *once;     /* engine-private (NULL: none): the places the rule
                                      reported at, so a repeat is not even formatted */
};

/* The memo of a run of the rules: DATA is a kit's, freed with DROP when the
 * run ends. */
typedef struct cl_rule_memo {
    void *data;
    void (*drop)(void *data);
} cl_rule_memo;

/* Reports a finding at AT (a node of any file of the project: its own span).
 * A rule reports once per span: later findings of the rule at the same span
 * (a node shared by several services) are dropped by the engine. Returns the diagnostic so a
 * fix (cl_diag_set_fix) or related spans can be attached. FMT is a string literal: the
 * finding keeps it (cl_diag_vadd). */
cl_diag *cl_rule_report(cl_rule_ctx *ctx, const cl_node *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The same with a va_list, for wrappers that add a document path or the like. */
cl_diag *cl_rule_vreport(cl_rule_ctx *ctx, const cl_node *at, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
/* The same two with the finding's document path set (cl_diag_set_path;
 * PATH NULL: none), made with the finding rather than added to it after. */
cl_diag *cl_rule_report_path(cl_rule_ctx *ctx, const cl_node *at, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
cl_diag *cl_rule_vreport_path(cl_rule_ctx *ctx, const cl_node *at, const char *path, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));
/* Configured option values (defaults when not configured). */
const char *cl_rule_opt_str(const cl_rule_ctx *ctx, const char *name);
int cl_rule_opt_bool(const cl_rule_ctx *ctx, const char *name);

/* The registry (rules/registry.c). */
extern const cl_rule *const cl_rules[];
extern const size_t cl_nrules;
const cl_rule *cl_rule_find(const char *code_or_name);
/* Index of a rule in cl_rules[] by code or name (LEN bytes of S), or -1. */
int cl_rule_index(const char *s, size_t len);
/* Closest rule name to S (edit distance), or NULL when nothing is close. */
const char *cl_rule_suggest(const char *s, size_t len);
const char *cl_category_name(cl_category c);
const char *cl_fixkind_name(cl_fixkind f);

#endif
