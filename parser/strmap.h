/* strmap.h - the one hash map of strings: keys are copied (into chunks, not
 * one malloc each: it was tuned for the rules on 10,000 services), each entry
 * carries a pointer and a number for the caller. Open addressing, load <= 3/4.
 * And cl_strset, a set of strings that stay where they are. */
#ifndef CL_STRMAP_H
#define CL_STRMAP_H
#include <stddef.h>
#include <stdint.h>

typedef struct cl_strmap_ent { char *key; size_t len; uint32_t hash; const void *val; long aux; } cl_strmap_ent;
typedef struct cl_strmap {
    cl_strmap_ent *e;
    size_t cap, n;
    char *chunk;               /* the keys' text, in chunks (each starts with a link to the one before) */
    char *next;                /* free room in the newest chunk */
    size_t left;
} cl_strmap;
void cl_strmap_init(cl_strmap *m);
void cl_strmap_free(cl_strmap *m);
/* The entry for KEY, or NULL. */
cl_strmap_ent *cl_strmap_get(const cl_strmap *m, const char *key, size_t len);
/* The entry for KEY, added with VAL and AUX when missing (*added set to 1). */
cl_strmap_ent *cl_strmap_put(cl_strmap *m, const char *key, size_t len, const void *val, long aux, int *added);
/* Room for N entries in all without growing (what N puts would grow it to). */
void cl_strmap_reserve(cl_strmap *m, size_t n);

/* A set of strings it does not copy (each must outlive the set): 16 bytes an
 * entry at load <= 3/4, for many names only asked "is it there". */
typedef struct cl_strset {
    struct cl_strset_ent { const char *s; uint32_t len, hash; } *e;
    size_t cap, n;
} cl_strset;
void cl_strset_init(cl_strset *m);
void cl_strset_free(cl_strset *m);
void cl_strset_add(cl_strset *m, const char *s, size_t len);
int cl_strset_has(const cl_strset *m, const char *s, size_t len);

#endif
