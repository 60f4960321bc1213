/* cmd_init.c - `compose-lint init [FILE...]`: checks the files with the
 * built-in defaults (and --select/--ignore) and writes a .compose-lint.yaml
 * (or --config FILE) that excludes each finding of today where it is:
 * per rule and service (exclude_services, so a new service still trips the
 * rule), or per rule and file for a finding about no service (exclude_files;
 * paths relative to the configuration's folder). Never a global `off`.
 * Every entry carries a TODO reason to replace. An existing configuration is
 * replaced only with --force (else exit 2). Findings no configuration can
 * exclude (a file that does not parse, a fatal stage rule) are reported and
 * the run exits 1. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "atomic_write.h"
#include "check.h"
#include "../rules/config.h"

/* One baseline entry: rule, and service or file. */
typedef struct entry {
    const char *rule;
    char *where;               /* service name, or file path relative to the configuration's folder */
    int file;
    size_t count;
} entry;

typedef struct baseline {
    entry *v;
    size_t n, cap;
} baseline;

static void add(baseline *b, const char *rule, const char *where, size_t len, int file)
{
    for (size_t i = 0; i < b->n; i++)
        if (b->v[i].file == file && !strcmp(b->v[i].rule, rule) && strlen(b->v[i].where) == len &&
            !memcmp(b->v[i].where, where, len)) {
            b->v[i].count++;
            return;
        }
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 32;
        b->v = realloc(b->v, b->cap * sizeof *b->v);
        if (!b->v) abort();
    }
    char *w = strndup(where, len);
    if (!w) abort();
    b->v[b->n++] = (entry){ rule, w, file, 1 };
}

static int entry_cmp(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    int c = strcmp(x->rule, y->rule);
    if (c) return c;
    if (x->file != y->file) return x->file - y->file;
    return strcmp(x->where, y->where);
}

/* PATH relative to DIR (both real paths) when it lies under it, else PATH. */
static const char *relative_to(const char *dir, const char *path)
{
    size_t n = strlen(dir);
    if (!strcmp(dir, "/")) return path + 1;
    if (!strncmp(path, dir, n) && path[n] == '/') return path + n + 1;
    return path;
}

static void write_yaml(cl_buf *y, const baseline *b, const char *const *files, size_t nfiles)
{
    cl_buf_puts(y, "# compose-lint baseline, written by `compose-lint init` from the findings of:\n");
    for (size_t i = 0; i < nfiles; i++) cl_buf_printf(y, "#   %s\n", files[i]);
    cl_buf_puts(y, "# Each finding is excluded for its service (exclude_services) or, when it is about\n"
                   "# no service, for its file (exclude_files): a new service with the same problem\n"
                   "# still fails. Replace each TODO by the reason (a ticket), and delete the entry\n"
                   "# once the problem is fixed.\n");
    if (!b->n) { cl_buf_puts(y, "rules: {}\n"); return; }
    cl_buf_puts(y, "rules:\n");
    for (size_t i = 0; i < b->n; i++) {
        const entry *e = &b->v[i];
        int new_rule = !i || strcmp(b->v[i - 1].rule, e->rule);
        if (new_rule) cl_buf_printf(y, "  %s:\n", e->rule);
        if (new_rule || b->v[i - 1].file != e->file)
            cl_buf_printf(y, "    %s:\n", e->file ? "exclude_files" : "exclude_services");
        cl_buf_puts(y, "      ");
        cl_report_json_str(y, e->where);
        cl_buf_printf(y, ": \"TODO: baseline, %zu finding%s\"\n", e->count, e->count == 1 ? "" : "s");
    }
}

/* The service G is about, as the engine sees it when it applies the
 * configuration (rules/config.h cl_diag_service): only in a file reported
 * on, whose document DOCS caches by source. */
typedef struct docs { const cl_source **src; cl_doc **doc; size_t n; } docs;

static const char *service_of(docs *c, const cl_checked_run *run, const cl_opts *o, const cl_diag *g, size_t *len)
{
    const cl_source *src = cl_diag_src(g);
    size_t i = 0;
    for (; i < c->n; i++) if (c->src[i] == src) break;
    if (i == c->n) {
        int input = 0;
        for (size_t k = 0; k < run->nnames; k++) input |= !strcmp(run->names[k], src->path);
        c->src = realloc(c->src, (c->n + 1) * sizeof *c->src);
        c->doc = realloc(c->doc, (c->n + 1) * sizeof *c->doc);
        if (!c->src || !c->doc) abort();
        cl_diags ignore;
        cl_diags_init(&ignore);
        c->src[c->n] = src;
        c->doc[c->n++] = input ? cl_doc_parse(src, &o->limits, &ignore) : NULL;
        cl_diags_free(&ignore);
    }
    return c->doc[i] ? cl_diag_service(c->doc[i], g, len) : NULL;
}

int cl_cmd_init(cl_opts *o)
{
    const char *path = o->config_file ? o->config_file : ".compose-lint.yaml";
    struct stat st;
    const char *there = stat(path, &st) == 0 ? path
                      : !o->config_file && stat(".compose-lint.yml", &st) == 0 ? ".compose-lint.yml" : NULL;
    if (there && !o->force) {
        fprintf(stderr, "compose-lint: %s exists: init would replace it (run with --force to do that)\n", there);
        return CL_EXIT_USAGE;
    }
    char dir[PATH_MAX], real[PATH_MAX], tmp[PATH_MAX];
    const char *slash = strrchr(path, '/');
    if (slash) snprintf(tmp, sizeof tmp, "%.*s", slash == path ? 1 : (int)(slash - path), path);
    else snprintf(tmp, sizeof tmp, ".");
    if (!realpath(tmp, dir)) {
        fprintf(stderr, "compose-lint: %s: %s\n", tmp, strerror(errno));
        return CL_EXIT_USAGE;
    }
    cl_checked_run run;
    if (cl_check_run(o, &run) != CL_EXIT_OK || cl_config_failed()) {
        cl_check_run_free(&run);
        return CL_EXIT_USAGE;
    }
    baseline b = { NULL, 0, 0 };
    docs c = { NULL, NULL, 0 };
    size_t nleft = 0;
    for (size_t i = 0; i < run.all.n; i++) {
        const cl_diag *g = &run.all.v[i];
        cl_rule_meta m = cl_report_rule(cl_diag_code(g));
        if (!m.known || m.fatal || !cl_diag_src(g)) {    /* no configuration can exclude it */
            if (!nleft++ && !o->quiet) fputs("compose-lint: init cannot exclude these findings:\n", stderr);
            if (!o->quiet) {
                cl_span gs = cl_diag_span(g);
                cl_pos p = cl_report_pos(&gs);
                cl_buf msg;
                cl_buf_init(&msg);
                fprintf(stderr, "  %s:%u:%u: %s [%s]\n", cl_report_file(g), p.line, p.col, cl_diag_message(g, &msg), cl_diag_code(g));
                cl_buf_free(&msg);
            }
            continue;
        }
        size_t len = 0;
        const char *svc = service_of(&c, &run, o, g, &len);
        if (svc) add(&b, m.name, svc, len, 0);
        else {
            const char *rel = realpath(cl_diag_src(g)->path, real) ? relative_to(dir, real) : cl_diag_src(g)->path;
            add(&b, m.name, rel, strlen(rel), 1);
        }
    }
    if (b.n > 1) qsort(b.v, b.n, sizeof *b.v, entry_cmp);
    cl_buf y;
    cl_buf_init(&y);
    write_yaml(&y, &b, run.names, run.nnames);
    char err[512] = "";
    int wrc = cl_atomic_write(path, y.data, y.len, err, sizeof err);
    size_t nex = 0;
    for (size_t i = 0; i < b.n; i++) nex += b.v[i].count;
    if (wrc) fprintf(stderr, "compose-lint: %s: cannot write the configuration: %s\n", path, err);
    else if (!o->quiet)
        fprintf(stderr, "compose-lint: wrote %s: %zu finding%s excluded in %zu entr%s, each with a TODO reason\n",
                path, nex, nex == 1 ? "" : "s", b.n, b.n == 1 ? "y" : "ies");
    cl_buf_free(&y);
    for (size_t i = 0; i < b.n; i++) free(b.v[i].where);
    free(b.v);
    for (size_t i = 0; i < c.n; i++) cl_doc_free(c.doc[i]);
    free(c.src);
    free(c.doc);
    cl_check_run_free(&run);
    return wrc ? CL_EXIT_USAGE : nleft ? CL_EXIT_PROBLEMS : CL_EXIT_OK;
}
