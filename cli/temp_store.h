/* temp_store.h - where convert keeps the output an emitter need not hold in
 * memory until it is written (a cl_emit_store, emitters/spool.h): an unlinked
 * temporary file under $TMPDIR (else /tmp), made on the first chunk put. When
 * it cannot be made or written, it refuses the chunk and the emitter keeps it
 * in memory. */
#ifndef CL_TEMP_STORE_H
#define CL_TEMP_STORE_H
#include "../emitters/emitter.h"

typedef struct cl_temp_store {
    cl_emit_store store;       /* hand &store to the emitter (cl_emit_docs.store) */
    int fd;                    /* -1 until the first put */
    uint64_t len;
    int failed;                /* refuses every chunk from then on */
} cl_temp_store;

void cl_temp_store_init(cl_temp_store *t);
void cl_temp_store_close(cl_temp_store *t);

/* Moves LEN bytes at AT of T's file to FD in the kernel (no copy through
 * memory): 0 once all went, else 1 with *DONE those that did (FD cannot take
 * them so, or a failure: the caller writes the rest, and says the failure). */
int cl_temp_store_move(const cl_temp_store *t, uint64_t at, uint64_t len, int fd, uint64_t *done);

/* Writes document I of DOCS to FD (0, or -1 with errno set): a cl_write_file's
 * fill. What the temporary file holds is moved (cl_temp_store_move). */
typedef struct cl_doc_ref { const cl_emit_docs *docs; size_t i; } cl_doc_ref;
int cl_doc_fill(void *doc_ref, int fd);

#endif
