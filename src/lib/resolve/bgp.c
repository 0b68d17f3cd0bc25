/*
 * bgp.c - the BGP decision process (RFC 4271 section 9.1.2.2 "Breaking
 * Ties (Phase 2)", with the local-preference and AS-path steps of 9.1.1
 * and the steps routers add), as a total order on paths that says which
 * step decided.
 *
 * Data layout: none; struct mr_bgp_path is a value type.
 *
 * Invariants: mr_bgp_compare() is a strict weak order that is total once
 * `order` differs: antisymmetric, transitive within one neighbour AS. MED
 * is compared only between paths from the same neighbouring AS (RFC 4271
 * 9.1.2.2 c), which, as on every router without always-compare-med, can
 * make the order intransitive across three paths from two ASes; the
 * simulation's candidates for one prefix all come from AS 12076 (Microsoft)
 * or from the Internet providers, so mr_bgp_best() scans linearly and
 * keeps the first best, as FRR's bgp_best_selection does.
 *
 * Complexity: compare O(1); best O(n).
 *
 * Spec: RFC 4271 9.1.2.2; RFC 5004 is not applied (no "prefer the oldest
 * eBGP path": arrival order is what `order` models). Naming of reasons
 * follows FRR bgpd/bgp_route.h enum bgp_path_selection_reason.
 */
#include "m365route/bgp.h"

static int
cmp_u32(uint32_t a, uint32_t b)
{
	return a < b ? -1 : a > b ? 1 : 0;
}

int
mr_bgp_compare(const struct mr_bgp_path *a, const struct mr_bgp_path *b,
               enum mr_bgp_reason *why)
{
	enum mr_bgp_reason r;
	int c;

	if ((c = -cmp_u32(a->local_pref, b->local_pref)) != 0)
		r = MR_BGP_REASON_LOCAL_PREF;
	else if ((c = cmp_u32(a->as_path_len, b->as_path_len)) != 0)
		r = MR_BGP_REASON_AS_PATH;
	else if ((c = cmp_u32((uint32_t)a->origin, (uint32_t)b->origin)) != 0)
		r = MR_BGP_REASON_ORIGIN;
	else if (a->neighbor_as == b->neighbor_as &&
	         (c = cmp_u32(a->med, b->med)) != 0)
		r = MR_BGP_REASON_MED;
	else if ((c = (int)b->ebgp - (int)a->ebgp) != 0)
		r = MR_BGP_REASON_EBGP;
	else if ((c = cmp_u32(a->igp_cost, b->igp_cost)) != 0)
		r = MR_BGP_REASON_IGP_COST;
	else if ((c = cmp_u32(a->router_id, b->router_id)) != 0)
		r = MR_BGP_REASON_ROUTER_ID;
	else if ((c = cmp_u32(a->neighbor, b->neighbor)) != 0)
		r = MR_BGP_REASON_NEIGHBOR;
	else if ((c = cmp_u32(a->order, b->order)) != 0)
		r = MR_BGP_REASON_ORDER;
	else
		r = MR_BGP_REASON_EQUAL;
	if (why != NULL)
		*why = r;
	return c;
}

size_t
mr_bgp_best(const struct mr_bgp_path *v, size_t n, enum mr_bgp_reason *why,
            size_t *runner_up)
{
	size_t i, best = 0, second = SIZE_MAX;
	enum mr_bgp_reason r = MR_BGP_REASON_NONE;

	if (n == 0) {
		if (why != NULL)
			*why = MR_BGP_REASON_NONE;
		if (runner_up != NULL)
			*runner_up = SIZE_MAX;
		return SIZE_MAX;
	}
	for (i = 1; i < n; i++) {
		if (mr_bgp_compare(&v[i], &v[best], NULL) < 0) {
			second = best;
			best = i;
		} else if (second == SIZE_MAX ||
		           mr_bgp_compare(&v[i], &v[second], NULL) < 0) {
			second = i;
		}
	}
	if (second != SIZE_MAX)
		(void)mr_bgp_compare(&v[best], &v[second], &r);
	if (why != NULL)
		*why = r;
	if (runner_up != NULL)
		*runner_up = second;
	return best;
}

const char *
mr_bgp_reason_name(enum mr_bgp_reason r)
{
	switch (r) {
	case MR_BGP_REASON_NONE:
		return "only-path";
	case MR_BGP_REASON_LOCAL_PREF:
		return "local-pref";
	case MR_BGP_REASON_AS_PATH:
		return "as-path";
	case MR_BGP_REASON_ORIGIN:
		return "origin";
	case MR_BGP_REASON_MED:
		return "med";
	case MR_BGP_REASON_EBGP:
		return "ebgp-over-ibgp";
	case MR_BGP_REASON_IGP_COST:
		return "igp-cost";
	case MR_BGP_REASON_ROUTER_ID:
		return "router-id";
	case MR_BGP_REASON_NEIGHBOR:
		return "neighbor-address";
	case MR_BGP_REASON_ORDER:
		return "design-order";
	case MR_BGP_REASON_EQUAL:
		return "equal";
	}
	return "?";
}
