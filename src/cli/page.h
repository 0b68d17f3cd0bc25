/*
 * page.h - the report: one self-contained HTML page (inline CSS and SVG, no
 * script, no request) that plan writes as report.html and check prints
 * with --format html. It reads the resolved network, the findings and the
 * simulation's results; it decides nothing of its own.
 */
#ifndef MR_CLI_PAGE_H
#define MR_CLI_PAGE_H

#include <stdint.h>

struct json_t;

#include "cli.h"
#include "html.h"
#include "m365route/sim.h"

struct page_in {
	const char *verb;          /* "plan" or "check": the page's title */
	const char *design_name;   /* as the findings name it */
	const char *design_digest; /* SHA-256 hex of its text, NULL unknown */
	const struct mr_net *net;
	const struct mr_diags *d;
	const struct cli_diag_opts *dopt;
	struct cli_counts counts;
	const struct mr_catalog *cat;
	/* the simulation; all NULL when not run (check, or errors) */
	const struct mr_sim *s;
	const struct mr_sim_result *r;
	const struct mr_sim_matrix *mx;
	const char *pac_files; /* " pac-a.pac pac-b.pac" as plan wrote them */
	/* usage's JSON (usage -f json --series), plan --usage; NULL: none */
	const struct json_t *usage;
	int64_t generated; /* seconds since the epoch (SOURCE_DATE_EPOCH) */
};

/** The whole page into h: 0, or -1 (message printed). */
int page_write(struct html *h, const struct page_in *in);

/**
 * Read FILE, the JSON of `m365route usage --format json` (with --series
 * for the time series): 0 and *out (json_decref()), or -1 with a message
 * naming file:line:col.
 */
int page_usage_load(struct json_t **out, const char *path);

/** The page as report.html in the plan being written: 0 or -1. */
int page_plan(struct outdir *od, const struct page_in *in);

/**
 * The SHA-256 of the design the command line named (a file, or the
 * example, or dflt when neither): 0, or -1 when it cannot be read again.
 */
int page_design_digest(char out[65], const struct cli_opts *opt, int nargs,
                       char **args, const char *dflt);

#endif
