/* diag_pool.h - the findings' blocks (parser/diag.c) cut from 64 KiB pages
 * in sizes of 8 to 248 bytes, without malloc's header and rounding (a run
 * under --select all keeps ~100,000 of them, most under 32 bytes). A block
 * is named by a 4-byte number (a finding holds that, not an 8-byte address);
 * a bigger block is malloc's, named through a small block holding its
 * address. Each thread has its own free lists; a thread that ends leaves
 * them, with the rest of its page, to the next one. Pages are kept for the
 * next findings, never given back. Under ASan a free block is poisoned. */
#ifndef CL_DIAG_POOL_H
#define CL_DIAG_POOL_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Size classes 1..CL_POOL_CLASSES-1 (8 bytes each); 0: a malloc'd block. */
enum { CL_POOL_CLASSES = 32 };

/* A block of N bytes at least; *CLS gets its class and *H its number (never
 * 0), both needed to free it. */
void *cl_pool_alloc(size_t n, unsigned *cls, uint32_t *h);
/* A block's number: its page's and its offset in the page by 8 bytes
 * (CL_POOL_OFF_BITS); the top bit: a malloc'd block, whose address the
 * numbered block holds. The pages by number, in chunks of 1 <<
 * CL_POOL_DIR_BITS that never move (diag_pool.c's). */
enum { CL_POOL_OFF_BITS = 13, CL_POOL_DIR_BITS = 10 };
extern char **cl_pool_dir_[];

/* The block numbered H (not 0). */
static inline void *cl_pool_at(uint32_t h)
{
    uint32_t k = (h & ~(UINT32_C(1) << 31)) >> CL_POOL_OFF_BITS;
    char *p = cl_pool_dir_[k >> CL_POOL_DIR_BITS][k & ((1u << CL_POOL_DIR_BITS) - 1)] +
              (size_t)(h & ((1u << CL_POOL_OFF_BITS) - 1)) * 8;
    if (!(h >> 31)) return p;
    void *big;
    memcpy(&big, p, sizeof big);
    return big;
}
/* The bytes a block of class CLS holds (0 for a malloc'd one). */
size_t cl_pool_class_size(unsigned cls);
/* The class cl_pool_alloc gives a block of N bytes. */
unsigned cl_pool_class_of(size_t n);
/* Frees the block numbered H (0: none) of class CLS. */
void cl_pool_free(uint32_t h, unsigned cls);

#endif
