/*
 * m365route/resolve.h - the resolved network: a design resolved once into
 * the decisions every artefact reads (docs/ARCHITECTURE.md, "The resolved
 * network"). Which PAC group serves a site, which proxy its PAC file names,
 * whether ExpressRoute names go DIRECT, which override wins for a host,
 * where its Microsoft 365 names are resolved, which circuit a site's
 * routed traffic leaves by, which one Microsoft sends the replies back
 * over, how long the round trip to Microsoft's edge is, how Microsoft reaches an
 * inbound server and how the server replies: decided here only.
 * `check`, `simulate`, `pac` and `plan` read it; none decides any of it
 * again, so two artefacts of one plan cannot disagree.
 *
 * A struct mr_net is read-only once built and borrows the design (which
 * must outlive it).
 */
#ifndef M365ROUTE_RESOLVE_H
#define M365ROUTE_RESOLVE_H

#include "bgp.h"
#include "common.h"
#include "design.h"
#include "match.h"
#include "peering.h"
#include "prefix.h"

struct mr_net;

/** The most equal paths the routing spreads flows over (multipath), as the
 * generated router configuration sets it (maximum-paths). */
#define MR_NET_MAX_PATHS 8

/** How a site's PAC group was found. */
enum mr_net_group_by {
	MR_NET_GROUP_NONE = 0, /* no group serves it: the site's own policy */
	MR_NET_GROUP_LISTED,   /* the first group whose sites: list names it */
	MR_NET_GROUP_CLIENTS   /* else the first whose clients: cover one of
	                          the site's subnets */
};

/** A site's resolved client policy: what its PAC file says. */
struct mr_net_site {
	uint32_t group; /* the PAC group serving it; MR_NONE: none */
	enum mr_net_group_by group_by;
	/* The first proxy its PAC file names (mr_net_failover() has them
	 * all): the group's, else the site's first; MR_NONE when neither
	 * exists (no PAC file: every flow DIRECT). */
	uint32_t proxy;
	/* ExpressRoute names go DIRECT: the group's expressroute: flag, or,
	 * without a group, whether the site receives the ExpressRoute routes. */
	bool er_direct;
	/* The site whose resolvers answer its Microsoft 365 names (itself, or
	 * the end of its chain of dns: forward_to). */
	uint32_t dns_site;
};

/** Why a PAC file decides as it does for one host at one site. */
enum mr_net_pac_why {
	MR_NET_PAC_NONE = 0,   /* not HTTP: no PAC file is asked */
	MR_NET_PAC_NO_POLICY,  /* no PAC file (no group, no proxy): DIRECT */
	MR_NET_PAC_SITE_PROXY, /* no group: the site's first proxy */
	MR_NET_PAC_OVERRIDE,   /* one of the design's overrides */
	MR_NET_PAC_ER_DIRECT,  /* an ExpressRoute name, sent DIRECT */
	MR_NET_PAC_GROUP_PROXY /* the group's proxy */
};

struct mr_net_pac {
	enum mr_net_pac_why why;
	uint32_t proxy;    /* the proxy the PAC file returns; MR_NONE: DIRECT */
	uint32_t override; /* the design's override index (why OVERRIDE) */
};

/**
 * Resolve dsg. Returns MR_OK and *out, MR_EINVAL or MR_ENOMEM (message in
 * mr_error_last()). Free with mr_net_free().
 */
MR_API int mr_net_resolve(struct mr_net **out, const struct mr_design *dsg);
MR_API void mr_net_free(struct mr_net *n);

/** The design it was resolved from. */
MR_API const struct mr_design *mr_net_design(const struct mr_net *n);
/** Site i's policy (i < the design's n_sites), else NULL. */
MR_API const struct mr_net_site *mr_net_site(const struct mr_net *n,
                                             uint32_t i);

/**
 * The proxies site's PAC file returns when it sends a flow to a proxy, in
 * failover order ("PROXY a:8080; PROXY b:8080"): its PAC group's proxy:
 * list, else the site's own proxies: in the order written (each once).
 * The browser tries them in that order and no others; the first is
 * mr_net_site()->proxy. Sets *n_out (0 when the site has none, or site is
 * out of range); the array lives as long as n.
 */
MR_API const uint32_t *mr_net_failover(const struct mr_net *n, uint32_t site,
                                       size_t *n_out);

/**
 * How PAC group `group` would find site `site` were it the only group:
 * MR_NET_GROUP_LISTED when its sites: names the site, else
 * MR_NET_GROUP_CLIENTS when its clients: contain one of the site's
 * subnets, else MR_NET_GROUP_NONE (also for an index out of range). The
 * one matching rule: a site's group (struct mr_net_site) is the first
 * group that lists it, else the first that finds it by clients.
 */
MR_API enum mr_net_group_by mr_net_group_matches(const struct mr_net *n,
                                                 uint32_t group, uint32_t site);

/**
 * The design's overrides in the order a PAC file checks them: most specific
 * first (more literal characters, exact names before wildcards), then the
 * order written; the first that matches wins. k < n_overrides; returns the
 * design's index.
 */
MR_API uint32_t mr_net_override_at(const struct mr_net *n, size_t k);

/**
 * Whether override o (the design's index) never decides a host: every
 * host its pattern matches is matched by an override before it in PAC
 * order. Returns the first of those whose pattern alone matches all of
 * them (there is one whenever they do together, as host names may hold
 * characters no pattern does: mri_glob_shadowed()), or MR_NONE when o
 * decides some host (or o is out of range).
 */
MR_API uint32_t mr_net_override_shadow(const struct mr_net *n, uint32_t o);

/**
 * The override that decides host[0..len) (the first in PAC order whose
 * pattern matches it), or MR_NONE.
 */
MR_API uint32_t mr_net_override_for(const struct mr_net *n, const char *host,
                                    size_t len);

/**
 * What site's PAC file returns for host[0..len), whose catalog route is
 * route: the one decision the PAC generator writes and the simulation
 * follows. http false (media, other UDP) means no PAC file is asked. host
 * NULL asks for a class of names (no override applies).
 */
MR_API void mr_net_pac(const struct mr_net *n, uint32_t site, const char *host,
                       size_t len, enum mr_route route, bool http,
                       struct mr_net_pac *out);

/* ---- both ways: the customer's choice out, Microsoft's back ------------ */

/** Which kind of circuit carries a path: none, ExpressRoute, Internet. */
enum mr_net_via {
	MR_NET_VIA_NONE = 0,
	MR_NET_VIA_ER,      /* an ExpressRoute circuit: index into dsg->er */
	MR_NET_VIA_INTERNET /* an Internet circuit: index into dsg->inet */
};

#define MR_NET_MAX_RET 8

/** Microsoft's way back to one address. */
struct mr_net_return {
	enum mr_net_via via; /* MR_NET_VIA_NONE: nobody advertises it */
	uint32_t n;          /* circuits, load-shared (<= MR_NET_MAX_RET) */
	uint32_t c[MR_NET_MAX_RET];
	struct mr_prefix p; /* the customer prefix Microsoft matched */
	uint32_t as_path;   /* its AS-path length as Microsoft sees it (the
	                       peer ASN and the public prepends) */
};

/**
 * Where Microsoft sends traffic for address a, nothing failed: the longest
 * prefix covering it among everything the customer advertises over
 * ExpressRoute (what Microsoft accepts, at any circuit, "regardless of
 * physical location"); between circuits advertising that prefix the
 * shortest AS path (prepends count, private ASNs are stripped); then all
 * of them, load-shared. Else the Internet circuits' advertisements, by
 * the same rule; else nowhere. The simulation asks the same question
 * under its failures (one computation, resolve/msreturn.c).
 */
MR_API void mr_net_ms_return(const struct mr_net *n, const struct mr_addr *a,
                             struct mr_net_return *out);

/**
 * The route Microsoft has for address a over ExpressRoute circuit c alone
 * (the longest prefix covering it that c advertises, with its AS-path
 * length): what c offers against the circuit Microsoft prefers. false
 * (and *out via MR_NET_VIA_NONE) when c advertises nothing covering a.
 */
MR_API bool mr_net_ms_route_over(const struct mr_net *n, uint32_t c,
                                 const struct mr_addr *a,
                                 struct mr_net_return *out);

/** The customer's routing decision for one site and service area. */
struct mr_net_route {
	/* the ExpressRoute circuit chosen; MR_NONE: the site's traffic does
	 * not route over ExpressRoute */
	uint32_t circuit;
	uint32_t site;          /* where that circuit lands */
	uint32_t local_pref;    /* the circuit's local preference (100 unset) */
	uint32_t n_paths;       /* candidates at the site's router */
	enum mr_bgp_reason why; /* the step that beat the runner-up */
	uint32_t runner;        /* the runner-up circuit, MR_NONE */
	uint32_t runner_local_pref;
};

/**
 * The BGP decision (the one the simulation makes, resolve/route.c) at each
 * site for each service area's ExpressRoute prefixes, nothing failed: what
 * the site's DIRECT traffic and Teams media leave by. Sites that do not
 * receive the ExpressRoute routes get circuit MR_NONE (the default route).
 * out[site * MR_SA__COUNT + sa]. MR_OK or MR_ENOMEM.
 */
MR_API int mr_net_er_routes(const struct mr_net *n, struct mr_net_route *out);

/* ---- round trips against the real-time media targets -------------------- */

/*
 * Microsoft's targets for real-time media (Teams, Skype): "Media Quality
 * and Network Connectivity Performance in Skype for Business Online"
 * (01/22/2018) and "Prepare your organization's network for Microsoft
 * Teams" (same continent, peak load). The simulation's `degraded` and
 * check's latency rules judge by these two and nothing else.
 */
#define MR_NET_EDGE_RTT_MS   60.0  /* customer edge -> Microsoft edge */
#define MR_NET_CLIENT_RTT_MS 100.0 /* client -> Microsoft edge */

/** The round trips of one path from a site's clients to Microsoft's edge. */
struct mr_net_rtt {
	double access; /* the site's access network (LAN, Wi-Fi): its floor */
	double wan;    /* over the WAN to the egress site, both ways */
	double edge;   /* egress site -> Microsoft's edge (peering location) */
	double client; /* access + wan + edge */
};

/** Which target a round trip breaks (the first, in this order). */
enum mr_net_rtt_over {
	MR_NET_RTT_OK = 0,
	MR_NET_RTT_EDGE,  /* edge >= MR_NET_EDGE_RTT_MS */
	MR_NET_RTT_CLIENT /* client >= MR_NET_CLIENT_RTT_MS */
};

/**
 * The round trips from site's clients through egress site egress (reached
 * over wan_ms of one-way WAN latency) to Microsoft's edge at peering
 * location edge: the one estimate of `simulate` and `check`. false when
 * unknown (no edge, or the egress site has no location).
 */
MR_API bool mr_net_rtt(const struct mr_net *n, uint32_t site, uint32_t egress,
                       double wan_ms, const struct mr_peering_location *edge,
                       struct mr_net_rtt *out);

/** The target r breaks, if any. */
MR_API enum mr_net_rtt_over mr_net_rtt_judge(const struct mr_net_rtt *r);

/**
 * The peering location nearest site (by its coordinates): where its
 * Internet traffic meets Microsoft's network, and the closest place a
 * circuit of its own could land. NULL without coordinates.
 */
MR_API const struct mr_peering_location *
mr_net_nearest_edge(const struct mr_net *n, uint32_t site);

/**
 * What site's PAC file would return for host[0..len) had the design not
 * written override `skip` (its index; MR_NONE: none left out), as
 * mr_net_pac() does otherwise: whether an override changes anything. The
 * overrides that never decide a host (mr_net_override_shadow()) are left
 * out as well: with skip written they change nothing, and without it they
 * would only stand in for it (a name written twice).
 */
MR_API void mr_net_pac_without(const struct mr_net *n, uint32_t site,
                               const char *host, size_t len,
                               enum mr_route route, bool http, uint32_t skip,
                               struct mr_net_pac *out);

/**
 * What a site's Microsoft 365 name resolution depends on (its resolvers,
 * or the chain of dns: forward_to), with nothing failed. The arrays point
 * into the model and live as long as it. A chain stops where a loop
 * would close.
 */
struct mr_net_dns {
	size_t n_chain;
	const uint32_t *chain; /* the site, then each forward_to in turn; the
	                          last is its dns_site */
	size_t n_wan;
	const uint32_t *wan; /* the WAN links of each hop's shortest path,
	                        from the site on: the design's indexes */
	size_t n_sites;
	const uint32_t *sites; /* every site those paths cross, the chain's
	                          included, from the site on */
	/* every hop has a WAN path; false: the names do not resolve (or
	 * fall back, dns: fallback) even with nothing failed */
	bool reachable;
};

/**
 * Site's DNS dependencies into *out. A failure of one of its WAN links
 * or sites reroutes the forwarding or cuts it; the simulation decides per
 * failure set what then happens (docs/simulate.md, "DNS"). MR_OK, or
 * MR_EINVAL for a site out of range.
 */
MR_API int mr_net_dns(const struct mr_net *n, uint32_t site,
                      struct mr_net_dns *out);

/**
 * Which ExpressRoute circuits carry each site's browser traffic to each
 * service area's ExpressRoute names, with ExpressRoute circuit `down`
 * failed (MR_NONE: nothing failed): the site's PAC decision, then its
 * proxy's egress (the first of its proxies it reaches), or the customer's
 * routing when DIRECT (the BGP decision at the site, for the service
 * area's community, when the site receives the ExpressRoute routes) with
 * its multipath set: paths equal through the IGP cost, from the same
 * neighbouring AS, share the traffic evenly (ECMP, as routers with
 * maximum-paths spread flows). The simulation routes those flows with the
 * same decisions and engine and names the first circuit of the set.
 */
struct mr_net_carriers;

struct mr_net_carry {
	uint32_t n;              /* circuits sharing it evenly; 0: the traffic
	                            crosses no circuit (proxied to the
	                            Internet, the default route, no path) */
	const uint32_t *circuit; /* n circuit indexes; [0]: simulate's */
	uint32_t proxy; /* the proxy it goes through; MR_NONE: routed */
};

/**
 * Attribute with `down` failed. base (NULL, or the attribution with
 * nothing failed, which must outlive *out) lends its WAN shortest-path
 * trees. MR_OK, MR_EINVAL or MR_ENOMEM. Free with
 * mr_net_carriers_free().
 */
MR_API int mr_net_carriers_new(struct mr_net_carriers **out,
                               const struct mr_net *n, uint32_t down,
                               const struct mr_net_carriers *base);
MR_API void mr_net_carriers_free(struct mr_net_carriers *c);
/** Site's traffic to service area sa (n == 0 when out of range). */
MR_API void mr_net_carriers_get(const struct mr_net_carriers *c, uint32_t site,
                                enum mr_service_area sa,
                                struct mr_net_carry *out);
/**
 * Site's traffic to names of service area sa that the design's override
 * `override` decides (its index, as mr_net_override_for() gives it;
 * MR_NONE: names no override decides, as mr_net_carriers_get()): where
 * the site's PAC file sends such a name (mr_net_pac() with that host), the
 * traffic follows, to the proxy or DIRECT over the routing.
 */
MR_API void mr_net_carriers_get_for(const struct mr_net_carriers *c,
                                    uint32_t site, enum mr_service_area sa,
                                    uint32_t override,
                                    struct mr_net_carry *out);
/** Whether two attributions of one network are the same in every cell. */
MR_API bool mr_net_carriers_same(const struct mr_net_carriers *a,
                                 const struct mr_net_carriers *b);

/** One prefix Microsoft advertises over a circuit. */
struct mr_net_er_prefix {
	struct mr_prefix prefix;
	enum mr_service_area sa; /* Entra ID's identity set: MR_SA_COMMON */
	uint32_t community;      /* 12076:<community>: 5010 Exchange, 5020
	                            SharePoint, 5030 Skype/Teams, 5060 Entra
	                            ID, 5100 other Office 365 */
	int64_t set_id;          /* the first endpoint set listing it */
};

/**
 * The catalog's ExpressRoute prefixes Microsoft advertises over circuit:
 * those whose community the circuit's route filter admits, none when it
 * has no Microsoft peering or Microsoft holds no session with it (more
 * than 200 prefixes of a family advertised). Sorted by prefix, one entry
 * per prefix and community. *out is malloc'd (free()). MR_OK, MR_EINVAL
 * or MR_ENOMEM.
 */
MR_API int mr_net_er_prefixes(const struct mr_net *n,
                              const struct mr_catalog *cat, uint32_t circuit,
                              struct mr_net_er_prefix **out, size_t *n_out);

/**
 * An inbound service's flow with nothing failed (inbound_services[i]):
 * Microsoft connects to the server, the server replies to Microsoft's
 * address. The simulation's inbound flow (struct mr_sim_inbound) follows
 * the same decisions under any failures.
 */
struct mr_net_inbound_path {
	/* The ExpressRoute routes reach the server's segment: the service's
	 * expressroute_routes, else its site's. */
	bool er_routes;
	/* Microsoft reaches the address (reached): over ExpressRoute (in_er:
	 * a prefix advertised to Microsoft covers it) or else over the
	 * Internet, first through circuit in_circuit (into the design's er
	 * or inet array); MR_NONE when not reached. */
	bool reached;
	bool in_er;
	uint32_t in_circuit;
	/* The Internet edge source-NATs the connections (the service's snat,
	 * reached over the Internet): the reply goes back through
	 * in_circuit, whatever routes the segment has. */
	bool snat;
	/* The reply to the service area's Microsoft addresses leaves over
	 * ExpressRoute (reply_er) or the Internet, through circuit
	 * reply_circuit; MR_NONE: no route. Without snat it is the BGP
	 * decision at the server's site: with the segment's ExpressRoute
	 * routes (for the service area's community) when it has them, else
	 * the default route. */
	bool reply_er;
	uint32_t reply_circuit;
};

/**
 * Every inbound service's flow with nothing failed into out[0..n_inbound)
 * (the design's order): what check's inbound-no-snat reads. MR_OK,
 * MR_EINVAL (NULL) or MR_ENOMEM.
 */
MR_API int mr_net_inbound_paths(const struct mr_net *n,
                                struct mr_net_inbound_path *out);

#endif
