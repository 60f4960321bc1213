/* test_validate_stream.c - a lone file's services are schema-validated while
 * it is parsed (cl_doc_parse_ex's on_entry, schema/validate.c's stream),
 * the rest afterwards. The diagnostics must be exactly those of validating
 * the whole document at once: every corpus file and schema fixture, aliases
 * that reuse a service, merges, names the pattern refuses, and a parse that
 * fails after some services were validated. */
#include "testutil.h"
#include "cli/cli.h"
#include "schema/schema.h"

static int cmp_diag(const void *x, const void *y)
{
    const cl_diag *a = x, *b = y;
    if (cl_diag_span(a).start != cl_diag_span(b).start) return cl_diag_span(a).start < cl_diag_span(b).start ? -1 : 1;
    int c = strcmp(cl_diag_code(a), cl_diag_code(b));
    return c ? c : strcmp(tu_msg(a), tu_msg(b));
}

/* Both ways on TEXT; returns the number of diagnostics (-1: parse failed). */
static long both_ways(const char *text, size_t len, int threaded)
{
    cl_source *src = cl_source_from_string("s.yaml", text, len);
    cl_diags whole, streamed, pd1, pd2;
    cl_diags_init(&whole); cl_diags_init(&streamed); cl_diags_init(&pd1); cl_diags_init(&pd2);
    cl_doc *a = cl_doc_parse(src, NULL, &pd1);
    cl_schema_stream *st = cl_schema_stream_begin();
    cl_handon h = { 0 };
    cl_handon_to(&h, cl_schema_stream_entry, st);
    cl_parse_opts po = { threaded, cl_handon_entry, &h };
    cl_doc *b = cl_doc_parse_ex(src, NULL, &pd2, &po);
    cl_handon_seal(&h);
    assert_true((a == NULL) == (b == NULL));
    assert_int_equal(pd1.n, pd2.n);
    cl_schema_stream_finish(st, b, &h, &streamed);
    cl_handon_free(&h);
    long n = -1;
    if (a) {
        cl_schema_validate(a, &whole);
        assert_int_equal(whole.n, streamed.n);
        if (whole.n) {
            qsort(whole.v, whole.n, sizeof *whole.v, cmp_diag);
            qsort(streamed.v, streamed.n, sizeof *streamed.v, cmp_diag);
        }
        for (size_t i = 0; i < whole.n; i++) {
            assert_string_equal(tu_msg(&whole.v[i]), tu_msg(&streamed.v[i]));
            assert_int_equal(cl_diag_span(&whole.v[i]).start, cl_diag_span(&streamed.v[i]).start);
            assert_int_equal(cl_diag_span(&whole.v[i]).end, cl_diag_span(&streamed.v[i]).end);
        }
        n = (long)whole.n;
    } else {
        assert_int_equal(streamed.n, 0);
    }
    cl_doc_free(a); cl_doc_free(b);
    cl_diags_free(&whole); cl_diags_free(&streamed); cl_diags_free(&pd1); cl_diags_free(&pd2);
    cl_source_free(src);
    return n;
}

static void count_file(const cl_source *src, void *ud)
{
    long k = both_ways(src->data, src->len, 0);
    if (k > 0) *(long *)ud += k;
}

static void test_corpus_and_fixtures(void **st)
{
    (void)st;
    long diags = 0;
    size_t files = tu_walk_yaml(tu_corpus_dir(), count_file, &diags);
    assert_true(files >= 290);
    diags = 0;
    size_t fx = tu_walk_yaml("tests/fixtures/schema", count_file, &diags);
    assert_true(fx > 5);
    print_message("%zu corpus files, %zu fixtures with %ld schema diagnostics\n", files, fx, diags);
    assert_true(diags >= (long)fx);  /* the fixtures really have schema errors */
}

static void test_aliases_merges_names(void **st)
{
    (void)st;
    static const char *const docs[] = {
        "services:\n  a: &x\n    image: 1\n    restrt: no\n  b: *x\n  c:\n    <<: *x\n    image: z\n",
        "services:\n  \"bad name!\":\n    image: y\n  ok:\n    image: [1]\n",
        "x-s: &s\n  web:\n    image: 2\nservices:\n  <<: *s\n  db:\n    image: pg\n    ports: [a, a]\n",
        "services:\n  a: !reset {}\n  b:\n    image: x\n    healthcheck: {test: 3}\n",
        "services: [a, b]\n",
        "version: '3'\nservices:\n  a:\n    image: x\n  b: 7\n",
    };
    for (size_t i = 0; i < sizeof docs / sizeof *docs; i++)
        for (int t = 0; t < 2; t++) assert_true(both_ways(docs[i], strlen(docs[i]), t) >= 1);
}

static void test_parse_fails_after_some_services(void **st)
{
    (void)st;
    const char *doc = "services:\n  a:\n    image: 1\n  b:\n    image: 2\n  a:\n    image: 3\n";
    assert_int_equal(both_ways(doc, strlen(doc), 0), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_corpus_and_fixtures),
        cmocka_unit_test(test_aliases_merges_names),
        cmocka_unit_test(test_parse_fails_after_some_services),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
