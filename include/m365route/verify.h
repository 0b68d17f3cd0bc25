/*
 * m365route/verify.h - the running network against the plan (issue #15):
 * a router's exported routing table (m365route/rib.h) judged against what
 * the plan's router representation (m365route/config.h, built from the
 * resolved network) says it should hold (section 1), and a client's real
 * path: its resolver, its PAC file and its kernel's routes against the
 * flows the simulation gives its site (section 2). Findings go to the
 * diagnostics sink with the MR-VER-* rules (docs/rules.md) and the
 * reader's errors as MR0301.
 */
#ifndef M365ROUTE_VERIFY_H
#define M365ROUTE_VERIFY_H

#include "common.h"
#include "config.h"
#include "diag.h"
#include "endpoints.h"
#include "match.h"
#include "rib.h"
#include "sim.h"

/**
 * Check rib, the table router `router` exported (one of the plan's
 * routers: mr_config_router_find()), against the plan. src: the source
 * the rib was read from in d (mr_diags_add_source(); 0 when it has none:
 * binary MRT or gzip input, then messages say the byte offset).
 * An ExpressRoute circuit's router: every prefix its route filter admits
 * from Microsoft is there (MR-VER-1), nothing else from Microsoft
 * (MR-VER-2), no default or special-purpose route from Microsoft
 * (MR-VER-3), Microsoft's routes at the plan's local preference
 * (MR-VER-4) and, when the format says which path is best, Microsoft's
 * path best for each of them (MR-VER-5); a family the table lacks is
 * a note (MR-VER-6). With rib->advertised (what the router sends its
 * peer): to Microsoft exactly the plan's prefixes (MR-VER-7 an extra one,
 * MR-VER-8 a missing one); from an Internet edge, nothing advertised to
 * Microsoft or a circuit's NAT pool (MR-VER-9). MR_OK, MR_EINVAL (no
 * such router: message set), MR_ENOMEM.
 */
MR_API int mr_verify_router(const struct mr_config *cfg,
                            const struct mr_catalog *cat, const char *router,
                            const struct mr_rib *rib, uint32_t src,
                            struct mr_diags *d);

/**
 * Read router `router`'s table from path, as mr_rib_load_filtered() does,
 * keeping only the routes mr_verify_router() looks at for this router
 * (the findings on the result are those on the whole table): an MRT file
 * is streamed, so a full Internet table takes memory for the routes from
 * Microsoft and of the circuit's prefixes only. advertised: the table is
 * what the router advertises (sets rib->advertised). *out is freed with
 * mr_rib_free(). MR_OK, MR_EINVAL (no such router), mr_rib_load()'s
 * errors (MR_EIO, MR_EPARSE, MR_ENOMEM).
 */
MR_API int mr_verify_load(const struct mr_config *cfg,
                          const struct mr_catalog *cat, const char *router,
                          bool advertised, const char *path,
                          enum mr_rib_format fmt, struct mr_rib **out);

/* ---- a client's real path (verify --client) ---- */

/** The kernel's route for one address (rtnetlink RTM_GETROUTE). */
struct mr_vclient_route {
	int err;         /* 0, or the kernel's errno: ENETUNREACH (no route),
	                    EHOSTUNREACH, EACCES (prohibit)... */
	char ifname[16]; /* the egress interface */
	bool has_gw;     /* a next hop (else on link) */
	struct mr_addr gw;
	bool has_src; /* the preferred source address */
	struct mr_addr src;
	uint32_t table; /* the routing table that answered */
	int dst_len;    /* the matched entry's prefix length; -1 unknown */
};

/** Which way the kernel's route leaves, as far as the design can say. */
enum mr_vclient_path {
	MR_VCLIENT_PATH_UNKNOWN = 0, /* the design cannot say (no circuit's
	                                link address has a route of its own
	                                here) */
	MR_VCLIENT_PATH_ER,          /* the next hop of an ExpressRoute
	                                circuit's link addresses */
	MR_VCLIENT_PATH_OTHER,       /* another next hop: not ExpressRoute */
	MR_VCLIENT_PATH_NO_ROUTE     /* the kernel has no usable route */
};

/** Whether what the client does is what the plan expects. */
enum mr_vclient_match {
	MR_VCLIENT_NA = 0, /* nothing to compare (a proxied flow's route,
	                      no PAC file, a flow the plan blackholes) */
	MR_VCLIENT_MATCH,
	MR_VCLIENT_DIFFERS,
	MR_VCLIENT_UNKNOWN /* the design cannot say (see PATH_UNKNOWN) */
};

/** One resolved address of a destination. */
struct mr_vclient_addr {
	struct mr_addr addr;
	enum mr_route route;           /* the catalog's for the address */
	char prefix[MR_PREFIX_STRLEN]; /* the deciding catalog prefix; ""
	                                  when outside every one */
	struct mr_vclient_route rt;
	enum mr_vclient_path path;
	const char *path_circuit; /* PATH_ER: whose link addresses */
	/* the plan (the simulation of this address from the site) */
	enum mr_sim_via plan_via;
	const char *plan_circuit; /* NULL for MR_SIM_VIA_NONE */
	enum mr_vclient_match match;
};

/** One flow of the site, as the client sees it. */
struct mr_vclient_dest {
	const char *flow;    /* "exchange", "teams-media", "m365-internet",
	                       "non-microsoft", ... (simulate's names) */
	const char *target;  /* the name, or the address of a UDP flow */
	bool udp;            /* not HTTP: no PAC, no name */
	enum mr_route route; /* the catalog's decision for the target */
	/* PAC: the plan's first entry ("DIRECT", "PROXY 10.1.2.3:8080") and
	 * the client's PAC file's whole answer (NULL: no PAC file, a UDP
	 * flow, or it threw: then pac_error) */
	const char *plan_pac;
	const char *pac;
	const char *pac_error;
	enum mr_vclient_match pac_match;
	bool proxied;              /* the client hands the flow to a proxy */
	const char *resolve_error; /* the resolver's message, or NULL */
	size_t n_addrs;
	const struct mr_vclient_addr *addrs;
};

struct mr_vclient {
	const char *site;     /* the site verified */
	const char *my_ip;    /* this machine's address (myIpAddress()) */
	bool site_by_address; /* site found by my_ip in its subnets */
	bool pac;             /* a PAC file was evaluated */
	size_t n_dests;
	const struct mr_vclient_dest *dests;
};

/** The largest PAC file and the longest fetch verify takes by default. */
#define MR_VERIFY_PAC_MAX        ((size_t)4 << 20)
#define MR_VERIFY_PAC_TIMEOUT_MS 10000L

struct mr_verify_client_opts {
	unsigned version;
	/* The site: NULL for the site whose subnets hold this machine's
	 * address, else the design's only site. */
	const char *site;
	/* The PAC file the client gets (mr_verify_pac_get()) and its name
	 * for messages; NULL: none, the plan's PAC decision is assumed. */
	const char *pac;
	size_t pac_len;
	const char *pac_name;
	/* "Now" for the PAC date helpers (seconds since the epoch) and the
	 * local time's offset from UTC in minutes: the caller's clock (the
	 * library reads none). */
	int64_t now;
	int32_t tz_minutes;
};

#define MR_VERIFY_CLIENT_OPTS_VERSION 1
#define MR_VERIFY_CLIENT_OPTS_INIT                                             \
	{                                                                      \
		MR_VERIFY_CLIENT_OPTS_VERSION, NULL, NULL, 0, NULL, 0, 0       \
	}

/**
 * The PAC file a client gets: source is a file (mr_read_file()) or an
 * http:// or https:// URL fetched with libcurl (status 200 only, at most
 * max bytes, 0: MR_VERIFY_PAC_MAX; timeout_ms for the whole transfer,
 * 0: MR_VERIFY_PAC_TIMEOUT_MS). Any other scheme is refused. MR_OK with
 * *out (NUL-terminated, *len bytes; free()), MR_EINVAL, MR_EIO (message
 * in mr_error_last()) or MR_ENOMEM.
 */
MR_API int mr_verify_pac_get(char **out, size_t *len, const char *source,
                             size_t max, long timeout_ms);

/**
 * Verify this machine as a client of the site: for each flow the
 * simulation gives the site (mr_sim_new() from it, nothing failed), the
 * name resolved with the system resolver (getaddrinfo), the PAC file
 * evaluated (o->pac; dnsResolve() with the system resolver, myIpAddress()
 * this machine's source address towards the Internet), the kernel's
 * route for each address (rtnetlink), and each compared with the plan:
 * MR-VER-11 (the PAC file decides otherwise), MR-VER-12 (the route
 * leaves another way than the plan's for that address), MR-VER-13 (a
 * Microsoft 365 name resolves outside every catalog prefix), MR-VER-14
 * (a name does not resolve), MR-VER-15 (the design cannot say which next
 * hop is a circuit's). Which next hop is an ExpressRoute circuit's is
 * the kernel's route to the circuit's link addresses (cfg's routers), when
 * that is a route of its own and not the default route.
 * MR_OK with *out (free with mr_verify_client_free()); MR_ENOTFOUND (no
 * such site, or none found by address: message lists the sites),
 * MR_EPARSE (the PAC file does not load: message says why), MR_EINVAL,
 * MR_EIO (rtnetlink unusable), MR_ENOMEM.
 */
MR_API int mr_verify_client(struct mr_vclient **out, const struct mr_net *net,
                            const struct mr_matcher *m,
                            const struct mr_config *cfg,
                            const struct mr_verify_client_opts *o,
                            struct mr_diags *d);
MR_API void mr_verify_client_free(struct mr_vclient *c);

#endif
