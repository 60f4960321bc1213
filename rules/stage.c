/* stage.c - what the engine does with the findings of the stage rules
 * (rules/stage_rules.c) once the stages are done: the configuration applies
 * (a rule that is off is dropped, a configured severity replaces the stage's),
 * and an unset variable is reported once per project instead of once per use. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "stage.h"

/* Registry index of G's rule when a stage rule the configuration may change reports it, else -1. */
static int stage_rule(const cl_diag *g)
{
    const char *code = cl_diag_code(g);
    int i = code ? cl_rule_index(code, strlen(code)) : -1;
    return i >= 0 && cl_rules[i]->stage == CL_BY_STAGE ? i : -1;
}

/* stage_rule for the findings of one list, remembered for the last code (of
 * static storage) asked: findings come in runs of one code, and looking a
 * code up among a hundred rules for each of tens of thousands was a few per
 * cent of a run under --select all. */
typedef struct configure { const cl_config *cfg; const char *code; int rule; } configure;

static int stage_rule_of(configure *c, const cl_diag *g)
{
    const char *code = cl_diag_code(g);
    if (!code || code != c->code) {
        c->code = code;
        c->rule = stage_rule(g);
    }
    return c->rule;
}

static int keep_enabled(const cl_diag *g, void *ud)
{
    configure *c = ud;
    int i = stage_rule_of(c, g);
    return i < 0 || c->cfg->rules[i].enabled;
}

void cl_stage_configure(const cl_config *cfg, cl_diags *out)
{
    if (!cfg || cfg->broken) return;
    configure c = { cfg, NULL, -1 };
    cl_diags_filter(out, keep_enabled, &c);
    /* a severity the configuration sets replaces the stage's; the default keeps
     * it (some stages choose per finding: depends-on-* is a warning when not required) */
    for (size_t k = 0; k < out->n; k++) {
        int i = stage_rule_of(&c, &out->v[k]);
        if (i >= 0 && cfg->rules[i].severity != cl_rules[i]->severity) out->v[k].severity = cfg->rules[i].severity;
    }
}

/* ---- one interpolation-unset per variable ---- */

typedef struct use { const char *name, *path; size_t len, at, off; uint32_t start; } use;

/* The variable an interpolation-unset message names: the text between its first quotes. */
static int var_name(const char *msg, const char **name, size_t *len)
{
    const char *a = msg ? strchr(msg, '"') : NULL, *b = a ? strchr(a + 1, '"') : NULL;
    if (!b) return -1;
    *name = a + 1;
    *len = (size_t)(b - a - 1);
    return 0;
}

static int use_cmp(const void *x, const void *y)
{
    const use *a = x, *b = y;
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->name, b->name, n);
    if (c || a->len != b->len) return c ? c : a->len < b->len ? -1 : 1;
    if ((c = strcmp(a->path, b->path))) return c;      /* then the first use first */
    return a->start < b->start ? -1 : a->start > b->start ? 1 : a->at < b->at ? -1 : a->at > b->at;
}

typedef struct drops { const cl_diag *base; const unsigned char *drop; } drops;

static int keep_undropped(const cl_diag *g, void *ud)
{
    const drops *d = ud;
    return !d->drop[g - d->base];
}

void cl_stage_unset_once(cl_diags *out)
{
    size_t n = 0;
    for (size_t k = 0; k < out->n; k++) n += cl_diag_code(&out->v[k]) && !strcmp(cl_diag_code(&out->v[k]), "interpolation-unset");
    if (n < 2) return;
    use *u = malloc(n * sizeof *u);
    unsigned char *drop = calloc(out->n, 1);
    if (!u || !drop) abort();
    size_t m = 0;
    cl_buf names, text;   /* the variables' names, one after the other */
    cl_buf_init(&names);
    cl_buf_init(&text);
    for (size_t k = 0; k < out->n; k++)
        if (cl_diag_code(&out->v[k]) && !strcmp(cl_diag_code(&out->v[k]), "interpolation-unset") &&
            !var_name(cl_diag_message(&out->v[k], &text), &u[m].name, &u[m].len)) {
            const cl_span gs = cl_diag_span(&out->v[k]), *sp = &gs;
            u[m].off = names.len;
            cl_buf_put(&names, u[m].name, u[m].len);
            u[m].path = sp->src && sp->src->path ? sp->src->path : "";
            u[m].start = sp->start;
            u[m++].at = k;
        }
    for (size_t i = 0; i < m; i++) u[i].name = names.data + u[i].off;
    qsort(u, m, sizeof *u, use_cmp);
    for (size_t a = 0, b; a < m; a = b) {
        for (b = a + 1; b < m && u[b].len == u[a].len && !memcmp(u[b].name, u[a].name, u[a].len); b++)
            drop[u[b].at] = 1;
        if (b - a < 2) continue;
        cl_diag *g = &out->v[u[a].at];
        cl_buf msg;
        cl_buf_init(&msg);
        cl_buf_printf(&msg, "%s; also used in %zu other place%s", cl_diag_message(g, &text), b - a - 1, b - a - 1 == 1 ? "" : "s");
        cl_diag_set_message(g, cl_buf_cstr(&msg));
        cl_buf_free(&msg);
    }
    cl_buf_free(&names);
    cl_buf_free(&text);
    drops d = { out->v, drop };
    cl_diags_filter(out, keep_undropped, &d);
    free(u);
    free(drop);
}
