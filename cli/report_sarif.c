/* report_sarif.c - SARIF 2.1.0 for GitHub code scanning: one run whose driver
 * lists every registered rule (id its CLnnn code, name its kebab-case name,
 * with its summary, rationale and default level; the stages' findings are
 * registered rules too, rules/stage_rules.c) and any other code that was
 * reported, and one result per finding (ruleId the CLnnn code) with a
 * relative URI (base id SRCROOT = the current folder), a region in Unicode
 * code point columns, related locations, stable partialFingerprints and fixes.
 * Findings the configuration excluded or an inline comment suppressed follow,
 * each with suppressions[] (kind external or inSource, the reason as
 * justification), so code scanning shows them as dismissed. Rules of the
 * security and hardening categories carry a security-severity (by default
 * level: error 8.5 high, warning 5.5 medium, note 2.5 low), which code
 * scanning sorts alerts by. Inputs that could not be read, and files that
 * could not be linted (a fatal finding: not YAML, empty, an extends or
 * include file that cannot be read), are toolExecutionNotifications and make
 * executionSuccessful false. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "report.h"

static const char *level(cl_severity s)
{
    return s == CL_SEV_ERROR ? "error" : s == CL_SEV_WARNING ? "warning" : "note";
}

static void region(cl_buf *b, const cl_span *sp)
{
    cl_pos p = cl_report_pos(sp);
    cl_buf_printf(b, "\"region\": {\"startLine\": %u, \"startColumn\": %u, \"endLine\": %u, \"endColumn\": %u}",
                  p.line, p.col, p.end_line, p.end_col);
}

static void artifact(cl_buf *b, const char *path)
{
    cl_buf uri;
    cl_buf_init(&uri);
    cl_report_uri(&uri, path);
    cl_buf_puts(b, "\"artifactLocation\": {\"uri\": ");
    cl_report_json_str(b, cl_buf_cstr(&uri));
    cl_buf_puts(b, ", \"uriBaseId\": \"SRCROOT\"}");
    cl_buf_free(&uri);
}

static void location(cl_buf *b, const cl_span *sp)
{
    cl_buf_puts(b, "{\"physicalLocation\": {");
    artifact(b, sp->src->path);
    cl_buf_puts(b, ", ");
    region(b, sp);
    cl_buf_puts(b, "}");
}

static void text_prop(cl_buf *b, const char *key, const char *text)
{
    cl_buf_printf(b, "\"%s\": {\"text\": ", key);
    cl_report_json_str(b, text);
    cl_buf_puts(b, "}");
}

/* A finding's ruleId: the registered rule's stable, opaque code (CL006; its
 * kebab-case name goes in "name"), or the check's own id. */
static const char *sarif_id(const char *code)
{
    cl_rule_meta m = cl_report_rule(code);
    return m.code ? m.code : code ? code : "";
}

/* The rule table: registered rules first (registry order), then every other
 * code reported, in order of first appearance. */
typedef struct rules { const char **code; cl_severity *sev; size_t n; } rules;

static size_t rule_index(rules *t, const char *code, cl_severity sev, int add)
{
    for (size_t i = 0; i < t->n; i++) if (!strcmp(t->code[i], code)) return i;
    if (!add) return (size_t)-1;
    t->code[t->n] = code;
    t->sev[t->n] = sev;
    return t->n++;
}

static void rule_desc(cl_buf *b, const char *code, cl_severity sev, const char *docs)
{
    cl_rule_meta m = cl_report_rule(code);
    cl_buf_puts(b, "{\"id\": ");
    cl_report_json_str(b, code);
    if (m.name && strcmp(m.name, code)) { cl_buf_puts(b, ", \"name\": "); cl_report_json_str(b, m.name); }
    cl_buf tmp;
    cl_buf_init(&tmp);
    if (m.summary) cl_buf_puts(&tmp, m.summary);
    else cl_buf_printf(&tmp, "compose-lint check %s.", code);     /* a code no rule registers (a bug) */
    cl_buf_puts(b, ", ");
    text_prop(b, "shortDescription", cl_buf_cstr(&tmp));
    cl_buf_puts(b, ", ");
    text_prop(b, "fullDescription", m.rationale ? m.rationale : cl_buf_cstr(&tmp));
    cl_buf_puts(b, ", \"help\": {\"text\": ");
    tmp.len = 0;
    if (m.summary) cl_buf_printf(&tmp, "%s\n\n%s\n\nRun `compose-lint explain %s` for examples.", m.summary,
                                 m.rationale ? m.rationale : "", code);
    else cl_buf_printf(&tmp, "Reported by compose-lint as %s; the message says what is wrong and where.", code);
    cl_report_json_str(b, cl_buf_cstr(&tmp));
    cl_buf_puts(b, "}");
    if (m.known) {      /* the rule's page: docs/rules/NAME.md, generated from the registry */
        tmp.len = 0;
        cl_buf_printf(&tmp, "%s%s%s.md", docs, *docs && docs[strlen(docs) - 1] != '/' ? "/" : "", m.name);
        cl_buf_puts(b, ", \"helpUri\": ");
        cl_report_json_str(b, cl_buf_cstr(&tmp));
    }
    cl_buf_printf(b, ", \"defaultConfiguration\": {\"level\": \"%s\"}", level(m.known ? (cl_severity)m.severity : sev));
    if (m.known) {
        cl_buf_printf(b, ", \"properties\": {\"tags\": [\"%s\"]", cl_report_category_name(m.category));
        if (m.category == CL_CAT_SECURITY || m.category == CL_CAT_HARDENING)
            cl_buf_printf(b, ", \"security-severity\": \"%s\"", m.severity == CL_SEV_ERROR ? "8.5"
                          : m.severity == CL_SEV_WARNING ? "5.5" : "2.5");
        cl_buf_puts(b, "}");
    }
    cl_buf_puts(b, "}");
    cl_buf_free(&tmp);
}

static void fix(cl_buf *b, const cl_diag *g, const cl_fix *fx)
{
    cl_buf_puts(b, ",\n      \"fixes\": [{\"description\": {\"text\": ");
    cl_report_json_str(b, fx->description);
    cl_buf_puts(b, "}, \"artifactChanges\": [{");
    artifact(b, cl_diag_src(g)->path);
    cl_buf_puts(b, ", \"replacements\": [");
    for (size_t e = 0; e < fx->nedits; e++) {
        cl_edit edit = cl_fix_edit(fx, e);
        const cl_edit *ed = &edit;
        cl_span sp = { cl_diag_src(g), ed->start, ed->end };
        cl_pos p = cl_report_pos(&sp);
        cl_buf_printf(b, "%s{\"deletedRegion\": {\"startLine\": %u, \"startColumn\": %u, \"endLine\": %u, \"endColumn\": %u}, "
                         "\"insertedContent\": {\"text\": ", e ? ", " : "", p.line, p.col, p.end_line, p.end_col);
        cl_report_json_strn(b, ed->text, cl_fix_edit_len(fx, e));
        cl_buf_puts(b, "}}");
    }
    cl_buf_puts(b, "]}]}]");
}

/* One result: G, with the suppression X when it was not reported. */
static void result(cl_buf *b, rules *t, const cl_diag *g, const char *fp, const cl_suppressed *x, int first)
{
    const char *code = sarif_id(cl_diag_code(g));
    cl_buf_puts(b, first ? "\n    {\"ruleId\": " : ",\n    {\"ruleId\": ");
    cl_report_json_str(b, code);
    cl_buf_printf(b, ", \"ruleIndex\": %zu, \"level\": \"%s\", ", rule_index(t, code, g->severity, 0),
                  level(g->severity));
    cl_buf msg;
    cl_buf_init(&msg);
    text_prop(b, "message", cl_diag_message(g, &msg));
    cl_buf_free(&msg);
    if (cl_diag_src(g)) {
        cl_buf_puts(b, ",\n      \"locations\": [");
        cl_span gs = cl_diag_span(g);
        location(b, &gs);
        if (cl_diag_path(g)) {
            cl_buf_puts(b, ", \"logicalLocations\": [{\"fullyQualifiedName\": ");
            cl_report_json_str(b, cl_diag_path(g));
            cl_buf_puts(b, ", \"kind\": \"member\"}]");
        }
        cl_buf_puts(b, "}]");
    }
    size_t nrel = 0;
    for (size_t k = 0; k < cl_diag_nrelated(g); k++) {
        const cl_related *rel = &cl_diag_related(g)[k];
        if (!rel->span.src) continue;
        cl_buf_puts(b, nrel ? ", " : ",\n      \"relatedLocations\": [");
        cl_buf_printf(b, "{\"id\": %zu, ", nrel++);
        text_prop(b, "message", rel->message);
        cl_buf_puts(b, ", \"physicalLocation\": {");
        artifact(b, rel->span.src->path);
        cl_buf_puts(b, ", ");
        region(b, &rel->span);
        cl_buf_puts(b, "}}");
    }
    if (nrel) cl_buf_puts(b, "]");
    cl_buf_printf(b, ",\n      \"partialFingerprints\": {\"composeLint/v1\": \"%s\"}", fp);
    cl_fix fx;
    if (cl_diag_fix(g, &fx) && cl_diag_src(g) && fx.nedits) fix(b, g, &fx);
    if (x) {
        cl_buf_printf(b, ",\n      \"suppressions\": [{\"kind\": \"%s\"", x->in_source ? "inSource" : "external");
        if (x->why) { cl_buf_puts(b, ", \"justification\": "); cl_report_json_str(b, x->why); }
        cl_buf_puts(b, "}]");
    }
    cl_buf_puts(b, "}");
}

/* invocations[]: one, unsuccessful with a notification per input that could
 * not be read (R->notices) or file that could not be linted (a finding of a
 * fatal stage rule). */
/* One notification: TEXT (and WHY) at SP, or about FILE when SP is NULL. */
static void notification(cl_buf *b, size_t *n, const char *text, const char *why, const cl_span *sp, const char *file)
{
    cl_buf_puts(b, (*n)++ ? ",\n    " : "\"toolExecutionNotifications\": [\n    ");
    cl_buf_puts(b, "{\"level\": \"error\", \"message\": {\"text\": ");
    cl_buf tmp;
    cl_buf_init(&tmp);
    cl_buf_printf(&tmp, "%s%s", text, why);
    cl_report_json_str(b, cl_buf_cstr(&tmp));
    cl_buf_free(&tmp);
    cl_buf_puts(b, "}, \"locations\": [");
    if (sp) location(b, sp);
    else {
        cl_buf_puts(b, "{\"physicalLocation\": {");
        artifact(b, file);
        cl_buf_puts(b, "}");
    }
    cl_buf_puts(b, "}]}");
}

/* invocations[0]: unsuccessful, with a notification per input that could not
 * be read (R->notices) and per file that could not be linted (a finding of a
 * fatal stage rule), else successful. */
static void invocation(cl_buf *b, const cl_report *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->nnotices; i++) {
        cl_buf tmp;
        cl_buf_init(&tmp);
        cl_buf_printf(&tmp, "%s was not linted: ", r->notices[i].file);
        notification(b, &n, cl_buf_cstr(&tmp), r->notices[i].message, NULL, r->notices[i].file);
        cl_buf_free(&tmp);
    }
    for (size_t i = 0; i < r->diags->n; i++) {
        const cl_diag *g = &r->diags->v[i];
        if (cl_diag_src(g) && cl_report_rule(cl_diag_code(g)).fatal) {
            cl_buf msg;
            cl_span gs = cl_diag_span(g);
            cl_buf_init(&msg);
            notification(b, &n, "not linted, or not completely: ", cl_diag_message(g, &msg), &gs, NULL);
            cl_buf_free(&msg);
        }
    }
    if (n) cl_buf_puts(b, "],\n   ");
    cl_buf_printf(b, "\"executionSuccessful\": %s}],\n", n ? "false" : "true");
}

void cl_report_sarif(FILE *out, const cl_report *r)
{
    const cl_diags *d = r->diags;
    size_t nreg = cl_report_nrules();
    size_t nall = nreg + d->n + (r->supp ? r->supp->n : 0) + 1;
    rules t = { calloc(nall, sizeof(char *)), calloc(nall, sizeof(cl_severity)), 0 };
    if (!t.code || !t.sev) abort();
    for (size_t i = 0; i < nreg; i++) {
        rule_index(&t, sarif_id(cl_report_rule_id(i)), CL_SEV_WARNING, 1);
    }
    for (size_t i = 0; i < d->n; i++) rule_index(&t, sarif_id(cl_diag_code(&d->v[i])), d->v[i].severity, 1);
    /* the suppressed findings, as a list of their own (their fingerprints too) */
    size_t nsupp = r->supp ? r->supp->n : 0;
    cl_diags sd = { calloc(nsupp + 1, sizeof(cl_diag)), nsupp, nsupp };
    if (!sd.v) abort();
    for (size_t i = 0; i < nsupp; i++) {
        sd.v[i] = r->supp->v[i].diag;
        rule_index(&t, sarif_id(cl_diag_code(&sd.v[i])), sd.v[i].severity, 1);
    }
    char (*fp)[33] = cl_report_fingerprints(d);
    char (*sfp)[33] = cl_report_fingerprints(&sd);

    cl_buf b;
    cl_buf_init(&b);
    cl_buf_puts(&b, "{\"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\", \"version\": \"2.1.0\",\n"
                    " \"runs\": [{\n  \"tool\": {\"driver\": {\"name\": \"compose-lint\", \"version\": \"" CL_VERSION
                    "\", \"semanticVersion\": \"" CL_VERSION "\",\n   \"informationUri\": \"" CL_HOMEPAGE "\",\n   \"rules\": [");
    for (size_t i = 0; i < t.n; i++) {
        cl_buf_puts(&b, i ? ",\n    " : "\n    ");
        rule_desc(&b, t.code[i], t.sev[i], r->docs_url ? r->docs_url : CL_DOCS_URL);
    }
    cl_buf_puts(&b, "]}},\n  \"invocations\": [{");
    invocation(&b, r);
    char cwd[4096];
    if (getcwd(cwd, sizeof cwd)) {
        cl_buf_puts(&b, "  \"originalUriBaseIds\": {\"SRCROOT\": {\"uri\": ");
        cl_buf base;
        cl_buf_init(&base);
        cl_buf_puts(&base, "file://");
        for (const char *c = cwd; *c; c++) {
            unsigned char ch = (unsigned char)*c;
            if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || strchr("-._~/", ch))
                cl_buf_putc(&base, (char)ch);
            else cl_buf_printf(&base, "%%%02X", ch);
        }
        if (base.data[base.len - 1] != '/') cl_buf_putc(&base, '/');
        cl_report_json_str(&b, cl_buf_cstr(&base));
        cl_buf_free(&base);
        cl_buf_puts(&b, "}},\n");
    }
    cl_buf_puts(&b, "  \"columnKind\": \"unicodeCodePoints\",\n  \"results\": [");
    for (size_t i = 0; i < d->n; i++) result(&b, &t, &d->v[i], fp[i], NULL, i == 0);
    for (size_t i = 0; i < sd.n; i++) result(&b, &t, &sd.v[i], sfp[i], &r->supp->v[i], !d->n && i == 0);
    cl_buf_puts(&b, "]\n }]\n}\n");
    free(fp);
    free(sfp);
    free(sd.v);
    free(t.code);
    free(t.sev);
    cl_report_flush(out, &b);
}
