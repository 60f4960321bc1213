/* image_tag.c - how images are pinned:
 *   CL300 image-latest-tag  image without a tag or with :latest
 *   CL301 image-digest      (opt-in) image not pinned by @sha256 digest
 * Services with build: name their own image and are skipped; interpolated
 * image references are skipped (their value is unknown here). */
#include <string.h>
#include "rulekit.h"
#include "../parser/imageref.h"

typedef void (*image_fn)(cl_rule_ctx *ctx, const char *svc, const cl_node *img, const cl_imageref *im);

static void each_image(cl_rule_ctx *ctx, const cl_node *name, const cl_node *service, image_fn fn)
{
    const char *svc = rk_str(name);
    const cl_node *sv = service;
    const cl_node *img = cl_map_get(sv, "image");
    const char *s = rk_str(img);
    if (!svc || !s || !*s || rk_interpolated(s) || cl_map_get(sv, "build")) return;
    cl_imageref im;
    cl_imageref_parse(s, &im);
    fn(ctx, svc, img, &im);
}

static void latest(cl_rule_ctx *ctx, const char *svc, const cl_node *img, const cl_imageref *im)
{
    if (im->digest) return;
    if (!im->tag)
        cl_rule_report(ctx, img, "service '%s' uses image '%s' without a tag, which means ':latest': the image "
                       "changes under you on the next pull; pin a version tag", svc, img->u.s.text);
    else if (im->tag_len == 6 && !memcmp(im->tag, "latest", 6))
        cl_rule_report(ctx, img, "service '%s' uses image '%s': ':latest' changes under you on the next pull; "
                       "pin a version tag", svc, img->u.s.text);
}

static void digest(cl_rule_ctx *ctx, const char *svc, const cl_node *img, const cl_imageref *im)
{
    if (!im->digest)
        cl_rule_report(ctx, img, "service '%s' uses image '%s' without a digest: tags can be moved; pin it as "
                       "'%s@sha256:<digest>' for reproducible deployments", svc, img->u.s.text, img->u.s.text);
}

static void check_latest(cl_rule_ctx *ctx, const cl_node *name, const cl_node *service)
{
    each_image(ctx, name, service, latest);
}
static void check_digest(cl_rule_ctx *ctx, const cl_node *name, const cl_node *service)
{
    each_image(ctx, name, service, digest);
}

const cl_rule cl_rule_image_latest_tag = {
    .code = "CL300", .name = "image-latest-tag", .category = CL_CAT_RELIABILITY,
    .severity = CL_SEV_WARNING, .enabled = 1,
    .summary = "An image has no tag or the tag 'latest'",
    .rationale = "An untagged image is ':latest', and ':latest' is whatever was pushed last: two hosts, or "
                 "the same host on two days, run different software from the same file, and a rollback has "
                 "nothing to go back to. Pin a version tag (or a digest). Services with build: are skipped.",
    .bad_example = "services:\n  web:\n    image: nginx\n",
    .good_example = "services:\n  web:\n    image: nginx:1.27.2\n",
    .options = NULL, .fix = CL_FIX_NONE, .check_service = check_latest,
};

const cl_rule cl_rule_image_digest = {
    .code = "CL301", .name = "image-digest", .category = CL_CAT_RELIABILITY,
    .severity = CL_SEV_WARNING, .enabled = 0,
    .summary = "(opt-in) An image is not pinned by digest",
    .rationale = "Tags are mutable: a registry can serve different content for 'nginx:1.27' tomorrow. "
                 "Only a digest ('@sha256:...') names exact bytes. Opt in where reproducibility or supply-"
                 "chain policy requires it. Services with build: are skipped.",
    .bad_example = "services:\n  web:\n    image: nginx:1.27\n",
    .good_example = "services:\n  web:\n    image: nginx:1.27@sha256:0000000000000000000000000000000000000000000000000000000000000000\n",
    .options = NULL, .fix = CL_FIX_NONE, .check_service = check_digest,
};
