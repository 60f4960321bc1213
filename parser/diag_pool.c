/* diag_pool.c - see diag_pool.h. */
#include "diag_pool.h"
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

/* A block's number (diag_pool.h): PAGE_BITS for its page. A page's first 8
 * bytes hold no block: no number is 0. */
enum { OFF_BITS = CL_POOL_OFF_BITS, PAGE = 8 << OFF_BITS, PAGE_BITS = 18, DIR_BITS = CL_POOL_DIR_BITS };
#define BIG (UINT32_C(1) << 31)
_Static_assert(OFF_BITS + PAGE_BITS < 32, "a number fits in 31 bits");

typedef struct pool {
    uint32_t free[CL_POOL_CLASSES];   /* by class: the first free block's number,
                                         which holds the next one's (0: none) */
    char *bump;            /* the rest of the current page */
    size_t left;
    uint32_t page;         /* its number */
    struct pool *next;     /* in the reserve */
} pool;

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
/* the pages by number, in chunks that never move: a block is found from
 * any thread without the lock (its number came through the findings' lists,
 * after its page was written here); kept, and reachable for the leak checker */
char **cl_pool_dir_[1u << (PAGE_BITS - DIR_BITS)];
static uint32_t npages;
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

/* A new page for PL (under MU). */
static void page_new(pool *pl)
{
    char *pg = malloc(PAGE);
    if (!pg) abort();
    pthread_mutex_lock(&mu);
    uint32_t k = npages++;
    if (k >> PAGE_BITS) abort();   /* 16 GiB of findings */
    char ***chunk = &cl_pool_dir_[k >> DIR_BITS];
    if (!*chunk && !(*chunk = calloc((size_t)1 << DIR_BITS, sizeof **chunk))) abort();
    (*chunk)[k & ((1u << DIR_BITS) - 1)] = pg;
    pthread_mutex_unlock(&mu);
    pl->page = k;
    pl->bump = pg + 8;
    pl->left = PAGE - 8;
    POISON(pl->bump, pl->left);
}

static uint32_t number(const pool *pl, const char *p)
{
    return pl->page << OFF_BITS | (uint32_t)((size_t)(p - (pl->bump - (PAGE - pl->left))) / 8);
}

static void *at(uint32_t h)
{
    uint32_t k = h >> OFF_BITS;
    return cl_pool_dir_[k >> DIR_BITS][k & ((1u << DIR_BITS) - 1)] + (size_t)(h & ((1u << OFF_BITS) - 1)) * 8;
}

static void *small_alloc(size_t c, uint32_t *h)
{
    pool *pl = my_pool();
    if (pl->free[c]) {
        *h = pl->free[c];
        char *s = at(*h);
        UNPOISON(s, c * 8);
        memcpy(&pl->free[c], s, sizeof pl->free[c]);
        return s;
    }
    if (pl->left < c * 8) page_new(pl);
    char *p = pl->bump;
    *h = number(pl, p);
    pl->bump += c * 8;
    pl->left -= c * 8;
    UNPOISON(p, c * 8);
    return p;
}

unsigned cl_pool_class_of(size_t n)
{
    size_t c = (n + 7) / 8;
    return !c ? 1 : c >= CL_POOL_CLASSES ? 0 : (unsigned)c;
}

void *cl_pool_alloc(size_t n, unsigned *cls, uint32_t *h)
{
    size_t c = cl_pool_class_of(n);
    if (!c) {
        *cls = 0;
        void *p = malloc(n);
        if (!p) abort();
        memcpy(small_alloc(1, h), &p, sizeof p);
        *h |= BIG;
        return p;
    }
    *cls = (unsigned)c;
    return small_alloc(c, h);
}

void cl_pool_free(uint32_t h, unsigned cls)
{
    if (!h) return;
    if (!cls) {
        free(cl_pool_at(h));
        h &= ~BIG;
        cls = 1;
    }
    pool *pl = my_pool();
    char *s = at(h);
    memcpy(s, &pl->free[cls], sizeof pl->free[cls]);
    pl->free[cls] = h;
    POISON(s + sizeof h, cls * 8 - sizeof h);
}
