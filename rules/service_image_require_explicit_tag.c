/* service_image_require_explicit_tag.c - dclint's service-image-require-explicit-tag:
 * an image without a tag, or with a moving one (latest, stable, ...). */
#include <string.h>
#include "svcutil.h"

static const cl_rule_option opts[] = {
    { "prohibited-tags", CL_OPT_LIST, "latest,stable,edge,test,nightly,dev,beta,canary,lts",
      "tags that name no fixed version" },
    { NULL, 0, NULL, NULL },
};

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

static void check(cl_rule_ctx *ctx)
{
    const cl_node *svcs = cl_services(ctx);
    const char *bad = cl_rule_opt_str(ctx, "prohibited-tags");
    for (uint32_t i = 0; svcs && i < svcs->u.m.n; i++) {
        const cl_node *k = svcs->u.m.items[i].key, *s = svcs->u.m.items[i].value;
        const cl_pair *im = s && s->kind == CL_MAP ? cl_map_pair(s, "image") : NULL;
        if (!im || !im->value || im->value->kind != CL_SCALAR || im->value->type == CL_T_NULL) continue;
        const char *t = im->value->u.s.text;
        if (strstr(t, "${")) continue;                 /* decided at run time */
        /* dclint's reading, not cl_imageref's: the tag is what follows the first ':'
         * of the text after the last '/', digest included, up to the next ':'
         * ("x:1@sha256:..." has tag "1@sha256", "x@sha256:<hex>" has tag "<hex>") */
        const char *last = strrchr(t, '/');
        last = last ? last + 1 : t;
        const char *colon = strchr(last, ':');
        int explicit_tag = 0;
        if (colon) {
            const char *tag = colon + 1;
            size_t n = strcspn(tag, ":");
            explicit_tag = !in_list(bad, tag, n);
        }
        if (explicit_tag) continue;
        cl_svc_report(ctx, k, "image", im->value, "service '%s' uses image '%s', which has no fixed version tag: "
                      "name a concrete version", k->u.s.text, t);
    }
}

const cl_rule cl_rule_service_image_require_explicit_tag = {
    .code = "CL011", .name = "service-image-require-explicit-tag", .category = CL_CAT_RELIABILITY,
    .severity = CL_SEV_WARNING, .enabled = 0,
    .summary = "An image without a tag, or with a moving tag such as `latest`.",
    .rationale = "`nginx` or `nginx:latest` is whatever was pushed last: two machines running the same "
        "file get different software, and a restart can silently upgrade. dclint's rule, with its list "
        "of moving tags (option prohibited-tags). Off by default because compose-lint's own image-tag "
        "rule covers the common case; turn it on for dclint's exact behaviour. Images given by a "
        "variable are skipped.",
    .bad_example = "services:\n  web:\n    image: nginx:latest\n",
    .good_example = "services:\n  web:\n    image: nginx:1.27.3\n",
    .options = opts,
    .fix = CL_FIX_NONE,
    .check = check,
};
