/* temp_store.c - the temporary file behind a spool (see temp_store.h). */
#include "temp_store.h"
#include "atomic_write.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int make_file(cl_temp_store *t)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir) dir = "/tmp";
    size_t n = strlen(dir) + 32;
    char *path = malloc(n);
    if (!path) abort();
    snprintf(path, n, "%s/compose-lint-out.XXXXXX", dir);
    t->fd = mkstemp(path);
    if (t->fd >= 0) unlink(path);   /* gone with the process, whatever happens */
    free(path);
    return t->fd >= 0 ? 0 : -1;
}

static int put(void *ctx, const char *data, size_t len)
{
    cl_temp_store *t = ctx;
    if (t->failed || (t->fd < 0 && make_file(t))) { t->failed = 1; return -1; }
    for (size_t off = 0; off < len;) {
        ssize_t n = pwrite(t->fd, data + off, len - off, (off_t)(t->len + off));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) { t->failed = 1; return -1; }   /* the bytes past LEN are never read */
        off += (size_t)n;
    }
    t->len += len;
    return 0;
}

static int get(void *ctx, uint64_t at, char *dst, size_t len)
{
    cl_temp_store *t = ctx;
    for (size_t off = 0; off < len;) {
        ssize_t n = pread(t->fd, dst + off, len - off, (off_t)(at + off));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) { if (n == 0) errno = EIO; return -1; }
        off += (size_t)n;
    }
    return 0;
}

void cl_temp_store_init(cl_temp_store *t)
{
    memset(t, 0, sizeof *t);
    t->fd = -1;
    t->store = (cl_emit_store){ t, put, get };
}

void cl_temp_store_close(cl_temp_store *t)
{
    if (t->fd >= 0) close(t->fd);
    t->fd = -1;
}

static int to_fd(void *ctx, const char *p, size_t n) { return cl_write_all(*(int *)ctx, p, n); }

int cl_doc_fill(void *doc_ref, int fd)
{
    const cl_doc_ref *r = doc_ref;
    return cl_emit_doc_copy(r->docs, r->i, to_fd, &fd);
}
