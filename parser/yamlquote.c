#include "yamlquote.h"
#include <string.h>
#include <strings.h>
#include "buf.h"
#include "doc.h"

/* A word some reader takes for a boolean or null (any case). */
static int reader_word(const char *s, size_t n, int any_reader)
{
    static const char *const v3[] = { "y", "n", "yes", "no", "on", "off", NULL };          /* go-yaml v3 bools */
    static const char *const v11[] = { "true", "false", "null", "~", NULL };               /* YAML 1.1, any case */
    for (int i = 0; v3[i]; i++)
        if (strlen(v3[i]) == n && !strncasecmp(v3[i], s, n)) return 1;
    for (int i = 0; any_reader && v11[i]; i++)
        if (strlen(v11[i]) == n && !strncasecmp(v11[i], s, n)) return 1;
    return 0;
}

/* Numbers in any YAML 1.1 spelling: 1_000, 1:30, 0b1, 0x1F, 1e3. */
static int yaml11_number(const char *s, size_t n)
{
    int digits = 0, other = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') digits = 1;
        else if (!strchr("+-_:.eExXoObB", c) && !((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) other = 1;
    }
    return digits && !other;
}

int cl_yaml_plain_safe(const char *s, size_t n, unsigned how)
{
    int any = (how & CL_PLAIN_ANY_READER) != 0, flow = any || (how & CL_PLAIN_FLOW);
    if (!n || s[0] == ' ' || s[n - 1] == ' ' || s[n - 1] == ':') return 0;
    /* "-x", "?x", ":x" are plain in YAML 1.2; the converters quote them anyway */
    if (strchr("-?:,[]{}#&*!|>'\"%@`", s[0]) &&
        (any || !((s[0] == '-' || s[0] == '?' || s[0] == ':') && n > 1 && s[1] != ' ')))
        return 0;
    if (any && n == 2 && s[0] == '<' && s[1] == '<') return 0;   /* plain << is a merge key */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f) return 0;                      /* tabs included */
        if (c == ':' && i + 1 < n && s[i + 1] == ' ') return 0;
        if (c == '#' && i > 0 && s[i - 1] == ' ') return 0;
        if (flow && strchr(",[]{}", c)) return 0;
        if (flow && c == ':' && i + 1 < n && strchr(",[]{}", s[i + 1])) return 0;
    }
    if (reader_word(s, n, any) || (any && yaml11_number(s, n))) return 0;
    return cl_resolve_plain(s, n) == CL_T_STR;
}

char *cl_yaml_quoted(const char *s, size_t n, int single)
{
    cl_buf b;
    cl_buf_init(&b);
    cl_buf_putc(&b, single ? '\'' : '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (single) { if (c == '\'') cl_buf_putc(&b, '\''); cl_buf_putc(&b, (char)c); continue; }
        if (c == '"' || c == '\\') { cl_buf_putc(&b, '\\'); cl_buf_putc(&b, (char)c); }
        else if (c == '\n') cl_buf_puts(&b, "\\n");
        else if (c == '\t') cl_buf_puts(&b, "\\t");
        else if (c < 0x20 || c == 0x7f) cl_buf_printf(&b, "\\x%02x", c);
        else cl_buf_putc(&b, (char)c);
    }
    cl_buf_putc(&b, single ? '\'' : '"');
    return cl_buf_steal(&b);
}
