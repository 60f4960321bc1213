/* test_parse_threaded.c - a big file's events may be read on a second core
 * (parser/events.c) while the model is built. The result must not depend on
 * it: the same tree, spans and texts, and the same diagnostics for every kind
 * of error, wherever in the file it sits. */
#include "testutil.h"

/* A stack of N services (about 600 bytes each), every scalar style, anchors,
 * aliases and merges; TAIL is appended at the end, MID after service N/2. */
static char *make_stack(int n, const char *mid, const char *tail)
{
    cl_buf b;
    cl_buf_init(&b);
    cl_buf_puts(&b, "x-base: &base\n  restart: always\n  labels: {team: core}\nservices:\n");
    char tmp[1024];
    for (int i = 0; i < n; i++) {
        snprintf(tmp, sizeof tmp,
                 "  svc%d:\n    <<: *base\n    image: \"registry.example.com/app%d:1.%d\"\n"
                 "    command: ['run', \"--id=%d\", plain words here]\n"
                 "    environment:\n      A: 'it''s %d'\n      B: \"tab\\t%d\"\n      C: folded\n        over lines\n"
                 "    healthcheck:\n      test: |\n        curl -f http://localhost:%d/\n      interval: 30s\n"
                 "    ports:\n      - \"%d:80\"\n    logging: &log%d\n      driver: json-file\n"
                 "    x-copy: *log%d\n",
                 i, i % 7, i % 13, i, i, i, 8000 + i, 20000 + i, i, i);
        cl_buf_puts(&b, tmp);
        if (mid && i == n / 2) cl_buf_puts(&b, mid);
    }
    if (tail) cl_buf_puts(&b, tail);
    cl_buf_cstr(&b);
    return cl_buf_steal(&b);
}

static void same_tree(const cl_node *a, const cl_node *b)
{
    if (!a || !b) { assert_ptr_equal(a, b); return; }
    assert_int_equal(a->kind, b->kind);
    assert_int_equal(a->style, b->style);
    assert_int_equal(a->type, b->type);
    assert_int_equal(a->flags, b->flags);
    assert_int_equal(a->start, b->start);
    assert_int_equal(a->end, b->end);
    if (a->kind == CL_SCALAR) {
        assert_int_equal(a->u.s.len, b->u.s.len);
        assert_memory_equal(a->u.s.text, b->u.s.text, a->u.s.len);
        assert_int_equal(a->u.s.text[a->u.s.len], 0);
    } else if (a->kind == CL_MAP) {
        assert_int_equal(a->u.m.n, b->u.m.n);
        for (uint32_t i = 0; i < a->u.m.n; i++) {
            assert_int_equal(a->u.m.items[i].merged, b->u.m.items[i].merged);
            same_tree(a->u.m.items[i].key, b->u.m.items[i].key);
            same_tree(a->u.m.items[i].value, b->u.m.items[i].value);
        }
    } else {
        assert_int_equal(a->u.q.n, b->u.q.n);
        for (uint32_t i = 0; i < a->u.q.n; i++) same_tree(a->u.q.items[i], b->u.q.items[i]);
    }
}

/* Parses TEXT inline and threaded: same outcome. Returns the number of diagnostics. */
static size_t both_ways(const char *text, const cl_limits *lim)
{
    cl_source *src = cl_source_from_string("big.yaml", text, strlen(text));
    assert_true(src->len >= (256u << 10));     /* big enough for the second core */
    cl_diags d1, d2;
    cl_diags_init(&d1);
    cl_diags_init(&d2);
    cl_doc *a = cl_doc_parse_threaded(src, lim, &d1, 0);
    cl_doc *b = cl_doc_parse_threaded(src, lim, &d2, 1);
    assert_true((a == NULL) == (b == NULL));
    if (a) { same_tree(a->root, b->root); assert_int_equal(a->nnodes, b->nnodes); }
    assert_int_equal(d1.n, d2.n);
    for (size_t i = 0; i < d1.n; i++) {
        assert_string_equal(cl_diag_code(&d1.v[i]), cl_diag_code(&d2.v[i]));
        assert_string_equal(tu_msg(&d1.v[i]), tu_msg(&d2.v[i]));
        assert_int_equal(cl_diag_span(&d1.v[i]).start, cl_diag_span(&d2.v[i]).start);
        assert_int_equal(cl_diag_span(&d1.v[i]).end, cl_diag_span(&d2.v[i]).end);
    }
    size_t n = d1.n;
    cl_doc_free(a);
    cl_doc_free(b);
    cl_diags_free(&d1);
    cl_diags_free(&d2);
    cl_source_free(src);
    return n;
}

static void test_valid_stack(void **st)
{
    (void)st;
    char *t = make_stack(900, NULL, "volumes:\n  data: {}\n");
    assert_int_equal(both_ways(t, NULL), 0);
    free(t);
}

static void test_errors_anywhere(void **st)
{
    (void)st;
    static const struct { const char *mid, *tail; } cases[] = {
        { NULL, "networks:\n  a: [unclosed\n" },                 /* syntax error at the very end */
        { "  bad: : :\n    - x\n", NULL },                         /* syntax error in the middle */
        { "  svc0:\n    image: dup\n", NULL },                     /* duplicate key in the middle */
        { NULL, "---\nsecond: doc\n" },                            /* a second document */
        { NULL, "x-alias: *nowhere\n" },                           /* alias without anchor */
        { "  tagged: !reset\n", NULL },                            /* tags */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *t = make_stack(900, cases[i].mid, cases[i].tail);
        size_t n = both_ways(t, NULL);
        if (i < 5) assert_true(n >= 1);
        free(t);
    }
}

static void test_limits(void **st)
{
    (void)st;
    cl_limits lim;
    cl_limits_default(&lim);
    lim.max_nodes = 5000;                  /* stops the builder while the reader runs ahead */
    char *t = make_stack(900, NULL, NULL);
    assert_int_equal(both_ways(t, &lim), 1);
    cl_limits_default(&lim);
    lim.max_expanded = 20000;
    assert_int_equal(both_ways(t, &lim), 1);
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_stack),
        cmocka_unit_test(test_errors_anywhere),
        cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
