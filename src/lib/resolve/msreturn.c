/*
 * msreturn.c - Microsoft's way back: the circuit(s) Microsoft sends traffic
 * for a customer address over. The simulation asks it for every flow's NAT
 * address and every inbound service under its failure state; check asks it
 * (nothing failed) whether the circuit a site prefers outbound is the one
 * Microsoft prefers inbound. One computation, so the two cannot disagree.
 * Moved here from the simulation (sim_run.c).
 *
 * Decision, as Microsoft describes its side: ExpressRoute first, any live
 * circuit, "regardless of physical location" ("Routing with ExpressRoute
 * for Office 365", 12/3/2019); "Requests and replies with a destination IP
 * that match a route received via ExpressRoute will always be sent via
 * ExpressRoute" ("ExpressRoute NAT requirements", S4). Among the customer
 * prefixes covering the address the longest wins; between circuits that
 * advertise it, the shortest AS path (the peer ASN and the public prepends:
 * Microsoft strips private ASNs, "Optimize ExpressRoute Routing", S8;
 * net_topo.c computes the length); the rest is load-shared. Else the
 * Internet circuits' advertisements, by the same rule; else nowhere.
 *
 * Data layout: reads the resolved network's advertisements (n->adv: only
 * what Microsoft accepts, only circuits with a session; n->iadv).
 * Complexity: O(A) per question for A advertisements.
 */
#include <string.h>

#include "net_int.h"

/* Whether circuit i of the kind er counts as alive: its flag, or without
 * flags, whether it lands at a site of the design (n->adv holds only the
 * circuits Microsoft has a session with). */
static bool
alive(const struct mr_net *n, const bool *up, bool er, uint32_t i)
{
	const struct mr_design *g = n->dsg;

	if (up != NULL)
		return up[i];
	return (er ? g->er[i].site.idx : g->inet[i].site.idx) < g->n_sites;
}

static void
lpm(const struct mr_net *n, bool er, const bool *up, uint32_t only,
    const struct mr_addr *a, struct mr_net_return *out)
{
	const struct mri_net_adv *v = er ? n->adv : n->iadv;
	size_t i, nv = er ? n->n_adv : n->n_iadv;
	int best = -1;
	uint32_t asp = UINT32_MAX;

	out->n = 0;
	for (i = 0; i < nv; i++) {
		if (!alive(n, up, er, v[i].circuit) ||
		    (only != MR_NONE && v[i].circuit != only) ||
		    !mr_prefix_contains(&v[i].p, a))
			continue;
		if ((int)v[i].p.len > best ||
		    ((int)v[i].p.len == best && v[i].as_path < asp)) {
			best = v[i].p.len;
			asp = v[i].as_path;
			out->n = 0;
			out->p = v[i].p;
			out->as_path = asp;
		}
		if ((int)v[i].p.len == best && v[i].as_path == asp &&
		    out->n < MR_NET_MAX_RET) {
			uint32_t k;
			for (k = 0; k < out->n; k++)
				if (out->c[k] == v[i].circuit)
					break;
			if (k == out->n)
				out->c[out->n++] = v[i].circuit;
		}
	}
}

void
mri_net_ms_return(const struct mr_net *n, const bool *er_up,
                  const bool *inet_up, const struct mr_addr *a, uint32_t only,
                  struct mr_net_return *out)
{
	memset(out, 0, sizeof(*out));
	lpm(n, true, er_up, only, a, out);
	if (out->n > 0) {
		out->via = MR_NET_VIA_ER;
		return;
	}
	if (only == MR_NONE)
		lpm(n, false, inet_up, MR_NONE, a, out);
	out->via = out->n > 0 ? MR_NET_VIA_INTERNET : MR_NET_VIA_NONE;
	if (out->n == 0) {
		memset(&out->p, 0, sizeof(out->p));
		out->as_path = 0;
	}
}

void
mr_net_ms_return(const struct mr_net *n, const struct mr_addr *a,
                 struct mr_net_return *out)
{
	mri_net_ms_return(n, NULL, NULL, a, MR_NONE, out);
}

bool
mr_net_ms_route_over(const struct mr_net *n, uint32_t c,
                     const struct mr_addr *a, struct mr_net_return *out)
{
	if (c >= n->dsg->n_er) {
		memset(out, 0, sizeof(*out));
		return false;
	}
	mri_net_ms_return(n, NULL, NULL, a, c, out);
	return out->via == MR_NET_VIA_ER;
}
