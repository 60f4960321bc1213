/* main.c - entry point: parse options, run the subcommand. */
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include "cli.h"

/* Whatever the command printed on standard output (a report, a converted
 * stack, config's project, help) must have reached it: a full disk or a
 * closed pipe is said once and turns RC into 2, so a CI gate or a script
 * never takes a cut-short output for a good one. */
static int stdout_done(int rc)
{
    errno = 0;
    int failed = fflush(stdout) != 0;
    int e = errno;
    if (!failed && !ferror(stdout)) return rc;
    fprintf(stderr, "compose-lint: cannot write to standard output: %s\n", e ? strerror(e) : "write error");
    return rc > CL_EXIT_USAGE ? rc : CL_EXIT_USAGE;
}

int main(int argc, char **argv)
{
    /* over a file-size limit (ulimit -f) a write must fail with EFBIG and be
     * reported, not kill the process halfway */
    signal(SIGXFSZ, SIG_IGN);
#ifdef __GLIBC__
    /* blocks of 128 KiB and more (finding lists, hash tables, arena blocks)
     * stay mmapped: glibc would raise that bound to the size of each such
     * block freed (a rule's table, the parser's events), the next big ones
     * would come from the heap, and lists growing there leave holes behind
     * (check --select all of 10,000 lean services: 5 MiB less at the peak) */
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
    cl_opts o;
    int done = 0;
    int rc = cl_opts_parse(&o, argc, argv, &done);
    if (rc || done) { cl_opts_free(&o); return stdout_done(rc); }
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
    return stdout_done(rc);
}
