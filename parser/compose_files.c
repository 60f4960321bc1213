/* compose_files.c - see compose_files.h. */
#include "compose_files.h"
#include <stddef.h>

const char *const cl_compose_file_names[] = { "compose.yaml", "compose.yml", "docker-compose.yml",
                                              "docker-compose.yaml", NULL };
const char *const cl_compose_override_names[] = { "compose.override.yml", "compose.override.yaml",
                                                  "docker-compose.override.yml", "docker-compose.override.yaml",
                                                  NULL };
