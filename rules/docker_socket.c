/* docker_socket.c - CL201 docker-socket-mount: the Docker daemon socket (or
 * the Windows named pipe) is mounted into a container, short or long syntax. */
#include <string.h>
#include "rulekit.h"

static int is_socket(const char *s, size_t n)
{
    static const char *const ends[] = { "/docker.sock", "\\docker.sock", "/docker_engine", "\\docker_engine", NULL };
    for (const char *const *e = ends; *e; e++) {
        size_t k = strlen(*e);
        if (n >= k && !memcmp(s + n - k, *e, k)) return 1;
    }
    return n == 11 && !memcmp(s, "docker.sock", 11);
}

static void check(cl_rule_ctx *ctx, const cl_node *name, const cl_node *service)
{
    const char *svc = rk_str(name);
    const cl_node *vols = cl_map_get(service, "volumes");
    if (!svc || !rk_is_seq(vols)) return;
    for (uint32_t k = 0; k < vols->u.q.n; k++) {
        rk_volume v;
        if (!rk_volume_parse(vols->u.q.items[k], &v) || !v.source_len || !is_socket(v.source, v.source_len)) continue;
        cl_rule_report(ctx, v.source_node, "service '%s' mounts the Docker socket: whoever controls the container "
                       "controls the Docker daemon and so the host (even read-only); use a socket proxy that "
                       "allows only the calls it needs", svc);
    }
}

const cl_rule cl_rule_docker_socket_mount = {
    .code = "CL201", .name = "docker-socket-mount", .category = CL_CAT_SECURITY,
    .severity = CL_SEV_ERROR, .enabled = 1,
    .summary = "The Docker daemon socket is mounted into a container",
    .rationale = "Access to /var/run/docker.sock is root on the host: the container can start a privileged "
                 "container that mounts /. A ':ro' mount does not help (the socket is still writable through "
                 "the API). When a tool truly needs the API, put a filtering proxy in front of it.",
    .bad_example = "services:\n  agent:\n    image: agent:1\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n",
    .good_example = "services:\n  agent:\n    image: agent:1\n    environment:\n      DOCKER_HOST: tcp://socket-proxy:2375\n",
    .options = NULL, .fix = CL_FIX_NONE, .check_service = check,
};
