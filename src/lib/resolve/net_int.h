/*
 * net_int.h - the resolved network's insides, for the rooms that read it
 * (sim today; the configuration generators next): the structure behind
 * struct mr_net (m365route/resolve.h). Read-only once mr_net_resolve()
 * returns. resolve.c fills the site policy, net_topo.c the topology.
 */
#ifndef MR_NET_INT_H
#define MR_NET_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "m365route/peering.h"
#include "m365route/resolve.h"

/* The four Office 365 service communities and Entra ID's (12076:5060,
 * sign-in), as bits of a mask. */
enum {
	COMM_EXCHANGE = 1,
	COMM_SHAREPOINT = 2,
	COMM_SKYPE = 4,
	COMM_OTHER = 8,
	COMM_IDENTITY = 16
};
#define COMM_MASKS 32

/* A WAN adjacency. */
struct mri_net_adj {
	uint32_t to;
	uint32_t wan;
	double ms; /* one way */
};

/* What a customer advertises over one circuit (to Microsoft, or to the
 * Internet), with the AS-path length the far side sees. */
struct mri_net_adv {
	struct mr_prefix p;
	uint32_t circuit;
	uint32_t as_path;
};

struct mr_net {
	const struct mr_design *dsg;
	/* client policy (resolve.c) */
	struct mr_net_site *site;
	/* per site, its PAC file's proxies in failover order, CSR: the
	 * group's proxy: list, else the site's proxies: (each once) */
	uint32_t *fo_off; /* n_sites + 1 */
	uint32_t *fo;
	uint32_t *ovr; /* override indexes, PAC order */
	/* per override (design index): the override before it in PAC order
	 * that matches every host it matches, or MR_NONE */
	uint32_t *ovr_shadow;
	/* WAN graph, CSR (net_topo.c) */
	uint32_t *adj_off; /* n_sites + 1 */
	struct mri_net_adj *adj;
	double *wan_ms;
	bool *wan_known;
	/* circuits */
	unsigned *er_mask; /* route filter as community bits */
	uint32_t *er_lp;
	uint32_t *er_rid;
	const struct mr_peering_location **er_loc;
	uint32_t *inet_as; /* synthetic neighbour AS per ISP name */
	/* What Microsoft accepts: a peering advertising more than 200
	 * prefixes of a family has no session (the circuit carries
	 * nothing); refused prefixes (special-purpose space, the default
	 * route) are left out of adv. */
	bool *er_session_down;
	size_t n_refused;
	uint32_t *site_er_off, *site_er; /* circuits landing per site, CSR */
	uint32_t *site_inet_off, *site_inet;
	/* customer advertisements */
	size_t n_adv;
	struct mri_net_adv *adv; /* over ExpressRoute */
	size_t n_iadv;
	struct mri_net_adv *iadv; /* to the Internet */
	/* nearest peering location per site (Internet egress) */
	const struct mr_peering_location **site_near;
	/* DNS (net_dns.c), CSR per site: the forwarding chain (the site
	 * first, its DNS site last); with nothing failed, the WAN links of
	 * each hop's shortest path and every site those paths cross (the
	 * chain's included), in order from the site; whether every hop has
	 * a path */
	uint32_t *dns_off, *dns_chain;
	uint32_t *dns_wan_off, *dns_wan;
	uint32_t *dns_via_off, *dns_via;
	bool *dns_reach;
};

int mri_net_build_graph(struct mr_net *n);
int mri_net_build_circuits(struct mr_net *n);

struct mr_endpoint_set;
/* What site's PAC file decides for a host that override o (the design's
 * index; MR_NONE: none) decides, for an HTTP flow to a name of route
 * `route`: mr_net_pac() with the override already known. resolve.c. */
void mri_net_pac_override(const struct mr_net *n, uint32_t site, uint32_t o,
                          enum mr_route route, struct mr_net_pac *out);

/* The community bit of an endpoint set's ExpressRoute prefixes (its
 * service area's; Entra ID's for the identity set). erprefix.c. */
unsigned mri_net_set_bit(const struct mr_endpoint_set *es);

/* A service area's Office 365 community, as a bit of the masks (Common:
 * "Other Office 365", 12076:5100). */
static inline unsigned
mri_net_sa_mask(enum mr_service_area sa)
{
	switch (sa) {
	case MR_SA_EXCHANGE:
		return COMM_EXCHANGE;
	case MR_SA_SHAREPOINT:
		return COMM_SHAREPOINT;
	case MR_SA_SKYPE:
		return COMM_SKYPE;
	default:
		return COMM_OTHER;
	}
}

/*
 * Microsoft's way back to address a (msreturn.c; m365route/resolve.h,
 * mr_net_ms_return()) with the circuits whose flags are set in er_up and
 * inet_up alive (NULL: every circuit Microsoft has a session with). only
 * != MR_NONE: over that ExpressRoute circuit alone, never the Internet.
 */
void mri_net_ms_return(const struct mr_net *n, const bool *er_up,
                       const bool *inet_up, const struct mr_addr *a,
                       uint32_t only, struct mr_net_return *out);

#endif
