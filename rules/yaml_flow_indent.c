/* yaml_flow_indent.c - CL400 yaml-flow-indentation: a flow collection ([...]
 * or {...}) in block context whose later lines sit at or left of the block's
 * indentation, e.g. a `]` under its key. YAML requires them further right;
 * go-yaml v3 (docker compose, docker stack), PyYAML and Node's yaml accept
 * it, strict readers (libfyaml, which compose-lint parses with
 * FYPCF_SLOPPY_FLOW_INDENTATION for this reason) refuse it. The fix indents
 * each such line two columns right of the block: YAML folds the leading
 * white space of continuation lines, so no value changes. */
#include <stdlib.h>
#include <string.h>
#include "rule.h"

/* The column (0-based) of the block that holds N: its key's column, or the
 * `-` of its sequence entry. */
static uint32_t block_col(const cl_source *src, const cl_node *n, const cl_node *key)
{
    uint32_t at = key ? key->start : n->start, line_start = at;
    if (!key) {                           /* back over white space to the `-` */
        uint32_t i = at;
        while (i > 0 && strchr(" \t\r\n", src->data[i - 1])) i--;
        if (i > 0 && src->data[i - 1] == '-') at = i - 1;
    }
    line_start = at;
    while (line_start > 0 && src->data[line_start - 1] != '\n') line_start--;
    return at - line_start;
}

/* One finding per flow collection, at its first line that is too far left;
 * the fix indents every such line. */
static void check_flow(cl_rule_ctx *ctx, const cl_node *n, const cl_node *key)
{
    const cl_source *src = ctx->doc->src;
    uint32_t col = block_col(src, n, key);
    const char *d = src->data;
    cl_edit e[64];
    char pad[64][24];
    size_t ne = 0, nbad = 0;
    uint32_t first = 0;
    for (uint32_t i = n->start; i < n->end; i++) {
        if (d[i] != '\n') continue;
        uint32_t ls = i + 1, j = ls;
        while (j < n->end && d[j] == ' ') j++;
        if (j >= n->end || d[j] == '\n' || d[j] == '\r' || d[j] == '#' || d[j] == '\t') continue;
        if (j - ls > col) continue;
        if (!nbad++) first = j;
        uint32_t add = col + 2 - (j - ls);
        if (ne < 64 && add < sizeof pad[0]) {
            memset(pad[ne], ' ', add);
            pad[ne][add] = 0;
            e[ne] = (cl_edit){ ls, ls, pad[ne] };
            ne++;
        }
    }
    if (!nbad) return;
    cl_node at = *n;                     /* the offending token: from its first character */
    at.start = first;
    at.end = first + 1;
    cl_diag *g = cl_rule_report(ctx, &at,
                                "%zu line%s of this flow %s %s not indented past the block that holds it "
                                "(column %u): go-yaml (docker compose) accepts that, strict YAML parsers refuse it",
                                nbad, nbad == 1 ? "" : "s", n->kind == CL_SEQ ? "sequence" : "mapping",
                                nbad == 1 ? "is" : "are", col + 1);
    if (ne == nbad) cl_diag_set_fix(g, "indent the flow collection's lines past its block", 1, e, ne);
}

typedef struct seen { const cl_node **v; size_t n, cap; } seen;

/* Once per node: an alias reaches its target again. */
static int first_visit(seen *s, const cl_node *n)
{
    if (!(n->flags & CL_NF_ALIASED)) return 1;
    for (size_t i = 0; i < s->n; i++) if (s->v[i] == n) return 0;
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        s->v = realloc(s->v, s->cap * sizeof *s->v);
        if (!s->v) abort();
    }
    s->v[s->n++] = n;
    return 1;
}

static void walk(cl_rule_ctx *ctx, seen *s, const cl_node *n, const cl_node *key)
{
    if (!n || n->kind == CL_SCALAR || cl_node_src(n) != ctx->doc->src || !first_visit(s, n)) return;
    if (n->flags & CL_NF_FLOW) { check_flow(ctx, n, key); return; }
    if (n->kind == CL_SEQ)
        for (uint32_t i = 0; i < n->u.q.n; i++) walk(ctx, s, n->u.q.items[i], NULL);
    else
        for (uint32_t i = 0; i < n->u.m.n; i++)
            if (!n->u.m.items[i].merged) walk(ctx, s, n->u.m.items[i].value, n->u.m.items[i].key);
}

static void check(cl_rule_ctx *ctx)
{
    const cl_node *root = ctx->root;
    if (!ctx->doc->has_multiline_flow) return;          /* every flow collection is on one line */
    if (!root || (root->flags & CL_NF_FLOW)) return;    /* a flow document has no block to be under */
    seen s = { NULL, 0, 0 };
    walk(ctx, &s, root, NULL);
    free(s.v);
}

const cl_rule cl_rule_yaml_flow_indentation = {
    .code = "CL400", .name = "yaml-flow-indentation", .category = CL_CAT_PORTABILITY,
    .severity = CL_SEV_INFO, .enabled = 1,
    .summary = "A flow collection's line is not indented past its block",
    .rationale = "YAML requires every line of a flow collection ([...] or {...}) written in block context to "
                 "be indented further than the block that holds it. go-yaml v3, which docker compose and "
                 "docker stack read compose files with, PyYAML and Node's yaml accept a closing bracket "
                 "under its key anyway (getsentry/self-hosted and the OpenTelemetry demo are written so); "
                 "strict parsers such as libfyaml refuse the file. compose-lint reads it as docker does and "
                 "warns, so the file stays portable to every YAML tool.",
    .bad_example = "services:\n  web:\n    image: web:1\n    command: [\n      \"serve\",\n    ]\n",
    .good_example = "services:\n  web:\n    image: web:1\n    command: [\n      \"serve\",\n      ]\n",
    .options = NULL, .fix = CL_FIX_SAFE, .check = check,
};
