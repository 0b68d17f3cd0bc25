/*
 * net_dns.h - where a site's Microsoft 365 names are resolved under a
 * state of failures (net_dns.c): the forwarding chain walked over the
 * live WAN, and what happens when a hop is cut. The simulation asks it
 * per failure set; the model's attribution of traffic to circuits asks it
 * with nothing failed or one circuit failed. Private to resolve and the
 * rooms that name it in DEPS.
 */
#ifndef MR_NET_DNS_H
#define MR_NET_DNS_H

#include <stdint.h>

#include "route.h"

enum mri_dns_how {
	MRI_DNS_ANSWERED = 0, /* the DNS site's resolvers answer */
	MRI_DNS_FALLBACK,     /* a forwarder was unreachable; a site before
	                         it on the chain (fallback: local) resolved
	                         the name itself */
	MRI_DNS_FAILED        /* a forwarder was unreachable and nothing
	                         falls back: the name does not resolve */
};

struct mri_dns {
	enum mri_dns_how how;
	/* whose resolvers answer: the DNS site (ANSWERED), the site that
	 * fell back (FALLBACK); MR_NONE (FAILED) */
	uint32_t site;
	/* the first forwarding hop that is cut: cut_from's resolvers cannot
	 * reach cut_to's (cut_to down, or no live WAN path); MR_NONE when
	 * every hop is reached. A down asking site: cut_from MR_NONE,
	 * cut_to the site. */
	uint32_t cut_from, cut_to;
};

/*
 * Resolve a Microsoft 365 name asked at site's resolvers under r's
 * failures: follow the site's forwarding chain (mr_net_dns()) hop by hop
 * over the live WAN; at the first hop cut, the nearest site at or before
 * it whose dns fallback is local resolves the name itself (BIND `forward
 * first`: a forwarder's failure, timeout or SERVFAIL, sends the query to
 * the root); without one the name does not resolve. dep(ctx, s, t, from),
 * when not NULL, hears of what the answer depends on, in order: each site
 * asked (t NULL), and each hop's path (s MR_NONE; walk t from `from` to
 * its root, as mri_route_tree_for() returns it; valid only during the
 * call). The answer depends on nothing else, so a failure of anything
 * else cannot change it.
 */
void mri_route_dns(struct mri_route *r, uint32_t site,
                   void (*dep)(void *ctx, uint32_t s, const struct mri_tree *t,
                               uint32_t from),
                   void *ctx, struct mri_dns *out);

/* Build each site's chain and its dependencies with nothing failed
 * (mr_net_resolve()); sets each site's dns_site. MR_OK or MR_ENOMEM. */
int mri_net_build_dns(struct mr_net *n);

#endif
