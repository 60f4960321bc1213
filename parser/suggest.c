#include "suggest.h"
#include <string.h>
#include <strings.h>

enum { MAXL = 64 };

static int same(char x, char y, unsigned how)
{
    return (how & CL_EDIT_NOCASE) ? (x | 32) == (y | 32) : x == y;
}

size_t cl_edit_distance(const char *a, size_t la, const char *b, size_t lb, unsigned how)
{
    if (la > MAXL || lb > MAXL) return (size_t)-1;
    size_t d[MAXL + 1][MAXL + 1];
    for (size_t i = 0; i <= la; i++) d[i][0] = i;
    for (size_t j = 0; j <= lb; j++) d[0][j] = j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = !same(a[i - 1], b[j - 1], how);
            size_t v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v) v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < v) v = d[i - 1][j - 1] + cost;
            if ((how & CL_EDIT_SWAPS) && i > 1 && j > 1 && same(a[i - 1], b[j - 2], how) &&
                same(a[i - 2], b[j - 1], how) && d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    return d[la][lb];
}

const char *cl_suggest(const char *word, size_t len, const void *set,
                       const char *(*name_at)(const void *set, size_t i), size_t max, unsigned how)
{
    size_t best = (size_t)-1;
    const char *pick = NULL;
    int tie = 0;
    for (size_t i = 0;; i++) {
        const char *c = name_at(set, i);
        if (!c) break;
        size_t cl = strlen(c), d = cl_edit_distance(word, len, c, cl, how);
        if (d && cl == len && !strncasecmp(word, c, len)) d = 0;   /* differs only in case */
        if (d < best) { best = d; pick = c; tie = 0; }
        else if (d == best) tie = 1;
    }
    if (best > max || (tie && (how & CL_SUGGEST_UNIQUE))) return NULL;
    return pick;
}

const char *cl_suggest_strv(const void *set, size_t i) { return ((const char *const *)set)[i]; }

const char *cl_suggest_prefix(const char *word, const void *set,
                              const char *(*name_at)(const void *set, size_t i), size_t prefix)
{
    for (size_t i = 0;; i++) {
        const char *c = name_at(set, i);
        if (!c || !strncmp(c, word, prefix)) return c;
    }
}
