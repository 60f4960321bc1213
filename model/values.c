/* values.c - the typed compose vocabulary (values.h). What each reader does
 * is what the docker tools do, read from their sources:
 *   go-yaml v3 resolve.go, resolve(): plain scalars starting with a digit or
 *     a sign go to strconv.ParseInt(text without '_', 0, 64) (so 0444 is
 *     octal, 0o/0x/0b prefixes), then ParseUint, then yamlStyleFloat; the
 *     resolveMap holds the null, bool (YAML 1.2 spellings only) and
 *     .inf/.nan forms.
 *   compose-go v2 loader/interpolate.go: interpolateTypeCastMapping and its
 *     toBoolean / toInt / toInt64 / toFloat casts, applied to every string in
 *     the fields listed (interpolation/interpolation.go, recursiveInterpolate).
 *   compose-go v2 types/types.go (FileMode.DecodeMapstructure: a string is
 *     strconv.ParseInt(s, 8, 64)), types/duration.go (str2duration, Go's
 *     time.ParseDuration plus d and w), types/bytes.go (ParseInt base 10,
 *     else go-units RAMInBytes: ^(\d+(\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$). */
#include "values.h"
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- go-yaml v3's view of a scalar ---- */

typedef struct gy {
    cl_stype type;
    long long i;               /* CL_T_INT */
    double f;                  /* CL_T_FLOAT (and CL_T_INT, as a double) */
    int b;                     /* CL_T_BOOL */
    const char *s;             /* the text (CL_T_STR: the string compose-go casts) */
} gy;

static int in_list(const char *s, const char *const *list)
{
    for (; *list; list++) if (!strcmp(s, *list)) return 1;
    return 0;
}

/* strconv.ParseInt(S, BASE, 64) for BASE 0 (prefixes, leading-0 octal), 8 or 10. */
static int go_parse_int(const char *s, int base, long long *out)
{
    int neg = 0;
    if (*s == '+' || *s == '-') neg = *s++ == '-';
    if (base == 0) {
        base = 10;
        if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) { base = 16; s += 2; }
        else if (s[0] == '0' && (s[1] == 'o' || s[1] == 'O')) { base = 8; s += 2; }
        else if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) { base = 2; s += 2; }
        else if (s[0] == '0' && s[1]) { base = 8; s++; }
    }
    if (!*s) return 0;
    unsigned long long v = 0, lim = neg ? (unsigned long long)LLONG_MAX + 1 : (unsigned long long)LLONG_MAX;
    for (; *s; s++) {
        int d = isdigit((unsigned char)*s) ? *s - '0' : isxdigit((unsigned char)*s) ? tolower((unsigned char)*s) - 'a' + 10 : 99;
        if (d >= base) return 0;
        if (v > (lim - (unsigned long long)d) / (unsigned long long)base) return 0;
        v = v * (unsigned long long)base + (unsigned long long)d;
    }
    *out = neg ? (long long)(0 - v) : (long long)v;
    return 1;
}

/* go-yaml's yamlStyleFloat: ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ */
static int yaml_style_float(const char *s)
{
    if (*s == '+' || *s == '-') s++;
    size_t d = strspn(s, "0123456789");
    if (d) { s += d; if (*s == '.') s += 1 + strspn(s + 1, "0123456789"); }
    else if (*s == '.' && isdigit((unsigned char)s[1])) s += 1 + strspn(s + 1, "0123456789");
    else return 0;
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-') s++;
        d = strspn(s, "0123456789");
        if (!d) return 0;
        s += d;
    }
    return !*s;
}

/* go-yaml v3's resolve() of plain text S (length LEN) into V. */
static void gy_resolve_plain(const char *s, size_t len, gy *v)
{
    static const char *const nulls[] = { "~", "null", "Null", "NULL", NULL };
    static const char *const trues[] = { "true", "True", "TRUE", NULL };
    static const char *const falses[] = { "false", "False", "FALSE", NULL };
    static const char *const infs[] = { ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", NULL };
    static const char *const ninfs[] = { "-.inf", "-.Inf", "-.INF", NULL };
    static const char *const nans[] = { ".nan", ".NaN", ".NAN", NULL };
    v->s = s;
    v->type = CL_T_STR;
    /* no word of the lists starts with a digit: a number (the usual value) skips them */
    int word = !(s[0] >= '0' && s[0] <= '9');
    if (!len || (word && in_list(s, nulls))) { v->type = CL_T_NULL; return; }
    if (word && (in_list(s, trues) || in_list(s, falses))) { v->type = CL_T_BOOL; v->b = s[0] == 't' || s[0] == 'T'; return; }
    if (word && (in_list(s, infs) || in_list(s, ninfs) || in_list(s, nans))) {
        v->type = CL_T_FLOAT;
        v->f = in_list(s, nans) ? NAN : in_list(s, ninfs) ? -INFINITY : INFINITY;
        return;
    }
    if (s[0] == '.') {
        char *end;
        double f = strtod(s, &end);
        if (!*end && yaml_style_float(s)) { v->type = CL_T_FLOAT; v->f = f; }
        return;
    }
    if (!isdigit((unsigned char)s[0]) && s[0] != '+' && s[0] != '-') return;
    char buf[80];
    size_t k = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '_') continue;
        if (k + 1 >= sizeof buf) return;        /* too long to be a number go-yaml reads */
        buf[k++] = s[i];
    }
    buf[k] = 0;
    if (go_parse_int(buf, 0, &v->i)) { v->type = CL_T_INT; v->f = (double)v->i; return; }
    if (yaml_style_float(buf)) { v->type = CL_T_FLOAT; v->f = strtod(buf, NULL); }
}

/* Does the file hold a '$' where N was written (its value came from interpolation)? */
static int interpolated(const cl_node *n)
{
    const cl_source *src = cl_node_src(n);
    if (!src || n->end > src->len || n->start >= n->end) return 0;
    return memchr(src->data + n->start, '$', n->end - n->start) != NULL;
}

/* Text still holding a variable reference (--no-interpolate). */
static int unresolved(const char *s)
{
    for (const char *p = strchr(s, '$'); p; p = strchr(p + 1, '$'))
        if (p[1] == '{' || p[1] == '_' || isalpha((unsigned char)p[1])) return 1;
    return 0;
}

/* N as compose-go receives it. UNKNOWN: no value; INVALID: not a scalar. */
static cl_val gy_read(const cl_node *n, gy *v)
{
    if (!n) return CL_VAL_UNKNOWN;
    if (n->kind != CL_SCALAR) return CL_VAL_INVALID;
    const char *s = n->u.s.text;
    if (unresolved(s)) return CL_VAL_UNKNOWN;
    int string = n->style != CL_PLAIN || interpolated(n) ||
                 /* typed by a tag, or made a string on purpose (normalization) */
                 (n->type == CL_T_STR && ((n->flags & CL_NF_TAGGED) || cl_resolve_plain(s, n->u.s.len) != CL_T_STR));
    if (string) { v->type = CL_T_STR; v->s = s; return CL_VAL_KNOWN; }
    if ((n->flags & CL_NF_TAGGED) && n->type == CL_T_NULL) return CL_VAL_UNKNOWN;
    gy_resolve_plain(s, n->u.s.len, v);
    return v->type == CL_T_NULL ? CL_VAL_UNKNOWN : CL_VAL_KNOWN;
}

cl_stype cl_val_yaml_type(const cl_node *n)
{
    gy v;
    cl_val r = gy_read(n, &v);
    if (r == CL_VAL_KNOWN) return v.type;
    return n && n->kind == CL_SCALAR && r == CL_VAL_UNKNOWN && !unresolved(n->u.s.text) ? CL_T_NULL : CL_T_STR;
}

/* ---- the readers ---- */

static cl_val text_int(const char *s, long long *out) { return go_parse_int(s, 10, out) ? CL_VAL_KNOWN : CL_VAL_INVALID; }
static cl_val text_octal(const char *s, long long *out) { return go_parse_int(s, 8, out) ? CL_VAL_KNOWN : CL_VAL_INVALID; }

/* N as a whole number: go-yaml's integer as it is (ANY_INT; else only 0), a
 * string through TEXT, anything else invalid. */
static cl_val read_whole(const cl_node *n, long long *out, cl_val (*text)(const char *, long long *), int any_int)
{
    gy v;
    cl_val r = gy_read(n, &v);
    if (r != CL_VAL_KNOWN) return r;
    if (v.type == CL_T_INT && (any_int || !v.i)) { *out = v.i; return CL_VAL_KNOWN; }
    return v.type == CL_T_STR ? text(v.s, out) : CL_VAL_INVALID;
}

cl_val cl_val_int(const cl_node *n, long long *out) { return read_whole(n, out, text_int, 1); }
cl_val cl_val_mode(const cl_node *n, long long *out) { return read_whole(n, out, text_octal, 1); }

cl_val cl_val_bool_text(const char *s, int *out)
{
    static const char *const yes[] = { "true", "y", "yes", "on", NULL }, *const no[] = { "false", "n", "no", "off", NULL };
    for (int i = 0; yes[i]; i++) if (!strcasecmp(s, yes[i])) { *out = 1; return CL_VAL_KNOWN; }
    for (int i = 0; no[i]; i++) if (!strcasecmp(s, no[i])) { *out = 0; return CL_VAL_KNOWN; }
    return CL_VAL_INVALID;
}

cl_val cl_val_bool(const cl_node *n, int *out)
{
    gy v;
    cl_val r = gy_read(n, &v);
    if (r != CL_VAL_KNOWN) return r;
    if (v.type == CL_T_BOOL) { *out = v.b; return CL_VAL_KNOWN; }
    return v.type == CL_T_STR ? cl_val_bool_text(v.s, out) : CL_VAL_INVALID;
}

cl_val cl_val_number(const cl_node *n, double *out)
{
    gy v;
    cl_val r = gy_read(n, &v);
    if (r != CL_VAL_KNOWN) return r;
    if (v.type == CL_T_INT || v.type == CL_T_FLOAT) { *out = v.f; return CL_VAL_KNOWN; }
    if (v.type != CL_T_STR || !*v.s || isspace((unsigned char)*v.s)) return CL_VAL_INVALID;
    char *end;
    errno = 0;
    double f = strtod(v.s, &end);
    if (*end || (errno == ERANGE && isinf(f))) return CL_VAL_INVALID;
    *out = f;
    return CL_VAL_KNOWN;
}

cl_val cl_val_duration_text(const char *s, long long *ns)
{
    static const struct { const char *u; double mul; } units[] = {
        { "ns", 1 }, { "us", 1e3 }, { "\xc2\xb5s", 1e3 }, { "\xce\xbcs", 1e3 }, { "ms", 1e6 }, { "s", 1e9 },
        { "m", 60e9 }, { "h", 3600e9 }, { "d", 86400e9 }, { "w", 604800e9 }, { NULL, 0 }
    };
    int neg = 0;
    if (*s == '+' || *s == '-') neg = *s++ == '-';
    if (!strcmp(s, "0")) { *ns = 0; return CL_VAL_KNOWN; }
    if (!*s) return CL_VAL_INVALID;
    double total = 0;
    while (*s) {
        size_t d = strspn(s, "0123456789"), f = 0;
        if (s[d] == '.') f = 1 + strspn(s + d + 1, "0123456789");
        if (!d && f <= 1) return CL_VAL_INVALID;     /* a number: digits, or .digits */
        double x = strtod(s, NULL);
        s += d + f;
        size_t ul = strcspn(s, "0123456789.");
        if (!ul) return CL_VAL_INVALID;              /* missing unit */
        int k = 0;
        while (units[k].u && (strlen(units[k].u) != ul || strncmp(s, units[k].u, ul))) k++;
        if (!units[k].u) return CL_VAL_INVALID;
        total += x * units[k].mul;
        s += ul;
    }
    if (!(total < 9.2233720368547758e18)) return CL_VAL_INVALID;
    *ns = neg ? -(long long)total : (long long)total;
    return CL_VAL_KNOWN;
}

/* str2duration reads fmt.Sprint(value): a number has no unit, so only 0 passes */
cl_val cl_val_duration_ns(const cl_node *n, long long *ns) { return read_whole(n, ns, cl_val_duration_text, 0); }

cl_val cl_val_bytes_text(const char *s, long long *bytes)
{
    if (go_parse_int(s, 10, bytes)) return CL_VAL_KNOWN;
    /* ^(\d+(\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$, then ParseFloat of the number */
    const char *p = s;
    size_t d = strspn(p, "0123456789");
    if (!d) return CL_VAL_INVALID;
    p += d;
    int dots = 0;
    while (*p == '.' && isdigit((unsigned char)p[1])) { p += 1 + strspn(p + 1, "0123456789"); dots++; }
    if (dots > 1) return CL_VAL_INVALID;             /* the regex takes 1.2.3, ParseFloat does not */
    if (*p == ' ') p++;
    double mul = 1;
    const char *u = *p ? strchr("kmgtp", tolower((unsigned char)*p)) : NULL;
    if (u) { for (const char *q = "kmgtp"; q <= u; q++) mul *= 1024; p++; }
    if (*p == 'i' || *p == 'I') p++;
    if (*p == 'b' || *p == 'B') p++;
    if (*p) return CL_VAL_INVALID;
    double x = strtod(s, NULL) * mul;
    if (!(x < 9.2233720368547758e18)) return CL_VAL_INVALID;
    *bytes = (long long)x;
    return CL_VAL_KNOWN;
}

cl_val cl_val_bytes(const cl_node *n, long long *bytes) { return read_whole(n, bytes, cl_val_bytes_text, 1); }

int cl_val_bool_field(const char *key, int service_level)
{
    /* compose-spec.json: the properties typed boolean (or boolean|string for
     * interpolation) in service, build, volumes' long syntax, depends_on,
     * healthcheck, develop.watch, networks, volumes, secrets, configs */
    static const char *const fields[] = {
        "attach", "attachable", "create_host_path", "disable", "enable_ipv4", "enable_ipv6", "external",
        "init", "initial_sync", "internal", "no_cache", "nocopy", "oom_kill_disable", "privileged", "pull",
        "read_only", "required", "stdin_open", "tty", "use_api_socket", NULL
    };
    if (!key) return 0;
    if (key[0] == 'r' && !strcmp(key, "restart")) return !service_level;
    size_t lo = 0, hi = sizeof fields / sizeof fields[0] - 1;    /* FIELDS is sorted: a binary search */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(key, fields[mid]);
        if (!c) return 1;
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return 0;
}
