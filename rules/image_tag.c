/* image_tag.c - how images are pinned, one finding per image, by the most
 * specific rule:
 *   CL300 image-latest-tag                    no tag, or ':latest'
 *   CL011 service-image-require-explicit-tag  (dclint's, opt-in) another moving
 *                                             tag (stable, edge, lts, ...)
 *   CL301 image-digest                        (opt-in) a fixed tag without a digest
 * CL300 and CL301 read the normalized, interpolated project, so
 * "${KONG_DOCKER_TAG:-kong:latest}" is ':latest'; an image that a service of
 * the project builds (build: with image:) is built locally, not pulled, and is
 * no finding for either, on that service or on the others that run it; a
 * service an inactive profile leaves out is not judged. CL011
 * reads the file as written, as dclint does (images given by a variable are
 * skipped). */
#include <stdio.h>
#include <string.h>
#include "rulekit.h"
#include "../parser/imageref.h"
#include "../parser/strmap.h"

#define MOVING_TAGS "latest,stable,edge,test,nightly,dev,beta,canary,lts"

static int in_list(const char *list, const char *s, size_t n)
{
    while (list && *list) {
        size_t l = strcspn(list, ",");
        if (l == n && !strncmp(list, s, n)) return 1;
        list += l;
        if (*list) list++;
    }
    return 0;
}

/* IMAGE without its digest, with ':latest' when it has no tag, into BUF. */
static const char *image_key(const char *image, char *buf, size_t cap)
{
    size_t n = strcspn(image, "@");
    cl_imageref im;
    cl_imageref_parse(image, &im);
    if (n + 8 >= cap) return NULL;
    memcpy(buf, image, n);
    strcpy(buf + n, im.tag ? "" : ":latest");
    return buf;
}

typedef void (*image_fn)(cl_rule_ctx *ctx, const char *svc, const cl_node *at, const char *image, const cl_imageref *im);

/* Each pulled image of the project: services with build: and the images they
 * build are left out; services an inactive profile leaves out are not in the
 * project. An image written once and inherited by several services (an
 * anchor, extends) is one finding: the engine keeps one per span. */
static void each_pulled_image(cl_rule_ctx *ctx, image_fn fn)
{
    const cl_node *svcs = rk_services(rk_tree(ctx));
    if (!svcs) return;
    cl_strmap built;
    cl_strmap_init(&built);
    char key[512];
    int any_built = 0;             /* else no image needs its key looked up */
    for (uint32_t i = 0; i < svcs->u.m.n; i++) {
        const cl_node *sv = svcs->u.m.items[i].value;
        const char *s = rk_str(cl_map_get(sv, "image"));
        if (s && cl_map_get(sv, "build") && !rk_interpolated(s) && image_key(s, key, sizeof key)) {
            cl_strmap_put(&built, key, strlen(key), NULL, 0, NULL);
            any_built = 1;
        }
    }
    for (uint32_t i = 0; i < svcs->u.m.n; i++) {
        const char *svc = rk_str(svcs->u.m.items[i].key);
        const cl_node *sv = svcs->u.m.items[i].value;
        if (!svc) continue;
        const cl_node *img = cl_map_get(sv, "image");
        const char *s = rk_str(img);
        if (!s || !*s || rk_interpolated(s) || cl_map_get(sv, "build")) continue;
        size_t n = strlen(s);
        if (s[0] == ':' || s[0] == '/' || s[0] == '@' || s[n - 1] == ':') continue;   /* unset variables */
        if (any_built && image_key(s, key, sizeof key) && cl_strmap_get(&built, key, strlen(key))) continue;
        cl_imageref im;
        cl_imageref_parse(s, &im);
        fn(ctx, svc, rk_here_or_service(ctx, img, svc), s, &im);
    }
    cl_strmap_free(&built);
}

static int is_latest(const cl_imageref *im)
{
    return !im->tag || (im->tag_len == 6 && !memcmp(im->tag, "latest", 6));
}

static void latest(cl_rule_ctx *ctx, const char *svc, const cl_node *at, const char *image, const cl_imageref *im)
{
    if (im->digest || !is_latest(im)) return;
    if (!im->tag)
        cl_rule_report(ctx, at, "service '%s' uses image '%s' without a tag, which means ':latest': the image "
                       "changes under you on the next pull; pin a version tag", svc, image);
    else
        cl_rule_report(ctx, at, "service '%s' uses image '%s': ':latest' changes under you on the next pull; "
                       "pin a version tag", svc, image);
}

static void digest(cl_rule_ctx *ctx, const char *svc, const cl_node *at, const char *image, const cl_imageref *im)
{
    /* no tag, latest or another moving tag: the tag rules' finding */
    if (im->digest || is_latest(im) || in_list(MOVING_TAGS, im->tag, im->tag_len)) return;
    cl_rule_report(ctx, at, "service '%s' uses image '%s' without a digest: tags can be moved; pin it as "
                   "'%s@sha256:<digest>' for reproducible deployments", svc, image, image);
}

static void check_latest(cl_rule_ctx *ctx) { each_pulled_image(ctx, latest); }
static void check_digest(cl_rule_ctx *ctx) { each_pulled_image(ctx, digest); }

/* dclint's rule, on the file as written: a tag in prohibited-tags other than
 * latest (no tag and latest are image-latest-tag's). */
static void check_explicit(cl_rule_ctx *ctx)
{
    const cl_node *svcs = rk_services(ctx->root);
    const char *bad = cl_rule_opt_str(ctx, "prohibited-tags");
    for (uint32_t i = 0; svcs && i < svcs->u.m.n; i++) {
        const char *svc = rk_str(svcs->u.m.items[i].key);
        const cl_node *img = cl_map_get(svcs->u.m.items[i].value, "image");
        const char *t = rk_str(img);
        if (!svc || !t || img->type == CL_T_NULL || strstr(t, "${")) continue;
        if (cl_map_get(svcs->u.m.items[i].value, "build")) continue;     /* built here, not pulled */
        cl_imageref im;
        cl_imageref_parse(t, &im);
        if (is_latest(&im) || !in_list(bad, im.tag, im.tag_len)) continue;
        cl_diag *g = cl_rule_report(ctx, img, "service '%s' uses image '%s', which has no fixed version tag: "
                                    "name a concrete version", svc, t);
        char path[512];
        snprintf(path, sizeof path, "services.%s.image", svc);
        if (g) cl_diag_set_path(g, path);
    }
}

static const cl_rule_option explicit_opts[] = {
    { "prohibited-tags", CL_OPT_LIST, MOVING_TAGS, "tags that name no fixed version" },
    { NULL, 0, NULL, NULL },
};

#define PRECEDENCE "One finding per image: no tag or ':latest' is image-latest-tag's (CL300), another " \
                   "moving tag (stable, edge, lts...) service-image-require-explicit-tag's (CL011), a fixed " \
                   "tag without a digest image-digest's (CL301); each stays quiet on the others' images."
#define PIN_REFS "References: OWASP Docker Security Cheat Sheet, RULE #9 (its build checks: ensure the base " \
                 "image version is pinned) and RULE #13 (enhance supply chain security: image provenance, " \
                 "trusted registry); CIS Docker Benchmark v1.6.0, 4.2 (ensure that containers use only " \
                 "trusted base images), the nearest item: the benchmark has none on tags."

const cl_rule cl_rule_image_latest_tag = {
    .code = "CL300", .name = "image-latest-tag", .category = CL_CAT_RELIABILITY,
    .severity = CL_SEV_WARNING, .enabled = 1,
    .summary = "An image has no tag or the tag 'latest'",
    .rationale = "An untagged image is ':latest', and ':latest' is whatever was pushed last: two hosts, or "
                 "the same host on two days, run different software from the same file, and a rollback has "
                 "nothing to go back to. Pin a version tag (or a digest). The interpolated value counts "
                 "(\"${KONG_DOCKER_TAG:-kong:latest}\" is ':latest'). An image the project builds itself (a "
                 "service with build: and image: shop/web) is not pulled: neither that service nor another "
                 "that runs shop/web is reported. " PRECEDENCE " " PIN_REFS,
    .bad_example = "services:\n  web:\n    image: nginx\n",
    .good_example = "services:\n  web:\n    image: nginx:1.27.2\n",
    .options = NULL, .fix = CL_FIX_NONE, .check = check_latest, .needs_project = 1,
};

const cl_rule cl_rule_image_digest = {
    .code = "CL301", .name = "image-digest", .category = CL_CAT_RELIABILITY,
    .severity = CL_SEV_WARNING, .enabled = 0,
    .summary = "(opt-in) An image is not pinned by digest",
    .rationale = "Tags are mutable: a registry can serve different content for 'nginx:1.27' tomorrow. "
                 "Only a digest ('@sha256:...') names exact bytes. Opt in where reproducibility or supply-"
                 "chain policy requires it. Images the project builds itself are skipped, and the "
                 "interpolated value counts. " PRECEDENCE " " PIN_REFS,
    .bad_example = "services:\n  web:\n    image: nginx:1.27\n",
    .good_example = "services:\n  web:\n    image: nginx:1.27@sha256:0000000000000000000000000000000000000000000000000000000000000000\n",
    .options = NULL, .fix = CL_FIX_NONE, .check = check_digest, .needs_project = 1,
};

const cl_rule cl_rule_service_image_require_explicit_tag = {
    .code = "CL011", .name = "service-image-require-explicit-tag", .category = CL_CAT_RELIABILITY,
    .severity = CL_SEV_WARNING, .enabled = 0,
    .summary = "An image with a moving tag such as `stable` or `lts`.",
    .rationale = "`node:lts` or `nginx:stable` is whatever was pushed last: two machines running the same "
        "file get different software, and a restart can silently upgrade. dclint's rule, with its list "
        "of moving tags (option prohibited-tags). Unlike dclint, an image without a tag or with "
        "`latest` is left to image-latest-tag (on by default), so it is reported once. " PRECEDENCE
        " Images given by a variable, and services with build: (the image is built here), are skipped.",
    .bad_example = "services:\n  web:\n    image: node:lts\n",
    .good_example = "services:\n  web:\n    image: node:22.11.0\n",
    .options = explicit_opts,
    .fix = CL_FIX_NONE,
    .check = check_explicit,
};
