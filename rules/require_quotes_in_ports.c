/* require_quotes_in_ports.c - dclint's require-quotes-in-ports: entries of
 * `ports` and `expose` written in the configured quote style (single by
 * default, as dclint). Fixed by re-quoting the decoded value. */
#include <stdlib.h>
#include <string.h>
#include "svcutil.h"
#include "../parser/yamlquote.h"

static const cl_rule_option opts[] = {
    { "quote-type", CL_OPT_STRING, "single", "single or double" },
    { "sections", CL_OPT_LIST, "ports,expose", "service keys whose entries are checked" },
    { NULL, 0, NULL, NULL },
};

#define REPORT(...) cl_svc_report(ctx, k, section, it, __VA_ARGS__)
static void check_list(cl_rule_ctx *ctx, const cl_node *k, const char *section, const cl_node *seq, int single)
{
    for (uint32_t j = 0; j < seq->u.q.n; j++) {
        const cl_node *it = seq->u.q.items[j];
        if (!it || it->kind != CL_SCALAR || it->style == (single ? CL_SQUOTE : CL_DQUOTE)) continue;
        /* the quote style and the usual section in the format, not kept in
         * each of (under --select all) tens of thousands of findings */
        cl_diag *g;
        if (!strcmp(section, "ports"))
            g = single ? REPORT("port '%s' in 'ports' of service '%s' should be in single quotes", it->u.s.text, k->u.s.text)
                       : REPORT("port '%s' in 'ports' of service '%s' should be in double quotes", it->u.s.text, k->u.s.text);
        else
            g = single ? REPORT("port '%s' in '%s' of service '%s' should be in single quotes", it->u.s.text, section, k->u.s.text)
                       : REPORT("port '%s' in '%s' of service '%s' should be in double quotes", it->u.s.text, section, k->u.s.text);
        if (cl_node_src(it) != ctx->doc->src || it->style == CL_LITERAL || it->style == CL_FOLDED || strchr(it->u.s.text, '\n')) continue;
        char *q = cl_yaml_quoted(it->u.s.text, it->u.s.len, single);
        cl_edit e = { it->start, it->end, q };
        cl_diag_set_fix(g, single ? "quote it with single quotes" : "quote it with double quotes", 1, &e, 1);
        free(q);
    }
}
#undef REPORT

static void check(cl_rule_ctx *ctx)
{
    const cl_node *svcs = cl_services(ctx);
    const char *qt = cl_rule_opt_str(ctx, "quote-type");
    int single = !qt || strcmp(qt, "double") != 0;
    const char *sections = cl_rule_opt_str(ctx, "sections");
    for (uint32_t i = 0; svcs && i < svcs->u.m.n; i++) {
        const cl_node *k = svcs->u.m.items[i].key, *s = svcs->u.m.items[i].value;
        if (!s || s->kind != CL_MAP) continue;
        for (const char *p = sections; p && *p;) {
            size_t n = strcspn(p, ",");
            char name[64];
            if (n && n < sizeof name) {
                memcpy(name, p, n);
                name[n] = 0;
                const cl_node *seq = cl_map_get(s, name);
                if (seq && seq->kind == CL_SEQ) check_list(ctx, k, name, seq, single);
            }
            p += n;
            if (*p) p++;
        }
    }
}

const cl_rule cl_rule_require_quotes_in_ports = {
    .code = "CL008", .name = "require-quotes-in-ports", .category = CL_CAT_STYLE,
    .severity = CL_SEV_WARNING, .enabled = 0,
    .summary = "Entries of `ports` and `expose` are not quoted (in the configured quote style).",
    .rationale = "Unquoted `22:22` is the number 1342 to a YAML 1.1 reader (base 60), and `8080` is a "
        "number, not a string; quoting every entry avoids both surprises and keeps lists uniform. "
        "dclint's rule, single quotes by default (option quote-type). Off by default: compose-lint's "
        "correctness rules flag the entries that are really ambiguous.",
    .bad_example = "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - 8080:80\n",
    .good_example = "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - '8080:80'\n",
    .options = opts,
    .fix = CL_FIX_SAFE,
    .check = check,
};
