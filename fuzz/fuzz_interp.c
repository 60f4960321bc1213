/* fuzz_interp.c - libFuzzer harness: ${VAR} interpolation and the dotenv
 * reader. The input is read as a .env file, then its bytes are interpolated
 * as one string and as the values of a parsed YAML tree, with the variables
 * the .env defined. Nothing may crash, leak or loop. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "../model/dotenv.h"
#include "../model/interp.h"

static void ignore(void *ud, cl_severity sev, const char *code, size_t off, size_t len, const char *msg)
{
    (void)ud; (void)sev; (void)code; (void)off; (void)len; (void)msg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cl_source *src = cl_source_from_string("fuzz.env", (const char *)data, size);
    cl_env env;
    cl_env_init(&env);
    cl_env_set(&env, "SET", 3, "value", 5);
    cl_env_set(&env, "EMPTY", 5, "", 0);
    cl_diags d;
    cl_diags_init(&d);
    cl_dotenv_parse(src, NULL, &env, &d);

    cl_interp_ctx c;
    memset(&c, 0, sizeof c);
    c.env = &env;
    c.warn_unset = 1;
    c.report = ignore;
    cl_buf out;
    cl_buf_init(&out);
    cl_interp(&c, (const char *)data, size, &out);
    cl_buf_free(&out);

    cl_limits lim;
    cl_limits_default(&lim);
    lim.max_expanded = 100000;
    lim.max_nodes = 100000;
    cl_doc *doc = cl_doc_parse(src, &lim, &d);
    if (doc && doc->root) {
        cl_arena a;
        cl_arena_init(&a);
        int errors = 0;
        cl_interp_tree(&a, doc->root, &env, &d, &errors);
        cl_arena_free(&a);
    }
    cl_doc_free(doc);
    cl_diags_free(&d);
    cl_env_free(&env);
    cl_source_free(src);
    return 0;
}
