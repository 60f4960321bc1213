/* test_spool.c - emitters/spool.c: streams whose big chunks go to a store,
 * read back as one concatenation, whole or by ranges; a store that refuses
 * leaves the bytes in memory, with the same result. */
#include "testutil.h"
#include "emitters/spool.h"
#include <string.h>

/* A store in memory that counts what it was given; REFUSE_AFTER puts succeed, then -1. */
typedef struct mem_store { cl_buf held; int puts, refuse_after; } mem_store;

static int mem_put(void *ctx, const char *data, size_t len)
{
    mem_store *m = ctx;
    if (m->puts >= m->refuse_after) return -1;
    m->puts++;
    cl_buf_put(&m->held, data, len);
    return 0;
}

static int mem_get(void *ctx, uint64_t at, char *dst, size_t len)
{
    mem_store *m = ctx;
    if (at + len > m->held.len) return -1;
    memcpy(dst, m->held.data + at, len);
    return 0;
}

/* Three streams filled in turns with numbered lines (about 3.5 MB in all), flushed
 * as a renderer does; EXPECT gets the concatenation, stream by stream. */
static void fill(cl_spool *s, cl_buf *expect)
{
    cl_buf per[3];
    for (int i = 0; i < 3; i++) cl_buf_init(&per[i]);
    char line[64];
    for (int n = 0; n < 150000; n++) {
        int i = n % 3;
        int len = snprintf(line, sizeof line, "stream %d line %d\n", i, n);
        cl_buf_put(cl_spool_tail(s, i), line, (size_t)len);
        cl_buf_put(&per[i], line, (size_t)len);
        cl_spool_flush(s, i);
    }
    for (int i = 0; i < 3; i++) { cl_buf_put(expect, per[i].data, per[i].len); cl_buf_free(&per[i]); }
}

static void check_reads(const cl_spool *s, const cl_buf *expect)
{
    assert_int_equal(cl_spool_start(s, 3), expect->len);
    cl_buf all;
    cl_buf_init(&all);
    cl_spool_read(s, 0, expect->len, &all);
    assert_int_equal(all.len, expect->len);
    assert_memory_equal(all.data, expect->data, all.len);
    /* ranges across chunk and stream boundaries */
    uint64_t at[] = { 0, 7, 262143, 262144, cl_spool_start(s, 1) - 5, cl_spool_start(s, 2), expect->len - 3 };
    for (size_t k = 0; k < sizeof at / sizeof *at; k++) {
        cl_buf part;
        cl_buf_init(&part);
        uint64_t n = expect->len - at[k] < 300000 ? expect->len - at[k] : 300000;
        cl_spool_read(s, at[k], n, &part);
        assert_int_equal(part.len, n);
        assert_memory_equal(part.data, expect->data + at[k], n);
        cl_buf_free(&part);
    }
    cl_buf_free(&all);
}

static void chunks_go_to_the_store(void **state)
{
    (void)state;
    mem_store m = { { NULL, 0, 0 }, 0, 1 << 30 };
    cl_emit_store st = { &m, mem_put, mem_get };
    cl_spool *s = cl_spool_new(&st, 3);
    cl_buf expect;
    cl_buf_init(&expect);
    fill(s, &expect);
    assert_true(m.puts >= 9);                         /* each stream (over 1 MB) left in chunks */
    assert_true(m.held.len + 3 * 262144 >= expect.len);   /* memory holds less than a chunk each */
    check_reads(s, &expect);
    /* a stream replaced: the rest unchanged, the offsets after it moved */
    cl_buf fresh;
    cl_buf_init(&fresh);
    cl_buf_puts(&fresh, "replaced\n");
    uint64_t s1 = cl_spool_len(s, 1);
    cl_spool_replace(s, 1, &fresh);
    assert_int_equal(fresh.len, 0);
    assert_int_equal(cl_spool_len(s, 1), 9);
    cl_buf got;
    cl_buf_init(&got);
    cl_spool_read(s, cl_spool_start(s, 1), 9, &got);
    assert_memory_equal(got.data, "replaced\n", 9);
    assert_int_equal(cl_spool_start(s, 3), expect.len - s1 + 9);
    cl_buf_free(&got);
    cl_buf_free(&expect);
    cl_spool_free(s);
    cl_buf_free(&m.held);
}

static void a_refusing_store_keeps_them_in_memory(void **state)
{
    (void)state;
    for (int after = 0; after <= 3; after += 3) {   /* refuses from the start, or from the fourth chunk */
        mem_store m = { { NULL, 0, 0 }, 0, after };
        cl_emit_store st = { &m, mem_put, mem_get };
        cl_spool *s = cl_spool_new(&st, 3);
        cl_buf expect;
        cl_buf_init(&expect);
        fill(s, &expect);
        assert_int_equal(m.puts, after);
        check_reads(s, &expect);
        cl_buf_free(&expect);
        cl_spool_free(s);
        cl_buf_free(&m.held);
    }
    cl_spool *s = cl_spool_new(NULL, 3);   /* no store at all */
    cl_buf expect;
    cl_buf_init(&expect);
    fill(s, &expect);
    check_reads(s, &expect);
    cl_buf_free(&expect);
    cl_spool_free(s);
}

static int failing_sink(void *ctx, const char *p, size_t n)
{
    (void)p; (void)n;
    return ++*(int *)ctx >= 2 ? -1 : 0;
}

static void a_failing_sink_stops_the_copy(void **state)
{
    (void)state;
    cl_spool *s = cl_spool_new(NULL, 2);
    cl_buf_puts(cl_spool_tail(s, 0), "one");
    cl_buf_puts(cl_spool_tail(s, 1), "two");
    int calls = 0;
    assert_int_equal(cl_spool_copy(s, 0, 6, failing_sink, &calls), -1);
    assert_int_equal(calls, 2);
    cl_spool_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(chunks_go_to_the_store),
        cmocka_unit_test(a_refusing_store_keeps_them_in_memory),
        cmocka_unit_test(a_failing_sink_stops_the_copy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
