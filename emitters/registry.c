/* registry.c - the emitters `convert --to` knows. Add one line per target. */
#include <string.h>
#include "emitter.h"

extern const cl_emitter cl_emitter_swarm;
extern const cl_emitter cl_emitter_kubernetes;
extern const cl_emitter cl_emitter_run;

const cl_emitter *const cl_emitters[] = {
    &cl_emitter_swarm,
    &cl_emitter_kubernetes,
    &cl_emitter_run,
    NULL
};

const cl_emitter *cl_emitter_find(const char *name)
{
    for (size_t i = 0; cl_emitters[i]; i++)
        if (!strcmp(cl_emitters[i]->name, name)) return cl_emitters[i];
    return NULL;
}
