/*
 * cmd_config.c - m365route config: router configuration from a design
 * (docs/config.md). One router per ExpressRoute circuit's Microsoft
 * peering and one per Internet circuit, in the format asked for; one
 * router to a file or stdout, all of them to a directory (one file each,
 * the directory replaced whole, as plan's: outdir.c).
 *
 * Every router is rendered in memory before anything is written: a format
 * that cannot express something the design uses leaves no partial file.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The library's formats (mr_config_format_find() maps the name). */
static const struct cli_value formats[] = {{"frr", 0},      {"bird", 1},
                                           {"nftables", 2}, {"ios-xe", 3},
                                           {"junos", 4},    {NULL, 0}};

enum { O_ROUTER = CLI_O_VERB };

static const struct cli_opt opts[] = {
    CLI_OPT_FORMAT(formats, "frr (default), bird, nftables, ios-xe or junos"),
    {O_ROUTER, "--router", 'r', "NAME",
     "only this router (a circuit's name); default all", NULL, CLI_OPEN},
    CLI_OPT_OUTPUT("FILE|DIR", "one router: FILE (default stdout); all\n"
                               "routers: DIR, one file per router, replaced\n"
                               "whole, only when absent, empty or written\n"
                               "by m365route"),
    CLI_OPT_EXAMPLE("configure an example compiled into m365route"),
    CLI_OPT_INSTANCE("catalog whose ExpressRoute prefixes size the\n"
                     "maximum-prefix limits (worldwide)"),
    CLI_OPT_EMBEDDED("the built-in snapshot, whatever is stored"),
    CLI_OPT_CATALOG("load the endpoint feed from FILE"),
    CLI_OPTS_W,
    CLI_OPT_DIAG_FORMAT("text (default) or json diagnostics on stderr"),
    CLI_OPT_VERBOSE("also show notes about the feed"),
    CLI_OPT_HELP,
    CLI_OPT_END};

const struct cli_verb cli_verb_config = {
    "config",
    "usage: m365route config [options] DESIGN.yaml | --example NAME\n"
    "\n"
    "Router configuration from a design: for each ExpressRoute circuit's\n"
    "Microsoft peering a router terminating both links (VLAN sub-\n"
    "interfaces, the /30 addressing rule, eBGP to AS 12076 with BFD,\n"
    "import and export filters, local preference, maximum-prefix, source\n"
    "NAT to the circuit's pool), and for each Internet circuit its edge\n"
    "(its advertisements, never an ExpressRoute prefix, and its NAT).\n"
    "Every block names the design line it comes from.\n"
    "\n",
    opts,
    "\n"
    "files in DIR: <router>.frr.conf, .bird.conf, .nft, .ios-xe.cfg or\n"
    ".junos.conf. FRR, BIRD and nftables output is proven by the real\n"
    "daemons' parsers in the test suite; IOS-XE and Junos by golden files\n"
    "and a structural test only (docs/config.md).\n"
    "examples:\n"
    "  m365route config --example trey-research --router er-seattle\n"
    "  m365route config design.yaml --format junos -o routers/\n"
    "exit status: 0 written, 1 the design has errors (shown; nothing\n"
    "written), 2 usage, I/O, a design that could not be read, a router\n"
    "the design does not have, or a format that cannot express the design\n"
    "(nothing written).\n"};

struct config_args {
	const char *router;
};

static int
take(void *ctx, const struct cli_opt *opt, const char *v, int val)
{
	struct config_args *ca = ctx;

	(void)opt;
	(void)val;
	ca->router = v;
	return 0;
}

/* The library's index of the format -f chose. */
static size_t
format_of(enum cli_format fmt)
{
	size_t i;

	for (i = 0; formats[i].name != NULL; i++)
		if (formats[i].val == (int)fmt)
			return mr_config_format_find(formats[i].name);
	return SIZE_MAX;
}

static void
list_routers(const struct mr_config *cfg)
{
	size_t i, n = mr_config_router_count(cfg);

	fprintf(stderr, "%s: note: the design's routers:", cli_prog);
	for (i = 0; i < n; i++)
		fprintf(stderr, " %s", mr_config_router_name(cfg, i));
	if (n == 0)
		fputs(" none", stderr);
	fputc('\n', stderr);
}

/* Render routers [from, to) in format f into text[]; 0 or -1 (message
 * printed, everything freed). */
static int
render(const struct mr_config *cfg, size_t from, size_t to, size_t f,
       char **text, size_t *len)
{
	size_t i;

	for (i = from; i < to; i++)
		if (mr_config_render(cfg, i, f, &text[i], &len[i]) != MR_OK) {
			cli_error("%s; nothing written", mr_error_last());
			while (i-- > from)
				free(text[i]);
			return -1;
		}
	return 0;
}

static int
write_dir(const char *dir, const struct mr_config *cfg, size_t f, char **text,
          const size_t *len)
{
	struct outdir od;
	size_t i;
	char q[1024];

	if (outdir_begin(&od, dir) != 0)
		return -1;
	for (i = 0; i < mr_config_router_count(cfg); i++) {
		char name[256], path[4096];
		struct out o;
		snprintf(name, sizeof(name), "%s.%s",
		         mr_config_router_name(cfg, i),
		         mr_config_format_ext(f));
		if (outdir_file(&od, name, path, sizeof(path)) != 0 ||
		    out_open(&o, path) != 0) {
			outdir_abort(&od);
			return -1;
		}
		out_write(&o, text[i], len[i]);
		if (out_close(&o) != 0) {
			outdir_abort(&od);
			return -1;
		}
	}
	if (outdir_commit(&od) != 0)
		return -1;
	cli_safe(q, sizeof(q), dir);
	fprintf(stderr, "%s: wrote %zu router%s to %s/\n", cli_prog,
	        mr_config_router_count(cfg),
	        mr_config_router_count(cfg) == 1 ? "" : "s", q);
	return 0;
}

int
cmd_config(int argc, char **argv)
{
	struct cli_opts opt;
	struct config_args ca = {NULL};
	struct mr_design *dsg = NULL;
	struct mr_net *net = NULL;
	struct mr_config *cfg = NULL;
	struct mr_diags *d = NULL;
	struct mr_lint_opts lo = MR_LINT_OPTS_INIT;
	struct mr_catalog *cat = NULL;
	struct mr_matcher *m = NULL;
	struct cli_counts c;
	const char *name = NULL;
	char **text = NULL;
	size_t *len = NULL, n, from, to, f, i;
	int rc, first, status = EXIT_USAGE;

	if ((rc = cli_parse(argc, argv, &cli_verb_config, &opt, &first, take,
	                    &ca)) >= 0)
		return rc;
	if ((f = format_of(opt.fmt)) == SIZE_MAX) {
		cli_error("unknown format");
		return EXIT_USAGE;
	}
	if (mr_diags_new(&d) != MR_OK) {
		cli_error("out of memory");
		return EXIT_USAGE;
	}
	rc = cli_load_design(&opt, argc - first, argv + first, NULL, &dsg, d,
	                     &name);
	if (rc == MR_EINVAL && mr_diags_count(d) == 0)
		goto out; /* message printed */
	if (rc == MR_OK && cli_load(&opt.co, &opt.dopt, &cat, &m) != EXIT_OK)
		goto out;
	lo.matcher = m;
	if (rc == MR_OK && (mr_net_resolve(&net, dsg) != MR_OK ||
	                    mr_lint(net, &lo, d) != MR_OK)) {
		cli_error("%s", mr_error_last());
		goto out;
	}
	if (rc != MR_OK) {
		opt.dopt.verbose = 1;
		cli_design_failed(d, &opt.dopt, rc);
		if (rc == MR_EPARSE && mr_diags_unreadable(d) == 0) {
			cli_error("the design has errors: no configuration "
			          "generated");
			status = EXIT_FINDINGS;
		}
		goto out;
	}
	c = cli_diag_count(d, &opt.dopt);
	if (c.errors > 0) {
		/* Configuration of a broken design would be deployed with its
		 * faults: refuse, and show why. */
		cli_render_diags(d, &opt.dopt);
		report_summary(stderr, name, c);
		cli_error("the design has errors: no configuration generated");
		status = EXIT_FINDINGS;
		goto out;
	}
	if (mr_config_new(&cfg, net, cat, d) != MR_OK) {
		cli_error("%s", mr_error_last());
		goto out;
	}
	n = mr_config_router_count(cfg);
	from = 0;
	to = n;
	if (ca.router != NULL) {
		char q[256];
		if ((from = mr_config_router_find(cfg, ca.router)) ==
		    SIZE_MAX) {
			cli_error("no router '%s' in the design: a router "
			          "terminates an ExpressRoute circuit's "
			          "Microsoft peering or is an Internet "
			          "circuit's edge, named after the circuit",
			          cli_safe(q, sizeof(q), ca.router));
			list_routers(cfg);
			goto out;
		}
		to = from + 1;
	} else if (opt.output == NULL && n > 1) {
		cli_error("the design has %zu routers: name one with --router, "
		          "or write them all with -o DIR",
		          n);
		list_routers(cfg);
		goto out;
	}
	if (n == 0) {
		cli_note("the design has no circuit to configure: nothing "
		         "written");
		status = EXIT_OK;
		goto out;
	}
	text = calloc(n, sizeof(*text));
	len = calloc(n, sizeof(*len));
	if (text == NULL || len == NULL) {
		cli_error("out of memory");
		goto out;
	}
	if (render(cfg, from, to, f, text, len) != 0)
		goto out;
	if (ca.router != NULL || (opt.output == NULL && n == 1)) {
		struct out o;
		if (out_open(&o, opt.output) == 0) {
			out_write(&o, text[from], len[from]);
			if (out_close(&o) == 0)
				status = EXIT_OK;
		}
	} else if (write_dir(opt.output, cfg, f, text, len) == 0) {
		status = EXIT_OK;
	}
out:
	for (i = 0; text != NULL && i < n; i++)
		free(text[i]);
	free(text);
	free(len);
	mr_config_free(cfg);
	cli_unload(cat, m);
	mr_net_free(net);
	mr_design_free(dsg);
	mr_diags_free(d);
	return status;
}
