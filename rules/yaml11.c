/* yaml11.c - YAML 1.1 surprises: plain values that readers of compose files
 * read differently. Measured (docker 28.2.2, PyYAML 6, the YAML 1.2 core):
 *   plain    go-yaml v3 (docker compose, docker stack)  PyYAML (1.1)  YAML 1.2 core
 *   yes/on   string (compose-go casts it in a boolean   true          string
 *            field; docker stack refuses it there)
 *   0444     292 (legacy octal)                         292           444
 *   0o444    292                                        "0o444"       292
 *   22:22    "22:22"                                    1342          "22:22"
 * Each fix writes what every reader reads the same and docker accepts:
 *   CL112 yaml11-boolean     yes/no/on/off/y/n: true/false in a compose-spec
 *                            boolean field, the value quoted elsewhere
 *   CL113 yaml11-base60-port plain "22:22"-like port mappings: quoted
 *   CL114 yaml11-octal-mode  plain "mode: 0755" / "mode: 0o755": the decimal
 *                            number (493), the same to every reader
 * The walk visits every node once, where it is written (alias targets once,
 * merged pairs at their source): each service on its own, then the rest. */
#include <stdio.h>
#include <string.h>
#include "rulekit.h"
#include "../model/values.h"
#include "../parser/strmap.h"

/* Where a visited value sits: directly in a service's mapping, or inside a
 * map of strings (environment, labels, ...) at any depth. */
enum { AT_SERVICE = 1u << 0, IN_STRINGS = 1u << 1 };
typedef void (*visit_fn)(cl_rule_ctx *ctx, const cl_node *n, const char *key, unsigned where);

typedef struct walker { cl_rule_ctx *ctx; visit_fn fn; cl_strmap seen; int service; } walker;

/* Keys whose values are maps or lists of strings, not compose fields. */
static int string_map(const char *key)
{
    static const char *const keys[] = { "environment", "labels", "annotations", "sysctls", "args", "driver_opts",
                                        "options", "extra_hosts", "build_args", NULL };
    if (!key) return 0;
    if (!strncmp(key, "x-", 2)) return 0;      /* extensions often hold fields merged in by anchors */
    for (const char *const *k = keys; *k; k++) if (key[0] == (*k)[0] && !strcmp(key, *k)) return 1;
    return 0;
}

/* Is N written here, as a child of PARENT (whose items are ITEMS, when a
 * sequence), rather than reached through an alias? An alias target is always
 * written before its aliases, so an alias site sees a span that starts
 * before the key (mapping) or outside the sequence. So each target is
 * visited where it is written, by whichever walk (one service, or the rest of
 * the document) covers that place. */
static int written_here(const cl_node *n, const cl_node *parent, const cl_node *key)
{
    if (!(n->flags & CL_NF_ALIASED) || !parent) return 1;
    if (cl_node_src(n) != cl_node_src(parent)) return 0;
    if (key) return cl_node_src(key) == cl_node_src(n) && n->start >= key->end;
    return n->start >= parent->start && n->end <= parent->end;
}

/* DEPTH: how deep N is below the walk's start (a service's values are at 1). */
static void walk(walker *w, const cl_node *n, const cl_node *parent, const cl_node *keynode, const char *key,
                 int depth, unsigned where)
{
    if (!n || !written_here(n, parent, keynode)) return;
    if (n->flags & CL_NF_ALIASED) {
        int added;
        cl_strmap_put(&w->seen, (const char *)&n, sizeof n, NULL, 0, &added);
        if (!added) return;
    }
    if (w->service && depth == 1) where |= AT_SERVICE;
    else where &= ~AT_SERVICE;
    if (n->kind == CL_SCALAR) { w->fn(w->ctx, n, key, where); return; }
    if (depth > 0 && string_map(key)) where |= IN_STRINGS;
    if (n->kind == CL_SEQ)
        for (uint32_t i = 0; i < n->u.q.n; i++) walk(w, n->u.q.items[i], n, NULL, key, depth + 1, where);
    else if (n->kind == CL_MAP)
        for (uint32_t i = 0; i < n->u.m.n; i++) {
            const cl_pair *p = &n->u.m.items[i];
            if (!p->merged) walk(w, p->value, n, p->key, rk_str(p->key), depth + 1, where);
        }
}

/* The document but the services, which walk_service covers one by one when
 * `services` is a mapping (so the engine hands them on). */
static void walk_doc(cl_rule_ctx *ctx, visit_fn fn)
{
    walker w = { ctx, fn, { 0 }, 0 };
    cl_strmap_init(&w.seen);
    const cl_node *root = ctx->root;
    if (root && root->kind == CL_MAP) {
        for (uint32_t i = 0; i < root->u.m.n; i++) {
            const cl_pair *p = &root->u.m.items[i];
            if (p->merged) continue;
            if (cl_scalar_is(p->key, "services") && p->value && p->value->kind == CL_MAP) continue;
            walk(&w, p->value, root, p->key, rk_str(p->key), 1, 0);
        }
    } else {
        walk(&w, root, NULL, NULL, NULL, 0, 0);
    }
    cl_strmap_free(&w.seen);
}

static void walk_service(cl_rule_ctx *ctx, const cl_node *name, const cl_node *service, visit_fn fn)
{
    walker w = { ctx, fn, { 0 }, 1 };
    cl_strmap_init(&w.seen);
    walk(&w, service, name, name, rk_str(name), 0, 0);
    cl_strmap_free(&w.seen);
}

static int plain_here(const cl_rule_ctx *ctx, const cl_node *n)
{
    return n->style == CL_PLAIN && !(n->flags & CL_NF_TAGGED) && cl_node_src(n) == ctx->doc->src;
}

/* ---- CL112 ---- */
static const char *const yaml11_bools[] = {
    "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
    "on", "On", "ON", "off", "Off", "OFF", NULL
};

/* A fix replacing scalar N's bytes with TEXT. */
static void fix_replace(cl_diag *g, const cl_node *n, const char *text, const char *description)
{
    if (!g || !cl_node_src(n) || n->end - n->start != n->u.s.len || n->end > cl_node_src(n)->len) return;
    cl_edit e = { n->start, n->end, (char *)text };
    cl_diag_set_fix(g, description, 1, &e, 1);
}

static void visit_bool(cl_rule_ctx *ctx, const cl_node *n, const char *key, unsigned where)
{
    if (n->u.s.len > 3 || !plain_here(ctx, n)) return;     /* the longest is "off" */
    for (const char *const *b = yaml11_bools; *b; b++) {
        if (n->u.s.text[0] != (*b)[0] || strcmp(n->u.s.text, *b)) continue;   /* most differ at once */
        int truthy = strchr("yYoO", (*b)[0]) && rk_ieq(*b, "off") == 0;
        if (!(where & IN_STRINGS) && cl_val_bool_field(key, (where & AT_SERVICE) != 0)) {
            cl_diag *g = cl_rule_report(ctx, n, "plain '%s' in the boolean field '%s' is the string '%s' to go-yaml v3 "
                                        "(docker stack refuses it: must be a boolean; docker compose casts it to %s) "
                                        "and to YAML 1.2, the boolean %s to YAML 1.1 (PyYAML): write %s",
                                        *b, key, *b, truthy ? "true" : "false", truthy ? "true" : "false",
                                        truthy ? "true" : "false");
            fix_replace(g, n, truthy ? "true" : "false", "write the boolean every reader and docker stack accept");
            return;
        }
        cl_diag *g = cl_rule_report(ctx, n, "plain '%s' is the boolean %s to YAML 1.1 readers (PyYAML, docker-compose "
                                    "v1) but the string '%s' to go-yaml v3 (docker compose, docker stack) and YAML 1.2: "
                                    "quote it to say which you mean", *b, truthy ? "true" : "false", *b);
        rk_fix_quote(g, n, "quote the value so every YAML reader sees a string");
        return;
    }
}

/* ---- CL113 ---- */
/* YAML 1.1 base-60 integer: [1-9][0-9_]*(:[0-5]?[0-9])+ */
static int sexagesimal(const char *s)
{
    if (*s < '1' || *s > '9') return 0;
    while ((*s >= '0' && *s <= '9') || *s == '_') s++;
    int groups = 0;
    while (*s == ':') {
        s++;
        if (!(*s >= '0' && *s <= '9')) return 0;
        if (s[1] >= '0' && s[1] <= '9') {
            if (*s > '5') return 0;
            s++;
        }
        s++;
        groups++;
    }
    return groups && !*s;
}

static void check_base60(cl_rule_ctx *ctx, const cl_node *name, const cl_node *service)
{
    (void)name;
    const cl_node *ports = cl_map_get(service, "ports");
    if (!rk_is_seq(ports)) return;
    for (uint32_t k = 0; k < ports->u.q.n; k++) {
        const cl_node *it = ports->u.q.items[k];
        if (!it || it->kind != CL_SCALAR || !plain_here(ctx, it) || !sexagesimal(it->u.s.text)) continue;
        cl_diag *g = cl_rule_report(ctx, it, "unquoted port mapping '%s' is a base-60 integer in YAML 1.1 "
                                    "(a single number, not HOST:CONTAINER): quote it", it->u.s.text);
        rk_fix_quote(g, it, "quote the port mapping");
    }
}

/* ---- CL114 ---- */
static void visit_mode(cl_rule_ctx *ctx, const cl_node *n, const char *key, unsigned where)
{
    (void)where;
    if (!key || strcmp(key, "mode") || !plain_here(ctx, n)) return;
    const char *s = n->u.s.text, *digits = s[0] == '0' && s[1] == 'o' ? s + 2 : s + 1;
    if (s[0] != '0' || !*digits || strspn(digits, "01234567") != strlen(digits)) return;
    long long v;
    if (cl_val_mode(n, &v) != CL_VAL_KNOWN) return;
    char dec[32];
    snprintf(dec, sizeof dec, "%lld", v);
    cl_diag *g;
    if (s[1] == 'o')
        g = cl_rule_report(ctx, n, "file mode %s is %s to go-yaml v3 (docker compose, docker stack) and YAML 1.2 but "
                           "the string '%s' to YAML 1.1 (PyYAML): write the decimal %s, which every reader reads the same",
                           s, dec, s, dec);
    else
        g = cl_rule_report(ctx, n, "unquoted file mode %s is octal (%s) to go-yaml v3 (docker compose, docker stack) "
                           "and YAML 1.1 (PyYAML) but the decimal %s to a YAML 1.2 reader, so readers disagree on the "
                           "permissions: write the decimal %s, which every reader reads the same", s, dec,
                           s + strspn(s, "0"), dec);
    fix_replace(g, n, dec, "write the file mode as the decimal number docker reads");
}

static void check_bool(cl_rule_ctx *ctx) { walk_doc(ctx, visit_bool); }
static void check_mode(cl_rule_ctx *ctx) { walk_doc(ctx, visit_mode); }
static void service_bool(cl_rule_ctx *ctx, const cl_node *name, const cl_node *service)
{
    walk_service(ctx, name, service, visit_bool);
}
static void service_mode(cl_rule_ctx *ctx, const cl_node *name, const cl_node *service)
{
    walk_service(ctx, name, service, visit_mode);
}

const cl_rule cl_rule_yaml11_boolean = {
    .code = "CL112", .name = "yaml11-boolean", .category = CL_CAT_CORRECTNESS,
    .severity = CL_SEV_WARNING, .enabled = 1,
    .summary = "A plain yes/no/on/off/y/n value means a boolean to YAML 1.1 readers and a string to go-yaml v3 and YAML 1.2",
    .rationale = "YAML 1.1 readers (PyYAML, docker-compose v1) read yes, no, on, off, y and n (in any of their case "
                 "forms) as booleans; go-yaml v3, which docker compose and docker stack use, and YAML 1.2 read them "
                 "as strings. So 'restart: no' or 'DEBUG: on' mean different things to different tools. In a "
                 "compose-spec boolean field (read_only, privileged, tty, stdin_open, init, external, internal, "
                 "attachable, ...) docker compose casts the string (with a warning) but docker stack refuses it "
                 "('must be a boolean'), and so does it refuse a quoted \"yes\" (measured with docker 28.2.2): "
                 "there the fix writes true or false. Elsewhere (restart, environment values, labels, ...) the "
                 "value is a string, and quoting it says 'string' to every reader.",
    .bad_example = "services:\n  app:\n    image: app:1\n    restart: no\n    read_only: yes\n",
    .good_example = "services:\n  app:\n    image: app:1\n    restart: \"no\"\n    read_only: true\n",
    .options = NULL, .fix = CL_FIX_SAFE, .check = check_bool, .check_service = service_bool,
};

const cl_rule cl_rule_yaml11_base60_port = {
    .code = "CL113", .name = "yaml11-base60-port", .category = CL_CAT_CORRECTNESS,
    .severity = CL_SEV_ERROR, .enabled = 1,
    .summary = "An unquoted HH:MM-looking port mapping is a base-60 number in YAML 1.1",
    .rationale = "YAML 1.1 reads plain digits separated by colons, whose later groups are below 60, as one "
                 "base-60 integer: '22:22' is 1342 to such a reader, not 'host 22 to container 22'. "
                 "Quoting the mapping makes it a string everywhere.",
    .bad_example = "services:\n  ssh:\n    image: sshd:1\n    ports:\n      - 22:22\n",
    .good_example = "services:\n  ssh:\n    image: sshd:1\n    ports:\n      - \"22:22\"\n",
    .options = NULL, .fix = CL_FIX_SAFE, .check_service = check_base60,
};

const cl_rule cl_rule_yaml11_octal_mode = {
    .code = "CL114", .name = "yaml11-octal-mode", .category = CL_CAT_CORRECTNESS,
    .severity = CL_SEV_WARNING, .enabled = 1,
    .summary = "A plain file mode written in octal (0440, 0o440) is not the same number to every YAML reader",
    .rationale = "'mode: 0440' is 288 (octal 440) to go-yaml v3 (docker compose, docker stack) and to YAML 1.1 "
                 "(PyYAML), but 440 to a strict YAML 1.2 reader: the permissions depend on the tool. 'mode: 0o440' "
                 "is 288 to go-yaml v3 and YAML 1.2 but the string '0o440' to PyYAML. Quoting is no way out: "
                 "docker compose reads \"0440\" as octal, but docker stack refuses any string ('mode must be a "
                 "number'). Measured with docker 28.2.2 (docker stack config): 0440 -> 288, 0o440 -> 288, "
                 "\"0440\" refused, 288 -> 288. The decimal number is the one spelling every reader (YAML 1.1, "
                 "YAML 1.2, go-yaml, docker compose and docker stack) reads the same, so the fix writes it.",
    .bad_example = "services:\n  app:\n    image: app:1\n    secrets:\n      - source: key\n        mode: 0440\n"
                   "secrets:\n  key:\n    file: ./key\n",
    .good_example = "services:\n  app:\n    image: app:1\n    secrets:\n      - source: key\n        mode: 288\n"
                    "secrets:\n  key:\n    file: ./key\n",
    .options = NULL, .fix = CL_FIX_SAFE, .check = check_mode, .check_service = service_mode,
};
