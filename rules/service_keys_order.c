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

/* The known keys, read once from the option (a comma-separated list). */
typedef struct known { const char *p; size_t n; } known;

static size_t known_list(const char *order, known **out)
{
    size_t n = 0, cap = 32;
    known *k = malloc(cap * sizeof *k);
    if (!k) abort();
    for (const char *p = order; p && *p; n++) {
        size_t l = strcspn(p, ",");
        if (n == cap && !(k = realloc(k, (cap *= 2) * sizeof *k))) abort();
        k[n].p = p;
        k[n].n = l;
        p += l;
        if (*p) p++;
    }
    *out = k;
    return n;
}

/* Position of KEY in the order list (the first one it matches), or -1. */
static long known_pos(const known *k, size_t nk, const char *key, size_t n)
{
    for (size_t i = 0; i < nk; i++)
        if (k[i].n == n && !memcmp(k[i].p, key, n)) return (long)i;
    return -1;
}

/* A service's keys, each with its place in the order list worked out once:
 * sorting compares each key a dozen times. */
typedef struct sctx { const cl_node *svc; const long *pos; } sctx;

static int cmp_keys(uint32_t a, uint32_t b, void *vc)
{
    sctx *c = vc;
    long pa = c->pos[a], pb = c->pos[b];
    if (pa >= 0 || pb >= 0) {
        if (pa < 0) return 1;
        if (pb < 0) return -1;
        return pa < pb ? -1 : pa > pb;
    }
    size_t la, lb;
    const char *x = cl_item_name(c->svc, a, &la), *y = cl_item_name(c->svc, b, &lb);
    return cl_collate(x, la, y, lb, 0);
}

static void check(cl_rule_ctx *ctx)
{
    const cl_node *svcs = cl_services(ctx);
    known *kn;
    size_t nk = known_list(cl_rule_opt_str(ctx, "order"), &kn);
    long *pos = NULL;
    size_t npos = 0;
    for (uint32_t i = 0; svcs && i < svcs->u.m.n; i++) {
        const cl_node *k = svcs->u.m.items[i].key, *s = svcs->u.m.items[i].value;
        if (!s || s->kind != CL_MAP || s->u.m.n < 2) continue;
        if (s->u.m.n > npos && !(pos = realloc(pos, (npos = s->u.m.n) * sizeof *pos))) abort();
        for (uint32_t j = 0; j < s->u.m.n; j++) {
            size_t len;
            const char *name = cl_item_name(s, j, &len);
            pos[j] = known_pos(kn, nk, name, len);
        }
        sctx c = { s, pos };
        size_t first = (size_t)-1;   /* an index: later reports may move the list */
        for (uint32_t j = 1; j < s->u.m.n; j++) {
            if (s->u.m.items[j].merged || s->u.m.items[j - 1].merged) continue;
            if (cmp_keys(j, j - 1, &c) >= 0) continue;
            const cl_node *key = s->u.m.items[j].key, *prev = s->u.m.items[j - 1].key;
            cl_diag *g = cl_svc_report(ctx, k, key->u.s.text, key, "key '%s' of service '%s' should come before '%s'",
                                       key->u.s.text, k->u.s.text, prev->u.s.text);
            if (first == (size_t)-1) first = (size_t)(g - ctx->out->v);
        }
        if (first == (size_t)-1) continue;   /* in order: no fix to build */
        uint32_t *perm = cl_sorted_perm(s->u.m.n, cmp_keys, &c);
        cl_attach_reorder_fix(ctx, &ctx->out->v[first], s, perm, "put the service's keys in order");
        free(perm);
    }
    free(pos);
    free(kn);
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
