/*
 * route.h - the customer's routing in the resolved network (route.c): one
 * state of failures (the up flags), its shortest-path trees and BGP
 * decisions. The simulation embeds one per run; the model's attribution
 * of traffic to circuits makes its own. Private to resolve and the rooms
 * that name it in DEPS.
 */
#ifndef MR_ROUTE_H
#define MR_ROUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "m365route/bgp.h"
#include "net_int.h"

/* A shortest-path tree over the live WAN links, rooted at src. */
struct mri_tree {
	uint32_t src;
	double *dist;      /* one-way ms */
	uint32_t *pwan;    /* WAN link to the parent, MR_NONE at the root */
	uint32_t *pnode;   /* parent site */
	bool *unknown;     /* a link of unknown latency on the path */
	uint8_t *wan_used; /* per WAN link: a tree edge */
	uint8_t *interior; /* per site: a parent of another site */
	/* children, CSR over pnode (kid[kid_off[v]..kid_off[v+1])), built
	 * on a tree's first repair (mri_route_repair_from()) */
	uint32_t *kid_off, *kid;
};

/* A tree entry changed by a repair, to put back. */
struct mri_route_undo {
	struct mri_tree *t;
	double dist;
	uint32_t v, pwan, pnode;
	bool unknown;
};

/* What a state whose trees are repaired from it keeps (the scratch is
 * shared: one repaired state at a time). */
struct mri_route_rep {
	int strict; /* every WAN link > 0 ms: 1, else 0; -1 unknown */
	uint32_t *mark, epoch; /* per site: in the affected set */
	uint32_t *done;        /* per site: settled in the repair */
	uint32_t *aff;
	struct mri_route_undo *undo;
	size_t n_undo, cap_undo;
};

struct mri_route_adv {
	bool done;
	size_t n;
	uint32_t *site, *circuit;
};

struct mri_route {
	const struct mr_net *net;
	/* the failure state, all true after mri_route_init(); the caller
	 * clears what is down (a circuit's flag implies its site is up) */
	bool *site_up, *er_up, *inet_up, *wan_up;
	/* caches */
	struct mri_route_adv er_adv[COMM_MASKS], inet_adv;
	struct mri_tree **ptree; /* rooted at each edge/proxy site */
	bool *borrowed;          /* per site: ptree lent by a base state */
	/* failure states: a tree rooted at the source site when the edge's
	 * tree was not lent (one Dijkstra per recomputed site) */
	bool prefer_src;
	struct mri_tree stree;
	bool have_stree;
	/* repairs (mri_route_repair_from()): the base state whose trees
	 * this one repairs in place for the failure of rep_wan or rep_site,
	 * and the base's scratch */
	struct mri_route *rbase;
	uint32_t rep_wan, rep_site;
	struct mri_route_rep *rep;
	uint32_t *rep_lent; /* the sites whose trees were lent, to clear */
	uint32_t *adv_mark; /* per site, scratch of mri_route_adv_grew() */
	size_t n_lent;
	struct mri_route_hent *heap;
	size_t heap_cap;
	struct mr_bgp_path *cand;
	uint32_t *cidx, *csite, *multi;
	bool oom; /* sticky: an allocation failed */
};

/* The BGP decision at a site for one prefix. */
struct mri_route_decision {
	bool er;          /* an ExpressRoute circuit (else an Internet one) */
	uint32_t c, site; /* the circuit and the site it lands at */
	uint32_t n_paths; /* candidates at the deciding router */
	enum mr_bgp_reason why;
	bool has_runner;
	uint32_t runner; /* the runner-up's circuit (same kind) */
	/* Multipath (ECMP): the circuits whose paths equal the best one's
	 * through the IGP cost step, from the same neighbouring AS, as routers
	 * configured with maximum-paths install them: multi[0] == c, then the
	 * others in circuit order, at most MR_NET_MAX_PATHS (the lowest
	 * circuits). Flows are spread over them evenly. Points
	 * into the routing state; valid until its next decision. */
	uint32_t n_multi;
	const uint32_t *multi;
	struct mr_prefix prefix; /* set by the caller */
};

/** A state with everything up. MR_OK or MR_ENOMEM. */
int mri_route_init(struct mri_route *r, const struct mr_net *net);
/** What the simulation counts up with nothing failed (circuits with a
 * Microsoft session, everything attached to a site), but ExpressRoute
 * circuit er_down (MR_NONE: none). */
void mri_route_nominal(struct mri_route *r, uint32_t er_down);
void mri_route_fini(struct mri_route *r);
/** Lend base's trees that WAN link wan or site (MR_NONE: neither) failing
 * on top of base's failures cannot change. r must outlive nothing of base:
 * base is kept until r is finished. */
void mri_route_inherit(struct mri_route *r, const struct mri_route *base,
                       uint32_t wan, uint32_t site);
/**
 * Take base's trees, repaired on first use for WAN link wan or site site
 * (MR_NONE: neither) failing on top of base's failures (r's up flags say
 * so): each tree is then the one a fresh Dijkstra in r's state would
 * build, dist, parents and unknown flags alike (route.c explains why),
 * computed by re-running Dijkstra over the subtree the failure cuts off
 * only. The repairs are made in base's trees and undone by
 * mri_route_fini(r), which must come before base is used again (or
 * another state repairs from it). MR_OK or MR_ENOMEM.
 */
int mri_route_repair_from(struct mri_route *r, struct mri_route *base,
                          uint32_t wan, uint32_t site);
/**
 * Whether some edge site advertises into iBGP in r what it did not in base
 * (for the advertisements base computed). A failure removes paths, but an
 * edge advertises only a path tying the best anywhere: when the best goes,
 * edges with the next best start advertising, and sites whose flows did
 * not use the failed circuit can change. A site that keeps advertising
 * with another of its circuits does not count: its circuits tie up to
 * MED, so the one now advertised loses wherever the one before lost.
 * False when out of memory (r->oom set).
 */
bool mri_route_adv_grew(struct mri_route *r, struct mri_route *base);
/** Undo r's repairs and forget what r computed (trees lent, iBGP
 * advertisements), so that r can take another failure: set its up flags,
 * then call mri_route_repair_from() again. */
void mri_route_repair_end(struct mri_route *r);
/** A tree holding the shortest path between site and other, and in *from
 * the end to walk towards its root; NULL when out of memory. */
const struct mri_tree *mri_route_tree_for(struct mri_route *r, uint32_t site,
                                          uint32_t other, uint32_t *from);
/**
 * The proxy site's browser reaches: the first of the proxies its PAC file
 * returns (mr_net_failover(), in that order, and no others) among those
 * up (proxy_up, per proxy; NULL: those whose site is up) and reachable
 * over the live WAN. *tree and *from give the path (as
 * mri_route_tree_for()). tried(ctx, proxy), when not NULL, hears of every
 * proxy considered, in order. MR_NONE when none is reached (the flow is
 * blackholed). The one failover order of the simulation and of the
 * model's attribution.
 */
uint32_t mri_route_proxy(struct mri_route *r, uint32_t site,
                         const bool *proxy_up,
                         void (*tried)(void *ctx, uint32_t proxy), void *ctx,
                         const struct mri_tree **tree, uint32_t *from);
/** The decision at site for an ExpressRoute prefix with communities mask
 * (er) or the default route; false when no path is left. */
bool mri_route_decide(struct mri_route *r, uint32_t site, bool er,
                      unsigned mask, struct mri_route_decision *out);

#endif
