/* hardening.c - the opt-in hardening category, part one: protections a
 * service does not turn on (each off by default, reported at the service):
 *   CL230 missing-no-new-privileges  security_opt lacks no-new-privileges:true
 *   CL231 missing-cap-drop-all       cap_drop lacks ALL
 *   CL232 writable-root-filesystem   read_only is not true
 *   CL233 no-cpu-limit               no cpus / cpu_quota / deploy.resources.limits.cpus ...
 *   CL234 no-pids-limit              no pids_limit / deploy.resources.limits.pids
 * The first three add the missing setting as an unsafe fix (each can stop a
 * service that relied on what it takes away). Part two: hardening_values.c. */
#include <string.h>
#include "seckit.h"

/* no-new-privileges in security_opt: 1 when on, 0 when absent, -1 when turned off (*AT the item). */
static int nnp(const cl_node *so, const cl_node **at)
{
    for (uint32_t k = 0; rk_is_seq(so) && k < so->u.q.n; k++) {
        const char *s = rk_str(so->u.q.items[k]);
        if (!s || strncmp(s, "no-new-privileges", 17)) continue;
        const char *v = s + 17;
        if (!*v || ((*v == ':' || *v == '=') && rk_ieq(v + 1, "true"))) return 1;
        *at = so->u.q.items[k];
        return -1;
    }
    return 0;
}

static void check_nnp_service(cl_rule_ctx *ctx, const sk_service *s)
{
    const cl_node *so = cl_map_get(s->node, "security_opt"), *off = NULL;
    int st = nnp(so, &off);
    if (st > 0) return;
    if (st < 0) {
        cl_rule_report(ctx, sk_at(ctx, s, off), "service '%s' turns no-new-privileges off: a setuid program in "
                       "the container can make a process root again; set it to true", s->name);
        return;
    }
    cl_diag *g = cl_rule_report(ctx, s->key, "service '%s' does not set no-new-privileges, so setuid programs in "
                                "the container can raise a process's privileges: add no-new-privileges:true to "
                                "security_opt", s->name);
    const char *what = "add no-new-privileges:true to security_opt (setuid programs such as sudo stop working)";
    sk_fix_add_to_list(ctx, g, s, "security_opt", "no-new-privileges:true", what);
}

static int has_all(const cl_node *caps)
{
    for (uint32_t k = 0; rk_is_seq(caps) && k < caps->u.q.n; k++)
        if (rk_ieq(sk_cap_name(rk_str(caps->u.q.items[k])), "ALL")) return 1;
    return 0;
}

static void check_capdrop_service(cl_rule_ctx *ctx, const sk_service *s)
{
    const cl_node *drop = cl_map_get(s->node, "cap_drop");
    if (has_all(drop)) return;
    cl_diag *g = cl_rule_report(ctx, drop ? sk_at(ctx, s, drop) : s->key, "service '%s' keeps Docker's default "
                                "capabilities (CHOWN, DAC_OVERRIDE, NET_RAW, SETUID...): drop them all with "
                                "cap_drop: [ALL] and add back in cap_add only those it needs", s->name);
    const char *what = "add cap_drop: [ALL] (add back in cap_add what the service needs)";
    sk_fix_add_to_list(ctx, g, s, "cap_drop", "ALL", what);
}

static void check_readonly_service(cl_rule_ctx *ctx, const sk_service *s)
{
    const cl_node *ro = cl_map_get(s->node, "read_only");
    if (cl_scalar_true(ro, CL_TRUE_ANYCASE)) return;
    if (ro) {
        cl_rule_report(ctx, sk_at(ctx, s, ro), "service '%s' sets read_only to false: its root file system stays "
                       "writable; make it read-only and give it a volume or tmpfs where it writes", s->name);
        return;
    }
    cl_diag *g = cl_rule_report(ctx, s->key, "service '%s' has a writable root file system: add read_only: true "
                                "and give it a volume or tmpfs where it writes", s->name);
    sk_fix_add_key(ctx, g, s, "read_only", "true", "add read_only: true (writes outside volumes and tmpfs then fail)");
}

/* The first of KEYS set in MAP, else NULL. */
static const cl_node *first_set(const cl_node *map, const char *const *keys)
{
    for (; *keys; keys++) {
        const cl_node *v = cl_map_get(map, *keys);
        if (v && !(v->kind == CL_SCALAR && v->type == CL_T_NULL)) return v;
    }
    return NULL;
}

static void check_cpu_service(cl_rule_ctx *ctx, const sk_service *s)
{
    static const char *const keys[] = { "cpus", "cpu_quota", "cpu_count", "cpu_percent", "cpuset", NULL };
    static const char *const deploy[] = { "cpus", NULL };
    const cl_node *limits = cl_map_get(cl_map_get(cl_map_get(s->node, "deploy"), "resources"), "limits");
    if (first_set(s->node, keys) || first_set(limits, deploy)) return;
    cl_rule_report(ctx, s->key, "service '%s' has no CPU limit, so it can starve the host and the other services: "
                   "set cpus (or deploy.resources.limits.cpus)", s->name);
}

static void check_pids_service(cl_rule_ctx *ctx, const sk_service *s)
{
    static const char *const keys[] = { "pids_limit", NULL };
    static const char *const deploy[] = { "pids", NULL };
    const cl_node *limits = cl_map_get(cl_map_get(cl_map_get(s->node, "deploy"), "resources"), "limits");
    const cl_node *v = first_set(s->node, keys);
    if (!v) v = first_set(limits, deploy);
    long long n;
    if (v && !(cl_scalar_int(v, &n) && n <= 0)) return;
    /* one format for each case, not "%s" of both: the finding's message
     * then fits in it, the service's name being the text at its span (no
     * block: 10,000 services under --select all held 0.2 MB of them) */
    if (!v) {
        cl_rule_report(ctx, s->key, "service '%s' has no process limit, so a fork bomb in it exhausts the "
                       "host's process table: set pids_limit (or deploy.resources.limits.pids)", s->name);
        return;
    }
    cl_rule_report(ctx, sk_at(ctx, s, v), "service '%s' has an unlimited number of processes, so a fork bomb in it "
                   "exhausts the host's process table: set pids_limit (or deploy.resources.limits.pids)", s->name);
}

static void check_nnp(cl_rule_ctx *ctx) { sk_each_service(ctx, check_nnp_service); }
static void check_capdrop(cl_rule_ctx *ctx) { sk_each_service(ctx, check_capdrop_service); }
static void check_readonly(cl_rule_ctx *ctx) { sk_each_service(ctx, check_readonly_service); }
static void check_cpu(cl_rule_ctx *ctx) { sk_each_service(ctx, check_cpu_service); }
static void check_pids(cl_rule_ctx *ctx) { sk_each_service(ctx, check_pids_service); }

const cl_rule cl_rule_missing_no_new_privileges = {
    .code = "CL230", .name = "missing-no-new-privileges", .category = CL_CAT_HARDENING,
    .severity = CL_SEV_WARNING, .enabled = 0,
    .summary = "(opt-in) security_opt does not set no-new-privileges:true",
    .rationale = "Without no-new-privileges a setuid or setcap program inside the container (su, sudo, ping "
                 "in some images) can raise a process's privileges, which most container escapes need. "
                 "Rests on OWASP Docker Security Cheat Sheet RULE #4 (Prevent in-container privilege "
                 "escalation) and CIS Docker Benchmark 5.25 (Ensure that the container is restricted from "
                 "acquiring additional privileges). Accepted: no-new-privileges, no-new-privileges:true, "
                 "no-new-privileges=true; ':false' is reported where it is written. The unsafe fix adds the "
                 "option (to the security_opt list, or as a new key); it breaks services that rely on setuid "
                 "programs.",
    .bad_example = "services:\n  app:\n    image: app:1\n",
    .good_example = "services:\n  app:\n    image: app:1\n    security_opt: [\"no-new-privileges:true\"]\n",
    .options = NULL, .fix = CL_FIX_UNSAFE, .check = check_nnp, .needs_project = 1,
};

const cl_rule cl_rule_missing_cap_drop_all = {
    .code = "CL231", .name = "missing-cap-drop-all", .category = CL_CAT_HARDENING,
    .severity = CL_SEV_WARNING, .enabled = 0,
    .summary = "(opt-in) cap_drop does not drop ALL capabilities",
    .rationale = "Docker grants every container 14 capabilities (CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, "
                 "MKNOD, NET_BIND_SERVICE, NET_RAW, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT, "
                 "AUDIT_WRITE); most services need none or one of them. Dropping them all and adding back the "
                 "few it needs narrows what a compromised process can do. Rests on OWASP Docker Security Cheat "
                 "Sheet RULE #3 (Limit capabilities) and CIS Docker Benchmark 5.3 (Ensure that Linux kernel "
                 "capabilities are restricted within containers). The unsafe fix adds cap_drop: [ALL] (or ALL "
                 "to the cap_drop list); a service that needs one of the defaults then needs it in cap_add.",
    .bad_example = "services:\n  app:\n    image: app:1\n",
    .good_example = "services:\n  app:\n    image: app:1\n    cap_drop: [ALL]\n    cap_add: [NET_BIND_SERVICE]\n",
    .options = NULL, .fix = CL_FIX_UNSAFE, .check = check_capdrop, .needs_project = 1,
};

const cl_rule cl_rule_writable_root_filesystem = {
    .code = "CL232", .name = "writable-root-filesystem", .category = CL_CAT_HARDENING,
    .severity = CL_SEV_WARNING, .enabled = 0,
    .summary = "(opt-in) The container's root file system is writable (read_only is not true)",
    .rationale = "With a read-only root file system an attacker cannot drop tools or change the programs "
                 "of the container; writes go to the volumes and tmpfs mounts it is given. Rests on OWASP "
                 "Docker Security Cheat Sheet RULE #8 (Set filesystem and volumes to read-only) and CIS "
                 "Docker Benchmark 5.12 (Ensure that the container's root filesystem is mounted as read "
                 "only). The unsafe fix adds read_only: true; a service that writes elsewhere than its "
                 "volumes then fails, so give it a tmpfs for /tmp or /run.",
    .bad_example = "services:\n  app:\n    image: app:1\n",
    .good_example = "services:\n  app:\n    image: app:1\n    read_only: true\n    tmpfs: [\"/tmp:noexec,nosuid\"]\n",
    .options = NULL, .fix = CL_FIX_UNSAFE, .check = check_readonly, .needs_project = 1,
};

const cl_rule cl_rule_no_cpu_limit = {
    .code = "CL233", .name = "no-cpu-limit", .category = CL_CAT_HARDENING,
    .severity = CL_SEV_WARNING, .enabled = 0,
    .summary = "(opt-in) A service has no CPU limit",
    .rationale = "A service without a CPU limit can take every core of the host, starving the other "
                 "services (a denial of service from a bug or a compromise). Rests on OWASP Docker Security "
                 "Cheat Sheet RULE #7 (Limit resources) and CIS Docker Benchmark 5.11 (Ensure that CPU "
                 "priority is set appropriately on containers). Any of cpus, cpu_quota, cpu_count, "
                 "cpu_percent, cpuset or deploy.resources.limits.cpus counts (cpu_shares, a relative weight, "
                 "does not). No fix: the right limit depends on the service.",
    .bad_example = "services:\n  app:\n    image: app:1\n",
    .good_example = "services:\n  app:\n    image: app:1\n    cpus: \"1.5\"\n",
    .options = NULL, .fix = CL_FIX_NONE, .check = check_cpu, .needs_project = 1,
};

const cl_rule cl_rule_no_pids_limit = {
    .code = "CL234", .name = "no-pids-limit", .category = CL_CAT_HARDENING,
    .severity = CL_SEV_WARNING, .enabled = 0,
    .summary = "(opt-in) A service has no limit on its number of processes",
    .rationale = "Without pids_limit a fork bomb in one container fills the host's process table and "
                 "stops every other service from starting processes. Rests on OWASP Docker Security Cheat "
                 "Sheet RULE #7 (Limit resources) and CIS Docker Benchmark 5.28 (Ensure that the PIDs cgroup "
                 "limit is used). pids_limit or deploy.resources.limits.pids counts; 0 and -1 mean unlimited "
                 "and are reported where they are written. No fix: the right limit depends on the service.",
    .bad_example = "services:\n  app:\n    image: app:1\n",
    .good_example = "services:\n  app:\n    image: app:1\n    pids_limit: 200\n",
    .options = NULL, .fix = CL_FIX_NONE, .check = check_pids, .needs_project = 1,
};
