/* db_ports.c - ports published on every host interface, read from the
 * normalized, interpolated project (so "${HOST_IP:-127.0.0.1}:8123:8123" is
 * bound to loopback and "${PORT:-8080}:80" is not), one finding per port as
 * written (a range is one finding):
 *   CL209 database-port-exposed       a well-known database port (unsafe fix for
 *                                     the short form: bind it to 127.0.0.1)
 *   CL005 no-unbound-port-interfaces  (dclint's, opt-in) any other port
 * One owner per port: a database port is CL209's finding, and CL005 stays
 * quiet on it, so `--select all` reports it once. Every interface means no
 * host IP, or an explicit 0.0.0.0, :: or [::]. */
#include <stdio.h>
#include <string.h>
#include "rulekit.h"

static const struct { unsigned port; const char *db; } dbs[] = {
    { 5432, "PostgreSQL" }, { 3306, "MySQL/MariaDB" }, { 27017, "MongoDB" }, { 27018, "MongoDB" },
    { 27019, "MongoDB" }, { 6379, "Redis" }, { 9200, "Elasticsearch" }, { 9300, "Elasticsearch" },
    { 1433, "SQL Server" }, { 5984, "CouchDB" }, { 11211, "Memcached" }, { 1521, "Oracle" },
    { 9042, "Cassandra" }, { 7687, "Neo4j" }, { 8086, "InfluxDB" }, { 26257, "CockroachDB" },
    { 2379, "etcd" }, { 8529, "ArangoDB" }, { 28015, "RethinkDB" }, { 8123, "ClickHouse" },
};

static const char *db_of(unsigned lo, unsigned hi, unsigned *port)
{
    for (size_t i = 0; i < sizeof dbs / sizeof dbs[0]; i++)
        if (dbs[i].port >= lo && dbs[i].port <= hi) { *port = dbs[i].port; return dbs[i].db; }
    return NULL;
}

/* One port item as written, published on every interface. */
typedef struct open_port {
    const char *svc;
    const cl_node *at;         /* where to report (a node of the checked file) */
    const cl_node *raw;        /* the item as written in the checked file, or NULL */
    rk_port p;                 /* its interpolated values, ranges joined again */
    const char *db;            /* the database it serves, or NULL */
    unsigned db_port;
} open_port;

/* What both rules rest on. */
#define REFS "References: OWASP Docker Security Cheat Sheet, RULE #5a (be careful when mapping container " \
             "ports to the host with firewalls like UFW); CIS Docker Benchmark v1.6.0, 5.14 (ensure that " \
             "incoming container traffic is bound to a specific host interface; 5.13 in v1.2.0)."

typedef void (*open_fn)(cl_rule_ctx *ctx, const open_port *o);

/* The item of RAW_PORTS (the service's ports as written) that N was read from. */
static const cl_node *raw_item(const cl_rule_ctx *ctx, const cl_node *raw_ports, const cl_node *n)
{
    if (!rk_is_seq(raw_ports) || !n || cl_node_src(n) != ctx->doc->src) return NULL;
    for (uint32_t i = 0; i < raw_ports->u.q.n; i++)
        if (raw_ports->u.q.items[i]->start == n->start) return raw_ports->u.q.items[i];
    return NULL;
}

static void each_open_port(cl_rule_ctx *ctx, open_fn fn)
{
    const cl_node *svcs = rk_services(rk_tree(ctx)), *raw_svcs = rk_services(ctx->root);
    for (uint32_t i = 0; svcs && i < svcs->u.m.n; i++) {
        const char *name = rk_str(svcs->u.m.items[i].key);
        const cl_node *ports = cl_map_get(svcs->u.m.items[i].value, "ports");
        if (!name || !rk_is_seq(ports)) continue;
        const cl_node *raw_ports = cl_map_get(cl_map_get(raw_svcs, name), "ports");
        for (uint32_t k = 0; k < ports->u.q.n;) {
            const cl_node *it = ports->u.q.items[k];
            open_port o = { name, NULL, NULL, { { 0 }, 0, 0, 0, 0, 0 }, NULL, 0 };
            int ok = rk_port_parse(it, &o.p);
            /* a range is normalized into one item per port, all from the same text */
            for (k++; k < ports->u.q.n && cl_node_src(it) && cl_node_src(ports->u.q.items[k]) == cl_node_src(it) &&
                      ports->u.q.items[k]->start == it->start; k++) {
                rk_port q;
                if (ok && rk_port_parse(ports->u.q.items[k], &q)) {
                    if (q.pub_hi > o.p.pub_hi) o.p.pub_hi = q.pub_hi;
                    if (q.tgt_hi > o.p.tgt_hi) o.p.tgt_hi = q.tgt_hi;
                }
            }
            if (!ok || !rk_ip_is_any(o.p.ip)) continue;
            o.raw = raw_item(ctx, raw_ports, it);
            o.at = o.raw ? o.raw : rk_here_or_service(ctx, it, name);
            o.db = db_of(o.p.tgt_lo, o.p.tgt_hi, &o.db_port);
            fn(ctx, &o);
        }
    }
}

/* The number of ':' in S outside ${...} and [...]; *FIRST the first one. */
static int top_colons(const char *s, const char **first)
{
    int n = 0, depth = 0;
    *first = NULL;
    for (; *s; s++) {
        if ((s[0] == '$' && s[1] == '{') || *s == '[') depth++;
        else if ((*s == '}' || *s == ']') && depth) depth--;
        else if (*s == ':' && !depth && !n++) *first = s;
    }
    return n;
}

static int range_text(char *buf, size_t cap, unsigned lo, unsigned hi)
{
    return hi > lo ? snprintf(buf, cap, "%u-%u", lo, hi) : snprintf(buf, cap, "%u", lo);
}

/* The item bound to 127.0.0.1, in a form docker accepts: the text as written
 * with the address put in front ("8080:80" -> "127.0.0.1:8080:80", a lone
 * container port "3100" -> "127.0.0.1::3100", the empty host port keeping it
 * random) or in place of 0.0.0.0/[::]; else built from the interpolated
 * values; `host_ip: 127.0.0.1` for the long syntax. */
static void loopback_form(const open_port *o, char *buf, size_t cap)
{
    if (o->raw && rk_is_map(o->raw)) { snprintf(buf, cap, "host_ip: 127.0.0.1"); return; }
    const char *w = rk_str(o->raw), *colon;
    int n = w ? top_colons(w, &colon) : -1;
    if (w && !o->p.ip[0] && n == 0) { rk_cat(buf, cap, (const char *[]){ "\"127.0.0.1::", w, "\"" }, 3); return; }
    if (w && !o->p.ip[0] && n == 1) { rk_cat(buf, cap, (const char *[]){ "\"127.0.0.1:", w, "\"" }, 3); return; }
    if (w && o->p.ip[0] && n == 2 && !rk_interpolated(w)) { rk_cat(buf, cap, (const char *[]){ "\"127.0.0.1", colon, "\"" }, 3); return; }
    char pub[24] = "", tgt[24];
    if (o->p.pub_lo) range_text(pub, sizeof pub, o->p.pub_lo, o->p.pub_hi);
    range_text(tgt, sizeof tgt, o->p.tgt_lo, o->p.tgt_hi);
    static const char *const proto[] = { "", "/udp", "/sctp" };
    snprintf(buf, cap, "\"127.0.0.1:%s:%s%s\"", pub, tgt, proto[o->p.proto]);
}

/* The port as written (or as the project has it, when written elsewhere). */
static const char *port_text(const open_port *o, char *buf, size_t cap)
{
    const char *w = rk_str(o->raw);
    if (w) return w;
    char tgt[24];
    range_text(tgt, sizeof tgt, o->p.tgt_lo, o->p.tgt_hi);
    if (!o->p.pub_lo) snprintf(buf, cap, "%s", tgt);
    else {
        char pub[24];
        range_text(pub, sizeof pub, o->p.pub_lo, o->p.pub_hi);
        snprintf(buf, cap, "%s:%s", pub, tgt);
    }
    return buf;
}

/* The findings' document path: "services.SVC.ports" in PATH (512 bytes). */
static const char *ports_path(char *path, const char *svc)
{
    rk_cat(path, 512, (const char *[]){ "services.", svc, ".ports" }, 3);
    return path;
}

/* Unsafe fix: "5432:5432" -> "127.0.0.1:5432:5432" and "5432" -> "127.0.0.1::5432"
 * when the item is a literal short form without an address, its bytes the text as written. */
static void fix_loopback(cl_diag *g, const cl_node *it)
{
    rk_port p;
    if (!g || !it || it->kind != CL_SCALAR || !cl_node_src(it) || !rk_port_parse(it, &p) || p.ip[0]) return;
    uint32_t at = it->start + (it->style == CL_SQUOTE || it->style == CL_DQUOTE ? 1 : 0);
    if (it->style > CL_DQUOTE || at + it->u.s.len > cl_node_src(it)->len ||
        memcmp(cl_node_src(it)->data + at, it->u.s.text, it->u.s.len)) return;
    int plain_int = it->style == CL_PLAIN && !strchr(it->u.s.text, ':');
    if (plain_int) return;      /* `- 6379` would have to become a string: left to the reader */
    cl_edit e = { at, at, (char *)(p.pub_lo ? "127.0.0.1:" : "127.0.0.1::") };
    cl_diag_set_fix(g, "publish the port on 127.0.0.1 only", 0, &e, 1);
}

static void database(cl_rule_ctx *ctx, const open_port *o)
{
    if (!o->db) return;
    char fix[160], path[512];
    loopback_form(o, fix, sizeof fix);
    cl_diag *g = cl_rule_report_path(ctx, o->at, ports_path(path, o->svc), "service '%s' publishes %s port %u on every "
                                     "host interface, so the database is reachable from the network: bind it to "
                                     "127.0.0.1 (%s) or drop the mapping if only other services use it",
                                     o->svc, o->db, o->db_port, fix);
    fix_loopback(g, o->raw);
}

static void unbound(cl_rule_ctx *ctx, const open_port *o)
{
    if (o->db) return;          /* database-port-exposed's finding */
    char fix[160], text[64], path[512];
    const char *w = o->raw && !rk_is_map(o->raw) ? rk_str(o->raw) : NULL, *colon;
    int n = w && !o->p.ip[0] ? top_colons(w, &colon) : -1;
    /* the address as the port written behind "127.0.0.1:" in the format: the
     * finding keeps the port as a reference to its text (10,000 services'
     * "127.0.0.1:20000:8080" were 0.2 MB of its blocks) */
    if (n == 1) {
        cl_rule_report_path(ctx, o->at, ports_path(path, o->svc), "service '%s' publishes port '%s' on every interface: "
                            "bind it to an address (\"127.0.0.1:%s\")", o->svc, w, w);
        return;
    }
    if (n == 0) {
        cl_rule_report_path(ctx, o->at, ports_path(path, o->svc), "service '%s' publishes port '%s' on every interface: "
                            "bind it to an address (\"127.0.0.1::%s\")", o->svc, w, w);
        return;
    }
    loopback_form(o, fix, sizeof fix);
    cl_rule_report_path(ctx, o->at, ports_path(path, o->svc), "service '%s' publishes port '%s' on every interface: "
                        "bind it to an address (%s)", o->svc, port_text(o, text, sizeof text), fix);
}

static void check_database(cl_rule_ctx *ctx) { each_open_port(ctx, database); }
static void check_unbound(cl_rule_ctx *ctx) { each_open_port(ctx, unbound); }

const cl_rule cl_rule_database_port_exposed = {
    .code = "CL209", .name = "database-port-exposed", .category = CL_CAT_SECURITY,
    .severity = CL_SEV_WARNING, .enabled = 1,
    .summary = "A database port (5432, 3306, 27017, 6379, 9200...) is published on all interfaces",
    .rationale = "Publishing a port without a host IP binds it on every interface, and Docker's iptables "
                 "rules bypass host firewalls such as ufw: the database is on the network, often with "
                 "default credentials. Services in the same project reach it over the project network "
                 "without any published port; for access from the host, bind to 127.0.0.1. Ports checked: "
                 "5432, 3306, 27017-27019, 6379, 9200, 9300, 1433, 5984, 11211, 1521, 9042, 7687, 8086, "
                 "26257, 2379, 8529, 28015, 8123 (container side). Every interface means no host IP or an "
                 "explicit 0.0.0.0, :: or [::]; the interpolated value counts, so "
                 "\"${HOST_IP:-127.0.0.1}:5432:5432\" is bound to loopback. A database port is this rule's "
                 "finding only: no-unbound-port-interfaces (CL005) stays quiet on it. "
                 REFS,
    .bad_example = "services:\n  db:\n    image: postgres:16\n    ports: [\"5432:5432\"]\n",
    .good_example = "services:\n  db:\n    image: postgres:16\n    ports: [\"127.0.0.1:5432:5432\"]\n",
    .options = NULL, .fix = CL_FIX_UNSAFE, .check = check_database, .needs_project = 1,
};

const cl_rule cl_rule_no_unbound_port_interfaces = {
    .code = "CL005", .name = "no-unbound-port-interfaces", .category = CL_CAT_SECURITY,
    .severity = CL_SEV_WARNING, .enabled = 0,
    .summary = "A published port without a host address listens on all interfaces.",
    .rationale = "`\"8080:80\"` publishes on 0.0.0.0 (and bypasses ufw/firewalld rules through Docker's "
        "own iptables chains), so a service meant for the local machine is reachable from the network. "
        "Naming the address (`127.0.0.1:8080:80`; a container port alone, `\"3100\"`, becomes "
        "`127.0.0.1::3100`, its host port still random) makes exposure a decision. An explicit 0.0.0.0, "
        ":: or [::] is every interface too; the interpolated value counts, so "
        "`\"${HOST_IP:-127.0.0.1}:8123:8123\"` is bound. Database ports are left to "
        "database-port-exposed (CL209), which reports them with the database named: one finding per "
        "port. Off by default (most development stacks publish on all interfaces on purpose). " REFS,
    .bad_example = "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"8080:80\"\n",
    .good_example = "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"127.0.0.1:8080:80\"\n",
    .fix = CL_FIX_NONE,
    .check = check_unbound, .needs_project = 1,
};
