/* compose_files.h - the file names docker compose looks for when none is
 * given, in its order of preference; the one table for every caller (the
 * CLI's default file, the project's include/extends lookups). */
#ifndef CL_COMPOSE_FILES_H
#define CL_COMPOSE_FILES_H

/* compose.yaml, compose.yml, docker-compose.yaml, docker-compose.yml; NULL-terminated. */
extern const char *const cl_compose_file_names[];

#endif
