/* yamlquote.h - may this text be written as a plain (unquoted) YAML scalar and
 * read back as the same string, and how to quote it when not. One test for
 * the rules' fixes and the converters' output, with the readers each must
 * satisfy as a parameter. */
#ifndef CL_YAMLQUOTE_H
#define CL_YAMLQUOTE_H
#include <stddef.h>

enum {
    /* The text goes inside a flow collection ([...] or {...}). */
    CL_PLAIN_FLOW = 1u << 0,
    /* Every reader, not only docker compose: see cl_yaml_plain_safe. */
    CL_PLAIN_ANY_READER = 1u << 1,
};

/* Can text S (N bytes) be written plain and read back as this string?
 * Always protected against:
 *  - a YAML 1.2 core reader (what compose-lint resolves: null, ~, true/True/
 *    TRUE, false, numbers, .inf...) and the YAML syntax (indicators, ": ",
 *    " #", control bytes, leading/trailing space, trailing ':');
 *  - go-yaml v3, which docker compose uses: it still reads the YAML 1.1 words
 *    y, n, yes, no, on, off (any case) as booleans where a field is a bool.
 * That is all a rule's fix needs ("-x", "?x", ":x" stay plain, as YAML 1.2
 * allows; `,[]{}` only matter with CL_PLAIN_FLOW).
 * CL_PLAIN_ANY_READER (the converters: their output goes to kubectl, PyYAML,
 * go-yaml v2 and other YAML 1.1 readers) also quotes: true/false/null in any
 * case, every YAML 1.1 number spelling (1_000, 1:30 sexagesimal, 0b1, 0x1F,
 * 1e3), a plain `<<` (a merge key), any leading indicator, and `,[]{}`
 * anywhere, so the text is safe in flow too. */
int cl_yaml_plain_safe(const char *s, size_t n, unsigned how);

/* S as a single- or double-quoted YAML scalar (malloc'd). Double quotes use
 * \" \\ \n \t and \xNN for other control bytes. */
char *cl_yaml_quoted(const char *s, size_t n, int single);

#endif
