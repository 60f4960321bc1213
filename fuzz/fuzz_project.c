/* fuzz_project.c - libFuzzer harness: a project of several files, as
 * `check -f a -f b`, `config -f a -f b` and `convert` load it. The input is
 * cut at lines `---8<---` into, in order, the base file (compose.yaml), an
 * override (compose.override.yaml, given as a second -f), a file the base can
 * extend (ext.yaml), one it can include (inc.yaml) and the project's .env;
 * each part present is written into a fresh temporary folder (removed after
 * the run). Then the check of the merged files with its report (text and
 * json), the project load with its rendering (yaml and json), and every
 * emitter (fuzz/harness.h): none may crash, leak or hang. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "harness.h"

#define NPARTS 5
static const char *const part_names[NPARTS] = { "compose.yaml", "compose.override.yaml", "ext.yaml", "inc.yaml", ".env" };
static const char sep[] = "---8<---\n";

/* Cuts DATA into at most NPARTS parts; returns how many. */
static size_t split(const uint8_t *data, size_t size, const char **start, size_t *len)
{
    size_t n = 0, from = 0, seplen = sizeof sep - 1;
    for (size_t i = 0; i + seplen <= size && n + 1 < NPARTS; i++) {
        if ((i && data[i - 1] != '\n') || memcmp(data + i, sep, seplen)) continue;
        start[n] = (const char *)data + from;
        len[n++] = i - from;
        from = i + seplen;
        i = from - 1;
    }
    start[n] = (const char *)data + from;
    len[n++] = size - from;
    return n;
}

static int write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    int bad = fwrite(data, 1, len, f) != len;
    return fclose(f) || bad ? -1 : 0;
}

static void opts_init(cl_opts *o)
{
    memset(o, 0, sizeof *o);
    cl_limits_default(&o->limits);
    o->limits.max_expanded = 100000;
    o->limits.max_nodes = 100000;
    o->limits.max_file_size = 1u << 20;
    o->max_warnings = -1;
    o->format = "text";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *start[NPARTS];
    size_t len[NPARTS];
    size_t nparts = split(data, size, start, len);
    const char *tmp = getenv("TMPDIR");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/cl-fuzz-project-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) abort();
    char paths[NPARTS][4200];
    for (size_t i = 0; i < nparts; i++) {
        snprintf(paths[i], sizeof paths[i], "%s/%s", dir, part_names[i]);
        if (write_file(paths[i], start[i], len[i])) abort();
    }
    const char *files[2] = { paths[0], paths[1] };
    size_t nfiles = nparts > 1 ? 2 : 1;
    cl_opts o;
    opts_init(&o);
    fuzz_check_files(&o, files, nfiles, 0, 0);
    fuzz_load_project(&o, files, nfiles, 1);
    for (size_t i = 0; i < nparts; i++) unlink(paths[i]);
    if (rmdir(dir)) abort();
    return 0;
}
