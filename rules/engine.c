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

/* The places a project rule has reported at: each slot holds the number
 * (+ 1; 0: free) of the finding the rule made there, in the list it reports
 * to, whose span is the place (open addressing, grown by doubling). A finding
 * at one of them would be dropped by once_per_span: it is not made at all -
 * no message formatted, nothing allocated - and the rule gets SCRATCH to
 * attach a fix or notes to, which is emptied at its next use and when the
 * rule is done. Over a file where every service merges one anchor, eight
 * rules reported the anchor's keys 10,000 times each, for one finding each.
 * 4 bytes a slot, not a copy of the place (12): the tables of the two threads'
 * rules are alive at the run's peak. */
struct cl_rule_once {
    uint32_t *slot;
    size_t mask, n;
    cl_diag scratch;
};

/* The hash of a place SP (and of rule CODE, or NULL), masked by MASK. */
static size_t place_hash(const char *code, const cl_span *sp, size_t mask)
{
    uint64_t h = ((uint64_t)(uintptr_t)code * 0x9E3779B97F4A7C15ull) ^ ((uint64_t)(uintptr_t)sp->src * 0xC2B2AE3D27D4EB4Full) ^
                 (((uint64_t)sp->start << 32 | sp->end) * 0x165667B19E3779F9ull);
    return (size_t)(h ^ h >> 29) & mask;
}

/* Has the rule reported at SP before (a finding of OUT there)? When not, the
 * place is taken for the finding about to be added at the end of OUT. */
static int once_seen(struct cl_rule_once *o, const cl_diags *out, cl_span sp)
{
    if (4 * (o->n + 1) > 3 * (o->mask + 1)) {   /* up to 3/4 full: 10,000 places in 64 KiB */
        size_t cap = o->mask ? 2 * (o->mask + 1) : 1024;
        uint32_t *slot = calloc(cap, sizeof *slot);
        if (!slot) abort();
        for (size_t i = 0; o->mask && i <= o->mask; i++) {
            if (!o->slot[i]) continue;
            cl_span at = cl_diag_span(&out->v[o->slot[i] - 1]);
            size_t j = place_hash(NULL, &at, cap - 1);
            while (slot[j]) j = (j + 1) & (cap - 1);
            slot[j] = o->slot[i];
        }
        free(o->slot);
        o->slot = slot;
        o->mask = cap - 1;
    }
    size_t j = place_hash(NULL, &sp, o->mask);
    for (; o->slot[j]; j = (j + 1) & o->mask) {
        const cl_diag *g = &out->v[o->slot[j] - 1];
        if (g->start_ != sp.start) continue;
        cl_span at = cl_diag_span(g);
        if (at.src == sp.src && at.end == sp.end) return 1;
    }
    o->slot[j] = (uint32_t)out->n + 1;
    o->n++;
    return 0;
}

static void scratch_empty(struct cl_rule_once *o)
{
    cl_diags one = { &o->scratch, 1, 1 };
    cl_diags_free_items(&one);
    memset(&o->scratch, 0, sizeof o->scratch);
}

cl_diag *cl_rule_vreport_path(cl_rule_ctx *ctx, const cl_node *at, const char *path, const char *fmt, va_list ap)
{
    cl_span sp = cl_node_span(at);
    if (!sp.src) { sp.src = ctx->doc->src; sp.start = sp.end = 0; }  /* synthesized node */
    if (ctx->once && sp.src && once_seen(ctx->once, ctx->out, sp)) {
        scratch_empty(ctx->once);
        cl_diag *g = &ctx->once->scratch;
        g->severity = ctx->severity;
        cl_diag_set_code(g, ctx->rule->name);
        cl_diag_set_span(g, sp);
        if (path) cl_diag_set_path(g, path);
        return g;
    }
    return cl_diag_vadd_path(ctx->out, ctx->severity, ctx->rule->name, sp, path, fmt, ap);   /* at OUT->n (once_seen) */
}

cl_diag *cl_rule_vreport(cl_rule_ctx *ctx, const cl_node *at, const char *fmt, va_list ap)
{
    return cl_rule_vreport_path(ctx, at, NULL, fmt, ap);
}

cl_diag *cl_rule_report_path(cl_rule_ctx *ctx, const cl_node *at, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cl_diag *g = cl_rule_vreport_path(ctx, at, path, fmt, ap);
    va_end(ap);
    return g;
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
    const cl_diag *v;          /* the findings, not yet filtered */
    uint32_t *slot;            /* open addressing: index in V + 1; 0: free */
    size_t mask;
    unsigned char *drop;       /* a bit per finding of V: it repeats an earlier one */
} dedup;

static int same_place(const cl_diag *a, const cl_diag *b)
{
    if (a->start_ != b->start_) return 0;
    cl_span x = cl_diag_span(a), y = cl_diag_span(b);
    return cl_diag_code(a) == cl_diag_code(b) && x.src == y.src && x.end == y.end;
}

/* Marks finding I of D->v to drop when one before it has its rule and place. */
static void mark_repeat(dedup *d, uint32_t i)
{
    const cl_diag *g = &d->v[i];
    cl_span sp = cl_diag_span(g);
    if (!sp.src) return;
    size_t j = place_hash(cl_diag_code(g), &sp, d->mask);
    for (; d->slot[j]; j = (j + 1) & d->mask)
        if (same_place(&d->v[d->slot[j] - 1], g)) {
            d->drop[i >> 3] |= (unsigned char)(1u << (i & 7));
            return;
        }
    d->slot[j] = i + 1;
}

static int not_marked(const cl_diag *g, void *ud)
{
    const dedup *d = ud;
    size_t i = (size_t)(g - d->v);     /* the filter asks at each finding's place before moving it */
    return !(d->drop[i >> 3] >> (i & 7) & 1);
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
    /* a set of the findings' numbers, sized for every finding at once (no
     * growing), read through to their (code, source, span): 4 bytes a slot,
     * not a 24-byte copy of the key (on a flow-style file of 10,000
     * services: 128 KB, not 786, at the run's peak) */
    size_t n = out->n - from, cap = 16;
    while (3 * cap < 4 * n) cap *= 2;   /* up to 3/4 full */
    dedup d = { out->v + from, calloc(cap, sizeof(uint32_t)), cap - 1, calloc(n / 8 + 1, 1) };
    if (!d.slot || !d.drop) abort();
    for (size_t i = 0; i < n; i++) mark_repeat(&d, (uint32_t)i);
    free(d.slot);
    /* only the findings from FROM on: those before stay where they are */
    cl_diags tail = { out->v + from, n, n };
    cl_diags_filter(&tail, not_marked, &d);
    out->n = from + tail.n;
    free(d.drop);
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
        /* every finding the rule made went through ONCE (rules report only
         * by cl_rule_report and its kin, and take none back): when there are
         * as many as places ONCE took, each is at a place of its own and
         * once_per_span would keep them all. It is run otherwise: a project
         * lists its services by name, not in the file's order, so the
         * findings' places do not grow and its quick test says "maybe". */
        if (project_rules && out->n - from != once.n) once_per_span(out, from);
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
