/* dangerous_caps.c - CL206 dangerous-cap-add: cap_add grants a capability that
 * is close to root on the host (ALL, SYS_ADMIN, NET_ADMIN, SYS_PTRACE, ...). */
#include <string.h>
#include "rulekit.h"

static const char *const dangerous[] = {
    "ALL", "SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE", "SYS_MODULE", "SYS_RAWIO", "SYS_BOOT", "SYS_TIME",
    "DAC_READ_SEARCH", "DAC_OVERRIDE", "MAC_ADMIN", "MAC_OVERRIDE", "BPF", "PERFMON", "SYSLOG",
    "NET_RAW", "SETFCAP", "LINUX_IMMUTABLE", "SYS_RESOURCE", NULL
};

static void check(cl_rule_ctx *ctx, const cl_node *name, const cl_node *service)
{
    const char *svc = rk_str(name);
    const cl_node *caps = cl_map_get(service, "cap_add");
    if (!svc || !rk_is_seq(caps)) return;
    for (uint32_t k = 0; k < caps->u.q.n; k++) {
        const char *c = rk_str(caps->u.q.items[k]);
        if (!c) continue;
        const char *bare = (!strncmp(c, "CAP_", 4) || !strncmp(c, "cap_", 4)) ? c + 4 : c;
        for (const char *const *d = dangerous; *d; d++)
            if (rk_ieq(bare, *d)) {
                cl_rule_report(ctx, caps->u.q.items[k], "service '%s' adds capability %s, which %s; "
                               "add only the narrow capability it needs", svc, *d,
                               !strcmp(*d, "ALL") ? "is the same as privileged for capabilities"
                                                  : "lets a compromised container attack the host or its network");
                break;
            }
    }
}

const cl_rule cl_rule_dangerous_cap_add = {
    .code = "CL206", .name = "dangerous-cap-add", .category = CL_CAT_SECURITY,
    .severity = CL_SEV_WARNING, .enabled = 1,
    .summary = "cap_add grants a capability that is close to root (ALL, SYS_ADMIN, NET_ADMIN, SYS_PTRACE...)",
    .rationale = "Docker drops most capabilities for good reason. SYS_ADMIN alone allows mounting file "
                 "systems and most known container escapes, NET_ADMIN reconfigures the network, SYS_PTRACE "
                 "reads other processes' memory, SYS_MODULE loads kernel modules, ALL grants them all. "
                 "Checked: ALL, SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE, SYS_RAWIO, SYS_BOOT, SYS_TIME, "
                 "DAC_READ_SEARCH, DAC_OVERRIDE, MAC_ADMIN, MAC_OVERRIDE, BPF, PERFMON, SYSLOG, NET_RAW, "
                 "SETFCAP, LINUX_IMMUTABLE, SYS_RESOURCE (with or without the CAP_ prefix).",
    .bad_example = "services:\n  app:\n    image: app:1\n    cap_add: [SYS_ADMIN]\n",
    .good_example = "services:\n  app:\n    image: app:1\n    cap_add: [NET_BIND_SERVICE]\n",
    .options = NULL, .fix = CL_FIX_NONE, .check_service = check,
};
