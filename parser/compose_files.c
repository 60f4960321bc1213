#include "compose_files.h"
#include <stddef.h>

const char *const cl_compose_file_names[] = { "compose.yaml", "compose.yml", "docker-compose.yaml",
                                              "docker-compose.yml", NULL };
