/*
 * sim_run.c - one run of the simulation: element states, the customer's
 * BGP at every site, each flow's PAC decision, egress, NAT, Microsoft's
 * return path, round trip and verdict; inbound flows.
 *
 * Data layout: struct sim_run holds per-element up/down flags, the iBGP
 * advertisements per community mask (computed on first use), Microsoft's
 * return path per NAT pool owner (memoised), a scratch shortest-path tree
 * and the trees of proxy sites (computed on first use).
 *
 * The decisions and their sources are listed in sim.c's opening comment
 * and in docs/simulate.md.
 *
 * Invariants: a tree's dist is INFINITY for unreachable sites (and for
 * every site when its source is down); up flags of circuits imply their
 * site is up.
 *
 * Complexity: per source site one Dijkstra, O(W log S) with a binary heap
 * (lazy deletion), then O(D * (E + K)) for D destinations, E circuits and
 * K advertising edges. Return paths: O(A) per NAT pool per run.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "m365route/geo.h"
#include "sim_int.h"

#define DEFAULT_LP 100

struct tree {
	uint32_t src;
	double *dist;      /* one-way ms */
	uint32_t *pwan;    /* WAN link to the parent, MR_NONE at the root */
	uint32_t *pnode;   /* parent site */
	bool *unknown;     /* a link of unknown latency on the path */
	uint8_t *wan_used; /* per WAN link: a tree edge */
	uint8_t *interior; /* per site: a parent of another site */
};

struct hent {
	double d;
	uint32_t v;
};

struct adv_list {
	bool done;
	size_t n;
	uint32_t *site, *circuit;
};

struct ret {
	bool done;
	enum mr_sim_via via;
	uint32_t n;
	uint32_t c[MR_SIM_MAX_RET];
	struct mr_prefix p;
	uint32_t as_path;
};

struct sim_run {
	struct mr_sim *s;
	bool *site_up, *er_up, *inet_up, *proxy_up, *wan_up;
	struct adv_list er_adv[COMM_MASKS], inet_adv;
	struct ret *ret_er, *ret_inet;
	struct tree **ptree; /* rooted at each edge/proxy site, on demand */
	bool *borrowed;      /* per site: ptree lent by the base run */
	/* failure runs: a tree rooted at the source site when the edge's
	 * tree was not lent (one Dijkstra per recomputed site) */
	bool prefer_src;
	struct tree stree;
	bool have_stree;
	struct hent *heap;
	size_t heap_cap;
	struct mr_bgp_path *cand;
	enum mr_sim_via *cvia;
	uint32_t *cidx, *csite;
	/* used elements */
	uint32_t **used;
	size_t *n_used, *cap_used;
	bool oom;
};

/* ---- element states --------------------------------------------------- */

static int
tree_alloc(struct tree *t, size_t n, size_t nw)
{
	t->dist = malloc((n + 1) * sizeof(*t->dist));
	t->pwan = malloc((n + 1) * sizeof(*t->pwan));
	t->pnode = malloc((n + 1) * sizeof(*t->pnode));
	t->unknown = malloc((n + 1) * sizeof(*t->unknown));
	t->wan_used = calloc(nw + 1, 1);
	t->interior = calloc(n + 1, 1);
	return t->dist && t->pwan && t->pnode && t->unknown && t->wan_used &&
	               t->interior
	           ? MR_OK
	           : MR_ENOMEM;
}

static void
tree_free(struct tree *t)
{
	free(t->dist);
	free(t->pwan);
	free(t->pnode);
	free(t->unknown);
	free(t->wan_used);
	free(t->interior);
}

int
sim_run_new(struct sim_run **out, struct mr_sim *s, const uint8_t *down)
{
	const struct mr_design *g = s->dsg;
	struct sim_run *r = calloc(1, sizeof(*r));
	size_t i, nc = g->n_er + g->n_inet + 1;

	*out = NULL;
	if (r == NULL)
		return MR_ENOMEM;
	r->s = s;
	r->site_up = calloc(g->n_sites + 1, 1);
	r->er_up = calloc(g->n_er + 1, 1);
	r->inet_up = calloc(g->n_inet + 1, 1);
	r->proxy_up = calloc(g->n_proxies + 1, 1);
	r->wan_up = calloc(g->n_wan + 1, 1);
	r->ret_er = calloc(g->n_er + 1, sizeof(*r->ret_er));
	r->ret_inet = calloc(g->n_inet + 1, sizeof(*r->ret_inet));
	r->ptree = calloc(g->n_sites + 1, sizeof(*r->ptree));
	r->borrowed = calloc(g->n_sites + 1, sizeof(*r->borrowed));
	r->heap_cap = 2 * g->n_wan + g->n_sites + 2;
	r->heap = malloc(r->heap_cap * sizeof(*r->heap));
	r->cand = malloc(nc * sizeof(*r->cand));
	r->cvia = malloc(nc * sizeof(*r->cvia));
	r->cidx = malloc(nc * sizeof(*r->cidx));
	r->csite = malloc(nc * sizeof(*r->csite));
	if (r->site_up == NULL || r->er_up == NULL || r->inet_up == NULL ||
	    r->proxy_up == NULL || r->wan_up == NULL || r->ret_er == NULL ||
	    r->ret_inet == NULL || r->ptree == NULL || r->borrowed == NULL ||
	    r->heap == NULL || r->cand == NULL || r->cvia == NULL ||
	    r->cidx == NULL || r->csite == NULL) {
		sim_run_free(r);
		return MR_ENOMEM;
	}
	for (i = 0; i < g->n_sites; i++)
		r->site_up[i] = !down[s->el_site0 + i];
	for (i = 0; i < g->n_er; i++) {
		const struct mr_er_circuit *c = &g->er[i];
		bool p = !down[s->el_link0 + 2 * i];
		bool q = !down[s->el_link0 + 2 * i + 1] && c->ms.sessions >= 2;
		r->er_up[i] = c->ms.present && c->site.idx < g->n_sites &&
		              r->site_up[c->site.idx] && !down[i] && (p || q);
	}
	for (i = 0; i < g->n_inet; i++)
		r->inet_up[i] = g->inet[i].site.idx < g->n_sites &&
		                r->site_up[g->inet[i].site.idx] &&
		                !down[s->el_inet0 + i];
	for (i = 0; i < g->n_proxies; i++)
		r->proxy_up[i] = g->proxies[i].site.idx < g->n_sites &&
		                 r->site_up[g->proxies[i].site.idx] &&
		                 !down[s->el_proxy0 + i];
	for (i = 0; i < g->n_wan; i++) {
		const struct mr_wan_link *w = &g->wan[i];
		r->wan_up[i] = w->a.idx < g->n_sites && w->b.idx < g->n_sites &&
		               r->site_up[w->a.idx] && r->site_up[w->b.idx] &&
		               !down[s->el_wan0 + i];
	}
	*out = r;
	return MR_OK;
}

void
sim_run_free(struct sim_run *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < COMM_MASKS; i++) {
		free(r->er_adv[i].site);
		free(r->er_adv[i].circuit);
	}
	free(r->inet_adv.site);
	free(r->inet_adv.circuit);
	if (r->ptree != NULL)
		for (i = 0; i < r->s->dsg->n_sites; i++)
			if (r->ptree[i] != NULL && !r->borrowed[i]) {
				tree_free(r->ptree[i]);
				free(r->ptree[i]);
			}
	free(r->ptree);
	free(r->borrowed);
	if (r->have_stree)
		tree_free(&r->stree);
	free(r->site_up);
	free(r->er_up);
	free(r->inet_up);
	free(r->proxy_up);
	free(r->wan_up);
	free(r->ret_er);
	free(r->ret_inet);
	free(r->heap);
	free(r->cand);
	free(r->cvia);
	free(r->cidx);
	free(r->csite);
	free(r);
}

/* ---- shortest paths ------------------------------------------------------ */

static bool
hless(const struct hent *a, const struct hent *b)
{
	return a->d < b->d || (a->d == b->d && a->v < b->v);
}

static void
hpush(struct sim_run *r, size_t *n, struct hent e)
{
	size_t i = (*n)++;

	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (!hless(&e, &r->heap[p]))
			break;
		r->heap[i] = r->heap[p];
		i = p;
	}
	r->heap[i] = e;
}

static struct hent
hpop(struct sim_run *r, size_t *n)
{
	struct hent top = r->heap[0], last = r->heap[--*n];
	size_t i = 0;

	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= *n)
			break;
		if (c + 1 < *n && hless(&r->heap[c + 1], &r->heap[c]))
			c++;
		if (!hless(&r->heap[c], &last))
			break;
		r->heap[i] = r->heap[c];
		i = c;
	}
	if (*n > 0)
		r->heap[i] = last;
	return top;
}

/* Dijkstra from src over the live WAN links; ties keep the first parent
 * found (adjacency in design order), so paths are deterministic. */
static void
dijkstra(struct sim_run *r, struct tree *t, uint32_t src)
{
	const struct mr_sim *s = r->s;
	size_t i, n = s->dsg->n_sites, hn = 0;

	t->src = src;
	for (i = 0; i < n; i++) {
		t->dist[i] = INFINITY;
		t->pwan[i] = MR_NONE;
		t->pnode[i] = MR_NONE;
		t->unknown[i] = false;
	}
	if (src >= n || !r->site_up[src])
		return;
	t->dist[src] = 0;
	hpush(r, &hn, (struct hent){0, src});
	while (hn > 0) {
		struct hent e = hpop(r, &hn);
		uint32_t k;
		if (e.d > t->dist[e.v])
			continue;
		for (k = s->net->adj_off[e.v]; k < s->net->adj_off[e.v + 1];
		     k++) {
			const struct mri_net_adj *a = &s->net->adj[k];
			double nd = e.d + a->ms;
			if (!r->wan_up[a->wan] || nd >= t->dist[a->to])
				continue;
			t->dist[a->to] = nd;
			t->pwan[a->to] = a->wan;
			t->pnode[a->to] = e.v;
			t->unknown[a->to] =
			    t->unknown[e.v] || !s->net->wan_known[a->wan];
			/* an improvement found later leaves stale marks:
			 * they only make invalidation conservative */
			t->wan_used[a->wan] = 1;
			t->interior[e.v] = 1;
			if (hn < r->heap_cap)
				hpush(r, &hn, (struct hent){nd, a->to});
		}
	}
}

static struct tree *
site_tree(struct sim_run *r, uint32_t site)
{
	struct tree *t;

	if (site >= r->s->dsg->n_sites)
		return NULL;
	if (r->ptree[site] != NULL)
		return r->ptree[site];
	if ((t = calloc(1, sizeof(*t))) == NULL ||
	    tree_alloc(t, r->s->dsg->n_sites, r->s->dsg->n_wan) != MR_OK) {
		if (t != NULL)
			tree_free(t);
		free(t);
		r->oom = true;
		return NULL;
	}
	dijkstra(r, t, site);
	r->ptree[site] = t;
	return t;
}

void
sim_run_inherit(struct sim_run *r, const struct sim_run *base, uint32_t el)
{
	const struct mr_sim *s = r->s;
	size_t i, n = s->dsg->n_sites;
	bool wan = el >= s->el_wan0 && el < s->el_site0;
	bool site = el >= s->el_site0;

	for (i = 0; i < n; i++) {
		const struct tree *t = base->ptree[i];
		if (t == NULL || r->ptree[i] != NULL)
			continue;
		if (wan && t->wan_used[el - s->el_wan0])
			continue;
		if (site &&
		    (i == el - s->el_site0 || t->interior[el - s->el_site0]))
			continue;
		r->ptree[i] = (struct tree *)(uintptr_t)t;
		r->borrowed[i] = true;
	}
	r->prefer_src = true;
}

/* A tree holding the shortest path between site and other, and in *from
 * the end to walk towards its root. */
static const struct tree *
tree_for(struct sim_run *r, uint32_t site, uint32_t other, uint32_t *from)
{
	if (!r->prefer_src || r->ptree[other] != NULL) {
		*from = site;
		return site_tree(r, other);
	}
	if (!r->have_stree) {
		if (tree_alloc(&r->stree, r->s->dsg->n_sites,
		               r->s->dsg->n_wan) != MR_OK) {
			tree_free(&r->stree);
			r->oom = true;
			return NULL;
		}
		r->have_stree = true;
		r->stree.src = MR_NONE;
	}
	if (r->stree.src != site)
		dijkstra(r, &r->stree, site);
	*from = other;
	return &r->stree;
}

/* ---- used elements ----------------------------------------------------------- */

static void
use(struct sim_run *r, uint32_t id)
{
	if (r->used == NULL)
		return;
	if (*r->n_used == *r->cap_used) {
		uint32_t *v = mri_vec_grow(*r->used, r->cap_used,
		                           *r->n_used + 1, sizeof(*v), 32);
		if (v == NULL) {
			r->oom = true;
			return;
		}
		*r->used = v;
	}
	(*r->used)[(*r->n_used)++] = id;
}

static void
use_site(struct sim_run *r, uint32_t site)
{
	use(r, r->s->el_site0 + site);
}

static void
use_circuit(struct sim_run *r, enum mr_sim_via via, uint32_t c)
{
	const struct mr_sim *s = r->s;

	if (via == MR_SIM_VIA_ER) {
		use(r, c);
		use(r, s->el_link0 + 2 * c);
		use(r, s->el_link0 + 2 * c + 1);
		use_site(r, s->dsg->er[c].site.idx);
	} else if (via == MR_SIM_VIA_INTERNET) {
		use(r, s->el_inet0 + c);
		use_site(r, s->dsg->inet[c].site.idx);
	}
}

static void
use_path(struct sim_run *r, const struct tree *t, uint32_t to)
{
	while (to != MR_NONE && to != t->src && t->pwan[to] != MR_NONE) {
		use(r, r->s->el_wan0 + t->pwan[to]);
		use_site(r, to);
		to = t->pnode[to];
	}
}

/* ---- BGP --------------------------------------------------------------------- */

static void
er_path(const struct sim_run *r, uint32_t c, struct mr_bgp_path *p)
{
	memset(p, 0, sizeof(*p));
	p->local_pref = r->s->net->er_lp[c];
	p->as_path_len = 1; /* 12076 */
	p->neighbor_as = 12076;
	p->origin = MR_BGP_ORIGIN_IGP;
	p->router_id = r->s->net->er_rid[c];
	p->neighbor = r->s->net->er_rid[c];
	p->order = c;
}

static void
inet_path(const struct sim_run *r, uint32_t c, struct mr_bgp_path *p)
{
	memset(p, 0, sizeof(*p));
	p->local_pref = DEFAULT_LP;
	p->as_path_len = 1;
	p->neighbor_as = r->s->net->inet_as[c];
	p->origin = MR_BGP_ORIGIN_IGP;
	p->order = (uint32_t)r->s->dsg->n_er + c;
}

/* The path stripped of what only the receiving router knows: what the
 * decision compares up to MED. */
static struct mr_bgp_path
key(const struct mr_bgp_path *p)
{
	struct mr_bgp_path k = *p;

	k.ebgp = false;
	k.igp_cost = 0;
	k.router_id = k.neighbor = k.order = 0;
	return k;
}

/*
 * Circuit i's eBGP path into *p (ExpressRoute when er, for a prefix with
 * communities mask; else Internet), or false when the circuit is down or
 * its route filter does not admit the prefix.
 */
static bool
edge_path(struct sim_run *r, bool er, unsigned mask, size_t i,
          struct mr_bgp_path *p)
{
	if (er ? !r->er_up[i] || !(r->s->net->er_mask[i] & mask)
	       : !r->inet_up[i])
		return false;
	if (er)
		er_path(r, (uint32_t)i, p);
	else
		inet_path(r, (uint32_t)i, p);
	return true;
}

/*
 * What the edges advertise into iBGP for an ExpressRoute prefix with
 * communities mask (er) or for the default route (!er): per edge site, its
 * best eBGP path, when that ties the best attributes anywhere up to MED.
 */
static struct adv_list *
advertised(struct sim_run *r, bool er, unsigned mask)
{
	const struct mr_design *g = r->s->dsg;
	struct adv_list *l = er ? &r->er_adv[mask] : &r->inet_adv;
	size_t n = er ? g->n_er : g->n_inet, i, k;
	struct mr_bgp_path best, p, q;
	bool have = false;

	if (l->done)
		return l;
	l->done = true;
	l->site = malloc((n + 1) * sizeof(*l->site));
	l->circuit = malloc((n + 1) * sizeof(*l->circuit));
	if (l->site == NULL || l->circuit == NULL) {
		r->oom = true;
		return l;
	}
	for (i = 0; i < n; i++) {
		if (!edge_path(r, er, mask, i, &p))
			continue;
		p = key(&p);
		if (!have || mr_bgp_compare(&p, &best, NULL) < 0)
			best = p;
		have = true;
	}
	if (!have)
		return l;
	for (i = 0; i < n; i++) {
		uint32_t site;
		if (!edge_path(r, er, mask, i, &p))
			continue;
		q = key(&p);
		if (mr_bgp_compare(&q, &best, NULL) != 0)
			continue;
		site = er ? g->er[i].site.idx : g->inet[i].site.idx;
		p.ebgp = true;
		for (k = 0; k < l->n; k++)
			if (l->site[k] == site)
				break;
		if (k == l->n) {
			l->site[l->n] = site;
			l->circuit[l->n++] = (uint32_t)i;
		} else {
			struct mr_bgp_path o;
			if (er)
				er_path(r, l->circuit[k], &o);
			else
				inet_path(r, l->circuit[k], &o);
			o.ebgp = true;
			if (mr_bgp_compare(&p, &o, NULL) < 0)
				l->circuit[k] = (uint32_t)i;
		}
	}
	return l;
}

struct decision {
	enum mr_sim_via via;
	uint32_t c, site;
	uint32_t n_paths;
	enum mr_bgp_reason why;
	enum mr_sim_via runner_via;
	uint32_t runner;
	struct mr_prefix prefix;
};

/* The BGP decision at site `site` (tree t rooted there) for one prefix:
 * its own circuits over eBGP, the edges' advertisements over iBGP. */
static bool
decide(struct sim_run *r, uint32_t site, bool er, unsigned mask,
       struct decision *out)
{
	const struct mr_sim *s = r->s;
	struct adv_list *l = advertised(r, er, mask);
	uint32_t k, n = 0;
	size_t best, second;
	enum mr_bgp_reason why;
	const uint32_t *off = er ? s->net->site_er_off : s->net->site_inet_off;
	const uint32_t *lst = er ? s->net->site_er : s->net->site_inet;

	for (k = off[site]; k < off[site + 1]; k++) {
		uint32_t c = lst[k];
		if (er ? !r->er_up[c] || !(s->net->er_mask[c] & mask)
		       : !r->inet_up[c])
			continue;
		if (er)
			er_path(r, c, &r->cand[n]);
		else
			inet_path(r, c, &r->cand[n]);
		r->cand[n].ebgp = true;
		r->cidx[n] = c;
		r->csite[n++] = site;
	}
	for (k = 0; k < l->n; k++) {
		const struct tree *t;
		uint32_t from;
		double d;
		if (l->site[k] == site ||
		    (t = tree_for(r, site, l->site[k], &from)) == NULL ||
		    !isfinite(d = t->dist[from]))
			continue;
		if (er)
			er_path(r, l->circuit[k], &r->cand[n]);
		else
			inet_path(r, l->circuit[k], &r->cand[n]);
		r->cand[n].ebgp = false;
		r->cand[n].igp_cost = (uint32_t)lround(d * 1000.0);
		r->cidx[n] = l->circuit[k];
		r->csite[n++] = l->site[k];
	}
	if (n == 0)
		return false;
	best = mr_bgp_best(r->cand, n, &why, &second);
	out->via = er ? MR_SIM_VIA_ER : MR_SIM_VIA_INTERNET;
	out->c = r->cidx[best];
	out->site = r->csite[best];
	out->n_paths = n;
	out->why = why;
	out->runner_via = second == SIZE_MAX ? MR_SIM_VIA_NONE : out->via;
	out->runner = second == SIZE_MAX ? MR_NONE : r->cidx[second];
	return true;
}

/* Longest prefix, then BGP: ExpressRoute prefixes when the router's
 * clients receive them (er_ok), else the default route. */
static bool
route(struct sim_run *r, uint32_t site, const struct sim_dest *d, bool er_ok,
      struct decision *out)
{
	size_t i;

	if (er_ok)
		for (i = 0; i < d->n_erp; i++)
			if (decide(r, site, true, d->erp[i].mask, out)) {
				out->prefix = d->erp[i].p;
				return true;
			}
	if (!decide(r, site, false, 0, out))
		return false;
	memset(&out->prefix, 0, sizeof(out->prefix));
	out->prefix.addr.family =
	    d->has_addr ? d->addr.addr.family : MR_AF_INET;
	return true;
}

/* ---- Microsoft's return path ----------------------------------------------- */

static void
lpm(const struct mri_net_adv *v, size_t n, const bool *up,
    const struct mr_addr *a, struct ret *out)
{
	int best = -1;
	uint32_t asp = UINT32_MAX;
	size_t i;

	out->n = 0;
	for (i = 0; i < n; i++) {
		if (!up[v[i].circuit] || !mr_prefix_contains(&v[i].p, a))
			continue;
		if ((int)v[i].p.len > best ||
		    ((int)v[i].p.len == best && v[i].as_path < asp)) {
			best = v[i].p.len;
			asp = v[i].as_path;
			out->n = 0;
			out->p = v[i].p;
			out->as_path = asp;
		}
		if ((int)v[i].p.len == best && v[i].as_path == asp &&
		    out->n < MR_SIM_MAX_RET) {
			uint32_t k;
			for (k = 0; k < out->n; k++)
				if (out->c[k] == v[i].circuit)
					break;
			if (k == out->n)
				out->c[out->n++] = v[i].circuit;
		}
	}
}

/* Where Microsoft sends traffic for address a: ExpressRoute first, any
 * circuit, "regardless of physical location"; else the Internet. */
static void
ms_route(struct sim_run *r, const struct mr_addr *a, struct ret *out)
{
	const struct mr_sim *s = r->s;

	lpm(s->net->adv, s->net->n_adv, r->er_up, a, out);
	if (out->n > 0) {
		out->via = MR_SIM_VIA_ER;
		return;
	}
	lpm(s->net->iadv, s->net->n_iadv, r->inet_up, a, out);
	out->via = out->n > 0 ? MR_SIM_VIA_INTERNET : MR_SIM_VIA_NONE;
	if (out->n == 0)
		memset(&out->p, 0, sizeof(out->p));
}

static const struct ret *
ret_for(struct sim_run *r, enum mr_sim_via via, uint32_t owner,
        const struct mr_prefix *pool)
{
	struct ret *c =
	    via == MR_SIM_VIA_ER ? &r->ret_er[owner] : &r->ret_inet[owner];

	if (!c->done) {
		ms_route(r, &pool->addr, c);
		c->done = true;
	}
	return c;
}

/* ---- one flow -------------------------------------------------------------- */

_Static_assert((int)MR_SIM_PAC_NONE == (int)MR_NET_PAC_NONE &&
                   (int)MR_SIM_PAC_NO_POLICY == (int)MR_NET_PAC_NO_POLICY &&
                   (int)MR_SIM_PAC_SITE_PROXY == (int)MR_NET_PAC_SITE_PROXY &&
                   (int)MR_SIM_PAC_OVERRIDE == (int)MR_NET_PAC_OVERRIDE &&
                   (int)MR_SIM_PAC_ER_DIRECT == (int)MR_NET_PAC_ER_DIRECT &&
                   (int)MR_SIM_PAC_GROUP_PROXY == (int)MR_NET_PAC_GROUP_PROXY,
               "the simulation's PAC reasons are the resolved network's");

/* The PAC decision, the resolved network's (the one the site's PAC file
 * makes); returns the first proxy to try (MR_NONE: DIRECT). */
static uint32_t
pac(const struct mr_sim *s, uint32_t site, const struct sim_dest *d,
    struct mr_sim_flow *f)
{
	struct mr_net_pac np;

	mr_net_pac(s->net, site, d->target, strlen(d->target), d->route,
	           !d->udp, &np);
	f->pac = (enum mr_sim_pac)np.why;
	if (np.why == MR_NET_PAC_OVERRIDE)
		f->pac_rule = np.override;
	return np.proxy;
}

static bool
in_set(const uint32_t *v, uint32_t n, uint32_t x)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (v[i] == x)
			return true;
	return false;
}

/* ok, or asymmetric with a reason: did the reply come back where the
 * request left (forward via fv/fc; back over set rv/rc[0..rn))? */
static enum mr_sim_why
symmetry(enum mr_sim_via fv, uint32_t fc, enum mr_sim_via rv,
         const uint32_t *rc, uint32_t rn)
{
	if (rv == fv && rn == 1 && rc[0] == fc)
		return MR_SIM_WHY_NONE;
	if (rv == fv && in_set(rc, rn, fc))
		return MR_SIM_WHY_RETURN_LOAD_SHARED;
	if (rv == fv)
		return MR_SIM_WHY_RETURN_OTHER_CIRCUIT;
	if (rv == MR_SIM_VIA_ER)
		return MR_SIM_WHY_RETURN_OVER_ER;
	return MR_SIM_WHY_RETURN_OVER_INTERNET;
}

static void
latency(struct sim_run *r, const struct sim_dest *d, uint32_t site, double wan,
        bool wan_unknown, uint32_t dns_from, struct mr_sim_flow *f)
{
	const struct mr_sim *s = r->s;
	const struct mr_design *g = s->dsg;
	const struct mr_peering_location *edge;
	const struct mr_site *es = &g->sites[f->egress_site];

	edge = f->via == MR_SIM_VIA_ER ? s->net->er_loc[f->egress]
	                               : s->net->site_near[f->egress_site];
	f->realtime = d->sa == MR_SA_SKYPE && g->sites[site].realtime_media;
	f->fe_site = MR_NONE;
	if (edge == NULL || !es->has_coords || wan_unknown)
		return;
	f->rtt_wan = 2 * wan;
	f->rtt_edge =
	    mr_geo_rtt_ms(mr_geo_km(es->lat, es->lon, edge->lat, edge->lon));
	f->rtt_fe = 0;
	if (!d->udp && d->kind != MR_SIM_DEST_ADDR) {
		const struct mr_site *fs;
		f->fe_site = mr_net_site(s->net, dns_from)->dns_site;
		fs = &g->sites[f->fe_site];
		if (!fs->has_coords)
			return;
		f->rtt_fe = mr_geo_rtt_ms(
		    mr_geo_km(edge->lat, edge->lon, fs->lat, fs->lon));
	}
	f->has_rtt = true;
}

static void
verdict(struct mr_sim_flow *f, enum mr_sim_verdict v, enum mr_sim_why w)
{
	f->verdict = v;
	f->why = w;
}

static void
flow(struct sim_run *r, size_t k, size_t di, struct mr_sim_flow *f)
{
	struct mr_sim *s = r->s;
	const struct mr_design *g = s->dsg;
	const struct sim_dest *d = &s->dest[di];
	uint32_t site = s->src[k], p, dns_from = site;
	struct decision dec;
	const struct ret *rt;
	const struct mr_prefix_list *pool;
	const struct tree *pt = NULL;
	uint32_t from = MR_NONE;
	double wan;
	bool wan_unknown;
	enum mr_sim_why w;

	memset(f, 0, sizeof(*f));
	f->site = site;
	f->dest = d->kind;
	f->sa = d->sa;
	f->target = d->target;
	f->has_addr = d->has_addr;
	f->addr = d->addr;
	f->route = d->route;
	f->rule = d->rule;
	f->udp = d->udp;
	f->pac_group = f->pac_rule = f->proxy = MR_NONE;
	f->egress = f->egress_site = f->runner_up = f->nat_owner = MR_NONE;
	f->fe_site = MR_NONE;
	use_site(r, site);
	if (!r->site_up[site]) {
		verdict(f, MR_SIM_BLACKHOLE, MR_SIM_WHY_SITE_DOWN);
		return;
	}
	f->pac_group = mr_net_site(s->net, site)->group;
	p = pac(s, site, d, f);
	if (p != MR_NONE) {
		/* The PAC's proxy, then the site's other proxies (the
		 * browser's failover list), the first one reachable. */
		const struct mr_site *st = &g->sites[site];
		uint32_t cand[64], nc = 0, i;
		const struct mr_proxy *px = NULL;
		cand[nc++] = p;
		for (i = 0; i < st->n_proxies && nc < 64; i++)
			if (st->proxies[i].idx != p)
				cand[nc++] = st->proxies[i].idx;
		for (i = 0; i < nc; i++) {
			uint32_t c = cand[i];
			if (c >= g->n_proxies)
				continue;
			use(r, s->el_proxy0 + c);
			use_site(r, g->proxies[c].site.idx);
			if (r->proxy_up[c] &&
			    (pt = tree_for(r, site, g->proxies[c].site.idx,
			                   &from)) != NULL &&
			    isfinite(pt->dist[from])) {
				px = &g->proxies[c];
				f->proxy = c;
				break;
			}
		}
		if (px == NULL) {
			verdict(f, MR_SIM_BLACKHOLE, MR_SIM_WHY_NO_PROXY);
			return;
		}
		use_path(r, pt, from);
		wan = pt->dist[from];
		wan_unknown = pt->unknown[from];
		dns_from = px->site.idx;
		f->via = px->egress_is_er ? MR_SIM_VIA_ER : MR_SIM_VIA_INTERNET;
		f->egress = px->egress.idx;
		use_circuit(r, f->via, f->egress);
		if (f->egress == MR_NONE ||
		    (px->egress_is_er ? !r->er_up[f->egress]
		                      : !r->inet_up[f->egress])) {
			verdict(f, MR_SIM_BLACKHOLE,
			        MR_SIM_WHY_PROXY_EGRESS_DOWN);
			return;
		}
		f->egress_site = px->egress_is_er ? g->er[f->egress].site.idx
		                                  : g->inet[f->egress].site.idx;
		pt = tree_for(r, px->site.idx, f->egress_site, &from);
		if (pt == NULL || !isfinite(pt->dist[from])) {
			verdict(f, MR_SIM_BLACKHOLE, MR_SIM_WHY_NO_ROUTE);
			return;
		}
		use_path(r, pt, from);
		wan += pt->dist[from];
		wan_unknown = wan_unknown || pt->unknown[from];
		memset(&f->route_prefix, 0, sizeof(f->route_prefix));
		f->route_prefix.addr.family = MR_AF_INET;
		pool = px->egress_is_er ? &g->er[f->egress].ms.nat_pool
		                        : &g->inet[f->egress].nat_pool;
		f->nat_via = f->via;
		f->nat_owner = f->egress;
	} else {
		if (!route(r, site, d, g->sites[site].receives_er_routes,
		           &dec)) {
			verdict(f, MR_SIM_BLACKHOLE, MR_SIM_WHY_NO_ROUTE);
			return;
		}
		f->via = dec.via;
		f->egress = dec.c;
		f->egress_site = dec.site;
		f->route_prefix = dec.prefix;
		f->n_paths = dec.n_paths;
		f->bgp_why = dec.why;
		f->runner_via = dec.runner_via;
		f->runner_up = dec.runner;
		use_circuit(r, f->via, f->egress);
		pt = tree_for(r, site, f->egress_site, &from);
		if (pt == NULL || !isfinite(pt->dist[from])) {
			verdict(f, MR_SIM_BLACKHOLE, MR_SIM_WHY_NO_ROUTE);
			return;
		}
		use_path(r, pt, from);
		wan = pt->dist[from];
		wan_unknown = pt->unknown[from];
		f->nat_via = f->via;
		f->nat_owner = f->egress;
		/* NAT is configuration: the edge that translates this flow
		 * for the circuit it takes when nothing has failed keeps
		 * doing so when the flow falls back to that edge's Internet
		 * circuit. */
		if (f->via == MR_SIM_VIA_INTERNET && s->have_cfg &&
		    s->cfg[k * s->n_dest + di] != MR_NONE &&
		    g->er[s->cfg[k * s->n_dest + di]].site.idx ==
		        f->egress_site) {
			f->nat_via = MR_SIM_VIA_ER;
			f->nat_owner = s->cfg[k * s->n_dest + di];
		}
		pool = f->nat_via == MR_SIM_VIA_ER
		           ? &g->er[f->nat_owner].ms.nat_pool
		           : &g->inet[f->nat_owner].nat_pool;
	}
	latency(r, d, site, wan, wan_unknown, dns_from, f);
	if (pool->n == 0) {
		verdict(f, MR_SIM_BLACKHOLE, MR_SIM_WHY_NO_NAT);
		return;
	}
	f->has_nat = true;
	f->nat = pool->v[0].p;
	rt = ret_for(r, f->nat_via, f->nat_owner, &f->nat);
	f->ret_via = rt->via;
	f->n_ret = rt->n;
	memcpy(f->ret, rt->c, sizeof(f->ret));
	f->ret_prefix = rt->p;
	f->ret_as_path = rt->as_path;
	for (p = 0; p < rt->n; p++)
		use_circuit(r, rt->via, rt->c[p]);
	if (rt->via == MR_SIM_VIA_NONE) {
		verdict(f, MR_SIM_BLACKHOLE,
		        f->nat_via != f->via ? MR_SIM_WHY_ER_POOL_ON_INTERNET
		                             : MR_SIM_WHY_NAT_UNREACHABLE);
		return;
	}
	w = symmetry(f->via, f->egress, rt->via, rt->c, rt->n);
	if (w != MR_SIM_WHY_NONE) {
		verdict(f, MR_SIM_ASYMMETRIC, w);
		return;
	}
	if (f->realtime && f->has_rtt) {
		if (f->rtt_edge >= MR_SIM_EDGE_RTT_MS) {
			verdict(f, MR_SIM_DEGRADED, MR_SIM_WHY_EDGE_RTT);
			return;
		}
		if (f->rtt_wan + f->rtt_edge >= MR_SIM_CLIENT_RTT_MS) {
			verdict(f, MR_SIM_DEGRADED, MR_SIM_WHY_CLIENT_RTT);
			return;
		}
	}
	verdict(f, MR_SIM_OK, MR_SIM_WHY_NONE);
}

int
sim_site_flows(struct sim_run *r, size_t k, struct mr_sim_flow *out,
               uint32_t **used, size_t *n_used, size_t *cap_used)
{
	size_t d;

	r->used = used;
	r->n_used = n_used;
	r->cap_used = cap_used;
	for (d = 0; d < r->s->n_dest; d++)
		flow(r, k, d, &out[d]);
	r->used = NULL;
	return r->oom ? MR_ENOMEM : MR_OK;
}

/* ---- inbound ---------------------------------------------------------------- */

static enum mr_service_area
inbound_sa(enum mr_inbound_kind k)
{
	switch (k) {
	case MR_IN_SMTP:
	case MR_IN_EXCHANGE_HYBRID:
		return MR_SA_EXCHANGE;
	case MR_IN_SHAREPOINT_HYBRID_SEARCH:
	case MR_IN_SHAREPOINT_HYBRID_BCS:
		return MR_SA_SHAREPOINT;
	case MR_IN_SKYPE_HYBRID:
	case MR_IN_CLOUD_CONNECTOR:
		return MR_SA_SKYPE;
	default:
		return MR_SA_COMMON;
	}
}

void
sim_inbound(struct sim_run *r, size_t i, struct mr_sim_inbound *out)
{
	const struct mr_sim *s = r->s;
	const struct mr_design *g = s->dsg;
	const struct mr_inbound *in = &g->inbound[i];
	uint32_t site = in->site.idx;
	const struct sim_dest *src = &s->isrc[inbound_sa(in->kind)];
	struct sim_dest none;
	struct decision dec;
	struct ret rin;
	bool seg_er = false;
	size_t k;
	enum mr_sim_why w;

	memset(out, 0, sizeof(*out));
	out->idx = (uint32_t)i;
	out->out = out->out2 = MR_NONE;
	if (site >= g->n_sites || !r->site_up[site]) {
		out->verdict = MR_SIM_BLACKHOLE;
		out->why = MR_SIM_WHY_SITE_DOWN;
		return;
	}
	ms_route(r, &in->address.p.addr, &rin);
	out->in_via = rin.via;
	out->n_in = rin.n;
	memcpy(out->in, rin.c, sizeof(out->in));
	out->in_prefix = rin.p;
	if (rin.via == MR_SIM_VIA_NONE) {
		out->verdict = MR_SIM_BLACKHOLE;
		out->why = MR_SIM_WHY_UNREACHABLE_IN;
		return;
	}
	/* The server's segment sees ExpressRoute routes only when it is
	 * published over ExpressRoute and its site receives them. */
	for (k = 0; k < s->net->n_adv; k++)
		if (mr_prefix_contains(&s->net->adv[k].p, &in->address.p.addr))
			seg_er = g->sites[site].receives_er_routes;
	if (!route(r, site, src, seg_er, &dec)) {
		out->verdict = MR_SIM_BLACKHOLE;
		out->why = MR_SIM_WHY_NO_ROUTE;
		return;
	}
	out->out_via = dec.via;
	out->out = dec.c;
	w = symmetry(dec.via, dec.c, rin.via, rin.c, rin.n);
	if (in->kind == MR_IN_SMTP) {
		memset(&none, 0, sizeof(none));
		out->has_out2 = true;
		if (route(r, site, &none, false, &dec)) {
			out->out2_via = dec.via;
			out->out2 = dec.c;
			if (w == MR_SIM_WHY_NONE &&
			    symmetry(dec.via, dec.c, rin.via, rin.c, rin.n) !=
			        MR_SIM_WHY_NONE)
				w = rin.via == MR_SIM_VIA_ER
				        ? MR_SIM_WHY_SMTP_OVER_ER
				        : symmetry(dec.via, dec.c, rin.via,
				                   rin.c, rin.n);
		} else if (w == MR_SIM_WHY_NONE) {
			out->verdict = MR_SIM_BLACKHOLE;
			out->why = MR_SIM_WHY_NO_ROUTE;
			return;
		}
	}
	/* symmetry() was asked from the reply's side: swap the wording */
	if (w == MR_SIM_WHY_RETURN_OVER_ER)
		w = MR_SIM_WHY_RETURN_OVER_INTERNET;
	else if (w == MR_SIM_WHY_RETURN_OVER_INTERNET)
		w = MR_SIM_WHY_RETURN_OVER_ER;
	out->verdict = w == MR_SIM_WHY_NONE ? MR_SIM_OK : MR_SIM_ASYMMETRIC;
	out->why = w;
}
