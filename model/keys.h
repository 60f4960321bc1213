/* keys.h - the mapping keys normalization adds (protocol, target, networks,
 * ...) as constant nodes shared by every map that gets one, instead of a new
 * node for each use. They have no source span, like any synthesized key.
 * They live in read-only storage: never pass one to cl_node_at or change it. */
#ifndef CL_KEYS_H
#define CL_KEYS_H
#include "../parser/doc.h"

#define CL_KEYS(X) \
    X(BIND, "bind") X(CONDITION, "condition") X(CONSISTENCY, "consistency") X(CONTEXT, "context") \
    X(CREATE_HOST_PATH, "create_host_path") X(DEFAULT, "default") X(DOCKERFILE, "dockerfile") \
    X(ENVIRONMENT, "environment") X(HOST_IP, "host_ip") X(MODE, "mode") X(NAME, "name") \
    X(NETWORKS, "networks") X(NOCOPY, "nocopy") X(PATH, "path") X(PROPAGATION, "propagation") \
    X(PROTOCOL, "protocol") X(PUBLISHED, "published") X(READ_ONLY, "read_only") X(REQUIRED, "required") \
    X(SELINUX, "selinux") X(SERVICES, "services") X(SOURCE, "source") X(TARGET, "target") X(TYPE, "type") \
    X(VOLUME, "volume")

#define CL_KEY_ENUM(id, text) CL_K_##id,
enum { CL_KEYS(CL_KEY_ENUM) CL_K_COUNT };
#undef CL_KEY_ENUM

extern const cl_node cl_keys[CL_K_COUNT];

/* Adds (or replaces) key K (CL_K_*) with VALUE in map builder B. */
static inline void cl_builder_key(cl_builder *b, int k, cl_node *value)
{
    cl_builder_set(b, (cl_node *)&cl_keys[k], value);
}

#endif
