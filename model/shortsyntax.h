/* shortsyntax.h - turns compose short syntax into the long form: command
 * strings (shell-split), port specs ("[ip:][host:]container[/proto]", ranges)
 * and volume specs ("src:dst[:opts]"). Built nodes carry ORIGIN's span. */
#ifndef CL_SHORTSYNTAX_H
#define CL_SHORTSYNTAX_H
#include <stddef.h>
#include "../parser/doc.h"

/* Splits S like a POSIX shell does into words (quotes, backslashes).
 * Returns a sequence of strings, or NULL with ERR filled (unterminated quote). */
cl_node *cl_shell_split(cl_arena *a, const cl_node *origin, char *err, size_t errlen);
/* Appends to B (a sequence builder) the long-form ports of a short spec.
 * Returns 0, or -1 with ERR filled. */
int cl_port_short(cl_arena *a, const cl_node *spec, cl_builder *b, char *err, size_t errlen);
/* Long form of a short volume spec; bind sources made absolute against DIR.
 * NULL with ERR filled for a bad spec. With A NULL the spec is only checked:
 * SPEC itself comes back (or NULL), and nothing is allocated. */
cl_node *cl_volume_short(cl_arena *a, const cl_node *spec, const char *dir, char *err, size_t errlen);
/* Does a volume source name a host path (./x, ../x, /x, ~/x)? */
int cl_is_host_path(const char *s);
/* Does S start with a Windows drive ("C:\\" or "C:/")? Such paths are kept as written. */
int cl_is_windows_path(const char *s);

#endif
