/* swarm.c - `convert --to swarm`: the normalized project as a stack file that
 * `docker stack deploy` accepts (compose file format 3.x, the lowest 3.x that
 * has every key used, at least 3.8). Top-level networks default to the overlay
 * driver, objects keep their names only when they are not the project-scoped
 * defaults (the stack name scopes them on deploy), the node's external 'host'
 * network is declared when a service has network_mode: host, and everything
 * the v3 swarm loader rejects or ignores is reported (convert-unsupported),
 * never dropped silently. Services are converted in swarm_service.c, each in an
 * arena of its own and rendered at once; the helpers both share are in swarm_kit.c. */
#include <string.h>
#include "../parser/render.h"
#include "swarm_kit.h"

/* ---- top-level objects ---- */

/* True when NAME is the name docker compose gives OBJ by default
 * ("<project>_<obj>"): swarm scopes it with the stack name instead. */
static int default_name(sw_ctx *c, const char *obj, const cl_node *name)
{
    const char *s = cl_em_str(name);
    if (!s) return 1;
    if (name->flags & CL_NF_SYNTH && !cl_node_src(name)) return 1;
    const char *proj = c->p->name ? c->p->name : "";
    size_t pl = strlen(proj);
    return *proj && !strncmp(s, proj, pl) && s[pl] == '_' && !strcmp(s + pl + 1, obj);
}

/* Copies an object's `name` unless it is the project-scoped default (an
 * external object always keeps it). Returns 1 when PR was the name. */
static int put_name(sw_ctx *c, cl_builder *b, const char *obj, const cl_pair *pr, int external)
{
    if (!cl_scalar_is(pr->key, "name")) return 0;
    if (external || !default_name(c, obj, pr->value)) cl_builder_put(b, c->a, "name", sw_str(c, pr->value));
    return 1;
}

static cl_node *network(sw_ctx *c, const char *nm, const cl_node *def)
{
    static const sw_key keys[] = {
        { "driver", 0 }, { "driver_opts", 0 }, { "ipam", 0 }, { "external", 0 },
        { "internal", 0 }, { "attachable", 2 }, { "labels", 0 }, { NULL, 0 } };
    cl_builder b;
    cl_builder_map(&b);
    int external = def && def->kind == CL_MAP && cl_em_true(cl_map_get(def, "external"));
    const cl_pair *drv = def && def->kind == CL_MAP ? cl_map_pair(def, "driver") : NULL;
    const char *driver = drv ? cl_em_str(drv->value) : NULL;
    for (uint32_t i = 0; def && def->kind == CL_MAP && i < def->u.m.n; i++) {
        const cl_pair *pr = &def->u.m.items[i];
        const char *k = cl_em_str(pr->key);
        if (!k) continue;
        if (put_name(c, &b, nm, pr, external)) continue;
        if (!strncmp(k, "x-", 2)) { cl_builder_put(&b, c->a, k, sw_copy(c, pr->value)); continue; }
        if (!strcmp(k, "driver")) continue;   /* below */
        if (!strcmp(k, "ipam") && pr->value && pr->value->kind == CL_MAP) {
            cl_builder ib;
            cl_builder_map(&ib);
            for (uint32_t j = 0; j < pr->value->u.m.n; j++) {
                const cl_pair *ip = &pr->value->u.m.items[j];
                const char *ik = cl_em_str(ip->key);
                if (ik && !strcmp(ik, "driver")) cl_builder_put(&ib, c->a, "driver", sw_str(c, ip->value));
                else if (ik && !strcmp(ik, "config") && ip->value && ip->value->kind == CL_SEQ) {
                    cl_builder cb;
                    cl_builder_seq(&cb);
                    for (uint32_t q = 0; q < ip->value->u.q.n; q++) {
                        const cl_node *pool = ip->value->u.q.items[q];
                        const cl_node *subnet = pool && pool->kind == CL_MAP ? cl_map_get(pool, "subnet") : NULL;
                        for (uint32_t r = 0; pool && pool->kind == CL_MAP && r < pool->u.m.n; r++)
                            if (!cl_scalar_is(pool->u.m.items[r].key, "subnet"))
                                sw_report_top(c, CL_SEV_WARNING, "networks", nm, cl_arena_printf(c->a, "ipam.config.%s", cl_em_str(pool->u.m.items[r].key)),
                                              sw_key_at(&pool->u.m.items[r]), "the swarm loader only reads 'subnet' in an IPAM pool");
                        if (subnet) {
                            cl_builder one;
                            cl_builder_map(&one);
                            cl_builder_put(&one, c->a, "subnet", sw_str(c, subnet));
                            cl_builder_push(&cb, cl_builder_finish(&one, c->a));
                        }
                    }
                    cl_builder_put(&ib, c->a, "config", cl_builder_finish(&cb, c->a));
                } else sw_report_top(c, CL_SEV_WARNING, "networks", nm, cl_arena_printf(c->a, "ipam.%s", ik ? ik : "?"),
                                     sw_key_at(ip), "the swarm loader does not read it");
            }
            cl_builder_put(&b, c->a, "ipam", cl_builder_finish(&ib, c->a));
            continue;
        }
        int m = sw_key_minor(keys, k);
        if (m < 0) {
            sw_report_top(c, CL_SEV_WARNING, "networks", nm, k, sw_key_at(pr),
                          !strcmp(k, "enable_ipv6") ? "stack files (3.x) cannot enable IPv6 on a network; create it beforehand and mark it external"
                                                    : "the swarm stack format (3.x) has no such network option");
            continue;
        }
        sw_need(c, m);
        cl_builder_put(&b, c->a, k, sw_copy(c, pr->value));
    }
    if (!external) {
        if (!driver || !strcmp(driver, "bridge") || !strcmp(driver, "default")) {
            if (driver && drv->value && cl_node_src(drv->value) && !(drv->value->flags & CL_NF_SYNTH))
                sw_report_top(c, CL_SEV_WARNING, "networks", nm, "driver", sw_key_at(drv),
                              "driver '%s' only reaches containers on one host; swarm services need 'overlay', which is used instead", driver);
            cl_builder_put(&b, c->a, "driver", cl_new_str(c->a, "overlay"));
        } else if (!strcmp(driver, "host") || !strcmp(driver, "none")) {
            sw_report_top(c, CL_SEV_WARNING, "networks", nm, "driver", sw_key_at(drv),
                          "swarm cannot create a '%s' network; declare the node's '%s' network as external instead; 'overlay' is used", driver, driver);
            cl_builder_put(&b, c->a, "driver", cl_new_str(c->a, "overlay"));
        } else cl_builder_put(&b, c->a, "driver", sw_str(c, drv->value));
    }
    return cl_builder_finish(&b, c->a);
}

static cl_node *volume(sw_ctx *c, const char *nm, const cl_node *def)
{
    static const sw_key keys[] = {
        { "driver", 0 }, { "driver_opts", 0 }, { "external", 0 }, { "labels", 0 }, { NULL, 0 } };
    cl_builder b;
    cl_builder_map(&b);
    int external = def && def->kind == CL_MAP && cl_em_true(cl_map_get(def, "external"));
    for (uint32_t i = 0; def && def->kind == CL_MAP && i < def->u.m.n; i++) {
        const cl_pair *pr = &def->u.m.items[i];
        const char *k = cl_em_str(pr->key);
        if (!k) continue;
        if (put_name(c, &b, nm, pr, external)) continue;
        if (!strncmp(k, "x-", 2) || sw_key_minor(keys, k) >= 0) {
            cl_builder_put(&b, c->a, k, sw_copy(c, pr->value));
        } else sw_report_top(c, CL_SEV_WARNING, "volumes", nm, k, sw_key_at(pr), "the swarm stack format (3.x) has no such volume option");
    }
    return cl_builder_finish(&b, c->a);
}

/* secrets and configs: a file, or an existing (external) object. */
static cl_node *fileobj(sw_ctx *c, const char *section, const char *nm, const cl_node *def)
{
    static const sw_key skeys[] = {
        { "file", 0 }, { "external", 0 }, { "labels", 0 }, { "driver", 8 }, { "driver_opts", 8 },
        { "template_driver", 8 }, { NULL, 0 } };
    static const sw_key ckeys[] = {
        { "file", 0 }, { "external", 0 }, { "labels", 0 }, { "template_driver", 8 }, { NULL, 0 } };
    const sw_key *keys = !strcmp(section, "secrets") ? skeys : ckeys;
    cl_builder b;
    cl_builder_map(&b);
    int external = def && def->kind == CL_MAP && cl_em_true(cl_map_get(def, "external"));
    int made_external = 0;
    for (uint32_t i = 0; def && def->kind == CL_MAP && i < def->u.m.n; i++) {
        const cl_pair *pr = &def->u.m.items[i];
        const char *k = cl_em_str(pr->key);
        if (!k) continue;
        if (put_name(c, &b, nm, pr, external)) continue;
        if (!strcmp(k, "environment") || !strcmp(k, "content")) {
            sw_report_top(c, CL_SEV_WARNING, section, nm, k, sw_key_at(pr),
                          "a stack file can only take a %s from a file or an existing object; create it first "
                          "(docker %s create) - it is emitted as external", !strcmp(section, "secrets") ? "secret" : "config",
                          !strcmp(section, "secrets") ? "secret" : "config");
            made_external = 1;
        } else if (!strncmp(k, "x-", 2)) {
            cl_builder_put(&b, c->a, k, sw_copy(c, pr->value));
        } else {
            int m = sw_key_minor(keys, k);
            if (m < 0) { sw_report_top(c, CL_SEV_WARNING, section, nm, k, sw_key_at(pr), "the swarm stack format (3.x) has no such option"); continue; }
            sw_need(c, m);
            cl_builder_put(&b, c->a, k, sw_copy(c, pr->value));
        }
    }
    if (made_external && !external) {
        const cl_node *name = def && def->kind == CL_MAP ? cl_map_get(def, "name") : NULL;
        cl_builder_put(&b, c->a, "external", cl_new_bool(c->a, 1));
        if (!cl_map_get(def, "name") || default_name(c, nm, name))
            cl_builder_put(&b, c->a, "name", name && cl_em_str(name) ? sw_str(c, name) : cl_new_str(c->a, nm));
    }
    return cl_builder_finish(&b, c->a);
}

/* The node's own 'host' network, which services with network_mode: host join
 * (docker documents host networking in a stack this way). */
static void host_network(sw_ctx *c, cl_builder *nets)
{
    cl_builder h;
    cl_builder_map(&h);
    cl_builder_put(&h, c->a, "external", cl_new_bool(c->a, 1));
    cl_builder_put(&h, c->a, "name", cl_new_str(c->a, "host"));
    cl_builder_put(nets, c->a, c->host_key, cl_builder_finish(&h, c->a));
}

static cl_node *objects(sw_ctx *c, const char *section, const cl_node *defs)
{
    cl_builder b;
    cl_builder_map(&b);
    for (uint32_t i = 0; i < defs->u.m.n; i++) {
        const cl_pair *pr = &defs->u.m.items[i];
        const char *nm = cl_em_str(pr->key);
        if (!nm) continue;
        cl_node *v;
        if (!strcmp(section, "networks")) v = network(c, nm, pr->value);
        else if (!strcmp(section, "volumes")) v = volume(c, nm, pr->value);
        else v = fileobj(c, section, nm, pr->value);
        cl_builder_set(&b, cl_node_at(cl_new_str(c->a, nm), pr->key), v);
    }
    if (!strcmp(section, "networks") && c->host_used) host_network(c, &b);
    return cl_builder_finish(&b, c->a);
}

static int swarm_emit(const cl_project *p, const cl_emit_opts *o, cl_emit_docs *out, cl_diags *diags)
{
    cl_arena arena;
    cl_arena_init(&arena);
    sw_ctx c = { p, o, diags, &arena, 8, 0, NULL, 0 };
    const cl_node *root = p->root;
    const cl_node *nets = root && root->kind == CL_MAP ? cl_map_get(root, "networks") : NULL;
    static const char *const host_keys[] = { "host", "hostnet", "host_network" };
    for (size_t i = 0; i < 3 && !c.host_key; i++)
        if (!nets || nets->kind != CL_MAP || !cl_map_get(nets, host_keys[i])) c.host_key = host_keys[i];
    if (!c.host_key) c.host_key = "host_network_";
    cl_builder b;
    cl_builder_map(&b);
    /* each service rendered as soon as it is converted, its tree freed with
     * it, and its text handed to the caller's store as the stream grows: the
     * version (known once every service is converted), the services, the
     * other sections, in that order */
    enum { S_HEAD, S_SERVICES, S_TOP, S_COUNT };
    cl_spool *texts = cl_spool_new(out->store, S_COUNT);
    cl_buf *svcs = cl_spool_tail(texts, S_SERVICES);
    const cl_node *services = root && root->kind == CL_MAP ? cl_map_get(root, "services") : NULL;
    cl_arena scratch;          /* emptied after each service: its block stays warm */
    cl_arena_init(&scratch);
    for (uint32_t i = 0; services && services->kind == CL_MAP && i < services->u.m.n; i++) {
        const cl_pair *pr = &services->u.m.items[i];
        const char *nm = cl_em_str(pr->key);
        if (!nm) continue;
        c.a = &scratch;
        cl_node *s = sw_service(&c, nm, pr->value);
        if (s) {
            cl_render_yaml_entry(svcs, cl_new_str(c.a, nm), s, 2);
            cl_spool_flush(texts, S_SERVICES);
        }
        c.a = &arena;
        cl_arena_reset(&scratch);
    }
    cl_arena_free(&scratch);
    for (uint32_t i = 0; root && root->kind == CL_MAP && i < root->u.m.n; i++) {
        const cl_pair *pr = &root->u.m.items[i];
        const char *k = cl_em_str(pr->key);
        if (!k || !strcmp(k, "services")) continue;
        if (!strcmp(k, "networks") || !strcmp(k, "volumes") || !strcmp(k, "secrets") || !strcmp(k, "configs")) {
            if (pr->value && pr->value->kind == CL_MAP && (pr->value->u.m.n || (c.host_used && !strcmp(k, "networks"))))
                cl_builder_put(&b, c.a, k, objects(&c, k, pr->value));
        } else if (!strncmp(k, "x-", 2)) {
            cl_builder_put(&b, c.a, k, sw_copy(&c, pr->value));
        } else if (!strcmp(k, "name")) {
            if (cl_node_src(pr->key))   /* written by the user, not the folder's default */
                sw_report_top(&c, CL_SEV_INFO, NULL, NULL, k, sw_key_at(pr),
                          "a stack's name is given on deploy: docker stack deploy -c FILE %s", cl_em_str(pr->value) ? cl_em_str(pr->value) : "NAME");
        } else if (!strcmp(k, "version")) {
            continue;   /* replaced by the version the stack needs */
        } else {
            sw_report_top(&c, CL_SEV_WARNING, NULL, NULL, k, sw_key_at(pr),
                          !strcmp(k, "models") ? "swarm has no AI models section" : "the swarm stack format (3.x) has no such top-level section");
        }
    }
    if (c.host_used && !(nets && nets->kind == CL_MAP)) {
        cl_builder n;
        cl_builder_map(&n);
        host_network(&c, &n);
        cl_builder_put(&b, c.a, "networks", cl_builder_finish(&n, c.a));
    }
    cl_node *top = cl_builder_finish(&b, c.a);
    /* version first, then services, then the other sections in source order */
    int rc = c.failed;
    if (!rc) {
        cl_buf *o = cl_spool_tail(texts, S_HEAD);
        cl_render_yaml_entry(o, cl_new_str(c.a, "version"), cl_new_str(c.a, cl_arena_printf(c.a, "3.%d", c.minor)), 0);
        cl_buf_puts(o, cl_spool_len(texts, S_SERVICES) ? "services:\n" : "services: {}\n");
        if (top->u.m.n) cl_render_yaml(cl_spool_tail(texts, S_TOP), top);
        cl_spool_free(out->spool);
        out->spool = texts;
        cl_emit_docs_add_spooled(out, NULL, 0, cl_spool_start(texts, S_COUNT));
    } else cl_spool_free(texts);
    cl_arena_free(&arena);
    return rc;
}

const cl_emitter cl_emitter_swarm = {
    "swarm", "Docker Swarm stack file for docker stack deploy (compose file format 3.x)", swarm_emit,
};
