/* test_reports.c - the helpers behind the report formats: compose file name
 * matching, --exclude, relative paths and URIs, fingerprints (stable when
 * lines move, unique when a finding repeats, a long line hashed once per
 * code), UTF-8-safe escaping, and the
 * GitHub workflow-command escaping. */
#include "testutil.h"
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "cli/cli.h"
#include "cli/inputs.h"
#include "cli/report.h"

static void compose_names(void **state)
{
    (void)state;
    const char *yes[] = { "compose.yaml", "compose.yml", "compose.prod.yaml", "docker-compose.yml",
                          "docker-compose.override.yaml", "app.compose.yaml", "x.compose.yml", NULL };
    const char *no[] = { "compose.json", "my-compose.yaml", "docker-compose.yaml.bak", "values.yaml", ".compose.yaml",
                         "compose", "Compose.yaml", NULL };
    for (int i = 0; yes[i]; i++) assert_true(cl_is_compose_name(yes[i]));
    for (int i = 0; no[i]; i++) assert_false(cl_is_compose_name(no[i]));
}

static void exclude_globs(void **state)
{
    (void)state;
    const char *ex[] = { "vendor/*", "*.test.yaml", "fixtures" };
    cl_opts o;
    memset(&o, 0, sizeof o);
    assert_false(cl_is_excluded(&o, "vendor/compose.yaml"));
    o.exclude = ex;
    o.nexclude = 3;
    assert_true(cl_is_excluded(&o, "vendor/compose.yaml"));
    assert_true(cl_is_excluded(&o, "./vendor/a/b/compose.yaml"));
    assert_true(cl_is_excluded(&o, "deep/x.test.yaml"));
    assert_true(cl_is_excluded(&o, "a/b/fixtures"));
    assert_false(cl_is_excluded(&o, "src/compose.yaml"));
    assert_false(cl_is_excluded(&o, "a/fixtures2"));
}

static void relpath_and_uri(void **state)
{
    (void)state;
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    char abs[4200];
    snprintf(abs, sizeof abs, "%s/deploy/my stack/compose.yaml", cwd);
    cl_buf b;
    cl_buf_init(&b);
    cl_report_relpath(&b, abs);
    assert_string_equal(cl_buf_cstr(&b), "deploy/my stack/compose.yaml");
    b.len = 0;
    cl_report_relpath(&b, "./././x/compose.yaml");
    assert_string_equal(cl_buf_cstr(&b), "x/compose.yaml");
    b.len = 0;
    cl_report_relpath(&b, "/elsewhere/compose.yaml");
    assert_string_equal(cl_buf_cstr(&b), "/elsewhere/compose.yaml");
    b.len = 0;
    cl_report_uri(&b, "./d/my stack/caf\xc3\xa9%#?.yaml");
    assert_string_equal(cl_buf_cstr(&b), "d/my%20stack/caf%C3%A9%25%23%3F.yaml");
    cl_buf_free(&b);
}

/* One duplicate-key error per source, at the same key after LINES_ABOVE extra comment lines. */
static cl_source *dup_source(int lines_above)
{
    char text[256] = "";
    for (int i = 0; i < lines_above; i++) strcat(text, "# moved\n");
    strcat(text, "services:\n  web:\n    image: a\n");
    return cl_source_from_string("compose.yaml", text, strlen(text));
}

static void fingerprints(void **state)
{
    (void)state;
    cl_source *a = dup_source(0), *b = dup_source(3);
    cl_diags d;
    cl_diags_init(&d);
    uint32_t off_a = (uint32_t)(strstr(a->data, "image") - a->data);
    uint32_t off_b = (uint32_t)(strstr(b->data, "image") - b->data);
    cl_diag_add(&d, CL_SEV_WARNING, "CL999", (cl_span){ a, off_a, off_a + 5 }, "same finding");
    cl_diag_add(&d, CL_SEV_WARNING, "CL999", (cl_span){ a, off_a, off_a + 5 }, "same finding");
    cl_diag_add(&d, CL_SEV_WARNING, "CL999", (cl_span){ a, off_a, off_a + 5 }, "other finding");
    cl_diag *p = cl_diag_add(&d, CL_SEV_WARNING, "CL999", (cl_span){ a, 0, 8 }, "with a path");
    cl_diag_set_path(p, "services.web.image");
    char (*fp)[33] = cl_report_fingerprints(&d);
    for (size_t i = 0; i < d.n; i++) assert_int_equal(strlen(fp[i]), 32);
    assert_string_not_equal(fp[0], fp[1]);          /* a repeated finding still gets its own */
    assert_string_not_equal(fp[0], fp[2]);
    /* the next run, after three lines were added above: the same fingerprints */
    cl_diags moved;
    cl_diags_init(&moved);
    cl_diag_add(&moved, CL_SEV_WARNING, "CL999", (cl_span){ b, off_b, off_b + 5 }, "same finding");
    cl_diag_add(&moved, CL_SEV_WARNING, "CL999", (cl_span){ b, off_b, off_b + 5 }, "same finding");
    char (*fpm)[33] = cl_report_fingerprints(&moved);
    assert_string_equal(fp[0], fpm[0]);
    assert_string_equal(fp[1], fpm[1]);
    free(fpm);
    cl_diags_free(&moved);
    char again[33];
    memcpy(again, fp[3], sizeof again);
    free(fp);
    fp = cl_report_fingerprints(&d);                /* deterministic across runs */
    assert_string_equal(fp[3], again);
    free(fp);
    cl_diags_free(&d);
    cl_source_free(a);
    cl_source_free(b);
}

/* Findings of two codes on one line of kilobytes (a flow-style file), the
 * line hashed once for each code: each fingerprint is the one the finding
 * gets alone. */
static void fingerprints_on_a_long_line(void **state)
{
    (void)state;
    char text[8192] = "services: {";
    for (int i = 0; i < 200; i++) sprintf(text + strlen(text), "%ss%d: {image: a}", i ? ", " : "", i);
    strcat(text, "}\nx: 1\n");
    cl_source *src = cl_source_from_string("compose.yaml", text, strlen(text));
    cl_diags d;
    cl_diags_init(&d);
    /* more codes than the fingerprints remember lines: some share a place */
    static char codes[70][8];
    for (int i = 0; i < 140; i++) {
        char key[16];
        snprintf(key, sizeof key, "s%d:", i);
        snprintf(codes[i % 70], sizeof codes[i % 70], "CL%d", i % 70);
        uint32_t at = (uint32_t)(strstr(text, key) - text);
        cl_diag_add(&d, CL_SEV_WARNING, codes[i % 70], (cl_span){ src, at, at + 3 }, "finding %d", i);
    }
    uint32_t x = (uint32_t)(strstr(text, "x: 1") - text);
    cl_diag_add(&d, CL_SEV_WARNING, codes[0], (cl_span){ src, x, x + 1 }, "finding %d", 0);
    char (*fp)[33] = cl_report_fingerprints(&d);
    for (size_t i = 0; i < d.n; i++) {
        cl_diags one = { &d.v[i], 1, 1 };
        char (*alone)[33] = cl_report_fingerprints(&one);
        assert_string_equal(fp[i], alone[0]);
        free(alone);
    }
    assert_string_not_equal(fp[0], fp[70]);   /* the same code and line, other messages */
    assert_string_not_equal(fp[0], fp[140]);  /* the same code and message, another line */
    free(fp);
    cl_diags_free(&d);
    cl_source_free(src);
}

static void utf8_safe_strings(void **state)
{
    (void)state;
    cl_buf b;
    cl_buf_init(&b);
    cl_report_json_str(&b, "a\xff" "b\n\xc3\xa9");
    assert_string_equal(cl_buf_cstr(&b), "\"a\xef\xbf\xbd" "b\\n\xc3\xa9\"");
    b.len = 0;
    cl_report_xml_str(&b, "<x a=\"1\">&\x01\xc3");
    assert_string_equal(cl_buf_cstr(&b), "&lt;x a=&quot;1&quot;&gt;&amp;&#xFFFD;\xef\xbf\xbd");
    cl_buf_free(&b);
}

static void github_escaping(void **state)
{
    (void)state;
    cl_source *s = cl_source_from_string("dir,1/a:b.yaml", "services: {}\n", 13);
    cl_diags d;
    cl_diags_init(&d);
    cl_diag_add(&d, CL_SEV_WARNING, "CL1", (cl_span){ s, 0, 8 }, "100%% sure,\r\nreally: yes");
    cl_diag_add(&d, CL_SEV_INFO, "CL2", (cl_span){ s, 10, 12 }, "note");
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    const char *files[] = { "dir,1/a:b.yaml" };
    cl_report r = { &d, files, 1, 0, CL_DOCS_URL, NULL, NULL, 0 };
    cl_report_github(f, &r);
    fclose(f);
    assert_string_equal(text,
        "::warning file=dir%2C1/a%3Ab.yaml,line=1,col=1,endLine=1,endColumn=9,title=compose-lint CL1::100%25 sure,%0D%0Areally: yes\n"
        "::notice file=dir%2C1/a%3Ab.yaml,line=1,col=11,endLine=1,endColumn=13,title=compose-lint CL2::note\n");
    free(text);
    cl_diags_free(&d);
    cl_source_free(s);
}

/* The text report goes out in pieces of 64 KB: a report of thousands of
 * findings must be byte for byte the findings reported one by one, then the
 * one summary line. */
static char *text_report(const cl_diags *d, size_t *len)
{
    char *text = NULL;
    FILE *f = open_memstream(&text, len);
    cl_report_text(f, d, 0);
    fclose(f);
    return text;
}

static void text_report_in_pieces(void **state)
{
    (void)state;
    cl_buf src;
    cl_buf_init(&src);
    for (int i = 0; i < 3000; i++) cl_buf_printf(&src, "  key%d: value \xc3\xa9 %d\n", i, i);
    cl_source *s = cl_source_from_string("big.yaml", src.data, src.len);
    cl_diags all;
    cl_diags_init(&all);
    cl_buf want;
    cl_buf_init(&want);
    uint32_t at = 0;
    for (int i = 0; i < 3000; i++) {
        cl_diags one;
        cl_diags_init(&one);
        cl_diag_add(&one, CL_SEV_WARNING, "CL1", (cl_span){ s, at + 2, at + 6 }, "finding %d,\tone of many", i);
        cl_diag_add(&all, CL_SEV_WARNING, "CL1", (cl_span){ s, at + 2, at + 6 }, "finding %d,\tone of many", i);
        size_t n;
        char *t = text_report(&one, &n);
        char *summary = strstr(t, "\n\n0 errors");
        assert_non_null(summary);
        cl_buf_put(&want, t, (size_t)(summary - t) + 1);
        free(t);
        cl_diags_free(&one);
        at = (uint32_t)(strchr(src.data + at, '\n') - src.data) + 1;
    }
    cl_buf_puts(&want, "\n0 errors, 3000 warnings\n");
    size_t n;
    char *got = text_report(&all, &n);
    assert_true(n > (64u << 10));
    assert_int_equal(n, want.len);
    assert_memory_equal(got, want.data, n);
    free(got);
    cl_buf_free(&want);
    cl_diags_free(&all);
    cl_source_free(s);
    cl_buf_free(&src);
}

/* A message is written piece by piece when it is all printable ASCII; one
 * with a control byte, a tab or UTF-8 in a later piece is taken back and
 * written again with its control bytes escaped and its tabs as spaces. */
static void text_report_escapes_messages(void **state)
{
    (void)state;
    cl_source *s = cl_source_from_string("m.yaml", "a: 1\n", 5);
    cl_diags d;
    cl_diags_init(&d);
    cl_diag_add(&d, CL_SEV_WARNING, "CL1", (cl_span){ s, 0, 1 }, "first %s then %s", "ok", "bad\x1b[31m\tx \xc3\xa9");
    cl_diag_add(&d, CL_SEV_WARNING, "CL2", (cl_span){ s, 0, 1 }, "plain %s, %d%%", "text", 7);
    size_t n;
    char *got = text_report(&d, &n);
    const char *want = "m.yaml:1:1: warning: first ok then bad\\x1b[31m x \xc3\xa9 [CL1]\n"
                       "    1 | a: 1\n"
                       "      | ^\n"
                       "m.yaml:1:1: warning: plain text, 7% [CL2]\n"
                       "    1 | a: 1\n"
                       "      | ^\n"
                       "\n0 errors, 2 warnings\n";
    assert_string_equal(got, want);
    free(got);
    cl_diags_free(&d);
    cl_source_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(compose_names),   cmocka_unit_test(exclude_globs),     cmocka_unit_test(relpath_and_uri),
        cmocka_unit_test(fingerprints),    cmocka_unit_test(utf8_safe_strings), cmocka_unit_test(github_escaping),
        cmocka_unit_test(text_report_in_pieces), cmocka_unit_test(fingerprints_on_a_long_line),
        cmocka_unit_test(text_report_escapes_messages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
