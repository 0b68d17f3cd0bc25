/*
 * verify_client.c - m365route verify --client: this machine's resolver,
 * PAC file and kernel routes against the plan of its site
 * (mr_verify_client()). Per destination a block on stdout (text), or a
 * "client" member of the JSON document; findings as check's, on stderr
 * (text) or in the JSON/SARIF document.
 */
#define _DEFAULT_SOURCE /* tm_gmtoff */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "verify_cli.h"

static const char *
match_name(enum mr_vclient_match m)
{
	switch (m) {
	case MR_VCLIENT_MATCH:
		return "ok";
	case MR_VCLIENT_DIFFERS:
		return "DIFFERS";
	case MR_VCLIENT_UNKNOWN:
		return "unknown";
	case MR_VCLIENT_NA:
		break;
	}
	return "-";
}

static const char *
path_name(enum mr_vclient_path p)
{
	switch (p) {
	case MR_VCLIENT_PATH_ER:
		return "expressroute";
	case MR_VCLIENT_PATH_OTHER:
		return "not-expressroute";
	case MR_VCLIENT_PATH_NO_ROUTE:
		return "no-route";
	case MR_VCLIENT_PATH_UNKNOWN:
		break;
	}
	return "unknown";
}

static const char *
route_name(enum mr_route r)
{
	return r == MR_ROUTE_EXPRESSROUTE ? "expressroute"
	       : r == MR_ROUTE_INTERNET   ? "internet"
	                                  : "outside";
}

static void
egress_text(const struct mr_vclient_route *rt, char *buf, size_t n)
{
	char g[MR_ADDR_STRLEN];

	if (rt->err != 0) {
		snprintf(buf, n, "no route (%s)", strerror(rt->err));
		return;
	}
	mr_addr_format(&rt->gw, g, sizeof(g));
	if (rt->has_gw)
		snprintf(buf, n, "%s via %s", rt->ifname, g);
	else
		snprintf(buf, n, "%s", rt->ifname);
}

static void
text(const struct mr_vclient *c, const char *pac)
{
	char q[512], a[MR_ADDR_STRLEN], e[128], cat[MR_PREFIX_STRLEN + 16],
	    path[96], plan[96];

	printf("client %s, site %s%s\n", c->my_ip,
	       cli_safe(q, sizeof(q), c->site),
	       c->site_by_address ? " (its subnets hold this address)" : "");
	printf("PAC file: %s\n\n",
	       pac ? cli_safe(q, sizeof(q), pac)
	           : "none given (the plan's PAC decisions assumed)");
	for (size_t i = 0; i < c->n_dests; i++) {
		const struct mr_vclient_dest *d = &c->dests[i];
		printf("%-14s %s\n", d->flow,
		       cli_safe(q, sizeof(q), d->target));
		if (!d->udp) {
			/* the first entry, the one compared; JSON has all */
			char first[256] = "-";
			if (d->pac != NULL) {
				size_t fl = mr_pac_audit_first_entry(
				    d->pac, strlen(d->pac), first,
				    sizeof(first) - 4);
				if (fl > 0 && strlen(d->pac) > fl &&
				    strchr(d->pac, ';') != NULL)
					memcpy(first + fl, " ...", 5);
			}
			const char *got = d->pac_error ? d->pac_error : first;
			printf("  %-13s %-32s plan %-28s %s\n", "pac",
			       cli_safe(q, sizeof(q), got), d->plan_pac,
			       match_name(d->pac_match));
		}
		if (d->resolve_error)
			printf("  %-13s %s\n", "resolve",
			       cli_safe(q, sizeof(q), d->resolve_error));
		for (size_t k = 0; k < d->n_addrs; k++) {
			const struct mr_vclient_addr *x = &d->addrs[k];
			mr_addr_format(&x->addr, a, sizeof(a));
			snprintf(cat, sizeof(cat), "%s%s%s",
			         route_name(x->route), x->prefix[0] ? " " : "",
			         x->prefix);
			egress_text(&x->rt, e, sizeof(e));
			if (x->path == MR_VCLIENT_PATH_ER)
				snprintf(path, sizeof(path), "%s",
				         x->path_circuit);
			else
				snprintf(path, sizeof(path), "%s",
				         path_name(x->path));
			if (d->proxied)
				snprintf(plan, sizeof(plan), "proxy");
			else
				snprintf(plan, sizeof(plan), "%s",
				         x->plan_circuit ? x->plan_circuit
				                         : "nowhere");
			printf("  %-13s %-32s %-26s %-16s plan %-11s %s\n", a,
			       cat, e, path, plan, match_name(x->match));
		}
	}
	fflush(stdout);
}

struct jctx {
	const struct mr_vclient *c;
	const char *pac;
};

static void
jroute(struct mr_json *j, const struct mr_vclient_route *rt)
{
	char g[MR_ADDR_STRLEN];

	mr_json_obj(j);
	if (rt->err != 0) {
		mr_json_key(j, "error");
		mr_json_str(j, strerror(rt->err));
	} else {
		mr_json_key(j, "interface");
		mr_json_str(j, rt->ifname);
		mr_json_key(j, "gateway");
		if (rt->has_gw) {
			mr_addr_format(&rt->gw, g, sizeof(g));
			mr_json_str(j, g);
		} else {
			mr_json_null(j);
		}
		mr_json_key(j, "table");
		mr_json_uint(j, rt->table);
		if (rt->dst_len >= 0) {
			mr_json_key(j, "prefix_length");
			mr_json_uint(j, (unsigned)rt->dst_len);
		}
	}
	mr_json_obj_end(j);
}

static void
jclient(struct out *o, void *ctx)
{
	const struct jctx *jc = ctx;
	const struct mr_vclient *c = jc->c;
	struct mr_json j;
	char a[MR_ADDR_STRLEN];

	out_puts(o, ",\n\"client\":");
	mr_json_init(&j, out_sink, o);
	mr_json_obj(&j);
	mr_json_key(&j, "site");
	mr_json_str(&j, c->site);
	mr_json_key(&j, "address");
	mr_json_str(&j, c->my_ip);
	mr_json_key(&j, "pac");
	mr_json_str(&j, jc->pac);
	mr_json_key(&j, "destinations");
	mr_json_arr(&j);
	for (size_t i = 0; i < c->n_dests; i++) {
		const struct mr_vclient_dest *d = &c->dests[i];
		mr_json_nl(&j);
		mr_json_obj(&j);
		mr_json_key(&j, "flow");
		mr_json_str(&j, d->flow);
		mr_json_key(&j, "target");
		mr_json_str(&j, d->target);
		mr_json_key(&j, "plan_pac");
		mr_json_str(&j, d->plan_pac);
		mr_json_key(&j, "pac");
		mr_json_str(&j, d->pac);
		if (d->pac_error) {
			mr_json_key(&j, "pac_error");
			mr_json_str(&j, d->pac_error);
		}
		mr_json_key(&j, "pac_match");
		mr_json_str(&j, match_name(d->pac_match));
		mr_json_key(&j, "proxied");
		mr_json_bool(&j, d->proxied);
		mr_json_key(&j, "resolve_error");
		mr_json_str(&j, d->resolve_error);
		mr_json_key(&j, "addresses");
		mr_json_arr(&j);
		for (size_t k = 0; k < d->n_addrs; k++) {
			const struct mr_vclient_addr *x = &d->addrs[k];
			mr_json_obj(&j);
			mr_json_key(&j, "address");
			mr_addr_format(&x->addr, a, sizeof(a));
			mr_json_str(&j, a);
			mr_json_key(&j, "catalog");
			mr_json_str(&j, route_name(x->route));
			mr_json_key(&j, "catalog_prefix");
			mr_json_str(&j, x->prefix[0] ? x->prefix : NULL);
			mr_json_key(&j, "route");
			jroute(&j, &x->rt);
			mr_json_key(&j, "path");
			mr_json_str(&j, path_name(x->path));
			mr_json_key(&j, "path_circuit");
			mr_json_str(&j, x->path_circuit);
			mr_json_key(&j, "plan");
			mr_json_str(&j, d->proxied
			                    ? "proxy"
			                    : mr_sim_via_name(x->plan_via));
			mr_json_key(&j, "plan_circuit");
			mr_json_str(&j, x->plan_circuit);
			mr_json_key(&j, "match");
			mr_json_str(&j, match_name(x->match));
			mr_json_obj_end(&j);
		}
		mr_json_arr_end(&j);
		mr_json_obj_end(&j);
	}
	mr_json_arr_end(&j);
	mr_json_obj_end(&j);
}

int
verify_client_run(const struct verify_client_args *ca,
                  const struct cli_opts *opt, const struct mr_net *net,
                  const struct mr_config *cfg, const struct mr_matcher *m,
                  const char *design)
{
	struct mr_verify_client_opts vo = MR_VERIFY_CLIENT_OPTS_INIT;
	struct cli_diag_opts dopt = opt->dopt;
	struct mr_vclient *c = NULL;
	struct mr_diags *d = NULL;
	char *pac = NULL, q[512];
	size_t pac_len = 0;
	int status = EXIT_USAGE, rc;
	time_t now = time(NULL);
	struct tm tm;

	if (mr_diags_new(&d) != MR_OK) {
		cli_error("out of memory");
		return EXIT_USAGE;
	}
	if (ca->pac != NULL) {
		if (mr_verify_pac_get(&pac, &pac_len, ca->pac, 0, 0) != MR_OK) {
			cli_error("--pac: %s", mr_error_last());
			goto out;
		}
		vo.pac = pac;
		vo.pac_len = pac_len;
		vo.pac_name = ca->pac;
	}
	vo.site = ca->site;
	vo.now = (int64_t)now;
	if (localtime_r(&now, &tm) != NULL)
		vo.tz_minutes = (int32_t)(tm.tm_gmtoff / 60);
	if ((rc = mr_verify_client(&c, net, m, cfg, &vo, d)) != MR_OK) {
		cli_error("%s", mr_error_last());
		goto out;
	}
	dopt.verbose = 1; /* notes are findings here */
	struct cli_counts n = cli_diag_count(d, &dopt);
	status = n.errors > 0 ? EXIT_FINDINGS : EXIT_OK;
	if (opt->fmt == CLI_FMT_TEXT) {
		text(c, ca->pac);
		cli_render_diags(d, &dopt);
		report_summary(stderr, design, n);
	} else {
		struct out o;
		struct jctx jc = {c, ca->pac};
		if (out_open(&o, opt->output) != 0) {
			status = EXIT_USAGE;
		} else {
			if (opt->fmt == CLI_FMT_JSON)
				report_json_with(&o, d, &dopt, design, jclient,
				                 &jc);
			else
				report_sarif(&o, d, &dopt);
			if (out_close(&o) != 0)
				status = EXIT_USAGE;
		}
	}
	(void)q;
out:
	mr_verify_client_free(c);
	mr_diags_free(d);
	free(pac);
	return status;
}
