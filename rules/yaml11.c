/* yaml11.c - YAML 1.1 surprises: plain values that a YAML 1.1 reader (PyYAML,
 * docker-compose v1, many YAML 1.1 based tools) reads differently from the
 * YAML 1.2 core schema. Each fix quotes the value, a byte edit on its span:
 *   CL112 yaml11-boolean     yes/no/on/off/y/n (any case form) as a plain value
 *   CL113 yaml11-base60-port plain "22:22"-like port mappings (base-60 integers)
 *   CL114 yaml11-octal-mode  plain "mode: 0755" (octal in 1.1, decimal 755 in 1.2)
 * The walk visits every node once, where it is written (alias targets once,
 * merged pairs at their source): each service on its own, then the rest. */
#include <string.h>
#include "rulekit.h"
#include "../parser/strmap.h"

typedef void (*visit_fn)(cl_rule_ctx *ctx, const cl_node *n, const char *key);

typedef struct walker { cl_rule_ctx *ctx; visit_fn fn; cl_strmap seen; } walker;

/* Is N written here, as a child of PARENT (whose items are ITEMS, when a
 * sequence), rather than reached through an alias? An alias target is always
 * written before its aliases, so an alias site sees a span that starts
 * before the key (mapping) or outside the sequence. So each target is
 * visited where it is written, by whichever walk (one service, or the rest of
 * the document) covers that place. */
static int written_here(const cl_node *n, const cl_node *parent, const cl_node *key)
{
    if (!(n->flags & CL_NF_ALIASED) || !parent) return 1;
    if (n->src != parent->src) return 0;
    if (key) return key->src == n->src && n->start >= key->end;
    return n->start >= parent->start && n->end <= parent->end;
}

static void walk(walker *w, const cl_node *n, const cl_node *parent, const cl_node *keynode, const char *key)
{
    if (!n || !written_here(n, parent, keynode)) return;
    if (n->flags & CL_NF_ALIASED) {
        int added;
        cl_strmap_put(&w->seen, (const char *)&n, sizeof n, NULL, 0, &added);
        if (!added) return;
    }
    if (n->kind == CL_SCALAR) { w->fn(w->ctx, n, key); return; }
    if (n->kind == CL_SEQ)
        for (uint32_t i = 0; i < n->u.q.n; i++) walk(w, n->u.q.items[i], n, NULL, key);
    else if (n->kind == CL_MAP)
        for (uint32_t i = 0; i < n->u.m.n; i++) {
            const cl_pair *p = &n->u.m.items[i];
            if (!p->merged) walk(w, p->value, n, p->key, rk_str(p->key));
        }
}

/* The document but the services, which walk_service covers one by one when
 * `services` is a mapping (so the engine hands them on). */
static void walk_doc(cl_rule_ctx *ctx, visit_fn fn)
{
    walker w = { ctx, fn, { 0 } };
    cl_strmap_init(&w.seen);
    const cl_node *root = ctx->root;
    if (root && root->kind == CL_MAP) {
        for (uint32_t i = 0; i < root->u.m.n; i++) {
            const cl_pair *p = &root->u.m.items[i];
            if (p->merged) continue;
            if (cl_scalar_is(p->key, "services") && p->value && p->value->kind == CL_MAP) continue;
            walk(&w, p->value, root, p->key, rk_str(p->key));
        }
    } else {
        walk(&w, root, NULL, NULL, NULL);
    }
    cl_strmap_free(&w.seen);
}

static void walk_service(cl_rule_ctx *ctx, const cl_node *name, const cl_node *service, visit_fn fn)
{
    walker w = { ctx, fn, { 0 } };
    cl_strmap_init(&w.seen);
    walk(&w, service, name, name, rk_str(name));
    cl_strmap_free(&w.seen);
}

static int plain_here(const cl_rule_ctx *ctx, const cl_node *n)
{
    return n->style == CL_PLAIN && !(n->flags & CL_NF_TAGGED) && n->src == ctx->doc->src;
}

/* ---- CL112 ---- */
static const char *const yaml11_bools[] = {
    "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
    "on", "On", "ON", "off", "Off", "OFF", NULL
};

static void visit_bool(cl_rule_ctx *ctx, const cl_node *n, const char *key)
{
    (void)key;
    if (n->u.s.len > 3 || !plain_here(ctx, n)) return;     /* the longest is "off" */
    for (const char *const *b = yaml11_bools; *b; b++) {
        if (strcmp(n->u.s.text, *b)) continue;
        int truthy = strchr("yYoO", (*b)[0]) && rk_ieq(*b, "off") == 0;
        cl_diag *g = cl_rule_report(ctx, n, "plain '%s' is the boolean %s in YAML 1.1 (what docker-compose v1 and "
                                    "many tools read) but the string '%s' in YAML 1.2: quote it to say which you mean",
                                    *b, truthy ? "true" : "false", *b);
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
static void visit_mode(cl_rule_ctx *ctx, const cl_node *n, const char *key)
{
    if (!key || strcmp(key, "mode") || !plain_here(ctx, n)) return;
    const char *s = n->u.s.text;
    if (s[0] != '0' || !s[1] || strspn(s, "01234567") != strlen(s)) return;
    cl_diag *g = cl_rule_report(ctx, n, "unquoted file mode %s is octal in YAML 1.1 but the decimal number %s "
                                "in YAML 1.2, so readers disagree on the permissions: quote it (\"%s\") so it "
                                "is read as an octal string", s, s + strspn(s, "0"), s);
    rk_fix_quote(g, n, "quote the file mode");
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
    .summary = "A plain yes/no/on/off/y/n value means a boolean to YAML 1.1 readers and a string to YAML 1.2",
    .rationale = "YAML 1.1 reads yes, no, on, off, y and n (in any of their case forms) as booleans; YAML 1.2 "
                 "reads them as strings. Compose files meet both kinds of reader, so 'restart: no' or "
                 "'DEBUG: on' mean different things to different tools (and a boolean where compose expects a "
                 "string is an error). Quoting says 'string' to every reader.",
    .bad_example = "services:\n  app:\n    image: app:1\n    restart: no\n",
    .good_example = "services:\n  app:\n    image: app:1\n    restart: \"no\"\n",
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
    .summary = "An unquoted file mode with a leading 0 is octal in YAML 1.1 but decimal in YAML 1.2",
    .rationale = "'mode: 0440' is 288 (octal 440) to a YAML 1.1 reader and 440 to a YAML 1.2 reader: the "
                 "permissions depend on the tool. Compose accepts the mode as a string and reads it as octal, "
                 "so quoting it gives the same permissions everywhere.",
    .bad_example = "services:\n  app:\n    image: app:1\n    secrets:\n      - source: key\n        mode: 0440\n"
                   "secrets:\n  key:\n    file: ./key\n",
    .good_example = "services:\n  app:\n    image: app:1\n    secrets:\n      - source: key\n        mode: \"0440\"\n"
                    "secrets:\n  key:\n    file: ./key\n",
    .options = NULL, .fix = CL_FIX_SAFE, .check = check_mode, .check_service = service_mode,
};
