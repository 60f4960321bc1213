/* test_render_thread.c - emitters/render_thread.c: trees queued as trees, or
 * built on the thread, are rendered behind their prefix at the end of their
 * stream, in the order queued, exactly as cl_em_render_now renders them
 * here; cl_em_rendered says where each went; the arenas handed over are
 * emptied and come back for reuse. Each case runs with more items between
 * two hand-overs than the queue holds (the converter waits for room), with
 * a thread that lags (builds that sleep: the converter waits for arenas),
 * and pinned to one processor (no looking before sleeping). */
#define _GNU_SOURCE   /* sched_setaffinity */
#include "testutil.h"
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "emitters/render_thread.h"

#define STREAMS 3

/* A small tree: {name: PREFIX-N, items: [N, "x"]}. */
static cl_node *tree(cl_arena *a, const char *prefix, int n)
{
    char name[64];
    snprintf(name, sizeof name, "%s-%d", prefix, n);
    cl_node *items[] = { cl_new_int(a, n), cl_new_str(a, "x") };
    cl_pair p[2] = { { cl_new_str(a, "name"), cl_new_str(a, name), 0, 0 },
                     { cl_new_str(a, "items"), cl_new_seq(a, items, 2), 0, 0 } };
    return cl_new_map(a, p, 2);
}

/* What a build on the thread gets: its number, and whether it sleeps first. */
typedef struct job { int n, lag; } job;

/* Every seventh build makes no tree. */
static cl_node *build(void *ctx, cl_arena *a)
{
    const job *j = ctx;
    if (j->lag) usleep(300);
    return j->n % 7 == 3 ? NULL : tree(a, "built", j->n);
}

typedef struct expect { size_t id, at, len; } expect;

/* Renders here what the thread was given: the same bytes at the same place. */
static void expect_now(cl_spool *e, int stream, const char *prefix, const cl_node *node, expect *x, size_t id)
{
    x->id = id;
    x->at = x->len = 0;
    if (node) cl_em_render_now(e, stream, prefix, node, &x->at, &x->len);
}

static void run(int lag)
{
    cl_spool *s = cl_spool_new(NULL, STREAMS), *e = cl_spool_new(NULL, STREAMS);
    cl_em_renderer *r = cl_em_renderer_start();
    assert_non_null(r);
    cl_arena keep, mine;
    cl_arena_init(&keep);
    cl_arena_init(&mine);
    size_t nx = 0, capx = 8192;
    expect *xs = malloc(capx * sizeof *xs);
    assert_non_null(xs);
    /* more trees than the queue holds before the first hand-over */
    for (int n = 0; n < 3000; n++) {
        cl_node *t = tree(&keep, "kept", n);
        size_t id = cl_em_render(r, t, s, n % STREAMS, "---\n");
        expect_now(e, n % STREAMS, "---\n", t, &xs[nx++], id);
    }
    cl_em_render_go(r);
    /* services: trees and builds in the service's arena, handed over with it */
    cl_arena a;
    cl_em_render_arena(r, &a);
    void *handed[400];
    int reused = 0;
    for (int svc = 0; svc < 400; svc++) {
        for (int k = 0; k < 3; k++) {
            cl_node *t = tree(&a, "svc", svc * 10 + k);
            size_t id = cl_em_render(r, t, s, k, "---\n");
            expect_now(e, k, "---\n", t, &xs[nx++], id);
        }
        job *j = cl_arena_alloc(&a, sizeof *j);
        j->n = svc;
        j->lag = lag && svc % 5 == 0;
        size_t id = cl_em_render_build(r, build, j, s, svc % STREAMS, "");
        cl_node *t = j->n % 7 == 3 ? NULL : tree(&mine, "built", j->n);
        expect_now(e, svc % STREAMS, "", t, &xs[nx++], id);
        handed[svc] = a.head;
        cl_em_render_next_arena(r, &a);
        /* an emptied arena comes back: its first block is one handed over */
        for (int h = 0; h < svc && !reused; h++) reused = a.head && a.head == handed[h];
    }
    cl_arena_free(&a);
    cl_em_renderer_finish(r);
    assert_true(reused);
    for (size_t i = 0; i < nx; i++) {
        size_t at, len;
        cl_em_rendered(r, xs[i].id, &at, &len);
        assert_int_equal(at, xs[i].at);
        assert_int_equal(len, xs[i].len);
    }
    for (int i = 0; i < STREAMS; i++) {
        assert_int_equal(cl_spool_len(s, i), cl_spool_len(e, i));
        cl_buf got, want;
        cl_buf_init(&got);
        cl_buf_init(&want);
        cl_spool_read(s, cl_spool_start(s, i), cl_spool_len(s, i), &got);
        cl_spool_read(e, cl_spool_start(e, i), cl_spool_len(e, i), &want);
        assert_int_equal(got.len, want.len);
        assert_memory_equal(got.data, want.data, got.len);
        cl_buf_free(&got);
        cl_buf_free(&want);
    }
    cl_em_renderer_free(r);
    cl_spool_free(s);
    cl_spool_free(e);
    cl_arena_free(&keep);
    cl_arena_free(&mine);
    free(xs);
}

static void in_order_where_they_say(void **state)
{
    (void)state;
    run(0);
}

static void with_a_thread_that_lags(void **state)
{
    (void)state;
    run(1);
}

/* Pinned to one processor, neither side looks for the other before it
 * sleeps, and the thread is woken only when the converter would wait. */
static void on_one_processor(void **state)
{
    (void)state;
    cpu_set_t was, one;
    assert_int_equal(sched_getaffinity(0, sizeof was, &was), 0);
    int cpu = 0;
    while (!CPU_ISSET(cpu, &was)) cpu++;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    assert_int_equal(sched_setaffinity(0, sizeof one, &one), 0);
    run(0);
    run(1);
    assert_int_equal(sched_setaffinity(0, sizeof was, &was), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(in_order_where_they_say),
        cmocka_unit_test(with_a_thread_that_lags),
        cmocka_unit_test(on_one_processor),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
