/*
 * opts.c - the one option parser, and everything else generated from the
 * verbs' option tables (opts.h): --help's option list, the man page's
 * OPTIONS section (m365route --dump-options, spliced into
 * docs/man/m365route.1 by tools/gen-man-options.sh) and the bash and zsh
 * completion (m365route --completion bash|zsh, written at build time).
 *
 * Parsing follows GNU conventions without bundling: "-f V", "--format V",
 * "--format=V"; options and arguments may be mixed, "--" ends the options.
 * A table is scanned linearly per argument (tables hold ~20 entries).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const struct cli_value cli_diag_formats[] = {
    {"text", 0}, {"json", 1}, {NULL, 0}};
const struct cli_value cli_instances[] = {{"worldwide", 0},
                                          {"china", 1},
                                          {"usgovdod", 2},
                                          {"usgovgcchigh", 3},
                                          {NULL, 0}};
const struct cli_value cli_examples[] = {
    {"trey-research", 0}, {"humongous-insurance", 1}, {NULL, 0}};

#define HELP_COL 23 /* where --help's option descriptions start */

static int
is_long(const struct cli_opt *p)
{
	return p->name[0] == '-' && p->name[1] == '-';
}

/* The option argv[*i] names, with its value in *v (NULL for a flag). */
static const struct cli_opt *
find(const struct cli_opt *t, int argc, char **argv, int *i, const char **v,
     int *err)
{
	const char *a = argv[*i];
	const struct cli_opt *p, *hit = NULL;
	size_t n;

	*v = NULL;
	*err = 0;
	for (p = t; p->id != CLI_O_END && hit == NULL; p++) {
		if (p->flags & (CLI_DOC | CLI_PREFIX))
			continue;
		if (p->short_name != 0 && a[0] == '-' &&
		    a[1] == p->short_name && a[2] == '\0') {
			hit = p;
			break;
		}
		n = strlen(p->name);
		if (strncmp(a, p->name, n) == 0 &&
		    (a[n] == '\0' || (a[n] == '=' && is_long(p)))) {
			hit = p;
			if (a[n] == '=') {
				if (p->arg == NULL) {
					cli_error("%s takes no value", p->name);
					*err = 1;
					return NULL;
				}
				*v = a + n + 1;
				return p;
			}
		}
	}
	for (p = t; p->id != CLI_O_END && hit == NULL; p++) {
		n = strlen(p->name);
		if ((p->flags & CLI_PREFIX) && !(p->flags & CLI_DOC) &&
		    strncmp(a, p->name, n) == 0 && a[n] != '\0') {
			*v = a + n;
			return p;
		}
	}
	if (hit == NULL || hit->arg == NULL)
		return hit;
	if (*i + 1 >= argc) {
		cli_error("option '%s' needs a value", hit->name);
		*err = 1;
		return NULL;
	}
	*v = argv[++*i];
	return hit;
}

/* "a, b or c" on stderr. */
static void
list_values(const struct cli_value *vals)
{
	size_t k;

	if (vals[0].name != NULL && vals[1].name == NULL) {
		fprintf(stderr, "'%s'", vals[0].name);
		return;
	}
	for (k = 0; vals[k].name != NULL; k++)
		fprintf(stderr, "%s%s",
		        k == 0                     ? ""
		        : vals[k + 1].name == NULL ? " or "
		                                   : ", ",
		        vals[k].name);
}

/* The value's number, or -1 (error printed) when it is not allowed. */
static int
check_value(const struct cli_opt *p, const char *v, int *val)
{
	size_t k;

	*val = -1;
	if (p->values == NULL)
		return 0;
	for (k = 0; p->values[k].name != NULL; k++)
		if (strcmp(v, p->values[k].name) == 0) {
			*val = p->values[k].val;
			return 0;
		}
	if (p->flags & CLI_OPEN)
		return 0;
	fprintf(stderr, "%s: error: %s takes ", cli_prog, p->name);
	list_values(p->values);
	fputs(", not '", stderr);
	cli_fputs_safe(stderr, v);
	fputs("'\n", stderr);
	return -1;
}

/* -W<slug>, -Wno-<slug>: v is what follows "-W". */
static int
take_w(struct cli_diag_opts *dopt, const char *a, const char *v)
{
	int off = strncmp(v, "no-", 3) == 0;
	const char *slug = v + (off ? 3 : 0);
	size_t k = mr_diag_code_find(slug);

	if (k >= CLI_MAX_CODES) {
		char q[256], q2[256];
		cli_error("unknown diagnostic '%s' in '%s' (see "
		          "docs/rules.md and docs/diagnostics.md)",
		          cli_safe(q, sizeof(q), slug),
		          cli_safe(q2, sizeof(q2), a));
		return -1;
	}
	dopt->policy[k] = off ? 1 : 2;
	return 0;
}

/* One option the parser handles itself: 0, or -1 after an error. */
static int
take_common(struct cli_opts *o, const struct cli_opt *p, const char *a,
            const char *v, int val)
{
	char *end;
	long n;

	switch (p->id) {
	case CLI_O_INSTANCE:
		o->co.instance = v;
		return 0;
	case CLI_O_CATALOG:
		o->co.file = v;
		return 0;
	case CLI_O_EMBEDDED:
		o->co.embedded = 1;
		return 0;
	case CLI_O_DIAG_FORMAT:
		o->dopt.json = val;
		return 0;
	case CLI_O_VERBOSE:
		o->dopt.verbose = 1;
		return 0;
	case CLI_O_WERROR:
		o->dopt.werror = 1;
		return 0;
	case CLI_O_W:
		return take_w(&o->dopt, a, v);
	case CLI_O_MAX_ERRORS:
		n = strtol(v, &end, 10);
		if (*v == '\0' || *end != '\0' || n < 1 || n > 100000) {
			cli_error(
			    "--max-errors takes a number from 1 to 100000");
			return -1;
		}
		o->dopt.max_errors = (int)n;
		return 0;
	case CLI_O_FORMAT:
		o->fmt = (enum cli_format)val;
		return 0;
	case CLI_O_OUTPUT:
		o->output = v;
		return 0;
	case CLI_O_EXAMPLE:
		o->example = v;
		return 0;
	default:
		return 1; /* not a common option */
	}
}

int
cli_parse(int argc, char **argv, const struct cli_verb *verb,
          struct cli_opts *o, int *args, cli_take_fn take, void *ctx)
{
	const struct cli_opt *p;
	int i, k, npos = 0, rc = -1, err, val;
	char **pos = NULL;
	const char *v;

	memset(o, 0, sizeof(*o));
	cli_diag_opts_init(&o->dopt);
	for (p = verb->opts; p->id != CLI_O_END; p++)
		if (p->id == CLI_O_FORMAT && p->values != NULL)
			o->fmt = (enum cli_format)p->values[0].val;
	if (args != NULL) {
		/* Options and arguments may be mixed (GNU style): arguments
		 * are collected and moved to the end of argv. */
		*args = argc;
		pos = malloc((size_t)argc * sizeof(*pos));
		if (pos == NULL) {
			cli_error("out of memory");
			return EXIT_USAGE;
		}
	}
	for (i = 1; i < argc && rc < 0; i++) {
		const char *a = argv[i];
		char q[256];

		if (args != NULL && strcmp(a, "--") == 0) {
			while (++i < argc)
				pos[npos++] = argv[i];
			break;
		}
		if (args != NULL && (a[0] != '-' || a[1] == '\0')) {
			pos[npos++] = argv[i];
			continue;
		}
		if ((p = find(verb->opts, argc, argv, &i, &v, &err)) == NULL) {
			if (!err)
				cli_error("%s: %s '%s' (see 'm365route %s "
				          "--help')",
				          verb->name,
				          a[0] == '-' ? "unknown option"
				                      : "unexpected argument",
				          cli_safe(q, sizeof(q), a),
				          verb->name);
			rc = EXIT_USAGE;
			break;
		}
		if (p->id == CLI_O_HELP) {
			cli_help(stdout, verb);
			rc = EXIT_OK;
			break;
		}
		val = -1;
		if (v != NULL && check_value(p, v, &val) != 0) {
			rc = EXIT_USAGE;
			break;
		}
		k = take_common(o, p, a, v, val);
		if (k > 0)
			k = take != NULL ? take(ctx, p, v, val) : -1;
		if (k != 0)
			rc = EXIT_USAGE;
	}
	if (args != NULL) {
		for (k = 0; k < npos; k++)
			argv[argc - npos + k] = pos[k];
		*args = argc - npos;
		free(pos);
	}
	return rc;
}

/* ---- --help ---------------------------------------------------------- */

/* The option as --help and the man page show it: "-f, --format F". */
static void
label(char *buf, size_t cap, const struct cli_opt *p, int indent)
{
	const char *sep = p->arg == NULL            ? ""
	                  : (p->flags & CLI_PREFIX) ? ""
	                                            : " ";

	if (p->short_name != 0)
		snprintf(buf, cap, "%s-%c, %s%s%s", indent ? "  " : "",
		         p->short_name, p->name, sep, p->arg ? p->arg : "");
	else
		snprintf(buf, cap, "%s%s%s%s",
		         !indent      ? ""
		         : is_long(p) ? "      "
		                      : "  ",
		         p->name, sep, p->arg ? p->arg : "");
}

void
cli_help(FILE *f, const struct cli_verb *v)
{
	const struct cli_opt *p;
	char left[128];
	const char *h, *nl;
	size_t n;

	fputs(v->head, f);
	fputs("options:\n", f);
	for (p = v->opts; p->id != CLI_O_END; p++) {
		if (p->help == NULL)
			continue;
		label(left, sizeof(left), p, 1);
		n = strlen(left);
		fputs(left, f);
		h = p->help;
		if (*h == '\n') {
			h++;
			n = 0;
			fputc('\n', f);
			fprintf(f, "%*s", HELP_COL, "");
		} else {
			fprintf(f, "%*s",
			        n + 2 <= HELP_COL ? (int)(HELP_COL - n) : 2,
			        "");
		}
		while ((nl = strchr(h, '\n')) != NULL) {
			fprintf(f, "%.*s\n%*s", (int)(nl - h), h, HELP_COL, "");
			h = nl + 1;
		}
		fprintf(f, "%s\n", h);
	}
	if (v->tail != NULL)
		fputs(v->tail, f);
}

/* ---- the man page ------------------------------------------------------ */

/* s in roff: '-' and '\' escaped, line breaks joined with a space. */
static void
roff(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '-')
			fputs("\\-", f);
		else if (*s == '\\')
			fputs("\\e", f);
		else if (*s == '\n')
			fputc(' ', f);
		else
			fputc(*s, f);
	}
}

void
cli_dump_options(FILE *f, const struct cli_verb *const *verbs)
{
	const struct cli_opt *p;
	size_t i;

	fputs(".SH OPTIONS\nEach verb's options, as its\n.B \\-\\-help\n"
	      "lists them.\n",
	      f);
	for (i = 0; verbs[i] != NULL; i++) {
		fputs(".SS \"m365route ", f);
		roff(f, verbs[i]->name);
		fputs("\"\n", f);
		for (p = verbs[i]->opts; p->id != CLI_O_END; p++) {
			if (p->help == NULL)
				continue;
			fputs(".TP\n", f);
			if (p->short_name != 0)
				fprintf(f, "\\fB\\-%c\\fR, ", p->short_name);
			fputs("\\fB", f);
			roff(f, p->name);
			fputs("\\fR", f);
			if (p->arg != NULL) {
				fputs((p->flags & CLI_PREFIX) ? "\\fI"
				                              : " \\fI",
				      f);
				roff(f, p->arg);
				fputs("\\fR", f);
			}
			fputs("\n\\&", f);
			roff(f, p->help[0] == '\n' ? p->help + 1 : p->help);
			fputc('\n', f);
		}
	}
}

/* ---- completion -------------------------------------------------------- */

/* Whether the option's argument names a file or a directory. */
static const char *
arg_kind(const struct cli_opt *p)
{
	if (p->arg == NULL || p->values != NULL)
		return NULL;
	if (strstr(p->arg, "DIR") != NULL)
		return "dir";
	if (strstr(p->arg, "FILE") != NULL)
		return "file";
	return NULL;
}

/* Whether the option is offered: listed in --help, matched by name. */
static int
offered(const struct cli_opt *p)
{
	return p->help != NULL && !(p->flags & (CLI_DOC | CLI_PREFIX));
}

/* The option's allowed values, space-separated. */
static void
value_words(FILE *f, const struct cli_opt *p)
{
	size_t j;

	for (j = 0; p->values[j].name != NULL; j++)
		fprintf(f, "%s%s", j ? " " : "", p->values[j].name);
}

/* Words (short and long forms) of the options that complete, on f. */
static void
words(FILE *f, const struct cli_opt *t)
{
	const struct cli_opt *p;
	int first = 1;

	for (p = t; p->id != CLI_O_END; p++) {
		if (!offered(p))
			continue;
		if (p->short_name != 0)
			fprintf(f, "%s-%c", first ? "" : " ", p->short_name);
		fprintf(f, "%s%s", first && p->short_name == 0 ? "" : " ",
		        p->name);
		first = 0;
	}
}

/* The sub-commands of top (verbs named "top SUB"), space-separated, on f
 * when f is not NULL; how many. */
static int
subs(FILE *f, const char *top, const struct cli_verb *const *verbs)
{
	size_t i, n = strlen(top);
	int k = 0;

	for (i = 0; verbs[i] != NULL; i++)
		if (strncmp(verbs[i]->name, top, n) == 0 &&
		    verbs[i]->name[n] == ' ') {
			if (f != NULL)
				fprintf(f, "%s%s", k ? " " : "",
				        verbs[i]->name + n + 1);
			k++;
		}
	return k;
}

/* " verb" for each verb that is not a sub-command. */
static void
top_verbs(FILE *f, const struct cli_verb *const *verbs)
{
	size_t i;

	for (i = 0; verbs[i] != NULL; i++)
		if (strchr(verbs[i]->name, ' ') == NULL)
			fprintf(f, " %s", verbs[i]->name);
}

static void
bash(FILE *f, const struct cli_verb *const *verbs)
{
	const struct cli_opt *p;
	size_t i, n;

	fputs("# bash completion for m365route -*- shell-script -*-\n"
	      "# Generated by 'm365route --completion bash' from the option\n"
	      "# tables (src/cli/opts.h); do not edit.\n\n"
	      "_m365route()\n{\n"
	      "\tlocal cur prev verb opts='' subs=''\n"
	      "\tcur=${COMP_WORDS[COMP_CWORD]}\n"
	      "\tprev=${COMP_WORDS[COMP_CWORD - 1]}\n"
	      "\tif [ \"$COMP_CWORD\" -eq 1 ]; then\n"
	      "\t\tCOMPREPLY=($(compgen -W '--help --version",
	      f);
	top_verbs(f, verbs);
	fputs("' -- \"$cur\"))\n\t\treturn\n\tfi\n"
	      "\tverb=${COMP_WORDS[1]}\n"
	      "\tif [ \"$COMP_CWORD\" -gt 2 ]; then\n"
	      "\t\tcase \"$verb ${COMP_WORDS[2]}\" in\n\t\t",
	      f);
	for (i = 0, n = 0; verbs[i] != NULL; i++)
		if (strchr(verbs[i]->name, ' ') != NULL)
			fprintf(f, "%s'%s'", n++ ? "|" : "", verbs[i]->name);
	fputs(") verb=\"$verb ${COMP_WORDS[2]}\" ;;\n\t\tesac\n\tfi\n"
	      "\tcase $verb in\n",
	      f);
	for (i = 0; verbs[i] != NULL; i++) {
		fprintf(f, "\t'%s')\n\t\tcase $prev in\n", verbs[i]->name);
		for (p = verbs[i]->opts; p->id != CLI_O_END; p++) {
			const char *k = arg_kind(p);
			if (p->arg == NULL || !offered(p))
				continue;
			fputs("\t\t", f);
			if (p->short_name != 0)
				fprintf(f, "-%c|", p->short_name);
			fprintf(f, "%s)\n\t\t\t", p->name);
			if (p->values != NULL) {
				fputs("COMPREPLY=($(compgen -W '", f);
				value_words(f, p);
				fputs("' -- \"$cur\"))\n", f);
			} else if (k != NULL) {
				fprintf(f,
				        "COMPREPLY=($(compgen -%c -- "
				        "\"$cur\"))\n",
				        k[0] == 'd' ? 'd' : 'f');
			} else {
				fputs("COMPREPLY=()\n", f);
			}
			fputs("\t\t\treturn\n\t\t\t;;\n", f);
		}
		fputs("\t\tesac\n\t\topts='", f);
		words(f, verbs[i]->opts);
		fputs("'\n\t\tsubs='", f);
		subs(f, verbs[i]->name, verbs);
		fputs("'\n\t\t;;\n", f);
	}
	fputs("\t*)\n\t\treturn\n\t\t;;\n\tesac\n"
	      "\tif [[ $cur == -* ]]; then\n"
	      "\t\tCOMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
	      "\telif [ -n \"$subs\" ] && [ \"$COMP_CWORD\" -eq 2 ]; then\n"
	      "\t\tCOMPREPLY=($(compgen -W \"$subs\" -- \"$cur\"))\n"
	      "\telse\n"
	      "\t\tCOMPREPLY=($(compgen -f -- \"$cur\"))\n"
	      "\tfi\n}\ncomplete -o filenames -F _m365route m365route\n",
	      f);
}

/* s inside a zsh _arguments description: the first line, with the
 * characters _arguments or the single quotes would take escaped. */
static void
zdesc(FILE *f, const char *s)
{
	if (*s == '\n')
		s++;
	for (; *s && *s != '\n'; s++) {
		if (*s == '\'')
			fputs("'\\''", f);
		else if (*s == '[' || *s == ']' || *s == ':' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else
			fputc(*s, f);
	}
}

static void
zsh(FILE *f, const struct cli_verb *const *verbs)
{
	const struct cli_opt *p;
	size_t i;

	fputs("#compdef m365route\n"
	      "# zsh completion for m365route. Generated by 'm365route\n"
	      "# --completion zsh' from the option tables (src/cli/opts.h);\n"
	      "# do not edit.\n\n"
	      "_m365route() {\n"
	      "\tlocal key\n"
	      "\tif (( CURRENT == 2 )); then\n"
	      "\t\tcompadd -- --help --version",
	      f);
	top_verbs(f, verbs);
	fputs("\n\t\treturn\n\tfi\n"
	      "\tkey=$words[2]\n"
	      "\tif (( CURRENT > 3 )) && [[ -n ${_m365route_subs[\"$words[2] "
	      "$words[3]\"]} ]]; then\n"
	      "\t\tkey=\"$words[2] $words[3]\"\n"
	      "\t\tshift 2 words\n\t\t(( CURRENT -= 2 ))\n"
	      "\telse\n\t\tshift words\n\t\t(( CURRENT-- ))\n\tfi\n"
	      "\tcase $key in\n",
	      f);
	for (i = 0; verbs[i] != NULL; i++) {
		fprintf(f, "\t'%s')\n\t\t_arguments : \\\n", verbs[i]->name);
		for (p = verbs[i]->opts; p->id != CLI_O_END; p++) {
			const char *k = arg_kind(p);
			if (!offered(p))
				continue;
			fputs("\t\t\t", f);
			if (p->short_name != 0)
				fprintf(f, "'(-%c %s)'{-%c,%s}'[",
				        p->short_name, p->name, p->short_name,
				        p->name);
			else
				fprintf(f, "'%s[", p->name);
			zdesc(f, p->help);
			fputc(']', f);
			if (p->arg != NULL) {
				fputc(':', f);
				zdesc(f, p->arg);
				fputc(':', f);
				if (p->values != NULL) {
					fputc('(', f);
					value_words(f, p);
					fputc(')', f);
				} else if (k != NULL) {
					fputs(k[0] == 'd' ? "_files -/"
					                  : "_files",
					      f);
				} else {
					fputc(' ', f);
				}
			}
			fputs("' \\\n", f);
		}
		fputs("\t\t\t'*:argument:", f);
		if (subs(NULL, verbs[i]->name, verbs) > 0) {
			fputs("(", f);
			subs(f, verbs[i]->name, verbs);
			fputs(")'\n\t\t;;\n", f);
			continue;
		}
		fputs("_files'\n\t\t;;\n", f);
	}
	fputs("\tesac\n}\n\ntypeset -gA _m365route_subs\n_m365route_subs=(", f);
	for (i = 0; verbs[i] != NULL; i++)
		if (strchr(verbs[i]->name, ' ') != NULL)
			fprintf(f, " '%s' 1", verbs[i]->name);
	fputs(" )\n\n_m365route \"$@\"\n", f);
}

int
cli_completion(FILE *f, const char *shell, const struct cli_verb *const *verbs)
{
	if (strcmp(shell, "bash") == 0)
		bash(f, verbs);
	else if (strcmp(shell, "zsh") == 0)
		zsh(f, verbs);
	else
		return -1;
	return 0;
}
