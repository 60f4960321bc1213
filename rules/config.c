/* config.c - the configuration: `.compose-lint.yaml` found by walking up from
 * each checked file (or --config FILE), per-rule on/off, severity and options
 * (by code or name), `select`/`ignore` lists, then --select/--ignore on top.
 * Parsed with the project's own YAML front-end, so every error has a location;
 * unknown names get a "did you mean". Each file is loaded once per run.
 *
 *   rules:
 *     no-version-field: off              # off | on | info | warning | error | 0 | 1 | 2
 *     CL009: error
 *     service-container-name-regex:
 *       severity: warning                # also: enabled: true|false
 *       options: { pattern: "^[a-z-]+$" }
 *     services-alphabetical-order: [2, {}]   # dclint's [level, options] form
 *   select: [style]                      # rule names, codes, categories or "all"
 *   ignore: [no-quotes-in-volumes]
 */
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include "config.h"
#include "../parser/buf.h"
#include "../parser/suggest.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;   /* files are checked in parallel */
static cl_config **cache;
static size_t ncache;
static int config_failed;

static void config_free(cl_config *c)
{
    if (!c) return;
    for (size_t i = 0; i < cl_nrules; i++) {
        free((void *)c->rules[i].optv);
        free(c->rules[i].svc);
        free(c->rules[i].files);
    }
    free(c->rules);
    cl_doc_free(c->doc);
    cl_source_free(c->src);
    free(c->path);
    free(c);
}

void cl_config_reset(void)
{
    for (size_t i = 0; i < ncache; i++) config_free(cache[i]);
    free(cache);
    cache = NULL;
    ncache = 0;
    config_failed = 0;
}

int cl_config_failed(void)
{
    pthread_mutex_lock(&lock);
    int f = config_failed;
    pthread_mutex_unlock(&lock);
    return f;
}

static void cfg_error(cl_config *c, cl_diags *out, const cl_node *at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void cfg_error(cl_config *c, cl_diags *out, const cl_node *at, const char *fmt, ...)
{
    cl_span sp = cl_node_span(at);
    if (!sp.src) sp.src = c->src;
    va_list ap;
    va_start(ap, fmt);
    cl_diag_vadd(out, CL_SEV_ERROR, "config-error", sp, fmt, ap);
    va_end(ap);
    c->broken = 1;
    config_failed = 1;
}

/* A fatal stage rule (compose-lint cannot read the file) is always on. */
static int locked(const cl_rule *r) { return r->stage == CL_BY_STAGE_FATAL; }
#define LOCKED_WHY "compose-lint cannot read the file (or write its output) with this problem"

static size_t nopts(const cl_rule *r)
{
    size_t n = 0;
    while (r->options && r->options[n].name) n++;
    return n;
}

/* "off", "on", a severity, or dclint's 0/1/2. Returns 0 and sets *en / *sev. */
static int parse_level(const cl_node *v, int *en, cl_severity *sev, int allow_on)
{
    if (!v || v->kind != CL_SCALAR) return -1;
    const char *t = v->u.s.text;
    if (!strcasecmp(t, "off") || !strcasecmp(t, "false") || !strcmp(t, "0")) { *en = 0; return 0; }
    if (allow_on && (!strcasecmp(t, "on") || !strcasecmp(t, "true"))) { *en = 1; return 0; }
    if (!strcasecmp(t, "info")) { *en = 1; *sev = CL_SEV_INFO; return 0; }
    if (!strcasecmp(t, "warning") || !strcasecmp(t, "warn") || !strcmp(t, "1")) { *en = 1; *sev = CL_SEV_WARNING; return 0; }
    if (!strcasecmp(t, "error") || !strcmp(t, "2")) { *en = 1; *sev = CL_SEV_ERROR; return 0; }
    return -1;
}

static const char *option_name(const void *set, size_t i) { return ((const cl_rule_option *)set)[i].name; }

static void parse_options(cl_config *c, cl_diags *out, const cl_rule *r, cl_rule_conf *rc, const cl_node *m)
{
    if (m->kind != CL_MAP) { cfg_error(c, out, m, "options of rule '%s' must be a mapping", r->name); return; }
    for (uint32_t i = 0; i < m->u.m.n; i++) {
        const cl_node *k = m->u.m.items[i].key, *v = m->u.m.items[i].value;
        const cl_rule_option *op = NULL;
        size_t oi = 0;
        for (; r->options && r->options[oi].name; oi++)
            if (!strcmp(r->options[oi].name, k->u.s.text)) { op = &r->options[oi]; break; }
        if (!op) {
            const char *best = r->options ? cl_suggest_prefix(k->u.s.text, r->options, option_name, 3) : NULL;
            if (best) cfg_error(c, out, k, "rule '%s' has no option '%s' (did you mean '%s'?)", r->name, k->u.s.text, best);
            else if (nopts(r)) cfg_error(c, out, k, "rule '%s' has no option '%s' (it has: %s%s)", r->name, k->u.s.text,
                                         r->options[0].name, nopts(r) > 1 ? ", ..." : "");
            else cfg_error(c, out, k, "rule '%s' takes no options", r->name);
            continue;
        }
        long long iv;
        int bv;
        switch (op->type) {
        case CL_OPT_BOOL:
            if (!cl_scalar_bool(v, &bv)) { cfg_error(c, out, v, "option '%s' of rule '%s' must be true or false", op->name, r->name); continue; }
            rc->optv[oi] = bv ? "true" : "false";
            break;
        case CL_OPT_INT:
            if (!v || v->kind != CL_SCALAR || v->type != CL_T_INT || !cl_scalar_int(v, &iv)) {
                cfg_error(c, out, v, "option '%s' of rule '%s' must be a whole number", op->name, r->name);
                continue;
            }
            rc->optv[oi] = cl_arena_printf(&c->doc->arena, "%lld", iv);
            break;
        case CL_OPT_STRING:
            if (!v || v->kind != CL_SCALAR) { cfg_error(c, out, v, "option '%s' of rule '%s' must be a string", op->name, r->name); continue; }
            rc->optv[oi] = v->u.s.text;
            break;
        case CL_OPT_LIST: {
            if (v && v->kind == CL_SCALAR) { rc->optv[oi] = v->u.s.text; break; }
            if (!v || v->kind != CL_SEQ) { cfg_error(c, out, v, "option '%s' of rule '%s' must be a list", op->name, r->name); continue; }
            cl_buf b;
            cl_buf_init(&b);
            for (uint32_t j = 0; j < v->u.q.n; j++) {
                const cl_node *it = v->u.q.items[j];
                if (it->kind != CL_SCALAR) { cfg_error(c, out, it, "items of option '%s' must be strings", op->name); break; }
                if (j) cl_buf_putc(&b, ',');
                cl_buf_put(&b, it->u.s.text, it->u.s.len);
            }
            rc->optv[oi] = cl_arena_strdup(&c->doc->arena, b.len ? cl_buf_cstr(&b) : "");
            cl_buf_free(&b);
            break;
        }
        }
    }
}

/* The folder of the configuration file C, into DIR. */
static void config_dir(const cl_config *c, char *dir, size_t n)
{
    const char *slash = c->path ? strrchr(c->path, '/') : NULL;
    if (!slash) snprintf(dir, n, ".");
    else if (slash == c->path) snprintf(dir, n, "/");
    else snprintf(dir, n, "%.*s", (int)(slash - c->path), c->path);
}

/* exclude_services / exclude_files of rule R: a mapping of name to reason
 * (a string, or nothing), or a list of names. Files are kept as real paths,
 * relative ones taken from the configuration file's folder. */
static void parse_exclusions(cl_config *c, cl_diags *out, const cl_rule *r, const char *what, const cl_node *v,
                             cl_exclusion **list, size_t *n)
{
    if (r->stage == CL_BY_STAGE_FATAL) {
        cfg_error(c, out, v, "rule '%s' cannot be excluded: " LOCKED_WHY, r->name);
        return;
    }
    if (!v || (v->kind != CL_MAP && v->kind != CL_SEQ)) {
        cfg_error(c, out, v, "rule '%s': '%s' must be a mapping of name to reason, or a list of names", r->name, what);
        return;
    }
    uint32_t cnt = v->kind == CL_MAP ? v->u.m.n : v->u.q.n;
    *list = realloc(*list, (*n + cnt + 1) * sizeof **list);
    if (!*list) abort();
    int files = !strcmp(what, "exclude_files");
    for (uint32_t i = 0; i < cnt; i++) {
        const cl_node *name = v->kind == CL_MAP ? v->u.m.items[i].key : v->u.q.items[i];
        const cl_node *why = v->kind == CL_MAP ? v->u.m.items[i].value : NULL;
        if (!name || name->kind != CL_SCALAR || !name->u.s.len) {
            cfg_error(c, out, name ? name : v, "rule '%s': '%s' names must be strings", r->name, what);
            continue;
        }
        if (why && !(why->kind == CL_SCALAR && (why->type != CL_T_NULL || why->u.s.len))) {
            if (why->kind != CL_SCALAR || why->type != CL_T_NULL) {
                cfg_error(c, out, why, "rule '%s': the reason for excluding '%s' must be a string", r->name, name->u.s.text);
                continue;
            }
            why = NULL;
        }
        const char *nm = name->u.s.text;
        if (files) {
            char dir[PATH_MAX], joined[2 * PATH_MAX + 2], real[PATH_MAX];
            config_dir(c, dir, sizeof dir);
            if (nm[0] == '/') snprintf(joined, sizeof joined, "%s", nm);
            else snprintf(joined, sizeof joined, "%s/%s", dir, nm);
            nm = cl_arena_strdup(&c->doc->arena, realpath(joined, real) ? real : joined);
        }
        (*list)[(*n)++] = (cl_exclusion){ nm, why ? why->u.s.text : NULL };
        c->excludes = 1;
    }
}

static void parse_rule(cl_config *c, cl_diags *out, const cl_node *k, const cl_node *v)
{
    int idx = cl_rule_index(k->u.s.text, k->u.s.len);
    if (idx < 0) {
        const char *s = cl_rule_suggest(k->u.s.text, k->u.s.len);
        if (s) cfg_error(c, out, k, "unknown rule '%s' (did you mean '%s'?)", k->u.s.text, s);
        else cfg_error(c, out, k, "unknown rule '%s' (compose-lint rules lists them)", k->u.s.text);
        return;
    }
    const cl_rule *r = cl_rules[idx];
    cl_rule_conf *rc = &c->rules[idx];
    if (v && v->kind == CL_SCALAR) {
        if (parse_level(v, &rc->enabled, &rc->severity, 1))
            cfg_error(c, out, v, "rule '%s': expected off, on, info, warning or error, got '%s'", r->name, v->u.s.text);
    } else if (v && v->kind == CL_SEQ) {           /* dclint: [level, {options}] */
        if (v->u.q.n < 1 || v->u.q.n > 2 || parse_level(v->u.q.items[0], &rc->enabled, &rc->severity, 1)) {
            cfg_error(c, out, v, "rule '%s': expected [level, {options}] with level off, info, warning, error, 0, 1 or 2", r->name);
            return;
        }
        if (v->u.q.n == 2) parse_options(c, out, r, rc, v->u.q.items[1]);
    } else if (v && v->kind == CL_MAP) {
        for (uint32_t i = 0; i < v->u.m.n; i++) {
            const cl_node *kk = v->u.m.items[i].key, *vv = v->u.m.items[i].value;
            int b;
            if (!strcmp(kk->u.s.text, "enabled")) {
                if (!cl_scalar_bool(vv, &b)) cfg_error(c, out, vv, "'enabled' must be true or false");
                else rc->enabled = b;
            } else if (!strcmp(kk->u.s.text, "severity") || !strcmp(kk->u.s.text, "level")) {
                int en = 1;
                if (parse_level(vv, &en, &rc->severity, 0))
                    cfg_error(c, out, vv, "rule '%s': severity must be off, info, warning or error", r->name);
                else rc->enabled = en;
            } else if (!strcmp(kk->u.s.text, "options")) {
                parse_options(c, out, r, rc, vv);
            } else if (!strcmp(kk->u.s.text, "exclude_services")) {
                parse_exclusions(c, out, r, kk->u.s.text, vv, &rc->svc, &rc->nsvc);
            } else if (!strcmp(kk->u.s.text, "exclude_files")) {
                parse_exclusions(c, out, r, kk->u.s.text, vv, &rc->files, &rc->nfiles);
            } else {
                cfg_error(c, out, kk, "rule '%s': unknown key '%s' (expected enabled, severity, options, "
                          "exclude_services or exclude_files)", r->name, kk->u.s.text);
            }
        }
    } else {
        cfg_error(c, out, v ? v : k, "rule '%s': expected a level (off, on, info, warning, error) or a mapping", r->name);
    }
    if (locked(r) && (!rc->enabled || rc->severity != r->severity)) {
        cfg_error(c, out, v ? v : k, "rule '%s' cannot be turned off or lowered: " LOCKED_WHY, r->name);
        rc->enabled = 1;
        rc->severity = r->severity;
    }
    rc->pinned_off = !rc->enabled;
}


static void set_enabled(cl_config *c, size_t i, int on)
{
    if (!locked(cl_rules[i])) c->rules[i].enabled = on;
}

/* Applies one select/ignore word (rule, code, category or "all"): sets enabled = ON
 * (a category or "all" leaves the fatal stage rules on). Returns -1 when it
 * names nothing, -2 when it turns off a rule that cannot be. */
static int apply_word(cl_config *c, const char *w, size_t len, int on)
{
    if (len == 3 && !strncasecmp(w, "all", 3)) {       /* a rule the configuration turns off stays off */
        for (size_t i = 0; i < cl_nrules; i++) if (!on || !c->rules[i].pinned_off) set_enabled(c, i, on);
        return 0;
    }
    int idx = cl_rule_index(w, len);
    if (idx >= 0) {
        if (!on && locked(cl_rules[idx])) return -2;
        set_enabled(c, (size_t)idx, on);
        return 0;
    }
    for (int cat = CL_CAT_CORRECTNESS; cat <= CL_CAT_HARDENING; cat++) {
        const char *cn = cl_category_name((cl_category)cat);
        if (strlen(cn) == len && !strncasecmp(cn, w, len)) {
            for (size_t i = 0; i < cl_nrules; i++)
                if (cl_rules[i]->category == (cl_category)cat && (!on || !c->rules[i].pinned_off)) set_enabled(c, i, on);
            return 0;
        }
    }
    return -1;
}


static void unknown_word(cl_config *c, cl_diags *out, const cl_node *at, const char *what, const char *w, size_t len)
{
    const char *s = cl_rule_suggest(w, len);
    int idx = cl_rule_index(w, len);
    if (idx >= 0) {         /* known, but it cannot be turned off */
        if (at) cfg_error(c, out, at, "%s: rule '%.*s' cannot be turned off: " LOCKED_WHY, what, (int)len, w);
        else {
            cl_diag_add(out, CL_SEV_ERROR, "config-error", (cl_span){ NULL, 0, 0 },
                        "%s: rule '%.*s' cannot be turned off: " LOCKED_WHY, what, (int)len, w);
            c->broken = 1;
            config_failed = 1;
        }
        return;
    }
    if (at) {
        if (s) cfg_error(c, out, at, "%s: unknown rule '%.*s' (did you mean '%s'?)", what, (int)len, w, s);
        else cfg_error(c, out, at, "%s: unknown rule or category '%.*s'", what, (int)len, w);
    } else {
        cl_span sp = { NULL, 0, 0 };
        if (s) cl_diag_add(out, CL_SEV_ERROR, "config-error", sp, "%s: unknown rule '%.*s' (did you mean '%s'?)", what, (int)len, w, s);
        else cl_diag_add(out, CL_SEV_ERROR, "config-error", sp, "%s: unknown rule or category '%.*s'", what, (int)len, w);
        c->broken = 1;
        config_failed = 1;
    }
}

/* A select/ignore list from the config file (a sequence, or one comma list). */
static void cfg_list(cl_config *c, cl_diags *out, const cl_node *v, const char *what, int on, int exclusive)
{
    if (!v || (v->kind != CL_SEQ && v->kind != CL_SCALAR)) { cfg_error(c, out, v, "'%s' must be a list of rules", what); return; }
    if (exclusive) for (size_t i = 0; i < cl_nrules; i++) set_enabled(c, i, 0);
    uint32_t n = v->kind == CL_SEQ ? v->u.q.n : 1;
    for (uint32_t i = 0; i < n; i++) {
        const cl_node *it = v->kind == CL_SEQ ? v->u.q.items[i] : v;
        if (it->kind != CL_SCALAR) { cfg_error(c, out, it, "'%s' items must be rule names", what); continue; }
        const char *s = it->u.s.text;
        while (*s) {
            size_t len = strcspn(s, ", ");
            if (len && apply_word(c, s, len, on)) unknown_word(c, out, it, what, s, len);
            s += len;
            s += strspn(s, ", ");
        }
    }
}

/* --select / --ignore: repeatable comma lists. */
static void cli_list(cl_config *c, cl_diags *out, const char *const *v, size_t n, const char *what, int on)
{
    if (!n) return;
    if (on) for (size_t i = 0; i < cl_nrules; i++) set_enabled(c, i, 0);
    for (size_t i = 0; i < n; i++) {
        const char *s = v[i];
        while (*s) {
            size_t len = strcspn(s, ", ");
            if (len && apply_word(c, s, len, on)) unknown_word(c, out, NULL, what, s, len);
            s += len;
            s += strspn(s, ", ");
        }
    }
}

static cl_config *load(const cl_config_opts *o, const char *path, cl_diags *out)
{
    cl_config *c = calloc(1, sizeof *c);
    if (!c) abort();
    c->rules = calloc(cl_nrules ? cl_nrules : 1, sizeof *c->rules);
    if (!c->rules) abort();
    c->fail_on = -1;
    for (size_t i = 0; i < cl_nrules; i++) {
        c->rules[i].enabled = cl_rules[i]->enabled;
        c->rules[i].severity = cl_rules[i]->severity;
        c->rules[i].optv = calloc(nopts(cl_rules[i]) + 1, sizeof *c->rules[i].optv);
        if (!c->rules[i].optv) abort();
    }
    if (path) {
        c->path = strdup(path);
        if (!c->path) abort();
        char err[512];
        c->src = cl_source_load(path, NULL, 1u << 20, err, sizeof err);
        if (!c->src) {
            cl_span sp = { NULL, 0, 0 };
            cl_diag_add(out, CL_SEV_ERROR, "config-error", sp, "configuration file %s: %s", path, err);
            c->broken = config_failed = 1;
            return c;
        }
        size_t before = out->n;
        c->doc = cl_doc_parse(c->src, NULL, out);
        if (!c->doc) {
            for (size_t i = before; i < out->n; i++) out->v[i].severity = CL_SEV_ERROR;
            c->broken = config_failed = 1;
            return c;
        }
        const cl_node *root = c->doc->root;
        if (root && root->kind != CL_MAP) {
            cfg_error(c, out, root, "the configuration must be a mapping (rules:, select:, ignore:)");
            return c;
        }
        for (uint32_t i = 0; root && i < root->u.m.n; i++) {
            const cl_node *k = root->u.m.items[i].key, *v = root->u.m.items[i].value;
            if (!strcmp(k->u.s.text, "rules")) {
                if (v && v->kind == CL_SCALAR && v->type == CL_T_NULL) continue;
                if (!v || v->kind != CL_MAP) { cfg_error(c, out, v, "'rules' must be a mapping of rule name to setting"); continue; }
                for (uint32_t j = 0; j < v->u.m.n; j++) parse_rule(c, out, v->u.m.items[j].key, v->u.m.items[j].value);
            }
        }
        const cl_node *gate = root ? cl_map_get(root, "fail_on") : NULL;
        if (gate) {
            int en = 1;
            cl_severity sev = CL_SEV_ERROR;
            if (parse_level(gate, &en, &sev, 0) || !en)
                cfg_error(c, out, gate, "'fail_on' must be info, warning or error");
            else c->fail_on = (int)sev;
        }
        /* select/ignore after the per-rule settings, whatever their order in the file */
        const cl_node *sel = root ? cl_map_get(root, "select") : NULL, *ign = root ? cl_map_get(root, "ignore") : NULL;
        if (sel) cfg_list(c, out, sel, "select", 1, 1);
        if (ign) cfg_list(c, out, ign, "ignore", 0, 0);
        for (uint32_t i = 0; root && i < root->u.m.n; i++) {
            const cl_node *k = root->u.m.items[i].key;
            const char *t = k->u.s.text;
            if (strcmp(t, "rules") && strcmp(t, "select") && strcmp(t, "ignore") && strcmp(t, "fail_on")) {
                static const char *const keys[] = { "rules", "select", "ignore", "fail_on", NULL };
                const char *s = cl_suggest_prefix(t, keys, cl_suggest_strv, 3);
                if (s) cfg_error(c, out, k, "unknown configuration key '%s' (did you mean '%s'?)", t, s);
                else cfg_error(c, out, k, "unknown configuration key '%s' (expected rules, select, ignore or fail_on)", t);
            }
        }
    }
    cli_list(c, out, o->select, o->nselect, "--select", 1);
    cli_list(c, out, o->ignore, o->nignore, "--ignore", 0);
    return c;
}

/* The nearest .compose-lint.yaml (or .yml) from FILE's folder up to the root. */
static char *find_config(const char *file)
{
    char dir[PATH_MAX];
    struct stat st;
    const char *slash = strrchr(file, '/');
    if (slash && stat(file, &st) == 0) {
        size_t n = (size_t)(slash - file);
        if (n == 0) n = 1;
        if (n >= sizeof dir) return NULL;
        memcpy(dir, file, n);
        dir[n] = 0;
    } else {
        strcpy(dir, ".");
    }
    char real[PATH_MAX];
    if (!realpath(dir, real)) return NULL;
    for (;;) {
        static const char *names[] = { ".compose-lint.yaml", ".compose-lint.yml" };
        for (int i = 0; i < 2; i++) {
            char cand[PATH_MAX + 32];
            snprintf(cand, sizeof cand, "%s/%s", strcmp(real, "/") ? real : "", names[i]);
            if (stat(cand, &st) == 0 && S_ISREG(st.st_mode)) {
                char *r = strdup(cand);
                if (!r) abort();
                return r;
            }
        }
        char *s = strrchr(real, '/');
        if (!s || !strcmp(real, "/")) return NULL;
        if (s == real) s[1] = 0; else *s = 0;
    }
}

const cl_config *cl_config_for(const cl_config_opts *o, const char *file, cl_diags *out)
{
    static int registered;
    char *path = o->defaults_only ? NULL : o->config_file ? strdup(o->config_file) : find_config(file ? file : ".");
    if (o->config_file && !o->defaults_only && !path) abort();
    pthread_mutex_lock(&lock);
    if (!registered) { atexit(cl_config_reset); registered = 1; }
    for (size_t i = 0; i < ncache; i++) {
        const char *cp = cache[i]->path;
        if ((!cp && !path) || (cp && path && !strcmp(cp, path))) {
            pthread_mutex_unlock(&lock);
            free(path);
            return cache[i];
        }
    }
    cl_config *c = load(o, path, out);
    free(path);
    cache = realloc(cache, (ncache + 1) * sizeof *cache);
    if (!cache) abort();
    cache[ncache++] = c;
    pthread_mutex_unlock(&lock);
    return c;
}

int cl_config_fail_on(void)
{
    pthread_mutex_lock(&lock);
    int f = -1;
    for (size_t i = 0; i < ncache; i++)
        if (cache[i]->fail_on >= 0 && (f < 0 || cache[i]->fail_on < f)) f = cache[i]->fail_on;
    pthread_mutex_unlock(&lock);
    return f;
}

/* ---- findings the configuration excludes ---- */

const char *cl_diag_service(const cl_doc *doc, const cl_diag *g, size_t *len)
{
    const cl_node *svcs = doc && doc->root && doc->root->kind == CL_MAP ? cl_map_get(doc->root, "services") : NULL;
    if (svcs && svcs->kind == CL_MAP && cl_diag_src(g) == doc->src) {
        for (uint32_t i = 0; i < svcs->u.m.n; i++) {
            const cl_pair *p = &svcs->u.m.items[i];
            if (p->merged || p->key->kind != CL_SCALAR) continue;
            cl_span ks = cl_node_span(p->key), vs = cl_node_span(p->value);
            uint32_t end = vs.src == doc->src && vs.end > ks.end ? vs.end : ks.end;
            if (ks.src == doc->src && cl_diag_span(g).start >= ks.start && cl_diag_span(g).start < end) {
                *len = p->key->u.s.len;
                return p->key->u.s.text;
            }
        }
    }
    const char *path = cl_diag_path(g);
    if (path && !strncmp(path, "services.", 9) && path[9]) {
        *len = strcspn(path + 9, ".[");
        return path + 9;
    }
    return NULL;
}

const cl_exclusion *cl_config_excludes(const cl_config *cfg, const cl_doc *doc, const cl_diag *g)
{
    int idx = cl_diag_code(g) ? cl_rule_index(cl_diag_code(g), strlen(cl_diag_code(g))) : -1;
    if (idx < 0 || cfg->broken) return NULL;
    const cl_rule_conf *rc = &cfg->rules[idx];
    if (!rc->nsvc && !rc->nfiles) return NULL;
    size_t len;
    const char *svc = cl_diag_service(doc, g, &len);
    if (svc) {
        for (size_t i = 0; i < rc->nsvc; i++)
            if (strlen(rc->svc[i].name) == len && !memcmp(rc->svc[i].name, svc, len)) return &rc->svc[i];
        return NULL;
    }
    if (!rc->nfiles || !cl_diag_src(g)) return NULL;
    char real[PATH_MAX];
    const char *path = realpath(cl_diag_src(g)->path, real) ? real : cl_diag_src(g)->path;
    for (size_t i = 0; i < rc->nfiles; i++)
        if (!strcmp(rc->files[i].name, path)) return &rc->files[i];
    return NULL;
}

void cl_suppressions_free(cl_suppressions *s)
{
    cl_diags d = { malloc((s->n ? s->n : 1) * sizeof(cl_diag)), 0, s->n };
    if (!d.v) abort();
    for (size_t i = 0; i < s->n; i++) {
        d.v[d.n++] = s->v[i].diag;
        free(s->v[i].why);
    }
    cl_diags_free(&d);
    free(s->v);
    s->v = NULL;
    s->n = s->cap = 0;
}

static void supp_push(cl_suppressions *s, cl_suppressed x)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        s->v = realloc(s->v, s->cap * sizeof *s->v);
        if (!s->v) abort();
    }
    s->v[s->n++] = x;
}

void cl_suppressions_move(cl_suppressions *dst, cl_suppressions *src)
{
    for (size_t i = 0; i < src->n; i++) supp_push(dst, src->v[i]);
    free(src->v);
    src->v = NULL;
    src->n = src->cap = 0;
}

void cl_suppressions_take(cl_diags *d, cl_suppressions *s, int in_source,
                          int (*pick)(const cl_diag *g, void *ctx, cl_buf *why), void *ctx)
{
    cl_suppressions drop = { NULL, 0, 0 };
    cl_buf why;
    cl_buf_init(&why);
    size_t k = 0;
    for (size_t i = 0; i < d->n; i++) {
        why.len = 0;
        if (!pick(&d->v[i], ctx, &why)) { d->v[k++] = d->v[i]; continue; }
        char *w = NULL;
        if (why.len && !(w = strdup(cl_buf_cstr(&why)))) abort();
        supp_push(s ? s : &drop, (cl_suppressed){ d->v[i], in_source, w });
    }
    d->n = k;
    cl_buf_free(&why);
    cl_suppressions_free(&drop);
}

void cl_suppressions_filter(cl_suppressions *s, int (*keep)(const cl_diag *g, void *ctx), void *ctx)
{
    cl_suppressions gone = { NULL, 0, 0 };
    size_t k = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (keep(&s->v[i].diag, ctx)) s->v[k++] = s->v[i];
        else supp_push(&gone, s->v[i]);
    }
    s->n = k;
    cl_suppressions_free(&gone);
}
