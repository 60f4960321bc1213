/* keys.c - the shared constant key nodes (see keys.h). */
#include "keys.h"

#define CL_KEY_NODE(id, str) \
    [CL_K_##id] = { .kind = CL_SCALAR, .type = CL_T_STR, .flags = CL_NF_SYNTH, .u.s = { .len = sizeof str - 1, .text = str } },
const cl_node cl_keys[CL_K_COUNT] = { CL_KEYS(CL_KEY_NODE) };
