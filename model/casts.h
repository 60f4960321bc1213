/* casts.h - the numbers compose-go casts from strings: a service's
 * `replicas: "3"` (quoted, or given by ${VAR}) is the integer 3 in the
 * project docker compose runs (compose-go, loader/interpolate.go,
 * interpolateTypeCastMapping: "!!int" and "!!float" paths). The booleans of
 * that list are cast where normalization handles them (cl_val_bool_field). */
#ifndef CL_CASTS_H
#define CL_CASTS_H
#include "../parser/doc.h"

/* Service key KEY's value V with the numbers under it cast (cpu_count, cpus,
 * scale, pids_limit, ..., deploy.replicas and its update/rollback/restart/
 * placement numbers, healthcheck.retries, ulimits): V itself when nothing
 * changes; a string that is no number stays as written. */
cl_node *cl_cast_service_value(cl_arena *a, const char *key, cl_node *v);

#endif
