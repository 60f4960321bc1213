/* test_kubernetes.c - golden tests of the Kubernetes emitter on normalized
 * projects: every tests/fixtures/kubernetes/<case>.yaml (already in the
 * normalized long form, with an optional first line "# opts: --flag ...")
 * is converted and compared with <case>.expected (the manifests, then the
 * diagnostics and the return code). UPDATE_GOLDEN=1 rewrites the files. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include "testutil.h"
#include "emitters/emitter.h"
#include "emitters/k8s_kompose.h"
#include "parser/render.h"

#define DIR_ "tests/fixtures/kubernetes"

static void parse_opts(const char *text, cl_emit_opts *o, char *store, size_t cap)
{
    memset(o, 0, sizeof *o);
    if (strncmp(text, "# opts:", 7)) return;
    const char *nl = strchr(text, '\n');
    size_t n = nl ? (size_t)(nl - text - 7) : strlen(text + 7);
    if (n >= cap) n = cap - 1;
    memcpy(store, text + 7, n);
    store[n] = 0;
    char *save = NULL;
    for (char *w = strtok_r(store, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        if (!strcmp(w, "--allow-hostpath")) o->allow_hostpath = 1;
        else if (!strcmp(w, "--strict")) o->strict = 1;
        else {
            char *v = strtok_r(NULL, " ", &save);
            if (!strcmp(w, "--controller")) o->controller = v;
            else if (!strcmp(w, "--namespace")) o->namespace_ = v;
            else if (!strcmp(w, "--service-type")) o->service_type = v;
            else if (!strcmp(w, "--pvc-size")) o->pvc_size = v;
            else if (!strcmp(w, "--storage-class")) o->storage_class = v;
            else if (!strcmp(w, "--image-prefix")) o->image_prefix = v;
            else if (!strcmp(w, "--image-tag")) o->image_tag = v;
            else if (!strcmp(w, "-o")) o->output_dir = v != NULL;
            else fail_msg("unknown fixture option %s", w);
        }
    }
}

/* Converts one fixture; returns the text compared with the golden file. */
static char *convert_case(const char *path)
{
    char *text = tu_read_file(path, NULL);
    assert_non_null(text);
    cl_source *src = cl_source_from_string(path, text, strlen(text));
    cl_diags d;
    cl_diags_init(&d);
    cl_doc *doc = cl_doc_parse(src, NULL, &d);
    assert_non_null(doc);
    cl_project p;
    memset(&p, 0, sizeof p);
    cl_arena_init(&p.arena);
    p.root = doc->root;
    p.name = "demo";
    cl_emit_opts o;
    char store[512];
    parse_opts(text, &o, store, sizeof store);
    cl_buf out;
    cl_buf_init(&out);
    const cl_emitter *em = cl_emitter_find("kubernetes");
    assert_non_null(em);
    int rc = cl_emit_text(em, &p, &o, &out, &d);
    cl_diags_sort(&d);
    cl_buf_printf(&out, "### rc %d\n", rc);
    for (size_t i = 0; i < d.n; i++) {
        uint32_t l = 0, c = 0;
        if (cl_diag_src(&d.v[i])) cl_source_pos(cl_diag_src(&d.v[i]), cl_diag_span(&d.v[i]).start, &l, &c);
        cl_buf_printf(&out, "### %u:%u: %s: %s [%s]\n", l, c, cl_severity_name(d.v[i].severity), tu_msg(&d.v[i]), cl_diag_code(&d.v[i]));
    }
    cl_buf_putc(&out, 0);
    cl_diags_free(&d);
    cl_doc_free(doc);
    cl_source_free(src);
    cl_arena_free(&p.arena);
    free(text);
    return out.data;
}

static void golden(void **state)
{
    (void)state;
    DIR *dir = opendir(DIR_);
    assert_non_null(dir);
    struct dirent *e;
    int n = 0, bad = 0;
    while ((e = readdir(dir))) {
        size_t l = strlen(e->d_name);
        if (l < 6 || strcmp(e->d_name + l - 5, ".yaml")) continue;
        char in[512], exp[512];
        snprintf(in, sizeof in, DIR_ "/%s", e->d_name);
        snprintf(exp, sizeof exp, DIR_ "/%.*s.expected", (int)(l - 5), e->d_name);
        char *got = convert_case(in);
        n++;
        if (getenv("UPDATE_GOLDEN")) {
            FILE *f = fopen(exp, "wb");
            assert_non_null(f);
            fputs(got, f);
            fclose(f);
        } else {
            char *want = tu_read_file(exp, NULL);
            if (!want || strcmp(want, got)) {
                bad++;
                fprintf(stderr, "golden mismatch: %s (UPDATE_GOLDEN=1 rewrites)\n--- got:\n%s\n", in, got);
            }
            free(want);
        }
        free(got);
    }
    closedir(dir);
    fprintf(stderr, "%d kubernetes fixtures\n", n);
    assert_true(n >= 10);
    assert_int_equal(bad, 0);
}

static void names(void **state)
{
    (void)state;
    /* DNS-1035 names, clashes are errors, renames warn */
    cl_source *src;
    cl_diags d;
    cl_doc *doc = parse_text(&src, "services:\n  My_App: {image: a}\n  my-app: {image: b}\n  2fa: {image: c}\n", &d);
    assert_non_null(doc);
    cl_project p;
    memset(&p, 0, sizeof p);
    p.root = doc->root;
    p.name = "Demo Project!";
    cl_emit_opts o;
    memset(&o, 0, sizeof o);
    cl_buf out;
    cl_buf_init(&out);
    assert_int_equal(cl_emit_text(cl_emitter_find("kubernetes"), &p, &o, &out, &d), 1);
    assert_int_equal(out.len, 0);
    int clash = 0, renamed = 0;
    for (size_t i = 0; i < d.n; i++) {
        if (!strcmp(cl_diag_code(&d.v[i]), "convert-error") && strstr(tu_msg(&d.v[i]), "both become 'my-app'")) clash++;
        if (!strcmp(cl_diag_code(&d.v[i]), "convert-renamed") && strstr(tu_msg(&d.v[i]), "'2fa' is named 's2fa'")) renamed++;
    }
    assert_int_equal(clash, 1);
    assert_int_equal(renamed, 1);
    cl_buf_free(&out);
    cl_diags_free(&d);
    cl_doc_free(doc);
    cl_source_free(src);
}

/* Output names: one check per rule of a DNS-1035 label. */
static void name_rules(void **state)
{
    (void)state;
    const char *long70 = "a_very_long_service_name_that_goes_on_and_on_past_the_limit_of_sixty_three";
    char text[512];
    snprintf(text, sizeof text, "services:\n  %s: {image: a, environment: {TOKEN: x}}\n  ___: {image: b}\n  -x-: {image: c}\n  web.v2: {image: d}\n", long70);
    cl_source *src;
    cl_diags d;
    cl_doc *doc = parse_text(&src, text, &d);
    assert_non_null(doc);
    cl_project p;
    memset(&p, 0, sizeof p);
    p.root = doc->root;
    p.name = "demo";
    cl_emit_opts o;
    memset(&o, 0, sizeof o);
    cl_buf out;
    cl_buf_init(&out);
    assert_int_equal(cl_emit_text(cl_emitter_find("kubernetes"), &p, &o, &out, &d), 0);
    cl_buf_putc(&out, 0);
    /* 63 characters, no trailing '-' */
    assert_non_null(strstr(out.data, "name: a-very-long-service-name-that-goes-on-and-on-past-the-limit-of\n"));
    assert_int_equal(strlen("a-very-long-service-name-that-goes-on-and-on-past-the-limit-of"), 62);
    assert_non_null(strstr(out.data, "name: a-very-long-service-name-that-goes-on-and-on-past-the-limit-env\n"));
    assert_non_null(strstr(out.data, "name: unnamed\n"));
    assert_non_null(strstr(out.data, "name: x\n"));
    assert_non_null(strstr(out.data, "name: web-v2\n"));
    cl_buf_free(&out);
    cl_diags_free(&d);
    cl_doc_free(doc);
    cl_source_free(src);
}

/* kompose.cronjob.schedule: what the CronJob controller (robfig/cron v3's ParseStandard) takes:
 * day of week 0-6, ? anywhere, any positive step, empty list items skipped, no TZ */
static void cron_schedules(void **state)
{
    (void)state;
    static const char *const good[] = { "* * * * *", "*/5 * * * *", "0 3 * * *", "30 6 * jan-jun,sep mon-fri", "0 0 1,15 * ?",
                                        "15 9-17/2 * * 1-5", "0 0 * * 6", "0 0 29 2 *", "@daily", "@hourly", "@every 1h30m",
                                        "  0 12 * * SUN  ", "? * * * *", "5/15 * * * *", "*/90 * * * *", "1, * * * *", NULL };
    static const char *const bad[] = { "", "every day", "* * * *", "0 0 * * * *", "60 * * * *", "* 24 * * *", "* * 0 * *",
                                       "* * * 13 *", "* * * * 7", "5-1 * * * *", "*/0 * * * *", ", * * * *", "1-2-3 * * * *",
                                       "@reboot", "@every soon", " @daily", "CRON_TZ=UTC 0 3 * * *", "TZ=UTC * * * * *",
                                       "* * * foo *", "* * * * monday", NULL };
    for (int i = 0; good[i]; i++) {
        const char *why = NULL;
        if (!k8s_cron_ok(good[i], &why)) fail_msg("'%s' refused: %s", good[i], why);
    }
    for (int i = 0; bad[i]; i++) {
        const char *why = NULL;
        if (k8s_cron_ok(bad[i], &why)) fail_msg("'%s' accepted", bad[i]);
        assert_non_null(why);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(golden),
        cmocka_unit_test(names),
        cmocka_unit_test(name_rules),
        cmocka_unit_test(cron_schedules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
