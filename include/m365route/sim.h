/*
 * m365route/sim.h - the routing simulation (`m365route simulate`): every
 * site's Microsoft 365 flows end to end, both ways, with failures.
 *
 * Model (docs/simulate.md has the whole of it, with sources):
 *  - Microsoft's side: over each circuit's Microsoft peering AS 12076
 *    advertises the prefixes of the ExpressRoute-advertised endpoint sets
 *    (the matcher's prefix rules), tagged with their service community,
 *    filtered by the circuit's route filter (no filter: nothing). Microsoft
 *    returns traffic to a source address over the longest prefix covering
 *    it among everything the customer advertises over ExpressRoute at any
 *    live circuit; ties by AS-path length, then load-shared; else over the
 *    Internet (the Internet circuits' advertised prefixes); else nowhere.
 *  - The customer's side: a full iBGP mesh of edge routers (sites where
 *    circuits land) with the decision process of bgp.h; an edge advertises
 *    into iBGP only the paths it learnt over eBGP that win on the
 *    attributes before the eBGP step; ExpressRoute routes reach only the
 *    sites with expressroute_routes; IGP cost is the shortest WAN latency
 *    path (Dijkstra over the live WAN links).
 *  - A flow (site x destination): the PAC decision, the egress (longest
 *    prefix, then BGP), source NAT, Microsoft's return path, the round
 *    trip against the real-time media targets, a verdict.
 *
 * A struct mr_sim is prepared once per design and matcher (both must
 * outlive it) and can run any number of failure sets. Results are owned by
 * their struct mr_sim_result. Output order is deterministic: flows by site
 * (design order), then destination order; inbound services in design order.
 */
#ifndef M365ROUTE_SIM_H
#define M365ROUTE_SIM_H

#include "bgp.h"
#include "common.h"
#include "design.h"
#include "match.h"
#include "peering.h"
#include "prefix.h"
#include "resolve.h"

/*
 * ---- targets: "Media Quality and Network Connectivity Performance in
 * Skype for Business Online" (01/22/2018) and "Prepare your organization's
 * network for Microsoft Teams" (same continent, peak load); the resolved
 * network's (resolve.h), which check judges by too ----
 */

/* customer edge -> Microsoft edge; client -> Microsoft edge */
#define MR_SIM_EDGE_RTT_MS   MR_NET_EDGE_RTT_MS
#define MR_SIM_CLIENT_RTT_MS MR_NET_CLIENT_RTT_MS

/* ---- what can fail ---- */

enum mr_sim_elem_kind {
	MR_SIM_EL_CIRCUIT = 0, /* an ExpressRoute circuit */
	MR_SIM_EL_LINK,        /* one link of a circuit: primary/secondary */
	MR_SIM_EL_INTERNET,    /* an Internet circuit */
	MR_SIM_EL_PROXY,
	MR_SIM_EL_WAN, /* a WAN link, named "a-b" */
	MR_SIM_EL_SITE
};

struct mr_sim_element {
	enum mr_sim_elem_kind kind;
	uint32_t idx;     /* into the design's array of that kind */
	uint8_t side;     /* MR_SIM_EL_LINK: 0 primary, 1 secondary */
	const char *name; /* "er-ams-1", "er-ams-1/primary", "hq-branch" */
};

/* ---- results ---- */

enum mr_sim_verdict {
	MR_SIM_OK = 0,
	MR_SIM_DEGRADED,   /* works, above the latency targets */
	MR_SIM_ASYMMETRIC, /* replies do not come back where it left */
	MR_SIM_BLACKHOLE   /* no route, or no way back */
};

/** The one reason behind a verdict (docs/simulate-json.md lists them). */
enum mr_sim_why {
	MR_SIM_WHY_NONE = 0,
	MR_SIM_WHY_SITE_DOWN,           /* the flow's site failed */
	MR_SIM_WHY_NO_ROUTE,            /* no route to the destination */
	MR_SIM_WHY_NO_PROXY,            /* every proxy in the list is down */
	MR_SIM_WHY_PROXY_EGRESS_DOWN,   /* the proxy's egress circuit is down */
	MR_SIM_WHY_NO_NAT,              /* the egress has no NAT pool */
	MR_SIM_WHY_NAT_UNREACHABLE,     /* nobody advertises the NAT address */
	MR_SIM_WHY_ER_POOL_ON_INTERNET, /* ER NAT pool left over the Internet */
	MR_SIM_WHY_RETURN_OVER_ER,      /* out Internet, back ExpressRoute */
	MR_SIM_WHY_RETURN_OVER_INTERNET, /* out ExpressRoute, back Internet */
	MR_SIM_WHY_RETURN_OTHER_CIRCUIT, /* back over another circuit */
	MR_SIM_WHY_RETURN_LOAD_SHARED,   /* back over several circuits */
	MR_SIM_WHY_EDGE_RTT,             /* edge -> Microsoft edge >= 60 ms */
	MR_SIM_WHY_CLIENT_RTT,           /* client -> Microsoft edge >= 100 */
	MR_SIM_WHY_UNREACHABLE_IN,       /* inbound: no path in */
	MR_SIM_WHY_SMTP_OVER_ER,         /* inbound SMTP inside an ER prefix */
	MR_SIM_WHY_DNS_UNREACHABLE       /* the name's forwarder is cut off
	                                    and nothing falls back */
};

enum mr_sim_via {
	MR_SIM_VIA_NONE = 0,
	MR_SIM_VIA_ER,      /* an ExpressRoute circuit: idx into dsg->er */
	MR_SIM_VIA_INTERNET /* an Internet circuit: idx into dsg->inet */
};

enum mr_sim_dest {
	MR_SIM_DEST_ER_HOST = 0, /* a service area's ExpressRoute name */
	MR_SIM_DEST_MEDIA,       /* Teams/Skype media (UDP), by address */
	MR_SIM_DEST_MS_HOST,     /* a Microsoft name advertised to the
	                             Internet only */
	MR_SIM_DEST_OTHER_HOST,  /* a name that is not Microsoft 365 */
	MR_SIM_DEST_HOST,        /* --to HOST */
	MR_SIM_DEST_ADDR         /* --to IP */
};

enum mr_sim_pac {
	MR_SIM_PAC_NONE = 0,   /* not HTTP: no PAC, no proxy */
	MR_SIM_PAC_NO_POLICY,  /* no PAC group and no proxy: DIRECT */
	MR_SIM_PAC_SITE_PROXY, /* no PAC group: the site's proxies */
	MR_SIM_PAC_OVERRIDE,   /* policy.overrides[pac_rule] */
	MR_SIM_PAC_ER_DIRECT,  /* group with expressroute: ER name DIRECT */
	MR_SIM_PAC_GROUP_PROXY /* group: everything else to its proxy */
};

#define MR_SIM_MAX_RET MR_NET_MAX_RET

/** One flow, both ways. Indexes refer to the design. */
struct mr_sim_flow {
	uint32_t site;
	enum mr_sim_dest dest;
	enum mr_service_area sa; /* MR_SA__COUNT when not a service area's */
	const char *target;      /* host name or address text */
	bool has_addr;
	struct mr_prefix addr; /* the destination: a front end's prefix */
	enum mr_route route;   /* the matcher's decision for the target */
	uint32_t rule;         /* the deciding matcher rule, or MR_NONE */
	bool udp;              /* not HTTP: routed by address */
	/* PAC */
	enum mr_sim_pac pac;
	uint32_t pac_group; /* MR_NONE when none */
	uint32_t pac_rule;  /* override index for MR_SIM_PAC_OVERRIDE */
	uint32_t proxy;     /* the proxy used, MR_NONE for DIRECT */
	/* forward */
	enum mr_sim_via via;
	uint32_t egress;               /* circuit index, per via */
	uint32_t egress_site;          /* where it leaves the network */
	struct mr_prefix route_prefix; /* the prefix routed on (0/0: default) */
	uint32_t n_paths; /* BGP candidates for it at the deciding router */
	enum mr_bgp_reason bgp_why; /* best vs runner-up */
	enum mr_sim_via runner_via;
	uint32_t runner_up; /* MR_NONE when a single path */
	/* multipath: the circuits (per via) the flows to it are spread over,
	 * egress first; n_multi 1 when one path is installed, 0 when the flow
	 * is not routed by BGP (proxied, blackholed before routing) */
	uint32_t n_multi;
	uint32_t multi[MR_NET_MAX_PATHS];
	/* NAT */
	bool has_nat;
	struct mr_prefix nat; /* the pool (its first address is the source) */
	enum mr_sim_via nat_via; /* whose pool */
	uint32_t nat_owner;
	/* return */
	enum mr_sim_via ret_via;
	uint32_t n_ret;
	uint32_t ret[MR_SIM_MAX_RET]; /* circuits, load-shared when > 1 */
	struct mr_prefix ret_prefix;  /* the customer prefix matched */
	uint32_t ret_as_path;
	/* latency, ms round trip; has_rtt false when coordinates are missing */
	bool has_rtt;
	double rtt_access; /* the client's access network (the site's
	                      access_rtt_ms): the floor of rtt_client */
	double rtt_wan;    /* client -> egress, over the WAN (both ways) */
	double rtt_edge;   /* egress -> Microsoft edge */
	double rtt_client; /* client -> Microsoft edge: access + wan + edge */
	double rtt_fe;     /* Microsoft edge -> front end */
	bool fe_unknown;   /* rtt_fe unknown: fe_site has no location */
	uint32_t fe_site;  /* the site the front end is near (DNS) */
	/* DNS: a name is resolved by the resolvers of dns_from (the site, or
	 * the proxy's site for a proxied flow); a Microsoft 365 name (one the
	 * matcher routes) along their chain of dns: forward_to, over the
	 * live WAN (mr_net_dns(); docs/simulate.md, "DNS") */
	bool dns;              /* the flow resolved a Microsoft 365 name */
	uint32_t dns_from;     /* whose resolvers were asked; MR_NONE when
	                          the flow resolves no name */
	uint32_t dns_site;     /* whose resolvers answered; MR_NONE: nobody
	                          (MR_SIM_WHY_DNS_UNREACHABLE) */
	bool dns_fallback;     /* a forwarder was cut off: dns_site, on the
	                          chain before it, resolved the name itself
	                          (dns fallback: local) */
	uint32_t dns_cut_from; /* the first forwarding hop cut off: its */
	uint32_t dns_cut_to;   /* resolvers cannot reach these; MR_NONE */
	bool realtime;         /* the targets apply (Teams/Skype) */
	enum mr_sim_verdict verdict;
	enum mr_sim_why why;
};

/** An inbound flow (inbound_services): Microsoft connects, we reply. */
struct mr_sim_inbound {
	uint32_t idx; /* into dsg->inbound */
	enum mr_sim_via in_via;
	uint32_t n_in;
	uint32_t in[MR_SIM_MAX_RET];
	struct mr_prefix in_prefix; /* the customer prefix Microsoft matched */
	/* the ExpressRoute routes reach the server's segment (the service's
	 * expressroute_routes, else its site's) */
	bool er_routes;
	/* the Internet edge source-NATs the connections (snat, reached over
	 * the Internet): the replies go back through it (out: the first) */
	bool snat;
	/* the reply to a Microsoft source inside the ER-advertised prefixes */
	enum mr_sim_via out_via;
	uint32_t out;
	/* SMTP: the reply to a Microsoft SMTP source outside them (the seed:
	 * SMTP "is used more broadly within Microsoft's network") */
	bool has_out2;
	enum mr_sim_via out2_via;
	uint32_t out2;
	enum mr_sim_verdict verdict;
	enum mr_sim_why why;
};

struct mr_sim_result {
	size_t n_flows;
	const struct mr_sim_flow *flows;
	size_t n_inbound;
	const struct mr_sim_inbound *inbound;
	size_t count[4]; /* flows by verdict */
	size_t n_failed;
	const uint32_t *failed; /* element ids */
};

struct mr_sim_opts {
	unsigned version;
	const char *from; /* a site name, or NULL for every site */
	const char *to;   /* host, IP or service area; NULL: the defaults */
};

#define MR_SIM_OPTS_VERSION 1
#define MR_SIM_OPTS_INIT                                                       \
	{                                                                      \
		MR_SIM_OPTS_VERSION, NULL, NULL                                \
	}

struct mr_sim;
struct mr_catalog;

/**
 * Prepare the simulation of the resolved network net (its design's sites,
 * circuits and policy) with the routes of matcher m (both must outlive
 * it). Every PAC decision is the resolved network's (mr_net_pac()). Returns MR_OK; MR_ENOTFOUND when o->from names no site
 * (mr_error_last() lists them); MR_EINVAL for a bad o->to; MR_ENOMEM.
 */
MR_API int mr_sim_new(struct mr_sim **out, const struct mr_net *net,
                      const struct mr_matcher *m, const struct mr_sim_opts *o);
MR_API void mr_sim_free(struct mr_sim *s);

/** What can fail: ids 0..count-1, in a fixed order (circuits, links,
 * Internet circuits, proxies, WAN links, sites). */
MR_API size_t mr_sim_element_count(const struct mr_sim *s);
MR_API const struct mr_sim_element *mr_sim_element(const struct mr_sim *s,
                                                   uint32_t id);
/**
 * Find an element by name; "kind:name" (circuit, link, internet, proxy,
 * wan, site) disambiguates. MR_ENOTFOUND when nothing matches, MR_EINVAL
 * when several kinds do.
 */
MR_API int mr_sim_element_find(const struct mr_sim *s, const char *name,
                               uint32_t *id);
MR_API const char *mr_sim_elem_kind_name(enum mr_sim_elem_kind k);

/**
 * Run every flow with the elements failed[0..n) down. The NAT
 * configuration is always the one of the failure-free network (see
 * docs/simulate.md). Returns MR_OK and *out, or MR_ENOMEM.
 */
MR_API int mr_sim_run(struct mr_sim_result **out, struct mr_sim *s,
                      const uint32_t *failed, size_t n_failed);
MR_API void mr_sim_result_free(struct mr_sim_result *r);

/** One failure of the single-failure matrix. */
struct mr_sim_change_row {
	uint32_t element;
	size_t n_changed;      /* flows whose outcome differs from the base */
	const uint32_t *flows; /* their indexes in the base result */
	const struct mr_sim_flow *after;
	size_t n_in_changed;
	const uint32_t *in_idx;
	const struct mr_sim_inbound *in_after;
	size_t count[4]; /* every flow's verdict with this failure */
};

struct mr_sim_matrix {
	size_t n_rows;
	const struct mr_sim_change_row *rows; /* element order */
};

/**
 * Every single failure on top of base (the base result's failures): for
 * each element not already failed, which flows change and how. Only the
 * flows that depend on an element are recomputed. MR_OK or MR_ENOMEM.
 */
MR_API int mr_sim_failures_single(struct mr_sim_matrix **out, struct mr_sim *s,
                                  const struct mr_sim_result *base);
MR_API void mr_sim_matrix_free(struct mr_sim_matrix *mx);

/**
 * The simulation as JSON (docs/simulate-json.md): the object of
 * `simulate --format json` and plan's simulate.json, newline-terminated.
 * mx may be NULL (no "single_failures"); design_name is shown as given.
 * Returns MR_OK with *out (NUL-terminated, *len bytes without the NUL;
 * free with mr_sim_json_free()), or MR_ENOMEM.
 */
MR_API int mr_sim_json(char **out, size_t *len, const struct mr_design *dsg,
                       const struct mr_sim *s, const struct mr_sim_result *r,
                       const struct mr_sim_matrix *mx, const char *design_name,
                       const struct mr_catalog *cat);
MR_API void mr_sim_json_free(char *json);

MR_API const char *mr_sim_verdict_name(enum mr_sim_verdict v);

/* ---- a plan's verdict ---- */

enum mr_verdict {
	MR_VERDICT_PASS = 0,
	MR_VERDICT_PASS_WARNINGS, /* warnings, or degraded flows */
	MR_VERDICT_FAIL           /* errors, or flows that do not work */
};

/**
 * The verdict of a plan (docs/plan.md) from the counts of check's
 * error- and warning-level findings and of the flows simulated with
 * nothing failed, by enum mr_sim_verdict (flows[MR_SIM_OK] ..
 * flows[MR_SIM_BLACKHOLE]; all 0 when not simulated), and of the single
 * failures that blackhole flows (mr_sim_matrix_blackholing(); 0 when not
 * simulated). FAIL: an error, or an asymmetric or blackholed flow (it
 * does not come back, or comes back elsewhere: as bad as an error of
 * check). PASS_WARNINGS: otherwise a warning, a degraded flow (above the
 * latency targets) or a single failure that blackholes flows (the
 * design works, but not through every failure it should survive). PASS:
 * none of these. Notes do not count.
 */
MR_API enum mr_verdict mr_plan_verdict(size_t errors, size_t warnings,
                                       const size_t flows[4],
                                       size_t blackholing);
/**
 * The flows and inbound flows that one single failure blackholes: those
 * of the row that were not blackholed in base and are with the failure,
 * for any reason but their own site failing (MR_SIM_WHY_SITE_DOWN).
 */
MR_API size_t mr_sim_row_blackholes(const struct mr_sim_change_row *row,
                                    const struct mr_sim_result *base);
/** The single failures of mx (NULL: none) that blackhole flows
 * (mr_sim_row_blackholes() > 0): plan's warning. */
MR_API size_t mr_sim_matrix_blackholing(const struct mr_sim_matrix *mx,
                                        const struct mr_sim_result *base);
/** "PASS", "PASS with warnings", "FAIL" (as summary.txt writes them). */
MR_API const char *mr_verdict_name(enum mr_verdict v);
MR_API const char *mr_sim_why_name(enum mr_sim_why w);
MR_API const char *mr_sim_dest_name(enum mr_sim_dest d);
/** A flow's name in simulate's text and verify --client: its service
 * area's ("exchange", ...), "teams-media", "m365-internet",
 * "non-microsoft", "host" (--to HOST), "address" (--to IP). */
MR_API const char *mr_sim_flow_label(const struct mr_sim_flow *f);
MR_API const char *mr_sim_pac_name(enum mr_sim_pac p);
MR_API const char *mr_sim_via_name(enum mr_sim_via v);
/** A flow's service area as simulate.json and simulate's text name it:
 * "exchange", "sharepoint", "skype", "common"; NULL for MR_SA__COUNT (a
 * flow that is not a service area's). */
MR_API const char *mr_sim_sa_name(enum mr_service_area sa);
/** The design's name of a circuit reached via v (NULL for NONE). */
MR_API const char *mr_sim_via_circuit(const struct mr_design *dsg,
                                      enum mr_sim_via v, uint32_t idx);

#endif
