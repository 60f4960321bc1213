/* test_source.c - a source in memory: a big file is read into a mapping
 * (MAP_POPULATE), a small one onto the heap, both byte for byte and
 * NUL-terminated; the line index is built on the first position asked for,
 * once, even when several threads ask at the same time (also run under
 * ThreadSanitizer by tests/scripts/threads_tsan.sh); positions match a
 * naive count, with \n, \r\n, lone \r and UTF-8. A source's number
 * (what a document node keeps) names it until it is freed; once all were
 * given, a freed source's or one whose documents were all freed is given
 * again, and none while every one is held. */
#include <pthread.h>
#include <unistd.h>
#include "testutil.h"

/* Line and column (UTF-8 characters) of OFF by walking TEXT. */
static void naive_pos(const char *text, size_t off, uint32_t *line, uint32_t *col)
{
    uint32_t l = 1, c = 1;
    for (size_t i = 0; i < off; i++) {
        if (text[i] == '\n' || (text[i] == '\r' && text[i + 1] != '\n')) { l++; c = 1; }
        else if (((unsigned char)text[i] & 0xC0) != 0x80) c++;
    }
    *line = l;
    *col = c;
}

/* A file of about SIZE bytes: lines of growing length, some with UTF-8. */
static char *write_file(const char *path, size_t size, size_t *len)
{
    cl_buf b;
    cl_buf_init(&b);
    for (unsigned i = 0; b.len < size; i++) {
        char line[128];
        int n = snprintf(line, sizeof line, "key%u: \"value %u ü %.*s\"%s", i, i, (int)(i % 40),
                         "........................................", i % 7 == 0 ? "\r\n" : "\n");
        cl_buf_put(&b, line, (size_t)n);
    }
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(b.data, 1, b.len, f), b.len);
    fclose(f);
    *len = b.len;
    return cl_buf_steal(&b);
}

static void check_positions(const cl_source *s, const char *text, size_t len)
{
    static const double at[] = { 0, 0.001, 0.25, 0.5, 0.75, 0.999, 1 };
    for (size_t k = 0; k < sizeof at / sizeof *at; k++) {
        size_t off = (size_t)(at[k] * (double)len);
        while (off > 0 && text[off - 1] != '\n') off--;     /* the start of a line, then 3 ASCII bytes in */
        if (off + 3 < len) off += 3;
        uint32_t l1, c1, l2, c2;
        cl_source_pos(s, (uint32_t)off, &l1, &c1);
        naive_pos(text, off, &l2, &c2);
        assert_int_equal(l1, l2);
        assert_int_equal(c1, c2);
        assert_int_equal(cl_source_offset(s, l1, c1), off);
    }
}

/* Every offset in the order a report asks (forwards: the same line, the
 * next, one far on), then backwards and across two sources: the line found
 * last is a hint that must never be believed when it is wrong. */
static void test_positions_in_any_order(void **state)
{
    (void)state;
    size_t len;
    char path[] = "/tmp/cl-test-source-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    char *text = write_file(path, 20000, &len);
    cl_source *s = cl_source_from_string("a.yaml", text, len);
    cl_source *t = cl_source_from_string("b.yaml", "x\ny\n\nz", 7);
    const char *tt = "x\ny\n\nz";
    uint32_t l1, c1, l2, c2;
    for (size_t off = 0; off <= len; off += 1 + off % 5) {
        cl_source_pos(s, (uint32_t)off, &l1, &c1);
        naive_pos(text, off, &l2, &c2);
        assert_int_equal(l1, l2);
        assert_int_equal(c1, c2);
        /* another source in between, on a line the hint does not hold */
        cl_source_pos(t, (uint32_t)(off % 8), &l1, &c1);
        naive_pos(tt, off % 8, &l2, &c2);
        assert_int_equal(l1, l2);
        assert_int_equal(c1, c2);
    }
    for (size_t off = len + 1; off-- > 0;) {
        cl_source_pos(s, (uint32_t)off, &l1, &c1);
        naive_pos(text, off, &l2, &c2);
        assert_int_equal(l1, l2);
        assert_int_equal(c1, c2);
        if (off < len / 2) off -= off > 97 ? 97 : off;
    }
    cl_source_free(s);
    cl_source_free(t);
    free(text);
    unlink(path);
}

static void load_and_compare(size_t size)
{
    char path[] = "/tmp/cl-test-source-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    size_t len;
    char *text = write_file(path, size, &len);
    char err[256];
    cl_source *s = cl_source_load(path, NULL, 64u << 20, err, sizeof err);
    assert_non_null(s);
    assert_int_equal(s->len, len);
    assert_memory_equal(s->data, text, len);
    assert_int_equal(s->data[len], 0);
    size_t nl = 1;
    for (size_t i = 0; i < len; i++) nl += text[i] == '\n';
    assert_int_equal(cl_source_nlines(s), nl);
    check_positions(s, text, len);
    cl_source_free(s);
    free(text);
    unlink(path);
}

static void test_small_and_big_files(void **state)
{
    (void)state;
    load_and_compare(10 * 1000);          /* on the heap */
    load_and_compare(3 * 1000 * 1000);    /* a mapping */
}

static void test_too_big_and_empty(void **state)
{
    (void)state;
    char path[] = "/tmp/cl-test-source-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    char err[256];
    cl_source *s = cl_source_load(path, NULL, 100, err, sizeof err);   /* empty */
    assert_non_null(s);
    assert_int_equal(s->len, 0);
    assert_int_equal(cl_source_nlines(s), 1);
    cl_source_free(s);
    size_t len;
    free(write_file(path, 2u << 20, &len));
    assert_null(cl_source_load(path, NULL, 1u << 20, err, sizeof err));
    assert_non_null(strstr(err, "larger than the limit"));
    unlink(path);
}

typedef struct asker { const cl_source *s; const char *text; size_t len; } asker;

static void *ask(void *arg)
{
    asker *a = arg;
    check_positions(a->s, a->text, a->len);
    return NULL;
}

static void test_index_built_once_under_threads(void **state)
{
    (void)state;
    cl_buf b;
    cl_buf_init(&b);
    for (int i = 0; i < 20000; i++) cl_buf_put(&b, "a: 1\nbé: 2\r\n", strlen("a: 1\nbé: 2\r\n"));
    cl_source *s = cl_source_from_string("t.yaml", b.data, b.len);
    asker a = { s, b.data, b.len };
    pthread_t t[4];
    for (int i = 0; i < 4; i++) assert_int_equal(pthread_create(&t[i], NULL, ask, &a), 0);
    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
    assert_int_equal(cl_source_nlines(s), 40001);
    cl_source_free(s);
    cl_buf_free(&b);
}

static void test_numbers_name_sources(void **state)
{
    (void)state;
    assert_int_equal(cl_source_num(NULL), 0);
    assert_null(cl_source_by_num(0));
    cl_source *a = cl_source_from_string("a.yaml", "a: 1\n", 5), *b = cl_source_from_string("b.yaml", "b: 2\n", 5);
    uint16_t na = cl_source_num(a), nb = cl_source_num(b);
    assert_true(na && nb && na != nb);
    assert_int_equal(cl_source_num(a), na);
    assert_ptr_equal(cl_source_by_num(na), a);
    assert_ptr_equal(cl_source_by_num(nb), b);
    cl_source copy = *a;   /* a copy is another source: not named by A's number */
    uint16_t nc = cl_source_num(&copy);
    assert_true(nc && nc != na);
    assert_ptr_equal(cl_source_by_num(nc), &copy);
    assert_ptr_equal(cl_source_by_num(na), a);
    cl_diags d;
    cl_diags_init(&d);
    cl_doc *doc = cl_doc_parse(b, NULL, &d);
    assert_non_null(doc);
    assert_ptr_equal(cl_node_src(doc->root), b);
    assert_ptr_equal(cl_node_span(cl_map_get(doc->root, "b")).src, b);
    cl_doc_free(doc);
    cl_diags_free(&d);
    cl_source_free(a);
    assert_null(cl_source_by_num(na));
    cl_source_free(b);
}

/* Run last: it gives every number. */
static void test_numbers_given_again(void **state)
{
    (void)state;
    cl_diags d;
    cl_diags_init(&d);
    cl_source *held = cl_source_from_string("held.yaml", "x: 1\n", 5);
    cl_source *retired = cl_source_from_string("retired.yaml", "y: 2\n", 5);
    cl_source *freed = cl_source_from_string("freed.yaml", "z: 3\n", 5);
    cl_doc *dh = cl_doc_parse(held, NULL, &d), *dr = cl_doc_parse(retired, NULL, &d);
    assert_non_null(dh);
    assert_non_null(dr);
    uint16_t nr = cl_source_num(retired), nf = cl_source_num(freed);
    cl_doc_free(dr);          /* RETIRED keeps its number while fresh ones are left */
    cl_source_free(freed);
    assert_ptr_equal(cl_source_by_num(nr), retired);
    cl_source **more = calloc(CL_SOURCE_NUMS + 1, sizeof *more);
    assert_non_null(more);
    size_t n = 0;
    uint16_t got;
    do {   /* fresh numbers until the first one given again */
        more[n] = cl_source_from_string("more.yaml", "m: 1\n", 5);
        got = cl_source_num(more[n++]);
        assert_true(got != 0);
    } while (got != nf && n < CL_SOURCE_NUMS);
    assert_int_equal(got, nf);    /* the freed source's first (the last freed) */
    do {   /* then those freed before (by the other tests), then the retired one's */
        more[n] = cl_source_from_string("more.yaml", "m: 1\n", 5);
        got = cl_source_num(more[n++]);
        assert_true(got != 0);
    } while (got != nr && n < CL_SOURCE_NUMS);
    assert_ptr_equal(cl_source_by_num(nr), more[n - 1]);
    do {   /* what the other tests left, then none: every number is held */
        more[n] = cl_source_from_string("more.yaml", "m: 1\n", 5);
        got = cl_source_num(more[n]);
        assert_true(got != nr && n < CL_SOURCE_NUMS);
    } while (got && ++n);
    cl_doc *none = cl_doc_parse(more[n++], NULL, &d);
    assert_null(none);
    assert_string_equal(cl_diag_code(&d.v[d.n - 1]), "yaml-limit");
    assert_ptr_equal(cl_node_src(dh->root), held);   /* the held document's nodes still name their source */
    cl_doc_free(dh);
    for (size_t i = 0; i < n; i++) cl_source_free(more[i]);
    free(more);
    cl_source_free(held);
    cl_source_free(retired);
    cl_diags_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_and_big_files),
        cmocka_unit_test(test_too_big_and_empty),
        cmocka_unit_test(test_index_built_once_under_threads),
        cmocka_unit_test(test_positions_in_any_order),
        cmocka_unit_test(test_numbers_name_sources),
        cmocka_unit_test(test_numbers_given_again),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
