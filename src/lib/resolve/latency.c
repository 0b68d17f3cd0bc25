/*
 * latency.c - the round trip from a site's clients to Microsoft's edge,
 * and the real-time media target it breaks: the one estimate `simulate`
 * puts on every flow (its `degraded` verdict) and `check` puts on a site's
 * own circuits (circuit-far), so the two cannot disagree.
 *
 * Estimate: the site's access network (access_rtt_ms: LAN and Wi-Fi, the
 * floor; Microsoft's client targets include "first-hop WiFi", S28/S29),
 * plus twice the one-way WAN latency to the egress site, plus the fibre
 * round trip from the egress site to the Microsoft edge (the circuit's
 * peering location; for the Internet the nearest peering metro), from
 * coordinates by mr_geo_rtt_ms() (util/geo.c).
 *
 * Targets (m365route/resolve.h, MR_NET_*_RTT_MS): customer edge ->
 * Microsoft edge < 60 ms, client -> Microsoft edge < 100 ms (S28, S29;
 * expressroute-facts.md section 6); at or above is a miss, the edge
 * target judged first.
 *
 * Complexity: O(1).
 */
#include "m365route/geo.h"
#include "net_int.h"

bool
mr_net_rtt(const struct mr_net *n, uint32_t site, uint32_t egress,
           double wan_ms, const struct mr_peering_location *edge,
           struct mr_net_rtt *out)
{
	const struct mr_design *g = n->dsg;
	const struct mr_site *es;

	if (edge == NULL || site >= g->n_sites || egress >= g->n_sites ||
	    !g->sites[egress].has_coords)
		return false;
	es = &g->sites[egress];
	out->access = g->sites[site].access_rtt_ms;
	out->wan = 2 * wan_ms;
	out->edge =
	    mr_geo_rtt_ms(mr_geo_km(es->lat, es->lon, edge->lat, edge->lon));
	out->client = out->access + out->wan + out->edge;
	return true;
}

enum mr_net_rtt_over
mr_net_rtt_judge(const struct mr_net_rtt *r)
{
	if (r->edge >= MR_NET_EDGE_RTT_MS)
		return MR_NET_RTT_EDGE;
	if (r->client >= MR_NET_CLIENT_RTT_MS)
		return MR_NET_RTT_CLIENT;
	return MR_NET_RTT_OK;
}

const struct mr_peering_location *
mr_net_nearest_edge(const struct mr_net *n, uint32_t site)
{
	return site < n->dsg->n_sites ? n->site_near[site] : NULL;
}
