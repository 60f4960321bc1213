/* profiles.h - profiles applied: --profile or COMPOSE_PROFILES choose which
 * services stay. Uses the load context alone. */
#ifndef CL_PROFILES_H
#define CL_PROFILES_H
#include "context.h"

/* TREE without the services whose profiles are all inactive; an enabled
 * service's dependencies on them (or on undefined services) are reported. */
cl_node *cl_apply_profiles(cl_ctx *c, cl_node *tree);

#endif
