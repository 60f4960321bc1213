/* run.c - `convert --to run`: one POSIX sh script that brings the project up
 * with the plain docker CLI (`up`, the default) and takes it down again
 * (`down [--volumes]`); `build` builds the images of services with `build:`
 * and `push` pushes them (named by cl_em_image, common.h). Networks and named volumes are created before the
 * containers, services start in depends_on order (a cycle is an error), and
 * service_healthy / service_completed_successfully dependencies are waited
 * for. Flags come from run_service.c; quoting from run_kit.c. */
#include "emitter.h"
#include "common.h"
#include "run_kit.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TARGET "docker run"

#define S run_s

/* Whether scalar N's text is not exactly its len bytes up to a NUL (what
 * strlen(text) != len says), read without a call for short texts: this
 * looks at every scalar of the project. */
static int scalar_nul(const cl_node *n)
{
    const char *t = n->u.s.text;
    uint32_t len = n->u.s.len;
    if (!t) return 0;
    if (t[len]) return 1;   /* strlen would run past len */
    if (len > 32) return memchr(t, 0, len) != NULL;
    for (uint32_t i = 0; i < len; i++) if (!t[i]) return 1;
    return 0;
}

/* A NUL byte cannot travel in an argument: refuse such values up front
 * (the first one in document order). */
static int find_nul(const cl_node *n, const cl_node **at)
{
    if (!n) return 0;
    if (n->kind == CL_SCALAR) {
        if (scalar_nul(n)) { *at = n; return 1; }
        return 0;
    }
    if (n->kind == CL_MAP) {
        for (uint32_t i = 0; i < n->u.m.n; i++) {
            const cl_node *k = n->u.m.items[i].key, *v = n->u.m.items[i].value;
            if (k && (k->kind == CL_SCALAR ? scalar_nul(k) && (*at = k) : find_nul(k, at))) return 1;
            if (v && (v->kind == CL_SCALAR ? scalar_nul(v) && (*at = v) : find_nul(v, at))) return 1;
        }
    } else if (n->kind == CL_SEQ) {
        for (uint32_t i = 0; i < n->u.q.n; i++) {
            const cl_node *v = n->u.q.items[i];
            if (v && (v->kind == CL_SCALAR ? scalar_nul(v) && (*at = v) : find_nul(v, at))) return 1;
        }
    }
    return 0;
}

/* find_nul over the whole project on a second thread: it only reads the
 * tree, and on 10,000 services its walk (a cache miss a node) took about a
 * tenth of the conversion, which now goes on meanwhile. */
typedef struct nul_walk { const cl_node *root, *at; int found; } nul_walk;

static void *nul_walk_run(void *arg)
{
    nul_walk *w = arg;
    w->found = find_nul(w->root, &w->at);
    return NULL;
}

typedef struct svc_info {
    const char *name;
    const cl_node *node;
    int replicas;
    int state;        /* topological sort: 0 new, 1 on the stack, 2 done */
} svc_info;

typedef struct layout {
    run_ctx x;
    svc_info *sv;
    uint32_t n;
    uint32_t *order;  /* service indexes in start order */
    uint32_t norder;
    uint32_t *slot, mask;  /* names hashed: index + 1 of the first service so named, 0 empty */
} layout;

/* The first service named NAME, or -1: a hash probe, not a scan, since every
 * service asks for each of its dependencies (20,000 services took 4.4x the
 * time of 10,000 when it scanned). */
static int svc_index(layout *L, const char *name)
{
    for (uint32_t h = cl_hash(name, strlen(name)) & L->mask; L->slot[h]; h = (h + 1) & L->mask)
        if (!strcmp(L->sv[L->slot[h] - 1].name, name)) return (int)(L->slot[h] - 1);
    return -1;
}

static void svc_index_build(layout *L, cl_arena *a)
{
    uint32_t cap = 16;
    while (cap < 2 * L->n) cap *= 2;
    L->mask = cap - 1;
    L->slot = cl_arena_alloc(a, cap * sizeof *L->slot);
    memset(L->slot, 0, cap * sizeof *L->slot);
    for (uint32_t i = 0; i < L->n; i++) {
        uint32_t h = cl_hash(L->sv[i].name, strlen(L->sv[i].name)) & L->mask;
        while (L->slot[h] && strcmp(L->sv[L->slot[h] - 1].name, L->sv[i].name)) h = (h + 1) & L->mask;
        if (!L->slot[h]) L->slot[h] = i + 1;
    }
}

/* Services NAME must come after: depends_on, plus network_mode: service:X,
 * volumes_from and links, which docker needs to exist first. Calls FN for
 * each with the node to blame. Returns the number of edges. */
typedef void (*edge_fn)(layout *L, uint32_t from, int to, const char *dep, const cl_node *at, void *arg);

static void each_edge(layout *L, uint32_t i, edge_fn fn, void *arg)
{
    const cl_node *s = L->sv[i].node;
    const cl_node *dep = cl_map_get(s, "depends_on");
    if (dep && dep->kind == CL_MAP)
        for (uint32_t k = 0; k < dep->u.m.n; k++) {
            const char *d = run_key(dep->u.m.items[k].key);
            int req = 1;
            const cl_node *r = cl_map_get(dep->u.m.items[k].value, "required");
            if (r && !cl_em_true(r)) req = 0;
            int j = svc_index(L, d);
            if (j < 0 && !req) continue;
            fn(L, i, j, d, dep->u.m.items[k].key, arg);
        }
    else if (dep && dep->kind == CL_SEQ)
        for (uint32_t k = 0; k < dep->u.q.n; k++) {
            const char *d = S(dep->u.q.items[k]);
            if (d) fn(L, i, svc_index(L, d), d, dep->u.q.items[k], arg);
        }
    const char *nm = S(cl_map_get(s, "network_mode"));
    if (nm && !strncmp(nm, "service:", 8)) fn(L, i, svc_index(L, nm + 8), nm + 8, cl_map_get(s, "network_mode"), arg);
    static const char *const lists[] = { "volumes_from", "links" };
    for (int t = 0; t < 2; t++) {
        const cl_node *l = cl_map_get(s, lists[t]);
        for (uint32_t k = 0; l && l->kind == CL_SEQ && k < l->u.q.n; k++) {
            const char *v = S(l->u.q.items[k]);
            if (!v || !strncmp(v, "container:", 10)) continue;
            size_t len = strcspn(v, ":");
            char *d = cl_arena_strndup(L->x.a, v, len);
            fn(L, i, svc_index(L, d), d, l->u.q.items[k], arg);
        }
    }
}

static void visit(layout *L, uint32_t i, const cl_node *via);

static void edge_visit(layout *L, uint32_t from, int to, const char *dep, const cl_node *at, void *arg)
{
    (void)arg;
    if (to < 0) {
        L->x.svc = L->sv[from].name;
        run_err(&L->x, "depends_on", at, "depends on '%s', which is not a service of this project", dep);
        return;
    }
    if (L->sv[to].state == 1) {
        cl_diag *g = cl_diag_add(L->x.d, CL_SEV_ERROR, "convert-cycle", cl_node_span(at),
                                 "service '%s' depends on '%s', which (directly or not) depends on '%s': no start order exists",
                                 L->sv[from].name, dep, L->sv[from].name);
        cl_diag_set_path(g, cl_arena_printf(L->x.a, "services.%s.depends_on", L->sv[from].name));
        L->x.errors++;
        return;
    }
    visit(L, (uint32_t)to, at);
}

static void visit(layout *L, uint32_t i, const cl_node *via)
{
    (void)via;
    if (L->sv[i].state) return;
    L->sv[i].state = 1;
    each_edge(L, i, edge_visit, NULL);
    L->sv[i].state = 2;
    L->order[L->norder++] = i;
}

static const char *SCRIPT_HEAD =
    "set -eu\n"
    "\n"
    "usage() {\n"
    "    echo \"usage: $0 [up | down [--volumes] | build | push]\" >&2\n"
    "    exit 2\n"
    "}\n"
    "\n"
    "# exists KIND NAME: whether the docker object exists\n"
    "exists() {\n"
    "    docker \"$1\" inspect -- \"$2\" >/dev/null 2>&1\n"
    "}\n"
    "\n"
    "# remove_container NAME [--volumes]\n"
    "remove_container() {\n"
    "    if exists container \"$1\"; then\n"
    "        if [ \"${2:-}\" = --volumes ]; then docker rm --force --volumes -- \"$1\" >/dev/null\n"
    "        else docker rm --force -- \"$1\" >/dev/null; fi\n"
    "    fi\n"
    "}\n"
    "\n"
    "# wait_healthy CONTAINER SECONDS: waits for its healthcheck to pass\n"
    "wait_healthy() {\n"
    "    waited=0\n"
    "    while :; do\n"
    "        status=$(docker inspect --format '{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' -- \"$1\")\n"
    "        case $status in\n"
    "            healthy) return 0 ;;\n"
    "            none) echo \"$1 has no healthcheck to wait for\" >&2; return 1 ;;\n"
    "            unhealthy) echo \"$1 is unhealthy\" >&2; return 1 ;;\n"
    "        esac\n"
    "        waited=$((waited + 1))\n"
    "        if [ \"$waited\" -ge \"$2\" ]; then\n"
    "            echo \"$1 is not healthy after $2 seconds\" >&2\n"
    "            return 1\n"
    "        fi\n"
    "        sleep 1\n"
    "    done\n"
    "}\n"
    "\n"
    "# wait_completed CONTAINER: waits for it to exit, and fails unless it exited 0\n"
    "wait_completed() {\n"
    "    code=$(docker wait -- \"$1\")\n"
    "    if [ \"$code\" != 0 ]; then\n"
    "        echo \"$1 exited with code $code\" >&2\n"
    "        return 1\n"
    "    fi\n"
    "}\n";

/* Seconds to wait for a service's healthcheck: start period plus retries
 * rounds of interval and timeout, and a minute of slack. */
static long long health_limit(layout *L, const cl_node *svc)
{
    const cl_node *h = cl_map_get(svc, "healthcheck");
    long long interval = 30000000000LL, timeout = 30000000000LL, start = 0, retries = 3, ns;
    if (run_dur_ns(cl_map_get(h, "interval"), &ns)) interval = ns;
    if (run_dur_ns(cl_map_get(h, "timeout"), &ns)) timeout = ns;
    if (run_dur_ns(cl_map_get(h, "start_period"), &ns)) start = ns;
    const cl_node *r = cl_map_get(h, "retries");
    if (r && S(r)) retries = atoll(S(r));
    if (retries < 1) retries = 1;
    if (retries > 1000) retries = 1000;
    (void)L;
    long long secs = (start + (interval + timeout) * (retries + 1)) / 1000000000LL + 60;
    return secs > 86400 ? 86400 : secs;
}

static void line(cl_buf *out, const char *indent, const char *fn, const char *arg, const char *arg2)
{
    cl_buf_puts(out, indent);
    cl_buf_puts(out, fn);
    cl_buf_putc(out, ' ');
    cl_sh_quote(out, arg, strlen(arg));
    if (arg2) { cl_buf_putc(out, ' '); cl_buf_puts(out, arg2); }
    cl_buf_putc(out, '\n');
}

static void top_labels(layout *L, run_cmd *c, const char *kind, const char *key, const cl_node *def)
{
    run_flag_join(c, "--label", "com.docker.compose.project=", L->x.project, NULL);
    run_flag_join(c, "--label", "com.docker.compose.", kind, run_join(L->x.a, "=", key, NULL));
    const cl_node *lab = cl_map_get(def, "labels");
    if (!lab) return;
    if (lab->kind == CL_MAP)
        for (uint32_t i = 0; i < lab->u.m.n; i++)
            run_flag_join(c, "--label", run_key(lab->u.m.items[i].key), "=", S(lab->u.m.items[i].value));
    else if (lab->kind == CL_SEQ)
        for (uint32_t i = 0; i < lab->u.q.n; i++) if (S(lab->u.q.items[i])) run_flag(c, "--label", S(lab->u.q.items[i]));
}

static void opts(run_cmd *c, const char *flag, const cl_node *m)
{
    for (uint32_t i = 0; m && m->kind == CL_MAP && i < m->u.m.n; i++)
        run_flag_join(c, flag, run_key(m->u.m.items[i].key), "=", S(m->u.m.items[i].value));
}

static void top_unsup(layout *L, const char *section, const char *name, const cl_pair *pr, const char *why)
{
    cl_em_unsupported_top(L->x.d, CL_SEV_WARNING, TARGET, section, name, run_key(pr->key), pr->key, "%s", why);
}

/* `docker network create` for one declared, non-external network. */
static int network_cmd(layout *L, run_cmd *c, const char *key, const cl_node *def, const char **name)
{
    *name = S(cl_map_get(def, "name"));
    if (!*name) *name = cl_arena_printf(L->x.a, "%s_%s", L->x.project, key);
    if (cl_em_true(cl_map_get(def, "external"))) return 0;
    run_arg(c, "docker"); run_arg(c, "network"); run_arg(c, "create");
    for (uint32_t i = 0; def && def->kind == CL_MAP && i < def->u.m.n; i++) {
        const cl_pair *pr = &def->u.m.items[i];
        const char *k = run_key(pr->key);
        const cl_node *v = pr->value;
        if (!strcmp(k, "driver") && S(v)) run_flag(c, "--driver", S(v));
        else if (!strcmp(k, "driver_opts")) opts(c, "--opt", v);
        else if (!strcmp(k, "attachable")) { if (cl_em_true(v)) run_arg(c, "--attachable"); }
        else if (!strcmp(k, "internal")) { if (cl_em_true(v)) run_arg(c, "--internal"); }
        else if (!strcmp(k, "enable_ipv6")) run_flag(c, "--ipv6", cl_em_true(v) ? "true" : "false");
        else if (!strcmp(k, "enable_ipv4")) run_flag(c, "--ipv4", cl_em_true(v) ? "true" : "false");
        else if (!strcmp(k, "ipam") && v->kind == CL_MAP) {
            for (uint32_t j = 0; j < v->u.m.n; j++) {
                const char *ik = run_key(v->u.m.items[j].key);
                const cl_node *iv = v->u.m.items[j].value;
                if (!strcmp(ik, "driver") && S(iv)) run_flag(c, "--ipam-driver", S(iv));
                else if (!strcmp(ik, "options")) opts(c, "--ipam-opt", iv);
                else if (!strcmp(ik, "config") && iv->kind == CL_SEQ) {
                    for (uint32_t q = 0; q < iv->u.q.n; q++) {
                        const cl_node *cf = iv->u.q.items[q];
                        for (uint32_t r = 0; cf->kind == CL_MAP && r < cf->u.m.n; r++) {
                            const char *ck = run_key(cf->u.m.items[r].key);
                            const cl_node *cv = cf->u.m.items[r].value;
                            if (!strcmp(ck, "subnet") && S(cv)) run_flag(c, "--subnet", S(cv));
                            else if (!strcmp(ck, "ip_range") && S(cv)) run_flag(c, "--ip-range", S(cv));
                            else if (!strcmp(ck, "gateway") && S(cv)) run_flag(c, "--gateway", S(cv));
                            else if (!strcmp(ck, "aux_addresses")) opts(c, "--aux-address", cv);
                            else top_unsup(L, "networks", key, &cf->u.m.items[r], "docker network create has no such IPAM option");
                        }
                    }
                } else top_unsup(L, "networks", key, &v->u.m.items[j], "docker network create has no such IPAM option");
            }
        } else if (strcmp(k, "name") && strcmp(k, "labels") && strcmp(k, "external") && strncmp(k, "x-", 2))
            top_unsup(L, "networks", key, pr, "docker network create has no such option");
    }
    top_labels(L, c, "network", key, def);
    run_arg(c, "--");
    run_arg(c, *name);
    return 1;
}

static int volume_cmd(layout *L, run_cmd *c, const char *key, const cl_node *def, const char **name)
{
    *name = S(cl_map_get(def, "name"));
    if (!*name) *name = cl_arena_printf(L->x.a, "%s_%s", L->x.project, key);
    if (cl_em_true(cl_map_get(def, "external"))) return 0;
    run_arg(c, "docker"); run_arg(c, "volume"); run_arg(c, "create");
    for (uint32_t i = 0; def && def->kind == CL_MAP && i < def->u.m.n; i++) {
        const cl_pair *pr = &def->u.m.items[i];
        const char *k = run_key(pr->key);
        if (!strcmp(k, "driver") && S(pr->value)) run_flag(c, "--driver", S(pr->value));
        else if (!strcmp(k, "driver_opts")) opts(c, "--opt", pr->value);
        else if (strcmp(k, "name") && strcmp(k, "labels") && strcmp(k, "external") && strncmp(k, "x-", 2))
            top_unsup(L, "volumes", key, pr, "docker volume create has no such option");
    }
    top_labels(L, c, "volume", key, def);
    run_arg(c, "--");
    run_arg(c, *name);
    return 1;
}

static void sanitize_comment(cl_buf *out, const char *s)
{
    for (; *s; s++) cl_buf_putc(out, (unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s);
}

static int emit_run(const cl_project *p, const cl_emit_opts *o, cl_emit_docs *docs, cl_diags *diags)
{
    layout L;
    memset(&L, 0, sizeof L);
    cl_arena arena, scratch;
    cl_arena_init(&arena);
    cl_arena_init(&scratch);
    L.x.p = p; L.x.a = &arena; L.x.d = diags;
    L.x.no_interpolate = o && o->no_interpolate;
    L.x.o = o;
    L.x.project = p->name ? p->name : S(cl_map_get(p->root, "name"));
    int rc = 1;
    cl_spool *texts = NULL;
    /* while the NUL walk runs, what the conversion says waits in OWN: a
     * NUL found makes it (and the script) void, as when the walk came first */
    cl_diags own, *const said = diags;
    cl_diags_init(&own);
    nul_walk w = { p->root, NULL, 0 };
    pthread_t walker;
    int walking = 0, threaded = 0;
    if (!p->root || p->root->kind != CL_MAP) {
        cl_diag_add(diags, CL_SEV_ERROR, "convert-error", (cl_span){ NULL, 0, 0 }, "the project is empty");
        goto done;
    }
    if (!L.x.project || !*L.x.project) {
        cl_diag_add(diags, CL_SEV_ERROR, "convert-error", cl_node_span(p->root), "the project has no name");
        goto done;
    }
    walking = 1;
    threaded = !pthread_create(&walker, NULL, nul_walk_run, &w);
    if (!threaded) nul_walk_run(&w);
    diags = &own;
    L.x.d = diags;
    const cl_node *services = cl_map_get(p->root, "services");
    if (services && services->kind != CL_MAP) {
        cl_diag_add(diags, CL_SEV_ERROR, "convert-error", cl_node_span(services), "'services' must be a mapping");
        goto done;
    }
    L.n = services ? services->u.m.n : 0;
    L.sv = cl_arena_alloc(&arena, (L.n + 1) * sizeof *L.sv);
    L.order = cl_arena_alloc(&arena, (L.n + 1) * sizeof *L.order);
    for (uint32_t i = 0; i < L.n; i++) {
        L.sv[i].name = run_key(services->u.m.items[i].key);
        L.sv[i].node = services->u.m.items[i].value;
        if (!L.sv[i].name || L.sv[i].node->kind != CL_MAP) {
            cl_diag_add(diags, CL_SEV_ERROR, "convert-error", cl_node_span(services->u.m.items[i].key),
                        "a service must be a mapping");
            goto done;
        }
    }
    svc_index_build(&L, &arena);
    for (uint32_t i = 0; i < L.n; i++) visit(&L, i, NULL);
    for (uint32_t i = 0; i < L.n; i++) {
        L.x.svc = L.sv[i].name; L.x.s = L.sv[i].node;
        L.sv[i].replicas = run_replicas(&L.x);
        if (cl_map_get(L.x.s, "provider")) {
            /* run by a compose plugin, not as a container: left out, said so */
            run_unsup(&L.x, "provider", cl_map_get(L.x.s, "provider"),
                      "provider services are run by compose plugins; the script starts no container for it");
            L.sv[i].replicas = 0;
            continue;
        }
        const char *img;
        cl_em_image_kind ik = cl_em_image(&arena, p, L.x.svc, L.x.s, o, diags, TARGET, &img);
        if (ik == CL_EM_IMAGE_BAD) L.x.errors++;
        else if (ik == CL_EM_IMAGE_NONE) run_err(&L.x, "image", services->u.m.items[i].key, "has neither an image nor a build");
    }
    if (L.x.errors) goto done;

    /* the script goes to the caller's store as it is written, in three
     * streams: the head and the functions before up(); up()'s body (the
     * containers, most of it: 14 MB for 10,000 services, handed on a service
     * at a time); then down() and the rest. PRE holds up()'s networks and
     * volumes, written before the builds are known. */
    enum { R_HEAD, R_UP, R_TAIL, R_COUNT };
    texts = cl_spool_new(docs->store, R_COUNT);
    cl_buf *head = cl_spool_tail(texts, R_HEAD);
    cl_buf pre, down, bld, psh;
    cl_buf_init(&pre); cl_buf_init(&down); cl_buf_init(&bld); cl_buf_init(&psh);
    /* up: networks, volumes, images, then containers in dependency order */
    const cl_node *nets = cl_map_get(p->root, "networks"), *vols = cl_map_get(p->root, "volumes");
    const char **netnames = cl_arena_alloc(&arena, ((nets && nets->kind == CL_MAP ? nets->u.m.n : 0) + 1) * sizeof(char *));
    const char **volnames = cl_arena_alloc(&arena, ((vols && vols->kind == CL_MAP ? vols->u.m.n : 0) + 1) * sizeof(char *));
    size_t nnet = 0, nvol = 0;
    for (uint32_t i = 0; nets && nets->kind == CL_MAP && i < nets->u.m.n; i++) {
        run_cmd c; run_cmd_init(&c, &arena);
        const char *name;
        if (!network_cmd(&L, &c, run_key(nets->u.m.items[i].key), nets->u.m.items[i].value, &name)) continue;
        netnames[nnet++] = name;
        cl_buf_puts(&pre, "    if ! exists network ");
        cl_sh_quote(&pre, name, strlen(name));
        cl_buf_puts(&pre, "; then\n");
        run_cmd_write(&pre, &c, "        ");
        cl_buf_puts(&pre, "    fi\n");
    }
    for (uint32_t i = 0; vols && vols->kind == CL_MAP && i < vols->u.m.n; i++) {
        run_cmd c; run_cmd_init(&c, &arena);
        const char *name;
        if (!volume_cmd(&L, &c, run_key(vols->u.m.items[i].key), vols->u.m.items[i].value, &name)) continue;
        volnames[nvol++] = name;
        cl_buf_puts(&pre, "    if ! exists volume ");
        cl_sh_quote(&pre, name, strlen(name));
        cl_buf_puts(&pre, "; then\n");
        run_cmd_write(&pre, &c, "        ");
        cl_buf_puts(&pre, "    fi\n");
    }
    for (uint32_t oi = 0; oi < L.norder; oi++) {
        svc_info *sv = &L.sv[L.order[oi]];
        L.x.svc = sv->name; L.x.s = sv->node;
        const cl_node *b = cl_map_get(sv->node, "build");
        if (!b || cl_map_get(sv->node, "provider")) continue;
        run_cmd c; run_cmd_init(&c, &arena);
        run_build_cmd(&L.x, &c);
        const char *img = run_image(&L.x, sv->node, sv->name);
        int always = cl_scalar_is(cl_map_get(sv->node, "pull_policy"), "build");
        cl_buf_puts(&bld, "    # image of service ");
        sanitize_comment(&bld, sv->name);
        cl_buf_putc(&bld, '\n');
        if (!always) {   /* up builds only what is missing */
            cl_buf_puts(&bld, "    if [ \"${1:-}\" != --missing ] || ! exists image ");
            cl_sh_quote(&bld, img, strlen(img));
            cl_buf_puts(&bld, "; then\n");
        }
        run_cmd_write(&bld, &c, always ? "    " : "        ");
        if (!always) cl_buf_puts(&bld, "    fi\n");
        cl_buf_puts(&psh, "    docker push -- ");
        cl_sh_quote(&psh, img, strlen(img));
        cl_buf_putc(&psh, '\n');
    }
    cl_buf_puts(head, "#!/bin/sh\n# Project '");
    sanitize_comment(head, L.x.project);
    cl_buf_puts(head, "' for the plain docker CLI, written by compose-lint convert --to run.\n"
                      "# Usage: sh THIS-SCRIPT [up | down [--volumes] | build | push]   (up is the default)\n"
                      "# build: builds the images of the services that have build: (up builds the missing ones)\n"
                      "# push: pushes them (name them with convert --image-prefix / --image-tag)\n");
    cl_buf_puts(head, SCRIPT_HEAD);
    cl_buf_puts(head, "\nbuild() {\n");
    if (bld.len) cl_buf_put(head, bld.data, bld.len); else cl_buf_puts(head, "    :\n");
    cl_buf_puts(head, "}\n\npush() {\n");
    if (psh.len) cl_buf_put(head, psh.data, psh.len); else cl_buf_puts(head, "    :\n");
    cl_buf_puts(head, "}\n\nup() {\n");
    cl_buf *up = cl_spool_tail(texts, R_UP);
    if (pre.len) cl_buf_put(up, pre.data, pre.len);
    if (bld.len) cl_buf_puts(up, "    build --missing\n");
    for (uint32_t oi = 0; oi < L.norder; oi++) {
        uint32_t si = L.order[oi];
        svc_info *sv = &L.sv[si];
        L.x.svc = sv->name; L.x.s = sv->node;
        /* waits this service needs before it starts */
        const cl_node *dep = cl_map_get(sv->node, "depends_on");
        for (uint32_t k = 0; dep && dep->kind == CL_MAP && k < dep->u.m.n; k++) {
            const char *d = run_key(dep->u.m.items[k].key);
            const cl_node *dv = dep->u.m.items[k].value;
            const char *cond = S(cl_map_get(dv, "condition"));
            int j = svc_index(&L, d);
            if (j < 0 || !cond || !strcmp(cond, "service_started")) goto restart_key;
            for (int r = 1; r <= L.sv[j].replicas; r++) {
                const char *cn = run_container_name(&L.x, d, r);
                if (!strcmp(cond, "service_healthy"))
                    line(up, "    ", "wait_healthy", cn, run_lld(&arena, health_limit(&L, L.sv[j].node), NULL));
                else if (!strcmp(cond, "service_completed_successfully"))
                    line(up, "    ", "wait_completed", cn, NULL);
                else { run_err(&L.x, "depends_on", cl_map_get(dv, "condition"), "unknown condition '%s'", cond); break; }
            }
        restart_key:
            if (cl_em_true(cl_map_get(dv, "restart")))
                run_unsup(&L.x, cl_arena_printf(&arena, "depends_on.%s.restart", d), cl_map_get(dv, "restart"),
                          "restarting a service when its dependency restarts is done by compose");
            for (uint32_t q = 0; dv && dv->kind == CL_MAP && q < dv->u.m.n; q++) {
                const char *dk = run_key(dv->u.m.items[q].key);
                if (strcmp(dk, "condition") && strcmp(dk, "restart") && strcmp(dk, "required"))
                    run_unsup(&L.x, cl_arena_printf(&arena, "depends_on.%s.%s", d, dk), dv->u.m.items[q].key, "unknown dependency option");
            }
        }
        if (!sv->replicas) {
            cl_buf_puts(up, cl_map_get(sv->node, "provider") ? "    # service (run by a compose provider): " : "    # service scaled to 0: ");
            sanitize_comment(up, sv->name);
            cl_buf_putc(up, '\n');
        }
        for (int r = 1; r <= sv->replicas; r++) {
            /* a container's command is written and forgotten: its arguments
             * live in SCRATCH, emptied now and then (a few KB a container,
             * 50 MB for 10,000 services when they stayed) */
            run_cmd c; run_cmd_init(&c, &scratch);
            L.x.a = &scratch;
            run_service_cmd(&L.x, &c, r);
            const char *cn = run_container_name(&L.x, sv->name, r);
            cl_buf_puts(up, "    # service ");
            sanitize_comment(up, sv->name);
            cl_buf_putc(up, '\n');
            line(up, "    ", "remove_container", cn, NULL);
            run_cmd_write(up, &c, "    ");
            L.x.a = &arena;
            if (scratch.used_total > (1u << 20)) { cl_arena_free(&scratch); cl_arena_init(&scratch); }
        }
        cl_spool_flush(texts, R_UP);
    }
    /* down: containers in reverse order, then networks, then volumes */
    for (uint32_t oi = L.norder; oi-- > 0;) {
        svc_info *sv = &L.sv[L.order[oi]];
        L.x.svc = sv->name; L.x.s = sv->node;
        for (int r = sv->replicas; r >= 1; r--)
            line(&down, "    ", "remove_container", run_container_name(&L.x, sv->name, r), "\"$volumes\"");
    }
    for (size_t i = 0; i < nnet; i++) {
        cl_buf_puts(&down, "    if exists network ");
        cl_sh_quote(&down, netnames[i], strlen(netnames[i]));
        cl_buf_puts(&down, "; then docker network rm -- ");
        cl_sh_quote(&down, netnames[i], strlen(netnames[i]));
        cl_buf_puts(&down, " >/dev/null; fi\n");
    }
    if (nvol) {
        cl_buf_puts(&down, "    if [ \"$volumes\" = --volumes ]; then\n");
        for (size_t i = 0; i < nvol; i++) {
            cl_buf_puts(&down, "        if exists volume ");
            cl_sh_quote(&down, volnames[i], strlen(volnames[i]));
            cl_buf_puts(&down, "; then docker volume rm -- ");
            cl_sh_quote(&down, volnames[i], strlen(volnames[i]));
            cl_buf_puts(&down, " >/dev/null; fi\n");
        }
        cl_buf_puts(&down, "    fi\n");
    }
    if (L.x.errors) { cl_buf_free(&pre); cl_buf_free(&down); cl_buf_free(&bld); cl_buf_free(&psh); goto done; }

    if (!cl_spool_len(texts, R_UP)) cl_buf_puts(up, "    :\n");
    cl_buf *tail = cl_spool_tail(texts, R_TAIL);
    cl_buf_puts(tail, "}\n\ndown() {\n    volumes=\n    for arg in \"$@\"; do\n"
                      "        case $arg in\n            -v|--volumes) volumes=--volumes ;;\n            *) usage ;;\n"
                      "        esac\n    done\n");
    if (down.len) cl_buf_put(tail, down.data, down.len);
    if (!strstr(down.len ? cl_buf_cstr(&down) : "", "$volumes")) cl_buf_puts(tail, "    : \"$volumes\"   # nothing to remove\n");
    cl_buf_puts(tail, "}\n\ncase ${1:-up} in\n    up) if [ $# -gt 1 ]; then usage; fi; up ;;\n"
                      "    down) shift; down \"$@\" ;;\n"
                      "    build) if [ $# -gt 1 ]; then usage; fi; build ;;\n"
                      "    push) if [ $# -gt 1 ]; then usage; fi; push ;;\n    *) usage ;;\nesac\n");
    cl_buf_free(&pre); cl_buf_free(&down); cl_buf_free(&bld); cl_buf_free(&psh);
    rc = 0;
done:
    if (threaded) pthread_join(walker, NULL);
    if (walking && w.found) {
        cl_diags_free(&own);
        cl_diag_add(said, CL_SEV_ERROR, "convert-error", cl_node_span(w.at),
                    "this value holds a NUL byte, which no command-line argument can carry");
        rc = 1;
    } else cl_diags_move(said, &own);
    if (!rc) {
        cl_spool_free(docs->spool);
        docs->spool = texts;
        cl_emit_docs_add_spooled(docs, NULL, 0, cl_spool_start(texts, R_COUNT));
    } else if (texts) cl_spool_free(texts);
    cl_arena_free(&scratch);
    cl_arena_free(&arena);
    return rc;
}

const cl_emitter cl_emitter_run = {
    "run", "a POSIX sh script of plain docker commands (up / down [--volumes] / build / push)", emit_run
};
