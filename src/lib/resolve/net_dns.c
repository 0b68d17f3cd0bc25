/*
 * net_dns.c - where a site's Microsoft 365 names are resolved, and what
 * that depends on: the chain of dns: forward_to (the site, each forwarder
 * in turn, the DNS site last), the WAN paths between them, and, under a
 * state of failures, whether each hop is still reached and what happens
 * when one is not (mri_route_dns(), net_dns.h).
 *
 * Sources: the seed (Humongous Insurance "implements DNS forwarding" so
 * that the remote office gets front ends "near the headquarters where
 * Humongous Insurance is peering with Microsoft"; expressroute-facts.md
 * section 5). What a forwarding resolver does when its forwarder does not
 * answer is its configuration: BIND's `forward first` (the default) then
 * resolves the name itself from the root, `forward only` fails the query
 * (BIND 9 ARM, `forward`); Windows DNS falls back to its root hints when
 * "Use root hints if no forwarders are available" is set
 * (fRecurseAfterForwarding, [MS-DNSP] 2.2.5.2.10.1). The design states it
 * per site (dns: fallback: local | none; none, the default, assumes no
 * resilience the design does not state: docs/design-format.md).
 *
 * Invariants: a chain holds each site once (it stops where a loop would
 * close); the dependencies are those of the failure-free network (every
 * site and WAN link up), the paths the ones route.c's Dijkstra picks.
 * Complexity: to build, one shortest-path tree per distinct forwarder (as
 * route.c computes them), O(W log S) each, plus O(path^2) per site to keep
 * its lists free of repeats; a resolution under failures walks the chain,
 * one tree per hop (route.c's cache).
 */
#include "net_dns.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"

struct vec {
	uint32_t *v;
	size_t n, cap;
};

static int
push(struct vec *x, uint32_t val)
{
	if (x->n == x->cap) {
		uint32_t *v =
		    mri_vec_grow(x->v, &x->cap, x->n + 1, sizeof(*v), 16);
		if (v == NULL)
			return MR_ENOMEM;
		x->v = v;
	}
	x->v[x->n++] = val;
	return MR_OK;
}

/* val among x->v[from..n)? */
static bool
has(const struct vec *x, size_t from, uint32_t val)
{
	size_t i;

	for (i = from; i < x->n; i++)
		if (x->v[i] == val)
			return true;
	return false;
}

static int
push_new(struct vec *x, size_t from, uint32_t val)
{
	return has(x, from, val) ? MR_OK : push(x, val);
}

/* The next site of t's forwarding, or MR_NONE. */
static uint32_t
forwarder(const struct mr_design *g, uint32_t t)
{
	const struct mr_site *st = &g->sites[t];

	if (st->dns_mode != MR_DNS_FORWARD ||
	    st->dns_forward_to.idx >= g->n_sites)
		return MR_NONE;
	return st->dns_forward_to.idx;
}

/* Site s's chain and the failure-free paths of its hops. */
static int
build_site(struct mr_net *n, struct mri_route *rt, bool *have_rt, uint32_t s,
           struct vec *chain, struct vec *wan, struct vec *via)
{
	const struct mr_design *g = n->dsg;
	size_t c0 = chain->n, w0 = wan->n, v0 = via->n;
	uint32_t t = s, nx;
	bool reach = true;

	if (push(chain, s) != MR_OK || push(via, s) != MR_OK)
		return MR_ENOMEM;
	while ((nx = forwarder(g, t)) != MR_NONE && !has(chain, c0, nx)) {
		const struct mri_tree *tr;
		uint32_t from, x;
		if (!*have_rt) {
			if (mri_route_init(rt, n) != MR_OK)
				return MR_ENOMEM;
			*have_rt = true;
		}
		if ((tr = mri_route_tree_for(rt, t, nx, &from)) == NULL)
			return MR_ENOMEM;
		if (!isfinite(tr->dist[from]))
			reach = false;
		for (x = from; isfinite(tr->dist[from]) && x != tr->src &&
		               tr->pwan[x] != MR_NONE;
		     x = tr->pnode[x])
			if (push_new(wan, w0, tr->pwan[x]) != MR_OK ||
			    push_new(via, v0, tr->pnode[x]) != MR_OK)
				return MR_ENOMEM;
		if (push(chain, nx) != MR_OK || push_new(via, v0, nx) != MR_OK)
			return MR_ENOMEM;
		t = nx;
	}
	n->site[s].dns_site = t;
	n->dns_reach[s] = reach;
	return MR_OK;
}

int
mri_net_build_dns(struct mr_net *n)
{
	const struct mr_design *g = n->dsg;
	size_t ns = g->n_sites, i;
	struct vec chain = {NULL, 0, 0}, wan = {NULL, 0, 0}, via = {NULL, 0, 0};
	struct mri_route rt;
	bool have_rt = false;
	int rc = MR_OK;

	n->dns_off = calloc(ns + 1, sizeof(*n->dns_off));
	n->dns_wan_off = calloc(ns + 1, sizeof(*n->dns_wan_off));
	n->dns_via_off = calloc(ns + 1, sizeof(*n->dns_via_off));
	n->dns_reach = calloc(ns + 1, sizeof(*n->dns_reach));
	if (n->dns_off == NULL || n->dns_wan_off == NULL ||
	    n->dns_via_off == NULL || n->dns_reach == NULL)
		rc = MR_ENOMEM;
	for (i = 0; i < ns && rc == MR_OK; i++) {
		n->dns_off[i] = (uint32_t)chain.n;
		n->dns_wan_off[i] = (uint32_t)wan.n;
		n->dns_via_off[i] = (uint32_t)via.n;
		rc = build_site(n, &rt, &have_rt, (uint32_t)i, &chain, &wan,
		                &via);
	}
	if (have_rt) {
		if (rt.oom)
			rc = MR_ENOMEM;
		mri_route_fini(&rt);
	}
	if (rc == MR_OK) {
		n->dns_off[ns] = (uint32_t)chain.n;
		n->dns_wan_off[ns] = (uint32_t)wan.n;
		n->dns_via_off[ns] = (uint32_t)via.n;
		/* never NULL, so an empty list still has an address */
		if ((chain.n == 0 && push(&chain, MR_NONE) != MR_OK) ||
		    (wan.n == 0 && push(&wan, MR_NONE) != MR_OK) ||
		    (via.n == 0 && push(&via, MR_NONE) != MR_OK))
			rc = MR_ENOMEM;
	}
	n->dns_chain = chain.v;
	n->dns_wan = wan.v;
	n->dns_via = via.v;
	return rc;
}

int
mr_net_dns(const struct mr_net *n, uint32_t site, struct mr_net_dns *out)
{
	if (out != NULL)
		memset(out, 0, sizeof(*out));
	if (n == NULL || out == NULL || site >= n->dsg->n_sites)
		return mri_error_set(MR_EINVAL, "mr_net_dns: no such site");
	out->n_chain = n->dns_off[site + 1] - n->dns_off[site];
	out->chain = n->dns_chain + n->dns_off[site];
	out->n_wan = n->dns_wan_off[site + 1] - n->dns_wan_off[site];
	out->wan = n->dns_wan + n->dns_wan_off[site];
	out->n_sites = n->dns_via_off[site + 1] - n->dns_via_off[site];
	out->sites = n->dns_via + n->dns_via_off[site];
	out->reachable = n->dns_reach[site];
	return MR_OK;
}

void
mri_route_dns(struct mri_route *r, uint32_t site,
              void (*dep)(void *ctx, uint32_t s, const struct mri_tree *t,
                          uint32_t from),
              void *ctx, struct mri_dns *out)
{
	const struct mr_net *n = r->net;
	const struct mr_design *g = n->dsg;
	const uint32_t *chain;
	size_t len, i, j;

	out->how = MRI_DNS_FAILED;
	out->site = out->cut_from = out->cut_to = MR_NONE;
	if (site >= g->n_sites)
		return;
	chain = n->dns_chain + n->dns_off[site];
	len = n->dns_off[site + 1] - n->dns_off[site];
	if (dep != NULL)
		dep(ctx, site, NULL, MR_NONE);
	if (!r->site_up[site]) {
		out->cut_to = site;
		return;
	}
	for (i = 0; i + 1 < len; i++) {
		uint32_t a = chain[i], b = chain[i + 1], from;
		const struct mri_tree *t = NULL;
		if (dep != NULL)
			dep(ctx, b, NULL, MR_NONE);
		if (r->site_up[b] &&
		    (t = mri_route_tree_for(r, a, b, &from)) != NULL &&
		    isfinite(t->dist[from])) {
			if (dep != NULL)
				dep(ctx, MR_NONE, t, from);
			continue;
		}
		/* A gives up on b (timeout, or SERVFAIL from further on):
		 * the nearest resolver back along the chain that falls back
		 * resolves the name itself; the ones before it get its
		 * answer. */
		out->cut_from = a;
		out->cut_to = b;
		for (j = i + 1; j-- > 0;)
			if (g->sites[chain[j]].dns_fallback ==
			    MR_DNS_FALLBACK_LOCAL) {
				out->how = MRI_DNS_FALLBACK;
				out->site = chain[j];
				return;
			}
		return;
	}
	out->how = MRI_DNS_ANSWERED;
	out->site = chain[len - 1];
}
