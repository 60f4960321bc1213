/* render_thread.h - emitted trees rendered to YAML on a second thread while
 * the next services are converted: each queued tree is rendered behind a
 * prefix at the end of the spool stream it names (spool.h; flushed to the
 * spool's store as it grows), in the order queued, and the
 * arenas queued after it are emptied once it is (kept for reuse). Until
 * cl_em_renderer_finish, only the render thread touches those buffers and
 * trees. */
#ifndef CL_RENDER_THREAD_H
#define CL_RENDER_THREAD_H
#include "../parser/arena.h"
#include "../parser/buf.h"
#include "../parser/doc.h"
#include "spool.h"

typedef struct cl_em_renderer cl_em_renderer;
/* NULL when no thread can be started: the caller renders itself. */
cl_em_renderer *cl_em_renderer_start(void);
/* Queues NODE, rendered behind PREFIX (static text) at the end of stream
 * STREAM of TEXT; returns its id (from 1) for cl_em_rendered. */
size_t cl_em_render(cl_em_renderer *r, const cl_node *node, cl_spool *text, int stream, const char *prefix);
/* Queues a tree that BUILD makes from CTX on the thread, in an arena of the
 * thread's (A, emptied once the tree is rendered), then renders it as
 * cl_em_render does. CTX, and what the tree takes from it, must live until
 * the arena handed over after it is emptied (cl_em_render_next_arena). */
size_t cl_em_render_build(cl_em_renderer *r, cl_node *(*build)(void *ctx, cl_arena *a), void *ctx,
                          cl_spool *text, int stream, const char *prefix);
/* An empty arena: one the thread emptied (kept warm), or a new one. */
void cl_em_render_arena(cl_em_renderer *r, cl_arena *a);
/* Takes the blocks of A and empties them once what is queued before is
 * rendered, hands the thread what was queued since the last hand-over (one
 * atomic store, no lock), and puts an empty arena in A (as
 * cl_em_render_arena). Waits for the thread when it lags a bounded number of
 * arenas behind (memory holds a bounded number of services' trees). */
void cl_em_render_next_arena(cl_em_renderer *r, cl_arena *a);
/* Wakes the thread for what was queued since the last call. */
void cl_em_render_go(cl_em_renderer *r);
/* Renders what is left, and waits for the thread. */
void cl_em_renderer_finish(cl_em_renderer *r);
/* Where tree ID's text went (after finish): LEN bytes at AT of its stream, the prefix before. */
void cl_em_rendered(const cl_em_renderer *r, size_t id, size_t *at, size_t *len);
void cl_em_renderer_free(cl_em_renderer *r);
/* Renders NODE here and now as the thread does: behind PREFIX at the end of
 * stream STREAM of TEXT; *AT and *LEN say where its text went. */
void cl_em_render_now(cl_spool *text, int stream, const char *prefix, const cl_node *node, size_t *at, size_t *len);

#endif
