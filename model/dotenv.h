/* dotenv.h - reads .env / --env-file / env_file: files by docker compose's
 * dotenv rules: `#` comments, optional `export`, KEY=VALUE or KEY: VALUE,
 * a bare KEY taking its value from LOOKUP, single quotes (raw), double quotes
 * (\a \b \f \n \r \t \v \" \\ \0NNN escapes, \$ for a literal $, multi-line
 * values), inline " #" comments on unquoted values, and ${VAR} interpolation
 * in unquoted and double-quoted values (compose-go v2's parser). */
#ifndef CL_DOTENV_H
#define CL_DOTENV_H
#include "../parser/diag.h"
#include "../parser/source.h"
#include "env.h"

/* Parses SRC and adds its variables to OUT. Interpolation inside values looks
 * in LOOKUP first (may be NULL), then in the variables read so far. Problems
 * (an unterminated quote, a bad name) are errors in DIAGS. Returns the number of errors. */
int cl_dotenv_parse(const cl_source *src, const cl_env *lookup, cl_env *out, cl_diags *diags);

#endif
