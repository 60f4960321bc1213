/* cmd_rules.c - `compose-lint rules` (the table of rules, or --format markdown
 * for docs/rules/README.md, --format names for scripts) and `compose-lint
 * explain RULE` (one rule's whole documentation, text or --format markdown;
 * docs/rules/<name>.md is this output, see `make docs`). */
#include <stdio.h>
#include <string.h>
#include "../rules/config.h"
#include "pipeline.h"

static size_t nopts(const cl_rule *r)
{
    size_t n = 0;
    while (r->options && r->options[n].name) n++;
    return n;
}

static const char *opttype_name(cl_opttype t)
{
    return t == CL_OPT_BOOL ? "bool" : t == CL_OPT_INT ? "int" : t == CL_OPT_STRING ? "string" : "list";
}

/* Who reports the rule: its check, or a stage ("stage"; "stage, fatal": always on). */
static const char *reporter(const cl_rule *r)
{
    return r->stage == CL_BY_STAGE_FATAL ? "stage, fatal" : r->stage == CL_BY_STAGE ? "stage" : "check";
}

static const char *on_text(const cl_rule *r, int enabled)
{
    return r->stage == CL_BY_STAGE_FATAL ? "always" : enabled ? "on" : "off";
}

static int is_md(const cl_opts *o) { return !strcmp(o->format, "markdown") || !strcmp(o->format, "md"); }

static int config_errors(cl_diags *d)
{
    if (!d->n) return 0;
    cl_report_text(stderr, d, 0);
    cl_diags_free(d);
    return 1;
}

int cl_cmd_rules(cl_opts *o)
{
    if (o->nfiles) { fprintf(stderr, "compose-lint: 'rules' takes no file\n"); return CL_EXIT_USAGE; }
    if (strcmp(o->format, "text") && !is_md(o) && strcmp(o->format, "names")) {
        fprintf(stderr, "compose-lint: rules --format takes text, markdown or names, got '%s'\n", o->format);
        return CL_EXIT_USAGE;
    }
    cl_diags d;
    cl_diags_init(&d);
    const cl_config *cfg = cl_config_of(o, NULL, &d);
    if (config_errors(&d)) return CL_EXIT_USAGE;
    if (!strcmp(o->format, "names")) {
        for (size_t i = 0; i < cl_nrules; i++) printf("%s\n", cl_rules[i]->name);
        return CL_EXIT_OK;
    }
    if (is_md(o)) {
        printf("# Rules\n\nGenerated from the registry by `make docs`; do not edit.\n\n"
               "Rules reported by a stage (the YAML parser, schema validation, the project, a converter) have no "
               "check of their own; fatal ones are always on and cannot be suppressed.\n\n"
               "| code | name | category | severity | default | fix | reported by | summary |\n|---|---|---|---|---|---|---|---|\n");
        for (size_t i = 0; i < cl_nrules; i++) {
            const cl_rule *r = cl_rules[i];
            printf("| %s | [%s](%s.md) | %s | %s | %s | %s | %s | %s |\n", r->code, r->name, r->name,
                   cl_category_name(r->category), cl_severity_name(r->severity), on_text(r, r->enabled),
                   cl_fixkind_name(r->fix), reporter(r), r->summary);
        }
        return CL_EXIT_OK;
    }
    printf("%-6s %-40s %-12s %-8s %-6s %-6s %s\n", "CODE", "NAME", "CATEGORY", "SEVERITY", "ON", "FIX", "BY");
    for (size_t i = 0; i < cl_nrules; i++) {
        const cl_rule *r = cl_rules[i];
        printf("%-6s %-40s %-12s %-8s %-6s %-6s %s\n", r->code, r->name, cl_category_name(r->category),
               cl_severity_name(cfg->rules[i].severity), on_text(r, cfg->rules[i].enabled), cl_fixkind_name(r->fix),
               reporter(r));
    }
    if (cfg->path) printf("\n(configuration: %s)\n", cfg->path);
    return CL_EXIT_OK;
}

static void indent(const char *text, const char *pre)
{
    const char *s = text;
    while (*s) {
        size_t n = strcspn(s, "\n");
        printf("%s%.*s\n", pre, (int)n, s);
        s += n;
        if (*s) s++;
    }
}

static void explain(const cl_rule *r, int md)
{
    size_t no = nopts(r);
    const char *fix = r->fix == CL_FIX_SAFE ? "safe (applied by --fix)" : r->fix == CL_FIX_UNSAFE ?
                      "unsafe (applied by --fix --unsafe-fixes)" : "none";
    const char *by = r->stage == CL_BY_STAGE_FATAL ? "a stage while reading the file (always on, cannot be suppressed)"
                   : r->stage == CL_BY_STAGE ? "a stage while loading or converting (no check of its own)" : "its check";
    int fatal = r->stage == CL_BY_STAGE_FATAL;
    if (md) {
        printf("# %s (%s)\n\n%s\n\n", r->name, r->code, r->summary);
        printf("| | |\n|---|---|\n| Category | %s |\n| Default severity | %s |\n| Enabled by default | %s |\n| Fix | %s |\n"
               "| Reported by | %s |\n\n",
               cl_category_name(r->category), cl_severity_name(r->severity), fatal ? "always" : r->enabled ? "yes" : "no",
               fix, by);
        printf("## Why\n\n%s\n\n", r->rationale);
        if (r->bad_example) printf("## Fails\n\n```yaml\n%s```\n\n", r->bad_example);
        if (r->good_example) printf("## Passes\n\n```yaml\n%s```\n\n", r->good_example);
        if (no) {
            printf("## Options\n\n| option | type | default | meaning |\n|---|---|---|---|\n");
            for (size_t i = 0; i < no; i++)
                printf("| `%s` | %s | `%s` | %s |\n", r->options[i].name, opttype_name(r->options[i].type),
                       r->options[i].default_value ? r->options[i].default_value : "", r->options[i].doc);
            printf("\n");
        }
        if (fatal) {
            printf("## Configure\n\nThis rule cannot be turned off, lowered or suppressed: compose-lint cannot read the file "
                   "(or write its output) with this problem.\n");
            return;
        }
        printf("## Configure\n\n```yaml\n# .compose-lint.yaml\nrules:\n  %s: %s\n```\n\n", r->name, r->enabled ? "off" : "warning");
        printf("Suppress one finding with `# compose-lint disable-line %s` (or `disable-next-line`, `disable-file`).\n", r->name);
        return;
    }
    printf("%s %s (%s, %s, %s, fix: %s)\n\n%s\n\n", r->code, r->name, cl_category_name(r->category),
           cl_severity_name(r->severity), fatal ? "always on" : r->enabled ? "on by default" : "off by default", fix, r->summary);
    printf("Reported by %s.\n\nWhy:\n", by);
    indent(r->rationale, "  ");
    if (r->bad_example) {
        printf("\nFails:\n");
        indent(r->bad_example, "  ");
    }
    if (r->good_example) {
        printf("\nPasses:\n");
        indent(r->good_example, "  ");
    }
    if (no) {
        printf("\nOptions:\n");
        for (size_t i = 0; i < no; i++)
            printf("  %s (%s, default '%s'): %s\n", r->options[i].name, opttype_name(r->options[i].type),
                   r->options[i].default_value ? r->options[i].default_value : "", r->options[i].doc);
    }
    if (fatal) printf("\nCannot be turned off or suppressed.\n");
    else printf("\nSuppress: # compose-lint disable-line %s\n", r->name);
}

int cl_cmd_explain(cl_opts *o)
{
    if (o->nrest != 1) { fprintf(stderr, "compose-lint: usage: compose-lint explain RULE (a rule name or code)\n"); return CL_EXIT_USAGE; }
    if (strcmp(o->format, "text") && !is_md(o)) {
        fprintf(stderr, "compose-lint: explain --format takes text or markdown, got '%s'\n", o->format);
        return CL_EXIT_USAGE;
    }
    const cl_rule *r = cl_rule_find(o->rest[0]);
    if (!r) {
        const char *s = cl_rule_suggest(o->rest[0], strlen(o->rest[0]));
        if (s) fprintf(stderr, "compose-lint: unknown rule '%s' (did you mean '%s'?)\n", o->rest[0], s);
        else fprintf(stderr, "compose-lint: unknown rule '%s' (compose-lint rules lists them)\n", o->rest[0]);
        return CL_EXIT_USAGE;
    }
    explain(r, is_md(o));
    return CL_EXIT_OK;
}
