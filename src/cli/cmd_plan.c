/*
 * cmd_plan.c - m365route plan: the main job. One design in, every artefact
 * and a verdict out, in one directory: the findings of check (text, JSON,
 * SARIF), a PAC file per PAC group, the simulation (simulate.json), each
 * router's configuration (routers/: every format of cmd_config.c), the
 * DNS forwarders of each site that forwards its Microsoft 365 names (dns/:
 * every format of cmd_dns.c) and a summary with the verdict.
 *
 * The directory is written whole or not at all, and only ever replaces a
 * plan m365route wrote (outdir.c): everything goes to a temporary directory
 * beside it, swapped into place in one step at the end.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "m365route/pac.h"
#include "m365route/sim.h"
#include "page.h"

static const struct cli_value formats[] = {{"text", CLI_FMT_TEXT}, {NULL, 0}};

enum { O_USAGE = CLI_O_VERB };

static const struct cli_opt opts[] = {
    CLI_OPT_FORMAT(formats, "text (the only one: the files are fixed)"),
    {O_USAGE, "--usage", 0, "FILE",
     "the JSON of 'usage --format json --series':\n"
     "report.html charts the measured demand",
     NULL, 0},
    CLI_OPT_OUTPUT("DIR", "the directory (default m365route-plan); replaced\n"
                          "as a whole when the plan is complete, and only\n"
                          "when it is absent, empty or an earlier plan"),
    CLI_OPT_EXAMPLE("plan an example compiled into m365route"),
    CLI_OPT_INSTANCE("embedded catalog for the PAC files (worldwide)"),
    CLI_OPT_EMBEDDED("the built-in snapshot, whatever is stored"),
    CLI_OPT_CATALOG("load the endpoint feed from FILE"),
    CLI_OPTS_W,
    CLI_OPT_DIAG_FORMAT("text (default) or json diagnostics on stderr"),
    CLI_OPT_VERBOSE("also show notes about the feed"),
    CLI_OPT_HELP,
    CLI_OPT_END};

const struct cli_verb cli_verb_plan = {
    "plan",
    "usage: m365route plan [options] [DESIGN.yaml | --example NAME]\n"
    "\n"
    "Run the whole job on a design and write every artefact to one\n"
    "directory, with a verdict. With no design, plans the built-in\n"
    "trey-research example.\n"
    "\n",
    opts,
    "\n"
    "writes: findings.txt (as check prints them), findings.json,\n"
    "findings.sarif, summary.txt, report.html (the whole plan as one\n"
    "self-contained page to read or print), and, when the design has no\n"
    "errors, simulate.json (every flow, both ways, and every single\n"
    "failure),\n"
    "a PAC file per PAC group\n"
    "(pac-<group>.pac; per site with a proxy when there are no groups)\n"
    "and each router's configuration in every format 'm365route config'\n"
    "writes: routers/<router>.frr.conf, .bird.conf, .nft, .ios-xe.cfg\n"
    "and .junos.conf, and, for each site whose Microsoft 365 names are\n"
    "resolved by another site, its conditional forwarders in every format\n"
    "'m365route dns' writes: dns/<site>.named.conf, .unbound.conf,\n"
    ".dnsmasq.conf and .ps1 (a format that cannot express a router or a\n"
    "site: warned, that file left out).\n"
    "The catalog is the embedded\n"
    "worldwide one unless -i/--instance or -c/--catalog says otherwise.\n"
    "exit status: 0 the design passes (no error), 1 it does not, 2 usage,\n"
    "I/O or a design that could not be read.\n"};

/* --usage FILE */
static int
take(void *ctx, const struct cli_opt *opt, const char *v, int val)
{
	(void)opt;
	(void)val;
	*(const char **)ctx = v;
	return 0;
}

/* findings.txt: the text rendering stderr would show, to the file. */
static int
write_text(const char *path, const struct mr_diags *d,
           const struct cli_diag_opts *dopt, const char *name,
           struct cli_counts c)
{
	struct cli_diag_opts o = *dopt;
	FILE *f = fopen(path, "w");
	int rc;

	if (f == NULL)
		return -1;
	o.color = 0;
	o.verbose = 1;
	cli_render_diags_to(f, d, &o);
	report_summary(f, name, c);
	rc = ferror(f) ? -1 : 0;
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

static int
write_with(struct outdir *od, const char *file, const struct mr_diags *d,
           const struct cli_diag_opts *dopt, const char *name, int sarif)
{
	char path[4096];
	struct out o;

	if (outdir_file(od, file, path, sizeof(path)) != 0 ||
	    out_open(&o, path) != 0)
		return -1;
	if (sarif)
		report_sarif(&o, d, dopt);
	else
		report_json(&o, d, dopt, name);
	return out_close(&o);
}

/* One file of the plan: fname inside the directory, written whole. */
static int
put_file(struct outdir *od, const char *fname, const char *text, size_t len)
{
	char path[4096];
	struct out o;
	int rc = outdir_file(od, fname, path, sizeof(path));

	if (rc == 0)
		rc = out_open(&o, path);
	if (rc == 0) {
		out_write(&o, text, len);
		rc = out_close(&o);
	}
	return rc;
}

/*
 * One PAC file per PAC group of the design (pac-<group>.pac), or, when it
 * has none, per site with a proxy (pac-site-<site>.pac). Returns the number
 * written (names appended to files), or -1.
 */
static int
write_pacs(struct outdir *od, const struct mr_net *net,
           const struct mr_matcher *m, char *files, size_t cap)
{
	const struct mr_design *dsg = mr_net_design(net);
	size_t i, n = dsg->n_pac_groups ? dsg->n_pac_groups : dsg->n_sites;
	int64_t generated;
	int written = 0;

	if (cli_generated_time(&generated) != 0)
		return -1;

	for (i = 0; i < n; i++) {
		struct mr_pac_design_opts dpo;
		char fname[128], *text;
		size_t len;
		int rc;

		if (dsg->n_pac_groups)
			rc = mr_pac_design_opts_init(&dpo, net, (uint32_t)i,
			                             MR_NONE);
		else
			rc = mr_pac_design_opts_init(&dpo, net, MR_NONE,
			                             (uint32_t)i);
		if (rc == MR_ENOTFOUND && !dsg->n_pac_groups)
			continue; /* a site without a proxy: no PAC */
		if (rc != MR_OK) {
			cli_error("%s", mr_error_last());
			mr_pac_design_opts_release(&dpo);
			return -1;
		}
		dpo.po.generated = generated;
		snprintf(fname, sizeof(fname), "pac-%s%s.pac",
		         dsg->n_pac_groups ? "" : "site-",
		         dsg->n_pac_groups ? dsg->pac_groups[i].name
		                           : dsg->sites[i].name);
		rc = mr_pac_generate(&text, &len, m, &dpo.po, NULL);
		mr_pac_design_opts_release(&dpo);
		if (rc != MR_OK) {
			cli_error("%s: %s", fname, mr_error_last());
			return -1;
		}
		rc = put_file(od, fname, text, len);
		mr_pac_free(text);
		if (rc != 0)
			return -1;
		{
			size_t fl = strlen(files);
			snprintf(files + fl, cap - fl, " %s", fname);
		}
		written++;
	}
	return written;
}

/*
 * The routers' configuration (m365route config): routers/<router>.<ext>
 * per router and format (frr.conf, bird.conf, nft, ios-xe.cfg,
 * junos.conf; the library's format table gives the suffixes). A format
 * that cannot express a router is said (warning, in *skipped) and that
 * file left out; the rest is written. Returns the files written, or -1.
 */
static int
write_routers(struct outdir *od, const struct mr_net *net,
              const struct mr_catalog *cat, const struct mr_diags *d,
              size_t *n_routers, size_t *skipped)
{
	static const char *const fmts[] = {"frr", "bird", "nftables", "ios-xe",
	                                   "junos"};
	struct mr_config *cfg = NULL;
	size_t i, k;
	int written = 0;

	*n_routers = *skipped = 0;
	if (mr_config_new(&cfg, net, cat, d) != MR_OK) {
		cli_error("routers: %s", mr_error_last());
		return -1;
	}
	*n_routers = mr_config_router_count(cfg);
	for (i = 0; i < *n_routers; i++)
		for (k = 0; k < sizeof(fmts) / sizeof(fmts[0]); k++) {
			size_t f = mr_config_format_find(fmts[k]), len;
			char fname[256], *text = NULL;
			int rc;
			if (mr_config_render(cfg, i, f, &text, &len) != MR_OK) {
				cli_warn("routers: %s; that file is left out",
				         mr_error_last());
				(*skipped)++;
				continue;
			}
			snprintf(fname, sizeof(fname), "routers/%s.%s",
			         mr_config_router_name(cfg, i),
			         mr_config_format_ext(f));
			rc = put_file(od, fname, text, len);
			free(text);
			if (rc != 0) {
				mr_config_free(cfg);
				return -1;
			}
			written++;
		}
	mr_config_free(cfg);
	return written;
}

/*
 * The DNS forwarders (m365route dns): dns/<site><ext> for each site that
 * forwards its Microsoft 365 names, in each format, for the catalog's
 * ExpressRoute zones (the dns verb's default). A format that cannot
 * express a site (dnsmasq and fallback: local, a forwarder without
 * resolvers) or a catalog without valid zones is said (warning, in
 * *skipped) and those files left out. *n_sites: the sites that forward.
 * Returns the files written, or -1.
 */
static int
write_dns(struct outdir *od, const struct mr_net *net,
          const struct mr_catalog *cat, const struct mr_diags *d,
          size_t *n_sites, size_t *skipped)
{
	const struct mr_design *dsg = mr_net_design(net);
	struct mr_dnsconf_opts o = MR_DNSCONF_OPTS_INIT;
	struct mr_dnsconf_zones *z = NULL;
	char digest[MR_DIGEST_LEN + 1], catname[300];
	size_t i;
	int f, written = 0, rc;

	*n_sites = *skipped = 0;
	for (i = 0; i < dsg->n_sites; i++)
		if (mr_dnsconf_upstream(net, (uint32_t)i) != MR_NONE)
			(*n_sites)++;
	if (*n_sites == 0)
		return 0;
	if ((rc = mr_dnsconf_zones(&z, cat, MR_DNSCONF_ZONES_ER)) != MR_OK) {
		if (rc == MR_ENOMEM) {
			cli_error("dns: %s", mr_error_last());
			return -1;
		}
		cli_warn("dns: %s; no DNS configuration written",
		         mr_error_last());
		*skipped = *n_sites * 4;
		return 0;
	}
	cli_catalog_name(catname, sizeof(catname), cat);
	o.diags = d;
	o.catalog_name = catname;
	o.catalog_digest =
	    mr_catalog_digest(digest, cat) == MR_OK ? digest : NULL;
	for (i = 0; i < dsg->n_sites; i++) {
		if (mr_dnsconf_upstream(net, (uint32_t)i) == MR_NONE)
			continue;
		for (f = MR_DNSCONF_BIND; f <= MR_DNSCONF_WINDOWS; f++) {
			char fname[256], *text = NULL;
			size_t len;
			o.format = (enum mr_dnsconf_format)f;
			rc = mr_dnsconf_write(&text, &len, net, z, (uint32_t)i,
			                      &o);
			if (rc == MR_EINVAL) {
				cli_warn("dns: %s; that file is left out",
				         mr_error_last());
				(*skipped)++;
				continue;
			}
			if (rc == MR_OK &&
			    (size_t)snprintf(fname, sizeof(fname), "dns/%s%s",
			                     dsg->sites[i].name,
			                     mr_dnsconf_format_ext(o.format)) >=
			        sizeof(fname))
				rc = MR_EINVAL;
			if (rc == MR_OK)
				rc = put_file(od, fname, text, len);
			free(text);
			if (rc != 0) {
				cli_error("dns: cannot write the file of site "
				          "'%s'",
				          dsg->sites[i].name);
				mr_dnsconf_zones_free(z);
				return -1;
			}
			written++;
		}
	}
	mr_dnsconf_zones_free(z);
	return written;
}

/*
 * The single failures that blackhole flows (mr_sim_row_blackholes()):
 * "N single failures blackhole flows: NAME (K flows), ..." into buf, or
 * "no single failure blackholes a flow". Returns N.
 */
static size_t
blackholing(char *buf, size_t cap, const struct mr_sim *s,
            const struct mr_sim_result *r, const struct mr_sim_matrix *mx)
{
	size_t i, n = mr_sim_matrix_blackholing(mx, r), len, first = 1;

	if (n == 0) {
		snprintf(buf, cap, "no single failure blackholes a flow");
		return 0;
	}
	len = (size_t)snprintf(buf, cap,
	                       "%zu single failure%s blackhole%s flows:", n,
	                       n == 1 ? "" : "s", n == 1 ? "s" : "");
	for (i = 0; i < mx->n_rows && len < cap; i++) {
		size_t k = mr_sim_row_blackholes(&mx->rows[i], r);
		if (k == 0)
			continue;
		len += (size_t)snprintf(
		    buf + len, cap - len, "%s %s (%zu flow%s)",
		    first ? "" : ",",
		    mr_sim_element(s, mx->rows[i].element)->name, k,
		    k == 1 ? "" : "s");
		first = 0;
	}
	return n;
}

/* The simulation plan ran, kept for report.html. */
struct plan_sim {
	struct mr_sim *s;
	struct mr_sim_result *r;
	struct mr_sim_matrix *mx;
};

/*
 * simulate.json: every flow of the design without failures, and the
 * single-failure matrix (docs/simulate-json.md). Fills counts[] with the
 * flows by verdict, *n_bh and bh with the single failures that blackhole
 * flows. Returns 0 or -1.
 */
static int
write_sim(struct outdir *od, const struct mr_net *net, const char *name,
          const struct mr_catalog *cat, const struct mr_matcher *m,
          size_t counts[4], size_t *n_bh, char *bh, size_t bh_cap,
          struct plan_sim *ps)
{
	struct mr_sim_opts so = MR_SIM_OPTS_INIT;
	struct mr_sim *s = NULL;
	struct mr_sim_result *r = NULL;
	struct mr_sim_matrix *mx = NULL;
	char path[4096], *js = NULL;
	size_t n;
	struct out o;
	int rc = -1;

	const struct mr_design *dsg = mr_net_design(net);

	if (mr_sim_new(&s, net, m, &so) != MR_OK ||
	    mr_sim_run(&r, s, NULL, 0) != MR_OK ||
	    mr_sim_failures_single(&mx, s, r) != MR_OK ||
	    mr_sim_json(&js, &n, dsg, s, r, mx, name, cat) != MR_OK) {
		cli_error("simulation: %s", mr_error_last());
		goto out;
	}
	if (outdir_file(od, "simulate.json", path, sizeof(path)) != 0 ||
	    out_open(&o, path) != 0)
		goto out;
	out_write(&o, js, n);
	if (out_close(&o) != 0)
		goto out;
	memcpy(counts, r->count, sizeof(r->count));
	*n_bh = blackholing(bh, bh_cap, s, r, mx);
	/* report.html reads these; cmd_plan frees them */
	mr_sim_json_free(js);
	ps->s = s;
	ps->r = r;
	ps->mx = mx;
	return 0;
out:
	mr_sim_json_free(js);
	mr_sim_matrix_free(mx);
	mr_sim_result_free(r);
	mr_sim_free(s);
	return rc;
}

int
cmd_plan(int argc, char **argv)
{
	struct cli_opts opt;
	struct mr_design *dsg = NULL;
	struct mr_net *net = NULL;
	struct mr_diags *d;
	struct mr_lint_opts lo = MR_LINT_OPTS_INIT;
	struct cli_counts c;
	const char *name = NULL, *dir;
	char path[4096], cnt[128], pacs[2048] = "";
	char digest[MR_DIGEST_LEN + 1], simline[256] = "";
	char qname[1024], qcat[1024], qdir[1024];
	size_t flows[4] = {0, 0, 0, 0}, n_bh = 0, n_rt = 0, n_rt_skip = 0;
	size_t n_dns = 0, n_dns_skip = 0;
	char bh[1024] = "", ddigest[65];
	struct page_in pg;
	struct plan_sim ps = {NULL, NULL, NULL};
	const char *usage = NULL;
	struct json_t *uj = NULL;
	struct mr_catalog *cat = NULL;
	struct mr_matcher *m = NULL;
	struct outdir od;
	enum mr_verdict v;
	FILE *f;
	int rc, first, status = EXIT_USAGE, n_pac = 0, n_rtf = 0, n_dnsf = 0;

	memset(&pg, 0, sizeof(pg));
	if ((rc = cli_parse(argc, argv, &cli_verb_plan, &opt, &first, take,
	                    &usage)) >= 0)
		return rc;
	if (usage != NULL && page_usage_load(&uj, usage) != 0)
		return EXIT_USAGE;
	pg.usage = uj;
	dir = opt.output ? opt.output : "m365route-plan";
	if (mr_diags_new(&d) != MR_OK) {
		cli_error("out of memory");
		json_decref(uj);
		return EXIT_USAGE;
	}
	rc = cli_load_design(&opt, argc - first, argv + first, "trey-research",
	                     &dsg, d, &name);
	/* The catalog first: the findings use it too (override-redundant). */
	if (rc == MR_OK && cli_load(&opt.co, &opt.dopt, &cat, &m) != EXIT_OK)
		goto out;
	lo.matcher = m;
	/* Resolved once: the findings, the PAC files and simulate.json
	 * all read this one network. */
	if (rc == MR_OK && (mr_net_resolve(&net, dsg) != MR_OK ||
	                    mr_lint(net, &lo, d) != MR_OK))
		rc = MR_ENOMEM;
	if (rc != MR_OK) {
		opt.dopt.verbose = 1;
		cli_design_failed(d, &opt.dopt, rc);
		if (name != NULL)
			fprintf(stderr,
			        "%s: error: %s: the design could not be read; "
			        "no plan written\n",
			        cli_prog, name);
		goto out;
	}
	c = cli_diag_count(d, &opt.dopt);
	if (outdir_begin(&od, dir) != 0)
		goto out;
	if (outdir_file(&od, "findings.txt", path, sizeof(path)) != 0 ||
	    write_text(path, d, &opt.dopt, name, c) != 0 ||
	    write_with(&od, "findings.json", d, &opt.dopt, name, 0) != 0 ||
	    write_with(&od, "findings.sarif", d, &opt.dopt, name, 1) != 0) {
		cli_error("cannot write the plan beside '%s': %s", dir,
		          strerror(errno));
		outdir_abort(&od);
		goto out;
	}
	/* PAC files only for a design without errors: a broken design's
	 * PAC would be deployed with its faults. */
	if (c.errors == 0 &&
	    ((n_pac = write_pacs(&od, net, m, pacs, sizeof(pacs))) < 0 ||
	     write_sim(&od, net, name, cat, m, flows, &n_bh, bh, sizeof(bh),
	               &ps) != 0 ||
	     (n_rtf = write_routers(&od, net, cat, d, &n_rt, &n_rt_skip)) < 0 ||
	     (n_dnsf = write_dns(&od, net, cat, d, &n_dns, &n_dns_skip)) < 0)) {
		outdir_abort(&od);
		goto out;
	}
	v = mr_plan_verdict(c.errors, c.warnings, flows, n_bh);
	if (outdir_file(&od, "summary.txt", path, sizeof(path)) != 0 ||
	    (f = fopen(path, "w")) == NULL) {
		outdir_abort(&od);
		goto out;
	}
	if (mr_catalog_digest(digest, cat) != MR_OK)
		digest[0] = '\0';
	if (c.errors == 0)
		snprintf(simline, sizeof(simline),
		         "%zu flows: %zu ok, %zu degraded, %zu asymmetric, %zu "
		         "blackholed (simulate.json)",
		         flows[0] + flows[1] + flows[2] + flows[3], flows[0],
		         flows[1], flows[2], flows[3]);
	/* Names from the command line or a file are escaped: a path must
	 * not forge a line here (or on the terminal). */
	cli_safe(qname, sizeof(qname), name);
	cli_safe(qcat, sizeof(qcat), mr_catalog_source(cat));
	cli_safe(qdir, sizeof(qdir), dir);
	/* catalog-digest: lets 'endpoints diff --plan DIR' tell whether the
	 * PAC files here were built from the catalog now installed. */
	fprintf(
	    f,
	    "design:   %s\ncatalog:  %s\ncatalog-digest: %s\nverdict:  %s\n"
	    "findings: %s\nflows:    %s\nfailures: %s%s\nfiles:    "
	    "findings.txt findings.json findings.sarif report.html%s%s%s%s\n",
	    qname, qcat, digest, mr_verdict_name(v),
	    report_counts(cnt, sizeof(cnt), c),
	    c.errors ? "not simulated: fix the errors first" : simline,
	    n_bh > 0 ? "warning: " : "",
	    c.errors ? "not simulated: fix the errors first" : bh,
	    c.errors ? "" : " simulate.json", pacs,
	    n_rtf > 0 ? " routers/" : "", n_dnsf > 0 ? " dns/" : "");
	if (fclose(f) != 0) {
		cli_error("cannot write the plan beside '%s': %s", qdir,
		          strerror(errno));
		outdir_abort(&od);
		goto out;
	}
	/* report.html: the page people read, from the same results */
	pg.verb = "plan";
	pg.design_name = name;
	if (page_design_digest(ddigest, &opt, argc - first, argv + first,
	                       "trey-research") == 0)
		pg.design_digest = ddigest;
	pg.net = net;
	pg.d = d;
	pg.dopt = &opt.dopt;
	pg.counts = c;
	pg.cat = cat;
	pg.pac_files = pacs;
	pg.s = ps.s;
	pg.r = ps.r;
	pg.mx = ps.mx;
	if (cli_generated_time(&pg.generated) != 0 ||
	    page_plan(&od, &pg) != 0) {
		outdir_abort(&od);
		goto out;
	}
	/* Replace a previous plan only now that this one is complete. */
	if (outdir_commit(&od) != 0)
		goto out;
	printf("plan of %s\n  verdict   %s\n  findings  %s (%s/findings.txt)\n",
	       qname, mr_verdict_name(v), report_counts(cnt, sizeof(cnt), c),
	       qdir);
	if (c.errors == 0) {
		printf("  flows     %s\n", simline);
		printf("  failures  %s%s\n", n_bh > 0 ? "warning: " : "", bh);
		printf("  pac       %d file%s, catalog %s\n", n_pac,
		       n_pac == 1 ? "" : "s", qcat);
		printf(
		    "  routers   %zu router%s: %d file%s (FRR, BIRD, nftables, "
		    "IOS-XE, Junos) in "
		    "routers/%s\n",
		    n_rt, n_rt == 1 ? "" : "s", n_rtf, n_rtf == 1 ? "" : "s",
		    n_rt_skip > 0 ? ", some left out (see the warnings)" : "");
		/* Only for a design where a site forwards its names. */
		if (n_dns > 0)
			printf("  dns       %zu site%s forward%s: %d file%s "
			       "(BIND, "
			       "Unbound, dnsmasq, Windows) in dns/%s\n",
			       n_dns, n_dns == 1 ? "" : "s",
			       n_dns == 1 ? "s" : "", n_dnsf,
			       n_dnsf == 1 ? "" : "s",
			       n_dns_skip > 0
			           ? ", some left out (see the warnings)"
			           : "");
	} else {
		printf("  flows     not simulated: fix the errors first\n");
		printf("  failures  not simulated: fix the errors first\n");
		printf("  pac       none: fix the errors first\n");
		printf("  routers   none: fix the errors first\n");
	}
	printf("  written   %s/: findings.txt findings.json findings.sarif "
	       "summary.txt report.html%s%s%s%s\n",
	       qdir, c.errors ? "" : " simulate.json", pacs,
	       n_rtf > 0 ? " routers/" : "", n_dnsf > 0 ? " dns/" : "");
	status = v == MR_VERDICT_FAIL ? EXIT_FINDINGS : EXIT_OK;
out:
	json_decref(uj);
	mr_sim_matrix_free(ps.mx);
	mr_sim_result_free(ps.r);
	mr_sim_free(ps.s);
	cli_unload(cat, m);
	mr_net_free(net);
	mr_design_free(dsg);
	mr_diags_free(d);
	return status;
}
