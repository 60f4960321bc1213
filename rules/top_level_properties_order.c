/* top_level_properties_order.c - dclint's top-level-properties-order: x-*
 * extensions (alphabetically), version, name, include, services, networks,
 * volumes, secrets, configs. Keys out of order, and keys the order does not
 * know, are reported; the fix keeps unknown keys, after the known ones. */
#include <stdlib.h>
#include <string.h>
#include "svcutil.h"

static const cl_rule_option opts[] = {
    { "order", CL_OPT_LIST, "x-properties,version,name,include,services,networks,volumes,secrets,configs",
      "top-level keys in order; x-properties stands for every x-* key (alphabetically)" },
    { NULL, 0, NULL, NULL },
};

typedef struct tctx { const cl_node *root; const char *order; } tctx;

/* Rank of key I: its slot in the order list (x-* keys share the x-properties
 * slot and sort among themselves), or -1 when the list does not name it. */
static long slot(const tctx *c, uint32_t i)
{
    size_t n;
    const char *key = cl_item_name(c->root, i, &n);
    int ext = n >= 2 && key[0] == 'x' && key[1] == '-';
    long pos = 0;
    for (const char *p = c->order; p && *p; pos++) {
        size_t l = strcspn(p, ",");
        if (ext ? (l == 12 && !strncmp(p, "x-properties", 12)) : (l == n && !strncmp(p, key, n))) return pos;
        p += l;
        if (*p) p++;
    }
    return -1;
}

static int cmp(uint32_t a, uint32_t b, void *vc)
{
    const tctx *c = vc;
    long sa = slot(c, a), sb = slot(c, b);
    if (sa != sb) {
        if (sa < 0) return 1;
        if (sb < 0) return -1;
        return sa < sb ? -1 : 1;
    }
    if (sa < 0) return 0;                     /* unknown keys keep their order */
    size_t la, lb;
    const char *x = cl_item_name(c->root, a, &la), *y = cl_item_name(c->root, b, &lb);
    return cl_collate(x, la, y, lb, 0);
}

static void check(cl_rule_ctx *ctx)
{
    const cl_node *root = ctx->root;
    tctx c = { root, cl_rule_opt_str(ctx, "order") };
    long best = -1;
    size_t bestlen = 0;
    const char *bestname = NULL;
    size_t first = (size_t)-1;   /* an index: later reports may move the list */
    for (uint32_t i = 0; i < root->u.m.n; i++) {
        if (root->u.m.items[i].merged) continue;
        const cl_node *k = root->u.m.items[i].key;
        long s = slot(&c, i);
        int bad = s < 0 || s < best;
        if (!bad && s == best && bestname) bad = cl_collate(k->u.s.text, k->u.s.len, bestname, bestlen, 0) < 0;
        if (bad) {
            cl_diag *g = s < 0 ? cl_rule_report(ctx, k, "top-level key '%s' is not in the expected order (%s)", k->u.s.text, c.order)
                               : cl_rule_report(ctx, k, "top-level key '%s' is out of order: expected %s", k->u.s.text, c.order);
            if (first == (size_t)-1) first = (size_t)(g - ctx->out->v);
        } else {
            best = s;
            bestname = k->u.s.text;
            bestlen = k->u.s.len;
        }
    }
    if (first == (size_t)-1) return;
    uint32_t *perm = cl_sorted_perm(root->u.m.n, cmp, &c);
    int changes = 0;
    for (uint32_t i = 0; i < root->u.m.n; i++) if (perm[i] != i) changes = 1;
    if (changes) cl_attach_reorder_fix(ctx, &ctx->out->v[first], root, perm, "put the top-level keys in order");
    free(perm);
}

const cl_rule cl_rule_top_level_properties_order = {
    .code = "CL015", .name = "top-level-properties-order", .category = CL_CAT_STYLE,
    .severity = CL_SEV_INFO, .enabled = 0,
    .summary = "Top-level keys are not in the conventional order.",
    .rationale = "A house style from dclint: extensions (x-*) first so anchors are defined before use, "
        "then name, include, services and the resources they use. Keys the order does not know are "
        "reported too (dclint does); the fix keeps them after the known ones (dclint's fix drops "
        "them). Off by default.",
    .bad_example = "services:\n  web:\n    image: nginx:1.27\nname: shop\n",
    .good_example = "name: shop\nservices:\n  web:\n    image: nginx:1.27\n",
    .options = opts,
    .fix = CL_FIX_SAFE,
    .check = check,
};
