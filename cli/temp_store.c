/* temp_store.c - the temporary file behind a spool (see temp_store.h). */
#include "temp_store.h"
#include "atomic_write.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
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

int cl_temp_store_move(const cl_temp_store *t, uint64_t at, uint64_t len, int fd, uint64_t *done)
{
    *done = 0;
    while (*done < len) {
        off_t off = (off_t)(at + *done);
        size_t k = len - *done > (1u << 30) ? (1u << 30) : (size_t)(len - *done);
        ssize_t n = sendfile(fd, t->fd, &off, k);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return 1;
        *done += (uint64_t)n;
    }
    return 0;
}

/* The documents' store when it is a temporary file's (else NULL). */
static const cl_temp_store *store_of(const cl_emit_docs *docs)
{
    return docs->store && docs->store->put == put ? docs->store->ctx : NULL;
}

typedef struct fd_sink { const cl_temp_store *t; int fd; } fd_sink;

static int to_fd(void *ctx, const char *p, size_t n) { return cl_write_all(((fd_sink *)ctx)->fd, p, n); }

static int moved_to_fd(void *ctx, uint64_t at, uint64_t len, uint64_t *done)
{
    const fd_sink *f = ctx;
    return cl_temp_store_move(f->t, at, len, f->fd, done);
}

int cl_doc_fill(void *doc_ref, int fd)
{
    const cl_doc_ref *r = doc_ref;
    fd_sink f = { store_of(r->docs), fd };
    cl_spool_sink k = { to_fd, f.t ? moved_to_fd : NULL, &f };
    return cl_emit_doc_send(r->docs, r->i, &k);
}
