/* scalar_text.c - see scalar_text.h. */
#include "scalar_text.h"
#include <libfyaml.h>
#include <string.h>

const char *cl_scalar_direct(const char *data, size_t dlen, uint32_t start, uint32_t end, cl_style style,
                             size_t *len)
{
    if (end < start || end > dlen) return NULL;
    const char *s = data + start;
    size_t n = end - start;
    if (memchr(s, '\n', n) || memchr(s, '\r', n)) return NULL;
    switch (style) {
    case CL_PLAIN:
        /* a plain scalar's token has no surrounding blanks */
        if (n && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t')) return NULL;
        break;
    case CL_SQUOTE:
        if (memchr(s, '\'', n)) return NULL;
        break;
    case CL_DQUOTE:
        if (memchr(s, '\\', n) || memchr(s, '"', n)) return NULL;
        break;
    default:
        return NULL;
    }
    *len = n;
    return s;
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
