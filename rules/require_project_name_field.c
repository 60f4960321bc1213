/* require_project_name_field.c - dclint's require-project-name-field: the file
 * should set the top-level `name`. */
#include "rule.h"

static void check(cl_rule_ctx *ctx)
{
    if (cl_map_pair(ctx->root, "name")) return;
    cl_rule_report(ctx, NULL, "the top-level 'name' field (the project name) is missing");
}

const cl_rule cl_rule_require_project_name_field = {
    .code = "CL007", .name = "require-project-name-field", .category = CL_CAT_STYLE,
    .severity = CL_SEV_INFO, .enabled = 0,
    .summary = "The top-level `name` (project name) is missing.",
    .rationale = "Without `name` the project is named after the folder the file sits in, so the same "
        "file gives differently named containers, networks and volumes on each checkout, and two "
        "checkouts of one repository share (and overwrite) resources. Off by default.",
    .bad_example = "services:\n  web:\n    image: nginx:1.27\n",
    .good_example = "name: shop\nservices:\n  web:\n    image: nginx:1.27\n",
    .fix = CL_FIX_NONE,
    .check = check,
};
