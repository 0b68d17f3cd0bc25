/*
 * lint_net.c - the circuit and topology rules of `check`: circuits (CKT),
 * availability (HA), capacity (CAP) and multiple locations (GEO).
 *
 * Microsoft docs followed: "Routing with ExpressRoute for Office 365"
 * (introduction: Microsoft peering, 1:1 circuit/s-key; Example 1, Trey
 * Research: no failover with one circuit; "Routing ExpressRoute for Office
 * 365 with multiple locations" and Example 2, Humongous Insurance: two
 * active/active circuits per region with real-time media, no
 * cross-continent backhaul for Skype/Teams, DNS forwarding to the egress
 * site, local Internet egress); "Configure route filters for Microsoft
 * peering"; "ExpressRoute FAQ" (bandwidths, Premium for Microsoft 365);
 * "About ExpressRoute Direct"; "ExpressRoute routing requirements" (both
 * BGP sessions); "Configure BFD over ExpressRoute"; "Network planning with
 * ExpressRoute for Office 365" (20-50% headroom).
 *
 * Peering locations (CKT-10, HA-5): Microsoft's list
 * (data/peering-locations.csv, m365route/peering.h); a name is a location,
 * so Chicago and Chicago2 are two ("Locations and connectivity providers
 * for Azure ExpressRoute", ms.date 04/28/2026).
 *
 * Data layout: reads the topology lint.c derived (struct lint_ctx: which
 * circuits carry each site's traffic, each site's egress site). Capacity
 * keeps one double per circuit. GEO-4 reads the resolved network's round
 * trip and real-time targets (mr_net_rtt(), the simulation's estimate).
 *
 * Capacity model (CAP-*): a site's demand for a service area (exchange,
 * sharepoint, skype, common) is carried by the circuits the resolved
 * network routes that traffic over (the attribution simulate and usage
 * read: the PAC decision, the proxy's egress or the BGP decision and its
 * multipath set, split evenly over that set). Demand of an area no circuit
 * carries goes to the Internet and is not counted. N-1 fails one circuit
 * at a time and reads the model's attribution for that failure.
 *
 * Complexity: O(E * (D * A + E)) for the N-1 check (E circuits, D demand
 * entries, A = 4 areas) over the attribution lint.c read; everything else
 * O(S * E) or O(E^2).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "communities.h"
#include "lint_int.h"
#include "m365route/peering.h"
#include "text.h"

/* ---- CKT ------------------------------------------------------------------- */

static bool
community_is_m365(const struct mr_community *cm)
{
	return cm->asn == MR_MICROSOFT_ASN && mri_community_is_m365(cm->value);
}

static bool
proxy_egresses_via(const struct mr_design *g, size_t e)
{
	size_t i;

	for (i = 0; i < g->n_proxies; i++)
		if (g->proxies[i].egress_is_er && g->proxies[i].egress.idx == e)
			return true;
	return false;
}

/* The listed peering location nearest to name (edit distance below 4,
 * ignoring ASCII case), or NULL. */
static const char *
peering_suggest(const char *name)
{
	const char *best = NULL;
	size_t i, bd = 4;

	for (i = 0; i < mr_peering_count(); i++) {
		const char *pn = mr_peering_at(i)->name;
		size_t d =
		    mri_edit_distance(name, strlen(name), pn, strlen(pn), bd);
		if (d < bd) {
			bd = d;
			best = pn;
		}
	}
	return best;
}

/*
 * CKT-11: a site's PAC file sends a service area's ExpressRoute names
 * DIRECT, the site receives the ExpressRoute routes, yet no circuit it
 * reaches admits that service area's community while others' are: the
 * routing (the resolved network's, as simulate shows) takes the default
 * route for it. One finding per site, naming the service areas.
 */
static void
pac_direct_unfiltered(struct lint_ctx *c)
{
	static const char *const comm[MR_SA__COUNT] = {"exchange", "sharepoint",
	                                               "skype", "other"};
	const struct mr_design *g = c->dsg;
	size_t s, a, e;
	bool any = false;

	for (e = 0; e < g->n_er; e++)
		any |= g->er[e].ms.present;
	if (!any || g->n_sites == 0)
		return;
	for (s = 0; s < g->n_sites; s++) {
		const struct mr_net_site *ns = mr_net_site(c->net, (uint32_t)s);
		char areas[96], names[96];
		size_t n = 0, ua = 0, un = 0;
		if (ns->proxy == MR_NONE || !ns->er_direct ||
		    !g->sites[s].receives_er_routes)
			continue;
		areas[0] = names[0] = '\0';
		for (a = 0; a < MR_SA__COUNT; a++) {
			struct mr_net_carry cy;
			mr_net_carriers_get(c->car, (uint32_t)s,
			                    (enum mr_service_area)a, &cy);
			if (cy.n > 0)
				continue;
			ua += (size_t)snprintf(
			    areas + ua, sizeof(areas) - ua, "%s%s",
			    n ? ", " : "",
			    mr_service_area_name((enum mr_service_area)a));
			un += (size_t)snprintf(names + un, sizeof(names) - un,
			                       "%s%s", n ? ", " : "", comm[a]);
			n++;
		}
		/* None at all: the site reaches no circuit, or no filter holds
		 * an Office 365 community (CKT-6 and the GEO rules say so). */
		if (n == 0 || n == MR_SA__COUNT)
			continue;
		if (ns->group != MR_NONE)
			lint_add(c, MR_R_CKT_PAC_DIRECT_UNFILTERED,
			         g->pac_groups[ns->group].at,
			         "PAC group '%s' sends %s names DIRECT from "
			         "site '%s', but no ExpressRoute circuit the "
			         "site reaches admits %s",
			         g->pac_groups[ns->group].name, areas,
			         g->sites[s].name,
			         n > 1 ? "their communities" : "its community");
		else
			lint_add(
			    c, MR_R_CKT_PAC_DIRECT_UNFILTERED, g->sites[s].at,
			    "site '%s' sends %s names DIRECT (its own PAC "
			    "file), but no ExpressRoute circuit it reaches "
			    "admits %s",
			    g->sites[s].name, areas,
			    n > 1 ? "their communities" : "its community");
		lint_note(
		    c, "that traffic leaves by the default route, through "
		       "the Internet edge, not over ExpressRoute ('m365route "
		       "simulate' shows where)");
		lint_hint(c,
		          "add %s to the route filter of a circuit the site "
		          "uses, or send these names to the proxy",
		          names);
	}
}

void
mri_lint_ckt(struct lint_ctx *c)
{
	const struct mr_design *g = c->dsg;
	size_t e, f, i;

	for (e = 0; e < g->n_er; e++) {
		const struct mr_er_circuit *ec = &g->er[e];
		const struct mr_ms_peering *ms = &ec->ms;
		const struct mr_community *m365 = NULL;

		/* CKT-1. */
		if (ec->service_key != NULL)
			for (f = 0; f < e; f++) {
				if (g->er[f].service_key == NULL ||
				    strcasecmp(g->er[f].service_key,
				               ec->service_key) != 0)
					continue;
				lint_add(c, MR_R_CKT_SERVICE_KEY_DUPLICATE,
				         lint_span(ec->service_key_at, ec->at),
				         "circuit '%s' has the service key of "
				         "circuit '%s'",
				         ec->name, g->er[f].name);
				lint_note(c, "a service key identifies exactly "
				             "one circuit");
				break;
			}

		/* CKT-10. */
		if (ec->peering_location != NULL &&
		    mr_peering_find(ec->peering_location) == NULL) {
			const char *sug = peering_suggest(ec->peering_location);
			lint_add(c, MR_R_CKT_PEERING_LOCATION_UNKNOWN,
			         lint_span(ec->peering_location_at, ec->at),
			         "peering location '%s' of circuit '%s' is not "
			         "one Microsoft lists",
			         ec->peering_location, ec->name);
			lint_note(c, "without it the latency and real-time "
			             "media checks cannot place the circuit");
			if (sug != NULL)
				lint_hint(c, "did you mean '%s'?", sug);
			else
				lint_hint(c,
				          "use a name from Microsoft's list "
				          "of ExpressRoute peering locations");
		}

		/* CKT-8. */
		if (ec->bandwidth_mbps != 0 &&
		    !mri_er_tier_offered(ec->bandwidth_mbps, ec->direct)) {
			lint_add(c, MR_R_CKT_BANDWIDTH_NOT_OFFERED,
			         lint_span(ec->bandwidth_at, ec->at),
			         "%s circuit '%s' has a bandwidth of %u Mbps, "
			         "which Microsoft does not offer",
			         ec->direct ? "ExpressRoute Direct"
			                    : "provider",
			         ec->name, (unsigned)ec->bandwidth_mbps);
			lint_note(c, "%s",
			          ec->direct
			              ? "Direct circuits: 1, 2, 5, 10 Gbps "
			                "(10G ports) or 5, 10, 40, 100 Gbps "
			                "(100G ports)"
			              : "provider circuits: 50, 100, 200, 500 "
			                "Mbps, 1, 2, 5, 10 Gbps");
		}

		/* CKT-2, CKT-3. */
		if (!ms->present) {
			bool used = proxy_egresses_via(g, e);
			if (used || g->n_er == 1) {
				lint_add(c, MR_R_CKT_NO_MS_PEERING, ec->at,
				         "circuit '%s' has no Microsoft "
				         "peering",
				         ec->name);
				lint_note(c, "%s",
				          used
				              ? "a proxy egresses through it, "
				                "but Microsoft 365 is reached "
				                "only over Microsoft peering"
				              : "it is the design's only "
				                "circuit, and Microsoft 365 is "
				                "reached only over Microsoft "
				                "peering");
			} else {
				lint_add(c, MR_R_CKT_NO_MS_PEERING_SPARE,
				         ec->at,
				         "circuit '%s' has no Microsoft "
				         "peering",
				         ec->name);
				lint_note(c, "private peering alone carries "
				             "no Microsoft 365 traffic");
			}
			lint_hint(c, "add a microsoft_peering section");
			continue;
		}

		/* CKT-4. */
		if (!ms->has_route_filter || ms->n_communities == 0) {
			lint_add(c, MR_R_CKT_NO_ROUTE_FILTER,
			         ms->has_route_filter
			             ? lint_span(ms->route_filter_at, ms->at)
			             : ms->at,
			         "Microsoft peering of circuit '%s' has %s, so "
			         "Microsoft advertises no prefix",
			         ec->name,
			         ms->has_route_filter ? "an empty route filter"
			                              : "no route filter");
			lint_hint(c, "attach a route filter with the "
			             "communities to receive, e.g. "
			             "route_filter: [exchange, sharepoint, "
			             "skype, other, entra-id]");
		}

		/* CKT-5. */
		for (i = 0; i < ms->n_communities; i++) {
			const struct mr_community *cm = &ms->communities[i];
			if (community_is_m365(cm) && m365 == NULL)
				m365 = cm;
			if (mri_community_name(cm->asn, cm->value) != NULL)
				continue;
			lint_add(
			    c, MR_R_CKT_COMMUNITY_UNKNOWN,
			    lint_span(cm->at, ms->route_filter_at),
			    "route filter of circuit '%s' lists %u:%u, "
			    "which is not a documented Microsoft community",
			    ec->name, (unsigned)cm->asn, (unsigned)cm->value);
			lint_note(c, "it selects no prefix");
		}

		/* CKT-6. */
		if (ms->n_communities > 0 && m365 == NULL) {
			lint_add(c, MR_R_CKT_NO_M365_COMMUNITY,
			         lint_span(ms->route_filter_at, ms->at),
			         "route filter of circuit '%s' holds no "
			         "Microsoft 365 community",
			         ec->name);
			lint_note(c, "Microsoft 365 prefixes carry only the "
			             "service communities 12076:5010, 5020, "
			             "5030 and 5100 (or the US Government "
			             "ones), not regional ones; sign-in "
			             "carries Entra ID's, 5060");
			lint_hint(c, "add exchange, sharepoint, skype, other "
			             "and entra-id as needed");
		}

		/* CKT-7. */
		if (m365 != NULL && !ec->m365_authorized) {
			lint_add(
			    c, MR_R_CKT_M365_NOT_AUTHORIZED,
			    lint_span(m365->at, ms->route_filter_at),
			    "route filter of circuit '%s' holds Microsoft "
			    "365 community %s, but the subscription is not "
			    "authorised for Microsoft 365",
			    ec->name, m365->written ? m365->written : "?");
			lint_note(c, "attaching the filter fails until "
			             "Microsoft authorises the subscription");
			lint_hint(c, "obtain the authorisation and set "
			             "m365_authorized: true");
		}

		/* CKT-9. */
		if (m365 != NULL &&
		    (ec->sku == MR_SKU_LOCAL || ec->sku == MR_SKU_STANDARD)) {
			lint_add(c, MR_R_CKT_SKU_NOT_PREMIUM,
			         lint_span(ec->sku_at, ec->at),
			         "circuit '%s' carries Microsoft 365 on the %s "
			         "SKU",
			         ec->name, mr_sku_name(ec->sku));
			lint_note(c, "Microsoft: \"Microsoft 365 services "
			             "require premium add-on to be enabled\"");
			lint_hint(c, "set sku: premium");
		}
	}
	pac_direct_unfiltered(c);
}

/* ---- HA -------------------------------------------------------------------- */

static const char *
site_name(const struct mr_design *g, size_t s)
{
	return s < g->n_sites && g->sites[s].name ? g->sites[s].name : "?";
}

static const char *
circuit_continent(const struct mr_design *g, size_t e)
{
	uint32_t s = g->er[e].site.idx;

	return s < g->n_sites ? g->sites[s].continent : NULL;
}

/* Whether two circuits land at one peering location (names compared
 * ignoring case; a circuit without a location matches none). */
static bool
same_location(const struct mr_design *g, size_t e, size_t f)
{
	const char *a = g->er[e].peering_location;
	const char *b = g->er[f].peering_location;

	return a != NULL && b != NULL && strcasecmp(a, b) == 0;
}

/* Whether HA-2 covers site s whose circuits all land where circuit e does:
 * s has real-time media and every circuit with Microsoft peering on its
 * continent lands there too. */
static bool
media_rule_covers(const struct mr_design *g, size_t s, size_t e)
{
	const char *cont = g->sites[s].continent;
	size_t f;

	if (!g->sites[s].realtime_media || cont == NULL)
		return false;
	for (f = 0; f < g->n_er; f++) {
		const char *fc = circuit_continent(g, f);
		if (!g->er[f].ms.present || fc == NULL || strcmp(fc, cont) != 0)
			continue;
		if (!same_location(g, e, f))
			return false;
	}
	return true;
}

/* HA-5: a site with two or more circuits, all at one peering location. */
static void
ha_single_location(struct lint_ctx *c)
{
	const struct mr_design *g = c->dsg;
	size_t s, e, first;

	for (s = 0; s < g->n_sites; s++) {
		bool one = true;
		if (c->n_uses[s] < 2)
			continue; /* none, or single-circuit */
		first = g->n_er;
		for (e = 0; e < g->n_er && one; e++) {
			if (!lint_uses(c, s, e))
				continue;
			if (first == g->n_er)
				first = e;
			else if (!same_location(g, first, e))
				one = false;
		}
		if (!one || first == g->n_er || media_rule_covers(g, s, first))
			continue;
		lint_add(c, MR_R_HA_SINGLE_LOCATION, g->sites[s].at,
		         "the %zu circuits that carry the Microsoft 365 "
		         "traffic of site '%s' all land at peering location "
		         "'%s'",
		         c->n_uses[s], site_name(g, s),
		         g->er[first].peering_location);
		lint_note(c, "a failure of that location takes all of them "
		             "down at once");
		lint_hint(c, "move one circuit to another peering location");
	}
}

void
mri_lint_ha(struct lint_ctx *c)
{
	const struct mr_design *g = c->dsg;
	size_t e, f, s, k;

	/* HA-1: one finding per circuit that is some site's only one. */
	for (e = 0; e < g->n_er; e++) {
		char list[256];
		size_t n = 0, used = 0;
		list[0] = '\0';
		for (s = 0; s < g->n_sites; s++) {
			if (c->n_uses[s] != 1 || !lint_uses(c, s, e))
				continue;
			if (n++ < 8)
				used += (size_t)snprintf(
				    list + used,
				    used < sizeof(list) ? sizeof(list) - used
				                        : 0,
				    "%s'%s'", n > 1 ? ", " : "",
				    site_name(g, s));
			if (used >= sizeof(list))
				used = sizeof(list) - 1;
		}
		if (n == 0)
			continue;
		lint_add(c, MR_R_HA_SINGLE_CIRCUIT, g->er[e].at,
		         "the Microsoft 365 traffic of %s %s%s depends on the "
		         "single circuit '%s'",
		         n == 1 ? "site" : "sites", list, n > 8 ? ", ..." : "",
		         g->er[e].name);
		lint_note(c, "if it fails there is no circuit to fail over to; "
		             "falling back to the Internet needs manual "
		             "reconfiguration and possibly new addresses");
		lint_hint(c, "add a second circuit at another peering location "
		             "and run both active/active");
	}

	/* HA-2: per continent with real-time media over ExpressRoute. */
	for (e = 0; e < g->n_er; e++) {
		const char *cont = circuit_continent(g, e);
		size_t n_circ = 0, n_loc = 0;
		bool media = false, first = true;
		if (!g->er[e].ms.present || cont == NULL)
			continue;
		for (f = 0; f < e; f++)
			if (g->er[f].ms.present && circuit_continent(g, f) &&
			    strcmp(circuit_continent(g, f), cont) == 0)
				first = false;
		if (!first)
			continue; /* the continent was handled */
		for (s = 0; s < g->n_sites; s++)
			if (g->sites[s].realtime_media && c->n_uses[s] > 0 &&
			    g->sites[s].continent &&
			    strcmp(g->sites[s].continent, cont) == 0)
				media = true;
		if (!media)
			continue;
		for (f = e; f < g->n_er; f++) {
			const char *loc = g->er[f].peering_location;
			bool seen = false;
			if (!g->er[f].ms.present || !circuit_continent(g, f) ||
			    strcmp(circuit_continent(g, f), cont) != 0)
				continue;
			n_circ++;
			for (k = e; k < f && loc != NULL; k++) {
				const char *o = g->er[k].peering_location;
				if (g->er[k].ms.present &&
				    circuit_continent(g, k) &&
				    strcmp(circuit_continent(g, k), cont) ==
				        0 &&
				    o != NULL && strcasecmp(o, loc) == 0)
					seen = true;
			}
			if (!seen)
				n_loc++;
		}
		if (n_loc >= 2 || n_circ < 2)
			continue; /* a single circuit: single-circuit */
		lint_add(c, MR_R_HA_MEDIA_SINGLE_LOCATION,
		         lint_span(g->er[e].peering_location_at, g->er[e].at),
		         "the %zu circuits in %s, where sites have real-time "
		         "media, are all at one peering location (%s)",
		         n_circ, cont,
		         g->er[e].peering_location ? g->er[e].peering_location
		                                   : "?");
		lint_note(c, "if that location fails, calls leave the "
		             "continent or fall back to the Internet");
		lint_hint(c,
		          "place a circuit at a second peering location in "
		          "%s",
		          cont);
	}

	ha_single_location(c);

	for (e = 0; e < g->n_er; e++) {
		const struct mr_ms_peering *ms = &g->er[e].ms;
		if (!ms->present)
			continue;
		/* HA-3. */
		if (ms->sessions < 2) {
			lint_add(c, MR_R_HA_SINGLE_SESSION,
			         lint_span(ms->sessions_at, ms->at),
			         "Microsoft peering of circuit '%s' has %u BGP "
			         "session%s configured",
			         g->er[e].name, (unsigned)ms->sessions,
			         ms->sessions == 1 ? "" : "s");
			lint_note(c,
			          "the availability SLA needs both sessions, "
			          "one per link");
			lint_hint(c, "configure the primary and the secondary "
			             "session");
		}
		/* HA-4. */
		if (!ms->bfd) {
			lint_add(c, MR_R_HA_NO_BFD, ms->at,
			         "Microsoft peering of circuit '%s' does not "
			         "enable BFD",
			         g->er[e].name);
			lint_note(c,
			          "failure detection then takes the BGP hold "
			          "time (180 s) instead of under a second");
			lint_hint(
			    c, "set bfd: true (300 ms x 3, as in Microsoft's "
			       "samples)");
		}
	}
}

/* ---- CAP ------------------------------------------------------------------- */

/* Load per circuit with ExpressRoute circuit `failed` (or MR_NONE) out of
 * service: each site's demand for a service area split evenly over the
 * circuits the model routes it over (the multipath set). */
static void
loads(const struct lint_ctx *c, size_t failed, double *load)
{
	const struct mr_design *g = c->dsg;
	const struct mr_net_carriers *car = c->car;
	size_t i, e, k;
	int a;

	if (failed < g->n_er && c->car_down[failed] != NULL)
		car = c->car_down[failed];
	for (e = 0; e < g->n_er; e++)
		load[e] = 0;
	for (i = 0; i < g->n_demand; i++) {
		const struct mr_demand *dm = &g->demand[i];
		size_t s = dm->site.idx;
		if (s >= g->n_sites)
			continue;
		for (a = 0; a < MR_SA__COUNT; a++) {
			struct mr_net_carry cy;
			if (!(dm->mbps[a] > 0))
				continue;
			mr_net_carriers_get(car, (uint32_t)s,
			                    (enum mr_service_area)a, &cy);
			for (k = 0; k < cy.n; k++)
				load[cy.circuit[k]] +=
				    dm->mbps[a] / (double)cy.n;
		}
	}
}

void
mri_lint_cap(struct lint_ctx *c)
{
	const struct mr_design *g = c->dsg;
	double *base, *alt;
	size_t e, f;

	if (g->n_er == 0 || g->n_demand == 0)
		return;
	base = calloc(g->n_er, sizeof(*base));
	alt = calloc(g->n_er, sizeof(*alt));
	if (base == NULL || alt == NULL) {
		free(base);
		free(alt);
		c->oom = true;
		return;
	}
	loads(c, (size_t)-1, base);
	for (e = 0; e < g->n_er; e++) {
		const struct mr_er_circuit *ec = &g->er[e];
		double bw = ec->bandwidth_mbps;
		if (bw <= 0 || base[e] <= 0)
			continue;
		if (base[e] > bw) {
			lint_add(c, MR_R_CAP_DEMAND_EXCEEDS,
			         lint_span(ec->bandwidth_at, ec->at),
			         "circuit '%s' carries %.0f Mbps of Microsoft "
			         "365 demand over %u Mbps of bandwidth",
			         ec->name, base[e],
			         (unsigned)ec->bandwidth_mbps);
			lint_note(c, "the demand of the sites that egress "
			             "through it, for the service areas its "
			             "route filter carries");
			lint_hint(c, "raise the bandwidth or add a circuit");
			continue;
		}
		if (base[e] > MRI_ER_MAX_USE * bw) {
			lint_add(c, MR_R_CAP_LOW_HEADROOM,
			         lint_span(ec->bandwidth_at, ec->at),
			         "circuit '%s' is %.0f%% used by Microsoft 365 "
			         "demand (%.0f of %u Mbps)",
			         ec->name, 100.0 * base[e] / bw, base[e],
			         (unsigned)ec->bandwidth_mbps);
			lint_note(c, "Microsoft's planning guide targets "
			             "20-50%% headroom");
		}
		/* CAP-2: the worst single failure of another circuit. */
		{
			size_t worst = (size_t)-1;
			double wl = 0;
			for (f = 0; f < g->n_er; f++) {
				if (f == e)
					continue;
				loads(c, f, alt);
				if (alt[e] > bw && alt[e] > wl) {
					wl = alt[e];
					worst = f;
				}
			}
			if (worst == (size_t)-1)
				continue;
			lint_add(c, MR_R_CAP_NO_N_MINUS_1,
			         lint_span(ec->bandwidth_at, ec->at),
			         "if circuit '%s' fails, circuit '%s' must "
			         "carry %.0f Mbps over %u Mbps of bandwidth",
			         g->er[worst].name, ec->name, wl,
			         (unsigned)ec->bandwidth_mbps);
			lint_hint(c, "size each circuit for the load of a "
			             "failed partner");
		}
	}
	free(base);
	free(alt);
}

/* ---- GEO ------------------------------------------------------------------- */

/* The extra round trip from site a to site b in ms, or < 0 if unknown. */
static double
extra_rtt(const struct mr_design *g, size_t a, size_t b, bool *declared)
{
	const struct mr_site *sa = &g->sites[a], *sb = &g->sites[b];
	size_t i;

	*declared = false;
	for (i = 0; i < g->n_wan; i++) {
		const struct mr_wan_link *w = &g->wan[i];
		if (w->latency_ms >= 0 && ((w->a.idx == a && w->b.idx == b) ||
		                           (w->a.idx == b && w->b.idx == a))) {
			*declared = true;
			return 2 * w->latency_ms;
		}
	}
	if (sa->has_coords && sb->has_coords)
		return mr_geo_rtt_ms(
		    mr_geo_km(sa->lat, sa->lon, sb->lat, sb->lon));
	return -1;
}

static bool
hosts_any(const struct mr_design *g, size_t s)
{
	size_t e;

	for (e = 0; e < g->n_er; e++)
		if (g->er[e].ms.present && g->er[e].site.idx == s)
			return true;
	return false;
}

/*
 * GEO-4: a site with real-time media, one of whose own circuits meets
 * Microsoft so far away that a call over it breaks a real-time target.
 * The round trip and the judgement are the resolved network's (the ones
 * simulate puts on a Teams flow over that circuit): the site's access
 * floor plus the fibre round trip from the site to the circuit's peering
 * location, no WAN (the circuit lands at the site). One finding per
 * circuit, at its peering location. A site without circuits of its own
 * is cross-continent-backhaul's case.
 */
static void
geo_circuit_far(struct lint_ctx *c)
{
	const struct mr_design *g = c->dsg;
	size_t e;

	for (e = 0; e < g->n_er; e++) {
		const struct mr_er_circuit *ec = &g->er[e];
		const struct mr_peering_location *loc, *near;
		uint32_t s = ec->site.idx;
		struct mr_net_rtt rt;
		enum mr_net_rtt_over over;
		if (!ec->ms.present || s >= g->n_sites ||
		    !g->sites[s].realtime_media ||
		    ec->peering_location == NULL ||
		    (loc = mr_peering_find(ec->peering_location)) == NULL ||
		    !mr_net_rtt(c->net, s, s, 0, loc, &rt))
			continue;
		over = mr_net_rtt_judge(&rt);
		if (over == MR_NET_RTT_OK)
			continue;
		lint_add(c, MR_R_GEO_CIRCUIT_FAR,
		         lint_span(ec->peering_location_at, ec->at),
		         "site '%s' has real-time media, but its circuit '%s' "
		         "meets Microsoft at '%s', a %.0f ms round trip away",
		         g->sites[s].name, ec->name, loc->name, rt.edge);
		if (over == MR_NET_RTT_EDGE)
			lint_note(c,
			          "edge -> Microsoft edge %.0f ms against "
			          "Microsoft's real-time target of < %.0f ms; "
			          "calls over it are degraded",
			          rt.edge, MR_NET_EDGE_RTT_MS);
		else
			lint_note(c,
			          "client -> Microsoft edge %.0f ms (%.0f ms "
			          "access network + %.0f ms to the peering "
			          "location) against Microsoft's real-time "
			          "target of < %.0f ms; calls over it are "
			          "degraded",
			          rt.client, rt.access, rt.edge,
			          MR_NET_CLIENT_RTT_MS);
		near = mr_net_nearest_edge(c->net, s);
		if (near != NULL && near != loc)
			lint_hint(
			    c,
			    "land the circuit at a peering location near "
			    "the site (the nearest is '%s'), or send this "
			    "site's media to the Internet locally",
			    near->name);
		else
			lint_hint(c, "send this site's media to the Internet "
			             "locally, or lower its access network's "
			             "round trip");
	}
}

void
mri_lint_geo(struct lint_ctx *c)
{
	const struct mr_design *g = c->dsg;
	size_t s, e, i;

	for (s = 0; s < g->n_sites; s++) {
		const struct mr_site *st = &g->sites[s];
		uint32_t eg = c->egress_site[s];
		bool own = hosts_any(g, s);

		/* GEO-1: real-time media over another continent's circuit. */
		if (st->realtime_media && !own && c->n_uses[s] > 0 &&
		    st->continent != NULL) {
			size_t far = (size_t)-1;
			bool near = false;
			for (e = 0; e < g->n_er; e++) {
				const char *ct;
				if (!lint_uses(c, s, e))
					continue;
				ct = circuit_continent(g, e);
				if (ct == NULL ||
				    strcmp(ct, st->continent) == 0)
					near = true;
				else if (far == (size_t)-1)
					far = e;
			}
			if (!near && far != (size_t)-1) {
				size_t at = g->er[far].site.idx;
				bool decl;
				double rtt = extra_rtt(g, s, at, &decl);
				lint_add(
				    c, MR_R_GEO_CROSS_CONTINENT, st->at,
				    "site '%s' (%s) has real-time media but "
				    "reaches Microsoft 365 over circuit '%s' "
				    "at '%s' (%s)",
				    st->name, st->continent, g->er[far].name,
				    site_name(g, at),
				    circuit_continent(g, far));
				if (rtt >= 0)
					lint_note(c,
					          "about %.0f ms more per "
					          "round trip (%s)",
					          rtt,
					          decl ? "twice the declared "
					                 "WAN latency"
					               : "estimated from the "
					                 "sites' coordinates");
				lint_note(c,
				          "routing calls to another continent "
				          "before Microsoft's network may "
				          "make meetings poor or unusable");
				lint_hint(c,
				          "provision a circuit (pair) in %s, "
				          "or send this site's media to the "
				          "Internet locally",
				          st->continent);
			}
		}

		/* GEO-2: backhauls over the routes, resolves elsewhere. */
		if (!own && eg != MR_NONE && eg != s &&
		    st->receives_er_routes) {
			bool uses_routes = false;
			for (e = 0; e < g->n_er; e++)
				if (lint_uses(c, s, e) & USE_ROUTES)
					uses_routes = true;
			if (uses_routes && st->dns_mode == MR_DNS_LOCAL) {
				lint_add(c, MR_R_GEO_REMOTE_DNS_LOCAL, st->at,
				         "site '%s' egresses at '%s' but "
				         "resolves Microsoft 365 names locally",
				         st->name, site_name(g, eg));
				lint_note(c,
				          "Microsoft's DNS answers with "
				          "front ends near '%s', far from "
				          "the circuit",
				          st->name);
				lint_hint(c,
				          "forward Microsoft 365 names to "
				          "the resolvers of '%s' (dns: "
				          "{microsoft365: forward, "
				          "forward_to: %s})",
				          site_name(g, eg), site_name(g, eg));
			} else if (uses_routes &&
			           st->dns_mode == MR_DNS_FORWARD &&
			           st->dns_forward_to.idx < g->n_sites) {
				/* Where the names are really resolved: the
				 * end of the forwarding chain (the model's). */
				uint32_t t =
				    mr_net_site(c->net, (uint32_t)s)->dns_site;
				if (t != eg) {
					lint_add(
					    c, MR_R_GEO_REMOTE_DNS_LOCAL,
					    lint_span(st->dns_forward_to.at,
					              st->at),
					    "site '%s' egresses at '%s' "
					    "but forwards Microsoft 365 "
					    "names to '%s'",
					    st->name, site_name(g, eg),
					    site_name(g, t));
					lint_note(c,
					          "Microsoft's DNS answers "
					          "with front ends near "
					          "'%s', not near the "
					          "circuit",
					          site_name(g, t));
					lint_hint(c,
					          "forward to the "
					          "resolvers of '%s'",
					          site_name(g, eg));
				}
			}
		}

		/* GEO-3: local breakout, but a remote proxy. */
		if (st->local_internet) {
			bool done = false;
			for (i = 0; i < st->n_proxies && !done; i++) {
				uint32_t p = st->proxies[i].idx;
				const struct mr_proxy *px;
				if (p >= g->n_proxies)
					continue;
				px = &g->proxies[p];
				if (px->egress_is_er || px->site.idx == s ||
				    px->site.idx >= g->n_sites)
					continue;
				lint_add(c, MR_R_GEO_INTERNET_HAIRPIN,
				         lint_span(st->proxies[i].at, st->at),
				         "site '%s' has its own Internet "
				         "breakout but uses proxy '%s' at '%s'",
				         st->name, px->name,
				         site_name(g, px->site.idx));
				done = true;
			}
			for (i = 0; i < g->n_pac_groups && !done; i++) {
				const struct mr_pac_group *pg =
				    &g->pac_groups[i];
				const struct mr_proxy *px;
				/* the group that serves the site (the model's
				 * rule), and the proxy it uses first */
				if (mr_net_site(c->net, (uint32_t)s)->group !=
				        i ||
				    pg->proxy.idx >= g->n_proxies)
					continue;
				px = &g->proxies[pg->proxy.idx];
				if (px->egress_is_er || px->site.idx == s ||
				    px->site.idx >= g->n_sites)
					continue;
				lint_add(c, MR_R_GEO_INTERNET_HAIRPIN,
				         lint_span(pg->proxy.at, pg->at),
				         "PAC group '%s' sends the Internet "
				         "traffic of site '%s', which has its "
				         "own breakout, to proxy '%s' at '%s'",
				         pg->name, st->name, px->name,
				         site_name(g, px->site.idx));
				done = true;
			}
			if (done) {
				lint_note(c,
				          "its Internet requests cross the "
				          "WAN and back, and content delivery "
				          "networks serve it from far away");
				lint_hint(c, "send Internet traffic to the "
				             "Internet at the local site");
			}
		}
	}
	geo_circuit_far(c);
}
