/* path.c - path joining and cleaning without touching the file system. */
#include "path.h"
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *clean(cl_arena *a, const char *p)
{
    size_t n = strlen(p);
    char *out = cl_arena_alloc(a, n + 2);
    size_t o = 0;
    const char *s = p;
    while (*s) {
        while (*s == '/') s++;
        if (!*s) break;
        const char *e = strchr(s, '/');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        if (len == 1 && s[0] == '.') { /* skip */ }
        else if (len == 2 && s[0] == '.' && s[1] == '.') { while (o > 0 && out[o - 1] != '/') o--; if (o > 0) o--; }
        else { out[o++] = '/'; memcpy(out + o, s, len); o += len; }
        s += len;
    }
    if (o == 0) out[o++] = '/';
    out[o] = 0;
    return out;
}

char *cl_path_cwd(cl_arena *a)
{
    char buf[PATH_MAX];
    if (!getcwd(buf, sizeof buf)) strcpy(buf, "/");
    return cl_arena_strdup(a, buf);
}

char *cl_path_abs(cl_arena *a, const char *base, const char *path)
{
    if (path[0] == '/') return cl_arena_strdup(a, path);   /* kept as written, like compose-go */
    if (path[0] == '~' && (path[1] == 0 || path[1] == '/')) {
        const char *home = getenv("HOME");
        return clean(a, cl_arena_printf(a, "%s/%s", home && *home ? home : "/", path + 1));
    }
    if (!base) base = cl_path_cwd(a);
    return clean(a, cl_arena_printf(a, "%s/%s", base, path));
}

char *cl_path_dir(cl_arena *a, const char *path)
{
    char *abs = clean(a, cl_path_abs(a, NULL, path));
    char *slash = strrchr(abs, '/');
    if (slash == abs) return cl_arena_strdup(a, "/");
    if (slash) *slash = 0;
    return abs;
}

const char *cl_path_base(const char *path)
{
    const char *s = strrchr(path, '/');
    return s && s[1] ? s + 1 : path;
}
