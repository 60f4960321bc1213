/* test_project_read.c - cl_project_load in two steps (model/project.h):
 * cl_project_read parses the files and gives their documents, in the order
 * given, before the project is built; cl_project_read_finish builds what
 * cl_project_load builds (the same tree, the same findings); a load that
 * stops early (a file missing, a file that does not parse) gives no
 * documents and returns what cl_project_load returns. A lone file's
 * services finished while it was parsed give the project a project built
 * from the parsed document alone gives. */
#include "testutil.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "model/project.h"
#include "parser/render.h"

static char dir[] = "/tmp/compose-lint-read-XXXXXX";

static const char *put(const char *name, const char *text)
{
    static char path[4][256];
    static int k;
    char *p = path[k++ % 4];
    snprintf(p, sizeof path[0], "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return p;
}

/* The rendered tree (or "(none)"), the findings' codes and the documents' paths of P. */
static char *summary(const cl_project *p, const cl_diags *d)
{
    cl_buf b;
    cl_buf_init(&b);
    if (p && p->root) cl_render_yaml(&b, p->root);
    else cl_buf_puts(&b, p ? "(no root)\n" : "(none)\n");
    for (size_t i = 0; i < d->n; i++) cl_buf_cat(&b, (const char *[]){ cl_diag_code(&d->v[i]), "\n" }, 2);
    for (size_t i = 0; p && i < p->ndocs; i++) cl_buf_cat(&b, (const char *[]){ p->docs[i]->src->path, "\n" }, 2);
    return cl_buf_steal(&b);
}

/* Loads FILES both ways: the same project; *NGIVEN documents given before it was built. */
static void both_ways(const char **files, size_t n, size_t *ngiven)
{
    cl_project_opts po;
    memset(&po, 0, sizeof po);
    po.files = files;
    po.nfiles = n;
    po.project_name = "read";
    cl_diags d1, d2;
    cl_diags_init(&d1);
    cl_diags_init(&d2);
    cl_project *p1 = cl_project_load(&po, &d1);
    cl_project_reading *r = cl_project_read(&po, &d2);
    const cl_doc *const *given;
    *ngiven = cl_project_read_docs(r, &given);
    const cl_doc *first[4];
    assert_true(*ngiven <= 4);
    for (size_t i = 0; i < *ngiven; i++) {
        first[i] = given[i];
        assert_string_equal(given[i]->src->path, files[i]);
    }
    cl_project *p2 = cl_project_read_finish(r);
    char *s1 = summary(p1, &d1), *s2 = summary(p2, &d2);
    assert_string_equal(s1, s2);
    /* the documents given are the project's first, as they were */
    for (size_t i = 0; i < *ngiven; i++) assert_ptr_equal(p2->docs[i], first[i]);
    free(s1);
    free(s2);
    cl_project_free(p1);
    cl_project_free(p2);
    cl_diags_free(&d1);
    cl_diags_free(&d2);
}

static void the_files_given_then_the_project(void **state)
{
    (void)state;
    assert_non_null(mkdtemp(dir));
    put("common.yaml", "services:\n  base:\n    image: alpine\n    environment: [A=1]\n");
    const char *files[2];
    files[0] = put("compose.yaml", "services:\n  web:\n    extends: {file: common.yaml, service: base}\n"
                                   "    ports: [\"80:80\"]\n  db:\n    image: postgres:${PG:-16}\n");
    files[1] = put("override.yaml", "services:\n  web:\n    image: nginx\n");
    size_t n;
    both_ways(files, 2, &n);
    assert_int_equal(n, 2);
    both_ways(files, 1, &n);   /* a lone file: its services made canonical while parsed */
    assert_int_equal(n, 1);
}

static void a_load_that_stops_gives_no_documents(void **state)
{
    (void)state;
    const char *files[2];
    files[0] = put("good.yaml", "services:\n  web:\n    image: nginx\n");
    files[1] = put("bad.yaml", "services:\n  web: [unclosed\n");
    size_t n = 9;
    both_ways(files, 2, &n);
    assert_int_equal(n, 0);
    files[1] = put("gone.yaml", "");
    unlink(files[1]);
    n = 9;
    both_ways(files, 2, &n);
    assert_int_equal(n, 0);
}

/* Services of every shape around the ones finished ahead: variables to fill
 * in, an env_file (not finished ahead), a service that others extend or merge,
 * profiles that drop a service and a dependency on it, networks given or not. */
static void a_lone_file_finished_while_parsed(void **state)
{
    (void)state;
    setenv("CL_AHEAD_BARE", "from-env", 1);
    put("app.env", "FROM_FILE=1\n");
    const char *file = put("ahead.yaml",
        "services:\n"
        "  plain:\n    image: nginx\n    environment: {CL_AHEAD_BARE: null, SET: \"1\"}\n    ports: [\"8080:80\"]\n"
        "  hostnet:\n    image: alpine\n    network_mode: host\n"
        "  named:\n    image: alpine\n    networks: [front, default]\n    labels: {z: \"1\", a: \"2\"}\n"
        "  withenvfile:\n    image: alpine\n    env_file: app.env\n"
        "  base: &base\n    image: busybox\n    labels: {b: \"2\", a: \"1\"}\n"
        "  child:\n    extends: base\n    command: [sh]\n"
        "  optional:\n    image: alpine\n    profiles: [debug]\n"
        "  needs:\n    image: alpine\n    depends_on: {optional: {condition: service_started, required: false}}\n"
        "  merged:\n    <<: *base\n    command: x\n"
        "  last:\n    image: alpine\n    volumes: [data:/data]\n"
        "networks:\n  front: {}\nvolumes:\n  data: {}\n");
    cl_project_opts po;
    memset(&po, 0, sizeof po);
    po.files = &file;
    po.nfiles = 1;
    po.project_name = "ahead";
    cl_diags d1, d2;
    cl_diags_init(&d1);
    cl_diags_init(&d2);
    cl_project *p1 = cl_project_load(&po, &d1);
    assert_non_null(p1);
    cl_source *src = cl_source_load(file, NULL, 1u << 20, NULL, 0);
    assert_non_null(src);
    cl_doc *doc = cl_doc_parse(src, NULL, &d2);
    assert_non_null(doc);
    const cl_doc *docs[] = { doc };
    cl_project *p2 = cl_project_from_docs(docs, 1, &po, &d2);
    /* the same project however it was built (p2's document is not its own:
     * the first keeps one more) */
    assert_int_equal(p1->ndocs, p2->ndocs + 1);
    p1->ndocs--;
    char *s1 = summary(p1, &d1), *s2 = summary(p2, &d2);
    p1->ndocs++;
    assert_non_null(strstr(s1, "from-env"));
    assert_non_null(strstr(s1, "FROM_FILE"));
    assert_non_null(strstr(s1, "depends-on-disabled"));
    assert_string_equal(s1, s2);
    /* finished ahead: plain, hostnet, named, base and last (found past the
     * service profiles dropped); not withenvfile, child (extends), optional
     * (dropped), needs (its dependency on optional dropped) or merged */
    assert_int_equal(p1->finished_ahead, 5);
    assert_int_equal(p2->finished_ahead, 0);
    free(s1);
    free(s2);
    cl_project_free(p1);
    cl_project_free(p2);
    cl_doc_free(doc);
    cl_source_free(src);
    cl_diags_free(&d1);
    cl_diags_free(&d2);
    unsetenv("CL_AHEAD_BARE");
}

static int cleanup(void **state)
{
    (void)state;
    const char *names[] = { "common.yaml", "compose.yaml", "override.yaml", "good.yaml", "bad.yaml", "app.env", "ahead.yaml" };
    char p[256];
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        unlink(p);
    }
    rmdir(dir);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_files_given_then_the_project),
        cmocka_unit_test(a_load_that_stops_gives_no_documents),
        cmocka_unit_test(a_lone_file_finished_while_parsed),
    };
    return cmocka_run_group_tests(tests, NULL, cleanup);
}
