/* secrets.h - what looks like a secret, so no report ever prints one: names
 * (PASSWORD, TOKEN, SECRET, ..._KEY, ...), values (private keys, well-known
 * token prefixes, passwords inside URLs), and a redactor for source lines that
 * code frames and snippets show. */
#ifndef CL_SECRETS_H
#define CL_SECRETS_H
#include <stddef.h>
#include "buf.h"

/* Does the variable or key NAME suggest that its value is a secret? Names that
 * hold a path to a secret (..._FILE) or a non-secret companion (..._USER,
 * ..._NAME, ..._HOST) are not secret. */
int cl_secret_name(const char *name, size_t len);
/* Does VALUE itself look like a credential (a private key, a token with a
 * well-known prefix, a URL with a password)? */
int cl_secret_value(const char *value, size_t len);
/* Appends LINE to OUT with every secret-looking value replaced by "****":
 * the value after `KEY:` / `KEY=` when KEY is a secret name, and any value
 * cl_secret_value recognizes. Returns 1 when something was masked. */
int cl_redact_line(cl_buf *out, const char *line, size_t len);

#endif
