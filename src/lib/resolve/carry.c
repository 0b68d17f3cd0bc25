/*
 * carry.c - which ExpressRoute circuit carries each site's traffic to each
 * service area (mr_net_er_carriers()): the attribution `usage` sizes
 * circuits with. It asks the same questions, in the same order, as the
 * simulation's flows (sim_run.c flow()): the site's PAC decision
 * (mr_net_pac()), the first of its proxies it reaches and that proxy's
 * egress, or the BGP decision at the site (route.c).
 * Complexity: one routing state per call; per site and service area one
 * BGP decision, O(E + K), and for proxied traffic one shortest-path tree
 * per proxy site (cached).
 */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "route.h"

/* A service area's Office 365 community, as a bit of the masks. */
static unsigned
sa_mask(enum mr_service_area sa)
{
	switch (sa) {
	case MR_SA_EXCHANGE:
		return COMM_EXCHANGE;
	case MR_SA_SHAREPOINT:
		return COMM_SHAREPOINT;
	case MR_SA_SKYPE:
		return COMM_SKYPE;
	default:
		return COMM_OTHER;
	}
}

static uint32_t
carrier(struct mri_route *rt, uint32_t s, enum mr_service_area sa)
{
	const struct mr_net *n = rt->net;
	const struct mr_design *g = n->dsg;
	struct mri_route_decision dec;
	struct mr_net_pac p;
	uint32_t c;

	mr_net_pac(n, s, NULL, 0, MR_ROUTE_EXPRESSROUTE, true, &p);
	if (p.proxy != MR_NONE) {
		const struct mr_proxy *px;
		const struct mri_tree *t;
		uint32_t from;
		c = mri_route_proxy(rt, s, p.proxy, NULL, NULL, NULL, &t,
		                    &from);
		if (c == MR_NONE)
			return MR_NONE;
		px = &g->proxies[c];
		if (!px->egress_is_er || px->egress.idx >= g->n_er ||
		    !rt->er_up[px->egress.idx])
			return MR_NONE;
		return px->egress.idx;
	}
	if (!g->sites[s].receives_er_routes ||
	    !mri_route_decide(rt, s, true, sa_mask(sa), &dec))
		return MR_NONE;
	return dec.c;
}

int
mr_net_er_carriers(const struct mr_net *n, uint32_t down, uint32_t *out)
{
	const struct mr_design *g;
	struct mri_route rt;
	size_t i, sa;
	bool oom;

	if (n == NULL || out == NULL)
		return mri_error_set(MR_EINVAL, "mr_net_er_carriers: NULL");
	g = n->dsg;
	if (mri_route_init(&rt, n) != MR_OK)
		return mri_error_set(MR_ENOMEM, "out of memory");
	/* What the simulation counts up with nothing failed. */
	for (i = 0; i < g->n_er; i++)
		rt.er_up[i] = g->er[i].ms.present && !n->er_session_down[i] &&
		              g->er[i].site.idx < g->n_sites && i != down;
	for (i = 0; i < g->n_inet; i++)
		rt.inet_up[i] = g->inet[i].site.idx < g->n_sites;
	for (i = 0; i < g->n_wan; i++)
		rt.wan_up[i] = g->wan[i].a.idx < g->n_sites &&
		               g->wan[i].b.idx < g->n_sites;
	for (i = 0; i < g->n_sites; i++)
		for (sa = 0; sa < MR_SA__COUNT; sa++)
			out[i * MR_SA__COUNT + sa] =
			    carrier(&rt, (uint32_t)i, (enum mr_service_area)sa);
	oom = rt.oom;
	mri_route_fini(&rt);
	return oom ? mri_error_set(MR_ENOMEM, "out of memory") : MR_OK;
}
