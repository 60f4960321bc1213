#include "source.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/stat.h>

/* The line index of S, built on first use. Several threads may ask for the
 * positions of one source: the first builds it under INDEX_LOCK, and a
 * release store of line_starts (after nlines) publishes it. */
static pthread_mutex_t index_lock = PTHREAD_MUTEX_INITIALIZER;

/* 1 when the N bytes at P are all below 0x80 (read eight at a time). */
static int all_ascii(const unsigned char *p, size_t n)
{
    uint64_t any = 0, w;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        memcpy(&w, p + i, 8);
        any |= w;
    }
    for (; i < n; i++) any |= p[i];
    return !(any & 0x8080808080808080ull);
}

static void build_index(cl_source *s)
{
    size_t cap = 64, n = 0;
    uint32_t *ls = malloc(cap * sizeof *ls);
    if (!ls) abort();
    ls[n++] = 0;
    if (!memchr(s->data, '\r', s->len)) {
        /* the common case, only \n: let memchr find them */
        for (const char *p = s->data, *e = s->data + s->len; (p = memchr(p, '\n', (size_t)(e - p))) != NULL;) {
            p++;
            if (n == cap) { cap *= 2; ls = realloc(ls, cap * sizeof *ls); if (!ls) abort(); }
            ls[n++] = (uint32_t)(p - s->data);
        }
    } else {
        for (size_t i = 0; i < s->len; i++) {
            if (s->data[i] == '\n' || (s->data[i] == '\r' && (i + 1 >= s->len || s->data[i + 1] != '\n'))) {
                if (n == cap) { cap *= 2; ls = realloc(ls, cap * sizeof *ls); if (!ls) abort(); }
                ls[n++] = (uint32_t)(i + 1);
            }
        }
    }
    /* which lines are all ASCII: there a column is the byte distance, and
     * cl_source_pos need not count the characters of a line of megabytes
     * (a flow-style file) once for each finding on it */
    unsigned char *ascii = malloc(n);
    if (!ascii) abort();
    const unsigned char *d = (const unsigned char *)s->data;
    if (all_ascii(d, s->len)) memset(ascii, 1, n);   /* the common case: one pass for the file */
    else
        for (size_t l = 0; l < n; l++)
            ascii[l] = all_ascii(d + ls[l], (l + 1 < n ? ls[l + 1] : s->len) - ls[l]);
    s->line_ascii = ascii;
    s->nlines = n;
    __atomic_store_n(&s->line_starts, ls, __ATOMIC_RELEASE);
}

static const uint32_t *lines(const cl_source *cs)
{
    cl_source *s = (cl_source *)cs;      /* the index is a cache: building it changes no byte */
    const uint32_t *ls = __atomic_load_n(&s->line_starts, __ATOMIC_ACQUIRE);
    if (ls) return ls;
    pthread_mutex_lock(&index_lock);
    if (!s->line_starts) build_index(s);
    pthread_mutex_unlock(&index_lock);
    return s->line_starts;
}

size_t cl_source_nlines(const cl_source *s)
{
    lines(s);
    return s->nlines;
}

/* LEN + 1 bytes for a file's text. A big one gets a mapping whose pages the
 * kernel supplies at once (MAP_POPULATE), cheaper than taking a fault on each
 * page as read() fills it. */
static char *text_buffer(size_t len, size_t *map_len)
{
    *map_len = 0;
    if (len >= (1u << 20)) {
        size_t n = len + 1;
        void *m = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
        if (m != MAP_FAILED) {
            *map_len = n;
            return m;
        }
    }
    char *d = malloc(len + 1);
    if (!d) abort();
    return d;
}

static void free_text(char *data, size_t map_len)
{
    if (map_len) munmap(data, map_len);
    else free(data);
}

cl_source *cl_source_from_string(const char *name, const char *data, size_t len)
{
    cl_source *s = calloc(1, sizeof *s);
    if (!s) abort();
    s->path = strdup(name ? name : "<string>");
    s->data = malloc(len + 1);
    if (!s->path || !s->data) abort();
    if (len) memcpy(s->data, data, len);
    s->data[len] = 0;
    s->len = len;
    return s;
}

cl_source *cl_source_load(const char *path, const char *display_name, size_t max_bytes,
                          char *err, size_t errlen)
{
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot open: %s", strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, len = 0, map_len = 0;
    int sized = 0;
    if (!is_stdin) {
        struct stat st;
        if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
            fclose(f);
            snprintf(err, errlen, "is a directory");
            return NULL;
        }
        /* a regular file: one buffer of its size (one byte more, so reaching
         * the end needs no second buffer), read without stdio's copy */
        if (S_ISREG(st.st_mode) && st.st_size > 0 && (uint64_t)st.st_size <= max_bytes) {
            cap = (size_t)st.st_size + 1;
            sized = 1;
            setvbuf(f, NULL, _IONBF, 0);
        }
    }
    char *data = sized ? text_buffer(cap, &map_len) : malloc(cap + 1);
    if (!data) abort();
    for (;;) {
        if (len == cap) {
            if (cap > max_bytes) break;
            cap *= 2;
            if (map_len) {            /* the file grew while read: on to the heap */
                char *d = malloc(cap + 1);
                if (!d) abort();
                memcpy(d, data, len);
                munmap(data, map_len);
                map_len = 0;
                data = d;
            } else {
                data = realloc(data, cap + 1);
                if (!data) abort();
            }
        }
        size_t n = fread(data + len, 1, cap - len, f);
        len += n;
        if (n == 0) break;
        if (len > max_bytes) break;
    }
    int rerr = ferror(f);
    if (!is_stdin) fclose(f);
    if (rerr) {
        free_text(data, map_len);
        snprintf(err, errlen, "read error: %s", strerror(errno));
        return NULL;
    }
    if (len > max_bytes) {
        free_text(data, map_len);
        snprintf(err, errlen, "file is larger than the limit of %zu bytes (--max-file-size)", max_bytes);
        return NULL;
    }
    cl_source *s = calloc(1, sizeof *s);
    if (!s) abort();
    s->path = strdup(is_stdin ? (display_name ? display_name : "<stdin>") : (display_name ? display_name : path));
    if (!s->path) abort();
    data[len] = 0;
    s->data = data;
    s->len = len;
    s->map_len = map_len;
    return s;
}

/* The numbers of cl_source_num, under NUM_LOCK. A number is given again
 * only once none that was never given is left: until then each names one
 * source. Then a freed source's number is, or else one whose documents
 * were all freed (RETIRED, taken in turn: its source is held for the
 * report, its nodes are gone). */
const cl_source *cl_source_nums_[CL_SOURCE_NUMS];
static pthread_mutex_t num_lock = PTHREAD_MUTEX_INITIALIZER;
static uint32_t nums_given;                   /* 1..nums_given were given */
static uint32_t num_docs[CL_SOURCE_NUMS];     /* documents of each number's source */
static uint16_t nums_free[CL_SOURCE_NUMS];    /* freed sources' numbers */
static uint32_t nfree;
static uint16_t retired[CL_SOURCE_NUMS];      /* numbers whose documents were all freed */
static unsigned char is_retired[CL_SOURCE_NUMS];
static uint32_t nretired;

/* S's number when it still names S (a copy of a source, or one whose number
 * was given again, has to ask for another). */
static uint16_t num_of(const cl_source *s)
{
    uint16_t n = __atomic_load_n(&s->num_, __ATOMIC_RELAXED);
    return n && cl_source_by_num(n) == s ? n : 0;
}

/* S's number, given now when it has none (under NUM_LOCK): 0 when all are taken. */
static uint16_t num_locked(const cl_source *s)
{
    uint16_t n = num_of(s);
    if (n) return n;
    if (nums_given < CL_SOURCE_NUMS - 1) n = (uint16_t)++nums_given;
    else if (nfree) n = nums_free[--nfree];
    else
        while (nretired && !n) {
            uint16_t r = retired[--nretired];
            is_retired[r] = 0;
            if (!num_docs[r]) n = r;   /* else a document came back */
        }
    if (!n) return 0;
    num_docs[n] = 0;
    __atomic_store_n(&cl_source_nums_[n], s, __ATOMIC_RELEASE);
    __atomic_store_n(&((cl_source *)s)->num_, n, __ATOMIC_RELAXED);
    return n;
}

uint16_t cl_source_num(const cl_source *s)
{
    if (!s) return 0;
    uint16_t n = num_of(s);
    if (n) return n;
    pthread_mutex_lock(&num_lock);
    n = num_locked(s);
    pthread_mutex_unlock(&num_lock);
    return n;
}

uint16_t cl_source_doc_begin(const cl_source *s)
{
    if (!s) return 0;
    pthread_mutex_lock(&num_lock);
    uint16_t n = num_locked(s);
    if (n) num_docs[n]++;
    pthread_mutex_unlock(&num_lock);
    return n;
}

void cl_source_doc_end(const cl_source *s)
{
    if (!s) return;
    pthread_mutex_lock(&num_lock);
    uint16_t n = num_of(s);
    if (n && num_docs[n] && !--num_docs[n] && !is_retired[n]) {
        is_retired[n] = 1;
        retired[nretired++] = n;
    }
    pthread_mutex_unlock(&num_lock);
}

void cl_source_free(cl_source *s)
{
    if (!s) return;
    pthread_mutex_lock(&num_lock);
    uint16_t n = num_of(s);
    if (n) {
        __atomic_store_n(&cl_source_nums_[n], NULL, __ATOMIC_RELAXED);
        num_docs[n] = 0;
        if (!is_retired[n]) nums_free[nfree++] = n;   /* a retired one is given again from there */
    }
    pthread_mutex_unlock(&num_lock);
    free(s->path);
    free_text(s->data, s->map_len);
    free(s->line_starts);
    free(s->line_ascii);
    free(s);
}

/* The line of OFF among the N line starts LS. */
static size_t line_search(const uint32_t *ls, size_t n, uint32_t off)
{
    size_t lo = 0, hi = n;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (ls[mid] <= off) lo = mid; else hi = mid;
    }
    return lo;
}

/* The line last found on this thread: reports ask in the order of the
 * offsets, most often for the same line or the next (a hint only: checked
 * against the line starts of S before it is believed). */
static _Thread_local size_t last_line;

static size_t line_of(const cl_source *s, uint32_t off)
{
    const uint32_t *ls = lines(s);
    size_t n = s->nlines;
    for (size_t l = last_line; l < n && l <= last_line + 1; l++)
        if (ls[l] <= off && (l + 1 == n || off < ls[l + 1])) return last_line = l;
    last_line = line_search(ls, n, off);
    return last_line;
}

void cl_source_pos(const cl_source *s, uint32_t off, uint32_t *line, uint32_t *col)
{
    if (off > s->len) off = (uint32_t)s->len;
    size_t l = line_of(s, off);
    uint32_t c = 1;
    if (s->line_ascii[l]) c += off - s->line_starts[l];
    else for (uint32_t i = s->line_starts[l]; i < off; i++)
        if (((unsigned char)s->data[i] & 0xC0) != 0x80) c++;
    *line = (uint32_t)l + 1;
    *col = c;
}

int cl_source_line(const cl_source *s, uint32_t line, uint32_t *start, uint32_t *end)
{
    lines(s);
    if (line == 0 || line > s->nlines) return -1;
    uint32_t a = s->line_starts[line - 1];
    uint32_t b = line < s->nlines ? s->line_starts[line] : (uint32_t)s->len;
    while (b > a && (s->data[b - 1] == '\n' || s->data[b - 1] == '\r')) b--;
    *start = a; *end = b;
    return 0;
}

uint32_t cl_source_offset(const cl_source *s, uint32_t line, uint32_t col)
{
    uint32_t a, b;
    if (cl_source_line(s, line, &a, &b) < 0) return (uint32_t)s->len;
    uint32_t c = 1, i = a;
    while (i < b && c < col) {
        i++;
        while (i < b && ((unsigned char)s->data[i] & 0xC0) == 0x80) i++;
        c++;
    }
    return i;
}
