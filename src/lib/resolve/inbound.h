/*
 * inbound.h - the paths of the flows Microsoft starts towards on-premises
 * servers (inbound.c), under one routing state (route.h). The simulation runs them per failure set;
 * mr_net_inbound_paths() with nothing failed. Private to resolve and the
 * rooms that name it in DEPS.
 */
#ifndef MR_INBOUND_H
#define MR_INBOUND_H

#include <stdbool.h>
#include <stdint.h>

#include "route.h"

/* A path out of the server: over an ExpressRoute circuit (er) or an
 * Internet one; c MR_NONE: none. */
struct mri_out {
	bool er;
	uint32_t c;
};

/* An inbound flow: Microsoft connects to the server, the server replies. */
struct mri_inbound {
	struct mr_net_return in; /* how Microsoft's connections arrive
	                           (mri_net_ms_return()) */
	bool er_routes;          /* the server's segment has the ER routes */
	/* The Internet edge source-NATs the connections (the design's snat,
	 * and they arrive over the Internet): every reply goes back through
	 * the edge it came in by, in.c[0] for the first. */
	bool snat;
	/* The reply to the service area's Microsoft addresses (its
	 * ExpressRoute front ends); for SMTP the reply to Microsoft senders
	 * outside the prefixes advertised over ExpressRoute too (reply2: the
	 * default route). c MR_NONE when no route is left or the site is
	 * down. */
	struct mri_out reply, reply2;
};

/* Whether the ExpressRoute routes reach inbound service i's segment: its
 * expressroute_routes, else its site's. */
bool mri_inbound_er_routes(const struct mr_design *g, uint32_t i);
/* The service area whose Microsoft addresses inbound kind k comes from
 * (SMTP and Exchange hybrid: Exchange; SharePoint hybrid: SharePoint;
 * Skype hybrid and Cloud Connector: Skype; ADFS and other: Common). */
enum mr_service_area mri_inbound_sa(enum mr_inbound_kind k);
/* Inbound service i's flow under rt's failures. */
void mri_inbound_decide(struct mri_route *rt, uint32_t i,
                        struct mri_inbound *out);

#endif
