/* depends_cycle.c - CL107 depends-on-cycle: services that (transitively) wait
 * for each other, which compose refuses to start. An iterative depth-first
 * search (no recursion, so 100k-service chains are fine) reports each back
 * edge with the cycle it closes; linear in services + edges. Reads the merged
 * project: a cycle closed by an override or an extends base is found, one
 * through a service an inactive profile leaves out is not there. */
#include <stdlib.h>
#include <string.h>
#include "rulekit.h"
#include "../parser/buf.h"

#define MAX_SHOWN 12   /* names printed in one cycle, to keep messages short */

typedef struct frame { uint32_t svc; uint32_t edge; } frame;

static const char *svc_name(const cl_node *services, uint32_t i) { return rk_str(services->u.m.items[i].key); }

static void report_cycle(cl_rule_ctx *ctx, const cl_node *services, const frame *stack, size_t from, size_t top,
                         const cl_node *at)
{
    cl_buf msg;
    cl_buf_init(&msg);
    size_t n = top - from + 1;
    for (size_t k = from; k <= top; k++) {
        if (n > MAX_SHOWN && k == from + MAX_SHOWN / 2) {
            cl_buf_puts(&msg, "... -> ");
            k = top - MAX_SHOWN / 2 + 1;
        }
        const char *nm = svc_name(services, stack[k].svc);
        cl_buf_printf(&msg, "%.60s -> ", nm ? nm : "?");
    }
    const char *first = svc_name(services, stack[from].svc);
    cl_rule_report(ctx, at, "depends_on cycle: %s%.60s; compose cannot decide which to start first: "
                   "remove one of these dependencies", cl_buf_cstr(&msg), first ? first : "?");
    cl_buf_free(&msg);
}

static void check(cl_rule_ctx *ctx)
{
    const cl_node *services = rk_services(rk_tree(ctx));
    if (!services || !services->u.m.n) return;
    uint32_t n = services->u.m.n;
    unsigned char *color = calloc(n, 1);       /* 0 new, 1 on the stack, 2 done */
    uint32_t *pos = calloc(n, sizeof *pos);    /* stack position while on the stack */
    frame *stack = malloc((size_t)n * sizeof *stack);
    if (!color || !pos || !stack) abort();
    for (uint32_t root = 0; root < n; root++) {
        if (color[root]) continue;
        size_t top = 0;
        stack[0] = (frame){ root, 0 };
        color[root] = 1;
        pos[root] = 0;
        for (;;) {
            frame *f = &stack[top];
            const cl_node *dep = cl_map_get(services->u.m.items[f->svc].value, "depends_on");
            if (f->edge < rk_dep_count(dep)) {
                const cl_node *name = rk_dep_name(dep, f->edge++);
                const char *s = rk_str(name);
                long v = s ? rk_service_index(services, s, strlen(s)) : -1;
                if (v < 0) continue;
                if (color[v] == 1) report_cycle(ctx, services, stack, pos[v], top, name);
                else if (!color[v]) {
                    color[v] = 1;
                    pos[v] = (uint32_t)++top;
                    stack[top] = (frame){ (uint32_t)v, 0 };
                }
                continue;
            }
            color[f->svc] = 2;
            if (!top) break;
            top--;
        }
    }
    free(color);
    free(pos);
    free(stack);
}

const cl_rule cl_rule_depends_on_cycle = {
    .code = "CL107", .name = "depends-on-cycle", .category = CL_CAT_CORRECTNESS,
    .severity = CL_SEV_ERROR, .enabled = 1,
    .summary = "Services wait for each other through depends_on",
    .rationale = "depends_on orders startup; when services depend on each other, directly or through a "
                 "chain, there is no valid order and docker compose refuses the project "
                 "('dependency cycle detected'). The message lists the whole cycle.",
    .bad_example = "services:\n  a:\n    image: a:1\n    depends_on: [b]\n  b:\n    image: b:1\n    depends_on: [a]\n",
    .good_example = "services:\n  a:\n    image: a:1\n    depends_on: [b]\n  b:\n    image: b:1\n",
    .options = NULL, .fix = CL_FIX_NONE, .check = check, .needs_project = 1,
};
