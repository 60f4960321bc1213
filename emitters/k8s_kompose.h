/* k8s_kompose.h - private to k8s_kompose.c and k8s_extra.c: what kompose's
 * labels asked for once they are read and checked (k8s_kompose.c), and the
 * objects and edits that carry it out (k8s_extra.c: CronJob,
 * HorizontalPodAutoscaler, edits to objects already emitted, the Job a
 * service waits for). */
#ifndef CL_K8S_KOMPOSE_H
#define CL_K8S_KOMPOSE_H
#include "k8s.h"

/* The labels kompose documents that have a Kubernetes equivalent here. */
enum {
    KL_SERVICE_TYPE, KL_EXPOSE, KL_EXPOSE_TLS, KL_EXPOSE_CLASS, KL_NODEPORT, KL_TRAFFIC, KL_CONTROLLER,
    KL_VOL_SIZE, KL_VOL_CLASS, KL_VOL_TYPE, KL_PULL_SECRET, KL_PULL_POLICY, KL_ACCOUNT, KL_FSGROUP,
    KL_CRON_SCHEDULE, KL_CRON_POLICY, KL_CRON_BACKOFF, KL_HPA_MIN, KL_HPA_MAX, KL_HPA_CPU, KL_HPA_MEM,
    KL_RD_DISABLE, KL_RD_TEST, KL_RD_PATH, KL_RD_PORT, KL_RD_TCP, KL_RD_INTERVAL, KL_RD_TIMEOUT, KL_RD_RETRIES,
    KL_RD_START, KL_LV_PATH, KL_LV_PORT, KL_LV_TCP, KL_INIT_NAME, KL_INIT_IMAGE, KL_INIT_COMMAND,
    KL_EPH_LIMIT, KL_EPH_REQUEST, KL_N
};

typedef struct k8s_kompose {
    const cl_pair *label[KL_N];     /* each label given, by KL_* */
    /* checked values, for the objects made after the workload */
    int headless;                   /* kompose.service.type: headless */
    const char *traffic;            /* Cluster | Local */
    long long nodeport;             /* 0: none */
    const char **hosts; size_t nhosts; /* kompose.service.expose, beyond the first host */
    const char *tls, *ingress_class;
    const char *pull_secret, *account;
    const char *vol_size, *vol_class; int vol_empty;
    const char *schedule, *policy; long long backoff; int has_backoff;
    int hpa; long long hpa_min, hpa_max, hpa_cpu, hpa_mem_pct; const char *hpa_mem_qty;
    cl_node *init;                  /* the init container */
} k8s_kompose;

/* ---- k8s_extra.c ---- */
/* Index of the last object of KIND (NULL: any workload kind) named NAME, or -1. */
long k8s_find(k8s *k, const char *kind, const char *name);
/* The node at PATH ("spec.template.spec") of MAP, or NULL. */
const cl_node *k8s_get_in(const cl_node *map, const char *path);
/* MAP with PATH set to VALUE (removed when VALUE is NULL); maps along the way are copied. */
cl_node *k8s_set_in(k8s *k, const cl_node *map, const char *path, cl_node *value);
/* Object I (when I >= 0) with PATH set to VALUE as k8s_set_in does; kept in the
 * long-lived arena when the object outlives the service being converted, left
 * alone once rendered (stream mode). */
void k8s_patch(k8s *k, long i, const char *path, cl_node *value);
/* A CronJob schedule Kubernetes accepts (five fields, or a macro); else *WHY says what is wrong. */
int k8s_cron_ok(const char *s, const char **why);
/* Turns the Job of object I into a CronJob on KK's schedule. */
void k8s_cronjob(k8s *k, k8s_pod *pod, long i, const k8s_kompose *kk);
/* A HorizontalPodAutoscaler for the workload object I. */
void k8s_hpa(k8s *k, k8s_pod *pod, long i, const k8s_kompose *kk);
/* depends_on with condition service_completed_successfully, once every service is converted. */
void k8s_completed_deps(k8s *k);

#endif
