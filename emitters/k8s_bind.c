/* k8s_bind.c - bind mounts. Pods do not see the host's files, so without
 * --allow-hostpath the files travel in the manifests, read at convert time:
 * a file of the project directory becomes a ConfigMap mounted with subPath, a folder a ConfigMap with
 * one key per file (items give nested and unusual names their path); what is
 * too big for one object becomes a PersistentVolumeClaim to copy the data
 * into, a missing source an emptyDir. With --allow-hostpath, a hostPath volume
 * whose type is what the source is on this machine. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "k8s.h"

#define CM_LIMIT (K8S_OBJECT_MAX - 16 * 1024)  /* keys and data; the rest is room for the metadata */
#define APPLY_LIMIT (256 * 1024)               /* kubectl's client-side apply annotation */
#define MAX_FILES 4096
#define MAX_DEPTH 16

typedef struct bind_file { const char *rel, *key, *data; size_t len; int text; unsigned mode; } bind_file;

/* what a folder holds, as far as it fits one ConfigMap */
typedef struct bind_tree {
    k8s *k;
    bind_file *v; size_t n, cap;
    size_t total;            /* keys and data as the ConfigMap holds them */
    size_t seen;             /* entries looked at, folders included */
    int too_big;             /* over CM_LIMIT or MAX_FILES: stop */
    const char *error;       /* a file or folder that cannot be read */
    cl_buf skipped;          /* what a ConfigMap cannot hold, for the caveat */
} bind_tree;

static const char *resolve(k8s *k, const char *src)
{
    if (src[0] == '/' || !k->p->directory) return src;
    return cl_arena_printf(k->a, "%s/%s", k->p->directory, src);
}

/* Is the (cleaned) source inside the project directory? What is outside (/etc/localtime, /proc,
 * /var/run/docker.sock, ../other) is the host's, not the project's: it is not read. */
static int in_project(k8s *k, const char *src)
{
    const char *dir = k->p->directory;
    if (src[0] != '/') return strncmp(src, "../", 3) != 0 && strcmp(src, "..") != 0;
    if (!dir) return 0;
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/') n--;
    return !strncmp(src, dir, n) && (src[n] == '/' || !src[n]);
}

/* stat(PATH), asked once a path: services often mount the same file or folder
 * (a big project's stat calls were 5% of its conversion). */
static int bind_stat(k8s *k, const char *path, struct stat *st)
{
    int added;
    cl_strmap_ent *e = cl_strmap_put(&k->bind_stats, path, strlen(path), NULL, 0, &added);
    if (added) {
        struct stat *c = cl_arena_alloc(k->keep, sizeof *c);
        e->aux = stat(path, c) == 0 ? 0 : errno;
        e->val = c;
    }
    if (e->aux) { errno = (int)e->aux; return -1; }
    *st = *(const struct stat *)e->val;
    return 0;
}

static const char *file_kind(mode_t m)
{
    return S_ISREG(m) ? "file" : S_ISDIR(m) ? "folder" : S_ISSOCK(m) ? "socket" : S_ISFIFO(m) ? "fifo"
         : S_ISCHR(m) ? "character device" : S_ISBLK(m) ? "block device" : "special file";
}

static void skip(bind_tree *t, const char *rel, const char *why)
{
    if (t->skipped.len > 400) return;
    cl_buf_printf(&t->skipped, "%s%s (%s)", t->skipped.len ? ", " : "", rel, why);
}

static int key_ok(const char *s)
{
    if (!*s || !strcmp(s, ".") || !strcmp(s, "..") || strlen(s) > 253) return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || strchr("-._", *s))) return 0;
    return 1;
}

/* A ConfigMap key for REL, unique in T: REL itself when it is one. */
static const char *unique_key(bind_tree *t, const char *rel)
{
    k8s *k = t->k;
    const char *base = key_ok(rel) ? rel : k8s_data_key(k, rel);
    if (!key_ok(base)) base = "file";
    if (strlen(base) > 240) base = cl_arena_strndup(k->a, base + strlen(base) - 240, 240);
    const char *key = base;
    for (int i = 2;; i++) {
        int taken = 0;
        for (size_t j = 0; j < t->n && !taken; j++) taken = !strcmp(t->v[j].key, key);
        if (!taken) return key;
        key = cl_arena_printf(k->a, "%d-%s", i, base);
    }
}

/* Reads the regular file PATH (REL in the ConfigMap) into T; 0 when T is full or it cannot be read. */
static int add_file(bind_tree *t, const char *path, const char *rel, const struct stat *st)
{
    k8s *k = t->k;
    if (t->n >= MAX_FILES || t->total + (size_t)st->st_size > CM_LIMIT) { t->too_big = 1; return 0; }
    bind_file f = { rel, NULL, NULL, 0, 0, (unsigned)(st->st_mode & 0777) };
    if (!(f.data = k8s_read_file(k, path, CM_LIMIT, &f.len))) {
        if (errno == EFBIG) { t->too_big = 1; return 0; }
        t->error = cl_arena_printf(k->a, "cannot read %s: %s", path, errno == EINVAL ? "not a regular file" : strerror(errno));
        return 0;
    }
    f.text = k8s_is_text(f.data, f.len);
    f.key = unique_key(t, rel);
    t->total += strlen(f.key) + (f.text ? f.len : (f.len + 2) / 3 * 4);
    if (t->total > CM_LIMIT) { t->too_big = 1; return 0; }
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 16;
        bind_file *v = cl_arena_alloc(k->a, t->cap * sizeof *v);
        if (t->n) memcpy(v, t->v, t->n * sizeof *v);
        t->v = v;
    }
    t->v[t->n++] = f;
    return 1;
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Walks folder PATH (REL inside the bind; "" at the top), names sorted so the output is stable. */
static void walk(bind_tree *t, const char *path, const char *rel, int depth)
{
    k8s *k = t->k;
    DIR *d = opendir(path);
    if (!d) { t->error = cl_arena_printf(k->a, "cannot read the folder %s: %s", path, strerror(errno)); return; }
    char **names = NULL;
    size_t n = 0, cap = 0;
    for (struct dirent *de; (de = readdir(d));) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn) abort();
            names = nn;
        }
        names[n++] = cl_arena_strdup(k->a, de->d_name);
        if (++t->seen > 4 * MAX_FILES) { t->too_big = 1; break; }   /* a tree of empty folders too */
    }
    closedir(d);
    if (names) qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n && !t->too_big && !t->error; i++) {
        const char *p = cl_arena_printf(k->a, "%s/%s", path, names[i]);
        const char *r = *rel ? cl_arena_printf(k->a, "%s/%s", rel, names[i]) : names[i];
        struct stat st;
        if (lstat(p, &st) != 0) { t->error = cl_arena_printf(k->a, "cannot read %s: %s", p, strerror(errno)); break; }
        if (S_ISLNK(st.st_mode)) {
            if (stat(p, &st) != 0) { skip(t, r, "a link to nothing"); continue; }
            if (S_ISDIR(st.st_mode)) { skip(t, r, "a link to a folder"); continue; }
        }
        if (S_ISDIR(st.st_mode)) {
            if (depth >= MAX_DEPTH) skip(t, r, "too deep");
            else walk(t, p, r, depth + 1);
        } else if (S_ISREG(st.st_mode)) {
            add_file(t, p, r, &st);
        } else skip(t, r, cl_arena_printf(k->a, "a %s", file_kind(st.st_mode)));
    }
    free(names);
}

/* The ConfigMap NAME holding T's files. */
static void emit_configmap(k8s *k, k8s_pod *pod, const char *name, const bind_tree *t)
{
    cl_builder obj, data, bin;
    cl_builder_map(&data);
    cl_builder_map(&bin);
    for (size_t i = 0; i < t->n; i++) {
        const bind_file *f = &t->v[i];
        if (f->text) k8s_put(k, &data, f->key, cl_new_scalar(k->a, f->data, f->len, CL_T_STR));
        else k8s_put(k, &bin, f->key, k8s_base64(k, f->data, f->len));
    }
    k8s_begin(k, &obj, "v1", "ConfigMap", k8s_meta(k, name, k8s_std_labels(k, pod->name), NULL));
    k8s_put_built(k, &obj, "data", &data);
    k8s_put_built(k, &obj, "binaryData", &bin);
    k8s_emit(k, &obj, K8S_ORD_CONFIG, "ConfigMap", name);
}

/* {name, items?}: items when a key is not the file's path or a file is executable
 * (a ConfigMap volume's files are 0644 unless told) - then every file, as items list only those. */
static cl_node *configmap_source(k8s *k, const char *name, const bind_tree *t, int always_items)
{
    int items = always_items;
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->v[i].key, t->v[i].rel) || (t->v[i].mode & 0111)) items = 1;
    cl_builder s, seq;
    cl_builder_map(&s);
    cl_builder_seq(&seq);
    k8s_put_str(k, &s, "name", name);
    for (size_t i = 0; items && i < t->n; i++) {
        cl_builder it;
        cl_builder_map(&it);
        k8s_put_str(k, &it, "key", t->v[i].key);
        k8s_put_str(k, &it, "path", t->v[i].rel);
        if (t->v[i].mode & 0111) k8s_put(k, &it, "mode", k8s_int(k, t->v[i].mode));
        cl_builder_push(&seq, cl_builder_finish(&it, k->a));
    }
    k8s_put_built(k, &s, "items", &seq);
    return cl_builder_finish(&s, k->a);
}

/* Too big for a ConfigMap (WHY says so): a claim of its own, to copy the data into; WHY NULL:
 * an empty folder, which the container likely writes into. */
static void bind_claim(k8s *k, k8s_pod *pod, const cl_node *e, uint32_t idx, const char *src, const char *target,
                       const char *file_key, int ro, const char *why)
{
    char d[K8S_DEC];
    const char *name = k8s_free_name(k, "PersistentVolumeClaim", &k->vol_names, k8s_cat(k, pod->name, 55, "-bind", k8s_dec(d, idx)));
    const cl_node *bad = NULL;
    cl_builder obj;
    k8s_begin(k, &obj, "v1", "PersistentVolumeClaim", k8s_meta(k, name, k8s_std_labels(k, pod->name), NULL));
    k8s_put(k, &obj, "spec", k8s_claim_spec(k, NULL, &bad));
    k8s_emit(k, &obj, K8S_ORD_STORAGE, "PersistentVolumeClaim", name);
    k8s_pod_claim(k, pod, NULL, name, 0, e, target, file_key, ro);
    if (!why)
        k8s_caveat(k, pod->svc, "volumes", e, "bind mount of %s: the folder holds no file, so the container likely writes there "
                   "and a ConfigMap (read-only) would not do; it becomes the PersistentVolumeClaim '%s'", src, name);
    else if (file_key)
        k8s_caveat(k, pod->svc, "volumes", e, "bind mount of %s: %s; it becomes the PersistentVolumeClaim '%s', empty: copy the file "
                   "into it as '%s' before the service starts (until then the pod sees a folder there)", src, why, name, file_key);
    else
        k8s_caveat(k, pod->svc, "volumes", e, "bind mount of %s: %s; it becomes the PersistentVolumeClaim '%s', empty: copy the files "
                   "into it (e.g. kubectl cp)", src, why, name);
}

static void bind_configmap(k8s *k, k8s_pod *pod, const cl_node *e, uint32_t idx)
{
    const char *src = cl_em_str(cl_map_get(e, "source")), *target = cl_em_str(cl_map_get(e, "target"));
    int ro = cl_em_true(cl_map_get(e, "read_only"));
    if (!in_project(k, src)) {
        cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, pod->svc, "volumes", e, "bind mount of %s: a host path outside the project "
                          "directory, and pods do not see the host's files (ship them in the image, or --allow-hostpath makes a "
                          "hostPath volume)", src);
        return;
    }
    const char *path = resolve(k, src);
    struct stat st;
    if (bind_stat(k, path, &st) != 0) {
        if (errno != ENOENT && errno != ENOTDIR) {
            k8s_error(k, e, "service '%s': bind mount of %s: cannot read it: %s", pod->svc, src, strerror(errno));
            return;
        }
        char d[K8S_DEC];
        const char *v = k8s_pod_volume(k, pod, k8s_cat(k, "bind-", SIZE_MAX, k8s_dec(d, idx), NULL), "emptyDir", k8s_empty_dir(k, 0, NULL));
        k8s_pod_mount(k, pod, v, target, NULL, ro);
        k8s_caveat(k, pod->svc, "volumes", e, "bind mount of %s: it does not exist here (docker would %s); "
                   "an emptyDir is mounted at %s instead, and what the container writes there is lost with the pod", src,
                   cl_em_true(cl_map_get(cl_map_get(e, "bind"), "create_host_path")) ? "create an empty folder" : "refuse to start", target);
        return;
    }
    if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
        cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, pod->svc, "volumes", e, "bind mount of %s (a %s): pods do not see the host's "
                          "files (--allow-hostpath makes a hostPath volume)", src, file_kind(st.st_mode));
        return;
    }
    bind_tree t;
    memset(&t, 0, sizeof t);
    t.k = k;
    cl_buf_init(&t.skipped);
    int file = S_ISREG(st.st_mode);
    const char *file_key = NULL;
    if (file) {
        const char *slash = strrchr(path, '/');
        add_file(&t, path, slash ? slash + 1 : path, &st);
        file_key = t.n ? t.v[0].key : unique_key(&t, slash ? slash + 1 : path);
        if (t.n) t.v[0].rel = t.v[0].key;   /* the one item's path is its key, which subPath names */
    } else walk(&t, path, "", 0);
    if (t.error) {
        k8s_error(k, e, "service '%s': bind mount of %s: %s", pod->svc, src, t.error);
    } else if (t.too_big) {
        bind_claim(k, pod, e, idx, src, target, file_key, ro,
                   file ? "the file is larger than the 1 MiB a ConfigMap holds"
                   : t.n >= MAX_FILES || t.seen > 4 * MAX_FILES ? "the folder holds more than the 4096 files a ConfigMap is made of here"
                   : "the folder is larger than the 1 MiB a ConfigMap holds");
    } else if (!file && !t.n) {
        bind_claim(k, pod, e, idx, src, target, NULL, ro, NULL);
    } else {
        char d[K8S_DEC];
        const char *name = k8s_free_name(k, "ConfigMap", &k->config_names, k8s_cat(k, pod->name, 55, "-cm", k8s_dec(d, idx)));
        emit_configmap(k, pod, name, &t);
        const char *v = k8s_pod_volume(k, pod, name, "configMap", configmap_source(k, name, &t, file));
        k8s_pod_mount(k, pod, v, target, file_key, ro);
        if (!ro)
            k8s_caveat(k, pod->svc, "volumes", e, "bind mount of %s: it becomes the ConfigMap '%s', read-only and read now: the container "
                       "cannot write to %s, and later edits need the ConfigMap updated", src, name, target);
        if (t.total > APPLY_LIMIT)
            k8s_caveat(k, pod->svc, "volumes", e, "bind mount of %s: the ConfigMap '%s' holds %zu KiB, more than kubectl's client-side "
                       "apply keeps (256 KiB): use kubectl apply --server-side or kubectl create", src, name, t.total / 1024);
        if (t.skipped.len)
            k8s_caveat(k, pod->svc, "volumes", e, "bind mount of %s: a ConfigMap holds regular files only; left out: %s%s",
                       src, cl_buf_cstr(&t.skipped), t.skipped.len > 400 ? ", ..." : "");
    }
    cl_buf_free(&t.skipped);
}

static void bind_hostpath(k8s *k, k8s_pod *pod, const cl_node *e, uint32_t idx)
{
    const char *src = cl_em_str(cl_map_get(e, "source")), *target = cl_em_str(cl_map_get(e, "target"));
    const char *path = resolve(k, src), *type = NULL;
    struct stat st;
    int err = bind_stat(k, path, &st) == 0 ? 0 : errno;
    if (!err) {
        type = S_ISREG(st.st_mode) ? "File" : S_ISDIR(st.st_mode) ? "Directory" : S_ISSOCK(st.st_mode) ? "Socket"
             : S_ISCHR(st.st_mode) ? "CharDevice" : S_ISBLK(st.st_mode) ? "BlockDevice" : NULL;
    } else if (cl_em_true(cl_map_get(cl_map_get(e, "bind"), "create_host_path"))) {
        type = "DirectoryOrCreate";   /* docker creates a folder there */
    } else {
        k8s_caveat(k, pod->svc, "volumes", e, "bind mount of %s: %s here, and docker would not create it (create_host_path is off); "
                   "the hostPath volume has no type check: the node must have it", src,
                   err == ENOENT || err == ENOTDIR ? "it does not exist" : cl_arena_printf(k->a, "it cannot be checked (%s)", strerror(err)));
    }
    cl_builder h;
    cl_builder_map(&h);
    k8s_put_str(k, &h, "path", path);
    k8s_put_str(k, &h, "type", type);
    char d[K8S_DEC];
    const char *v = k8s_pod_volume(k, pod, k8s_cat(k, "host-", SIZE_MAX, k8s_dec(d, idx), NULL), "hostPath", cl_builder_finish(&h, k->a));
    k8s_pod_mount(k, pod, v, target, NULL, cl_em_true(cl_map_get(e, "read_only")));
}

void k8s_mount_bind(k8s *k, k8s_pod *pod, const cl_node *e, uint32_t idx)
{
    const char *src = cl_em_str(cl_map_get(e, "source"));
    if (!src || !*src) {
        cl_em_unsupported(k->d, CL_SEV_WARNING, K8S, pod->svc, "volumes", e, "a bind mount without a source");
        return;
    }
    if (k->o->allow_hostpath) bind_hostpath(k, pod, e, idx);
    else bind_configmap(k, pod, e, idx);
}
