/* schema.h - the project's model of the Compose Specification and its
 * validator. The model (schema/spec.c) is a set of constant tables, one node
 * per JSON-schema-like constraint: accepted types, properties, pattern-keyed
 * properties, items, oneOf alternatives, enum, pattern, required keys, bounds.
 * The validator (schema/validate.c) walks a cl_doc against it and reports one
 * diagnostic per root cause with a readable path. */
#ifndef CL_SCHEMA_H
#define CL_SCHEMA_H
#include <stddef.h>
#include <stdint.h>
#include "../parser/diag.h"
#include "../parser/doc.h"
#include "../parser/pairset.h"

/* Accepted JSON types (a mask; 0 = any type). NUM accepts every number, INT
 * only integral ones, as in JSON schema. */
enum {
    CL_ST_NULL = 1u << 0, CL_ST_BOOL = 1u << 1, CL_ST_INT = 1u << 2, CL_ST_NUM = 1u << 3,
    CL_ST_STR = 1u << 4, CL_ST_OBJ = 1u << 5, CL_ST_ARR = 1u << 6,
};

/* Flags of a schema node. */
enum {
    CL_SF_CLOSED = 1u << 0,  /* additionalProperties: false */
    CL_SF_XEXT = 1u << 1,    /* patternProperties "^x-": {} (extension keys allowed) */
    CL_SF_UNIQUE = 1u << 2,  /* uniqueItems: true */
    CL_SF_MIN = 1u << 3,     /* minimum is set */
    CL_SF_MAX = 1u << 4,     /* maximum is set */
};

/* A regular expression of the spec, compiled once (pcre2) on first use. */
typedef struct cl_pattern {
    const char *src;
    void *code;              /* pcre2_code_8 *, owned by the schema module */
} cl_pattern;

typedef struct cl_schema cl_schema;
typedef struct cl_sprop { const char *name; const cl_schema *s; } cl_sprop;
typedef struct cl_spat { cl_pattern *re; const cl_schema *s; } cl_spat;

struct cl_schema {
    const char *name;                 /* definition name ("service"), NULL for inline nodes */
    uint8_t types;                    /* CL_ST_* mask */
    uint8_t flags;                    /* CL_SF_* */
    const cl_sprop *props;            /* NULL-name terminated, or NULL */
    uint16_t nprops;                  /* entries of props (0: count them) */
    const cl_spat *pprops;            /* NULL-re terminated, or NULL */
    const cl_schema *items;           /* for lists */
    const cl_schema *const *oneof;    /* NULL terminated alternatives, or NULL */
    const char *const *enums;         /* NULL terminated strings, or NULL */
    cl_pattern *pattern;              /* for strings */
    const char *const *required;      /* NULL terminated keys, or NULL */
    double min, max;                  /* with CL_SF_MIN / CL_SF_MAX */
};

/* The whole Compose Specification (root of a compose file). */
const cl_schema *cl_schema_compose(void);
/* Every definition of the model by name (for tests), NULL-name terminated. */
typedef struct cl_schema_def { const char *name; const cl_schema *s; } cl_schema_def;
extern const cl_schema_def cl_schema_defs[];

/* Every pattern the model uses (compiled together, once), NULL terminated. */
extern cl_pattern *const cl_schema_patterns[];

/* 1 when SUBJECT (UTF-8, LEN bytes) matches P (unanchored search, like JSON
 * schema's "pattern"); patterns compile once, thread-safely. */
int cl_pattern_match(cl_pattern *p, const char *subject, size_t len);

/* Validates DOC's root against the Compose Specification, appending
 * diagnostics (codes "schema-*") to OUT. Returns the number of errors. */
size_t cl_schema_validate(const cl_doc *doc, cl_diags *out);
/* Validation begun while the file is parsed: _begin makes the stream,
 * _entry (a cl_service_fn for cl_handon) validates each service as it is
 * parsed, on the parsing thread; _finish validates the rest of DOC, on any
 * thread, taking back the services HANDED on, adds every diagnostic to OUT
 * and frees ST (with DOC NULL it only frees). */
typedef struct cl_schema_stream cl_schema_stream;
cl_schema_stream *cl_schema_stream_begin(void);
void cl_schema_stream_entry(void *stream, size_t index, const cl_node *key, const cl_node *value);
void cl_schema_stream_finish(cl_schema_stream *st, const cl_doc *doc, const cl_handon *handed, cl_diags *out);


#endif
