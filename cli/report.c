/* report.c - what the report formats share: positions, relative paths and
 * URIs, fingerprints, rule metadata from the registry and UTF-8-safe
 * JSON/XML strings. The --format table is report_formats.c. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "report.h"
#include "../parser/render.h"
#include "../rules/rule.h"

cl_pos cl_report_pos(const cl_span *sp)
{
    cl_pos p = { 0, 0, 0, 0 };
    if (!sp->src) return p;
    cl_source_pos(sp->src, sp->start, &p.line, &p.col);
    if (sp->end > sp->start) cl_source_pos(sp->src, sp->end, &p.end_line, &p.end_col);
    else { p.end_line = p.line; p.end_col = p.col; }
    return p;
}

const char *cl_report_file(const cl_diag *g) { return cl_diag_src(g) ? cl_diag_src(g)->path : ""; }

void cl_report_relpath(cl_buf *out, const char *path)
{
    if (path[0] == '/') {
        char cwd[4096];
        if (getcwd(cwd, sizeof cwd)) {
            size_t n = strlen(cwd);
            if (n > 1 && !strncmp(path, cwd, n) && path[n] == '/') path += n + 1;
            else if (n == 1) path += 1;
        }
    }
    while (path[0] == '.' && path[1] == '/') { path += 2; while (*path == '/') path++; }
    cl_buf_puts(out, path);
}

const char *cl_report_shown_path(cl_buf *tmp, const char *path)
{
    if (path[0] != '/') return path;          /* as the user gave it */
    tmp->len = 0;
    cl_report_relpath(tmp, path);
    return tmp->len ? cl_buf_cstr(tmp) : path;
}

void cl_report_uri(cl_buf *out, const char *path)
{
    cl_buf rel;
    cl_buf_init(&rel);
    cl_report_relpath(&rel, path);
    const char *s = cl_buf_cstr(&rel);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("-._~/!$&'()*+,;=@", c))
            cl_buf_putc(out, (char)c);
        else cl_buf_printf(out, "%%%02X", c);
    }
    cl_buf_free(&rel);
}

/* FNV-1a, 64 bits, over N bytes, continuing from H. */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) { h ^= s[i]; h *= 0x100000001b3ULL; }
    return h;
}

static uint64_t mix(uint64_t x)
{
    x ^= x >> 30; x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27; x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/* FNV-1a from code, file and the trimmed line of a finding (G's, whose
 * code and file are in B) on: what hashing them in a row gives, worked out
 * once for each (code, source, line) remembered in MEMO (N entries). */
typedef struct line_hash { const char *code; const cl_source *src; uint32_t a, e; uint64_t h; } line_hash;

static uint64_t hash_line(line_hash *memo, size_t n, const cl_diag *g, const cl_buf *b)
{
    uint64_t h = fnv(0xcbf29ce484222325ULL, b->data, b->len);
    const cl_source *src = cl_diag_src(g);
    uint32_t line, col, a, e;
    cl_source_pos(src, cl_diag_span(g).start, &line, &col);
    if (cl_source_line(src, line, &a, &e) != 0) return h;
    while (a < e && (src->data[a] == ' ' || src->data[a] == '\t')) a++;
    while (e > a && (src->data[e - 1] == ' ' || src->data[e - 1] == '\t')) e--;
    if (e - a < 256) return fnv(h, src->data + a, e - a);
    line_hash *m = &memo[((uintptr_t)cl_diag_code(g) / 8 + (uintptr_t)src / 16 + a) % n];
    if (m->code != cl_diag_code(g) || m->src != src || m->a != a || m->e != e) {
        /* the same code pointer and source: the same bytes before the line */
        line_hash fresh = { cl_diag_code(g), src, a, e, fnv(h, src->data + a, e - a) };
        *m = fresh;
    }
    return m->h;
}

char (*cl_report_fingerprints(const cl_diags *d))[33]
{
    char (*fp)[33] = calloc(d->n ? d->n : 1, sizeof *fp);
    size_t cap = 16;
    while (cap < d->n * 2) cap *= 2;
    uint64_t *keys = calloc(cap, sizeof *keys);
    uint32_t *counts = calloc(cap, sizeof *counts);
    if (!fp || !keys || !counts) abort();
    cl_buf b;
    cl_buf_init(&b);
    line_hash memo[64];   /* a line hashed once for each code (a flow-style file of megabytes is one line) */
    memset(memo, 0, sizeof memo);
    for (size_t i = 0; i < d->n; i++) {
        const cl_diag *g = &d->v[i];
        b.len = 0;
        cl_buf_puts(&b, cl_diag_code(g) ? cl_diag_code(g) : "");
        cl_buf_putc(&b, 0);
        cl_report_relpath(&b, cl_report_file(g));
        cl_buf_putc(&b, 0);
        uint64_t h;
        if (cl_diag_path(g)) {
            cl_buf_puts(&b, cl_diag_path(g));
            h = fnv(0xcbf29ce484222325ULL, b.data, b.len);
        } else if (cl_diag_src(g)) {
            h = hash_line(memo, sizeof memo / sizeof *memo, g, &b);
        } else h = fnv(0xcbf29ce484222325ULL, b.data, b.len);
        b.len = 0;
        cl_buf_putc(&b, 0);
        cl_diag_message_put(g, &b);
        h = fnv(h, b.data, b.len);
        if (!h) h = 1;
        size_t slot = (size_t)mix(h) & (cap - 1);
        while (keys[slot] && keys[slot] != h) slot = (slot + 1) & (cap - 1);
        keys[slot] = h;
        uint32_t occurrence = counts[slot]++;
        uint64_t h1 = occurrence ? mix(h ^ mix(occurrence)) : h;
        uint64_t h2 = mix(h1 ^ 0x9e3779b97f4a7c15ULL);
        snprintf(fp[i], sizeof fp[i], "%016llx%016llx", (unsigned long long)h1, (unsigned long long)h2);
    }
    cl_buf_free(&b);
    free(keys);
    free(counts);
    return fp;
}

void cl_report_file_range(const cl_report *r, const char *file, size_t *first, size_t *last)
{
    const cl_diags *d = r->diags;
    size_t lo = 0, hi = d->n;
    while (lo < hi) { size_t m = lo + (hi - lo) / 2; if (strcmp(cl_report_file(&d->v[m]), file) < 0) lo = m + 1; else hi = m; }
    *first = lo;
    hi = d->n;
    while (lo < hi) { size_t m = lo + (hi - lo) / 2; if (strcmp(cl_report_file(&d->v[m]), file) <= 0) lo = m + 1; else hi = m; }
    *last = lo;
}

unsigned char *cl_report_files_with_diags(const cl_report *r)
{
    unsigned char *has = calloc(r->nfiles ? r->nfiles : 1, 1);
    if (!has) abort();
    for (size_t f = 0; f < r->nfiles; f++) {
        size_t a, b;
        cl_report_file_range(r, r->files[f], &a, &b);
        has[f] = a < b;
    }
    return has;
}

cl_rule_meta cl_report_rule(const char *code)
{
    cl_rule_meta m = { NULL, NULL, NULL, NULL, -1, -1, 0, 0 };
    const cl_rule *r = code ? cl_rule_find(code) : NULL;
    if (r) {
        m.code = r->code;
        m.name = r->name;
        m.summary = r->summary;
        m.rationale = r->rationale;
        m.category = (int)r->category;
        m.severity = (int)r->severity;
        m.known = 1;
        m.fatal = r->stage == CL_BY_STAGE_FATAL;
    }
    return m;
}

size_t cl_report_nrules(void) { return cl_nrules; }
const char *cl_report_rule_id(size_t i) { return cl_rules[i]->name; }

const char *cl_report_category_name(int c)
{
    return c >= 0 && c <= CL_CAT_HARDENING ? cl_category_name((cl_category)c) : "";
}

size_t cl_report_utf8_len(const unsigned char *s)
{
    if (s[0] < 0x80) return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF) return (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        if ((s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) return 0;
        if (s[0] == 0xE0 && s[1] < 0xA0) return 0;
        if (s[0] == 0xED && s[1] >= 0xA0) return 0;
        return 3;
    }
    if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        if ((s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80) return 0;
        if (s[0] == 0xF0 && s[1] < 0x90) return 0;
        if (s[0] == 0xF4 && s[1] >= 0x90) return 0;
        return 4;
    }
    return 0;
}

/* S with invalid UTF-8 replaced by U+FFFD, into TMP. */
static const char *clean(cl_buf *tmp, const char *s)
{
    tmp->len = 0;
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    while (*p) {
        size_t n = cl_report_utf8_len(p);
        if (n) { cl_buf_put(tmp, (const char *)p, n); p += n; }
        else { cl_buf_puts(tmp, "\xEF\xBF\xBD"); p++; }
    }
    cl_buf_put(tmp, "", 0);
    return tmp->data;
}

static void escaped(cl_buf *out, const char *s, void (*esc)(cl_buf *, const char *, size_t))
{
    cl_buf tmp;
    cl_buf_init(&tmp);
    const char *c = clean(&tmp, s);
    esc(out, c, strlen(c));
    cl_buf_free(&tmp);
}

void cl_report_json_str(cl_buf *out, const char *s) { escaped(out, s, cl_json_string); }

void cl_report_json_strn(cl_buf *out, const char *s, size_t n)
{
    cl_buf t;
    cl_buf_init(&t);
    cl_buf_put(&t, s, n);
    cl_buf_put(&t, "", 0);
    escaped(out, t.data ? t.data : "", cl_json_string);
    cl_buf_free(&t);
}
void cl_report_xml_str(cl_buf *out, const char *s) { escaped(out, s, cl_xml_escape); }

void cl_report_flush(FILE *out, cl_buf *b)
{
    if (b->len) fwrite(b->data, 1, b->len, out);
    cl_buf_free(b);
}
