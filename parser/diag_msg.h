/* diag_msg.h - a finding's message kept small: its printf format (a string
 * literal: static storage) and only what each conversion printed, each output
 * length-prefixed; the text is made again when it is read. A format with a
 * conversion this code does not read itself (%n, %ls, %Lf, a bad spec) is
 * kept as its formatted text. Used by diag.c; tests/unit/test_diag_msg.c. */
#ifndef CL_DIAG_MSG_H
#define CL_DIAG_MSG_H
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include "buf.h"

/* A growable byte writer that starts in its own small array. */
typedef struct cl_msgw {
    unsigned char *p;
    size_t n, cap;
    const char *ref;       /* cl_msg_pack: an output of these NREF bytes (not 0) is kept as a reference */
    size_t nref;
    unsigned char small[256];
} cl_msgw;

void cl_msgw_init(cl_msgw *w);
/* Makes room for N more bytes. */
void cl_msgw_grow(cl_msgw *w, size_t n);
static inline void cl_msgw_put(cl_msgw *w, const void *s, size_t n)
{
    if (w->n + n > w->cap) cl_msgw_grow(w, n);
    if (n) memcpy(w->p + w->n, s, n);
    w->n += n;
}
void cl_msgw_free(cl_msgw *w);

/* Unsigned LEB128: 1 byte below 128. */
void cl_msgw_varint(cl_msgw *w, size_t v);
/* V in B (10 bytes at most); returns its length. */
size_t cl_msg_varint_enc(unsigned char *b, size_t v);
size_t cl_msg_varint(const unsigned char **p);

/* Appends to W FMT's message with AP: "P" + the format's number (2 bytes,
 * see fmt_id) + the outputs' size + the outputs (each its length times 2 and
 * its bytes, or alone 1 for an output that is W's REF, 3 for one that is
 * what REF's quotes hold: a finding's message names the node it points at,
 * whose text is read again from the source), or "T" + the formatted text +
 * NUL. FMT must be a string literal. */
void cl_msg_pack(cl_msgw *w, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* The same behind PREFIX (NULL or "": none): "Q" + the prefix's size (a
 * varint) + its bytes + the message as cl_msg_pack appends it. */
void cl_msg_pack_prefixed(cl_msgw *w, const char *prefix, const char *fmt, va_list ap) __attribute__((format(printf, 3, 0)));
/* Appends to W the message TEXT as it is ("T" form). */
void cl_msg_pack_text(cl_msgw *w, const char *text);
/* The bytes of the packed message at P. */
size_t cl_msg_size(const unsigned char *p);
/* The text of the packed message at P when it is kept as text, else NULL. */
const char *cl_msg_text(const unsigned char *p);
/* Appends the text of the packed message at P to OUT; REF, NREF: the text
 * of its outputs kept as a reference (the REF it was packed with). */
void cl_msg_unpack(const unsigned char *p, const char *ref, size_t nref, cl_buf *out);
/* The same, the text of the references RESOLVE(CTX, &its size) (asked only
 * when the message has one). */
typedef const char *(*cl_msg_ref_fn)(const void *ctx, size_t *n);
void cl_msg_unpack_with(const unsigned char *p, cl_msg_ref_fn resolve, const void *ctx, cl_buf *out);
/* Hands the text of the packed message at P to PUT in pieces, in order
 * (some may be empty), without putting them together first (an output kept
 * as a reference: RESOLVE(RCTX, &its size), asked at the first); stops at
 * the first non-zero PUT returns, and returns it (0: all were handed). */
typedef int (*cl_msg_put_fn)(void *ctx, const char *s, size_t n);
int cl_msg_pieces(const unsigned char *p, cl_msg_ref_fn resolve, const void *rctx, cl_msg_put_fn put, void *ctx);
/* Has the packed message at P an output kept as a reference? */
int cl_msg_has_ref(const unsigned char *p);
/* The outputs of the packed message at P (none when it is kept as text):
 * up to MAX of them in V, each its bytes or a reference (REF 1: the text at
 * the span, 3: what its quotes hold; 0: S, N); returns how many there are. */
typedef struct cl_msg_out { const unsigned char *s; size_t n; int ref; } cl_msg_out;
size_t cl_msg_outputs(const unsigned char *p, cl_msg_out *v, size_t max);

/* A packed message small enough to be kept inline (in a cl_diag): its
 * format's number (below CL_MSG_FMTS) and its outputs, zeros after them
 * (their end is found from the format's conversions). */
enum { CL_MSG_INLINE = 4, CL_MSG_INLINE_PACKED = 1 + 2 + 1 + CL_MSG_INLINE, CL_MSG_FMTS = 4096 };
/* 1 and *ID, IN filled when the packed message at P is of a format and its
 * outputs take CL_MSG_INLINE bytes at most; else 0. */
int cl_msg_inline(const unsigned char *p, unsigned *id, unsigned char in[CL_MSG_INLINE]);
/* Writes to OUT (CL_MSG_INLINE_PACKED bytes) the packed message kept inline
 * as ID, IN; returns its bytes. */
size_t cl_msg_from_inline(unsigned id, const unsigned char *in, unsigned char *out);

#endif
