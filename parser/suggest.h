/* suggest.h - "did you mean": one edit distance and one picker of the closest
 * name, for every message that proposes a spelling (schema keys and enum
 * values, rule names, configuration keys and rule options). Callers choose the
 * metric and the policy; each keeps the suggestions it has always printed. */
#ifndef CL_SUGGEST_H
#define CL_SUGGEST_H
#include <stddef.h>

enum {
    CL_EDIT_SWAPS = 1u << 0,   /* two neighbours swapped is one edit (optimal string
                                  alignment); otherwise plain Levenshtein */
    CL_EDIT_NOCASE = 1u << 1,  /* bytes compare with bit 5 ignored (ASCII case; so
                                  also '[' and '{' and the like) */
    CL_SUGGEST_UNIQUE = 1u << 2, /* cl_suggest: no suggestion when two names tie */
};

/* Edits between A (LA bytes) and B (LB bytes) under HOW (CL_EDIT_*);
 * (size_t)-1 when either is longer than 64 bytes. */
size_t cl_edit_distance(const char *a, size_t la, const char *b, size_t lb, unsigned how);

/* The candidate NAME_AT(SET, i), i = 0, 1, ... until it returns NULL, closest
 * to WORD (LEN bytes) and at most MAX edits away, or NULL. A name that differs
 * from WORD only in case is at distance 0. On a tie the first name wins, or
 * none with CL_SUGGEST_UNIQUE in HOW. */
const char *cl_suggest(const char *word, size_t len, const void *set,
                       const char *(*name_at)(const void *set, size_t i), size_t max, unsigned how);
/* NAME_AT for a NULL-terminated array of strings. */
const char *cl_suggest_strv(const void *set, size_t i);

/* The first candidate that begins with the same PREFIX bytes as WORD (a
 * NUL-terminated string; a shorter WORD must equal the candidate), or NULL. */
const char *cl_suggest_prefix(const char *word, const void *set,
                              const char *(*name_at)(const void *set, size_t i), size_t prefix);

#endif
