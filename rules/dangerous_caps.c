/* dangerous_caps.c - CL206 dangerous-cap-add: cap_add grants a capability
 * Docker leaves out by default and that reaches the host: an error for the
 * root-equivalent ones (ALL, SYS_ADMIN, SYS_MODULE...), a warning for the
 * rest. The capabilities Docker grants anyway are not reported. */
#include <string.h>
#include "seckit.h"

static const struct cap {
    const char *name;
    cl_severity sev;
    const char *what;
} caps[] = {
    { "ALL", CL_SEV_ERROR, "is every capability, as privileged" },
    { "SYS_ADMIN", CL_SEV_ERROR, "allows mounts, namespaces and most known container escapes" },
    { "SYS_MODULE", CL_SEV_ERROR, "loads kernel modules" },
    { "SYS_RAWIO", CL_SEV_ERROR, "reaches host memory and I/O ports" },
    { "SYS_PTRACE", CL_SEV_ERROR, "reads and changes the memory of other processes" },
    { "DAC_READ_SEARCH", CL_SEV_ERROR, "opens host files by handle (the 'shocker' escape)" },
    { "BPF", CL_SEV_ERROR, "loads eBPF programs into the kernel" },
    { "SYS_BOOT", CL_SEV_ERROR, "reboots the host and loads a new kernel" },
    { "MAC_ADMIN", CL_SEV_ERROR, "changes the AppArmor or SELinux policy" },
    { "MAC_OVERRIDE", CL_SEV_ERROR, "overrides the AppArmor or SELinux policy" },
    { "NET_ADMIN", CL_SEV_WARNING, "reconfigures interfaces, routes and firewall rules" },
    { "SYS_TIME", CL_SEV_WARNING, "sets the host's clock" },
    { "PERFMON", CL_SEV_WARNING, "watches the kernel and other processes through perf" },
    { "SYSLOG", CL_SEV_WARNING, "reads kernel addresses from the kernel log" },
    { "SYS_RESOURCE", CL_SEV_WARNING, "overrides resource limits and quotas" },
    { "LINUX_IMMUTABLE", CL_SEV_WARNING, "changes immutable and append-only files" },
    { "AUDIT_CONTROL", CL_SEV_WARNING, "changes or turns off kernel auditing" },
    { "AUDIT_READ", CL_SEV_WARNING, "reads the kernel audit log" },
    { "SYS_NICE", CL_SEV_WARNING, "raises its priority over the host's processes" },
    { "IPC_LOCK", CL_SEV_WARNING, "locks memory, starving the host" },
    { "IPC_OWNER", CL_SEV_WARNING, "bypasses permission checks on shared memory and queues" },
    { "LEASE", CL_SEV_WARNING, "takes leases on files it does not own" },
    { "SYS_PACCT", CL_SEV_WARNING, "turns process accounting on or off" },
    { "SYS_TTY_CONFIG", CL_SEV_WARNING, "reconfigures terminals" },
    { "WAKE_ALARM", CL_SEV_WARNING, "wakes the host up" },
    { "BLOCK_SUSPEND", CL_SEV_WARNING, "keeps the host from suspending" },
    { "CHECKPOINT_RESTORE", CL_SEV_WARNING, "checkpoints and restores processes" },
    { "NET_BROADCAST", CL_SEV_WARNING, "broadcasts and listens to multicast" },
};

static void check_service(cl_rule_ctx *ctx, const sk_service *s)
{
    const cl_node *add = cl_map_get(s->node, "cap_add");
    if (!rk_is_seq(add)) return;
    for (uint32_t k = 0; k < add->u.q.n; k++) {
        const char *c = sk_cap_name(rk_str(add->u.q.items[k]));
        for (size_t i = 0; c && i < sizeof caps / sizeof caps[0]; i++)
            if (rk_ieq(c, caps[i].name)) {
                sk_sev(cl_rule_report(ctx, sk_at(ctx, s, add->u.q.items[k]), "service '%s' adds capability %s, "
                          "which %s; add only the narrow capability it needs", s->name, caps[i].name, caps[i].what), caps[i].sev);
                break;
            }
    }
}

static void check(cl_rule_ctx *ctx) { sk_each_service(ctx, check_service); }

const cl_rule cl_rule_dangerous_cap_add = {
    .code = "CL206", .name = "dangerous-cap-add", .category = CL_CAT_SECURITY,
    .severity = CL_SEV_ERROR, .enabled = 1,
    .summary = "cap_add grants a capability that reaches the host (ALL, SYS_ADMIN, SYS_PTRACE, NET_ADMIN...)",
    .rationale = "Docker drops most capabilities for good reason. Rests on OWASP Docker Security Cheat Sheet "
                 "RULE #3 (Limit capabilities: grant only specific capabilities, needed by a container) and CIS "
                 "Docker Benchmark 5.3 (Ensure that Linux kernel capabilities are restricted within containers).\n\n"
                 "Errors, root-equivalent: ALL, SYS_ADMIN, SYS_MODULE, SYS_RAWIO, SYS_PTRACE, DAC_READ_SEARCH, "
                 "BPF, SYS_BOOT, MAC_ADMIN, MAC_OVERRIDE. Warnings: NET_ADMIN, SYS_TIME, PERFMON, SYSLOG, "
                 "SYS_RESOURCE, LINUX_IMMUTABLE, AUDIT_CONTROL, AUDIT_READ, SYS_NICE, IPC_LOCK, IPC_OWNER, LEASE, "
                 "SYS_PACCT, SYS_TTY_CONFIG, WAKE_ALARM, BLOCK_SUSPEND, CHECKPOINT_RESTORE, NET_BROADCAST. Names "
                 "are read as Docker reads them: any case, with or without the CAP_ prefix. A severity "
                 "configured for the rule is the highest it reports.\n\n"
                 "Not reported: the capabilities Docker grants every container by default (docker run "
                 "reference, 'Runtime privilege and Linux capabilities': AUDIT_WRITE, CHOWN, DAC_OVERRIDE, "
                 "FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, NET_RAW, SETFCAP, SETGID, SETPCAP, SETUID, "
                 "SYS_CHROOT): adding them changes nothing. To take them away, use cap_drop (see the opt-in "
                 "missing-cap-drop-all).",
    .bad_example = "services:\n  app:\n    image: app:1\n    cap_add: [SYS_ADMIN]\n",
    .good_example = "services:\n  app:\n    image: app:1\n    cap_drop: [ALL]\n    cap_add: [NET_BIND_SERVICE]\n",
    .options = NULL, .fix = CL_FIX_NONE, .check = check, .needs_project = 1,
};
