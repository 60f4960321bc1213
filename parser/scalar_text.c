/* scalar_text.c - see scalar_text.h. */
#include "scalar_text.h"
#include <libfyaml.h>
#include <string.h>

/* Bytes that stop the shortcut: line breaks always, the quote and escape
 * characters in quoted styles. */
enum { STOP_LINE = 1, STOP_SQ = 2, STOP_DQ = 4 };
static const unsigned char stop[256] = {
    ['\n'] = STOP_LINE, ['\r'] = STOP_LINE, ['\''] = STOP_SQ, ['"'] = STOP_DQ, ['\\'] = STOP_DQ,
};

const char *cl_scalar_direct(const char *data, size_t dlen, uint32_t start, uint32_t end, cl_style style,
                             int one_line, size_t *len)
{
    if (end < start || end > dlen) return NULL;
    const unsigned char *s = (const unsigned char *)data + start;
    size_t n = end - start;
    unsigned mask = STOP_LINE;
    switch (style) {
    case CL_PLAIN:
        /* a plain scalar's token has no surrounding blanks */
        if (n && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t')) return NULL;
        if (one_line) { *len = n; return (const char *)s; }   /* no escapes, no folding */
        break;
    case CL_SQUOTE: mask |= STOP_SQ; break;
    case CL_DQUOTE: mask |= STOP_DQ; break;
    default: return NULL;
    }
    for (size_t i = 0; i < n; i++)
        if (stop[s[i]] & mask) return NULL;
    *len = n;
    return (const char *)s;
}

cl_style cl_style_from_fy(int fy_style)
{
    switch (fy_style) {
    case FYSS_SINGLE_QUOTED: return CL_SQUOTE;
    case FYSS_DOUBLE_QUOTED: return CL_DQUOTE;
    case FYSS_LITERAL: return CL_LITERAL;
    case FYSS_FOLDED: return CL_FOLDED;
    default: return CL_PLAIN;
    }
}
