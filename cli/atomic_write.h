/* atomic_write.h - replace a file's contents all at once: the bytes go to a
 * temporary file in the same folder, are fsynced, then renamed over the file
 * (keeping its mode; symlinks are followed). Readers see the old file or the
 * new one, never half of one; on failure the original is untouched. */
#ifndef CL_ATOMIC_WRITE_H
#define CL_ATOMIC_WRITE_H
#include <stddef.h>

/* Returns 0, or -1 with a message in ERR ("cannot create ...: Permission denied"). */
int cl_atomic_write(const char *path, const char *data, size_t len, char *err, size_t errlen);

/* The same, but only when the file still holds exactly OLD[0..OLDLEN) (what
 * was read before the change was computed): a file changed on disk meanwhile
 * is left alone and -1 is returned with "changed on disk since it was read". */
int cl_atomic_replace(const char *path, const char *old, size_t oldlen, const char *data, size_t len,
                      char *err, size_t errlen);

#endif
