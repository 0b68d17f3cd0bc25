/*
 * cmd_simulate.c - m365route simulate: every site's Microsoft 365 flows end
 * to end (PAC, BGP egress, NAT, Microsoft's return path, round trip), with
 * failures, as a table, explanations (--explain) or JSON
 * (docs/simulate-json.md). The library (sim.h) decides; this file prints.
 *
 * The verb's options are declared in one table (opts.h) that
 * cli_parse() reads.
 * A design with error-level findings is refused (exit 1, the findings on
 * stderr as check prints them) unless --force. Exit status: 0 when every
 * flow is ok or degraded, 1 when a flow is asymmetric or blackholed (or
 * the design has errors), 2 usage, I/O or an unknown name; the flows of
 * --failures single's matrix never change it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim_cli.h"
#include "topo.h"

static const struct cli_value formats[] = {{"text", CLI_FMT_TEXT},
                                           {"json", CLI_FMT_JSON},
                                           {"dot", CLI_FMT_DOT},
                                           {NULL, 0}};
static const struct cli_value failures[] = {{"single", 1}, {NULL, 0}};

enum { O_FROM = CLI_O_VERB, O_TO, O_FAIL, O_FAILURES, O_EXPLAIN, O_FORCE };

static const struct cli_opt opts[] = {
    {O_FROM, "--from", 0, "SITE", "only this site's flows", NULL, 0},
    {O_TO, "--to", 0, "DEST",
     "a host, an address (routed as non-HTTP) or a\n"
     "service area (exchange, sharepoint, skype,\n"
     "common) instead of the default destinations",
     NULL, 0},
    {O_FAIL, "--fail", 0, "NAME",
     "fail a circuit, one link (CIRCUIT/primary,\n"
     "CIRCUIT/secondary), an Internet circuit, a\n"
     "proxy, a WAN link (A-B) or a site; repeatable;\n"
     "KIND:NAME when names clash",
     NULL, 0},
    {O_FAILURES, "--failures", 0, "single",
     "also run every single failure and print the\n"
     "flows each one changes",
     failures, 0},
    {O_EXPLAIN, "--explain", 0, NULL,
     "every decision of every flow, with its reason", NULL, 0},
    {O_FORCE, "--force", 0, NULL, "simulate a design that has errors", NULL, 0},
    CLI_OPT_FORMAT(formats, "text (default), json, or dot (the topology\n"
                            "as Graphviz input, as the report draws it)"),
    CLI_OPT_OUTPUT("FILE", "write to FILE (atomically)"),
    CLI_OPT_EXAMPLE("an example compiled into m365route"),
    CLI_OPTS_COMMON,
    CLI_OPT_END};

const struct cli_verb cli_verb_simulate = {
    "simulate",
    "usage: m365route simulate [options] [DESIGN.yaml | --example NAME]\n"
    "\n"
    "Simulate every site's Microsoft 365 flows both ways: the PAC decision,\n"
    "the egress (longest prefix, then BGP), source NAT, the path Microsoft\n"
    "sends replies on, the round trip against the real-time media targets,\n"
    "and a verdict: ok, degraded, asymmetric or blackhole.\n"
    "\n",
    opts,
    "\n"
    "exit status: 0 every flow ok or degraded, 1 a flow is asymmetric or\n"
    "blackholed or the design has errors, 2 usage, I/O or unknown names.\n"
    "With --failures single the status is the same: it judges the flows\n"
    "with the --fail set only; a single failure that blackholes flows is\n"
    "shown in the matrix and exits 0 (plan counts it as a warning).\n"};

#define MAX_FAIL 64

struct sim_args {
	const char *from, *to;
	const char *fail[MAX_FAIL];
	size_t n_fail;
	int single, explain, force;
};

/* One of the verb's own options (cli_take_fn). */
static int
take(void *ctx, const struct cli_opt *opt, const char *v, int val)
{
	struct sim_args *a = ctx;

	switch (opt->id) {
	case O_FROM:
		a->from = v;
		break;
	case O_TO:
		a->to = v;
		break;
	case O_FAIL:
		if (a->n_fail == MAX_FAIL) {
			cli_error("at most %d --fail options", MAX_FAIL);
			return -1;
		}
		a->fail[a->n_fail++] = v;
		break;
	case O_FAILURES:
		a->single = val;
		break;
	case O_EXPLAIN:
		a->explain = 1;
		break;
	case O_FORCE:
		a->force = 1;
		break;
	}
	return 0;
}

/* ---- text ----------------------------------------------------------------- */

static const char *
pfx(const struct mr_prefix *p, char *buf)
{
	mr_prefix_format(p, buf, MR_PREFIX_STRLEN);
	return buf;
}

static const char *
circ(const struct mr_design *g, enum mr_sim_via v, uint32_t c)
{
	const char *n = mr_sim_via_circuit(g, v, c);

	return n ? n : "-";
}

static void
ret_text(struct out *o, const struct mr_design *g, const struct mr_sim_flow *f)
{
	uint32_t i;

	if (f->ret_via == MR_SIM_VIA_NONE || f->n_ret == 0) {
		out_puts(o, f->has_nat ? "nowhere" : "-");
		return;
	}
	for (i = 0; i < f->n_ret; i++)
		out_printf(o, "%s%s", i ? "+" : "",
		           circ(g, f->ret_via, f->ret[i]));
}

/* "the resolvers of A cannot reach those of B they forward Microsoft 365
 * names to" (the first forwarding hop cut off). */
static void
dns_cut_text(struct out *o, const struct mr_design *g,
             const struct mr_sim_flow *f)
{
	if (f->dns_cut_from == MR_NONE) {
		out_printf(o, "the resolvers of %s are down",
		           g->sites[f->dns_cut_to].name);
		return;
	}
	out_printf(o,
	           "the resolvers of %s cannot reach those of %s they "
	           "forward Microsoft 365 names to",
	           g->sites[f->dns_cut_from].name,
	           g->sites[f->dns_cut_to].name);
}

static void
why_text(struct out *o, const struct mr_design *g, const struct mr_sim_flow *f)
{
	char b[MR_PREFIX_STRLEN];
	const char *eg = circ(g, f->via, f->egress);

	switch (f->why) {
	case MR_SIM_WHY_NONE:
		out_puts(o, "replies come back where the request left");
		break;
	case MR_SIM_WHY_SITE_DOWN:
		out_puts(o, "the site is down");
		break;
	case MR_SIM_WHY_NO_ROUTE:
		out_puts(o, "no route to the destination");
		break;
	case MR_SIM_WHY_NO_PROXY:
		out_puts(o, "no proxy in the PAC's list is up and reachable");
		break;
	case MR_SIM_WHY_PROXY_EGRESS_DOWN:
		out_printf(o, "the proxy's egress %s is down", eg);
		break;
	case MR_SIM_WHY_NO_NAT:
		out_printf(o, "%s has no NAT pool: no public source address",
		           circ(g, f->nat_via, f->nat_owner));
		break;
	case MR_SIM_WHY_NAT_UNREACHABLE:
		out_printf(o,
		           "nobody advertises the NAT pool %s: replies have "
		           "no way back",
		           pfx(&f->nat, b));
		break;
	case MR_SIM_WHY_ER_POOL_ON_INTERNET:
		out_printf(
		    o,
		    "leaves over the Internet (%s) with the ExpressRoute "
		    "NAT pool %s of %s, which is not advertised to the "
		    "Internet: replies have no way back",
		    eg, pfx(&f->nat, b), circ(g, f->nat_via, f->nat_owner));
		break;
	case MR_SIM_WHY_RETURN_OVER_ER:
		out_printf(o,
		           "leaves over the Internet (%s) but Microsoft sends "
		           "replies to %s over ExpressRoute (",
		           eg, pfx(&f->nat, b));
		ret_text(o, g, f);
		out_printf(o, ", which advertises %s)", pfx(&f->ret_prefix, b));
		break;
	case MR_SIM_WHY_RETURN_OVER_INTERNET:
		out_printf(
		    o,
		    "leaves over ExpressRoute (%s) but nothing advertised "
		    "over ExpressRoute covers its source %s: replies come "
		    "over the Internet (",
		    eg, pfx(&f->nat, b));
		ret_text(o, g, f);
		out_putc(o, ')');
		break;
	case MR_SIM_WHY_RETURN_OTHER_CIRCUIT:
		out_printf(o,
		           "leaves over %s but replies to %s come back over ",
		           eg, pfx(&f->nat, b));
		ret_text(o, g, f);
		out_printf(o, " (which advertises %s)", pfx(&f->ret_prefix, b));
		break;
	case MR_SIM_WHY_RETURN_LOAD_SHARED:
		out_printf(o,
		           "leaves over %s but %s is advertised at several "
		           "circuits (",
		           eg, pfx(&f->ret_prefix, b));
		ret_text(o, g, f);
		out_puts(o, "): Microsoft load-shares the replies");
		break;
	case MR_SIM_WHY_EDGE_RTT:
		out_printf(o,
		           "edge -> Microsoft edge %.0f ms round trip, above "
		           "the %.0f ms target",
		           f->rtt_edge, MR_SIM_EDGE_RTT_MS);
		break;
	case MR_SIM_WHY_CLIENT_RTT:
		out_printf(o,
		           "client -> Microsoft edge %.0f ms round trip, above "
		           "the %.0f ms target",
		           f->rtt_client, MR_SIM_CLIENT_RTT_MS);
		break;
	case MR_SIM_WHY_DNS_UNREACHABLE:
		dns_cut_text(o, g, f);
		out_puts(o, ", and nothing falls back (dns fallback: none): "
		            "the name does not resolve");
		break;
	default:
		out_puts(o, mr_sim_why_name(f->why));
	}
}

static void
pad(struct out *o, size_t have, size_t want)
{
	do
		out_putc(o, ' ');
	while (++have < want);
}

/* A cell: text then padding to width w (at least one space). */
static void
cell(struct out *o, const char *s, size_t w)
{
	out_puts(o, s);
	pad(o, strlen(s), w);
}

static void
table(struct out *o, const struct mr_design *g, const struct mr_sim_result *r,
      size_t from, size_t to)
{
	char b[MR_PREFIX_STRLEN], t[64];
	size_t i;

	size_t wd = 12, we = 7, wr = 7;

	for (i = from; i < to; i++) {
		const struct mr_sim_flow *f = &r->flows[i];
		size_t n = 0;
		uint32_t k;
		if (strlen(f->target) + 1 > wd)
			wd = strlen(f->target) + 1;
		if (f->egress != MR_NONE &&
		    strlen(circ(g, f->via, f->egress)) + 1 > we)
			we = strlen(circ(g, f->via, f->egress)) + 1;
		for (k = 0; k < f->n_ret; k++)
			n += strlen(circ(g, f->ret_via, f->ret[k])) + 1;
		if (n + 1 > wr)
			wr = n + 1;
	}
	out_puts(o, "  ");
	cell(o, "FLOW", 15);
	cell(o, "DESTINATION", wd);
	cell(o, "PAC", 13);
	cell(o, "EGRESS", we);
	cell(o, "NAT", 20);
	cell(o, "RETURN", wr);
	cell(o, "RTT", 6);
	out_puts(o, "VERDICT\n");
	for (i = from; i < to; i++) {
		const struct mr_sim_flow *f = &r->flows[i];
		struct out *x = o;
		out_puts(o, "  ");
		cell(o, mr_sim_flow_label(f), 15);
		cell(o, f->target, wd);
		{
			/* PAC column */
			const char *p =
			    f->pac == MR_SIM_PAC_NONE ? "(udp)"
			    : f->proxy != MR_NONE ? g->proxies[f->proxy].name
			    : f->verdict == MR_SIM_BLACKHOLE &&
			            (f->why == MR_SIM_WHY_NO_PROXY ||
			             f->why == MR_SIM_WHY_SITE_DOWN)
			        ? "-"
			        : "DIRECT";
			cell(x, p, 13);
		}
		cell(o, f->egress != MR_NONE ? circ(g, f->via, f->egress) : "-",
		     we);
		cell(o, f->has_nat ? pfx(&f->nat, b) : "-", 20);
		{
			size_t n = 0;
			uint32_t k;
			if (f->ret_via == MR_SIM_VIA_NONE || f->n_ret == 0) {
				const char *s = f->has_nat ? "nowhere" : "-";
				cell(o, s, wr);
			} else {
				for (k = 0; k < f->n_ret; k++) {
					const char *c =
					    circ(g, f->ret_via, f->ret[k]);
					out_printf(o, "%s%s", k ? "+" : "", c);
					n += strlen(c) + (k ? 1 : 0);
				}
				pad(o, n, wr);
			}
		}
		if (f->has_rtt)
			snprintf(t, sizeof(t), "%.0f", f->rtt_client);
		else
			snprintf(t, sizeof(t), "-");
		cell(o, t, 6);
		out_puts(o, mr_sim_verdict_name(f->verdict));
		out_putc(o, '\n');
	}
}

/* The real-time targets for a site: its Teams flow. */
static void
latency_line(struct out *o, const struct mr_design *g,
             const struct mr_sim_result *r, size_t from, size_t to)
{
	size_t i;

	for (i = from; i < to; i++) {
		const struct mr_sim_flow *f = &r->flows[i];
		const struct mr_site *st = &g->sites[f->site];
		if (f->dest != MR_SIM_DEST_ER_HOST || f->sa != MR_SA_SKYPE ||
		    !f->has_rtt)
			continue;
		out_printf(
		    o,
		    "  real-time targets (Teams via %s): client -> "
		    "Microsoft edge %.0f ms (target < %.0f), edge -> "
		    "Microsoft edge %.0f ms (target < %.0f)%s\n",
		    circ(g, f->via, f->egress), f->rtt_client,
		    MR_SIM_CLIENT_RTT_MS, f->rtt_edge, MR_SIM_EDGE_RTT_MS,
		    st->realtime_media ? "" : "; no real-time media here");
		if (f->fe_site != MR_NONE) {
			out_printf(o, "  front ends: near %s (%s), ",
			           g->sites[f->fe_site].name,
			           f->dns_fallback ? "DNS fallback: forwarding "
			                             "cut off"
			           : f->fe_site == f->site
			               ? "DNS resolved locally"
			           : st->dns_mode == MR_DNS_FORWARD
			               ? "DNS forwarded"
			               : "resolved by the proxy's site");
			if (f->fe_unknown)
				out_puts(o, "distance unknown (no location)\n");
			else
				out_printf(o,
				           "+%.0f ms from the Microsoft edge\n",
				           f->rtt_fe);
		}
		return;
	}
}

/* Where a site's Microsoft 365 names resolve when a forwarder is cut off:
 * one line per resolver site its flows asked (its own, a proxy's). */
static void
dns_lines(struct out *o, const struct mr_design *g,
          const struct mr_sim_result *r, size_t from, size_t to)
{
	size_t i, k;

	for (i = from; i < to; i++) {
		const struct mr_sim_flow *f = &r->flows[i];
		size_t n = 0;
		if (!f->dns || f->dns_cut_to == MR_NONE)
			continue;
		for (k = from; k < i; k++)
			if (r->flows[k].dns &&
			    r->flows[k].dns_cut_to != MR_NONE &&
			    r->flows[k].dns_from == f->dns_from)
				break;
		if (k < i)
			continue; /* said already */
		for (k = i; k < to; k++)
			if (r->flows[k].dns &&
			    r->flows[k].dns_from == f->dns_from)
				n++;
		out_puts(o, "  DNS: ");
		dns_cut_text(o, g, f);
		if (f->dns_fallback)
			out_printf(o,
			           "; %s resolves them itself (dns fallback: "
			           "local): front ends near %s",
			           g->sites[f->dns_site].name,
			           g->sites[f->dns_site].name);
		else
			out_puts(o, "; nothing falls back (dns fallback: "
			            "none): they do not resolve");
		out_printf(o, " (%zu flow%s", n, n == 1 ? "" : "s");
		if (f->dns_from != f->site)
			out_printf(o, " through the proxy at %s",
			           g->sites[f->dns_from].name);
		out_puts(o, ")\n");
	}
}

static void
explain_flow(struct out *o, const struct mr_design *g,
             const struct mr_matcher *m, const struct mr_sim_flow *f)
{
	char b[MR_PREFIX_STRLEN];
	const struct mr_rule *rule =
	    f->rule != MR_NONE ? mr_matcher_rule(m, f->rule) : NULL;

	out_printf(o, "%s -> %s (%s%s%s)\n", g->sites[f->site].name, f->target,
	           mr_sim_flow_label(f), f->udp ? ", udp" : ", https", "");
	out_printf(o, "  match:   %s", mr_route_name(f->route));
	if (rule != NULL)
		out_printf(o, " (rule %s)", rule->text);
	if (f->has_addr)
		out_printf(o, "; front end in %s", pfx(&f->addr, b));
	out_putc(o, '\n');
	out_puts(o, "  pac:     ");
	switch (f->pac) {
	case MR_SIM_PAC_NONE:
		out_puts(o, "not HTTP: no PAC file, no proxy; routed by "
		            "address");
		break;
	case MR_SIM_PAC_NO_POLICY:
		out_puts(o, "no PAC group and no proxy at the site: DIRECT");
		break;
	case MR_SIM_PAC_SITE_PROXY:
		out_puts(o, "no PAC group: the site's proxies");
		break;
	case MR_SIM_PAC_OVERRIDE:
		out_printf(
		    o, "override '%s' -> %s", g->overrides[f->pac_rule].host,
		    g->overrides[f->pac_rule].action == MR_OVERRIDE_DIRECT
		        ? "DIRECT"
		        : "proxy");
		break;
	case MR_SIM_PAC_ER_DIRECT:
		out_printf(o,
		           "group %s sends names advertised over ExpressRoute "
		           "DIRECT",
		           g->pac_groups[f->pac_group].name);
		break;
	case MR_SIM_PAC_GROUP_PROXY:
		out_printf(o, "group %s sends it to its proxy%s",
		           g->pac_groups[f->pac_group].name,
		           g->pac_groups[f->pac_group].expressroute
		               ? " (not an ExpressRoute name)"
		               : " (expressroute: false)");
		break;
	}
	if (f->proxy != MR_NONE)
		out_printf(o, "; proxy %s at %s", g->proxies[f->proxy].name,
		           g->sites[g->proxies[f->proxy].site.idx].name);
	out_putc(o, '\n');
	/* DNS, when the name is not simply answered where it is asked */
	if (f->dns &&
	    (f->dns_site != f->dns_from || f->dns_cut_to != MR_NONE)) {
		out_printf(o, "  dns:     asked at %s",
		           g->sites[f->dns_from].name);
		if (f->dns_cut_to == MR_NONE)
			out_printf(o, ", forwarded, answered by %s",
			           g->sites[f->dns_site].name);
		else {
			out_puts(o, "; ");
			dns_cut_text(o, g, f);
			if (f->dns_fallback)
				out_printf(o,
				           "; %s resolves it itself (dns "
				           "fallback: local)",
				           g->sites[f->dns_site].name);
			else
				out_puts(o, "; it does not resolve");
		}
		out_putc(o, '\n');
	}
	if (f->egress != MR_NONE && f->egress_site != MR_NONE) {
		out_printf(o, "  egress:  %s %s at %s", mr_sim_via_name(f->via),
		           circ(g, f->via, f->egress),
		           g->sites[f->egress_site].name);
		if (f->proxy != MR_NONE)
			out_puts(o, " (the proxy's configured egress)");
		else {
			bool in_multi = false;
			uint32_t k;
			out_printf(o, "; longest prefix %s",
			           pfx(&f->route_prefix, b));
			if (f->route_prefix.len == 0)
				out_puts(o, " (default route)");
			out_printf(o, "; BGP best of %u path%s", f->n_paths,
			           f->n_paths == 1 ? "" : "s");
			for (k = 1; k < f->n_multi; k++)
				in_multi |= f->multi[k] == f->runner_up;
			if (f->runner_up != MR_NONE && !in_multi)
				out_printf(o, ", over %s by %s",
				           circ(g, f->runner_via, f->runner_up),
				           mr_bgp_reason_name(f->bgp_why));
			if (f->n_multi > 1) {
				out_puts(o, "; multipath: flows spread over ");
				for (k = 0; k < f->n_multi; k++)
					out_printf(
					    o, "%s%s", k ? ", " : "",
					    circ(g, f->via, f->multi[k]));
			}
		}
		out_putc(o, '\n');
	}
	if (f->has_nat)
		out_printf(o, "  nat:     %s (%s's pool%s)\n", pfx(&f->nat, b),
		           circ(g, f->nat_via, f->nat_owner),
		           f->nat_via != f->via
		               ? ": the NAT set up for ExpressRoute"
		               : "");
	if (f->has_nat) {
		out_puts(o, "  return:  ");
		if (f->ret_via == MR_SIM_VIA_NONE)
			out_puts(o, "no customer prefix covers it, over "
			            "ExpressRoute or the Internet");
		else {
			out_printf(o, "Microsoft matches %s (%s",
			           pfx(&f->ret_prefix, b),
			           mr_sim_via_name(f->ret_via));
			if (f->ret_via == MR_SIM_VIA_ER)
				out_printf(o, ", AS path %u", f->ret_as_path);
			out_puts(o, ") -> ");
			ret_text(o, g, f);
			if (f->n_ret > 1)
				out_puts(o, " (load-shared)");
		}
		out_putc(o, '\n');
	}
	if (f->has_rtt) {
		out_printf(
		    o,
		    "  rtt:     client -> Microsoft edge %.1f ms (access %.1f "
		    "+ WAN %.1f + edge %.1f; target < %.0f), edge -> "
		    "Microsoft edge %.1f ms (target < %.0f)",
		    f->rtt_client, f->rtt_access, f->rtt_wan, f->rtt_edge,
		    MR_SIM_CLIENT_RTT_MS, f->rtt_edge, MR_SIM_EDGE_RTT_MS);
		if (f->fe_site != MR_NONE && f->fe_unknown)
			out_printf(o, "; front end near %s (no location)",
			           g->sites[f->fe_site].name);
		else if (f->fe_site != MR_NONE)
			out_printf(o, "; front end near %s +%.1f ms",
			           g->sites[f->fe_site].name, f->rtt_fe);
		out_puts(o, f->realtime ? "\n" : " (targets not applied)\n");
	}
	out_printf(o, "  verdict: %s: ", mr_sim_verdict_name(f->verdict));
	why_text(o, g, f);
	out_puts(o, "\n\n");
}

static void
inbound_text(struct out *o, const struct mr_design *g,
             const struct mr_sim_inbound *x)
{
	const struct mr_inbound *in = &g->inbound[x->idx];
	char b[MR_PREFIX_STRLEN];
	uint32_t k;

	out_printf(o, "  %s (%s, %s at %s): in ", in->name,
	           mr_inbound_kind_name(in->kind), pfx(&in->address.p, b),
	           g->sites[in->site.idx].name);
	if (x->in_via == MR_SIM_VIA_NONE)
		out_puts(o, "-");
	for (k = 0; k < x->n_in; k++)
		out_printf(o, "%s%s", k ? "+" : "",
		           circ(g, x->in_via, x->in[k]));
	if (x->in_via != MR_SIM_VIA_NONE)
		out_printf(o, " (%s)", pfx(&x->in_prefix, b));
	out_printf(o, ", reply %s",
	           x->out != MR_NONE ? circ(g, x->out_via, x->out) : "-");
	if (x->snat)
		out_puts(o, " (source-NATed at the Internet edge)");
	if (x->has_out2)
		out_printf(o, ", reply to other Microsoft SMTP senders %s",
		           x->out2 != MR_NONE ? circ(g, x->out2_via, x->out2)
		                              : "-");
	out_printf(o, ": %s", mr_sim_verdict_name(x->verdict));
	switch (x->why) {
	case MR_SIM_WHY_NONE:
		break;
	case MR_SIM_WHY_SMTP_OVER_ER:
		out_puts(o,
		         " (SMTP server inside a prefix advertised over "
		         "ExpressRoute: Microsoft connects over ExpressRoute "
		         "from senders beyond the prefixes it advertises, "
		         "and replies to them leave over the Internet)");
		break;
	case MR_SIM_WHY_RETURN_OVER_ER:
		out_puts(o,
		         " (request over the Internet, reply over "
		         "ExpressRoute: the server's segment has the "
		         "ExpressRoute routes and the Internet edge does not "
		         "source-NAT the connections)");
		break;
	case MR_SIM_WHY_RETURN_OVER_INTERNET:
		out_puts(o, " (request over ExpressRoute, reply over the "
		            "Internet)");
		break;
	default:
		out_printf(o, " (%s)", mr_sim_why_name(x->why));
	}
	if (x->in_via == MR_SIM_VIA_ER && in->path == MR_PATH_INTERNET)
		out_puts(o, "; designed for the Internet path, but Microsoft "
		            "prefers ExpressRoute");
	out_putc(o, '\n');
}

static void
summary(struct out *o, const struct mr_design *g, const struct mr_sim_result *r)
{
	size_t i, n_in_bad = 0, er_pool = 0;

	out_printf(o,
	           "summary: %zu flow%s: %zu ok, %zu degraded, %zu asymmetric, "
	           "%zu blackhole",
	           r->n_flows, r->n_flows == 1 ? "" : "s", r->count[MR_SIM_OK],
	           r->count[MR_SIM_DEGRADED], r->count[MR_SIM_ASYMMETRIC],
	           r->count[MR_SIM_BLACKHOLE]);
	for (i = 0; i < r->n_inbound; i++)
		if (r->inbound[i].verdict != MR_SIM_OK)
			n_in_bad++;
	out_printf(o, "; %zu inbound, %zu not ok\n", r->n_inbound, n_in_bad);
	for (i = 0; i < r->n_flows; i++) {
		const struct mr_sim_flow *f = &r->flows[i];
		if (f->verdict == MR_SIM_OK)
			continue;
		if (f->why == MR_SIM_WHY_ER_POOL_ON_INTERNET)
			er_pool++;
		out_printf(o, "  %s %s %s: %s: ", g->sites[f->site].name,
		           mr_sim_flow_label(f), f->target,
		           mr_sim_verdict_name(f->verdict));
		why_text(o, g, f);
		out_putc(o, '\n');
	}
	if (er_pool > 0)
		out_puts(
		    o, "  recovery needs manual reconfiguration and new "
		       "addresses: with no circuit left, the direct flows fall "
		       "back to the Internet with ExpressRoute NAT addresses "
		       "the Internet does not route back; the PAC files, NAT "
		       "and routing must be changed by hand, and Internet "
		       "NAT addresses used (the seed: \"failing over to the "
		       "internet will require manual reconfiguration and in "
		       "some cases new IP addresses\")\n");
}

static void
text(struct out *o, const struct mr_design *g, const struct mr_matcher *m,
     const struct mr_sim *s, const struct mr_sim_result *r, const char *name,
     const struct mr_catalog *cat, int explain)
{
	size_t i, k;

	out_printf(o, "simulate %s (catalog %s", name,
	           mr_catalog_instance(cat) ? mr_catalog_instance(cat)
	                                    : mr_catalog_source(cat));
	if (mr_catalog_date(cat))
		out_printf(o, " %s", mr_catalog_date(cat));
	out_puts(o, ")\nfailed: ");
	if (r->n_failed == 0)
		out_puts(o, "nothing");
	for (i = 0; i < r->n_failed; i++)
		out_printf(o, "%s%s", i ? ", " : "",
		           mr_sim_element(s, r->failed[i])->name);
	out_puts(o, "\n\n");
	for (i = 0; i < r->n_flows;) {
		uint32_t site = r->flows[i].site;
		const struct mr_site *st = &g->sites[site];
		for (k = i; k < r->n_flows && r->flows[k].site == site; k++)
			;
		if (explain) {
			size_t j;
			for (j = i; j < k; j++)
				explain_flow(o, g, m, &r->flows[j]);
		} else {
			out_printf(
			    o, "%s%s%s%s\n", st->name, st->city ? " (" : "",
			    st->city ? st->city : "", st->city ? ")" : "");
			table(o, g, r, i, k);
			latency_line(o, g, r, i, k);
			dns_lines(o, g, r, i, k);
			out_putc(o, '\n');
		}
		i = k;
	}
	if (r->n_inbound > 0) {
		out_puts(o, "inbound (Microsoft connects to us)\n");
		for (i = 0; i < r->n_inbound; i++)
			inbound_text(o, g, &r->inbound[i]);
		out_putc(o, '\n');
	}
	summary(o, g, r);
}

/* "proxy-1/inet-1", "er-seattle", "-": how a flow leaves. */
static void
path_label(struct out *o, const struct mr_design *g,
           const struct mr_sim_flow *f)
{
	if (f->proxy != MR_NONE)
		out_printf(o, "%s/", g->proxies[f->proxy].name);
	out_puts(o, f->egress != MR_NONE ? circ(g, f->via, f->egress) : "-");
}

static void
matrix_text(struct out *o, const struct mr_design *g, const struct mr_sim *s,
            const struct mr_sim_result *r, const struct mr_sim_matrix *mx)
{
	size_t i, k, quiet = 0;

	out_printf(o, "\nsingle failures: %zu elements\n", mx->n_rows);
	out_puts(o,
	         "  FAILURE                          KIND      CHANGED  OK    "
	         "DEGR  ASYM  BLACKHOLE\n");
	for (i = 0; i < mx->n_rows; i++) {
		const struct mr_sim_change_row *row = &mx->rows[i];
		const struct mr_sim_element *e =
		    mr_sim_element(s, row->element);
		char n[32];
		if (row->n_changed == 0 && row->n_in_changed == 0) {
			quiet++;
			continue;
		}
		out_puts(o, "  ");
		cell(o, e->name, 33);
		cell(o, mr_sim_elem_kind_name(e->kind), 10);
		snprintf(n, sizeof(n), "%zu",
		         row->n_changed + row->n_in_changed);
		cell(o, n, 9);
		out_printf(o, "%-5zu %-5zu %-5zu %zu\n", row->count[0],
		           row->count[1], row->count[2], row->count[3]);
		for (k = 0; k < row->n_changed; k++) {
			const struct mr_sim_flow *b = &r->flows[row->flows[k]];
			const struct mr_sim_flow *a = &row->after[k];
			out_printf(o, "    %s %s: ", g->sites[b->site].name,
			           mr_sim_flow_label(b));
			path_label(o, g, b);
			out_printf(o, " %s -> ",
			           mr_sim_verdict_name(b->verdict));
			path_label(o, g, a);
			out_printf(o, " %s", mr_sim_verdict_name(a->verdict));
			if (a->why != MR_SIM_WHY_NONE)
				out_printf(o, " (%s)", mr_sim_why_name(a->why));
			if (a->dns_fallback)
				out_printf(
				    o, " (DNS fallback: front ends near %s)",
				    g->sites[a->dns_site].name);
			out_putc(o, '\n');
		}
		for (k = 0; k < row->n_in_changed; k++) {
			const struct mr_sim_inbound *a = &row->in_after[k];
			out_printf(
			    o, "    inbound %s: %s -> %s",
			    g->inbound[a->idx].name,
			    mr_sim_verdict_name(r->inbound[a->idx].verdict),
			    mr_sim_verdict_name(a->verdict));
			if (a->why != MR_SIM_WHY_NONE)
				out_printf(o, " (%s)", mr_sim_why_name(a->why));
			out_putc(o, '\n');
		}
	}
	if (quiet > 0) {
		size_t col = 2, j = 0;
		out_printf(o, "  no flow changes (%zu):", quiet);
		col += 22;
		for (i = 0; i < mx->n_rows; i++) {
			const struct mr_sim_change_row *row = &mx->rows[i];
			const char *nm;
			if (row->n_changed != 0 || row->n_in_changed != 0)
				continue;
			nm = mr_sim_element(s, row->element)->name;
			if (col + strlen(nm) + 1 > 78) {
				out_puts(o, "\n   ");
				col = 3;
			}
			out_printf(o, " %s", nm);
			col += strlen(nm) + 1;
			j++;
		}
		out_putc(o, '\n');
	}
}

static void
list_elements(const struct mr_sim *s)
{
	size_t i;
	int kind = -1;

	fprintf(stderr, "%s: note: what can fail:", cli_prog);
	for (i = 0; i < mr_sim_element_count(s); i++) {
		const struct mr_sim_element *e = mr_sim_element(s, (uint32_t)i);
		if ((int)e->kind != kind) {
			kind = (int)e->kind;
			fprintf(stderr,
			        "\n  %s:", mr_sim_elem_kind_name(e->kind));
		}
		fprintf(stderr, " %s", e->name);
	}
	fputc('\n', stderr);
}

int
cmd_simulate(int argc, char **argv)
{
	struct sim_args a;
	struct cli_opts opt;
	struct mr_design *dsg = NULL;
	struct mr_net *net = NULL;
	struct mr_diags *d = NULL;
	struct mr_catalog *cat = NULL;
	struct mr_matcher *m = NULL;
	struct mr_sim *s = NULL;
	struct mr_sim_result *res = NULL;
	struct mr_sim_matrix *mx = NULL;
	struct mr_sim_opts so = MR_SIM_OPTS_INIT;
	struct mr_lint_opts lo = MR_LINT_OPTS_INIT;
	uint32_t failed[MAX_FAIL];
	const char *name = NULL;
	int rc, first, status = EXIT_USAGE;
	size_t i;
	struct out o;

	memset(&a, 0, sizeof(a));
	if ((rc = cli_parse(argc, argv, &cli_verb_simulate, &opt, &first, take,
	                    &a)) >= 0)
		return rc;
	if (mr_diags_new(&d) != MR_OK) {
		cli_error("out of memory");
		goto done;
	}
	rc = cli_load_design(&opt, argc - first, argv + first, NULL, &dsg, d,
	                     &name);
	if (rc == MR_OK && (mr_net_resolve(&net, dsg) != MR_OK ||
	                    mr_lint(net, &lo, d) != MR_OK)) {
		cli_error("%s", mr_error_last());
		goto done;
	}
	if (rc != MR_OK) {
		cli_design_failed(d, &opt.dopt, rc);
		status = rc == MR_EPARSE ? EXIT_FINDINGS : EXIT_USAGE;
		goto done;
	}
	if (mr_diags_errors(d) > 0) {
		opt.dopt.verbose = 1;
		cli_render_diags(d, &opt.dopt);
		report_summary(stderr, name, cli_diag_count(d, &opt.dopt));
		if (!a.force) {
			cli_error("%s has errors: fix them, or simulate anyway "
			          "with --force",
			          name);
			status = EXIT_FINDINGS;
			goto done;
		}
		cli_warn("simulating a design with errors (--force)");
	}
	if (cli_load(&opt.co, &opt.dopt, &cat, &m) != EXIT_OK)
		goto done;
	so.from = a.from;
	so.to = a.to;
	if ((rc = mr_sim_new(&s, net, m, &so)) != MR_OK) {
		cli_error("%s", mr_error_last());
		goto done;
	}
	for (i = 0; i < a.n_fail; i++) {
		if (mr_sim_element_find(s, a.fail[i], &failed[i]) != MR_OK) {
			cli_error("--fail: %s", mr_error_last());
			list_elements(s);
			goto done;
		}
	}
	if (mr_sim_run(&res, s, failed, a.n_fail) != MR_OK ||
	    (a.single && mr_sim_failures_single(&mx, s, res) != MR_OK)) {
		cli_error("%s", mr_error_last());
		goto done;
	}
	if (out_open(&o, opt.output) != 0)
		goto done;
	if (opt.fmt == CLI_FMT_DOT) {
		/* the report's topology drawing, as Graphviz's input */
		struct topo *t = NULL;
		struct html h;
		html_init(&h);
		if (topo_build(&t, net) == 0)
			topo_dot(&h, t);
		topo_free(t);
		if (t == NULL || h.failed) {
			cli_error("out of memory");
			html_free(&h);
			out_abort(&o);
			goto done;
		}
		out_write(&o, h.p, h.n);
		html_free(&h);
	} else if (opt.fmt == CLI_FMT_JSON) {
		char *js;
		size_t n;
		if (mr_sim_json(&js, &n, dsg, s, res, mx, name, cat) != MR_OK) {
			cli_error("%s", mr_error_last());
			out_abort(&o);
			goto done;
		}
		out_write(&o, js, n);
		mr_sim_json_free(js);
	} else {
		text(&o, dsg, m, s, res, name, cat, a.explain);
		if (mx != NULL)
			matrix_text(&o, dsg, s, res, mx);
	}
	if (out_close(&o) != 0)
		goto done;
	status =
	    res->count[MR_SIM_ASYMMETRIC] + res->count[MR_SIM_BLACKHOLE] > 0
	        ? EXIT_FINDINGS
	        : EXIT_OK;
	for (i = 0; i < res->n_inbound; i++)
		if (res->inbound[i].verdict >= MR_SIM_ASYMMETRIC)
			status = EXIT_FINDINGS;
done:
	mr_sim_matrix_free(mx);
	mr_sim_result_free(res);
	mr_sim_free(s);
	cli_unload(cat, m);
	mr_net_free(net);
	mr_design_free(dsg);
	mr_diags_free(d);
	return status;
}
