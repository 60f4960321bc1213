/* touch_before_write.c - LD_PRELOAD shim for tests: the first time the
 * program creates a temporary file (mkstemp, as atomic writes do), it first
 * appends a line to the file named by $CL_TEST_TOUCH, as another editor saving
 * the file at that moment would. Lets tests prove that --fix never overwrites
 * a file that changed on disk after it was read. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

static int done;

static void touch(void)
{
    const char *p = getenv("CL_TEST_TOUCH");
    if (done || !p) return;
    done = 1;
    FILE *f = fopen(p, "a");
    if (f) { fputs("# edited by someone else meanwhile\n", f); fclose(f); }
}

int mkstemp(char *tmpl)
{
    touch();
    int (*real)(char *) = (int (*)(char *))dlsym(RTLD_NEXT, "mkstemp");
    return real(tmpl);
}

int mkstemp64(char *tmpl)
{
    touch();
    int (*real)(char *) = (int (*)(char *))dlsym(RTLD_NEXT, "mkstemp64");
    return real(tmpl);
}
