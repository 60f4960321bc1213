/* sensitive_host_mount.c - CL210 sensitive-host-mount: a service binds a host
 * path that is root-equivalent when writable, or that discloses secrets when
 * read. Reads the project's volumes (short or long syntax, and named volumes
 * whose driver_opts bind a host folder); sub-paths and the folders above an
 * entry of the table count (see the rationale). */
#include <stdio.h>
#include <string.h>
#include "seckit.h"

enum { NONE = -1, W = CL_SEV_WARNING, E = CL_SEV_ERROR };
enum { SUB = 0, EXACT = 1, HOMES = 2, SUB_RO_OK = 4, SUB_RW_WARN = 8 };

static const struct entry {
    const char *path;
    int rw, ro, flags;
    const char *what;
} table[] = {
    { "/", E, W, EXACT, "the whole host file system" },
    { "/etc", E, W, SUB_RO_OK | SUB_RW_WARN, "the host's configuration of users, sudoers, cron and services" },
    { "/etc/passwd", E, NONE, SUB, "the host's users" },
    { "/etc/group", E, NONE, SUB, "the host's groups" },
    { "/etc/cron.d", E, NONE, SUB, "what the host runs as root on a schedule" },
    { "/etc/crontab", E, NONE, SUB, "what the host runs as root on a schedule" },
    { "/etc/systemd", E, NONE, SUB, "the host's services, started as root" },
    { "/etc/init.d", E, NONE, SUB, "the host's services, started as root" },
    { "/etc/profile.d", E, NONE, SUB, "what every login shell of the host runs" },
    { "/etc/pam.d", E, NONE, SUB, "how the host authenticates users" },
    { "/etc/ld.so.preload", E, NONE, SUB, "libraries loaded into every program of the host" },
    { "/etc/localtime", W, NONE, SUB, "the host's time zone" },
    { "/etc/timezone", W, NONE, SUB, "the host's time zone" },
    { "/etc/shadow", E, W, SUB, "the host's password hashes" },
    { "/etc/gshadow", E, W, SUB, "the host's group password hashes" },
    { "/etc/sudoers", E, W, SUB, "who may become root on the host" },
    { "/etc/sudoers.d", E, W, SUB, "who may become root on the host" },
    { "/etc/ssh", E, W, SUB, "the host's SSH keys and server configuration" },
    { "/etc/docker", E, W, SUB, "the Docker daemon's configuration and TLS keys" },
    { "/etc/kubernetes", E, W, SUB, "the cluster's credentials" },
    { "/root", E, W, SUB, "root's home, with its SSH keys and shell start-up files" },
    { "/home", E, W, HOMES, "the users' homes, with their SSH keys and shell start-up files" },
    { "/boot", E, NONE, SUB, "the host's kernel and boot loader" },
    { "/proc", E, NONE, SUB, "the host's kernel settings and processes" },
    { "/sys", E, NONE, SUB, "the host's kernel, devices and cgroups" },
    { "/usr", E, NONE, SUB_RW_WARN, "the host's programs and their data" },
    { "/usr/bin", E, NONE, SUB, "the host's programs" },
    { "/usr/sbin", E, NONE, SUB, "the host's programs" },
    { "/usr/lib", E, NONE, SUB, "the host's libraries" },
    { "/usr/lib64", E, NONE, SUB, "the host's libraries" },
    { "/usr/libexec", E, NONE, SUB, "the host's programs" },
    { "/usr/local/bin", E, NONE, SUB, "the host's programs" },
    { "/usr/local/sbin", E, NONE, SUB, "the host's programs" },
    { "/usr/local/lib", E, NONE, SUB, "the host's libraries" },
    { "/bin", E, NONE, SUB, "the host's programs" },
    { "/sbin", E, NONE, SUB, "the host's programs" },
    { "/lib", E, NONE, SUB, "the host's libraries and kernel modules" },
    { "/lib64", E, NONE, SUB, "the host's libraries" },
    { "/dev", E, W, EXACT, "every host device node" },
    { "/var/lib/docker", E, W, SUB, "every container's file system, configuration and secrets" },
    { "/var/lib/containerd", E, W, SUB, "every container's file system" },
    { "/var/lib/kubelet", E, W, SUB, "the pods' volumes and secrets" },
    { "/run", E, NONE, EXACT, "the host's runtime folder, with daemon sockets and pid files" },
    { "/var/run", E, NONE, EXACT, "the host's runtime folder, with daemon sockets and pid files" },
    { "/run/dbus", E, NONE, SUB, "the system D-Bus, which starts services as root" },
    { "/var/run/dbus", E, NONE, SUB, "the system D-Bus, which starts services as root" },
    { "/var/log", W, W, SUB, "the host's logs" },
};

/* Folders that hold credentials wherever they are (a home written as ~ included). */
static const char *const cred_dirs[] = { ".ssh", ".docker", ".kube", ".aws", ".gnupg", NULL };

static int matches(const struct entry *e, const char *path)
{
    if (e->flags & EXACT) return !strcmp(path, e->path);
    if (e->flags & HOMES) {                   /* /home and /home/USER, not deeper */
        if (!sk_path_under(path, e->path)) return 0;
        const char *rest = path + strlen(e->path);
        return !*rest || !strchr(rest + 1, '/');
    }
    return sk_path_under(path, e->path);
}

/* The credential folder named in PATH, or NULL. */
static const char *cred_dir(const char *path)
{
    for (const char *p = path; (p = strchr(p, '/')); p++)
        for (const char *const *d = cred_dirs; *d; d++) {
            size_t n = strlen(*d);
            if (!strncmp(p + 1, *d, n) && (p[1 + n] == 0 || p[1 + n] == '/')) return *d;
        }
    return NULL;
}

static void check_service(cl_rule_ctx *ctx, const sk_service *s)
{
    const cl_node *vols = cl_map_get(s->node, "volumes");
    if (!rk_is_seq(vols)) return;
    for (uint32_t k = 0; k < vols->u.q.n; k++) {
        sk_mount m;
        if (!sk_mount_read(rk_tree(ctx), vols->u.q.items[k], &m)) continue;
        if (!m.path[0] && m.source_len > 1 && m.source[0] == '~' && m.source[1] == '/')   /* ~/x: a user's home */
            snprintf(m.path, sizeof m.path, "/home/~%.*s", (int)m.source_len - 1, m.source + 1);
        if (!m.path[0]) continue;
        /* the most specific entry the path is in; else the entries below it (a folder above them) */
        const struct entry *in = NULL, *below = NULL;
        int sev = NONE;
        for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
            const struct entry *e = &table[i];
            if (matches(e, m.path)) { if (!in || strlen(e->path) > strlen(in->path)) in = e; }
            else if (strcmp(e->path, "/") && sk_path_under(e->path, m.path)) {
                int v = m.read_only ? e->ro : e->rw;
                if (v > sev) { sev = v; below = e; }
            }
        }
        const char *what = NULL, *above = "", *under = "";
        if (in) {
            sev = m.read_only ? in->ro : in->rw;
            int sub = strcmp(m.path, in->path) != 0;
            if (sub && m.read_only && (in->flags & SUB_RO_OK)) sev = NONE;
            if (sub && !m.read_only && (in->flags & SUB_RW_WARN)) { sev = W; under = in->path; }
            what = in->what;
        } else if (below) {
            above = below->path;
            what = below->what;
        }
        const char *cred = cred_dir(m.path);
        if (cred && (m.read_only ? W : E) > sev) {
            sev = m.read_only ? W : E;
            above = "";
            what = cred;
        }
        if (sev == NONE) continue;
        char that[200];
        if (what == cred) snprintf(that, sizeof that, "a folder of credentials (%s)", cred);
        else if (*above) snprintf(that, sizeof that, "a folder above %s (%s)", above, what);
        else if (*under) snprintf(that, sizeof that, "a part of %s (%s)", under, what);
        else snprintf(that, sizeof that, "%s", what);
        const char *v1 = m.volume ? " (through named volume '" : "", *v2 = m.volume ? m.volume : "",
                   *v3 = m.volume ? "')" : "";
        int n = m.volume ? (int)strlen(m.path) : (int)m.source_len;
        const char *shown = m.volume ? m.path : m.source;
        const cl_node *at = sk_at(ctx, s, m.at);
        if (m.read_only)
            sk_sev(cl_rule_report(ctx, at, "service '%s' mounts host path '%.*s'%s%s%s read-only, which still "
                      "discloses what it holds: %s; mount only the file or sub-folder it needs", s->name, n, shown,
                      v1, v2, v3, that), (cl_severity)sev);
        else
            sk_sev(cl_rule_report(ctx, at, "service '%s' mounts host path '%.*s'%s%s%s writable: %s%s; mount "
                      "only what it needs, read-only (:ro) where it only reads", s->name, n, shown, v1, v2, v3, that,
                      sev == E ? ", through which a compromised container takes over the host" : ""), (cl_severity)sev);
    }
}

static void check(cl_rule_ctx *ctx) { sk_each_service(ctx, check_service); }

const cl_rule cl_rule_sensitive_host_mount = {
    .code = "CL210", .name = "sensitive-host-mount", .category = CL_CAT_SECURITY,
    .severity = CL_SEV_ERROR, .enabled = 1,
    .summary = "A service bind-mounts a sensitive host path (/, /etc, /root, /var/lib/docker, /proc...)",
    .rationale = "A writable bind of a root-equivalent host path hands the host to whoever controls the "
                 "container: a cron entry in /etc, a key in /root/.ssh, a binary in /usr, a kernel setting in "
                 "/proc/sys or a container definition in /var/lib/docker runs as root on the host. A read-only "
                 "bind of a path that keeps secrets still discloses them. Rests on CIS Docker Benchmark 5.5 "
                 "(Ensure sensitive host system directories are not mounted on containers) and OWASP Docker "
                 "Security Cheat Sheet RULE #8 (Set filesystem and volumes to read-only).\n\n"
                 "| host path | writable | read-only |\n|---|---|---|\n"
                 "| `/` (exactly) | error | warning (`/:/rootfs:ro` of cAdvisor-like agents) |\n"
                 "| `/etc` | error | warning |\n"
                 "| a file or folder under `/etc` (`/etc/pihole`, `/etc/ssl`) | warning | not reported |\n"
                 "| `/etc/shadow`, `/etc/gshadow`, `/etc/sudoers(.d)`, `/etc/ssh`, `/etc/docker`, `/etc/kubernetes` | error | warning |\n"
                 "| `/etc/passwd`, `/etc/group`, `/etc/cron.d`, `/etc/crontab`, `/etc/systemd`, `/etc/init.d`, `/etc/profile.d`, `/etc/pam.d`, `/etc/ld.so.preload` | error | not reported |\n"
                 "| `/etc/localtime`, `/etc/timezone` | warning | not reported |\n"
                 "| `/root`, `/var/lib/docker`, `/var/lib/containerd`, `/var/lib/kubelet` and below | error | warning |\n"
                 "| `/home`, `/home/USER`, `~` (deeper folders are not reported) | error | warning |\n"
                 "| any `.ssh`, `.docker`, `.kube`, `.aws`, `.gnupg` folder | error | warning |\n"
                 "| `/boot`, `/proc`, `/sys`, `/bin`, `/sbin`, `/lib`, `/lib64` and below (`/lib/modules` too) | error | not reported (node-exporter, cAdvisor) |\n"
                 "| `/usr`, `/usr/bin`, `/usr/sbin`, `/usr/lib(64)`, `/usr/libexec`, `/usr/local/{bin,sbin,lib}` and below | error | not reported |\n"
                 "| other folders under `/usr` (`/usr/share`, `/usr/src`) | warning | not reported |\n"
                 "| `/dev` (exactly; devices below: host-device) | error | warning |\n"
                 "| `/run`, `/var/run` (exactly), `/run/dbus`, `/var/run/dbus` | error | not reported here |\n"
                 "| `/var/log` and below | warning | warning |\n\n"
                 "A folder above an entry counts as that entry (`/var` holds `/var/lib/docker`). The "
                 "container runtimes' sockets and the folders that hold them (`/run`, `/var/run`, read-only "
                 "too) are docker-socket-mount's. Named volumes whose driver_opts bind a host folder "
                 "(`type: none`, `o: bind`, `device: /etc`) are read like binds. Relative paths are not "
                 "judged; `~` is read as a user's home.",
    .bad_example = "services:\n  agent:\n    image: agent:1\n    volumes:\n      - /etc:/host/etc\n"
                   "      - /var/lib/docker:/var/lib/docker:ro\n",
    .good_example = "services:\n  agent:\n    image: agent:1\n    volumes:\n      - /etc/localtime:/etc/localtime:ro\n"
                    "      - /proc:/host/proc:ro\n      - ./data:/data\n",
    .options = NULL, .fix = CL_FIX_NONE, .check = check, .needs_project = 1,
};
