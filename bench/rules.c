/* rules.c - times the rule engine on one file inside one process: every rule
 * alone (its check function, default options) and the whole rules stage with
 * all rules on (--select all: suppressions and fixes included), best of 3.
 * A rule's time covers its whole-file check and its service check over
 * every service.
 * Prints "rule NAME seconds findings" lines, then "all-rules seconds findings".
 * `rules FILE --stage` runs the stage once in bench_stage() only, for
 * callgrind's instruction counts (--toggle-collect=bench_stage). Used by
 * bench/rules.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "../cli/pipeline.h"
#include "../rules/engine.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

__attribute__((noinline)) size_t bench_stage(const cl_doc *doc, const cl_opts *o)
{
    cl_diags out;
    cl_diags_init(&out);
    cl_pipeline_rules(o, doc, NULL, &out);
    size_t n = out.n;
    cl_diags_free(&out);
    return n;
}

int main(int argc, char **argv)
{
    if (argc != 2 && !(argc == 3 && !strcmp(argv[2], "--stage"))) { fprintf(stderr, "usage: rules FILE [--stage]\n"); return 2; }
    cl_opts o;
    memset(&o, 0, sizeof o);
    cl_limits_default(&o.limits);
    o.max_warnings = -1;
    o.format = "text";
    const char *all[] = { "all" };
    o.select = all;
    o.nselect = 1;
    char err[256];
    cl_source *src = cl_source_load(argv[1], NULL, o.limits.max_file_size, err, sizeof err);
    if (!src) { fprintf(stderr, "%s: %s\n", argv[1], err); return 2; }
    cl_diags d;
    cl_diags_init(&d);
    cl_doc *doc = cl_doc_parse(src, &o.limits, &d);
    if (!doc || !doc->root) { fprintf(stderr, "parse failed\n"); return 1; }
    if (argc == 3) {
        printf("all-rules findings %zu\n", bench_stage(doc, &o));
        cl_doc_free(doc);
        cl_diags_free(&d);
        cl_source_free(src);
        return 0;
    }
    for (size_t i = 0; i < cl_nrules; i++) {
        const cl_rule *r = cl_rules[i];
        if (!r->check && !r->check_service) continue;
        double best = 1e9;
        size_t n = 0;
        for (int k = 0; k < 3; k++) {
            cl_diags out;
            cl_diags_init(&out);
            cl_rule_ctx ctx = { r, doc, doc->root, NULL, r->severity, NULL, &out, &out, NULL, NULL };
            double a = now();
            if (r->check) r->check(&ctx);
            const cl_node *svcs = cl_map_get(doc->root, "services");
            if (r->check_service && svcs && svcs->kind == CL_MAP) {
                cl_doc shell = { .src = doc->src };
                cl_rule_ctx one = { r, &shell, NULL, NULL, r->severity, NULL, &out, NULL, NULL, NULL };
                for (uint32_t s = 0; s < svcs->u.m.n; s++)
                    r->check_service(&one, svcs->u.m.items[s].key, svcs->u.m.items[s].value);
            }
            double t = now() - a;
            if (t < best) best = t;
            n = out.n;
            cl_diags_free(&out);
        }
        printf("rule %s %.5f %zu\n", r->name, best, n);
    }
    double best = 1e9;
    size_t n = 0;
    for (int k = 0; k < 3; k++) {
        cl_diags out;
        cl_diags_init(&out);
        double a = now();
        cl_pipeline_rules(&o, doc, NULL, &out);
        double t = now() - a;
        if (t < best) best = t;
        n = out.n;
        cl_diags_free(&out);
    }
    printf("all-rules %.5f %zu\n", best, n);
    cl_doc_free(doc);
    cl_diags_free(&d);
    cl_source_free(src);
    return 0;
}
