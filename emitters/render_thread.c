/* render_thread.c - the second thread that renders emitted trees (see
 * render_thread.h). The converter and the thread share two rings and no
 * lock: the items to render (the converter writes them, the thread reads
 * them in order) and the arenas the thread emptied (the other way round).
 * Each side says what it did with an atomic count. A side with nothing to
 * do looks again for a while (SPIN) before it sleeps, and is woken only
 * when it sleeps: a sleep and its wake-up cost each side a futex call and
 * the sleeper some 50 us before it runs again, while the converter hands
 * over a service every 10 us or so. (With one lock, 10,000 services made
 * about 1,350 context switches; now about 580, perf stat.) How long a side
 * looks adapts (wait_until): on a machine busy with other work the other
 * side is often not running, and looking would only take a core. On one
 * processor neither side looks, and each wakes the other only when it
 * would otherwise wait for it.
 *
 * Sleeping, in one order every thread sees (the atomics' default): a side
 * says it sleeps, then looks at the other's count once more, under the
 * mutex it waits on; the other side changes its count, then looks whether
 * this one sleeps, and if so signals under the mutex. One of the two sees
 * the other's change, so no wake-up is lost. */
#define _GNU_SOURCE   /* sched_getaffinity, CPU_COUNT */
#include "render_thread.h"
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../parser/render.h"

/* Items queued and not yet rendered, at most (a power of two): past this
 * many the converter waits. */
#define RING 1024
/* Arenas handed over that the thread has not emptied yet: past this many,
 * the converter waits for it (each holds a service's trees; a thread that
 * lags, on a busy machine, would otherwise keep every service's). */
#define BACKLOG 12
/* Emptied arenas kept for reuse (a power of two): a new one's first block is
 * zeroed whole (calloc, on the converter's thread), an emptied one only where
 * it was used (on the render thread). Room for all those in flight; one the
 * thread cannot keep is freed, and one the converter cannot get is new. */
#define POOL 16
/* Looks a side takes at the other's count before it sleeps: about 100 us at
 * most (a pause is some 40 ns); at least MIN_LOOKS while it adapts. */
#define SPIN 2000
#define MIN_LOOKS 32
/* Where the texts went is kept for this many ids at a time (never moved, so
 * that the thread writes there while the converter adds more). */
#define CHUNK 4096

/* Where item ID's text went: kept (16 bytes an item) after the item left the ring. */
typedef struct placed { size_t at, len; } placed;

typedef struct item {
    const cl_node *node;       /* NULL: an arena to empty, or a tree to build */
    cl_node *(*build)(void *ctx, cl_arena *a);   /* not NULL: makes the tree (cl_em_render_build) */
    void *ctx;
    cl_spool *text;
    int stream;
    const char *prefix;
    placed *out;               /* NULL: an arena to empty */
    cl_arena arena;
} item;

struct cl_em_renderer {
    item ring[RING];           /* item K at ring[K % RING] */
    cl_arena pool[POOL];       /* emptied arena K at pool[K % POOL] */
    /* the converter's, apart from the thread's (each line written by one side) */
    _Alignas(64) size_t written;   /* items written into the ring (published as HEAD at a hand-over) */
    size_t handed;             /* arenas handed over */
    size_t reused;             /* emptied arenas taken back (published as TAKEN) */
    size_t ids;                /* ids given */
    placed **chunks;           /* where the texts went: CHUNK ids each */
    size_t nchunks;
    atomic_size_t head;        /* items the thread may render */
    atomic_size_t taken;       /* emptied arenas taken back */
    atomic_int closing;
    atomic_int converter_sleeps;
    /* the thread's */
    _Alignas(64) atomic_size_t done;   /* items rendered: their places in the ring are free */
    atomic_size_t emptied;     /* arenas emptied (kept or freed) */
    atomic_size_t kept;        /* emptied arenas put in the pool */
    atomic_int thread_sleeps;
    cl_arena built;            /* where the trees it builds are made */
    /* sleeping */
    pthread_mutex_t mu;
    pthread_cond_t wake_thread, wake_converter;
    int spin;                  /* SPIN, or 0 on one processor (the other side could not run meanwhile) */
    int thread_looks, converter_looks;   /* each side's looks now (wait_until), its own */
    pthread_t t;
};

void cl_em_render_now(cl_spool *text, int stream, const char *prefix, const cl_node *node, size_t *at, size_t *len)
{
    cl_buf *t = cl_spool_tail(text, stream);
    cl_buf_puts(t, prefix);
    *at = cl_spool_len(text, stream);
    cl_render_yaml(t, node);
    *len = cl_spool_len(text, stream) - *at;
    cl_spool_flush(text, stream);
}

static inline void relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

static inline size_t load(atomic_size_t *v) { return atomic_load_explicit(v, memory_order_acquire); }

/* The thread has more to render than DONE, or is to stop. */
static int thread_may_go(cl_em_renderer *r, size_t done)
{
    return atomic_load(&r->head) != done || atomic_load(&r->closing);
}

/* The converter may write an item (the ring has room) and, with ARENA, hand
 * over an arena (the thread lags fewer than BACKLOG arenas behind). */
static int converter_may_go(cl_em_renderer *r, size_t arena)
{
    return r->written - atomic_load(&r->done) < RING && (!arena || r->handed - atomic_load(&r->emptied) < BACKLOG);
}

/* One side waits until MAY_GO(R, ARG): it looks up to *LOOKS times, then
 * sleeps on CV, having said so in SLEEPS (see the top of the file). Its
 * looks adapt: halved when they found nothing (the other side is not
 * running: on a machine busy with other work, looking only takes a core
 * from it), doubled again, up to r->spin, when they did. */
static void wait_until(cl_em_renderer *r, int (*may_go)(cl_em_renderer *, size_t), size_t arg, int *looks,
                       atomic_int *sleeps, pthread_cond_t *cv)
{
    for (int i = 0; i < *looks; i++) {
        if (may_go(r, arg)) {
            *looks = *looks * 2 < r->spin ? *looks * 2 : r->spin;
            return;
        }
        relax();
    }
    if (r->spin) *looks = *looks / 2 > MIN_LOOKS ? *looks / 2 : MIN_LOOKS;
    pthread_mutex_lock(&r->mu);
    atomic_store(sleeps, 1);
    while (!may_go(r, arg)) pthread_cond_wait(cv, &r->mu);
    atomic_store(sleeps, 0);
    pthread_mutex_unlock(&r->mu);
}

/* After its count changed: wakes the side that sleeps on it, if it does. */
static void wake(cl_em_renderer *r, atomic_int *sleeps, pthread_cond_t *cv)
{
    if (!atomic_load(sleeps)) return;
    pthread_mutex_lock(&r->mu);
    pthread_cond_signal(cv);
    pthread_mutex_unlock(&r->mu);
}

/* Empties arena A, and keeps it for the converter when the pool has room. */
static void give_back(cl_em_renderer *r, cl_arena *a)
{
    size_t kept = atomic_load_explicit(&r->kept, memory_order_relaxed);
    if (kept - load(&r->taken) < POOL) {
        cl_arena_reset(a);
        r->pool[kept % POOL] = *a;
        atomic_store_explicit(&r->kept, kept + 1, memory_order_release);
    } else cl_arena_free(a);
}

static void *render_run(void *arg)
{
    cl_em_renderer *r = arg;
    size_t done = 0, emptied = 0;
    for (;;) {
        size_t head = load(&r->head);
        if (head == done) {
            if (atomic_load(&r->closing) && atomic_load(&r->head) == done) break;
            wait_until(r, thread_may_go, done, &r->thread_looks, &r->thread_sleeps, &r->wake_thread);
            continue;
        }
        for (; done < head; done++) {
            item *it = &r->ring[done % RING];
            if (it->out) {
                const cl_node *node = it->build ? it->build(it->ctx, &r->built) : it->node;
                if (node) cl_em_render_now(it->text, it->stream, it->prefix, node, &it->out->at, &it->out->len);
                if (it->build) cl_arena_reset(&r->built);
            } else {
                give_back(r, &it->arena);
                atomic_store(&r->emptied, ++emptied);
            }
            atomic_store(&r->done, done + 1);
            /* the converter waits for room: woken at once, or on one
             * processor once all is rendered (as publish says) */
            if (r->spin || done + 1 == head) wake(r, &r->converter_sleeps, &r->wake_converter);
        }
    }
    return NULL;
}

/* The processors this process may run on (taskset, a container's cpuset),
 * not only those the machine has. */
static int processors(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) return CPU_COUNT(&set);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

cl_em_renderer *cl_em_renderer_start(void)
{
    cl_em_renderer *r = aligned_alloc(64, (sizeof *r + 63) / 64 * 64);
    if (!r) abort();
    memset(r, 0, sizeof *r);
    r->spin = r->thread_looks = r->converter_looks = processors() > 1 ? SPIN : 0;
    atomic_init(&r->head, 0);
    atomic_init(&r->taken, 0);
    atomic_init(&r->closing, 0);
    atomic_init(&r->converter_sleeps, 0);
    atomic_init(&r->done, 0);
    atomic_init(&r->emptied, 0);
    atomic_init(&r->kept, 0);
    atomic_init(&r->thread_sleeps, 0);
    cl_arena_init(&r->built);
    if (!pthread_mutex_init(&r->mu, NULL)) {
        if (!pthread_cond_init(&r->wake_thread, NULL)) {
            if (!pthread_cond_init(&r->wake_converter, NULL)) {
                if (!pthread_create(&r->t, NULL, render_run, r)) return r;
                pthread_cond_destroy(&r->wake_converter);
            }
            pthread_cond_destroy(&r->wake_thread);
        }
        pthread_mutex_destroy(&r->mu);
    }
    cl_arena_free(&r->built);
    free(r);
    return NULL;
}

/* The items written so far go to the thread, woken if it sleeps: at once
 * with two processors; with one, only when the converter is about to wait
 * for it (the two take turns at the processor: each wake-up is two context
 * switches, and so the thread renders as much as it may lag at a time). */
static void publish(cl_em_renderer *r)
{
    if (atomic_load_explicit(&r->head, memory_order_relaxed) == r->written) return;
    atomic_store(&r->head, r->written);
    if (!r->spin && converter_may_go(r, 1)) return;
    wake(r, &r->thread_sleeps, &r->wake_thread);
}

/* Writes IT into the ring (the converter's alone until published), first
 * handing over what is written and waiting for room when the ring is full. */
static void push(cl_em_renderer *r, const item *it)
{
    if (!converter_may_go(r, 0)) {
        publish(r);
        wait_until(r, converter_may_go, 0, &r->converter_looks, &r->converter_sleeps, &r->wake_converter);
    }
    r->ring[r->written % RING] = *it;
    r->written++;
}

/* A new id, and the place where its text will go. */
static placed *new_id(cl_em_renderer *r, size_t *id)
{
    size_t k = r->ids++;
    if (k / CHUNK == r->nchunks) {
        r->chunks = realloc(r->chunks, (r->nchunks + 1) * sizeof *r->chunks);
        if (!r->chunks) abort();
        r->chunks[r->nchunks] = calloc(CHUNK, sizeof **r->chunks);
        if (!r->chunks[r->nchunks]) abort();
        r->nchunks++;
    }
    *id = k + 1;
    return &r->chunks[k / CHUNK][k % CHUNK];
}

size_t cl_em_render(cl_em_renderer *r, const cl_node *node, cl_spool *text, int stream, const char *prefix)
{
    size_t id;
    item it = { node, NULL, NULL, text, stream, prefix, new_id(r, &id), { NULL, 0, NULL, NULL } };
    push(r, &it);
    return id;
}

size_t cl_em_render_build(cl_em_renderer *r, cl_node *(*build)(void *ctx, cl_arena *a), void *ctx,
                          cl_spool *text, int stream, const char *prefix)
{
    size_t id;
    item it = { NULL, build, ctx, text, stream, prefix, new_id(r, &id), { NULL, 0, NULL, NULL } };
    push(r, &it);
    return id;
}

void cl_em_render_arena(cl_em_renderer *r, cl_arena *a)
{
    if (r->reused < load(&r->kept)) {
        *a = r->pool[r->reused % POOL];
        atomic_store_explicit(&r->taken, ++r->reused, memory_order_release);
    } else cl_arena_init(a);
}

void cl_em_render_next_arena(cl_em_renderer *r, cl_arena *a)
{
    item it = { NULL, NULL, NULL, NULL, 0, NULL, NULL, *a };
    push(r, &it);
    r->handed++;
    publish(r);
    if (!converter_may_go(r, 1))   /* it lags */
        wait_until(r, converter_may_go, 1, &r->converter_looks, &r->converter_sleeps, &r->wake_converter);
    cl_em_render_arena(r, a);
}

void cl_em_render_go(cl_em_renderer *r) { publish(r); }

void cl_em_renderer_finish(cl_em_renderer *r)
{
    atomic_store(&r->head, r->written);
    atomic_store(&r->closing, 1);
    pthread_mutex_lock(&r->mu);
    pthread_cond_signal(&r->wake_thread);
    pthread_mutex_unlock(&r->mu);
    pthread_join(r->t, NULL);
}

void cl_em_rendered(const cl_em_renderer *r, size_t id, size_t *at, size_t *len)
{
    const placed *p = &r->chunks[(id - 1) / CHUNK][(id - 1) % CHUNK];
    *at = p->at;
    *len = p->len;
}

void cl_em_renderer_free(cl_em_renderer *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->nchunks; i++) free(r->chunks[i]);
    free(r->chunks);
    for (size_t k = r->reused; k < atomic_load(&r->kept); k++) cl_arena_free(&r->pool[k % POOL]);
    cl_arena_free(&r->built);
    pthread_cond_destroy(&r->wake_converter);
    pthread_cond_destroy(&r->wake_thread);
    pthread_mutex_destroy(&r->mu);
    free(r);
}
