/* memcheck_driver.c - one process that takes every given compose file, and
 * every given project of several files, through everything compose-lint
 * does with it: the check pipeline (parse, schema, project, rules) as
 * `check -f a -f b` runs it, every report format, the project loader as
 * `config -f a -f b` runs it with the printed forms, and every emitter.
 * Usage: memcheck_driver FILE... [--project FILE FILE...]...: each FILE before
 * the first --project is a project of its own; the files after a --project
 * (up to the next) are one project, in merge order.
 * Run under valgrind memcheck by tests/scripts/memcheck.sh so the whole corpus
 * costs one valgrind start-up instead of thousands. */
#include <stdio.h>
#include <string.h>
#include "../../fuzz/harness.h"

int main(int argc, char **argv)
{
    cl_opts o;
    memset(&o, 0, sizeof o);
    cl_limits_default(&o.limits);
    o.max_warnings = -1;
    o.format = "text";
    size_t nfiles = 0, nprojects = 0, reports = 0, emits = 0;
    for (int i = 1; i < argc;) {
        int project = !strcmp(argv[i], "--project");
        int from = i + project, to = from + 1;
        if (project) {
            while (to < argc && strcmp(argv[to], "--project")) to++;
            if (to == from) break;
            nprojects++;
        }
        const char *const *files = (const char *const *)argv + from;
        size_t n = (size_t)(to - from), r = fuzz_check_files(&o, files, n, 1, 1);
        if (r) { nfiles += n; reports += r; }
        emits += fuzz_load_project(&o, files, n, 0);
        i = to;
    }
    printf("memcheck driver: %zu files, %zu projects of several files, %zu reports, %zu emitter runs\n", nfiles,
           nprojects, reports, emits);
    return 0;
}
