/* k8s_helm.c - `convert --to kubernetes --layout helm`: the project's
 * objects as a Helm chart: Chart.yaml, values.yaml holding, per workload (by
 * its Kubernetes name), the image repository and tag, replicas, container
 * ports, resources and the ports of its Service, and templates/ with one file
 * per object reading them. Rendered with the values as written (`helm
 * template`), the chart is exactly the objects `convert` writes. A "{{" in
 * the objects is written so Helm prints it as is. */
#include <stdlib.h>
#include <string.h>
#include "k8s_layout.h"
#include "../parser/render.h"

/* A placeholder put where a value goes: plain text the renderer leaves alone,
 * swapped for the template action once the object is rendered. */
#define MARK "CLHELMVALUEMARK"

typedef struct helm {
    cl_arena *a;
    cl_builder values;          /* services: {name: {...}} */
    const char **actions;       /* action of placeholder i */
    size_t n, cap;
} helm;

static cl_node *mark(helm *h, const char *action)
{
    if (h->n == h->cap) {
        h->cap = h->cap ? 2 * h->cap : 16;
        h->actions = realloc(h->actions, h->cap * sizeof *h->actions);
        if (!h->actions) abort();
    }
    h->actions[h->n] = action;
    return cl_new_str(h->a, cl_arena_printf(h->a, MARK "%zuX", h->n++));
}

/* A copy of N with the node at PATH (map keys; a list index in decimal)
 * replaced by V. */
static cl_node *set_at(cl_arena *a, const cl_node *n, const char *const *path, size_t depth, cl_node *v)
{
    if (!depth) return v;
    if (n->kind == CL_SEQ) {
        size_t i = (size_t)strtoul(path[0], NULL, 10);
        cl_node **items = cl_arena_alloc(a, (n->u.q.n ? n->u.q.n : 1) * sizeof *items);
        for (uint32_t k = 0; k < n->u.q.n; k++) items[k] = k == i ? set_at(a, n->u.q.items[k], path + 1, depth - 1, v) : n->u.q.items[k];
        return cl_new_seq(a, items, n->u.q.n);
    }
    cl_builder b;
    cl_builder_map(&b);
    for (uint32_t k = 0; k < n->u.m.n; k++) {
        const cl_pair *pr = &n->u.m.items[k];
        cl_builder_set(&b, pr->key, strcmp(pr->key->u.s.text, path[0]) ? pr->value : set_at(a, pr->value, path + 1, depth - 1, v));
    }
    return cl_builder_finish(&b, a);
}

static const cl_node *get_at(const cl_node *n, const char *const *path, size_t depth)
{
    for (size_t i = 0; n && i < depth; i++) {
        if (n->kind == CL_SEQ) { size_t k = (size_t)strtoul(path[i], NULL, 10); n = k < n->u.q.n ? n->u.q.items[k] : NULL; }
        else n = n->kind == CL_MAP ? cl_map_get(n, path[i]) : NULL;
    }
    return n;
}

/* `index .Values.services "NAME" KEYS...` */
static const char *value_ref(helm *h, const char *name, const char *keys)
{
    return cl_arena_printf(h->a, "index .Values.services \"%s\" %s", name, keys);
}

/* Moves the value at PATH of *OBJ to values[KEY] (a map builder), putting a
 * placeholder in its place: TOJSON for a map or list (JSON is YAML). */
static void lift(helm *h, cl_node **obj, const char *const *path, size_t depth, cl_builder *vals, const char *name, const char *key)
{
    const cl_node *v = get_at(*obj, path, depth);
    if (!v) return;
    cl_builder_put(vals, h->a, key, (cl_node *)v);
    const char *ref = value_ref(h, name, cl_arena_printf(h->a, "\"%s\"", key));
    *obj = set_at(h->a, *obj, path, depth, mark(h, cl_arena_printf(h->a, v->kind == CL_SCALAR ? "{{ %s }}" : "{{ %s | toJson }}", ref)));
}

/* The workload's own container (named as the workload), or NULL. */
static const char *own_container(helm *h, const cl_node *obj, const char *name)
{
    const cl_node *cs = cl_map_get(cl_map_get(cl_map_get(cl_map_get(obj, "spec"), "template"), "spec"), "containers");
    for (uint32_t i = 0; cs && cs->kind == CL_SEQ && i < cs->u.q.n; i++)
        if (cl_scalar_is(cl_map_get(cs->u.q.items[i], "name"), name)) return cl_arena_printf(h->a, "%u", i);
    return NULL;
}

/* The image of container C: repository and tag to the values, the reference
 * made of them in the template. */
static void lift_image(helm *h, cl_node **obj, const char *const *path, cl_builder *vals, const char *name)
{
    const cl_node *img = get_at(*obj, path, 6);
    if (!img || img->kind != CL_SCALAR) return;
    const char *s = img->u.s.text, *colon = strrchr(s, ':'), *slash = strrchr(s, '/');
    int tagged = colon && !strchr(s, '@') && (!slash || colon > slash);
    cl_builder im;
    cl_builder_map(&im);
    cl_builder_put(&im, h->a, "repository", cl_new_scalar(h->a, s, tagged ? (size_t)(colon - s) : strlen(s), CL_T_STR));
    if (tagged) cl_builder_put(&im, h->a, "tag", cl_new_str(h->a, colon + 1));
    cl_builder_put(vals, h->a, "image", cl_builder_finish(&im, h->a));
    const char *ref = value_ref(h, name, "\"image\"");
    *obj = set_at(h->a, *obj, path, 6, mark(h, tagged ? cl_arena_printf(h->a, "{{ with %s }}{{ printf \"%%v:%%v\" .repository .tag | quote }}{{ end }}", ref)
                                                      : cl_arena_printf(h->a, "{{ with %s }}{{ .repository | quote }}{{ end }}", ref)));
}

static int is_workload(const char *kind)
{
    return !strcmp(kind, "Deployment") || !strcmp(kind, "StatefulSet") || !strcmp(kind, "DaemonSet") || !strcmp(kind, "Job");
}

/* The rendered object with "{{" escaped and the placeholders swapped for their actions. */
static void template_text(helm *h, cl_buf *out, const cl_node *obj)
{
    cl_buf y;
    cl_buf_init(&y);
    cl_render_yaml(&y, obj);
    cl_buf_putc(&y, 0);
    size_t ml = strlen(MARK);
    for (const char *p = y.data; *p;) {
        if (!strncmp(p, "{{", 2)) { cl_buf_puts(out, "{{ \"{{\" }}"); p += 2; continue; }
        if (!strncmp(p, MARK, ml)) {
            char *end;
            size_t i = (size_t)strtoul(p + ml, &end, 10);
            if (*end == 'X' && i < h->n) { cl_buf_puts(out, h->actions[i]); p = end + 1; continue; }
        }
        cl_buf_putc(out, *p++);
    }
    cl_buf_free(&y);
}

int cl_k8s_helm(const cl_project *p, const cl_emit_opts *o, cl_emit_docs *out, cl_diags *d)
{
    cl_arena arena;
    cl_arena_init(&arena);
    helm h = { .a = &arena };
    k8s_obj *objs;
    size_t n;
    int rc = k8s_objects(p, o, &arena, &objs, &n, d);
    if (rc) goto done;
    cl_builder services;
    cl_builder_map(&services);
    /* workloads first: their values; then the Services of the same name */
    for (size_t i = 0; i < n; i++) {
        if (!is_workload(objs[i].kind)) continue;
        const char *name = objs[i].name, *c = own_container(&h, objs[i].node, name);
        cl_builder vals;
        cl_builder_map(&vals);
        if (c) {
            const char *img[] = { "spec", "template", "spec", "containers", c, "image" };
            lift_image(&h, &objs[i].node, img, &vals, name);
        }
        if (strcmp(objs[i].kind, "Job")) {
            const char *rep[] = { "spec", "replicas" };
            lift(&h, &objs[i].node, rep, 2, &vals, name, "replicas");
        }
        if (c) {
            const char *ports[] = { "spec", "template", "spec", "containers", c, "ports" };
            const char *res[] = { "spec", "template", "spec", "containers", c, "resources" };
            lift(&h, &objs[i].node, ports, 6, &vals, name, "ports");
            lift(&h, &objs[i].node, res, 6, &vals, name, "resources");
        }
        for (size_t j = 0; j < n; j++)
            if (!strcmp(objs[j].kind, "Service") && !strcmp(objs[j].name, name)) {
                const char *sp[] = { "spec", "ports" };
                lift(&h, &objs[j].node, sp, 2, &vals, name, "servicePorts");
            }
        cl_builder_put(&services, &arena, name, cl_builder_finish(&vals, &arena));
    }
    /* Chart.yaml: a chart named for the project */
    const char *pname = p->name ? p->name : cl_em_str(cl_map_get(p->root, "name"));
    cl_builder chart;
    cl_builder_map(&chart);
    cl_builder_put(&chart, &arena, "apiVersion", cl_new_str(&arena, "v2"));
    /* chart names are lowercase letters, digits and '-' */
    char *cname = cl_arena_strdup(&arena, pname && *pname ? pname : "compose");
    for (char *c = cname; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9'))) *c = *c >= 'A' && *c <= 'Z' ? (char)(*c - 'A' + 'a') : '-';
    cl_builder_put(&chart, &arena, "name", cl_new_str(&arena, cname));
    cl_builder_put(&chart, &arena, "description", cl_new_str(&arena, "The compose project's Kubernetes objects (compose-lint convert --layout helm)"));
    cl_builder_put(&chart, &arena, "type", cl_new_str(&arena, "application"));
    cl_builder_put(&chart, &arena, "version", cl_new_str(&arena, "0.1.0"));
    cl_render_yaml(cl_emit_docs_add(out, "Chart.yaml"), cl_builder_finish(&chart, &arena));
    cl_builder values;
    cl_builder_map(&values);
    cl_builder_put(&values, &arena, "services", cl_builder_finish(&services, &arena));
    cl_render_yaml(cl_emit_docs_add(out, "values.yaml"), cl_builder_finish(&values, &arena));
    for (size_t i = 0; i < n; i++)
        template_text(&h, cl_emit_docs_add(out, cl_arena_printf(&arena, "templates/%s", k8s_file_name(&arena, &objs[i]))), objs[i].node);
done:
    free(objs);
    free(h.actions);
    cl_arena_free(&arena);
    return rc;
}
