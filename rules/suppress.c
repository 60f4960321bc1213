/* suppress.c - inline suppressions written as YAML comments:
 *   # compose-lint disable-line RULE[,RULE]      this line
 *   # compose-lint disable-next-line RULE         the next line that is not blank or a comment
 *   # compose-lint disable-file RULE              the whole file
 * RULE is a rule name or code, or any diagnostic code; the fatal stage rules
 * (rules/stage_rules.c) cannot be suppressed. Text after " -- " is a
 * free reason. dclint's comments work too, with its meaning: `# dclint
 * disable-line [RULE...]` (on a line of its own: the next line), `# dclint
 * disable [RULE...]` and `# dclint disable-file` (the whole file); no RULE
 * means every rule. The document model has no comments, so the source bytes are
 * scanned; a '#' inside a scalar (known from the model's spans) is not a
 * comment. A suppression that suppresses nothing, or names an unknown rule, is
 * reported as "unused-suppression" with a safe fix that removes it. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "suppress.h"
#include "textedit.h"

enum { D_LINE, D_NEXT, D_FILE };

typedef struct tok { uint32_t start, len; int rule; int used; } tok;   /* rule: index, -1 unknown, -2 every rule */
typedef struct directive {
    int kind;
    uint32_t line;             /* target line (D_LINE, D_NEXT) */
    uint32_t hash;             /* offset of '#' */
    tok *toks;
    size_t ntoks;
    uint32_t why, why_len;     /* the free reason after " -- " (why_len 0: none) */
} directive;

typedef struct spans { uint32_t (*v)[2]; size_t n, cap; } spans;

static void span_push(spans *s, uint32_t a, uint32_t b)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->v = realloc(s->v, s->cap * sizeof *s->v);
        if (!s->v) abort();
    }
    s->v[s->n][0] = a;
    s->v[s->n][1] = b;
    s->n++;
}

/* Scalar spans in document order; nodes reached again through an alias start
 * before what was already seen and are skipped, so this stays linear. */
static void collect(const cl_node *n, const cl_source *src, spans *s, uint32_t *last)
{
    if (!n || cl_node_src(n) != src || n->start < *last) return;
    if (n->kind == CL_SCALAR) {
        if (n->end > n->start) span_push(s, n->start, n->end);
        if (n->end > *last) *last = n->end;
    } else if (n->kind == CL_MAP) {
        for (uint32_t i = 0; i < n->u.m.n; i++) {
            if (n->u.m.items[i].merged) continue;
            collect(n->u.m.items[i].key, src, s, last);
            collect(n->u.m.items[i].value, src, s, last);
        }
    } else if (n->kind == CL_SEQ) {
        for (uint32_t i = 0; i < n->u.q.n; i++) collect(n->u.q.items[i], src, s, last);
    }
}

static int in_scalar(const spans *s, uint32_t off)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) {                   /* first span starting after OFF */
        size_t mid = (lo + hi) / 2;
        if (s->v[mid][0] <= off) lo = mid + 1; else hi = mid;
    }
    return lo > 0 && off < s->v[lo - 1][1];
}

static uint32_t line_of(const cl_source *src, uint32_t off)
{
    uint32_t line, col;
    cl_source_pos(src, off, &line, &col);
    return line;
}

/* The next line after LINE holding something other than blanks or a comment. */
static uint32_t next_code_line(const cl_source *src, uint32_t line)
{
    for (uint32_t l = line + 1, nl = (uint32_t)cl_source_nlines(src); l <= nl; l++) {
        uint32_t a, b;
        if (cl_source_line(src, l, &a, &b) < 0) break;
        while (a < b && (src->data[a] == ' ' || src->data[a] == '\t')) a++;
        if (a < b && src->data[a] != '#') return l;
    }
    return 0;
}

static int is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

typedef struct scan {
    const cl_source *src;
    directive *d;
    size_t n;
    cl_diags bad;              /* malformed directives, reported after filtering */
} scan;

static void parse_directive(scan *sc, uint32_t hash, uint32_t p, uint32_t eol, int dclint)
{
    const char *s = sc->src->data;
    static const struct { const char *w; int kind; } verbs[] = {
        { "disable-next-line", D_NEXT }, { "disable-line", D_LINE }, { "disable-file", D_FILE },
    };
    uint32_t w = p;
    while (w < eol && is_name_char(s[w])) w++;
    int kind = -1;
    for (size_t i = 0; i < 3; i++)
        if (strlen(verbs[i].w) == w - p && !memcmp(s + p, verbs[i].w, w - p)) kind = verbs[i].kind;
    if (dclint) {
        if (kind == D_NEXT) return;                        /* dclint has no disable-next-line */
        if (kind < 0) {
            if (w - p != 7 || strncmp(s + p, "disable", 7)) return;
            kind = D_FILE;                                 /* "# dclint disable RULE..." */
        }
        if (kind == D_LINE) {                              /* on a line of its own: the next line */
            uint32_t a = cl_line_start(sc->src, hash);
            while (a < hash && (s[a] == ' ' || s[a] == '\t')) a++;
            if (a == hash) kind = D_NEXT;
        }
    }
    if (kind < 0) {
        if (w - p >= 6 && (!strncmp(s + p, "disable", 7) || !strncmp(s + p, "enable", 6))) {
            cl_span sp = { sc->src, p, w };
            cl_diag_add(&sc->bad, CL_SEV_WARNING, "unused-suppression", sp,
                        "unknown suppression '%.*s': use disable-line, disable-next-line or disable-file",
                        (int)(w - p), s + p);
        }
        return;
    }
    directive dv = { kind, 0, hash, NULL, 0, 0, 0 };
    uint32_t line = line_of(sc->src, hash);
    dv.line = kind == D_LINE ? line : kind == D_NEXT ? next_code_line(sc->src, line) : 0;
    p = w;
    for (;;) {
        while (p < eol && (s[p] == ' ' || s[p] == '\t' || s[p] == ',')) p++;
        if (p >= eol) break;
        if (s[p] == '-' && p + 1 < eol && s[p + 1] == '-') {                     /* " -- reason" */
            uint32_t a = p + 2, e = eol;
            while (a < e && (s[a] == ' ' || s[a] == '\t')) a++;
            while (e > a && (s[e - 1] == ' ' || s[e - 1] == '\t')) e--;
            dv.why = a;
            dv.why_len = e - a;
            break;
        }
        uint32_t a = p;
        while (p < eol && is_name_char(s[p])) p++;
        if (p == a) break;
        dv.toks = realloc(dv.toks, (dv.ntoks + 1) * sizeof *dv.toks);
        if (!dv.toks) abort();
        dv.toks[dv.ntoks++] = (tok){ a, p - a, cl_rule_index(s + a, p - a), 0 };
    }
    if (!dv.ntoks && dclint) {                             /* dclint: no rule = every rule */
        dv.toks = malloc(sizeof *dv.toks);
        if (!dv.toks) abort();
        dv.toks[dv.ntoks++] = (tok){ hash, eol - hash, -2, 0 };
    }
    if (!dv.ntoks) {
        cl_span sp = { sc->src, hash, eol };
        cl_diag_add(&sc->bad, CL_SEV_WARNING, "unused-suppression", sp,
                    "this suppression names no rule: write e.g. '# compose-lint %s no-version-field'", verbs[kind == D_NEXT ? 0 : kind == D_LINE ? 1 : 2].w);
        free(dv.toks);
        return;
    }
    sc->d = realloc(sc->d, (sc->n + 1) * sizeof *sc->d);
    if (!sc->d) abort();
    sc->d[sc->n++] = dv;
}

static void find_directives(const cl_doc *doc, scan *sc, spans *sp, int *have_spans, const char *marker, int dclint)
{
    const cl_source *src = doc->src;
    const size_t mlen = strlen(marker);
    const char *base = src->data, *p = base, *end = base + src->len;
    /* from each '#' (rare in a compose file: memchr finds them fast) to the
     * marker after its blanks */
    while (p < end && (p = memchr(p, '#', (size_t)(end - p))) != NULL) {
        uint32_t h = (uint32_t)(p - base), at = h + 1;
        p++;
        while (at < src->len && (base[at] == ' ' || base[at] == '\t')) at++;
        if (src->len - at < mlen || memcmp(base + at, marker, mlen)) continue;
        if (h > 0 && base[h - 1] != ' ' && base[h - 1] != '\t' && base[h - 1] != '\n' && base[h - 1] != '\r') continue;
        uint32_t q = at + (uint32_t)mlen;
        if (q >= src->len || (base[q] != ' ' && base[q] != '\t')) continue;
        while (q < src->len && (base[q] == ' ' || base[q] == '\t')) q++;
        if (!*have_spans) {
            uint32_t last = 0;
            collect(doc->root, src, sp, &last);
            *have_spans = 1;
        }
        if (in_scalar(sp, h)) continue;
        uint32_t eol = q;
        while (eol < src->len && base[eol] != '\n' && base[eol] != '\r') eol++;
        parse_directive(sc, h, q, eol, dclint);
    }
}

typedef struct keep_ctx { scan *sc; const cl_source *src; } keep_ctx;

static int tok_matches(const cl_source *src, const tok *t, const char *code)
{
    if (t->rule == -2) return 1;
    if (t->rule >= 0) return !strcmp(cl_rules[t->rule]->name, code) || !strcmp(cl_rules[t->rule]->code, code);
    return strlen(code) == t->len && !strncasecmp(src->data + t->start, code, t->len);
}

/* Is G suppressed by a directive? Its reason (the first one given) goes to WHY. */
static int suppressed(const cl_diag *g, void *vctx, cl_buf *why)
{
    keep_ctx *k = vctx;
    if (cl_diag_src(g) != k->src || !cl_diag_code(g) || !strcmp(cl_diag_code(g), "unused-suppression") || !strcmp(cl_diag_code(g), "config-error"))
        return 0;
    const cl_rule *r = cl_rule_find(cl_diag_code(g));
    if (r && r->stage == CL_BY_STAGE_FATAL) return 0;   /* never suppressed */
    uint32_t line = 0;
    int drop = 0;
    for (size_t i = 0; i < k->sc->n; i++) {
        directive *d = &k->sc->d[i];
        if (d->kind != D_FILE) {
            if (!line) line = line_of(k->src, cl_diag_span(g).start);
            if (d->line != line) continue;
        }
        for (size_t j = 0; j < d->ntoks; j++)
            if (tok_matches(k->src, &d->toks[j], cl_diag_code(g))) {
                d->toks[j].used = 1;
                if (!why->len && d->why_len) cl_buf_put(why, k->src->data + d->why, d->why_len);
                drop = 1;
            }
    }
    return drop;
}

/* Edit removing the whole comment of D (and its line when nothing else is on it). */
static cl_edit remove_comment(const cl_source *src, const directive *d)
{
    const char *s = src->data;
    uint32_t a = d->hash, e = d->hash;
    while (a > 0 && (s[a - 1] == ' ' || s[a - 1] == '\t')) a--;
    while (e < src->len && s[e] != '\n' && s[e] != '\r') e++;
    if (a == 0 || s[a - 1] == '\n' || s[a - 1] == '\r') {         /* alone on its line */
        if (e < src->len && s[e] == '\r') e++;
        if (e < src->len && s[e] == '\n') e++;
    }
    return (cl_edit){ a, e, "" };
}

/* Edit removing token J of D with one neighbouring comma. */
static cl_edit remove_token(const cl_source *src, const directive *d, size_t j)
{
    const char *s = src->data;
    const tok *t = &d->toks[j];
    uint32_t a = t->start, e = t->start + t->len;
    if (j + 1 < d->ntoks) {
        e = d->toks[j + 1].start;
    } else {
        while (a > 0 && (s[a - 1] == ' ' || s[a - 1] == ',')) a--;
        if (a < d->toks[j - 1].start + d->toks[j - 1].len) a = d->toks[j - 1].start + d->toks[j - 1].len;
    }
    return (cl_edit){ a, e, "" };
}

void cl_suppress_apply(const cl_doc *doc, const cl_config *cfg, cl_diags *out, cl_suppressions *supp)
{
    scan sc = { doc->src, NULL, 0, { NULL, 0, 0 } };
    spans sp = { NULL, 0, 0 };
    int have_spans = 0;
    find_directives(doc, &sc, &sp, &have_spans, "compose-lint", 0);
    find_directives(doc, &sc, &sp, &have_spans, "dclint", 1);
    free(sp.v);
    int self = cl_rule_index("unused-suppression", 18);
    int report = self >= 0 && cfg->rules[self].enabled;
    cl_severity sev = self >= 0 ? cfg->rules[self].severity : CL_SEV_WARNING;
    if (sc.n) {
        keep_ctx k = { &sc, doc->src };
        cl_suppressions_take(out, supp, 1, suppressed, &k);
    }
    /* a code that no rule has but some diagnostic of this file carries counts as known */
    for (size_t i = 0; report && i < sc.n; i++) {
        directive *d = &sc.d[i];
        size_t nunused = 0, nquiet = 0;
        for (size_t j = 0; j < d->ntoks; j++) {
            tok *t = &d->toks[j];
            if (t->used) continue;
            if (t->rule >= 0 && !cfg->rules[t->rule].enabled) nquiet++;   /* rule off: cannot tell */
            else nunused++;
        }
        if (!nunused) continue;
        for (size_t j = 0; j < d->ntoks; j++) {
            tok *t = &d->toks[j];
            if (t->used || (t->rule >= 0 && !cfg->rules[t->rule].enabled)) continue;
            cl_span sp = { doc->src, t->start, t->start + t->len };
            const char *txt = doc->src->data + t->start;
            cl_diag *g;
            if (t->rule == -2) {
                g = cl_diag_add(out, sev, "unused-suppression", sp, "unused suppression: '%.*s' silences nothing", (int)t->len, txt);
            } else if (t->rule < 0) {
                const char *s = cl_rule_suggest(txt, t->len);
                if (s) g = cl_diag_add(out, sev, "unused-suppression", sp, "suppression names unknown rule '%.*s' (did you mean '%s'?)", (int)t->len, txt, s);
                else g = cl_diag_add(out, sev, "unused-suppression", sp, "suppression names '%.*s', which is no rule and no problem here", (int)t->len, txt);
            } else if (cl_rules[t->rule]->stage == CL_BY_STAGE_FATAL) {
                g = cl_diag_add(out, sev, "unused-suppression", sp, "'%.*s' cannot be suppressed: compose-lint cannot read "
                                "the file (or write its output) with this problem", (int)t->len, txt);
            } else if (d->kind == D_FILE) {
                g = cl_diag_add(out, sev, "unused-suppression", sp, "unused suppression: '%.*s' reports nothing in this file", (int)t->len, txt);
            } else {
                g = cl_diag_add(out, sev, "unused-suppression", sp, "unused suppression: '%.*s' reports nothing on line %u", (int)t->len, txt, d->line);
            }
            cl_edit ed = nunused + nquiet == d->ntoks && !nquiet ? remove_comment(doc->src, d) : remove_token(doc->src, d, j);
            cl_diag_set_fix(g, nunused == d->ntoks ? "remove the suppression comment" : "remove this rule from the suppression", 1, &ed, 1);
        }
    }
    for (size_t i = 0; i < sc.bad.n; i++) sc.bad.v[i].severity = sev;
    if (report) cl_diags_move(out, &sc.bad);
    else cl_diags_free(&sc.bad);
    for (size_t i = 0; i < sc.n; i++) free(sc.d[i].toks);
    free(sc.d);
}

const cl_rule cl_rule_unused_suppression = {
    .code = "CL000", .name = "unused-suppression", .category = CL_CAT_STYLE,
    .severity = CL_SEV_WARNING, .enabled = 1,
    .summary = "A `# compose-lint disable-...` comment that suppresses nothing.",
    .rationale = "Suppressions outlive the problems they hid: once the file is fixed, a stale "
        "`disable-line` would silently hide the next real problem on that line. Like ruff's "
        "unused-noqa, compose-lint reports suppressions that matched no diagnostic, name an unknown "
        "rule, or are malformed, and the safe fix removes them. Suppressions of rules that are "
        "turned off are not reported (whether they would match cannot be known).",
    .bad_example = "services:\n  web:\n    image: nginx:1.27  # compose-lint disable-line no-version-field\n",
    .good_example = "services:\n  web:\n    image: nginx:1.27\n",
    .fix = CL_FIX_SAFE,
    .check = NULL,   /* run by the engine after the other rules (suppress.c) */
};
