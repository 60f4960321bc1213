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
    /* the service changed (ports expanded) ... */
    assert_ptr_not_equal(pweb, dweb);
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
    /* the short port became the long form, in a new node */
    const cl_node *ports = cl_map_get(pweb, "ports");
    assert_ptr_not_equal(ports, cl_map_get(dweb, "ports"));
    assert_int_equal(ports->u.q.n, 1);
    assert_string_equal(cl_map_get(ports->u.q.items[0], "published")->u.s.text, "8080");
    assert_string_equal(cl_map_get(dweb, "ports")->u.q.items[0]->u.s.text, "8080:80");
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
        assert_string_equal(f.d.v[0].code, "compose-volume");
        snprintf(msg[unrendered], sizeof msg[unrendered], "%s|%s", tu_msg(&f.d.v[0]), tu_msg(&f.d.v[1]));
        unload(&f);
    }
    assert_string_equal(msg[0], msg[1]);
    assert_non_null(strstr(msg[1], "invalid volume option \"bogus\" in \"./a:/a:ro,bogus\""));
}
static void test_shared_unrendered(void **st) { (void)st; check_shared(1); }

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
    MIX((uintptr_t)n->src);
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
        cmocka_unit_test(test_nothing_to_share),
        cmocka_unit_test(test_bad_volume_either_way),
        cmocka_unit_test(test_interpolated),
        cmocka_unit_test(test_stages_return_input),
        cmocka_unit_test(test_document_untouched),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
