/* spool.c - streams whose full chunks go to a store (see spool.h). */
#include "spool.h"
#include <stdio.h>
#include <stdlib.h>

/* A tail this big is handed to the store (and its buffer kept for the next). */
#define CHUNK (64u * 1024u)

/* A piece of a stream: LEN bytes at AT of the store, or at MEM when the store did not take them. */
typedef struct seg { uint64_t at; size_t len; char *mem; } seg;
typedef struct stream { seg *v; size_t n, cap; uint64_t flushed; cl_buf tail; } stream;

struct cl_spool {
    const cl_emit_store *store;
    uint64_t stored;           /* bytes put in the store */
    int n;
    stream *s;
};

cl_spool *cl_spool_new(const cl_emit_store *store, int nstreams)
{
    cl_spool *s = calloc(1, sizeof *s);
    if (!s || !(s->s = calloc((size_t)nstreams, sizeof *s->s))) abort();
    s->store = store;
    s->n = nstreams;
    return s;
}

cl_buf *cl_spool_tail(cl_spool *s, int i) { return &s->s[i].tail; }

uint64_t cl_spool_len(const cl_spool *s, int i) { return s->s[i].flushed + s->s[i].tail.len; }

uint64_t cl_spool_start(const cl_spool *s, int i)
{
    uint64_t at = 0;
    for (int j = 0; j < i; j++) at += cl_spool_len(s, j);
    return at;
}

static void add_seg(stream *st, seg g)
{
    if (st->n == st->cap) {
        st->cap = st->cap ? 2 * st->cap : 16;
        st->v = realloc(st->v, st->cap * sizeof *st->v);
        if (!st->v) abort();
    }
    st->v[st->n++] = g;
    st->flushed += g.len;
}

void cl_spool_flush(cl_spool *s, int i)
{
    stream *st = &s->s[i];
    if (!s->store || st->tail.len < CHUNK) return;
    if (s->store->put(s->store->ctx, st->tail.data, st->tail.len) == 0) {
        add_seg(st, (seg){ s->stored, st->tail.len, NULL });
        s->stored += st->tail.len;
        if (st->tail.cap > 4 * CHUNK) cl_buf_free(&st->tail);   /* a big one (cl_spool_replace's) */
        else st->tail.len = 0;
        return;
    }
    add_seg(st, (seg){ 0, st->tail.len, st->tail.data });   /* the store refused: kept here */
    cl_buf_init(&st->tail);
}

static void drop_segs(stream *st)
{
    for (size_t k = 0; k < st->n; k++) free(st->v[k].mem);
    free(st->v);
    st->v = NULL;
    st->n = st->cap = 0;
    st->flushed = 0;
}

void cl_spool_replace(cl_spool *s, int i, cl_buf *text)
{
    stream *st = &s->s[i];
    drop_segs(st);     /* what the store holds of it is left there, unread */
    cl_buf_free(&st->tail);
    st->tail = *text;
    cl_buf_init(text);
}

/* Hands the part of [P, P+N) (at offset BASE of the concatenation) inside [*AT, END) to SINK;
 * P NULL: the bytes are at G->at of the store. */
static int piece(const cl_spool *s, const seg *g, const char *p, uint64_t base, uint64_t *at, uint64_t end,
                 const cl_spool_sink *sink)
{
    uint64_t n = g->len;
    if (*at >= base + n || *at >= end) return 0;
    uint64_t from = *at - base, to = (end < base + n ? end : base + n) - base;
    if (p) {
        if (sink->bytes(sink->ctx, p + from, (size_t)(to - from))) return -1;
    } else {
        uint64_t done = 0;
        if (sink->moved && sink->moved(sink->ctx, g->at + from, to - from, &done) == 0) done = to - from;
        char buf[65536];
        for (uint64_t o = from + done; o < to;) {
            size_t k = to - o < sizeof buf ? (size_t)(to - o) : sizeof buf;
            if (s->store->get(s->store->ctx, g->at + o, buf, k) || sink->bytes(sink->ctx, buf, k)) return -1;
            o += k;
        }
    }
    *at = base + to;
    return 0;
}

int cl_spool_send(const cl_spool *s, uint64_t at, uint64_t len, const cl_spool_sink *sink)
{
    uint64_t end = at + len, base = 0;
    for (int i = 0; i < s->n && at < end; i++) {
        const stream *st = &s->s[i];
        if (at >= base + cl_spool_len(s, i)) { base += cl_spool_len(s, i); continue; }
        for (size_t k = 0; k < st->n && at < end; k++) {
            if (piece(s, &st->v[k], st->v[k].mem, base, &at, end, sink)) return -1;
            base += st->v[k].len;
        }
        seg tail = { 0, st->tail.len, NULL };
        if (st->tail.len && piece(s, &tail, st->tail.data, base, &at, end, sink)) return -1;
        base += st->tail.len;
    }
    return 0;
}

int cl_spool_copy(const cl_spool *s, uint64_t at, uint64_t len, int (*sink)(void *ctx, const char *p, size_t n), void *ctx)
{
    cl_spool_sink k = { sink, NULL, ctx };
    return cl_spool_send(s, at, len, &k);
}

int cl_spool_to_buf(void *ctx, const char *p, size_t n)
{
    cl_buf_put(ctx, p, n);
    return 0;
}

void cl_spool_read(const cl_spool *s, uint64_t at, uint64_t len, cl_buf *out)
{
    if (cl_spool_copy(s, at, len, cl_spool_to_buf, out)) {
        fputs("compose-lint: cannot read back the temporary file of the output\n", stderr);
        abort();
    }
}

void cl_spool_free(cl_spool *s)
{
    if (!s) return;
    for (int i = 0; i < s->n; i++) { drop_segs(&s->s[i]); cl_buf_free(&s->s[i].tail); }
    free(s->s);
    free(s);
}
