/* report_text.c - the human report: `file:line:col: severity: message [code]`
 * followed by a code frame with the span underlined. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "report.h"
#include "../parser/secrets.h"

#define C(x) (color ? (x) : "")
/* An escape sequence written only in colour (nothing to measure or copy without) */
#define W_ESC(w, lit) do { if (color) w_put(w, lit, sizeof lit - 1); } while (0)
#define W_RESET(w) W_ESC(w, "\033[0m")

/* The report is written into a buffer that goes out in pieces of about
 * FLUSH_AT bytes: stderr is unbuffered (a converter's tens of thousands of
 * notes went out a few bytes per write(2)), and a whole report held in memory
 * was as big as the converted output. */
#define FLUSH_AT (64u << 10)
typedef struct wr { cl_buf b; FILE *out; } wr;

static void w_flush(wr *w)
{
    if (w->b.len) fwrite(w->b.data, 1, w->b.len, w->out);
    w->b.len = 0;
}

static inline void w_put(wr *w, const char *s, size_t n)
{
    if (w->b.len + n < w->b.cap) { memcpy(w->b.data + w->b.len, s, n); w->b.len += n; }
    else cl_buf_put(&w->b, s, n);
}

static inline void w_putc(wr *w, char c)
{
    if (w->b.len + 1 < w->b.cap) w->b.data[w->b.len++] = c;
    else cl_buf_put(&w->b, &c, 1);
}

static inline void w_puts(wr *w, const char *s) { w_put(w, s, strlen(s)); }

/* N times the byte C. */
static void w_fill(wr *w, char c, size_t n)
{
    if (w->b.len + n < w->b.cap) {   /* room: at once, in place */
        memset(w->b.data + w->b.len, c, n);
        w->b.len += n;
        return;
    }
    char t[64];
    memset(t, c, n < sizeof t ? n : sizeof t);
    for (size_t k; n; n -= k) {
        k = n < sizeof t ? n : sizeof t;
        w_put(w, t, k);
    }
}

/* %u, %5u (WIDTH: padded with spaces on the left), %zu */
static void w_uint(wr *w, size_t v, int width)
{
    static const char pairs[] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                                "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                                "8081828384858687888990919293949596979899";
    if (v < 10 && width <= 1) { w_putc(w, (char)('0' + v)); return; }   /* a line 1..9, a short list's count */
    char t[24];
    int n = 0;
    for (; v >= 100; v /= 100) {           /* two digits a division, from the right */
        size_t r = v % 100;
        t[sizeof t - 1 - n++] = pairs[2 * r + 1];
        t[sizeof t - 1 - n++] = pairs[2 * r];
    }
    if (v >= 10) {
        t[sizeof t - 1 - n++] = pairs[2 * v + 1];
        t[sizeof t - 1 - n++] = pairs[2 * v];
    } else {
        t[sizeof t - 1 - n++] = (char)('0' + v);
    }
    if (n < width) {
        memset(t + sizeof t - width, ' ', (size_t)(width - n));
        n = width;
    }
    w_put(w, t + sizeof t - n, (size_t)n);
}

/* A code frame shows at most FRAME_WIDTH columns of a line, FRAME_LEFT of them
 * before the span when the line is longer, with "…" where it was cut: a
 * minified or binary file has lines of megabytes. */
#define FRAME_WIDTH 120
#define FRAME_LEFT 40

/* The character at P (NUL-terminated buffer): its bytes, and the columns it
 * takes when shown. Control bytes, DEL, C1 controls and bytes that are not
 * UTF-8 are escaped (\xNN per byte) so the terminal never receives them; a
 * tab is shown as one space so the caret lines up. */
static inline size_t char_at(const char *p, size_t *cols, int *escape)
{
    const unsigned char *s = (const unsigned char *)p;
    if (s[0] >= 0x20 && s[0] < 0x7f) { *escape = 0; *cols = 1; return 1; }   /* printable ASCII */
    size_t n = cl_report_utf8_len(s);
    *escape = !n || (n == 1 && ((s[0] < 0x20 && s[0] != '\t') || s[0] == 0x7f)) || (n == 2 && s[0] == 0xC2 && s[1] < 0xA0);
    if (!n) n = 1;
    *cols = *escape ? 4 * n : 1;
    return n;
}

static void put_char(wr *w, const char *p, size_t n, int escape)
{
    static const char hex[] = "0123456789abcdef";
    if (escape) for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        char e[4] = { '\\', 'x', hex[c >> 4], hex[c & 15] };
        w_put(w, e, 4);
    }
    else if (*p == '\t') w_putc(w, ' ');
    else w_put(w, p, n);
}

/* Are the 8 bytes at P all printable ASCII (0x20..0x7e)? */
static inline int printable8(const char *p)
{
    uint64_t x;
    memcpy(&x, p, sizeof x);
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    /* a byte below 0x20, or one at 0x7f or above, sets its high bit in one of these */
    uint64_t low = (x - 0x20 * ones) & ~x, top = ((x & ~high) + ones) | x;
    return !((low | top) & high);
}

/* S with control bytes escaped (messages quote keys and values of the file). */
static void put_text(wr *w, const char *s)
{
    size_t cols;
    int escape;
    const char *run = s, *end = s + strlen(s);   /* RUN: characters written as they are, copied at once */
    while (*s) {
        unsigned char c = (unsigned char)*s;
        if (end - s >= 8 && printable8(s)) { s += 8; continue; }
        if (c >= 0x20 && c < 0x7f) { s++; continue; }   /* printable ASCII: as it is */
        size_t n = char_at(s, &cols, &escape);
        if (escape || *s == '\t') {
            w_put(w, run, (size_t)(s - run));
            put_char(w, s, n, escape);
            run = s + n;
        }
        s += n;
    }
    w_put(w, run, (size_t)(s - run));
}

/* Are the N bytes at P all printable ASCII? */
static int printable(const char *p, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) if (!printable8(p + i)) return 0;
    char t[8] = "        ";   /* the tail, padded with spaces */
    memcpy(t, p + i, n - i);
    return printable8(t);
}

/* A piece of a message (cl_diag_message_pieces), as it is. */
static int piece(void *ctx, const char *s, size_t n)
{
    w_put(ctx, s, n);
    return 0;
}

/* G's message, its control bytes escaped (put_text): its pieces written as
 * they are, then looked at once: when they are not all printable ASCII
 * (nearly never), taken back and put together in SCRATCH first. */
static void put_message(wr *w, const cl_diag *g, cl_buf *scratch)
{
    size_t at = w->b.len;
    cl_diag_message_pieces(g, piece, w);
    if (printable(w->b.data + at, w->b.len - at)) return;
    w->b.len = at;
    put_text(w, cl_diag_message(g, scratch));
}

/* The line a frame shows, kept while the findings stay on it: its text with
 * secrets masked, and where each of its characters starts (byte in SHOWN,
 * column). Masking and measuring a line once, not once per finding, is what
 * keeps a file written on one line of megabytes (flow style) linear. A plain
 * line (printable ASCII only, the usual one) needs no arrays: its character
 * K is its byte K and its column K, and what a frame shows of it is copied
 * at once. */
typedef struct {
    const cl_source *src;   /* NULL: nothing kept */
    uint32_t a, b;          /* the line's bytes in src */
    cl_buf shown;
    int plain;              /* every byte printable ASCII: BOFF and CST unused */
    size_t nch, cap, w;     /* characters, capacity of the arrays, columns */
    size_t *boff, *cst;     /* per character: byte offset in shown, first column */
} frame_line;

static void frame_line_free(frame_line *fl)
{
    cl_buf_free(&fl->shown);
    free(fl->boff);
    free(fl->cst);
}

static void frame_line_load(frame_line *fl, const cl_source *src, uint32_t a, uint32_t b)
{
    fl->src = src; fl->a = a; fl->b = b;
    fl->shown.len = 0;
    cl_redact_line(&fl->shown, src->data + a, b - a);
    cl_buf_put(&fl->shown, "", 0);
    size_t cols, n;
    int escape;
    fl->plain = 1;
    size_t at = 0;   /* 8 bytes at a time while they are all printable */
    while (at + 8 <= fl->shown.len && printable8(fl->shown.data + at)) at += 8;
    for (; at < fl->shown.len && fl->plain; at++)
        fl->plain = (unsigned char)fl->shown.data[at] >= 0x20 && (unsigned char)fl->shown.data[at] < 0x7f;
    fl->nch = 0; fl->w = 0;
    if (fl->plain) { fl->nch = fl->w = fl->shown.len; return; }
    for (size_t i = 0; i < fl->shown.len; i += n) {
        if (fl->nch == fl->cap) {
            fl->cap = fl->cap ? 2 * fl->cap : 256;
            fl->boff = realloc(fl->boff, fl->cap * sizeof *fl->boff);
            fl->cst = realloc(fl->cst, fl->cap * sizeof *fl->cst);
            if (!fl->boff || !fl->cst) abort();
        }
        fl->boff[fl->nch] = i;
        fl->cst[fl->nch++] = fl->w;
        n = char_at(fl->shown.data + i, &cols, &escape);
        fl->w += cols;
    }
}

/* A long line (LONG_LINE bytes or more: a file written on one line) is
 * masked and measured once for both threads of a report (SHARED): the first
 * to need it loads it, then both read it, until neither is on it any more.
 * The helper waits for the writer's load; the writer, which never waits for
 * the helper, loads its own copy when the helper is loading it. */
#define LONG_LINE (64u << 10)
typedef struct shared_line {
    pthread_mutex_t *mu;
    pthread_cond_t *cv;
    const cl_source *src;      /* under MU: the line FL holds or is being loaded with */
    uint32_t a, b;
    int loading, users;        /* under MU */
    int waiting;               /* under MU: a thread waits on CV for the load */
    frame_line fl;
} shared_line;

/* What formatting findings keeps from one to the next: the path shown, the
 * line a frame shows, and the long line it reads from SHARED (NULL: none). */
typedef struct shown_path { const char *path, *shown; size_t len; cl_buf tmp; } shown_path;
typedef struct fmt_state {
    shown_path sp;
    frame_line fl;
    cl_buf msg;                /* a finding's message, rebuilt (cl_diag_message) */
    shared_line *shared;       /* NULL on one thread */
    const frame_line *held;    /* SHARED's line, counted in its users */
    int waits;                 /* waits for the other thread's load of a line (the writer never waits) */
} fmt_state;

static void line_release(fmt_state *st)
{
    if (!st->held) return;
    pthread_mutex_lock(st->shared->mu);
    st->shared->users--;
    pthread_mutex_unlock(st->shared->mu);
    st->held = NULL;
}

/* The line [A, B) of SRC masked and measured: ST's own, or the shared one. */
static const frame_line *line_for(fmt_state *st, const cl_source *src, uint32_t a, uint32_t b)
{
    if (st->held && st->held->src == src && st->held->a == a && st->held->b == b) return st->held;
    line_release(st);
    frame_line *own = &st->fl;
    if (own->src == src && own->a == a && own->b == b) return own;
    shared_line *sh = st->shared;
    if (sh && b - a >= LONG_LINE) {
        pthread_mutex_lock(sh->mu);
        for (;;) {
            int same = sh->src == src && sh->a == a && sh->b == b;
            if (same && !sh->loading) { sh->users++; st->held = &sh->fl; break; }
            if (same && st->waits) {                                      /* the other thread loads it */
                sh->waiting++;
                pthread_cond_wait(sh->cv, sh->mu);
                sh->waiting--;
                continue;
            }
            if (sh->loading || sh->users) break;                          /* busy with another: load our own */
            sh->src = src; sh->a = a; sh->b = b;
            sh->loading = 1;
            pthread_mutex_unlock(sh->mu);
            frame_line_load(&sh->fl, src, a, b);
            pthread_mutex_lock(sh->mu);
            sh->loading = 0;
            if (sh->waiting) pthread_cond_broadcast(sh->cv);
        }
        pthread_mutex_unlock(sh->mu);
        if (st->held) return st->held;
    }
    frame_line_load(own, src, a, b);
    return own;
}

/* The code frame of SP, whose start is at LINE:COL. */
static void frame(wr *o, const cl_span *sp, uint32_t line, uint32_t col, int color, const char *sevcol, fmt_state *st)
{
    uint32_t eline, ecol, a, b;
    if (sp->end > sp->start) cl_source_pos(sp->src, sp->end, &eline, &ecol);
    else { eline = line; ecol = col; }
    if (cl_source_line(sp->src, line, &a, &b) < 0) return;
    uint32_t width = 1;   /* the span on this line, in characters */
    if (eline == line && ecol > col) width = ecol - col;
    else if (eline != line) {
        uint32_t chars = 0;
        for (uint32_t i = sp->start; i < b; i++) if (((unsigned char)sp->src->data[i] & 0xC0) != 0x80) chars++;
        width = chars ? chars : 1;
    }
    /* secret-looking values are masked */
    const frame_line *fl = line_for(st, sp->src, a, b);
    const char *shown = fl->shown.data;
    /* columns of the whole line (W), of the span's start (DS) and end (DE):
     * the starts of characters COL and COL + WIDTH (1-based) */
    size_t w = fl->w, ds = (size_t)-1, de = (size_t)-1, cols, n;
    int escape;
    if (col >= 1 && col <= fl->nch) ds = fl->plain ? col - 1 : fl->cst[col - 1];
    if ((size_t)col + width >= 1 && (size_t)col + width <= fl->nch)
        de = fl->plain ? (size_t)col + width - 1 : fl->cst[(size_t)col + width - 1];
    if (ds == (size_t)-1) ds = w;   /* past the (possibly shorter) line shown: caret at its end */
    if (de == (size_t)-1 || de <= ds) de = ds < w ? w : ds + 1;
    size_t lo = 0, hi = w;
    if (w > FRAME_WIDTH) {
        lo = ds > FRAME_LEFT ? ds - FRAME_LEFT : 0;
        if (w - lo < FRAME_WIDTH) lo = w - FRAME_WIDTH;
        hi = lo + FRAME_WIDTH;
    }
    W_ESC(o, "\033[2m");
    w_uint(o, line, 5);
    w_puts(o, " |");
    W_RESET(o);
    w_putc(o, ' ');
    /* the characters shown are those in columns [lo, hi): columns grow along
     * the line, so from the first at or past LO to the last ending by HI */
    size_t first = (size_t)-1, last = 0;   /* columns shown: [first, last) */
    size_t k0 = 0, k1 = fl->nch;
    if (fl->plain && lo < hi) {            /* columns are bytes: [lo, hi) at once */
        first = lo;
        if (lo) w_puts(o, "\xE2\x80\xA6");
        w_put(o, shown + lo, hi - lo);
        last = hi;
        k0 = fl->nch;
    }
    while (!fl->plain && k0 < k1) {
        size_t mid = k0 + (k1 - k0) / 2;
        if (fl->cst[mid] < lo) k0 = mid + 1; else k1 = mid;
    }
    for (size_t k = k0; !fl->plain && k < fl->nch; k++) {
        size_t at = fl->cst[k];
        n = char_at(shown + fl->boff[k], &cols, &escape);
        if (at + cols > hi) break;
        if (first == (size_t)-1) { first = at; if (at) w_puts(o, "\xE2\x80\xA6"); }
        put_char(o, shown + fl->boff[k], n, escape);
        last = at + cols;
    }
    if (first == (size_t)-1) first = last = ds;
    if (last < w) w_puts(o, "\xE2\x80\xA6");
    w_putc(o, '\n');
    /* the caret line, cut as the line was */
    size_t from = ds > first ? ds : first, to = de < last ? de : last;
    size_t pad = (first ? 1 : 0) + (from - first), carets = to > from ? to - from : 1;
    W_ESC(o, "\033[2m");
    w_puts(o, "      |");
    W_RESET(o);
    w_putc(o, ' ');
    w_fill(o, ' ', pad);
    if (color) w_puts(o, sevcol);
    w_fill(o, '^', carets);
    W_RESET(o);
    w_putc(o, '\n');
}

/* PATH as shown (cl_report_shown_path), worked out and measured once while
 * the findings stay in the same file: an absolute path costs a getcwd. */
static void put_shown(wr *w, shown_path *sp, const char *path)
{
    if (path != sp->path) {
        sp->path = path;
        sp->shown = cl_report_shown_path(&sp->tmp, path);
        sp->len = strlen(sp->shown);
    }
    w_put(w, sp->shown, sp->len);
}

/* "path:line:col" of the start of SPAN (the path as people are shown it), at LINE:COL. */
static void w_place_at(wr *w, shown_path *sp, const cl_span *span, uint32_t line, uint32_t col)
{
    put_shown(w, sp, span->src->path);
    w_putc(w, ':');
    w_uint(w, line, 0);
    w_putc(w, ':');
    w_uint(w, col, 0);
}

static void w_place(wr *w, shown_path *sp, const cl_span *span)
{
    uint32_t line, col;
    cl_source_pos(span->src, span->start, &line, &col);
    w_place_at(w, sp, span, line, col);
}

static void fmt_init(fmt_state *st)
{
    memset(st, 0, sizeof *st);
    cl_buf_init(&st->fl.shown);
    cl_buf_init(&st->msg);
}

static void fmt_free(fmt_state *st)
{
    line_release(st);
    cl_buf_free(&st->sp.tmp);
    cl_buf_free(&st->msg);
    frame_line_free(&st->fl);
}

/* Finding G: its line, its code frame, its notes and its fix. */
static void finding(wr *w, const cl_diag *g, int color, fmt_state *st)
{
    const char *sevcol = g->severity == CL_SEV_ERROR ? C("\033[1;31m")
                       : g->severity == CL_SEV_WARNING ? C("\033[1;33m") : C("\033[1;36m");
    uint32_t line = 0, col = 0;   /* where the finding starts: said, then framed */
    cl_span gs = cl_diag_span(g);
    if (gs.src) {
        cl_source_pos(gs.src, gs.start, &line, &col);
        W_ESC(w, "\033[1m");
        w_place_at(w, &st->sp, &gs, line, col);
        w_putc(w, ':');
        W_RESET(w);
        w_putc(w, ' ');
    }
    if (color) w_puts(w, sevcol);
    w_puts(w, cl_severity_name(g->severity));
    w_putc(w, ':');
    W_RESET(w);
    w_putc(w, ' ');
    put_message(w, g, &st->msg);
    w_putc(w, ' ');
    W_ESC(w, "\033[2m");
    w_putc(w, '[');
    w_puts(w, cl_diag_code(g));
    w_putc(w, ']');
    W_RESET(w);
    w_putc(w, '\n');
    if (gs.src) frame(w, &gs, line, col, color, sevcol, st);
    size_t nrel = cl_diag_nrelated(g);
    const cl_related *rels = nrel ? cl_diag_related(g) : NULL;
    for (size_t r = 0; r < nrel; r++) {
        const cl_related *rel = &rels[r];
        if (!rel->span.src) continue;
        w_puts(w, "  ");
        W_ESC(w, "\033[1;36m");
        w_puts(w, "note:");
        W_RESET(w);
        w_putc(w, ' ');
        w_place(w, &st->sp, &rel->span);
        w_puts(w, ": ");
        w_puts(w, rel->message);
        w_putc(w, '\n');
    }
    cl_fix fx;
    if (cl_diag_fix(g, &fx)) {
        w_puts(w, "  ");
        W_ESC(w, "\033[1;32m");
        w_puts(w, "help:");
        W_RESET(w);
        w_putc(w, ' ');
        w_puts(w, fx.description);
        w_puts(w, fx.safe ? "" : " (unsafe fix)");
        w_putc(w, '\n');
    }
}

/* Findings [A, B) of D into W, flushed as W fills when it has a stream. */
static void findings(wr *w, const cl_diags *d, size_t a, size_t b, int color, fmt_state *st)
{
    for (size_t i = a; i < b; i++) {
        /* the messages lie all over the heap, in the order they were found: a
         * few findings ahead, the next one is asked for while this one is written */
        if (i + 4 < d->n) cl_diag_prefetch(&d->v[i + 4]);
        finding(w, &d->v[i], color, st);
        if (w->out && w->b.len >= FLUSH_AT) w_flush(w);
    }
}

/* A long report is formatted on two threads, in chunks of CHUNK findings,
 * and written out in order by the calling thread, which never waits for the
 * other: the helper takes the next chunk not yet taken (up to SLOTS ahead of
 * the writer) and formats it into the buffer of its slot (chunk c in slot
 * c % SLOTS); the writer writes the next chunk when it is ready, else formats
 * the next one not taken itself, and when the helper still holds the next
 * one and no slot is free (the helper is not running: the machine is busy),
 * formats that one again itself and writes it, the helper's copy dropped
 * when it is done. Chunks are formatted the same by either thread. */
#define CHUNK 512
#define SLOTS 8
#define TWO_THREADS_FROM (4 * CHUNK)

enum { SLOT_FREE, SLOT_BUSY, SLOT_READY };
typedef struct par {
    const cl_diags *d;
    int color;
    size_t nchunks;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    size_t next_take;          /* the next chunk not yet taken */
    size_t next_write;         /* the next chunk to write (atomic: the helper reads it to drop a chunk early) */
    cl_buf buf[SLOTS];
    size_t chunk[SLOTS];       /* the chunk in the slot */
    int state[SLOTS];          /* SLOT_* */
    int waiting;               /* the helper waits on CV for a chunk it can take: wake it */
    shared_line shared;        /* under MU and CV too */
} par;

/* Takes the next chunk into its slot, under MU; (size_t)-1 when it cannot be taken now. */
static size_t par_take(par *p)
{
    size_t c = p->next_take;
    if (c >= p->nchunks || c >= p->next_write + SLOTS || p->state[c % SLOTS] != SLOT_FREE) return (size_t)-1;
    p->state[c % SLOTS] = SLOT_BUSY;
    p->chunk[c % SLOTS] = c;
    p->next_take++;
    return c;
}

/* Findings of chunk C into W; stops early (returns 0) when STOP and chunk C is written already. */
static int chunk_format(wr *w, par *p, size_t c, fmt_state *st, int stop)
{
    size_t a = c * CHUNK, b = a + CHUNK < p->d->n ? a + CHUNK : p->d->n;
    for (size_t i = a; i < b; i += 32) {
        if (stop && __atomic_load_n(&p->next_write, __ATOMIC_RELAXED) > c) return 0;
        findings(w, p->d, i, i + 32 < b ? i + 32 : b, p->color, st);
    }
    return 1;
}

/* Formats taken chunk C into its slot (outside MU), then marks it ready, or free when it was written meanwhile. */
static void par_format(par *p, size_t c, fmt_state *st, int stop)
{
    int s = (int)(c % SLOTS);
    wr w = { p->buf[s], NULL };
    w.b.len = 0;
    chunk_format(&w, p, c, st, stop);
    pthread_mutex_lock(&p->mu);
    p->buf[s] = w.b;
    p->state[s] = c < p->next_write ? SLOT_FREE : SLOT_READY;
    if (p->waiting) pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

static void *par_worker(void *arg)
{
    par *p = arg;
    fmt_state st;
    fmt_init(&st);
    st.shared = &p->shared;
    st.waits = 1;
    pthread_mutex_lock(&p->mu);
    while (p->next_take < p->nchunks) {
        size_t c = par_take(p);
        if (c == (size_t)-1) {
            p->waiting = 1;
            pthread_cond_wait(&p->cv, &p->mu);
            p->waiting = 0;
            continue;
        }
        pthread_mutex_unlock(&p->mu);
        par_format(p, c, &st, 1);
        pthread_mutex_lock(&p->mu);
    }
    pthread_mutex_unlock(&p->mu);
    fmt_free(&st);
    return NULL;
}

/* The writer's share: chunk C formatted into W and written out, then counted written. */
static void par_write_own(par *p, wr *w, size_t c, fmt_state *st)
{
    pthread_mutex_unlock(&p->mu);
    chunk_format(w, p, c, st, 0);
    w_flush(w);
    pthread_mutex_lock(&p->mu);
    __atomic_store_n(&p->next_write, c + 1, __ATOMIC_RELAXED);
    if (p->waiting) pthread_cond_broadcast(&p->cv);
}

/* The findings of D written to W's stream in order, on two threads; 0 when
 * no second thread could start (nothing was written then). */
static int findings_two_threads(wr *w, const cl_diags *d, int color, fmt_state *st)
{
    par p;
    memset(&p, 0, sizeof p);
    p.d = d;
    p.color = color;
    p.nchunks = (d->n + CHUNK - 1) / CHUNK;
    for (int i = 0; i < SLOTS; i++) cl_buf_init(&p.buf[i]);
    p.shared.mu = &p.mu;
    p.shared.cv = &p.cv;
    cl_buf_init(&p.shared.fl.shown);
    pthread_t t;
    int ok = !pthread_mutex_init(&p.mu, NULL);
    if (ok && pthread_cond_init(&p.cv, NULL)) { pthread_mutex_destroy(&p.mu); ok = 0; }
    if (ok) {
        /* both threads begin on the line of the first finding: when it is a
         * long one (a file on one line), it is loaded before the helper starts */
        st->shared = &p.shared;
        for (size_t i = 0; i < d->n; i++) {
            const cl_span gs = cl_diag_span(&d->v[i]), *sp = &gs;
            uint32_t line, col, a, b;
            if (!sp->src) continue;
            cl_source_pos(sp->src, sp->start, &line, &col);
            if (cl_source_line(sp->src, line, &a, &b) == 0) line_for(st, sp->src, a, b);
            break;
        }
    }
    if (ok && pthread_create(&t, NULL, par_worker, &p)) {
        line_release(st);
        pthread_cond_destroy(&p.cv);
        pthread_mutex_destroy(&p.mu);
        ok = 0;
    }
    if (!ok) {
        st->shared = NULL;
        for (int i = 0; i < SLOTS; i++) cl_buf_free(&p.buf[i]);
        frame_line_free(&p.shared.fl);
        return 0;
    }
    w_flush(w);
    pthread_mutex_lock(&p.mu);
    while (p.next_write < p.nchunks) {
        size_t c = p.next_write;
        int s = (int)(c % SLOTS);
        if (c < p.next_take && p.state[s] == SLOT_READY && p.chunk[s] == c) {   /* ready: out it goes */
            pthread_mutex_unlock(&p.mu);
            fwrite(p.buf[s].data, 1, p.buf[s].len, w->out);
            pthread_mutex_lock(&p.mu);
            p.state[s] = SLOT_FREE;
            __atomic_store_n(&p.next_write, c + 1, __ATOMIC_RELAXED);
            if (p.waiting) pthread_cond_broadcast(&p.cv);
        } else if (c == p.next_take) {     /* not taken: the writer formats and writes it */
            p.next_take++;
            par_write_own(&p, w, c, st);
        } else {                           /* the helper holds it: format the next one meanwhile */
            size_t ahead = par_take(&p);
            if (ahead != (size_t)-1) {
                pthread_mutex_unlock(&p.mu);
                par_format(&p, ahead, st, 0);
                pthread_mutex_lock(&p.mu);
            } else {
                par_write_own(&p, w, c, st);   /* no slot free: this one again, rather than wait */
            }
        }
    }
    pthread_mutex_unlock(&p.mu);
    line_release(st);
    st->shared = NULL;
    pthread_join(t, NULL);
    frame_line_free(&p.shared.fl);
    pthread_cond_destroy(&p.cv);
    pthread_mutex_destroy(&p.mu);
    for (int i = 0; i < SLOTS; i++) cl_buf_free(&p.buf[i]);
    return 1;
}

static void report_text(wr *w, const cl_diags *d, int color)
{
    size_t nerr = 0, nwarn = 0, ninfo = 0;
    for (size_t i = 0; i < d->n; i++) {
        if (d->v[i].severity == CL_SEV_ERROR) nerr++;
        else if (d->v[i].severity == CL_SEV_WARNING) nwarn++;
        else ninfo++;
    }
    fmt_state st;
    fmt_init(&st);
    if (d->n < TWO_THREADS_FROM || !findings_two_threads(w, d, color, &st)) findings(w, d, 0, d->n, color, &st);
    fmt_free(&st);
    if (!d->n) return;
    w_puts(w, "\n");
    w_uint(w, nerr, 0);
    w_puts(w, nerr == 1 ? " error, " : " errors, ");
    w_uint(w, nwarn, 0);
    w_puts(w, nwarn == 1 ? " warning" : " warnings");
    if (ninfo) {
        w_puts(w, ", ");
        w_uint(w, ninfo, 0);
        w_puts(w, ninfo == 1 ? " note" : " notes");
    }
    w_putc(w, '\n');
}

void cl_report_text(FILE *out, const cl_diags *d, int color)
{
    wr w = { { NULL, 0, 0 }, out };
    cl_buf_init(&w.b);
    report_text(&w, d, color);
    w_flush(&w);
    cl_buf_free(&w.b);
}
