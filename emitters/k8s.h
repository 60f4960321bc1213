/* k8s.h - internals of the Kubernetes emitter, private to emitters/k8s*.c and
 * kubernetes.c: the conversion context and object list, the kit every part
 * uses (k8s_kit.c: naming, tree helpers, reports) and the parts' entry points
 * (k8s_storage.c with k8s_bind.c and k8s_claims.c, k8s_workload.c with k8s_podspec.c,
 * k8s_network.c with k8s_netpolicy.c, k8s_kompose.c with k8s_extra.c). */
#ifndef CL_K8S_H
#define CL_K8S_H
#include "../parser/doc.h"
#include "../parser/strmap.h"
#include "common.h"
#include "emitter.h"

#define K8S "kubernetes"
#define K8S_DIRECTIVE "compose-lint.kubernetes/"   /* label prefix of per-service/volume options */
#define K8S_NET_LABEL "compose-lint.network/"      /* pod label per compose network */
#define K8S_PROJECT_LABEL "com.docker.compose.project"
#define K8S_SERVICE_LABEL "com.docker.compose.service"

/* Output order of objects: storage and config first, workloads, then networking. */
enum { K8S_ORD_CONFIG = 0, K8S_ORD_STORAGE, K8S_ORD_WORKLOAD, K8S_ORD_SERVICE, K8S_ORD_INGRESS, K8S_ORD_POLICY };
#define K8S_ORD_COUNT (K8S_ORD_POLICY + 2)    /* with the Namespace's (k8s_layout.h) */

/* NODE is the object's tree; NULL once rendered (stream mode): its text is then
 * TEXT_LEN bytes at TEXT_AT in the spool stream of its order. FRESH: emitted by the
 * service being converted, not yet rendered nor kept; 2 when its tree is to be
 * built on the render thread (k8s_emit_built: NODE is NULL, K->LATER has the build). */
typedef struct k8s_obj {          /* 48 bytes: a big project has tens of thousands */
    const char *kind, *name; cl_node *node;
    size_t text_at, text_len;
    uint32_t render_id;             /* rendered on the render thread: its id there (0: not) */
    int16_t order;                  /* K8S_ORD_*, -1 the Namespace; output by order, then place in the list */
    uint8_t fresh;
} k8s_obj;
_Static_assert(sizeof(k8s_obj) == 48, "k8s_obj stays 48 bytes");

/* compose name -> Kubernetes name and back (the first pair added wins); all zero is empty */
typedef struct k8s_names { cl_strmap from, to; } k8s_names;

typedef struct k8s {
    cl_arena *a;                    /* where trees are built: KEEP, or a service's scratch arena */
    cl_arena *keep;                 /* what lives until the output: names, kept objects */
    cl_spool *texts;                /* stream mode: rendered objects, a spool stream per order (index order + 1),
                                     * each text behind "---\n" (NULL: every object stays a tree) */
    const cl_project *p;
    const cl_emit_opts *o;
    cl_diags *d;
    const char *project;            /* project label value */
    const char *controller;         /* default controller: deployment|statefulset */
    const char *service_type;       /* default Service type */
    k8s_obj *objs; size_t nobjs, capobjs;
    k8s_names svc_names, vol_names, secret_names, config_names;
    cl_strmap alias_owners;         /* name of a Service made for an alias, a published or governing
                                     * Service -> its compose service (k8s_map_*) */
    cl_strmap claim_users;          /* claim name -> first service mounting it (k8s_map_*) */
    struct k8s_reach *reach;        /* k8s_network.c: who reaches whom (built on first use) */
    int failed;                     /* an error was reported */
    cl_strmap vol_users;            /* k8s_claims.c: compose volume -> the services that mount it */
    cl_strmap bind_stats;           /* k8s_bind.c: what stat said of each bind source's path */
    int vol_users_built;
    struct cl_em_renderer *renderer; /* stream mode: renders settled objects on a second thread (NULL: here) */
    cl_em_keys keys;                /* kubernetes.c: the service-key tables, indexed */
    struct k8s_unsup *unsup;        /* stream mode: the service's keys not converted, reported on the render thread */
    size_t nunsup, capunsup;
    cl_diags later_d;               /* what the render thread reported, joined to D once it is done */
    int later_ok;                   /* k8s_emit_built may leave the tree to the render thread */
    struct k8s_later **later;       /* the builds of the service's objects of FRESH 2, in order */
    size_t nlater, caplater;
} k8s;

/* ---- naming (k8s_kit.c) ---- */
/* DNS-1035 label (lowercase alphanumerics and '-', starts with a letter, at most 63). */
const char *k8s_name(k8s *k, const char *s);
/* K8S name for a compose object of a section ("services", "volumes"...), reporting a rename once
 * (warning for services: their DNS name changes) and a clash between two compose names (error). */
const char *k8s_name_of(k8s *k, k8s_names *tab, const char *section, const char *compose_name,
                        const cl_node *at);
void k8s_names_add(k8s_names *tab, const char *compose_name, const char *k8s_name);
/* Looks up a name given by k8s_name_of; NULL when unknown. */
const char *k8s_name_known(const k8s_names *tab, const char *compose_name);
/* The first compose name that became K8S_NAME; NULL when none. */
const char *k8s_name_owner(const k8s_names *tab, const char *k8s_name);
/* A one-way table: KEY -> VAL (a string that outlives the conversion, not
 * copied); the first put of a key wins. k8s_map_get is NULL when KEY is not there. */
void k8s_map_put(cl_strmap *m, const char *key, const char *val);
const char *k8s_map_get(const cl_strmap *m, const char *key);
void k8s_names_free(k8s_names *tab);
int k8s_label_key_ok(const char *s);
/* A DNS-1123 subdomain (lowercase alphanumerics, '-' and '.', at most 253): names of most objects. */
int k8s_subdomain_ok(const char *s);
int k8s_label_value_ok(const char *s);
/* Label value made valid (characters outside [-_.A-Za-z0-9] dropped, trimmed, at most 63). */
const char *k8s_label_value(k8s *k, const char *s);

/* ---- tree helpers and reports (k8s_kit.c) ---- */
/* A's first AMAX bytes at most (printf's %.*s; SIZE_MAX: all), then B and C
 * (NULL: none), in the arena: the names made for each service, without printf. */
const char *k8s_cat(k8s *k, const char *a, size_t amax, const char *b, const char *c);
/* V in decimal (printf's %lld) in BUF, which has K8S_DEC bytes; returns the text. */
#define K8S_DEC 24
const char *k8s_dec(char *buf, long long v);
cl_node *k8s_str(k8s *k, const char *s);
cl_node *k8s_int(k8s *k, long long v);
/* KEY: V into B (nothing when V is NULL). A literal KEY (LIT) is not copied:
 * it outlives every tree; the macros tell it (keys are mostly literals). */
void k8s_put_key(k8s *k, cl_builder *b, const char *key, int lit, cl_node *v);
void k8s_put_str_key(k8s *k, cl_builder *b, const char *key, int lit, const char *v);
#define k8s_put(k, b, key, v) k8s_put_key((k), (b), (key), __builtin_constant_p(key), (v))
#define k8s_put_str(k, b, key, v) k8s_put_str_key((k), (b), (key), __builtin_constant_p(key), (v))
/* The map of KEYS (distinct, outliving every tree: literals) and their values VALS,
 * N of them, a NULL value left out (as k8s_put leaves it): the small maps of
 * fixed keys made for each port, mount and volume, without a builder's malloc
 * and its look-up of each key. */
cl_node *k8s_map(k8s *k, const char *const *keys, cl_node *const *vals, uint32_t n);
/* Finishes B into the map/seq node, or discards it and returns NULL when empty. */
cl_node *k8s_finish(k8s *k, cl_builder *b);
/* Puts KEY only when B is non-empty (B is consumed either way). */
void k8s_put_built(k8s *k, cl_builder *dst, const char *key, cl_builder *b);
/* metadata: {name, namespace?, labels, annotations?} */
cl_node *k8s_meta(k8s *k, const char *name, cl_node *labels, cl_node *annotations);
/* Standard labels of the project (and of a service when SVC is not NULL). */
cl_node *k8s_std_labels(k8s *k, const char *svc);
/* Starts an object map: apiVersion, kind, metadata. */
void k8s_begin(k8s *k, cl_builder *b, const char *api, const char *kind, cl_node *meta);
/* Finishes B and appends it to the output. */
void k8s_emit(k8s *k, cl_builder *b, int order, const char *kind, const char *name);
/* Appends the object whose tree BUILD makes from ARGS (SIZE bytes, copied; the
 * builders ARGS holds are BUILD's to finish or free). When K->LATER_OK (stream
 * mode, a service whose objects are final once made), the tree is made on the
 * render thread while the next services are converted, with a k8s of its own
 * that has the arena, options and project label alone: BUILD reports nothing
 * and emits nothing, and reads only ARGS and what outlives the service's
 * arena. Otherwise it is made here and now. */
typedef cl_node *(*k8s_build_fn)(k8s *k, void *args);
void k8s_emit_built(k8s *k, int order, const char *kind, const char *name, k8s_build_fn build, void *args, size_t size);
/* Stream mode: the build of a FRESH 2 object, to be queued (k8s_later_run on the render thread). */
struct k8s_later;
cl_node *k8s_later_run(void *later, cl_arena *a);
/* A deep copy of N in the long-lived arena K->keep. */
cl_node *k8s_keep_tree(k8s *k, const cl_node *n);
/* Base64 of N bytes. */
cl_node *k8s_base64(k8s *k, const char *s, size_t n);
/* Quantities: cpus "0.5" -> "500m"; bytes -> "512Mi". */
const char *k8s_cpu_qty(k8s *k, double cpus);
const char *k8s_mem_qty(k8s *k, long long bytes);
/* Error diagnostic (code convert-error) that makes the conversion fail. */
void k8s_error(k8s *k, const cl_node *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Warning (code convert-caveat) about something converted that behaves differently. */
void k8s_caveat(k8s *k, const char *svc, const char *key, const cl_node *at, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* A Kubernetes quantity such as 10Gi, 500M or 1.5 (k8s_volume_kit.c). */
int k8s_quantity_ok(const char *s);

/* ---- storage helpers (k8s_volume_kit.c), shared by k8s_storage.c, k8s_bind.c and k8s_claims.c ---- */
#define K8S_OBJECT_MAX (1024 * 1024)   /* the API's limit on one object (etcd) */
/* Reads the regular file PATH, at most MAX bytes, into the arena (never blocks on a
 * fifo); NULL with errno set: EFBIG when larger, EINVAL when not a regular file. */
char *k8s_read_file(k8s *k, const char *path, size_t max, size_t *len);
/* Valid UTF-8 without control characters other than tab, CR and LF: ConfigMap data. */
int k8s_is_text(const char *s, size_t n);
/* S made a valid ConfigMap/Secret key ([-._a-zA-Z0-9], other characters become '_'). */
const char *k8s_data_key(k8s *k, const char *s);
cl_node *k8s_empty_dir(k8s *k, int memory, const char *size);
/* The spec of a ReadWriteOnce claim; size and class from the top-level volume VOL's labels
 * (VOL may be NULL), else --pvc-size/--storage-class. NULL, with *BAD the label, when the
 * size label is not a quantity. */
cl_node *k8s_claim_spec(k8s *k, const cl_node *vol, const cl_node **bad);
/* A name NAME, or NAME-2, NAME-3..., that no object of KIND (nor compose object in TAB) has yet. */
const char *k8s_free_name(k8s *k, const char *kind, const k8s_names *tab, const char *name);

/* ---- parts (called by kubernetes.c only; parts call only the kit) ---- */
void k8s_storage_top(k8s *k);                                          /* k8s_storage.c */
/* After every service: the NetworkPolicies of the compose networks. */
void k8s_network_top(k8s *k);                                          /* k8s_netpolicy.c */

/* ---- one compose service while it is converted ---- */
typedef struct k8s_pod {
    k8s *k;                         /* the conversion: service-key handlers get the pod alone */
    const char *svc;                /* compose service name */
    const char *name;               /* its Kubernetes name */
    const cl_node *def;             /* its normalized definition */
    /* container */
    cl_node *image, *command, *args, *workdir, *liveness, *readiness, *pull, *stdin_, *tty;
    cl_builder env, cports, mounts, sc, caps_add, caps_drop, limits, requests;
    /* pod */
    cl_node *grace, *hostname, *host_network, *host_pid, *host_ipc;
    cl_builder volumes, psc, sysctls, host_aliases, node_selector, dns_ns, dns_search, dns_opts;
    cl_builder node_affinity;        /* matchExpressions of the required node affinity (k8s_podspec.c) */
    cl_builder labels, annotations;  /* from compose labels/annotations/deploy.labels */
    cl_builder net_labels;           /* compose-lint.network/<net>: "true" */
    cl_builder env_secret;           /* data of the <svc>-env Secret */
    /* Service */
    cl_builder svc_ports;            /* in-cluster Service ports: container ports (ports, expose) */
    cl_builder pub_ports;            /* published ports: published -> target (the -published Service) */
    int remapped;                    /* a port is published on another number than its target */
    cl_builder open_ports;           /* container ports published to the outside (policy) */
    cl_builder aliases;              /* network aliases (scalar nodes): one more Service each */
    const char *service_type; const cl_node *service_type_at;
    const char *ingress; const cl_node *ingress_at;
    /* controller */
    const char *controller; const cl_node *controller_at;
    long long replicas; int has_replicas;
    cl_node *strategy;              /* Deployment rollout from deploy.update_config */
    const char *restart, *restart_key; const cl_node *restart_at;
    int job_backoff;
    /* storage: the claims the pod mounts (k8s_storage.c, k8s_bind.c; read by k8s_claims.c) */
    struct k8s_claim_use *claims; uint32_t nclaims, capclaims;
    struct k8s_kompose *kompose;    /* its kompose.* labels (k8s_kompose.c), NULL when none */
    int headless;                   /* a headless Service asked for (kompose.service.type: headless) */
    cl_strmap ports_seen;           /* k8s_network.c: (list, port, protocol) added already */
} k8s_pod;

/* One ReadWriteOnce claim a pod mounts: VOL the compose volume (NULL for a claim made for a
 * bind mount), CLAIM its name, VOLUME the pod volume, AT the first mount, RO all mounts read-only. */
typedef struct k8s_claim_use { const char *vol, *claim, *volume; const cl_node *at; int ro, external; } k8s_claim_use;

/* Service-key handlers (cl_em_key_fn, common.h) are handed the k8s_pod. */
/* k8s_workload.c: the pod of service SVC (NAME: its Kubernetes name), the
 * service-key table of its container keys and of the keys no part converts
 * (with why), then the workload object from the filled pod. */
void k8s_pod_init(k8s *k, k8s_pod *pod, const char *svc, const char *name, const cl_node *def);
extern const cl_em_key k8s_workload_keys[];
void k8s_workload(k8s *k, k8s_pod *pod);
/* Service keys handled by k8s_storage.c: volumes, secrets, configs, tmpfs, shm_size. */
void k8s_pod_storage(void *pod, const cl_pair *pr);
/* Service keys handled by k8s_network.c: ports, expose, networks, network_mode, links. */
void k8s_pod_network(void *pod, const cl_pair *pr);
/* The name of a StatefulSet's governing (headless) Service: the service's own name when it has
 * no ports, else <name>-headless (<name> stays the ClusterIP Service clients use). */
const char *k8s_governing_service(k8s *k, const k8s_pod *pod);
/* The Service that takes the service type: <name>-published when a port is published on another
 * number than its container's (<name> then stays ClusterIP on the container ports), else <name>. */
const char *k8s_typed_service(k8s *k, const k8s_pod *pod);
/* k8s_podspec.c: service keys group_add, pull_policy and gpus; deploy.placement
 * (nodeSelector and node affinity) and deploy.resources.*.devices (GPUs in the
 * limits, reported under KEY); then, when the pod is built, its imagePullPolicy
 * (IfNotPresent unless pull_policy says otherwise) and affinity (NULL when none). */
void k8s_pod_group_add(void *pod, const cl_pair *pr);
void k8s_pod_pull_policy(void *pod, const cl_pair *pr);
void k8s_pod_gpus(void *pod, const cl_pair *pr);
void k8s_pod_placement(k8s_pod *pod, const cl_node *placement);
void k8s_pod_devices(k8s_pod *pod, const char *key, const cl_node *devices);
cl_node *k8s_pod_pull(k8s *k, k8s_pod *pod);
cl_node *k8s_pod_affinity(k8s *k, k8s_pod *pod);
/* After the workload: the Services, Ingress and published-ports NetworkPolicy. */
void k8s_pod_service(k8s *k, k8s_pod *pod);
/* k8s_netpolicy.c: the NetworkPolicy opening POD's published ports to everyone. */
void k8s_published_policy(k8s *k, k8s_pod *pod);
/* The frees of k8s_network.c's project-wide tables (the entry, when the conversion ends). */
void k8s_reach_free(k8s *k);
/* k8s_volume_kit.c: adds a pod volume named NAME (made unique) holding SOURCE under KIND (a literal:
 * emptyDir, hostPath...); returns its name. */
const char *k8s_pod_volume(k8s *k, k8s_pod *pod, const char *name, const char *kind, cl_node *source);
/* Adds a volumeMount. SUBPATH and READ_ONLY optional. */
void k8s_pod_mount(k8s *k, k8s_pod *pod, const char *volume, const char *path, const char *subpath, int read_only);
/* Mounts claim CLAIM (compose volume VOL, NULL for a bind's claim) at PATH: one pod volume per
 * claim however often it is mounted; remembered for k8s_pod_claims. */
void k8s_pod_claim(k8s *k, k8s_pod *pod, const char *vol, const char *claim, int external, const cl_node *at,
                   const char *path, const char *subpath, int read_only);
/* k8s_bind.c: a bind mount (entry E, the IDX-th of volumes): a ConfigMap of the file or folder,
 * a claim when the folder is too big, emptyDir when the source is missing; a hostPath volume
 * (type File, Directory, DirectoryOrCreate...) with --allow-hostpath. */
void k8s_mount_bind(k8s *k, k8s_pod *pod, const cl_node *e, uint32_t idx);
/* k8s_claims.c: once the controller is chosen, before the pod spec is built. A StatefulSet's
 * claims of volumes no other service mounts become volumeClaimTemplates (returned; their
 * PersistentVolumeClaim is taken out); a Deployment with a claim gets strategy Recreate;
 * claims that attach to one node while several pods need them are reported. */
cl_node *k8s_pod_claims(k8s *k, k8s_pod *pod);
/* k8s_kompose.c: kompose's labels. key_labels hands each kompose.* label of
 * the service (MAP: its labels or deploy.labels) to k8s_kompose_label;
 * k8s_kompose_before puts them on the pod once its keys are walked,
 * k8s_kompose_after on the objects made from it (k8s_extra.c: CronJob,
 * HorizontalPodAutoscaler); k8s_kompose_top reads top-level volumes' labels
 * and reports depends_on service_completed_successfully, after the services. */
void k8s_kompose_label(k8s_pod *pod, const cl_node *map, const cl_pair *label);
void k8s_kompose_before(k8s *k, k8s_pod *pod);
void k8s_kompose_after(k8s *k, k8s_pod *pod);
void k8s_kompose_top(k8s *k);

#endif
