/* shortsyntax.h - turns compose short syntax into the long form: command
 * strings (shell-split), port specs ("[ip:][host:]container[/proto]", ranges)
 * and volume specs ("src:dst[:opts]"). Built nodes carry ORIGIN's span. */
#ifndef CL_SHORTSYNTAX_H
#define CL_SHORTSYNTAX_H
#include <stddef.h>
#include "../parser/doc.h"
#include "values.h"

/* ---- ports and volumes as compose reads them: the one reader each that
 * normalization, the rules and the converters share (values.h's vocabulary) ---- */

/* One part of a port spec. TEXT is as written (into the item's text, or a
 * mapping value's whole text): NULL when the part is not written, length 0
 * when written empty ("127.0.0.1::80" has an empty host port). VAL: KNOWN
 * when read (a port part: LO..HI, one port when equal); UNKNOWN when empty,
 * not written, or still holding a ${VAR}; INVALID when compose refuses it. */
typedef struct cl_port_part {
    const char *text;
    size_t len;
    cl_val val;
    long lo, hi;
} cl_port_part;
/* Why a port spec is refused (the first fault, in the order compose meets them). */
typedef enum { CL_PORT_OK = 0, CL_PORT_SYNTAX, CL_PORT_PROTOCOL, CL_PORT_RANGES } cl_port_why;
typedef struct cl_port_spec {
    cl_port_part ip;          /* host address, brackets dropped; not written when empty */
    cl_port_part published;   /* host port or range */
    cl_port_part target;      /* container port or range */
    cl_port_part protocol;    /* tcp, udp or sctp; "tcp" (KNOWN) when not written */
    cl_port_why why;
} cl_port_spec;
/* Reads a ports item: a short string "[ip:][host[-range]:]container[-range][/proto]"
 * (IPv6 as "[::1]:80:80"; ${VAR} parts are kept as written and never split),
 * a number, or a long mapping (target, published, host_ip, protocol). Every
 * part that can be split is filled, even when the spec is refused. Returns
 * KNOWN (all read), UNKNOWN (well formed, some part holds a ${VAR}) or
 * INVALID (P->why says why). */
cl_val cl_port_read(const cl_node *item, cl_port_spec *p);

/* A short volume spec "source:target[:mode]", or a lone "target" (an
 * anonymous volume). A Windows drive ("C:\x", "C:/x") is never split, as
 * docker reads it: "v:/d" is the target v:/d. Texts point into the spec. */
typedef enum { CL_VOL_OK = 0, CL_VOL_EMPTY, CL_VOL_COLONS, CL_VOL_PARTS, CL_VOL_OPTION } cl_vol_why;
typedef struct cl_volume_spec {
    const char *source, *target, *mode;   /* source and mode NULL when not written */
    size_t source_len, target_len, mode_len;
    int bind;                             /* the source is a host path (cl_is_host_path) */
    /* the mode's options (a later one of the same kind wins) */
    int ro, nocopy;
    const char *selinux, *propagation, *consistency;
    size_t propagation_len, consistency_len;
    cl_vol_why why;
    const char *bad_option;               /* CL_VOL_OPTION: the refused option */
    size_t bad_len;
} cl_volume_spec;
/* Reads the short volume spec SPEC (a scalar). Returns KNOWN, UNKNOWN (a
 * part holds a ${VAR}) or INVALID (V->why says why; the parts split so far
 * are filled). */
cl_val cl_volume_read(const cl_node *spec, cl_volume_spec *v);

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
