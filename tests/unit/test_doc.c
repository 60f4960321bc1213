/* Unit tests of the document model: spans, styles, types, duplicate keys,
 * merges, aliases and limits; diagnostic lists joined in order and a fix
 * kept in one block; an arena emptied for reuse, and a builder whose storage
 * is an arena's. */
#include "testutil.h"
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include "parser/render.h"

typedef struct { cl_source *src; cl_doc *doc; cl_diags d; } fx;

static fx P(const char *text)
{
    fx f;
    f.doc = parse_text(&f.src, text, &f.d);
    return f;
}
static void F(fx *f) { cl_doc_free(f->doc); cl_diags_free(&f->d); cl_source_free(f->src); }

static void expect_error(const char *text, const char *code, uint32_t line, uint32_t col, const char *msg_part)
{
    fx f = P(text);
    assert_null(f.doc);
    assert_int_equal(f.d.n, 1);
    assert_string_equal(cl_diag_code(&f.d.v[0]), code);
    uint32_t l, c;
    pos_of(f.src, cl_diag_span(&f.d.v[0]).start, &l, &c);
    assert_int_equal(l, line);
    assert_int_equal(c, col);
    if (!strstr(tu_msg(&f.d.v[0]), msg_part)) fail_msg("message '%s' lacks '%s'", tu_msg(&f.d.v[0]), msg_part);
    F(&f);
}

static void test_spans_and_styles(void **st)
{
    (void)st;
    fx f = P("services:\n  web:\n    image: \"nginx:1\"\n    ports: ['80:80', 8080]\n    cmd: |\n      x\n");
    assert_non_null(f.doc);
    const cl_node *web = cl_map_get(cl_map_get(f.doc->root, "services"), "web");
    assert_non_null(web);
    const cl_node *img = cl_map_get(web, "image");
    assert_int_equal(img->style, CL_DQUOTE);
    assert_string_equal(img->u.s.text, "nginx:1");
    uint32_t l, c;
    pos_of(f.src, img->start, &l, &c);
    assert_int_equal(l, 3); assert_int_equal(c, 12);
    /* the span covers the quotes */
    assert_int_equal(img->end - img->start, 9);
    const cl_node *ports = cl_map_get(web, "ports");
    assert_int_equal(ports->kind, CL_SEQ);
    assert_true(ports->flags & CL_NF_FLOW);
    assert_int_equal(ports->u.q.items[0]->style, CL_SQUOTE);
    assert_int_equal(ports->u.q.items[1]->type, CL_T_INT);
    const cl_node *cmd = cl_map_get(web, "cmd");
    assert_int_equal(cmd->style, CL_LITERAL);
    assert_string_equal(cmd->u.s.text, "x\n");
    assert_int_equal(f.src->data[cmd->start], '|');
    F(&f);
}

static void test_core_schema(void **st)
{
    (void)st;
    fx f = P("a: yes\nb: true\nc: 0755\nd: 0o755\ne: 22:22\nf: ~\ng: 1.5e3\nh: .inf\ni: '1'\nj: !!str 5\nk: 0x1F\nl:\n");
    assert_non_null(f.doc);
    const cl_node *r = f.doc->root;
    assert_int_equal(cl_map_get(r, "a")->type, CL_T_STR);   /* YAML 1.2: yes is a string */
    assert_int_equal(cl_map_get(r, "b")->type, CL_T_BOOL);
    assert_int_equal(cl_map_get(r, "c")->type, CL_T_INT);   /* decimal 755 in 1.2 */
    long long v;
    assert_true(cl_scalar_int(cl_map_get(r, "d"), &v)); assert_int_equal(v, 493);
    assert_int_equal(cl_map_get(r, "e")->type, CL_T_STR);
    assert_int_equal(cl_map_get(r, "f")->type, CL_T_NULL);
    assert_int_equal(cl_map_get(r, "g")->type, CL_T_FLOAT);
    assert_int_equal(cl_map_get(r, "h")->type, CL_T_FLOAT);
    assert_int_equal(cl_map_get(r, "i")->type, CL_T_STR);
    assert_int_equal(cl_map_get(r, "j")->type, CL_T_STR);
    assert_true(cl_scalar_int(cl_map_get(r, "k"), &v)); assert_int_equal(v, 31);
    assert_int_equal(cl_map_get(r, "l")->type, CL_T_NULL);
    /* raw text kept for YAML 1.1 warnings */
    assert_string_equal(cl_map_get(r, "c")->u.s.text, "0755");
    F(&f);
}

/* N findings "TAG0".."TAG<N-1>" into D. */
static void add_tagged(cl_diags *d, const char *tag, int n)
{
    cl_span sp = { NULL, 0, 0 };
    for (int i = 0; i < n; i++) cl_diag_add(d, CL_SEV_INFO, "t", sp, "%s%d", tag, i);
}

/* Joined lists keep their order whichever array is kept (the biggest: DST's
 * or one in the middle), the others are left empty, and a fix (one block)
 * keeps its edits sorted and its texts. Lists of thousands are moved a piece
 * at a time: SCALE 1500 makes the small ones longer than a piece. */
static void test_diags_join(void **st)
{
    (void)st;
    for (int run = 0; run < 8; run++) {
        int big = run % 4, scale = run < 4 ? 1 : 1500;
        cl_diags dst, a, b, c;
        cl_diags_init(&dst); cl_diags_init(&a); cl_diags_init(&b); cl_diags_init(&c);
        add_tagged(&dst, "d", scale * (big == 0 ? 40 : 2));
        add_tagged(&a, "a", scale * (big == 1 ? 40 : 3));
        add_tagged(&b, "b", scale * (big == 2 ? 40 : 0));
        add_tagged(&c, "c", scale * (big == 3 ? 40 : 5));
        size_t total = dst.n + a.n + b.n + c.n;
        cl_diags *const lists[] = { &a, &b, &c };
        cl_diags_join(&dst, lists, 3);
        assert_int_equal(dst.n, total);
        assert_int_equal(a.n + b.n + c.n, 0);
        assert_null(a.v);
        const char *tags = "dabc";
        size_t k = 0;
        for (int t = 0; t < 4; t++) {
            for (int i = 0; k < dst.n && tu_msg(&dst.v[k])[0] == tags[t]; i++, k++) {
                char want[16];
                snprintf(want, sizeof want, "%c%d", tags[t], i);
                assert_string_equal(tu_msg(&dst.v[k]), want);
            }
        }
        assert_int_equal(k, total);
        cl_diags_free(&dst);
    }
    cl_diags d;
    cl_diags_init(&d);
    cl_span sp = { NULL, 0, 0 };
    cl_diag *g = cl_diag_add(&d, CL_SEV_WARNING, "t", sp, "m");
    cl_edit e[] = { { 9, 12, "later" }, { 1, 2, "" }, { 4, 4, "middle" } };
    cl_diag_set_fix(g, "do it", 0, e, 3);
    cl_fix fx;
    assert_true(cl_diag_fix(g, &fx));
    assert_string_equal(fx.description, "do it");
    assert_int_equal(fx.safe, 0);
    assert_int_equal(fx.nedits, 3);
    assert_int_equal(cl_fix_edit(&fx, 0).start, 1);
    assert_int_equal(cl_fix_edit(&fx, 0).end, 2);
    assert_string_equal(cl_fix_edit(&fx, 0).text, "");
    assert_string_equal(cl_fix_edit(&fx, 1).text, "middle");
    assert_int_equal(cl_fix_edit(&fx, 2).start, 9);
    assert_int_equal(cl_fix_edit(&fx, 2).end, 12);
    assert_string_equal(cl_fix_edit(&fx, 2).text, "later");
    assert_string_equal(tu_msg(g), "m");
    cl_diags_free(&d);
}

static void test_duplicate_keys(void **st)
{
    (void)st;
    expect_error("a: 1\nb:\n  c: 2\n  c: 3\n", "yaml-duplicate-key", 4, 3, "duplicate key 'c' (first defined at 3:3)");
    expect_error("{x: 1, y: 2, x: 3}\n", "yaml-duplicate-key", 1, 14, "'x'");
    /* large maps use the hash index */
    char buf[4096] = "";
    for (int i = 0; i < 100; i++) sprintf(buf + strlen(buf), "k%d: %d\n", i, i);
    strcat(buf, "k57: again\n");
    expect_error(buf, "yaml-duplicate-key", 101, 1, "'k57' (first defined at 58:1)");
    fx f = P(buf);
    assert_int_equal(cl_diag_nrelated(&f.d.v[0]), 1);
    F(&f);
}

static void test_hashed_lookup(void **st)
{
    (void)st;
    char buf[8192] = "";
    for (int i = 0; i < 300; i++) sprintf(buf + strlen(buf), "key%d: v%d\n", i, i);
    fx f = P(buf);
    assert_non_null(f.doc);
    assert_int_equal(f.doc->root->u.m.n, 300);
    assert_int_equal(sizeof(cl_node), 24);
    for (int i = 0; i < 300; i++) {
        char k[16], v[16];
        sprintf(k, "key%d", i); sprintf(v, "v%d", i);
        assert_true(cl_scalar_is(cl_map_get(f.doc->root, k), v));
    }
    assert_null(cl_map_get(f.doc->root, "key300"));
    F(&f);
}

/* A copy whose items were replaced without going through cl_map_alloc_items
 * has no index in front of them: lookups must notice and scan instead. */
static void test_replaced_items_fall_back_to_scan(void **st)
{
    (void)st;
    cl_arena a;
    cl_arena_init(&a);
    cl_pair pairs[40];
    for (int i = 0; i < 40; i++) {
        char k[16];
        snprintf(k, sizeof k, "k%d", i);
        pairs[i].key = cl_new_str(&a, k);
        pairs[i].value = cl_new_int(&a, i);
        pairs[i].merged = 0;
    }
    cl_node *m = cl_new_map(&a, pairs, 40);
    assert_true(cl_scalar_is(cl_map_get(m, "k33"), "33"));
    for (int round = 0; round < 2; round++) {
        cl_node *c = cl_arena_alloc(&a, sizeof *c);
        *c = *m;
        /* round 0: new items right after unrelated data; round 1: fewer items, same array */
        if (round == 0) {
            cl_node *pad = cl_new_str(&a, "padding");
            (void)pad;
            c->u.m.items = cl_arena_alloc(&a, 40 * sizeof(cl_pair));
            for (int i = 0; i < 40; i++) c->u.m.items[39 - i] = m->u.m.items[i];
        } else {
            c->u.m.n = 20;
        }
        for (int i = 0; i < (round ? 20 : 40); i++) {
            char k[16], v[16];
            snprintf(k, sizeof k, "k%d", i);
            snprintf(v, sizeof v, "%d", i);
            assert_true(cl_scalar_is(cl_map_get(c, k), v));
        }
        if (round) assert_null(cl_map_get(c, "k30"));
    }
    cl_arena_free(&a);
}

static void test_merge_single_and_override(void **st)
{
    (void)st;
    fx f = P("x: &b\n  image: a\n  restart: always\ns:\n  <<: *b\n  image: mine\n");
    assert_non_null(f.doc);
    const cl_node *s = cl_map_get(f.doc->root, "s");
    assert_int_equal(s->u.m.n, 2);
    assert_true(cl_scalar_is(cl_map_get(s, "image"), "mine"));   /* explicit key wins */
    const cl_pair *p = cl_map_pair(s, "restart");
    assert_non_null(p);
    assert_int_equal(p->merged, 1);
    /* the merged value keeps the span where it was written */
    uint32_t l, c;
    pos_of(f.src, p->value->start, &l, &c);
    assert_int_equal(l, 3);
    assert_null(cl_map_get(s, "<<"));
    assert_false(cl_map_pair(s, "image")->merged);
    F(&f);
}

static void test_merge_list_order(void **st)
{
    (void)st;
    fx f = P("a: &a {k: 1, only_a: x}\nb: &b {k: 2, only_b: y}\nc:\n  <<: [*a, *b]\n  z: 3\n");
    assert_non_null(f.doc);
    const cl_node *c = cl_map_get(f.doc->root, "c");
    assert_true(cl_scalar_is(cl_map_get(c, "k"), "1"));          /* earlier map wins */
    assert_true(cl_scalar_is(cl_map_get(c, "only_a"), "x"));
    assert_true(cl_scalar_is(cl_map_get(c, "only_b"), "y"));
    assert_true(cl_scalar_is(cl_map_get(c, "z"), "3"));
    assert_int_equal(c->u.m.n, 4);
    F(&f);
}

static void test_merge_nested(void **st)
{
    (void)st;
    fx f = P("a: &a {x: 1}\nb: &b {<<: *a, y: 2}\nc: {<<: *b, z: 3}\n");
    assert_non_null(f.doc);
    const cl_node *c = cl_map_get(f.doc->root, "c");
    assert_true(cl_scalar_is(cl_map_get(c, "x"), "1"));
    assert_true(cl_scalar_is(cl_map_get(c, "y"), "2"));
    assert_true(cl_scalar_is(cl_map_get(c, "z"), "3"));
    F(&f);
    expect_error("a: &a [1]\nc: {<<: *a}\n", "yaml-merge", 1, 8, "mapping");
    expect_error("a: &a x\nc: {<<: *a}\n", "yaml-merge", 1, 7, "mapping");
}

static void test_aliases_share(void **st)
{
    (void)st;
    fx f = P("a: &x {k: v}\nb: *x\nc: *x\n");
    assert_non_null(f.doc);
    assert_ptr_equal(cl_map_get(f.doc->root, "a"), cl_map_get(f.doc->root, "b"));
    assert_ptr_equal(cl_map_get(f.doc->root, "a"), cl_map_get(f.doc->root, "c"));
    assert_true(cl_map_get(f.doc->root, "a")->flags & CL_NF_ALIASED);
    F(&f);
    expect_error("a: *nope\n", "yaml-alias", 1, 4, "'*nope'");
}

static void test_alias_bomb(void **st)
{
    (void)st;
    char buf[4096] = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    for (int i = 1; i < 9; i++) {
        char line[200];
        sprintf(line, "%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n", 'a' + i, 'a' + i,
                'a' + i - 1, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1,
                'a' + i - 1, 'a' + i - 1, 'a' + i - 1);
        strcat(buf, line);
    }
    fx f = P(buf);
    assert_null(f.doc);
    assert_string_equal(cl_diag_code(&f.d.v[0]), "yaml-limit");
    assert_non_null(strstr(tu_msg(&f.d.v[0]), "alias bomb"));
    F(&f);
}

static void test_limits(void **st)
{
    (void)st;
    cl_limits lim;
    cl_limits_default(&lim);
    lim.max_depth = 3;
    cl_source *s = cl_source_from_string("t.yaml", "a: [[[[1]]]]\n", 13);
    cl_diags d;
    cl_diags_init(&d);
    assert_null(cl_doc_parse(s, &lim, &d));
    assert_string_equal(cl_diag_code(&d.v[0]), "yaml-limit");
    assert_non_null(strstr(tu_msg(&d.v[0]), "--max-depth"));
    cl_diags_free(&d);
    cl_limits_default(&lim);
    lim.max_nodes = 5;
    assert_null(cl_doc_parse(s, &lim, &d));
    assert_non_null(strstr(tu_msg(&d.v[0]), "--max-nodes"));
    cl_diags_free(&d);
    cl_limits_default(&lim);
    lim.max_file_size = 4;
    assert_null(cl_doc_parse(s, &lim, &d));
    assert_non_null(strstr(tu_msg(&d.v[0]), "--max-file-size"));
    cl_diags_free(&d);
    cl_source_free(s);
}

static void test_malformed(void **st)
{
    (void)st;
    expect_error("a:\n\tb: 1\n", "yaml-syntax", 2, 1, "tab");
    expect_error("a: [1, 2\n", "yaml-syntax", 2, 1, "flow sequence");
    expect_error("a: 1\n---\nb: 2\n", "yaml-multi-document", 2, 1, "exactly one");
    expect_error("a: \"\xff\"\n", "yaml-encoding", 1, 5, "UTF-8");
    /* empty, comment-only and BOM files */
    fx f = P("");
    assert_non_null(f.doc); assert_null(f.doc->root); F(&f);
    f = P("# only a comment\n");
    assert_non_null(f.doc); assert_null(f.doc->root); F(&f);
    f = P("\xef\xbb\xbf" "a: 1\n");
    assert_non_null(f.doc); assert_true(cl_scalar_is(cl_map_get(f.doc->root, "a"), "1")); F(&f);
}

static void test_tags_reset_override(void **st)
{
    (void)st;
    fx f = P("a: !reset []\nb: !override {x: 1}\n");
    assert_non_null(f.doc);
    assert_true(cl_map_get(f.doc->root, "a")->flags & CL_NF_RESET);
    assert_true(cl_map_get(f.doc->root, "b")->flags & CL_NF_OVERRIDE);
    assert_true(cl_map_get(f.doc->root, "a")->flags & CL_NF_TAGGED);
    F(&f);
}

static void test_empty_values_have_spans(void **st)
{
    (void)st;
    fx f = P("a:\n  b:\n  c: 1\n  d:\n");
    assert_non_null(f.doc);
    const cl_node *a = cl_map_get(f.doc->root, "a");
    const cl_node *b = cl_map_get(a, "b");
    assert_int_equal(b->type, CL_T_NULL);
    uint32_t l, c;
    pos_of(f.src, b->start, &l, &c);
    assert_int_equal(l, 2); assert_int_equal(c, 5);            /* right after "b:" */
    /* the block mapping ends at its last (empty) value, not at offset 0 */
    pos_of(f.src, a->end, &l, &c);
    assert_int_equal(l, 4); assert_int_equal(c, 5);
    assert_true(a->end > a->start);
    F(&f);
}

/* An arena emptied by cl_arena_reset hands out zeroed memory again, from the
 * block it kept, and big allocations (blocks of their own) are gone. */
/* A builder whose storage is an arena's (cl_builder_in) makes the very tree a
 * malloc'd one makes: a map past 16 keys (hashed), with a key replaced in
 * place, and a sequence grown past its first room; dropping it frees nothing
 * (ASan would catch a free of arena memory). */
static void test_builder_in_arena(void **state)
{
    (void)state;
    cl_arena a, store;
    cl_arena_init(&a);
    cl_arena_init(&store);
    cl_node *made[2][2];
    for (int in = 0; in < 2; in++) {
        cl_builder m, q, dropped;
        cl_builder_map(&m);
        cl_builder_seq(&q);
        cl_builder_map(&dropped);
        if (in) { cl_builder_in(&m, &store); cl_builder_in(&q, &store); cl_builder_in(&dropped, &store); }
        char key[16];
        for (int i = 0; i < 40; i++) {
            snprintf(key, sizeof key, "k%d", (i * 7) % 40);
            cl_builder_put(&m, &a, key, cl_new_int(&a, i));
            cl_builder_push(&q, cl_new_int(&a, i * i));
            cl_builder_put(&dropped, &a, key, cl_new_int(&a, i));
        }
        cl_builder_put(&m, &a, "k14", cl_new_str(&a, "replaced"));
        assert_int_equal(m.n, 40);
        made[in][0] = cl_builder_finish(&m, &a);
        made[in][1] = cl_builder_finish(&q, &a);
        cl_builder_discard(&dropped);
    }
    assert_true(store.used_total > 0);   /* the arena's storage was used */
    for (int k = 0; k < 2; k++) {
        cl_buf x, y;
        cl_buf_init(&x);
        cl_buf_init(&y);
        cl_render_yaml(&x, made[0][k]);
        cl_render_yaml(&y, made[1][k]);
        assert_string_equal(x.data, y.data);
        cl_buf_free(&x);
        cl_buf_free(&y);
    }
    assert_string_equal(cl_map_get(made[1][0], "k14")->u.s.text, "replaced");
    assert_int_equal(made[1][0]->u.m.n, 40);
    assert_int_equal(made[1][1]->u.q.n, 40);
    cl_arena_free(&a);
    cl_arena_free(&store);
}

static void test_arena_reset(void **state)
{
    (void)state;
    cl_arena a;
    cl_arena_init(&a);
    cl_arena_reset(&a);                       /* empty: nothing to do */
    unsigned char *first = cl_arena_alloc(&a, 100);
    memset(first, 0xab, 100);
    unsigned char *big = cl_arena_alloc(&a, 1u << 20);
    memset(big, 0xcd, 1u << 20);
    char *s = cl_arena_strdup(&a, "kept?");
    memset(s, 'x', 5);
    cl_arena_reset(&a);
    assert_int_equal(a.used_total, 0);
    unsigned char *again = cl_arena_alloc(&a, 200);
    assert_ptr_equal(again, first);           /* the block kept, from its start */
    for (int i = 0; i < 200; i++) assert_int_equal(again[i], 0);
    char *t = cl_arena_strdup(&a, "ab");
    assert_string_equal(t, "ab");
    cl_arena_free(&a);
}

/* The inline fast path and the slow one agree: every allocation 8-aligned,
 * zeroed and apart from the others, strings packed end to end within a
 * block, and the count of bytes handed out exact, across many blocks. */
static void test_arena_blocks(void **state)
{
    (void)state;
    cl_arena a;
    cl_arena_init(&a);
    size_t total = 0;
    unsigned char *prev = NULL;
    size_t prevn = 0;
    for (int i = 0; i < 20000; i++) {
        size_t n = (size_t)(i % 61) + (i % 997 == 0 ? 300000 : 0);
        unsigned char *p = cl_arena_alloc(&a, n);
        assert_int_equal((size_t)p % 8, 0);
        for (size_t j = 0; j < (n ? n : 1); j += 7) assert_int_equal(p[j], 0);
        memset(p, 0xee, n ? n : 1);
        if (prev) assert_true(p >= prev + prevn || p + (n ? n : 1) <= prev);
        prev = p;
        prevn = n ? n : 1;
        total += n ? n : 1;
        char *s = cl_arena_strndup(&a, "abcdef", (size_t)(i % 7));
        int room = a.at && a.end - a.at > 3;   /* the next string fits in this block */
        char *t = cl_arena_strndup(&a, "xyz", 3);
        if (room) assert_ptr_equal(t, s + i % 7 + 1);      /* packed */
        assert_int_equal(strlen(s), (size_t)(i % 7));
        assert_memory_equal(s, "abcdef", (size_t)(i % 7));
        assert_string_equal(t, "xyz");
        total += (size_t)(i % 7) + 1 + 4;
    }
    assert_int_equal(a.used_total, total);
    cl_arena_free(&a);
    assert_null(a.head);
    assert_null(a.at);
    unsigned char *one = cl_arena_alloc(&a, 0);   /* a freed arena starts again */
    assert_non_null(one);
    assert_int_equal(a.used_total, 1);
    cl_arena_free(&a);
}

/* A table probed before it is filled: cl_calloc_written hands out zeroed
 * memory whose pages are already written, so reading a page and then writing
 * it faults no more (calloc's fresh pages fault twice: the zero page mapped
 * on the read, copied on the write). */
static void test_calloc_written(void **state)
{
    (void)state;
    size_t n = 8u << 20;
    unsigned char *p = cl_calloc_written(n, 1);
    assert_non_null(p);
    struct rusage before, after;
    getrusage(RUSAGE_SELF, &before);
    unsigned sum = 0;
    for (size_t b = 0; b < n; b += 4096) {
        sum += ((volatile unsigned char *)p)[b + 17];   /* probe, then write */
        p[b + 17] = 1;
    }
    getrusage(RUSAGE_SELF, &after);
    assert_int_equal(sum, 0);
    assert_true(after.ru_minflt - before.ru_minflt < 64);   /* 2,048 pages */
    free(p);
    unsigned char *small = cl_calloc_written(3, 5);
    assert_non_null(small);
    for (int i = 0; i < 15; i++) assert_int_equal(small[i], 0);
    free(small);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spans_and_styles),
        cmocka_unit_test(test_arena_blocks),
        cmocka_unit_test(test_calloc_written),
        cmocka_unit_test(test_core_schema),
        cmocka_unit_test(test_duplicate_keys),
        cmocka_unit_test(test_diags_join),
        cmocka_unit_test(test_hashed_lookup),
        cmocka_unit_test(test_replaced_items_fall_back_to_scan),
        cmocka_unit_test(test_merge_single_and_override),
        cmocka_unit_test(test_merge_list_order),
        cmocka_unit_test(test_merge_nested),
        cmocka_unit_test(test_aliases_share),
        cmocka_unit_test(test_alias_bomb),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_tags_reset_override),
        cmocka_unit_test(test_empty_values_have_spans),
        cmocka_unit_test(test_arena_reset),
        cmocka_unit_test(test_builder_in_arena),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
