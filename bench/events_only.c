/* events_only.c - the floor: libfyaml's event parser over a file, events read
 * and freed, nothing built. Used by bench/run.sh and bench/peers.sh.
 *   events_only [--file|--string] FILE
 * --file:   libfyaml reads the file itself (fy_parser_set_input_file);
 * --string: the file is read into memory first, then fy_parser_set_string.
 * The default is the faster of the two as measured (see BENCHMARKS.md). */
#include <libfyaml.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    int from_file = 1;    /* measured the faster: see BENCHMARKS.md */
    if (argc == 3 && !strcmp(argv[1], "--string")) from_file = 0;
    else if (argc == 3 && !strcmp(argv[1], "--file")) from_file = 1;
    else if (argc != 2) { fprintf(stderr, "usage: events_only [--file|--string] FILE\n"); return 2; }
    const char *path = argv[argc - 1];
    char *buf = NULL;
    long n = 0;
    if (!from_file) {
        FILE *f = fopen(path, "rb");
        if (!f) { perror(path); return 2; }
        fseek(f, 0, SEEK_END);
        n = ftell(f);
        fseek(f, 0, SEEK_SET);
        buf = malloc((size_t)n + 1);
        if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) return 2;
        fclose(f);
    }
    struct fy_parse_cfg cfg = { 0 };
    cfg.flags = FYPCF_QUIET | FYPCF_DISABLE_DEPTH_LIMIT;
    struct fy_parser *p = fy_parser_create(&cfg);
    if (!p) return 2;
    if (from_file ? fy_parser_set_input_file(p, path) : fy_parser_set_string(p, buf, (size_t)n)) {
        fprintf(stderr, "%s: cannot read\n", path);
        return 2;
    }
    struct fy_event *ev;
    unsigned long events = 0;
    while ((ev = fy_parser_parse(p)) != NULL) { events++; fy_parser_event_free(p, ev); }
    int err = fy_parser_get_stream_error(p);
    fy_parser_destroy(p);
    free(buf);
    printf("%lu events\n", events);
    return err ? 1 : 0;
}
