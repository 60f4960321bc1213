/* host_namespaces.c - a service shares a host namespace:
 *   CL202 host-network  network_mode: host
 *   CL203 host-pid      pid: host
 *   CL204 host-ipc      ipc: host
 *   CL205 host-userns   userns_mode: host
 * Each reads the services of the merged, interpolated project: `${NET:-host}`
 * is host, a service an override or extends sets to host is found. */
#include "rulekit.h"

static void host_mode(cl_rule_ctx *ctx, const cl_node *name, const cl_node *service, const char *key, const char *what)
{
    const char *svc = rk_str(name);
    const cl_node *v = cl_map_get(service, key);
    if (svc && cl_scalar_is(v, "host"))
        cl_rule_report(ctx, v, "service '%s' uses the host's %s (%s: host), which removes that isolation "
                       "from the host; drop it unless the service truly needs it", svc, what, key);
}

static void check_net(cl_rule_ctx *ctx, const cl_node *name, const cl_node *service)
{
    host_mode(ctx, name, service, "network_mode", "network stack");
}
static void check_pid(cl_rule_ctx *ctx, const cl_node *name, const cl_node *service)
{
    host_mode(ctx, name, service, "pid", "process namespace");
}
static void check_ipc(cl_rule_ctx *ctx, const cl_node *name, const cl_node *service)
{
    host_mode(ctx, name, service, "ipc", "IPC namespace");
}
static void check_userns(cl_rule_ctx *ctx, const cl_node *name, const cl_node *service)
{
    host_mode(ctx, name, service, "userns_mode", "user namespace");
}

const cl_rule cl_rule_host_network = {
    .code = "CL202", .name = "host-network", .category = CL_CAT_SECURITY,
    .severity = CL_SEV_WARNING, .enabled = 1,
    .summary = "A service uses the host's network stack (network_mode: host)",
    .rationale = "With the host network a container can bind any host port, reach services listening on "
                 "localhost only, and sniff host traffic with NET_RAW. Its ports: are ignored. Publish the "
                 "ports it needs instead. Rests on CIS Docker Benchmark 5.9 (Ensure that the host's network "
                 "namespace is not shared).",
    .bad_example = "services:\n  app:\n    image: app:1\n    network_mode: host\n",
    .good_example = "services:\n  app:\n    image: app:1\n    ports: [\"127.0.0.1:8080:8080\"]\n",
    .options = NULL, .fix = CL_FIX_NONE, .check_service = check_net, .needs_project = 1,
};

const cl_rule cl_rule_host_pid = {
    .code = "CL203", .name = "host-pid", .category = CL_CAT_SECURITY,
    .severity = CL_SEV_WARNING, .enabled = 1,
    .summary = "A service shares the host's process namespace (pid: host)",
    .rationale = "With pid: host the container sees every host process, can read their environment through "
                 "/proc and, with enough capabilities, signal or trace them. Rests on CIS Docker Benchmark 5.15 "
                 "(Ensure that the host's process namespace is not shared).",
    .bad_example = "services:\n  app:\n    image: app:1\n    pid: host\n",
    .good_example = "services:\n  app:\n    image: app:1\n",
    .options = NULL, .fix = CL_FIX_NONE, .check_service = check_pid, .needs_project = 1,
};

const cl_rule cl_rule_host_ipc = {
    .code = "CL204", .name = "host-ipc", .category = CL_CAT_SECURITY,
    .severity = CL_SEV_WARNING, .enabled = 1,
    .summary = "A service shares the host's IPC namespace (ipc: host)",
    .rationale = "With ipc: host the container can read and write host shared memory segments, semaphores "
                 "and message queues of other processes. Share IPC between services with 'ipc: shareable' "
                 "and 'ipc: service:NAME' instead. Rests on CIS Docker Benchmark 5.16 (Ensure that the host's "
                 "IPC namespace is not shared).",
    .bad_example = "services:\n  app:\n    image: app:1\n    ipc: host\n",
    .good_example = "services:\n  app:\n    image: app:1\n    ipc: shareable\n",
    .options = NULL, .fix = CL_FIX_NONE, .check_service = check_ipc, .needs_project = 1,
};

const cl_rule cl_rule_host_userns = {
    .code = "CL205", .name = "host-userns", .category = CL_CAT_SECURITY,
    .severity = CL_SEV_WARNING, .enabled = 1,
    .summary = "A service opts out of user-namespace remapping (userns_mode: host)",
    .rationale = "On a daemon configured with userns-remap, userns_mode: host makes root in the container "
                 "root on the host again, undoing the protection the host administrator chose. Rests on CIS "
                 "Docker Benchmark 5.30 (Ensure that the host's user namespaces are not shared) and OWASP "
                 "Docker Security Cheat Sheet RULE #11 (Run Docker in rootless mode).",
    .bad_example = "services:\n  app:\n    image: app:1\n    userns_mode: host\n",
    .good_example = "services:\n  app:\n    image: app:1\n",
    .options = NULL, .fix = CL_FIX_NONE, .check_service = check_userns, .needs_project = 1,
};
