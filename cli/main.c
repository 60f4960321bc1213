/* main.c - entry point: parse options, run the subcommand. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include "cli.h"

int main(int argc, char **argv)
{
    /* over a file-size limit (ulimit -f) a write must fail with EFBIG and be
     * reported, not kill the process halfway */
    signal(SIGXFSZ, SIG_IGN);
    cl_opts o;
    int done = 0;
    int rc = cl_opts_parse(&o, argc, argv, &done);
    if (rc || done) { cl_opts_free(&o); return rc; }
    static const struct { const char *name; int (*fn)(cl_opts *); } cmds[] = {
        { "check", cl_cmd_check }, { "validate", cl_cmd_validate }, { "config", cl_cmd_config },
        { "convert", cl_cmd_convert }, { "rules", cl_cmd_rules }, { "explain", cl_cmd_explain },
        { "init", cl_cmd_init },
    };
    rc = CL_EXIT_USAGE;
    size_t i;
    for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        if (strcmp(o.command, cmds[i].name)) continue;
        rc = cmds[i].fn(&o);
        break;
    }
    if (i == sizeof cmds / sizeof cmds[0]) fprintf(stderr, "compose-lint: unknown command '%s'\n", o.command);
    cl_opts_free(&o);
    return rc;
}
