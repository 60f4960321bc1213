#include "imageref.h"
#include <string.h>

void cl_imageref_parse(const char *ref, cl_imageref *out)
{
    memset(out, 0, sizeof *out);
    if (!ref) return;
    const char *at = strchr(ref, '@');
    size_t n = at ? (size_t)(at - ref) : strlen(ref);
    if (at) { out->digest = at + 1; out->digest_len = strlen(at + 1); }
    const char *slash = NULL;
    for (size_t i = 0; i < n; i++) if (ref[i] == '/') slash = ref + i;
    const char *name = slash ? slash + 1 : ref;
    const char *colon = memchr(name, ':', (size_t)(ref + n - name));
    out->name_len = colon ? (size_t)(colon - ref) : n;
    if (colon) {
        out->tag = colon + 1;
        out->tag_len = (size_t)(ref + n - colon - 1);
    }
}
