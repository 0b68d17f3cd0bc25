/*
 * inbound.c - the flows Microsoft starts towards on-premises servers (inbound_services): how its
 * connections arrive, and how the server's replies leave. The simulation
 * asks it per failure set (sim_run.c), `check` with nothing failed
 * (mr_net_inbound_paths(), rule inbound-no-snat), so the two cannot
 * disagree.
 *
 * Microsoft's side (expressroute-nat.md, S4; Routing with ExpressRoute for
 * Office 365, "Ensuring route symmetry"): Microsoft reaches the server's
 * address as it returns any traffic to it (msreturn.c,
 * mri_net_ms_return(), under the same failure state): over ExpressRoute
 * when the customer advertises a covering prefix there, else over the
 * Internet. "Requests and replies with a destination IP that match a route
 * received via ExpressRoute will always be sent via ExpressRoute": so the
 * server's reply to a Microsoft address follows the ExpressRoute routes
 * whenever its segment has them, whichever way the request came. The two
 * remedies Microsoft gives for a server reached over the Internet: source
 * NAT at the Internet edge (the design's snat: the server replies to the
 * edge's own address, and the edge sends it back out the way it came), or
 * no ExpressRoute routes in the server's segment (expressroute_routes on
 * the service, else its site's).
 *
 * The reply's route is the BGP decision at the server's site (route.c) for
 * the service area's community (as the model's attribution, carry.c,
 * decides a site's traffic), else the default route; SMTP is also answered
 * to Microsoft senders outside the prefixes ExpressRoute carries (the seed:
 * SMTP "is used more broadly within Microsoft's network"), over the
 * default route only.
 *
 * Complexity: O(A) for A advertisements per address (msreturn.c); a reply is one or two
 * BGP decisions, O(E + K).
 */
#include "inbound.h"

#include <string.h>

#include "error.h"

/* ---- inbound flows ------------------------------------------------------- */

bool
mri_inbound_er_routes(const struct mr_design *g, uint32_t i)
{
	const struct mr_inbound *in = &g->inbound[i];

	if (in->has_er_routes)
		return in->er_routes;
	return in->site.idx < g->n_sites &&
	       g->sites[in->site.idx].receives_er_routes;
}

enum mr_service_area
mri_inbound_sa(enum mr_inbound_kind k)
{
	switch (k) {
	case MR_IN_SMTP:
	case MR_IN_EXCHANGE_HYBRID:
		return MR_SA_EXCHANGE;
	case MR_IN_SHAREPOINT_HYBRID_SEARCH:
	case MR_IN_SHAREPOINT_HYBRID_BCS:
		return MR_SA_SHAREPOINT;
	case MR_IN_SKYPE_HYBRID:
	case MR_IN_CLOUD_CONNECTOR:
		return MR_SA_SKYPE;
	default:
		return MR_SA_COMMON;
	}
}

/* The route out of site: an ExpressRoute route with communities mask when
 * er (the segment has them), else the default route. */
static struct mri_out
out_of(struct mri_route *rt, uint32_t site, bool er, unsigned mask)
{
	struct mri_route_decision dec;
	struct mri_out o = {false, MR_NONE};

	if ((er && mri_route_decide(rt, site, true, mask, &dec)) ||
	    mri_route_decide(rt, site, false, 0, &dec)) {
		o.er = dec.er;
		o.c = dec.c;
	}
	return o;
}

void
mri_inbound_decide(struct mri_route *rt, uint32_t i, struct mri_inbound *out)
{
	const struct mr_design *g = rt->net->dsg;
	const struct mr_inbound *in = &g->inbound[i];
	uint32_t site = in->site.idx;

	memset(out, 0, sizeof(*out));
	out->reply.c = out->reply2.c = MR_NONE;
	mri_net_ms_return(rt->net, rt->er_up, rt->inet_up, &in->address.p.addr,
	                  MR_NONE, &out->in);
	out->er_routes = mri_inbound_er_routes(g, i);
	if (site >= g->n_sites || !rt->site_up[site])
		return;
	if (in->snat && out->in.via == MR_NET_VIA_INTERNET) {
		/* The edge translated the source to its own address: the
		 * server answers the edge, the edge the connection's way. */
		out->snat = true;
		out->reply.c = out->in.c[0];
		if (in->kind == MR_IN_SMTP)
			out->reply2 = out->reply;
		return;
	}
	out->reply = out_of(rt, site, out->er_routes,
	                    mri_net_sa_mask(mri_inbound_sa(in->kind)));
	if (in->kind == MR_IN_SMTP)
		out->reply2 = out_of(rt, site, false, 0);
}

/* ---- nothing failed ------------------------------------------------------ */

int
mr_net_inbound_paths(const struct mr_net *n, struct mr_net_inbound_path *out)
{
	const struct mr_design *g;
	struct mri_route rt;
	struct mri_inbound x;
	size_t i;
	bool oom;

	if (n == NULL || (out == NULL && n->dsg->n_inbound > 0))
		return mri_error_set(MR_EINVAL, "mr_net_inbound_paths: NULL");
	g = n->dsg;
	if (mri_route_init(&rt, n) != MR_OK)
		return mri_error_set(MR_ENOMEM, "out of memory");
	mri_route_nominal(&rt, MR_NONE);
	for (i = 0; i < g->n_inbound; i++) {
		struct mr_net_inbound_path *p = &out[i];
		mri_inbound_decide(&rt, (uint32_t)i, &x);
		memset(p, 0, sizeof(*p));
		p->er_routes = x.er_routes;
		p->reached = x.in.n > 0;
		p->in_er = x.in.via == MR_NET_VIA_ER;
		p->in_circuit = p->reached ? x.in.c[0] : MR_NONE;
		p->snat = x.snat;
		p->reply_er = x.reply.er;
		p->reply_circuit = x.reply.c;
	}
	oom = rt.oom;
	mri_route_fini(&rt);
	return oom ? mri_error_set(MR_ENOMEM, "out of memory") : MR_OK;
}
