/*
 * m365route/resolve.h - the resolved network: a design resolved once into
 * the decisions every artefact reads (docs/ARCHITECTURE.md, "The resolved
 * network"). Which PAC group serves a site, which proxy its PAC file names,
 * whether ExpressRoute names go DIRECT, which override wins for a host,
 * where its Microsoft 365 names are resolved: decided here only. `check`,
 * `simulate`, `pac` and `plan` read it; none decides any of it again, so two
 * artefacts of one plan cannot disagree.
 *
 * A struct mr_net is read-only once built and borrows the design (which
 * must outlive it).
 */
#ifndef M365ROUTE_RESOLVE_H
#define M365ROUTE_RESOLVE_H

#include "common.h"
#include "design.h"
#include "match.h"

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
	/* The proxy its PAC file names: the group's, else the site's first;
	 * MR_NONE when neither exists (no PAC file: every flow DIRECT). */
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
 * nothing failed, which must outlive *out) lets only what `down` carried
 * be decided again. MR_OK, MR_EINVAL or MR_ENOMEM. Free with
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

#endif
