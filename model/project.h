/* project.h - the compose project as docker compose runs it: files loaded,
 * interpolated (${VAR} with every modifier, .env, --env-file), merged (-f ...),
 * extends and include resolved, profiles applied, and normalized into the long
 * syntax that `docker compose config` prints. Every node keeps the source span
 * of the text it came from (synthesized nodes copy the span of their origin).
 *
 * The normalized tree (project->root) is a mapping:
 *   name: <project name>
 *   services:
 *     <svc>:
 *       image: str                         (when given)
 *       build: {context: <abs path>, dockerfile: str, args: {K: V}, target, ...}
 *       command / entrypoint: [str, ...]   (a string form is shell-split)
 *       environment: {KEY: str | null}     (list form turned into a map, env_file values merged in)
 *       env_file: [{path: <abs>, required: bool}]
 *       ports: [{target: int, published: str, protocol: tcp|udp|sctp, mode: ingress|host,
 *                host_ip: str (if any), name, app_protocol (if any)}]
 *       expose: [str]
 *       volumes: [{type: bind|volume|tmpfs|npipe|image|cluster, source: str, target: str,
 *                  read_only: bool (if true), bind: {create_host_path: true, propagation},
 *                  volume: {nocopy, subpath}, tmpfs: {size, mode}}]   (bind sources absolute)
 *       secrets / configs: [{source: str, target: str, uid, gid, mode}]
 *       depends_on: {svc: {condition: service_started|service_healthy|service_completed_successfully,
 *                          required: bool, restart: bool}}
 *       networks: {net: null | {aliases: [...], ipv4_address, ...}}   (default: {default: null})
 *       labels: {K: str}; healthcheck, deploy, restart, user, ... kept as given (interpolated)
 *   networks: {net: {name: <project>_net or explicit name, driver, external, ...}}
 *             (a "default" network is added when a service uses it)
 *   volumes:  {vol: {name: <project>_vol or explicit, driver, external, ...}}
 *   secrets / configs: {x: {name, file: <abs> | environment | content | external}}
 *   models, x-* top-level extensions kept as given.
 * Keys of every mapping are in a stable (sorted) order. (For `check`,
 * opts->unrendered leaves out what only the printed form needs: see there.)
 * The types, cl_project_opts and cl_project, are in project_types.h.
 * The tree shares every subtree that normalization leaves unchanged with the
 * documents it was loaded from (no copies), so it must not outlive them and
 * neither it nor they may be modified.
 */
#ifndef CL_PROJECT_H
#define CL_PROJECT_H
#include "project_types.h"
#include "../parser/pairset.h"

/* Loads, interpolates, merges and normalizes. Returns NULL when a file cannot
 * be read; when one does not parse, a project with root NULL that keeps the
 * sources the error diagnostics point into (free it after reporting);
 * otherwise a project, with warnings/errors in DIAGS
 * (unset variables, missing required variables, extends cycles, ...). */
cl_project *cl_project_load(const cl_project_opts *opts, cl_diags *diags);
/* cl_project_load in two steps, for a caller that works on the files while
 * the project is built from them (validates them): cl_project_read reads and
 * parses the files (never NULL); cl_project_read_docs gives their documents,
 * in the order given (none when the load stops early), which the project
 * keeps and no step changes (the array itself dies with the reading);
 * cl_project_read_finish builds the project, frees
 * the reading and returns what cl_project_load would. */
typedef struct cl_project_reading cl_project_reading;
cl_project_reading *cl_project_read(const cl_project_opts *opts, cl_diags *diags);
size_t cl_project_read_docs(const cl_project_reading *r, const cl_doc *const **docs);
cl_project *cl_project_read_finish(cl_project_reading *r);
/* The project of one file begun before it is parsed (SRC gives its path;
 * OPTS is copied): cl_project_entry, a cl_service_fn for cl_handon, makes
 * each service canonical as soon as it is parsed; cl_project_finish then
 * builds what cl_project_from_doc would, taking those services back (HANDED
 * on; NULL: none), adds every diagnostic to DIAGS and frees the stream (with
 * DOC NULL it only frees). */
typedef struct cl_project_stream cl_project_stream;
cl_project_stream *cl_project_begin(const cl_source *src, const cl_project_opts *opts);
void cl_project_entry(void *stream, size_t index, const cl_node *key, const cl_node *value);
cl_project *cl_project_finish(cl_project_stream *s, const cl_doc *doc, const cl_handon *handed, cl_diags *diags);
/* Builds a project from one already parsed document (used by `check`). The
 * project points into DOC, which must outlive it. Files it reads on the way
 * (.env, env_file, extends, include) die with the project: problems found in
 * them are reported with "path:line:col:" in the message and no span, and a
 * rule reporting at a project node must check node->src == doc->src first. */
cl_project *cl_project_from_doc(const cl_doc *doc, const cl_project_opts *opts, cl_diags *diags);
/* The project of DOCS (parsed already, in merge order, as -f gives them):
 * what cl_project_load builds once it has read the files. The project
 * points into DOCS, which must outlive it. Its root is NULL when an
 * --env-file cannot be read. */
cl_project *cl_project_from_docs(const cl_doc *const *docs, size_t n, const cl_project_opts *opts, cl_diags *diags);
/* Hands the sources P read on the way (.env, env files, extends and include
 * files) to the caller, who frees each and the array: diagnostics pointing
 * into them then outlive P. Returns how many. */
size_t cl_project_take_sources(cl_project *p, cl_source ***out);
void cl_project_free(cl_project *p);

#endif
