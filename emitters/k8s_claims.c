/* k8s_claims.c - what the ReadWriteOnce claims a pod mounts mean for its
 * controller, once it is chosen: a StatefulSet gets volumeClaimTemplates (one
 * claim per replica) for the volumes only it mounts, a Deployment the Recreate
 * strategy (a rolling update's new pod, on another node, could not attach the
 * claim the old one holds), and a claim several pods on several nodes need is
 * reported. */
#include <string.h>
#include "k8s.h"

/* Who mounts each compose volume, built on first use: the first service (in
 * the services' order) that mounts it, and the second (its index + 1 in AUX). */
static void volume_users(k8s *k)
{
    k->vol_users_built = 1;
    const cl_node *svcs = cl_map_get(k->p->root, "services");
    for (uint32_t i = 0; svcs && svcs->kind == CL_MAP && i < svcs->u.m.n; i++) {
        const char *name = cl_em_str(svcs->u.m.items[i].key);
        const cl_node *vols = name ? cl_map_get(svcs->u.m.items[i].value, "volumes") : NULL;
        for (uint32_t j = 0; vols && vols->kind == CL_SEQ && j < vols->u.q.n; j++) {
            const cl_node *e = vols->u.q.items[j];
            const cl_node *src = cl_map_get(e, "source");
            if (!cl_scalar_is(cl_map_get(e, "type"), "volume") || !cl_em_str(src)) continue;
            int added;
            cl_strmap_ent *u = cl_strmap_put(&k->vol_users, src->u.s.text, src->u.s.len, name, 0, &added);
            if (!added && !u->aux && strcmp(u->val, name)) u->aux = (long)i + 1;
        }
    }
}

/* A service other than SVC that mounts compose volume VOL (the first, in the
 * services' order), or NULL. */
static const char *other_user(k8s *k, const char *vol, const char *svc)
{
    if (!k->vol_users_built) volume_users(k);
    const cl_strmap_ent *u = cl_strmap_get(&k->vol_users, vol, strlen(vol));
    if (!u) return NULL;
    if (strcmp(u->val, svc)) return u->val;
    if (!u->aux) return NULL;
    return cl_map_get(k->p->root, "services")->u.m.items[u->aux - 1].key->u.s.text;
}

/* Takes the PersistentVolumeClaim NAME out of the output (a template replaces it). */
static void drop_claim_object(k8s *k, const char *name)
{
    for (size_t i = 0; i < k->nobjs; i++) {
        if (strcmp(k->objs[i].kind, "PersistentVolumeClaim") || strcmp(k->objs[i].name, name)) continue;
        memmove(&k->objs[i], &k->objs[i + 1], (k->nobjs - i - 1) * sizeof *k->objs);
        k->nobjs--;
        return;
    }
}

static void drop_pod_volume(k8s_pod *pod, const char *name)
{
    for (uint32_t i = 0; i < pod->volumes.n; i++)
        if (!strcmp(cl_em_str(cl_map_get(pod->volumes.items[i], "name")), name)) {
            memmove(&pod->volumes.items[i], &pod->volumes.items[i + 1], (pod->volumes.n - i - 1) * sizeof *pod->volumes.items);
            pod->volumes.n--;
            return;
        }
}

/* The volumeClaimTemplate of U: named as the pod volume the mounts use; NULL when the
 * volume's size is bad (reported with its claim). */
static cl_node *claim_template(k8s *k, const k8s_claim_use *u)
{
    const cl_node *bad = NULL;
    cl_node *spec = k8s_claim_spec(k, cl_map_get(cl_map_get(k->p->root, "volumes"), u->vol), &bad);
    if (!spec) return NULL;
    cl_builder t, meta;
    cl_builder_map(&t);
    cl_builder_map(&meta);
    k8s_put_str(k, &meta, "name", u->volume);
    k8s_put(k, &meta, "labels", k8s_std_labels(k, NULL));
    k8s_put_built(k, &t, "metadata", &meta);
    k8s_put(k, &t, "spec", spec);
    return cl_builder_finish(&t, k->a);
}

cl_node *k8s_pod_claims(k8s *k, k8s_pod *pod)
{
    const char *ctl = pod->controller;
    int sts = !strcmp(ctl, "statefulset"), many = pod->has_replicas && pod->replicas > 1;
    const k8s_claim_use *rwo = NULL;
    cl_builder tmpl;
    cl_builder_seq(&tmpl);
    for (uint32_t i = 0; i < pod->nclaims; i++) {
        const k8s_claim_use *u = &pod->claims[i];
        const char *other = u->vol ? other_user(k, u->vol, pod->svc) : NULL;
        if (sts && u->vol && !u->external && !other) {
            cl_node *t = claim_template(k, u);
            if (t) cl_builder_push(&tmpl, t);
            drop_pod_volume(pod, u->volume);
            drop_claim_object(k, u->claim);
            continue;
        }
        if (!u->external && !rwo) rwo = u;
        const char *what = u->vol ? k8s_cat(k, "volume '", SIZE_MAX, u->vol, "'") : k8s_cat(k, "the claim '", SIZE_MAX, u->claim, "'");
        const char *first = k8s_map_get(&k->claim_users, u->claim);
        if (!first) k8s_map_put(&k->claim_users, u->claim, pod->svc);
        if (u->ro) continue;   /* (read-only mounts share a claim on one node) */
        if (sts && other)
            k8s_caveat(k, pod->svc, "volumes", u->at,
                       "%s is also mounted by '%s', so it cannot be one of the StatefulSet's volumeClaimTemplates (each pod would "
                       "get an empty claim of its own); its one ReadWriteOnce claim is shared and attaches to one node at a time",
                       what, other);
        else if (first && strcmp(first, pod->svc))
            k8s_caveat(k, pod->svc, "volumes", u->at,
                       "%s is also mounted by '%s'; its ReadWriteOnce claim only attaches to one node at a time "
                       "(use a ReadWriteMany storage class and edit accessModes)", what, first);
        else if (many)
            k8s_caveat(k, pod->svc, "volumes", u->at,
                       "%s is shared by %lld replicas; its ReadWriteOnce claim only attaches to one node at a time", what, pod->replicas);
        else if (!strcmp(ctl, "daemonset"))
            k8s_caveat(k, pod->svc, "volumes", u->at,
                       "%s is mounted by a DaemonSet, a pod on every node; its ReadWriteOnce claim only attaches to one node at a time", what);
    }
    if (rwo && !strcmp(ctl, "deployment")) {
        const cl_node *uc = cl_map_get(cl_map_get(pod->def, "deploy"), "update_config");
        if (pod->strategy)
            k8s_caveat(k, pod->svc, "deploy.update_config", uc,
                       "the rolling update is replaced by strategy Recreate: the pods mount the ReadWriteOnce claim '%s', which a "
                       "new pod on another node could not attach while an old one holds it", rwo->claim);
        cl_builder st;
        cl_builder_map(&st);
        k8s_put_str(k, &st, "type", "Recreate");
        pod->strategy = cl_builder_finish(&st, k->a);
    }
    return k8s_finish(k, &tmpl);
}
