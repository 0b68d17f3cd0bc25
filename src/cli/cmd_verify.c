/*
 * cmd_verify.c - m365route verify: the routers' exported routing tables
 * (MRT, FRR JSON, BIRD's show route all) against the plan, or with
 * --client this machine's real path (verify_client.c). Findings are
 * check's diagnostics (MR-VER-*, docs/rules.md), as text, JSON or SARIF.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "verify_cli.h"

static const struct cli_value formats[] = {{"text", CLI_FMT_TEXT},
                                           {"json", CLI_FMT_JSON},
                                           {"sarif", CLI_FMT_SARIF},
                                           {NULL, 0}};

enum { O_ROUTER = CLI_O_VERB, O_ADVERTISED, O_CLIENT, O_SITE, O_PAC };

static const struct cli_opt opts[] = {
    {O_ROUTER, "--router", 'r', "NAME=[FORMAT:]FILE",
     "router NAME's exported table (a circuit's\n"
     "name; repeat for each router). FORMAT: mrt,\n"
     "frr, bird or gobgp; default from the content;\n"
     "gzip is read too",
     NULL, CLI_OPEN},
    {O_ADVERTISED, "--advertised", 'a', "NAME=[FORMAT:]FILE",
     "what router NAME advertises to its external\n"
     "peer (Microsoft, or the ISP), e.g. BIRD's\n"
     "show route export PROTOCOL all; FRR's\n"
     "advertised-routes json is told by its content",
     NULL, CLI_OPEN},
    {O_CLIENT, "--client", 0, NULL,
     "verify this machine as a client of its site:\n"
     "its resolver, PAC file and kernel routes",
     NULL, 0},
    {O_SITE, "--site", 0, "NAME",
     "with --client: the site (default: the one\n"
     "whose subnets hold this machine's address,\n"
     "else the design's only site)",
     NULL, 0},
    {O_PAC, "--pac", 0, "FILE|URL",
     "with --client: the PAC file the client gets,\n"
     "a file or an http(s):// URL (default: none,\n"
     "the plan's PAC decisions assumed)",
     NULL, 0},
    CLI_OPT_FORMAT(formats, "text (default, on stderr), json or sarif (on\n"
                            "stdout)"),
    CLI_OPT_OUTPUT("FILE", "write json/sarif to FILE (atomically)"),
    CLI_OPT_EXAMPLE("verify against an example compiled into m365route"),
    CLI_OPT_INSTANCE("catalog whose ExpressRoute prefixes Microsoft\n"
                     "should advertise (worldwide)"),
    CLI_OPT_EMBEDDED("the built-in snapshot, whatever is stored"),
    CLI_OPT_CATALOG("load the endpoint feed from FILE"),
    CLI_OPTS_W,
    CLI_OPT_DIAG_FORMAT("text or json for the text format's stderr"),
    CLI_OPT_VERBOSE("also show notes about the feed"),
    CLI_OPT_HELP,
    CLI_OPT_END};

const struct cli_verb cli_verb_verify = {
    "verify",
    "usage: m365route verify [options] DESIGN.yaml | --example NAME\n"
    "                        --router NAME=[FORMAT:]FILE ...\n"
    "       m365route verify [options] DESIGN.yaml | --example NAME\n"
    "                        --client [--site NAME] [--pac FILE|URL]\n"
    "\n"
    "Compare what the routers hold with the plan: per ExpressRoute circuit,\n"
    "the prefixes Microsoft should advertise under the route filter's\n"
    "communities that are missing, routes from Microsoft the filter does\n"
    "not admit, a default or private route accepted, routes without the\n"
    "planned local preference, and a Microsoft 365 prefix whose best route\n"
    "is not Microsoft's. FILE is what the router exports: an MRT dump\n"
    "(bgpd 'dump bgp routes-mrt', BIRD 'protocol mrt', gobgpd's mrt-dump),\n"
    "FRR's 'show bgp ipv4 unicast json', BIRD's 'birdc show route all' or\n"
    "GoBGP's 'gobgp global rib -j'.\n"
    "\n"
    "With --client, run on a client machine: for each flow the simulation\n"
    "gives the site, the name through the system resolver, the PAC file's\n"
    "answer, and the kernel's route for each address (egress interface and\n"
    "next hop), against the plan: whether each address is in an\n"
    "ExpressRoute prefix of the catalog, and whether it leaves by the\n"
    "circuit's next hop (the one the kernel uses for the circuit's link\n"
    "addresses) where the plan says so. Per destination on stdout.\n"
    "\n",
    opts,
    "\n"
    "examples:\n"
    "  m365route verify --example trey-research --router er-seattle=r0.json\n"
    "  m365route verify design.yaml -r er-1=mrt:rib.mrt.gz -f sarif\n"
    "  m365route verify design.yaml -a inet-1=bird:export.txt\n"
    "  m365route verify --example trey-research --client --pac "
    "http://wpad/proxy.pac\n"
    "exit status: 0 no error (warnings allowed unless -Werror), 1 drift\n"
    "found, 2 usage, I/O, a design with errors or a router it does not\n"
    "have.\n"};

#define MAX_ROUTERS 64

struct verify_args {
	const char *spec[MAX_ROUTERS];
	bool adv[MAX_ROUTERS];
	size_t n;
	int too_many;
	struct verify_client_args client;
};

static int
take(void *ctx, const struct cli_opt *opt, const char *v, int val)
{
	struct verify_args *va = ctx;

	(void)val;
	if (opt->id == O_CLIENT) {
		va->client.on = 1;
		return 0;
	}
	if (opt->id == O_SITE || opt->id == O_PAC) {
		*(opt->id == O_SITE ? &va->client.site : &va->client.pac) = v;
		return 0;
	}
	if (va->n == MAX_ROUTERS) {
		va->too_many = 1;
	} else {
		va->adv[va->n] = opt->id == O_ADVERTISED;
		va->spec[va->n++] = v;
	}
	return 0;
}

/* One --router: load the file, check it. 0, or -1 (message printed). */
static int
one(const char *spec, bool adv, const struct mr_config *cfg,
    const struct mr_catalog *cat, struct mr_diags *d)
{
	char q[256], name[128];
	const char *eq = strchr(spec, '='), *path;
	enum mr_rib_format fmt = MR_RIB_AUTO;
	struct mr_rib *rib = NULL;
	uint32_t src = 0;

	if (eq == NULL || eq == spec || (size_t)(eq - spec) >= sizeof(name) ||
	    eq[1] == 0) {
		cli_error("%s %s: not NAME=[FORMAT:]FILE",
		          adv ? "--advertised" : "--router",
		          cli_safe(q, sizeof(q), spec));
		return -1;
	}
	memcpy(name, spec, (size_t)(eq - spec));
	name[eq - spec] = 0;
	path = eq + 1;
	const char *colon = strchr(path, ':');
	if (colon != NULL && colon - path < 10) {
		char f[10];
		memcpy(f, path, (size_t)(colon - path));
		f[colon - path] = 0;
		if ((fmt = mr_rib_format_parse(f)) != MR_RIB_AUTO)
			path = colon + 1;
	}
	if (mr_config_router_find(cfg, name) == SIZE_MAX) {
		cli_error("no router '%s' in the design: routers are named "
		          "after their circuits",
		          cli_safe(q, sizeof(q), name));
		fprintf(stderr, "%s: note: the design's routers:", cli_prog);
		for (size_t i = 0; i < mr_config_router_count(cfg); i++)
			fprintf(stderr, " %s", mr_config_router_name(cfg, i));
		fputc('\n', stderr);
		return -1;
	}
	/* Only the routes verify looks at are kept (an MRT file streamed). */
	int lrc = mr_verify_load(cfg, cat, name, adv, path, fmt, &rib);
	if (lrc != MR_OK) {
		if (lrc == MR_EPARSE)
			cli_error("%s: %s", cli_safe(q, sizeof(q), path),
			          mr_error_last());
		else
			cli_error("%s", mr_error_last());
		return -1;
	}
	/* Text tables are sources findings point into; binary MRT and
	 * gzip input are named in the message with the byte offset. */
	if (rib->text != NULL &&
	    (src = mr_diags_add_source(d, path, rib->text, rib->text_len)) ==
	        0) {
		cli_error("out of memory");
		mr_rib_free(rib);
		return -1;
	}
	if (src == 0)
		cli_note("%s: %s%s table of router %s (%zu routes)",
		         cli_safe(q, sizeof(q), path), rib->gzip ? "gzip " : "",
		         mr_rib_format_name(rib->format), name,
		         rib->n_read[0] + rib->n_read[1]);
	int rc = mr_verify_router(cfg, cat, name, rib, src, d);
	mr_rib_free(rib);
	if (rc != MR_OK) {
		cli_error("%s", mr_error_last());
		return -1;
	}
	return 0;
}

int
cmd_verify(int argc, char **argv)
{
	struct cli_opts opt;
	struct verify_args va;
	struct mr_design *dsg = NULL;
	struct mr_net *net = NULL;
	struct mr_config *cfg = NULL;
	struct mr_diags *dd = NULL, *d = NULL;
	struct mr_lint_opts lo = MR_LINT_OPTS_INIT;
	struct mr_catalog *cat = NULL;
	struct mr_matcher *m = NULL;
	struct cli_counts c;
	const char *name = NULL;
	int rc, first, status = EXIT_USAGE;

	memset(&va, 0, sizeof(va));
	if ((rc = cli_parse(argc, argv, &cli_verb_verify, &opt, &first, take,
	                    &va)) >= 0)
		return rc;
	if (va.client.on && va.n > 0) {
		cli_error("--client verifies this machine, --router a router's "
		          "table: one or the other");
		return EXIT_USAGE;
	}
	if (!va.client.on && (va.client.site || va.client.pac)) {
		cli_error("--site and --pac go with --client");
		return EXIT_USAGE;
	}
	if (!va.client.on && (va.n == 0 || va.too_many)) {
		cli_error(va.n == 0 ? "name at least one router's table "
		                      "(--router NAME=FILE), or --client"
		                    : "at most 64 --router");
		return EXIT_USAGE;
	}
	if (mr_diags_new(&dd) != MR_OK || mr_diags_new(&d) != MR_OK) {
		cli_error("out of memory");
		goto out;
	}
	rc = cli_load_design(&opt, argc - first, argv + first, NULL, &dsg, dd,
	                     &name);
	if (rc == MR_EINVAL && mr_diags_count(dd) == 0)
		goto out; /* message printed */
	if (rc == MR_OK && cli_load(&opt.co, &opt.dopt, &cat, &m) != EXIT_OK)
		goto out;
	lo.matcher = m;
	if (rc == MR_OK && (mr_net_resolve(&net, dsg) != MR_OK ||
	                    mr_lint(net, &lo, dd) != MR_OK)) {
		cli_error("%s", mr_error_last());
		goto out;
	}
	if (rc != MR_OK || cli_diag_count(dd, &opt.dopt).errors > 0) {
		/* A plan with errors is no reference to verify against. */
		opt.dopt.verbose = 1;
		if (rc != MR_OK)
			cli_design_failed(dd, &opt.dopt, rc);
		else
			cli_render_diags(dd, &opt.dopt);
		cli_error("the design has errors: nothing verified");
		goto out;
	}
	if (mr_config_new(&cfg, net, cat, dd) != MR_OK) {
		cli_error("%s", mr_error_last());
		goto out;
	}
	if (va.client.on) {
		status = verify_client_run(&va.client, &opt, net, cfg, m, name);
		goto out;
	}
	for (size_t i = 0; i < va.n; i++)
		if (one(va.spec[i], va.adv[i], cfg, cat, d) != 0)
			goto out;
	opt.dopt.verbose = 1; /* notes are findings here */
	c = cli_diag_count(d, &opt.dopt);
	status = c.errors > 0 ? EXIT_FINDINGS : EXIT_OK;
	if (opt.fmt == CLI_FMT_TEXT) {
		cli_render_diags(d, &opt.dopt);
		report_summary(stderr, name, c);
	} else {
		struct out o;
		if (out_open(&o, opt.output) != 0) {
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
out:
	mr_config_free(cfg);
	cli_unload(cat, m);
	mr_net_free(net);
	mr_design_free(dsg);
	mr_diags_free(dd);
	mr_diags_free(d);
	return status;
}
