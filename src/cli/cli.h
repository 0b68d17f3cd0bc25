/*
 * cli.h - the m365route command line: shared helpers of the verbs.
 * Only src/cli prints, chooses formats and exit codes.
 */
#ifndef MR_CLI_H
#define MR_CLI_H

#include <stdio.h>

#include "m365route/m365route.h"
#include "opts.h"

enum { EXIT_OK = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };

extern const char *cli_prog;

/* ---- out.c: buffered output, to stdout or atomically to a file ---- */

struct out {
	FILE *f;
	char *tmp_path; /* NULL for stdout */
	char *path;
	char buf[1 << 16];
	size_t n;
	int failed;
};

/** Open path ("-" or NULL = stdout) for writing through a temp file. */
int out_open(struct out *o, const char *path);
void out_write(struct out *o, const char *s, size_t n);
void out_puts(struct out *o, const char *s);
void out_printf(struct out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void out_putc(struct out *o, char c);
/** out_write() as a sink of the library's JSON writer (mr_json_write_cb):
 * ctx is the struct out. */
void out_sink(void *ctx, const char *s, size_t n);
/** Flush and, for a file, rename into place. 0 or -1 (message printed). */
int out_close(struct out *o);
/** Write through an open stream (stderr, a file the caller owns):
 * out_flush() before the stream is used directly again. */
void out_attach(struct out *o, FILE *f);
/** Write what is buffered to the stream and flush it. */
void out_flush(struct out *o);
/** Drop a file output (temp removed, destination untouched). */
void out_abort(struct out *o);
/** Write s with control bytes, '\\' and non-ASCII as \xNN. */
void out_safe(struct out *o, const char *s, size_t n);

/* ---- outdir.c: an output directory replaced whole (plan -o DIR) ---- */

/* The manifest that marks a directory as a plan m365route wrote. */
#define OUTDIR_MANIFEST ".m365route-plan"

struct outdir {
	char *parent;  /* the directory that holds it ("." when none) */
	char *base;    /* its name there */
	char tmp[300]; /* the directory being built, beside it */
	int pfd, tfd;  /* parent, and the one being built (locked) */
	FILE *manifest;
	int existed; /* a previous plan is being replaced */
};

/**
 * Check that path is absent, empty or a plan m365route wrote (refusing a
 * link, a file or a directory holding anything its manifest does not
 * list), remove leftovers of earlier runs, and start a new plan beside it.
 * 0, or -1 with a message printed and nothing changed.
 */
int outdir_begin(struct outdir *od, const char *path);
/** Record name in the new plan's manifest and give its path. 0 or -1. */
int outdir_file(struct outdir *od, const char *name, char *path, size_t cap);
/** Swap the new plan into place in one step and remove the old one by its
 * manifest. 0, or -1 with a message (the previous plan untouched). */
int outdir_commit(struct outdir *od);
/** Drop the new plan (if not committed) and release everything. */
void outdir_abort(struct outdir *od);
/** Whether name is base + tag (".tmp." or ".old.") + the six letters or
 * digits mkstemp/mkdtemp put there: one of our temporaries of base. */
int cli_is_temp_name(const char *name, const char *base, const char *tag);
/** dir/name (either may be NULL) escaped as cli_safe() does, bounded by
 * cap: fit for a message. */
void cli_safe_path(char *q, size_t cap, const char *dir, const char *name);

/* ---- render.c: diagnostics ---- */

#define CLI_MAX_CODES 256

struct cli_diag_opts {
	int json;       /* --diag-format=json */
	int verbose;    /* show notes */
	int color;      /* decided from the TTY and NO_COLOR */
	int max_errors; /* stop printing after this many errors */
	int werror;     /* -Werror: warnings count as errors */
	/* -Wno-<slug> / -W<slug>, per code index: 0 default, 1 off, 2 on */
	unsigned char policy[CLI_MAX_CODES];
};

void cli_diag_opts_init(struct cli_diag_opts *o);
/**
 * The severity a record has under the -W options, or -1 when it is
 * switched off (-Wno-<slug>). -W<slug> lifts a note to a warning; -Werror
 * turns warnings into errors.
 */
int cli_diag_severity(const struct cli_diag_opts *o, const struct mr_diag *r);
/** Counts by effective severity. */
struct cli_counts {
	size_t errors, warnings, notes;
};
struct cli_counts cli_diag_count(const struct mr_diags *d,
                                 const struct cli_diag_opts *o);
/** Print every record of d (notes only when verbose) on stderr. */
void cli_render_diags(const struct mr_diags *d, const struct cli_diag_opts *o);
/** The same, to f. */
void cli_render_diags_to(FILE *f, const struct mr_diags *d,
                         const struct cli_diag_opts *o);
/** "m365route: error: MESSAGE" on stderr; control characters (C0, DEL,
 * C1) and bytes that are not UTF-8 in MESSAGE come out as \xNN. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/**
 * Write s (a path or other input-derived string; NULL writes nothing) as
 * every text output shows it: control characters (C0, DEL, C1), bytes that
 * are not well-formed UTF-8, '\'' and '\\' as \xNN, the way "cannot open
 * '...'" errors show a path; printable UTF-8 as it is. The result has no
 * newline or escape sequence, so it cannot break or forge a line.
 */
void cli_fputs_safe(FILE *f, const char *s);
/** The same, into buf (NUL-terminated, cap > 0 bytes; a cut ends in
 * "..."); returns buf, for printf("%s"). */
const char *cli_safe(char *buf, size_t cap, const char *s);

/* ---- common options: the catalog to use ---- */

struct cli_catalog_opts {
	const char *instance; /* --instance */
	const char *file;     /* --catalog */
	int embedded;         /* --embedded: ignore a stored catalog */
};

/**
 * Load the catalog (--catalog FILE, else the embedded --instance, default
 * worldwide), print its diagnostics, build the matcher. Returns EXIT_OK or
 * EXIT_USAGE (message printed).
 */
int cli_load(const struct cli_catalog_opts *co,
             const struct cli_diag_opts *dopt, struct mr_catalog **cat,
             struct mr_matcher **m);
void cli_unload(struct mr_catalog *cat, struct mr_matcher *m);
/**
 * The catalog as generated files name it: "INSTANCE DATE" for a feed, else
 * its file name ("(stdin)" when read from standard input). Returns buf.
 */
const char *cli_catalog_name(char *buf, size_t cap,
                             const struct mr_catalog *cat);

/** Seconds since the epoch, 0..9999-12-31; 0 or -1. */
int cli_epoch_parse(const char *v, int64_t *out);
/** The time generated files carry: SOURCE_DATE_EPOCH (reproducible
 * builds) when set, else now. -1 (error printed) for a bad value. */
int cli_generated_time(int64_t *out);
/** What every verb's command line holds. */
struct cli_opts {
	struct cli_catalog_opts co;
	struct cli_diag_opts dopt;
	const char *output;  /* -o FILE, NULL for stdout */
	enum cli_format fmt; /* -f; the first of the verb's formats */
	const char *example; /* --example NAME (design verbs) */
};

/**
 * A verb's own option (id >= CLI_O_VERB) with its value v (NULL for a
 * flag) and, for an option with allowed values, the value's number (else
 * -1). 0, or nonzero after an error (message printed).
 */
typedef int (*cli_take_fn)(void *ctx, const struct cli_opt *opt, const char *v,
                           int val);

/**
 * Parse argv[1..] of a verb by its table: the common options fill o, the
 * verb's own go to take(ctx, ...). Values of options with allowed values
 * are checked. Positional arguments are allowed when args is not NULL:
 * *args is then the index of the first ("--" ends the options), argc if
 * none. Returns -1 when the verb should go on, else the exit status to
 * return (EXIT_OK after --help, EXIT_USAGE after an error, printed).
 */
int cli_parse(int argc, char **argv, const struct cli_verb *verb,
              struct cli_opts *o, int *args, cli_take_fn take, void *ctx);

/* Every verb's option table (cmd_<verb>.c), for main.c's generators. */
extern const struct cli_verb cli_verb_classify, cli_verb_catalog,
    cli_verb_exceptions, cli_verb_endpoints, cli_verb_endpoints_update,
    cli_verb_endpoints_rollback, cli_verb_endpoints_diff,
    cli_verb_endpoints_status, cli_verb_endpoints_changes, cli_verb_pac,
    cli_verb_pac_audit, cli_verb_check, cli_verb_simulate, cli_verb_usage,
    cli_verb_plan, cli_verb_config, cli_verb_dns, cli_verb_verify;

int cmd_classify(int argc, char **argv);
int cmd_catalog(int argc, char **argv);
int cmd_exceptions(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_dns(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_verify(int argc, char **argv);

/* ---- report.c: a design's findings as text, JSON or SARIF 2.1.0 ---- */

/** Load the design named by opt (file, --example, or example dflt when
 * both are absent and dflt is not NULL). Returns the load's MR_* status;
 * records go to d. */
int cli_load_design(const struct cli_opts *opt, int nargs, char **args,
                    const char *dflt, struct mr_design **out,
                    struct mr_diags *d, const char **name);
/** After cli_load_design() returned rc != MR_OK: print the findings, and
 * mr_error_last() when there are none (MR_EINVAL's message is printed). */
void cli_design_failed(const struct mr_diags *d,
                       const struct cli_diag_opts *dopt, int rc);
void report_json(struct out *o, const struct mr_diags *d,
                 const struct cli_diag_opts *dopt, const char *design);
/** The same, with members of the caller's written by extra(o, ctx) before
 * the closing brace (each preceded by its comma). */
void report_json_with(struct out *o, const struct mr_diags *d,
                      const struct cli_diag_opts *dopt, const char *design,
                      void (*extra)(struct out *o, void *ctx), void *ctx);
void report_sarif(struct out *o, const struct mr_diags *d,
                  const struct cli_diag_opts *dopt);
/** One line: "NAME: 2 errors, 1 warning, 0 notes". */
void report_summary(FILE *f, const char *design, struct cli_counts c);
/** "2 errors, 1 warning, 0 notes" into buf. */
const char *report_counts(char *buf, size_t n, struct cli_counts c);

#endif
