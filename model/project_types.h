/* project_types.h - the compose project's data: cl_project_opts (what a load
 * is given) and cl_project (what it gives; its tree is described in
 * project.h). Every part of model/ fills or reads them; project.h offers the
 * functions that make and free a project. */
#ifndef CL_PROJECT_TYPES_H
#define CL_PROJECT_TYPES_H
#include "../parser/arena.h"
#include "../parser/diag.h"
#include "../parser/doc.h"

typedef struct cl_project_opts {
    const char *const *files;     /* -f files in order; "-" reads stdin */
    size_t nfiles;
    const char *const *env_files; /* --env-file, in order (later wins); none => <project dir>/.env */
    size_t nenv_files;
    const char *const *profiles;  /* --profile (COMPOSE_PROFILES used when none) */
    size_t nprofiles;
    const char *project_name;     /* -p (COMPOSE_PROJECT_NAME when NULL) */
    const char *project_directory;/* --project-directory (first file's folder when NULL) */
    int no_interpolate;           /* keep ${VAR} text as written */
    const cl_limits *limits;
    int keep_sources;             /* the caller takes the sources the project read on the way
                                     (cl_project_take_sources), so problems found in them keep
                                     their place; otherwise they are written into the message */
    int unrendered;               /* the project is only read by rules (`check`), never printed:
                                     mapping keys stay in file order (the services map aside),
                                     services get no `networks: {default: null}` (the top-level
                                     default network is still added when used), and their
                                     volumes stay as written (short specs are only checked),
                                     so do single-port short ports (the rules read either
                                     form), depends_on mappings get no condition/required
                                     defaults, top-level resources no name: what no rule
                                     reads is not built */
} cl_project_opts;

typedef struct cl_project {
    cl_arena arena;
    cl_node *root;                /* normalized tree described in project.h */
    const char *name;
    const char *directory;        /* absolute project directory */
    /* sources and raw documents loaded on the way (owned), for spans and fixes */
    cl_source **sources; size_t nsources;
    cl_doc **docs; size_t ndocs;
    size_t finished_ahead;        /* services finished while their file was parsed (cl_norm_done) */
} cl_project;

#endif
