/* test_emit_common.c - the emitters' shared helpers: durations, byte sizes,
 * port entries and convert-unsupported reports. */
#include "testutil.h"
#include "emitters/common.h"

static void durations(void **state)
{
    (void)state;
    double s;
    assert_true(cl_em_duration_text("1m30s", &s)); assert_true(s == 90);
    assert_true(cl_em_duration_text("10s", &s)); assert_true(s == 10);
    assert_true(cl_em_duration_text("1h", &s)); assert_true(s == 3600);
    assert_true(cl_em_duration_text("500ms", &s)); assert_true(s == 0.5);
    assert_true(cl_em_duration_text("1.5m", &s)); assert_true(s == 90);
    assert_true(cl_em_duration_text("45", &s)); assert_true(s == 45);
    assert_false(cl_em_duration_text("", &s));
    assert_false(cl_em_duration_text("10x", &s));
    assert_false(cl_em_duration_text("s", &s));
    assert_false(cl_em_duration_text("-5s", &s));
    /* digits and one unit are read without strtod: the same doubles as the general way */
    volatile double ms = 1e-3;
    const struct { const char *text; double seconds; } same[] = {
        { "250ms", 250 * ms }, { "2ms", 2 * ms }, { "0090s", 90 }, { "7h", 25200 }, { "2m", 120 },
        { "123456789012345s", 123456789012345.0 }, { "1234567890123456789s", 1234567890123456789.0 },
        { "1e3s", 1000 }, { "2ms30s", 2 * ms + 30 },
    };
    for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
        assert_true(cl_em_duration_text(same[i].text, &s));
        assert_true(s == same[i].seconds);
    }
    assert_false(cl_em_duration_text("12mx", &s));
}

static void bytes(void **state)
{
    (void)state;
    long long b;
    assert_true(cl_em_bytes_text("512m", &b)); assert_int_equal(b, 512LL << 20);
    assert_true(cl_em_bytes_text("1G", &b)); assert_int_equal(b, 1LL << 30);
    assert_true(cl_em_bytes_text("100kb", &b)); assert_int_equal(b, 102400);
    assert_true(cl_em_bytes_text("1024", &b)); assert_int_equal(b, 1024);
    assert_true(cl_em_bytes_text("0.5g", &b)); assert_int_equal(b, 512LL << 20);
    assert_false(cl_em_bytes_text("lots", &b));
    assert_false(cl_em_bytes_text("12q", &b));
    assert_false(cl_em_bytes_text("99999999999999t", &b));
}

static void ports_and_reports(void **state)
{
    (void)state;
    cl_source *src;
    cl_diags d;
    cl_doc *doc = parse_text(&src, "- {target: 80, published: \"8080\", protocol: udp, host_ip: 127.0.0.1}\n"
                                   "- {target: 53, published: \"5300-5310\"}\n"
                                   "- {target: 99999}\n- {target: 1, published: \"9-2\"}\n", &d);
    assert_non_null(doc);
    cl_em_port p;
    assert_true(cl_em_port_read(doc->root->u.q.items[0], &p));
    assert_int_equal(p.target, 80); assert_int_equal(p.published_lo, 8080); assert_int_equal(p.published_hi, 8080);
    assert_string_equal(p.protocol, "udp"); assert_string_equal(p.host_ip, "127.0.0.1"); assert_string_equal(p.mode, "ingress");
    assert_true(cl_em_port_read(doc->root->u.q.items[1], &p));
    assert_int_equal(p.published_lo, 5300); assert_int_equal(p.published_hi, 5310); assert_string_equal(p.protocol, "tcp");
    assert_false(cl_em_port_read(doc->root->u.q.items[2], &p));
    assert_false(cl_em_port_read(doc->root->u.q.items[3], &p));
    cl_diag *g = cl_em_unsupported(&d, CL_SEV_WARNING, "kubernetes", "web", "ports", doc->root, "host_ip %s", "x");
    assert_string_equal(cl_diag_code(g), "convert-unsupported");
    assert_string_equal(tu_msg(g), "kubernetes: service 'web': 'ports' is not converted: host_ip x");
    assert_string_equal(cl_diag_path(g), "services.web.ports");
    assert_ptr_equal(cl_diag_src(g), src);
    g = cl_em_unsupported_top(&d, CL_SEV_INFO, "swarm", "volumes", "data", "driver", NULL, "no");
    assert_string_equal(tu_msg(g), "swarm: volumes 'data': 'driver' is not converted: no");
    assert_string_equal(cl_diag_path(g), "volumes.data.driver");
    assert_null(cl_diag_src(g));
    /* the pieces are put together on the stack, or on the heap past 512 bytes; NULL is "(null)" */
    g = cl_em_unsupported_top(&d, CL_SEV_INFO, "swarm", "volumes", NULL, "driver", NULL, "no");
    assert_string_equal(tu_msg(g), "swarm: top level: 'driver' is not converted: no");
    assert_string_equal(cl_diag_path(g), "driver");
    char name[600];
    memset(name, 'n', sizeof name - 1);
    name[sizeof name - 1] = 0;
    g = cl_em_unsupported(&d, CL_SEV_WARNING, "kubernetes", name, NULL, NULL, "why");
    char want[700];
    snprintf(want, sizeof want, "kubernetes: service '%s': '(null)' is not converted: why", name);
    assert_string_equal(tu_msg(g), want);
    snprintf(want, sizeof want, "services.%s.(null)", name);
    assert_string_equal(cl_diag_path(g), want);
    cl_diags_free(&d);
    cl_doc_free(doc);
    cl_source_free(src);
}

/* cl_em_walk_in finds each key's row as cl_em_walk does: the first table
 * naming it, an extension key by the first "x-" row, any other key by the end
 * row of the last table. Each row's handler appends its tag to the trail. */
static void tag_a(void *ctx, const cl_pair *it) { (void)it; cl_buf_puts(ctx, "a"); }
static void tag_b(void *ctx, const cl_pair *it) { (void)it; cl_buf_puts(ctx, "b"); }
static void tag_x(void *ctx, const cl_pair *it) { (void)it; cl_buf_puts(ctx, "x"); }

static void walk_indexed(void **state)
{
    (void)state;
    static const cl_em_key one[] = { { "image", tag_a, 0, NULL }, { "ports", tag_a, 0, NULL }, { "x-", tag_x, 0, NULL },
                                     { NULL, NULL, CL_SEV_WARNING, "one's end" } };
    static const cl_em_key two[] = { { "ports", tag_b, 0, NULL }, { "user", tag_b, 0, NULL }, { "x-only", tag_b, 0, NULL },
                                     { NULL, NULL, CL_SEV_ERROR, "not known" } };
    static const cl_em_key *const tables[] = { one, two, NULL };
    cl_source *src;
    cl_diags d[2];
    cl_doc *doc = parse_text(&src, "{image: a, ports: [], user: u, x-only: 1, x-any: 2, nope: 3, image2: 4}\n", &d[0]);
    assert_non_null(doc);
    cl_diags_init(&d[1]);
    cl_em_keys ix;
    cl_em_keys_init(&ix, tables);
    cl_buf trail[2];
    for (int w = 0; w < 2; w++) {
        cl_buf_init(&trail[w]);
        int errors = w ? cl_em_walk_in(&d[w], "t", "s", doc->root, &ix, &trail[w])
                       : cl_em_walk(&d[w], "t", "s", doc->root, tables, &trail[w]);
        assert_int_equal(errors, 2);
        assert_string_equal(cl_buf_cstr(&trail[w]), "aabxx");
        assert_int_equal(d[w].n, 2);
        assert_string_equal(tu_msg(&d[w].v[1]), "t: service 's': 'image2' is not converted: not known");
        cl_buf_free(&trail[w]);
        cl_diags_free(&d[w]);
    }
    cl_em_keys_free(&ix);
    cl_doc_free(doc);
    cl_source_free(src);
}

/* cl_buf_cat (parser/buf.c), how emitters put paths and prefixes together:
 * the pieces appended in order, a NULL one as printf's %s shows it. */
static void buf_cat(void **st)
{
    (void)st;
    cl_buf b;
    cl_buf_init(&b);
    cl_buf_puts(&b, "kept ");
    cl_buf_cat(&b, (const char *[]){ "services.", "web", ".", "ports" }, 4);
    assert_string_equal(cl_buf_cstr(&b), "kept services.web.ports");
    cl_buf_cat(&b, (const char *[]){ " ", NULL, "" }, 3);
    assert_string_equal(cl_buf_cstr(&b), "kept services.web.ports (null)");
    cl_buf_cat(&b, NULL, 0);
    assert_int_equal(b.len, strlen("kept services.web.ports (null)"));
    cl_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(durations),
        cmocka_unit_test(bytes),
        cmocka_unit_test(ports_and_reports),
        cmocka_unit_test(buf_cat),
        cmocka_unit_test(walk_indexed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
