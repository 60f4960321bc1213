/* engine.h - what the rules layer offers the pipeline: the rules of one file
 * run in parts (while parsing, on the file, on the project), the inline
 * suppressions, and the fixes applied as byte edits. The configuration comes
 * from config.h; rules themselves only need rule.h. */
#ifndef CL_ENGINE_H
#define CL_ENGINE_H
#include "config.h"
#include "stage.h"
#include "../parser/buf.h"
#include "../parser/pairset.h"

struct cl_project;

/* The rules that check one service at a time, begun before the file is
 * parsed: _begin (NULL when CFG is broken or has no such rule enabled),
 * _entry (a cl_service_fn for cl_handon, on the parsing thread). */
typedef struct cl_rules_stream cl_rules_stream;
cl_rules_stream *cl_rules_begin(const cl_config *cfg, const cl_source *src);
void cl_rules_entry(void *stream, size_t index, const cl_node *key, const cl_node *value);
/* The rules that read only the file, taking back the services ST checked
 * while parsing (HANDED on; ST and HANDED may be NULL), then frees ST; with
 * DOC NULL it only frees. */
void cl_rules_file(const cl_doc *doc, const cl_config *cfg, cl_rules_stream *st, const cl_handon *handed,
                   cl_diags *out);
/* The rules that read the project (needs_project). EARLIER holds what the
 * project stage reported. With CLAIM, several threads may share them: each
 * calls this with the same CLAIM, which grants every rule (by registry index)
 * to exactly one of them, and its own OUT. */
void cl_rules_project(const cl_doc *doc, const struct cl_project *p, const cl_config *cfg, cl_diags *out,
                      const cl_diags *earlier, int (*claim)(void *ud, size_t rule), void *ud);
/* For a caller that frees the sources a project read (.env, extends and
 * include files) before it reads the findings: the findings in OUT that lie
 * in one of SRCS[0..N) are dropped, and related spans there are taken off the
 * others. (Project rules report wherever the value at fault was written.) */
void cl_rules_forget_sources(cl_diags *out, cl_source *const *srcs, size_t n);
/* Once every stage has reported: applies the configuration to the stage
 * rules' findings, then inline suppressions, then reports each unset
 * variable once (cl_stage_unset_once). */
void cl_rules_finish(const cl_doc *doc, const cl_config *cfg, cl_diags *out);
/* The same, moving what the inline suppressions and the configuration's
 * exclusions (exclude_services, exclude_files) took out of OUT to SUPP
 * (freed when SUPP is NULL), each with its reason. */
void cl_rules_finish_ex(const cl_doc *doc, const cl_config *cfg, cl_diags *out, cl_suppressions *supp);

/* Applies the fixes of D on SRC that are allowed (safe ones; unsafe ones too
 * with UNSAFE) and do not collide with one already taken, appending the new
 * text to OUT; returns how many fixes were taken. */
size_t cl_fixes_apply(const cl_source *src, const cl_diags *d, int unsafe, cl_buf *out);

#endif
