/* missing_paths.c - files the project needs on disk, resolved against the
 * compose file's folder:
 *   CL109 missing-env-file       services.*.env_file (required: false honoured)
 *   CL110 missing-build-context  services.*.build / build.context (URLs skipped)
 * Both read the services of the merged project, whose paths are absolute,
 * resolved against the folder of the file that wrote them (an override, an
 * extends base, an include); messages quote the path as written.
 * Input read from stdin without --stdin-filename has no folder and is skipped.
 * The project stage (model/) also reports missing env files, as
 * "env-file-missing"; where it did, the rule does not report the same node twice. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "rulekit.h"
#include "../parser/strmap.h"

/* Folder of the checked file into DIR ("" when unknown). */
static int base_dir(const cl_rule_ctx *ctx, char *dir, size_t cap)
{
    const char *p = ctx->doc->src ? ctx->doc->src->path : NULL;
    if (!p || !*p || p[0] == '<' || !strcmp(p, "-")) return 0;
    const char *slash = strrchr(p, '/');
    if (!slash) { snprintf(dir, cap, "."); return 1; }
    size_t n = (size_t)(slash - p);
    if (n >= cap) return 0;
    memcpy(dir, p, n ? n : 1);
    dir[n ? n : 1] = 0;
    return 1;
}

/* 0 missing, 1 present (or not checkable), by stat type: want_dir 1 = folder, 0 = file. */
static int present(const char *dir, const char *path, int want_dir)
{
    if (!path || !*path || rk_interpolated(path) || path[0] == '~') return 1;
    char full[4096];
    if (path[0] == '/') snprintf(full, sizeof full, "%s", path);
    else if ((size_t)snprintf(full, sizeof full, "%s/%s", dir, path) >= sizeof full) return 1;
    struct stat st;
    if (stat(full, &st)) return 0;
    return want_dir ? S_ISDIR(st.st_mode) : !S_ISDIR(st.st_mode);
}

/* Offsets where the project stage already reported a missing env file
 * ("env-file-missing"): the rule does not report those again. */
static void reported_by_project(const cl_rule_ctx *ctx, cl_strmap *done)
{
    for (size_t i = 0; ctx->project && ctx->earlier && i < ctx->earlier->n; i++) {
        const cl_diag *g = &ctx->earlier->v[i];
        cl_span gs = cl_diag_span(g);
        if (cl_diag_code(g) && !strcmp(cl_diag_code(g), "env-file-missing") && gs.src)
            cl_strmap_put(done, (const char *)&gs, sizeof gs, NULL, 0, NULL);
    }
}

/* The text of scalar N as written (quotes taken off) into BUF, else its value. */
static const char *written(const cl_node *n, char *buf, size_t cap)
{
    const char *s = rk_str(n);
    if (!s || !cl_node_src(n) || n->end <= n->start || n->end > cl_node_src(n)->len || n->end - n->start >= cap) return s;
    uint32_t a = n->start, b = n->end;
    if (n->style == CL_SQUOTE || n->style == CL_DQUOTE) { a++; b--; }
    if (b < a || memchr(cl_node_src(n)->data + a, '\n', b - a)) return s;
    memcpy(buf, cl_node_src(n)->data + a, b - a);
    buf[b - a] = 0;
    return buf;
}

static void env_item(cl_rule_ctx *ctx, const char *dir, const char *svc, const cl_node *it, const cl_strmap *done)
{
    const cl_node *pn = it;
    if (rk_is_map(it)) {
        int req = 1;
        if (rk_flag(cl_map_get(it, "required"), &req) && !req) return;
        pn = cl_map_get(it, "path");
    }
    const char *path = rk_str(pn);
    cl_span sp = cl_node_span(pn);
    if (pn && cl_strmap_get(done, (const char *)&sp, sizeof sp)) return;
    char buf[512];
    if (path && !present(dir, path, 0))
        cl_rule_report(ctx, pn, "service '%s' reads env_file '%s', which does not exist next to the file that "
                       "names it: create it, fix the path, or mark it 'required: false'", svc, written(pn, buf, sizeof buf));
}

static void check_env(cl_rule_ctx *ctx)
{
    const cl_node *services = rk_services(rk_tree(ctx));
    char dir[4096];
    if (!services || !base_dir(ctx, dir, sizeof dir)) return;
    cl_strmap done;
    cl_strmap_init(&done);
    reported_by_project(ctx, &done);
    for (uint32_t i = 0; i < services->u.m.n; i++) {
        const char *svc = rk_str(services->u.m.items[i].key);
        const cl_node *ef = cl_map_get(services->u.m.items[i].value, "env_file");
        if (!svc || !ef) continue;
        if (rk_is_seq(ef)) for (uint32_t k = 0; k < ef->u.q.n; k++) env_item(ctx, dir, svc, ef->u.q.items[k], &done);
        else env_item(ctx, dir, svc, ef, &done);
    }
    cl_strmap_free(&done);
}

static int is_remote(const char *s)
{
    return strstr(s, "://") || !strncmp(s, "git@", 4) || !strncmp(s, "github.com/", 11);
}

static void check_build(cl_rule_ctx *ctx)
{
    const cl_node *services = rk_services(rk_tree(ctx));
    char dir[4096];
    if (!services || !base_dir(ctx, dir, sizeof dir)) return;
    for (uint32_t i = 0; i < services->u.m.n; i++) {
        const char *svc = rk_str(services->u.m.items[i].key);
        const cl_pair *bp = cl_map_pair(services->u.m.items[i].value, "build");
        if (!svc || !bp) continue;
        const cl_node *at = bp->value;
        const char *ctxdir = rk_str(at);
        if (rk_is_map(at)) {
            const cl_pair *cp = cl_map_pair(at, "context");
            at = cp ? cp->value : bp->key;
            ctxdir = cp ? rk_str(cp->value) : ".";
        }
        if (!ctxdir || is_remote(ctxdir) || present(dir, ctxdir, 1)) continue;
        char buf[512];
        cl_rule_report(ctx, at, "service '%s' builds from '%s', which is not a folder next to the file that "
                       "names it: fix the build context path", svc, written(at, buf, sizeof buf));
    }
}

const cl_rule cl_rule_missing_env_file = {
    .code = "CL109", .name = "missing-env-file", .category = CL_CAT_CORRECTNESS,
    .severity = CL_SEV_ERROR, .enabled = 1,
    .summary = "An env_file does not exist (relative to the compose file's folder)",
    .rationale = "docker compose stops with 'env file ... not found' when a required env_file is missing. "
                 "Relative paths are resolved against the compose file's folder, as compose does. An entry "
                 "with 'required: false' may be absent and is not reported.",
    .bad_example = "services:\n  app:\n    image: app:1\n    env_file: ./does-not-exist.env\n",
    .good_example = "services:\n  app:\n    image: app:1\n    env_file:\n      - path: ./does-not-exist.env\n        required: false\n",
    .options = NULL, .fix = CL_FIX_NONE, .check = check_env, .needs_project = 1,
};

const cl_rule cl_rule_missing_build_context = {
    .code = "CL110", .name = "missing-build-context", .category = CL_CAT_CORRECTNESS,
    .severity = CL_SEV_ERROR, .enabled = 1,
    .summary = "A build context folder does not exist (relative to the compose file's folder)",
    .rationale = "A build whose context folder is missing fails ('unable to prepare context: path ... not "
                 "found'). Git and HTTP URLs are remote contexts and are not checked.",
    .bad_example = "services:\n  app:\n    build: ./no-such-folder\n",
    .good_example = "services:\n  app:\n    build: .\n",
    .options = NULL, .fix = CL_FIX_NONE, .check = check_build, .needs_project = 1,
};
