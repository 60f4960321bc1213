/* svcutil.h - helpers shared by the rules that look at services the way
 * dclint does: iterating services, reporting with a document path, reading
 * port entries, dclint's collation (JavaScript localeCompare for ASCII), and
 * fixes that reorder the items of a mapping or sequence as byte edits that
 * keep each item's comments, quoting and layout. */
#ifndef CL_SVCUTIL_H
#define CL_SVCUTIL_H
#include "textedit.h"

/* The `services` mapping, or NULL. */
const cl_node *cl_services(const cl_rule_ctx *ctx);
/* Reports at AT with path "services.SVC[.KEY]". */
cl_diag *cl_svc_report(cl_rule_ctx *ctx, const cl_node *svckey, const char *key, const cl_node *at,
                       const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* One ports entry (model/shortsyntax.h cl_port_read) as dclint sorts and
 * compares it: the host port text as written (or the container port when a
 * short entry has no host part), protocol and host IP. */
typedef struct cl_port_entry {
    char port[64];
    char proto[16];
    char ip[64];
    int published;             /* a host port is written (maybe empty: "127.0.0.1::80") */
    int ip_unknown;            /* the host IP still holds a ${VAR} */
    int known;                 /* the host port is read: LO..HI */
    long lo, hi;
} cl_port_entry;
void cl_port_parse(const cl_node *item, cl_port_entry *out);

/* Ordering of ASCII text like ICU's root collation (JavaScript localeCompare):
 * punctuation < digits < letters, case-insensitive first, lower case first on
 * ties; NUMERIC compares digit runs by value. */
int cl_collate(const char *a, size_t alen, const char *b, size_t blen, int numeric);

/* Builds the edits that put the items of collection COLL in the order PERM
 * (perm[i] = index of the item that goes to slot i). Block collections move
 * whole lines (an item carries the comment lines right above it); flow
 * collections swap item texts. Returns the number of edits, in order, or -1
 * when the layout does not allow a faithful reorder (merge keys, several items
 * on one line, aliases...). *EDITS and *LENS (each text's length) are
 * malloc'd: a flow collection's texts are slices of SRC (no NUL after them),
 * a block collection's one text is a malloc'd string. */
int cl_reorder_edits(const cl_source *src, const cl_node *coll, const uint32_t *perm, cl_edit **edits, uint32_t **lens);

/* Sorts indices 0..n-1 of COLL's items by KEY (stable); returns a malloc'd perm. */
uint32_t *cl_sorted_perm(uint32_t n, int (*cmp)(uint32_t a, uint32_t b, void *ctx), void *ctx);

/* Attaches to G the fix that puts COLL's items in order PERM (when the layout allows it). */
void cl_attach_reorder_fix(const cl_rule_ctx *ctx, cl_diag *g, const cl_node *coll, const uint32_t *perm, const char *what);
/* cl_sorted_perm(n, cl_cmp_item_names, COLL) faster: the order of COLL's items by name. */
uint32_t *cl_sorted_names(const cl_node *coll);
/* cl_sorted_perm comparator: items of the collection CTX by name (cl_collate). */
int cl_cmp_item_names(uint32_t a, uint32_t b, void *ctx);
/* Is PERM (from cl_sorted_perm with CMP) the identity up to ties, i.e. already in order? */
int cl_perm_in_order(const uint32_t *perm, uint32_t n, int (*cmp)(uint32_t, uint32_t, void *), void *ctx);
/* Text of item I of a mapping (its key) or a sequence (a scalar item, else ""). */
const char *cl_item_name(const cl_node *coll, uint32_t i, size_t *len);

#endif
