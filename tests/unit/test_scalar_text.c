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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_corpus_agrees),
        cmocka_unit_test(test_tricky_scalars),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
