/* Unit tests of compose semantics: interpolation (every form, errors and
 * their offsets), the dotenv format, the merge rules, and the typed values
 * (model/values.h) read as go-yaml v3 and compose-go read them. */
#include "testutil.h"
#include <stdio.h>
#include <stdlib.h>
#include "model/dotenv.h"
#include "model/interp.h"
#include "model/merge.h"
#include "model/shortsyntax.h"
#include "model/values.h"
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

/* TEXT parsed (into *SRC, *DOC) and interpolated with E (in *A). */
static cl_node *interp_text(const char *text, cl_source **src, cl_diags *d, cl_doc **doc, cl_arena *a, int *errors)
{
    *doc = parse_text(src, text, d);
    assert_non_null(*doc);
    cl_arena_init(a);
    return cl_interp_tree(a, (*doc)->root, &E, d, errors);
}

/* Offsets inside scalars map back to exact source columns. */
static void test_tree_spans(void **st)
{
    (void)st;
    cl_source *src;
    cl_diags d;
    cl_doc *doc;
    cl_arena a;
    int errors = 0;
    cl_node *t = interp_text("a:\n  p: x ${UNSET:?m}\n  s: 'it''s ${UNSET:?m}'\n  k${X}: v\n  l: |\n    line\n    ${UNSET}\n",
                             &src, &d, &doc, &a, &errors);
    assert_int_equal(errors, 2);
    assert_int_equal(d.n, 3);
    uint32_t l, c;
    cl_source_pos(src, cl_diag_span(&d.v[0]).start, &l, &c);
    assert_int_equal(l, 2); assert_int_equal(c, 8);
    cl_source_pos(src, cl_diag_span(&d.v[1]).start, &l, &c);
    assert_int_equal(l, 3); assert_int_equal(c, 13);
    cl_source_pos(src, cl_diag_span(&d.v[2]).start, &l, &c);
    assert_int_equal(l, 7); assert_int_equal(c, 5);
    assert_string_equal(cl_diag_code(&d.v[2]), "interpolation-unset");
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
    cl_source_pos(src, cl_diag_span(&d.v[0]).start, &l, &c);
    assert_int_equal(l, 2);
    cl_source_pos(src, cl_diag_span(&d.v[1]).start, &l, &c);
    assert_int_equal(l, 3); assert_int_equal(c, 3);
    assert_non_null(strstr(tu_msg(&d.v[1]), "unterminated"));
    assert_string_equal(cl_env_get(&out, "OK", 2), "1");
    cl_source_free(src);
    cl_env_free(&out);
    cl_env_free(&lookup);
    cl_diags_free(&d);
}

/* The typed vocabulary: each key of the document is read as the value its
 * name says, the way docker compose (go-yaml v3, compose-go v2) reads it. */
static void test_values(void **st)
{
    (void)st;
    cl_source *src;
    cl_diags d;
    cl_env_set(&E, "M", 1, "444", 3);
    cl_env_set(&E, "YES", 3, "yes", 3);
    cl_doc *doc;
    cl_arena a;
    int errors = 0;
    cl_node *t = interp_text(
        "m_legacy: 0444\nm_o: 0o444\nm_dec: 292\nm_str: \"0444\"\nm_str3: '444'\nm_interp: ${M}\nm_bad: \"9\"\n"
        "m_null: null\nm_var: $${M}\nm_eight: 0800\n"
        "b_yes: yes\nb_true: true\nb_quoted: \"Off\"\nb_interp: ${YES}\nb_int: 1\nb_word: maybe\nb_map: {}\n"
        "i_under: 1_000\ni_hex: 0x1F\ni_bin: 0b101\ni_str: \"42\"\ni_float: 1.5\ni_octstr: \"010\"\n"
        "n_float: 1.5\nn_str: \"0.25\"\n"
        "d_mix: 1h30m\nd_ms: 500ms\nd_frac: 1.5s\nd_zero: 0\nd_bare: 10\nd_nounit: \"10\"\nd_day: 2d\n"
        "s_m: 512m\ns_kb: 100kb\ns_gib: 1GiB\ns_int: 1024\ns_frac: 1.5k\ns_bad: 12q\ns_space: 10 m\n", &src, &d, &doc, &a, &errors);
    assert_int_equal(errors, 0);
    long long v = -1;
    int b = -1;
    double f = 0;
#define MODE(key, want) do { v = -1; assert_int_equal(cl_val_mode(cl_map_get(t, key), &v), CL_VAL_KNOWN); assert_int_equal(v, want); } while (0)
    MODE("m_legacy", 292);        /* go-yaml v3: a leading 0 is octal (YAML 1.2 core would say 444) */
    MODE("m_o", 292);
    MODE("m_dec", 292);
    MODE("m_str", 292);           /* compose-go FileMode: a string is octal */
    MODE("m_str3", 292);
    MODE("m_interp", 292);        /* interpolated: a string to compose-go, so octal too */
    assert_int_equal(cl_val_mode(cl_map_get(t, "m_bad"), &v), CL_VAL_INVALID);
    assert_int_equal(cl_val_mode(cl_map_get(t, "m_null"), &v), CL_VAL_UNKNOWN);
    assert_int_equal(cl_val_mode(cl_map_get(t, "m_eight"), &v), CL_VAL_INVALID);   /* 0800: go-yaml's float 800 */
    assert_int_equal(cl_val_yaml_type(cl_map_get(t, "m_eight")), CL_T_FLOAT);
    assert_int_equal(cl_val_mode(NULL, &v), CL_VAL_UNKNOWN);
    assert_int_equal(cl_val_mode(cl_map_get(t, "m_var"), &v), CL_VAL_UNKNOWN);   /* a literal ${M}: not a value yet */
#define BOOL(key, want) do { b = -1; assert_int_equal(cl_val_bool(cl_map_get(t, key), &b), CL_VAL_KNOWN); assert_int_equal(b, want); } while (0)
    BOOL("b_yes", 1);             /* a string to go-yaml v3, cast by compose-go's toBoolean */
    BOOL("b_true", 1);
    BOOL("b_quoted", 0);
    BOOL("b_interp", 1);
    assert_int_equal(cl_val_bool(cl_map_get(t, "b_int"), &b), CL_VAL_INVALID);
    assert_int_equal(cl_val_bool(cl_map_get(t, "b_word"), &b), CL_VAL_INVALID);
    assert_int_equal(cl_val_bool(cl_map_get(t, "b_map"), &b), CL_VAL_INVALID);
    assert_int_equal(cl_val_yaml_type(cl_map_get(t, "b_yes")), CL_T_STR);
#define INT(key, want) do { v = -1; assert_int_equal(cl_val_int(cl_map_get(t, key), &v), CL_VAL_KNOWN); assert_int_equal(v, want); } while (0)
    INT("i_under", 1000);
    INT("i_hex", 31);
    INT("i_bin", 5);
    INT("i_str", 42);
    INT("i_octstr", 10);          /* compose-go's toInt: strconv.Atoi, base 10 */
    INT("m_legacy", 292);
    assert_int_equal(cl_val_int(cl_map_get(t, "i_float"), &v), CL_VAL_INVALID);
    assert_int_equal(cl_val_number(cl_map_get(t, "n_float"), &f), CL_VAL_KNOWN);
    assert_true(f == 1.5);
    assert_int_equal(cl_val_number(cl_map_get(t, "n_str"), &f), CL_VAL_KNOWN);
    assert_true(f == 0.25);
#define DUR(key, want) do { v = -1; assert_int_equal(cl_val_duration_ns(cl_map_get(t, key), &v), CL_VAL_KNOWN); assert_int_equal(v, want); } while (0)
    DUR("d_mix", 5400000000000LL);
    DUR("d_ms", 500000000LL);
    DUR("d_frac", 1500000000LL);
    DUR("d_zero", 0);
    DUR("d_day", 172800000000000LL);
    assert_int_equal(cl_val_duration_ns(cl_map_get(t, "d_bare"), &v), CL_VAL_INVALID);   /* missing unit */
    assert_int_equal(cl_val_duration_ns(cl_map_get(t, "d_nounit"), &v), CL_VAL_INVALID);
#define BYTES(key, want) do { v = -1; assert_int_equal(cl_val_bytes(cl_map_get(t, key), &v), CL_VAL_KNOWN); assert_int_equal(v, want); } while (0)
    BYTES("s_m", 512LL << 20);
    BYTES("s_kb", 102400);
    BYTES("s_gib", 1LL << 30);
    BYTES("s_int", 1024);
    BYTES("s_frac", 1536);
    BYTES("s_space", 10LL << 20);
    assert_int_equal(cl_val_bytes(cl_map_get(t, "s_bad"), &v), CL_VAL_INVALID);
    assert_true(cl_val_bool_field("read_only", 1));
    assert_true(cl_val_bool_field("external", 0));
    assert_false(cl_val_bool_field("restart", 1));
    assert_true(cl_val_bool_field("restart", 0));
    assert_false(cl_val_bool_field("image", 1));
    cl_arena_free(&a);
    cl_doc_free(doc);
    cl_diags_free(&d);
    cl_source_free(src);
}

/* A parsed one-item sequence "- ITEM" (freed by item_done). */
typedef struct one_item { cl_source *src; cl_diags d; cl_doc *doc; } one_item;
static const cl_node *item_of(one_item *o, const char *fmt, const char *item)
{
    char text[256];
    snprintf(text, sizeof text, fmt, item);
    o->doc = parse_text(&o->src, text, &o->d);
    assert_non_null(o->doc);
    return o->doc->root->u.q.items[0];
}
static void item_done(one_item *o) { cl_doc_free(o->doc); cl_diags_free(&o->d); cl_source_free(o->src); }

/* One ports item, as the model reads it: status, ip, host and container ranges, protocol. */
static void port_is(const char *yaml_item, cl_val want, const char *ip, long plo, long phi, long tlo, long thi,
                    const char *proto)
{
    one_item o;
    cl_port_spec p;
    cl_val r = cl_port_read(item_of(&o, "- %s\n", yaml_item), &p);
    if (r != want) fail_msg("%s: read gave %d", yaml_item, r);
    if (want != CL_VAL_INVALID) {
        char got_ip[64], got_proto[16];
        snprintf(got_ip, sizeof got_ip, "%.*s", p.ip.text ? (int)p.ip.len : 0, p.ip.text ? p.ip.text : "");
        snprintf(got_proto, sizeof got_proto, "%.*s", (int)p.protocol.len, p.protocol.text);
        if (strcmp(got_ip, ip) || p.published.lo != plo || p.published.hi != phi || p.target.lo != tlo ||
            p.target.hi != thi || strcmp(got_proto, proto))
            fail_msg("%s: got ip '%s' pub %ld-%ld tgt %ld-%ld proto %s", yaml_item, got_ip, p.published.lo,
                     p.published.hi, p.target.lo, p.target.hi, got_proto);
    }
    item_done(&o);
}

/* One short volume spec, as the model reads it. */
static void volume_is(const char *spec, cl_val want, const char *source, const char *target, const char *mode, int bind)
{
    one_item o;
    cl_volume_spec v;
    cl_val r = cl_volume_read(item_of(&o, "- '%s'\n", spec), &v);
    if (r != want) fail_msg("%s: read gave %d", spec, r);
    char got[3][64];
    snprintf(got[0], 64, "%.*s", v.source ? (int)v.source_len : 4, v.source ? v.source : "NULL");
    snprintf(got[1], 64, "%.*s", (int)v.target_len, v.target ? v.target : "");
    snprintf(got[2], 64, "%.*s", v.mode ? (int)v.mode_len : 4, v.mode ? v.mode : "NULL");
    if (want != CL_VAL_INVALID && (strcmp(got[0], source) || strcmp(got[1], target) || strcmp(got[2], mode) || v.bind != bind))
        fail_msg("%s: got source %s target %s mode %s bind %d", spec, got[0], got[1], got[2], v.bind);
    item_done(&o);
}

static void test_port_volume_readers(void **st)
{
    (void)st;
    static const struct { const char *item; cl_val want; const char *ip; long plo, phi, tlo, thi; const char *proto; } ports[] = {
        { "80", CL_VAL_KNOWN, "", 0, 0, 80, 80, "tcp" },
        { "\"8080:80/udp\"", CL_VAL_KNOWN, "", 8080, 8080, 80, 80, "udp" },
        { "\"127.0.0.1::80\"", CL_VAL_KNOWN, "127.0.0.1", 0, 0, 80, 80, "tcp" },
        { "\"[::1]:80:80\"", CL_VAL_KNOWN, "::1", 80, 80, 80, 80, "tcp" },
        { "\"[::1]:80\"", CL_VAL_KNOWN, "::1", 0, 0, 80, 80, "tcp" },
        { "\"::1:8080:80\"", CL_VAL_KNOWN, "::1", 8080, 8080, 80, 80, "tcp" },
        { "\"9000-9002:9000-9002/sctp\"", CL_VAL_KNOWN, "", 9000, 9002, 9000, 9002, "sctp" },
        { "\"${HOST_IP:-127.0.0.1}:8080:80\"", CL_VAL_UNKNOWN, "${HOST_IP:-127.0.0.1}", 8080, 8080, 80, 80, "tcp" },
        { "\"${PORT:-8080}:80\"", CL_VAL_UNKNOWN, "", 0, 0, 80, 80, "tcp" },
        { "{target: 80, published: \"8000-8001\", host_ip: 10.0.0.1, protocol: udp}", CL_VAL_KNOWN, "10.0.0.1", 8000, 8001, 80, 80, "udp" },
        { "{target: \"80\", published: 8080}", CL_VAL_KNOWN, "", 8080, 8080, 80, 80, "tcp" },
        { "{target: \"${T}\"}", CL_VAL_UNKNOWN, "", 0, 0, 0, 0, "tcp" },
        { "{published: 80}", CL_VAL_INVALID, "", 0, 0, 0, 0, "" },
        { "\"80:80/icmp\"", CL_VAL_INVALID, "", 0, 0, 0, 0, "" },
        { "\"70000:80\"", CL_VAL_INVALID, "", 0, 0, 0, 0, "" },
        { "\"1-3:5-6\"", CL_VAL_INVALID, "", 0, 0, 0, 0, "" },
        { "\"8080:\"", CL_VAL_INVALID, "", 0, 0, 0, 0, "" },
    };
    for (size_t i = 0; i < sizeof ports / sizeof ports[0]; i++)
        port_is(ports[i].item, ports[i].want, ports[i].ip, ports[i].plo, ports[i].phi, ports[i].tlo, ports[i].thi,
                ports[i].proto);
    static const struct { const char *spec; cl_val want; const char *source, *target, *mode; int bind; } vols[] = {
        { "data:/srv", CL_VAL_KNOWN, "data", "/srv", "NULL", 0 },
        { "./data:/srv:ro,z", CL_VAL_KNOWN, "./data", "/srv", "ro,z", 1 },
        { "/anon", CL_VAL_KNOWN, "NULL", "/anon", "NULL", 0 },
        { "v:/d", CL_VAL_KNOWN, "NULL", "v:/d", "NULL", 0 },      /* docker: a drive, so the target v:/d */
        { "C:\\data:/srv", CL_VAL_KNOWN, "C:\\data", "/srv", "NULL", 1 },
        { "./a:C:/b:ro", CL_VAL_KNOWN, "./a", "C:/b", "ro", 1 },
        { "${DATA:-./d}:/srv", CL_VAL_UNKNOWN, "${DATA:-./d}", "/srv", "NULL", 0 },
        { "a:b:c:d", CL_VAL_INVALID, "", "", "", 0 },
        { "./x:/x:bogus", CL_VAL_INVALID, "", "", "", 0 },
        { ":/x", CL_VAL_INVALID, "", "", "", 0 },
    };
    for (size_t i = 0; i < sizeof vols / sizeof vols[0]; i++)
        volume_is(vols[i].spec, vols[i].want, vols[i].source, vols[i].target, vols[i].mode, vols[i].bind);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forms),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_tree_spans),
        cmocka_unit_test(test_dotenv),
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_port_volume_readers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
