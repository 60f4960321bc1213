/* events_only.c - the baseline: libfyaml's event parser over a file, events
 * read and freed, nothing built. Used by bench/run.sh. */
#include <libfyaml.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 2) { fprintf(stderr, "usage: events_only FILE\n"); return 2; }
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 2; }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) return 2;
    fclose(f);
    struct fy_parse_cfg cfg = { 0 };
    cfg.flags = FYPCF_QUIET | FYPCF_DISABLE_DEPTH_LIMIT;
    struct fy_parser *p = fy_parser_create(&cfg);
    fy_parser_set_string(p, buf, (size_t)n);
    struct fy_event *ev;
    unsigned long events = 0;
    while ((ev = fy_parser_parse(p)) != NULL) { events++; fy_parser_event_free(p, ev); }
    int err = fy_parser_get_stream_error(p);
    fy_parser_destroy(p);
    free(buf);
    printf("%lu events\n", events);
    return err ? 1 : 0;
}
