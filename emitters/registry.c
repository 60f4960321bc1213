/* registry.c - the emitters `convert --to` knows (add one line per target),
 * and the document list they fill. */
#include <stdlib.h>
#include <string.h>
#include "emitter.h"

extern const cl_emitter cl_emitter_swarm;
extern const cl_emitter cl_emitter_kubernetes;
extern const cl_emitter cl_emitter_run;

const cl_emitter *const cl_emitters[] = {
    &cl_emitter_swarm,
    &cl_emitter_kubernetes,
    &cl_emitter_run,
    NULL
};

const cl_emitter *cl_emitter_find(const char *name)
{
    for (size_t i = 0; cl_emitters[i]; i++)
        if (!strcmp(cl_emitters[i]->name, name)) return cl_emitters[i];
    return NULL;
}

void cl_emit_docs_init(cl_emit_docs *ds) { memset(ds, 0, sizeof *ds); }

cl_buf *cl_emit_docs_add(cl_emit_docs *ds, const char *name)
{
    if (ds->n == ds->cap) {
        ds->cap = ds->cap ? ds->cap * 2 : 8;
        ds->v = realloc(ds->v, ds->cap * sizeof *ds->v);
        if (!ds->v) abort();
    }
    cl_emit_doc *d = &ds->v[ds->n++];
    d->name = NULL;
    if (name && !(d->name = strdup(name))) abort();
    cl_buf_init(&d->text);
    d->spooled = 0;
    d->at = d->len = 0;
    return &d->text;
}

void cl_emit_docs_add_spooled(cl_emit_docs *ds, const char *name, uint64_t at, uint64_t len)
{
    cl_emit_docs_add(ds, name);
    cl_emit_doc *d = &ds->v[ds->n - 1];
    d->spooled = 1;
    d->at = at;
    d->len = len;
}

int cl_emit_doc_send(const cl_emit_docs *ds, size_t i, const cl_spool_sink *sink)
{
    const cl_emit_doc *d = &ds->v[i];
    if (d->spooled) return cl_spool_send(ds->spool, d->at, d->len, sink);
    return d->text.len ? sink->bytes(sink->ctx, d->text.data, d->text.len) : 0;
}

int cl_emit_doc_copy(const cl_emit_docs *ds, size_t i, int (*sink)(void *ctx, const char *p, size_t n), void *ctx)
{
    cl_spool_sink k = { sink, NULL, ctx };
    return cl_emit_doc_send(ds, i, &k);
}

uint64_t cl_emit_doc_len(const cl_emit_docs *ds, size_t i)
{
    return ds->v[i].spooled ? ds->v[i].len : ds->v[i].text.len;
}

void cl_emit_docs_free(cl_emit_docs *ds)
{
    for (size_t i = 0; i < ds->n; i++) { free(ds->v[i].name); cl_buf_free(&ds->v[i].text); }
    free(ds->v);
    cl_spool_free(ds->spool);
    memset(ds, 0, sizeof *ds);
}

int cl_emit_text(const cl_emitter *em, const cl_project *p, const cl_emit_opts *o, cl_buf *out, cl_diags *diags)
{
    cl_emit_docs ds;
    cl_emit_docs_init(&ds);
    int rc = em->emit(p, o, &ds, diags);
    for (size_t i = 0; i < ds.n; i++) cl_emit_doc_copy(&ds, i, cl_spool_to_buf, out);
    cl_emit_docs_free(&ds);
    return rc;
}
