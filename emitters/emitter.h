/* emitter.h - targets of `compose-lint convert --to NAME`. Each emitter turns
 * a normalized project (model/project.h) into documents for its target (one
 * unnamed stream, or named files), reporting through DIAGS whatever the target
 * cannot express (never dropping silently). Emitters do no file I/O: cli/
 * writes the documents. */
#ifndef CL_EMITTER_H
#define CL_EMITTER_H
#include "../parser/buf.h"
#include "../parser/diag.h"
#include "../model/project.h"
#include "spool.h"

typedef struct cl_emit_opts {
    int strict;                 /* --strict: warnings about dropped keys fail */
    int no_interpolate;         /* --no-interpolate */
    const char *controller;     /* kubernetes: --controller deployment|statefulset */
    const char *namespace_;     /* kubernetes: --namespace */
    int allow_hostpath;         /* kubernetes: --allow-hostpath */
    const char *service_type;   /* kubernetes: --service-type ClusterIP|NodePort|LoadBalancer */
    const char *pvc_size;       /* kubernetes: --pvc-size QUANTITY */
    const char *storage_class;  /* kubernetes: --storage-class NAME */
    int output_dir;             /* -o names a directory: one named document per object */
    const char *image_prefix;   /* --image-prefix REGISTRY/PATH: where built images are pushed */
    const char *image_tag;      /* --image-tag TAG: their tag */
} cl_emit_opts;

/* What an emitter produces: documents in order, each NAME (a file name inside
 * the -o directory, or NULL for the one stream to stdout or -o FILE) and TEXT,
 * or (SPOOLED) the bytes [AT, AT+LEN) of the list's SPOOL. STORE, set by the
 * caller before the emitter runs (NULL: none), is where a spool may keep what
 * memory need not hold until the documents are written. */
typedef struct cl_emit_doc { char *name; cl_buf text; int spooled; uint64_t at, len; } cl_emit_doc;
typedef struct cl_emit_docs {
    cl_emit_doc *v; size_t n, cap;
    const cl_emit_store *store;
    cl_spool *spool;            /* the emitter's, freed with the list */
} cl_emit_docs;
void cl_emit_docs_init(cl_emit_docs *ds);
/* Appends a document (NAME copied; NULL for the stream) and returns its text. */
cl_buf *cl_emit_docs_add(cl_emit_docs *ds, const char *name);
/* Appends a document that is the bytes [AT, AT+LEN) of DS->spool. */
void cl_emit_docs_add_spooled(cl_emit_docs *ds, const char *name, uint64_t at, uint64_t len);
/* Hands document I's bytes to SINK in pieces (0, or -1 as soon as SINK or the store fails). */
int cl_emit_doc_copy(const cl_emit_docs *ds, size_t i, int (*sink)(void *ctx, const char *p, size_t n), void *ctx);
/* The same to a spool's sink: what the store holds may be moved without being read back. */
int cl_emit_doc_send(const cl_emit_docs *ds, size_t i, const cl_spool_sink *sink);
/* Document I's size. */
uint64_t cl_emit_doc_len(const cl_emit_docs *ds, size_t i);
void cl_emit_docs_free(cl_emit_docs *ds);

typedef struct cl_emitter {
    const char *name;           /* "swarm", "kubernetes", "run" */
    const char *summary;
    /* Adds the result to OUT. Returns 0 on success, non-zero when the project
     * cannot be converted (errors are in DIAGS). */
    int (*emit)(const cl_project *p, const cl_emit_opts *o, cl_emit_docs *out, cl_diags *diags);
} cl_emitter;

/* convert --to kubernetes --layout kustomize (emitters/k8s_kustomize.c):
 * PROJECTS[i] is the project of the first i+1 compose files, STEMS[i] names
 * file i+1. Adds the documents "base/..." (project 0: kustomization.yaml and
 * one file per object) and, for i >= 1, "overlays/<STEMS[i]>/..." built on the
 * overlay before it (or the base): kustomize renders it as project i. Returns
 * non-zero, adding nothing, when a project cannot be converted. */
int cl_k8s_kustomize(const cl_project *const *projects, const char *const *stems, size_t n,
                     const cl_emit_opts *o, cl_emit_docs *out, cl_diags *d);

/* convert --to kubernetes --layout helm (emitters/k8s_helm.c): P as a chart,
 * "Chart.yaml", "values.yaml" (per workload: image repository and tag,
 * replicas, ports, resources, servicePorts) and "templates/..." reading them;
 * `helm template` renders the objects the stream holds. */
int cl_k8s_helm(const cl_project *p, const cl_emit_opts *o, cl_emit_docs *out, cl_diags *d);

/* emitters/registry.c */
extern const cl_emitter *const cl_emitters[];
const cl_emitter *cl_emitter_find(const char *name);
/* Runs EM and appends the text of every document it returns to OUT (for
 * callers that want the stream: tests, fuzzing). Returns what EM returned. */
int cl_emit_text(const cl_emitter *em, const cl_project *p, const cl_emit_opts *o, cl_buf *out, cl_diags *diags);

#endif
