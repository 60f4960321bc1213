/* Unit tests of the project's copy-on-write: the normalized project shares
 * every subtree that normalization leaves unchanged with the parsed document
 * (the same node, not a copy), and what does change (a !reset key, an
 * interpolated scalar, a short syntax expanded) is new, while the document
 * itself stays as it was parsed. */
#include "testutil.h"
#include "model/interp.h"
#include "model/merge.h"
#include "model/normalize.h"
#include "model/project.h"

static const char *plain =
    "services:\n"
    "  web:\n"
    "    image: nginx:1.27\n"
    "    healthcheck:\n"
    "      interval: 30s\n"
    "      retries: 3\n"
    "      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost/\"]\n"
    "    labels:\n"
    "      com.example.team: web\n"
    "      com.example.tier: \"front\"\n"
    "    deploy:\n"
    "      resources: {limits: {memory: 256M}}\n"
    "    ports: [\"8080:80\"]\n"
    "    volumes: [\"data:/data\", \"./x:/x:ro\"]\n"
    "    depends_on: {db: {condition: service_healthy}}\n"
    "  db:\n"
    "    image: postgres:16\n"
    "    labels: !reset {a: b}\n"
    "    healthcheck:\n"
    "      test: [\"CMD\", \"pg_isready\"]\n";

typedef struct fixture {
    cl_source *src;
    cl_diags d;
    cl_doc *doc;
    cl_project *p;
} fixture;

/* Builds F's project, for `config` (sorted) or for `check` (unrendered). */
static void build(fixture *f, int unrendered)
{
    cl_project_opts po;
    memset(&po, 0, sizeof po);
    po.project_name = "share";
    po.project_directory = "/nonexistent-compose-lint-test";
    po.unrendered = unrendered;
    f->p = cl_project_from_doc(f->doc, &po, &f->d);
    assert_non_null(f->p);
    assert_non_null(f->p->root);
}

/* Parses TEXT and builds its project. */
static void load(fixture *f, const char *text, int unrendered)
{
    f->doc = parse_text(&f->src, text, &f->d);
    assert_non_null(f->doc);
    build(f, unrendered);
}

static void unload(fixture *f)
{
    cl_project_free(f->p);
    cl_doc_free(f->doc);
    cl_diags_free(&f->d);
    cl_source_free(f->src);
}

static const cl_node *doc_svc(const fixture *f, const char *name)
{
    return cl_map_get(cl_map_get(f->doc->root, "services"), name);
}

static const cl_node *prj_svc(const fixture *f, const char *name)
{
    return cl_map_get(cl_map_get(f->p->root, "services"), name);
}

static void check_shared(int unrendered)
{
    fixture f;
    load(&f, plain, unrendered);
    const cl_node *dweb = doc_svc(&f, "web"), *pweb = prj_svc(&f, "web");
    assert_non_null(pweb);
    /* the service changed when printed (ports expanded) ... */
    if (!unrendered) assert_ptr_not_equal(pweb, dweb);
    /* (the default network: in every service when printed, only at the top for rules) */
    assert_non_null(cl_map_get(cl_map_get(f.p->root, "networks"), "default"));
    if (unrendered) assert_null(cl_map_pair(pweb, "networks"));
    else assert_non_null(cl_map_pair(cl_map_get(pweb, "networks"), "default"));
    /* ... but what normalization leaves alone is the document's own node */
    assert_ptr_equal(cl_map_get(pweb, "healthcheck"), cl_map_get(dweb, "healthcheck"));
    assert_ptr_equal(cl_map_get(pweb, "labels"), cl_map_get(dweb, "labels"));
    assert_ptr_equal(cl_map_get(pweb, "deploy"), cl_map_get(dweb, "deploy"));
    assert_ptr_equal(cl_map_get(pweb, "image"), cl_map_get(dweb, "image"));
    assert_ptr_equal(cl_map_get(prj_svc(&f, "db"), "healthcheck"), cl_map_get(doc_svc(&f, "db"), "healthcheck"));
    /* the short port became the long form, in a new node, when printed; for
     * rules alone (they read either form) a single port stays as written */
    const cl_node *ports = cl_map_get(pweb, "ports");
    assert_string_equal(cl_map_get(dweb, "ports")->u.q.items[0]->u.s.text, "8080:80");
    if (unrendered) assert_ptr_equal(ports, cl_map_get(dweb, "ports"));
    else {
        assert_ptr_not_equal(ports, cl_map_get(dweb, "ports"));
        assert_int_equal(ports->u.q.n, 1);
        assert_string_equal(cl_map_get(ports->u.q.items[0], "published")->u.s.text, "8080");
    }
    /* volumes in long form when printed; for rules alone (no rule reads them) as written */
    const cl_node *vols = cl_map_get(pweb, "volumes");
    if (unrendered) assert_ptr_equal(vols, cl_map_get(dweb, "volumes"));
    else {
        assert_ptr_not_equal(vols, cl_map_get(dweb, "volumes"));
        assert_string_equal(cl_map_get(vols->u.q.items[1], "type")->u.s.text, "bind");
    }
    /* depends_on gets its defaults (required: true) only when printed */
    const cl_node *deps = cl_map_get(pweb, "depends_on");
    if (unrendered) assert_ptr_equal(deps, cl_map_get(dweb, "depends_on"));
    else assert_string_equal(cl_map_get(cl_map_get(deps, "db"), "required")->u.s.text, "true");
    /* !reset with nothing under it removes the key; the document keeps it */
    assert_null(cl_map_pair(prj_svc(&f, "db"), "labels"));
    const cl_node *dl = cl_map_get(doc_svc(&f, "db"), "labels");
    assert_non_null(dl);
    assert_true(dl->flags & CL_NF_RESET);
    assert_non_null(cl_map_get(dl, "a"));
    unload(&f);
}

static void test_shared_sorted(void **st) { (void)st; check_shared(0); }

/* No service, and a service with nothing left to print: both ways. */
static void test_nothing_to_share(void **st)
{
    (void)st;
    for (int unrendered = 0; unrendered < 2; unrendered++) {
        fixture f;
        load(&f, "x-a: 1\n", unrendered);
        assert_non_null(cl_map_get(f.p->root, "services"));
        unload(&f);
        load(&f, "services:\n  a: {image: \"\", network_mode: host}\n  b:\n", unrendered);
        assert_non_null(cl_map_get(cl_map_get(f.p->root, "services"), "a"));
        unload(&f);
    }
}

/* A bad volume is reported the same whether its long form is built or not. */
static void test_bad_volume_either_way(void **st)
{
    (void)st;
    char msg[2][256];
    for (int unrendered = 0; unrendered < 2; unrendered++) {
        fixture f;
        load(&f, "services:\n  web:\n    image: nginx\n    volumes: [\"./a:/a:ro,bogus\", \"/x::ro\"]\n", unrendered);
        assert_int_equal(f.d.n, 2);
        assert_string_equal(cl_diag_code(&f.d.v[0]), "compose-volume");
        snprintf(msg[unrendered], sizeof msg[unrendered], "%s|%s", tu_msg(&f.d.v[0]), tu_msg(&f.d.v[1]));
        unload(&f);
    }
    assert_string_equal(msg[0], msg[1]);
    assert_non_null(strstr(msg[1], "invalid volume option \"bogus\" in \"./a:/a:ro,bogus\""));
}
static void test_shared_unrendered(void **st) { (void)st; check_shared(1); }

/* For rules alone, a ports list keeps its single-port specs as written (the
 * same nodes, or the interpolated ones) and expands a range into one entry
 * a port, as when printed. */
static void test_ports_unrendered(void **st)
{
    (void)st;
    fixture f;
    load(&f,
         "services:\n"
         "  web:\n"
         "    image: nginx\n"
         "    ports: [\"8080:80\", \"127.0.0.1:53:53/udp\", 3000, \"9000-9001:90-91\", \"${P:-7}:70\"]\n",
         1);
    const cl_node *dp = cl_map_get(doc_svc(&f, "web"), "ports"), *pp = cl_map_get(prj_svc(&f, "web"), "ports");
    assert_ptr_not_equal(pp, dp);
    assert_int_equal(pp->u.q.n, 6);
    for (uint32_t i = 0; i < 3; i++) assert_ptr_equal(pp->u.q.items[i], dp->u.q.items[i]);
    assert_string_equal(cl_map_get(pp->u.q.items[3], "published")->u.s.text, "9000");
    assert_string_equal(cl_map_get(pp->u.q.items[4], "published")->u.s.text, "9001");
    assert_string_equal(cl_map_get(pp->u.q.items[4], "target")->u.s.text, "91");
    /* interpolated first, then kept as the single port it names */
    assert_int_equal(pp->u.q.items[5]->kind, CL_SCALAR);
    assert_string_equal(pp->u.q.items[5]->u.s.text, "7:70");
    assert_int_equal(f.d.n, 0);
    unload(&f);
}

/* `<<` pairs: a service keeps them (nothing after the merge asks inside a
 * service, so it is shared, not copied to make them plain); the top-level
 * resources, which rules read, get them made plain. */
static void test_merged_pairs(void **st)
{
    (void)st;
    fixture f;
    load(&f,
         "x-base: &base\n"
         "  image: nginx\n"
         "  restart: always\n"
         "x-net: &net\n"
         "  a: {driver: bridge}\n"
         "services:\n"
         "  web:\n"
         "    <<: *base\n"
         "    ports: [\"8080:80\"]\n"
         "networks:\n"
         "  <<: *net\n",
         1);
    const cl_node *pweb = prj_svc(&f, "web");
    assert_ptr_equal(pweb, doc_svc(&f, "web"));
    assert_string_equal(cl_map_get(pweb, "image")->u.s.text, "nginx");
    assert_true(cl_map_pair(pweb, "image")->merged);
    const cl_pair *na = cl_map_pair(cl_map_get(f.p->root, "networks"), "a");
    assert_non_null(na);
    assert_false(na->merged);
    assert_true(cl_map_pair(cl_map_get(f.doc->root, "networks"), "a")->merged);
    unload(&f);
}

/* Top-level resources: printed, each gets its name; for rules alone (no rule
 * reads the name) an entry with nothing to change stays as written, and so
 * does the whole mapping when all of them do. */
static void test_resources_kept(void **st)
{
    (void)st;
    static const char *text =
        "services:\n  web: {image: nginx, volumes: [\"a:/a\"]}\n"
        "volumes:\n  a:\n  b: {driver: local}\n"
        "secrets:\n  s: {external: \"yes\"}\n";
    fixture f;
    load(&f, text, 0);
    assert_string_equal(cl_map_get(cl_map_get(cl_map_get(f.p->root, "volumes"), "a"), "name")->u.s.text, "share_a");
    unload(&f);
    load(&f, text, 1);
    const cl_node *dv = cl_map_get(f.doc->root, "volumes"), *pv = cl_map_get(f.p->root, "volumes");
    assert_ptr_equal(pv, dv);
    /* a string external becomes the boolean compose reads: a new entry, still without a name */
    const cl_node *ps = cl_map_get(cl_map_get(f.p->root, "secrets"), "s");
    assert_ptr_not_equal(ps, cl_map_get(cl_map_get(f.doc->root, "secrets"), "s"));
    assert_int_equal(cl_map_get(ps, "external")->type, CL_T_BOOL);
    assert_null(cl_map_get(ps, "name"));
    unload(&f);
}

/* Merging (extends) meets a kept short port in its long form: a long entry
 * with the same host_ip, target, published and protocol merges into it,
 * whether the project is printed or only read by rules. */
static void test_ports_merge_either_way(void **st)
{
    (void)st;
    for (int unrendered = 0; unrendered < 2; unrendered++) {
        fixture f;
        load(&f,
             "services:\n"
             "  base:\n"
             "    image: nginx\n"
             "    ports: [\"8080:80\", \"9090:90\"]\n"
             "  web:\n"
             "    extends: base\n"
             "    ports:\n"
             "      - {target: 80, published: \"8080\", protocol: tcp, mode: host}\n"
             "      - \"7070:70\"\n",
             unrendered);
        const cl_node *pp = cl_map_get(prj_svc(&f, "web"), "ports");
        assert_non_null(pp);
        assert_int_equal(pp->u.q.n, 3);
        assert_int_equal(pp->u.q.items[0]->kind, CL_MAP);
        assert_string_equal(cl_map_get(pp->u.q.items[0], "mode")->u.s.text, "host");
        assert_string_equal(cl_map_get(pp->u.q.items[1], "published")->u.s.text, "9090");
        assert_string_equal(cl_map_get(pp->u.q.items[2], "published")->u.s.text, "7070");
        unload(&f);
    }
}

/* An interpolated scalar is a new node; the document's keeps its text, and
 * the siblings of the change are still shared. */
static void test_interpolated(void **st)
{
    (void)st;
    fixture f;
    load(&f,
         "services:\n"
         "  web:\n"
         "    image: \"nginx:${COMPOSE_LINT_TEST_UNSET_VAR:-1.27}\"\n"
         "    labels: {a: b}\n"
         "    healthcheck:\n"
         "      test: [\"CMD\", \"true\", \"${COMPOSE_LINT_TEST_UNSET_VAR:-x}\"]\n"
         "      retries: 3\n",
         1);
    const cl_node *dweb = doc_svc(&f, "web"), *pweb = prj_svc(&f, "web");
    const cl_node *di = cl_map_get(dweb, "image"), *pi = cl_map_get(pweb, "image");
    assert_ptr_not_equal(pi, di);
    assert_string_equal(pi->u.s.text, "nginx:1.27");
    assert_string_equal(di->u.s.text, "nginx:${COMPOSE_LINT_TEST_UNSET_VAR:-1.27}");
    assert_ptr_equal(cl_map_get(pweb, "labels"), cl_map_get(dweb, "labels"));
    /* inside the healthcheck: the changed sequence is new, its other items and the sibling key shared */
    const cl_node *dh = cl_map_get(dweb, "healthcheck"), *ph = cl_map_get(pweb, "healthcheck");
    assert_ptr_not_equal(ph, dh);
    const cl_node *dt = cl_map_get(dh, "test"), *pt = cl_map_get(ph, "test");
    assert_ptr_not_equal(pt, dt);
    assert_ptr_equal(pt->u.q.items[0], dt->u.q.items[0]);
    assert_ptr_equal(pt->u.q.items[1], dt->u.q.items[1]);
    assert_string_equal(pt->u.q.items[2]->u.s.text, "x");
    assert_string_equal(dt->u.q.items[2]->u.s.text, "${COMPOSE_LINT_TEST_UNSET_VAR:-x}");
    assert_ptr_equal(cl_map_get(ph, "retries"), cl_map_get(dh, "retries"));
    unload(&f);
}

/* The stages one by one: each gives its input back when it has nothing to do. */
static void test_stages_return_input(void **st)
{
    (void)st;
    cl_source *src;
    cl_diags d;
    cl_doc *doc = parse_text(&src, "j: [k, !reset l]\na: {b: [1, {c: d}], e: f}\ng: !override {h: i}\n", &d);
    assert_non_null(doc);
    cl_arena a;
    cl_arena_init(&a);
    cl_env env;
    cl_env_init(&env);
    int errors = 0;
    assert_ptr_equal(cl_interp_tree(&a, doc->root, &env, &d, &errors), doc->root);
    const cl_node *da = cl_map_get(doc->root, "a");
    assert_ptr_equal(cl_merge_strip(&a, da), da);
    assert_ptr_equal(cl_sort_keys(&a, da), da);
    assert_int_equal(a.used_total, 0);
    /* marks are stripped in new nodes, the document keeps them */
    cl_node *s = cl_merge_strip(&a, doc->root);
    assert_ptr_not_equal(s, doc->root);
    assert_ptr_equal(cl_map_get(s, "a"), da);
    const cl_node *dg = cl_map_get(doc->root, "g"), *sg = cl_map_get(s, "g");
    assert_ptr_not_equal(sg, dg);
    assert_false(sg->flags & CL_NF_OVERRIDE);
    assert_true(dg->flags & CL_NF_OVERRIDE);
    assert_ptr_equal(cl_map_get(sg, "h"), cl_map_get(dg, "h"));
    assert_int_equal(cl_map_get(s, "j")->u.q.n, 1);
    assert_int_equal(cl_map_get(doc->root, "j")->u.q.n, 2);
    /* an unsorted map is rebuilt in order, its sorted children shared */
    cl_node *o = cl_sort_keys(&a, s);
    assert_string_equal(o->u.m.items[0].key->u.s.text, "a");
    assert_ptr_equal(cl_map_get(o, "a"), da);
    cl_env_free(&env);
    cl_arena_free(&a);
    cl_doc_free(doc);
    cl_diags_free(&d);
    cl_source_free(src);
}

/* Every field of every node and pair of a tree, folded into one number. */
static uint64_t digest(const cl_node *n, uint64_t h)
{
#define MIX(x) (h = (h ^ (uint64_t)(x)) * 1099511628211u)
    MIX((uintptr_t)n);
    if (!n) return h;
    MIX(n->kind); MIX(n->style); MIX(n->type); MIX(n->flags); MIX(n->start); MIX(n->end);
    MIX((uintptr_t)cl_node_src(n));
    if (n->kind == CL_SCALAR) {
        MIX((uintptr_t)n->u.s.text); MIX(n->u.s.len);
        for (uint32_t i = 0; i < n->u.s.len; i++) MIX((unsigned char)n->u.s.text[i]);
    } else if (n->kind == CL_MAP) {
        MIX((uintptr_t)n->u.m.items); MIX(n->u.m.n);
        for (uint32_t i = 0; i < n->u.m.n; i++) {
            const cl_pair *p = &n->u.m.items[i];
            MIX(p->hash); MIX(p->merged);
            h = digest(p->key, h);
            h = digest(p->value, h);
        }
    } else {
        MIX((uintptr_t)n->u.q.items); MIX(n->u.q.n);
        for (uint32_t i = 0; i < n->u.q.n; i++) h = digest(n->u.q.items[i], h);
    }
    return h;
#undef MIX
}

/* Building the project (sorted or not) leaves the document exactly as parsed:
 * marks, merges, aliases, extends, profiles and interpolation included. */
static void test_document_untouched(void **st)
{
    (void)st;
    static const char *text =
        "x-base: &base\n"
        "  image: \"busybox:${COMPOSE_LINT_TEST_UNSET_VAR:-1.36}\"\n"
        "  environment: &env {A: \"1\", B: null}\n"
        "services:\n"
        "  web:\n"
        "    <<: *base\n"
        "    environment: {<<: *env, C: !reset x}\n"
        "    labels: !override [a=b]\n"
        "    healthcheck: !override {test: [CMD, \"true\"]}\n"
        "    depends_on: {db: {condition: service_started, required: true}, off: !reset {}}\n"
        "    volumes: [{type: bind, source: ./x, target: /x}, !reset {type: tmpfs, target: /t}]\n"
        "    extends: base2\n"
        "  base2:\n"
        "    image: alpine\n"
        "    ports: [{target: 80, published: \"8080\", protocol: tcp, mode: host}]\n"
        "  db:\n"
        "    image: postgres\n"
        "    profiles: [debug]\n"
        "    networks: !override {back: {aliases: [d]}}\n"
        "networks: {back: !reset {}}\n";
    for (int unrendered = 0; unrendered < 2; unrendered++) {
        fixture f;
        f.doc = parse_text(&f.src, text, &f.d);
        assert_non_null(f.doc);
        uint64_t before = digest(f.doc->root, 14695981039346656037u);
        build(&f, unrendered);
        assert_true(digest(f.doc->root, 14695981039346656037u) == before);
        unload(&f);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shared_sorted),
        cmocka_unit_test(test_shared_unrendered),
        cmocka_unit_test(test_ports_unrendered),
        cmocka_unit_test(test_ports_merge_either_way),
        cmocka_unit_test(test_merged_pairs),
        cmocka_unit_test(test_resources_kept),
        cmocka_unit_test(test_nothing_to_share),
        cmocka_unit_test(test_bad_volume_either_way),
        cmocka_unit_test(test_interpolated),
        cmocka_unit_test(test_stages_return_input),
        cmocka_unit_test(test_document_untouched),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
