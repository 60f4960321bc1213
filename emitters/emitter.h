/* emitter.h - targets of `compose-lint convert --to NAME`. Each emitter turns
 * a normalized project (model/project.h) into text for its target, reporting
 * through DIAGS whatever the target cannot express (never dropping silently).
 * Emitters build cl_node trees and render them with emitters/render.h, or
 * write text themselves (the shell script emitter). */
#ifndef CL_EMITTER_H
#define CL_EMITTER_H
#include "../parser/buf.h"
#include "../parser/diag.h"
#include "../model/project.h"

typedef struct cl_emit_opts {
    int strict;                 /* --strict: warnings about dropped keys fail */
    int no_interpolate;         /* --no-interpolate */
    const char *controller;     /* kubernetes: --controller deployment|statefulset */
    const char *namespace_;     /* kubernetes: --namespace */
    int allow_hostpath;         /* kubernetes: --allow-hostpath */
    const char *service_type;   /* kubernetes: --service-type ClusterIP|NodePort|LoadBalancer */
    const char *pvc_size;       /* kubernetes: --pvc-size QUANTITY */
    const char *storage_class;  /* kubernetes: --storage-class NAME */
    const char *output;         /* -o FILE or DIR ("-" or NULL = stdout) */
} cl_emit_opts;

typedef struct cl_emitter {
    const char *name;           /* "swarm", "kubernetes", "run" */
    const char *summary;
    /* Writes the result to OUT. Returns 0 on success, non-zero when the project
     * cannot be converted (errors are in DIAGS). */
    int (*emit)(const cl_project *p, const cl_emit_opts *o, cl_buf *out, cl_diags *diags);
} cl_emitter;

/* emitters/registry.c */
extern const cl_emitter *const cl_emitters[];
const cl_emitter *cl_emitter_find(const char *name);

#endif
