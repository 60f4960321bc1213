/* secrets.h - what looks like a secret, so no report ever prints one: names
 * (PASSWORD, TOKEN, SECRET, ..._KEY, ...), values (private keys, well-known
 * token prefixes, passwords inside URLs), and a redactor for source lines that
 * code frames and snippets show. */
#ifndef CL_SECRETS_H
#define CL_SECRETS_H
#include <stddef.h>
#include "buf.h"

/* Does the variable or key NAME suggest that its value is a secret? One test,
 * three strictnesses, because a miss costs differently for each caller:
 *  CL_SECRET_MASK   what reports must never print (redaction, schema echoes):
 *                   broad, any of the words anywhere in the name (..._KEY too);
 *                   names that hold a path to a secret (..._FILE) or a
 *                   non-secret companion (..._USER, ..._NAME, ..._HOST) are not.
 *  CL_SECRET_REPORT what rule CL208 flags as a literal secret: a finding must be
 *                   right, so whole `_`/`-`/`.` separated words only (KEYBOARD is
 *                   not KEY), and switches about a secret (ALLOW_EMPTY_PASSWORD)
 *                   or a describing last word (..._LENGTH, ..._URL) are refused.
 *  CL_SECRET_K8S    what the Kubernetes converter moves into a Secret: the
 *                   narrow word list it has always used (no bare KEY). */
typedef enum { CL_SECRET_MASK = 0, CL_SECRET_REPORT, CL_SECRET_K8S } cl_secret_use;
int cl_secret_name(const char *name, size_t len, cl_secret_use use);
/* Does VALUE itself look like a credential (a private key, a token with a
 * well-known prefix, a URL with a password)? */
int cl_secret_value(const char *value, size_t len);
/* Appends LINE to OUT with every secret-looking value replaced by "****":
 * the value after `KEY:` / `KEY=` when KEY is a secret name, and any value
 * cl_secret_value recognizes. Returns 1 when something was masked. */
int cl_redact_line(cl_buf *out, const char *line, size_t len);

#endif
