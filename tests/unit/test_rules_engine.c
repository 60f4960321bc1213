/* test_rules_engine.c - the rule engine: registry lookups, running rules,
 * inline suppressions (and unused ones), configuration errors with locations,
 * and --select/--ignore over the file. */
#include "testutil.h"
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "cli/pipeline.h"
#include "rules/engine.h"

static char cfgpath[64];

static void write_config(const char *text)
{
    strcpy(cfgpath, "/tmp/cl-engine-XXXXXX");
    int fd = mkstemp(cfgpath);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    cl_config_reset();
}

static void opts(cl_opts *o)
{
    memset(o, 0, sizeof *o);
    o->format = "text";
    o->max_warnings = -1;
    o->config_file = cfgpath;
}

/* Lints TEXT with the current config; returns the diagnostics (caller frees). */
static cl_diags lint(const char *text, cl_opts *o, cl_source **src, cl_doc **doc)
{
    cl_diags d;
    *doc = parse_text(src, text, &d);
    assert_non_null(*doc);
    cl_pipeline_rules(o, *doc, NULL, &d);
    cl_diags_sort(&d);
    return d;
}

static size_t count_code(const cl_diags *d, const char *code)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++) if (!strcmp(cl_diag_code(&d->v[i]), code)) n++;
    return n;
}

static void done(cl_diags *d, cl_source *src, cl_doc *doc)
{
    cl_diags_free(d);
    cl_doc_free(doc);
    cl_source_free(src);
}

static void test_find(void **state)
{
    (void)state;
    assert_ptr_equal(cl_rule_find("no-version-field"), cl_rule_find("CL006"));
    assert_ptr_equal(cl_rule_find("cl006"), cl_rule_find("CL006"));
    assert_null(cl_rule_find("no-such-rule"));
    assert_string_equal(cl_rule_suggest("no-versoin-field", 16), "no-version-field");
    assert_null(cl_rule_suggest("zzzzzzzzzzzzzz", 14));
    /* every rule checks something (unused-suppression: the engine, after the
     * others), except the stage rules, which have no check (a stage reports them);
     * a service check may read the project (it is then called with the
     * project's services, never while parsing) */
    for (size_t i = 0; i < cl_nrules; i++) {
        if (cl_rules[i]->stage != CL_BY_CHECK) assert_true(!cl_rules[i]->check && !cl_rules[i]->check_service);
        else if (strcmp(cl_rules[i]->name, "unused-suppression"))
            assert_true(cl_rules[i]->check || cl_rules[i]->check_service);
    }
    /* codes are unique, names are unique */
    for (size_t i = 0; i < cl_nrules; i++)
        for (size_t j = i + 1; j < cl_nrules; j++) {
            assert_string_not_equal(cl_rules[i]->code, cl_rules[j]->code);
            assert_string_not_equal(cl_rules[i]->name, cl_rules[j]->name);
        }
}

static void test_report_and_fix(void **state)
{
    (void)state;
    write_config("");
    cl_opts o; opts(&o);
    cl_source *src; cl_doc *doc;
    const char *text = "# head\nversion: \"3.8\"  # old\nservices:\n  a:\n    image: x\n";
    cl_diags d = lint(text, &o, &src, &doc);
    assert_int_equal(count_code(&d, "no-version-field"), 1);
    const cl_diag *g = &d.v[0];
    assert_int_equal(cl_diag_span(g).start, 7);
    cl_fix fx;
    assert_true(cl_diag_fix(g, &fx));
    assert_int_equal(fx.nedits, 1);
    assert_int_equal(cl_fix_edit(&fx, 0).start, 7);    /* the whole line, comment and newline */
    assert_int_equal(cl_fix_edit(&fx, 0).end, 29);
    done(&d, src, doc);
    unlink(cfgpath);
}

static void test_suppressions(void **state)
{
    (void)state;
    write_config("");
    cl_opts o; opts(&o);
    cl_source *src; cl_doc *doc;
    cl_diags d = lint("version: '3' # compose-lint disable-line no-version-field -- legacy\nservices: {a: {image: 'x:1', restart: always}}\n", &o, &src, &doc);
    assert_int_equal(d.n, 0);
    done(&d, src, doc);
    d = lint("# compose-lint disable-next-line CL006\n\n# another comment\nversion: '3'\nservices: {a: {image: 'x:1', restart: always}}\n", &o, &src, &doc);
    assert_int_equal(d.n, 0);
    done(&d, src, doc);
    d = lint("services: {a: {image: 'x:1', restart: always}}\n# compose-lint disable-file no-version-field\nversion: '3'\n", &o, &src, &doc);
    assert_int_equal(d.n, 0);
    done(&d, src, doc);
    /* unused: reported with a fix that removes the comment line */
    d = lint("# compose-lint disable-next-line no-version-field\nservices: {a: {image: 'x:1', restart: always}}\n", &o, &src, &doc);
    assert_int_equal(count_code(&d, "unused-suppression"), 1);
    cl_fix fx;
    assert_true(cl_diag_fix(&d.v[0], &fx));
    assert_int_equal(cl_fix_edit(&fx, 0).start, 0);
    assert_int_equal(cl_fix_edit(&fx, 0).end, 50);
    done(&d, src, doc);
    /* unknown rule: did you mean */
    d = lint("version: '3' # compose-lint disable-line no-versoin-field\nservices: {a: {image: 'x:1', restart: always}}\n", &o, &src, &doc);
    assert_int_equal(count_code(&d, "unused-suppression"), 1);
    assert_int_equal(count_code(&d, "no-version-field"), 1);
    for (size_t i = 0; i < d.n; i++)
        if (!strcmp(cl_diag_code(&d.v[i]), "unused-suppression")) assert_non_null(strstr(tu_msg(&d.v[i]), "did you mean 'no-version-field'"));
    done(&d, src, doc);
    /* a '#' inside a quoted scalar is not a comment */
    d = lint("version: '3'\nservices: {a: {image: 'x:1', restart: always, command: \"echo # compose-lint disable-file no-version-field\"}}\n", &o, &src, &doc);
    assert_int_equal(d.n, 1);
    assert_string_equal(cl_diag_code(&d.v[0]), "no-version-field");
    done(&d, src, doc);
    /* dclint's comments, with dclint's meaning */
    d = lint("version: '3' # dclint disable-line no-version-field\nservices: {a: {image: 'x:1', restart: always}}\n", &o, &src, &doc);
    assert_int_equal(d.n, 0);
    done(&d, src, doc);
    d = lint("# dclint disable-line no-version-field\nversion: '3'\nservices: {a: {image: 'x:1', restart: always}}\n", &o, &src, &doc);
    assert_int_equal(d.n, 0);
    done(&d, src, doc);
    d = lint("# dclint disable\nversion: '3'\nservices: {a: {image: 'x:1', restart: always}}\n", &o, &src, &doc);
    assert_int_equal(d.n, 0);
    done(&d, src, doc);
    d = lint("version: '3'\n# dclint disable-line\nservices: {a: {image: 'x:1', restart: always}}\n", &o, &src, &doc);
    assert_int_equal(count_code(&d, "no-version-field"), 1);
    assert_int_equal(count_code(&d, "unused-suppression"), 1);
    done(&d, src, doc);
    /* suppressing a rule that is off is not reported */
    write_config("rules:\n  no-version-field: off\n");
    opts(&o);
    d = lint("version: '3' # compose-lint disable-line no-version-field\nservices: {a: {image: 'x:1', restart: always}}\n", &o, &src, &doc);
    assert_int_equal(d.n, 0);
    done(&d, src, doc);
    unlink(cfgpath);
}

static void test_config(void **state)
{
    (void)state;
    cl_opts o;
    cl_source *src; cl_doc *doc;
    write_config("rules:\n  no-version-field: error\n");
    opts(&o);
    cl_diags d = lint("version: '3'\nservices: {a: {image: 'x:1', restart: always}}\n", &o, &src, &doc);
    assert_int_equal(d.n, 1);
    assert_int_equal(d.v[0].severity, CL_SEV_ERROR);
    done(&d, src, doc);
    unlink(cfgpath);

    write_config("rules:\n  no-versoin-field: off\n");
    opts(&o);
    d = lint("version: '3'\nservices: {a: {image: 'x:1', restart: always}}\n", &o, &src, &doc);
    assert_int_equal(count_code(&d, "config-error"), 1);
    assert_int_equal(count_code(&d, "no-version-field"), 0);   /* a broken config runs no rules */
    for (size_t i = 0; i < d.n; i++) if (!strcmp(cl_diag_code(&d.v[i]), "config-error")) {
        uint32_t l, c; cl_source_pos(cl_diag_src(&d.v[i]), cl_diag_span(&d.v[i]).start, &l, &c);
        assert_int_equal(l, 2); assert_int_equal(c, 3);
        assert_non_null(strstr(tu_msg(&d.v[i]), "did you mean 'no-version-field'"));
    }
    assert_true(cl_config_failed());
    done(&d, src, doc);
    unlink(cfgpath);

    write_config("rules:\n  no-version-field: loud\nrulez: {}\n");
    opts(&o);
    d = lint("services: {a: {image: 'x:1', restart: always}}\n", &o, &src, &doc);
    assert_int_equal(count_code(&d, "config-error"), 2);
    done(&d, src, doc);
    unlink(cfgpath);

    write_config("rules: {no-version-field: [1, {}]}\nignore: [style]\n");
    opts(&o);
    d = lint("version: '3'\nservices: {a: {image: 'x:1', restart: always}}\n", &o, &src, &doc);
    assert_int_equal(d.n, 0);
    done(&d, src, doc);
    /* --select on the command line wins over the file's ignore */
    const char *sel[] = { "no-version-field" };
    o.select = sel; o.nselect = 1;
    cl_config_reset();
    d = lint("version: '3'\nservices: {a: {image: 'x:1', restart: always}}\n", &o, &src, &doc);
    assert_int_equal(d.n, 1);
    done(&d, src, doc);
    unlink(cfgpath);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_report_and_fix),
        cmocka_unit_test(test_suppressions),
        cmocka_unit_test(test_config),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
