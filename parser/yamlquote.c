#include "yamlquote.h"
#include <string.h>
#include <strings.h>
#include "buf.h"
#include "doc.h"

/* What each byte is to the plain-scalar test: one table look-up per byte
 * instead of a strchr per byte and set. */
enum {
    Q_CTRL = 1,     /* control byte or DEL (tabs included) */
    Q_FLOW = 2,     /* , [ ] { } */
    Q_LEAD = 4,     /* an indicator that may not start a plain scalar: -?:,[]{}#&*!|>'"%@` */
    Q_NUM = 8,      /* may be in a YAML 1.1 number: 0-9 + - _ : . e E x X o O b B a-f A-F */
    Q_DIGIT = 16,
    Q_MARK = 32,    /* : # (plain or not by the bytes around them) */
};

#define Q_IN2(c, x, y) ((c) == (x) || (c) == (y))
#define Q_IS_FLOW(c) ((c) == ',' || (c) == '[' || (c) == ']' || (c) == '{' || (c) == '}')
#define Q_IS_LEAD(c) (Q_IS_FLOW(c) || (c) == '-' || (c) == '?' || (c) == ':' || (c) == '#' || (c) == '&' || \
                      (c) == '*' || (c) == '!' || (c) == '|' || (c) == '>' || (c) == '\'' || (c) == '"' || \
                      (c) == '%' || (c) == '@' || (c) == '`' || (c) == 0)   /* strchr finds the terminator too */
#define Q_IS_DIGIT(c) ((c) >= '0' && (c) <= '9')
#define Q_IS_NUM(c) (Q_IS_DIGIT(c) || ((c) >= 'a' && (c) <= 'f') || ((c) >= 'A' && (c) <= 'F') || \
                     Q_IN2(c, '+', '-') || Q_IN2(c, '_', ':') || (c) == '.' || Q_IN2(c, 'x', 'X') || \
                     Q_IN2(c, 'o', 'O') || (c) == 0)   /* b B e E are hex letters */
#define Q(c) (((c) < 0x20 || (c) == 0x7f ? Q_CTRL : 0) | (Q_IS_FLOW(c) ? Q_FLOW : 0) | (Q_IS_LEAD(c) ? Q_LEAD : 0) | \
              (Q_IS_NUM(c) ? Q_NUM : 0) | (Q_IS_DIGIT(c) ? Q_DIGIT : 0) | ((c) == ':' || (c) == '#' ? Q_MARK : 0))
#define Q4(c) Q(c), Q((c) + 1), Q((c) + 2), Q((c) + 3)
#define Q16(c) Q4(c), Q4((c) + 4), Q4((c) + 8), Q4((c) + 12)
#define Q64(c) Q16(c), Q16((c) + 16), Q16((c) + 32), Q16((c) + 48)
static const unsigned char qclass[256] = { Q64(0), Q64(64), Q64(128), Q64(192) };

/* A word some reader takes for a boolean or null (any case): go-yaml v3's
 * y, n, yes, no, on, off; with ANY_READER also true, false, null, ~. */
static int reader_word(const char *s, size_t n, int any_reader)
{
    typedef struct { const char *w; size_t n; } word;
    static const word v3[] = { { "y", 1 }, { "n", 1 }, { "yes", 3 }, { "no", 2 }, { "on", 2 }, { "off", 3 } };
    static const word v11[] = { { "true", 4 }, { "false", 5 }, { "null", 4 }, { "~", 1 } };
    if (n > 5) return 0;
    switch (s[0]) {     /* the first letters of the words: most texts start with another */
    case 'y': case 'Y': case 'n': case 'N': case 'o': case 'O': case 't': case 'T': case 'f': case 'F': case '~': break;
    default: return 0;
    }
    char low[5];
    for (size_t i = 0; i < n; i++) low[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a') : s[i];
    for (size_t i = 0; i < sizeof v3 / sizeof *v3; i++)
        if (v3[i].n == n && !memcmp(v3[i].w, low, n)) return 1;
    for (size_t i = 0; any_reader && i < sizeof v11 / sizeof *v11; i++)
        if (v11[i].n == n && !memcmp(v11[i].w, low, n)) return 1;
    return 0;
}

int cl_yaml_plain_safe(const char *s, size_t n, unsigned how)
{
    int any = (how & CL_PLAIN_ANY_READER) != 0, flow = any || (how & CL_PLAIN_FLOW);
    if (!n || s[0] == ' ' || s[n - 1] == ' ' || s[n - 1] == ':') return 0;
    /* "-x", "?x", ":x" are plain in YAML 1.2; the converters quote them anyway */
    if ((qclass[(unsigned char)s[0]] & Q_LEAD) &&
        (any || !((s[0] == '-' || s[0] == '?' || s[0] == ':') && n > 1 && s[1] != ' ')))
        return 0;
    if (any && n == 2 && s[0] == '<' && s[1] == '<') return 0;   /* plain << is a merge key */
    unsigned bad = Q_CTRL | (flow ? Q_FLOW : 0), stop = bad | Q_MARK;
    unsigned all = Q_NUM | Q_DIGIT, some = 0;   /* a YAML 1.1 number: only number bytes, a digit among them */
    for (size_t i = 0; i < n; i++) {
        unsigned k = qclass[(unsigned char)s[i]];
        if (all & Q_NUM) {
            all &= k;
            some |= k;
        } else {    /* not a number: only the bytes that may refuse it matter, skipped to */
            while (!(k & stop) && ++i < n) k = qclass[(unsigned char)s[i]];
            if (i == n) break;
        }
        if (k & bad) return 0;
        /* ": " always, ":," ":[" ... in flow (":\0" too, refused below as a control byte) */
        if (s[i] == ':' && i + 1 < n && (s[i + 1] == ' ' || (flow && (qclass[(unsigned char)s[i + 1]] & Q_FLOW))))
            return 0;
        if (s[i] == '#' && i > 0 && s[i - 1] == ' ') return 0;
    }
    if (reader_word(s, n, any) || (any && (all & Q_NUM) && (some & Q_DIGIT))) return 0;
    /* for any reader, what is left of YAML's other types is .inf and .nan: the
     * words are refused above, so is every int or float (number bytes with a
     * digit), and a leading '-' (an indicator); not a leading '.' or '+' */
    if (any && s[0] != '.' && s[0] != '+') return 1;
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
