/* k8s_volume_kit.c - what the storage parts share (k8s_storage.c, k8s_bind.c,
 * k8s_claims.c): the spec of a claim, reading a file for a ConfigMap or
 * Secret, data keys and free object names, and a pod's volumes, mounts and
 * claims. Below the parts, so no part includes another. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "k8s.h"

#define DEFAULT_PVC_SIZE "1Gi"

int k8s_quantity_ok(const char *s)
{
    /* digits[.digits][suffix]; suffix one of the Kubernetes ones */
    if (!s || !isdigit((unsigned char)*s)) return 0;
    while (isdigit((unsigned char)*s)) s++;
    if (*s == '.') { s++; if (!isdigit((unsigned char)*s)) return 0; while (isdigit((unsigned char)*s)) s++; }
    static const char *suf[] = { "", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "k", "M", "G", "T", "P", "E", NULL };
    for (int i = 0; suf[i]; i++) if (!strcmp(s, suf[i])) return 1;
    return 0;
}

static const char *volume_label(const cl_node *vol, const char *opt, const cl_node **at)
{
    const cl_node *labels = cl_map_get(vol, "labels");
    char key[128];
    snprintf(key, sizeof key, K8S_DIRECTIVE "%s", opt);
    *at = cl_map_get(labels, key);
    return cl_em_str(*at);
}

cl_node *k8s_claim_spec(k8s *k, const cl_node *vol, const cl_node **bad)
{
    const cl_node *at;
    const char *size = volume_label(vol, "size", &at);
    if (size && !k8s_quantity_ok(size)) { *bad = at; return NULL; }
    if (!size) size = k->o->pvc_size ? k->o->pvc_size : DEFAULT_PVC_SIZE;
    const char *cls = volume_label(vol, "storage-class", &at);
    if (!cls) cls = k->o->storage_class;
    cl_builder spec, modes, res, req;
    cl_builder_map(&spec); cl_builder_seq(&modes); cl_builder_map(&res); cl_builder_map(&req);
    cl_builder_push(&modes, k8s_str(k, "ReadWriteOnce"));
    k8s_put(k, &spec, "accessModes", cl_builder_finish(&modes, k->a));
    k8s_put_str(k, &req, "storage", size);
    k8s_put_built(k, &res, "requests", &req);
    k8s_put_built(k, &spec, "resources", &res);
    if (cls && *cls) k8s_put_str(k, &spec, "storageClassName", cls);
    return cl_builder_finish(&spec, k->a);
}

char *k8s_read_file(k8s *k, const char *path, size_t max, size_t *len)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);   /* a fifo must not block the conversion */
    if (fd < 0) return NULL;
    struct stat st;
    if (fstat(fd, &st) != 0) { int e = errno; close(fd); errno = e; return NULL; }
    if (!S_ISREG(st.st_mode)) { close(fd); errno = EINVAL; return NULL; }
    if (st.st_size > (off_t)max) { close(fd); errno = EFBIG; return NULL; }
    cl_buf b;
    cl_buf_init(&b);
    char tmp[8192];
    ssize_t n;
    while ((n = read(fd, tmp, sizeof tmp)) != 0) {
        if (n < 0) {
            if (errno == EINTR) continue;
            int e = errno; close(fd); cl_buf_free(&b); errno = e; return NULL;
        }
        cl_buf_put(&b, tmp, (size_t)n);
        if (b.len > max) { close(fd); cl_buf_free(&b); errno = EFBIG; return NULL; }   /* it grew meanwhile */
    }
    close(fd);
    *len = b.len;
    char *r = cl_arena_strndup(k->a, b.data ? b.data : "", b.len);
    cl_buf_free(&b);
    return r;
}

int k8s_is_text(const char *str, size_t n)
{
    /* what YAML prints as it is and the API keeps as a string: UTF-8 text */
    const unsigned char *s = (const unsigned char *)str;
    for (size_t i = 0; i < n;) {
        unsigned c = s[i];
        if (c < 0x80) {
            if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f) return 0;
            i++;
            continue;
        }
        size_t len = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
        if (!len || i + len > n) return 0;
        unsigned cp = c & (len == 2 ? 0x1f : len == 3 ? 0x0f : 0x07);
        for (size_t j = 1; j < len; j++) {
            if ((s[i + j] & 0xc0) != 0x80) return 0;
            cp = cp << 6 | (s[i + j] & 0x3f);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||   /* overlong, too big */
            (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp <= 0x9f) || cp == 0xfeff || cp == 0xfffe || cp == 0xffff)
            return 0;
        i += len;
    }
    return 1;
}

const char *k8s_data_key(k8s *k, const char *s)
{
    char *r = cl_arena_strdup(k->a, s);
    for (char *c = r; *c; c++) if (!isalnum((unsigned char)*c) && *c != '-' && *c != '_' && *c != '.') *c = '_';
    return r;
}

const char *k8s_free_name(k8s *k, const char *kind, const k8s_names *tab, const char *name)
{
    const char *n = name;
    for (int i = 2;; i++) {
        int taken = tab && k8s_name_owner(tab, n);
        for (size_t j = 0; !taken && j < k->nobjs; j++)
            taken = !strcmp(k->objs[j].kind, kind) && !strcmp(k->objs[j].name, n);
        if (!taken) return n;
        n = cl_arena_printf(k->a, "%.58s-%d", name, i);
    }
}

/* secrets and configs of the project: one Secret / ConfigMap each */
const char *k8s_pod_volume(k8s *k, k8s_pod *pod, const char *name, const char *kind, cl_node *source)
{
    const char *base = k8s_name(k, name), *n = base;
    for (int i = 2;; i++) {
        int clash = 0;
        for (uint32_t j = 0; j < pod->volumes.n; j++)
            if (!strcmp(cl_em_str(cl_map_get(pod->volumes.items[j], "name")), n)) clash = 1;
        if (!clash) break;
        n = cl_arena_printf(k->a, "%.58s-%d", base, i);
    }
    const char *keys[] = { "name", kind };
    cl_node *vals[] = { k8s_str(k, n), source };
    cl_builder_push(&pod->volumes, k8s_map(k, keys, vals, 2));
    return n;
}

void k8s_pod_mount(k8s *k, k8s_pod *pod, const char *volume, const char *path, const char *subpath, int read_only)
{
    static const char *const keys[] = { "name", "mountPath", "subPath", "readOnly" };
    cl_node *vals[] = { volume ? k8s_str(k, volume) : NULL, path ? k8s_str(k, path) : NULL,
                        subpath && *subpath ? k8s_str(k, subpath) : NULL, read_only ? cl_new_bool(k->a, 1) : NULL };
    cl_builder_push(&pod->mounts, k8s_map(k, keys, vals, 4));
}

cl_node *k8s_empty_dir(k8s *k, int memory, const char *size)
{
    static const char *const keys[] = { "medium", "sizeLimit" };
    cl_node *vals[] = { memory ? k8s_str(k, "Memory") : NULL, size ? k8s_str(k, size) : NULL };
    return k8s_map(k, keys, vals, 2);
}

void k8s_pod_claim(k8s *k, k8s_pod *pod, const char *vol, const char *claim, int external, const cl_node *at,
                   const char *path, const char *subpath, int read_only)
{
    k8s_claim_use *u = NULL;
    for (uint32_t i = 0; i < pod->nclaims && !u; i++)
        if (!strcmp(pod->claims[i].claim, claim)) u = &pod->claims[i];
    if (u && u->ro && !read_only) {
        /* a second, writable mount of the claim: the pod volume is no longer read-only */
        for (uint32_t i = 0; i < pod->volumes.n; i++) {
            cl_node *v = pod->volumes.items[i];
            if (strcmp(cl_em_str(cl_map_get(v, "name")), u->volume)) continue;
            const cl_pair *src = cl_map_pair(v, "persistentVolumeClaim");
            cl_builder c;
            cl_builder_map(&c);
            k8s_put_str(k, &c, "claimName", claim);
            ((cl_pair *)src)->value = cl_builder_finish(&c, k->a);
        }
        u->ro = 0;
    }
    if (!u) {
        if (pod->nclaims == pod->capclaims) {
            uint32_t cap = pod->capclaims ? pod->capclaims * 2 : 4;
            k8s_claim_use *n = cl_arena_alloc(k->a, cap * sizeof *n);
            if (pod->nclaims) memcpy(n, pod->claims, pod->nclaims * sizeof *n);
            pod->claims = n;
            pod->capclaims = cap;
        }
        cl_builder c;
        cl_builder_map(&c);
        k8s_put_str(k, &c, "claimName", claim);
        if (read_only) k8s_put(k, &c, "readOnly", cl_new_bool(k->a, 1));
        u = &pod->claims[pod->nclaims++];
        u->vol = vol; u->claim = claim; u->at = at; u->ro = read_only; u->external = external;
        u->volume = k8s_pod_volume(k, pod, claim, "persistentVolumeClaim", cl_builder_finish(&c, k->a));
    }
    k8s_pod_mount(k, pod, u->volume, path, subpath, read_only);
}
