/* atomic_write.c - write-to-temporary, fsync, rename (see atomic_write.h). */
#include "atomic_write.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Does PATH hold exactly OLD[0..OLDLEN)? */
static int still_holds(const char *path, const char *old, size_t oldlen)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) return 0;
    char buf[65536];
    size_t off = 0;
    int same = 1;
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) { same = 0; break; }
        if (n == 0) break;
        if (off + (size_t)n > oldlen || memcmp(buf, old + off, (size_t)n)) { same = 0; break; }
        off += (size_t)n;
    }
    close(fd);
    return same && off == oldlen;
}

static int write_file(const char *path, const char *old, size_t oldlen, const char *data, size_t len,
                      char *err, size_t errlen);

int cl_atomic_write(const char *path, const char *data, size_t len, char *err, size_t errlen)
{
    return write_file(path, NULL, 0, data, len, err, errlen);
}

int cl_atomic_replace(const char *path, const char *old, size_t oldlen, const char *data, size_t len,
                      char *err, size_t errlen)
{
    return write_file(path, old, oldlen, data, len, err, errlen);
}

static int write_file(const char *path, const char *old, size_t oldlen, const char *data, size_t len,
                      char *err, size_t errlen)
{
    char target[PATH_MAX];
    struct stat st;
    int exists = stat(path, &st) == 0;
    if (exists && !S_ISREG(st.st_mode)) { snprintf(err, errlen, "%s: not a regular file", path); return -1; }
    if (!exists || !realpath(path, target)) {
        if (strlen(path) >= sizeof target) { snprintf(err, errlen, "%s: path too long", path); return -1; }
        strcpy(target, path);
    }
    char tmp[PATH_MAX + 32];
    snprintf(tmp, sizeof tmp, "%s.cl-tmp.XXXXXX", target);
    int fd = mkstemp(tmp);
    if (fd < 0) { snprintf(err, errlen, "cannot create a temporary file beside %s: %s", path, strerror(errno)); return -1; }
    mode_t mode;
    if (exists) mode = st.st_mode & 07777;
    else { mode_t um = umask(0); umask(um); mode = 0666 & ~um; }
    const char *what = "write";
    int ok = fchmod(fd, mode) == 0 || (what = "set the mode of", 0);
    size_t off = 0;
    while (ok && off < len) {
        ssize_t n = write(fd, data + off, len - off);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) { what = "write"; ok = 0; break; }
        off += (size_t)n;
    }
    if (ok && fsync(fd) != 0) { what = "sync"; ok = 0; }
    int saved = errno;
    if (close(fd) != 0 && ok) { what = "close"; ok = 0; saved = errno; }
    if (ok && old && !still_holds(target, old, oldlen)) {
        unlink(tmp);
        snprintf(err, errlen, "%s changed on disk since it was read: not overwritten (the file is as the other writer left it)", path);
        return -1;
    }
    if (ok && rename(tmp, target) != 0) { what = "replace"; ok = 0; saved = errno; }
    if (!ok) {
        unlink(tmp);
        snprintf(err, errlen, "cannot %s %s: %s (the file is unchanged)", what, path, strerror(saved ? saved : EIO));
        return -1;
    }
    /* make the rename itself durable */
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", target);
    char *slash = strrchr(dir, '/');
    if (slash) { if (slash == dir) slash[1] = 0; else *slash = 0; } else strcpy(dir, ".");
    int dfd = open(dir, O_RDONLY);
    if (dfd >= 0) { (void)fsync(dfd); close(dfd); }
    return 0;
}
