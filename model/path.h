/* path.h - absolute, lexically cleaned paths as docker compose prints them. */
#ifndef CL_PATH_H
#define CL_PATH_H
#include "../parser/arena.h"

/* PATH made absolute against BASE (itself absolute; NULL = current folder);
 * "~" and "~/" use $HOME; "." and ".." of a relative PATH are resolved; an
 * absolute PATH is returned as written. Result in A. */
char *cl_path_abs(cl_arena *a, const char *base, const char *path);
/* Folder of PATH made absolute against the current directory. */
char *cl_path_dir(cl_arena *a, const char *path);
/* Last component of an absolute path. */
const char *cl_path_base(const char *path);
/* Current directory (in A). */
char *cl_path_cwd(cl_arena *a);

#endif
