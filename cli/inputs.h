/* inputs.h - turns the command line's inputs (files, folders, "-") into the
 * list of files to check: folders are walked recursively for compose file
 * names, .git and node_modules are skipped, --exclude globs drop paths, and
 * repeated paths are checked once. */
#ifndef CL_INPUTS_H
#define CL_INPUTS_H
#include <stddef.h>
#include "cli.h"

typedef struct cl_inputs {
    char **paths;   /* owned; "-" stands for stdin */
    size_t n, cap;
} cl_inputs;

/* Expands ARGS into IN (folders in name order, files as given). Unreadable
 * folders, and folders holding no compose file, are reported on stderr and
 * make the return value CL_EXIT_USAGE; the rest is still expanded. */
int cl_inputs_expand(const cl_opts *o, const char *const *args, size_t nargs, cl_inputs *in);
void cl_inputs_free(cl_inputs *in);
/* Is BASENAME a compose file name a folder walk picks up (compose*.yaml|yml,
 * docker-compose*.yaml|yml, *.compose.yaml|yml)? */
int cl_is_compose_name(const char *basename);
/* Adds one info `not-compose-file` to OUT when SRC's top level has
 * apiVersion + kind (a Kubernetes manifest) or on + jobs (a GitHub Actions
 * workflow): files passed by mistake get a hint besides the unknown keys. */
void cl_inputs_foreign_hint(const cl_source *src, cl_diags *out);
/* Does PATH (or its last component) match one of o->exclude? */
int cl_is_excluded(const cl_opts *o, const char *path);

#endif
