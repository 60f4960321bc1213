#include "secrets.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static int has_word(const char *up, const char *w) { return strstr(up, w) != NULL; }

static int ends_with(const char *s, size_t n, const char *suf)
{
    size_t m = strlen(suf);
    return n >= m && memcmp(s + n - m, suf, m) == 0;
}

/* Does UP (N bytes, upper case) hold a stem of the words that name_to_mask
 * and name_to_report look for? Without one it names no secret: most keys of
 * a file (image, ports, a service's name) are turned down here, at once. */
static int has_stem(const char *up, size_t n)
{
#define AT(w) (n - i >= sizeof w - 1 && !memcmp(up + i, w, sizeof w - 1))
    for (size_t i = 0; i < n; i++) {
        switch (up[i]) {
        case 'P': if (AT("PASS") || AT("PWD")) return 1; break;
        case 'S': if (AT("SECRET")) return 1; break;
        case 'T': if (AT("TOKEN")) return 1; break;
        case 'K': if (AT("KEY")) return 1; break;
        case 'C': if (AT("CREDENTIAL")) return 1; break;
        default: break;
        }
    }
    return 0;
#undef AT
}

/* toupper of the C locale (the program never sets another), inline: a
 * line of megabytes asks for every key on it */
static inline char up_ascii(char c) { return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c; }

/* CL_SECRET_MASK: a word anywhere, unless a companion suffix says otherwise. */
static int name_to_mask(const char *name, size_t len)
{
    char up[128];
    if (len == 0 || len >= sizeof up) return 0;
    for (size_t i = 0; i < len; i++) up[i] = up_ascii(name[i]);
    up[len] = 0;
    if (!has_stem(up, len)) return 0;
    /* companions of a secret that are not secret themselves */
    static const char *safe_suffix[] = { "_FILE", "_PATH", "_USER", "_USERNAME", "_NAME", "_HOST", "_PORT",
                                         "_URL_FILE", "_DIR", "_ID_FILE", "_ENABLED", "_LENGTH", "_TTL", NULL };
    for (int i = 0; safe_suffix[i]; i++) if (ends_with(up, len, safe_suffix[i])) return 0;
    static const char *words[] = { "PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "TOKEN", "APIKEY", "API_KEY",
                                   "PRIVATE_KEY", "PRIVATEKEY", "ACCESS_KEY", "ACCESSKEY", "CREDENTIAL",
                                   "AUTH_KEY", "CLIENT_SECRET", "SIGNING_KEY", "ENCRYPTION_KEY", "MASTER_KEY",
                                   "DB_PASS", "_PWD", NULL };
    for (int i = 0; words[i]; i++) if (has_word(up, words[i])) return 1;
    if (!strcmp(up, "PASS") || !strcmp(up, "PWD") || ends_with(up, len, "_PASS") || ends_with(up, len, "_KEY"))
        return 1;
    return 0;
}

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

/* CL_SECRET_REPORT: whole words only, refusing switches and describing last words. */
static int name_to_report(const char *name, size_t len)
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
    /* (BUF set: gcc cannot tell that has_stem reads only what is written) */
    char buf[256] = "", *up = len < sizeof buf ? buf : malloc(len + 1);
    if (!up) abort();
    for (size_t k = 0; k < len; k++) up[k] = (char)toupper((unsigned char)name[k]);
    if (!has_stem(up, len)) {            /* every word of WHOLE and SUFFIX holds a stem */
        if (up != buf) free(up);
        return 0;
    }
    /* AWS_ACCESS_KEY (the old name of the access key id) names the public half */
    if (len >= 10 && !memcmp(up + len - 10, "ACCESS_KEY", 10)) {
        int secret = 0;
        for (size_t k = 0; k + 6 <= len && !secret; k++) secret = !memcmp(up + k, "SECRET", 6);
        if (!secret) { if (up != buf) free(up); return 0; }
    }
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

/* CL_SECRET_K8S: the Kubernetes converter's list, anywhere in the first 255 bytes. */
static int name_for_k8s(const char *name, size_t len)
{
    static const char *words[] = { "PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "APIKEY", "PRIVATE_KEY",
                                   "ACCESS_KEY", "CREDENTIAL", NULL };
    char up[256];
    size_t n = len < sizeof up ? len : sizeof up - 1;
    for (size_t i = 0; i < n; i++) up[i] = (char)toupper((unsigned char)name[i]);
    up[n] = 0;
    for (int i = 0; words[i]; i++) if (has_word(up, words[i])) return 1;
    return 0;
}

int cl_secret_name(const char *name, size_t len, cl_secret_use use)
{
    switch (use) {
    case CL_SECRET_REPORT: return name_to_report(name, len);
    case CL_SECRET_K8S: return name_for_k8s(name, len);
    default: return name_to_mask(name, len);
    }
}

static int prefix(const char *s, size_t n, const char *p)
{
    size_t m = strlen(p);
    return n >= m && memcmp(s, p, m) == 0;
}

/* a PEM block: "-----BEGIN" anywhere */
static int pem_begin(const char *v, size_t n)
{
    for (const char *p = v, *e = v + n; e - p >= 10 && (p = memchr(p, '-', (size_t)(e - p - 9))) != NULL; p++)
        if (!memcmp(p, "-----BEGIN", 10)) return 1;
    return 0;
}

/* a token with a vendor's prefix */
static int token_prefix(const char *v, size_t n)
{
    static const char *prefixes[] = { "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "xoxb-",
                                      "xoxp-", "xoxa-", "xoxs-", "sk_live_", "rk_live_", "AKIA", "ASIA", "AIza",
                                      "npm_", "dop_v1_", NULL };
    if (n >= 12 && strchr("gxsrAnd", v[0]))     /* the first letters of the prefixes */
        for (int i = 0; prefixes[i]; i++)
            if (prefix(v, n, prefixes[i]) && n >= strlen(prefixes[i]) + 8) return 1;
    return 0;
}

/* scheme://user:password@host, SEP the value's first ':' (or NULL) */
static int url_password(const char *v, size_t n, const char *sep)
{
    if (sep && (size_t)(sep - v) + 3 <= n && sep[1] == '/' && sep[2] == '/') {
        const char *rest = sep + 3, *end = v + n;
        const char *at = memchr(rest, '@', (size_t)(end - rest));
        const char *slash = memchr(rest, '/', (size_t)(end - rest));
        if (at && (!slash || at < slash)) {
            const char *colon = memchr(rest, ':', (size_t)(at - rest));
            if (colon && at > colon + 1) return 1;
        }
    }
    return 0;
}

int cl_secret_value(const char *v, size_t n)
{
    return pem_begin(v, n) || token_prefix(v, n) || url_password(v, n, n > 3 ? memchr(v, ':', n) : NULL);
}

/* The first place at or after a position where something starts on one line,
 * kept: the keys of a line ask with positions that grow, so the line is
 * searched once, not once per key. No match in [from, at); at == n: none. */
typedef struct { size_t from, at; } next_at;

static size_t next_find(const char *s, size_t n, next_at *c, size_t from, size_t (*find)(const char *, size_t, size_t))
{
    if (from < c->from || from > c->at) {
        c->from = from;
        c->at = from < n ? find(s, n, from) : from;
    }
    return c->at;
}

/* The first J >= FROM where a comment (" #"), a PEM block ("-----BEGIN")
 * or a ':' starts on line S; N when there is none. */
static size_t find_comment(const char *s, size_t n, size_t from)
{
    for (const char *p = s + from + 1, *e = s + n; p < e && (p = memchr(p, '#', (size_t)(e - p))) != NULL; p++)
        if (p[-1] == ' ') return (size_t)(p - 1 - s);
    return n;
}

static size_t find_pem(const char *s, size_t n, size_t from)
{
    if (n < 10 || from > n - 10) return n;
    for (const char *p = s + from, *e = s + n - 9; p < e && (p = memchr(p, '-', (size_t)(e - p))) != NULL; p++)
        if (!memcmp(p, "-----BEGIN", 10)) return (size_t)(p - s);
    return n;
}

static size_t find_colon(const char *s, size_t n, size_t from)
{
    const char *p = from < n ? memchr(s + from, ':', n - from) : NULL;
    return p ? (size_t)(p - s) : n;
}

typedef struct { next_at comment, pem, colon; } line_marks;

/* value_end for a collection ([ or { at VS): all of it, up to a comment */
static size_t nested_end(const char *s, size_t vs, size_t n, line_marks *m)
{
    size_t j = next_find(s, n, &m->comment, vs, find_comment);
    while (j > vs && (s[j - 1] == ' ' || s[j - 1] == '\t')) j--;
    return j;
}

/* cl_secret_value of the collection [VS, VE) of line S, its searches kept in M */
static int nested_secret_value(const char *s, size_t n, size_t vs, size_t ve, line_marks *m)
{
    size_t vl = ve - vs;
    if (next_find(s, n, &m->pem, vs, find_pem) + 10 <= ve) return 1;
    if (token_prefix(s + vs, vl)) return 1;
    const char *sep = NULL;
    if (vl > 3) {
        size_t c = next_find(s, n, &m->colon, vs, find_colon);
        if (c < ve) sep = s + c;
    }
    return url_password(s + vs, vl, sep);
}

/* isalnum of the C locale, '_', '-' or '.' */
static inline int keychar(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-' || c == '.';
}

/* End of a value starting at I: up to a closing quote, a flow separator or a comment. */
static size_t value_end(const char *s, size_t i, size_t n)
{
    if (i < n && (s[i] == '"' || s[i] == '\'')) {
        char q = s[i];
        size_t j = i + 1;
        while (j < n && s[j] != q) j += (s[j] == '\\' && q == '"' && j + 1 < n) ? 2 : 1;
        return j < n ? j + 1 : n;
    }
    size_t j = i;
    int nested = i < n && (s[i] == '[' || s[i] == '{');   /* a collection: mask all of it */
    while (j < n && !(s[j] == ' ' && j + 1 < n && s[j + 1] == '#') &&
           (nested || (s[j] != ',' && s[j] != '}' && s[j] != ']')))
        j++;
    while (j > i && (s[j - 1] == ' ' || s[j - 1] == '\t')) j--;
    return j;
}

int cl_redact_line(cl_buf *out, const char *s, size_t n)
{
    int masked = 0;
    size_t i = 0, copied = 0;
    line_marks m = { { (size_t)-1, 0 }, { (size_t)-1, 0 }, { (size_t)-1, 0 } };
    while (i < n) {
        /* find a key: a run of key characters, optionally quoted */
        size_t ks = i;
        int quoted = (s[i] == '"' || s[i] == '\'');
        if (quoted) ks++;
        size_t ke = ks;
        while (ke < n && keychar(s[ke])) ke++;
        if (ke == ks) { i++; continue; }
        size_t j = ke;
        if (quoted && j < n && s[j] == s[i]) j++;
        int is_kv = 0;
        if (j < n && s[j] == '=') { is_kv = 1; j++; }
        else if (j < n && s[j] == ':' && (j + 1 == n || s[j + 1] == ' ' || s[j + 1] == '\t')) { is_kv = 1; j++; }
        size_t vs = j;
        while (vs < n && (s[vs] == ' ' || s[vs] == '\t')) vs++;
        /* a collection's value is the rest of the line: its searches are kept in M */
        int nested = vs < n && (s[vs] == '[' || s[vs] == '{');
        size_t ve = !is_kv ? vs : nested ? nested_end(s, vs, n, &m) : value_end(s, vs, n);
        int secret = 0;
        if (is_kv && ve > vs) {
            const char *val = s + vs;
            size_t vl = ve - vs;
            if (vl >= 2 && (val[0] == '"' || val[0] == '\'')) { val++; vl -= 2; }
            int is_ref = vl >= 2 && val[0] == '$';   /* ${VAR}: not a value */
            secret = (cl_secret_name(s + ks, ke - ks, CL_SECRET_MASK) && vl > 0 && !is_ref) ||
                     (nested ? nested_secret_value(s, n, vs, ve, &m) : cl_secret_value(val, vl));
        }
        if (secret) {
            cl_buf_put(out, s + copied, vs - copied);
            cl_buf_puts(out, "****");
            copied = ve;
            masked = 1;
            i = ve;
        } else {
            i = ke > i ? ke : i + 1;
        }
    }
    /* a bare credential anywhere on the line (a list item that is only a token) */
    size_t k = 0;
    while (k < n && (s[k] == ' ' || s[k] == '-' || s[k] == '\t' || s[k] == '"' || s[k] == '\'')) k++;
    if (!masked && cl_secret_value(s + k, n - k)) {
        while (k > 0 && (s[k - 1] == '"' || s[k - 1] == '\'')) k--;
        cl_buf_put(out, s, k);
        cl_buf_puts(out, "****");
        return 1;
    }
    cl_buf_put(out, s + copied, n - copied);
    return masked;
}
