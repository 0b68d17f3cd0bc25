/*
 * m365route/bgp.h - the BGP best-path comparison the simulation runs on
 * every customer edge and site (RFC 4271 section 9.1.2.2, as routers
 * implement it), returning the step that decided, as FRR's
 * bgp_path_selection_reason does, so output can explain itself.
 *
 * Steps, in order: highest LOCAL_PREF; shortest AS_PATH; lowest ORIGIN
 * (IGP < EGP < INCOMPLETE); lowest MED, compared only between paths from
 * the same neighbouring AS (RFC 4271 9.1.2.2 c; no always-compare-med);
 * eBGP over iBGP; lowest IGP cost to the NEXT_HOP; lowest BGP identifier
 * (router id); lowest neighbour address. Paths equal in all of these are
 * ordered by `order` (the simulation's stand-in for arrival order, so
 * results never depend on memory layout). Weight and other vendor steps
 * are not modelled.
 */
#ifndef M365ROUTE_BGP_H
#define M365ROUTE_BGP_H

#include "common.h"

enum mr_bgp_origin {
	MR_BGP_ORIGIN_IGP = 0,
	MR_BGP_ORIGIN_EGP = 1,
	MR_BGP_ORIGIN_INCOMPLETE = 2
};

/** The attributes of one path that the decision process looks at. */
struct mr_bgp_path {
	uint32_t local_pref;  /* LOCAL_PREF (100 when not set) */
	uint32_t as_path_len; /* AS_PATH length, prepends included */
	uint32_t neighbor_as; /* first AS of the path, for MED */
	enum mr_bgp_origin origin;
	uint32_t med;       /* MULTI_EXIT_DISC, 0 when absent */
	bool ebgp;          /* learnt over eBGP at this router */
	uint32_t igp_cost;  /* to the NEXT_HOP; 0 for eBGP */
	uint32_t router_id; /* BGP identifier of the advertising router */
	uint32_t neighbor;  /* peer address (IPv4 as an integer) */
	uint32_t order;     /* final tie-break: lower first */
};

/** Which step decided between two paths (FRR's bgp_path_selection_reason). */
enum mr_bgp_reason {
	MR_BGP_REASON_NONE = 0, /* a single candidate: nothing to compare */
	MR_BGP_REASON_LOCAL_PREF,
	MR_BGP_REASON_AS_PATH,
	MR_BGP_REASON_ORIGIN,
	MR_BGP_REASON_MED,
	MR_BGP_REASON_EBGP,
	MR_BGP_REASON_IGP_COST,
	MR_BGP_REASON_ROUTER_ID,
	MR_BGP_REASON_NEIGHBOR,
	MR_BGP_REASON_ORDER, /* equal in every step; first in order wins */
	MR_BGP_REASON_EQUAL  /* identical, order included */
};

/**
 * Compare two paths. Returns < 0 when a is preferred, > 0 when b is, 0 when
 * they are identical (order included). *why (may be NULL) gets the step
 * that decided. Never fails; antisymmetric: compare(a, b) == -compare(b,
 * a) with the same reason.
 */
MR_API int mr_bgp_compare(const struct mr_bgp_path *a,
                          const struct mr_bgp_path *b, enum mr_bgp_reason *why);

/**
 * The best of n paths (index), or SIZE_MAX when n is 0. *why (may be NULL)
 * gets the reason the best beat the runner-up (MR_BGP_REASON_NONE for a
 * single path) and *runner_up (may be NULL) its index (SIZE_MAX if none).
 */
MR_API size_t mr_bgp_best(const struct mr_bgp_path *v, size_t n,
                          enum mr_bgp_reason *why, size_t *runner_up);

/** "local-pref", "as-path", ...: stable names used in text and JSON. */
MR_API const char *mr_bgp_reason_name(enum mr_bgp_reason r);

#endif
