/* env_secrets.c - CL208 literal-secret-in-environment: an environment
 * variable whose name says it holds a secret (PASSWORD, TOKEN, SECRET, KEY...)
 * is given a literal value in the file. The value is never printed. */
#include <ctype.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "rulekit.h"
#include "../parser/secrets.h"

/* S (N bytes, already upper case) is the word W / ends with W. */
static int seg_is(const char *s, size_t n, const char *w)
{
    if (!n || s[0] != w[0]) return 0;    /* most segments differ at once */
    size_t k = strlen(w);
    return n == k && !memcmp(s, w, k);
}

static int seg_ends(const char *s, size_t n, const char *w)
{
    size_t k = strlen(w);
    return n >= k && s[n - 1] == w[k - 1] && !memcmp(s + n - k, w, k);
}

/* 1 when NAME (of LEN bytes) looks like it names a secret. */
static int secret_name(const char *name, size_t len)
{
    static const char *const whole[] = { "PASSWORD", "PASSWD", "PASS", "PWD", "SECRET", "TOKEN", "KEY",
                                         "APIKEY", "CREDENTIALS", "CREDENTIAL", "PASSPHRASE", NULL };
    static const char *const suffix[] = { "PASSWORD", "PASSWD", "SECRET", "TOKEN", "APIKEY", "PASSPHRASE", NULL };
    /* names that point at a secret instead of holding one, or describe it */
    static const char *const last_not[] = { "FILE", "PATH", "DIR", "ID", "NAME", "USER", "USERNAME", "URL",
                                            "HOST", "PORT", "TYPE", "LENGTH", "TTL", "EXPIRY", "ALGORITHM",
                                            "REQUIRED", "ENABLED", "HEADER", "CLASS", "PROVIDER", "SOURCE",
                                            "MECHANISM", "LOCATION", "CONVERTER", "FORMAT", "SCHEME", NULL };
    /* switches about a secret (MYSQL_ALLOW_EMPTY_PASSWORD, MYSQL_RANDOM_ROOT_PASSWORD) */
    static const char *const any_not[] = { "ALLOW", "EMPTY", "RANDOM", "GENERATE", "SKIP", "DISABLE", NULL };
    char buf[256], *up = len < sizeof buf ? buf : malloc(len + 1);
    if (!up) abort();
    for (size_t k = 0; k < len; k++) up[k] = (char)toupper((unsigned char)name[k]);
    int hit = 0, refused = 0;
    size_t i = 0;
    const char *seg = up;
    size_t seglen = 0;
    while (i <= len && !refused) {
        if (i == len || name[i] == '_' || name[i] == '-' || name[i] == '.') {
            seg = up + i - seglen;
            for (const char *const *w = whole; *w && !hit; w++) hit = seg_is(seg, seglen, *w);
            for (const char *const *w = suffix; *w && !hit; w++) hit = seg_ends(seg, seglen, *w);
            for (const char *const *w = any_not; *w && !refused; w++) refused = seg_is(seg, seglen, *w);
            if (i == len)
                for (const char *const *w = last_not; *w && !refused; w++) refused = seg_is(seg, seglen, *w);
            seglen = 0;
        } else seglen++;
        i++;
    }
    if (up != buf) free(up);
    return hit && !refused;
}

/* 1 when NAME (LEN bytes) names a password (not a key or token): a number is
 * a weak password, but never an API key. */
static int password_name(const char *name, size_t len)
{
    static const char *const pw[] = { "PASSWORD", "PASSWD", "PASS", "PWD", "PASSPHRASE", NULL };
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && name[j] != '_' && name[j] != '-' && name[j] != '.') j++;
        for (const char *const *w = pw; *w; w++) {
            size_t k = strlen(*w);
            if (j - i >= k && !strncasecmp(name + j - k, *w, k)) return 1;
        }
        i = j + 1;
    }
    return 0;
}

static int all_of(const char *s, size_t n, const char *set)
{
    for (size_t i = 0; i < n; i++) if (!strchr(set, s[i])) return 0;
    return n > 0;
}

#define ALNUM "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

/* 1 when S (N bytes) is shaped like something other than a secret: a flag, a
 * number (unless NAME is a password), a URL without credentials, a file path,
 * a dotted class or property name, an enum-like word (a known mechanism, or
 * CAPS_WITH_UNDERSCORES). */
static int not_a_secret(const char *s, size_t n, int pw)
{
    static const char *const flags[] = { "true", "false", "yes", "no", "on", "off", NULL };
    for (const char *const *f = flags; *f; f++) if (rk_ieq(s, *f)) return 1;
    if (all_of(s, n, "0123456789")) return !pw || n == 1;          /* 0/1 are switches */
    if (strstr(s, "://")) return 1;                                 /* credentials: url_password */
    if (s[0] == '/' || !strncmp(s, "./", 2) || !strncmp(s, "../", 3) || !strncmp(s, "~/", 2)) return 1;
    if (all_of(s, n, ALNUM "._-/") && memchr(s, '/', n)) {          /* certs/es01/es01.key */
        const char *last = strrchr(s, '/') + 1;
        const char *dot = strrchr(last, '.');
        if (dot && dot > last && dot[1]) return 1;
    }
    if (all_of(s, n, ALNUM "._$")) {                                /* org.apache.kafka...StringConverter */
        int dots = 0, ok = !strchr("0123456789.", s[0]) && s[n - 1] != '.';
        for (size_t i = 0; i < n; i++)
            if (s[i] == '.') { dots++; ok = ok && !strchr("0123456789.", s[i + 1]); }
        if (ok && dots >= 2) return 1;
    }
    static const char *const words[] = { "PLAIN", "GSSAPI", "OAUTHBEARER", "SCRAM-SHA-256", "SCRAM-SHA-512",
                                         "PLAINTEXT", "SSL", "SASL_SSL", "SASL_PLAINTEXT", "JKS", "PKCS12",
                                         "PEM", "BASIC", "BEARER", "NONE", "URL", "USER_INFO",
                                         "SASL_INHERIT", NULL };
    for (const char *const *w = words; *w; w++) if (!strcmp(s, *w)) return 1;
    if (!pw && all_of(s, n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") && memchr(s, '_', n) &&
        s[0] != '_' && s[n - 1] != '_')
        return 1;
    return 0;
}

/* A password inside a URL (scheme://user:password@host): 0 none, 1 written
 * in the file, 2 given by a variable (scheme://user:${PW}@host). */
static int url_password(const char *s)
{
    const char *sep = strstr(s, "://");
    if (!sep) return 0;
    const char *rest = sep + 3;
    size_t hostpart = strcspn(rest, "/?#");
    const char *at = NULL;
    for (size_t i = 0; i < hostpart; i++) if (rest[i] == '@') at = rest + i;   /* the last @ ends userinfo */
    if (!at) return 0;
    const char *colon = memchr(rest, ':', (size_t)(at - rest));
    if (!colon || at == colon + 1) return 0;
    const char *pw = colon + 1;
    if (pw[0] == '$' && (pw[1] == '{' ? memchr(pw, '}', (size_t)(at - pw)) == at - 1 : 1) &&
        all_of(pw + 1, (size_t)(at - pw - 1), ALNUM "_{}"))
        return 2;
    return 1;
}

enum { LIT_NONE, LIT_VALUE, LIT_DEFAULT, LIT_URL };

/* The default of S when S is exactly ${VAR:-default} or ${VAR-default} (VAR
 * into *VAR, *VLEN), else NULL. */
static const char *var_default(const char *s, const char **var, size_t *vlen, size_t *dlen)
{
    if (s[0] != '$' || s[1] != '{') return NULL;
    const char *v = s + 2;
    size_t k = strspn(v, ALNUM "_");
    const char *d = v + k;
    if (!k || (d[0] != '-' && !(d[0] == ':' && d[1] == '-'))) return NULL;
    d += d[0] == ':' ? 2 : 1;
    size_t n = strlen(d);
    if (n < 2 || d[n - 1] != '}' || memchr(d, '$', n) || memchr(d, '}', n - 1)) return NULL;
    *var = v;
    *vlen = k;
    *dlen = n - 1;
    return d;
}

/* What is literal in the value S (the node V, or NULL) of the variable NAME
 * (LEN bytes): a secret-looking name with a literal value (LIT_VALUE) or a
 * literal default (LIT_DEFAULT, *VAR its variable), or a value that is a
 * credential whatever the name (parser/secrets.h; LIT_URL for a password
 * inside a URL, which may sit next to variables). */
static int literal_secret(const char *name, size_t len, const cl_node *v, const char *s,
                          const char **var, size_t *vlen)
{
    size_t n = strlen(s);
    if (!n || !strncmp(s, "/run/secrets/", 13)) return LIT_NONE;
    if (v && v->kind == CL_SCALAR && v->style == CL_PLAIN && (v->type == CL_T_BOOL || v->type == CL_T_NULL))
        return LIT_NONE;
    int pw = password_name(name, len);
    if (url_password(s) == 1) return LIT_URL;
    if (!rk_interpolated(s)) {
        if (url_password(s)) return LIT_NONE;
        if (secret_name(name, len) && !not_a_secret(s, n, pw)) return LIT_VALUE;
        return cl_secret_value(s, n) ? LIT_VALUE : LIT_NONE;
    }
    size_t dlen;
    const char *d = var_default(s, var, vlen, &dlen);
    if (!d || !secret_name(name, len)) return LIT_NONE;
    char buf[256];
    if (dlen >= sizeof buf) return LIT_DEFAULT;
    memcpy(buf, d, dlen);
    buf[dlen] = 0;
    return not_a_secret(buf, dlen, pw) ? LIT_NONE : LIT_DEFAULT;
}

/* 1 when NAME (N bytes) can be written as ${NAME}. */
static int var_name(const char *name, int n)
{
    if (n <= 0 || !(isalpha((unsigned char)name[0]) || name[0] == '_')) return 0;
    for (int i = 1; i < n; i++) if (!(isalnum((unsigned char)name[i]) || name[i] == '_')) return 0;
    return 1;
}

static void report(cl_rule_ctx *ctx, const cl_node *at, const char *svc, const char *name, int n, int kind,
                   const char *var, size_t vlen)
{
    char how[320];
    if (var_name(name, n))
        snprintf(how, sizeof how, "use a secret (secrets:), or interpolate it from the environment (${%.*s:?})",
                 n, name);
    else
        snprintf(how, sizeof how, "use a secret (secrets:), or move it to an env_file kept out of the repository");
    if (kind == LIT_DEFAULT)
        cl_rule_report(ctx, at, "service '%s' sets %.*s from ${%.*s} with a literal default: the default is "
                       "committed in the compose file, where everyone with the repository can read it, and is "
                       "used whenever %.*s is unset; require the variable instead (${%.*s:?})",
                       svc, n, name, (int)vlen, var, (int)vlen, var, (int)vlen, var);
    else if (kind == LIT_URL)
        cl_rule_report(ctx, at, "service '%s' sets %.*s to a URL with a literal password in the compose file, "
                       "where everyone with the repository can read it: %s, or put only the password in a "
                       "variable (user:${PASSWORD}@host)", svc, n, name, how);
    else
        cl_rule_report(ctx, at, "service '%s' sets %.*s to a literal value in the compose file, where everyone "
                       "with the repository can read it: %s", svc, n, name, how);
}

static void check(cl_rule_ctx *ctx, const cl_node *name, const cl_node *service)
{
    const char *svc = rk_str(name);
    const cl_node *env = cl_map_get(service, "environment");
    if (!svc) return;
    const char *var = NULL;
    size_t vlen = 0;
    if (rk_is_map(env)) {
        for (uint32_t k = 0; k < env->u.m.n; k++) {
            const cl_node *key = env->u.m.items[k].key, *val = env->u.m.items[k].value;
            const char *nm = rk_str(key), *s = rk_str(val);
            int kind = nm && s ? literal_secret(nm, strlen(nm), val, s, &var, &vlen) : LIT_NONE;
            if (kind != LIT_NONE) report(ctx, key, svc, nm, (int)strlen(nm), kind, var, vlen);
        }
    } else if (rk_is_seq(env)) {
        for (uint32_t k = 0; k < env->u.q.n; k++) {
            const char *s = rk_str(env->u.q.items[k]);
            const char *eq = s ? strchr(s, '=') : NULL;
            int kind = eq ? literal_secret(s, (size_t)(eq - s), NULL, eq + 1, &var, &vlen) : LIT_NONE;
            if (kind != LIT_NONE) report(ctx, env->u.q.items[k], svc, s, (int)(eq - s), kind, var, vlen);
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
                 "SECRET, TOKEN...) marks a secret, unless the last part says it is a reference or a setting "
                 "(..._FILE, _PATH, _ID, _NAME, _USER, _URL, _CLASS, _PROVIDER, _SOURCE, _MECHANISM, "
                 "_LOCATION, _CONVERTER, _SCHEME...). Values shaped like something else are not secrets either: "
                 "flags (true/false/yes/no/on/off), numbers (except for a password: '123' is one), URLs "
                 "without credentials, file paths (/etc/kafka/secrets/x.jks, certs/es01/es01.key), dotted "
                 "class or property names (org.apache.kafka.connect.storage.StringConverter), enum-like "
                 "words (PLAIN, OAUTHBEARER, SCRAM-SHA-512, USER_INFO...). A default written in the file, "
                 "${DB_PASSWORD:-123} or ${DB_PASSWORD-123}, is a literal too: it is committed with the "
                 "file and used whenever the variable is unset. A value that is itself a credential (a "
                 "private key, a token with a well-known prefix such as ghp_ or AKIA, a password inside a "
                 "URL such as postgres://user:pass@db/app, amqp://guest:guest@rabbit or redis://:pass@cache, "
                 "unless the password is a ${VAR}) is reported whatever the variable is called. Empty "
                 "values, ${VAR} references, /run/secrets/ paths, and switches such as "
                 "MYSQL_ALLOW_EMPTY_PASSWORD or MYSQL_RANDOM_ROOT_PASSWORD are fine. The suggested ${NAME} "
                 "is only offered when the variable's name can be one (xpack.security.http.ssl.key cannot). "
                 "The value is never printed. References: OWASP Docker Security Cheat Sheet, RULE #12 "
                 "(utilize Docker secrets for sensitive data management); CIS Docker Benchmark v1.6.0, 4.10 "
                 "(ensure secrets are not stored in Dockerfiles), the same rule for the file that runs the "
                 "image.",
    .bad_example = "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: hunter2\n",
    .good_example = "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?}\n",
    .options = NULL, .fix = CL_FIX_NONE, .check_service = check,
};
