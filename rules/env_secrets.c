/* env_secrets.c - CL208 literal-secret-in-environment: an environment
 * variable whose name says it holds a secret (PASSWORD, TOKEN, SECRET, KEY...)
 * is given a literal value in the file, or in an env_file inside the project
 * folder that no .gitignore there lists. The value is never printed. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include "rulekit.h"
#include "seckit.h"
#include "../parser/secrets.h"
#include "../model/dotenv.h"

/* 1 when NAME (of LEN bytes) looks like it names a secret (parser/secrets.h). */
static int secret_name(const char *name, size_t len) { return cl_secret_name(name, len, CL_SECRET_REPORT); }

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
    /* placeholders that switch a feature off or stand in for a value nobody
     * checks (mailcow's API_KEY=invalid, cp-all-in-one's "dummy"); a weak real
     * default such as "changeme" or "example" stays a finding */
    static const char *const placeholders[] = { "dummy", "invalid", "placeholder", "disabled", "unused",
                                                "notused", "none", "null", "nil", NULL };
    for (const char *const *f = placeholders; *f; f++) if (rk_ieq(s, *f)) return 1;
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

/* ---- env_file: the files a service reads its variables from ---- */

#define ENV_FILE_MAX (1u << 20)      /* a bigger "env file" is no env file: not read */

/* The project folder, resolved (realpath) into DIR: the folder of the checked
 * file. 0 when the input has no folder (stdin without --stdin-filename). */
static int project_dir(const cl_rule_ctx *ctx, char *dir)
{
    const char *p = ctx->doc && ctx->doc->src ? ctx->doc->src->path : NULL;
    if (!p || !*p || p[0] == '<' || !strcmp(p, "-")) return 0;
    char folder[PATH_MAX];
    const char *slash = strrchr(p, '/');
    size_t n = slash ? (size_t)(slash - p) : 0;
    if (n >= sizeof folder) return 0;
    if (!slash) strcpy(folder, ".");
    else {
        memcpy(folder, p, n ? n : 1);
        folder[n ? n : 1] = 0;
    }
    return realpath(folder, dir) != NULL;
}

/* 1 when the resolved path REAL lies inside the resolved folder DIR. */
static int inside(const char *real, const char *dir)
{
    size_t n = strlen(dir);
    return !strncmp(real, dir, n) && (real[n] == '/' || (n && dir[n - 1] == '/' && real[n]));
}

/* Reads the regular file at the resolved path REAL (no symbolic link, no FIFO
 * or device, at most ENV_FILE_MAX bytes) into a source named NAME, or NULL. */
static cl_source *read_regular(const char *real, const char *name)
{
    int fd = open(real, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return NULL;
    struct stat st;
    char *data = NULL;
    size_t len = 0;
    if (!fstat(fd, &st) && S_ISREG(st.st_mode) && st.st_size >= 0 && (size_t)st.st_size <= ENV_FILE_MAX) {
        data = malloc((size_t)st.st_size + 1);
        if (!data) abort();
        while (len < (size_t)st.st_size) {
            ssize_t r = read(fd, data + len, (size_t)st.st_size - len);
            if (r < 0 && errno == EINTR) continue;
            if (r <= 0) break;
            len += (size_t)r;
        }
    }
    close(fd);
    cl_source *src = data ? cl_source_from_string(name, data, len) : NULL;
    free(data);
    return src;
}

/* One .gitignore pattern P (N bytes, its line cleaned) against PATH, relative
 * to the .gitignore's folder, a folder when IS_DIR. 1 when it matches. */
static int ignore_match(const char *p, size_t n, const char *path, int is_dir)
{
    char pat[PATH_MAX];
    int dir_only = 0;
    if (n >= 3 && !memcmp(p + n - 3, "/**", 3)) { n -= 3; dir_only = 2; }   /* a trailing slash-star-star: all inside */
    else if (n && p[n - 1] == '/') { n--; dir_only = 1; }
    if (!n || n >= sizeof pat) return 0;
    memcpy(pat, p, n);
    pat[n] = 0;
    if (dir_only == 2) return is_dir && !fnmatch(pat[0] == '/' ? pat + 1 : pat, path, FNM_PATHNAME);
    if (dir_only && !is_dir) return 0;
    const char *q = pat;
    int any_depth = 0;
    while (!strncmp(q, "**/", 3)) { q += 3; any_depth = 1; }
    if (!any_depth && !strchr(q, '/')) {                 /* a name: matched at any depth */
        const char *base = strrchr(path, '/');
        return !fnmatch(q, base ? base + 1 : path, 0);
    }
    if (*q == '/') q++;
    if (!fnmatch(q, path, FNM_PATHNAME)) return 1;
    for (const char *s = path; any_depth && (s = strchr(s, '/')); )
        if (!fnmatch(q, ++s, FNM_PATHNAME)) return 1;
    return 0;
}

/* What the .gitignore GI (read) says of REL, a path relative to its folder:
 * -1 nothing, 0 re-included (!pattern), 1 ignored, 2 a folder above it is
 * ignored (git cannot re-include a file there). */
static int ignore_verdict(const cl_source *gi, const char *rel)
{
    char path[PATH_MAX];
    if (strlen(rel) >= sizeof path) return -1;
    strcpy(path, rel);
    int verdict = -1;
    for (char *slash = path; ; slash++) {               /* each folder of REL, then REL itself */
        slash = strchr(slash, '/');
        int is_dir = slash != NULL;
        if (slash) *slash = 0;
        int v = -1;
        for (size_t i = 0; i < gi->len; ) {
            const char *line = gi->data + i;
            size_t n = strcspn(line, "\n");
            i += n + 1;
            while (n && (line[n - 1] == '\r' || (line[n - 1] == ' ' && (n < 2 || line[n - 2] != '\\')))) n--;
            if (!n || line[0] == '#') continue;
            int neg = line[0] == '!';
            if (neg || (line[0] == '\\' && n > 1)) { line++; n--; }
            if (ignore_match(line, n, path, is_dir)) v = !neg;    /* the last match decides */
        }
        if (!slash) return v >= 0 ? v : verdict;
        *slash = '/';
        if (v == 1) return 2;
    }
}

/* 1 when a .gitignore of the project folder DIR, or of a folder between it
 * and the env file REAL (both resolved), lists the file: its contents then
 * stay on this machine. A deeper .gitignore overrides a shallower one, as in git. */
static int gitignored(const char *dir, const char *real)
{
    size_t n = strlen(dir);
    int ignored = 0;
    const char *end = strrchr(real, '/');
    for (size_t k = n == 1 ? 0 : n; ; ) {     /* k: the end of the folder being read in REAL */
        char gipath[PATH_MAX];
        if ((size_t)snprintf(gipath, sizeof gipath, "%.*s/.gitignore", (int)k, real) < sizeof gipath) {
            cl_source *gi = read_regular(gipath, gipath);
            int v = gi ? ignore_verdict(gi, real + k + 1) : -1;
            cl_source_free(gi);
            if (v == 2) return 1;
            if (v >= 0) ignored = v;
        }
        if (real + k >= end) break;
        const char *next = strchr(real + k + 1, '/');
        k = (size_t)(next - real);
    }
    return ignored;
}

/* The variables of env file SRC into OUT: KEY=VALUE lines as docker compose
 * reads them (model/dotenv.h; nothing taken from the environment, so
 * ${VAR} is no literal), or as written with `format: raw`. */
static void read_env(const cl_source *src, int raw, cl_env *out)
{
    if (!raw) {
        cl_diags ignored;                     /* syntax errors: env-file-syntax says them */
        cl_diags_init(&ignored);
        cl_dotenv_parse(src, NULL, out, &ignored);
        cl_diags_free(&ignored);
        return;
    }
    for (size_t i = 0; i < src->len; ) {
        const char *line = src->data + i;
        size_t n = strcspn(line, "\n");
        i += n + 1;
        const char *eq = memchr(line, '=', n);
        if (eq && eq > line && line[0] != '#')
            cl_env_set(out, line, (size_t)(eq - line), eq + 1, n - (size_t)(eq - line) - 1 -
                       (n > (size_t)(eq - line) + 1 && line[n - 1] == '\r'));
    }
}

/* One env_file entry IT (a path, or {path, required, format}) of service SVC:
 * read when it lies in the project folder DIR and is not git-ignored; one
 * finding at the entry names every variable given a literal secret there. */
static void env_file_entry(cl_rule_ctx *ctx, const char *dir, const char *svc, const cl_node *it)
{
    const cl_node *at = rk_is_map(it) ? cl_map_get(it, "path") : it;
    const char *path = rk_str(at), *format = rk_is_map(it) ? rk_str(cl_map_get(it, "format")) : NULL;
    if (!path || !*path || rk_interpolated(path) || path[0] == '~') return;
    if (format && strcmp(format, "raw")) return;         /* a format docker compose does not know */
    char full[PATH_MAX], real[PATH_MAX];
    if ((size_t)snprintf(full, sizeof full, "%s%s%s", path[0] == '/' ? "" : dir, path[0] == '/' ? "" : "/",
                         path) >= sizeof full)
        return;
    if (!realpath(full, real) || !inside(real, dir) || gitignored(dir, real)) return;
    cl_source *src = read_regular(real, path);
    if (!src) return;
    cl_env env;
    cl_env_init(&env);
    read_env(src, format != NULL, &env);
    cl_buf names;
    cl_buf_init(&names);
    size_t found = 0;
    for (size_t k = 0; k < env.n; k++) {
        const char *var = NULL;
        size_t vlen = 0;
        if (literal_secret(env.keys[k], strlen(env.keys[k]), NULL, env.vals[k], &var, &vlen) == LIT_NONE) continue;
        if (found < 4) cl_buf_printf(&names, "%s%s", found ? ", " : "", env.keys[k]);
        found++;
    }
    if (found > 4) cl_buf_printf(&names, " and %zu more", found - 4);
    if (found)
        sk_sev(cl_rule_report(ctx, at, "service '%s' gets %s from %s as %s: keep %s out of version control "
                              "(list it in .gitignore), or pass %s with secrets:", svc, cl_buf_cstr(&names), path,
                              found > 1 ? "literal values" : "a literal value", path, found > 1 ? "them" : "it"),
               CL_SEV_INFO);
    cl_buf_free(&names);
    cl_env_free(&env);
    cl_source_free(src);
}

static void env_files(cl_rule_ctx *ctx, const char *svc, const cl_node *ef)
{
    char dir[PATH_MAX];
    if (!ef || !project_dir(ctx, dir)) return;
    if (rk_is_seq(ef)) for (uint32_t k = 0; k < ef->u.q.n; k++) env_file_entry(ctx, dir, svc, ef->u.q.items[k]);
    else env_file_entry(ctx, dir, svc, ef);
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
    env_files(ctx, svc, cl_map_get(service, "env_file"));
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
                 "MYSQL_ALLOW_EMPTY_PASSWORD or MYSQL_RANDOM_ROOT_PASSWORD are fine. The files of a "
                 "service's env_file (a path, or path: with required: and format: raw) are graded the same "
                 "way, read as docker compose reads them (${VAR} there is resolved within the file only, "
                 "never from the environment), but only when the file lies inside the project folder (the "
                 "compose file's folder: ../ paths, absolute paths and symbolic links are resolved, and a "
                 "file that ends up outside is never read, nor a FIFO, a device or a file over 1 MiB) and no "
                 ".gitignore lists it (the one beside the compose file and those of the folders down to the "
                 "env file, with git's patterns: names, paths, folder/, !negation, **; a .gitignore above "
                 "the project folder is not read, so a file it lists is still judged). An env file is the "
                 "usual way to keep secrets out of the compose file, and may well be untracked without a "
                 ".gitignore line, so such a finding is a note (info, or the configured severity when lower): "
                 "one at the env_file entry, naming the variables and the file, never the values. The "
                 "suggested ${NAME} "
                 "is only offered when the variable's name can be one (xpack.security.http.ssl.key cannot). "
                 "The value is never printed. References: OWASP Docker Security Cheat Sheet, RULE #12 "
                 "(utilize Docker secrets for sensitive data management); CIS Docker Benchmark v1.6.0, 4.10 "
                 "(ensure secrets are not stored in Dockerfiles), the same rule for the file that runs the "
                 "image.",
    .bad_example = "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: hunter2\n",
    .good_example = "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?}\n",
    .options = NULL, .fix = CL_FIX_NONE, .check_service = check,
};
