/* docker_socket.c - CL201 docker-socket-mount: the socket of a container
 * runtime (Docker, containerd, Podman, CRI-O; the Windows named pipe), or a
 * folder that holds one, is mounted into a container: short or long syntax,
 * or a named volume whose driver_opts bind it. Images named in the option
 * allowed-images (traefik, portainer...) may have it. */
#include <string.h>
#include "seckit.h"

static const char *const socket_names[] = {
    "docker.sock", "containerd.sock", "podman.sock", "crio.sock", "docker_engine", NULL
};
/* folders that hold a runtime socket (those below /run/user/UID/ are matched apart) */
static const char *const socket_dirs[] = {
    "/run", "/var/run", "/run/docker", "/var/run/docker", "/run/containerd", "/var/run/containerd",
    "/run/podman", "/var/run/podman", "/run/crio", "/var/run/crio", NULL
};

/* The runtime socket S[0..n) is or holds, as a word for the message; NULL when none. */
static const char *socket_of(const char *s, size_t n, const char *path)
{
    for (const char *const *e = socket_names; *e; e++) {
        size_t k = strlen(*e);
        if (n >= k && !memcmp(s + n - k, *e, k) && (n == k || s[n - k - 1] == '/' || s[n - k - 1] == '\\'))
            return "the socket";
    }
    if (!path[0]) return NULL;
    for (const char *const *d = socket_dirs; *d; d++)
        if (!strcmp(path, *d)) return "a folder that holds the socket";
    /* /run/user/UID (rootless Docker) and /run/user/UID/podman, /run/user/UID/docker */
    const char *u = !strncmp(path, "/run/user/", 10) ? path + 10 : !strncmp(path, "/var/run/user/", 14) ? path + 14 : NULL;
    if (u && *u) {
        const char *slash = strchr(u, '/');
        if (!slash || !strcmp(slash, "/podman") || !strcmp(slash, "/docker")) return "a folder that holds the socket";
    }
    return NULL;
}

/* IMAGE without registry-of-Docker-Hub prefixes, tag and digest, compared to
 * the comma-separated names of LIST the same way. */
static size_t bare_image(const char *s, size_t n, const char **out)
{
    const char *at = memchr(s, '@', n);
    if (at) n = (size_t)(at - s);
    const char *last = s;
    for (size_t i = 0; i < n; i++) if (s[i] == '/') last = s + i + 1;
    const char *colon = memchr(last, ':', (size_t)(s + n - last));
    if (colon) n = (size_t)(colon - s);
    static const char *const hub[] = { "docker.io/", "index.docker.io/", "registry-1.docker.io/", "library/", NULL };
    for (int again = 1; again;) {
        again = 0;
        for (const char *const *h = hub; *h; h++) {
            size_t k = strlen(*h);
            if (n > k && !strncmp(s, *h, k)) { s += k; n -= k; again = 1; }
        }
    }
    *out = s;
    return n;
}

static int allowed(const cl_rule_ctx *ctx, const char *image)
{
    const char *list = cl_rule_opt_str(ctx, "allowed-images");
    if (!image || !list || !*list) return 0;
    const char *img;
    size_t n = bare_image(image, strlen(image), &img);
    for (const char *p = list; *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        while (len && *p == ' ') { p++; len--; }
        while (len && p[len - 1] == ' ') len--;
        const char *a;
        size_t an = bare_image(p, len, &a);
        if (an == n && !strncmp(a, img, n)) return 1;
        p += len;
        while (*p == ' ' || *p == ',') p++;
    }
    return 0;
}

static void check_service(cl_rule_ctx *ctx, const sk_service *s)
{
    const cl_node *vols = cl_map_get(s->node, "volumes");
    if (!rk_is_seq(vols) || allowed(ctx, rk_str(cl_map_get(s->node, "image")))) return;
    for (uint32_t k = 0; k < vols->u.q.n; k++) {
        sk_mount m;
        if (!sk_mount_read(rk_tree(ctx), vols->u.q.items[k], &m) || !m.source_len) continue;
        const char *what = m.volume ? socket_of(m.path, strlen(m.path), m.path) : socket_of(m.source, m.source_len, m.path);
        if (!what) continue;
        sk_sev(cl_rule_report(ctx, sk_at(ctx, s, m.at), "service '%s' mounts %s of a container runtime, '%.*s'%s%s%s: "
                  "whoever controls the container controls the runtime and so the host (even read-only); put a "
                  "socket proxy that allows only the calls it needs in front of it, or list the image in this "
                  "rule's allowed-images option", s->name, what, m.volume ? (int)strlen(m.path) : (int)m.source_len,
                  m.volume ? m.path : m.source, m.volume ? " (through named volume '" : "", m.volume ? m.volume : "",
                  m.volume ? "')" : ""), CL_SEV_ERROR);
    }
}

static void check(cl_rule_ctx *ctx) { sk_each_service(ctx, check_service); }

static const cl_rule_option options[] = {
    { "allowed-images", CL_OPT_LIST, "",
      "images (names without tag or digest, e.g. traefik, nginxproxy/nginx-proxy) that may mount the socket" },
    { NULL, 0, NULL, NULL },
};

const cl_rule cl_rule_docker_socket_mount = {
    .code = "CL201", .name = "docker-socket-mount", .category = CL_CAT_SECURITY,
    .severity = CL_SEV_ERROR, .enabled = 1,
    .summary = "The socket of a container runtime (Docker, containerd, Podman, CRI-O) is mounted into a container",
    .rationale = "Access to /var/run/docker.sock is root on the host: the container can start a privileged "
                 "container that mounts /. A ':ro' mount does not help (the socket is still writable through "
                 "the API). The same holds for containerd (/run/containerd/containerd.sock), Podman "
                 "(/run/podman/podman.sock, /run/user/UID/podman/podman.sock), CRI-O (/var/run/crio/crio.sock), "
                 "the Windows pipe (//./pipe/docker_engine), for the folders that hold them (/run, /var/run, "
                 "/run/containerd, /run/podman, /run/crio, /run/user/UID), and for named volumes whose "
                 "driver_opts bind one of these (type: none, o: bind, device: /var/run/docker.sock). Rests on "
                 "OWASP Docker Security Cheat Sheet RULE #1 (Do not expose the Docker daemon socket, even to the "
                 "containers) and CIS Docker Benchmark 5.31 (Ensure that the Docker socket is not mounted inside "
                 "any containers).\n\n"
                 "For some images the socket is the point: traefik and nginx-proxy read the containers' labels, "
                 "autoheal restarts them, portainer manages them, watchtower updates them. Name those images in "
                 "the allowed-images option (names without tag; Docker Hub's docker.io/ and library/ prefixes "
                 "are ignored):\n\n"
                 "```yaml\nrules:\n  docker-socket-mount:\n    options:\n"
                 "      allowed-images: [traefik, nginxproxy/nginx-proxy, portainer/portainer-ce]\n```\n\n"
                 "Better still, give them a socket proxy that allows only the API calls they make, such as "
                 "tecnativa/docker-socket-proxy (then only the proxy, listed in allowed-images, mounts the "
                 "socket). The whole host file system (`/:/rootfs:ro`) is sensitive-host-mount's.",
    .bad_example = "services:\n  agent:\n    image: agent:1\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n",
    .good_example = "services:\n  agent:\n    image: agent:1\n    environment:\n      DOCKER_HOST: tcp://socket-proxy:2375\n",
    .options = options, .fix = CL_FIX_NONE, .check = check, .needs_project = 1,
};
