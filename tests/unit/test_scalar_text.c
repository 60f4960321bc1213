/* test_scalar_text.c - the parser reads simple scalars straight from the input
 * (parser/scalar_text.c) instead of asking libfyaml to format them. This checks
 * that shortcut against libfyaml's own decoding for every scalar of every
 * corpus file ($SHARED/corpus) and of hand-made tricky inputs. */
#include "testutil.h"
#include <libfyaml.h>
#include "parser/scalar_text.h"

typedef struct tally { size_t direct, decoded, files; } tally;

/* Every scalar event of TEXT: when the shortcut answers, it must equal libfyaml's text. */
static void compare(const char *text, size_t len, tally *t, const char *name)
{
    struct fy_parse_cfg cfg = { 0 };
    cfg.flags = FYPCF_QUIET | FYPCF_DISABLE_DEPTH_LIMIT | FYPCF_DEFAULT_VERSION_1_2;
    struct fy_parser *p = fy_parser_create(&cfg);
    assert_non_null(p);
    fy_parser_set_string(p, text, len);
    struct fy_event *ev;
    while ((ev = fy_parser_parse(p)) != NULL) {
        if (ev->type == FYET_SCALAR && ev->scalar.value) {
            const struct fy_mark *sm = fy_event_start_mark(ev), *em = fy_event_end_mark(ev);
            size_t want_len = 0, got_len = 0;
            const char *want = fy_token_get_text(ev->scalar.value, &want_len);
            const char *got = cl_scalar_direct(text, len, (uint32_t)sm->input_pos, (uint32_t)em->input_pos,
                                               cl_style_from_fy((int)fy_token_scalar_style(ev->scalar.value)),
                                               sm->line == em->line, &got_len);
            if (got) {
                t->direct++;
                if (got_len != want_len || memcmp(got, want, want_len))
                    fail_msg("%s:%zu: shortcut gave \"%.*s\", libfyaml \"%.*s\"", name, (size_t)sm->line + 1,
                             (int)got_len, got, (int)want_len, want);
            } else {
                t->decoded++;
            }
        }
        fy_parser_event_free(p, ev);
    }
    fy_parser_destroy(p);
}

static void compare_file(const cl_source *src, void *ud)
{
    compare(src->data, src->len, ud, src->path);
}

static void test_corpus_agrees(void **st)
{
    (void)st;
    tally t = { 0, 0, 0 };
    t.files = tu_walk_yaml(tu_corpus_dir(), compare_file, &t);
    print_message("%zu files, %zu scalars read directly, %zu decoded by libfyaml\n", t.files, t.direct, t.decoded);
    assert_true(t.files >= 290);
    assert_true(t.direct > 4000);       /* the shortcut is really taken */
    assert_true(t.decoded > 20);        /* and really declined */
}

static void test_tricky_scalars(void **st)
{
    (void)st;
    static const char *const docs[] = {
        "a: plain with  inner   spaces   # comment\n",
        "a: 'it''s'\nb: \"tab\\there\"\nc: \"quote \\\" in\"\nd: ''\ne: \"\"\n",
        "a: folded\n  over lines\nb: 'single\n  multi'\nc: \"double\n  multi\"\n",
        "a: |\n  literal\n  text\nb: >-\n  folded\n  text\n",
        "[ a , 'b' , \"c\" , d e ]\n",
        "{ k: v, 'q k': \"q v\", x:y }\n",
        "a: x\r\nb: 'y'\r\nc: \"z\"\r\n",
        "a: \"\\u00e9t\\u00e9\"\nb: été\nc: 'ünï'\n",
        "? complex key\n: value\n",
        "a: b:c\nd: -e\nf: ?g\n",
    };
    tally t = { 0, 0, 0 };
    for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) compare(docs[i], strlen(docs[i]), &t, docs[i]);
    assert_true(t.direct > 10);
    assert_true(t.decoded >= 8);
}

/* Block scalars of the corpus: each has its indicator found and none is
 * called shallow (docker reads all of these files). */
typedef struct blocks { size_t n, found; } blocks;

static void blocks_file(const cl_source *src, void *ud)
{
    blocks *b = ud;
    struct fy_parse_cfg cfg = { 0 };
    cfg.flags = FYPCF_QUIET | FYPCF_DISABLE_DEPTH_LIMIT | FYPCF_DEFAULT_VERSION_1_2;
    struct fy_parser *p = fy_parser_create(&cfg);
    assert_non_null(p);
    fy_parser_set_string(p, src->data, src->len);
    long cols[256];
    size_t depth = 0;
    struct fy_event *ev;
    while ((ev = fy_parser_parse(p)) != NULL) {
        const struct fy_mark *sm = fy_event_start_mark(ev), *em = fy_event_end_mark(ev);
        if (ev->type == FYET_MAPPING_START || ev->type == FYET_SEQUENCE_START) {
            if (depth < 256) cols[depth] = (long)sm->column;
            depth++;
        } else if (ev->type == FYET_MAPPING_END || ev->type == FYET_SEQUENCE_END) {
            depth--;
        } else if (ev->type == FYET_SCALAR && ev->scalar.value) {
            enum fy_scalar_style st = fy_token_scalar_style(ev->scalar.value);
            if (st == FYSS_LITERAL || st == FYSS_FOLDED) {
                b->n++;
                uint32_t at = (uint32_t)sm->input_pos;
                if (cl_block_indicator(src->data, at)) b->found++;
                if (cl_block_scalar_shallow(src->data, src->len, at, (uint32_t)em->input_pos,
                                            depth ? cols[depth < 256 ? depth - 1 : 255] : -1))
                    fail_msg("%s:%zu: a block scalar docker reads was called shallow", src->path, (size_t)sm->line + 1);
            }
        }
        fy_parser_event_free(p, ev);
    }
    fy_parser_destroy(p);
}

static void test_corpus_block_scalars(void **st)
{
    (void)st;
    blocks b = { 0, 0 };
    tu_walk_yaml(tu_corpus_dir(), blocks_file, &b);
    print_message("%zu block scalars, %zu indicators found\n", b.n, b.found);
    assert_true(b.n >= 20);
    assert_int_equal(b.found, b.n);
}

/* Shapes checked against `docker stack config -c` (go-yaml): 1 where docker
 * refuses the file ("could not find expected ':'"), 0 where it reads it. */
static void test_shallow_shapes(void **st)
{
    (void)st;
    static const struct { const char *doc; int shallow; } cases[] = {
        { "a:\n  k: |\n  w\n", 1 },
        { "a:\n  k: |-\n  w\n", 1 },
        { "a:\n  k: |\n   w\n", 0 },
        { "a:\n  - |\n  w\n", 1 },
        { "a:\n  - |\n   w\n", 0 },
        { "a:\n  - k: |\n    w\n", 1 },
        { "a:\n  - k: | # a - b | c\n    w\n", 1 },
        { "a:\n  - k: | # a - b | c\n\n\n     w\n", 0 },
        { "a:\n  k: |2\n    w\n", 0 },
        { "a:\n- |\n w\n", 0 },
        { "a: |\n\n", 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *d = cases[i].doc;
        struct fy_parse_cfg cfg = { 0 };
        cfg.flags = FYPCF_QUIET | FYPCF_DISABLE_DEPTH_LIMIT | FYPCF_DEFAULT_VERSION_1_2;
        struct fy_parser *p = fy_parser_create(&cfg);
        fy_parser_set_string(p, d, strlen(d));
        long cols[16];
        size_t depth = 0;
        int seen = 0, got = -1;
        struct fy_event *ev;
        while ((ev = fy_parser_parse(p)) != NULL) {
            const struct fy_mark *sm = fy_event_start_mark(ev), *em = fy_event_end_mark(ev);
            if (ev->type == FYET_MAPPING_START || ev->type == FYET_SEQUENCE_START) cols[depth++] = (long)sm->column;
            else if (ev->type == FYET_MAPPING_END || ev->type == FYET_SEQUENCE_END) depth--;
            else if (ev->type == FYET_SCALAR && ev->scalar.value && !seen) {
                enum fy_scalar_style st = fy_token_scalar_style(ev->scalar.value);
                if (st == FYSS_LITERAL || st == FYSS_FOLDED) {
                    seen = 1;
                    got = cl_block_scalar_shallow(d, strlen(d), (uint32_t)sm->input_pos, (uint32_t)em->input_pos,
                                                  depth ? cols[depth - 1] : -1);
                }
            }
            fy_parser_event_free(p, ev);
        }
        fy_parser_destroy(p);
        if (got != cases[i].shallow) fail_msg("case %zu %s: shallow %d, expected %d", i, d, got, cases[i].shallow);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_corpus_agrees),
        cmocka_unit_test(test_tricky_scalars),
        cmocka_unit_test(test_corpus_block_scalars),
        cmocka_unit_test(test_shallow_shapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
