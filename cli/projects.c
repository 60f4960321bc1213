/* projects.c - from the command line's inputs to the projects `check` lints
 * (see projects.h). The file names and their order are compose-go's
 * (parser/compose_files.h; the first of each that exists is used, the
 * override only beside a base file). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../parser/compose_files.h"
#include "inputs.h"
#include "projects.h"


static int in_list(const char *const *names, const char *base)
{
    for (size_t i = 0; names[i]; i++)
        if (!strcmp(names[i], base)) return 1;
    return 0;
}

/* DIR + "/" + NAME (DIR "" for the current folder), malloc'd. */
static char *join(const char *dir, size_t dirlen, const char *name)
{
    size_t n = dirlen + strlen(name) + 2;
    char *r = malloc(n);
    if (!r) abort();
    snprintf(r, n, "%.*s%s%s", (int)dirlen, dir, dirlen ? "/" : "", name);
    return r;
}

/* The first of NAMES that exists in DIR (DIRLEN bytes), or NULL. */
static char *first_existing(const cl_opts *o, const char *dir, size_t dirlen, const char *const *names)
{
    for (size_t i = 0; names[i]; i++) {
        char *p = join(dir, dirlen, names[i]);
        if (access(p, F_OK) == 0 && !cl_is_excluded(o, p)) return p;
        free(p);
    }
    return NULL;
}

static cl_proj *new_proj(cl_projects *ps)
{
    ps->v = realloc(ps->v, (ps->n + 1) * sizeof *ps->v);
    if (!ps->v) abort();
    cl_proj *p = &ps->v[ps->n++];
    memset(p, 0, sizeof *p);
    return p;
}

/* Adds PATH (taken: malloc'd) to P. */
static void proj_add(cl_proj *p, char *path, int report)
{
    p->files = realloc(p->files, (p->n + 1) * sizeof *p->files);
    p->report = realloc(p->report, p->n + 1);
    if (!p->files || !p->report) abort();
    p->files[p->n] = path;
    p->report[p->n++] = (unsigned char)report;
}

static char *xstrdup(const char *s)
{
    char *r = strdup(s);
    if (!r) abort();
    return r;
}

/* A variant of a default file, meant to be merged over it with -f:
 * compose.prod.yaml, docker-compose.dev.yml (the default name's stem, a dot,
 * a word, .yml or .yaml). */
static int is_variant(const char *base)
{
    static const char *const stems[] = { "compose.", "docker-compose.", NULL };
    for (size_t i = 0; stems[i]; i++) {
        size_t n = strlen(stems[i]);
        if (strncmp(base, stems[i], n)) continue;
        const char *dot = strrchr(base + n, '.');
        if (!dot || dot == base + n || (strcmp(dot, ".yml") && strcmp(dot, ".yaml"))) return 0;
        return 1;
    }
    return 0;
}

/* Is PATH one of the files given (or found) in IN, not yet planned? */
static long find_input(const cl_inputs *in, const unsigned char *done, const char *path)
{
    for (size_t i = 0; i < in->n; i++)
        if (!done[i] && !strcmp(in->paths[i], path)) return (long)i;
    return -1;
}

/* Groups the expanded inputs: an override (or a variant such as
 * compose.prod.yaml, which is merged over the base with -f) with the base
 * beside it, a base with its override; a file of the inputs is reported on,
 * one added for context is not. Every input lands in exactly one project. */
static void group(const cl_opts *o, const cl_inputs *in, cl_projects *ps)
{
    unsigned char *done = calloc(in->n ? in->n : 1, 1);
    if (!done) abort();
    for (size_t i = 0; i < in->n; i++) {
        if (done[i]) continue;
        done[i] = 1;
        const char *path = in->paths[i];
        const char *slash = strrchr(path, '/');
        const char *base = slash ? slash + 1 : path;
        size_t dirlen = slash ? (size_t)(slash - path) + (slash == path) : 0;
        cl_proj *p = new_proj(ps);
        if (strcmp(path, "-") && (in_list(cl_compose_override_names, base) ||
                                  (is_variant(base) && !in_list(cl_compose_file_names, base)))) {
            char *b = first_existing(o, path, dirlen, cl_compose_file_names);
            if (b) {
                long k = find_input(in, done, b);
                if (k >= 0) done[k] = 1;
                proj_add(p, b, k >= 0);
            }
            proj_add(p, xstrdup(path), 1);
        } else if (strcmp(path, "-") && in_list(cl_compose_file_names, base)) {
            proj_add(p, xstrdup(path), 1);
            char *v = first_existing(o, path, dirlen, cl_compose_override_names);
            if (v) {
                long k = find_input(in, done, v);
                if (k >= 0) done[k] = 1;
                proj_add(p, v, k >= 0);
            }
        } else {
            proj_add(p, xstrdup(path), 1);
        }
    }
    free(done);
}

/* COMPOSE_FILE, split at COMPOSE_PATH_SEPARATOR (':' when unset). */
static int from_compose_file(cl_projects *ps)
{
    const char *cf = getenv("COMPOSE_FILE");
    if (!cf || !*cf) return 0;
    const char *sep = getenv("COMPOSE_PATH_SEPARATOR");
    char sc = sep && *sep ? sep[0] : ':';
    cl_proj *p = new_proj(ps);
    for (const char *s = cf; *s;) {
        const char *e = strchr(s, sc);
        size_t len = e ? (size_t)(e - s) : strlen(s);
        if (len) {
            char *f = malloc(len + 1);
            if (!f) abort();
            memcpy(f, s, len);
            f[len] = 0;
            proj_add(p, f, 1);
        }
        s += len + (e != NULL);
    }
    return 1;
}

int cl_projects_plan(const cl_opts *o, cl_projects *ps)
{
    memset(ps, 0, sizeof *ps);
    int rc = CL_EXIT_OK;
    if (o->nffiles) {                    /* -f: one project, as docker compose merges them */
        cl_proj *p = new_proj(ps);
        for (size_t i = 0; i < o->nffiles; i++) proj_add(p, xstrdup(o->ffiles[i]), 1);
    }
    const char **pos = calloc(o->nfiles ? o->nfiles : 1, sizeof *pos);
    if (!pos) abort();
    size_t npos = 0;
    for (size_t i = 0, k = 0; i < o->nfiles; i++) {
        if (k < o->nffiles && o->files[i] == o->ffiles[k]) { k++; continue; }
        pos[npos++] = o->files[i];
    }
    if (npos) {
        cl_inputs in = { NULL, 0, 0 };
        if (cl_inputs_expand(o, pos, npos, &in)) rc = CL_EXIT_USAGE;
        group(o, &in, ps);
        cl_inputs_free(&in);
    } else if (!o->nffiles && !from_compose_file(ps)) {
        char *b = first_existing(o, "", 0, cl_compose_file_names);
        if (!b) {
            fprintf(stderr, "compose-lint: no compose file given, and none of compose.yaml, compose.yml, "
                            "docker-compose.yaml, docker-compose.yml is in the current folder\n");
            rc = CL_EXIT_USAGE;
        } else {
            cl_proj *p = new_proj(ps);
            proj_add(p, b, 1);
            char *v = first_existing(o, "", 0, cl_compose_override_names);
            if (v) proj_add(p, v, 1);
        }
    }
    free(pos);
    return rc;
}

void cl_projects_free(cl_projects *ps)
{
    for (size_t i = 0; i < ps->n; i++) {
        for (size_t k = 0; k < ps->v[i].n; k++) free(ps->v[i].files[k]);
        free(ps->v[i].files);
        free(ps->v[i].report);
    }
    free(ps->v);
    memset(ps, 0, sizeof *ps);
}
