/*
 * lint.c - `m365route check`: runs every rule of rules.def over a loaded
 * design and reports the findings in source order.
 *
 * Microsoft docs followed: "Routing with ExpressRoute for Office 365"
 * (12/3/2019: route symmetry best practices, inbound services, Trey
 * Research and Humongous Insurance) and Microsoft Learn's ExpressRoute
 * pages (routing requirements, NAT, route filters, FAQ, BFD, planning).
 * Each rule names its source in rules.def.
 *
 * Data layout: the rule modules (lint_sym_acc.c: SYM and ACC; lint_net.c:
 * CKT, HA, CAP, GEO) report findings straight into the caller's struct
 * mr_diags (uncapped: the CLI's --max-errors limits what is printed); once
 * all have run, the records they added are sorted by (source, offset,
 * rule, discovery) (mri_diags_sort_from()), so output order does not
 * depend on the order rules run in; out of memory takes them back out.
 * Before the rules run, derive() works out which circuits carry each
 * site's Microsoft 365 traffic:
 *
 *  - a site that receives the ExpressRoute routes (expressroute_routes)
 *    uses every circuit with Microsoft peering that lands at its egress
 *    site: itself if circuits land there; else the site its DNS forwarding
 *    chain reaches, if circuits land there; else the WAN neighbour with
 *    circuits that is closest (declared one-way latency, else distance);
 *    else the closest site with circuits (by coordinates; file order when
 *    unknown);
 *  - a site also uses the circuit any of its proxies, or the proxy of a
 *    PAC group that lists it, egresses through (if it has Microsoft
 *    peering).
 *
 * Invariants: the design is immutable and fully resolved (every reference
 * idx is MR_NONE or in range: the loader guarantees it and the rules
 * still check before indexing). Nothing here allocates from the design.
 *
 * Complexity: derive() is O(S * (E + W + S)) for S sites, E circuits, W
 * WAN links; the prefix rules compare lists pairwise, O(P^2) for P
 * prefixes in the design (P is at most a few hundred: Microsoft caps a
 * session at 200); the capacity rule is O(E * S * E). Sorting is O(F log F)
 * for F findings.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "lint_int.h"

/* ---- findings --------------------------------------------------------- */

void
lint_add(struct lint_ctx *c, enum mr_dcode code, struct mr_span at,
         const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (mri_diag_vadd(c->d, code, at, fmt, ap) & MRI_DIAG_OOM)
		c->oom = true;
	va_end(ap);
}

/* ---- helpers shared by the rule modules --------------------------------- */

const char *
lint_pfx(struct lint_ctx *c, const struct mr_prefix *p)
{
	char *b = c->pbuf[c->pnext++ % 8];

	mr_prefix_format(p, b, MR_PREFIX_STRLEN);
	return b;
}

bool
lint_pfx_within(const struct mr_prefix *b, const struct mr_prefix *a)
{
	return mri_prefix_within(b, a);
}

bool
lint_pfx_overlap(const struct mr_prefix *a, const struct mr_prefix *b)
{
	return lint_pfx_within(a, b) || lint_pfx_within(b, a);
}

/* ---- derived topology ------------------------------------------------------ */

static bool
hosts_circuit(const struct mr_design *g, size_t s)
{
	size_t i;

	for (i = 0; i < g->n_er; i++)
		if (g->er[i].ms.present && g->er[i].site.idx == s)
			return true;
	return false;
}

/* A one-way distance score between sites a and b: declared latency of a
 * direct WAN link, else half the fibre round trip from coordinates, else
 * a large constant (unknown). */
static double
site_cost(const struct mr_design *g, size_t a, size_t b)
{
	const struct mr_site *sa = &g->sites[a], *sb = &g->sites[b];
	size_t i;

	for (i = 0; i < g->n_wan; i++) {
		const struct mr_wan_link *w = &g->wan[i];
		if (w->latency_ms >= 0 && ((w->a.idx == a && w->b.idx == b) ||
		                           (w->a.idx == b && w->b.idx == a)))
			return w->latency_ms;
	}
	if (sa->has_coords && sb->has_coords)
		return mr_geo_rtt_ms(
		           mr_geo_km(sa->lat, sa->lon, sb->lat, sb->lon)) /
		       2;
	return 1e9;
}

static uint32_t
find_egress_site(const struct mr_design *g, size_t s)
{
	uint32_t t, best = MR_NONE;
	double best_cost = 0;
	size_t i, steps;

	if (hosts_circuit(g, s))
		return (uint32_t)s;
	/* The DNS forwarding chain: Humongous Insurance's remote offices
	 * forward to headquarters and so use its front ends and circuit. */
	t = (uint32_t)s;
	for (steps = 0; steps < g->n_sites; steps++) {
		const struct mr_site *st = &g->sites[t];
		if (st->dns_mode != MR_DNS_FORWARD ||
		    st->dns_forward_to.idx >= g->n_sites)
			break;
		t = st->dns_forward_to.idx;
		if (t == s)
			break;
		if (hosts_circuit(g, t))
			return t;
	}
	/* A WAN neighbour with circuits. */
	for (i = 0; i < g->n_wan; i++) {
		const struct mr_wan_link *w = &g->wan[i];
		uint32_t o;
		double cost;
		if (w->a.idx == s)
			o = w->b.idx;
		else if (w->b.idx == s)
			o = w->a.idx;
		else
			continue;
		if (o >= g->n_sites || !hosts_circuit(g, o))
			continue;
		cost = site_cost(g, s, o);
		if (best == MR_NONE || cost < best_cost) {
			best = o;
			best_cost = cost;
		}
	}
	if (best != MR_NONE)
		return best;
	/* Any site with circuits, the closest one. */
	for (i = 0; i < g->n_sites; i++) {
		double cost;
		if (i == s || !hosts_circuit(g, i))
			continue;
		cost = site_cost(g, s, i);
		if (best == MR_NONE || cost < best_cost) {
			best = (uint32_t)i;
			best_cost = cost;
		}
	}
	return best;
}

static void
use_proxy(struct lint_ctx *c, size_t s, uint32_t p)
{
	const struct mr_design *g = c->dsg;
	const struct mr_proxy *px;

	if (p >= g->n_proxies)
		return;
	px = &g->proxies[p];
	if (!px->egress_is_er || px->egress.idx >= g->n_er ||
	    !g->er[px->egress.idx].ms.present)
		return;
	c->uses[s * g->n_er + px->egress.idx] |= USE_PROXY;
}

static int
derive(struct lint_ctx *c)
{
	const struct mr_design *g = c->dsg;
	size_t s, i;

	c->uses = calloc(g->n_sites * g->n_er + 1, 1);
	c->egress_site = calloc(g->n_sites + 1, sizeof(*c->egress_site));
	c->n_uses = calloc(g->n_sites + 1, sizeof(*c->n_uses));
	if (c->uses == NULL || c->egress_site == NULL || c->n_uses == NULL)
		return MR_ENOMEM;
	for (s = 0; s < g->n_sites; s++) {
		const struct mr_site *st = &g->sites[s];
		uint32_t e = find_egress_site(g, s);
		c->egress_site[s] = e;
		if (st->receives_er_routes && e != MR_NONE)
			for (i = 0; i < g->n_er; i++)
				if (g->er[i].ms.present &&
				    g->er[i].site.idx == e)
					c->uses[s * g->n_er + i] |= USE_ROUTES;
		for (i = 0; i < st->n_proxies; i++)
			use_proxy(c, s, st->proxies[i].idx);
		/* The proxy its PAC file names (the resolved network's). */
		use_proxy(c, s, mr_net_site(c->net, (uint32_t)s)->proxy);
		for (i = 0; i < g->n_er; i++)
			if (lint_uses(c, s, i))
				c->n_uses[s]++;
	}
	return MR_OK;
}

/* ---- entry point ------------------------------------------------------------ */

int
mr_lint(const struct mr_net *net, const struct mr_lint_opts *o,
        struct mr_diags *d)
{
	const struct mr_design *dsg = mr_net_design(net);
	struct lint_ctx c;
	int rc = MR_OK;
	size_t first;
	bool was_oom;

	if (dsg == NULL || d == NULL)
		return mri_error_set(MR_EINVAL,
		                     "mr_lint: NULL design or diags");
	if (o != NULL && o->version != MR_LINT_OPTS_VERSION)
		return mri_error_set(MR_EINVAL,
		                     "mr_lint: options version %u, expected %u",
		                     o->version, MR_LINT_OPTS_VERSION);
	memset(&c, 0, sizeof(c));
	c.net = net;
	c.dsg = dsg;
	c.d = d;
	first = mr_diags_count(d);
	was_oom = mr_diags_oom(d);
	mri_diag_begin(d, false);
	if (derive(&c) != MR_OK) {
		c.oom = true;
	} else {
		mri_lint_sym(&c);
		mri_lint_acc(&c);
		mri_lint_ckt(&c);
		mri_lint_ha(&c);
		mri_lint_cap(&c);
		mri_lint_geo(&c);
	}
	if (c.oom || (mr_diags_oom(d) && !was_oom)) {
		mri_diags_truncate(d, first);
		rc = mri_error_set(MR_ENOMEM, "mr_lint: out of memory");
	} else {
		mri_diags_sort_from(d, first);
	}
	free(c.uses);
	free(c.egress_site);
	free(c.n_uses);
	return rc;
}
