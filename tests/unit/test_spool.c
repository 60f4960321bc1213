/* test_spool.c - emitters/spool.c: streams whose big chunks go to a store,
 * read back as one concatenation, whole or by ranges; a store that refuses
 * leaves the bytes in memory, with the same result. */
#include "testutil.h"
#include "emitters/spool.h"
#include <stdint.h>
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

/* A spool over store ST (its memory M takes every chunk), filled; EXPECT as fill gives it. */
static cl_spool *filled(mem_store *m, cl_emit_store *st, cl_buf *expect)
{
    *m = (mem_store){ { NULL, 0, 0 }, 0, 1 << 30 };
    *st = (cl_emit_store){ m, mem_put, mem_get };
    cl_spool *s = cl_spool_new(st, 3);
    cl_buf_init(expect);
    fill(s, expect);
    return s;
}

static void chunks_go_to_the_store(void **state)
{
    (void)state;
    mem_store m;
    cl_emit_store st;
    cl_buf expect;
    cl_spool *s = filled(&m, &st, &expect);
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

/* A target that takes what the store holds as ranges: it moves (copies from
 * the store) at most LIMIT bytes of each range, and counts what it moved. */
typedef struct mover { mem_store *m; cl_buf out; uint64_t limit, moved; int calls; } mover;

static int mover_bytes(void *ctx, const char *p, size_t n)
{
    cl_buf_put(&((mover *)ctx)->out, p, n);
    return 0;
}

static int mover_moved(void *ctx, uint64_t at, uint64_t len, uint64_t *done)
{
    mover *v = ctx;
    v->calls++;
    *done = len < v->limit ? len : v->limit;
    cl_buf_put(&v->out, v->m->held.data + at, (size_t)*done);
    v->moved += *done;
    return *done == len ? 0 : 1;
}

static void what_the_store_holds_is_moved(void **state)
{
    (void)state;
    mem_store m;
    cl_emit_store st;
    cl_buf expect;
    cl_spool *s = filled(&m, &st, &expect);
    /* all of each range moved, part of it (the rest read back), none of it: the same bytes */
    uint64_t limits[] = { UINT64_MAX, 1000, 0 };
    for (size_t k = 0; k < 3; k++) {
        uint64_t from = 11;     /* inside the first chunk: a range starting in the middle of one */
        mover v = { &m, { NULL, 0, 0 }, limits[k], 0, 0 };
        cl_spool_sink sink = { mover_bytes, mover_moved, &v };
        assert_int_equal(cl_spool_send(s, from, expect.len - from, &sink), 0);
        assert_int_equal(v.out.len, expect.len - from);
        assert_memory_equal(v.out.data, expect.data + from, v.out.len);
        assert_true(v.calls >= 9);                     /* once a chunk the store holds */
        if (k == 0) assert_int_equal(v.moved, m.held.len - from);
        if (k == 1) assert_int_equal(v.moved, (uint64_t)v.calls * 1000);
        if (k == 2) assert_int_equal(v.moved, 0);
        cl_buf_free(&v.out);
    }
    cl_buf_free(&expect);
    cl_spool_free(s);
    cl_buf_free(&m.held);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(chunks_go_to_the_store),
        cmocka_unit_test(a_refusing_store_keeps_them_in_memory),
        cmocka_unit_test(a_failing_sink_stops_the_copy),
        cmocka_unit_test(what_the_store_holds_is_moved),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
