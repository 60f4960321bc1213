/* fuzz_check.c - libFuzzer harness: the whole per-file pipeline (parse,
 * schema validation, project semantics, every rule) on any bytes, then every
 * fix applied to the bytes must leave text the parser accepts or rejects
 * cleanly. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "../cli/pipeline.h"
#include "../parser/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cl_opts o;
    memset(&o, 0, sizeof o);
    cl_limits_default(&o.limits);
    o.limits.max_expanded = 100000;
    o.limits.max_nodes = 100000;
    o.max_warnings = -1;
    cl_source *src = cl_source_from_string("fuzz.yaml", (const char *)data, size);
    cl_diags d;
    cl_diags_init(&d);
    cl_doc *doc = cl_check_source(&o, src, &d);
    /* apply every fix's edits (non-overlapping ones) and re-parse */
    cl_buf out;
    cl_buf_init(&out);
    uint32_t pos = 0;
    for (size_t i = 0; i < d.n; i++) {
        cl_fix fx, *f = &fx;
        if (!cl_diag_fix(&d.v[i], f) || cl_diag_src(&d.v[i]) != src) continue;
        for (size_t e = 0; e < f->nedits; e++) {
            cl_edit edit = cl_fix_edit(f, e);
            const cl_edit *ed = &edit;
            if (ed->start < pos || ed->end < ed->start || ed->end > src->len) continue;
            cl_buf_put(&out, src->data + pos, ed->start - pos);
            cl_buf_put(&out, ed->text, cl_fix_edit_len(f, e));
            pos = ed->end;
        }
    }
    if (out.len || pos) {
        cl_buf_put(&out, src->data + pos, src->len - pos);
        cl_source *fixed = cl_source_from_string("fixed.yaml", out.data, out.len);
        cl_diags d2;
        cl_diags_init(&d2);
        cl_doc_free(cl_check_source(&o, fixed, &d2));
        cl_diags_free(&d2);
        cl_source_free(fixed);
    }
    cl_buf_free(&out);
    cl_doc_free(doc);
    cl_diags_free(&d);
    cl_source_free(src);
    return 0;
}
