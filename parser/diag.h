/* diag.h - the one diagnostic type every stage reports with: severity, stable
 * code, message, primary span, related spans and an optional fix (text edits on
 * the original bytes). A cl_diags list owns its diagnostics. */
#ifndef CL_DIAG_H
#define CL_DIAG_H
#include <stdarg.h>
#include <stddef.h>
#include "buf.h"
#include "diag_ids.h"
#include "source.h"

typedef enum { CL_SEV_INFO = 0, CL_SEV_WARNING = 1, CL_SEV_ERROR = 2 } cl_severity;

typedef struct cl_edit {
    uint32_t start, end;   /* byte range in the diagnostic's source to replace */
    char *text;            /* replacement: a string, but one read back
                              (cl_fix_edit) may be a slice of the source */
} cl_edit;

/* A diagnostic's fix as read back (cl_diag_fix); its edits, sorted and
 * non-overlapping, are read with cl_fix_edit. */
typedef struct cl_fix {
    const char *description;   /* static storage */
    int safe;              /* 1 safe (--fix), 0 unsafe (--unsafe-fixes) */
    size_t nedits;
    const unsigned char *edits_;   /* where they are kept (diag.c's own) */
    const char *base_;     /* the source's bytes, when the texts are kept as slices of them */
    int one_;              /* a lone edit, kept in short (diag.c's own) */
} cl_fix;

typedef struct cl_related {
    cl_span span;
    char *message;         /* owned */
} cl_related;

/* 16 bytes: a run under --select all keeps one for each of ~100,000
 * findings. Its span is kept as the source's number (diag_ids.h), the start
 * and the length, its code as the code's number; read them with
 * cl_diag_span and cl_diag_code. A message of a format (diag_msg.h) whose
 * outputs take up to 4 bytes (an output that is the text at the span takes
 * 1), with no path, related span or fix, is kept in the finding itself (inl_:
 * its format's number and the outputs); any other finding names one block
 * (diag_pool.h): the message kept as its format and the outputs of its
 * conversions, and the path, related spans and fix when it has them. A
 * length, source or code that does not fit its field (all ones there) is
 * kept in the block too. Read them with the accessors below. */
enum { CL_DIAG_FAR_LEN = 0xffff, CL_DIAG_FAR_CODE = 0xfff, CL_DIAG_FAR_SRC = 0xfffff };
typedef struct cl_diag {
    uint32_t start_;            /* the span's first byte */
    uint32_t len_ : 16;         /* its length */
    uint32_t code_ : 12;        /* stable id ("yaml-syntax", "CL101", rule name...), by number */
    cl_severity severity : 3;
    uint32_t inl_ : 1;          /* the message is in_ (no block) */
    uint32_t src_ : 20;         /* the span's source, by number (0: none) */
    uint32_t fmt_ : 12;         /* inl_: the message's format number */
    union {
        uint32_t data_;         /* owned; 0: an empty message and nothing else */
        unsigned char in_[4];   /* inl_: the outputs */
    };
} cl_diag;
_Static_assert(sizeof(cl_diag) == 16, "cl_diag stays 16 bytes");

/* What the block keeps when it does not fit the finding (diag.c). */
const cl_source *cl_diag_far_src_(const cl_diag *g);
uint32_t cl_diag_far_end_(const cl_diag *g);
const char *cl_diag_far_code_(const cl_diag *g);

/* G's source, span and code (a string of static storage, or NULL). */
static inline const cl_source *cl_diag_src(const cl_diag *g)
{
    return g->src_ == CL_DIAG_FAR_SRC ? cl_diag_far_src_(g) : (const cl_source *)cl_ids_at(&cl_ids_src_, g->src_);
}
static inline cl_span cl_diag_span(const cl_diag *g)
{
    return (cl_span){ cl_diag_src(g), g->start_, g->len_ == CL_DIAG_FAR_LEN ? cl_diag_far_end_(g) : g->start_ + g->len_ };
}
static inline const char *cl_diag_code(const cl_diag *g)
{
    return g->code_ == CL_DIAG_FAR_CODE ? cl_diag_far_code_(g) : (const char *)cl_ids_at(&cl_ids_code_, g->code_);
}
void cl_diag_set_span(cl_diag *g, cl_span span);
/* CODE: static storage. */
void cl_diag_set_code(cl_diag *g, const char *code);
/* The entries of cl_diag_related. */
size_t cl_diag_nrelated(const cl_diag *g);
/* Keeps the first N related spans (N no more than G has; the caller freed
 * the messages of the others or moved them before N). */
void cl_diag_keep_related(cl_diag *g, size_t n);

typedef struct cl_diags {
    cl_diag *v;
    size_t n, cap;
} cl_diags;

void cl_diags_init(cl_diags *d);
void cl_diags_free(cl_diags *d);
/* Frees the diagnostics of D, not its array (D may be a view into another list's). */
void cl_diags_free_items(const cl_diags *d);
/* Adds a diagnostic; returns it so callers can attach path, related spans or a fix. */
cl_diag *cl_diag_add(cl_diags *d, cl_severity sev, const char *code, cl_span span,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* The one vararg entry every reporting wrapper forwards to: FMT must be a
 * string literal (static storage: it is kept, and the message made from it
 * when read, at its full length). cl_diag_add is built on it. */
cl_diag *cl_diag_vadd(cl_diags *d, cl_severity sev, const char *code, cl_span span,
                      const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));
/* G's message appended to OUT. */
void cl_diag_message_put(const cl_diag *g, cl_buf *out);
/* G's message as text, in SCRATCH (emptied first: the caller's, reused from
 * one finding to the next) or in G itself; valid until either changes. */
const char *cl_diag_message(const cl_diag *g, cl_buf *scratch);
/* Hands G's message to PUT in pieces, in order (what cl_diag_message_put
 * appends, not put together: a report copies them where they go); stops
 * at the first non-zero PUT returns, and returns it (0: all were handed). */
int cl_diag_message_pieces(const cl_diag *g, int (*put)(void *ctx, const char *s, size_t n), void *ctx);
/* strcmp of the two messages. */
int cl_diag_message_cmp(const cl_diag *a, const cl_diag *b);
/* Replaces G's message with TEXT (copied). */
void cl_diag_set_message(cl_diag *g, const char *text);
/* Asks for G's block to be loaded (a report reading findings in order). */
void cl_diag_prefetch(const cl_diag *g);
/* G's readable document path ("services.web.ports[0]"), or NULL. */
const char *cl_diag_path(const cl_diag *g);
/* The same with PREFIX (NULL: none) put before the message: it is kept as
 * bytes, the rest packed as cl_diag_vadd packs it; and with PATH (NULL: none)
 * set as cl_diag_set_path sets it, in the block made for the message (a
 * converter reports tens of thousands of findings, each with its path). */
cl_diag *cl_diag_vadd_prefixed(cl_diags *d, cl_severity sev, const char *code, cl_span span, const char *path,
                               const char *prefix, const char *fmt, va_list ap) __attribute__((format(printf, 7, 0)));
void cl_diag_set_path(cl_diag *g, const char *path);
/* cl_diag_vadd with the path already set (cl_diag_set_path), its block made
 * once: PATH NULL is none. */
cl_diag *cl_diag_vadd_path(cl_diags *d, cl_severity sev, const char *code, cl_span span,
                           const char *path, const char *fmt, va_list ap) __attribute__((format(printf, 6, 0)));
/* G's related spans (cl_diag_nrelated of them; the array is G's). */
cl_related *cl_diag_related(const cl_diag *g);
void cl_diag_add_related(cl_diag *g, cl_span span, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Attaches a fix: DESCRIPTION is static storage (a string literal), the
 * edits are copied. */
void cl_diag_set_fix(cl_diag *g, const char *description, int safe, const cl_edit *edits, size_t n);
/* The same for edits already in order (by start, then end; none
 * overlapping) whose texts are slices of G's source (TEXT in its bytes,
 * LENS[i] long), as a reorder's are: the fix keeps where they are, not the
 * texts, and reads them from the source, which must outlive G's reading. */
void cl_diag_set_fix_slices(cl_diag *g, const char *description, int safe, const cl_edit *edits, const uint32_t *lens, size_t n);
/* 1 and F filled when G has a fix, else 0. */
int cl_diag_fix(const cl_diag *g, cl_fix *f);
/* Edit I of fix F: its text, kept by the diagnostic or its source, is
 * cl_fix_edit_len bytes (a slice of the source is not ended by a NUL). */
cl_edit cl_fix_edit(const cl_fix *f, size_t i);
size_t cl_fix_edit_len(const cl_fix *f, size_t i);
/* Stable sort by file, then offset, then code, then message (parser/diag_sort.c). */
void cl_diags_sort(cl_diags *d);
size_t cl_diags_count(const cl_diags *d, cl_severity min);
/* Makes room in D for MORE diagnostics besides its own, exactly (a list
 * that grows by doubling holds up to twice what it needs). */
void cl_diags_reserve(cl_diags *d, size_t more);
/* Copies the diagnostics of SRC behind DST's: DST owns them now (SRC's
 * array is the caller's, a view into another list's or to be freed). */
void cl_diags_append(cl_diags *dst, const cl_diags *src);
/* Moves all diagnostics of SRC into DST (SRC is left empty). */
void cl_diags_move(cl_diags *dst, cl_diags *src);
/* Moves the diagnostics of SRCS[0..N), in that order, behind DST's (each
 * left empty), into one array the exact size: the biggest list's, grown once
 * (no second copy of them all at once). */
void cl_diags_join(cl_diags *dst, cl_diags *const *srcs, size_t n);
const char *cl_severity_name(cl_severity s);
/* Keeps the diagnostics for which KEEP returns non-zero (order kept), frees the others. */
void cl_diags_filter(cl_diags *d, int (*keep)(const cl_diag *g, void *ctx), void *ctx);

#endif
