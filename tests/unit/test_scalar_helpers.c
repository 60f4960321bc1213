/* The small parser/ helpers every layer shares: may a text be written plain
 * (parser/yamlquote.h), an image reference's parts (parser/imageref.h), the
 * truthy-scalar reading (cl_scalar_true) and the string map and set (parser/strmap.h). */
#include "testutil.h"
#include <ctype.h>
#include <strings.h>
#include "parser/compose_files.h"
#include "parser/imageref.h"
#include "parser/strmap.h"
#include "parser/yamlquote.h"

static int plain(const char *s, unsigned how) { return cl_yaml_plain_safe(s, strlen(s), how); }

static void test_plain(void **st)
{
    (void)st;
    assert_true(plain("nginx", 0));
    assert_true(plain("-x", 0));                       /* YAML 1.2 allows it; a fix keeps it plain */
    assert_false(plain("-x", CL_PLAIN_ANY_READER));    /* the converters quote it */
    assert_false(plain("yes", 0));                     /* go-yaml v3 bool */
    assert_false(plain("On", 0));
    assert_true(plain("tRUE", 0));                     /* a string for YAML 1.2 and go-yaml v3 */
    assert_false(plain("tRUE", CL_PLAIN_ANY_READER));
    assert_true(plain("1:30", 0));
    assert_false(plain("1:30", CL_PLAIN_ANY_READER));  /* YAML 1.1 sexagesimal */
    assert_false(plain("1_000", CL_PLAIN_ANY_READER));
    assert_false(plain("true", 0));
    assert_false(plain("a: b", 0));
    assert_false(plain("a #b", 0));
    assert_true(plain("a,b", 0));
    assert_false(plain("a,b", CL_PLAIN_FLOW));
    assert_false(plain("<<", CL_PLAIN_ANY_READER));
    /* the edges of the one-pass byte classes (parser/yamlquote.c) */
    assert_true(plain("falsey", CL_PLAIN_ANY_READER));   /* longer than any reader word */
    assert_true(plain("nul", CL_PLAIN_ANY_READER));
    assert_false(plain("NULL", 0));
    assert_false(plain("Off", 0));
    assert_true(plain("0b1", 0));
    assert_false(plain("0b1", CL_PLAIN_ANY_READER));     /* YAML 1.1 binary */
    assert_false(plain("12ab", CL_PLAIN_ANY_READER));    /* only number bytes, a digit among them */
    assert_true(plain("abc", CL_PLAIN_ANY_READER));      /* number bytes, but no digit */
    assert_false(plain(".inf", CL_PLAIN_ANY_READER));
    assert_true(plain("a:[b", 0));
    assert_false(plain("a:[b", CL_PLAIN_FLOW));          /* ':' before a flow indicator */
    assert_true(plain("a:b", CL_PLAIN_ANY_READER));
    assert_false(plain("a\tb", 0));                      /* a control byte */
    assert_true(plain("\xc3\xa9t\xc3\xa9", CL_PLAIN_ANY_READER));
    assert_false(plain("x:", 0));
    char *q = cl_yaml_quoted("it's", 4, 1);
    assert_string_equal(q, "'it''s'");
    free(q);
    q = cl_yaml_quoted("a\"b\n", 4, 0);
    assert_string_equal(q, "\"a\\\"b\\n\"");
    free(q);
}

/* The rules of cl_yaml_plain_safe spelled out one at a time, slowly: what
 * its one pass over byte classes must agree with. */
static int naive_plain(const char *s, size_t n, unsigned how)
{
    int any = (how & CL_PLAIN_ANY_READER) != 0, flow = any || (how & CL_PLAIN_FLOW);
    if (n == 0 || s[0] == ' ' || s[n - 1] == ' ' || s[n - 1] == ':') return 0;
    int lead = s[0] == 0 || strchr(",[]{}-?:#&*!|>'\"%@`", s[0]) != NULL;
    int dash_word = (s[0] == '-' || s[0] == '?' || s[0] == ':') && n > 1 && s[1] != ' ';
    if (lead && (any || !dash_word)) return 0;
    if (any && n == 2 && !memcmp(s, "<<", 2)) return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f) return 0;
        if (flow && strchr(",[]{}", c) && c) return 0;
        if (c == ':' && i + 1 < n && (s[i + 1] == ' ' || (flow && s[i + 1] && strchr(",[]{}", s[i + 1])))) return 0;
        if (c == '#' && i > 0 && s[i - 1] == ' ') return 0;
    }
    const char *words[] = { "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~" };
    for (size_t w = 0; w < (any ? 10u : 6u); w++)
        if (strlen(words[w]) == n && !strncasecmp(words[w], s, n)) return 0;
    if (any) {
        int digit = 0, number = 1;
        for (size_t i = 0; i < n; i++) {
            digit |= isdigit((unsigned char)s[i]) != 0;
            number &= isxdigit((unsigned char)s[i]) || (s[i] && strchr("+-_:.xXoO", s[i]));
        }
        if (number && digit) return 0;
    }
    return cl_resolve_plain(s, n) == CL_T_STR;
}

/* Every text of up to 4 bytes over an alphabet of the bytes that matter
 * (and some that do not), and longer ones made of them: the same answer. */
static void test_plain_agrees(void **st)
{
    (void)st;
    static const char alpha[] = "a0x.+-:# ,[\t~<neyfINo_E1";
    size_t na = sizeof alpha - 1;
    char s[16];
    unsigned hows[] = { 0, CL_PLAIN_FLOW, CL_PLAIN_ANY_READER };
    size_t count = 0;
    for (size_t len = 0; len <= 4; len++) {
        size_t total = 1;
        for (size_t i = 0; i < len; i++) total *= na;
        for (size_t k = 0; k < total; k++) {
            size_t x = k;
            for (size_t i = 0; i < len; i++) { s[i] = alpha[x % na]; x /= na; }
            for (size_t h = 0; h < 3; h++)
                if (cl_yaml_plain_safe(s, len, hows[h]) != naive_plain(s, len, hows[h])) {
                    fprintf(stderr, "'%.*s' how %u: %d\n", (int)len, s, hows[h], cl_yaml_plain_safe(s, len, hows[h]));
                    fail();
                }
            count++;
        }
    }
    /* longer: a word, then the bytes that matter at its end and past it */
    static const char *longer[] = { "apiVersion", "image: x", "bench-svc0", "0x1F2e", "+.inf", ".NaN", "1_000.5e3",
                                    "abc #x", "abc#x", "a:[b]", "kubernetes.io/x", "10.0.0.1", "1:30:00", "tcp,udp" };
    for (size_t i = 0; i < sizeof longer / sizeof *longer; i++)
        for (size_t h = 0; h < 3; h++)
            assert_int_equal(cl_yaml_plain_safe(longer[i], strlen(longer[i]), hows[h]),
                             naive_plain(longer[i], strlen(longer[i]), hows[h]));
    assert_true(count > 340000);
}

static void test_imageref(void **st)
{
    (void)st;
    cl_imageref r;
    cl_imageref_parse("registry:5000/team/app:1.2@sha256:abc", &r);
    assert_int_equal(r.name_len, strlen("registry:5000/team/app"));
    assert_int_equal(r.tag_len, 3);
    assert_memory_equal(r.tag, "1.2", 3);
    assert_string_equal(r.digest, "sha256:abc");
    cl_imageref_parse("nginx", &r);
    assert_null(r.tag);
    assert_null(r.digest);
    assert_int_equal(r.name_len, 5);
    cl_imageref_parse("localhost:5000/app", &r);   /* the port is not a tag */
    assert_null(r.tag);
}

static void test_true(void **st)
{
    (void)st;
    cl_arena a;
    cl_arena_init(&a);
    cl_node *neg = cl_new_int(&a, -1), *tru = cl_new_str(&a, "tRuE"), *yes = cl_new_bool(&a, 1);
    assert_false(cl_scalar_true(neg, CL_TRUE_ANYCASE));
    assert_true(cl_scalar_true(neg, CL_TRUE_NONZERO));
    assert_true(cl_scalar_true(tru, CL_TRUE_ANYCASE));
    assert_false(cl_scalar_true(tru, CL_TRUE_NONZERO));
    assert_true(cl_scalar_true(yes, 0));
    assert_false(cl_scalar_true(NULL, 0));
    cl_arena_free(&a);
}

static void test_strmap(void **st)
{
    (void)st;
    cl_strmap m;
    cl_strmap_init(&m);
    int added;
    char key[32];
    for (int i = 0; i < 5000; i++) {
        snprintf(key, sizeof key, "svc-%d", i);
        cl_strmap_put(&m, key, strlen(key), NULL, i, &added);
        assert_true(added);
    }
    cl_strmap_ent *e = cl_strmap_put(&m, "svc-42", 6, NULL, -1, &added);
    assert_false(added);
    assert_int_equal(e->aux, 42);
    assert_non_null(cl_strmap_get(&m, "svc-4999", 8));
    assert_null(cl_strmap_get(&m, "svc-5000", 8));
    assert_int_equal(m.n, 5000);
    cl_strmap_free(&m);
    assert_string_equal(cl_compose_file_names[0], "compose.yaml");
}

/* The set keeps the strings where they are: equal text found, a prefix or a
 * longer text not, each added once however often it is given. */
static void test_strset(void **st)
{
    (void)st;
    static char names[5000][16];
    cl_strset m;
    cl_strset_init(&m);
    assert_false(cl_strset_has(&m, "a", 1));        /* empty */
    for (int i = 0; i < 5000; i++) {
        snprintf(names[i], sizeof names[i], "vol%d", i);
        cl_strset_add(&m, names[i], strlen(names[i]));
        cl_strset_add(&m, names[i], strlen(names[i]));
    }
    assert_int_equal(m.n, 5000);
    assert_true(m.n * 4 <= m.cap * 3);
    char probe[16] = "vol4999x";
    assert_true(cl_strset_has(&m, probe, 7));       /* other storage, same text: only the LEN bytes count */
    assert_false(cl_strset_has(&m, probe, 8));      /* a longer text */
    assert_false(cl_strset_has(&m, "vo", 2));       /* a prefix */
    assert_false(cl_strset_has(&m, "vol5000", 7));
    cl_strset_free(&m);
    assert_false(cl_strset_has(&m, "vol1", 4));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain),
        cmocka_unit_test(test_plain_agrees),
        cmocka_unit_test(test_imageref),
        cmocka_unit_test(test_true),
        cmocka_unit_test(test_strmap),
        cmocka_unit_test(test_strset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
