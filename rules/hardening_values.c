/* hardening_values.c - the opt-in hardening category, part two: settings
 * written with a weaker value (each off by default, reported at the value):
 *   CL235 root-user                 user: root, 0, 0:0, root:GROUP
 *   CL236 tmpfs-exec-allowed        a tmpfs: mount without noexec or nosuid (unsafe fix adds them)
 *   CL237 shared-mount-propagation  a bind with shared, rshared, slave or rslave propagation
 *   CL238 logging-disabled          logging: {driver: none}
 *   CL239 custom-cgroup-parent      cgroup_parent is set
 * Part one (protections not turned on): hardening.c. */
#include <string.h>
#include "seckit.h"

static void check_user_service(cl_rule_ctx *ctx, const sk_service *s)
{
    const cl_node *u = cl_map_get(s->node, "user");
    const char *v = rk_str(u);
    if (!v) return;
    size_t n = strcspn(v, ":");
    if ((n == 4 && !strncmp(v, "root", 4)) || (n == 1 && v[0] == '0'))
        cl_rule_report(ctx, sk_at(ctx, s, u), "service '%s' runs as root (user: %s): a process that escapes "
                       "the container is root on the host (without user namespaces); run it as an unprivileged "
                       "user, e.g. user: \"1000:1000\"", s->name, v);
}

/* Which of noexec and nosuid the options S (after "path:") lack: "" when none. */
static const char *tmpfs_missing(const char *opts)
{
    int exec = 0, suid = 0;
    for (const char *p = opts; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL) {
        size_t n = strcspn(p, ",");
        if (n == 6 && !strncmp(p, "noexec", 6)) exec = 1;
        if (n == 6 && !strncmp(p, "nosuid", 6)) suid = 1;
    }
    return exec && suid ? "" : exec ? "nosuid" : suid ? "noexec" : "noexec,nosuid";
}

static void check_tmpfs_service(cl_rule_ctx *ctx, const sk_service *s)
{
    const cl_node *t = cl_map_get(s->node, "tmpfs");
    const cl_node *const *items = rk_is_seq(t) ? (const cl_node *const *)t->u.q.items : &t;
    uint32_t n = rk_is_seq(t) ? t->u.q.n : t ? 1 : 0;
    for (uint32_t k = 0; k < n; k++) {
        const cl_node *it = items[k];
        const char *v = rk_str(it);
        if (!v || rk_interpolated(v) || it->type == CL_T_NULL) continue;
        const char *colon = strchr(v, ':');
        const char *miss = tmpfs_missing(colon ? colon + 1 : NULL);
        if (!*miss) continue;
        int noexec = strstr(miss, "noexec") != NULL, nosuid = strstr(miss, "nosuid") != NULL;
        cl_diag *g = cl_rule_report(ctx, sk_at(ctx, s, it), "service '%s' mounts tmpfs %s without %s: %s; add %s",
                                    s->name, v, miss,
                                    noexec && nosuid ? "a process can write a program there and run it, setuid bit included"
                                    : noexec ? "a process can write a program there and run it"
                                             : "a setuid program written there keeps its bit",
                                    noexec && nosuid ? "both options" : "the option");
        /* the fix appends to a plain scalar written as it is read */
        if (!g || !cl_node_src(it) || cl_diag_src(g) != cl_node_src(it) || it->style != CL_PLAIN || it->end - it->start != it->u.s.len ||
            it->end > cl_node_src(it)->len || memcmp(cl_node_src(it)->data + it->start, v, it->u.s.len))
            continue;
        char text[32];
        strcpy(text, colon ? (colon[1] ? "," : "") : ":");
        strcat(text, miss);
        cl_edit e = { it->end, it->end, text };
        cl_diag_set_fix(g, "add the missing tmpfs options (programs run from it then fail)", 0, &e, 1);
    }
}

static void check_propagation_service(cl_rule_ctx *ctx, const sk_service *s)
{
    const cl_node *vols = cl_map_get(s->node, "volumes");
    for (uint32_t k = 0; rk_is_seq(vols) && k < vols->u.q.n; k++) {
        sk_mount m;
        if (!sk_mount_read(rk_tree(ctx), vols->u.q.items[k], &m) || !m.propagation[0] ||
            !strcmp(m.propagation, "private") || !strcmp(m.propagation, "rprivate"))
            continue;
        int shared = strstr(m.propagation, "shared") != NULL;
        cl_rule_report(ctx, sk_at(ctx, s, m.at), "service '%s' mounts '%.*s' with %s propagation: %s; keep the "
                       "default (rprivate) unless the service must see mounts made on the host", s->name,
                       (int)m.source_len, m.source, m.propagation,
                       shared ? "mounts made in the container appear on the host too"
                              : "mounts made on the host later appear in the container");
    }
}

static void check_logging_service(cl_rule_ctx *ctx, const sk_service *s)
{
    const cl_node *d = cl_map_get(cl_map_get(s->node, "logging"), "driver");
    if (cl_scalar_is(d, "none"))
        cl_rule_report(ctx, sk_at(ctx, s, d), "service '%s' turns logging off (driver: none): what it prints, "
                       "attacks included, is lost; keep a logging driver (local, json-file with max-size, or a "
                       "remote one)", s->name);
}

static void check_cgroup_service(cl_rule_ctx *ctx, const sk_service *s)
{
    const cl_node *c = cl_map_get(s->node, "cgroup_parent");
    const char *v = rk_str(c);
    if (v && *v && c->type != CL_T_NULL)
        cl_rule_report(ctx, sk_at(ctx, s, c), "service '%s' runs under cgroup parent '%s' instead of Docker's: "
                       "the limits and accounting of that cgroup apply, not the ones Docker sets; make sure it "
                       "is meant", s->name, v);
}

static void check_user(cl_rule_ctx *ctx) { sk_each_service(ctx, check_user_service); }
static void check_tmpfs(cl_rule_ctx *ctx) { sk_each_service(ctx, check_tmpfs_service); }
static void check_propagation(cl_rule_ctx *ctx) { sk_each_service(ctx, check_propagation_service); }
static void check_logging(cl_rule_ctx *ctx) { sk_each_service(ctx, check_logging_service); }
static void check_cgroup(cl_rule_ctx *ctx) { sk_each_service(ctx, check_cgroup_service); }

const cl_rule cl_rule_root_user = {
    .code = "CL235", .name = "root-user", .category = CL_CAT_HARDENING,
    .severity = CL_SEV_WARNING, .enabled = 0,
    .summary = "(opt-in) A service is set to run as root (user: root, 0, 0:0)",
    .rationale = "Root in a container is root on the host as soon as something escapes the container "
                 "(unless the daemon remaps user namespaces). An explicit 'user: root' (or 0, 0:0, root:GROUP) "
                 "undoes a non-root USER of the image. Services without user: are not reported: the image's "
                 "USER decides, which this rule cannot see. Rests on OWASP Docker Security Cheat Sheet "
                 "RULE #2 (Set a user) and CIS Docker Benchmark 4.1 (Ensure that a user for the container has "
                 "been created).",
    .bad_example = "services:\n  app:\n    image: app:1\n    user: root\n",
    .good_example = "services:\n  app:\n    image: app:1\n    user: \"1000:1000\"\n",
    .options = NULL, .fix = CL_FIX_NONE, .check = check_user, .needs_project = 1,
};

const cl_rule cl_rule_tmpfs_exec_allowed = {
    .code = "CL236", .name = "tmpfs-exec-allowed", .category = CL_CAT_HARDENING,
    .severity = CL_SEV_WARNING, .enabled = 0,
    .summary = "(opt-in) A tmpfs mount allows running programs (no noexec or nosuid)",
    .rationale = "A writable tmpfs without noexec is where an attacker drops and runs a payload, the more "
                 "so when the root file system is read-only; without nosuid a setuid program written there "
                 "keeps its bit. Rests on OWASP Docker Security Cheat Sheet RULE #8 (Set filesystem and "
                 "volumes to read-only) and the CIS Docker Benchmark's hardening of mounts (5.12). Checks the "
                 "service's tmpfs: entries (the long volume syntax of type tmpfs has no such options). The "
                 "unsafe fix appends the missing options to a plain entry; programs run from that tmpfs then "
                 "fail.",
    .bad_example = "services:\n  app:\n    image: app:1\n    tmpfs: [/tmp]\n",
    .good_example = "services:\n  app:\n    image: app:1\n    tmpfs: [\"/tmp:noexec,nosuid,size=64m\"]\n",
    .options = NULL, .fix = CL_FIX_UNSAFE, .check = check_tmpfs, .needs_project = 1,
};

const cl_rule cl_rule_shared_mount_propagation = {
    .code = "CL237", .name = "shared-mount-propagation", .category = CL_CAT_HARDENING,
    .severity = CL_SEV_WARNING, .enabled = 0,
    .summary = "(opt-in) A bind mount uses shared or slave propagation",
    .rationale = "With shared (rshared) propagation a mount made inside the container appears on the host, "
                 "and with slave (rslave) the host's later mounts appear in the container: the mount namespace "
                 "no longer isolates. Some agents need rslave (node-exporter on /, CSI drivers); most services "
                 "do not. Rests on CIS Docker Benchmark 5.19 (Ensure mount propagation mode is not set to "
                 "shared). Short syntax options and bind.propagation of the long syntax are read.",
    .bad_example = "services:\n  app:\n    image: app:1\n    volumes: [\"/mnt/data:/data:rshared\"]\n",
    .good_example = "services:\n  app:\n    image: app:1\n    volumes: [\"/mnt/data:/data\"]\n",
    .options = NULL, .fix = CL_FIX_NONE, .check = check_propagation, .needs_project = 1,
};

const cl_rule cl_rule_logging_disabled = {
    .code = "CL238", .name = "logging-disabled", .category = CL_CAT_HARDENING,
    .severity = CL_SEV_WARNING, .enabled = 0,
    .summary = "(opt-in) A service turns logging off (logging: {driver: none})",
    .rationale = "With the none driver nothing the service prints is kept: neither errors nor the traces "
                 "of an attack. Keep a driver, with rotation (local, or json-file with max-size) or shipped "
                 "to a remote store. Rests on the CIS Docker Benchmark's logging recommendations (centralized "
                 "and remote logging, section 2) and OWASP Docker Security Cheat Sheet RULE #10 (logging "
                 "level).",
    .bad_example = "services:\n  app:\n    image: app:1\n    logging:\n      driver: none\n",
    .good_example = "services:\n  app:\n    image: app:1\n    logging:\n      driver: local\n",
    .options = NULL, .fix = CL_FIX_NONE, .check = check_logging, .needs_project = 1,
};

const cl_rule cl_rule_custom_cgroup_parent = {
    .code = "CL239", .name = "custom-cgroup-parent", .category = CL_CAT_HARDENING,
    .severity = CL_SEV_WARNING, .enabled = 0,
    .summary = "(opt-in) A service runs under a custom cgroup_parent",
    .rationale = "cgroup_parent places the container under another cgroup than Docker's, where other "
                 "limits (or none) apply and where it shares accounting with whatever else runs there. "
                 "Rests on CIS Docker Benchmark 5.24 (Ensure that cgroup usage is confirmed): confirm it is "
                 "meant, and suppress the finding there.",
    .bad_example = "services:\n  app:\n    image: app:1\n    cgroup_parent: /system.slice\n",
    .good_example = "services:\n  app:\n    image: app:1\n",
    .options = NULL, .fix = CL_FIX_NONE, .check = check_cgroup, .needs_project = 1,
};
