/*
 * cmd_pac.c - m365route pac: write a PAC file for the loaded catalog
 * (mr_pac_generate(), include/m365route/pac.h); `m365route pac audit ...`
 * is handed to cmd_pac_audit().
 *
 * The verb's options, its own (--type, --style, --direct, --proxy,
 * --lowercase, --timestamp, --design, --group, --site) and the common
 * ones, are declared in one table (opts.h) that cli_parse() reads. Output goes through struct out: to a file it is
 * written to a temporary name and renamed, so a PAC server never serves
 * half a file. The "generated" header line uses --timestamp, else
 * SOURCE_DATE_EPOCH (reproducible-builds.org), else the clock.
 * Exit status: 0, or 2 for a usage error, an unwritable output, or a
 * catalog without a single pattern for the chosen type (the valid,
 * all-proxy file is still written, with a warning).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "m365route/pac.h"
#include "pac_cli.h"

static const struct cli_value formats[] = {{"pac", CLI_FMT_PAC}, {NULL, 0}};
static const struct cli_value types[] = {{"1", MR_PAC_TYPE1},
                                         {"2", MR_PAC_TYPE2},
                                         {"expressroute", MR_PAC_EXPRESSROUTE},
                                         {NULL, 0}};
static const struct cli_value styles[] = {
    {"fast", MR_PAC_FAST}, {"compat", MR_PAC_COMPAT}, {NULL, 0}};

enum {
	O_TYPE = CLI_O_VERB,
	O_STYLE,
	O_DIRECT,
	O_PROXY,
	O_LOWERCASE,
	O_TIMESTAMP,
	O_DESIGN,
	O_SITE,
	O_GROUP
};

static const struct cli_opt opts[] = {
    {O_TYPE, "--type", 't', "T",
     "expressroute (default): hosts advertised to\n"
     "ExpressRoute direct, as 'm365route classify'\n"
     "decides (Internet-only sub-FQDNs of ExpressRoute\n"
     "wildcards first, to the proxy); 1: Optimize\n"
     "direct; 2: Optimize and Allow direct (both as\n"
     "Microsoft's Get-PacFile -Type 1/2)",
     types, 0},
    {O_STYLE, "--style", 0, "S",
     "fast (default): a suffix table, cost grows with\n"
     "the host's labels, not the feed; compat:\n"
     "shExpMatch chains in Get-PacFile's layout",
     styles, 0},
    {O_DIRECT, "--direct", 0, "STR",
     "what direct hosts get (default \"DIRECT\")", NULL, 0},
    {O_PROXY, "--proxy", 0, "STR",
     "what the rest gets (default \"PROXY 10.10.10.10:8080\",\n"
     "Get-PacFile's); both take DIRECT, PROXY h:p,\n"
     "HTTPS h:p, SOCKS h:p, SOCKS5 h:p, ';'-separated",
     NULL, 0},
    {O_LOWERCASE, "--lowercase", 0, NULL,
     "types 1/2: lowercase the host first (Get-PacFile\n"
     "-Lowercase); expressroute always does",
     NULL, 0},
    {O_TIMESTAMP, "--timestamp", 0, "N",
     "the header's generation time, seconds since the\n"
     "epoch (default SOURCE_DATE_EPOCH, else now)",
     NULL, 0},
    {O_DESIGN, "--design", 0, "FILE",
     "a design: write the PAC file of its PAC group\n"
     "(--group) or site (--site), with the group's\n"
     "overrides and return strings (no --direct/--proxy)",
     NULL, 0},
    CLI_OPT_EXAMPLE("the same with a design compiled into m365route"),
    {O_GROUP, "--group", 0, "NAME", "the design's PAC group to write", NULL, 0},
    {O_SITE, "--site", 0, "NAME", "the design's site to write the PAC file of",
     NULL, 0},
    CLI_OPT_FORMAT(formats, "pac (the only one)"),
    CLI_OPT_OUTPUT("FILE", "write FILE atomically (temp + rename); '-' or\n"
                           "none: stdout"),
    CLI_OPTS_COMMON,
    CLI_OPT_END};

const struct cli_verb cli_verb_pac = {
    "pac",
    "usage: m365route pac [options]\n"
    "       m365route pac audit [options] FILE\n"
    "\n"
    "Write a proxy auto-config (PAC) file for the endpoint feed. ES5 only,\n"
    "so pacparser, Duktape (libproxy) and every browser load it.\n"
    "\n",
    opts,
    "\n"
    "Exit status: 0; 2 for bad options, an unwritable output, or a feed\n"
    "with no pattern for the type (the all-proxy file is still written).\n"};

struct pac_args {
	struct mr_pac_opts po;
	int have_ts;
	const char *design; /* --design FILE */
	const char *group;  /* --group NAME */
	const char *site;   /* --site NAME */
};

static int
check_return(const char *opt, const char *v)
{
	size_t bad;
	const char *why = mr_pac_return_check(v, strlen(v), &bad);

	if (why == NULL)
		return 0;
	cli_error("%s '%s': %s (at character %zu)", opt, v, why, bad + 1);
	fprintf(stderr, "hint: a PAC return string is DIRECT, PROXY host:port, "
	                "HTTPS host:port, SOCKS host:port or SOCKS5 "
	                "host:port, several separated by ';'\n");
	return -1;
}

/* One of the verb's own options (cli_take_fn). */
static int
take(void *ctx, const struct cli_opt *opt, const char *v, int val)
{
	struct pac_args *pa = ctx;

	switch (opt->id) {
	case O_TYPE:
		pa->po.type = (enum mr_pac_type)val;
		break;
	case O_STYLE:
		pa->po.style = (enum mr_pac_style)val;
		break;
	case O_DIRECT:
	case O_PROXY:
		if (check_return(opt->name, v) != 0)
			return -1;
		if (opt->id == O_DIRECT)
			pa->po.direct = v;
		else
			pa->po.proxy = v;
		break;
	case O_LOWERCASE:
		pa->po.lowercase = true;
		break;
	case O_TIMESTAMP:
		if (cli_epoch_parse(v, &pa->po.generated) != 0) {
			cli_error("--timestamp takes seconds since "
			          "1970-01-01T00:00:00Z, not '%s'",
			          v);
			return -1;
		}
		pa->have_ts = 1;
		break;
	case O_DESIGN:
		pa->design = v;
		break;
	case O_SITE:
		pa->site = v;
		break;
	case O_GROUP:
		pa->group = v;
		break;
	}
	return 0;
}

/* Print the names a --group/--site could have been. */
static void
list_names(const struct mr_design *dsg, int groups)
{
	size_t i, n = groups ? dsg->n_pac_groups : dsg->n_sites;

	fprintf(stderr, "%s: the design's %s:", cli_prog,
	        groups ? "PAC groups" : "sites");
	for (i = 0; i < n; i++)
		fprintf(stderr, " %s",
		        groups ? dsg->pac_groups[i].name : dsg->sites[i].name);
	fprintf(stderr, "%s\n", n == 0 ? " (none)" : "");
}

/*
 * Load the design and turn its PAC group or site into generator options
 * (mr_pac_design_opts_init()), keeping what the command line said about
 * type, style, lowercase and timestamp.
 */
static int
design_opts(struct pac_args *pa, const struct cli_opts *opt,
            struct mr_pac_design_opts *dpo, struct mr_design **dsgp)
{
	struct mr_design *dsg = NULL;
	struct mr_net *net = NULL;
	struct mr_diags *d;
	char *args[1];
	const char *name = NULL;
	uint32_t g = MR_NONE, s = MR_NONE;
	size_t i;
	int rc = EXIT_USAGE;

	if (pa->po.direct != NULL || pa->po.proxy != NULL) {
		cli_error("--direct and --proxy come from the design's PAC "
		          "group when --group or --site is given");
		return EXIT_USAGE;
	}
	if (mr_diags_new(&d) != MR_OK)
		return EXIT_USAGE;
	args[0] = (char *)(uintptr_t)pa->design;
	if (cli_load_design(opt, pa->design ? 1 : 0, args, NULL, &dsg, d,
	                    &name) != MR_OK) {
		cli_render_diags(d, &opt->dopt);
		if (mr_diags_count(d) == 0 && name != NULL)
			cli_error("%s", mr_error_last());
		goto out;
	}
	if (pa->group != NULL) {
		for (i = 0; i < dsg->n_pac_groups; i++)
			if (strcmp(dsg->pac_groups[i].name, pa->group) == 0)
				g = (uint32_t)i;
		if (g == MR_NONE) {
			cli_error("no PAC group '%s' in %s", pa->group, name);
			list_names(dsg, 1);
			goto out;
		}
	}
	if (pa->site != NULL) {
		for (i = 0; i < dsg->n_sites; i++)
			if (strcmp(dsg->sites[i].name, pa->site) == 0)
				s = (uint32_t)i;
		if (s == MR_NONE) {
			cli_error("no site '%s' in %s", pa->site, name);
			list_names(dsg, 0);
			goto out;
		}
	}
	if ((rc = mr_net_resolve(&net, dsg)) != MR_OK ||
	    (rc = mr_pac_design_opts_init(dpo, net, g, s)) != MR_OK) {
		cli_error("%s", mr_error_last());
		rc = EXIT_USAGE;
		goto out;
	}
	dpo->po.type = pa->po.type;
	dpo->po.style = pa->po.style;
	dpo->po.lowercase = pa->po.lowercase;
	dpo->po.generated = pa->po.generated;
	/* The overrides point into the design: the caller frees it after
	 * generating. */
	pa->po = dpo->po;
	*dsgp = dsg;
	dsg = NULL;
	rc = EXIT_OK;
out:
	mr_net_free(net); /* dpo keeps nothing of it */
	mr_design_free(dsg);
	mr_diags_free(d);
	return rc;
}

int
cmd_pac(int argc, char **argv)
{
	static const struct mr_pac_opts init = MR_PAC_OPTS_INIT;
	struct pac_args pa;
	struct cli_opts opt;
	struct mr_catalog *cat;
	struct mr_matcher *m;
	struct mr_pac_info info;
	struct out o;
	char *text;
	size_t len;
	int rc;
	struct mr_pac_design_opts dpo;
	struct mr_design *dsg = NULL;

	if (argc > 1 && strcmp(argv[1], "audit") == 0)
		return cmd_pac_audit(argc - 1, argv + 1);

	memset(&pa, 0, sizeof(pa));
	memset(&dpo, 0, sizeof(dpo));
	pa.po = init;
	if ((rc = cli_parse(argc, argv, &cli_verb_pac, &opt, NULL, take,
	                    &pa)) >= 0)
		return rc;
	if (!pa.have_ts && cli_generated_time(&pa.po.generated) != 0)
		return EXIT_USAGE;
	if ((pa.design != NULL || opt.example != NULL) !=
	    (pa.group != NULL || pa.site != NULL)) {
		cli_error(
		    "a design (--design FILE or --example NAME) goes with "
		    "--group NAME or --site NAME");
		return EXIT_USAGE;
	}
	if ((rc = cli_load(&opt.co, &opt.dopt, &cat, &m)) != EXIT_OK)
		return rc;
	if (pa.group != NULL || pa.site != NULL) {
		rc = design_opts(&pa, &opt, &dpo, &dsg);
		if (rc != EXIT_OK) {
			cli_unload(cat, m);
			return rc;
		}
	}
	if (mr_pac_generate(&text, &len, m, &pa.po, &info) != MR_OK) {
		cli_error("%s", mr_error_last());
		mr_pac_design_opts_release(&dpo);
		mr_design_free(dsg);
		cli_unload(cat, m);
		return EXIT_USAGE;
	}
	rc = EXIT_OK;
	if (out_open(&o, opt.output) != 0) {
		rc = EXIT_USAGE;
	} else {
		out_write(&o, text, len);
		if (out_close(&o) != 0)
			rc = EXIT_USAGE;
	}
	if (rc == EXIT_OK && info.n_direct == 0) {
		cli_warn("the feed has no %s endpoint for --type %s: the PAC "
		         "file sends every host to the proxy",
		         pa.po.type == MR_PAC_EXPRESSROUTE ? "ExpressRoute"
		         : pa.po.type == MR_PAC_TYPE1      ? "Optimize"
		                                      : "Optimize or Allow",
		         mr_pac_type_name(pa.po.type));
		rc = EXIT_USAGE;
	}
	mr_pac_free(text);
	mr_pac_design_opts_release(&dpo);
	mr_design_free(dsg);
	cli_unload(cat, m);
	return rc;
}
