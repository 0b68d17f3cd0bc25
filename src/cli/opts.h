/*
 * opts.h - declarative option tables. Each verb declares its options once
 * (struct cli_opt: name, short form, argument, help text, allowed values);
 * the parser (cli_parse()), --help, the man page's option lists
 * (m365route --dump-options) and the bash/zsh completion (m365route
 * --completion bash|zsh) are all generated from those tables (opts.c).
 */
#ifndef MR_CLI_OPTS_H
#define MR_CLI_OPTS_H

#include <stdio.h>

/* Output formats: what -f/--format selects (each verb allows a few). */
enum cli_format {
	CLI_FMT_TEXT = 0,
	CLI_FMT_JSON,
	CLI_FMT_TSV,
	CLI_FMT_CSV,
	CLI_FMT_SARIF,
	CLI_FMT_MARKDOWN,
	CLI_FMT_PAC,
	CLI_FMT_DOT,  /* Graphviz's language (simulate) */
	CLI_FMT_HTML, /* the report's page (check) */
};

/* An allowed value of an option and what it stands for. */
struct cli_value {
	const char *name;
	int val;
};

/* Options the parser handles itself for every verb that lists them. */
enum cli_opt_id {
	CLI_O_END = 0, /* terminates a table */
	CLI_O_HELP,
	CLI_O_INSTANCE,
	CLI_O_CATALOG,
	CLI_O_EMBEDDED,
	CLI_O_DIAG_FORMAT,
	CLI_O_VERBOSE,
	CLI_O_W,   /* -W<slug>, -Wno-<slug> */
	CLI_O_WNO, /* -Wno-<slug>: documented, parsed as CLI_O_W */
	CLI_O_WERROR,
	CLI_O_MAX_ERRORS,
	CLI_O_FORMAT,
	CLI_O_OUTPUT,
	CLI_O_EXAMPLE,
	CLI_O_VERB = 100 /* a verb's own options start here */
};

/* cli_opt.flags */
#define CLI_PREFIX 1 /* name is a prefix: "-W" matches "-Wfoo" (arg = foo) */
#define CLI_OPEN                                                               \
	2         /* values are suggestions (completion, docs), any
                        value is taken; the verb checks it */
#define CLI_DOC 4 /* documented only; never matched by the parser */

struct cli_opt {
	int id;                         /* CLI_O_* or the verb's own id */
	const char *name;               /* "--format", "-Werror", "-W" */
	char short_name;                /* 'f' for -f, or 0 */
	const char *arg;                /* "FILE"; NULL: a flag */
	const char *help;               /* '\n' breaks lines (as printed);
	                                   a leading '\n' starts the text on
	                                   the line below the option */
	const struct cli_value *values; /* allowed values, {NULL} ends */
	unsigned flags;
};

/* A verb (or a verb's sub-command: "pac audit", "endpoints diff"). */
struct cli_verb {
	const char *name;
	const char *head; /* usage line(s) and prose, before "options:" */
	const struct cli_opt *opts; /* ends with an entry of id CLI_O_END */
	const char *tail;           /* prose after the option list, or NULL */
};

/* The common entries, in the order every verb lists them. */
extern const struct cli_value cli_diag_formats[];
#define CLI_OPT_INSTANCE(help)                                                 \
	{                                                                      \
		CLI_O_INSTANCE, "--instance", 'i', "NAME", help,               \
		    cli_instances, CLI_OPEN                                    \
	}
#define CLI_OPT_CATALOG(help)                                                  \
	{                                                                      \
		CLI_O_CATALOG, "--catalog", 'c', "FILE", help, NULL, 0         \
	}
#define CLI_OPT_EMBEDDED(help)                                                 \
	{                                                                      \
		CLI_O_EMBEDDED, "--embedded", 0, NULL, help, NULL, 0           \
	}
#define CLI_OPT_DIAG_FORMAT(help)                                              \
	{                                                                      \
		CLI_O_DIAG_FORMAT, "--diag-format", 0, "F", help,              \
		    cli_diag_formats, 0                                        \
	}
#define CLI_OPT_VERBOSE(help)                                                  \
	{                                                                      \
		CLI_O_VERBOSE, "--verbose", 'v', NULL, help, NULL, 0           \
	}
#define CLI_OPT_FORMAT(values, help)                                           \
	{                                                                      \
		CLI_O_FORMAT, "--format", 'f', "F", help, values, 0            \
	}
#define CLI_OPT_OUTPUT(arg, help)                                              \
	{                                                                      \
		CLI_O_OUTPUT, "--output", 'o', arg, help, NULL, 0              \
	}
#define CLI_OPT_EXAMPLE(help)                                                  \
	{                                                                      \
		CLI_O_EXAMPLE, "--example", 0, "NAME", help, cli_examples,     \
		    CLI_OPEN                                                   \
	}
#define CLI_OPT_HELP                                                           \
	{                                                                      \
		CLI_O_HELP, "--help", 'h', NULL, "this help", NULL, 0          \
	}
#define CLI_OPT_END                                                            \
	{                                                                      \
		CLI_O_END, NULL, 0, NULL, NULL, NULL, 0                        \
	}

/* -W<slug>, -Wno-<slug>, -Werror, --max-errors N */
#define CLI_OPTS_W                                                              \
	{CLI_O_W,                                                               \
	 "-W",                                                                  \
	 0,                                                                     \
	 "<slug>",                                                              \
	 "report a rule (lifts a note to a warning)",                           \
	 NULL,                                                                  \
	 CLI_PREFIX},                                                           \
	    {CLI_O_WNO,                                                         \
	     "-Wno-",                                                           \
	     0,                                                                 \
	     "<slug>",                                                          \
	     "do not report a rule",                                            \
	     NULL,                                                              \
	     CLI_PREFIX | CLI_DOC},                                             \
	    {CLI_O_WERROR, "-Werror", 0, NULL, "warnings are errors", NULL, 0}, \
	{                                                                       \
		CLI_O_MAX_ERRORS, "--max-errors", 0, "N",                       \
		    "stop printing after N errors (default 50)", NULL, 0        \
	}

/* What most verbs end their list with: the catalog, diagnostics, help. */
#define CLI_OPTS_COMMON                                                        \
	CLI_OPT_INSTANCE("worldwide (default), china, usgovdod or\n"           \
	                 "usgovgcchigh: the newest catalog 'endpoints\n"       \
	                 "update' stored, else the built-in snapshot"),        \
	    CLI_OPT_EMBEDDED("the built-in snapshot, whatever is stored"),     \
	    CLI_OPT_CATALOG("load the endpoint feed from FILE ('-' = stdin)"), \
	    CLI_OPT_DIAG_FORMAT("text (default) or json diagnostics on "       \
	                        "stderr"),                                     \
	    CLI_OPT_VERBOSE("also show notes about the feed"), CLI_OPTS_W,     \
	    CLI_OPT_HELP

extern const struct cli_value cli_instances[];
extern const struct cli_value cli_examples[];

/** Print verb's help (head, the option list, tail) on f. */
void cli_help(FILE *f, const struct cli_verb *v);
/** The man page's option lists of every verb (roff), on f. */
void cli_dump_options(FILE *f, const struct cli_verb *const *verbs);
/** A completion script for shell ("bash" or "zsh") on f; -1 if unknown. */
int cli_completion(FILE *f, const char *shell,
                   const struct cli_verb *const *verbs);

#endif
