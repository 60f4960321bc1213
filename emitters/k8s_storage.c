/* k8s_storage.c - storage and configuration: a PersistentVolumeClaim per
 * named volume (size and class from --pvc-size/--storage-class or the
 * volume's labels), ConfigMaps from configs and Secrets from secrets (file
 * contents base64-encoded), and per service the pod volumes and mounts for
 * volumes, tmpfs, shm_size, secrets and configs; bind mounts are k8s_bind.c's,
 * what a claim means for the controller k8s_claims.c's, the helpers they share
 * k8s_volume_kit.c's. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "k8s.h"
#include "../model/values.h"

static void pvc(k8s *k, const char *vname, const cl_node *vol)
{
    const char *name = k8s_name_known(&k->vol_names, vname);
    for (uint32_t i = 0; vol && vol->kind == CL_MAP && i < vol->u.m.n; i++) {
        const char *kk = vol->u.m.items[i].key->u.s.text;
        if (!strcmp(kk, "name") || !strcmp(kk, "external") || !strcmp(kk, "labels")) continue;
        if (!strcmp(kk, "driver") && cl_scalar_is(vol->u.m.items[i].value, "local")) continue;
        cl_em_unsupported_top(k->d, CL_SEV_WARNING, K8S, "volumes", vname, kk, vol->u.m.items[i].key,
                              "the storage class decides how claims are provisioned (--storage-class or label "
                              K8S_DIRECTIVE "storage-class)");
    }
    if (vol && cl_em_true(cl_map_get(vol, "external"))) {
        cl_diag_add(k->d, CL_SEV_INFO, "convert-external", cl_node_span(cl_map_get(vol, "external")),
                    "%s: volume '%s' is external: no PersistentVolumeClaim is made; a claim named '%s' must exist",
                    K8S, vname, name);
        return;
    }
    const cl_node *bad = NULL;
    cl_node *spec = k8s_claim_spec(k, vol, &bad);
    if (!spec) {
        k8s_error(k, bad, "volume '%s': size '%s' is not a Kubernetes quantity (e.g. 10Gi)", vname, cl_em_str(bad));
        return;
    }
    cl_builder obj;
    k8s_begin(k, &obj, "v1", "PersistentVolumeClaim", k8s_meta(k, name, k8s_std_labels(k, NULL), NULL));
    k8s_put(k, &obj, "spec", spec);
    k8s_emit(k, &obj, K8S_ORD_STORAGE, "PersistentVolumeClaim", name);
}

static void secret_or_config(k8s *k, int secret, const char *cname, const cl_node *def)
{
    const char *section = secret ? "secrets" : "configs";
    const char *name = k8s_name_known(secret ? &k->secret_names : &k->config_names, cname);
    if (!def || def->kind != CL_MAP) return;
    if (cl_em_true(cl_map_get(def, "external"))) {
        cl_diag_add(k->d, CL_SEV_INFO, "convert-external", cl_node_span(cl_map_get(def, "external")),
                    "%s: %s '%s' is external: no %s is made; one named '%s' must exist", K8S, section, cname,
                    secret ? "Secret" : "ConfigMap", name);
        return;
    }
    for (uint32_t i = 0; i < def->u.m.n; i++) {
        const char *kk = def->u.m.items[i].key->u.s.text;
        if (!strcmp(kk, "name") || !strcmp(kk, "file") || !strcmp(kk, "content") || !strcmp(kk, "environment")) continue;
        cl_em_unsupported_top(k->d, CL_SEV_WARNING, K8S, section, cname, kk, def->u.m.items[i].key, "no Kubernetes equivalent");
    }
    const char *data = NULL;
    size_t len = 0;
    const cl_node *file = cl_map_get(def, "file"), *content = cl_map_get(def, "content"), *env = cl_map_get(def, "environment");
    if (cl_em_str(file)) {
        const char *path = cl_em_str(file);
        if (!(data = k8s_read_file(k, path, K8S_OBJECT_MAX, &len))) {
            k8s_error(k, file, "%s '%s': cannot read %s: %s", section, cname, path,
                      errno == EINVAL ? "not a regular file" : errno == EFBIG ? "larger than the 1 MiB a Kubernetes object holds" : strerror(errno));
            return;
        }
    } else if (cl_em_str(content)) {
        data = content->u.s.text;
        len = content->u.s.len;
    } else if (env) {
        cl_em_unsupported_top(k->d, CL_SEV_WARNING, K8S, section, cname, "environment", env,
                              "its value would be written into the manifest; create the %s '%s' with key '%s' yourself "
                              "(kubectl create %s %s --from-literal=%s=...)", secret ? "Secret" : "ConfigMap", name,
                              k8s_data_key(k, cname), secret ? "secret generic" : "configmap", name, k8s_data_key(k, cname));
        return;
    } else {
        cl_em_unsupported_top(k->d, CL_SEV_WARNING, K8S, section, cname, "file", def, "no file, content or environment");
        return;
    }
    cl_builder obj, d;
    cl_builder_map(&d);
    const char *key = k8s_data_key(k, cname);
    int text = k8s_is_text(data, len);
    if (secret || !text) k8s_put(k, &d, key, k8s_base64(k, data, len));
    else k8s_put(k, &d, key, cl_new_scalar(k->a, data, len, CL_T_STR));
    k8s_begin(k, &obj, "v1", secret ? "Secret" : "ConfigMap", k8s_meta(k, name, k8s_std_labels(k, NULL), NULL));
    if (secret) k8s_put_str(k, &obj, "type", "Opaque");
    k8s_put_built(k, &obj, secret || text ? "data" : "binaryData", &d);
    k8s_emit(k, &obj, K8S_ORD_CONFIG, secret ? "Secret" : "ConfigMap", name);
}

void k8s_storage_top(k8s *k)
{
    const cl_node *root = k->p->root;
    static const char *sections[] = { "volumes", "secrets", "configs" };
    k8s_names *tabs[] = { &k->vol_names, &k->secret_names, &k->config_names };
    for (int s = 0; s < 3; s++) {
        const cl_node *m = cl_map_get(root, sections[s]);
        for (uint32_t i = 0; m && m->kind == CL_MAP && i < m->u.m.n; i++) {
            const char *cname = m->u.m.items[i].key->u.s.text;
            const cl_node *def = m->u.m.items[i].value;
            /* external objects are known by their own name */
            const char *real = cl_em_true(cl_map_get(def, "external")) ? cl_em_str(cl_map_get(def, "name")) : NULL;
            if (real) {
                const char *to = k8s_name(k, real);
                if (strcmp(to, real))
                    cl_diag_add(k->d, CL_SEV_WARNING, "convert-renamed", cl_node_span(m->u.m.items[i].key),
                                "%s: the external %s '%s' is not a valid Kubernetes name; it is looked up as '%s'",
                                K8S, s == 0 ? "volume" : s == 1 ? "secret" : "config", real, to);
                k8s_names_add(tabs[s], cname, to);
            } else k8s_name_of(k, tabs[s], sections[s], cname, m->u.m.items[i].key);
        }
        for (uint32_t i = 0; m && m->kind == CL_MAP && i < m->u.m.n; i++) {
            const char *cname = m->u.m.items[i].key->u.s.text;
            if (s == 0) pvc(k, cname, m->u.m.items[i].value);
            else secret_or_config(k, s == 1, cname, m->u.m.items[i].value);
        }
    }
}

/* ---------- pod side ---------- */

static const char *tmpfs_size(k8s *k, const cl_node *v)
{
    long long b;
    if (!v) return NULL;
    if (!cl_em_bytes(v, &b) || b <= 0) return NULL;
    return k8s_mem_qty(k, b);
}

static void mount_volume(k8s *k, k8s_pod *pod, const cl_node *e, uint32_t idx)
{
    const char *type = cl_em_str(cl_map_get(e, "type")), *src = cl_em_str(cl_map_get(e, "source"));
    const char *target = cl_em_str(cl_map_get(e, "target"));
    int ro = cl_em_true(cl_map_get(e, "read_only"));
    if (!type || !target) { cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, pod->svc, "volumes", e, "expected the long form with type and target"); return; }
    const cl_node *vopt = cl_map_get(e, "volume"), *bopt = cl_map_get(e, "bind"), *topt = cl_map_get(e, "tmpfs");
    const char *subpath = cl_em_str(cl_map_get(vopt, "subpath"));
    for (uint32_t i = 0; e->kind == CL_MAP && i < e->u.m.n; i++) {
        const char *kk = e->u.m.items[i].key->u.s.text;
        if (!strcmp(kk, "type") || !strcmp(kk, "source") || !strcmp(kk, "target") || !strcmp(kk, "read_only") ||
            !strcmp(kk, "volume") || !strcmp(kk, "bind") || !strcmp(kk, "tmpfs")) continue;
        cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, pod->svc, "volumes", e->u.m.items[i].key, "'%s' of %s has no Kubernetes equivalent", kk, target);
    }
    if (cl_map_get(vopt, "nocopy") && cl_em_true(cl_map_get(vopt, "nocopy")))
        cl_em_unsupported(k->d, CL_SEV_INFO, K8S, pod->svc, "volumes", cl_map_get(vopt, "nocopy"), "claims never get the image's files; nocopy is implied");
    if (cl_map_get(bopt, "propagation"))
        cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, pod->svc, "volumes", cl_map_get(bopt, "propagation"), "mount propagation is not converted");
    if (!strcmp(type, "volume")) {
        if (!src || !*src) {
            char d[K8S_DEC];
            const char *v = k8s_pod_volume(k, pod, k8s_cat(k, "anon-", SIZE_MAX, k8s_dec(d, idx), NULL), "emptyDir", k8s_empty_dir(k, 0, NULL));
            k8s_pod_mount(k, pod, v, target, subpath, ro);
            return;
        }
        const char *claim = k8s_name_known(&k->vol_names, src);
        if (!claim) { k8s_error(k, e, "service '%s' mounts volume '%s', which is not declared under volumes", pod->svc, src); return; }
        const cl_node *def = cl_map_get(cl_map_get(k->p->root, "volumes"), src);
        k8s_pod_claim(k, pod, src, claim, cl_em_true(cl_map_get(def, "external")), e, target, subpath, ro);
    } else if (!strcmp(type, "bind")) {
        k8s_mount_bind(k, pod, e, idx);
    } else if (!strcmp(type, "tmpfs")) {
        char d[K8S_DEC];
        const char *v = k8s_pod_volume(k, pod, k8s_cat(k, "tmpfs-", SIZE_MAX, k8s_dec(d, idx), NULL), "emptyDir",
                                       k8s_empty_dir(k, 1, tmpfs_size(k, cl_map_get(topt, "size"))));
        if (cl_map_get(topt, "mode"))
            cl_em_unsupported(k->d, CL_SEV_INFO, K8S, pod->svc, "volumes", cl_map_get(topt, "mode"), "emptyDir has no mode");
        k8s_pod_mount(k, pod, v, target, NULL, ro);
    } else {
        cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, pod->svc, "volumes", cl_map_get(e, "type"), "'%s' mounts have no Kubernetes equivalent", type);
    }
}

static void mount_tmpfs_key(k8s *k, k8s_pod *pod, const cl_pair *pr)
{
    const cl_node *v = pr->value;
    uint32_t n = v->kind == CL_SEQ ? v->u.q.n : 1;
    for (uint32_t i = 0; i < n; i++) {
        const cl_node *it = v->kind == CL_SEQ ? v->u.q.items[i] : v;
        const char *s = cl_em_str(it);
        if (!s) continue;
        char *copy = cl_arena_strdup(k->a, s), *opts = strchr(copy, ':');
        const char *size = NULL;
        if (opts) {
            *opts++ = 0;
            char *save = NULL;
            for (char *o = strtok_r(opts, ",", &save); o; o = strtok_r(NULL, ",", &save)) {
                long long b;
                if (!strncmp(o, "size=", 5) && cl_em_bytes_text(o + 5, &b) && b > 0) size = k8s_mem_qty(k, b);
                else cl_em_unsupported(k->d, CL_SEV_INFO, K8S, pod->svc, "tmpfs", it, "option '%s' of %s has no emptyDir equivalent", o, copy);
            }
        }
        char d[K8S_DEC];
        const char *vol = k8s_pod_volume(k, pod, k8s_cat(k, "tmpfs-t", SIZE_MAX, k8s_dec(d, i), NULL), "emptyDir", k8s_empty_dir(k, 1, size));
        k8s_pod_mount(k, pod, vol, copy, NULL, 0);
    }
}

static long long file_mode(const cl_node *m)
{
    long long v;
    if (cl_val_mode(m, &v) != CL_VAL_KNOWN || v < 0 || v > 0777) return -1;   /* as compose reads it */
    return v;
}

static void mount_secret_config(k8s *k, k8s_pod *pod, const cl_pair *pr)
{
    int secret = !strcmp(pr->key->u.s.text, "secrets");
    const cl_node *v = pr->value;
    for (uint32_t i = 0; v->kind == CL_SEQ && i < v->u.q.n; i++) {
        const cl_node *e = v->u.q.items[i];
        const char *src = e->kind == CL_SCALAR ? cl_em_str(e) : cl_em_str(cl_map_get(e, "source"));
        const char *target = e->kind == CL_MAP ? cl_em_str(cl_map_get(e, "target")) : NULL;
        if (!src) continue;
        const char *name = k8s_name_known(secret ? &k->secret_names : &k->config_names, src);
        if (!name) { k8s_error(k, e, "service '%s' uses %s '%s', which is not declared at the top level", pod->svc, secret ? "secret" : "config", src); continue; }
        const char *path = target && target[0] == '/' ? target : k8s_cat(k, secret ? "/run/secrets/" : "/", SIZE_MAX, target ? target : src, NULL);
        const char *key = k8s_data_key(k, src);
        /* an external object was declared by its own name: its key is unknown, assume the compose name */
        cl_builder s, items, item;
        cl_builder_map(&s); cl_builder_seq(&items); cl_builder_map(&item);
        k8s_put_str(k, &s, secret ? "secretName" : "name", name);
        k8s_put_str(k, &item, "key", key);
        k8s_put_str(k, &item, "path", key);
        long long mode = e->kind == CL_MAP ? file_mode(cl_map_get(e, "mode")) : -1;
        if (e->kind == CL_MAP && cl_map_get(e, "mode") && mode < 0)
            cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, pod->svc, pr->key->u.s.text, cl_map_get(e, "mode"), "mode is not a file mode");
        if (mode >= 0) k8s_put(k, &item, "mode", k8s_int(k, mode));
        cl_builder_push(&items, cl_builder_finish(&item, k->a));
        k8s_put(k, &s, "items", cl_builder_finish(&items, k->a));
        for (const char *idk = "uid"; idk; idk = !strcmp(idk, "uid") ? "gid" : NULL)
            if (e->kind == CL_MAP && cl_map_get(e, idk))
                cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, pod->svc, pr->key->u.s.text, cl_map_get(e, idk),
                                  "file ownership follows the pod's fsGroup; %s is dropped", idk);
        const char *vol = k8s_pod_volume(k, pod, k8s_cat(k, secret ? "secret-" : "config-", SIZE_MAX, name, NULL),
                                         secret ? "secret" : "configMap", cl_builder_finish(&s, k->a));
        k8s_pod_mount(k, pod, vol, path, key, 1);
    }
}

void k8s_pod_storage(void *ctx, const cl_pair *pr)
{
    k8s_pod *pod = ctx;
    k8s *k = pod->k;
    const char *key = pr->key->u.s.text;
    if (!strcmp(key, "volumes")) {
        for (uint32_t i = 0; pr->value->kind == CL_SEQ && i < pr->value->u.q.n; i++) mount_volume(k, pod, pr->value->u.q.items[i], i);
    } else if (!strcmp(key, "tmpfs")) {
        mount_tmpfs_key(k, pod, pr);
    } else if (!strcmp(key, "shm_size")) {
        long long b;
        if (!cl_em_bytes(pr->value, &b) || b <= 0) { cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, pod->svc, key, pr->value, "not a byte size"); return; }
        const char *v = k8s_pod_volume(k, pod, "shm", "emptyDir", k8s_empty_dir(k, 1, k8s_mem_qty(k, b)));
        k8s_pod_mount(k, pod, v, "/dev/shm", NULL, 0);
    } else {
        mount_secret_config(k, pod, pr);
    }
}
