/* casts.c - see casts.h. The paths are compose-go's (loader/interpolate.go,
 * read at commit cc5687455d56: "!!int" and "!!float" entries under
 * services.*); the byte sizes and durations of that list have readers of
 * their own (values.h) and are left as written, as `config` prints them. */
#include "casts.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cow.h"
#include "values.h"

typedef enum { C_NONE, C_INT, C_FLOAT, C_DEPLOY, C_HEALTHCHECK, C_ULIMITS } cast_kind;

typedef struct path_cast { const char *key; cast_kind kind; } path_cast;

/* sorted by key (bsearch): normalization asks for every key of every service */
static const path_cast service_keys[] = {
    { "cpu_count", C_INT }, { "cpu_percent", C_FLOAT }, { "cpu_period", C_INT }, { "cpu_quota", C_INT },
    { "cpu_rt_period", C_INT }, { "cpu_rt_runtime", C_INT }, { "cpu_shares", C_INT }, { "cpus", C_FLOAT },
    { "deploy", C_DEPLOY }, { "healthcheck", C_HEALTHCHECK }, { "oom_score_adj", C_INT },
    { "pids_limit", C_INT }, { "scale", C_INT }, { "ulimits", C_ULIMITS },
};

static int by_key(const void *key, const void *ent) { return strcmp(key, ((const path_cast *)ent)->key); }
static const path_cast deploy_keys[] = { { "replicas", C_INT }, { NULL, C_NONE } };
static const path_cast update_keys[] = { { "parallelism", C_INT }, { "max_failure_ratio", C_FLOAT }, { NULL, C_NONE } };
static const path_cast restart_keys[] = { { "max_attempts", C_INT }, { NULL, C_NONE } };
static const path_cast placement_keys[] = { { "max_replicas_per_node", C_INT }, { NULL, C_NONE } };
static const path_cast healthcheck_keys[] = { { "retries", C_INT }, { NULL, C_NONE } };
static const path_cast limit_keys[] = { { "soft", C_INT }, { "hard", C_INT }, { NULL, C_NONE } };

static cast_kind kind_of(const path_cast *t, const char *key)
{
    for (; t->key; t++) if (!strcmp(t->key, key)) return t->kind;
    return C_NONE;
}

/* A number as yaml.v3 writes a Go float64 (strconv.FormatFloat 'g', -1):
 * whole values below 1e21 without a fraction (the integer that text is),
 * else the shortest text that reads back the same. */
static cl_node *float_node(cl_arena *a, double d)
{
    char buf[40];
    if (d > -1e21 && d < 1e21 && (double)(long long)d == d) return cl_new_int(a, (long long)d);   /* "50", read as written */
    for (int p = 1; p <= 17; p++) {
        snprintf(buf, sizeof buf, "%.*g", p, d);
        if (strtod(buf, NULL) == d) break;
    }
    return cl_new_scalar(a, buf, strlen(buf), CL_T_FLOAT);
}

/* V cast to KIND when it is a string compose-go casts; else V. */
static cl_node *cast(cl_arena *a, cl_node *v, cast_kind kind)
{
    if (!v || v->kind != CL_SCALAR || kind == C_NONE || cl_val_yaml_type(v) != CL_T_STR) return v;
    if (kind == C_INT) {
        long long x;
        return cl_val_int(v, &x) == CL_VAL_KNOWN ? cl_node_at(cl_new_int(a, x), v) : v;
    }
    double d;
    if (cl_val_number(v, &d) != CL_VAL_KNOWN || d != d || d - d != 0) return v;    /* NaN, Inf stay strings */
    return cl_node_at(float_node(a, d), v);
}

/* Map V with the keys of TABLE cast, and NESTED(key) applied to the rest. */
static cl_node *cast_map(cl_arena *a, cl_node *v, const path_cast *table, cl_node *(*nested)(cl_arena *, const char *, cl_node *))
{
    if (!v || v->kind != CL_MAP) return v;
    cl_cow w;
    cl_cow_init(&w, a, v);
    for (uint32_t i = 0; i < v->u.m.n; i++) {
        const cl_pair *p = &v->u.m.items[i];
        const char *k = p->key && p->key->kind == CL_SCALAR ? p->key->u.s.text : NULL;   /* NULL for a null or collection key */
        if (!k || !p->value) continue;
        cast_kind kind = kind_of(table, k);
        cl_node *nv = kind != C_NONE ? cast(a, p->value, kind) : nested ? nested(a, k, p->value) : p->value;
        if (nv != p->value) cl_cow_set(&w, i, nv);
    }
    return cl_cow_done(&w);
}

static cl_node *deploy_part(cl_arena *a, const char *key, cl_node *v)
{
    if (!strcmp(key, "update_config") || !strcmp(key, "rollback_config")) return cast_map(a, v, update_keys, NULL);
    if (!strcmp(key, "restart_policy")) return cast_map(a, v, restart_keys, NULL);
    if (!strcmp(key, "placement")) return cast_map(a, v, placement_keys, NULL);
    return v;
}

/* ulimits: each limit a number, or a mapping of soft and hard. */
static cl_node *ulimit(cl_arena *a, const char *key, cl_node *v)
{
    (void)key;
    return v && v->kind == CL_MAP ? cast_map(a, v, limit_keys, NULL) : cast(a, v, C_INT);
}

cl_node *cl_cast_service_value(cl_arena *a, const char *key, cl_node *v)
{
    static const path_cast none[] = { { NULL, C_NONE } };
    const path_cast *e = v ? bsearch(key, service_keys, sizeof service_keys / sizeof *service_keys, sizeof *e, by_key) : NULL;
    if (!e) return v;
    switch (e->kind) {
    case C_DEPLOY: return cast_map(a, v, deploy_keys, deploy_part);
    case C_HEALTHCHECK: return cast_map(a, v, healthcheck_keys, NULL);
    case C_ULIMITS: return cast_map(a, v, none, ulimit);
    default: return cast(a, v, e->kind);
    }
}
