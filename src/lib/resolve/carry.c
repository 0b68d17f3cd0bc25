/*
 * carry.c - which ExpressRoute circuits carry each site's traffic to each
 * service area (struct mr_net_carriers): the attribution `usage` sizes
 * circuits with and `check`'s capacity and availability rules read. It asks
 * the same questions, in the same order, as the simulation's flows
 * (sim_run.c flow()): the site's PAC decision (mr_net_pac()), the first of
 * its proxies it reaches and that proxy's egress (when the proxy's site
 * reaches the circuit's edge over the WAN), or the BGP decision at
 * the site with its multipath set (route.c mri_route_decide()); no traffic
 * when the name does not resolve where it is asked (net_dns.c).
 *
 * Data layout: per (site, service area) cell an offset into one array of
 * circuit indexes (CSR), and the proxy the traffic goes through. A design
 * with overrides has a second block of cells: the same site and service
 * area with the PAC decision turned round (DIRECT where the site's PAC
 * file names its proxy, the proxy where it sends ExpressRoute names
 * DIRECT), which is what an override decides for the names it matches
 * (mr_net_carriers_get_for()): the bytes of those names go where the
 * simulation sends them, not where their service area goes.
 *
 * Complexity: with nothing failed, per site and service area one BGP
 * decision, O(E + K), and for proxied traffic one shortest-path tree per
 * proxy site (cached). With circuit `down` failed and a base given, the
 * WAN trees are the base's (no WAN link failed). Every cell is decided
 * again: a failed circuit that is in no cell's set can still change
 * decisions elsewhere (what the edges advertise into iBGP ties to the
 * best path anywhere; found by the random designs, seed 30).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "net_dns.h"
#include "route.h"

struct mr_net_carriers {
	const struct mr_net *net;
	uint32_t down;
	size_t n_cells;
	uint32_t *off;   /* n_cells + 1 */
	uint32_t *circ;  /* off[n_cells] */
	uint32_t *proxy; /* n_cells */
	size_t cap;
	struct mri_route rt; /* kept: a failure state borrows its trees */
	bool have_rt;
};

static int
push(struct mr_net_carriers *c, uint32_t circuit)
{
	size_t n = c->off[c->n_cells]; /* the running end */

	if (n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 64;
		uint32_t *v = realloc(c->circ, cap * sizeof(*v));
		if (v == NULL)
			return MR_ENOMEM;
		c->circ = v;
		c->cap = cap;
	}
	c->circ[n] = circuit;
	c->off[c->n_cells] = (uint32_t)n + 1;
	return MR_OK;
}

/* Do Microsoft 365 names asked at site at's resolvers resolve? */
static bool
resolves(struct mri_route *rt, uint32_t at)
{
	struct mri_dns d;

	mri_route_dns(rt, at, NULL, NULL, &d);
	return d.how != MRI_DNS_FAILED;
}

/* Decide one cell into c (appending its circuits); turned: the PAC
 * decision turned round (the second block). */
static int
decide(struct mr_net_carriers *c, uint32_t s, enum mr_service_area sa,
       bool turned)
{
	struct mri_route *rt = &c->rt;
	const struct mr_net *n = c->net;
	const struct mr_design *g = n->dsg;
	size_t cell = ((size_t)turned * g->n_sites + s) * MR_SA__COUNT + sa;
	struct mri_route_decision dec;
	struct mr_net_pac p;
	uint32_t k;
	bool proxied;

	c->proxy[cell] = MR_NONE;
	mr_net_pac(n, s, NULL, 0, MR_ROUTE_EXPRESSROUTE, true, &p);
	proxied = p.proxy != MR_NONE;
	if (turned && p.why != MR_NET_PAC_NO_POLICY)
		proxied = !proxied;
	if (proxied) {
		const struct mr_proxy *px;
		const struct mri_tree *t;
		uint32_t from, x;
		x = mri_route_proxy(rt, s, NULL, NULL, NULL, &t, &from);
		if (x == MR_NONE)
			return MR_OK;
		c->proxy[cell] = x;
		px = &g->proxies[x];
		if (!resolves(rt, px->site.idx) || !px->egress_is_er ||
		    px->egress.idx >= g->n_er || !rt->er_up[px->egress.idx])
			return MR_OK;
		/* The proxy's site must reach the circuit's edge over the
		 * WAN, as the simulation's flow must (else: no route). */
		t = mri_route_tree_for(rt, px->site.idx,
		                       g->er[px->egress.idx].site.idx, &from);
		if (t == NULL || !isfinite(t->dist[from]))
			return MR_OK;
		return push(c, px->egress.idx);
	}
	if (!g->sites[s].receives_er_routes || !resolves(rt, s) ||
	    !mri_route_decide(rt, s, true, mri_net_sa_mask(sa), &dec))
		return MR_OK;
	for (k = 0; k < dec.n_multi; k++)
		if (push(c, dec.multi[k]) != MR_OK)
			return MR_ENOMEM;
	return MR_OK;
}

int
mr_net_carriers_new(struct mr_net_carriers **out, const struct mr_net *n,
                    uint32_t down, const struct mr_net_carriers *base)
{
	const struct mr_design *g;
	struct mr_net_carriers *c;
	size_t cell;
	int rc = MR_OK;

	if (out != NULL)
		*out = NULL;
	if (n == NULL || out == NULL ||
	    (base != NULL && (base->net != n || base->down != MR_NONE)))
		return mri_error_set(MR_EINVAL, "mr_net_carriers_new: bad "
		                                "arguments");
	g = n->dsg;
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return mri_error_set(MR_ENOMEM, "out of memory");
	c->net = n;
	c->down = down;
	c->n_cells = g->n_sites * MR_SA__COUNT;
	if (g->n_overrides > 0)
		c->n_cells *= 2;
	c->off = calloc(c->n_cells + 1, sizeof(*c->off));
	c->proxy = calloc(c->n_cells + 1, sizeof(*c->proxy));
	if (c->off == NULL || c->proxy == NULL ||
	    mri_route_init(&c->rt, n) != MR_OK) {
		mr_net_carriers_free(c);
		return mri_error_set(MR_ENOMEM, "out of memory");
	}
	c->have_rt = true;
	/* What the simulation counts up with nothing failed. */
	mri_route_nominal(&c->rt, down);
	if (base != NULL)
		mri_route_inherit(&c->rt, &base->rt, MR_NONE, MR_NONE);
	for (cell = 0; cell < c->n_cells && rc == MR_OK; cell++) {
		/* the cell being filled: off[n_cells] runs ahead */
		size_t site = cell / MR_SA__COUNT % g->n_sites;
		c->off[cell] = c->off[c->n_cells];
		rc = decide(c, (uint32_t)site,
		            (enum mr_service_area)(cell % MR_SA__COUNT),
		            cell >= g->n_sites * MR_SA__COUNT);
	}
	if (rc == MR_OK && c->rt.oom)
		rc = MR_ENOMEM;
	if (rc != MR_OK) {
		mr_net_carriers_free(c);
		return mri_error_set(MR_ENOMEM, "out of memory");
	}
	*out = c;
	return MR_OK;
}

void
mr_net_carriers_free(struct mr_net_carriers *c)
{
	if (c == NULL)
		return;
	if (c->have_rt)
		mri_route_fini(&c->rt);
	free(c->off);
	free(c->circ);
	free(c->proxy);
	free(c);
}

void
mr_net_carriers_get(const struct mr_net_carriers *c, uint32_t site,
                    enum mr_service_area sa, struct mr_net_carry *out)
{
	mr_net_carriers_get_for(c, site, sa, MR_NONE, out);
}

void
mr_net_carriers_get_for(const struct mr_net_carriers *c, uint32_t site,
                        enum mr_service_area sa, uint32_t override,
                        struct mr_net_carry *out)
{
	size_t cell = (size_t)site * MR_SA__COUNT + sa;

	memset(out, 0, sizeof(*out));
	out->proxy = MR_NONE;
	if (c == NULL || site >= c->net->dsg->n_sites ||
	    (unsigned)sa >= MR_SA__COUNT)
		return;
	if (override != MR_NONE && override < c->net->dsg->n_overrides) {
		struct mr_net_pac as, with;
		mr_net_pac(c->net, site, NULL, 0, MR_ROUTE_EXPRESSROUTE, true,
		           &as);
		mri_net_pac_override(c->net, site, override,
		                     MR_ROUTE_EXPRESSROUTE, &with);
		if ((as.proxy == MR_NONE) != (with.proxy == MR_NONE))
			cell += c->net->dsg->n_sites * MR_SA__COUNT;
	}
	out->n = c->off[cell + 1] - c->off[cell];
	/* no circuit anywhere: circ was never allocated */
	out->circuit = out->n > 0 ? c->circ + c->off[cell] : NULL;
	out->proxy = c->proxy[cell];
}

bool
mr_net_carriers_same(const struct mr_net_carriers *a,
                     const struct mr_net_carriers *b)
{
	size_t i;

	if (a == NULL || b == NULL || a->n_cells != b->n_cells)
		return false;
	for (i = 0; i < a->n_cells; i++)
		if (a->off[i + 1] - a->off[i] != b->off[i + 1] - b->off[i] ||
		    a->proxy[i] != b->proxy[i] ||
		    (a->off[i + 1] > a->off[i] &&
		     memcmp(a->circ + a->off[i], b->circ + b->off[i],
		            (a->off[i + 1] - a->off[i]) * sizeof(*a->circ)) !=
		         0))
			return false;
	return true;
}
