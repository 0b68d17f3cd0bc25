/*
 * cmd_check.c - m365route check: the design linter. Loads a design, runs
 * every rule (mr_lint), and reports like a compiler: text on stderr with
 * excerpts, or JSON / SARIF 2.1.0 on stdout (or -o FILE).
 */
#include <string.h>

#include "cli.h"
#include "page.h"

static const struct cli_value formats[] = {{"text", CLI_FMT_TEXT},
                                           {"json", CLI_FMT_JSON},
                                           {"sarif", CLI_FMT_SARIF},
                                           {"html", CLI_FMT_HTML},
                                           {NULL, 0}};

enum { O_EXPLAIN = CLI_O_VERB, O_LIST_RULES };

static const struct cli_opt opts[] = {
    CLI_OPT_FORMAT(formats, "text (default, on stderr), json, sarif (SARIF\n"
                            "2.1.0, for CI systems) or html (plan's\n"
                            "report without the simulation); on stdout"),
    CLI_OPT_OUTPUT("FILE", "write json/sarif/html to FILE (atomically)"),
    CLI_OPT_EXAMPLE("check an example compiled into m365route\n"
                    "(trey-research, humongous-insurance)"),
    {O_EXPLAIN, "--explain", 0, "CODE",
     "print a rule's rationale and source, and exit", NULL, 0},
    {O_LIST_RULES, "--list-rules", 0, NULL,
     "list every rule and diagnostic code, and exit", NULL, 0},
    CLI_OPTS_W,
    CLI_OPT_DIAG_FORMAT("text or json for the text format's stderr"),
    CLI_OPT_INSTANCE("worldwide (default), china, usgovdod or\n"
                     "usgovgcchigh: the newest catalog 'endpoints\n"
                     "update' stored, else the built-in snapshot"),
    CLI_OPT_EMBEDDED("the built-in snapshot, whatever is stored"),
    CLI_OPT_CATALOG("load the endpoint feed from FILE ('-' = stdin)"),
    CLI_OPT_VERBOSE("also show notes about the feed"),
    CLI_OPT_HELP,
    CLI_OPT_END};

const struct cli_verb cli_verb_check = {
    "check",
    "usage: m365route check [options] [DESIGN.yaml | --example NAME]\n"
    "\n"
    "Check a network design against every rule of \"Routing with\n"
    "ExpressRoute for Office 365\" and the ExpressRoute documentation:\n"
    "route symmetry, what Microsoft accepts on Microsoft peering, circuits,\n"
    "PAC groups and overrides, availability, capacity and multi-location\n"
    "routing. Findings name file:line:col, the rule and its reason.\n"
    "\n",
    opts,
    "\n"
    "exit status: 0 no error (warnings allowed unless -Werror), 1 errors in\n"
    "the design, 2 usage, I/O or a design that could not be read.\n"};

struct check_args {
	const char *explain; /* --explain CODE */
	int list_rules;      /* --list-rules */
};

static int
take(void *ctx, const struct cli_opt *opt, const char *v, int val)
{
	struct check_args *ca = ctx;

	(void)val;
	if (opt->id == O_EXPLAIN)
		ca->explain = v;
	else
		ca->list_rules = 1;
	return 0;
}

static int
explain(const char *code)
{
	size_t i = mr_diag_code_find(code);
	const char *r;

	if (i == SIZE_MAX) {
		cli_error("no rule or diagnostic '%s' (see 'm365route check "
		          "--list-rules')",
		          code);
		return EXIT_USAGE;
	}
	printf("%s %s (%s, default %s)\n\n%s\n", mr_diag_code_name(i),
	       mr_diag_code_slug(i), mr_diag_code_summary(i),
	       mr_diag_code_severity(i) == MR_SEV_ERROR     ? "error"
	       : mr_diag_code_severity(i) == MR_SEV_WARNING ? "warning"
	                                                    : "note",
	       (r = mr_diag_code_rationale(i)) != NULL
	           ? r
	           : "A finding of the loader: the input could not be read as "
	             "written.");
	if (mr_diag_code_source(i) != NULL)
		printf("\nSource: %s\n", mr_diag_code_source(i));
	return EXIT_OK;
}

static int
list_rules(void)
{
	size_t i;

	for (i = 0; i < mr_diag_code_count(); i++) {
		enum mr_severity s = mr_diag_code_severity(i);
		printf("%-10s %-7s %-32s %s\n", mr_diag_code_name(i),
		       s == MR_SEV_ERROR     ? "error"
		       : s == MR_SEV_WARNING ? "warning"
		                             : "note",
		       mr_diag_code_slug(i), mr_diag_code_summary(i));
	}
	return EXIT_OK;
}

/* check --format html: the report's page with the findings, topology,
 * geography, capacity and PAC/DNS sections (no simulation). A design
 * that could not be read has no model to draw: its findings as text. */
static int
html_page(const struct cli_opts *opt, int nargs, char **args, const char *name,
          const struct mr_net *net, const struct mr_diags *d,
          struct cli_counts c, const struct mr_catalog *cat)
{
	struct page_in pg;
	struct html h;
	char digest[65];
	struct out o;
	int rc = -1;

	if (net == NULL) {
		cli_render_diags(d, &opt->dopt);
		cli_error("the design could not be read: no report");
		return -1;
	}
	memset(&pg, 0, sizeof(pg));
	pg.verb = "check";
	pg.design_name = name;
	if (page_design_digest(digest, opt, nargs, args, NULL) == 0)
		pg.design_digest = digest;
	pg.net = net;
	pg.d = d;
	pg.dopt = &opt->dopt;
	pg.counts = c;
	pg.cat = cat;
	if (cli_generated_time(&pg.generated) != 0)
		return -1;
	html_init(&h);
	if (page_write(&h, &pg) == 0 && out_open(&o, opt->output) == 0) {
		out_write(&o, h.p, h.n);
		rc = out_close(&o);
	}
	html_free(&h);
	return rc;
}

int
cmd_check(int argc, char **argv)
{
	struct cli_opts opt;
	struct check_args ca = {NULL, 0};
	struct mr_design *dsg = NULL;
	struct mr_net *net = NULL;
	struct mr_diags *d;
	struct mr_lint_opts lo = MR_LINT_OPTS_INIT;
	struct mr_catalog *cat = NULL;
	struct mr_matcher *m = NULL;
	struct cli_counts c;
	struct out o;
	const char *name = NULL;
	int rc, first, status;

	if ((rc = cli_parse(argc, argv, &cli_verb_check, &opt, &first, take,
	                    &ca)) >= 0)
		return rc;
	if (ca.explain != NULL)
		return explain(ca.explain);
	if (ca.list_rules)
		return list_rules();
	/* The catalog gives the routes of host names (override-redundant);
	 * its own notes only with -v. */
	if ((rc = cli_load(&opt.co, &opt.dopt, &cat, &m)) != EXIT_OK)
		return rc;
	lo.matcher = m;
	opt.dopt.verbose = 1; /* a linter's notes are findings */
	if (mr_diags_new(&d) != MR_OK) {
		cli_error("out of memory");
		cli_unload(cat, m);
		return EXIT_USAGE;
	}
	rc = cli_load_design(&opt, argc - first, argv + first, NULL, &dsg, d,
	                     &name);
	if (rc == MR_EINVAL && mr_diags_count(d) == 0) {
		mr_diags_free(d);
		cli_unload(cat, m);
		return EXIT_USAGE; /* message printed */
	}
	if (rc == MR_OK && (mr_net_resolve(&net, dsg) != MR_OK ||
	                    mr_lint(net, &lo, d) != MR_OK)) {
		cli_error("%s", mr_error_last());
		rc = MR_ENOMEM;
	}
	c = cli_diag_count(d, &opt.dopt);
	if (rc != MR_OK && rc != MR_EPARSE) {
		cli_render_diags(d, &opt.dopt);
		if (mr_diags_count(d) == 0)
			cli_error("%s", mr_error_last());
		status = EXIT_USAGE;
	} else {
		status = c.errors > 0 ? EXIT_FINDINGS : EXIT_OK;
		/* Not readable YAML at all (syntax, encoding, a limit): exit
		 * 2, as for I/O errors; errors in what a readable design
		 * says are findings: exit 1. */
		if (rc == MR_EPARSE && mr_diags_unreadable(d) != 0)
			status = EXIT_USAGE;
		if (opt.fmt == CLI_FMT_TEXT) {
			cli_render_diags(d, &opt.dopt);
			report_summary(stderr, name, c);
		} else if (opt.fmt == CLI_FMT_HTML) {
			if (html_page(&opt, argc - first, argv + first, name,
			              net, d, c, cat) != 0)
				status = EXIT_USAGE;
		} else if (out_open(&o, opt.output) != 0) {
			status = EXIT_USAGE;
		} else {
			if (opt.fmt == CLI_FMT_JSON)
				report_json(&o, d, &opt.dopt, name);
			else
				report_sarif(&o, d, &opt.dopt);
			if (out_close(&o) != 0)
				status = EXIT_USAGE;
		}
	}
	mr_net_free(net);
	mr_design_free(dsg);
	mr_diags_free(d);
	cli_unload(cat, m);
	return status;
}
