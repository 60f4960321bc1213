/* atomic_write.h - replace a file's contents all at once: the bytes go to a
 * temporary file in the same folder, are fsynced, then renamed over the file
 * (keeping its mode; symlinks are followed). Readers see the old file or the
 * new one, never half of one; on failure the original is untouched. */
#ifndef CL_ATOMIC_WRITE_H
#define CL_ATOMIC_WRITE_H
#include <stddef.h>

/* Returns 0, or -1 with a message in ERR ("cannot create ...: Permission denied"). */
int cl_atomic_write(const char *path, const char *data, size_t len, char *err, size_t errlen);

#endif
