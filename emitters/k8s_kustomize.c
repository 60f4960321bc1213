/* k8s_kustomize.c - `convert --to kubernetes --layout kustomize`: the
 * objects of the first file's project become base/ (a kustomization and one
 * file per object); every further file gets overlays/<stem>/, built on the
 * overlay (or base) before it, holding what turns that project into the
 * project of the files up to this one:
 *   - objects that are new: resource files of the overlay;
 *   - objects that are gone: a `$patch: delete` patch;
 *   - objects that changed: a strategic-merge patch holding only what changed
 *     (a removed key is `key: null`). A list kustomize merges by key
 *     (containers, env, volumes, volumeMounts...) is patched with every
 *     item in the new order (unchanged ones by their key alone: kustomize puts
 *     the patch's items first, in the patch's order) and `$patch: delete` for
 *     the items removed. Any other list that changed is replaced whole by a
 *     JSON 6902 patch (op replace), applied before the strategic merge so its
 *     path indexes the list as the previous layer renders it.
 * With --namespace the objects carry no namespace of their own: every
 * kustomization sets `namespace:` (the base holds the Namespace object). */
#include <stdlib.h>
#include <string.h>
#include "k8s_layout.h"
#include "../parser/render.h"

typedef struct kz {
    cl_arena *a;
    const char *dir;             /* "base" or "overlays/<stem>" */
    cl_emit_docs *out;
    cl_builder ops;              /* JSON 6902 operations of the object being diffed */
} kz;

/* ---------- trees ---------- */

static int node_eq(const cl_node *x, const cl_node *y)
{
    if (x->kind != y->kind) return 0;
    if (x->kind == CL_SCALAR)
        return x->type == y->type && x->u.s.len == y->u.s.len && !memcmp(x->u.s.text, y->u.s.text, x->u.s.len);
    if (x->kind == CL_SEQ) {
        if (x->u.q.n != y->u.q.n) return 0;
        for (uint32_t i = 0; i < x->u.q.n; i++) if (!node_eq(x->u.q.items[i], y->u.q.items[i])) return 0;
        return 1;
    }
    if (x->u.m.n != y->u.m.n) return 0;
    for (uint32_t i = 0; i < x->u.m.n; i++) {
        const cl_node *v = cl_map_get(y, x->u.m.items[i].key->u.s.text);
        if (!v || !node_eq(x->u.m.items[i].value, v)) return 0;
    }
    return 1;
}

/* A copy of map M without KEY (M itself when it has none). */
static cl_node *map_without(cl_arena *a, cl_node *m, const char *key)
{
    if (!m || m->kind != CL_MAP || !cl_map_get(m, key)) return m;
    cl_builder b;
    cl_builder_map(&b);
    for (uint32_t i = 0; i < m->u.m.n; i++)
        if (strcmp(m->u.m.items[i].key->u.s.text, key)) cl_builder_set(&b, m->u.m.items[i].key, m->u.m.items[i].value);
    return cl_builder_finish(&b, a);
}

/* OBJ with metadata.namespace dropped: the kustomizations set it. */
static cl_node *without_namespace(cl_arena *a, cl_node *obj)
{
    const cl_node *meta = cl_map_get(obj, "metadata");
    if (!meta || !cl_map_get(meta, "namespace")) return obj;
    cl_builder b;
    cl_builder_map(&b);
    for (uint32_t i = 0; i < obj->u.m.n; i++) {
        cl_node *v = obj->u.m.items[i].value;
        cl_builder_set(&b, obj->u.m.items[i].key, v == meta ? map_without(a, v, "namespace") : v);
    }
    return cl_builder_finish(&b, a);
}

static const char *str_at(const cl_node *m, const char *key)
{
    const cl_node *v = cl_map_get(m, key);
    return v && v->kind == CL_SCALAR ? v->u.s.text : "";
}

/* ---------- lists kustomize merges by key ---------- */

/* The merge key of list KEY (the Kubernetes API's patchMergeKey), or NULL
 * for a list a strategic merge replaces. Ports are left to JSON 6902: kustomize
 * merges them by port and protocol, new ones first, whatever the patch's order. */
static const char *merge_key(const char *key)
{
    static const char *const keys[][2] = {
        { "containers", "name" }, { "initContainers", "name" }, { "env", "name" }, { "volumes", "name" },
        { "volumeMounts", "mountPath" }, { "hostAliases", "ip" }, { "imagePullSecrets", "name" },
    };
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        if (!strcmp(key, keys[i][0])) return keys[i][1];
    return NULL;
}

/* Does every item of LIST have a distinct scalar MK? */
static int keyed(const cl_node *list, const char *mk)
{
    for (uint32_t i = 0; i < list->u.q.n; i++) {
        const cl_node *it = list->u.q.items[i], *k = it->kind == CL_MAP ? cl_map_get(it, mk) : NULL;
        if (!k || k->kind != CL_SCALAR) return 0;
        for (uint32_t j = 0; j < i; j++) if (node_eq(k, cl_map_get(list->u.q.items[j], mk))) return 0;
    }
    return 1;
}

static const cl_node *item_of(const cl_node *list, const char *mk, const cl_node *key, uint32_t *at)
{
    for (uint32_t i = 0; i < list->u.q.n; i++)
        if (node_eq(cl_map_get(list->u.q.items[i], mk), key)) { if (at) *at = i; return list->u.q.items[i]; }
    return NULL;
}

/* The field that names ITEM in its list. */
static void put_item_key(kz *z, cl_builder *b, const cl_node *item, const char *mk)
{
    cl_builder_put(b, z->a, mk, (cl_node *)cl_map_get(item, mk));
}

/* ---------- the diff ---------- */

static cl_node *diff_map(kz *z, const cl_node *prev, const cl_node *cur, const char *path);

/* "~" and "/" escaped as a JSON pointer token wants them. */
static const char *pointer_token(kz *z, const char *s)
{
    if (!strpbrk(s, "~/")) return s;
    size_t n = strlen(s);
    char *r = cl_arena_alloc(z->a, 2 * n + 1), *w = r;
    for (; *s; s++) {
        if (*s == '~') { *w++ = '~'; *w++ = '0'; }
        else if (*s == '/') { *w++ = '~'; *w++ = '1'; }
        else *w++ = *s;
    }
    *w = 0;
    return r;
}

static void op_replace(kz *z, const char *path, const cl_node *value)
{
    cl_builder op;
    cl_builder_map(&op);
    cl_builder_put(&op, z->a, "op", cl_new_str(z->a, "replace"));
    cl_builder_put(&op, z->a, "path", cl_new_str(z->a, path));
    cl_builder_put(&op, z->a, "value", (cl_node *)value);
    cl_builder_push(&z->ops, cl_builder_finish(&op, z->a));
}

/* The patch of list KEY (at PATH) that changed from PREV to CUR; NULL when it
 * went to a JSON 6902 replace instead. */
static cl_node *diff_list(kz *z, const char *key, const cl_node *prev, const cl_node *cur, const char *path)
{
    const char *mk = merge_key(key);
    if (!mk || !keyed(prev, mk) || !keyed(cur, mk)) { op_replace(z, path, cur); return NULL; }
    cl_builder b;
    cl_builder_seq(&b);
    /* moved, added or removed items, or items with changes the merge makes */
    int changed = prev->u.q.n != cur->u.q.n;
    for (uint32_t i = 0; i < cur->u.q.n; i++) {
        const cl_node *ci = cur->u.q.items[i];
        uint32_t at;
        const cl_node *pi = item_of(prev, mk, cl_map_get(ci, mk), &at);
        if (!pi) { cl_builder_push(&b, (cl_node *)ci); changed = 1; continue; }
        /* the item keeps its key and, inside, what changed; nested paths
         * index the previous list (JSON 6902 patches come first) */
        cl_node *sub = diff_map(z, pi, ci, cl_arena_printf(z->a, "%s/%u", path, at));
        changed |= at != i || sub;
        cl_builder it;
        cl_builder_map(&it);
        put_item_key(z, &it, ci, mk);
        for (uint32_t k = 0; sub && k < sub->u.m.n; k++) cl_builder_set(&it, sub->u.m.items[k].key, sub->u.m.items[k].value);
        cl_builder_push(&b, cl_builder_finish(&it, z->a));
    }
    for (uint32_t i = 0; i < prev->u.q.n; i++) {
        const cl_node *pi = prev->u.q.items[i];
        if (item_of(cur, mk, cl_map_get(pi, mk), NULL)) continue;
        cl_builder it;
        cl_builder_map(&it);
        put_item_key(z, &it, pi, mk);
        cl_builder_put(&it, z->a, "$patch", cl_new_str(z->a, "delete"));
        cl_builder_push(&b, cl_builder_finish(&it, z->a));
    }
    if (!changed) { cl_builder_discard(&b); return NULL; }
    return cl_builder_finish(&b, z->a);
}

/* The strategic-merge patch turning map PREV into CUR (NULL when nothing is
 * left for it); lists it cannot patch go to z->ops. */
static cl_node *diff_map(kz *z, const cl_node *prev, const cl_node *cur, const char *path)
{
    cl_builder b;
    cl_builder_map(&b);
    for (uint32_t i = 0; i < cur->u.m.n; i++) {
        const cl_pair *pr = &cur->u.m.items[i];
        const char *key = pr->key->u.s.text;
        const cl_node *pv = cl_map_get(prev, key);
        if (pv && node_eq(pv, pr->value)) continue;
        cl_node *patch = pr->value;
        const char *sub = pv ? cl_arena_printf(z->a, "%s/%s", path, pointer_token(z, key)) : NULL;
        if (pv && pv->kind == CL_MAP && patch->kind == CL_MAP) patch = diff_map(z, pv, pr->value, sub);
        else if (pv && pv->kind == CL_SEQ && patch->kind == CL_SEQ) patch = diff_list(z, key, pv, pr->value, sub);
        if (patch) cl_builder_set(&b, pr->key, patch);
    }
    for (uint32_t i = 0; i < prev->u.m.n; i++)
        if (!cl_map_get(cur, prev->u.m.items[i].key->u.s.text)) cl_builder_set(&b, prev->u.m.items[i].key, cl_new_null(z->a));
    return b.n ? cl_builder_finish(&b, z->a) : (cl_builder_discard(&b), NULL);
}

/* ---------- the documents ---------- */

static void add_doc(kz *z, const char *file, const cl_node *node)
{
    cl_render_yaml(cl_emit_docs_add(z->out, cl_arena_printf(z->a, "%s/%s", z->dir, file)), node);
}

/* apiVersion, kind and metadata.name of OBJ, then what EXTRA (a map) adds. */
static cl_node *object_head(kz *z, const cl_node *obj, const cl_node *extra)
{
    cl_builder b, meta;
    cl_builder_map(&b);
    cl_builder_map(&meta);
    cl_builder_put(&b, z->a, "apiVersion", (cl_node *)cl_map_get(obj, "apiVersion"));
    cl_builder_put(&b, z->a, "kind", (cl_node *)cl_map_get(obj, "kind"));
    cl_builder_put(&meta, z->a, "name", (cl_node *)cl_map_get(cl_map_get(obj, "metadata"), "name"));
    const cl_node *em = cl_map_get(extra, "metadata");
    for (uint32_t i = 0; em && em->kind == CL_MAP && i < em->u.m.n; i++) cl_builder_set(&meta, em->u.m.items[i].key, em->u.m.items[i].value);
    cl_builder_put(&b, z->a, "metadata", cl_builder_finish(&meta, z->a));
    for (uint32_t i = 0; i < extra->u.m.n; i++)
        if (strcmp(extra->u.m.items[i].key->u.s.text, "metadata")) cl_builder_set(&b, extra->u.m.items[i].key, extra->u.m.items[i].value);
    return cl_builder_finish(&b, z->a);
}

/* JSON 6902 target of OBJ: group, version, kind, name. */
static cl_node *target_of(kz *z, const cl_node *obj)
{
    const char *api = str_at(obj, "apiVersion"), *slash = strchr(api, '/');
    cl_builder b;
    cl_builder_map(&b);
    if (slash) cl_builder_put(&b, z->a, "group", cl_new_scalar(z->a, api, (size_t)(slash - api), CL_T_STR));
    cl_builder_put(&b, z->a, "version", cl_new_str(z->a, slash ? slash + 1 : api));
    cl_builder_put(&b, z->a, "kind", (cl_node *)cl_map_get(obj, "kind"));
    cl_builder_put(&b, z->a, "name", (cl_node *)cl_map_get(cl_map_get(obj, "metadata"), "name"));
    return cl_builder_finish(&b, z->a);
}

static void patch_entry(kz *z, cl_builder *patches, const char *file, cl_node *target)
{
    cl_builder e;
    cl_builder_map(&e);
    cl_builder_put(&e, z->a, "path", cl_new_str(z->a, file));
    if (target) cl_builder_put(&e, z->a, "target", target);
    cl_builder_push(patches, cl_builder_finish(&e, z->a));
}

typedef struct layer { k8s_obj *objs; size_t n; } layer;

static const k8s_obj *find(const layer *l, const k8s_obj *o)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->objs[i].kind, o->kind) && !strcmp(l->objs[i].name, o->name) &&
            !strcmp(str_at(l->objs[i].node, "apiVersion"), str_at(o->node, "apiVersion"))) return &l->objs[i];
    return NULL;
}

/* The kustomization of z->dir: NS, RESOURCES and PATCHES (either may be empty; both are consumed). */
static void kustomization(kz *z, const char *ns, cl_builder *resources, cl_builder *patches)
{
    cl_builder b;
    cl_builder_map(&b);
    cl_builder_put(&b, z->a, "apiVersion", cl_new_str(z->a, "kustomize.config.k8s.io/v1beta1"));
    cl_builder_put(&b, z->a, "kind", cl_new_str(z->a, "Kustomization"));
    if (ns) cl_builder_put(&b, z->a, "namespace", cl_new_str(z->a, ns));
    /* resources even when empty: kustomize refuses a kustomization without any field */
    cl_builder_put(&b, z->a, "resources", cl_builder_finish(resources, z->a));
    cl_node *p = patches->n ? cl_builder_finish(patches, z->a) : (cl_builder_discard(patches), NULL);
    if (p) cl_builder_put(&b, z->a, "patches", p);
    add_doc(z, "kustomization.yaml", cl_builder_finish(&b, z->a));
}

/* overlays/<stem>: what turns PREV (rendered by BELOW) into CUR. */
static void overlay(kz *z, const char *ns, const char *below, const layer *prev, const layer *cur)
{
    cl_builder resources, ops_patches, patches;
    cl_builder_seq(&resources);
    cl_builder_seq(&ops_patches);
    cl_builder_seq(&patches);
    cl_builder_push(&resources, cl_new_str(z->a, below));
    for (size_t i = 0; i < cur->n; i++) {
        const k8s_obj *o = &cur->objs[i], *p = find(prev, o);
        const char *file = k8s_file_name(z->a, o);
        if (!p) { add_doc(z, file, o->node); cl_builder_push(&resources, cl_new_str(z->a, file)); continue; }
        if (node_eq(p->node, o->node)) continue;
        size_t stem = strlen(file) - 5;     /* without ".yaml" */
        cl_builder_seq(&z->ops);
        cl_node *smp = diff_map(z, p->node, o->node, "");
        if (z->ops.n) {
            const char *f = cl_arena_printf(z->a, "%.*s.json6902.yaml", (int)stem, file);
            add_doc(z, f, cl_builder_finish(&z->ops, z->a));
            patch_entry(z, &ops_patches, f, target_of(z, o->node));
        } else cl_builder_discard(&z->ops);
        if (smp) {
            const char *f = cl_arena_printf(z->a, "%.*s.patch.yaml", (int)stem, file);
            add_doc(z, f, object_head(z, o->node, smp));
            patch_entry(z, &patches, f, NULL);
        }
    }
    for (size_t i = 0; i < prev->n; i++) {
        const k8s_obj *p = &prev->objs[i];
        if (find(cur, p)) continue;
        const char *file = k8s_file_name(z->a, p);
        const char *f = cl_arena_printf(z->a, "%.*s.delete.yaml", (int)(strlen(file) - 5), file);
        cl_builder del;
        cl_builder_map(&del);
        cl_builder_put(&del, z->a, "$patch", cl_new_str(z->a, "delete"));
        add_doc(z, f, object_head(z, p->node, cl_builder_finish(&del, z->a)));
        patch_entry(z, &patches, f, NULL);
    }
    /* the JSON 6902 replaces index lists as the layer below renders them: first */
    for (uint32_t i = 0; i < patches.n; i++) cl_builder_push(&ops_patches, patches.items[i]);
    cl_builder_discard(&patches);
    kustomization(z, ns, &resources, &ops_patches);
}

int cl_k8s_kustomize(const cl_project *const *projects, const char *const *stems, size_t n,
                     const cl_emit_opts *o, cl_emit_docs *out, cl_diags *d)
{
    cl_arena arena;
    cl_arena_init(&arena);
    kz z = { .a = &arena, .out = out };
    layer *layers = calloc(n ? n : 1, sizeof *layers);
    if (!layers) abort();
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (k8s_objects(projects[i], o, &arena, &layers[i].objs, &layers[i].n, d)) {
            cl_diag_add(d, CL_SEV_ERROR, "convert-error", (cl_span){ 0 }, "%s: --layout kustomize: %s cannot be converted, so %s cannot be written",
                        K8S, i ? cl_arena_printf(&arena, "the project of the files up to %s", stems[i]) : "the first file's project alone",
                        i ? cl_arena_printf(&arena, "overlays/%s", stems[i]) : "base/");
            rc = 1;
        }
        for (size_t j = 0; o->namespace_ && j < layers[i].n; j++)
            layers[i].objs[j].node = without_namespace(&arena, layers[i].objs[j].node);
    }
    if (!rc) {
        cl_builder resources, none;
        cl_builder_seq(&resources);
        cl_builder_seq(&none);
        z.dir = "base";
        for (size_t j = 0; j < layers[0].n; j++) {
            const char *file = k8s_file_name(&arena, &layers[0].objs[j]);
            add_doc(&z, file, layers[0].objs[j].node);
            cl_builder_push(&resources, cl_new_str(&arena, file));
        }
        kustomization(&z, o->namespace_, &resources, &none);
        for (size_t i = 1; i < n; i++) {
            z.dir = cl_arena_printf(&arena, "overlays/%s", stems[i]);
            overlay(&z, o->namespace_, i == 1 ? "../../base" : cl_arena_printf(&arena, "../%s", stems[i - 1]),
                    &layers[i - 1], &layers[i]);
        }
    }
    for (size_t i = 0; i < n; i++) free(layers[i].objs);
    free(layers);
    cl_arena_free(&arena);
    return rc;
}
