/* diag_pool.c - see diag_pool.h. */
#include "diag_pool.h"
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

enum { PAGE = 64 * 1024 };

typedef struct page { struct page *next; } page;   /* then the blocks */
typedef struct slot { struct slot *next; } slot;    /* a free block */

typedef struct pool {
    slot *free[CL_POOL_CLASSES];
    char *bump;            /* the rest of the current page */
    size_t left;
    struct pool *next;     /* in the reserve */
} pool;

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static page *pages;        /* all of them: kept, and reachable for the leak checker */
static pool *reserve;      /* pools of threads that ended */
static pool *all_pools[64];   /* reachable too (a pool past these is found by its thread) */
static size_t nall;
static pthread_key_t key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static _Thread_local pool *mine;

static void left_behind(void *p)
{
    pool *pl = p;
    pthread_mutex_lock(&mu);
    pl->next = reserve;
    reserve = pl;
    pthread_mutex_unlock(&mu);
}

static void make_key(void)
{
    if (pthread_key_create(&key, left_behind)) abort();
}

static pool *my_pool(void)
{
    if (mine) return mine;
    pthread_once(&key_once, make_key);
    pthread_mutex_lock(&mu);
    pool *pl = reserve;
    if (pl) reserve = pl->next;
    else {
        pl = calloc(1, sizeof *pl);
        if (!pl) abort();
        if (nall < sizeof all_pools / sizeof *all_pools) all_pools[nall++] = pl;
    }
    pthread_mutex_unlock(&mu);
    pl->next = NULL;
    if (pthread_setspecific(key, pl)) abort();
    mine = pl;
    return pl;
}

size_t cl_pool_class_size(unsigned cls) { return (size_t)cls * 8; }

void *cl_pool_alloc(size_t n, unsigned *cls)
{
    size_t c = (n + 7) / 8;
    if (!c) c = 1;
    if (c >= CL_POOL_CLASSES) {
        *cls = 0;
        void *p = malloc(n);
        if (!p) abort();
        return p;
    }
    *cls = (unsigned)c;
    pool *pl = my_pool();
    slot *s = pl->free[c];
    if (s) {
        UNPOISON(s, c * 8);
        pl->free[c] = s->next;
        return s;
    }
    if (pl->left < c * 8) {
        page *pg = malloc(PAGE);
        if (!pg) abort();
        pthread_mutex_lock(&mu);
        pg->next = pages;
        pages = pg;
        pthread_mutex_unlock(&mu);
        pl->bump = (char *)(pg + 1);
        pl->left = PAGE - sizeof *pg;
        pl->left -= pl->left % 8;
        POISON(pl->bump, pl->left);
    }
    void *p = pl->bump;
    pl->bump += c * 8;
    pl->left -= c * 8;
    UNPOISON(p, c * 8);
    return p;
}

void cl_pool_free(void *p, unsigned cls)
{
    if (!p) return;
    if (!cls) { free(p); return; }
    pool *pl = my_pool();
    slot *s = p;
    s->next = pl->free[cls];
    pl->free[cls] = s;
    POISON((char *)s + sizeof *s, cls * 8 - sizeof *s);
}
