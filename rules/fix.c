/* fix.c - one fix pass: fixes are byte edits on the text as read; a pass
 * takes every applicable fix whose edits overlap none already taken (the
 * others wait for the next pass) and applies them. The passes themselves,
 * and writing the result, are the command's (cli/fix.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine.h"

typedef struct taken { uint32_t start, end; } taken;

static int overlaps(const taken *t, size_t n, uint32_t a, uint32_t b)
{
    for (size_t i = 0; i < n; i++) {
        if (a < t[i].end && t[i].start < b) return 1;
        if (a == b && a == t[i].start && t[i].start == t[i].end) return 1;   /* two inserts at one place */
    }
    return 0;
}

typedef struct edit_ref { uint32_t start, end; size_t at; const char *text; uint32_t len; } edit_ref;

/* By start, then end (an insertion before a replacement starting where it
 * goes), then the order taken (qsort is not stable: the inserts of one fix
 * at one place keep the fix's order). */
static int edit_cmp(const void *x, const void *y)
{
    const edit_ref *a = x, *b = y;
    if (a->start != b->start) return a->start < b->start ? -1 : 1;
    if (a->end != b->end) return a->end < b->end ? -1 : 1;
    return a->at < b->at ? -1 : a->at > b->at;
}

size_t cl_fixes_apply(const cl_source *src, const cl_diags *d, int unsafe, cl_buf *out)
{
    taken *t = NULL;
    edit_ref *e = NULL;
    size_t nt = 0, ne = 0, nfix = 0;
    for (size_t i = 0; i < d->n; i++) {
        cl_fix fx, *f = &fx;
        if (!cl_diag_fix(&d->v[i], f) || cl_diag_src(&d->v[i]) != src || (!f->safe && !unsafe) || !f->nedits) continue;
        int clash = 0;
        for (size_t j = 0; j < f->nedits && !clash; j++) {
            cl_edit ed = cl_fix_edit(f, j);
            if (ed.end < ed.start || ed.end > src->len) clash = 1;
            else clash = overlaps(t, nt, ed.start, ed.end);
        }
        for (size_t j = 1; j < f->nedits && !clash; j++)
            if (cl_fix_edit(f, j).start < cl_fix_edit(f, j - 1).end) clash = 1;
        if (clash) continue;
        t = realloc(t, (nt + f->nedits) * sizeof *t);
        e = realloc(e, (ne + f->nedits) * sizeof *e);
        if (!t || !e) abort();
        for (size_t j = 0; j < f->nedits; j++) {
            cl_edit ed = cl_fix_edit(f, j);
            t[nt++] = (taken){ ed.start, ed.end };
            e[ne] = (edit_ref){ ed.start, ed.end, ne, ed.text, (uint32_t)cl_fix_edit_len(f, j) };
            ne++;
        }
        nfix++;
    }
    if (ne) qsort(e, ne, sizeof *e, edit_cmp);
    uint32_t pos = 0;
    for (size_t i = 0; i < ne; i++) {
        cl_buf_put(out, src->data + pos, e[i].start - pos);
        cl_buf_put(out, e[i].text, e[i].len);
        pos = e[i].end;
    }
    cl_buf_put(out, src->data + pos, src->len - pos);
    free(t);
    free(e);
    return nfix;
}
