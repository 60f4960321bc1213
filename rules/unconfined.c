/* unconfined.c - CL207 unconfined-security-opt: security_opt turns off
 * seccomp, AppArmor or SELinux labelling, or unmasks /proc and /sys paths
 * (read from the merged, interpolated project). */
#include <string.h>
#include "rulekit.h"

static const char *what(const char *s)
{
    static const struct { const char *opt, *what; } table[] = {
        { "seccomp", "the seccomp syscall filter" },
        { "apparmor", "the AppArmor profile" },
        { "systempaths", "the masking of /proc and /sys paths" },
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        size_t n = strlen(table[i].opt);
        if (!strncmp(s, table[i].opt, n) && (s[n] == ':' || s[n] == '=') && !strcmp(s + n + 1, "unconfined"))
            return table[i].what;
    }
    if (!strcmp(s, "label:disable") || !strcmp(s, "label=disable")) return "SELinux labelling";
    return NULL;
}

static void check(cl_rule_ctx *ctx, const cl_node *name, const cl_node *service)
{
    const char *svc = rk_str(name);
    const cl_node *so = cl_map_get(service, "security_opt");
    if (!svc || !rk_is_seq(so)) return;
    for (uint32_t k = 0; k < so->u.q.n; k++) {
        const char *s = rk_str(so->u.q.items[k]), *w = s ? what(s) : NULL;
        if (w)
            cl_rule_report(ctx, so->u.q.items[k], "service '%s' turns off %s (%s); keep the default "
                           "confinement or give it a custom profile that allows what it needs", svc, w, s);
    }
}

const cl_rule cl_rule_unconfined_security_opt = {
    .code = "CL207", .name = "unconfined-security-opt", .category = CL_CAT_SECURITY,
    .severity = CL_SEV_WARNING, .enabled = 1,
    .summary = "security_opt disables seccomp, AppArmor, SELinux labelling or path masking",
    .rationale = "Docker's default seccomp and AppArmor profiles block the syscalls and mounts most container "
                 "escapes rely on. 'seccomp:unconfined', 'apparmor:unconfined', 'label:disable' and "
                 "'systempaths=unconfined' remove those layers. A custom profile that allows just the missing "
                 "syscall keeps the rest. Rests on OWASP Docker Security Cheat Sheet RULE #6 (Use Linux "
                 "Security Module: seccomp, AppArmor, or SELinux) and CIS Docker Benchmark 5.1 (AppArmor "
                 "profile), 5.2 (SELinux security options) and 5.21 (Ensure the default seccomp profile is not "
                 "disabled).",
    .bad_example = "services:\n  app:\n    image: app:1\n    security_opt: [\"seccomp:unconfined\"]\n",
    .good_example = "services:\n  app:\n    image: app:1\n    security_opt: [\"no-new-privileges:true\"]\n",
    .options = NULL, .fix = CL_FIX_NONE, .check_service = check, .needs_project = 1,
};
