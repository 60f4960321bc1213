/* privileged.c - CL200 privileged: a service of the project runs privileged,
 * read as docker compose reads it ("true", yes, on... cast: rk_flag), so
 * `privileged: ${PRIV:-true}` is found; a value still holding a variable
 * (--no-interpolate) is unknown and skipped. */
#include "rulekit.h"

static void check(cl_rule_ctx *ctx, const cl_node *name, const cl_node *service)
{
    const char *svc = rk_str(name);
    const cl_node *p = cl_map_get(service, "privileged");
    int on;
    if (svc && rk_flag(p, &on) && on)
        cl_rule_report(ctx, p, "service '%s' runs privileged: it gets every capability and every host device, "
                       "so a compromise of it is a compromise of the host; grant only the capabilities "
                       "(cap_add) or devices it needs", svc);
}

const cl_rule cl_rule_privileged = {
    .code = "CL200", .name = "privileged", .category = CL_CAT_SECURITY,
    .severity = CL_SEV_ERROR, .enabled = 1,
    .summary = "A service runs with privileged: true",
    .rationale = "A privileged container has all Linux capabilities, access to every host device and no "
                 "seccomp or AppArmor confinement: escaping to the host is trivial. Almost every use is "
                 "served by a few cap_add entries or a devices: entry. Rests on CIS Docker Benchmark 5.4 (Ensure "
                 "that privileged containers are not used) and OWASP Docker Security Cheat Sheet RULE #3 (Limit "
                 "capabilities: do not run containers with the --privileged flag). The value is read as docker "
                 "compose reads it: \"true\", yes, on (any case) and ${PRIV:-true} are privileged.",
    .bad_example = "services:\n  app:\n    image: app:1\n    privileged: true\n",
    .good_example = "services:\n  app:\n    image: app:1\n    cap_add: [NET_BIND_SERVICE]\n",
    .options = NULL, .fix = CL_FIX_NONE, .check_service = check, .needs_project = 1,
};
