/* fuzz_convert.c - libFuzzer harness: any document that becomes a project is
 * handed to every emitter; none may crash, leak or hang. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cl_source *src = cl_source_from_string("fuzz.yaml", (const char *)data, size);
    cl_limits lim;
    cl_limits_default(&lim);
    lim.max_expanded = 100000;
    lim.max_nodes = 100000;
    cl_diags d;
    cl_diags_init(&d);
    cl_doc *doc = cl_doc_parse(src, &lim, &d);
    if (doc && doc->root && doc->root->kind == CL_MAP) {
        cl_project_opts po;
        memset(&po, 0, sizeof po);
        po.limits = &lim;
        po.project_name = "fuzz";
        po.project_directory = "/nonexistent-fuzz-dir";
        cl_project *p = cl_project_from_doc(doc, &po, &d);
        if (p) {
            fuzz_emit_all(p);
            cl_project_free(p);
        }
    }
    cl_doc_free(doc);
    cl_diags_free(&d);
    cl_source_free(src);
    return 0;
}
