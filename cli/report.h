/* report.h - the report formats (--format) and what they share: one entry per
 * format in cl_report_formats[] (cli/report.c), one file per format
 * (cli/report_<name>.c), and helpers every machine format needs: positions,
 * relative URIs, stable fingerprints, rule metadata, UTF-8-safe escaping. */
#ifndef CL_REPORT_H
#define CL_REPORT_H
#include <stdio.h>
#include "../parser/buf.h"
#include "../parser/diag.h"
#include "../rules/config.h"

/* An input that could not be read or linted at all (unreadable, not a
 * file): its name as given and why. */
typedef struct cl_report_notice {
    const char *file;
    const char *message;
} cl_report_notice;

/* What a report is made from: every reported diagnostic (sorted by file,
 * offset, code) and every input that was checked, in the order given. */
typedef struct cl_report {
    const cl_diags *diags;
    const char *const *files;   /* display names of the inputs checked */
    size_t nfiles;
    int color;                  /* text only */
    const char *docs_url;       /* base of rule pages (sarif), never NULL */
    const cl_suppressions *supp;   /* findings excluded by the configuration or suppressed inline (NULL: none) */
    const cl_report_notice *notices;   /* inputs not read (SARIF toolExecutionNotifications) */
    size_t nnotices;
} cl_report;

typedef void (*cl_report_fn)(FILE *out, const cl_report *r);

typedef struct cl_report_format {
    const char *name;           /* --format NAME */
    cl_report_fn write;
    const char *summary;        /* one line for --help and the man page */
} cl_report_format;

extern const cl_report_format cl_report_formats[];   /* ends with {NULL} */
const cl_report_format *cl_report_find(const char *name);

void cl_report_compact(FILE *out, const cl_report *r);
void cl_report_json(FILE *out, const cl_report *r);
void cl_report_sarif(FILE *out, const cl_report *r);
void cl_report_junit(FILE *out, const cl_report *r);
void cl_report_github(FILE *out, const cl_report *r);
void cl_report_gitlab(FILE *out, const cl_report *r);
void cl_report_checkstyle(FILE *out, const cl_report *r);

/* 1-based start and end (end exclusive: the character after the span) of G's
 * primary span; all 0 when the diagnostic has no file. */
typedef struct cl_pos { uint32_t line, col, end_line, end_col; } cl_pos;
cl_pos cl_report_pos(const cl_span *sp);
/* The file a diagnostic is about ("" when none). */
const char *cl_report_file(const cl_diag *g);
/* PATH relative to the current folder when it lies under it, "./" removed. */
void cl_report_relpath(cl_buf *out, const char *path);
/* PATH as the people reports show it: a path the project read on the way
 * (absolute: an extends or include file, an env file) relative to the
 * current folder when it lies under it; other paths as given. The result
 * may live in TMP. */
const char *cl_report_shown_path(cl_buf *tmp, const char *path);
/* The same as a relative URI reference (RFC 3986 percent-encoding). */
void cl_report_uri(cl_buf *out, const char *path);
/* One 32-hex-digit fingerprint per diagnostic (FP[i], NUL-terminated): a hash
 * of rule, relative file, document path (or the trimmed source line) and
 * message, so it survives lines moving; a repeated finding gets its
 * occurrence number mixed in, so every fingerprint is unique. Caller frees. */
char (*cl_report_fingerprints(const cl_diags *d))[33];

/* For each input R->files[f]: 1 when some diagnostic is about it. Caller frees. */
unsigned char *cl_report_files_with_diags(const cl_report *r);
/* The diagnostics about FILE are R->diags->v[*first .. *last) (binary search). */
void cl_report_file_range(const cl_report *r, const char *file, size_t *first, size_t *last);

/* Rule metadata from the registry when the rule is known, else NULL fields. */
typedef struct cl_rule_meta {
    const char *code, *name, *summary, *rationale;   /* code: "CL006" */
    int category;               /* -1 when unknown */
    int severity;               /* default severity, -1 when unknown */
    int known;
    int fatal;                  /* a fatal stage rule: the file could not be read or linted */
} cl_rule_meta;
cl_rule_meta cl_report_rule(const char *code);
/* Every registered rule, in registry order (0 when the registry is absent);
 * its id is the name findings are reported under. */
size_t cl_report_nrules(void);
const char *cl_report_rule_id(size_t i);
const char *cl_report_category_name(int category);

/* Length of the valid UTF-8 sequence at S (1-4; S is NUL-terminated), or 0
 * when invalid. */
size_t cl_report_utf8_len(const unsigned char *s);
/* JSON string / XML text of S with invalid UTF-8 replaced by U+FFFD. */
void cl_report_json_str(cl_buf *out, const char *s);
/* The same for the N bytes at S (a fix's text, not ended by a NUL). */
void cl_report_json_strn(cl_buf *out, const char *s, size_t n);
void cl_report_xml_str(cl_buf *out, const char *s);
/* Writes B to OUT and frees it. */
void cl_report_flush(FILE *out, cl_buf *b);

#endif
