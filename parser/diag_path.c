/* diag_path.c - see diag_path.h. A section is the path as text,
 * NUL-terminated (a path beginning with a byte below 8 behind an ESC), or a
 * byte of what it keeps (REF: the first segment is kept as a reference, the
 * number of the message's output it is, a varint, follows; SVC: the path
 * begins with "services.", not kept), then the rest of the path,
 * NUL-terminated. */
#include "diag_path.h"
#include "diag_msg.h"
#include <string.h>

enum { ESC = 1, REF = 2, SVC = 4, MAX_READ = 512, MAX_OUTS = 16 };
static const char svc[] = "services.";
#define NSVC (sizeof svc - 1)

size_t cl_path_packed_max(const char *path) { return strlen(path) + 2; }

/* The outputs of MSG (NULL: none), MAX_OUTS at most, the text of those kept
 * as references read from REF (the text at the span; NULL: none, their S
 * NULL). */
static size_t outputs(const unsigned char *msg, const char *ref, size_t nref, cl_msg_out *v)
{
    size_t k = msg ? cl_msg_outputs(msg, v, MAX_OUTS) : 0;
    k = k < MAX_OUTS ? k : MAX_OUTS;
    for (size_t i = 0; i < k; i++) {
        if (!v[i].ref) continue;
        size_t in = v[i].ref == 3;   /* what its quotes hold */
        v[i].s = ref && nref >= 2 * in ? (const unsigned char *)ref + in : NULL;
        v[i].n = v[i].s ? nref - 2 * in : 0;
    }
    return k;
}

size_t cl_path_pack(const char *path, const unsigned char *msg, const char *ref, size_t nref, unsigned char *out)
{
    cl_msg_out v[MAX_OUTS];
    size_t k = outputs(msg, ref, nref, v);
    size_t len = strlen(path), best = 0, which = 0;
    if (len >= MAX_READ) {   /* as it is */
        size_t w = 0;
        if ((unsigned char)path[0] < 8 && path[0]) out[w++] = ESC;
        memcpy(out + w, path, len + 1);
        return w + len + 1;
    }
    unsigned mode = strncmp(path, svc, NSVC) ? 0 : SVC;
    const char *rest = mode ? path + NSVC : path;
    len -= mode ? NSVC : 0;
    /* the first segment (the service's name after "services."), to a '.',
     * a '[' or the end, when an output is that (as printed, or the text at
     * the span: the service's key a finding points at) */
    size_t q = strcspn(rest, ".[");
    for (size_t w = 0; w < k && q > 2; w++)
        if (v[w].s && v[w].n == q && !memcmp(v[w].s, rest, q)) {
            best = q;
            which = w;
            break;
        }
    size_t w = 0;
    if (best) mode |= REF;
    if (mode) out[w++] = (unsigned char)mode;
    else if ((unsigned char)rest[0] < 8 && rest[0]) out[w++] = ESC;
    if (best) w += cl_msg_varint_enc(out + w, which);   /* the segment referred to is the first */
    memcpy(out + w, rest + best, len - best + 1);
    return w + len - best + 1;
}

/* After the header of section P: what it keeps (0: the path as text at the
 * end), and for REF which output is its first segment. */
static const unsigned char *header(const unsigned char *p, unsigned *mode, size_t *which)
{
    *mode = p[0] >= 8 || !p[0] ? 0 : p[0];
    if (*mode == ESC) { *mode = 0; return p + 1; }
    if (!*mode) return p;
    p++;
    if (*mode & REF) *which = cl_msg_varint(&p);
    return p;
}

size_t cl_path_size(const unsigned char *p)
{
    unsigned mode;
    size_t which;
    const unsigned char *t = header(p, &mode, &which);
    return (size_t)(t - p) + strlen((const char *)t) + 1;
}

int cl_path_refers(const unsigned char *p) { return p[0] & REF && p[0] < 8; }

const char *cl_path_read(const unsigned char *p, const unsigned char *msg, const char *ref, size_t nref)
{
    unsigned mode;
    size_t which = 0, n = 0;
    const char *t = (const char *)header(p, &mode, &which);
    if (!mode) return t;
    static _Thread_local char buf[MAX_READ + 1];
    cl_msg_out v[MAX_OUTS];
    const char *s = "";
    if (mode & REF) {
        s = which < outputs(msg, ref, nref, v) ? (const char *)v[which].s : NULL;
        n = s ? v[which].n : 0;
    }
    size_t pre = mode & SVC ? NSVC : 0, rest = strlen(t);
    if (!s || pre + n + rest > MAX_READ) return "";   /* cannot be: packed only when it fits */
    memcpy(buf, svc, pre);
    memcpy(buf + pre, s, n);
    memcpy(buf + pre + n, t, rest + 1);
    return buf;
}
