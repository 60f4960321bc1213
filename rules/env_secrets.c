/* env_secrets.c - CL208 literal-secret-in-environment: an environment
 * variable whose name says it holds a secret (PASSWORD, TOKEN, SECRET, KEY...)
 * is given a literal value in the file. The value is never printed. */
#include <string.h>
#include "rulekit.h"
#include "../parser/secrets.h"

/* 1 when the variable NAME (LEN bytes) with value S (the node V, or NULL) is a
 * literal secret: a secret-looking name with a literal value, or a value that is
 * a credential whatever its name (a private key, a well-known token prefix, a
 * password inside a URL: parser/secrets.h). */
static int literal_value(const cl_node *v, const char *s, size_t n);
static int literal_secret(const char *name, size_t len, const cl_node *v, const char *s)
{
    size_t n = strlen(s);
    if (!literal_value(v, s, n)) return 0;
    return cl_secret_name(name, len, CL_SECRET_REPORT) || cl_secret_value(s, n);
}

/* 1 when VALUE is a literal that should not be in the file. */
static int literal_value(const cl_node *v, const char *s, size_t n)
{
    if (!n || rk_interpolated(s)) return 0;
    if (v && v->kind == CL_SCALAR && v->style == CL_PLAIN && (v->type == CL_T_BOOL || v->type == CL_T_NULL)) return 0;
    if (!strncmp(s, "/run/secrets/", 13)) return 0;
    static const char *const flags[] = { "true", "false", "yes", "no", "on", "off", "0", "1", NULL };
    for (const char *const *f = flags; *f; f++) if (rk_ieq(s, *f)) return 0;   /* a switch, not a secret */
    return 1;
}

static void check(cl_rule_ctx *ctx, const cl_node *name, const cl_node *service)
{
    const char *svc = rk_str(name);
    const cl_node *env = cl_map_get(service, "environment");
    if (!svc) return;
    const char *fmt = "service '%s' sets %.*s to a literal value in the compose file, where everyone with "
                      "the repository can read it: use a secret (secrets:), or interpolate it from the "
                      "environment (${%.*s})";
    if (rk_is_map(env)) {
        for (uint32_t k = 0; k < env->u.m.n; k++) {
            const cl_node *key = env->u.m.items[k].key, *val = env->u.m.items[k].value;
            const char *var = rk_str(key), *s = rk_str(val);
            if (!var || !s || !literal_secret(var, strlen(var), val, s)) continue;
            int n = (int)strlen(var);
            cl_rule_report(ctx, key, fmt, svc, n, var, n, var);
        }
    } else if (rk_is_seq(env)) {
        for (uint32_t k = 0; k < env->u.q.n; k++) {
            const char *s = rk_str(env->u.q.items[k]);
            const char *eq = s ? strchr(s, '=') : NULL;
            if (!eq || !literal_secret(s, (size_t)(eq - s), NULL, eq + 1)) continue;
            int n = (int)(eq - s);
            cl_rule_report(ctx, env->u.q.items[k], fmt, svc, n, s, n, s);
        }
    }
}

const cl_rule cl_rule_literal_secret_in_environment = {
    .code = "CL208", .name = "literal-secret-in-environment", .category = CL_CAT_SECURITY,
    .severity = CL_SEV_WARNING, .enabled = 1,
    .summary = "A variable named like a secret (PASSWORD, TOKEN, SECRET, KEY...) has a literal value",
    .rationale = "Compose files live in repositories, CI logs and 'docker inspect' output; a password written "
                 "in them is a leaked password. Pass it with secrets: (mounted as a file, e.g. for the "
                 "*_FILE variables most official images read) or interpolate it from the environment or an "
                 "untracked .env file. Names are split at _ - . and a part equal to PASSWORD, PASSWD, PASS, "
                 "PWD, SECRET, TOKEN, KEY, APIKEY, CREDENTIAL(S), PASSPHRASE (or ending with PASSWORD, "
                 "SECRET, TOKEN...) marks a secret, unless the last part says it is a reference "
                 "(..._FILE, _PATH, _ID, _NAME, _USER, _URL...). A value that is itself a credential (a private key, "
                 "a token with a well-known prefix such as ghp_ or AKIA, a password inside a URL) is reported "
                 "whatever the variable is called. Empty values, ${VAR} references, "
                 "flag values (true/false/yes/no/on/off/0/1), /run/secrets/ paths, and switches such as "
                 "MYSQL_ALLOW_EMPTY_PASSWORD or MYSQL_RANDOM_ROOT_PASSWORD are fine. The value is never printed.",
    .bad_example = "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: hunter2\n",
    .good_example = "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?}\n",
    .options = NULL, .fix = CL_FIX_NONE, .check_service = check,
};
