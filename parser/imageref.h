/* imageref.h - an image reference split into its parts:
 * [host[:port]/]path[:tag][@digest]. No validation: the parts of what is
 * written, so rules can ask "is there a tag, which one, is there a digest". */
#ifndef CL_IMAGEREF_H
#define CL_IMAGEREF_H
#include <stddef.h>

typedef struct cl_imageref {
    size_t name_len;                    /* [host[:port]/]path: the first name_len bytes */
    const char *tag; size_t tag_len;    /* after the first ':' of the last path component, up
                                           to the digest; NULL when there is no tag */
    const char *digest; size_t digest_len; /* after the first '@' ("sha256:..."); NULL when none */
} cl_imageref;

/* Splits REF (NUL-terminated); a NULL REF gives an empty reference. */
void cl_imageref_parse(const char *ref, cl_imageref *out);

#endif
