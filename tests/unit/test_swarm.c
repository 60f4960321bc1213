/* Unit tests of the Docker Swarm stack emitter (emitters/swarm*.c): golden
 * fixtures in tests/fixtures/swarm/ (normalized long-form input X.yaml, the
 * stack file X.out and the diagnostics X.diag; a "# opts:" line sets
 * no-interpolate / strict), plus direct checks of the translations.
 * CL_UPDATE_GOLDEN=1 rewrites the expected files (review the diff!). */
#include "testutil.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include "emitters/emitter.h"

#define FIXDIR "tests/fixtures/swarm"

typedef struct { cl_source *src; cl_doc *doc; cl_diags d; cl_project p; cl_buf out; int rc; } run;

static void convert_opts(run *r, const char *text, const cl_emit_opts *eo);

static void convert(run *r, const char *text, int no_interp)
{
    cl_emit_opts eo;
    memset(&eo, 0, sizeof eo);
    eo.no_interpolate = no_interp;
    convert_opts(r, text, &eo);
}

static void convert_opts(run *r, const char *text, const cl_emit_opts *eo)
{
    memset(r, 0, sizeof *r);
    r->doc = parse_text(&r->src, text, &r->d);
    assert_non_null(r->doc);
    r->p.root = r->doc->root;
    const cl_node *nm = cl_map_get(r->doc->root, "name");
    r->p.name = nm ? nm->u.s.text : "proj";
    const cl_emitter *em = cl_emitter_find("swarm");
    assert_non_null(em);
    cl_buf_init(&r->out);
    r->rc = cl_emit_text(em, &r->p, eo, &r->out, &r->d);
    cl_diags_sort(&r->d);
}

static void done(run *r)
{
    cl_buf_free(&r->out);
    cl_doc_free(r->doc);
    cl_diags_free(&r->d);
    cl_source_free(r->src);
}

static void diag_lines(const run *r, cl_buf *b)
{
    for (size_t i = 0; i < r->d.n; i++) {
        uint32_t l = 0, c = 0;
        if (cl_diag_src(&r->d.v[i])) cl_source_pos(cl_diag_src(&r->d.v[i]), cl_diag_span(&r->d.v[i]).start, &l, &c);
        cl_buf_printf(b, "%u:%u: %s: %s [%s]\n", l, c, cl_severity_name(r->d.v[i].severity), tu_msg(&r->d.v[i]), cl_diag_code(&r->d.v[i]));
    }
}

static void check_golden(const char *path, const char *got)
{
    char *want = tu_read_file(path, NULL);
    if (getenv("CL_UPDATE_GOLDEN")) {
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        fputs(got, f);
        fclose(f);
    } else {
        if (!want) fail_msg("missing golden file %s", path);
        if (strcmp(want, got)) fail_msg("%s differs; got:\n%s", path, got);
    }
    free(want);
}

static void test_golden_fixtures(void **st)
{
    (void)st;
    DIR *dir = opendir(FIXDIR);
    assert_non_null(dir);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dir))) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".yaml")) continue;
        char path[512];
        snprintf(path, sizeof path, FIXDIR "/%s", e->d_name);
        char *text = tu_read_file(path, NULL);
        assert_non_null(text);
        run r;
        /* "# opts:" no-interpolate, --image-prefix P, --image-tag T */
        cl_emit_opts eo;
        memset(&eo, 0, sizeof eo);
        char prefix[128] = "", tag[128] = "";
        eo.no_interpolate = strstr(text, "# opts: no-interpolate") != NULL;
        const char *w;
        if ((w = strstr(text, "--image-prefix ")) && sscanf(w + 15, "%127s", prefix) == 1) eo.image_prefix = prefix;
        if ((w = strstr(text, "--image-tag ")) && sscanf(w + 12, "%127s", tag) == 1) eo.image_tag = tag;
        convert_opts(&r, text, &eo);
        cl_buf got;
        cl_buf_init(&got);
        cl_buf_printf(&got, "# exit %d\n", r.rc);
        cl_buf_put(&got, r.out.data ? r.out.data : "", r.out.len);
        snprintf(path + strlen(path) - 5, 8, ".out");
        check_golden(path, cl_buf_cstr(&got));
        cl_buf_free(&got);
        cl_buf_init(&got);
        diag_lines(&r, &got);
        snprintf(path + strlen(path) - 4, 8, ".diag");
        check_golden(path, cl_buf_cstr(&got));
        cl_buf_free(&got);
        done(&r);
        free(text);
        n++;
    }
    closedir(dir);
    assert_true(n >= 7);
}

static int has_diag(const run *r, cl_severity sev, const char *part)
{
    for (size_t i = 0; i < r->d.n; i++)
        if (r->d.v[i].severity == sev && strstr(tu_msg(&r->d.v[i]), part)) return 1;
    return 0;
}

static const char *outs(run *r) { return cl_buf_cstr(&r->out); }

static void test_restart_policies(void **st)
{
    (void)st;
    static const struct { const char *in, *want; } t[] = {
        { "\"no\"", "condition: none" }, { "always", "condition: any" }, { "unless-stopped", "condition: any" },
        { "on-failure", "condition: on-failure\n" }, { "on-failure:5", "max_attempts: 5" },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        char y[256];
        snprintf(y, sizeof y, "name: p\nservices:\n  s:\n    image: x\n    restart: %s\n", t[i].in);
        run r;
        convert(&r, y, 0);
        assert_int_equal(r.rc, 0);
        if (!strstr(outs(&r), t[i].want)) fail_msg("restart %s: want '%s' in\n%s", t[i].in, t[i].want, outs(&r));
        assert_null(strstr(outs(&r), "restart:"));
        done(&r);
    }
    run r;
    convert(&r, "name: p\nservices:\n  s:\n    image: x\n    restart: sometimes\n", 0);
    assert_true(has_diag(&r, CL_SEV_WARNING, "'sometimes' is not a restart policy"));
    assert_null(strstr(outs(&r), "restart"));
    done(&r);
}

static void test_version_follows_keys(void **st)
{
    (void)st;
    run r;
    convert(&r, "name: p\nservices:\n  s:\n    image: x\n", 0);
    assert_non_null(strstr(outs(&r), "version: \"3.8\"\n"));
    done(&r);
    convert(&r, "name: p\nservices:\n  s:\n    image: x\n    healthcheck:\n      test: [CMD, t]\n      start_interval: 2s\n", 0);
    assert_non_null(strstr(outs(&r), "version: \"3.12\"\n"));
    done(&r);
    convert(&r, "name: p\nservices:\n  s:\n    image: x\n    oom_score_adj: 100\n    pids_limit: 10\n", 0);
    assert_non_null(strstr(outs(&r), "version: \"3.13\"\n"));
    done(&r);
}

static void test_build_without_image_is_named(void **st)
{
    (void)st;
    run r;
    /* a built service runs the image docker compose would build, <project>-<service> */
    convert(&r, "name: p\nservices:\n  s:\n    build:\n      context: /x\n", 0);
    assert_int_equal(r.rc, 0);
    assert_non_null(strstr(outs(&r), "  s:\n    image: p-s\n"));
    assert_int_equal(cl_diags_count(&r.d, CL_SEV_WARNING), 0);
    assert_true(has_diag(&r, CL_SEV_INFO, "image 'p-s' comes from 'build'"));
    /* said once, at the build key */
    size_t i = 0, n = 0;
    for (size_t k = 0; k < r.d.n; k++) if (!strcmp(cl_diag_code(&r.d.v[k]), "convert-caveat")) { i = k; n++; }
    assert_int_equal(n, 1);
    uint32_t l, c;
    cl_source_pos(cl_diag_src(&r.d.v[i]), cl_diag_span(&r.d.v[i]).start, &l, &c);
    assert_int_equal(l, 4); assert_int_equal(c, 5);
    done(&r);
    /* an image left empty by interpolation is an error, not a reason to name one */
    convert(&r, "name: p\nservices:\n  s:\n    image: \"\"\n    build:\n      context: /x\n", 0);
    assert_int_not_equal(r.rc, 0);
    assert_true(has_diag(&r, CL_SEV_ERROR, "service 's': image is empty"));
    done(&r);
    convert(&r, "name: p\nservices:\n  s:\n    image: \"frappe/erpnext:\"\n", 0);
    assert_int_not_equal(r.rc, 0);
    assert_true(has_diag(&r, CL_SEV_ERROR, "image 'frappe/erpnext:' ends in ':'"));
    assert_int_equal(r.out.len, 0);
    done(&r);
    /* a provider service is left out with a warning; the others are converted */
    convert(&r, "name: p\nservices:\n  s:\n    provider:\n      type: model\n  t:\n    image: app:1\n", 0);
    assert_int_equal(r.rc, 0);
    assert_true(has_diag(&r, CL_SEV_WARNING, "'provider' is not converted"));
    assert_non_null(strstr(cl_buf_cstr(&r.out), "  t:\n    image: app:1\n"));
    assert_null(strstr(cl_buf_cstr(&r.out), "  s:"));
    done(&r);
}

static void test_dollar_escaping(void **st)
{
    (void)st;
    run r;
    convert(&r, "name: p\nservices:\n  s:\n    image: x\n    environment:\n      A: \"1$2\"\n", 0);
    assert_non_null(strstr(outs(&r), "A: 1$$2\n"));
    done(&r);
    convert(&r, "name: p\nservices:\n  s:\n    image: x\n    environment:\n      A: \"${B}\"\n", 1);
    assert_non_null(strstr(outs(&r), "A: \"${B}\"\n"));
    done(&r);
}

static void test_octal_mode_in_decimal(void **st)
{
    (void)st;
    run r;
    convert(&r, "name: p\nservices:\n  s:\n    image: x\n    secrets:\n      - source: a\n        mode: 0o440\n"
                "secrets:\n  a:\n    file: /a\n", 0);
    assert_non_null(strstr(outs(&r), "mode: 288\n"));
    done(&r);
}

static void test_not_a_mapping(void **st)
{
    (void)st;
    run r;
    convert(&r, "name: p\nservices:\n  s: 3\n", 0);
    assert_int_not_equal(r.rc, 0);
    assert_int_equal(r.out.len, 0);
    done(&r);
    convert(&r, "name: p\n", 0);
    assert_int_equal(r.rc, 0);
    assert_non_null(strstr(outs(&r), "services: {}"));
    done(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden_fixtures),
        cmocka_unit_test(test_restart_policies),
        cmocka_unit_test(test_version_follows_keys),
        cmocka_unit_test(test_build_without_image_is_named),
        cmocka_unit_test(test_dollar_escaping),
        cmocka_unit_test(test_octal_mode_in_decimal),
        cmocka_unit_test(test_not_a_mapping),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
