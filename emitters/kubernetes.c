/* kubernetes.c - `convert --to kubernetes`: the emitter entry point. Checks
 * the options, names every object, hands the sections and services to the
 * parts (k8s_storage.c, k8s_workload.c, k8s_network.c) and returns one
 * multi-document YAML stream, or one named document per object when -o names
 * a directory. For those, each service is built in an arena of its own and its
 * objects rendered as soon as they are final (memory does not hold every
 * object's tree), on a second thread while the next services are converted
 * (render_thread.c); the layouts (k8s_objects) get the trees. The helpers the
 * parts share are in k8s_kit.c. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "k8s.h"
#include "render_thread.h"
#include "k8s_layout.h"
#include "../parser/render.h"

/* ---------- output ---------- */

/* The objects in output order: by order, in the order emitted within one
 * (each one's place in the list). Each one's place is counted
 * (the objects of the orders before it, and of its own before it), then they
 * are moved there in place, a cycle at a time: a comparison sort of 60,000
 * objects cost the converter's thread 3 ms, and a second list of them as
 * much memory again. */
static void sort_objs(k8s *k)
{
    size_t at[K8S_ORD_COUNT + 1] = { 0 };
    for (size_t i = 0; i < k->nobjs; i++) at[k->objs[i].order + 2]++;   /* order -1 (the Namespace) first */
    for (int c = 1; c <= K8S_ORD_COUNT; c++) at[c] += at[c - 1];
    uint32_t *to = malloc((k->nobjs ? k->nobjs : 1) * sizeof *to);
    if (!to) abort();
    for (size_t i = 0; i < k->nobjs; i++) to[i] = (uint32_t)at[k->objs[i].order + 1]++;
    for (size_t i = 0; i < k->nobjs; i++)
        while (to[i] != i) {   /* the object here goes to its place; the one there comes here */
            uint32_t j = to[i];
            k8s_obj o = k->objs[j];
            k->objs[j] = k->objs[i];
            k->objs[i] = o;
            to[i] = to[j];
            to[j] = j;
        }
    free(to);
}

/* ---------- entry ---------- */

static int check_opts(k8s *k)
{
    const cl_emit_opts *o = k->o;
    if (o->controller && strcmp(o->controller, "deployment") && strcmp(o->controller, "statefulset"))
        k8s_error(k, NULL, "--controller takes deployment or statefulset, got '%s'", o->controller);
    if (o->namespace_ && (strcmp(k8s_name(k, o->namespace_), o->namespace_) != 0))
        k8s_error(k, NULL, "--namespace '%s' is not a valid Kubernetes namespace (lowercase letters, digits and '-', at most 63)", o->namespace_);
    if (o->service_type && strcmp(o->service_type, "ClusterIP") && strcmp(o->service_type, "NodePort") && strcmp(o->service_type, "LoadBalancer"))
        k8s_error(k, NULL, "--service-type takes ClusterIP, NodePort or LoadBalancer, got '%s'", o->service_type);
    if (o->pvc_size && !k8s_quantity_ok(o->pvc_size))
        k8s_error(k, NULL, "--pvc-size '%s' is not a Kubernetes quantity (e.g. 10Gi)", o->pvc_size);
    if (o->storage_class && strcmp(k8s_name(k, o->storage_class), o->storage_class) && !strchr(o->storage_class, '.'))
        k8s_error(k, NULL, "--storage-class '%s' is not a valid Kubernetes name", o->storage_class);
    return k->failed;
}

/* service keys converted by the storage and network parts; the rest, and
 * those not converted, in the workload's table */
static const cl_em_key part_keys[] = {
    { "volumes", k8s_pod_storage, 0, NULL }, { "secrets", k8s_pod_storage, 0, NULL }, { "configs", k8s_pod_storage, 0, NULL },
    { "tmpfs", k8s_pod_storage, 0, NULL }, { "shm_size", k8s_pod_storage, 0, NULL },
    { "ports", k8s_pod_network, 0, NULL }, { "expose", k8s_pod_network, 0, NULL }, { "networks", k8s_pod_network, 0, NULL },
    { "network_mode", k8s_pod_network, 0, NULL }, { "links", k8s_pod_network, 0, NULL },
    { NULL, NULL, 0, NULL } };

/* One service (NAME its Kubernetes name): every key to the part that converts it, then the
 * workload and its Service. */
static const cl_em_key *const tables[] = { part_keys, k8s_workload_keys, NULL };

/* Stream mode: a service's keys not converted (tens of thousands of findings
 * on a big project) are reported on the render thread, into K->LATER_D, joined
 * to the findings once it is done: they are sorted before they are shown, by
 * place, code and message, so where they were added does not show. */
typedef struct k8s_unsup { const cl_em_key *row; const char *svc, *key; const cl_node *at; } k8s_unsup;
typedef struct unsup_list { cl_diags *d; size_t n; k8s_unsup v[]; } unsup_list;

static void unsupported(void *ctx, const cl_em_key *row, const char *key, const cl_node *at)
{
    k8s_pod *pod = ctx;
    k8s *k = pod->k;
    if (!k->renderer || k->a == k->keep) { cl_em_unsupported(k->d, row->sev, K8S, pod->svc, key, at, "%s", row->why); return; }
    if (k->nunsup == k->capunsup) {
        k->capunsup = k->capunsup ? 2 * k->capunsup : 16;
        k->unsup = realloc(k->unsup, k->capunsup * sizeof *k->unsup);
        if (!k->unsup) abort();
    }
    k->unsup[k->nunsup++] = (k8s_unsup){ row, pod->svc, key, at };
}

/* On the render thread: the findings of an unsup_list (in the service's arena). */
static cl_node *report_unsupported(void *ctx, cl_arena *a)
{
    (void)a;
    const unsup_list *l = ctx;
    for (size_t i = 0; i < l->n; i++)
        cl_em_unsupported(l->d, l->v[i].row->sev, K8S, l->v[i].svc, l->v[i].key, l->v[i].at, "%s", l->v[i].row->why);
    return NULL;
}

static void convert_service(k8s *k, const char *svc, const char *name, const cl_node *def)
{
    k8s_pod pod;
    k8s_pod_init(k, &pod, svc, name, def);
    cl_em_walk_in(k->d, K8S, svc, def, &k->keys, &pod);
    k8s_kompose_before(k, &pod);
    /* kompose's labels edit the objects made from the pod once they are made:
     * only without them are the objects final as they are made */
    k->later_ok = k->renderer && k->a != k->keep && !pod.kompose;
    k8s_workload(k, &pod);
    k8s_pod_service(k, &pod);
    k->later_ok = 0;
    k8s_kompose_after(k, &pod);
    cl_builder_discard(&pod.labels);
    cl_builder_discard(&pod.net_labels);
    cl_strmap_free(&pod.ports_seen);
}

/* The Namespace of --namespace, first in the output. */
static void emit_namespace(k8s *k)
{
    cl_builder b, meta;
    cl_builder_map(&meta);
    k8s_put_str(k, &meta, "name", k->o->namespace_);
    k8s_put(k, &meta, "labels", k8s_std_labels(k, NULL));
    k8s_begin(k, &b, "v1", "Namespace", cl_builder_finish(&meta, k->a));
    k8s_emit(k, &b, K8S_ORD_NAMESPACE, "Namespace", k->o->namespace_);
}

/* Renders OB behind "---\n" at the end of TEXTS' stream of its order. */
static void render_obj(k8s_obj *ob, cl_spool *texts)
{
    cl_em_render_now(texts, ob->order + 1, "---\n", ob->node, &ob->text_at, &ob->text_len);
    ob->node = NULL;
}

/* Stream mode: the objects emitted since the last call, now final, rendered in
 * the order they were emitted (their trees die with the service's arena), except
 * the claims, which later services and k8s_kompose_top may still edit: kept as
 * long-lived trees. Those left to the render thread (k8s_emit_built) are built
 * there too. The render thread gets them with the next hand-over. */
static void queue(k8s *k)
{
    if (k->nunsup) {   /* copied into the service's arena, which the render thread has until they are reported */
        unsup_list *l = cl_arena_alloc(k->a, sizeof *l + k->nunsup * sizeof *l->v);
        l->d = &k->later_d;
        l->n = k->nunsup;
        memcpy(l->v, k->unsup, k->nunsup * sizeof *l->v);
        cl_em_render_build(k->renderer, report_unsupported, l, k->texts, 0, "");
        k->nunsup = 0;
    }
    size_t i = k->nobjs, later = 0;
    while (i > 0 && k->objs[i - 1].fresh) i--;
    for (; i < k->nobjs; i++) {
        k8s_obj *ob = &k->objs[i];
        if (ob->fresh == 2)
            ob->render_id = (uint32_t)cl_em_render_build(k->renderer, k8s_later_run, k->later[later++], k->texts, ob->order + 1, "---\n");
        else if (!strcmp(ob->kind, "PersistentVolumeClaim")) {
            if (k->a != k->keep) ob->node = k8s_keep_tree(k, ob->node);
        } else if (k->renderer) {
            ob->render_id = (uint32_t)cl_em_render(k->renderer, ob->node, k->texts, ob->order + 1, "---\n");
            ob->node = NULL;
        } else render_obj(ob, k->texts);
        ob->fresh = 0;
    }
    k->nlater = 0;
}

/* queue, and the render thread has them now. */
static void settle(k8s *k)
{
    queue(k);
    if (k->renderer) cl_em_render_go(k->renderer);
}

/* Waits for the render thread, and files where each object's text went. */
static void renderer_done(k8s *k)
{
    if (!k->renderer) return;
    cl_em_renderer_finish(k->renderer);
    for (size_t i = 0; i < k->nobjs; i++)
        if (k->objs[i].render_id) cl_em_rendered(k->renderer, k->objs[i].render_id, &k->objs[i].text_at, &k->objs[i].text_len);
    cl_em_renderer_free(k->renderer);
    k->renderer = NULL;
}

/* The objects of P, in output order; with TEXTS (K8S_ORD_COUNT streams), objects
 * are rendered there as soon as they are final (their NODE is NULL), each
 * service's trees built in an arena of its own. */
static int convert(const cl_project *p, const cl_emit_opts *o, cl_arena *arena, cl_spool *texts,
                   k8s_obj **objs, size_t *nobjs, cl_diags *d)
{
    k8s k;
    memset(&k, 0, sizeof k);
    k.a = k.keep = arena; k.texts = texts; k.p = p; k.o = o; k.d = d;
    k.controller = o->controller ? o->controller : "deployment";
    k.service_type = "ClusterIP";
    cl_em_keys_init(&k.keys, tables);
    k.keys.unsupported = unsupported;
    cl_diags_init(&k.later_d);
    /* the texts are rendered on a second thread while the next services are converted */
    if (texts) k.renderer = cl_em_renderer_start();
    int rc = 0;
    const char **names = NULL;     /* by service index: its Kubernetes name */
    if (check_opts(&k)) { rc = 1; goto done; }
    const cl_node *root = p->root;
    if (!root || root->kind != CL_MAP) { k8s_error(&k, root, "the project is empty"); rc = 1; goto done; }
    const char *pname = p->name ? p->name : cl_em_str(cl_map_get(root, "name"));
    k.project = k8s_label_value(&k, pname ? pname : "compose");
    if (!*k.project) k.project = "compose";

    /* names of everything first, so references agree however they are ordered; each
     * service's kept by its index too (a lookup a service less, in a big table) */
    const cl_node *svcs = cl_map_get(root, "services");
    uint32_t nsvcs = svcs && svcs->kind == CL_MAP ? svcs->u.m.n : 0;
    names = calloc(nsvcs ? nsvcs : 1, sizeof *names);
    if (!names) abort();
    cl_strmap_reserve(&k.svc_names.from, nsvcs);   /* the tables made as big as they will grow */
    cl_strmap_reserve(&k.svc_names.to, nsvcs);
    for (uint32_t i = 0; i < nsvcs; i++)
        if (cl_em_str(svcs->u.m.items[i].key))
            names[i] = k8s_name_of(&k, &k.svc_names, "service", svcs->u.m.items[i].key->u.s.text, svcs->u.m.items[i].key);
    k8s_storage_top(&k);
    if (texts) settle(&k);
    /* each service's trees in an arena of its own: the render thread's, swapped
     * for an emptied one as the service is handed over */
    cl_arena scratch;
    int have_scratch = 0;
    if (svcs && svcs->kind == CL_MAP)
        for (uint32_t i = 0; i < svcs->u.m.n; i++) {
            const cl_pair *pr = &svcs->u.m.items[i];
            if (!cl_em_str(pr->key)) { k8s_error(&k, pr->key, "a service name is not text"); continue; }
            if (pr->value->kind != CL_MAP) { k8s_error(&k, pr->value, "service '%s' is not a mapping", pr->key->u.s.text); continue; }
            const cl_pair *prov = cl_map_pair(pr->value, "provider");
            if (prov) {     /* as the swarm and run targets do: a compose plugin runs it */
                cl_em_unsupported(d, CL_SEV_WARNING, K8S, pr->key->u.s.text, "provider", prov->key,
                                  "provider services are run by docker compose plugins; no workload is made: "
                                  "create what it provides in the cluster");
                continue;
            }
            if (!texts) { convert_service(&k, pr->key->u.s.text, names[i], pr->value); continue; }
            if (!have_scratch) {
                if (k.renderer) cl_em_render_arena(k.renderer, &scratch);
                else cl_arena_init(&scratch);
                have_scratch = 1;
            }
            k.a = &scratch;
            convert_service(&k, pr->key->u.s.text, names[i], pr->value);
            queue(&k);
            k.a = k.keep;
            if (k.renderer) cl_em_render_next_arena(k.renderer, &scratch);
            else cl_arena_reset(&scratch);
        }
    if (have_scratch) cl_arena_free(&scratch);
    k8s_kompose_top(&k);
    k8s_network_top(&k);
    if (texts) settle(&k);
    /* top-level keys with no Kubernetes meaning */
    for (uint32_t i = 0; i < root->u.m.n; i++) {
        const char *key = cl_em_str(root->u.m.items[i].key);
        if (!key || !strcmp(key, "services") || !strcmp(key, "volumes") || !strcmp(key, "networks") || !strcmp(key, "secrets") ||
            !strcmp(key, "configs") || !strcmp(key, "name") || !strcmp(key, "version") || !strncmp(key, "x-", 2)) continue;
        cl_diag *g = cl_diag_add(d, CL_SEV_WARNING, "convert-unsupported", cl_node_span(root->u.m.items[i].key),
                                 "%s: top-level '%s' is not converted: it has no Kubernetes equivalent", K8S, key);
        cl_diag_set_path(g, key);
    }
    if (k.failed) { rc = 1; goto done; }
    if (!k.nobjs) {
        cl_diag_add(d, CL_SEV_WARNING, "convert-empty", cl_node_span(root), "%s: the project has no services: nothing to convert", K8S);
        goto done;
    }
    if (o->namespace_) emit_namespace(&k);
    if (texts) settle(&k);
    sort_objs(&k);
done:
    free(names);
    renderer_done(&k);
    cl_diags_move(d, &k.later_d);
    if (rc) { free(k.objs); k.objs = NULL; k.nobjs = 0; }
    *objs = k.objs; *nobjs = k.nobjs;
    k8s_names *tabs[] = { &k.svc_names, &k.vol_names, &k.secret_names, &k.config_names };
    for (size_t i = 0; i < sizeof tabs / sizeof *tabs; i++) k8s_names_free(tabs[i]);
    cl_strmap_free(&k.vol_users);
    cl_strmap_free(&k.alias_owners);
    cl_strmap_free(&k.claim_users);
    cl_strmap_free(&k.bind_stats);
    free(k.later);
    free(k.unsup);
    cl_em_keys_free(&k.keys);
    k8s_reach_free(&k);
    return rc;
}

int k8s_objects(const cl_project *p, const cl_emit_opts *o, cl_arena *arena, k8s_obj **objs, size_t *nobjs, cl_diags *d)
{
    return convert(p, o, arena, NULL, objs, nobjs, d);
}

/* Renders again the stream of one order, whose objects are OBJS[AT..END) (sorted),
 * with those still trees: the texts as they are, the trees rendered. */
static void rerender(k8s_obj *objs, size_t at, size_t end, cl_spool *texts)
{
    int stream = objs[at].order + 1;
    uint64_t start = cl_spool_start(texts, stream);
    cl_buf fresh;
    cl_buf_init(&fresh);
    for (size_t i = at; i < end; i++) {
        cl_buf_puts(&fresh, "---\n");
        size_t from = fresh.len;
        if (objs[i].node) cl_render_yaml(&fresh, objs[i].node);
        else cl_spool_read(texts, start + objs[i].text_at, objs[i].text_len, &fresh);
        objs[i].node = NULL;
        objs[i].text_at = from;
        objs[i].text_len = fresh.len - from;
    }
    cl_spool_replace(texts, stream, &fresh);
    cl_spool_flush(texts, stream);
}

const char *k8s_file_name(cl_arena *a, const k8s_obj *o)
{
    char *kind = cl_arena_strdup(a, o->kind);
    for (char *c = kind; *c; c++) *c = (char)tolower((unsigned char)*c);
    return cl_arena_printf(a, "%s-%s.yaml", o->name, kind);
}

static int emit_kubernetes(const cl_project *p, const cl_emit_opts *o, cl_emit_docs *out, cl_diags *d)
{
    cl_arena arena;
    cl_arena_init(&arena);
    k8s_obj *objs;
    size_t n;
    /* the texts go to the caller's store as they are rendered: memory holds a chunk per order */
    cl_spool *texts = cl_spool_new(out->store, K8S_ORD_COUNT);
    int rc = convert(p, o, &arena, texts, &objs, &n, d);
    /* the claims, still trees, rendered in order: a stream holds one order's texts in output order */
    for (size_t s = 0, e; s < n; s = e) {
        int trees = 0;
        for (e = s; e < n && objs[e].order == objs[s].order; e++) trees |= objs[e].node != NULL;
        if (trees) rerender(objs, s, e, texts);
    }
    cl_spool_free(out->spool);
    out->spool = texts;
    if (o->output_dir) {   /* one file per object (<name>-<kind>.yaml) */
        uint64_t start[K8S_ORD_COUNT];
        for (int c = 0; c < K8S_ORD_COUNT; c++) start[c] = cl_spool_start(texts, c);
        for (size_t i = 0; i < n; i++)
            cl_emit_docs_add_spooled(out, k8s_file_name(&arena, &objs[i]), start[objs[i].order + 1] + objs[i].text_at, objs[i].text_len);
    } else if (n)          /* the one stream: every order's, less the first "---\n" */
        cl_emit_docs_add_spooled(out, NULL, 4, cl_spool_start(texts, K8S_ORD_COUNT) - 4);
    free(objs);
    cl_arena_free(&arena);
    return rc;
}

const cl_emitter cl_emitter_kubernetes = {
    "kubernetes", "Kubernetes manifests (Deployments, Services, PVCs, ConfigMaps, Secrets, NetworkPolicies)",
    emit_kubernetes,
};
