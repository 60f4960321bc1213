/* engine.c - runs the enabled rules on one document: builds each rule's
 * context (effective severity and options from the configuration), collects
 * what they report, then applies inline suppressions. Also the helpers rules
 * call: cl_rule_report and the option getters. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "engine.h"
#include "suppress.h"
#include "../parser/pairset.h"
#include "../model/project_types.h"

/* A finding's rule and place (once_per_span's set). */
typedef struct span_key { const char *code; const cl_source *src; uint32_t start, end; } span_key;

/* The places a project rule has reported at (once_key, open addressing,
 * grown by doubling). A finding at one of them would be dropped by
 * once_per_span: it is not made at all - no message formatted, nothing
 * allocated - and the rule gets SCRATCH to attach a fix or notes to, which
 * is emptied at its next use and when the rule is done. Over a file where
 * every service merges one anchor, eight rules reported the anchor's keys
 * 10,000 times each, for one finding each. A place in the table names its
 * source by number (1 + index in SRCS; 0: a free slot): 12 bytes, the rule
 * being the table's. */
typedef struct once_key { uint32_t start, end, src; } once_key;

struct cl_rule_once {
    once_key *slot;
    size_t mask, n;
    const cl_source **srcs;    /* the sources reported in, by number - 1 */
    uint32_t nsrcs, last;      /* LAST: the number found last */
    cl_diag scratch;
};

static size_t span_slot(const span_key *slot, size_t mask, const span_key *k)
{
    uint64_t h = ((uint64_t)(uintptr_t)k->code * 0x9E3779B97F4A7C15ull) ^ ((uint64_t)(uintptr_t)k->src * 0xC2B2AE3D27D4EB4Full) ^
                 (((uint64_t)k->start << 32 | k->end) * 0x165667B19E3779F9ull);
    size_t j = (size_t)(h ^ h >> 29) & mask;
    while (slot[j].src && (slot[j].code != k->code || slot[j].src != k->src || slot[j].start != k->start || slot[j].end != k->end))
        j = (j + 1) & mask;
    return j;
}

static size_t once_slot(const once_key *slot, size_t mask, const once_key *k)
{
    uint64_t h = ((uint64_t)k->src * 0xC2B2AE3D27D4EB4Full) ^ (((uint64_t)k->start << 32 | k->end) * 0x165667B19E3779F9ull);
    size_t j = (size_t)(h ^ h >> 29) & mask;
    while (slot[j].src && (slot[j].src != k->src || slot[j].start != k->start || slot[j].end != k->end))
        j = (j + 1) & mask;
    return j;
}

/* SRC's number in O's table, given one when it has none. */
static uint32_t once_src(struct cl_rule_once *o, const cl_source *src)
{
    if (o->last && o->srcs[o->last - 1] == src) return o->last;
    uint32_t i = 0;
    while (i < o->nsrcs && o->srcs[i] != src) i++;
    if (i == o->nsrcs) {
        const cl_source **v = realloc(o->srcs, (o->nsrcs + 1) * sizeof *v);
        if (!v) abort();
        v[o->nsrcs++] = src;
        o->srcs = v;
    }
    return o->last = i + 1;
}

/* Has the rule reported at SRC's START..END before? Adds the place when not. */
static int once_seen(struct cl_rule_once *o, const cl_source *src, uint32_t start, uint32_t end)
{
    if (4 * (o->n + 1) > 3 * (o->mask + 1)) {   /* up to 3/4 full: 10,000 places in 192 KiB */
        size_t cap = o->mask ? 2 * (o->mask + 1) : 1024;
        once_key *slot = calloc(cap, sizeof *slot);
        if (!slot) abort();
        for (size_t i = 0; o->mask && i <= o->mask; i++)
            if (o->slot[i].src) slot[once_slot(slot, cap - 1, &o->slot[i])] = o->slot[i];
        free(o->slot);
        o->slot = slot;
        o->mask = cap - 1;
    }
    once_key k = { start, end, once_src(o, src) };
    size_t j = once_slot(o->slot, o->mask, &k);
    if (o->slot[j].src) return 1;
    o->slot[j] = k;
    o->n++;
    return 0;
}

static void scratch_empty(struct cl_rule_once *o)
{
    cl_diags one = { &o->scratch, 1, 1 };
    cl_diags_free_items(&one);
    memset(&o->scratch, 0, sizeof o->scratch);
}

cl_diag *cl_rule_vreport(cl_rule_ctx *ctx, const cl_node *at, const char *fmt, va_list ap)
{
    cl_span sp = cl_node_span(at);
    if (!sp.src) { sp.src = ctx->doc->src; sp.start = sp.end = 0; }  /* synthesized node */
    if (ctx->once && sp.src && once_seen(ctx->once, sp.src, sp.start, sp.end)) {
        scratch_empty(ctx->once);
        cl_diag *g = &ctx->once->scratch;
        g->severity = ctx->severity;
        cl_diag_set_code(g, ctx->rule->name);
        cl_diag_set_span(g, sp);
        return g;
    }
    return cl_diag_vadd(ctx->out, ctx->severity, ctx->rule->name, sp, fmt, ap);
}

cl_diag *cl_rule_report(cl_rule_ctx *ctx, const cl_node *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cl_diag *g = cl_rule_vreport(ctx, at, fmt, ap);
    va_end(ap);
    return g;
}

/* The configured value of option NAME, or its default; NULL if the rule has no such option. */
static const char *opt_value(const cl_rule_ctx *ctx, const char *name)
{
    const cl_rule_option *op = ctx->rule->options;
    const char **optv = ctx->opts;
    for (size_t i = 0; op && op[i].name; i++)
        if (!strcmp(op[i].name, name)) return optv && optv[i] ? optv[i] : op[i].default_value;
    return NULL;
}

const char *cl_rule_opt_str(const cl_rule_ctx *ctx, const char *name)
{
    return opt_value(ctx, name);
}

int cl_rule_opt_bool(const cl_rule_ctx *ctx, const char *name)
{
    const char *v = opt_value(ctx, name);
    return v && (!strcasecmp(v, "true") || !strcasecmp(v, "on") || !strcasecmp(v, "yes") || !strcmp(v, "1"));
}

/* ---- the rules that check one service at a time ---- */

/* The contexts of one file's enabled check_service rules. Not to be copied:
 * each context points at SHELL. */
typedef struct svc_rules {
    cl_doc shell;              /* the source only: all a service check reads besides its service */
    cl_rule_ctx *ctx;
    size_t n;
} svc_rules;

static void svc_rules_init(svc_rules *s, const cl_config *cfg, const cl_source *src)
{
    memset(s, 0, sizeof *s);
    s->shell.src = src;
    s->ctx = calloc(cl_nrules ? cl_nrules : 1, sizeof *s->ctx);
    if (!s->ctx) abort();
    for (size_t i = 0; i < cl_nrules; i++) {
        const cl_rule *r = cl_rules[i];
        if (!cfg->rules[i].enabled || !r->check_service || r->needs_project) continue;
        cl_rule_ctx c = { r, &s->shell, NULL, NULL, cfg->rules[i].severity, (void *)cfg->rules[i].optv, NULL, NULL, NULL, NULL };
        s->ctx[s->n++] = c;
    }
}

static void svc_rules_run(svc_rules *s, const cl_node *name, const cl_node *svc, cl_diags *out)
{
    for (size_t k = 0; k < s->n; k++) {
        s->ctx[k].out = out;
        s->ctx[k].rule->check_service(&s->ctx[k], name, svc);
    }
}

/* One service checked while the file was parsed: what the rules said of it
 * is ALL.v[from, from + n) of its stream. */
typedef struct svc_done {
    size_t from, n;
    int checked, taken;
} svc_done;

struct cl_rules_stream {
    svc_rules r;
    svc_done *v;               /* by hand-on index */
    size_t n;
    cl_diags all;              /* every service's findings, one after another
                                  (not a list of its own per service) */
};

static svc_done *stream_find(cl_rules_stream *st, const cl_handon *handed, const cl_pair *p, size_t at)
{
    long i = st ? cl_handon_find(handed, p, at) : -1;
    return i < 0 || (size_t)i >= st->n || !st->v[i].checked ? NULL : &st->v[i];
}

cl_rules_stream *cl_rules_begin(const cl_config *cfg, const cl_source *src)
{
    if (cfg->broken) return NULL;
    cl_rules_stream *st = calloc(1, sizeof *st);
    if (!st) abort();
    svc_rules_init(&st->r, cfg, src);
    if (!st->r.n) {
        free(st->r.ctx);
        free(st);
        return NULL;
    }
    return st;
}

void cl_rules_entry(void *ud, size_t index, const cl_node *key, const cl_node *value)
{
    cl_rules_stream *st = ud;
    st->v = cl_handon_grow(st->v, &st->n, index, sizeof *st->v);
    svc_done *d = &st->v[index];
    d->checked = 1;
    d->from = st->all.n;
    svc_rules_run(&st->r, key, value, &st->all);
    d->n = st->all.n - d->from;
}

/* Frees ST with the findings no one took. */
static void stream_free(cl_rules_stream *st)
{
    if (!st) return;
    cl_diags left;
    cl_diags_init(&left);
    for (size_t i = 0; i < st->n; i++)
        if (st->v[i].checked && !st->v[i].taken) {
            left.v = st->all.v + st->v[i].from;
            left.n = st->v[i].n;
            cl_diags_free_items(&left);
        }
    free(st->all.v);
    free(st->v);
    free(st->r.ctx);
    free(st);
}

/* When the final `services` mapping is every service ST checked, in the
 * order it checked them (the usual file), OUT takes ST's findings at once. */
static int take_all(cl_rules_stream *st, const cl_node *svcs, const cl_handon *handed, cl_diags *out)
{
    size_t at = 0;
    for (uint32_t i = 0; i < svcs->u.m.n; i++) {
        svc_done *d = stream_find(st, handed, &svcs->u.m.items[i], i);
        if (!d || d->taken || d->from != at) return 0;
        at += d->n;
    }
    if (at != st->all.n) return 0;
    for (uint32_t i = 0; i < svcs->u.m.n; i++) stream_find(st, handed, &svcs->u.m.items[i], i)->taken = 1;
    cl_diags_move(out, &st->all);
    return 1;
}

/* Every service of the final `services` mapping through the service checks:
 * what ST already checked (the same key and value nodes) is taken from it,
 * the rest is checked now. A service the parser handed on but that is not in
 * the final mapping reports nothing. */
static void run_services(const cl_doc *doc, const cl_config *cfg, cl_rules_stream *st, const cl_handon *handed,
                         cl_diags *out)
{
    const cl_node *svcs = cl_map_get(doc->root, "services");
    if (!svcs || svcs->kind != CL_MAP) return;
    svc_rules local, *r = st ? &st->r : &local;
    if (!st) svc_rules_init(&local, cfg, doc->src);
    if (st && take_all(st, svcs, handed, out)) return;
    for (uint32_t i = 0; i < svcs->u.m.n && r->n; i++) {
        const cl_pair *p = &svcs->u.m.items[i];
        svc_done *d = stream_find(st, handed, p, i);
        if (d && !d->taken) {
            cl_diags part = { st->all.v + d->from, d->n, d->n };
            cl_diags_append(out, &part);
            d->taken = 1;
        } else {
            svc_rules_run(r, p->key, p->value, out);
        }
    }
    if (!st) free(local.ctx);
}

/* One finding per root cause: of the findings of OUT from FROM on, those of
 * a rule at a span where the same rule already reported are dropped. A node
 * shared by several services (an anchor, a `<<` merge, extends, a merged
 * file) is judged once per service but is one thing to fix. Findings without
 * a place (no source) are all kept. */
typedef struct dedup {
    span_key *slot;            /* open addressing; src NULL: free */
    size_t mask;
} dedup;

static int first_at_span(const cl_diag *g, void *ud)
{
    dedup *d = ud;
    if (!cl_diag_src(g)) return 1;
    span_key k = { cl_diag_code(g), cl_diag_src(g), cl_diag_span(g).start, cl_diag_span(g).end };
    size_t j = span_slot(d->slot, d->mask, &k);
    if (d->slot[j].src) return 0;
    d->slot[j] = k;
    return 1;
}

/* Can a finding of OUT from FROM on repeat an earlier one's (code, source,
 * span)? Not when each code's findings come at strictly increasing places (a
 * file without anchors: services one after another, each rule in order):
 * then no set of them all is needed. A few codes are followed; more, or a
 * place not past its code's last, say "maybe". */
typedef struct code_last { const char *code; const cl_source *src; uint32_t start, end; } code_last;

static int may_repeat(const cl_diags *out, size_t from)
{
    code_last last[32];
    size_t n = 0, k = 0;
    for (size_t i = from; i < out->n; i++) {
        const cl_diag *g = &out->v[i];
        if (!cl_diag_src(g)) continue;
        if (k >= n || last[k].code != cl_diag_code(g))
            for (k = 0; k < n && last[k].code != cl_diag_code(g); k++) continue;
        code_last *l = &last[k];
        if (k == n) {
            if (n == sizeof last / sizeof *last) return 1;
            n++;
        } else if (cl_diag_src(g) != l->src || cl_diag_span(g).start < l->start ||
                   (cl_diag_span(g).start == l->start && cl_diag_span(g).end <= l->end)) {
            return 1;
        }
        *l = (code_last){ cl_diag_code(g), cl_diag_src(g), cl_diag_span(g).start, cl_diag_span(g).end };
    }
    return 0;
}

static void once_per_span(cl_diags *out, size_t from)
{
    if (out->n - from < 2 || !may_repeat(out, from)) return;
    /* a set of (code, source, span) sized for every finding at once: no
     * growing, no key copied */
    size_t cap = 16;
    while (3 * cap < 4 * (out->n - from)) cap *= 2;   /* up to 3/4 full */
    dedup d = { calloc(cap, sizeof(span_key)), cap - 1 };
    if (!d.slot) abort();
    /* only the findings from FROM on: those before stay where they are */
    cl_diags tail = { out->v + from, out->n - from, out->n - from };
    cl_diags_filter(&tail, first_at_span, &d);
    out->n = from + tail.n;
    free(d.slot);
}

/* The services a project rule's check_service is called with: the project's
 * (services an inactive profile left out are not there), or the file's when
 * no project could be built. */
static void run_project_services(cl_rule_ctx *ctx)
{
    const cl_node *svcs = cl_map_get(ctx->root, "services");
    if (!svcs || svcs->kind != CL_MAP) return;
    for (uint32_t i = 0; i < svcs->u.m.n; i++) {
        const cl_pair *p = &svcs->u.m.items[i];
        if (p->key->kind == CL_SCALAR && p->value && p->value->kind == CL_MAP)
            ctx->rule->check_service(ctx, p->key, p->value);
    }
}

/* The whole-document checks of the rules that read the project
 * (PROJECT_RULES: needs_project; P may still be NULL) or of the others; with
 * CLAIM, only those it grants (another thread runs the rest). A project rule
 * with a check_service is called with each service of the project. EARLIER:
 * see cl_rule_ctx. Each rule reports once per span (once_per_span). */
static void run_checks(const cl_doc *doc, const struct cl_project *p, int project_rules, const cl_config *cfg,
                       cl_diags *out, const cl_diags *earlier, int (*claim)(void *ud, size_t rule), void *ud)
{
    const cl_node *tree = p && p->root && p->root->kind == CL_MAP ? p->root : doc->root;
    cl_rule_memo memo = { NULL, NULL };
    for (size_t i = 0; i < cl_nrules; i++) {
        const cl_rule *r = cl_rules[i];
        if (!cfg->rules[i].enabled || (r->needs_project != 0) != project_rules) continue;
        if (!r->check && !(project_rules && r->check_service)) continue;
        if (claim && !claim(ud, i)) continue;
        struct cl_rule_once once;
        memset(&once, 0, sizeof once);
        cl_rule_ctx ctx = { r, doc, project_rules ? tree : doc->root, p, cfg->rules[i].severity,
                            (void *)cfg->rules[i].optv, out, earlier, &memo, project_rules ? &once : NULL };
        size_t from = out->n;
        if (project_rules && r->check_service) run_project_services(&ctx);
        if (r->check) {
            ctx.root = doc->root;
            r->check(&ctx);
        }
        scratch_empty(&once);
        free(once.slot);
        free(once.srcs);
        if (project_rules) once_per_span(out, from);
    }
    if (memo.drop) memo.drop(memo.data);
}

void cl_rules_file(const cl_doc *doc, const cl_config *cfg, cl_rules_stream *st, const cl_handon *handed, cl_diags *out)
{
    if (doc && doc->root && doc->root->kind == CL_MAP && !cfg->broken) {
        size_t from = out->n;
        run_services(doc, cfg, st, handed, out);
        run_checks(doc, NULL, 0, cfg, out, NULL, NULL, NULL);
        once_per_span(out, from);
    }
    stream_free(st);
}

void cl_rules_project(const cl_doc *doc, const struct cl_project *p, const cl_config *cfg, cl_diags *out,
                      const cl_diags *earlier, int (*claim)(void *ud, size_t rule), void *ud)
{
    if (!doc->root || doc->root->kind != CL_MAP || cfg->broken) return;
    run_checks(doc, p, 1, cfg, out, earlier, claim, ud);
}

typedef struct forget { cl_source *const *srcs; size_t n; } forget;

static int in_sources(const forget *f, const cl_source *src)
{
    for (size_t i = 0; src && i < f->n; i++)
        if (f->srcs[i] == src) return 1;
    return 0;
}

static int outside_sources(const cl_diag *g, void *ud)
{
    return !in_sources(ud, cl_diag_src(g));
}

void cl_rules_forget_sources(cl_diags *out, cl_source *const *srcs, size_t n)
{
    forget f = { srcs, n };
    if (!n) return;
    for (size_t i = 0; i < out->n; i++) {
        cl_diag *g = &out->v[i];
        cl_related *rel = cl_diag_related(g);
        size_t w = 0;
        for (size_t k = 0; k < cl_diag_nrelated(g); k++) {
            if (in_sources(&f, rel[k].span.src)) free(rel[k].message);
            else rel[w++] = rel[k];
        }
        cl_diag_keep_related(g, w);
    }
    cl_diags_filter(out, outside_sources, &f);
}


typedef struct exclude_ctx { const cl_config *cfg; const cl_doc *doc; } exclude_ctx;

static int excluded(const cl_diag *g, void *vctx, cl_buf *why)
{
    const exclude_ctx *x = vctx;
    const cl_exclusion *e = cl_config_excludes(x->cfg, x->doc, g);
    if (e && e->why) cl_buf_puts(why, e->why);
    return e != NULL;
}

void cl_rules_finish_ex(const cl_doc *doc, const cl_config *cfg, cl_diags *out, cl_suppressions *supp)
{
    if (!doc->root || doc->root->kind != CL_MAP || cfg->broken) return;
    cl_stage_configure(cfg, out);
    cl_suppress_apply(doc, cfg, out, supp);
    /* the configuration's exclusions after the inline comments: a comment on
     * the line is the more specific of the two and stays used */
    exclude_ctx x = { cfg, doc };
    if (cfg->excludes) cl_suppressions_take(out, supp, 0, excluded, &x);
    cl_stage_unset_once(out);   /* after the suppressions: a use silenced on its line is no use */
}

void cl_rules_finish(const cl_doc *doc, const cl_config *cfg, cl_diags *out)
{
    cl_rules_finish_ex(doc, cfg, out, NULL);
}
