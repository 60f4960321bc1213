/* healthcheck_deps.c - readiness between services:
 *   CL302 healthy-condition-without-healthcheck  a service others wait for with
 *         condition: service_healthy defines no healthcheck (error)
 *   CL303 dependency-without-healthcheck  (opt-in) a service others depend on
 *         defines no healthcheck, so "started" is all they can wait for
 *   CL306 depends-on-without-condition  a dependency that has a healthcheck is
 *         waited for without condition: service_healthy
 * All three read the services of the merged project: a healthcheck or a
 * condition may come from extends, an override or an include, and services an
 * inactive profile leaves out are not there; a service that extends another
 * is given the benefit of the doubt when no project was built. Linear: one
 * pass over depends_on with hashed lookups. */
#include <stdlib.h>
#include <string.h>
#include "seckit.h"
#include "../model/project.h"

/* 1 when service I (of the project's services) has, or may have, a healthcheck. */
static int healthchecked(const cl_rule_ctx *ctx, const cl_node *services, long i)
{
    const cl_node *sv = services->u.m.items[i].value;
    if (rk_has_healthcheck(sv)) return 1;
    return !ctx->project && cl_map_get(sv, "extends") != NULL;
}

enum { DEP_ANY = 1, DEP_HEALTHY = 2 };

/* For each service: DEP_ANY when someone depends on it, DEP_HEALTHY when someone
 * waits for it to be healthy; FIRST: the name node of the first such entry. */
static unsigned char *dependents(const cl_node *services, const cl_node **first_any, const cl_node **first_healthy)
{
    unsigned char *f = calloc(services->u.m.n, 1);
    if (!f) abort();
    for (uint32_t i = 0; i < services->u.m.n; i++) {
        const cl_node *dep = cl_map_get(services->u.m.items[i].value, "depends_on");
        for (size_t k = 0, n = rk_dep_count(dep); k < n; k++) {
            const cl_node *nm = rk_dep_name(dep, k);
            long v = nm ? rk_service_index(services, nm->u.s.text, nm->u.s.len) : -1;
            if (v < 0 || v == (long)i) continue;
            const cl_node *cond = cl_map_get(rk_dep_value(dep, k), "condition");
            if (!(f[v] & DEP_ANY)) first_any[v] = nm;
            f[v] |= DEP_ANY;
            if (cl_scalar_is(cond, "service_healthy")) {
                if (!(f[v] & DEP_HEALTHY)) first_healthy[v] = cond;
                f[v] |= DEP_HEALTHY;
            }
        }
    }
    return f;
}

/* 1 when SVC's healthcheck is turned off (disable: true, test: [NONE] or NONE). */
static int healthcheck_off(const cl_node *svc)
{
    const cl_node *hc = cl_map_get(svc, "healthcheck"), *test = cl_map_get(hc, "test");
    if (!rk_is_map(hc)) return 0;
    int off = 0;
    return (rk_flag(cl_map_get(hc, "disable"), &off) && off) || cl_scalar_is(test, "NONE") ||
           (rk_is_seq(test) && test->u.q.n && cl_scalar_is(test->u.q.items[0], "NONE"));
}

/* Reports service KEY, waited for with service_healthy, that defines no healthcheck:
 * an error when it cannot have one, a warning when its image or Dockerfile may. */
static cl_diag *report_unhealthy(cl_rule_ctx *ctx, const cl_node *key, const cl_node *svc)
{
    const char *name = rk_str(key);
    key = rk_here_or_service(ctx, key, name);
    if (healthcheck_off(svc))
        return cl_rule_report(ctx, key, "service '%s' turns its healthcheck off, but another service waits for it "
                              "with condition: service_healthy: it never becomes healthy, so that one never "
                              "starts; give it a healthcheck or wait for service_started", name);
    if (cl_map_get(svc, "image"))
        return sk_sev(cl_rule_report(ctx, key, "service '%s' has no healthcheck in the project, but another service "
                                     "waits for it with condition: service_healthy: unless its image defines a "
                                     "HEALTHCHECK, that one never starts; add a healthcheck (or suppress this "
                                     "when the image has one)", name), CL_SEV_INFO);
    if (cl_map_get(svc, "build"))
        return sk_sev(cl_rule_report(ctx, key, "service '%s' has no healthcheck in the project, but another service "
                                     "waits for it with condition: service_healthy: unless its Dockerfile defines "
                                     "a HEALTHCHECK, that one never starts; add a healthcheck (or suppress this "
                                     "when the Dockerfile has one)", name), CL_SEV_INFO);
    return cl_rule_report(ctx, key, "service '%s' has no healthcheck (and no image or build that could define "
                          "one), but another service waits for it with condition: service_healthy, so that one "
                          "never starts: add a healthcheck", name);
}

static void check_waited(cl_rule_ctx *ctx, int healthy)
{
    const cl_node *services = rk_services(rk_tree(ctx));
    if (!services || !services->u.m.n) return;
    const cl_node **first_any = calloc(services->u.m.n, sizeof *first_any);
    const cl_node **first_healthy = calloc(services->u.m.n, sizeof *first_healthy);
    if (!first_any || !first_healthy) abort();
    unsigned char *f = dependents(services, first_any, first_healthy);
    for (uint32_t i = 0; i < services->u.m.n; i++) {
        const cl_node *key = services->u.m.items[i].key;
        const char *svc = rk_str(key);
        if (!svc || !rk_is_map(services->u.m.items[i].value)) continue;
        int hit = healthy ? (f[i] & DEP_HEALTHY) : (f[i] & DEP_ANY) && !(f[i] & DEP_HEALTHY);
        if (!hit || healthchecked(ctx, services, i)) continue;
        cl_diag *g;
        if (healthy)
            g = report_unhealthy(ctx, key, services->u.m.items[i].value);
        else
            g = cl_rule_report(ctx, rk_here_or_service(ctx, key, svc), "service '%s' has no healthcheck, so the services that depend on it can "
                               "only wait for it to start, not to be ready: add a healthcheck", svc);
        const cl_node *rel = healthy ? first_healthy[i] : first_any[i];
        if (g && rel) cl_diag_add_related(g, cl_node_span(rel), "waited for here");
    }
    free(f);
    free(first_any);
    free(first_healthy);
}

static void check_healthy(cl_rule_ctx *ctx) { check_waited(ctx, 1); }
static void check_any(cl_rule_ctx *ctx) { check_waited(ctx, 0); }

static void check_condition(cl_rule_ctx *ctx)
{
    const cl_node *services = rk_services(rk_tree(ctx));
    if (!services) return;
    for (uint32_t i = 0; i < services->u.m.n; i++) {
        const char *svc = rk_str(services->u.m.items[i].key);
        const cl_node *dep = cl_map_get(services->u.m.items[i].value, "depends_on");
        if (!svc) continue;
        for (size_t k = 0, n = rk_dep_count(dep); k < n; k++) {
            const cl_node *nm = rk_dep_name(dep, k);
            long v = nm ? rk_service_index(services, nm->u.s.text, nm->u.s.len) : -1;
            if (v < 0 || v == (long)i || rk_dep_condition(dep, k)) continue;
            if (!rk_has_healthcheck(services->u.m.items[v].value)) continue;
            cl_rule_report(ctx, nm, "service '%s' depends on '%s' without a condition, so it starts as soon as "
                           "'%s' is started, not when its healthcheck says it is ready: use the long form with "
                           "'condition: service_healthy'", svc, nm->u.s.text, nm->u.s.text);
        }
    }
}

const cl_rule cl_rule_healthy_condition_without_healthcheck = {
    .code = "CL302", .name = "healthy-condition-without-healthcheck", .category = CL_CAT_RELIABILITY,
    .severity = CL_SEV_ERROR, .enabled = 1,
    .summary = "A service others wait for with condition: service_healthy has no healthcheck",
    .rationale = "condition: service_healthy waits until the dependency's healthcheck passes. Without a "
                 "healthcheck, compose fails the dependent ('container ... has no healthcheck configured'). "
                 "But a healthcheck may come from where this rule cannot see: the image's HEALTHCHECK "
                 "instruction (many official and vendor images define one, mailcow's among them), or the "
                 "Dockerfile of a built service. So the severity depends on what the service is:\n\n"
                 "- error: its healthcheck is turned off (disable: true, test: [NONE]): it can never become "
                 "healthy, whatever the image says; or it has neither image nor build;\n"
                 "- info: it has an image (the image may define HEALTHCHECK), or it is built (its "
                 "Dockerfile may): check the image or Dockerfile, and suppress the finding where it does. "
                 "On ten real files judged by hand, the one such finding was false (mailcow's unbound "
                 "image defines a HEALTHCHECK), so it does not fail a run.\n\n"
                 "A severity configured for the rule is the highest it reports. Related to CIS Docker "
                 "Benchmark 5.26 (Ensure that container health is checked at runtime).",
    .bad_example = "services:\n  web:\n    image: web:1\n    depends_on:\n      db:\n        condition: service_healthy\n"
                   "  db:\n    image: postgres:16\n",
    .good_example = "services:\n  web:\n    image: web:1\n    depends_on:\n      db:\n        condition: service_healthy\n"
                    "  db:\n    image: postgres:16\n    healthcheck:\n      test: [\"CMD\", \"pg_isready\"]\n",
    .options = NULL, .fix = CL_FIX_NONE, .check = check_healthy, .needs_project = 1,
};

const cl_rule cl_rule_dependency_without_healthcheck = {
    .code = "CL303", .name = "dependency-without-healthcheck", .category = CL_CAT_RELIABILITY,
    .severity = CL_SEV_WARNING, .enabled = 0,
    .summary = "(opt-in) A service others depend on has no healthcheck",
    .rationale = "Without a healthcheck, depends_on can only wait for the container to start, and a started "
                 "database is rarely a ready one: dependents race it and fail at startup. A healthcheck lets "
                 "them wait with condition: service_healthy. (Services already waited for with "
                 "service_healthy are reported by healthy-condition-without-healthcheck.)",
    .bad_example = "services:\n  web:\n    image: web:1\n    depends_on: [db]\n  db:\n    image: postgres:16\n",
    .good_example = "services:\n  web:\n    image: web:1\n    depends_on: [db]\n  db:\n    image: postgres:16\n"
                    "    healthcheck:\n      test: [\"CMD\", \"pg_isready\"]\n",
    .options = NULL, .fix = CL_FIX_NONE, .check = check_any, .needs_project = 1,
};

const cl_rule cl_rule_depends_on_without_condition = {
    .code = "CL306", .name = "depends-on-without-condition", .category = CL_CAT_RELIABILITY,
    .severity = CL_SEV_WARNING, .enabled = 1,
    .summary = "A dependency with a healthcheck is waited for without condition: service_healthy",
    .rationale = "The short form of depends_on (and the long form without condition) only waits for the "
                 "dependency's container to start. When that dependency has a healthcheck, waiting for "
                 "service_healthy is almost always what was meant, and avoids startup races.",
    .bad_example = "services:\n  web:\n    image: web:1\n    depends_on: [db]\n  db:\n    image: postgres:16\n"
                   "    healthcheck:\n      test: [\"CMD\", \"pg_isready\"]\n",
    .good_example = "services:\n  web:\n    image: web:1\n    depends_on:\n      db:\n        condition: service_healthy\n"
                    "  db:\n    image: postgres:16\n    healthcheck:\n      test: [\"CMD\", \"pg_isready\"]\n",
    .options = NULL, .fix = CL_FIX_NONE, .check = check_condition, .needs_project = 1,
};
