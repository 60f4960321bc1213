/* no_version_field.c - dclint's no-version-field: the top-level `version` is obsolete. */
#include "textedit.h"

static void check(cl_rule_ctx *ctx)
{
    const cl_pair *p = cl_map_pair(ctx->root, "version");
    if (!p || p->merged) return;
    cl_diag *g = cl_rule_report(ctx, p->key, "the top-level 'version' field is obsolete and ignored by docker compose; remove it");
    cl_edit e;
    if (cl_edit_delete_pair(ctx->doc->src, p, &e) == 0) cl_diag_set_fix(g, "remove the 'version' line", 1, &e, 1);
}

const cl_rule cl_rule_no_version_field = {
    .code = "CL006", .name = "no-version-field", .category = CL_CAT_STYLE,
    .severity = CL_SEV_WARNING, .enabled = 1,
    .summary = "The top-level `version` field is obsolete.",
    .rationale = "The Compose Specification dropped `version`: docker compose ignores it and warns "
        "\"the attribute `version` is obsolete\". Keeping it suggests a file format that no longer "
        "exists and misleads readers about which features are available. The fix deletes the line.",
    .bad_example = "version: \"3.8\"\nservices:\n  web:\n    image: nginx:1.27\n",
    .good_example = "services:\n  web:\n    image: nginx:1.27\n",
    .fix = CL_FIX_SAFE,
    .check = check,
};
