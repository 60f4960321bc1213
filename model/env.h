/* env.h - a set of variables (name -> value) as docker compose resolves them:
 * the process environment, the project's .env or --env-file files, and the
 * values read from a service's env_file. Owned strings; later set() wins. */
#ifndef CL_ENV_H
#define CL_ENV_H
#include <stddef.h>

typedef struct cl_env {
    char **keys, **vals;
    size_t n, cap;
} cl_env;

void cl_env_init(cl_env *e);
void cl_env_free(cl_env *e);
/* Value of NAME, or NULL when unset. */
const char *cl_env_get(const cl_env *e, const char *name, size_t len);
void cl_env_set(cl_env *e, const char *name, size_t nlen, const char *val, size_t vlen);
/* Adds every variable of the process environment. */
void cl_env_add_process(cl_env *e);
/* Copies every variable of SRC into DST (SRC wins on conflicts). */
void cl_env_merge(cl_env *dst, const cl_env *src);

#endif
