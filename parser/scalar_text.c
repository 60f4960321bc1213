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

uint32_t cl_block_indicator(const char *data, uint32_t at)
{
    /* back to the header line (its last byte that is not blank), then the
     * first | or > on it followed only by indicators, blanks and a comment */
    uint32_t i = at;
    while (i > 0 && (data[i - 1] == ' ' || data[i - 1] == '\n' || data[i - 1] == '\r' || data[i - 1] == '\t')) i--;
    uint32_t end = i, line = i;
    while (line > 0 && data[line - 1] != '\n') line--;
    for (uint32_t j = line; j < end; j++) {
        if (data[j] != '|' && data[j] != '>') continue;
        uint32_t k = j + 1;
        while (k < end && (data[k] == '+' || data[k] == '-' || (data[k] >= '1' && data[k] <= '9'))) k++;
        if (k == end) return j + 1;
        if (data[k] != ' ' && data[k] != '\t') continue;
        while (k < end && (data[k] == ' ' || data[k] == '\t')) k++;
        if (k == end || data[k] == '#') return j + 1;
    }
    return 0;
}

int cl_block_scalar_shallow(const char *data, size_t dlen, uint32_t start, uint32_t end, long parent)
{
    uint32_t i = cl_block_indicator(data, start);
    if (!i || end > dlen) return 0;
    for (; i < dlen && data[i] != '\n' && data[i] != '#'; i++)
        if (data[i] >= '1' && data[i] <= '9') return 0;
    while (i < dlen && data[i] != '\n') i++;
    /* the first line with text, within the scalar libfyaml read */
    while (i < end) {
        uint32_t line = ++i;
        while (i < dlen && data[i] == ' ') i++;
        long indent = (long)(i - line);
        while (i < dlen && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r')) i++;
        if (i < dlen && data[i] != '\n') return line + (uint32_t)indent < end && indent <= parent;
    }
    return 0;
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
