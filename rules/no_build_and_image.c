/* no_build_and_image.c - dclint's no-build-and-image: a service sets both
 * `build` and `image` (unless it sets `pull_policy`, option check-pull-policy). */
#include "svcutil.h"

static const cl_rule_option opts[] = {
    { "check-pull-policy", CL_OPT_BOOL, "true", "a service that also sets `pull_policy` may use both" },
    { NULL, 0, NULL, NULL },
};

static void check(cl_rule_ctx *ctx)
{
    const cl_node *svcs = cl_services(ctx);
    int pull = cl_rule_opt_bool(ctx, "check-pull-policy");
    for (uint32_t i = 0; svcs && i < svcs->u.m.n; i++) {
        const cl_node *k = svcs->u.m.items[i].key, *s = svcs->u.m.items[i].value;
        if (!s || s->kind != CL_MAP) continue;
        const cl_pair *b = cl_map_pair(s, "build");
        if (!b || !cl_map_pair(s, "image") || (pull && cl_map_pair(s, "pull_policy"))) continue;
        cl_svc_report(ctx, k, "build", b->key, "service '%s' sets both 'build' and 'image': use one of them "
                      "(or set pull_policy to say which wins)", k->u.s.text);
    }
}

const cl_rule cl_rule_no_build_and_image = {
    .code = "CL001", .name = "no-build-and-image", .category = CL_CAT_STYLE,
    .severity = CL_SEV_WARNING, .enabled = 0,
    .summary = "A service sets both `build` and `image`.",
    .rationale = "With both keys docker compose builds the image and tags it with `image`, but "
        "`docker compose pull` also tries to pull that name first, so what runs depends on which "
        "command ran last. dclint asks for one of the two unless `pull_policy` makes the choice "
        "explicit. Off by default: tagging a built image this way is a common, valid pattern.",
    .bad_example = "services:\n  api:\n    build: ./api\n    image: shop/api:1.4.2\n",
    .good_example = "services:\n  api:\n    build: ./api\n    image: shop/api:1.4.2\n    pull_policy: build\n",
    .options = opts,
    .fix = CL_FIX_NONE,
    .check = check,
};
