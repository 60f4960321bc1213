/* Unit tests of the docker run script emitter (emitters/run*.c): golden
 * scripts and diagnostics for the fixtures in tests/fixtures/run/ (written
 * in the normalized long form, put into a project by hand), sh and CSV
 * quoting, dependency cycles, NUL bytes and unsupported keys.
 * CL_UPDATE_GOLDEN=1 rewrites the .sh / .diags files. */
#include "testutil.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include "emitters/emitter.h"
#include "emitters/run_kit.h"
#include "emitters/common.h"

typedef struct { cl_source *src; cl_doc *doc; cl_project p; cl_diags d; cl_buf out; int rc; } conv;

static const cl_emit_opts *next_opts;   /* for the next conversion only, then none */

static void convert_source(conv *c, cl_source *src)
{
    memset(c, 0, sizeof *c);
    c->src = src;
    cl_diags_init(&c->d);
    cl_buf_init(&c->out);
    c->doc = cl_doc_parse(src, NULL, &c->d);
    assert_non_null(c->doc);
    c->p.root = c->doc->root;
    c->p.name = cl_em_str(cl_map_get(c->doc->root, "name"));
    c->p.directory = "/srv/demo";
    c->p.sources = &c->src;
    c->p.nsources = 1;
    const cl_emitter *em = cl_emitter_find("run");
    assert_non_null(em);
    cl_emit_opts o;
    memset(&o, 0, sizeof o);
    c->rc = cl_emit_text(em, &c->p, next_opts ? next_opts : &o, &c->out, &c->d);
    next_opts = NULL;
    cl_diags_sort(&c->d);
}

static void convert_text(conv *c, const char *text)
{
    convert_source(c, cl_source_from_string("t.yaml", text, strlen(text)));
}

static void conv_free(conv *c)
{
    cl_buf_free(&c->out);
    cl_diags_free(&c->d);
    cl_doc_free(c->doc);
    cl_source_free(c->src);
}

static int has_diag(const conv *c, const char *code, const char *path)
{
    for (size_t i = 0; i < c->d.n; i++)
        if (!strcmp(cl_diag_code(&c->d.v[i]), code) && (!path || (cl_diag_path(&c->d.v[i]) && !strcmp(cl_diag_path(&c->d.v[i]), path)))) return 1;
    return 0;
}

static void check_golden(const char *path, const char *got, size_t len)
{
    if (getenv("CL_UPDATE_GOLDEN")) {
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        fwrite(got, 1, len, f);
        fclose(f);
        return;
    }
    size_t wl;
    char *want = tu_read_file(path, &wl);
    if (!want) fail_msg("missing golden file %s (run with CL_UPDATE_GOLDEN=1)", path);
    if (wl != len || memcmp(want, got, len)) {
        size_t i = 0;
        while (i < wl && i < len && want[i] == got[i]) i++;
        fail_msg("%s differs at byte %zu:\n--- got:\n%.*s", path, i, (int)(len - i < 300 ? len - i : 300), got + i);
    }
    free(want);
}

/* Every fixture: script and diagnostics (severity, code, path, line) match. */
static void test_golden_fixtures(void **st)
{
    (void)st;
    DIR *dir = opendir("tests/fixtures/run");
    assert_non_null(dir);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(dir))) {
        size_t l = strlen(e->d_name);
        if (l < 6 || strcmp(e->d_name + l - 5, ".yaml")) continue;
        char path[512], gold[512];
        snprintf(path, sizeof path, "tests/fixtures/run/%s", e->d_name);
        char err[256];
        cl_source *src = cl_source_load(path, NULL, 1 << 20, err, sizeof err);
        assert_non_null(src);
        conv c;
        convert_source(&c, src);
        snprintf(gold, sizeof gold, "tests/fixtures/run/%.*s.sh", (int)(l - 5), e->d_name);
        if (c.rc == 0) check_golden(gold, c.out.data, c.out.len);
        cl_buf d; cl_buf_init(&d);
        cl_buf_printf(&d, "exit %d\n", c.rc);
        for (size_t i = 0; i < c.d.n; i++) {
            uint32_t line = 0, col = 0;
            if (cl_diag_src(&c.d.v[i])) cl_source_pos(cl_diag_src(&c.d.v[i]), cl_diag_span(&c.d.v[i]).start, &line, &col);
            cl_buf_printf(&d, "%u:%u %s %s %s: %s\n", line, col, cl_severity_name(c.d.v[i].severity), cl_diag_code(&c.d.v[i]),
                          cl_diag_path(&c.d.v[i]) ? cl_diag_path(&c.d.v[i]) : "-", tu_msg(&c.d.v[i]));
        }
        snprintf(gold, sizeof gold, "tests/fixtures/run/%.*s.diags", (int)(l - 5), e->d_name);
        check_golden(gold, d.data, d.len);
        cl_buf_free(&d);
        conv_free(&c);
        n++;
    }
    closedir(dir);
    assert_true(n >= 3);
}

static void q(const char *in, const char *want)
{
    cl_buf b; cl_buf_init(&b);
    cl_sh_quote(&b, in, strlen(in));
    assert_string_equal(cl_buf_cstr(&b), want);
    cl_buf_free(&b);
}

static void test_sh_quote(void **st)
{
    (void)st;
    q("nginx:1.25", "nginx:1.25");
    q("--name=web", "--name=web");
    q("", "''");
    q("it's", "'it'\\''s'");
    q("$(rm -rf /)", "'$(rm -rf /)'");
    q("`id`", "'`id`'");
    q("a b", "'a b'");
    q("*", "'*'");
    q("~root", "'~root'");
    q("#x", "'#x'");
    q("line1\nline2", "'line1\nline2'");
    q("''", "''\\'''\\'''");
    q("=x", "'=x'");
    q("a\\", "'a'\\\\''");            /* 'a'\\'' */
    q("\\'", "''\\\\''\\'''");         /* ''\\''\''' */
}

static void csv(const char *in, const char *want)
{
    cl_buf b; cl_buf_init(&b);
    run_csv(&b, in);
    assert_string_equal(cl_buf_cstr(&b), want);
    cl_buf_free(&b);
}

static void test_csv(void **st)
{
    (void)st;
    csv("source=/a", "source=/a");
    csv("source=/a,b", "\"source=/a,b\"");
    csv("alias=x\"y", "\"alias=x\"\"y\"");
    csv("", "");
}

static void test_image_refs(void **st)
{
    (void)st;
    const char *good[] = { "nginx", "nginx:1.25", "library/nginx:latest", "ghcr.io/org/app:v1.2-rc_3",
                           "localhost:5000/app", "registry.example.com:443/a/b/c:tag", "my_app__x",
                           "alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", NULL };
    const char *bad[] = { "", ":", "Nginx", "docker.io/docker/:1.0.0", "-other:v1.0.0", "app:", "a//b",
                          "app:-x", "a b", "app@sha256:xyz", "trailing/", NULL };
    for (int i = 0; good[i]; i++) if (!run_image_ref_ok(good[i])) fail_msg("'%s' should be accepted", good[i]);
    for (int i = 0; bad[i]; i++) if (run_image_ref_ok(bad[i])) fail_msg("'%s' should be refused", bad[i]);
}

static void test_empty_values_are_unset(void **st)
{
    (void)st;
    conv c;
    convert_text(&c, "name: p\nservices:\n  a:\n    image: x\n    platform: ''\n    user: null\n    mem_limit: ''\n");
    assert_int_equal(c.rc, 0);
    assert_null(strstr(cl_buf_cstr(&c.out), "--platform"));
    assert_null(strstr(cl_buf_cstr(&c.out), "--user"));
    conv_free(&c);
    convert_text(&c, "name: p\nservices:\n  a:\n    image: ':'\n");
    assert_int_not_equal(c.rc, 0);
    assert_true(has_diag(&c, "convert-error", "services.a.image"));
    conv_free(&c);
}

static void test_cycle_is_an_error(void **st)
{
    (void)st;
    conv c;
    convert_text(&c, "name: p\nservices:\n  a:\n    image: x\n    depends_on:\n      b: {condition: service_started}\n"
                     "  b:\n    image: x\n    depends_on:\n      c: {condition: service_started}\n"
                     "  c:\n    image: x\n    depends_on:\n      a: {condition: service_healthy}\n");
    assert_int_not_equal(c.rc, 0);
    assert_true(has_diag(&c, "convert-cycle", NULL));
    assert_int_equal(c.out.len, 0);
    conv_free(&c);
}

static void test_missing_dependency(void **st)
{
    (void)st;
    conv c;
    convert_text(&c, "name: p\nservices:\n  a:\n    image: x\n    depends_on:\n      ghost: {condition: service_started}\n");
    assert_int_not_equal(c.rc, 0);
    assert_true(has_diag(&c, "convert-error", "services.a.depends_on"));
    conv_free(&c);
    /* required: false dependencies may be absent */
    convert_text(&c, "name: p\nservices:\n  a:\n    image: x\n    depends_on:\n      ghost: {condition: service_started, required: false}\n");
    assert_int_equal(c.rc, 0);
    conv_free(&c);
}

static void test_nul_byte_refused(void **st)
{
    (void)st;
    conv c;
    convert_text(&c, "name: p\nservices:\n  a:\n    image: x\n    environment:\n      K: \"a\\0b\"\n");
    assert_int_not_equal(c.rc, 0);
    assert_true(has_diag(&c, "convert-error", NULL));
    assert_int_equal(c.out.len, 0);
    conv_free(&c);
}

static void test_no_image_no_build(void **st)
{
    (void)st;
    conv c;
    convert_text(&c, "name: p\nservices:\n  a:\n    command: [x]\n");
    assert_int_not_equal(c.rc, 0);
    assert_true(has_diag(&c, "convert-error", "services.a.image"));
    conv_free(&c);
}

/* build and push use the image name every target gives a built service */
static void test_build_push_names(void **st)
{
    (void)st;
    conv c;
    cl_emit_opts o;
    memset(&o, 0, sizeof o);
    o.image_prefix = "reg.example.com/team/";
    o.image_tag = "1.2";
    next_opts = &o;
    convert_text(&c, "name: p\nservices:\n  a:\n    build: {context: ./a}\n  b:\n    build: {context: ./b}\n    image: x/b:3\n"
                     "  c:\n    image: redis:7\n");
    static const char *const want[] = {
        "--tag=reg.example.com/team/p-a:1.2",
        "push() {\n    docker push -- reg.example.com/team/p-a:1.2\n    docker push -- x/b:3\n}\n",
        "    build) if [ $# -gt 1 ]; then usage; fi; build ;;\n", NULL };
    for (int i = 0; want[i]; i++)
        if (c.rc || !strstr(cl_buf_cstr(&c.out), want[i])) fail_msg("the script lacks: %s", want[i]);
    assert_null(strstr(cl_buf_cstr(&c.out), "push -- redis"));
    conv_free(&c);
    /* an image tag left empty is an error here too */
    convert_text(&c, "name: p\nservices:\n  a:\n    image: \"frappe/erpnext:\"\n");
    assert_int_not_equal(c.rc, 0);
    assert_true(has_diag(&c, "convert-error", "services.a.image"));
    assert_int_equal(c.out.len, 0);
    conv_free(&c);
}

static void test_unknown_keys_reported(void **st)
{
    (void)st;
    conv c;
    convert_text(&c, "name: p\nservices:\n  a:\n    image: x\n    post_start: [{command: [x]}]\n    frobnicate: 1\n"
                     "    x-meta: ignored\n    deploy:\n      placement: {constraints: [node.role==manager]}\n"
                     "      resources: {limits: {memory: 1g}}\n");
    assert_int_equal(c.rc, 0);
    assert_true(has_diag(&c, "convert-unsupported", "services.a.post_start"));
    assert_true(has_diag(&c, "convert-unsupported", "services.a.frobnicate"));
    assert_true(has_diag(&c, "convert-unsupported", "services.a.deploy.placement"));
    assert_false(has_diag(&c, "convert-unsupported", "services.a.x-meta"));
    assert_non_null(strstr(cl_buf_cstr(&c.out), "--memory=1073741824"));
    conv_free(&c);
}

static void test_provider_service_left_out(void **st)
{
    (void)st;
    conv c;
    convert_text(&c, "name: p\nservices:\n  db:\n    provider:\n      type: awesomecloud\n"
                     "  app:\n    image: x\n    depends_on:\n      db: {condition: service_healthy}\n");
    assert_int_equal(c.rc, 0);
    assert_true(has_diag(&c, "convert-unsupported", "services.db.provider"));
    const char *s = cl_buf_cstr(&c.out);
    assert_null(strstr(s, "--name=p-db-1"));
    assert_null(strstr(s, "wait_healthy p-db-1"));
    assert_non_null(strstr(s, "--name=p-app-1"));
    conv_free(&c);
}

static void test_replicas(void **st)
{
    (void)st;
    conv c;
    convert_text(&c, "name: p\nservices:\n  w:\n    image: x\n    scale: 3\n  d:\n    image: y\n    depends_on:\n"
                     "      w: {condition: service_healthy}\n");
    assert_int_equal(c.rc, 0);
    const char *s = cl_buf_cstr(&c.out);
    assert_non_null(strstr(s, "--name=p-w-3"));
    assert_non_null(strstr(s, "wait_healthy p-w-2"));
    /* d starts after all three are healthy */
    assert_true(strstr(s, "--name=p-d-1") > strstr(s, "wait_healthy p-w-3"));
    conv_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden_fixtures),
        cmocka_unit_test(test_sh_quote),
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_image_refs),
        cmocka_unit_test(test_empty_values_are_unset),
        cmocka_unit_test(test_cycle_is_an_error),
        cmocka_unit_test(test_missing_dependency),
        cmocka_unit_test(test_nul_byte_refused),
        cmocka_unit_test(test_no_image_no_build),
        cmocka_unit_test(test_build_push_names),
        cmocka_unit_test(test_unknown_keys_reported),
        cmocka_unit_test(test_replicas),
        cmocka_unit_test(test_provider_service_left_out),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
