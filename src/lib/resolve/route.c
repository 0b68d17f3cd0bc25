/*
 * route.c - the customer's routing in the resolved network: shortest paths
 * over the WAN (Dijkstra from each site, on demand), what each edge site
 * advertises into iBGP, and the BGP decision at any site for an
 * ExpressRoute prefix (with its communities) or the default route, under
 * a state of failures the caller sets in the up flags. The simulation runs
 * it per failure set; the model's attribution of traffic to circuits uses
 * the same engine, so the two cannot disagree. A state can also take a
 * base state's trees repaired for one more failed link or site
 * (mri_route_repair_from(), for the simulation's single failures; the
 * repairs section below says why a repaired tree is the fresh one).
 *
 * Invariants: a tree's dist is INFINITY for unreachable sites (and for
 * every site when its source is down); up flags of circuits imply their
 * site is up (the caller's duty).
 * Complexity: one Dijkstra per tree, O(W log S) with a binary heap (lazy
 * deletion); a decision is O(E + K) for E circuits and K advertising
 * edges, the edges' advertisements computed once per community mask. A
 * repair is O(A log A + links of A) for the A sites under the failure.
 */
#include "route.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

#define DEFAULT_LP 100

struct mri_route_hent {
	double d;
	uint32_t v;
};

/* Put back what repairs changed, last change first. */
static void
repair_undo(struct mri_route_rep *p)
{
	while (p->n_undo > 0) {
		const struct mri_route_undo *u = &p->undo[--p->n_undo];
		u->t->dist[u->v] = u->dist;
		u->t->pwan[u->v] = u->pwan;
		u->t->pnode[u->v] = u->pnode;
		u->t->unknown[u->v] = u->unknown;
	}
}

static int
tree_alloc(struct mri_tree *t, size_t n, size_t nw)
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
tree_free(struct mri_tree *t)
{
	free(t->dist);
	free(t->pwan);
	free(t->pnode);
	free(t->unknown);
	free(t->wan_used);
	free(t->interior);
	free(t->kid_off);
	free(t->kid);
}

int
mri_route_init(struct mri_route *r, const struct mr_net *net)
{
	const struct mr_design *g = net->dsg;
	size_t nc = g->n_er + g->n_inet + 1;

	memset(r, 0, sizeof(*r));
	r->net = net;
	r->site_up = malloc(g->n_sites + 1);
	r->er_up = malloc(g->n_er + 1);
	r->inet_up = malloc(g->n_inet + 1);
	r->wan_up = malloc(g->n_wan + 1);
	r->ptree = calloc(g->n_sites + 1, sizeof(*r->ptree));
	r->borrowed = calloc(g->n_sites + 1, sizeof(*r->borrowed));
	r->heap_cap = 2 * g->n_wan + g->n_sites + 2;
	r->heap = malloc(r->heap_cap * sizeof(*r->heap));
	r->cand = malloc(nc * sizeof(*r->cand));
	r->cidx = malloc(nc * sizeof(*r->cidx));
	r->csite = malloc(nc * sizeof(*r->csite));
	r->multi = malloc(nc * sizeof(*r->multi));
	if (r->site_up == NULL || r->er_up == NULL || r->inet_up == NULL ||
	    r->wan_up == NULL || r->ptree == NULL || r->borrowed == NULL ||
	    r->heap == NULL || r->cand == NULL || r->cidx == NULL ||
	    r->csite == NULL || r->multi == NULL) {
		mri_route_fini(r);
		return MR_ENOMEM;
	}
	memset(r->site_up, 1, g->n_sites + 1);
	memset(r->er_up, 1, g->n_er + 1);
	memset(r->inet_up, 1, g->n_inet + 1);
	memset(r->wan_up, 1, g->n_wan + 1);
	return MR_OK;
}

void
mri_route_nominal(struct mri_route *r, uint32_t er_down)
{
	const struct mr_net *n = r->net;
	const struct mr_design *g = n->dsg;
	size_t i;

	for (i = 0; i < g->n_er; i++)
		r->er_up[i] = g->er[i].ms.present && !n->er_session_down[i] &&
		              g->er[i].site.idx < g->n_sites && i != er_down;
	for (i = 0; i < g->n_inet; i++)
		r->inet_up[i] = g->inet[i].site.idx < g->n_sites;
	for (i = 0; i < g->n_wan; i++)
		r->wan_up[i] = g->wan[i].a.idx < g->n_sites &&
		               g->wan[i].b.idx < g->n_sites;
}

void
mri_route_fini(struct mri_route *r)
{
	size_t i;

	for (i = 0; i < COMM_MASKS; i++) {
		free(r->er_adv[i].site);
		free(r->er_adv[i].circuit);
	}
	free(r->inet_adv.site);
	free(r->inet_adv.circuit);
	if (r->ptree != NULL)
		for (i = 0; i < r->net->dsg->n_sites; i++)
			if (r->ptree[i] != NULL && !r->borrowed[i]) {
				tree_free(r->ptree[i]);
				free(r->ptree[i]);
			}
	free(r->ptree);
	free(r->borrowed);
	free(r->rep_lent);
	free(r->adv_mark);
	if (r->rbase != NULL)
		repair_undo(r->rbase->rep);
	else if (r->rep != NULL) {
		free(r->rep->mark);
		free(r->rep->done);
		free(r->rep->aff);
		free(r->rep->undo);
		free(r->rep);
	}
	if (r->have_stree)
		tree_free(&r->stree);
	free(r->site_up);
	free(r->er_up);
	free(r->inet_up);
	free(r->wan_up);
	free(r->heap);
	free(r->cand);
	free(r->cidx);
	free(r->csite);
	free(r->multi);
	memset(r, 0, sizeof(*r));
}

static bool
hless(const struct mri_route_hent *a, const struct mri_route_hent *b)
{
	return a->d < b->d || (a->d == b->d && a->v < b->v);
}

static void
hpush(struct mri_route *r, size_t *n, struct mri_route_hent e)
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

static struct mri_route_hent
hpop(struct mri_route *r, size_t *n)
{
	struct mri_route_hent top = r->heap[0], last = r->heap[--*n];
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
dijkstra(struct mri_route *r, struct mri_tree *t, uint32_t src)
{
	const struct mr_net *s = r->net;
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
	hpush(r, &hn, (struct mri_route_hent){0, src});
	while (hn > 0) {
		struct mri_route_hent e = hpop(r, &hn);
		uint32_t k;
		if (e.d > t->dist[e.v])
			continue;
		for (k = s->adj_off[e.v]; k < s->adj_off[e.v + 1]; k++) {
			const struct mri_net_adj *a = &s->adj[k];
			double nd = e.d + a->ms;
			if (!r->wan_up[a->wan] || nd >= t->dist[a->to])
				continue;
			t->dist[a->to] = nd;
			t->pwan[a->to] = a->wan;
			t->pnode[a->to] = e.v;
			t->unknown[a->to] =
			    t->unknown[e.v] || !s->wan_known[a->wan];
			/* an improvement found later leaves stale marks:
			 * they only make invalidation conservative */
			t->wan_used[a->wan] = 1;
			t->interior[e.v] = 1;
			if (hn < r->heap_cap)
				hpush(r, &hn,
				      (struct mri_route_hent){nd, a->to});
		}
	}
}

/* ---- repairs ---------------------------------------------------------------
 *
 * A state made by mri_route_repair_from() differs from its base by one
 * failed WAN link or site. Its tree rooted at X is the base's, repaired in
 * place, and equals what dijkstra() would build in the failure state:
 *
 * When every link is longer than 0 ms, every relaxation makes a longer
 * distance, so dijkstra() settles sites in (dist, site) order and a site's
 * final parent is, among its live neighbours u giving the least
 * dist[u] + ms, the first settled: least (dist[u], u), then the first of
 * u's links to it (adjacency is in link order: least link). A site outside
 * the subtree the failure cuts off (under the link's lower end, or under
 * the site) keeps its path, so its distance; no neighbour can now offer it
 * a tie settled earlier (a neighbour's distance only grew, and a tie it
 * offered before would already have won), so it keeps its parent and its
 * unknown flag. The sites of the subtree are settled again by Dijkstra over
 * the subtree alone, seeded by their live neighbours outside it, choosing
 * parents by that same key: the same dist (summed along the same path
 * from the root), parents and unknown flags. Zero-length links (or a
 * failed root) make the whole tree recomputed instead.
 *
 * Cost: the subtree's sites and their links, per tree a failure's flows
 * consult.
 */

static int
build_kids(struct mri_tree *t, size_t n)
{
	size_t v;

	t->kid_off = calloc(n + 2, sizeof(*t->kid_off));
	t->kid = malloc((n + 1) * sizeof(*t->kid));
	if (t->kid_off == NULL || t->kid == NULL) {
		free(t->kid_off);
		free(t->kid);
		t->kid_off = t->kid = NULL;
		return MR_ENOMEM;
	}
	for (v = 0; v < n; v++)
		if (t->pnode[v] != MR_NONE)
			t->kid_off[t->pnode[v] + 2]++;
	for (v = 0; v < n; v++)
		t->kid_off[v + 2] += t->kid_off[v + 1];
	for (v = 0; v < n; v++)
		if (t->pnode[v] != MR_NONE)
			t->kid[t->kid_off[t->pnode[v] + 1]++] = (uint32_t)v;
	return MR_OK;
}

static int
undo_reserve(struct mri_route_rep *p, size_t more)
{
	if (p->n_undo + more > p->cap_undo) {
		size_t cap = p->cap_undo ? p->cap_undo : 256;
		struct mri_route_undo *u;
		while (cap < p->n_undo + more)
			cap *= 2;
		if ((u = realloc(p->undo, cap * sizeof(*u))) == NULL)
			return MR_ENOMEM;
		p->undo = u;
		p->cap_undo = cap;
	}
	return MR_OK;
}

static void
undo_save(struct mri_route_rep *p, struct mri_tree *t, uint32_t v)
{
	p->undo[p->n_undo++] = (struct mri_route_undo){
	    t, t->dist[v], v, t->pwan[v], t->pnode[v], t->unknown[v]};
}

/* The whole tree again, by dijkstra() in r's state. */
static int
repair_full(struct mri_route *r, struct mri_tree *t)
{
	struct mri_route_rep *p = r->rbase->rep;
	size_t n = r->net->dsg->n_sites, v;

	if (undo_reserve(p, n) != MR_OK)
		return MR_ENOMEM;
	for (v = 0; v < n; v++)
		undo_save(p, t, (uint32_t)v);
	dijkstra(r, t, t->src);
	return MR_OK;
}

/* Offer site v the path through neighbour u over link wan, nd long; keeps
 * it when it is the one dijkstra() would keep (see above). True when
 * taken. */
static bool
offer(const struct mr_net *s, struct mri_tree *t, uint32_t v, uint32_t u,
      uint32_t wan, double nd)
{
	uint32_t pu = t->pnode[v];

	if (nd > t->dist[v])
		return false;
	if (nd == t->dist[v] && pu != MR_NONE) {
		if (t->dist[u] != t->dist[pu]) {
			if (t->dist[u] > t->dist[pu])
				return false;
		} else if (u != pu) {
			if (u > pu)
				return false;
		} else if (wan >= t->pwan[v])
			return false;
	}
	t->dist[v] = nd;
	t->pwan[v] = wan;
	t->pnode[v] = u;
	t->unknown[v] = t->unknown[u] || !s->wan_known[wan];
	return true;
}

/* Tree t (the base's) repaired in place for r's failure. */
static int
repair(struct mri_route *r, struct mri_tree *t)
{
	struct mri_route_rep *p = r->rbase->rep;
	const struct mr_net *s = r->net;
	size_t n = s->dsg->n_sites, na = 0, i, hn = 0;
	uint32_t c = MR_NONE, w = r->rep_wan, fs = r->rep_site, ep;

	if (fs != MR_NONE) {
		if (fs == t->src)
			return repair_full(r, t);
		if (fs >= n || !isfinite(t->dist[fs]))
			return MR_OK;
		c = fs;
	} else if (w != MR_NONE) {
		uint32_t a = s->dsg->wan[w].a.idx, b = s->dsg->wan[w].b.idx;
		if (a >= n || b >= n)
			return MR_OK;
		if (t->pwan[b] == w)
			c = b;
		else if (t->pwan[a] == w)
			c = a;
		else
			return MR_OK;
	} else
		return MR_OK;
	if (!p->strict)
		return repair_full(r, t);
	if (t->kid_off == NULL && build_kids(t, n) != MR_OK)
		return MR_ENOMEM;
	if (++p->epoch == 0) {
		memset(p->mark, 0, (n + 1) * sizeof(*p->mark));
		memset(p->done, 0, (n + 1) * sizeof(*p->done));
		p->epoch = 1;
	}
	ep = p->epoch;
	/* the subtree the failure cuts off */
	p->aff[na++] = c;
	p->mark[c] = ep;
	for (i = 0; i < na; i++) {
		uint32_t v = p->aff[i], k;
		for (k = t->kid_off[v]; k < t->kid_off[v + 1]; k++) {
			p->mark[t->kid[k]] = ep;
			p->aff[na++] = t->kid[k];
		}
	}
	if (undo_reserve(p, na) != MR_OK)
		return MR_ENOMEM;
	for (i = 0; i < na; i++) {
		uint32_t v = p->aff[i];
		undo_save(p, t, v);
		t->dist[v] = INFINITY;
		t->pwan[v] = t->pnode[v] = MR_NONE;
		t->unknown[v] = false;
	}
	/* seeds: live links from outside the subtree */
	for (i = 0; i < na; i++) {
		uint32_t v = p->aff[i], k;
		for (k = s->adj_off[v]; k < s->adj_off[v + 1]; k++) {
			const struct mri_net_adj *a = &s->adj[k];
			if (!r->wan_up[a->wan] || p->mark[a->to] == ep ||
			    !isfinite(t->dist[a->to]))
				continue;
			(void)offer(s, t, v, a->to, a->wan,
			            t->dist[a->to] + a->ms);
		}
		if (isfinite(t->dist[v]) && hn < r->heap_cap)
			hpush(r, &hn, (struct mri_route_hent){t->dist[v], v});
	}
	while (hn > 0) {
		struct mri_route_hent e = hpop(r, &hn);
		uint32_t k;
		if (p->done[e.v] == ep || e.d > t->dist[e.v])
			continue;
		p->done[e.v] = ep;
		for (k = s->adj_off[e.v]; k < s->adj_off[e.v + 1]; k++) {
			const struct mri_net_adj *a = &s->adj[k];
			double nd = e.d + a->ms;
			if (!r->wan_up[a->wan] || p->mark[a->to] != ep ||
			    p->done[a->to] == ep)
				continue;
			if (!(nd > e.d))
				return repair_full(r, t);
			if (offer(s, t, a->to, e.v, a->wan, nd) &&
			    hn < r->heap_cap)
				hpush(r, &hn,
				      (struct mri_route_hent){nd, a->to});
		}
	}
	return MR_OK;
}

int
mri_route_repair_from(struct mri_route *r, struct mri_route *base, uint32_t wan,
                      uint32_t site)
{
	const struct mr_net *s = base->net;
	size_t n = s->dsg->n_sites, i;
	struct mri_route_rep *p = base->rep;

	if (p == NULL) {
		if ((p = calloc(1, sizeof(*p))) == NULL)
			return MR_ENOMEM;
		base->rep = p;
		p->strict = 1;
		for (i = 0; i < s->dsg->n_wan; i++)
			if (!(s->wan_ms[i] > 0))
				p->strict = 0;
		p->mark = calloc(n + 1, sizeof(*p->mark));
		p->done = calloc(n + 1, sizeof(*p->done));
		p->aff = malloc((n + 1) * sizeof(*p->aff));
		if (p->mark == NULL || p->done == NULL || p->aff == NULL)
			return MR_ENOMEM;
	}
	if (r->rep_lent == NULL &&
	    (r->rep_lent = malloc((n + 1) * sizeof(*r->rep_lent))) == NULL)
		return MR_ENOMEM;
	r->rbase = base;
	r->rep_wan = wan;
	r->rep_site = site;
	return MR_OK;
}

void
mri_route_repair_end(struct mri_route *r)
{
	size_t i;

	if (r->rbase != NULL)
		repair_undo(r->rbase->rep);
	for (i = 0; i < r->n_lent; i++) {
		r->ptree[r->rep_lent[i]] = NULL;
		r->borrowed[r->rep_lent[i]] = false;
	}
	r->n_lent = 0;
	for (i = 0; i < COMM_MASKS; i++)
		if (r->er_adv[i].done) {
			free(r->er_adv[i].site);
			free(r->er_adv[i].circuit);
			memset(&r->er_adv[i], 0, sizeof(r->er_adv[i]));
		}
	if (r->inet_adv.done) {
		free(r->inet_adv.site);
		free(r->inet_adv.circuit);
		memset(&r->inet_adv, 0, sizeof(r->inet_adv));
	}
}

static struct mri_tree *
site_tree(struct mri_route *r, uint32_t site)
{
	struct mri_tree *t;

	if (site >= r->net->dsg->n_sites)
		return NULL;
	if (r->ptree[site] != NULL)
		return r->ptree[site];
	if (r->rbase != NULL) {
		/* the base's tree (computed there in the base's state when
		 * new), repaired for this state's failure */
		if ((t = site_tree(r->rbase, site)) == NULL ||
		    repair(r, t) != MR_OK) {
			r->oom = true;
			if (t == NULL)
				return NULL;
		}
		r->ptree[site] = t;
		r->borrowed[site] = true;
		r->rep_lent[r->n_lent++] = site;
		return t;
	}
	if ((t = calloc(1, sizeof(*t))) == NULL ||
	    tree_alloc(t, r->net->dsg->n_sites, r->net->dsg->n_wan) != MR_OK) {
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
mri_route_inherit(struct mri_route *r, const struct mri_route *base,
                  uint32_t wan, uint32_t site)
{
	size_t i, n = r->net->dsg->n_sites;

	for (i = 0; i < n; i++) {
		const struct mri_tree *t = base->ptree[i];
		if (t == NULL || r->ptree[i] != NULL)
			continue;
		if (wan != MR_NONE && t->wan_used[wan])
			continue;
		if (site != MR_NONE && (i == site || t->interior[site]))
			continue;
		r->ptree[i] = (struct mri_tree *)(uintptr_t)t;
		r->borrowed[i] = true;
	}
	r->prefer_src = true;
}

/* A tree holding the shortest path between site and other, and in *from
 * the end to walk towards its root. */
const struct mri_tree *
mri_route_tree_for(struct mri_route *r, uint32_t site, uint32_t other,
                   uint32_t *from)
{
	if (!r->prefer_src || r->ptree[other] != NULL) {
		*from = site;
		return site_tree(r, other);
	}
	if (!r->have_stree) {
		if (tree_alloc(&r->stree, r->net->dsg->n_sites,
		               r->net->dsg->n_wan) != MR_OK) {
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

static void
er_path(const struct mri_route *r, uint32_t c, struct mr_bgp_path *p)
{
	memset(p, 0, sizeof(*p));
	p->local_pref = r->net->er_lp[c];
	p->as_path_len = 1; /* 12076 */
	p->neighbor_as = 12076;
	p->origin = MR_BGP_ORIGIN_IGP;
	p->router_id = r->net->er_rid[c];
	p->neighbor = r->net->er_rid[c];
	p->order = c;
}

static void
inet_path(const struct mri_route *r, uint32_t c, struct mr_bgp_path *p)
{
	memset(p, 0, sizeof(*p));
	p->local_pref = DEFAULT_LP;
	p->as_path_len = 1;
	p->neighbor_as = r->net->inet_as[c];
	p->origin = MR_BGP_ORIGIN_IGP;
	p->order = (uint32_t)r->net->dsg->n_er + c;
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
edge_path(struct mri_route *r, bool er, unsigned mask, size_t i,
          struct mr_bgp_path *p)
{
	if (er ? !r->er_up[i] || !(r->net->er_mask[i] & mask) : !r->inet_up[i])
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
static struct mri_route_adv *
advertised(struct mri_route *r, bool er, unsigned mask)
{
	const struct mr_design *g = r->net->dsg;
	struct mri_route_adv *l = er ? &r->er_adv[mask] : &r->inet_adv;
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

bool
mri_route_adv_grew(struct mri_route *r, struct mri_route *base)
{
	size_t n = r->net->dsg->n_sites, k;
	unsigned m;
	bool grew = false;

	if (base->adv_mark == NULL &&
	    (base->adv_mark = calloc(n + 1, sizeof(*base->adv_mark))) == NULL) {
		r->oom = true;
		return false;
	}
	for (m = 0; m <= COMM_MASKS && !grew; m++) {
		bool er = m < COMM_MASKS;
		const struct mri_route_adv *b =
		    er ? &base->er_adv[m] : &base->inet_adv;
		const struct mri_route_adv *l;
		if (!b->done)
			continue;
		l = advertised(r, er, m % COMM_MASKS);
		for (k = 0; k < b->n; k++)
			base->adv_mark[b->site[k]] = 1;
		for (k = 0; k < l->n; k++)
			if (!base->adv_mark[l->site[k]])
				grew = true;
		for (k = 0; k < b->n; k++)
			base->adv_mark[b->site[k]] = 0;
	}
	return grew;
}

/* The BGP decision at site `site` (tree t rooted there) for one prefix:
 * its own circuits over eBGP, the edges' advertisements over iBGP. */
/* Whether a step decides only where multipath does not look: paths equal
 * up to it are installed side by side (router id, neighbour address and
 * arrival order merely pick the one shown first). */
static bool
multipath_step(enum mr_bgp_reason why)
{
	return why == MR_BGP_REASON_ROUTER_ID ||
	       why == MR_BGP_REASON_NEIGHBOR || why == MR_BGP_REASON_ORDER ||
	       why == MR_BGP_REASON_EQUAL;
}

/* Add circuit c to r->multi[0..*m) unless there, keeping [1..) in circuit
 * order. */
static void
multi_add(struct mri_route *r, uint32_t *m, uint32_t c)
{
	uint32_t k;

	for (k = 0; k < *m; k++)
		if (r->multi[k] == c)
			return;
	for (k = *m; k > 1 && r->multi[k - 1] > c; k--)
		r->multi[k] = r->multi[k - 1];
	r->multi[k] = c;
	(*m)++;
}

/*
 * The multipath set of candidates[0..n) around best into r->multi: best
 * first, then the circuits of the paths equal to it through the IGP cost
 * and with the same neighbouring AS (routers require an identical AS path
 * for multipath, and every step before the IGP cost compares its length).
 * A path learnt over iBGP from another edge site leaves by that edge,
 * which spreads the traffic over its own multipath set: its circuits whose
 * eBGP paths tie the one it advertised. Returns its size, at most
 * MR_NET_MAX_PATHS (the lowest circuits after the best).
 */
static uint32_t
multipath(struct mri_route *r, uint32_t n, size_t best, bool er, unsigned mask)
{
	const struct mr_net *s = r->net;
	uint32_t i, k, m = 0;

	r->multi[m++] = r->cidx[best];
	for (i = 0; i < n; i++) {
		enum mr_bgp_reason why = MR_BGP_REASON_EQUAL;
		struct mr_bgp_path kp, q;
		const uint32_t *off, *lst;
		uint32_t x;
		if (i != best) {
			if (r->cand[i].neighbor_as != r->cand[best].neighbor_as)
				continue;
			(void)mr_bgp_compare(&r->cand[best], &r->cand[i], &why);
			if (!multipath_step(why))
				continue;
			multi_add(r, &m, r->cidx[i]);
		}
		if (r->cand[i].ebgp)
			continue;
		/* the edge it leaves by: its circuits equal to this one */
		x = r->csite[i];
		off = er ? s->site_er_off : s->site_inet_off;
		lst = er ? s->site_er : s->site_inet;
		kp = key(&r->cand[i]);
		for (k = off[x]; k < off[x + 1]; k++) {
			if (!edge_path(r, er, mask, lst[k], &q))
				continue;
			q = key(&q);
			if (mr_bgp_compare(&q, &kp, NULL) == 0)
				multi_add(r, &m, lst[k]);
		}
	}
	return m < MR_NET_MAX_PATHS ? m : MR_NET_MAX_PATHS;
}

bool
mri_route_decide(struct mri_route *r, uint32_t site, bool er, unsigned mask,
                 struct mri_route_decision *out)
{
	const struct mr_net *s = r->net;
	struct mri_route_adv *l = advertised(r, er, mask);
	uint32_t k, n = 0;
	size_t best, second;
	enum mr_bgp_reason why;
	const uint32_t *off = er ? s->site_er_off : s->site_inet_off;
	const uint32_t *lst = er ? s->site_er : s->site_inet;

	for (k = off[site]; k < off[site + 1]; k++) {
		uint32_t c = lst[k];
		if (er ? !r->er_up[c] || !(s->er_mask[c] & mask)
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
		const struct mri_tree *t;
		uint32_t from;
		double d;
		if (l->site[k] == site ||
		    (t = mri_route_tree_for(r, site, l->site[k], &from)) ==
		        NULL ||
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
	out->n_multi = multipath(r, n, best, er, mask);
	out->multi = r->multi;
	out->er = er;
	out->c = r->cidx[best];
	out->site = r->csite[best];
	out->n_paths = n;
	out->why = why;
	out->has_runner = second != SIZE_MAX;
	out->runner = second == SIZE_MAX ? MR_NONE : r->cidx[second];
	return true;
}

uint32_t
mri_route_proxy(struct mri_route *r, uint32_t site, const bool *proxy_up,
                void (*tried)(void *ctx, uint32_t proxy), void *ctx,
                const struct mri_tree **tree, uint32_t *from)
{
	const struct mr_design *g = r->net->dsg;
	size_t i, n;
	const uint32_t *fo = mr_net_failover(r->net, site, &n);

	for (i = 0; i < n; i++) {
		uint32_t c = fo[i];
		const struct mri_tree *t;
		uint32_t ps;
		if (tried != NULL)
			tried(ctx, c);
		ps = g->proxies[c].site.idx;
		if (proxy_up != NULL ? !proxy_up[c]
		                     : ps >= g->n_sites || !r->site_up[ps])
			continue;
		t = mri_route_tree_for(r, site, ps, from);
		if (t != NULL && isfinite(t->dist[*from])) {
			*tree = t;
			return c;
		}
	}
	return MR_NONE;
}
