/* services_alphabetical_order.c - dclint's services-alphabetical-order: each
 * service that comes after one it should precede is reported, naming the first
 * service it should come before. O(n log n): names are ranked once and a
 * Fenwick tree over ranks finds the smallest earlier name that is greater. */
#include <stdlib.h>
#include "svcutil.h"

static void check(cl_rule_ctx *ctx)
{
    const cl_node *svcs = cl_services(ctx);
    if (!svcs || svcs->u.m.n < 2) return;
    uint32_t n = svcs->u.m.n;
    uint32_t *order = cl_sorted_names(svcs);   /* order[r] = item with rank r */
    uint32_t *rank = malloc(n * sizeof *rank), *tree = calloc(n + 1, sizeof *tree);
    if (!rank || !tree) abort();
    for (uint32_t r = 0; r < n; r++) rank[order[r]] = r;
    uint32_t top = 1;
    while (top * 2 <= n) top *= 2;
    size_t first = (size_t)-1;   /* an index: later reports may move the list */
    for (uint32_t i = 0, seen = 0; i < n; i++, seen++) {
        uint32_t r = rank[i];
        uint32_t below = 0;                       /* earlier names ranked <= r */
        for (uint32_t x = r + 1; x; x -= x & -x) below += tree[x];
        if (below < seen) {                       /* the (below+1)-th smallest earlier rank */
            uint32_t pos = 0, want = below + 1;
            for (uint32_t step = top; step; step >>= 1)
                if (pos + step <= n && tree[pos + step] < want) { pos += step; want -= tree[pos]; }
            const cl_node *k = svcs->u.m.items[i].key, *before = svcs->u.m.items[order[pos]].key;
            cl_diag *g = cl_svc_report(ctx, k, NULL, k, "service '%s' should come before '%s' (services in alphabetical order)",
                                       k->u.s.text, before->u.s.text);
            if (first == (size_t)-1) first = (size_t)(g - ctx->out->v);
        }
        for (uint32_t x = r + 1; x <= n; x += x & -x) tree[x]++;
    }
    if (first != (size_t)-1) cl_attach_reorder_fix(ctx, &ctx->out->v[first], svcs, order, "sort the services alphabetically");
    free(order);
    free(rank);
    free(tree);
}

const cl_rule cl_rule_services_alphabetical_order = {
    .code = "CL014", .name = "services-alphabetical-order", .category = CL_CAT_STYLE,
    .severity = CL_SEV_INFO, .enabled = 0,
    .summary = "Services are not in alphabetical order.",
    .rationale = "A house style from dclint: in a long file, services in alphabetical order are found "
        "at once and merge conflicts shrink. The fix moves each service with its comments. Off by default.",
    .bad_example = "services:\n  web:\n    image: nginx:1.27\n  api:\n    image: shop/api:1.4.2\n",
    .good_example = "services:\n  api:\n    image: shop/api:1.4.2\n  web:\n    image: nginx:1.27\n",
    .fix = CL_FIX_SAFE,
    .check = check,
};
