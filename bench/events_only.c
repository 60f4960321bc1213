/* events_only.c - the floor: libfyaml's event parser over a file, events read
 * and freed, nothing built. Used by bench/table.sh, bench/run.sh and
 * bench/peers.sh.
 *   events_only [--file|--string|--mmap|--fp] FILE
 * Each way libfyaml offers to read a file:
 * --file:   libfyaml opens and reads the file itself (fy_parser_set_input_file);
 * --string: the file is read into memory first (one read(2) into a buffer of
 *           its size), then fy_parser_set_string;
 * --mmap:   the file is mapped (mmap(2), read-only), then fy_parser_set_string;
 * --fp:     an open FILE* handed over (fy_parser_set_input_fp).
 * Without an option: --file, the fastest of the four as measured on the
 * 10,000-service file (see BENCHMARKS.md), so that the floor is the real one. */
#include <fcntl.h>
#include <libfyaml.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

enum { BY_FILE, BY_STRING, BY_MMAP, BY_FP };

int main(int argc, char **argv)
{
    static const char *const names[] = { "--file", "--string", "--mmap", "--fp" };
    int by = BY_FILE;      /* measured the fastest: see BENCHMARKS.md */
    if (argc == 3) {
        by = -1;
        for (int i = 0; i < 4; i++) if (!strcmp(argv[1], names[i])) by = i;
    }
    if (by < 0 || (argc != 2 && argc != 3)) {
        fprintf(stderr, "usage: events_only [--file|--string|--mmap|--fp] FILE\n");
        return 2;
    }
    const char *path = argv[argc - 1];
    char *buf = NULL;
    size_t n = 0;
    FILE *fp = NULL;
    if (by == BY_STRING || by == BY_MMAP) {
        int fd = open(path, O_RDONLY);
        struct stat st;
        if (fd < 0 || fstat(fd, &st) < 0) { perror(path); return 2; }
        n = (size_t)st.st_size;
        if (by == BY_MMAP) {
            buf = n ? mmap(NULL, n, PROT_READ, MAP_PRIVATE, fd, 0) : "";
            if (buf == MAP_FAILED) { perror(path); return 2; }
        } else {
            buf = malloc(n + 1);
            size_t got = 0;
            ssize_t r = 1;
            while (buf && got < n && (r = read(fd, buf + got, n - got)) > 0) got += (size_t)r;
            if (!buf || got != n) { perror(path); return 2; }
        }
        close(fd);
    } else if (by == BY_FP) {
        fp = fopen(path, "rb");
        if (!fp) { perror(path); return 2; }
    }
    struct fy_parse_cfg cfg = { 0 };
    cfg.flags = FYPCF_QUIET | FYPCF_DISABLE_DEPTH_LIMIT;
    struct fy_parser *p = fy_parser_create(&cfg);
    if (!p) return 2;
    int rc = by == BY_FILE ? fy_parser_set_input_file(p, path)
           : by == BY_FP   ? fy_parser_set_input_fp(p, path, fp)
                           : fy_parser_set_string(p, buf, n);
    if (rc) {
        fprintf(stderr, "%s: cannot read\n", path);
        return 2;
    }
    struct fy_event *ev;
    unsigned long events = 0;
    while ((ev = fy_parser_parse(p)) != NULL) { events++; fy_parser_event_free(p, ev); }
    int err = fy_parser_get_stream_error(p);
    fy_parser_destroy(p);
    if (by == BY_MMAP && n) munmap(buf, n);
    else if (by == BY_STRING) free(buf);
    if (fp) fclose(fp);
    printf("%lu events\n", events);
    return err ? 1 : 0;
}
