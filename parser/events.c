/* events.c - see events.h. The producer thread (when asked for) owns the
 * libfyaml parser and a scratch arena for decoded texts; batches of records
 * travel through a small ring guarded by one mutex, so the consumer takes a
 * lock once per batch, not once per event. */
#include "events.h"
#include <libfyaml.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include "arena.h"
#include "doc.h"
#include "scalar_text.h"

#define NBATCH 4
#define BATCH 4096

typedef struct batch { cl_yev v[BATCH]; size_t n; } batch;

struct cl_yevents {
    const cl_source *src;
    struct fy_parser *fyp;
    struct fy_diag *diag;
    cl_arena tmp;              /* decoded texts and names; written by the reader only */
    int saw_end;               /* STREAM_END was read */
    long *cols;                /* columns of the open collections (reader only) */
    size_t ncols, capcols;
    /* inline reading */
    cl_yev one;
    /* threaded reading */
    int threaded, joined;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t data, space;
    batch *ring;
    size_t head, tail, count;  /* next to fill, next to read, published batches */
    int producer_done;
    /* Each on a cache line of its own: the reader loads STOP before every
     * event and the consumer moves POS after every event; on one line, each
     * of those stores made the other thread's next load a miss. */
    _Alignas(64) atomic_int stop;
    _Alignas(64) batch *cur;   /* the batch being read */
    size_t pos;
};

/* ---- one event to one record ---- */

static int tag_is(const char *t, size_t n, const char *core)
{
    size_t cl = strlen(core);
    if (n == cl + 2 && t[0] == '!' && t[1] == '!' && !memcmp(t + 2, core, cl)) return 1;
    return n == cl + 18 && !memcmp(t, "tag:yaml.org,2002:", 18) && !memcmp(t + 18, core, cl);
}

/* What an explicit tag means here: !reset / !override marks, a core-schema
 * type (!!str ... or its long form), or a merge tag; the text is not kept. */
static void tag_of(struct fy_token *t, cl_yev *y)
{
    y->tag_type = -1;
    if (!t) return;
    y->tag_flags = CL_NF_TAGGED;
    size_t hl = 0, sl = 0;
    const char *h = fy_tag_token_handle(t, &hl);
    const char *s = fy_tag_token_suffix(t, &sl);
    char buf[64];
    if (!h) hl = 0;
    if (!s) sl = 0;
    if (hl + sl >= sizeof buf) return;     /* long tags mean nothing to compose */
    if (hl) memcpy(buf, h, hl);
    if (sl) memcpy(buf + hl, s, sl);
    size_t n = hl + sl;
    buf[n] = 0;
    if (!strcmp(buf, "!reset")) y->tag_flags |= CL_NF_RESET;
    else if (!strcmp(buf, "!override")) y->tag_flags |= CL_NF_OVERRIDE;
    else if (tag_is(buf, n, "str")) y->tag_type = CL_T_STR;
    else if (tag_is(buf, n, "int")) y->tag_type = CL_T_INT;
    else if (tag_is(buf, n, "float")) y->tag_type = CL_T_FLOAT;
    else if (tag_is(buf, n, "bool")) y->tag_type = CL_T_BOOL;
    else if (tag_is(buf, n, "null")) y->tag_type = CL_T_NULL;
    y->tag_merge = strstr(buf, "merge") != NULL;
}

/* A token's text copied to the scratch arena (NUL-terminated), or NULL. */
static const char *token_copy(cl_yevents *e, struct fy_token *t, uint32_t *len)
{
    size_t n = 0;
    const char *s = t ? fy_token_get_text(t, &n) : NULL;
    if (!s) { *len = 0; return NULL; }
    *len = (uint32_t)n;
    return cl_arena_strndup(&e->tmp, s, n);
}

/* A collection opens at mark SM: its column is the indentation a block
 * scalar inside it must pass (a block collection starts at its first key or
 * dash; block scalars never sit in flow ones). */
static void open_collection(cl_yevents *e, const struct fy_mark *sm)
{
    if (e->ncols == e->capcols) {
        e->capcols = e->capcols ? 2 * e->capcols : 64;
        e->cols = realloc(e->cols, e->capcols * sizeof *e->cols);
        if (!e->cols) abort();
    }
    e->cols[e->ncols++] = sm ? (long)sm->column : -1;
}

static void convert(cl_yevents *e, struct fy_event *ev, cl_yev *y)
{
    memset(y, 0, sizeof *y);
    y->tag_type = -1;
    const struct fy_mark *sm = fy_event_start_mark(ev), *em = fy_event_end_mark(ev);
    if (sm) { y->marks |= CL_YEV_HAS_START; y->start = (uint32_t)sm->input_pos; }
    if (em) { y->marks |= CL_YEV_HAS_END; y->end = (uint32_t)em->input_pos; }
    switch (ev->type) {
    case FYET_SCALAR: {
        y->type = CL_YEV_SCALAR;
        struct fy_token *v = ev->scalar.value;
        y->text = "";
        if (v) {
            y->has_value = 1;
            y->style = (uint8_t)cl_style_from_fy((int)fy_token_scalar_style(v));
            size_t n = 0;
            int one_line = sm && em && sm->line == em->line;
            const char *d = cl_scalar_direct(e->src->data, e->src->len, y->start, y->end, (cl_style)y->style,
                                             one_line, &n);
            if (d) { y->text = d; y->len = (uint32_t)n; }
            else if ((y->style == CL_LITERAL || y->style == CL_FOLDED) &&
                     cl_block_scalar_shallow(e->src->data, e->src->len, y->start, y->end,
                                             e->ncols ? e->cols[e->ncols - 1] : -1)) {
                y->unreadable = 1;      /* its text is never asked for */
            }
            else if ((d = token_copy(e, v, &y->len)) != NULL) y->text = d;
        }
        tag_of(ev->scalar.tag, y);
        y->anchor = token_copy(e, ev->scalar.anchor, &y->anchor_len);
        break;
    }
    case FYET_ALIAS:
        y->type = CL_YEV_ALIAS;
        y->text = token_copy(e, ev->alias.anchor, &y->len);
        break;
    case FYET_MAPPING_START:
        open_collection(e, sm);
        y->type = CL_YEV_MAP_START;
        tag_of(ev->mapping_start.tag, y);
        y->anchor = token_copy(e, ev->mapping_start.anchor, &y->anchor_len);
        break;
    case FYET_SEQUENCE_START:
        open_collection(e, sm);
        y->type = CL_YEV_SEQ_START;
        tag_of(ev->sequence_start.tag, y);
        y->anchor = token_copy(e, ev->sequence_start.anchor, &y->anchor_len);
        break;
    case FYET_MAPPING_END: y->type = CL_YEV_MAP_END; if (e->ncols) e->ncols--; break;
    case FYET_SEQUENCE_END: y->type = CL_YEV_SEQ_END; if (e->ncols) e->ncols--; break;
    case FYET_DOCUMENT_START: y->type = CL_YEV_DOC_START; break;
    case FYET_STREAM_END: y->type = CL_YEV_STREAM_END; e->saw_end = 1; break;
    default: y->type = CL_YEV_OTHER; break;
    }
}

/* ---- the producer thread ---- */

static void *produce(void *arg)
{
    cl_yevents *e = arg;
    for (int end = 0; !end;) {
        pthread_mutex_lock(&e->mu);
        while (e->count == NBATCH && !atomic_load(&e->stop)) pthread_cond_wait(&e->space, &e->mu);
        batch *b = &e->ring[e->head];
        pthread_mutex_unlock(&e->mu);
        b->n = 0;
        while (b->n < BATCH) {
            struct fy_event *ev = atomic_load_explicit(&e->stop, memory_order_relaxed) ? NULL : fy_parser_parse(e->fyp);
            if (!ev) { end = 1; break; }
            convert(e, ev, &b->v[b->n++]);
            fy_parser_event_free(e->fyp, ev);
            if (e->saw_end) { end = 1; break; }
        }
        pthread_mutex_lock(&e->mu);
        if (!atomic_load(&e->stop)) {
            e->head = (e->head + 1) % NBATCH;
            e->count++;
        }
        if (end) e->producer_done = 1;
        pthread_cond_signal(&e->data);
        pthread_mutex_unlock(&e->mu);
        if (atomic_load(&e->stop)) break;
    }
    pthread_mutex_lock(&e->mu);
    e->producer_done = 1;
    pthread_cond_signal(&e->data);
    pthread_mutex_unlock(&e->mu);
    return NULL;
}

static void join(cl_yevents *e)
{
    if (!e->threaded || e->joined) return;
    pthread_join(e->thread, NULL);
    e->joined = 1;
}

/* ---- the API ---- */

cl_yevents *cl_yevents_open(const cl_source *src, int threaded)
{
    /* its alignment (64, see stop and cur) is more than malloc promises */
    cl_yevents *e = aligned_alloc(_Alignof(cl_yevents), sizeof *e);
    if (!e) abort();
    memset(e, 0, sizeof *e);
    e->src = src;
    cl_arena_init(&e->tmp);
    struct fy_diag_cfg dcfg;
    fy_diag_cfg_default(&dcfg);
    dcfg.fp = NULL;
    dcfg.colorize = false;
    e->diag = fy_diag_create(&dcfg);
    if (!e->diag) abort();
    fy_diag_set_collect_errors(e->diag, true);
    struct fy_parse_cfg cfg;
    memset(&cfg, 0, sizeof cfg);
    /* SLOPPY_FLOW_INDENTATION: a flow collection's lines at or left of its
     * block (a `]` under its key) are read as go-yaml, and so docker, reads
     * them; rule yaml-flow-indentation reports them */
    cfg.flags = FYPCF_QUIET | FYPCF_COLLECT_DIAG | FYPCF_DISABLE_DEPTH_LIMIT | FYPCF_DEFAULT_VERSION_1_2 |
                FYPCF_JSON_NONE | FYPCF_SLOPPY_FLOW_INDENTATION;
    cfg.diag = e->diag;
    e->fyp = fy_parser_create(&cfg);
    if (!e->fyp) abort();
    fy_parser_set_string(e->fyp, src->data, src->len);
    atomic_init(&e->stop, 0);
    if (threaded) {
        e->ring = malloc(NBATCH * sizeof *e->ring);
        if (!e->ring) abort();
        pthread_mutex_init(&e->mu, NULL);
        pthread_cond_init(&e->data, NULL);
        pthread_cond_init(&e->space, NULL);
        e->threaded = 1;
        if (pthread_create(&e->thread, NULL, produce, e)) {
            e->threaded = 0;       /* no thread: read inline */
            pthread_mutex_destroy(&e->mu);
            pthread_cond_destroy(&e->data);
            pthread_cond_destroy(&e->space);
            free(e->ring);
            e->ring = NULL;
        }
    }
    return e;
}

const cl_yev *cl_yevents_next(cl_yevents *e)
{
    if (!e->threaded) {
        if (e->saw_end) return NULL;
        struct fy_event *ev = fy_parser_parse(e->fyp);
        if (!ev) return NULL;
        convert(e, ev, &e->one);
        fy_parser_event_free(e->fyp, ev);
        return &e->one;
    }
    for (;;) {
        if (e->cur && e->pos < e->cur->n) return &e->cur->v[e->pos++];
        pthread_mutex_lock(&e->mu);
        if (e->cur) {      /* hand the finished batch back */
            e->tail = (e->tail + 1) % NBATCH;
            e->count--;
            e->cur = NULL;
            pthread_cond_signal(&e->space);
        }
        while (!e->count && !e->producer_done) pthread_cond_wait(&e->data, &e->mu);
        if (!e->count) {
            pthread_mutex_unlock(&e->mu);
            join(e);
            return NULL;
        }
        e->cur = &e->ring[e->tail];
        e->pos = 0;
        pthread_mutex_unlock(&e->mu);
    }
}

int cl_yevents_failed(cl_yevents *e, uint32_t *line, uint32_t *col, const char **msg)
{
    if (e->threaded && !e->joined) {
        /* the reader stopped at STREAM_END: the producer is finishing */
        join(e);
    }
    *line = *col = 0;
    *msg = NULL;
    if (e->saw_end && !fy_parser_get_stream_error(e->fyp)) return 0;
    void *it = NULL;
    struct fy_diag_error *err = fy_diag_errors_iterate(e->diag, &it);
    if (err) {
        *line = err->line > 0 ? (uint32_t)err->line : 1;
        *col = err->column > 0 ? (uint32_t)err->column : 1;
        *msg = err->msg;
    }
    return 1;
}

void cl_yevents_close(cl_yevents *e)
{
    if (!e) return;
    if (e->threaded) {
        pthread_mutex_lock(&e->mu);
        atomic_store(&e->stop, 1);
        pthread_cond_broadcast(&e->space);
        pthread_mutex_unlock(&e->mu);
        join(e);
        pthread_mutex_destroy(&e->mu);
        pthread_cond_destroy(&e->data);
        pthread_cond_destroy(&e->space);
        free(e->ring);
    }
    fy_parser_destroy(e->fyp);
    fy_diag_destroy(e->diag);
    cl_arena_free(&e->tmp);
    free(e->cols);
    free(e);
}
