/* Unit tests of compose semantics: interpolation (every form, errors and
 * their offsets), the dotenv format, and the merge rules. */
#include "testutil.h"
#include <stdio.h>
#include <stdlib.h>
#include "model/dotenv.h"
#include "model/interp.h"
#include "model/merge.h"
#include "parser/buf.h"

typedef struct { int nerr, nwarn; size_t off, len; char code[64]; char msg[256]; } seen;

static void rec(void *ud, cl_severity sev, const char *code, size_t off, size_t len, const char *msg)
{
    seen *s = ud;
    if (sev == CL_SEV_ERROR) s->nerr++; else s->nwarn++;
    if (s->nerr + s->nwarn == 1) {
        s->off = off; s->len = len;
        snprintf(s->code, sizeof s->code, "%s", code);
        snprintf(s->msg, sizeof s->msg, "%s", msg);
    }
}

static cl_env E;

static int run(const char *in, char *out, size_t outlen, seen *s)
{
    memset(s, 0, sizeof *s);
    cl_interp_ctx c;
    memset(&c, 0, sizeof c);
    c.env = &E;
    c.warn_unset = 1;
    c.report = rec;
    c.ud = s;
    cl_buf b;
    cl_buf_init(&b);
    int rc = cl_interp(&c, in, strlen(in), &b);
    snprintf(out, outlen, "%.*s", (int)b.len, b.data ? b.data : "");
    cl_buf_free(&b);
    return rc;
}

static void ok(const char *in, const char *want, int warnings)
{
    char out[512];
    seen s;
    if (run(in, out, sizeof out, &s) != 0) fail_msg("'%s' failed: %s", in, s.msg);
    if (strcmp(out, want)) fail_msg("'%s' gave '%s', want '%s'", in, out, want);
    if (s.nwarn != warnings) fail_msg("'%s': %d warnings, want %d", in, s.nwarn, warnings);
}

static void bad(const char *in, const char *code, size_t off, const char *msg_part)
{
    char out[512];
    seen s;
    if (run(in, out, sizeof out, &s) != -1) fail_msg("'%s' should fail, gave '%s'", in, out);
    assert_string_equal(s.code, code);
    if (s.off != off) fail_msg("'%s': error at %zu, want %zu", in, s.off, off);
    if (!strstr(s.msg, msg_part)) fail_msg("'%s': message '%s' lacks '%s'", in, s.msg, msg_part);
}

static int setup(void **st)
{
    (void)st;
    cl_env_init(&E);
    cl_env_set(&E, "A", 1, "a", 1);
    cl_env_set(&E, "EMPTY", 5, "", 0);
    cl_env_set(&E, "B_2", 3, "bee", 3);
    return 0;
}
static int teardown(void **st) { (void)st; cl_env_free(&E); return 0; }

static void test_forms(void **st)
{
    (void)st;
    ok("plain", "plain", 0);
    ok("$A-$B_2.", "a-bee.", 0);
    ok("${A}x", "ax", 0);
    ok("${UNSET}", "", 1);
    ok("$UNSET/x", "/x", 1);
    ok("${UNSET:-d}|${EMPTY:-d}|${A:-d}", "d|d|a", 0);
    ok("${UNSET-d}|${EMPTY-d}|${A-d}", "d||a", 0);
    ok("${UNSET:+x}|${EMPTY:+x}|${A:+x}", "||x", 0);
    ok("${UNSET+x}|${EMPTY+x}|${A+x}", "|x|x", 0);
    ok("${A:?m}${EMPTY?m}", "a", 0);
    ok("${UNSET:-${B_2:-x}}", "bee", 0);
    ok("${UNSET:-${NOPE:-${A}}}", "a", 0);
    ok("${UNSET:-a b:c}", "a b:c", 0);
    ok("$$A $${A} $$", "$A ${A} $", 0);
    ok("cost: 5$ $1 $-", "cost: 5$ $1 $-", 0);
    ok("${A:-{}}", "a}", 0);           /* like compose-go, only "${" opens a brace */
}

static void test_errors(void **st)
{
    (void)st;
    bad("x ${UNSET:?need it}", "interpolation-required", 2, "required variable UNSET is missing a value: need it");
    bad("${EMPTY:?}", "interpolation-required", 0, "required variable EMPTY is missing a value");
    bad("ab${UNSET?}", "interpolation-required", 2, "UNSET");
    bad("${A:-${UNSET:?inner}}x${UNSET:?outer}", "interpolation-required", 22, "outer");
    bad("${UNSET:-${NOPE:?inner}}", "interpolation-required", 9, "inner");
    bad("abc ${", "interpolation-syntax", 4, "");
    bad("${A:-", "interpolation-syntax", 0, "missing closing");
    bad("${1X}", "interpolation-syntax", 0, "must start with a letter");
    bad("${}", "interpolation-syntax", 0, "${}");
    bad("${A/x}", "interpolation-syntax", 0, "expected '}'");
    bad("${A:x}", "interpolation-syntax", 0, "expected '}'");
    bad("x${A:-${B}", "interpolation-syntax", 1, "missing closing");
    /* deep nesting is refused, not a stack overflow */
    char deep[2000] = "";
    for (int i = 0; i < 300; i++) strcat(deep, "${X:-");
    bad(deep, "interpolation-syntax", 0, "");
}

/* Offsets inside scalars map back to exact source columns. */
static void test_tree_spans(void **st)
{
    (void)st;
    cl_source *src;
    cl_diags d;
    cl_doc *doc = parse_text(&src, "a:\n  p: x ${UNSET:?m}\n  s: 'it''s ${UNSET:?m}'\n  k${X}: v\n  l: |\n    line\n    ${UNSET}\n", &d);
    assert_non_null(doc);
    cl_arena a;
    cl_arena_init(&a);
    int errors = 0;
    cl_node *t = cl_interp_tree(&a, doc->root, &E, &d, &errors);
    assert_int_equal(errors, 2);
    assert_int_equal(d.n, 3);
    uint32_t l, c;
    cl_source_pos(src, d.v[0].span.start, &l, &c);
    assert_int_equal(l, 2); assert_int_equal(c, 8);
    cl_source_pos(src, d.v[1].span.start, &l, &c);
    assert_int_equal(l, 3); assert_int_equal(c, 13);
    cl_source_pos(src, d.v[2].span.start, &l, &c);
    assert_int_equal(l, 7); assert_int_equal(c, 5);
    assert_string_equal(d.v[2].code, "interpolation-unset");
    /* keys are not interpolated */
    assert_non_null(cl_map_get(cl_map_get(t, "a"), "k${X}"));
    assert_string_equal(cl_map_get(cl_map_get(t, "a"), "l")->u.s.text, "line\n\n");
    cl_arena_free(&a);
    cl_doc_free(doc);
    cl_diags_free(&d);
    cl_source_free(src);
}

static void test_dotenv(void **st)
{
    (void)st;
    const char *text =
        "# comment\n"
        "export A1=plain value # trailing comment\n"
        "B='single $A1 \\n'\n"
        "C=\"double\\n${A1}\\t\\\"q\\\" \\$lit \\0101 \\c\"\n"
        "D=\"multi\n"
        "line\"\n"
        "  E = spaced\n"
        "F=\n"
        "G: yamlish\n"
        "H=a#b\n"
        "INHERIT\n"
        "MISSING_INHERIT\n"
        "I=${UNDEF:-dflt}\n";
    cl_source *src = cl_source_from_string("t.env", text, strlen(text));
    cl_env lookup, out;
    cl_env_init(&lookup);
    cl_env_init(&out);
    cl_env_set(&lookup, "INHERIT", 7, "from-env", 8);
    cl_diags d;
    cl_diags_init(&d);
    assert_int_equal(cl_dotenv_parse(src, &lookup, &out, &d), 0);
    assert_int_equal(d.n, 0);
    assert_string_equal(cl_env_get(&out, "A1", 2), "plain value");
    assert_string_equal(cl_env_get(&out, "B", 1), "single $A1 \\n");
    assert_string_equal(cl_env_get(&out, "C", 1), "double\nplain value\t\"q\" $lit A \\c");
    assert_string_equal(cl_env_get(&out, "D", 1), "multi\nline");
    assert_string_equal(cl_env_get(&out, "E", 1), "spaced");
    assert_string_equal(cl_env_get(&out, "F", 1), "");
    assert_string_equal(cl_env_get(&out, "G", 1), "yamlish");
    assert_string_equal(cl_env_get(&out, "H", 1), "a#b");
    assert_string_equal(cl_env_get(&out, "INHERIT", 7), "from-env");
    assert_null(cl_env_get(&out, "MISSING_INHERIT", 15));
    assert_string_equal(cl_env_get(&out, "I", 1), "dflt");
    cl_source_free(src);
    cl_env_free(&out);

    /* an unterminated quote and a bad name are errors at their line */
    const char *badtext = "OK=1\nBAD NAME=x\nQ=\"never closed\nZ=2\n";
    src = cl_source_from_string("b.env", badtext, strlen(badtext));
    cl_env_init(&out);
    assert_int_equal(cl_dotenv_parse(src, NULL, &out, &d), 2);
    assert_int_equal(d.n, 2);
    uint32_t l, c;
    cl_source_pos(src, d.v[0].span.start, &l, &c);
    assert_int_equal(l, 2);
    cl_source_pos(src, d.v[1].span.start, &l, &c);
    assert_int_equal(l, 3); assert_int_equal(c, 3);
    assert_non_null(strstr(d.v[1].message, "unterminated"));
    assert_string_equal(cl_env_get(&out, "OK", 2), "1");
    cl_source_free(src);
    cl_env_free(&out);
    cl_env_free(&lookup);
    cl_diags_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forms),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_tree_spans),
        cmocka_unit_test(test_dotenv),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
