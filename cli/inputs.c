/* inputs.c - expands files and folders into the files to check (see inputs.h). */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "inputs.h"

int cl_is_compose_name(const char *b)
{
    static const char *pats[] = { "compose*.yaml", "compose*.yml", "docker-compose*.yaml", "docker-compose*.yml",
                                  "*.compose.yaml", "*.compose.yml", NULL };
    for (int i = 0; pats[i]; i++)
        if (fnmatch(pats[i], b, FNM_PERIOD) == 0) return 1;
    return 0;
}

int cl_is_excluded(const cl_opts *o, const char *path)
{
    if (!o->nexclude) return 0;
    while (path[0] == '.' && path[1] == '/') path += 2;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    for (size_t i = 0; i < o->nexclude; i++)
        if (fnmatch(o->exclude[i], path, 0) == 0 || fnmatch(o->exclude[i], base, 0) == 0) return 1;
    return 0;
}

static void add(cl_inputs *in, const char *path)
{
    if (in->n == in->cap) {
        in->cap = in->cap ? in->cap * 2 : 16;
        in->paths = realloc(in->paths, in->cap * sizeof *in->paths);
        if (!in->paths) abort();
    }
    if (!(in->paths[in->n++] = strdup(path))) abort();
}

static int cmp_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int walk(const cl_opts *o, const char *dir, cl_inputs *in, int depth)
{
    if (depth > 64) { fprintf(stderr, "compose-lint: %s: folders nested too deep, not walked further\n", dir); return 0; }
    DIR *d = opendir(dir);
    if (!d) { fprintf(stderr, "compose-lint: %s: cannot read folder: %s\n", dir, strerror(errno)); return -1; }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        if (n == cap) { cap = cap ? cap * 2 : 32; names = realloc(names, cap * sizeof *names); if (!names) abort(); }
        if (!(names[n++] = strdup(e->d_name))) abort();
    }
    closedir(d);
    if (n) qsort(names, n, sizeof *names, cmp_name);
    int rc = 0;
    size_t dl = strlen(dir);
    int slash = dl && dir[dl - 1] == '/';
    for (size_t i = 0; i < n; i++) {
        size_t len = dl + 1 + strlen(names[i]) + 1;
        char *p = malloc(len);
        if (!p) abort();
        if (!strcmp(dir, ".")) snprintf(p, len, "%s", names[i]);   /* "compose.yaml", not "./compose.yaml" */
        else snprintf(p, len, "%s%s%s", dir, slash ? "" : "/", names[i]);
        struct stat st;
        if (lstat(p, &st) == 0 && !cl_is_excluded(o, p)) {
            if (S_ISDIR(st.st_mode)) {   /* symlinked folders are not followed: no cycles */
                if (strcmp(names[i], ".git") && strcmp(names[i], "node_modules") && walk(o, p, in, depth + 1)) rc = -1;
            } else if (cl_is_compose_name(names[i])) {
                if (S_ISREG(st.st_mode) || (S_ISLNK(st.st_mode) && stat(p, &st) == 0 && S_ISREG(st.st_mode))) add(in, p);
            }
        }
        free(p);
        free(names[i]);
    }
    free(names);
    return rc;
}

static char **sort_paths;   /* qsort has no context argument; expansion runs on one thread */
static int cmp_idx(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    int c = strcmp(sort_paths[x], sort_paths[y]);
    return c ? c : x < y ? -1 : x > y;
}

int cl_inputs_expand(const cl_opts *o, const char *const *args, size_t nargs, cl_inputs *in)
{
    int rc = 0;
    for (size_t i = 0; i < nargs; i++) {
        const char *a = args[i];
        struct stat st;
        if (strcmp(a, "-") && stat(a, &st) == 0 && S_ISDIR(st.st_mode)) {
            size_t before = in->n;
            if (walk(o, a, in, 0)) rc = CL_EXIT_USAGE;
            else if (in->n == before) {   /* a wrong path in CI must not pass silently */
                fprintf(stderr, "compose-lint: no compose files found under %s\n", a);
                rc = CL_EXIT_USAGE;
            }
            continue;
        }
        if (strcmp(a, "-") && cl_is_excluded(o, a)) continue;
        add(in, a);   /* missing or unreadable files are reported when loaded */
    }
    /* each path once, first occurrence kept (a file fixed twice at once would race) */
    size_t *idx = malloc((in->n ? in->n : 1) * sizeof *idx);
    unsigned char *drop = calloc(in->n ? in->n : 1, 1);
    if (!idx || !drop) abort();
    for (size_t i = 0; i < in->n; i++) idx[i] = i;
    sort_paths = in->paths;
    if (in->n > 1) qsort(idx, in->n, sizeof *idx, cmp_idx);
    for (size_t i = 1; i < in->n; i++)
        if (!strcmp(in->paths[idx[i]], in->paths[idx[i - 1]])) drop[idx[i]] = 1;
    size_t k = 0;
    for (size_t i = 0; i < in->n; i++) {
        if (drop[i]) free(in->paths[i]);
        else in->paths[k++] = in->paths[i];
    }
    free(idx);
    free(drop);
    in->n = k;
    if (in->n > o->limits.max_files) {
        fprintf(stderr, "compose-lint: %zu files to check, more than the limit of %zu (raise with --max-files)\n",
                in->n, o->limits.max_files);
        for (size_t i = 0; i < in->n; i++) free(in->paths[i]);
        in->n = 0;   /* check none rather than an arbitrary part */
        rc = CL_EXIT_USAGE;
    }
    return rc;
}

/* The hint's two kinds of file, each known by two top-level keys. */
static const struct { const char *a, *b, *what; } foreign_kinds[] = {
    { "apiVersion", "kind", "a Kubernetes manifest" },
    { "on", "jobs", "a GitHub Actions workflow" },
};
#define NFOREIGN (sizeof foreign_kinds / sizeof foreign_kinds[0])

/* For each key K of KEYS, AT[K]: the offset of the first line of SRC that
 * starts with it followed by ':' (a top-level key in block style), or -1.
 * One pass over the lines for every key: a big file is not read once per key. */
static void top_keys(const cl_source *src, const char *const *keys, size_t nkeys, long *at)
{
    size_t len[2 * NFOREIGN], left = nkeys;
    for (size_t k = 0; k < nkeys; k++) { len[k] = strlen(keys[k]); at[k] = -1; }
    for (size_t i = 0; i < src->len && left;) {
        for (size_t k = 0; k < nkeys; k++)
            if (at[k] < 0 && src->data[i] == keys[k][0] && i + len[k] < src->len &&
                !memcmp(src->data + i, keys[k], len[k]) && src->data[i + len[k]] == ':') {
                at[k] = (long)i;
                left--;
            }
        const char *nl = memchr(src->data + i, '\n', src->len - i);
        if (!nl) break;
        i = (size_t)(nl - src->data) + 1;
    }
}

void cl_inputs_foreign_hint(const cl_source *src, cl_diags *out)
{
    const char *keys[2 * NFOREIGN];
    long at[2 * NFOREIGN];
    for (size_t k = 0; k < NFOREIGN; k++) { keys[2 * k] = foreign_kinds[k].a; keys[2 * k + 1] = foreign_kinds[k].b; }
    top_keys(src, keys, 2 * NFOREIGN, at);
    for (size_t k = 0; k < NFOREIGN; k++) {
        long a = at[2 * k], b = at[2 * k + 1];
        if (a < 0 || b < 0) continue;
        const char *first = a < b ? foreign_kinds[k].a : foreign_kinds[k].b;   /* the hint stands at the first of the two */
        cl_span sp = { src, (uint32_t)(a < b ? a : b), (uint32_t)(a < b ? a : b) + (uint32_t)strlen(first) };
        cl_diag_add(out, CL_SEV_INFO, "not-compose-file", sp,
                    "this looks like %s (top-level '%s' and '%s'), not a compose file", foreign_kinds[k].what,
                    foreign_kinds[k].a, foreign_kinds[k].b);
        return;
    }
}

void cl_inputs_free(cl_inputs *in)
{
    for (size_t i = 0; i < in->n; i++) free(in->paths[i]);
    free(in->paths);
    in->paths = NULL;
    in->n = in->cap = 0;
}
