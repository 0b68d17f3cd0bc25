/*
 * m365route/design.h - the network design: an enterprise's Microsoft 365
 * routing over ExpressRoute and the Internet, as described in a YAML file
 * (docs/design-format.md).
 *
 * The format is documented, key by key, in docs/design-format.md.
 *
 * A loaded design is immutable and owns all its memory (one arena). Every
 * element keeps the span of its YAML node, so findings about it can name
 * file:line:col. References between elements are by name in the file and
 * resolved at load time into indexes (MR_NONE when absent); a dangling
 * reference is an error at its position, and a design with error-level
 * findings is never returned.
 *
 * Sources: Microsoft, "Routing with ExpressRoute for Office 365" (the seed)
 * and Microsoft Learn's ExpressRoute pages ("ExpressRoute routing
 * requirements", "ExpressRoute NAT requirements", "ExpressRoute FAQ",
 * "Configure route filters for Microsoft peering").
 */
#ifndef M365ROUTE_DESIGN_H
#define M365ROUTE_DESIGN_H

#include "common.h"
#include "diag.h"
#include "prefix.h"

#define MR_NONE UINT32_MAX

/** A prefix (or an address as a /32, /128) with where it was written. */
struct mr_dprefix {
	struct mr_prefix p;
	struct mr_span at;
};

/** A reference by name, resolved to an index into the design's array. */
struct mr_ref {
	const char *name; /* NULL when absent */
	uint32_t idx;     /* MR_NONE when absent */
	struct mr_span at;
};

struct mr_prefix_list {
	size_t n;
	const struct mr_dprefix *v;
};

struct mr_organization {
	const char *name;
	const char *tenant; /* e.g. "treyresearch" (<tenant>.sharepoint.com) */
	size_t n_asns;
	const uint32_t *asns; /* public ASNs it owns */
	const struct mr_span *asn_at;
	struct mr_prefix_list address_space; /* public space it owns */
	struct mr_span at;
};

enum mr_dns_mode {
	MR_DNS_LOCAL = 0,  /* the site's resolvers answer Microsoft 365 names */
	MR_DNS_FORWARD = 1 /* conditional forwarding to another site */
};

/* What a forwarding site's resolvers do when the forwarder they send
 * Microsoft 365 names to cannot be reached (dns: fallback). */
enum mr_dns_fallback {
	MR_DNS_FALLBACK_NONE = 0, /* nothing: the names do not resolve
	                             (BIND `forward only`) */
	MR_DNS_FALLBACK_LOCAL = 1 /* they resolve the names themselves
	                             (BIND `forward first`) */
};

/*
 * A site's access network (LAN/Wi-Fi) round trip when the design gives no
 * access_rtt_ms: our assumption of a typical office mix of wired and Wi-Fi
 * clients, not a Microsoft number (docs/design-format.md says why).
 */
#define MR_SITE_ACCESS_RTT_MS 5.0

struct mr_site {
	const char *name;
	const char *city;
	bool has_coords;
	double lat, lon;       /* degrees */
	const char *continent; /* "europe", "north-america", ... */
	uint32_t users;
	struct mr_prefix_list subnets; /* internal client subnets */
	/* DNS */
	size_t n_resolvers;
	const struct mr_dprefix *resolvers; /* addresses, as /32 or /128 */
	enum mr_dns_mode dns_mode;
	struct mr_ref dns_forward_to; /* site, when MR_DNS_FORWARD */
	enum mr_dns_fallback dns_fallback;
	struct mr_span dns_fallback_at; /* empty when not written */
	/* egress */
	size_t n_proxies;
	const struct mr_ref *proxies;
	bool receives_er_routes; /* ExpressRoute routes reach this site */
	bool realtime_media;     /* Teams/Skype calls and meetings here */
	double access_rtt_ms;    /* the access network's round trip (LAN/Wi-Fi):
	                         the floor of every flow's; default
	                         MR_SITE_ACCESS_RTT_MS */
	bool local_internet;     /* has an Internet breakout of its own */
	struct mr_span at;
};

struct mr_proxy {
	const char *name;
	struct mr_ref site;
	struct mr_dprefix listen; /* address */
	uint16_t port;
	struct mr_ref egress; /* an internet or expressroute circuit */
	bool egress_is_er;    /* which array egress.idx points into */
	struct mr_span at;
};

struct mr_internet_circuit {
	const char *name;
	struct mr_ref site;
	const char *isp;
	uint32_t bandwidth_mbps;          /* 0 if not given */
	struct mr_prefix_list advertised; /* to the Internet */
	struct mr_prefix_list nat_pool;
	struct mr_span at;
};

enum mr_sku { MR_SKU_NONE = 0, MR_SKU_LOCAL, MR_SKU_STANDARD, MR_SKU_PREMIUM };

/** A community in a route filter: its value and the name it was given. */
struct mr_community {
	uint16_t asn;        /* 12076 */
	uint16_t value;      /* 5010 */
	const char *written; /* as in the file: "exchange" or "12076:5010" */
	struct mr_span at;
};

struct mr_ms_peering {
	bool present;
	uint32_t peer_asn;
	struct mr_span peer_asn_at;
	uint32_t customer_asn; /* 0 if not given */
	struct mr_span customer_asn_at;
	/* IPv4: either one /29 (subnet) or primary + secondary /30 */
	struct mr_dprefix subnet, primary, secondary;
	bool has_subnet, has_primary, has_secondary;
	/* IPv6: one /125 or primary + secondary /126 */
	struct mr_dprefix subnet6, primary6, secondary6;
	bool has_subnet6, has_primary6, has_secondary6;
	uint16_t vlan, secondary_vlan; /* secondary_vlan 0 = same as vlan */
	struct mr_span vlan_at, secondary_vlan_at;
	uint32_t sessions; /* BGP sessions configured: 2 normally */
	struct mr_span sessions_at;
	struct mr_prefix_list advertised; /* to Microsoft */
	struct mr_prefix_list nat_pool;
	bool has_route_filter;
	size_t n_communities;
	const struct mr_community *communities;
	struct mr_span route_filter_at;
	bool bfd;
	uint32_t local_preference; /* 0 if not given */
	struct mr_span local_preference_at;
	size_t n_prepend;
	const uint32_t *prepend; /* AS-path prepend towards Microsoft */
	struct mr_span prepend_at;
	struct mr_span at;
};

struct mr_er_circuit {
	const char *name;
	struct mr_ref site;           /* the edge where it lands */
	const char *peering_location; /* "Amsterdam", "Silicon Valley" */
	struct mr_span peering_location_at;
	const char *provider;
	uint32_t bandwidth_mbps;
	struct mr_span bandwidth_at;
	bool direct; /* ExpressRoute Direct port */
	enum mr_sku sku;
	struct mr_span sku_at;
	const char *service_key;
	struct mr_span service_key_at;
	bool m365_authorized; /* subscription authorised for M365 filters */
	struct mr_ms_peering ms;
	bool private_peering; /* Azure private peering present */
	struct mr_span at;
};

struct mr_wan_link {
	struct mr_ref a, b; /* sites */
	double latency_ms;  /* one way; < 0 if not given */
	uint32_t bandwidth_mbps;
	struct mr_span at;
};

enum mr_inbound_kind {
	MR_IN_SMTP = 0,
	MR_IN_ADFS,
	MR_IN_EXCHANGE_HYBRID,
	MR_IN_SHAREPOINT_HYBRID_SEARCH,
	MR_IN_SHAREPOINT_HYBRID_BCS,
	MR_IN_SKYPE_HYBRID,
	MR_IN_CLOUD_CONNECTOR,
	MR_IN_OTHER
};

enum mr_path { MR_PATH_INTERNET = 0, MR_PATH_EXPRESSROUTE = 1 };

struct mr_inbound {
	const char *name;
	enum mr_inbound_kind kind;
	struct mr_span kind_at;
	struct mr_ref site;
	struct mr_dprefix address;
	enum mr_path path;
	/* snat: the Internet edge source-NATs Microsoft's connections to this
	 * server to an on-premises address of its own, so the server's replies
	 * go back through that edge whatever routes its segment has
	 * (Microsoft's NAT guidance for inbound flows). */
	bool snat;
	/* expressroute_routes: whether the ExpressRoute routes reach the
	 * server's segment; when not written (has_er_routes false), its
	 * site's expressroute_routes applies (the resolved network decides,
	 * mr_net_inbound_paths()). */
	bool has_er_routes;
	bool er_routes;
	struct mr_span at;
};

enum mr_service_area {
	MR_SA_EXCHANGE = 0,
	MR_SA_SHAREPOINT,
	MR_SA_SKYPE,
	MR_SA_COMMON,
	MR_SA__COUNT
};

struct mr_demand {
	struct mr_ref site;
	double mbps[MR_SA__COUNT]; /* < 0 where not given */
	struct mr_span at;
};

enum mr_override_action { MR_OVERRIDE_PROXY = 0, MR_OVERRIDE_DIRECT = 1 };

struct mr_override {
	const char *host; /* a hostname pattern, validated */
	enum mr_override_action action;
	struct mr_span at;
};

struct mr_pac_group {
	const char *name;
	struct mr_prefix_list clients; /* client subnets served this PAC */
	size_t n_sites;
	const struct mr_ref *sites;
	struct mr_ref proxy; /* where non-ExpressRoute traffic goes: the
	                        first of proxies */
	size_t n_proxies;    /* >= 1 once loaded */
	const struct mr_ref *proxies; /* proxy: in failover order (the PAC
	                                 file returns them all) */
	bool expressroute; /* DIRECT for ExpressRoute names (else all proxy) */
	struct mr_span at;
};

struct mr_design {
	const char *source; /* file name */
	struct mr_organization org;
	size_t n_sites;
	const struct mr_site *sites;
	size_t n_proxies;
	const struct mr_proxy *proxies;
	size_t n_inet;
	const struct mr_internet_circuit *inet;
	size_t n_er;
	const struct mr_er_circuit *er;
	size_t n_wan;
	const struct mr_wan_link *wan;
	size_t n_inbound;
	const struct mr_inbound *inbound;
	size_t n_demand;
	const struct mr_demand *demand;
	size_t n_overrides;
	const struct mr_override *overrides;
	size_t n_pac_groups;
	const struct mr_pac_group *pac_groups;
};

/** The largest design file the loader reads, in bytes. */
#define MR_DESIGN_MAX (16u * 1024u * 1024u)

/**
 * Load a design from YAML text. name is used in diagnostics. Findings go to
 * d. Returns MR_OK and *out, or MR_EPARSE (errors in d), MR_ENOMEM,
 * MR_EINVAL (too large). On failure *out is NULL.
 */
MR_API int mr_design_load_buffer(struct mr_design **out, const char *name,
                                 const char *text, size_t len,
                                 struct mr_diags *d);
/** Same from a file ("-" = stdin). MR_EIO if unreadable. */
MR_API int mr_design_load_file(struct mr_design **out, const char *path,
                               struct mr_diags *d);
MR_API void mr_design_free(struct mr_design *dsg);

/** The examples compiled into the library: "trey-research", ... */
MR_API size_t mr_example_count(void);
MR_API const char *mr_example_name(size_t i);
/** The YAML text of example name (NULL if unknown), and its length. */
MR_API const char *mr_example_text(const char *name, size_t *len);

MR_API const char *mr_service_area_name(enum mr_service_area sa);
MR_API const char *mr_inbound_kind_name(enum mr_inbound_kind k);
MR_API const char *mr_sku_name(enum mr_sku s);

#endif
