/*
 * cmd_dns.c - m365route dns: conditional forwarders for the Microsoft 365
 * zones, for every site whose design forwards its Microsoft 365 names to
 * another site's resolvers (the seed's DNS forwarding for remote
 * offices), as BIND 9, Unbound, dnsmasq or Windows DNS Server
 * configuration (the library's mr_dnsconf_*; docs/dns.md).
 *
 * Everything is generated in memory first: a refusal (a site that
 * forwards nothing, a format that cannot say what the design does, a
 * feed pattern without a valid zone) writes no file at all; each file is
 * then written atomically (out.c).
 */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct cli_value formats[] = {{"bind", MR_DNSCONF_BIND},
                                           {"unbound", MR_DNSCONF_UNBOUND},
                                           {"dnsmasq", MR_DNSCONF_DNSMASQ},
                                           {"windows", MR_DNSCONF_WINDOWS},
                                           {NULL, 0}};

static const struct cli_value scopes[] = {{"expressroute", MR_DNSCONF_ZONES_ER},
                                          {"all", MR_DNSCONF_ZONES_ALL},
                                          {NULL, 0}};

enum { O_FORMAT = CLI_O_VERB, O_SITE, O_ZONES, O_LIST_ZONES };

static const struct cli_opt opts[] = {
    {O_FORMAT, "--format", 'f', "F",
     "bind, unbound, dnsmasq or windows (required)", formats, 0},
    {O_SITE, "--site", 0, "NAME",
     "only this site (it must forward); -o is then a FILE", NULL, 0},
    {O_ZONES, "--zones", 0, "Z",
     "expressroute (default): the zones holding\n"
     "ExpressRoute URL patterns; all: every zone of\n"
     "the catalog's URL patterns (docs/dns.md)",
     scopes, 0},
    {O_LIST_ZONES, "--list-zones", 0, NULL,
     "print the zones (name, patterns, an example) and\n"
     "exit; no design needed",
     NULL, 0},
    CLI_OPT_OUTPUT("FILE|DIR", "with --site, write FILE; else write DIR/<site>"
                               "<ext>\n"
                               "for each forwarding site (DIR is created);\n"
                               "atomically, and nothing when anything fails"),
    CLI_OPT_EXAMPLE("use an example compiled into m365route\n"
                    "(trey-research, humongous-insurance)"),
    CLI_OPTS_COMMON,
    CLI_OPT_END};

const struct cli_verb cli_verb_dns = {
    "dns",
    "usage: m365route dns [options] --format F [DESIGN.yaml | --example "
    "NAME]\n"
    "\n"
    "Conditional forwarders for the Microsoft 365 zones, for every site\n"
    "whose design forwards its Microsoft 365 names to another site\n"
    "(dns: microsoft365: forward, forward_to): the seed's DNS forwarding\n"
    "for remote offices, so that clients get front ends near the circuit\n"
    "they will use. The zones are the registrable domains of the\n"
    "catalog's URL patterns; the forwarders the next site's dns:\n"
    "resolvers; dns: fallback decides forward only (none) or first\n"
    "(local). Each file opens with comments naming the design lines and\n"
    "the catalog. Without -o the configuration goes to stdout.\n"
    "\n",
    opts,
    "\n"
    "exit status: 0 written (or no site forwards: nothing to write), 1\n"
    "errors in the design (shown; nothing written), 2 usage, I/O, a\n"
    "--site that forwards nothing, or a format that cannot express the\n"
    "design (dnsmasq and fallback: local).\n"};

struct dns_args {
	int format; /* -1: not given */
	const char *site;
	int scope;
	int list_zones;
};

static int
take(void *ctx, const struct cli_opt *opt, const char *v, int val)
{
	struct dns_args *da = ctx;

	if (opt->id == O_FORMAT)
		da->format = val;
	else if (opt->id == O_SITE)
		da->site = v;
	else if (opt->id == O_ZONES)
		da->scope = val;
	else
		da->list_zones = 1;
	return 0;
}

static int
list_zones(const struct mr_dnsconf_zones *z)
{
	size_t i;

	for (i = 0; i < mr_dnsconf_zones_count(z); i++) {
		const struct mr_dnsconf_zone *e = mr_dnsconf_zone(z, i);
		printf("%-28s %-12s %3zu  %s (set %lld)\n", e->name,
		       e->er ? "expressroute" : "internet", e->n_patterns,
		       e->example, (long long)e->set_id);
	}
	return EXIT_OK;
}

/* A site's name as a file name: no leading dot, nothing but the design's
 * name characters (which have no '/'). */
static int
file_name_ok(const char *s)
{
	return s[0] != '\0' && s[0] != '.' && strchr(s, '/') == NULL;
}

struct gen {
	uint32_t site;
	char *text;
	size_t len;
};

static int
write_one(const char *path, const struct gen *g)
{
	struct out o;

	if (out_open(&o, path) != 0)
		return -1;
	out_write(&o, g->text, g->len);
	return out_close(&o);
}

static int
write_all(const struct mr_design *dsg, const struct gen *gv, size_t ng,
          const char *output, int one, enum mr_dnsconf_format f)
{
	char path[4096], safe[300];
	size_t i, dl;

	if (one)
		return write_one(output, &gv[0]);
	if (output == NULL) {
		struct out o;
		if (out_open(&o, NULL) != 0)
			return -1;
		for (i = 0; i < ng; i++) {
			if (i > 0)
				out_putc(&o, '\n');
			out_write(&o, gv[i].text, gv[i].len);
		}
		return out_close(&o);
	}
	if (mkdir(output, 0777) != 0 && errno != EEXIST) {
		cli_error("cannot create directory '%s': %s",
		          cli_safe(safe, sizeof(safe), output),
		          strerror(errno));
		return -1;
	}
	/* DIR/ and DIR name one directory: no "DIR//site" in messages */
	dl = strlen(output);
	while (dl > 1 && output[dl - 1] == '/')
		dl--;
	for (i = 0; i < ng; i++) {
		const char *name = dsg->sites[gv[i].site].name;
		if (!file_name_ok(name) || dl > INT_MAX ||
		    (size_t)snprintf(path, sizeof(path), "%.*s/%s%s", (int)dl,
		                     output, name, mr_dnsconf_format_ext(f)) >=
		        sizeof(path)) {
			cli_error("site '%s' cannot name a file",
			          cli_safe(safe, sizeof(safe), name));
			return -1;
		}
		if (write_one(path, &gv[i]) != 0)
			return -1;
		cli_note("wrote %s", cli_safe(safe, sizeof(safe), path));
	}
	return 0;
}

/* Load and check the design; EXIT_OK with *dsgp and *netp, else the exit
 * status (diagnostics printed). */
static int
load(const struct cli_opts *opt, int nargs, char **args,
     const struct mr_matcher *m, struct mr_diags *d, struct mr_design **dsgp,
     struct mr_net **netp, const char **name)
{
	struct mr_lint_opts lo = MR_LINT_OPTS_INIT;
	struct cli_diag_opts dopt = opt->dopt;
	struct cli_counts c;
	int rc;

	rc = cli_load_design(opt, nargs, args, NULL, dsgp, d, name);
	if (rc == MR_EINVAL && mr_diags_count(d) == 0)
		return EXIT_USAGE; /* message printed */
	if (rc == MR_OK && mr_net_resolve(netp, *dsgp) != MR_OK) {
		cli_error("%s", mr_error_last());
		return EXIT_USAGE;
	}
	lo.matcher = m;
	if (rc == MR_OK && mr_lint(*netp, &lo, d) != MR_OK) {
		cli_error("%s", mr_error_last());
		return EXIT_USAGE;
	}
	c = cli_diag_count(d, &dopt);
	if (rc != MR_OK || c.errors > 0) {
		/* Refused: every finding, as check shows them. */
		dopt.verbose = 0;
		cli_render_diags(d, &dopt);
		if (rc != MR_OK && rc != MR_EPARSE) {
			if (mr_diags_count(d) == 0)
				cli_error("%s", mr_error_last());
			return EXIT_USAGE;
		}
		if (rc == MR_EPARSE && mr_diags_unreadable(d) != 0)
			return EXIT_USAGE;
		cli_error("%s has errors (see 'm365route check'): no DNS "
		          "configuration written",
		          *name);
		return EXIT_FINDINGS;
	}
	return EXIT_OK;
}

/* After a --site that forwards nothing: the sites that do. */
static void
forwarding_sites(const struct mr_net *net)
{
	const struct mr_design *dsg = mr_net_design(net);
	size_t i, n = 0;

	fprintf(stderr, "%s: the sites that forward:", cli_prog);
	for (i = 0; i < dsg->n_sites; i++)
		if (mr_dnsconf_upstream(net, (uint32_t)i) != MR_NONE) {
			fprintf(stderr, " %s", dsg->sites[i].name);
			n++;
		}
	fputs(n == 0 ? " none\n" : "\n", stderr);
}

static int
generate(const struct dns_args *da, const struct mr_net *net,
         const struct mr_catalog *cat, const struct mr_dnsconf_zones *z,
         const struct mr_diags *d, const char *name, struct gen **gvp,
         size_t *ngp)
{
	const struct mr_design *dsg = mr_net_design(net);
	struct mr_dnsconf_opts o = MR_DNSCONF_OPTS_INIT;
	char digest[MR_DIGEST_LEN + 1], catname[300];
	struct gen *gv;
	size_t ng = 0, i;
	uint32_t s = MR_NONE;

	if (da->site != NULL) {
		for (i = 0; i < dsg->n_sites; i++)
			if (strcmp(dsg->sites[i].name, da->site) == 0)
				s = (uint32_t)i;
		if (s == MR_NONE) {
			cli_error("no site '%s' in %s",
			          cli_safe(catname, sizeof(catname), da->site),
			          name);
			fprintf(stderr, "%s: the design's sites:", cli_prog);
			for (i = 0; i < dsg->n_sites; i++)
				fprintf(stderr, " %s", dsg->sites[i].name);
			fputc('\n', stderr);
			return EXIT_USAGE;
		}
	}
	if ((gv = calloc(dsg->n_sites + 1, sizeof(*gv))) == NULL) {
		cli_error("out of memory");
		return EXIT_USAGE;
	}
	o.format = (enum mr_dnsconf_format)da->format;
	o.diags = d;
	cli_catalog_name(catname, sizeof(catname), cat);
	o.catalog_name = catname;
	o.catalog_digest =
	    mr_catalog_digest(digest, cat) == MR_OK ? digest : NULL;
	for (i = 0; i < dsg->n_sites; i++) {
		if (s != MR_NONE
		        ? i != s
		        : mr_dnsconf_upstream(net, (uint32_t)i) == MR_NONE)
			continue;
		gv[ng].site = (uint32_t)i;
		if (mr_dnsconf_write(&gv[ng].text, &gv[ng].len, net, z,
		                     (uint32_t)i, &o) != MR_OK) {
			cli_error("%s", mr_error_last());
			if (s != MR_NONE)
				forwarding_sites(net);
			*gvp = gv;
			*ngp = ng;
			return EXIT_USAGE;
		}
		ng++;
	}
	*gvp = gv;
	*ngp = ng;
	return EXIT_OK;
}

int
cmd_dns(int argc, char **argv)
{
	struct cli_opts opt;
	struct dns_args da = {-1, NULL, MR_DNSCONF_ZONES_ER, 0};
	struct mr_design *dsg = NULL;
	struct mr_net *net = NULL;
	struct mr_diags *d = NULL;
	struct mr_catalog *cat = NULL;
	struct mr_matcher *m = NULL;
	struct mr_dnsconf_zones *z = NULL;
	struct gen *gv = NULL;
	size_t ng = 0, i;
	const char *name = NULL;
	int rc, first, status = EXIT_USAGE;

	if ((rc = cli_parse(argc, argv, &cli_verb_dns, &opt, &first, take,
	                    &da)) >= 0)
		return rc;
	if (da.format < 0 && !da.list_zones) {
		cli_error("--format is required: bind, unbound, dnsmasq or "
		          "windows");
		return EXIT_USAGE;
	}
	if ((rc = cli_load(&opt.co, &opt.dopt, &cat, &m)) != EXIT_OK)
		return rc;
	if (mr_dnsconf_zones(&z, cat, (enum mr_dnsconf_scope)da.scope) !=
	    MR_OK) {
		cli_error("%s", mr_error_last());
		goto out;
	}
	if (da.list_zones) {
		status = list_zones(z);
		goto out;
	}
	if (mr_diags_new(&d) != MR_OK) {
		cli_error("out of memory");
		goto out;
	}
	if ((status = load(&opt, argc - first, argv + first, m, d, &dsg, &net,
	                   &name)) != EXIT_OK)
		goto out;
	if ((status = generate(&da, net, cat, z, d, name, &gv, &ng)) != EXIT_OK)
		goto out;
	if (ng == 0) {
		cli_note("no site of %s forwards its Microsoft 365 names (dns: "
		         "microsoft365: forward): nothing to write",
		         name);
		status = EXIT_OK;
		goto out;
	}
	status = write_all(dsg, gv, ng, opt.output, da.site != NULL,
	                   (enum mr_dnsconf_format)da.format) == 0
	             ? EXIT_OK
	             : EXIT_USAGE;
out:
	for (i = 0; gv != NULL && i < ng; i++)
		free(gv[i].text);
	free(gv);
	mr_dnsconf_zones_free(z);
	mr_net_free(net);
	mr_design_free(dsg);
	mr_diags_free(d);
	cli_unload(cat, m);
	return status;
}
