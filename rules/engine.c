/* engine.c - runs the enabled rules on one document: builds each rule's
 * context (effective severity and options from the configuration), collects
 * what they report, then applies inline suppressions. Also the helpers rules
 * call: cl_rule_report, the option getters and cl_rule_find. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "engine.h"

cl_diag *cl_rule_report(cl_rule_ctx *ctx, const cl_node *at, const char *fmt, ...)
{
    cl_span sp = cl_node_span(at);
    if (!sp.src) { sp.src = ctx->doc->src; sp.start = sp.end = 0; }  /* synthesized node */
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *msg = malloc(n > 0 ? (size_t)n + 1 : 1);
    if (!msg) abort();
    va_start(ap, fmt);
    vsnprintf(msg, n > 0 ? (size_t)n + 1 : 1, fmt, ap);
    va_end(ap);
    cl_diag *g = cl_diag_add(ctx->out, ctx->severity, ctx->rule->name, sp, "%s", msg);
    free(msg);
    return g;
}

/* The configured value of option NAME, or its default; NULL if the rule has no such option. */
static const char *opt_value(const cl_rule_ctx *ctx, const char *name)
{
    const cl_rule_option *op = ctx->rule->options;
    const char **optv = ctx->opts;
    for (size_t i = 0; op && op[i].name; i++)
        if (!strcmp(op[i].name, name)) return optv && optv[i] ? optv[i] : op[i].default_value;
    return NULL;
}

const char *cl_rule_opt_str(const cl_rule_ctx *ctx, const char *name)
{
    return opt_value(ctx, name);
}

long long cl_rule_opt_int(const cl_rule_ctx *ctx, const char *name)
{
    const char *v = opt_value(ctx, name);
    return v ? strtoll(v, NULL, 10) : 0;   /* the config loader checked the syntax */
}

int cl_rule_opt_bool(const cl_rule_ctx *ctx, const char *name)
{
    const char *v = opt_value(ctx, name);
    return v && (!strcasecmp(v, "true") || !strcasecmp(v, "on") || !strcasecmp(v, "yes") || !strcmp(v, "1"));
}

int cl_rule_index(const char *s, size_t len)
{
    for (size_t i = 0; i < cl_nrules; i++) {
        const cl_rule *r = cl_rules[i];
        if ((strlen(r->name) == len && !strncasecmp(r->name, s, len)) ||
            (strlen(r->code) == len && !strncasecmp(r->code, s, len)))
            return (int)i;
    }
    return -1;
}

const cl_rule *cl_rule_find(const char *code_or_name)
{
    int i = code_or_name ? cl_rule_index(code_or_name, strlen(code_or_name)) : -1;
    return i < 0 ? NULL : cl_rules[i];
}

/* Edit distance (Levenshtein), bounded to short names. */
static size_t distance(const char *a, size_t la, const char *b, size_t lb)
{
    if (la > 63 || lb > 63) return 99;
    size_t row[64];
    for (size_t j = 0; j <= lb; j++) row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = (a[i - 1] | 32) == (b[j - 1] | 32) ? 0 : 1;
            size_t best = diag + cost;
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *cl_rule_suggest(const char *s, size_t len)
{
    const char *best = NULL;
    size_t bestd = len / 3 > 2 ? len / 3 : 2;
    bestd++;
    for (size_t i = 0; i < cl_nrules; i++) {
        const char *n = cl_rules[i]->name;
        size_t d = distance(s, len, n, strlen(n));
        if (d < bestd) { bestd = d; best = n; }
    }
    return best;
}

const char *cl_category_name(cl_category c)
{
    static const char *names[] = { "correctness", "security", "reliability", "portability", "style" };
    return (unsigned)c < 5 ? names[c] : "?";
}

const char *cl_fixkind_name(cl_fixkind f)
{
    return f == CL_FIX_SAFE ? "safe" : f == CL_FIX_UNSAFE ? "unsafe" : "-";
}

void cl_stage_rules_phase(const cl_doc *doc, const struct cl_project *p, const cl_opts *o, cl_diags *out,
                          int phase)
{
    if (!doc->root || doc->root->kind != CL_MAP) return;
    const cl_config *cfg = cl_config_for(o, doc->src->path, out);
    if (cfg->broken) return;
    for (size_t i = 0; i < cl_nrules; i++) {
        const cl_rule *r = cl_rules[i];
        if (!cfg->rules[i].enabled || !r->check) continue;
        if (!((r->needs_project ? CL_RULES_PROJECT : CL_RULES_FILE) & phase)) continue;
        cl_rule_ctx ctx = { r, doc, doc->root, p, cfg->rules[i].severity, (void *)cfg->rules[i].optv, out };
        r->check(&ctx);
    }
}

void cl_stage_rules_finish(const cl_doc *doc, const cl_opts *o, cl_diags *out)
{
    if (!doc->root || doc->root->kind != CL_MAP) return;
    const cl_config *cfg = cl_config_for(o, doc->src->path, out);
    if (cfg->broken) return;
    cl_suppress_apply(doc, cfg, out);
}

void cl_stage_rules(const cl_doc *doc, const struct cl_project *p, const cl_opts *o, cl_diags *out)
{
    cl_stage_rules_phase(doc, p, o, out, CL_RULES_FILE | CL_RULES_PROJECT);
    cl_stage_rules_finish(doc, o, out);
}
