/* rules_each.c - times each lint rule alone on one file, inside one process
 * (parse once, then the rule stage with only that rule selected, best of 5),
 * and all rules together; `make bench` runs it on the 10,000- and
 * 20,000-service stacks to show that no rule is quadratic. Prints
 * "rule seconds findings" lines. With a RULE argument (or "all") only that
 * selection is run, e.g. under callgrind for instruction counts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "../cli/cli.h"
#include "../rules/engine.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);   /* CPU time: the machine may be shared */
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Best of 5 runs of the rule stage with SEL selected; *found = findings of the last run. */
static double time_rules(const cl_doc *doc, const struct cl_project *p, const char *sel, size_t *found)
{
    cl_opts o;
    memset(&o, 0, sizeof o);
    cl_limits_default(&o.limits);
    o.max_warnings = -1;
    o.select = &sel;
    o.nselect = 1;
    cl_config_reset();                   /* configurations are cached per file: start afresh */
    double best = 1e9;
    for (int k = 0; k < 5; k++) {
        cl_diags d;
        cl_diags_init(&d);
        double a = now();
        cl_stage_rules(doc, p, &o, &d);
        double t = now() - a;
        if (t < best) best = t;
        *found = d.n;
        cl_diags_free(&d);
    }
    return best;
}

int main(int argc, char **argv)
{
    if (argc != 2 && argc != 3) { fprintf(stderr, "usage: rules_each FILE [RULE]\n"); return 2; }
    cl_opts o;
    memset(&o, 0, sizeof o);
    cl_limits_default(&o.limits);
    o.max_warnings = -1;
    char err[256];
    cl_source *src = cl_source_load(argv[1], NULL, o.limits.max_file_size, err, sizeof err);
    if (!src) { fprintf(stderr, "%s: %s\n", argv[1], err); return 2; }
    cl_diags d;
    cl_diags_init(&d);
    double a = now();
    cl_doc *doc = cl_doc_parse(src, &o.limits, &d);
    printf("parse+model %.4f\n", now() - a);
    if (!doc || !cl_stage_rules) { fprintf(stderr, "parse failed or no rules linked\n"); return 1; }
    struct cl_project *p = cl_stage_project ? cl_stage_project(doc, &o, &d) : NULL;
    size_t found;
    for (size_t i = 0; argc == 2 && i < cl_nrules; i++) {
        double t = time_rules(doc, p, cl_rules[i]->name, &found);
        printf("%s %.4f %zu\n", cl_rules[i]->name, t, found);
    }
    const char *sel = argc == 3 ? argv[2] : "all";
    double t = time_rules(doc, p, sel, &found);
    printf("%s %.4f %zu\n", sel, t, found);
    if (p && cl_stage_project_free) cl_stage_project_free(p);
    cl_diags_free(&d);
    cl_doc_free(doc);
    cl_source_free(src);
    return 0;
}
