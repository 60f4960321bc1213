/* undefined_refs.c - references to things the file does not define:
 *   CL101 undefined-network   services.*.networks
 *   CL102 undefined-volume    named volumes in services.*.volumes
 *   CL103 undefined-secret    services.*.secrets, services.*.build.secrets
 *   CL104 undefined-config    services.*.configs
 *   CL105 undefined-service   depends_on, links, network_mode/pid/ipc: service:X,
 *                             volumes_from, extends (same file)
 * One walk per rule over the services of the merged, interpolated project
 * (services an inactive profile leaves out are not there), each lookup a
 * hashed mapping lookup, so linear. Names defined anywhere in the project
 * (another -f file, an include) count as defined; a reference still holding
 * a variable (--no-interpolate) is skipped. */
#include <string.h>
#include "rulekit.h"
#include "../model/project.h"
#include "../parser/strmap.h"

enum { REF_NETWORK, REF_VOLUME, REF_SECRET, REF_CONFIG, REF_SERVICE };
static const char *section[] = { "networks", "volumes", "secrets", "configs", "services" };
static const char *what[] = { "network", "volume", "secret", "config", "service" };

static int defined(const cl_rule_ctx *ctx, int kind, const char *name, size_t len)
{
    if (kind == REF_NETWORK && len == 7 && !memcmp(name, "default", 7)) return 1;
    return cl_map_pairn(cl_map_get(rk_tree(ctx), section[kind]), name, len) != NULL;
}

static void ref(cl_rule_ctx *ctx, int kind, const char *svc, const cl_node *at, const char *name, size_t len,
                const char *via)
{
    if (!name || !len || rk_interpolated(name) || defined(ctx, kind, name, len)) return;
    cl_rule_report(ctx, at, "service '%s' %s %s '%.*s', which is not defined%s%s: %s",
                   svc, via, what[kind], (int)len, name,
                   kind == REF_SERVICE ? " in the project" : " under the top-level ",
                   kind == REF_SERVICE ? "" : section[kind],
                   kind == REF_SERVICE ? "define that service or fix the name"
                                       : "declare it there or fix the name");
}

static void ref_node(cl_rule_ctx *ctx, int kind, const char *svc, const cl_node *n, const char *via)
{
    const char *s = rk_str(n);
    if (s) ref(ctx, kind, svc, n, s, strlen(s), via);
}

/* Each item of a list of names or {source: name} mappings (secrets, configs). */
static void sourced_list(cl_rule_ctx *ctx, int kind, const char *svc, const cl_node *list, const char *via)
{
    if (!rk_is_seq(list)) return;
    for (uint32_t i = 0; i < list->u.q.n; i++) {
        const cl_node *it = list->u.q.items[i];
        ref_node(ctx, kind, svc, rk_is_map(it) ? cl_map_get(it, "source") : it, via);
    }
}

/* "service:NAME" values of network_mode, pid, ipc. */
static void service_mode(cl_rule_ctx *ctx, const char *svc, const cl_node *n, const char *key)
{
    const char *s = rk_str(n);
    if (!s || strncmp(s, "service:", 8)) return;
    char via[64];
    strcpy(via, key[0] == 'n' ? "shares the network of" : key[0] == 'p' ? "shares the pid namespace of"
                                                                         : "shares the ipc namespace of");
    ref(ctx, REF_SERVICE, svc, n, s + 8, strlen(s + 8), via);
}

/* Offsets where the project stage already reported a missing service: a
 * depends_on entry ("depends-on-undefined") or an extends of the same file
 * ("extends"). The rule does not report those again: one finding per cause. */
static void reported_by_project(const cl_rule_ctx *ctx, cl_strmap *done)
{
    for (size_t i = 0; ctx->project && ctx->earlier && i < ctx->earlier->n; i++) {
        const cl_diag *g = &ctx->earlier->v[i];
        if (cl_diag_code(g) && cl_diag_src(g) &&
            (!strcmp(cl_diag_code(g), "depends-on-undefined") || !strcmp(cl_diag_code(g), "extends"))) {
            cl_span k = cl_diag_span(g);
            k.end = 0;
            cl_strmap_put(done, (const char *)&k, sizeof k, NULL, 0, NULL);
        }
    }
}

static int already(const cl_strmap *done, const cl_node *n)
{
    if (!n || !cl_node_src(n)) return 0;
    cl_span k = cl_node_span(n);
    k.end = 0;
    return cl_strmap_get(done, (const char *)&k, sizeof k) != NULL;
}

static void service_refs(cl_rule_ctx *ctx, const char *svc, const cl_node *sv, const cl_strmap *done)
{
    const cl_node *dep = cl_map_get(sv, "depends_on");
    for (size_t i = 0, n = rk_dep_count(dep); i < n; i++) {
        const cl_node *v = rk_dep_value(dep, i);
        int req = 1;
        if (v && cl_scalar_bool(cl_map_get(v, "required"), &req) && !req) continue;
        /* the project stage reports these itself (depends-on-undefined), whether
         * or not that rule is selected: one finding per root cause */
        if (ctx->project || already(done, rk_dep_name(dep, i))) continue;
        ref_node(ctx, REF_SERVICE, svc, rk_dep_name(dep, i), "depends on");
    }
    const cl_node *links = cl_map_get(sv, "links");
    if (rk_is_seq(links))
        for (uint32_t i = 0; i < links->u.q.n; i++) {
            const char *s = rk_str(links->u.q.items[i]);
            if (!s) continue;
            const char *c = strchr(s, ':');
            ref(ctx, REF_SERVICE, svc, links->u.q.items[i], s, c ? (size_t)(c - s) : strlen(s), "links to");
        }
    service_mode(ctx, svc, cl_map_get(sv, "network_mode"), "network_mode");
    service_mode(ctx, svc, cl_map_get(sv, "pid"), "pid");
    service_mode(ctx, svc, cl_map_get(sv, "ipc"), "ipc");
    const cl_node *vf = cl_map_get(sv, "volumes_from");
    if (rk_is_seq(vf))
        for (uint32_t i = 0; i < vf->u.q.n; i++) {
            const char *s = rk_str(vf->u.q.items[i]);
            if (!s || !strncmp(s, "container:", 10)) continue;
            if (!strncmp(s, "service:", 8)) s += 8;
            const char *c = strchr(s, ':');
            ref(ctx, REF_SERVICE, svc, vf->u.q.items[i], s, c ? (size_t)(c - s) : strlen(s), "takes volumes from");
        }
    const cl_node *ext = cl_map_get(sv, "extends");
    if (ctx->project) return;          /* the project stage reports a missing base ("extends") */
    if (ext && ext->kind == CL_SCALAR) {
        if (!already(done, ext)) ref_node(ctx, REF_SERVICE, svc, ext, "extends");
    } else if (rk_is_map(ext) && !cl_map_get(ext, "file") && !already(done, cl_map_get(ext, "service"))) {
        ref_node(ctx, REF_SERVICE, svc, cl_map_get(ext, "service"), "extends");
    }
}

static void walk(cl_rule_ctx *ctx, int kind)
{
    const cl_node *services = rk_services(rk_tree(ctx));
    if (!services) return;
    cl_strmap done;
    cl_strmap_init(&done);
    if (kind == REF_SERVICE) reported_by_project(ctx, &done);
    for (uint32_t i = 0; i < services->u.m.n; i++) {
        const char *svc = rk_str(services->u.m.items[i].key);
        const cl_node *sv = services->u.m.items[i].value;
        if (!svc || !rk_is_map(sv)) continue;
        switch (kind) {
        case REF_NETWORK: {
            const cl_node *nets = cl_map_get(sv, "networks");
            if (rk_is_seq(nets))
                for (uint32_t k = 0; k < nets->u.q.n; k++) ref_node(ctx, kind, svc, nets->u.q.items[k], "joins");
            else if (rk_is_map(nets))
                for (uint32_t k = 0; k < nets->u.m.n; k++) ref_node(ctx, kind, svc, nets->u.m.items[k].key, "joins");
            break;
        }
        case REF_VOLUME: {
            const cl_node *vols = cl_map_get(sv, "volumes");
            if (!rk_is_seq(vols)) break;
            for (uint32_t k = 0; k < vols->u.q.n; k++) {
                rk_volume v;
                if (rk_volume_parse(vols->u.q.items[k], &v) && v.kind == RK_VOL_NAMED)
                    ref(ctx, kind, svc, v.source_node, v.source, v.source_len, "mounts");
            }
            break;
        }
        case REF_SECRET:
            sourced_list(ctx, kind, svc, cl_map_get(sv, "secrets"), "uses");
            sourced_list(ctx, kind, svc, cl_map_get(cl_map_get(sv, "build"), "secrets"), "builds with");
            break;
        case REF_CONFIG:
            sourced_list(ctx, kind, svc, cl_map_get(sv, "configs"), "uses");
            break;
        default:
            service_refs(ctx, svc, sv, &done);
        }
    }
    cl_strmap_free(&done);
}

static void check_networks(cl_rule_ctx *ctx) { walk(ctx, REF_NETWORK); }
static void check_volumes(cl_rule_ctx *ctx) { walk(ctx, REF_VOLUME); }
static void check_secrets(cl_rule_ctx *ctx) { walk(ctx, REF_SECRET); }
static void check_configs(cl_rule_ctx *ctx) { walk(ctx, REF_CONFIG); }
static void check_services(cl_rule_ctx *ctx) { walk(ctx, REF_SERVICE); }

#define WHY(x) "docker compose refuses to start a project whose services reference an undefined " x \
               " (\"service refers to undefined " x "\"). It is usually a typo or a definition lost in a merge."

const cl_rule cl_rule_undefined_network = {
    .code = "CL101", .name = "undefined-network", .category = CL_CAT_CORRECTNESS,
    .severity = CL_SEV_ERROR, .enabled = 1,
    .summary = "A service joins a network that is not declared under the top-level networks",
    .rationale = WHY("network") " The implicit 'default' network needs no declaration.",
    .bad_example = "services:\n  web:\n    image: nginx:1.27\n    networks: [front]\n",
    .good_example = "services:\n  web:\n    image: nginx:1.27\n    networks: [front]\nnetworks:\n  front: {}\n",
    .options = NULL, .fix = CL_FIX_NONE, .check = check_networks, .needs_project = 1,
};

const cl_rule cl_rule_undefined_volume = {
    .code = "CL102", .name = "undefined-volume", .category = CL_CAT_CORRECTNESS,
    .severity = CL_SEV_ERROR, .enabled = 1,
    .summary = "A service mounts a named volume that is not declared under the top-level volumes",
    .rationale = WHY("volume") " Bind mounts (paths starting with /, ./, ~) need no declaration.",
    .bad_example = "services:\n  db:\n    image: postgres:16\n    volumes: [\"data:/var/lib/postgresql/data\"]\n",
    .good_example = "services:\n  db:\n    image: postgres:16\n    volumes: [\"data:/var/lib/postgresql/data\"]\nvolumes:\n  data: {}\n",
    .options = NULL, .fix = CL_FIX_NONE, .check = check_volumes, .needs_project = 1,
};

const cl_rule cl_rule_undefined_secret = {
    .code = "CL103", .name = "undefined-secret", .category = CL_CAT_CORRECTNESS,
    .severity = CL_SEV_ERROR, .enabled = 1,
    .summary = "A service or its build uses a secret that is not declared under the top-level secrets",
    .rationale = WHY("secret"),
    .bad_example = "services:\n  app:\n    image: app:1\n    secrets: [db_password]\n",
    .good_example = "services:\n  app:\n    image: app:1\n    secrets: [db_password]\nsecrets:\n  db_password:\n    file: ./db_password.txt\n",
    .options = NULL, .fix = CL_FIX_NONE, .check = check_secrets, .needs_project = 1,
};

const cl_rule cl_rule_undefined_config = {
    .code = "CL104", .name = "undefined-config", .category = CL_CAT_CORRECTNESS,
    .severity = CL_SEV_ERROR, .enabled = 1,
    .summary = "A service uses a config that is not declared under the top-level configs",
    .rationale = WHY("config"),
    .bad_example = "services:\n  proxy:\n    image: nginx:1.27\n    configs: [nginx_conf]\n",
    .good_example = "services:\n  proxy:\n    image: nginx:1.27\n    configs: [nginx_conf]\nconfigs:\n  nginx_conf:\n    file: ./nginx.conf\n",
    .options = NULL, .fix = CL_FIX_NONE, .check = check_configs, .needs_project = 1,
};

const cl_rule cl_rule_undefined_service = {
    .code = "CL105", .name = "undefined-service", .category = CL_CAT_CORRECTNESS,
    .severity = CL_SEV_ERROR, .enabled = 1,
    .summary = "depends_on, links, network_mode/pid/ipc service:X, volumes_from or extends names a missing service",
    .rationale = "docker compose refuses a project where a service depends on, links to, shares a namespace "
                 "with, takes volumes from or extends a service that does not exist. depends_on entries with "
                 "'required: false' and extends from another file are not checked. A depends_on entry or an "
                 "extends that the project stage already reports (depends-on-undefined, extends) is not "
                 "reported again: one finding per missing service reference.",
    .bad_example = "services:\n  web:\n    image: nginx:1.27\n    depends_on: [api]\n",
    .good_example = "services:\n  web:\n    image: nginx:1.27\n    depends_on: [api]\n  api:\n    image: api:2\n",
    .options = NULL, .fix = CL_FIX_NONE, .check = check_services, .needs_project = 1,
};
