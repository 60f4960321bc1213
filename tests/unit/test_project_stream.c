/* test_project_stream.c - a lone file's project begins before it is parsed:
 * each service is made canonical (interpolated, long syntax) as the parser
 * hands it on (cl_project_begin/_entry/_finish, model/project.c), the rest
 * once the document is whole.
 * The project must be exactly the one cl_project_from_doc builds from the
 * whole document, with the same diagnostics: every corpus file and semantics
 * fixture (read from their folders, so .env files and env_file: count), and
 * documents with unset variables, merges and marks, a service used twice
 * through an alias, extends, profiles, services that fail, a parse that
 * fails after some services, and --no-interpolate. */
#include "testutil.h"
#include "model/project.h"

static int cmp_diag(const void *x, const void *y)
{
    const cl_diag *a = x, *b = y;
    if (cl_diag_span(a).start != cl_diag_span(b).start) return cl_diag_span(a).start < cl_diag_span(b).start ? -1 : 1;
    int c = strcmp(cl_diag_code(a), cl_diag_code(b));
    return c ? c : strcmp(tu_msg(a), tu_msg(b));
}

/* The same tree: kinds, scalar texts and types, flags, keys in order, spans. */
static void same_tree(const cl_node *x, const cl_node *y)
{
    assert_true((x == NULL) == (y == NULL));
    if (!x) return;
    assert_int_equal(x->kind, y->kind);
    assert_int_equal(x->start, y->start);
    assert_int_equal(x->end, y->end);
    assert_int_equal(x->flags & (CL_NF_RESET | CL_NF_OVERRIDE), y->flags & (CL_NF_RESET | CL_NF_OVERRIDE));
    if (x->kind == CL_SCALAR) {
        assert_int_equal(x->type, y->type);
        assert_int_equal(x->u.s.len, y->u.s.len);
        assert_memory_equal(x->u.s.text, y->u.s.text, x->u.s.len);
    } else if (x->kind == CL_MAP) {
        assert_int_equal(x->u.m.n, y->u.m.n);
        for (uint32_t i = 0; i < x->u.m.n; i++) {
            same_tree(x->u.m.items[i].key, y->u.m.items[i].key);
            same_tree(x->u.m.items[i].value, y->u.m.items[i].value);
        }
    } else if (x->kind == CL_SEQ) {
        assert_int_equal(x->u.q.n, y->u.q.n);
        for (uint32_t i = 0; i < x->u.q.n; i++) same_tree(x->u.q.items[i], y->u.q.items[i]);
    }
}

static void same_diags(cl_diags *a, cl_diags *b)
{
    assert_int_equal(a->n, b->n);
    if (a->n) {
        qsort(a->v, a->n, sizeof *a->v, cmp_diag);
        qsort(b->v, b->n, sizeof *b->v, cmp_diag);
    }
    for (size_t i = 0; i < a->n; i++) {
        assert_string_equal(cl_diag_code(&a->v[i]), cl_diag_code(&b->v[i]));
        assert_string_equal(tu_msg(&a->v[i]), tu_msg(&b->v[i]));
        assert_int_equal(cl_diag_span(&a->v[i]).start, cl_diag_span(&b->v[i]).start);
        assert_int_equal(cl_diag_span(&a->v[i]).end, cl_diag_span(&b->v[i]).end);
        assert_int_equal(a->v[i].severity, b->v[i].severity);
    }
}

/* Both ways on SRC; returns the number of project diagnostics (-1: no project). */
static long both_ways(const cl_source *src, int threaded, int no_interpolate)
{
    cl_project_opts po;
    memset(&po, 0, sizeof po);
    po.unrendered = 1;
    po.no_interpolate = no_interpolate;
    cl_diags whole, streamed, pd1, pd2;
    cl_diags_init(&whole); cl_diags_init(&streamed); cl_diags_init(&pd1); cl_diags_init(&pd2);
    cl_doc *a = cl_doc_parse(src, NULL, &pd1);
    cl_project_stream *st = cl_project_begin(src, &po);
    cl_handon h = { 0 };
    cl_handon_to(&h, cl_project_entry, st);
    cl_parse_opts opts = { threaded, cl_handon_entry, &h };
    cl_doc *b = cl_doc_parse_ex(src, NULL, &pd2, &opts);
    cl_handon_seal(&h);
    assert_true((a == NULL) == (b == NULL));
    assert_int_equal(pd1.n, pd2.n);
    long n = -1;
    if (!a) {
        assert_null(cl_project_finish(st, NULL, &h, &streamed));
        assert_int_equal(streamed.n, 0);
    } else {
        cl_project *p1 = cl_project_from_doc(a, &po, &whole);
        cl_project *p2 = cl_project_finish(st, b, &h, &streamed);
        assert_true((p1 == NULL) == (p2 == NULL));
        /* the streamed project points into B, the whole one into A: same offsets */
        if (p1) {
            same_tree(p1->root, p2->root);
            assert_string_equal(p1->name, p2->name);
            assert_string_equal(p1->directory, p2->directory);
        }
        same_diags(&whole, &streamed);
        n = p1 ? (long)whole.n : -1;
        cl_project_free(p1);
        cl_project_free(p2);
    }
    cl_handon_free(&h);
    cl_doc_free(a); cl_doc_free(b);
    cl_diags_free(&whole); cl_diags_free(&streamed); cl_diags_free(&pd1); cl_diags_free(&pd2);
    return n;
}

static long text_both_ways(const char *text, int threaded, int no_interpolate)
{
    cl_source *src = cl_source_from_string("s.yaml", text, strlen(text));
    long n = both_ways(src, threaded, no_interpolate);
    cl_source_free(src);
    return n;
}

typedef struct tally { long files, diags; } tally;

static void one_file(const cl_source *src, void *ud)
{
    tally *t = ud;
    long k = both_ways(src, 0, 0);
    if (k > 0) t->diags += k;
    t->files++;
}

static void test_corpus_and_fixtures(void **state)
{
    (void)state;
    tally t = { 0, 0 };
    size_t files = tu_walk_yaml(tu_corpus_dir(), one_file, &t);
    assert_true(files >= 290);
    tally f = { 0, 0 };
    size_t fx = tu_walk_yaml("tests/fixtures/semantics", one_file, &f);
    assert_true(fx > 20);
    print_message("%zu corpus files (%ld project diagnostics), %zu semantics fixtures (%ld)\n", files, t.diags, fx,
                  f.diags);
    assert_true(t.diags + f.diags > 0);   /* some files do make the project report */
}

static void test_variables_merges_aliases(void **state)
{
    (void)state;
    static const char *const docs[] = {
        /* unset variables (warnings), a required one (error), defaults, $$ */
        "services:\n  a:\n    image: \"${NO_SUCH_VAR_1}\"\n    environment: [\"X=${NO_SUCH_VAR_2:-d}\", \"Y=$$Z\"]\n"
        "  b:\n    image: \"${NO_SUCH_VAR_3:?must be set}\"\nx-top: ${NO_SUCH_VAR_4}\n",
        /* a service used twice through an alias, a merge, marks */
        "services:\n  a: &x\n    image: x:1\n    ports: [\"80:80\"]\n  b: *x\n  c:\n    <<: *x\n    ports: !reset []\n"
        "  d:\n    image: y\n    command: !override [\"a\"]\n",
        /* services from a merge at the services level */
        "x-s: &s\n  web:\n    image: 2\n    ports: [\"8080:80\"]\nservices:\n  <<: *s\n  db:\n    image: pg\n",
        /* extends in the same file, profiles, depends_on on a disabled service */
        "services:\n  base:\n    image: b\n    environment: [A=1]\n  app:\n    extends: base\n    depends_on: [tool]\n"
        "  tool:\n    image: t\n    profiles: [debug]\n",
        /* services that fail: not a mapping, bad ports, bad volumes */
        "services:\n  a: 7\n  b:\n    image: x\n    ports: [\"1:2:3:4\"]\n  c:\n    image: x\n    volumes: [\"::\"]\n",
    };
    for (size_t i = 0; i < sizeof docs / sizeof *docs; i++)
        for (int t = 0; t < 2; t++)
            for (int ni = 0; ni < 2; ni++) assert_true(text_both_ways(docs[i], t, ni) >= 0);
    assert_true(text_both_ways(docs[0], 0, 0) >= 3);   /* the variables are reported */
}

static void test_parse_fails_after_some_services(void **state)
{
    (void)state;
    const char *doc = "services:\n  a:\n    image: \"${NO_SUCH_VAR_5}\"\n  b:\n    image: 2\n  a:\n    image: 3\n";
    assert_int_equal(text_both_ways(doc, 0, 0), -1);
    assert_int_equal(text_both_ways(doc, 1, 0), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_corpus_and_fixtures),
        cmocka_unit_test(test_variables_merges_aliases),
        cmocka_unit_test(test_parse_fails_after_some_services),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
