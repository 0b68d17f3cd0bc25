/*
 * sim_int.h - the simulation's prepared state and one run of it, shared by
 * sim.c (preparing struct mr_sim), sim_run.c (one run) and sim_result.c
 * (the runs for a failure set and the single-failure matrix).
 */
#ifndef MR_SIM_INT_H
#define MR_SIM_INT_H

#include "m365route/resolve.h"
#include "m365route/sim.h"
#include "net_int.h"

/* A Microsoft prefix covering a destination, with its communities. */
struct sim_erp {
	struct mr_prefix p;
	unsigned mask;
};

/* A destination, shared by every site. */
struct sim_dest {
	enum mr_sim_dest kind;
	enum mr_service_area sa;
	bool realtime; /* Teams/Skype: the service area, or for --to the
	                  deciding rule's endpoint sets */
	char *target;
	bool udp;
	enum mr_route route;
	uint32_t rule;
	bool has_addr;
	struct mr_prefix addr;
	size_t n_erp; /* ER prefixes covering addr, longest first */
	struct sim_erp *erp;
};

struct mr_sim {
	const struct mr_net *net; /* the resolved network it reads */
	const struct mr_design *dsg;
	const struct mr_matcher *m;
	/* elements */
	size_t n_el;
	struct mr_sim_element *el;
	uint32_t el_link0, el_inet0, el_proxy0, el_wan0, el_site0;
	/* sites simulated (--from) and destinations (--to) */
	size_t n_src;
	uint32_t *src;
	size_t n_dest;
	struct sim_dest *dest;
	/* The WAN graph, the circuits, the advertisements and the nearest
	 * edges are the resolved network's: net->adj, net->er_mask, ...
	 * (net_int.h). */
	/* the failure-free run: the ER circuit each flow's NAT is set up
	 * for (MR_NONE: none), per (src, dest) */
	bool have_cfg;
	uint32_t *cfg;
};

/* One run: element states and caches. */
struct sim_run;

int sim_run_new(struct sim_run **out, struct mr_sim *s, const uint8_t *down);
void sim_run_free(struct sim_run *r);
/* Borrow base's shortest-path trees that element el failing on top of
 * base's failures cannot change (trees not using it). */
void sim_run_inherit(struct sim_run *r, const struct sim_run *base,
                     uint32_t el);
/* Take base's shortest-path trees, repaired on first use for element el
 * failing on top of base's failures (mri_route_repair_from()); r must be
 * freed before base is used again. MR_OK or MR_ENOMEM. */
int sim_run_repair(struct sim_run *r, struct sim_run *base, uint32_t el);
/* Make r (made with down as it was before element prev changed; MR_NONE:
 * none) the run of down now, where element el (MR_NONE: none) changed
 * too, taking base's trees repaired for el's failure (sim_run_repair());
 * what r computed before is forgotten. One run serves every failure
 * without its O(sites) set-up. MR_OK or MR_ENOMEM. */
int sim_run_next(struct sim_run *r, struct sim_run *base, const uint8_t *down,
                 uint32_t prev, uint32_t el);
/* Whether an edge advertises in r what it did not in base (r differs by
 * a failure): then sites that did not depend on the failed element can
 * change too (mri_route_adv_grew()). */
bool sim_run_adv_grew(struct sim_run *r, struct sim_run *base);
/* Simulate the flows of source site index k (into s->src) into out[0..
 * n_dest); when used is not NULL, append the ids of the elements they
 * depend on (duplicates allowed). */
int sim_site_flows(struct sim_run *r, size_t k, struct mr_sim_flow *out,
                   uint32_t **used, size_t *n_used, size_t *cap_used);
void sim_inbound(struct sim_run *r, size_t i, struct mr_sim_inbound *out);
/* Whether two outcomes differ in what the matrix reports. */
bool sim_flow_differs(const struct mr_sim_flow *a, const struct mr_sim_flow *b);
bool sim_inbound_differs(const struct mr_sim_inbound *a,
                         const struct mr_sim_inbound *b);

/* How the single-failure matrix is computed. Every way gives the same
 * matrix (tests/unit/model_props.c checks it); the slow ones are the
 * oracles. */
enum mri_sim_single {
	/* the sites depending on the element, with the base's trees
	 * repaired for the failure (sim_result.c) */
	MRI_SIM_SINGLE_FAST,
	/* the sites depending on the element, each touched tree replaced
	 * by one Dijkstra from the site (before 2026-12: grows as S^2) */
	MRI_SIM_SINGLE_PER_SITE,
	/* every site, every tree from scratch: mr_sim_run() per failure */
	MRI_SIM_SINGLE_BRUTE,
};
int mri_sim_failures_single_with(struct mr_sim_matrix **out, struct mr_sim *s,
                                 const struct mr_sim_result *base,
                                 enum mri_sim_single how);

#endif
