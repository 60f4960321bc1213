/* udiff.c - unified diff by lines (see udiff.h). Common leading and trailing
 * lines are trimmed first; the rest goes through Myers' greedy O(ND) search
 * with its trace kept for the walk back. Past a few thousand differing lines
 * the middle is shown as removed-then-added, which is still a valid diff. */
#include "udiff.h"
#include <stdlib.h>
#include <string.h>

typedef struct line { const char *p; size_t n; } line;
typedef struct op { char t; int a, b; } op;   /* ' ' both, '-' a only, '+' b only */

static line *split(const char *s, size_t len, int *n)
{
    int cap = 64, k = 0;
    line *v = malloc((size_t)cap * sizeof *v);
    if (!v) abort();
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && s[j] != '\n') j++;
        if (j < len) j++;
        if (k == cap) { cap *= 2; v = realloc(v, (size_t)cap * sizeof *v); if (!v) abort(); }
        v[k].p = s + i;
        v[k].n = j - i;
        k++;
        i = j;
    }
    *n = k;
    return v;
}

static int eq(const line *x, const line *y) { return x->n == y->n && !memcmp(x->p, y->p, x->n); }

#define MAX_D 3000

/* Ops for A[a0..a1) against B[b0..b1), appended to OPS in order. */
static void myers(const line *A, int a0, int a1, const line *B, int b0, int b1, op **ops, int *nops)
{
    int N = a1 - a0, M = b1 - b0, MAX = N + M, D = -1;
    int off = MAX + 1;
    int *V = calloc((size_t)(2 * MAX + 3), sizeof *V);
    int **trace = calloc((size_t)(MAX < MAX_D ? MAX : MAX_D) + 1, sizeof *trace);
    if (!V || !trace) abort();
    for (int d = 0; d <= MAX && d <= MAX_D; d++) {
        trace[d] = malloc((size_t)(2 * d + 3) * sizeof **trace);
        if (!trace[d]) abort();
        memcpy(trace[d], V + off - d - 1, (size_t)(2 * d + 3) * sizeof *V);
        for (int k = -d; k <= d; k += 2) {
            int x = (k == -d || (k != d && V[off + k - 1] < V[off + k + 1])) ? V[off + k + 1] : V[off + k - 1] + 1;
            int y = x - k;
            while (x < N && y < M && eq(&A[a0 + x], &B[b0 + y])) { x++; y++; }
            V[off + k] = x;
            if (x >= N && y >= M) { D = d; break; }
        }
        if (D >= 0) break;
    }
    op *rev = malloc((size_t)(N + M + 1) * sizeof *rev);
    if (!rev) abort();
    int nr = 0;
    if (D < 0) {                         /* too different: remove all, add all */
        for (int j = M - 1; j >= 0; j--) rev[nr++] = (op){ '+', a0 + N, b0 + j };
        for (int i = N - 1; i >= 0; i--) rev[nr++] = (op){ '-', a0 + i, b0 };
    } else {
        int x = N, y = M;
        for (int d = D; d >= 0; d--) {
            const int *Vd = trace[d] + d + 1;   /* Vd[k] = V[off + k] before step d */
            if (d == 0) {
                while (x > 0 && y > 0) { x--; y--; rev[nr++] = (op){ ' ', a0 + x, b0 + y }; }
                break;
            }
            int k = x - y;
            int pk = (k == -d || (k != d && Vd[k - 1] < Vd[k + 1])) ? k + 1 : k - 1;
            int px = Vd[pk], py = px - pk;
            while (x > px && y > py) { x--; y--; rev[nr++] = (op){ ' ', a0 + x, b0 + y }; }
            if (x == px) { y--; rev[nr++] = (op){ '+', a0 + x, b0 + y }; }
            else { x--; rev[nr++] = (op){ '-', a0 + x, b0 + y }; }
        }
    }
    /* *OPS has room for every line of both texts: ops never outnumber them */
    for (int i = nr - 1; i >= 0; i--) (*ops)[(*nops)++] = rev[i];
    free(rev);
    for (int d = 0; d <= MAX && d <= MAX_D; d++) { if (!trace[d]) break; free(trace[d]); }
    free(trace);
    free(V);
}

static void put_line(cl_buf *out, char t, const line *l)
{
    /* A diff is the user's own file and must apply with patch(1): its lines are
     * shown as they are (reports, which are shared in CI, mask secrets instead). */
    cl_buf_putc(out, t);
    cl_buf_put(out, l->p, l->n);
    if (!l->n || l->p[l->n - 1] != '\n') cl_buf_puts(out, "\n\\ No newline at end of file\n");
}

void cl_udiff(cl_buf *out, const char *name, const char *a, size_t alen, const char *b, size_t blen)
{
    if (alen == blen && !memcmp(a, b, alen)) return;
    int na, nb;
    line *A = split(a, alen, &na), *B = split(b, blen, &nb);
    int pre = 0;
    while (pre < na && pre < nb && eq(&A[pre], &B[pre])) pre++;
    int suf = 0;
    while (suf < na - pre && suf < nb - pre && eq(&A[na - 1 - suf], &B[nb - 1 - suf])) suf++;
    op *ops = malloc((size_t)(na + nb + 1) * sizeof *ops);
    if (!ops) abort();
    int n = 0;
    for (int i = 0; i < pre; i++) ops[n++] = (op){ ' ', i, i };
    myers(A, pre, na - suf, B, pre, nb - suf, &ops, &n);
    for (int i = 0; i < suf; i++) ops[n++] = (op){ ' ', na - suf + i, nb - suf + i };
    const char *pa = name[0] == '/' ? "" : "a/", *pb = name[0] == '/' ? "" : "b/";
    cl_buf_printf(out, "--- %s%s\n+++ %s%s\n", pa, name, pb, name);
    const int C = 3;
    int i = 0;
    while (i < n) {
        while (i < n && ops[i].t == ' ') i++;
        if (i >= n) break;
        int start = i - C < 0 ? 0 : i - C;
        int end = i;                      /* one past the last change of the hunk */
        for (int j = i; j < n; j++) {
            if (ops[j].t != ' ') { end = j + 1; continue; }
            if (j - end >= 2 * C) break;
        }
        int stop = end + C > n ? n : end + C;
        int al = 0, bl = 0;
        for (int j = start; j < stop; j++) { if (ops[j].t != '+') al++; if (ops[j].t != '-') bl++; }
        int as = ops[start].a, bs = ops[start].b;
        cl_buf_printf(out, "@@ -%d,%d +%d,%d @@\n", al ? as + 1 : as, al, bl ? bs + 1 : bs, bl);
        for (int j = start; j < stop; j++)
            put_line(out, ops[j].t, ops[j].t == '+' ? &B[ops[j].b] : &A[ops[j].a]);
        i = stop;
    }
    free(ops);
    free(A);
    free(B);
}
