/* test_schema.c - the schema model against the official compose-spec JSON
 * schema ($SHARED/schema/compose-spec.json, read with the project's own
 * parser): every property path must exist in the model with the same types,
 * enums, patterns, required keys, bounds, uniqueItems, additionalProperties
 * and x- extension rule; every keyword of the official file must be one the
 * walk understands. Deliberate differences are the paths listed in
 * schema/DIFFERENCES.md (the walk skips them). Also the validator's own
 * behaviour on small documents. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "testutil.h"
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include "schema/schema.h"
#include "parser/suggest.h"

static cl_source *spec_src;
static cl_doc *spec_doc;
static const cl_node *spec_defs;
static char *differences;   /* contents of schema/DIFFERENCES.md */
static size_t nchecked, nprops, nfailed;

static int setup(void **state)
{
    (void)state;
    const char *shared = getenv("SHARED");
    char path[4096];
    snprintf(path, sizeof path, "%s/schema/compose-spec.json", shared ? shared : "../shared");
    char err[256];
    spec_src = cl_source_load(path, NULL, 1u << 24, err, sizeof err);
    if (!spec_src) { fprintf(stderr, "%s: %s\n", path, err); return -1; }
    cl_diags d;
    cl_diags_init(&d);
    spec_doc = cl_doc_parse(spec_src, NULL, &d);
    cl_diags_free(&d);
    if (!spec_doc || !spec_doc->root) return -1;
    spec_defs = cl_map_get(spec_doc->root, "definitions");
    cl_source *df = cl_source_load("schema/DIFFERENCES.md", NULL, 1u << 20, err, sizeof err);
    if (!df) { fprintf(stderr, "schema/DIFFERENCES.md: %s\n", err); return -1; }
    differences = strdup(df->data);
    cl_source_free(df);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    cl_doc_free(spec_doc);
    cl_source_free(spec_src);
    free(differences);
    return 0;
}

static void fail_at(const char *path, const char *what)
{
    fprintf(stderr, "MISMATCH %s: %s\n", path, what);
    nfailed++;
}

/* A path listed in DIFFERENCES.md as "`path`" is a deliberate difference. */
static int listed(const char *path)
{
    char needle[1100];
    snprintf(needle, sizeof needle, "`%s`", path);
    return strstr(differences, needle) != NULL;
}

static unsigned type_bit(const cl_node *t)
{
    static const struct { const char *n; unsigned b; } m[] = {
        { "null", CL_ST_NULL }, { "boolean", CL_ST_BOOL }, { "integer", CL_ST_INT }, { "number", CL_ST_NUM },
        { "string", CL_ST_STR }, { "object", CL_ST_OBJ }, { "array", CL_ST_ARR },
    };
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
        if (cl_scalar_is(t, m[i].n)) return m[i].b;
    return 0x80;   /* unknown: never equal */
}

static int is_empty_map(const cl_node *n) { return n && n->kind == CL_MAP && n->u.m.n == 0; }

static size_t count_props(const cl_sprop *p) { size_t n = 0; while (p && p[n].name) n++; return n; }

/* The same set of strings: JSON list J and NULL-terminated list M. */
static int same_strings(const cl_node *j, const char *const *m)
{
    size_t nm = 0;
    while (m && m[nm]) nm++;
    if (!j) return nm == 0;
    if (j->kind != CL_SEQ || j->u.q.n != nm) return 0;
    for (uint32_t i = 0; i < j->u.q.n; i++) {
        int found = 0;
        for (size_t k = 0; k < nm && !found; k++) found = cl_scalar_is(j->u.q.items[i], m[k]);
        if (!found) return 0;
    }
    return 1;
}

static void walk(const cl_node *j, const cl_schema *s, const char *path, int depth);

static void walk_child(const cl_node *j, const cl_schema *s, const char *path, const char *seg)
{
    char sub[1024];
    snprintf(sub, sizeof sub, "%s/%s", path, seg);
    walk(j, s, sub, 1);
}

static void walk(const cl_node *j, const cl_schema *s, const char *path, int depth)
{
    if (listed(path)) return;
    if (depth > 40) { fail_at(path, "too deep"); return; }
    nchecked++;
    if (!j || j->kind != CL_MAP) { fail_at(path, "not a schema object in the official file"); return; }
    if (!s) { fail_at(path, "missing in the model"); return; }
    const cl_node *ref = cl_map_get(j, "$ref");
    if (ref) {
        const char *r = ref->u.s.text, *pre = "#/definitions/";
        if (strncmp(r, pre, strlen(pre))) { fail_at(path, "unexpected $ref form"); return; }
        const char *name = r + strlen(pre);
        if (!s->name || strcmp(s->name, name)) { fail_at(path, "the model does not use the same definition"); return; }
        const cl_node *d = cl_map_get(spec_defs, name);
        char sub[1024];
        snprintf(sub, sizeof sub, "#/definitions/%s", name);
        walk(d, s, sub, depth + 1);
        return;
    }
    /* every keyword must be understood */
    static const char *const known[] = { "type", "properties", "patternProperties", "additionalProperties",
        "items", "oneOf", "enum", "pattern", "required", "minimum", "maximum", "uniqueItems",
        "description", "deprecated", "default", "title", "$schema", "$id", "definitions", NULL };
    for (uint32_t i = 0; i < j->u.m.n; i++) {
        int ok = 0;
        for (size_t k = 0; known[k] && !ok; k++) ok = cl_scalar_is(j->u.m.items[i].key, known[k]);
        if (!ok) {
            char w[256];
            snprintf(w, sizeof w, "keyword %s is not modelled", j->u.m.items[i].key->u.s.text);
            fail_at(path, w);
        }
    }
    /* type */
    unsigned types = 0;
    const cl_node *t = cl_map_get(j, "type");
    if (t && t->kind == CL_SEQ) for (uint32_t i = 0; i < t->u.q.n; i++) types |= type_bit(t->u.q.items[i]);
    else if (t) types = type_bit(t);
    if (types != s->types) fail_at(path, "different types");
    /* additionalProperties */
    const cl_node *ap = cl_map_get(j, "additionalProperties");
    int closed = ap && ap->type == CL_T_BOOL && cl_scalar_is(ap, "false");
    if (ap && !closed) fail_at(path, "additionalProperties other than false is not modelled");
    if (closed != !!(s->flags & CL_SF_CLOSED)) fail_at(path, "different additionalProperties");
    /* uniqueItems */
    const cl_node *ui = cl_map_get(j, "uniqueItems");
    if (cl_scalar_is(ui, "true") != !!(s->flags & CL_SF_UNIQUE)) fail_at(path, "different uniqueItems");
    /* enum, pattern, required */
    if (!same_strings(cl_map_get(j, "enum"), s->enums)) fail_at(path, "different enum");
    const cl_node *pat = cl_map_get(j, "pattern");
    if (!!pat != !!s->pattern || (pat && strcmp(pat->u.s.text, s->pattern->src))) fail_at(path, "different pattern");
    if (!same_strings(cl_map_get(j, "required"), s->required)) fail_at(path, "different required keys");
    /* bounds */
    const cl_node *mn = cl_map_get(j, "minimum"), *mx = cl_map_get(j, "maximum");
    if (!!mn != !!(s->flags & CL_SF_MIN) || (mn && strtod(mn->u.s.text, NULL) != s->min)) fail_at(path, "different minimum");
    if (!!mx != !!(s->flags & CL_SF_MAX) || (mx && strtod(mx->u.s.text, NULL) != s->max)) fail_at(path, "different maximum");
    /* properties: the same names, each the same schema; the model's in byte order */
    const cl_node *props = cl_map_get(j, "properties");
    size_t np = count_props(s->props);
    if ((props ? props->u.m.n : 0) != np) fail_at(path, "different number of properties");
    for (size_t i = 1; i < np; i++)
        if (strcmp(s->props[i - 1].name, s->props[i].name) >= 0) fail_at(path, "model properties not in byte order");
    if (props)
        for (uint32_t i = 0; i < props->u.m.n; i++) {
            const char *name = props->u.m.items[i].key->u.s.text;
            const cl_schema *ms = NULL;
            for (size_t k = 0; k < np && !ms; k++) if (!strcmp(s->props[k].name, name)) ms = s->props[k].s;
            char seg[256];
            snprintf(seg, sizeof seg, "properties/%s", name);
            nprops++;
            walk_child(props->u.m.items[i].value, ms, path, seg);
        }
    /* patternProperties: "^x-": {} is the extension flag, the others by pattern text */
    const cl_node *pp = cl_map_get(j, "patternProperties");
    int xext = 0;
    size_t npat = 0, nmodel = 0;
    while (s->pprops && s->pprops[nmodel].re) nmodel++;
    if (pp)
        for (uint32_t i = 0; i < pp->u.m.n; i++) {
            const char *re = pp->u.m.items[i].key->u.s.text;
            if (!strcmp(re, "^x-") && is_empty_map(pp->u.m.items[i].value)) { xext = 1; continue; }
            npat++;
            const cl_schema *ms = NULL;
            for (size_t k = 0; k < nmodel && !ms; k++) if (!strcmp(s->pprops[k].re->src, re)) ms = s->pprops[k].s;
            char seg[256];
            snprintf(seg, sizeof seg, "patternProperties/%s", re);
            walk_child(pp->u.m.items[i].value, ms, path, seg);
        }
    if (xext != !!(s->flags & CL_SF_XEXT)) fail_at(path, "different x- extension rule");
    if (npat != nmodel) fail_at(path, "different number of patternProperties");
    /* items, oneOf */
    const cl_node *items = cl_map_get(j, "items");
    if (items) walk_child(items, s->items, path, "items");
    else if (s->items) fail_at(path, "the model has items the official schema has not");
    const cl_node *one = cl_map_get(j, "oneOf");
    size_t nalt = 0;
    while (s->oneof && s->oneof[nalt]) nalt++;
    if ((one ? one->u.q.n : 0) != nalt) fail_at(path, "different number of oneOf alternatives");
    else if (one)
        for (uint32_t i = 0; i < one->u.q.n; i++) {
            char seg[32];
            snprintf(seg, sizeof seg, "oneOf/%u", (unsigned)i);
            walk_child(one->u.q.items[i], s->oneof[i], path, seg);
        }
}

static void model_matches_official_schema(void **state)
{
    (void)state;
    nchecked = nprops = nfailed = 0;
    walk(spec_doc->root, cl_schema_compose(), "#", 0);
    /* every definition is reachable under its own name too */
    size_t ndefs = 0;
    for (const cl_schema_def *d = cl_schema_defs; d->name; d++, ndefs++) {
        char p[256];
        snprintf(p, sizeof p, "#/definitions/%s", d->name);
        if (strcmp(d->s->name, d->name)) fail_at(p, "definition table name differs");
        walk(cl_map_get(spec_defs, d->name), d->s, p, 0);
    }
    assert_int_equal(ndefs, spec_defs->u.m.n);
    const cl_node *svc = cl_map_get(cl_map_get(spec_defs, "service"), "properties");
    fprintf(stderr, "schema walk: %zu schema nodes, %zu property paths compared, %u service properties, "
            "%zu definitions, %zu mismatches\n", nchecked, nprops, (unsigned)svc->u.m.n, ndefs, nfailed);
    assert_int_equal(svc->u.m.n, 92);
    assert_int_equal(nfailed, 0);
}

/* ---- the validator on small documents ---- */

static size_t validate_text(const char *text, cl_diags *d, const char **code)
{
    cl_source *src;
    cl_doc *doc = parse_text(&src, text, d);
    assert_non_null(doc);
    size_t n = cl_schema_validate(doc, d);
    *code = d->n ? cl_diag_code(&d->v[0]) : NULL;
    cl_doc_free(doc);
    cl_source_free(src);
    return n;
}

static void expect(const char *text, size_t nerr, const char *code)
{
    cl_diags d;
    const char *got = NULL;
    size_t n = validate_text(text, &d, &got);
    if (n != nerr || (code && (!got || strcmp(got, code)))) {
        fprintf(stderr, "for:\n%s\nexpected %zu x %s, got %zu x %s\n", text, nerr, code ? code : "-", n, got ? got : "-");
        for (size_t i = 0; i < d.n; i++) fprintf(stderr, "  %s\n", tu_msg(&d.v[i]));
    }
    assert_int_equal(n, nerr);
    if (code) assert_string_equal(got, code);
    cl_diags_free(&d);
}

static void validator_semantics(void **state)
{
    (void)state;
    expect("services:\n  web:\n    image: nginx\n", 0, NULL);
    expect("services:\n  web:\n    imagee: nginx\n", 1, "schema-unknown-key");
    expect("services:\n  web:\n    x-anything: [1, 2]\n", 0, NULL);
    expect("x-top: 1\nservices: {}\n", 0, NULL);
    expect("services:\n  web:\n    ports: [80, \"80:80\", {target: 80}]\n", 0, NULL);
    expect("services:\n  web:\n    ports: [80, 80.0]\n", 1, "schema-unique");   /* numbers compare by value */
    expect("services:\n  web:\n    ports: [80, \"80\"]\n", 0, NULL);
    expect("services:\n  web:\n    cpu_count: 2.0\n", 0, NULL);                 /* integral float is an integer */
    expect("services:\n  web:\n    cpu_count: 2.5\n", 1, "schema-type");
    expect("services:\n  web:\n    cpu_percent: 101\n", 1, "schema-range");
    expect("services:\n  web:\n    oom_score_adj: -1001\n", 1, "schema-range");
    expect("services:\n  web:\n    cgroup: hots\n", 1, "schema-enum");
    expect("services:\n  web:\n    pull_policy: sometimes\n", 1, "schema-pattern");
    expect("services:\n  web:\n    depends_on:\n      db: {required: true}\n", 1, "schema-required");
    expect("services:\n  web:\n    environment: FOO\n", 1, "schema-type");
    expect("services:\n  web:\n    environment: {A: 1, B: true, C: null, D: x}\n", 0, NULL);
    expect("services:\n  web:\n    environment: {A: [1]}\n", 1, "schema-type");
    expect("services:\n  web:\n    command: !reset\n", 0, NULL);
    expect("services:\n  web:\n    ports: !reset []\n", 0, NULL);
    expect("services:\n  web:\n    ports: !override [80]\n", 0, NULL);
    expect("services:\n  \"bad name\":\n    image: x\n", 1, "schema-key-pattern");
    expect("networks:\n  \"bad name\": 5\n", 0, NULL);    /* top-level networks stay open */
    expect("volumes:\n  data:\n", 0, NULL);
    expect("secrets:\n  s:\n", 1, "schema-type");
    expect("services:\n  web:\n    ulimits: {nofile: {soft: 1}}\n", 1, "schema-required");
    expect("services:\n  web:\n    volumes: [{type: bind, source: ., target: /x, bind: {selinux: q}}]\n", 1, "schema-enum");
    expect("services:\n  web:\n    gpus: all\n", 0, NULL);
    expect("services:\n  web:\n    gpus: some\n", 1, "schema-enum");
    expect("services:\n  web:\n    labels: {\"\": x}\n", 1, "schema-key-pattern");
    expect("services:\n  web:\n    scale: .inf\n", 0, NULL);
    expect("services:\n  web:\n    cap_add: [A, B, A, A]\n", 2, "schema-unique");
    expect("version: 3\n", 1, "schema-type");
    expect("- a\n", 1, "schema-type");
}

static void suggestions(void **state)
{
    (void)state;
    assert_int_equal(cl_edit_distance("enviroment", 10, "environment", 11, CL_EDIT_SWAPS), 1);
    assert_int_equal(cl_edit_distance("imgae", 5, "image", 5, CL_EDIT_SWAPS), 1);   /* a transposition is one edit */
    assert_int_equal(cl_edit_distance("imgae", 5, "image", 5, 0), 2);               /* two without swaps */
    assert_int_equal(cl_edit_distance("IMAGE", 5, "image", 5, CL_EDIT_NOCASE), 0);
    assert_int_equal(cl_edit_distance("", 0, "abc", 3, CL_EDIT_SWAPS), 3);
    static const char *const names[] = { "rules", "select", "ignore", NULL };
    assert_string_equal(cl_suggest("selct", 5, names, cl_suggest_strv, 2, 0), "select");
    assert_null(cl_suggest("xyz", 3, names, cl_suggest_strv, 1, 0));
    assert_string_equal(cl_suggest_prefix("ignored", names, cl_suggest_strv, 3), "ignore");
    cl_diags d;
    const char *code;
    validate_text("services:\n  web:\n    enviroment: {}\n", &d, &code);
    assert_non_null(strstr(tu_msg(&d.v[0]), "did you mean `environment`?"));
    assert_string_equal(cl_diag_path(&d.v[0]), "services.web.enviroment");
    cl_diags_free(&d);
    validate_text("services:\n  web:\n    qqqqqq: 1\n", &d, &code);
    assert_null(strstr(tu_msg(&d.v[0]), "did you mean"));
    cl_diags_free(&d);
}

static void patterns(void **state)
{
    (void)state;
    for (size_t i = 0; cl_schema_patterns[i]; i++) assert_non_null(cl_schema_patterns[i]->src);
    const cl_sprop *top = cl_schema_compose()->props;
    while (top->name && strcmp(top->name, "services")) top++;
    assert_non_null(top->name);
    cl_pattern *name = top->s->pprops[0].re;
    assert_true(cl_pattern_match(name, "web-1.a_b", 9));
    assert_false(cl_pattern_match(name, "web 1", 5));
    /* every pattern says what pcre2 says (some are matched without it) */
    static const char *const texts[] = {
        "web", "web-1.a_b", "", "web 1", "web\n", "web\n\n", "\n", "web\r", "w\neb", "caf\xc3\xa9", "\xc3\xa9",
        "nofile", "NOFILE", "no-file", "a", "-", ".", "_", "a$", "a^", "always", "every_2d", "every_x", "x\x0b",
        "web\tx", "a\xe2\x80\xa8", "web\x7f", "-x", "x", "_a", "a-", "--a1", "a_", "\xc3\xa9" "a", "a\xc3\xa9",
        "\xc3\xa9" "ab", "a\nb", "ab\n", "\nab", " a", "a b", "a\r\n", "\r", "\x0c", "\xc2\x85", "db.1",
    };
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    for (size_t i = 0; cl_schema_patterns[i]; i++) {
        int err;
        PCRE2_SIZE off;
        pcre2_code *re = pcre2_compile((PCRE2_SPTR)cl_schema_patterns[i]->src, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &err, &off, NULL);
        assert_non_null(re);
        for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
            size_t len = strlen(texts[k]);
            int want = pcre2_match(re, (PCRE2_SPTR)texts[k], len, 0, 0, md, NULL) >= 0;
            if (cl_pattern_match(cl_schema_patterns[i], texts[k], len) != want)
                fail_msg("%s on \"%s\": pcre2 says %d", cl_schema_patterns[i]->src, texts[k], want);
        }
        pcre2_code_free(re);
    }
    pcre2_match_data_free(md);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(model_matches_official_schema),
        cmocka_unit_test(validator_semantics),
        cmocka_unit_test(suggestions),
        cmocka_unit_test(patterns),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
