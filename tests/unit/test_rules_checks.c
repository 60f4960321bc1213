/* test_rules_checks.c - the correctness, security and reliability rules
 * (CL1xx-CL3xx): the helper kit's parsers (ports, volumes, images), the fixes
 * against each golden tests/fixtures/rules/<rule>/fixed.yaml (applied edits
 * give exactly the golden bytes, and re-linting the result finds nothing more
 * to fix), every rule on documents with wrong types everywhere (no crash, no
 * finding invented), and linear behaviour on many services. */
#include "testutil.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include "cli/pipeline.h"
#include "rules/engine.h"
#include "rules/rulekit.h"
#include "parser/imageref.h"
#include "rules/seckit.h"
#include "rules/svcutil.h"

static void opts_select(cl_opts *o, const char **sel, size_t n)
{
    memset(o, 0, sizeof *o);
    o->format = "text";
    o->max_warnings = -1;
    o->select = sel;
    o->nselect = n;
    o->config_file = NULL;
    cl_config_reset();
}

static size_t count_code(const cl_diags *d, const char *code)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++) if (!strcmp(cl_diag_code(&d->v[i]), code)) n++;
    return n;
}

/* Parses SRC and runs the SEL rules on it (no project); diagnostics land in D. */
static cl_doc *run_selected(cl_source *src, const char **sel, size_t n, cl_diags *d)
{
    cl_opts o;
    opts_select(&o, sel, n);
    cl_diags_init(d);
    cl_doc *doc = cl_doc_parse(src, NULL, d);
    assert_non_null(doc);
    cl_pipeline_rules(&o, doc, NULL, d);
    return doc;
}

/* ---- helper kit ---- */

static const cl_node *first_item(cl_doc *doc)
{
    return cl_map_get(doc->root, "p")->u.q.items[0];
}

static void port_case(const char *yaml_item, int ok, const char *ip, unsigned plo, unsigned phi,
                      unsigned tlo, unsigned thi, int proto)
{
    char text[256];
    snprintf(text, sizeof text, "p:\n  - %s\n", yaml_item);
    cl_source *src;
    cl_diags d;
    cl_doc *doc = parse_text(&src, text, &d);
    assert_non_null(doc);
    rk_port p;
    int r = rk_port_parse(first_item(doc), &p);
    if (r != ok) fail_msg("%s: parse gave %d", yaml_item, r);
    if (ok) {
        if (strcmp(p.ip, ip) || p.pub_lo != plo || p.pub_hi != phi || p.tgt_lo != tlo || p.tgt_hi != thi || p.proto != proto)
            fail_msg("%s: got ip '%s' pub %u-%u tgt %u-%u proto %d", yaml_item, p.ip, p.pub_lo, p.pub_hi,
                     p.tgt_lo, p.tgt_hi, p.proto);
    }
    cl_doc_free(doc); cl_diags_free(&d); cl_source_free(src);
}

static void test_ports(void **st)
{
    (void)st;
    port_case("\"80\"", 1, "", 0, 0, 80, 80, RK_TCP);
    port_case("8080", 1, "", 0, 0, 8080, 8080, RK_TCP);
    port_case("\"8080:80\"", 1, "", 8080, 8080, 80, 80, RK_TCP);
    port_case("\"127.0.0.1:8080:80/udp\"", 1, "127.0.0.1", 8080, 8080, 80, 80, RK_UDP);
    port_case("\"127.0.0.1::80\"", 1, "127.0.0.1", 0, 0, 80, 80, RK_TCP);
    port_case("\"[::1]:9000-9002:9000-9002/sctp\"", 1, "::1", 9000, 9002, 9000, 9002, RK_SCTP);
    port_case("{target: 80, published: \"8000-8001\", host_ip: 10.0.0.1, protocol: udp}", 1, "10.0.0.1", 8000, 8001, 80, 80, RK_UDP);
    port_case("{target: 80, published: 8080}", 1, "", 8080, 8080, 80, 80, RK_TCP);
    port_case("\"${PORT}:80\"", 0, "", 0, 0, 0, 0, 0);
    port_case("\"80:80/icmp\"", 0, "", 0, 0, 0, 0, 0);
    port_case("\"70000:80\"", 0, "", 0, 0, 0, 0, 0);
    port_case("\"90-80:80\"", 0, "", 0, 0, 0, 0, 0);
    port_case("[80]", 0, "", 0, 0, 0, 0, 0);
    port_case("{published: 80}", 0, "", 0, 0, 0, 0, 0);
    port_case("\"[::1]:80\"", 1, "::1", 0, 0, 80, 80, RK_TCP);      /* as the model reads it */
    port_case("\"1-3:5-6\"", 0, "", 0, 0, 0, 0, 0);                 /* ranges of different sizes */
}

static void volume_case(const char *yaml_item, int ok, int kind, const char *source)
{
    char text[256];
    snprintf(text, sizeof text, "p:\n  - %s\n", yaml_item);
    cl_source *src;
    cl_diags d;
    cl_doc *doc = parse_text(&src, text, &d);
    assert_non_null(doc);
    rk_volume v;
    int r = rk_volume_parse(first_item(doc), &v);
    if (r != ok) fail_msg("%s: parse gave %d", yaml_item, r);
    if (ok && (v.kind != kind || v.source_len != strlen(source) || memcmp(v.source ? v.source : "", source, v.source_len)))
        fail_msg("%s: got kind %d source '%.*s'", yaml_item, v.kind, (int)v.source_len, v.source ? v.source : "");
    cl_doc_free(doc); cl_diags_free(&d); cl_source_free(src);
}

static void test_volumes(void **st)
{
    (void)st;
    volume_case("data:/srv", 1, RK_VOL_NAMED, "data");
    volume_case("./data:/srv:ro", 1, RK_VOL_BIND, "./data");
    volume_case("/var/run/docker.sock:/var/run/docker.sock", 1, RK_VOL_BIND, "/var/run/docker.sock");
    volume_case("'C:\\data:/srv'", 1, RK_VOL_BIND, "C:\\data");
    volume_case("/anon", 1, RK_VOL_ANON, "");
    volume_case("{type: volume, source: cache, target: /c}", 1, RK_VOL_NAMED, "cache");
    volume_case("{type: bind, source: ./x, target: /x}", 1, RK_VOL_BIND, "./x");
    volume_case("{type: tmpfs, target: /t}", 1, RK_VOL_OTHER, "");
    volume_case("\"${DATA}:/srv\"", 0, 0, "");
    volume_case("[a]", 0, 0, "");
    volume_case("v:/d", 1, RK_VOL_ANON, "");                        /* a drive: the target v:/d */
    volume_case("a:b:c:d", 0, 0, "");                               /* refused by compose */
}

static void test_images(void **st)
{
    (void)st;
    cl_imageref im;
    cl_imageref_parse("nginx", &im);
    assert_null(im.tag); assert_null(im.digest);
    cl_imageref_parse("registry:5000/team/app", &im);
    assert_null(im.tag);
    cl_imageref_parse("registry:5000/team/app:1.2", &im);
    assert_non_null(im.tag); assert_int_equal(im.tag_len, 3); assert_memory_equal(im.tag, "1.2", 3);
    cl_imageref_parse("nginx:latest@sha256:abc", &im);
    assert_non_null(im.tag); assert_non_null(im.digest); assert_int_equal(im.tag_len, 6);
}

/* ---- security rules: severity per finding, options, host paths ---- */

/* Severity of the first finding of CODE whose message holds NEEDLE, or -1. */
static int sev_of(const cl_diags *d, const char *code, const char *needle)
{
    for (size_t i = 0; i < d->n; i++)
        if (!strcmp(cl_diag_code(&d->v[i]), code) && strstr(tu_msg(&d->v[i]), needle)) return (int)d->v[i].severity;
    return -1;
}

static void test_security_severities(void **st)
{
    (void)st;
    const char *t =
        "services:\n"
        "  app:\n    image: app:1\n    cap_add: [cap_sys_admin, SYS_NICE, NET_RAW, DAC_OVERRIDE, lease]\n"
        "    volumes: [\"/etc:/host/etc\", \"/etc:/ro/etc:ro\", \"/etc/localtime:/etc/localtime:ro\", \"/var//log/:/l\"]\n"
        "    devices: [/dev/sda1, /dev/kmsg, /dev/dri/renderD128]\n"
        "    depends_on:\n      img: {condition: service_healthy}\n      built: {condition: service_healthy}\n"
        "      off: {condition: service_healthy}\n"
        "  img:\n    image: postgres:16\n  built:\n    build: .\n"
        "  off:\n    image: off:1\n    healthcheck: {test: [NONE]}\n";
    const char *sel[] = { "dangerous-cap-add", "sensitive-host-mount", "host-device", "healthy-condition-without-healthcheck" };
    cl_source *src = cl_source_from_string("/nonexistent/dir/c.yaml", t, strlen(t));
    cl_diags d;
    cl_doc *doc = run_selected(src, sel, 4, &d);
    assert_int_equal(count_code(&d, "dangerous-cap-add"), 3);          /* NET_RAW, DAC_OVERRIDE: Docker's defaults */
    assert_int_equal(sev_of(&d, "dangerous-cap-add", "SYS_ADMIN"), CL_SEV_ERROR);
    assert_int_equal(sev_of(&d, "dangerous-cap-add", "SYS_NICE"), CL_SEV_WARNING);
    assert_int_equal(sev_of(&d, "dangerous-cap-add", "LEASE"), CL_SEV_WARNING);
    assert_int_equal(count_code(&d, "sensitive-host-mount"), 3);       /* /etc/localtime:ro is fine */
    assert_int_equal(sev_of(&d, "sensitive-host-mount", "'/etc' writable"), CL_SEV_ERROR);
    assert_int_equal(sev_of(&d, "sensitive-host-mount", "'/etc' read-only"), CL_SEV_WARNING);
    assert_int_equal(sev_of(&d, "sensitive-host-mount", "'/var//log/'"), CL_SEV_WARNING);
    assert_int_equal(count_code(&d, "host-device"), 2);                /* a GPU is what devices: is for */
    assert_int_equal(sev_of(&d, "host-device", "/dev/sda1"), CL_SEV_ERROR);
    assert_int_equal(sev_of(&d, "host-device", "/dev/kmsg"), CL_SEV_WARNING);
    const char *hc = "healthy-condition-without-healthcheck";
    assert_int_equal(sev_of(&d, hc, "'img'"), CL_SEV_INFO);            /* the image may define HEALTHCHECK */
    assert_int_equal(sev_of(&d, hc, "'built'"), CL_SEV_INFO);          /* so may the Dockerfile */
    assert_int_equal(sev_of(&d, hc, "'off'"), CL_SEV_ERROR);           /* never healthy */
    cl_diags_free(&d); cl_doc_free(doc); cl_source_free(src);
}

/* allowed-images: names without tag, digest or Docker Hub prefixes; a longer name is another image. */
static void test_socket_allowed_images(void **st)
{
    (void)st;
    char cfg[] = "/tmp/cl-rsec-XXXXXX";
    int fd = mkstemp(cfg);
    assert_true(fd >= 0);
    const char *c = "rules:\n  docker-socket-mount:\n    options:\n      allowed-images: [traefik, nginxproxy/nginx-proxy]\n";
    assert_int_equal(write(fd, c, strlen(c)), (ssize_t)strlen(c));
    close(fd);
    const char *t =
        "services:\n"
        "  a:\n    image: docker.io/library/traefik:v3.1@sha256:0123\n    volumes: [/var/run/docker.sock:/var/run/docker.sock:ro]\n"
        "  b:\n    image: nginxproxy/nginx-proxy:1.6\n    volumes: [/var/run/docker.sock:/tmp/docker.sock:ro]\n"
        "  c:\n    image: traefik-forward-auth:2\n    volumes: [/var/run/docker.sock:/var/run/docker.sock]\n"
        "  d:\n    image: agent:1\n    volumes: [/run:/run]\n";
    const char *sel[] = { "docker-socket-mount" };
    cl_opts o;
    opts_select(&o, sel, 1);
    o.config_file = cfg;
    cl_source *src = cl_source_from_string("/nonexistent/dir/c.yaml", t, strlen(t));
    cl_diags d;
    cl_diags_init(&d);
    cl_doc *doc = cl_doc_parse(src, NULL, &d);
    assert_non_null(doc);
    cl_pipeline_rules(&o, doc, NULL, &d);
    assert_int_equal(count_code(&d, "docker-socket-mount"), 2);
    assert_int_equal(sev_of(&d, "docker-socket-mount", "'c'"), CL_SEV_ERROR);
    assert_int_equal(sev_of(&d, "docker-socket-mount", "'d'"), CL_SEV_ERROR);
    cl_diags_free(&d); cl_doc_free(doc); cl_source_free(src);
    unlink(cfg);
    cl_config_reset();
}

static void path_case(const char *in, const char *want)
{
    char out[64];
    int ok = sk_path_norm(in, strlen(in), out, sizeof out);
    if (ok != (*want != 0) || strcmp(out, want)) fail_msg("%s: got %d '%s'", in, ok, out);
}

static void test_host_paths(void **st)
{
    (void)st;
    path_case("/", "/");
    path_case("//var///run/", "/var/run");
    path_case("/var/lib/./docker/../docker/containers", "/var/lib/docker/containers");
    path_case("/../..", "/");
    path_case("./data", "");
    path_case("C:\\data", "");
    assert_true(sk_path_under("/etc/ssl", "/etc"));
    assert_false(sk_path_under("/etcd", "/etc"));
    assert_true(sk_path_under("/srv", "/"));
}

/* ---- fixes against the golden files ---- */

typedef struct { uint32_t start, end; const char *text; size_t len; } read_edit;

static int cmp_edit(const void *a, const void *b)
{
    const read_edit *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* Lints TEXT with only RULE; returns the fixed text (edits of RULE's findings
 * applied), and the number of findings and of findings with a fix. */
static char *lint_fix(const char *path, const char *text, const char *rule, size_t *nfound, size_t *nfix)
{
    const char *sel[] = { rule };
    cl_source *src = cl_source_from_string(path, text, strlen(text));
    cl_diags d;
    cl_doc *doc = run_selected(src, sel, 1, &d);
    const cl_rule *r = cl_rule_find(rule);
    assert_non_null(r);
    read_edit *edits = NULL;
    size_t ne = 0;
    *nfound = *nfix = 0;
    for (size_t i = 0; i < d.n; i++) {
        if (strcmp(cl_diag_code(&d.v[i]), r->name)) continue;
        ++*nfound;
        cl_fix f, *fx = &f;
        if (!cl_diag_fix(&d.v[i], fx)) continue;
        ++*nfix;
        assert_int_equal(fx->safe, r->fix == CL_FIX_SAFE);
        edits = realloc(edits, (ne + fx->nedits) * sizeof *edits);
        for (size_t k = 0; k < fx->nedits; k++) {
            cl_edit ed = cl_fix_edit(fx, k);
            edits[ne++] = (read_edit){ ed.start, ed.end, ed.text, cl_fix_edit_len(fx, k) };
        }
    }
    if (ne) qsort(edits, ne, sizeof *edits, cmp_edit);
    size_t len = strlen(text), cap = len + 1;
    for (size_t k = 0; k < ne; k++) cap += edits[k].len;
    char *out = malloc(cap);
    size_t o_len = 0, at = 0;
    for (size_t k = 0; k < ne; k++) {
        assert_true(edits[k].start >= at);              /* sorted, non-overlapping */
        memcpy(out + o_len, text + at, edits[k].start - at);
        o_len += edits[k].start - at;
        size_t tl = edits[k].len;
        memcpy(out + o_len, edits[k].text, tl);
        o_len += tl;
        at = edits[k].end;
    }
    memcpy(out + o_len, text + at, len - at);
    out[o_len + len - at] = 0;
    free(edits);
    cl_diags_free(&d);
    cl_doc_free(doc);
    cl_source_free(src);
    return out;
}

static void test_fixes_golden(void **st)
{
    (void)st;
    const char *base = "tests/fixtures/rules";
    DIR *dir = opendir(base);
    assert_non_null(dir);
    int checked = 0;
    struct dirent *e;
    while ((e = readdir(dir))) {
        if (e->d_name[0] == '.') continue;
        char p[512], q[512];
        size_t glen, flen;
        snprintf(p, sizeof p, "%s/%s/fail.yaml", base, e->d_name);
        char *failing = tu_read_file(p, &flen);       /* the dclint rules' folders use failing.yaml: not ours */
        if (!failing) continue;
        snprintf(q, sizeof q, "%s/%s/fixed.yaml", base, e->d_name);
        char *golden = tu_read_file(q, &glen);
        if (!golden) { free(failing); continue; }
        size_t nfound, nfix;
        char *fixed = lint_fix(p, failing, e->d_name, &nfound, &nfix);
        if (strcmp(fixed, golden)) fail_msg("%s: fixed text differs from fixed.yaml:\n%s", e->d_name, fixed);
        assert_true(nfix > 0);
        /* after the fixes, only the findings that had no fix remain */
        size_t nfound2, nfix2;
        char *again = lint_fix(p, fixed, e->d_name, &nfound2, &nfix2);
        if (nfound2 != nfound - nfix || nfix2) fail_msg("%s: %zu findings (%zu fixable) remain after fixing", e->d_name, nfound2, nfix2);
        assert_string_equal(again, fixed);
        free(again); free(fixed); free(failing); free(golden);
        checked++;
    }
    closedir(dir);
    assert_true(checked >= 4);
}

/* Without a project (the CLI always builds one, whose stage reports missing env
 * files itself), the rule finds them on its own, relative to the file's folder. */
static void test_env_file_without_project(void **st)
{
    (void)st;
    const char *sel[] = { "missing-env-file" };
    char err[256];
    cl_source *src = cl_source_load("tests/fixtures/rules/missing-env-file/fail.yaml", NULL, 1 << 20, err, sizeof err);
    assert_non_null(src);
    cl_diags d;
    cl_doc *doc = run_selected(src, sel, 1, &d);
    assert_int_equal(count_code(&d, "missing-env-file"), 2);
    uint32_t l, c;
    pos_of(src, cl_diag_span(&d.v[0]).start, &l, &c);
    assert_int_equal(l, 4);
    assert_non_null(strstr(tu_msg(&d.v[0]), "'./missing.env'"));
    cl_diags_free(&d); cl_doc_free(doc); cl_source_free(src);
}

/* ---- literal-secret-in-environment: env_file contents ---- */

static void put_file(const char *dir, const char *name, const char *text)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* The finding of SVC (its message holds "'SVC'"), or NULL; asserts there is at most one. */
static const cl_diag *finding_of(const cl_diags *d, const char *svc)
{
    char q[64];
    snprintf(q, sizeof q, "service '%s' ", svc);
    const cl_diag *g = NULL;
    for (size_t i = 0; i < d->n; i++)
        if (!strcmp(cl_diag_code(&d->v[i]), "literal-secret-in-environment") && strstr(tu_msg(&d->v[i]), q)) {
            assert_null(g);
            g = &d->v[i];
        }
    return g;
}

/* env_file contents are graded inside the project folder only (../, absolute
 * paths and symbolic links pointing outside read nothing: the same contents
 * inside are flagged), unless a .gitignore there lists the file; one note per
 * entry names the keys and the file, never a value. */
static void test_env_file_secrets(void **st)
{
    (void)st;
    char tmp[] = "/tmp/cl-envfile-XXXXXX", proj[600], p[700];
    assert_non_null(mkdtemp(tmp));
    snprintf(proj, sizeof proj, "%s/proj", tmp);
    const char *sub[] = { "", "/conf", "/sub", "/sub2" };
    for (size_t i = 0; i < 4; i++) {
        snprintf(p, sizeof p, "%s%s", proj, sub[i]);
        assert_int_equal(mkdir(p, 0755), 0);
    }
    const char *outside = "DB_PASSWORD=Outs1dePassw0rd\n";
    put_file(tmp, "outside.env", outside);
    put_file(proj, "copy.env", outside);
    put_file(proj, "app.env", "DB_PASSWORD=\"Hunt3rTw0\" # note\nAPI_TOKEN='abc123def'\nA_SECRET=s1x\n"
                              "B_SECRET=s2x\nC_SECRET=s3x\nD_SECRET=s4x\nDB_USER=app\n");
    put_file(proj, "plain.env", "DB_PASSWORD_FILE=/run/secrets/db\nMYSQL_ALLOW_EMPTY_PASSWORD=yes\n"
                                "DB_PASSWORD=${DB_PASSWORD}\nAPI_TOKEN=\nTOKEN_TTL=60\n");
    put_file(proj, "raw.env", "# raw\nDB_PASSWORD=R4wPassw0rd\n");
    put_file(proj, ".gitignore", "# local files\n*.ign\n/conf/\nsub/deep.env\n!keep.ign\n");
    put_file(proj, "x.ign", "DB_PASSWORD=Ign0redPassw0rd\n");
    put_file(proj, "keep.ign", "DB_PASSWORD=Ke3ptPassw0rd\n");
    put_file(proj, "conf/c.env", "DB_PASSWORD=C0nfPassw0rd\n");
    put_file(proj, "sub/deep.env", "DB_PASSWORD=De3pPassw0rd\n");
    put_file(proj, "sub/other.env", "DB_PASSWORD=0therPassw0rd\n");
    put_file(proj, "sub2/.gitignore", "s.env\n");
    put_file(proj, "sub2/s.env", "DB_PASSWORD=SubIgn0red\n");
    snprintf(p, sizeof p, "%s/link_out.env", proj);
    assert_int_equal(symlink("../outside.env", p), 0);
    snprintf(p, sizeof p, "%s/link_in.env", proj);
    assert_int_equal(symlink("copy.env", p), 0);
    snprintf(p, sizeof p, "%s/pipe.env", proj);
    assert_int_equal(mkfifo(p, 0600), 0);
    char text[2048];
    snprintf(text, sizeof text,
             "services:\n"
             "  app:\n    image: a:1\n    env_file: app.env\n"
             "  copy:\n    image: a:1\n    env_file: [./copy.env]\n"
             "  up:\n    image: a:1\n    env_file: ../outside.env\n"
             "  abs:\n    image: a:1\n    env_file: %s/outside.env\n"
             "  dotdot:\n    image: a:1\n    env_file: sub/../../outside.env\n"
             "  linkout:\n    image: a:1\n    env_file: link_out.env\n"
             "  linkin:\n    image: a:1\n    env_file: link_in.env\n"
             "  plain:\n    image: a:1\n    env_file: [plain.env, pipe.env, missing.env, \"${VAR}.env\", ~/x.env]\n"
             "  raw:\n    image: a:1\n    env_file:\n      - path: raw.env\n        format: raw\n        required: true\n"
             "  ign:\n    image: a:1\n    env_file: [x.ign, conf/c.env, sub/deep.env, sub2/s.env]\n"
             "  keep:\n    image: a:1\n    env_file: keep.ign\n"
             "  other:\n    image: a:1\n    env_file: sub/other.env\n",
             tmp);
    snprintf(p, sizeof p, "%s/compose.yaml", proj);
    const char *sel[] = { "literal-secret-in-environment" };
    cl_source *src = cl_source_from_string(p, text, strlen(text));
    cl_diags d;
    cl_doc *doc = run_selected(src, sel, 1, &d);
    const cl_diag *g = finding_of(&d, "app");
    assert_non_null(g);
    assert_int_equal(g->severity, CL_SEV_INFO);
    uint32_t l, c;
    pos_of(src, cl_diag_span(g).start, &l, &c);
    assert_int_equal(l, 4);
    assert_int_equal(c, 15);
    assert_non_null(strstr(tu_msg(g), "gets DB_PASSWORD, API_TOKEN, A_SECRET, B_SECRET and 2 more from app.env"));
    assert_null(strstr(tu_msg(g), "DB_USER"));
    assert_non_null(finding_of(&d, "copy"));                  /* what outside.env holds is flagged inside */
    assert_null(finding_of(&d, "up"));                        /* ... and never read outside */
    assert_null(finding_of(&d, "abs"));
    assert_null(finding_of(&d, "dotdot"));
    assert_null(finding_of(&d, "linkout"));
    assert_non_null(finding_of(&d, "linkin"));                /* a link inside the folder is followed */
    assert_null(finding_of(&d, "plain"));
    assert_non_null(finding_of(&d, "raw"));
    assert_null(finding_of(&d, "ign"));                       /* *.ign, /conf/, sub/deep.env, sub2/.gitignore */
    assert_non_null(finding_of(&d, "keep"));                  /* !keep.ign */
    assert_non_null(finding_of(&d, "other"));
    assert_int_equal(count_code(&d, "literal-secret-in-environment"), 6);
    const char *values[] = { "Outs1de", "Hunt3r", "abc123", "s1x", "R4w", "Ke3pt", "0ther" };
    for (size_t i = 0; i < d.n; i++)
        for (size_t k = 0; k < sizeof values / sizeof *values; k++) assert_null(strstr(tu_msg(&d.v[i]), values[k]));
    cl_diags_free(&d); cl_doc_free(doc); cl_source_free(src);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    assert_int_equal(system(cmd), 0);
}

/* ---- robustness ---- */

static size_t lint_all(const char *text)
{
    const char *sel[] = { "all" };
    cl_source *src = cl_source_from_string("/nonexistent/dir/c.yaml", text, strlen(text));
    cl_diags d;
    cl_doc *doc = run_selected(src, sel, 1, &d);
    size_t n = d.n;
    cl_diags_free(&d);
    cl_doc_free(doc);
    cl_source_free(src);
    return n;
}

static void test_wrong_types(void **st)
{
    (void)st;
    static const char *docs[] = {
        "services: [a, b]\n",
        "services: web\n",
        "services:\n  web: [1, 2]\n  api: ~\n  7: {}\n",
        "services:\n  web:\n    ports: {a: 1}\n    volumes: 3\n    depends_on: 5\n    environment: [[1], {a: b}, 3]\n"
        "    networks: 4\n    secrets: {a: b}\n    configs: [[x]]\n    cap_add: cap\n    security_opt: {a: 1}\n"
        "    healthcheck: [1]\n    deploy: [1]\n    build: [1]\n    env_file: {path: [1]}\n    image: [x]\n"
        "    extends: [1]\n    links: {a: b}\n    volumes_from: {a: b}\n    privileged: [1]\n    container_name: {}\n",
        "services:\n  web:\n    ports: [{target: [1]}, {target: 80, published: {}}, {target: 80, host_ip: [1]}, ~, \"::::\", \"[::1\"]\n"
        "    volumes: [{type: [1]}, {source: {}}, ~, \":\", \"\"]\n    depends_on: {a: [1], b: ~}\n"
        "    environment: {A: [1], B: {}, PASSWORD: [x]}\nnetworks: [1]\nvolumes: 3\nsecrets: {a: [1]}\n",
        "x-a: &a {mode: 0755, v: yes}\nservices:\n  web:\n    <<: *a\n    labels: *a\n    depends_on: [web, web]\n",
    };
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) lint_all(docs[i]);
    /* an alias target is reported once, not once per alias */
    const char *sel[] = { "yaml11-boolean" };
    const char *t = "x-a: &a {v: yes}\nservices:\n  web:\n    labels: *a\n  api:\n    labels: *a\n";
    cl_source *src = cl_source_from_string("t.yaml", t, strlen(t));
    cl_diags d;
    cl_doc *doc = run_selected(src, sel, 1, &d);
    assert_int_equal(count_code(&d, "yaml11-boolean"), 1);
    cl_diags_free(&d); cl_doc_free(doc); cl_source_free(src);
    /* a project rule judging an anchor merged into every service reports it
     * once, for the first service (the repeats are not even formatted) */
    const char *psel[] = { "image-digest" };
    cl_buf b;
    cl_buf_init(&b);
    cl_buf_puts(&b, "x-base: &base\n  image: registry.example.com/team/app:1.0\nservices:\n");
    for (int i = 0; i < 300; i++) cl_buf_printf(&b, "  svc%d:\n    <<: *base\n", i);
    src = cl_source_from_string("t.yaml", b.data, b.len);
    doc = run_selected(src, psel, 1, &d);
    assert_int_equal(count_code(&d, "image-digest"), 1);
    for (size_t i = 0; i < d.n; i++)
        if (!strcmp(cl_diag_code(&d.v[i]), "image-digest")) assert_non_null(strstr(tu_msg(&d.v[i]), "'svc0'"));
    cl_diags_free(&d); cl_doc_free(doc); cl_source_free(src);
    cl_buf_free(&b);
}

/* 20,000 services in one long depends_on ring, each publishing its own port but
 * the last: the iterative cycle search and the clash map stay linear and find
 * exactly one cycle and one clash. */
static void test_many_services(void **st)
{
    (void)st;
    size_t n = 20000, cap = n * 96 + 256, len = 0;
    char *t = malloc(cap);
    len += (size_t)snprintf(t + len, cap - len, "services:\n");
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(t + len, cap - len, "  s%zu:\n    image: a:1\n    depends_on: [s%zu]\n    ports: [\"%zu:80\"]\n",
                                i, (i + 1) % n, i == n - 1 ? (size_t)10000 : 10000 + i);
    const char *sel[] = { "depends-on-cycle", "host-port-clash" };
    cl_source *src = cl_source_from_string("big.yaml", t, len);
    cl_diags d;
    cl_doc *doc = run_selected(src, sel, 2, &d);
    assert_int_equal(count_code(&d, "depends-on-cycle"), 1);
    assert_int_equal(count_code(&d, "host-port-clash"), 1);
    cl_diags_free(&d); cl_doc_free(doc); cl_source_free(src);
    free(t);
}

/* rk_cat writes what snprintf("%s%s%s") writes, cut at every size. */
static void test_rk_cat(void **st)
{
    (void)st;
    const char *parts[] = { "services.", "web-1", ".ports" };
    for (size_t cap = 1; cap <= 24; cap++) {
        char a[32], b[32];
        int n = snprintf(a, cap, "%s%s%s", parts[0], parts[1], parts[2]);
        size_t m = rk_cat(b, cap, parts, 3);
        assert_string_equal(a, b);
        assert_int_equal(m, (size_t)n < cap ? (size_t)n : cap - 1);
    }
}

/* cl_sorted_names (weights worked out once) orders names as sorting with
 * cl_collate does: case, punctuation, digits, prefixes, bytes past ASCII and
 * names equal but for their case, over a few hundred mixed names. */
static void test_sorted_names(void **st)
{
    (void)st;
    static const char *const parts[] = { "a", "A", "b", "B", "z", "_", "-", ".", "0", "9", "10", "\xc3\xa9", "~", "$", " " };
    const size_t np = sizeof parts / sizeof *parts;
    cl_buf b;
    cl_buf_init(&b);
    /* equal but for their case (cl_collate's tie-break: lower case first), against their order here */
    cl_buf_puts(&b, "k:\n  WEB: 1\n  Web: 1\n  wEb: 1\n  web: 1\n  web.1: 1\n  web_1: 1\n  web-1: 1\n");
    unsigned r = 12345;
    for (int i = 0; i < 400; i++) {
        cl_buf_puts(&b, "  \"");
        for (int j = 0, len = 1 + (int)((r = r * 1103515245u + 12345u) >> 16) % 4; j < len; j++)
            cl_buf_puts(&b, parts[((r = r * 1103515245u + 12345u) >> 16) % np]);
        cl_buf_printf(&b, "%d\": 1\n", i);   /* 1 and 10..19, 100..199: names that differ past a prefix */
    }
    cl_diags d;
    cl_diags_init(&d);
    cl_source *src;
    cl_doc *doc = parse_text(&src, cl_buf_cstr(&b), &d);
    assert_non_null(doc);
    const cl_node *m = cl_map_get(doc->root, "k");
    assert_true(m && m->kind == CL_MAP && m->u.m.n > 300);
    uint32_t *want = cl_sorted_perm(m->u.m.n, cl_cmp_item_names, (void *)m), *got = cl_sorted_names(m);
    assert_memory_equal(want, got, m->u.m.n * sizeof *want);
    free(want);
    free(got);
    cl_doc_free(doc);
    cl_source_free(src);
    cl_diags_free(&d);
    cl_buf_free(&b);
}

/* One clash, the default rules: host-port-clash reports it, and its dclint
 * twin no-duplicate-exported-ports (opt-in) does not report it again. */
static void test_one_clash_one_finding(void **st)
{
    (void)st;
    const char *t = "services:\n  web:\n    image: nginx:1.27\n    ports: [\"8080:80\"]\n"
                    "  api:\n    image: api:2\n    ports: [\"8080:3000\"]\n";
    cl_source *src = cl_source_from_string("clash.yaml", t, strlen(t));
    cl_diags d;
    cl_doc *doc = run_selected(src, NULL, 0, &d);
    assert_int_equal(count_code(&d, "host-port-clash"), 1);
    assert_int_equal(count_code(&d, "no-duplicate-exported-ports"), 0);
    cl_diags_free(&d); cl_doc_free(doc); cl_source_free(src);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ports),
        cmocka_unit_test(test_sorted_names),
        cmocka_unit_test(test_rk_cat),
        cmocka_unit_test(test_volumes),
        cmocka_unit_test(test_images),
        cmocka_unit_test(test_security_severities),
        cmocka_unit_test(test_socket_allowed_images),
        cmocka_unit_test(test_host_paths),
        cmocka_unit_test(test_fixes_golden),
        cmocka_unit_test(test_env_file_without_project),
        cmocka_unit_test(test_env_file_secrets),
        cmocka_unit_test(test_wrong_types),
        cmocka_unit_test(test_many_services),
        cmocka_unit_test(test_one_clash_one_finding),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    cl_config_reset();
    return rc;
}
