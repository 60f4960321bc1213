/* test_pairset.c - the pairs handed on while parsing, found again: at their
 * own position, through the hash built on a miss (and rebuilt after a later
 * add), never for a pair with the same value but another key. */
#include "testutil.h"
#include "parser/pairset.h"

static void test_positions_and_misses(void **state)
{
    (void)state;
    static cl_node keys[1000], vals[1000];
    cl_pairset s;
    memset(&s, 0, sizeof s);
    assert_int_equal(cl_pairset_find(&s, &keys[0], &vals[0], 0), -1);     /* empty */
    for (size_t i = 0; i < 1000; i++) cl_pairset_add(&s, &keys[i], &vals[i], i * 3);
    for (size_t i = 0; i < 1000; i++) assert_int_equal(cl_pairset_find(&s, &keys[i], &vals[i], i), (long)(i * 3));
    assert_null(s.slot);                                                    /* all found in place */
    /* found elsewhere than at the position given: through the hash */
    assert_int_equal(cl_pairset_find(&s, &keys[10], &vals[10], 500), 30);
    assert_non_null(s.slot);
    assert_int_equal(cl_pairset_find(&s, &keys[999], &vals[999], 5000), 2997);
    /* the same value under another key is another pair */
    assert_int_equal(cl_pairset_find(&s, &keys[11], &vals[10], 10), -1);
    /* added after the hash was built: found too */
    static cl_node k2, v2;
    cl_pairset_add(&s, &k2, &v2, 7);
    assert_int_equal(cl_pairset_find(&s, &k2, &v2, 0), 7);
    assert_int_equal(cl_pairset_find(&s, &keys[500], &vals[500], 0), 1500);
    cl_pairset_free(&s);
    assert_int_equal(s.n, 0);
}

/* A stage's array by hand-on index: element INDEX exists afterwards, the
 * elements added are zero, the ones filed before keep their values when the
 * array moves. */
static void test_grow(void **state)
{
    (void)state;
    long *v = NULL;
    size_t n = 0;
    for (size_t i = 0; i < 3000; i += 3) {
        v = cl_handon_grow(v, &n, i, sizeof *v);
        assert_int_equal(n, i + 1);
        assert_int_equal(v[i], 0);
        if (i) assert_int_equal(v[i - 1], 0);
        v[i] = (long)i + 1;
    }
    v = cl_handon_grow(v, &n, 10, sizeof *v);          /* inside: nothing changes */
    assert_int_equal(n, 2998);
    for (size_t i = 0; i < n; i++) assert_int_equal(v[i], i % 3 ? 0 : (long)i + 1);
    free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(test_positions_and_misses), cmocka_unit_test(test_grow) };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
