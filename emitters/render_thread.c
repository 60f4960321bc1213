/* render_thread.c - the second thread that renders emitted trees (see
 * render_thread.h). The queue is under one mutex; rendering happens outside
 * it, on copies of the items. Both sides take the mutex once a batch, not
 * once an item: the converter gathers what it queues and hands it over when
 * it wakes the thread or frees an arena (a service's objects at once), the
 * thread takes every item ready. A lock an item (ten a service) made the two
 * threads meet at the mutex, and each meeting cost a futex call: the
 * converter takes it once a service (cl_em_render_next_arena). */
#include "render_thread.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "../parser/render.h"

/* Items queued before the sleeping thread is woken: a wake-up costs more than rendering one. */
#define BATCH 256
/* Arenas queued for freeing that the thread has not reached yet: past this
 * many, the converter waits for it (each holds a service's trees; a thread
 * that lags, on a busy machine, would otherwise keep every service's). Half
 * as many wake the sleeping thread, however few items they hold: the
 * converter then seldom waits. */
#define BACKLOG 24
/* Arenas kept for reuse: a new one's first block is zeroed whole (calloc, on
 * the converter's thread), an emptied one only where it was used (on the
 * render thread). Room for all those in flight: the thread empties them in
 * bursts, and an arena it cannot keep is one the converter makes anew. */
#define POOL (BACKLOG + 8)
/* Items the thread copies out of the queue at once. */
#define TAKE 64

typedef struct item {
    const cl_node *node;       /* NULL: an arena to free, or a tree to build */
    cl_node *(*build)(void *ctx, cl_arena *a);   /* not NULL: makes the tree (cl_em_render_build) */
    void *ctx;
    cl_spool *text;
    int stream;
    const char *prefix;
    cl_arena arena;
} item;

/* Where item ID's text went: kept (16 bytes an item) after the item left the queue. */
typedef struct placed { size_t at, len; } placed;

struct cl_em_renderer {
    pthread_t t;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    item *v;                   /* the queue: V[0] is item BASE + 1 (those before are done) */
    size_t n, cap, next;       /* queued, room, the next one to render */
    size_t ready;              /* queued before the last cl_em_render_go */
    size_t base;
    placed *res;               /* by id - 1: filled as items are rendered */
    size_t rescap;
    int closing;
    int waiting;               /* the thread sleeps: woken once a batch is ready */
    cl_arena pool[POOL];       /* arenas the thread emptied, for reuse */
    size_t npool;
    size_t backlog;            /* arenas queued and not yet emptied */
    pthread_cond_t caught_up;  /* signalled when BACKLOG drops below the bound */
    item *pend;                /* the converter's: queued since the last hand-over (no lock) */
    size_t npend, cappend;
    size_t pushed;             /* the converter's: items queued in all (the last id given) */
    cl_arena built;            /* the thread's: where the trees it builds are made */
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

static void *render_run(void *arg)
{
    cl_em_renderer *r = arg;
    item take[TAKE];
    placed done[TAKE];
    pthread_mutex_lock(&r->mu);
    for (;;) {
        /* asleep until a batch is ready (as the converter wakes it), not
         * woken for each service's few items: each wake-up is a futex call */
        while (!r->closing && (r->next == r->ready || (r->ready - r->next < BATCH && r->backlog < BACKLOG / 2))) {
            r->waiting = 1;
            pthread_cond_wait(&r->cv, &r->mu);
            r->waiting = 0;
        }
        if (r->next == r->ready && r->closing) break;
        size_t n = r->ready - r->next < TAKE ? r->ready - r->next : TAKE;
        size_t first = r->base + r->next + 1;   /* the id of take[0] */
        memcpy(take, r->v + r->next, n * sizeof *take);
        r->next += n;
        pthread_mutex_unlock(&r->mu);
        int built = 0;
        for (size_t i = 0; i < n; i++) {
            done[i] = (placed){ 0, 0 };
            if (take[i].build) {
                take[i].node = take[i].build(take[i].ctx, &r->built);
                built = 1;
            }
            if (take[i].node) cl_em_render_now(take[i].text, take[i].stream, take[i].prefix, take[i].node, &done[i].at, &done[i].len);
            else if (!take[i].build) cl_arena_reset(&take[i].arena);
        }
        if (built) cl_arena_reset(&r->built);
        size_t nfree = 0;
        pthread_mutex_lock(&r->mu);
        for (size_t i = 0; i < n; i++) {
            r->res[first + i - 1] = done[i];
            if (take[i].node || take[i].build) continue;
            /* back to the pool, or freed (below, unlocked) when it is full */
            if (r->backlog-- == BACKLOG) pthread_cond_signal(&r->caught_up);
            if (r->npool < POOL) r->pool[r->npool++] = take[i].arena;
            else take[nfree++].arena = take[i].arena;
        }
        if (nfree) {
            pthread_mutex_unlock(&r->mu);
            for (size_t i = 0; i < nfree; i++) cl_arena_free(&take[i].arena);
            pthread_mutex_lock(&r->mu);
        }
    }
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

cl_em_renderer *cl_em_renderer_start(void)
{
    cl_em_renderer *r = calloc(1, sizeof *r);
    if (!r) abort();
    if (pthread_mutex_init(&r->mu, NULL)) { free(r); return NULL; }
    cl_arena_init(&r->built);
    if (pthread_cond_init(&r->cv, NULL)) { pthread_mutex_destroy(&r->mu); cl_arena_free(&r->built); free(r); return NULL; }
    if (pthread_cond_init(&r->caught_up, NULL)) {
        pthread_cond_destroy(&r->cv);
        pthread_mutex_destroy(&r->mu);
        cl_arena_free(&r->built);
        free(r);
        return NULL;
    }
    if (pthread_create(&r->t, NULL, render_run, r)) {
        pthread_cond_destroy(&r->caught_up);
        pthread_cond_destroy(&r->cv);
        pthread_mutex_destroy(&r->mu);
        cl_arena_free(&r->built);
        free(r);
        return NULL;
    }
    return r;
}

/* Gathers IT for the next hand-over (the converter's alone: no lock); returns its id. */
static size_t push(cl_em_renderer *r, const item *it)
{
    if (r->npend == r->cappend) {
        r->cappend = r->cappend ? r->cappend * 2 : 64;
        r->pend = realloc(r->pend, r->cappend * sizeof *r->pend);
        if (!r->pend) abort();
    }
    r->pend[r->npend++] = *it;
    return ++r->pushed;
}

/* Moves the gathered items to the queue; with the lock held (the array may
 * move: the thread reads it under the lock too). */
static void hand_over(cl_em_renderer *r)
{
    if (r->next >= 1024 && r->next >= r->n / 2) {   /* the items done leave the queue */
        memmove(r->v, r->v + r->next, (r->n - r->next) * sizeof *r->v);
        r->base += r->next;
        r->n -= r->next;
        r->ready -= r->next;
        r->next = 0;
    }
    if (r->n + r->npend > r->cap) {
        size_t cap = r->cap ? r->cap : 256;
        while (cap < r->n + r->npend) cap *= 2;
        item *v = realloc(r->v, cap * sizeof *v);
        if (!v) abort();
        r->v = v;
        r->cap = cap;
    }
    if (r->pushed > r->rescap) {
        size_t cap = r->rescap ? r->rescap : 256;
        while (cap < r->pushed) cap *= 2;
        placed *res = realloc(r->res, cap * sizeof *res);
        if (!res) abort();
        r->res = res;
        r->rescap = cap;
    }
    if (r->npend) memcpy(r->v + r->n, r->pend, r->npend * sizeof *r->pend);
    r->n += r->npend;
    r->npend = 0;
}

size_t cl_em_render(cl_em_renderer *r, const cl_node *node, cl_spool *text, int stream, const char *prefix)
{
    item it = { node, NULL, NULL, text, stream, prefix, { NULL, 0, NULL, NULL } };
    return push(r, &it);
}

size_t cl_em_render_build(cl_em_renderer *r, cl_node *(*build)(void *ctx, cl_arena *a), void *ctx,
                          cl_spool *text, int stream, const char *prefix)
{
    item it = { NULL, build, ctx, text, stream, prefix, { NULL, 0, NULL, NULL } };
    return push(r, &it);
}

void cl_em_render_next_arena(cl_em_renderer *r, cl_arena *a)
{
    item it = { NULL, NULL, NULL, NULL, 0, NULL, *a };
    push(r, &it);
    pthread_mutex_lock(&r->mu);
    hand_over(r);
    r->ready = r->n;
    /* the sleeping thread is woken for half the arenas it may lag, or a batch
     * of items: once the lock is let go (woken under it, it met the lock
     * held, and slept once more until it was) */
    int wake = (++r->backlog >= BACKLOG / 2 || r->ready - r->next >= BATCH) && r->waiting;
    if (r->backlog >= BACKLOG) {   /* it lags: waited for */
        if (wake) pthread_cond_signal(&r->cv);
        wake = 0;
        while (r->backlog >= BACKLOG) pthread_cond_wait(&r->caught_up, &r->mu);
    }
    if (r->npool) *a = r->pool[--r->npool];
    else cl_arena_init(a);
    pthread_mutex_unlock(&r->mu);
    if (wake) pthread_cond_signal(&r->cv);
}

void cl_em_render_arena(cl_em_renderer *r, cl_arena *a)
{
    pthread_mutex_lock(&r->mu);
    if (r->npool) *a = r->pool[--r->npool];
    else cl_arena_init(a);
    pthread_mutex_unlock(&r->mu);
}

void cl_em_render_go(cl_em_renderer *r)
{
    pthread_mutex_lock(&r->mu);
    hand_over(r);
    r->ready = r->n;
    int wake = r->waiting && r->ready - r->next >= BATCH;
    pthread_mutex_unlock(&r->mu);
    if (wake) pthread_cond_signal(&r->cv);
}

void cl_em_renderer_finish(cl_em_renderer *r)
{
    pthread_mutex_lock(&r->mu);
    hand_over(r);
    r->ready = r->n;
    r->closing = 1;
    pthread_cond_signal(&r->cv);
    pthread_mutex_unlock(&r->mu);
    pthread_join(r->t, NULL);
}

void cl_em_rendered(const cl_em_renderer *r, size_t id, size_t *at, size_t *len)
{
    *at = r->res[id - 1].at;
    *len = r->res[id - 1].len;
}

void cl_em_renderer_free(cl_em_renderer *r)
{
    if (!r) return;
    free(r->v);
    free(r->pend);
    free(r->res);
    for (size_t i = 0; i < r->npool; i++) cl_arena_free(&r->pool[i]);
    cl_arena_free(&r->built);
    pthread_cond_destroy(&r->caught_up);
    pthread_cond_destroy(&r->cv);
    pthread_mutex_destroy(&r->mu);
    free(r);
}
