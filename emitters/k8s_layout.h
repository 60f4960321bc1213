/* k8s_layout.h - the Kubernetes emitter's objects as trees, for the ways
 * they are laid out: kubernetes.c converts a project into its objects (the
 * stream and -o DIR render them as they are made, without this); k8s_kustomize.c
 * diffs the objects of successive projects into a kustomize base and overlays. */
#ifndef CL_K8S_LAYOUT_H
#define CL_K8S_LAYOUT_H
#include "k8s.h"

/* --namespace's Namespace object comes before everything else */
#define K8S_ORD_NAMESPACE (K8S_ORD_CONFIG - 1)

/* Converts P into its objects, in output order, built in ARENA (which must
 * outlive them); *OBJS is malloc'd (NULL when there are none). Returns 0, or
 * non-zero when the project cannot be converted (errors in D, no objects). */
int k8s_objects(const cl_project *p, const cl_emit_opts *o, cl_arena *arena, k8s_obj **objs, size_t *nobjs, cl_diags *d);

/* An object's file name: <name>-<kind in lowercase>.yaml. */
const char *k8s_file_name(cl_arena *a, const k8s_obj *o);

#endif
