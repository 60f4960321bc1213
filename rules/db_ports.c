/* db_ports.c - CL209 database-port-exposed: a well-known database port is
 * published on every host interface. Unsafe fix for the short form: bind
 * it to 127.0.0.1. */
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

/* Unsafe fix: "5432:5432" -> "127.0.0.1:5432:5432" when the bytes are the text as written. */
static void fix_loopback(cl_diag *g, const cl_node *it)
{
    if (!g || it->kind != CL_SCALAR || !it->src) return;
    uint32_t at = it->start + (it->style == CL_SQUOTE || it->style == CL_DQUOTE ? 1 : 0);
    if (it->style > CL_DQUOTE || at + it->u.s.len > it->src->len ||
        memcmp(it->src->data + at, it->u.s.text, it->u.s.len)) return;
    cl_edit e = { at, at, (char *)"127.0.0.1:" };
    cl_diag_set_fix(g, "publish the port on 127.0.0.1 only", 0, &e, 1);
}

static void check(cl_rule_ctx *ctx, const cl_node *name, const cl_node *service)
{
    const char *svc = rk_str(name);
    const cl_node *ports = cl_map_get(service, "ports");
    if (!svc || !rk_is_seq(ports)) return;
    for (uint32_t k = 0; k < ports->u.q.n; k++) {
        const cl_node *it = ports->u.q.items[k];
        rk_port p;
        unsigned port = 0;
        const char *db;
        if (!rk_port_parse(it, &p) || !rk_ip_is_any(p.ip) || !(db = db_of(p.tgt_lo, p.tgt_hi, &port))) continue;
        cl_diag *g = cl_rule_report(ctx, it, "service '%s' publishes %s port %u on every host interface, so "
                                    "the database is reachable from the network: bind it to 127.0.0.1 "
                                    "(\"127.0.0.1:%u:%u\") or drop the mapping if only other services use it",
                                    svc, db, port, p.pub_lo ? p.pub_lo : port, port);
        if (it->kind == CL_SCALAR && p.pub_lo && !p.ip[0]) fix_loopback(g, it);
    }
}

const cl_rule cl_rule_database_port_exposed = {
    .code = "CL209", .name = "database-port-exposed", .category = CL_CAT_SECURITY,
    .severity = CL_SEV_WARNING, .enabled = 1,
    .summary = "A database port (5432, 3306, 27017, 6379, 9200...) is published on all interfaces",
    .rationale = "Publishing a port without a host IP binds it on every interface, and Docker's iptables "
                 "rules bypass host firewalls such as ufw: the database is on the network, often with "
                 "default credentials. Services in the same project reach it over the project network "
                 "without any published port; for access from the host, bind to 127.0.0.1. Ports checked: "
                 "5432, 3306, 27017-27019, 6379, 9200, 9300, 1433, 5984, 11211, 1521, 9042, 7687, 8086, "
                 "26257, 2379, 8529, 28015, 8123 (container side).",
    .bad_example = "services:\n  db:\n    image: postgres:16\n    ports: [\"5432:5432\"]\n",
    .good_example = "services:\n  db:\n    image: postgres:16\n    ports: [\"127.0.0.1:5432:5432\"]\n",
    .options = NULL, .fix = CL_FIX_UNSAFE, .check_service = check,
};
