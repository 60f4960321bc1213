/* fuzz_yaml.c - libFuzzer harness: the YAML front-end and document model.
 * Any bytes must parse or fail with a diagnostic; a parsed tree must render
 * as YAML and JSON, and the YAML rendering must parse again. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../parser/render.h"
#include "../parser/doc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cl_source *src = cl_source_from_string("fuzz.yaml", (const char *)data, size);
    cl_limits lim;
    cl_limits_default(&lim);
    lim.max_expanded = 100000;   /* keep each run fast */
    lim.max_nodes = 100000;
    cl_diags d;
    cl_diags_init(&d);
    cl_doc *doc = cl_doc_parse(src, &lim, &d);
    if (doc && doc->root) {
        cl_buf y, j;
        cl_buf_init(&y);
        cl_buf_init(&j);
        cl_render_yaml(&y, doc->root);
        cl_render_json(&j, doc->root, 2);
        /* what we render must read back */
        cl_source *again = cl_source_from_string("again.yaml", y.data, y.len);
        cl_diags d2;
        cl_diags_init(&d2);
        lim.max_expanded = 100000000;
        lim.max_nodes = 100000000;
        cl_doc *doc2 = cl_doc_parse(again, &lim, &d2);
        if (!doc2) {
            /* duplicate keys can only come from keys that differ in YAML but not as text */
            int dup_only = d2.n && !strcmp(cl_diag_code(&d2.v[0]), "yaml-duplicate-key");
            if (!dup_only) {
                cl_buf msg;
                cl_buf_init(&msg);
                fprintf(stderr, "rendered YAML does not parse again: %s\n---\n%.*s\n---\n", cl_diag_message(&d2.v[0], &msg), (int)y.len, y.data);
                abort();
            }
        }
        cl_doc_free(doc2);
        cl_diags_free(&d2);
        cl_source_free(again);
        cl_buf_free(&y);
        cl_buf_free(&j);
    }
    cl_doc_free(doc);
    cl_diags_free(&d);
    cl_source_free(src);
    return 0;
}
