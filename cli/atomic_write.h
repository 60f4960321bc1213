/* atomic_write.h - replace files' contents all at once: the bytes go to a
 * temporary file in the same folder, are fsynced, then renamed over the file
 * (keeping its mode; symlinks are followed). Readers see the old file or the
 * new one, never half of one; on failure the original is untouched. Every
 * failure fills ERR with a message. */
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

/* A set of files written together: every one goes to its temporary first, and
 * only when all were written and synced are they renamed into place; on a
 * failure every temporary is removed. Returns 0, or -1 with FAULT filled: the
 * message, the errno behind it (EISDIR for a target that is a directory) and
 * the index of the file it concerns. */
typedef struct cl_write_file {
    const char *path; const char *data; size_t len;
    /* when set, writes the contents to FD instead of DATA (0, or -1 with errno set) */
    int (*fill)(void *ctx, int fd); void *ctx;
} cl_write_file;
typedef struct cl_write_fault { char text[1024]; int errnum; size_t index; } cl_write_fault;
int cl_atomic_write_set(const cl_write_file *files, size_t n, cl_write_fault *fault);

/* An -o FILE of a command: written atomically, or "PATH: reason" printed to
 * stderr (as perror would) and -1 returned. */
int cl_write_output(const char *path, const char *data, size_t len);
/* Writes all LEN bytes of DATA to FD (0, or -1 with errno set). */
int cl_write_all(int fd, const char *data, size_t len);

/* The same for contents FILL writes to the temporary's FD (see cl_write_file). */
int cl_write_output_fill(const char *path, int (*fill)(void *ctx, int fd), void *ctx);

#endif
