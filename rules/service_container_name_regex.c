/* service_container_name_regex.c - dclint's service-container-name-regex:
 * `container_name` must match ^[a-zA-Z0-9][a-zA-Z0-9_.-]+$ (Docker's rule),
 * read from the interpolated project: `${NAME:-web}` is judged as "web" (or
 * as the value NAME has), and skipped while it still holds a variable. */
#include <string.h>
#include "svcutil.h"
#include "rulekit.h"

static int valid(const char *s, size_t n)
{
    if (n < 2) return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && (i == 0 || (c != '_' && c != '.' && c != '-'))) return 0;
    }
    return 1;
}

static void check(cl_rule_ctx *ctx, const cl_node *k, const cl_node *s)
{
    const cl_pair *cn = s && s->kind == CL_MAP ? cl_map_pair(s, "container_name") : NULL;
    if (!cn || !cn->value || cn->value->kind != CL_SCALAR) return;
    const cl_node *v = cn->value;
    if (rk_interpolated(v->u.s.text)) return;   /* --no-interpolate: only known once interpolated */
    if (!valid(v->u.s.text, v->u.s.len) && k->kind == CL_SCALAR)
        cl_svc_report(ctx, k, "container_name", cn->key,
                      "service '%s' has an invalid container name '%s': it must match ^[a-zA-Z0-9][a-zA-Z0-9_.-]+$",
                      k->u.s.text, v->u.s.text);
}

const cl_rule cl_rule_service_container_name_regex = {
    .code = "CL009", .name = "service-container-name-regex", .category = CL_CAT_CORRECTNESS,
    .severity = CL_SEV_ERROR, .enabled = 1,
    .summary = "A `container_name` Docker would refuse.",
    .rationale = "Docker accepts container names matching [a-zA-Z0-9][a-zA-Z0-9_.-]+ only; any other "
        "name makes `docker compose up` fail with \"Invalid container name\".",
    .bad_example = "services:\n  web:\n    image: nginx:1.27\n    container_name: \"my web\"\n",
    .good_example = "services:\n  web:\n    image: nginx:1.27\n    container_name: my-web\n",
    .fix = CL_FIX_NONE,
    .check_service = check, .needs_project = 1,
};
