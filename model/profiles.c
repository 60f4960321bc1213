/* profiles.c - profiles: --profile (repeatable) or COMPOSE_PROFILES (comma
 * separated; "*" enables all). A service without profiles is always enabled;
 * one with profiles only when one of them is active. Disabled services are
 * dropped; an enabled service that depends on a disabled (or undefined)
 * service is reported: an error, or a warning when required: false. */
#include <stdlib.h>
#include <string.h>
#include "cow.h"
#include "normalize.h"
#include "profiles.h"

typedef struct active { const char **v; size_t n; int all; } active;

static void add(active *s, const char *p)
{
    if (!strcmp(p, "*")) s->all = 1;
    s->v = realloc(s->v, (s->n + 1) * sizeof *s->v);
    if (!s->v) abort();
    s->v[s->n++] = p;
}

static int enabled(const active *s, const cl_node *svc)
{
    const cl_node *pr = cl_map_get(svc, "profiles");
    if (!pr || pr->kind != CL_SEQ || !pr->u.q.n) return 1;
    if (s->all) return 1;
    for (uint32_t i = 0; i < pr->u.q.n; i++)
        for (size_t k = 0; k < s->n; k++)
            if (cl_scalar_is(pr->u.q.items[i], s->v[k])) return 1;
    return 0;
}

/* SVC without its dependencies on services that are disabled or undefined
 * (each reported), or SVC itself when it has none. */
static cl_node *drop_deps(cl_ctx *c, const active *s, const cl_node *svcs, const cl_pair *sp)
{
    cl_node *svc = sp->value;
    const cl_pair *dp = cl_map_pair(svc, "depends_on");
    const cl_node *deps = dp ? dp->value : NULL;
    if (!deps || deps->kind != CL_MAP) return svc;
    cl_builder db;            /* the dependencies kept, from the first one dropped */
    int dropped = 0;
    const char *svc_name = cl_text(sp->key);   /* a key that is not text: "" */
    if (!svc_name) svc_name = "";
    for (uint32_t j = 0; j < deps->u.m.n; j++) {
        const cl_pair *d = &deps->u.m.items[j];
        const char *name = cl_text(d->key);
        const cl_node *target = name ? cl_map_get(svcs, name) : NULL;
        /* a key that is not text (`? - x`) names no service: the schema
         * reports it, and it is kept as written */
        if (!name || (target && enabled(s, target))) {
            if (dropped) cl_builder_set(&db, d->key, d->value);
            continue;
        }
        if (!dropped) {
            cl_builder_map(&db);
            for (uint32_t k = 0; k < j; k++) cl_builder_set(&db, deps->u.m.items[k].key, deps->u.m.items[k].value);
            dropped = 1;
        }
        int required = 1;
        cl_scalar_bool(cl_map_get(d->value, "required"), &required);
        cl_severity sev = required ? CL_SEV_ERROR : CL_SEV_WARNING;
        if (!target)
            cl_diag_add(c->diags, sev, "depends-on-undefined", cl_node_span(d->key),
                        "service \"%s\" depends on undefined service \"%s\"", svc_name, name);
        else {
            cl_diag *g = cl_diag_add(c->diags, sev, "depends-on-disabled", cl_node_span(d->key),
                                     "service \"%s\" depends on \"%s\", which no active profile enables",
                                     svc_name, name);
            cl_diag_add_related(g, cl_node_span(cl_map_get(target, "profiles")), "the profiles of \"%s\"", name);
        }
        if (required) c->errors++;
    }
    if (!dropped) return svc;
    cl_cow sv;
    cl_cow_init(&sv, &c->p->arena, svc);
    cl_cow_set(&sv, (uint32_t)(dp - svc->u.m.items), cl_node_at(cl_builder_finish(&db, &c->p->arena), deps));
    return cl_cow_done(&sv);
}

cl_node *cl_apply_profiles(cl_ctx *c, cl_node *tree)
{
    const cl_pair *sp = cl_map_pair(tree, "services");
    const cl_node *svcs = sp ? sp->value : NULL;
    if (!svcs || svcs->kind != CL_MAP) return tree;
    cl_arena *a = &c->p->arena;
    active s = { NULL, 0, 0 };
    for (size_t i = 0; i < c->opts->nprofiles; i++) add(&s, c->opts->profiles[i]);
    const char *env = c->opts->nprofiles ? NULL : cl_env_get(&c->env, "COMPOSE_PROFILES", 16);
    if (env) {
        char *copy = cl_arena_strdup(a, env);
        for (char *p = copy; p;) {
            char *comma = strchr(p, ',');
            if (comma) *comma = 0;
            while (*p == ' ') p++;
            if (*p) add(&s, p);
            p = comma ? comma + 1 : NULL;
        }
    }
    /* copy-on-write: the services map is new from the first service dropped
     * or changed on, and nothing is when none is */
    cl_builder sb;
    int changed = 0;
    for (uint32_t i = 0; i < svcs->u.m.n; i++) {
        const cl_pair *p = &svcs->u.m.items[i];
        int on = enabled(&s, p->value);
        cl_node *svc = on ? drop_deps(c, &s, svcs, p) : NULL;
        if (!changed && svc != p->value) {
            cl_builder_map(&sb);
            for (uint32_t k = 0; k < i; k++) cl_builder_set(&sb, svcs->u.m.items[k].key, svcs->u.m.items[k].value);
            changed = 1;
        }
        if (changed && on) cl_builder_set(&sb, p->key, svc);
    }
    free(s.v);
    if (!changed) return tree;
    cl_cow b;
    cl_cow_init(&b, a, tree);
    cl_cow_set(&b, (uint32_t)(sp - tree->u.m.items), cl_node_at(cl_builder_finish(&sb, a), svcs));
    return cl_cow_done(&b);
}
