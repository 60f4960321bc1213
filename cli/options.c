/* options.c - argument handling shared by every subcommand. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "../emitters/emitter.h"
#include "../parser/compose_files.h"

void cl_usage(FILE *f)
{
    fputs(
"usage: compose-lint [options] [command] [options] [FILE|DIR|-]...\n"
"\n"
"Lints, validates and converts Docker Compose files.\n"
"\n"
"commands (the first word that is not an option; a file is checked with `check`):\n"
"  check            lint files (the default command)\n"
"  validate         check files against the compose specification only\n"
"  config           print the normalized project\n"
"  convert          convert a project (--to swarm|kubernetes|run)\n"
"  rules            list the lint rules\n"
"  explain RULE     show one rule's documentation\n"
"  init [FILE]...   write a .compose-lint.yaml baseline excluding today's findings, per\n"
"                   service (--force replaces an existing one)\n"
"\n"
"inputs:\n"
"  FILE             a compose file; '-' reads standard input\n"
"  DIR              searched recursively for compose*.yaml|yml, docker-compose*.yaml|yml and\n"
"                   *.compose.yaml|yml (.git and node_modules are skipped)\n"
"  -f, --file FILE          compose file (repeatable); same as a positional FILE\n"
"  --exclude GLOB           skip paths (or file/folder names) matching GLOB (repeatable)\n"
"  --stdin-filename NAME    name shown for input read from '-'\n"
"  -j, --jobs N             check N files at once (default: the number of cores)\n"
"\n"
"reports:\n"
"  --format FMT             text (default), compact, json, sarif, junit, github, gitlab,\n"
"                           checkstyle\n"
"  -o, --output-file FILE   write the report to FILE (replaced atomically) instead of stdout\n"
"  --color WHEN             auto (default: on a terminal), always or never; then NO_COLOR,\n"
"                           then FORCE_COLOR decide\n"
"  --docs-url URL           base of the rule pages linked from SARIF (default: the project's\n"
"                           docs/rules/ on GitHub); a page is URL + rule name + .md\n"
"  --no-color               same as --color never\n"
"  -q, --quiet              print no report, only set the exit code (--output-file is still written)\n"
"  --severity LEVEL         report only findings at or above info (default), warning or error\n"
"  --fail-on LEVEL          exit 1 on findings at or above error (default), warning or info,\n"
"                           shown or not (also fail_on: in the configuration)\n"
"  --max-warnings N         also exit 1 when there are more than N warnings (errors always fail)\n"
"\n"
"rules and fixes:\n"
"  -c, --config FILE        configuration file (default: .compose-lint.yaml found upwards)\n"
"  --select RULE[,RULE]     run only these rules (repeatable)\n"
"  --ignore RULE[,RULE]     do not run these rules (repeatable)\n"
"  --fix                    apply safe fixes to the files ('-': print the fixed text on stdout,\n"
"                           the report on stderr)\n"
"  --unsafe-fixes           also apply fixes that may change behaviour\n"
"  --diff                   print only the fixes as a diff on stdout instead of writing them\n"
"\n"
"compose semantics:\n"
"  --env-file FILE          variables for interpolation (repeatable)\n"
"  --profile NAME           activate a profile (repeatable)\n"
"  -p, --project-name NAME  project name\n"
"  --project-directory DIR  folder relative paths resolve against\n"
"  --no-interpolate         do not substitute ${VARIABLES}\n"
"\n"
"convert:\n"
"  --to TARGET              swarm, kubernetes or run\n"
"  --strict                 fail when something cannot be converted faithfully\n"
"  --controller KIND        Kubernetes workload kind: deployment (default) or statefulset\n"
"  --namespace NAME         Kubernetes namespace\n"
"  --allow-hostpath         allow bind mounts as hostPath volumes\n"
"  --service-type TYPE      Kubernetes Service type: ClusterIP (default), NodePort, LoadBalancer\n"
"  --pvc-size QUANTITY      size of each PersistentVolumeClaim (default 1Gi)\n"
"  --storage-class NAME     storage class of each PersistentVolumeClaim\n"
"  --image-prefix REG/PATH  images of services with build: and no image: are named\n"
"                           REG/PATH/<project>-<service> (default: <project>-<service>)\n"
"  --image-tag TAG          ... with the tag TAG\n"
"  --layout kustomize       kubernetes, with -o DIR: DIR/base/ from the first file alone and\n"
"                           DIR/overlays/<file>/ per further -f file, each built on the one\n"
"                           before, that kubectl kustomize renders as the files merged so far\n"
"  --layout helm            kubernetes, with -o DIR: a Helm chart (Chart.yaml, values.yaml with\n"
"                           each workload's image, replicas, ports, resources; templates/)\n"
"  --target TARGET          check: also report what convert --to TARGET would (a promotion gate)\n"
"\n"
"limits:\n"
"  --max-file-size BYTES    refuse larger files (default 64 MiB)\n"
"  --max-depth N            refuse deeper nesting (default 200)\n"
"  --max-nodes N            refuse files with more YAML nodes (default 20,000,000)\n"
"  --max-alias-expansion N  refuse files whose aliases expand past N nodes (default 10,000,000)\n"
"  --max-files N            refuse to check more than N files in one run (default 100,000)\n"
"\n"
"  -h, --help               show this help\n"
"  -V, --version            show the version\n"
"\n"
"exit codes: 0 no finding at or above the --fail-on gate (error by default: warnings are\n"
"            shown but do not fail), 1 findings at or above it (or more than --max-warnings),\n"
"            2 usage error, unreadable input or output that could not be written\n", f);
}

static int parse_num(const char *opt, const char *v, unsigned long long *out)
{
    char *end;
    if (!v || !*v || *v == '-') goto bad;
    unsigned long long n = strtoull(v, &end, 10);
    if (*end) goto bad;
    *out = n;
    return 0;
bad:
    fprintf(stderr, "compose-lint: %s needs a whole number, got '%s'\n", opt, v ? v : "");
    return -1;
}

static void push(const char ***v, size_t *n, const char *s)
{
    *v = realloc(*v, (*n + 1) * sizeof **v);
    if (!*v) abort();
    (*v)[(*n)++] = s;
}

/* Does option A match LONGNAME/SHORTNAME and have a value (inline --x=v or the next argument)? */
static int takes(const char *a, const char *longname, const char *shortname, const char **val, int *i,
                 int argc, char **argv, int *missing)
{
    if (strcmp(a, longname) != 0 && !(shortname && strcmp(a, shortname) == 0)) return 0;
    if (*val) return 1;
    if (*i + 1 < argc) { *val = argv[++*i]; return 1; }
    fprintf(stderr, "compose-lint: %s needs a value\n", a);
    *missing = 1;
    return 0;
}

static const char *commands[] = { "check", "validate", "config", "convert", "rules", "explain", "init", NULL };

/* Edit distance between A and B (adjacent swaps count as one edit), capped:
 * any distance above 3 is returned as 3. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 32 || lb > 32) return 3;
    size_t d[33][33];
    for (size_t i = 0; i <= la; i++) d[i][0] = i;
    for (size_t j = 0; j <= lb; j++) d[0][j] = j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best) best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best) best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[la][lb] > 3 ? 3 : d[la][lb];
}

#define BAD_COMMAND ((const char *)1)

/* The command WORD names, NULL when it is an input (a file, a folder), or
 * BAD_COMMAND after printing a did-you-mean error: a word that names no
 * existing path and is within two edits of a command is a mistyped command
 * rather than a missing file. */
static const char *command_word(const char *word)
{
    for (int c = 0; commands[c]; c++)
        if (!strcmp(word, commands[c])) return commands[c];
    if (strchr(word, '/') || strchr(word, '.') || access(word, F_OK) == 0) return NULL;
    const char *best = NULL;
    size_t bestd = 3;
    for (int c = 0; commands[c]; c++) {
        size_t dist = edit_distance(word, commands[c]);
        if (dist < bestd && dist < strlen(commands[c]) / 2 + 1) { best = commands[c]; bestd = dist; }
    }
    if (!best) return NULL;
    fprintf(stderr, "compose-lint: unknown command '%s' (did you mean '%s'?)\n", word, best);
    return BAD_COMMAND;
}

int cl_opts_parse(cl_opts *o, int argc, char **argv, int *done)
{
    memset(o, 0, sizeof *o);
    *done = 0;
    o->command = "check";
    o->format = "text";
    o->color = -1;
    o->max_warnings = -1;
    o->fail_on = -1;
    cl_limits_default(&o->limits);
    int only_files = 0, seen_word = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
        char name[64];
        if (only_files || a[0] != '-' || strcmp(a, "-") == 0) {
            /* the first word that is not an option may name the command, so
             * `compose-lint -f x.yaml config` works as docker users type it */
            if (!seen_word++ && !only_files && strcmp(a, "-")) {
                const char *cmd = command_word(a);
                if (cmd == BAD_COMMAND) return CL_EXIT_USAGE;
                if (cmd) { o->command = cmd; continue; }
            }
            if (!strcmp(o->command, "explain")) push(&o->rest, &o->nrest, a);
            else push(&o->files, &o->nfiles, a);
            continue;
        }
        if (strcmp(a, "--") == 0) { only_files = 1; continue; }
        /* --opt=value */
        const char *eq = strchr(a, '=');
        if (a[1] == '-' && eq && (size_t)(eq - a) < sizeof name) {
            memcpy(name, a, (size_t)(eq - a));
            name[eq - a] = 0;
            val = eq + 1;
            a = name;
        }
#define TAKES(longname, shortname) takes(a, longname, shortname, &val, &i, argc, argv, &missing)
        unsigned long long num;
        int missing = 0;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) { cl_usage(stdout); *done = 1; return 0; }
        else if (!strcmp(a, "-V") || !strcmp(a, "--version")) { printf("compose-lint %s\n", CL_VERSION); *done = 1; return 0; }
        else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) o->quiet = 1;
        else if (!strcmp(a, "--no-color")) o->color = 0;
        else if (TAKES("--file", "-f")) { push(&o->files, &o->nfiles, val); push(&o->ffiles, &o->nffiles, val); }
        else if (TAKES("--format", NULL)) o->format = val;
        else if (TAKES("--output-file", "-o")) o->output_file = val;
        else if (TAKES("--stdin-filename", NULL)) o->stdin_filename = val;
        else if (TAKES("--docs-url", NULL)) {
            /* SARIF wants absolute URIs: scheme ":" and something after it */
            size_t k = 0;
            while (val[k] && (isalnum((unsigned char)val[k]) || val[k] == '+' || val[k] == '-' || val[k] == '.')) k++;
            if (!k || !isalpha((unsigned char)val[0]) || val[k] != ':' || !val[k + 1] || strpbrk(val, " \t\n\"")) {
                fprintf(stderr, "compose-lint: --docs-url takes an absolute URL (https://...), got '%s'\n", val);
                return CL_EXIT_USAGE;
            }
            o->docs_url = val;
        }
        else if (TAKES("--color", NULL)) {
            if (!strcmp(val, "auto")) o->color = -1;
            else if (!strcmp(val, "always")) o->color = 1;
            else if (!strcmp(val, "never")) o->color = 0;
            else { fprintf(stderr, "compose-lint: --color takes auto, always or never, got '%s'\n", val); return CL_EXIT_USAGE; }
        }
        else if (!strcmp(a, "--fix")) o->fix = 1;
        else if (!strcmp(a, "--force")) o->force = 1;
        else if (!strcmp(a, "--unsafe-fixes")) o->unsafe_fixes = 1;
        else if (!strcmp(a, "--diff")) o->diff = 1;
        else if (!strcmp(a, "--no-interpolate")) o->no_interpolate = 1;
        else if (!strcmp(a, "--strict")) o->strict = 1;
        else if (!strcmp(a, "--allow-hostpath")) o->allow_hostpath = 1;
        else if (TAKES("--config", "-c")) o->config_file = val;
        else if (TAKES("--select", NULL)) push(&o->select, &o->nselect, val);
        else if (TAKES("--ignore", NULL)) push(&o->ignore, &o->nignore, val);
        else if (TAKES("--severity", NULL)) {
            if (strcmp(val, "info") && strcmp(val, "warning") && strcmp(val, "error")) {
                fprintf(stderr, "compose-lint: --severity takes info, warning or error, got '%s'\n", val);
                return CL_EXIT_USAGE;
            }
            o->severity = val;
        }
        else if (TAKES("--fail-on", NULL)) {
            static const char *const levels[] = { "info", "warning", "error" };
            o->fail_on = -1;
            for (int l = 0; l < 3; l++) if (!strcmp(val, levels[l])) o->fail_on = l;
            if (o->fail_on < 0) {
                fprintf(stderr, "compose-lint: --fail-on takes info, warning or error, got '%s'\n", val);
                return CL_EXIT_USAGE;
            }
        }
        else if (TAKES("--max-warnings", NULL)) { if (parse_num(a, val, &num)) return CL_EXIT_USAGE; o->max_warnings = (long)num; }
        else if (TAKES("--exclude", NULL)) push(&o->exclude, &o->nexclude, val);
        else if (TAKES("--jobs", "-j")) { if (parse_num(a, val, &num)) return CL_EXIT_USAGE; o->jobs = (int)num; }
        else if (TAKES("--env-file", NULL)) push(&o->env_files, &o->nenv_files, val);
        else if (TAKES("--profile", NULL)) push(&o->profiles, &o->nprofiles, val);
        else if (TAKES("--project-name", "-p")) o->project_name = val;
        else if (TAKES("--project-directory", NULL)) o->project_directory = val;
        else if (TAKES("--to", NULL)) o->to = val;
        else if (TAKES("--controller", NULL)) o->controller = val;
        else if (TAKES("--namespace", NULL)) o->namespace_ = val;
        else if (TAKES("--service-type", NULL)) o->service_type = val;
        else if (TAKES("--pvc-size", NULL)) o->pvc_size = val;
        else if (TAKES("--storage-class", NULL)) o->storage_class = val;
        else if (TAKES("--image-prefix", NULL)) o->image_prefix = val;
        else if (TAKES("--image-tag", NULL)) {
            /* docker's tag grammar: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127} */
            size_t n = strlen(val), ok = n && n <= 128 && (isalnum((unsigned char)val[0]) || val[0] == '_');
            for (size_t k = 0; ok && k < n; k++) ok = isalnum((unsigned char)val[k]) || strchr("_.-", val[k]);
            if (!ok) { fprintf(stderr, "compose-lint: --image-tag takes a docker tag ([A-Za-z0-9_][A-Za-z0-9_.-]*), got '%s'\n", val); return CL_EXIT_USAGE; }
            o->image_tag = val;
        }
        else if (TAKES("--layout", NULL)) {
            if (strcmp(val, "kustomize") && strcmp(val, "helm")) { fprintf(stderr, "compose-lint: --layout takes kustomize or helm, got '%s'\n", val); return CL_EXIT_USAGE; }
            o->layout = val;
        }
        else if (TAKES("--target", NULL)) {
            if (!cl_emitter_find(val)) { fprintf(stderr, "compose-lint: --target takes swarm, kubernetes or run, got '%s'\n", val); return CL_EXIT_USAGE; }
            o->target = val;
        }
        else if (TAKES("--max-file-size", NULL)) { if (parse_num(a, val, &num)) return CL_EXIT_USAGE; o->limits.max_file_size = (size_t)num; }
        else if (TAKES("--max-depth", NULL)) { if (parse_num(a, val, &num) || num == 0 || num > 100000) { if (num == 0 || num > 100000) fprintf(stderr, "compose-lint: --max-depth takes 1 to 100000\n"); return CL_EXIT_USAGE; } o->limits.max_depth = (uint32_t)num; }
        else if (TAKES("--max-nodes", NULL)) { if (parse_num(a, val, &num)) return CL_EXIT_USAGE; o->limits.max_nodes = num; }
        else if (TAKES("--max-files", NULL)) { if (parse_num(a, val, &num) || num == 0) { if (num == 0) fprintf(stderr, "compose-lint: --max-files takes a number above 0\n"); return CL_EXIT_USAGE; } o->limits.max_files = (size_t)num; }
        else if (TAKES("--max-alias-expansion", NULL)) { if (parse_num(a, val, &num)) return CL_EXIT_USAGE; o->limits.max_expanded = num; }
        else {
            if (missing) return CL_EXIT_USAGE;
            fprintf(stderr, "compose-lint: unknown option '%s' (see --help)\n", argv[i]);
            return CL_EXIT_USAGE;
        }
#undef TAKES
    }
    return 0;
}

void cl_opts_free(cl_opts *o)
{
    free(o->files);
    free(o->ffiles);
    free(o->rest);
    free(o->select);
    free(o->ignore);
    free(o->exclude);
    free(o->env_files);
    free(o->profiles);
}

int cl_use_color(int when, FILE *f)
{
    if (when >= 0) return when;                  /* --color always|never wins */
    const char *e = getenv("NO_COLOR");         /* no-color.org: set and not empty */
    if (e && *e) return 0;
    e = getenv("FORCE_COLOR");                  /* force-color.org: set and not empty */
    if (e && *e) return 1;
    return isatty(fileno(f));
}

const char *cl_default_compose_file(void)
{
    for (int i = 0; cl_compose_file_names[i]; i++)
        if (access(cl_compose_file_names[i], F_OK) == 0) return cl_compose_file_names[i];
    return NULL;
}
