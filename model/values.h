/* values.h - the typed compose vocabulary: what a value of the project means
 * the way docker compose (compose-go v2) and docker stack read it.
 *
 * Both read YAML with go-yaml v3, whose plain-scalar resolution is not the
 * YAML 1.2 core schema our parser applies: a plain `0444` is the legacy
 * (YAML 1.1) octal 292 there, `0o444` is 292 too, `1_000` is 1000, `0b101`
 * is 5, and only true/True/TRUE/false/False/FALSE are booleans (yes/no/on/off
 * are strings). compose-go then casts strings in the fields its loader lists
 * (loader/interpolate.go, interpolateTypeCastMapping: booleans accept
 * true/false/y/yes/on/n/no/off in any case, integers strconv.ParseInt base
 * 10, numbers strconv.ParseFloat) and decodes a file mode given as a string
 * as octal (types/types.go, FileMode.DecodeMapstructure), durations with Go's
 * syntax (types/duration.go: str2duration) and byte sizes with go-units
 * (types/bytes.go: units.RAMInBytes).
 *
 * Every reader takes a node of the project (raw or normalized) and says:
 *   CL_VAL_KNOWN    the value compose uses is in *OUT
 *   CL_VAL_UNKNOWN  nothing to read: no node, null, or text still holding a
 *                   ${VAR} (--no-interpolate); *OUT is untouched
 *   CL_VAL_INVALID  a value compose refuses for this type; *OUT untouched
 * Rules, `config` and the converters read values through these functions
 * only, so that they all agree with docker on what a file says. */
#ifndef CL_VALUES_H
#define CL_VALUES_H
#include "../parser/doc.h"

typedef enum { CL_VAL_UNKNOWN = 0, CL_VAL_KNOWN = 1, CL_VAL_INVALID = 2 } cl_val;

/* The type go-yaml v3 gives scalar N as compose-go receives it: quoted,
 * block, !!str-tagged and interpolated values are strings; a plain value is
 * resolved as go-yaml does (legacy octal, 0o/0x/0b, underscores). */
cl_stype cl_val_yaml_type(const cl_node *n);
/* A boolean field compose-go casts (read_only, privileged, external, ...). */
cl_val cl_val_bool(const cl_node *n, int *out);
/* A whole number (replicas, ports' target, pids_limit, ulimits, ...). */
cl_val cl_val_int(const cl_node *n, long long *out);
/* A number (cpus, cpu_percent, max_failure_ratio, ...). */
cl_val cl_val_number(const cl_node *n, double *out);
/* A file mode (secrets', configs' mode): a number as YAML reads it, or a
 * string read as octal ("0444" and "444" are both 292). */
cl_val cl_val_mode(const cl_node *n, long long *out);
/* A duration (healthcheck interval, stop_grace_period, ...) in nanoseconds,
 * Go syntax: [-+]?(N[.N]unit)+ with ns, us, µs, ms, s, m, h, d, w; a bare
 * number only when it is 0. */
cl_val cl_val_duration_ns(const cl_node *n, long long *ns);
/* A byte size (mem_limit, shm_size, tmpfs size, ...): a whole number of
 * bytes, or N[.N][ ][kmgtp][i][b] in any case, binary multiples. */
cl_val cl_val_bytes(const cl_node *n, long long *bytes);
/* The same readers on text already known to be a string. */
cl_val cl_val_bool_text(const char *s, int *out);
cl_val cl_val_duration_text(const char *s, long long *ns);
cl_val cl_val_bytes_text(const char *s, long long *bytes);

/* Is KEY one of the compose-spec's boolean fields (read_only, privileged,
 * tty, external, nocopy, ...; compose-spec.json)? SERVICE_LEVEL: KEY is
 * written directly in a service's mapping, where `restart` is a string (it is
 * a boolean in depends_on entries). Keys inside string maps (labels,
 * environment, ...) are the caller's to leave out. */
int cl_val_bool_field(const char *key, int service_level);

#endif
