/* service_keys_order.c - dclint's service-keys-order: keys of a service in
 * dclint's group order (core, dependencies, data, environment, network,
 * runtime, metadata, security), other keys after them alphabetically. Each key
 * that comes right after one it should precede is reported. */
#include <stdlib.h>
#include <string.h>
#include "svcutil.h"

static const cl_rule_option opts[] = {
    { "order", CL_OPT_LIST,
      "image,build,container_name,depends_on,volumes,volumes_from,configs,secrets,environment,env_file,"
      "ports,networks,network_mode,extra_hosts,command,entrypoint,working_dir,restart,healthcheck,"
      "logging,labels,user,isolation",
      "the known keys in order; any other key goes after them, alphabetically" },
    { NULL, 0, NULL, NULL },
};

typedef struct sctx { const cl_node *svc; const char *order; size_t nknown; } sctx;

/* Position of KEY in the order list, or -1. */
static long known_pos(const char *order, const char *key, size_t n)
{
    long i = 0;
    for (const char *p = order; p && *p; i++) {
        size_t l = strcspn(p, ",");
        if (l == n && !strncmp(p, key, n)) return i;
        p += l;
        if (*p) p++;
    }
    return -1;
}

static int cmp_keys(uint32_t a, uint32_t b, void *vc)
{
    sctx *c = vc;
    size_t la, lb;
    const char *x = cl_item_name(c->svc, a, &la), *y = cl_item_name(c->svc, b, &lb);
    long pa = known_pos(c->order, x, la), pb = known_pos(c->order, y, lb);
    if (pa >= 0 || pb >= 0) {
        if (pa < 0) return 1;
        if (pb < 0) return -1;
        return pa < pb ? -1 : pa > pb;
    }
    return cl_collate(x, la, y, lb, 0);
}

static void check(cl_rule_ctx *ctx)
{
    const cl_node *svcs = cl_services(ctx);
    const char *order = cl_rule_opt_str(ctx, "order");
    for (uint32_t i = 0; svcs && i < svcs->u.m.n; i++) {
        const cl_node *k = svcs->u.m.items[i].key, *s = svcs->u.m.items[i].value;
        if (!s || s->kind != CL_MAP || s->u.m.n < 2) continue;
        sctx c = { s, order, 0 };
        uint32_t *perm = cl_sorted_perm(s->u.m.n, cmp_keys, &c);
        size_t first = (size_t)-1;   /* an index: later reports may move the list */
        for (uint32_t j = 1; j < s->u.m.n; j++) {
            if (s->u.m.items[j].merged || s->u.m.items[j - 1].merged) continue;
            if (cmp_keys(j, j - 1, &c) >= 0) continue;
            const cl_node *key = s->u.m.items[j].key, *prev = s->u.m.items[j - 1].key;
            cl_diag *g = cl_svc_report(ctx, k, key->u.s.text, key, "key '%s' of service '%s' should come before '%s'",
                                       key->u.s.text, k->u.s.text, prev->u.s.text);
            if (first == (size_t)-1) first = (size_t)(g - ctx->out->v);
        }
        if (first != (size_t)-1) cl_attach_reorder_fix(ctx, &ctx->out->v[first], s, perm, "put the service's keys in order");
        free(perm);
    }
}

const cl_rule cl_rule_service_keys_order = {
    .code = "CL012", .name = "service-keys-order", .category = CL_CAT_STYLE,
    .severity = CL_SEV_INFO, .enabled = 0,
    .summary = "Keys of a service are not in the conventional order.",
    .rationale = "A house style from dclint: when every service lists image/build first, then "
        "dependencies, data, environment, network, runtime, metadata and security keys, readers find "
        "things in the same place everywhere. The fix moves each key with its value and comments. "
        "Off by default.",
    .bad_example = "services:\n  web:\n    ports: ['8080:80']\n    image: nginx:1.27\n",
    .good_example = "services:\n  web:\n    image: nginx:1.27\n    ports: ['8080:80']\n",
    .options = opts,
    .fix = CL_FIX_SAFE,
    .check = check,
};
