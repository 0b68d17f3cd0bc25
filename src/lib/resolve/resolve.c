/*
 * resolve.c - the resolved network (m365route/resolve.h): each site's PAC
 * group, proxies (failover order) and ExpressRoute-direct flag, its DNS site, and the design's
 * overrides in PAC order. Built once per design; every consumer reads it.
 *
 * The rules, documented in docs/ARCHITECTURE.md:
 *  - a site's PAC group is the first group (in file order) whose sites:
 *    list names it, else the first whose clients: contain one of the
 *    site's subnets;
 *  - the proxies a site's PAC file returns, in failover order ("PROXY a;
 *    PROXY b"): its group's proxy: list, else the site's own proxies:
 *    in the order written; the browser tries them in that order and no
 *    others (the first is the site's proxy);
 *  - without a group, the site's PAC file sends ExpressRoute names DIRECT
 *    when the site receives the ExpressRoute routes (no proxy: no PAC
 *    file, every flow DIRECT);
 *  - overrides: most specific first (the PAC generator's order), first
 *    match wins; an override all of whose hosts an earlier one matches
 *    decides nothing (its shadow, mri_glob_shadowed());
 *  - the DNS site is the end of the site's chain of dns: forward_to
 *    (net_dns.c, which also keeps what the chain depends on).
 * Complexity: O(groups x (sites + clients x subnets)) to build, O(overrides
 * log overrides) to order, O(overrides^2) pattern covers for the shadows;
 * a decision is O(overrides) glob matches.
 */
#include "m365route/resolve.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "hostmatch.h"
#include "net_dns.h"
#include "net_int.h"

/* How group i finds site s, alone: listed, else by clients. */
static enum mr_net_group_by
group_matches(const struct mr_design *g, size_t i, uint32_t s)
{
	const struct mr_pac_group *pg = &g->pac_groups[i];
	const struct mr_site *st = &g->sites[s];
	size_t k, j;

	for (k = 0; k < pg->n_sites; k++)
		if (pg->sites[k].idx == s)
			return MR_NET_GROUP_LISTED;
	for (k = 0; k < pg->clients.n; k++)
		for (j = 0; j < st->subnets.n; j++) {
			const struct mr_prefix *c = &pg->clients.v[k].p;
			const struct mr_prefix *sn = &st->subnets.v[j].p;
			if (sn->addr.family == c->addr.family &&
			    sn->len >= c->len &&
			    mr_prefix_contains(c, &sn->addr))
				return MR_NET_GROUP_CLIENTS;
		}
	return MR_NET_GROUP_NONE;
}

/* The group listing site s first, else the first whose clients cover one
 * of its subnets. */
static void
find_group(const struct mr_design *g, uint32_t s, struct mr_net_site *ns)
{
	enum mr_net_group_by by;
	size_t i;

	for (by = MR_NET_GROUP_LISTED; by <= MR_NET_GROUP_CLIENTS; by++)
		for (i = 0; i < g->n_pac_groups; i++)
			if (group_matches(g, i, s) == by) {
				ns->group = (uint32_t)i;
				ns->group_by = by;
				return;
			}
}

/* Site s's failover list (ns resolved) into out (room for the group's or
 * the site's proxies); returns its length. Duplicates and unresolved
 * names are left out (a design with them does not load). */
static uint32_t
failover(const struct mr_design *g, uint32_t s, const struct mr_net_site *ns,
         uint32_t *out)
{
	const struct mr_ref *v;
	size_t n, i, j;
	uint32_t k = 0;

	if (ns->group != MR_NONE) {
		v = g->pac_groups[ns->group].proxies;
		n = g->pac_groups[ns->group].n_proxies;
	} else {
		v = g->sites[s].proxies;
		n = g->sites[s].n_proxies;
	}
	for (i = 0; i < n; i++) {
		bool dup = v[i].idx >= g->n_proxies;
		for (j = 0; j < k && !dup; j++)
			dup = out[j] == v[i].idx;
		if (!dup)
			out[k++] = v[i].idx;
	}
	return k;
}

static void
resolve_site(const struct mr_design *g, uint32_t s, struct mr_net_site *ns)
{
	const struct mr_site *st = &g->sites[s];

	ns->group = MR_NONE;
	ns->group_by = MR_NET_GROUP_NONE;
	ns->proxy = MR_NONE;
	find_group(g, s, ns);
	if (ns->group != MR_NONE) {
		const struct mr_pac_group *pg = &g->pac_groups[ns->group];
		ns->er_direct = pg->expressroute;
	} else {
		ns->er_direct = st->receives_er_routes;
	}
	ns->dns_site = s; /* the end of its chain: mri_net_build_dns() */
}

int
mr_net_resolve(struct mr_net **out, const struct mr_design *dsg)
{
	struct mr_net *n;
	const char **pats = NULL;
	size_t i, n_fo = 0;

	if (out != NULL)
		*out = NULL;
	if (out == NULL || dsg == NULL)
		return mri_error_set(MR_EINVAL,
		                     "mr_net_resolve: NULL argument");
	if ((n = calloc(1, sizeof(*n))) == NULL ||
	    (n->site = calloc(dsg->n_sites + 1, sizeof(*n->site))) == NULL ||
	    (n->ovr = calloc(dsg->n_overrides + 1, sizeof(*n->ovr))) == NULL ||
	    (n->ovr_shadow = calloc(dsg->n_overrides + 1,
	                            sizeof(*n->ovr_shadow))) == NULL ||
	    (pats = calloc(dsg->n_overrides + 1, sizeof(*pats))) == NULL) {
		free(pats);
		mr_net_free(n);
		return mri_error_set(MR_ENOMEM, "out of memory");
	}
	n->dsg = dsg;
	for (i = 0; i < dsg->n_sites; i++) {
		resolve_site(dsg, (uint32_t)i, &n->site[i]);
		n_fo += n->site[i].group != MR_NONE
		            ? dsg->pac_groups[n->site[i].group].n_proxies
		            : dsg->sites[i].n_proxies;
	}
	if ((n->fo_off = calloc(dsg->n_sites + 1, sizeof(*n->fo_off))) ==
	        NULL ||
	    (n->fo = calloc(n_fo + 1, sizeof(*n->fo))) == NULL) {
		free(pats);
		mr_net_free(n);
		return mri_error_set(MR_ENOMEM, "out of memory");
	}
	for (i = 0; i < dsg->n_sites; i++) {
		uint32_t k = failover(dsg, (uint32_t)i, &n->site[i],
		                      n->fo + n->fo_off[i]);
		n->fo_off[i + 1] = n->fo_off[i] + k;
		/* the PAC file's proxy: the first of the list */
		n->site[i].proxy = k > 0 ? n->fo[n->fo_off[i]] : MR_NONE;
	}
	if (mri_net_build_graph(n) != MR_OK ||
	    mri_net_build_circuits(n) != MR_OK ||
	    mri_net_build_dns(n) != MR_OK) {
		free(pats);
		mr_net_free(n);
		return mri_error_set(MR_ENOMEM, "out of memory");
	}
	for (i = 0; i < dsg->n_overrides; i++)
		pats[i] = dsg->overrides[i].host;
	if (mri_glob_order(pats, dsg->n_overrides, n->ovr) != MR_OK) {
		free(pats);
		mr_net_free(n);
		return mri_error_set(MR_ENOMEM, "out of memory");
	}
	for (i = 0; i < dsg->n_overrides; i++) {
		size_t j = mri_glob_shadowed(pats, n->ovr, i);
		n->ovr_shadow[n->ovr[i]] = j == SIZE_MAX ? MR_NONE : n->ovr[j];
	}
	free(pats);
	*out = n;
	return MR_OK;
}

void
mr_net_free(struct mr_net *n)
{
	if (n == NULL)
		return;
	free(n->site);
	free(n->fo_off);
	free(n->fo);
	free(n->ovr);
	free(n->ovr_shadow);
	free(n->adj_off);
	free(n->adj);
	free(n->wan_ms);
	free(n->wan_known);
	free(n->er_mask);
	free(n->er_lp);
	free(n->er_rid);
	free(n->er_loc);
	free(n->inet_as);
	free(n->er_session_down);
	free(n->site_er_off);
	free(n->site_er);
	free(n->site_inet_off);
	free(n->site_inet);
	free(n->adv);
	free(n->iadv);
	free(n->site_near);
	free(n->dns_off);
	free(n->dns_chain);
	free(n->dns_wan_off);
	free(n->dns_wan);
	free(n->dns_via_off);
	free(n->dns_via);
	free(n->dns_reach);
	free(n);
}

const struct mr_design *
mr_net_design(const struct mr_net *n)
{
	return n != NULL ? n->dsg : NULL;
}

const struct mr_net_site *
mr_net_site(const struct mr_net *n, uint32_t i)
{
	return n != NULL && i < n->dsg->n_sites ? &n->site[i] : NULL;
}

const uint32_t *
mr_net_failover(const struct mr_net *n, uint32_t site, size_t *n_out)
{
	if (n == NULL || site >= n->dsg->n_sites) {
		*n_out = 0;
		return NULL;
	}
	*n_out = n->fo_off[site + 1] - n->fo_off[site];
	return n->fo + n->fo_off[site];
}

uint32_t
mr_net_override_at(const struct mr_net *n, size_t k)
{
	return n != NULL && k < n->dsg->n_overrides ? n->ovr[k] : MR_NONE;
}

enum mr_net_group_by
mr_net_group_matches(const struct mr_net *n, uint32_t group, uint32_t site)
{
	if (n == NULL || group >= n->dsg->n_pac_groups ||
	    site >= n->dsg->n_sites)
		return MR_NET_GROUP_NONE;
	return group_matches(n->dsg, group, site);
}

uint32_t
mr_net_override_shadow(const struct mr_net *n, uint32_t o)
{
	return n != NULL && o < n->dsg->n_overrides ? n->ovr_shadow[o]
	                                            : MR_NONE;
}

/* The first override in PAC order, skip left out, that matches host. The
 * shadowed ones are passed over: they are never first to match. */
static uint32_t
override_for(const struct mr_net *n, const char *host, size_t len,
             uint32_t skip)
{
	size_t k;

	for (k = 0; n != NULL && k < n->dsg->n_overrides; k++) {
		uint32_t o = n->ovr[k];
		const char *h = n->dsg->overrides[o].host;
		if (o != skip && n->ovr_shadow[o] == MR_NONE &&
		    mr_glob_match(h, strlen(h), host, len))
			return o;
	}
	return MR_NONE;
}

uint32_t
mr_net_override_for(const struct mr_net *n, const char *host, size_t len)
{
	return override_for(n, host, len, MR_NONE);
}

/* The PAC file's decision once the override (out->override, MR_NONE: none)
 * is known, at a site that has a PAC file (ns->proxy set). */
static void
pac_tail(const struct mr_net *n, const struct mr_net_site *ns,
         enum mr_route route, struct mr_net_pac *out)
{
	if (out->override != MR_NONE) {
		out->why = MR_NET_PAC_OVERRIDE;
		if (n->dsg->overrides[out->override].action ==
		    MR_OVERRIDE_PROXY)
			out->proxy = ns->proxy;
		return;
	}
	if (ns->er_direct && route == MR_ROUTE_EXPRESSROUTE) {
		out->why = MR_NET_PAC_ER_DIRECT;
		return;
	}
	out->proxy = ns->proxy;
	out->why = ns->group != MR_NONE ? MR_NET_PAC_GROUP_PROXY
	                                : MR_NET_PAC_SITE_PROXY;
}

void
mr_net_pac(const struct mr_net *n, uint32_t site, const char *host, size_t len,
           enum mr_route route, bool http, struct mr_net_pac *out)
{
	mr_net_pac_without(n, site, host, len, route, http, MR_NONE, out);
}

void
mr_net_pac_without(const struct mr_net *n, uint32_t site, const char *host,
                   size_t len, enum mr_route route, bool http, uint32_t skip,
                   struct mr_net_pac *out)
{
	const struct mr_net_site *ns = mr_net_site(n, site);
	uint32_t o = MR_NONE;

	if (!http) {
		out->proxy = MR_NONE;
		out->override = MR_NONE;
		out->why = MR_NET_PAC_NONE;
		return;
	}
	if (host != NULL && ns != NULL && ns->proxy != MR_NONE)
		o = override_for(n, host, len, skip);
	mri_net_pac_override(n, site, o, route, out);
}

void
mri_net_pac_override(const struct mr_net *n, uint32_t site, uint32_t o,
                     enum mr_route route, struct mr_net_pac *out)
{
	const struct mr_net_site *ns = mr_net_site(n, site);

	out->proxy = MR_NONE;
	out->override = MR_NONE;
	if (ns == NULL) {
		out->why = MR_NET_PAC_NONE;
		return;
	}
	if (ns->proxy == MR_NONE) {
		/* No PAC file can be written: the browser goes direct. */
		out->why = MR_NET_PAC_NO_POLICY;
		return;
	}
	if (o < n->dsg->n_overrides)
		out->override = o;
	pac_tail(n, ns, route, out);
}
