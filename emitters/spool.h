/* spool.h - long text an emitter need not hold until it is written out:
 * numbered streams of bytes, appended to at their TAIL (a cl_buf); once a
 * tail is big, cl_spool_flush hands it to the STORE the caller gave (cli/
 * keeps it in a temporary file) and memory holds only the next chunk. With no
 * store, or when the store refuses, the bytes stay in memory. Offsets are in
 * the concatenation of the streams, in order. The emitter does no I/O: the
 * store's callbacks do. */
#ifndef CL_SPOOL_H
#define CL_SPOOL_H
#include <stdint.h>
#include "../parser/buf.h"

/* PUT appends LEN bytes to the store (0, or -1: not kept there); GET reads
 * LEN bytes from offset AT of what was put (0, or -1). */
typedef struct cl_emit_store {
    void *ctx;
    int (*put)(void *ctx, const char *data, size_t len);
    int (*get)(void *ctx, uint64_t at, char *dst, size_t len);
} cl_emit_store;

typedef struct cl_spool cl_spool;
/* STORE may be NULL (everything in memory). */
cl_spool *cl_spool_new(const cl_emit_store *store, int nstreams);
/* Where stream I is appended to (one writer at a time). */
cl_buf *cl_spool_tail(cl_spool *s, int i);
/* Bytes in stream I so far (its tail included). */
uint64_t cl_spool_len(const cl_spool *s, int i);
/* Where stream I starts in the concatenation. */
uint64_t cl_spool_start(const cl_spool *s, int i);
/* Moves stream I's tail to the store once it is big. */
void cl_spool_flush(cl_spool *s, int i);
/* Replaces stream I by TEXT (taken; left empty). */
void cl_spool_replace(cl_spool *s, int i, cl_buf *text);
/* Hands the bytes [AT, AT+LEN) of the concatenation to SINK, in pieces;
 * returns -1 as soon as SINK or the store does (errno set), else 0. */
int cl_spool_copy(const cl_spool *s, uint64_t at, uint64_t len, int (*sink)(void *ctx, const char *p, size_t n), void *ctx);
/* Where cl_spool_send puts the bytes: BYTES takes text from memory; MOVED
 * (may be NULL) takes LEN bytes at AT of the store, to move them without
 * reading them back (the kernel copies file to file): it returns 0 once all
 * are moved, or 1 when only *DONE of them were (a failure, or a target that
 * cannot take them so): the rest is read back and goes to BYTES, which meets
 * the same failure and says it as it would have. */
typedef struct cl_spool_sink {
    int (*bytes)(void *ctx, const char *p, size_t n);
    int (*moved)(void *ctx, uint64_t at, uint64_t len, uint64_t *done);
    void *ctx;
} cl_spool_sink;
/* cl_spool_copy to SINK. */
int cl_spool_send(const cl_spool *s, uint64_t at, uint64_t len, const cl_spool_sink *sink);
/* Appends the bytes [AT, AT+LEN) to OUT (aborts when the store fails). */
void cl_spool_read(const cl_spool *s, uint64_t at, uint64_t len, cl_buf *out);
void cl_spool_free(cl_spool *s);
/* A sink for cl_spool_copy: appends to the cl_buf CTX. */
int cl_spool_to_buf(void *ctx, const char *p, size_t n);

#endif
