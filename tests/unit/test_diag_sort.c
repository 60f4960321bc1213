/* test_diag_sort.c - cl_diags_sort orders findings by path, offset, code and
 * message, and keeps equal ones in their order: checked against a plain
 * stable insertion sort on random lists full of ties (two sources with one
 * path, a finding without a source, two copies of one code, offsets up to
 * 2^32-1), on a list of more codes than the keyed sort ranks, and on long
 * lists whose keys do and do not fit 64 bits beside their index. */
#include "testutil.h"
#include "parser/diag.h"

static uint32_t next(uint32_t *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return *seed >> 8;
}

/* The order cl_diags_sort promises, written the plain way. */
static int plain_cmp(const cl_diag *x, const cl_diag *y)
{
    int c = strcmp(cl_diag_src(x) ? cl_diag_src(x)->path : "", cl_diag_src(y) ? cl_diag_src(y)->path : "");
    if (c) return c;
    if (cl_diag_span(x).start != cl_diag_span(y).start) return cl_diag_span(x).start < cl_diag_span(y).start ? -1 : 1;
    if ((c = strcmp(cl_diag_code(x) ? cl_diag_code(x) : "", cl_diag_code(y) ? cl_diag_code(y) : ""))) return c;
    return strcmp(tu_msg(x), tu_msg(y));
}

/* Sorts D (each finding's span.end is its first place) and checks the
 * order against an insertion sort of the same findings. */
static void check_sorted(cl_diags *d)
{
    size_t n = d->n;
    cl_diag *want = malloc(n * sizeof *want);
    assert_non_null(want);
    for (size_t i = 0; i < n; i++) {
        cl_diag g = d->v[i];
        size_t j = i;
        while (j > 0 && plain_cmp(&want[j - 1], &g) > 0) { want[j] = want[j - 1]; j--; }
        want[j] = g;
    }
    cl_diags_sort(d);
    assert_int_equal(d->n, n);
    for (size_t i = 0; i < n; i++) assert_int_equal(cl_diag_span(&d->v[i]).end, cl_diag_span(&want[i]).end);
    free(want);
}

static void test_random_lists_with_ties(void **state)
{
    (void)state;
    cl_source *a = cl_source_from_string("a.yaml", "x", 1), *b1 = cl_source_from_string("b.yaml", "x", 1),
              *b2 = cl_source_from_string("b.yaml", "y", 1);
    const cl_source *srcs[] = { a, b1, b2, NULL };
    static const char copy[] = "no-version-field";   /* the same text as a code, another pointer */
    const char *codes[] = { "no-version-field", copy, "image-tag", "CL101", "yaml-syntax" };
    const char *msgs[] = { "m", "a message", "another message", "m" };
    static const uint32_t far[] = { 0, 1, 7, 65535, 65536, 1u << 20, 4294967294u, 4294967295u };
    uint32_t seed = 19;
    for (int round = 0; round < 40; round++) {
        cl_diags d;
        cl_diags_init(&d);
        size_t n = 1 + next(&seed) % 700;
        uint32_t range = round % 4 == 3 ? 0 : 1 + next(&seed) % 60;   /* 0: offsets from FAR */
        for (size_t i = 0; i < n; i++) {
            cl_span sp = { srcs[next(&seed) % 4], range ? next(&seed) % range : far[next(&seed) % 8], (uint32_t)i };
            cl_diag_add(&d, CL_SEV_WARNING, codes[next(&seed) % 5], sp, "%s", msgs[next(&seed) % 4]);
        }
        check_sorted(&d);
        cl_diags_free(&d);
    }
    cl_source_free(a);
    cl_source_free(b1);
    cl_source_free(b2);
}

static void test_more_codes_than_ranked(void **state)
{
    (void)state;
    enum { NCODES = 600 };
    char (*codes)[16] = malloc(NCODES * sizeof *codes);
    assert_non_null(codes);
    for (int i = 0; i < NCODES; i++) snprintf(codes[i], sizeof codes[i], "code-%d", (i * 7) % 300);
    cl_source *s = cl_source_from_string("c.yaml", "x", 1);
    cl_diags d;
    cl_diags_init(&d);
    uint32_t seed = 5;
    for (uint32_t i = 0; i < 3000; i++) {
        cl_span sp = { s, next(&seed) % 20, i };
        cl_diag_add(&d, CL_SEV_INFO, codes[next(&seed) % NCODES], sp, "m%u", next(&seed) % 3);
    }
    check_sorted(&d);
    cl_diags_free(&d);
    cl_source_free(s);
    free(codes);
}

/* Checks D's order and stability in one pass (each finding's span.end is
 * its first place): for lists too long for the insertion sort. */
static void check_order(const cl_diags *d)
{
    for (size_t i = 1; i < d->n; i++) {
        int c = plain_cmp(&d->v[i - 1], &d->v[i]);
        assert_true(c <= 0);
        if (!c) assert_true(cl_diag_span(&d->v[i - 1]).end < cl_diag_span(&d->v[i]).end);
    }
}

/* Keys too wide for 64 bits with the index below them (offsets up to
 * 2^32-1, 200 sources and 200 codes to rank, 70,000 findings: 8 + 32 + 8 +
 * 17 bits) are compared as they are; a long list that fits is keyed. */
static void test_keys_too_wide(void **state)
{
    (void)state;
    enum { NSRC = 200, NCODES = 200, N = 70000 };
    cl_source **srcs = malloc(NSRC * sizeof *srcs);
    char (*codes)[16] = malloc(NCODES * sizeof *codes);
    assert_non_null(srcs);
    assert_non_null(codes);
    for (int i = 0; i < NSRC; i++) {
        char path[32];
        snprintf(path, sizeof path, "f%03d.yaml", (i * 37) % NSRC);
        srcs[i] = cl_source_from_string(path, "x", 1);
    }
    for (int i = 0; i < NCODES; i++) snprintf(codes[i], sizeof codes[i], "code-%d", (i * 11) % NCODES);
    for (int wide = 0; wide < 2; wide++) {
        cl_diags d;
        cl_diags_init(&d);
        uint32_t seed = 23;
        for (uint32_t i = 0; i < N; i++) {
            uint32_t at = wide && i % 5 == 0 ? 4294967295u - next(&seed) % 3 : next(&seed) % 50;
            cl_span sp = { srcs[next(&seed) % NSRC], at, i };
            cl_diag_add(&d, CL_SEV_INFO, codes[next(&seed) % NCODES], sp, "m%u", next(&seed) % 3);
        }
        cl_diags_sort(&d);
        assert_int_equal(d.n, N);
        check_order(&d);
        cl_diags_free(&d);
    }
    for (int i = 0; i < NSRC; i++) cl_source_free(srcs[i]);
    free(srcs);
    free(codes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_lists_with_ties),
        cmocka_unit_test(test_more_codes_than_ranked),
        cmocka_unit_test(test_keys_too_wide),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
