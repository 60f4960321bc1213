/* atomic_write.c - write-to-temporary, fsync, rename, for one file or a set
 * (see atomic_write.h). */
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

/* One file of a write on its way: where it goes, and its temporary (allocated
 * to their length: a set can be tens of thousands of files). */
typedef struct pending { char *target; char *tmp; } pending;

static void pending_free(pending *pd)
{
    free(pd->target);
    free(pd->tmp);
}

static int fault(cl_write_fault *f, int errnum, const char *fmt, const char *path, const char *why)
{
    f->errnum = errnum;
    snprintf(f->text, sizeof f->text, fmt, path, why);
    return -1;
}

int cl_write_all(int fd, const char *data, size_t len)
{
    size_t off = 0;
    while (off < len) {
        ssize_t n = write(fd, data + off, len - off);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) { if (n == 0) errno = EIO; return -1; }
        off += (size_t)n;
    }
    return 0;
}

/* Writes FILE's contents to a synced temporary beside its path (the file a symlink names). */
static int stage(const cl_write_file *file, pending *pd, cl_write_fault *f)
{
    const char *path = file->path;
    struct stat st;
    int exists = stat(path, &st) == 0;
    if (exists && !S_ISREG(st.st_mode)) return fault(f, S_ISDIR(st.st_mode) ? EISDIR : EINVAL, "%s: not a regular file", path, "");
    if (!exists || !(pd->target = realpath(path, NULL))) {
        if (strlen(path) >= PATH_MAX) return fault(f, ENAMETOOLONG, "%s: path too long", path, "");
        if (!(pd->target = strdup(path))) abort();
    }
    size_t tn = strlen(pd->target) + sizeof ".cl-tmp.XXXXXX";
    if (!(pd->tmp = malloc(tn))) abort();
    snprintf(pd->tmp, tn, "%s.cl-tmp.XXXXXX", pd->target);
    int fd = mkstemp(pd->tmp);
    if (fd < 0) return fault(f, errno, "cannot create a temporary file beside %s: %s", path, strerror(errno));
    mode_t mode;
    if (exists) mode = st.st_mode & 07777;
    else { mode_t um = umask(0); umask(um); mode = 0666 & ~um; }
    const char *what = "write";
    int ok = fchmod(fd, mode) == 0 || (what = "set the mode of", 0);
    if (ok && (file->fill ? file->fill(file->ctx, fd) : cl_write_all(fd, file->data, file->len)) != 0) { what = "write"; ok = 0; }
    if (ok && fsync(fd) != 0) { what = "sync"; ok = 0; }
    int saved = errno;
    if (close(fd) != 0 && ok) { what = "close"; ok = 0; saved = errno; }
    if (ok) return 0;
    unlink(pd->tmp);
    char fmt[64];
    snprintf(fmt, sizeof fmt, "cannot %s %%s: %%s (the file is unchanged)", what);
    return fault(f, saved ? saved : EIO, fmt, path, strerror(saved ? saved : EIO));
}

static int commit(const char *path, pending *pd, cl_write_fault *f)
{
    if (rename(pd->tmp, pd->target) == 0) return 0;
    int saved = errno;
    unlink(pd->tmp);
    return fault(f, saved, "cannot replace %s: %s (the file is unchanged)", path, strerror(saved));
}

/* Makes the rename itself durable. */
static void sync_dir(const char *target)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", target);
    char *slash = strrchr(dir, '/');
    if (slash) { if (slash == dir) slash[1] = 0; else *slash = 0; } else strcpy(dir, ".");
    int dfd = open(dir, O_RDONLY);
    if (dfd >= 0) { (void)fsync(dfd); close(dfd); }
}

/* Are A and B in the same folder (as their paths say)? */
static int same_dir(const char *a, const char *b)
{
    const char *sa = strrchr(a, '/'), *sb = strrchr(b, '/');
    size_t na = sa ? (size_t)(sa - a) : 0, nb = sb ? (size_t)(sb - b) : 0;
    return na == nb && !strncmp(a, b, na);
}

static int write_file(const char *path, const char *old, size_t oldlen, const char *data, size_t len,
                      char *err, size_t errlen)
{
    pending pd = { NULL, NULL };
    cl_write_fault f;
    cl_write_file one = { path, data, len, NULL, NULL };
    int rc = stage(&one, &pd, &f);
    if (!rc && old && !still_holds(pd.target, old, oldlen)) {
        unlink(pd.tmp);
        snprintf(f.text, sizeof f.text, "%s changed on disk since it was read: not overwritten (the file is as the other writer left it)", path);
        rc = -1;
    }
    if (!rc) rc = commit(path, &pd, &f);
    if (rc) snprintf(err, errlen, "%s", f.text);
    else sync_dir(pd.target);
    pending_free(&pd);
    return rc ? -1 : 0;
}

int cl_atomic_write(const char *path, const char *data, size_t len, char *err, size_t errlen)
{
    return write_file(path, NULL, 0, data, len, err, errlen);
}

int cl_atomic_replace(const char *path, const char *old, size_t oldlen, const char *data, size_t len,
                      char *err, size_t errlen)
{
    return write_file(path, old, oldlen, data, len, err, errlen);
}

int cl_atomic_write_set(const cl_write_file *files, size_t n, cl_write_fault *f)
{
    memset(f, 0, sizeof *f);
    pending *pd = calloc(n ? n : 1, sizeof *pd);
    if (!pd) abort();
    size_t i, staged = 0;
    int rc = 0;
    for (i = 0; i < n && !rc; i++, staged = i) rc = stage(&files[i], &pd[i], f);
    if (rc) {   /* the one that failed removed its own temporary */
        f->index = i - 1;
        for (size_t j = 0; j + 1 < staged; j++) unlink(pd[j].tmp);
        for (size_t j = 0; j < n; j++) pending_free(&pd[j]);
        free(pd);
        return -1;
    }
    for (i = 0; i < n && !rc; i++) rc = commit(files[i].path, &pd[i], f);
    if (rc) {
        f->index = i - 1;
        for (size_t j = i; j < n; j++) unlink(pd[j].tmp);
        for (size_t j = 0; j < n; j++) pending_free(&pd[j]);
        free(pd);
        return -1;
    }
    for (i = 0; i < n; i++) {   /* each folder once, after its last rename */
        if (i + 1 == n || !same_dir(pd[i].target, pd[i + 1].target)) sync_dir(pd[i].target);
    }
    for (i = 0; i < n; i++) pending_free(&pd[i]);
    free(pd);
    return 0;
}

static int write_output(const cl_write_file *one)
{
    cl_write_fault f;
    if (!cl_atomic_write_set(one, 1, &f)) return 0;
    fprintf(stderr, "%s: %s\n", one->path, strerror(f.errnum));
    return -1;
}

int cl_write_output_fill(const char *path, int (*fill)(void *ctx, int fd), void *ctx)
{
    cl_write_file one = { path, NULL, 0, fill, ctx };
    return write_output(&one);
}

int cl_write_output(const char *path, const char *data, size_t len)
{
    cl_write_file one = { path, data, len, NULL, NULL };
    return write_output(&one);
}
