/* test_diag_ids.c - the numbers of the findings' sources and codes
 * (parser/diag_ids.c): NULL is 0, a pointer keeps its number, numbers go past
 * one chunk, a full table gives none, and two threads asking at once for the
 * same pointers get the same numbers, read back on a third. */
#include "testutil.h"
#include <pthread.h>
#include "parser/diag_ids.h"

static cl_ids tab = { .max = 1u << 20, .last = 2 };

enum { N = 3 << CL_IDS_CHUNK_BITS };   /* three chunks */
static char things[N];

static void test_numbers(void **st)
{
    (void)st;
    assert_int_equal(cl_ids_of(&tab, NULL), 0);
    assert_null(cl_ids_at(&tab, 0));
    uint32_t a = cl_ids_of(&tab, &things[0]), b = cl_ids_of(&tab, &things[1]);
    assert_true(a != 0 && b != 0 && a != b);
    assert_int_equal(cl_ids_of(&tab, &things[0]), a);
    assert_ptr_equal(cl_ids_at(&tab, a), &things[0]);
    assert_ptr_equal(cl_ids_at(&tab, b), &things[1]);
    /* the same pointer in another table: that table's own number */
    static cl_ids other = { .max = 3, .last = 3 };   /* static: its chunks stay reachable, as the real tables' */
    assert_int_equal(cl_ids_of(&other, &things[1]), 1);
    assert_int_equal(cl_ids_of(&other, &things[0]), 2);
    assert_int_equal(cl_ids_of(&other, &things[1]), 1);
    assert_int_equal(cl_ids_of(&tab, &things[1]), b);
    /* full: no number for a new pointer, the old ones kept */
    assert_int_equal(cl_ids_of(&other, &things[2]), 3);
    assert_true(cl_ids_of(&other, &things[3]) == CL_IDS_FULL);
    assert_true(cl_ids_of(&other, &things[4]) == CL_IDS_FULL);
    assert_int_equal(cl_ids_of(&other, &things[2]), 3);
    assert_ptr_equal(cl_ids_at(&other, 3), &things[2]);
}

static void *number_all(void *ud)
{
    uint32_t *ids = ud;
    for (size_t i = 0; i < N; i++) ids[i] = cl_ids_of(&tab, &things[(i * 7) % N]);
    return NULL;
}

static void test_threads(void **st)
{
    (void)st;
    uint32_t *ids[2];
    pthread_t t[2];
    for (int k = 0; k < 2; k++) {
        ids[k] = malloc(N * sizeof *ids[k]);
        assert_non_null(ids[k]);
        assert_int_equal(pthread_create(&t[k], NULL, number_all, ids[k]), 0);
    }
    for (int k = 0; k < 2; k++) assert_int_equal(pthread_join(t[k], NULL), 0);
    for (size_t i = 0; i < N; i++) {
        assert_int_equal(ids[0][i], ids[1][i]);
        assert_ptr_equal(cl_ids_at(&tab, ids[0][i]), &things[(i * 7) % N]);
        assert_int_equal(cl_ids_of(&tab, &things[(i * 7) % N]), ids[0][i]);
    }
    assert_true(tab.n >= N);   /* past the first chunks */
    free(ids[0]);
    free(ids[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
