/* events.h - libfyaml's event stream as compact records (cl_yev) for the
 * model builder (yaml.c). The stream is read either inline, or by a producer
 * thread that runs libfyaml on a second core while the caller builds the
 * model: records go over in batches, so the two overlap. Each record carries
 * what the builder needs: marks, a scalar's style and value (read straight
 * from the input when it is spelled there, else decoded by libfyaml), what
 * its tag means, its anchor or alias name. */
#ifndef CL_EVENTS_H
#define CL_EVENTS_H
#include <stdint.h>
#include "source.h"

enum {
    CL_YEV_SCALAR = 1, CL_YEV_ALIAS, CL_YEV_MAP_START, CL_YEV_SEQ_START, CL_YEV_MAP_END, CL_YEV_SEQ_END,
    CL_YEV_DOC_START, CL_YEV_STREAM_END, CL_YEV_OTHER,
};
enum { CL_YEV_HAS_START = 1, CL_YEV_HAS_END = 2 };

typedef struct cl_yev {
    uint8_t type;              /* CL_YEV_* */
    uint8_t marks;             /* CL_YEV_HAS_* */
    uint8_t style;             /* cl_style of a scalar */
    uint8_t has_value;         /* a scalar with a token (an empty value has none) */
    uint8_t tag_flags;         /* CL_NF_TAGGED / CL_NF_RESET / CL_NF_OVERRIDE */
    int8_t tag_type;           /* cl_stype a core tag (!!str ...) forces, or -1 */
    uint8_t tag_merge;         /* the tag names a merge */
    uint8_t unreadable;        /* a block scalar whose text is no deeper than its
                                * collection (cl_block_scalar_shallow): no text */
    uint32_t start, end;       /* byte offsets of the marks */
    const char *text;          /* scalar value, alias name (not NUL-terminated) */
    uint32_t len;
    const char *anchor;        /* anchor name or NULL (not NUL-terminated) */
    uint32_t anchor_len;
} cl_yev;

typedef struct cl_yevents cl_yevents;

/* Starts reading SRC; THREADED asks for the producer thread (falls back to
 * inline reading when it cannot start). */
cl_yevents *cl_yevents_open(const cl_source *src, int threaded);
/* The next record, or NULL once the stream ended (normally or on an error).
 * A record stays valid until the next call. */
const cl_yev *cl_yevents_next(cl_yevents *e);
/* After NULL: 1 when the stream did not end cleanly; then LINE and COL (1-based,
 * 0 if unknown) and MSG (or NULL) describe libfyaml's first error. */
int cl_yevents_failed(cl_yevents *e, uint32_t *line, uint32_t *col, const char **msg);
/* Stops reading (early or after the end) and frees everything. */
void cl_yevents_close(cl_yevents *e);

#endif
