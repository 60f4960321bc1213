/* diag_path.h - a finding's path ("services.web.ports") kept small:
 * "services." as one byte, and the service's name, when it is one of its
 * message's outputs (the service a rule names, or the text at the finding's
 * span), as a reference to it (a few bytes); the rest as text. Used by
 * diag.c for its block's path section; tests/unit/test_diag_msg.c. */
#ifndef CL_DIAG_PATH_H
#define CL_DIAG_PATH_H
#include <stddef.h>

/* The bytes PATH takes in a section (for cl_path_pack's OUT). */
size_t cl_path_packed_max(const char *path);
/* Writes PATH's section to OUT, against the packed message MSG (diag_msg.h;
 * NULL: none) whose outputs kept as references are REF (NREF bytes: the
 * text at the finding's span; NULL: none); returns its bytes. */
size_t cl_path_pack(const char *path, const unsigned char *msg, const char *ref, size_t nref, unsigned char *out);
/* The bytes of the section at P. */
size_t cl_path_size(const unsigned char *p);
/* Does the section at P name an output of the message? */
int cl_path_refers(const unsigned char *p);
/* The path kept at P (MSG, REF: what it was packed against, REF read again
 * at the span), in a buffer of this thread's when it is put back together
 * (valid until the next call), else at P itself. */
const char *cl_path_read(const unsigned char *p, const unsigned char *msg, const char *ref, size_t nref);

#endif
