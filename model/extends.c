/* extends.c - resolves services' `extends` (same file, another file, chains):
 * the base service is resolved first, then the extending service is merged on
 * it by the merge rules. Cycles are errors that name the whole chain. */
#include <stdlib.h>
#include <string.h>
#include "cow.h"
#include "extends.h"
#include "merge.h"
#include "normalize.h"
#include "path.h"

#define MAX_CHAIN 64

typedef struct link { const char *file, *service; } link;

typedef struct xs {
    cl_ctx *c;
    link chain[MAX_CHAIN];
    int depth;
    link *reported;           /* services of cycles already reported */
    size_t nreported;
} xs;

static int was_reported(const xs *x, const char *file, const char *svc)
{
    for (size_t i = 0; i < x->nreported; i++)
        if (!strcmp(x->reported[i].file, file) && !strcmp(x->reported[i].service, svc)) return 1;
    return 0;
}

static const cl_node *services_of(const cl_node *tree)
{
    const cl_node *s = cl_map_get(tree, "services");
    return s && s->kind == CL_MAP ? s : NULL;
}

static const char *chain_text(xs *x, const char *file, const char *svc)
{
    cl_arena *a = &x->c->p->arena;
    const char *t = "";
    for (int i = 0; i < x->depth; i++)
        t = cl_arena_printf(a, "%s%s%s", t, i ? " -> " : "", x->chain[i].service);
    (void)file;
    return cl_arena_printf(a, "%s -> %s", t, svc);  /* the loop's first service closes it */
}

static cl_node *resolve(xs *x, const cl_node *tree, const char *file, const char *dir, const char *name,
                        const cl_node *at);

/* SVC extended by its `extends`, or SVC itself. */
static cl_node *extend(xs *x, const cl_node *tree, const char *file, const char *dir, const char *name,
                       const cl_node *svc)
{
    const cl_node *ext = cl_map_get(svc, "extends");
    if (!ext) return (cl_node *)svc;
    cl_ctx *c = x->c;
    const char *base = NULL, *bfile = NULL;
    const cl_node *bnode = ext;
    if (ext->kind == CL_SCALAR) base = cl_text(ext);
    else if (ext->kind == CL_MAP) {
        bnode = cl_map_get(ext, "service");
        base = cl_text(bnode);
        const cl_node *fnode = cl_map_get(ext, "file");
        /* `file: ~` names no file (its text would be read as the home folder) */
        if (fnode && !(fnode->kind == CL_SCALAR && fnode->type == CL_T_NULL)) bfile = cl_text(fnode);
    }
    if (!base || !*base) {
        cl_diag_add(c->diags, CL_SEV_ERROR, "extends", cl_node_span(ext),
                    "extends needs a service name (extends: NAME or extends: {service: NAME, file: FILE})");
        c->errors++;
        return (cl_node *)svc;
    }
    for (int i = 0; i < x->depth; i++)
        if (!strcmp(x->chain[i].service, name) && !strcmp(x->chain[i].file, file)) {
            if (!was_reported(x, file, name)) {
                cl_diag_add(c->diags, CL_SEV_ERROR, "extends-cycle", cl_node_span(bnode), "extends cycle: %s",
                            chain_text(x, file, name));
                c->errors++;
                x->reported = realloc(x->reported, (x->nreported + (size_t)x->depth) * sizeof *x->reported);
                if (!x->reported) abort();
                for (int k = i; k < x->depth; k++) x->reported[x->nreported++] = x->chain[k];
            }
            return NULL;
        }
    if (x->depth == MAX_CHAIN) {
        cl_diag_add(c->diags, CL_SEV_ERROR, "extends", cl_node_span(bnode), "extends chain longer than %d services", MAX_CHAIN);
        c->errors++;
        return NULL;
    }
    const cl_node *btree = tree;
    const char *bpath = file, *bdir = dir;
    if (bfile) {
        bpath = cl_path_abs(&c->p->arena, dir, bfile);
        bdir = cl_path_dir(&c->p->arena, bpath);
        btree = cl_ctx_load_tree(c, bpath, bdir, cl_map_get(ext, "file"));
        if (!btree) return (cl_node *)svc;
    }
    x->chain[x->depth].file = file;
    x->chain[x->depth].service = name;
    x->depth++;
    cl_node *b = resolve(x, btree, bpath, bdir, base, bnode);
    x->depth--;
    if (!b) return x->depth ? NULL : (cl_node *)svc;
    return cl_merge(&c->p->arena, b, svc, CL_MERGE_SERVICE);
}

static cl_node *resolve(xs *x, const cl_node *tree, const char *file, const char *dir, const char *name,
                        const cl_node *at)
{
    const cl_node *svc = cl_map_get(services_of(tree), name);
    if (!svc) {
        cl_diag_add(x->c->diags, CL_SEV_ERROR, "extends", cl_node_span(at), "cannot extend service \"%s\": no such service in %s",
                    name, file ? file : "this file");
        x->c->errors++;
        return NULL;
    }
    return extend(x, tree, file, dir, name, svc);
}

cl_node *cl_resolve_extends(cl_ctx *c, cl_node *tree, const char *file, const char *dir)
{
    const cl_node *svcs = services_of(tree);
    if (!svcs) return tree;
    int any = 0;
    for (uint32_t i = 0; i < svcs->u.m.n && !any; i++) any = cl_map_get(svcs->u.m.items[i].value, "extends") != NULL;
    if (!any) return tree;
    xs x;
    memset(&x, 0, sizeof x);
    x.c = c;
    const char *fpath = file ? cl_path_abs(&c->p->arena, NULL, file) : "";
    cl_builder sb;
    cl_builder_map(&sb);
    for (uint32_t i = 0; i < svcs->u.m.n; i++) {
        const cl_pair *p = &svcs->u.m.items[i];
        /* a service named by a key that is not text (`? [a]`) no extends can
         * name: the schema reports it, and it is kept as written */
        const char *name = cl_text(p->key);
        cl_node *v = name ? extend(&x, tree, fpath, dir, name, p->value) : NULL;
        cl_builder_set(&sb, p->key, v ? v : p->value);
    }
    /* the services pair by its place, not its value: an alias may share that node */
    cl_cow b;
    cl_cow_init(&b, &c->p->arena, tree);
    cl_cow_set(&b, (uint32_t)(cl_map_pair(tree, "services") - tree->u.m.items),
               cl_node_at(cl_builder_finish(&sb, &c->p->arena), svcs));
    free(x.reported);
    return cl_cow_done(&b);
}
