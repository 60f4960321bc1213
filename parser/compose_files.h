/* compose_files.h - the file names docker compose looks for when none is
 * given, and the override files it adds beside them, in its order of
 * preference (compose-go cli/options.go: DefaultFileNames,
 * DefaultOverrideFileNames); the one table for every caller. */
#ifndef CL_COMPOSE_FILES_H
#define CL_COMPOSE_FILES_H

/* compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml; NULL-terminated. */
extern const char *const cl_compose_file_names[];
/* compose.override.yml, compose.override.yaml, docker-compose.override.yml,
 * docker-compose.override.yaml; NULL-terminated. */
extern const char *const cl_compose_override_names[];

#endif
