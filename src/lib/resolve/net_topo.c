/*
 * net_topo.c - the resolved network's topology: the WAN graph (adjacency
 * lists with one-way latencies, declared or estimated from coordinates),
 * and per circuit what routing reads: the Office 365 communities its route
 * filter admits, local preference, the Microsoft router's id, its peering
 * location, the synthetic neighbour AS of Internet circuits, the circuits
 * landing at each site, what the customer advertises over each circuit
 * (with the AS-path length Microsoft sees) and Microsoft's edge nearest
 * each site. Moved here from the simulation so that every consumer reads
 * one copy (docs/ARCHITECTURE.md, "The resolved network").
 * Complexity: O(sites + WAN links + circuits + advertised prefixes), plus
 * O(sites x peering locations) for the nearest edge.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "communities.h"
#include "erfacts.h"
#include "m365route/geo.h"
#include "m365route/peering.h"
#include "net_int.h"

#define DEFAULT_LP 100
#define INF_MS     1e300

static uint32_t
v4(const struct mr_addr *a)
{
	if (a->family != MR_AF_INET)
		return 0;
	return (uint32_t)a->bytes[0] << 24 | (uint32_t)a->bytes[1] << 16 |
	       (uint32_t)a->bytes[2] << 8 | a->bytes[3];
}

/* The community bit of a route-filter entry; 0 when not one of the
 * communities of net_int.h. The values come from the one community table
 * (communities.c); the bits follow the order of names[]. */
static unsigned
community_bit(const struct mr_community *c)
{
	static const char *const names[] = {"exchange", "sharepoint", "skype",
	                                    "other", "entra-id"};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		uint16_t asn, val;
		if (mri_community_lookup(names[i], strlen(names[i]), &asn,
		                         &val) == MR_OK &&
		    c->asn == asn && c->value == val)
			return 1u << i;
	}
	return 0;
}

static double
site_km(const struct mr_site *a, double lat, double lon)
{
	return mr_geo_km(a->lat, a->lon, lat, lon);
}

int
mri_net_build_graph(struct mr_net *n)
{
	const struct mr_design *g = n->dsg;
	size_t i, ns = g->n_sites;
	uint32_t *fill;

	n->adj_off = calloc(ns + 2, sizeof(*n->adj_off));
	n->adj = calloc(2 * g->n_wan + 1, sizeof(*n->adj));
	n->wan_ms = calloc(g->n_wan + 1, sizeof(*n->wan_ms));
	n->wan_known = calloc(g->n_wan + 1, sizeof(*n->wan_known));
	fill = calloc(ns + 1, sizeof(*fill));
	if (n->adj_off == NULL || n->adj == NULL || n->wan_ms == NULL ||
	    n->wan_known == NULL || fill == NULL) {
		free(fill);
		return MR_ENOMEM;
	}
	for (i = 0; i < g->n_wan; i++) {
		const struct mr_wan_link *w = &g->wan[i];
		const struct mr_site *a, *b;
		if (w->a.idx >= ns || w->b.idx >= ns)
			continue;
		a = &g->sites[w->a.idx];
		b = &g->sites[w->b.idx];
		if (w->latency_ms >= 0) {
			n->wan_ms[i] = w->latency_ms;
			n->wan_known[i] = true;
		} else if (a->has_coords && b->has_coords) {
			n->wan_ms[i] =
			    mr_geo_rtt_ms(site_km(a, b->lat, b->lon)) / 2;
			n->wan_known[i] = true;
		}
		n->adj_off[w->a.idx + 1]++;
		n->adj_off[w->b.idx + 1]++;
	}
	for (i = 0; i < ns; i++)
		n->adj_off[i + 1] += n->adj_off[i];
	for (i = 0; i < g->n_wan; i++) {
		const struct mr_wan_link *w = &g->wan[i];
		uint32_t a = w->a.idx, b = w->b.idx;
		if (a >= ns || b >= ns)
			continue;
		n->adj[n->adj_off[a] + fill[a]++] =
		    (struct mri_net_adj){b, (uint32_t)i, n->wan_ms[i]};
		n->adj[n->adj_off[b] + fill[b]++] =
		    (struct mri_net_adj){a, (uint32_t)i, n->wan_ms[i]};
	}
	free(fill);
	return MR_OK;
}

/* Circuits per site as CSR: off[n_sites + 1], list. */
static int
per_site(size_t n_sites, size_t n,
         const struct mr_ref *(*site_of)(const struct mr_design *, size_t),
         const struct mr_design *g, uint32_t **off, uint32_t **list)
{
	size_t i;
	uint32_t *fill;

	*off = calloc(n_sites + 2, sizeof(**off));
	*list = calloc(n + 1, sizeof(**list));
	fill = calloc(n_sites + 1, sizeof(*fill));
	if (*off == NULL || *list == NULL || fill == NULL) {
		free(fill);
		return MR_ENOMEM;
	}
	for (i = 0; i < n; i++) {
		uint32_t st = site_of(g, i)->idx;
		if (st < n_sites)
			(*off)[st + 1]++;
	}
	for (i = 0; i < n_sites; i++)
		(*off)[i + 1] += (*off)[i];
	for (i = 0; i < n; i++) {
		uint32_t st = site_of(g, i)->idx;
		if (st < n_sites)
			(*list)[(*off)[st] + fill[st]++] = (uint32_t)i;
	}
	free(fill);
	return MR_OK;
}

static const struct mr_ref *
er_site(const struct mr_design *g, size_t i)
{
	return &g->er[i].site;
}

static const struct mr_ref *
inet_site(const struct mr_design *g, size_t i)
{
	return &g->inet[i].site;
}

/* The Microsoft router's address on the primary link: the second usable
 * address of the primary /30 (or of the /29): S1's addressing rule. */
static uint32_t
msee_addr(const struct mr_ms_peering *ms)
{
	if (ms->has_primary)
		return v4(&ms->primary.p.addr) + 2;
	if (ms->has_subnet)
		return v4(&ms->subnet.p.addr) + 2;
	return 0;
}

/* Whether Microsoft accepts prefix p over Microsoft peering: public space
 * only, and no default route ("ExpressRoute routing requirements"). */
static bool
accepted(const struct mr_prefix *p)
{
	return p->len > 0 && mri_prefix_special(p) == NULL;
}

/* Whether a peering advertises more prefixes of one family than a session
 * accepts: Microsoft then drops the session, whatever --force says. */
static bool
session_down(const struct mr_ms_peering *ms)
{
	size_t k, n4 = 0, n6 = 0;

	for (k = 0; k < ms->advertised.n; k++) {
		if (ms->advertised.v[k].p.addr.family == MR_AF_INET)
			n4++;
		else
			n6++;
	}
	return n4 > MRI_ER_MAX_PREFIXES || n6 > MRI_ER_MAX_PREFIXES;
}

int
mri_net_build_circuits(struct mr_net *n)
{
	const struct mr_design *g = n->dsg;
	size_t i, j, k, na = 0, ni = 0;

	n->er_mask = calloc(g->n_er + 1, sizeof(*n->er_mask));
	n->er_lp = calloc(g->n_er + 1, sizeof(*n->er_lp));
	n->er_rid = calloc(g->n_er + 1, sizeof(*n->er_rid));
	n->er_loc = calloc(g->n_er + 1, sizeof(*n->er_loc));
	n->inet_as = calloc(g->n_inet + 1, sizeof(*n->inet_as));
	n->er_session_down = calloc(g->n_er + 1, sizeof(*n->er_session_down));
	n->site_near = calloc(g->n_sites + 1, sizeof(*n->site_near));
	if (n->er_mask == NULL || n->er_lp == NULL || n->er_rid == NULL ||
	    n->er_loc == NULL || n->inet_as == NULL || n->site_near == NULL ||
	    n->er_session_down == NULL)
		return MR_ENOMEM;
	for (i = 0; i < g->n_er; i++) {
		const struct mr_ms_peering *ms = &g->er[i].ms;
		n->er_loc[i] = mr_peering_find(g->er[i].peering_location);
		if (!ms->present)
			continue;
		if (ms->has_route_filter)
			for (k = 0; k < ms->n_communities; k++)
				n->er_mask[i] |=
				    community_bit(&ms->communities[k]);
		n->er_lp[i] =
		    ms->local_preference ? ms->local_preference : DEFAULT_LP;
		n->er_rid[i] = msee_addr(ms);
		na += ms->advertised.n;
	}
	/* One neighbour AS per distinct ISP name (MED is compared only
	 * between paths from one AS). */
	for (i = 0; i < g->n_inet; i++) {
		n->inet_as[i] = (uint32_t)(i + 1);
		for (j = 0; j < i; j++)
			if (g->inet[i].isp != NULL && g->inet[j].isp != NULL &&
			    strcmp(g->inet[i].isp, g->inet[j].isp) == 0) {
				n->inet_as[i] = n->inet_as[j];
				break;
			}
		ni += g->inet[i].advertised.n;
	}
	n->adv = calloc(na + 1, sizeof(*n->adv));
	n->iadv = calloc(ni + 1, sizeof(*n->iadv));
	if (n->adv == NULL || n->iadv == NULL)
		return MR_ENOMEM;
	for (i = 0; i < g->n_er; i++) {
		const struct mr_ms_peering *ms = &g->er[i].ms;
		uint32_t len = mri_asn_private(ms->peer_asn) ? 0 : 1;
		if (!ms->present)
			continue;
		/*
		 * Microsoft strips private ASNs from the path ("ExpressRoute
		 * routing requirements", "Optimize ExpressRoute Routing").
		 */
		for (k = 0; k < ms->n_prepend; k++)
			if (!mri_asn_private(ms->prepend[k]))
				len++;
		if (session_down(ms)) {
			n->er_session_down[i] = true;
			continue;
		}
		for (k = 0; k < ms->advertised.n; k++) {
			const struct mr_prefix *p = &ms->advertised.v[k].p;
			/* What Microsoft refuses is not advertised. */
			if (!accepted(p)) {
				n->n_refused++;
				continue;
			}
			n->adv[n->n_adv++] =
			    (struct mri_net_adv){*p, (uint32_t)i, len};
		}
	}
	for (i = 0; i < g->n_inet; i++)
		for (k = 0; k < g->inet[i].advertised.n; k++)
			n->iadv[n->n_iadv++] = (struct mri_net_adv){
			    g->inet[i].advertised.v[k].p, (uint32_t)i, 1};
	/* Microsoft's edge nearest each site: where Internet traffic from
	 * it meets Microsoft's network (Microsoft peers in these metros). */
	for (i = 0; i < g->n_sites; i++) {
		const struct mr_site *st = &g->sites[i];
		double best = INF_MS;
		if (!st->has_coords)
			continue;
		for (k = 0; k < mr_peering_count(); k++) {
			const struct mr_peering_location *p = mr_peering_at(k);
			double km = site_km(st, p->lat, p->lon);
			if (km < best) {
				best = km;
				n->site_near[i] = p;
			}
		}
	}
	if (per_site(g->n_sites, g->n_er, er_site, g, &n->site_er_off,
	             &n->site_er) != MR_OK ||
	    per_site(g->n_sites, g->n_inet, inet_site, g, &n->site_inet_off,
	             &n->site_inet) != MR_OK)
		return MR_ENOMEM;
	return MR_OK;
}
