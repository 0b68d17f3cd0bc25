/*
 * sim_run.c - one run of the simulation: element states, each flow's PAC
 * decision (the resolved network's), egress through the customer's routing
 * (resolve/route.c, one state per run), NAT, Microsoft's return path
 * (resolve/msreturn.c, under the run's failures), round trip
 * (resolve/latency.c, with its targets) and verdict; inbound flows.
 *
 * Data layout: struct sim_run holds the routing state (up flags, iBGP
 * advertisements per community mask, shortest-path trees, all computed on
 * first use), the proxies' up flags and Microsoft's return path per NAT
 * pool owner (memoised).
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
#include "inbound.h"
#include "m365route/geo.h"
#include "net_dns.h"
#include "route.h"
#include "sim_int.h"

/* Microsoft's way back to one NAT pool owner's pool, memoised. */
struct ret {
	bool done;
	struct mr_net_return r;
};

/* Where names asked at one site's resolvers resolve in this run, and the
 * elements that depends on (replayed into every flow that asks). */
struct dns_memo {
	bool done;
	struct mri_dns res;
	uint32_t *ids;
	size_t n, cap;
};

struct sim_run {
	struct mr_sim *s;
	struct mri_route rt; /* the routing under this run's failures */
	bool *proxy_up;
	struct ret *ret_er, *ret_inet;
	struct dns_memo *dns; /* per site */
	/* the memos filled, to clear for the next failure (sim_run_next()):
	 * return paths (Internet owners with the top bit), DNS sites */
	uint32_t *ret_log, *dns_log;
	size_t n_ret_log, n_dns_log;
	/* used elements */
	uint32_t **used;
	size_t *n_used, *cap_used;
	bool oom;
};

/* ---- element states --------------------------------------------------- */

/* The up flags of one circuit, Internet circuit, proxy or WAN link from
 * the failed elements. */
static void
flag_er(struct sim_run *r, const uint8_t *down, size_t i)
{
	const struct mr_sim *s = r->s;
	const struct mr_design *g = s->dsg;
	const struct mr_er_circuit *c = &g->er[i];
	bool p = !down[s->el_link0 + 2 * i];
	bool q = !down[s->el_link0 + 2 * i + 1] && c->ms.sessions >= 2;

	r->rt.er_up[i] = c->ms.present && !s->net->er_session_down[i] &&
	                 c->site.idx < g->n_sites &&
	                 r->rt.site_up[c->site.idx] && !down[i] && (p || q);
}

static void
flag_inet(struct sim_run *r, const uint8_t *down, size_t i)
{
	const struct mr_sim *s = r->s;
	const struct mr_design *g = s->dsg;

	r->rt.inet_up[i] = g->inet[i].site.idx < g->n_sites &&
	                   r->rt.site_up[g->inet[i].site.idx] &&
	                   !down[s->el_inet0 + i];
}

static void
flag_proxy(struct sim_run *r, const uint8_t *down, size_t i)
{
	const struct mr_sim *s = r->s;
	const struct mr_design *g = s->dsg;

	r->proxy_up[i] = g->proxies[i].site.idx < g->n_sites &&
	                 r->rt.site_up[g->proxies[i].site.idx] &&
	                 !down[s->el_proxy0 + i];
}

static void
flag_wan(struct sim_run *r, const uint8_t *down, size_t i)
{
	const struct mr_sim *s = r->s;
	const struct mr_design *g = s->dsg;
	const struct mr_wan_link *w = &g->wan[i];

	r->rt.wan_up[i] = w->a.idx < g->n_sites && w->b.idx < g->n_sites &&
	                  r->rt.site_up[w->a.idx] && r->rt.site_up[w->b.idx] &&
	                  !down[s->el_wan0 + i];
}

int
sim_run_new(struct sim_run **out, struct mr_sim *s, const uint8_t *down)
{
	const struct mr_design *g = s->dsg;
	struct sim_run *r = calloc(1, sizeof(*r));
	size_t i;

	*out = NULL;
	if (r == NULL)
		return MR_ENOMEM;
	r->s = s;
	if (mri_route_init(&r->rt, s->net) != MR_OK) {
		free(r);
		return MR_ENOMEM;
	}
	r->proxy_up = calloc(g->n_proxies + 1, 1);
	r->ret_er = calloc(g->n_er + 1, sizeof(*r->ret_er));
	r->ret_inet = calloc(g->n_inet + 1, sizeof(*r->ret_inet));
	r->dns = calloc(g->n_sites + 1, sizeof(*r->dns));
	r->ret_log = malloc((g->n_er + g->n_inet + 1) * sizeof(*r->ret_log));
	r->dns_log = malloc((g->n_sites + 1) * sizeof(*r->dns_log));
	if (r->proxy_up == NULL || r->ret_er == NULL || r->ret_inet == NULL ||
	    r->dns == NULL || r->ret_log == NULL || r->dns_log == NULL) {
		sim_run_free(r);
		return MR_ENOMEM;
	}
	for (i = 0; i < g->n_sites; i++)
		r->rt.site_up[i] = !down[s->el_site0 + i];
	for (i = 0; i < g->n_er; i++)
		flag_er(r, down, i);
	for (i = 0; i < g->n_inet; i++)
		flag_inet(r, down, i);
	for (i = 0; i < g->n_proxies; i++)
		flag_proxy(r, down, i);
	for (i = 0; i < g->n_wan; i++)
		flag_wan(r, down, i);
	*out = r;
	return MR_OK;
}

/* The up flags element el's state (down[el]) decides. */
static void
flag_el(struct sim_run *r, const uint8_t *down, uint32_t el)
{
	const struct mr_sim *s = r->s;
	const struct mr_net *n = s->net;
	const struct mr_design *g = s->dsg;
	uint32_t v, k;
	size_t i;

	if (el < s->el_link0)
		flag_er(r, down, el);
	else if (el < s->el_inet0)
		flag_er(r, down, (el - s->el_link0) / 2);
	else if (el < s->el_proxy0)
		flag_inet(r, down, el - s->el_inet0);
	else if (el < s->el_wan0)
		flag_proxy(r, down, el - s->el_proxy0);
	else if (el < s->el_site0)
		flag_wan(r, down, el - s->el_wan0);
	else {
		v = el - s->el_site0;
		r->rt.site_up[v] = !down[el];
		for (k = n->site_er_off[v]; k < n->site_er_off[v + 1]; k++)
			flag_er(r, down, n->site_er[k]);
		for (k = n->site_inet_off[v]; k < n->site_inet_off[v + 1]; k++)
			flag_inet(r, down, n->site_inet[k]);
		for (k = n->adj_off[v]; k < n->adj_off[v + 1]; k++)
			flag_wan(r, down, n->adj[k].wan);
		for (i = 0; i < g->n_proxies; i++)
			if (g->proxies[i].site.idx == v)
				flag_proxy(r, down, i);
	}
}

int
sim_run_next(struct sim_run *r, struct sim_run *base, const uint8_t *down,
             uint32_t prev, uint32_t el)
{
	size_t i;

	mri_route_repair_end(&r->rt);
	for (i = 0; i < r->n_ret_log; i++) {
		uint32_t x = r->ret_log[i];
		if (x & 0x80000000u)
			r->ret_inet[x & 0x7fffffffu].done = false;
		else
			r->ret_er[x].done = false;
	}
	r->n_ret_log = 0;
	for (i = 0; i < r->n_dns_log; i++) {
		r->dns[r->dns_log[i]].done = false;
		r->dns[r->dns_log[i]].n = 0;
	}
	r->n_dns_log = 0;
	if (prev != MR_NONE)
		flag_el(r, down, prev);
	if (el != MR_NONE)
		flag_el(r, down, el);
	return el == MR_NONE ? MR_OK : sim_run_repair(r, base, el);
}

void
sim_run_free(struct sim_run *r)
{
	size_t i;

	if (r == NULL)
		return;
	mri_route_fini(&r->rt);
	free(r->proxy_up);
	free(r->ret_er);
	free(r->ret_inet);
	free(r->ret_log);
	free(r->dns_log);
	if (r->dns != NULL)
		for (i = 0; i < r->s->dsg->n_sites; i++)
			free(r->dns[i].ids);
	free(r->dns);
	free(r);
}

void
sim_run_inherit(struct sim_run *r, const struct sim_run *base, uint32_t el)
{
	const struct mr_sim *s = r->s;
	uint32_t wan = MR_NONE, site = MR_NONE;

	if (el >= s->el_wan0 && el < s->el_site0)
		wan = el - s->el_wan0;
	else if (el >= s->el_site0)
		site = el - s->el_site0;
	mri_route_inherit(&r->rt, &base->rt, wan, site);
}

int
sim_run_repair(struct sim_run *r, struct sim_run *base, uint32_t el)
{
	const struct mr_sim *s = r->s;
	uint32_t wan = MR_NONE, site = MR_NONE;

	if (el >= s->el_wan0 && el < s->el_site0)
		wan = el - s->el_wan0;
	else if (el >= s->el_site0)
		site = el - s->el_site0;
	return mri_route_repair_from(&r->rt, &base->rt, wan, site);
}

bool
sim_run_adv_grew(struct sim_run *r, struct sim_run *base)
{
	return mri_route_adv_grew(&r->rt, &base->rt);
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
use_path(struct sim_run *r, const struct mri_tree *t, uint32_t to)
{
	while (to != MR_NONE && to != t->src && t->pwan[to] != MR_NONE) {
		use(r, r->s->el_wan0 + t->pwan[to]);
		use_site(r, to);
		to = t->pnode[to];
	}
}

/* ---- DNS ------------------------------------------------------------------ */

static void
memo_add(struct dns_memo *m, uint32_t id, bool *oom)
{
	if (m->n == m->cap) {
		uint32_t *v =
		    mri_vec_grow(m->ids, &m->cap, m->n + 1, sizeof(*v), 8);
		if (v == NULL) {
			*oom = true;
			return;
		}
		m->ids = v;
	}
	m->ids[m->n++] = id;
}

struct dns_ctx {
	struct sim_run *r;
	struct dns_memo *m;
};

/* What a resolution depends on (mri_route_dns()): a site asked, or a
 * hop's path, as use_path() walks it. */
static void
dns_dep(void *ctx, uint32_t site, const struct mri_tree *t, uint32_t to)
{
	struct dns_ctx *c = ctx;
	const struct mr_sim *s = c->r->s;

	if (t == NULL) {
		memo_add(c->m, s->el_site0 + site, &c->r->oom);
		return;
	}
	while (to != MR_NONE && to != t->src && t->pwan[to] != MR_NONE) {
		memo_add(c->m, s->el_wan0 + t->pwan[to], &c->r->oom);
		memo_add(c->m, s->el_site0 + to, &c->r->oom);
		to = t->pnode[to];
	}
}

/*
 * The name of destination d, asked at site at's resolvers: a Microsoft
 * 365 name (the matcher routes it) along the site's forwarding chain
 * under this run's failures (the model's mri_route_dns(), once per site
 * and run); any other name by at's own resolvers. Address and non-HTTP
 * flows resolve nothing. False when the name does not resolve.
 */
static bool
resolve_name(struct sim_run *r, const struct sim_dest *d, uint32_t at,
             struct mr_sim_flow *f)
{
	struct dns_memo *m = &r->dns[at];
	size_t i;

	if (d->udp || d->kind == MR_SIM_DEST_ADDR)
		return true;
	f->dns_from = f->dns_site = at;
	if (d->route == MR_ROUTE_UNKNOWN)
		return true;
	if (!m->done) {
		struct dns_ctx c = {r, m};
		mri_route_dns(&r->rt, at, dns_dep, &c, &m->res);
		m->done = true;
		r->dns_log[r->n_dns_log++] = at;
	}
	for (i = 0; i < m->n; i++)
		use(r, m->ids[i]);
	f->dns = true;
	f->dns_site = m->res.site;
	f->dns_fallback = m->res.how == MRI_DNS_FALLBACK;
	f->dns_cut_from = m->res.cut_from;
	f->dns_cut_to = m->res.cut_to;
	return m->res.how != MRI_DNS_FAILED;
}

/* ---- routing -------------------------------------------------------------- */

/* A proxy the browser tried: the flow depends on it and its site. */
static void
tried_proxy(void *ctx, uint32_t c)
{
	struct sim_run *r = ctx;

	use(r, r->s->el_proxy0 + c);
	use_site(r, r->s->dsg->proxies[c].site.idx);
}

/* The simulation's name for the kind of circuit a decision chose. */
static enum mr_sim_via
dvia(const struct mri_route_decision *d)
{
	return d->er ? MR_SIM_VIA_ER : MR_SIM_VIA_INTERNET;
}

/* Longest prefix, then BGP: ExpressRoute prefixes when the router's
 * clients receive them (er_ok), else the default route. */
static bool
route(struct sim_run *r, uint32_t site, const struct sim_dest *d, bool er_ok,
      struct mri_route_decision *out)
{
	size_t i;

	if (er_ok)
		for (i = 0; i < d->n_erp; i++)
			if (mri_route_decide(&r->rt, site, true, d->erp[i].mask,
			                     out)) {
				out->prefix = d->erp[i].p;
				return true;
			}
	if (!mri_route_decide(&r->rt, site, false, 0, out))
		return false;
	memset(&out->prefix, 0, sizeof(out->prefix));
	out->prefix.addr.family =
	    d->has_addr ? d->addr.addr.family : MR_AF_INET;
	return true;
}

/* ---- Microsoft's return path ----------------------------------------------- */

_Static_assert((int)MR_SIM_VIA_NONE == (int)MR_NET_VIA_NONE &&
                   (int)MR_SIM_VIA_ER == (int)MR_NET_VIA_ER &&
                   (int)MR_SIM_VIA_INTERNET == (int)MR_NET_VIA_INTERNET,
               "the simulation's circuit kinds are the resolved network's");

/* Where Microsoft sends traffic for address a under this run's failures:
 * the resolved network's decision (resolve/msreturn.c), the one check
 * reads too. */
static void
ms_route(struct sim_run *r, const struct mr_addr *a, struct mr_net_return *out)
{
	mri_net_ms_return(r->s->net, r->rt.er_up, r->rt.inet_up, a, MR_NONE,
	                  out);
}

static const struct mr_net_return *
ret_for(struct sim_run *r, enum mr_sim_via via, uint32_t owner,
        const struct mr_prefix *pool)
{
	struct ret *c =
	    via == MR_SIM_VIA_ER ? &r->ret_er[owner] : &r->ret_inet[owner];

	if (!c->done) {
		ms_route(r, &pool->addr, &c->r);
		c->done = true;
		r->ret_log[r->n_ret_log++] =
		    via == MR_SIM_VIA_ER ? owner : owner | 0x80000000u;
	}
	return &c->r;
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
        bool wan_unknown, struct mr_sim_flow *f)
{
	const struct mr_sim *s = r->s;
	const struct mr_design *g = s->dsg;
	const struct mr_peering_location *edge;
	struct mr_net_rtt rt;

	edge = f->via == MR_SIM_VIA_ER ? s->net->er_loc[f->egress]
	                               : s->net->site_near[f->egress_site];
	f->realtime = d->realtime && g->sites[site].realtime_media;
	f->fe_site = MR_NONE;
	/* The resolved network's estimate (resolve/latency.c), the one
	 * check judges the site's own circuits by: the access network
	 * (LAN/Wi-Fi) is the floor, Microsoft's client targets include the
	 * first hop (expressroute-facts.md 6). */
	if (wan_unknown ||
	    !mr_net_rtt(s->net, site, f->egress_site, wan, edge, &rt))
		return;
	f->rtt_access = rt.access;
	f->rtt_wan = rt.wan;
	f->rtt_edge = rt.edge;
	f->rtt_client = rt.client;
	f->rtt_fe = 0;
	if (!d->udp && d->kind != MR_SIM_DEST_ADDR) {
		const struct mr_site *fs;
		f->fe_site = f->dns_site;
		fs = &g->sites[f->fe_site];
		/* A front end near a site without a location is unknown,
		 * but the round trips the targets judge are not. */
		if (fs->has_coords)
			f->rtt_fe = mr_geo_rtt_ms(
			    mr_geo_km(edge->lat, edge->lon, fs->lat, fs->lon));
		else
			f->fe_unknown = true;
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
	uint32_t site = s->src[k], p;
	struct mri_route_decision dec;
	const struct mr_net_return *rt;
	enum mr_sim_via rv;
	const struct mr_prefix_list *pool;
	const struct mri_tree *pt = NULL;
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
	f->dns_from = f->dns_site = MR_NONE;
	f->dns_cut_from = f->dns_cut_to = MR_NONE;
	use_site(r, site);
	if (!r->rt.site_up[site]) {
		verdict(f, MR_SIM_BLACKHOLE, MR_SIM_WHY_SITE_DOWN);
		return;
	}
	f->pac_group = mr_net_site(s->net, site)->group;
	p = pac(s, site, d, f);
	if (p != MR_NONE) {
		/* The proxies the PAC file returns, in its order (the
		 * browser's failover list): the first one reachable. */
		const struct mr_proxy *px = NULL;
		uint32_t c = mri_route_proxy(&r->rt, site, r->proxy_up,
		                             tried_proxy, r, &pt, &from);
		if (c != MR_NONE) {
			px = &g->proxies[c];
			f->proxy = c;
		}
		if (px == NULL) {
			verdict(f, MR_SIM_BLACKHOLE, MR_SIM_WHY_NO_PROXY);
			return;
		}
		use_path(r, pt, from);
		wan = pt->dist[from];
		wan_unknown = pt->unknown[from];
		/* The proxy resolves the name. */
		if (!resolve_name(r, d, px->site.idx, f)) {
			verdict(f, MR_SIM_BLACKHOLE,
			        MR_SIM_WHY_DNS_UNREACHABLE);
			return;
		}
		f->via = px->egress_is_er ? MR_SIM_VIA_ER : MR_SIM_VIA_INTERNET;
		f->egress = px->egress.idx;
		use_circuit(r, f->via, f->egress);
		if (f->egress == MR_NONE ||
		    (px->egress_is_er ? !r->rt.er_up[f->egress]
		                      : !r->rt.inet_up[f->egress])) {
			verdict(f, MR_SIM_BLACKHOLE,
			        MR_SIM_WHY_PROXY_EGRESS_DOWN);
			return;
		}
		f->egress_site = px->egress_is_er ? g->er[f->egress].site.idx
		                                  : g->inet[f->egress].site.idx;
		pt = mri_route_tree_for(&r->rt, px->site.idx, f->egress_site,
		                        &from);
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
		/* The client resolves the name before anything leaves. */
		if (!resolve_name(r, d, site, f)) {
			verdict(f, MR_SIM_BLACKHOLE,
			        MR_SIM_WHY_DNS_UNREACHABLE);
			return;
		}
		if (!route(r, site, d, g->sites[site].receives_er_routes,
		           &dec)) {
			verdict(f, MR_SIM_BLACKHOLE, MR_SIM_WHY_NO_ROUTE);
			return;
		}
		f->via = dvia(&dec);
		f->egress = dec.c;
		f->egress_site = dec.site;
		f->route_prefix = dec.prefix;
		f->n_paths = dec.n_paths;
		f->bgp_why = dec.why;
		f->runner_via = dec.has_runner ? dvia(&dec) : MR_SIM_VIA_NONE;
		f->runner_up = dec.runner;
		f->n_multi = dec.n_multi;
		memcpy(f->multi, dec.multi, dec.n_multi * sizeof(*f->multi));
		use_circuit(r, f->via, f->egress);
		pt = mri_route_tree_for(&r->rt, site, f->egress_site, &from);
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
	latency(r, d, site, wan, wan_unknown, f);
	if (pool->n == 0) {
		verdict(f, MR_SIM_BLACKHOLE, MR_SIM_WHY_NO_NAT);
		return;
	}
	f->has_nat = true;
	f->nat = pool->v[0].p;
	rt = ret_for(r, f->nat_via, f->nat_owner, &f->nat);
	rv = (enum mr_sim_via)rt->via;
	f->ret_via = rv;
	f->n_ret = rt->n;
	memcpy(f->ret, rt->c, sizeof(f->ret));
	f->ret_prefix = rt->p;
	f->ret_as_path = rt->as_path;
	for (p = 0; p < rt->n; p++)
		use_circuit(r, rv, rt->c[p]);
	if (rv == MR_SIM_VIA_NONE) {
		verdict(f, MR_SIM_BLACKHOLE,
		        f->nat_via != f->via ? MR_SIM_WHY_ER_POOL_ON_INTERNET
		                             : MR_SIM_WHY_NAT_UNREACHABLE);
		return;
	}
	w = symmetry(f->via, f->egress, rv, rt->c, rt->n);
	if (w != MR_SIM_WHY_NONE) {
		verdict(f, MR_SIM_ASYMMETRIC, w);
		return;
	}
	if (f->realtime && f->has_rtt) {
		const struct mr_net_rtt rtt = {f->rtt_access, f->rtt_wan,
		                               f->rtt_edge, f->rtt_client};
		switch (mr_net_rtt_judge(&rtt)) {
		case MR_NET_RTT_EDGE:
			verdict(f, MR_SIM_DEGRADED, MR_SIM_WHY_EDGE_RTT);
			return;
		case MR_NET_RTT_CLIENT:
			verdict(f, MR_SIM_DEGRADED, MR_SIM_WHY_CLIENT_RTT);
			return;
		case MR_NET_RTT_OK:
			break;
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
	return r->oom || r->rt.oom ? MR_ENOMEM : MR_OK;
}

/* ---- inbound ---------------------------------------------------------------- */

static enum mr_sim_via
via_of(bool er)
{
	return er ? MR_SIM_VIA_ER : MR_SIM_VIA_INTERNET;
}

/* Microsoft connects, the server replies: the resolved network's paths
 * (mri_inbound_decide(): the Internet edge's source NAT, the segment's
 * ExpressRoute routes), judged as a flow is. */
void
sim_inbound(struct sim_run *r, size_t i, struct mr_sim_inbound *out)
{
	const struct mr_sim *s = r->s;
	const struct mr_design *g = s->dsg;
	const struct mr_inbound *in = &g->inbound[i];
	uint32_t site = in->site.idx;
	struct mri_inbound x;
	enum mr_sim_why w;

	memset(out, 0, sizeof(*out));
	out->idx = (uint32_t)i;
	out->out = out->out2 = MR_NONE;
	if (site >= g->n_sites || !r->rt.site_up[site]) {
		out->verdict = MR_SIM_BLACKHOLE;
		out->why = MR_SIM_WHY_SITE_DOWN;
		return;
	}
	mri_inbound_decide(&r->rt, (uint32_t)i, &x);
	out->in_via = (enum mr_sim_via)x.in.via;
	out->n_in = x.in.n;
	memcpy(out->in, x.in.c, sizeof(out->in));
	out->in_prefix = x.in.p;
	out->er_routes = x.er_routes;
	out->snat = x.snat;
	if (out->in_via == MR_SIM_VIA_NONE) {
		out->verdict = MR_SIM_BLACKHOLE;
		out->why = MR_SIM_WHY_UNREACHABLE_IN;
		return;
	}
	if (x.reply.c == MR_NONE) {
		out->verdict = MR_SIM_BLACKHOLE;
		out->why = MR_SIM_WHY_NO_ROUTE;
		return;
	}
	out->out_via = via_of(x.reply.er);
	out->out = x.reply.c;
	if (in->kind == MR_IN_SMTP) {
		out->has_out2 = true;
		if (x.reply2.c != MR_NONE) {
			out->out2_via = via_of(x.reply2.er);
			out->out2 = x.reply2.c;
		}
	}
	if (x.snat) {
		/* back through the Internet edge it came in by */
		out->verdict = MR_SIM_OK;
		out->why = MR_SIM_WHY_NONE;
		return;
	}
	w = symmetry(out->out_via, out->out, out->in_via, out->in, out->n_in);
	if (in->kind == MR_IN_SMTP) {
		if (out->out2 != MR_NONE) {
			enum mr_sim_why w2 =
			    symmetry(out->out2_via, out->out2, out->in_via,
			             out->in, out->n_in);
			if (w == MR_SIM_WHY_NONE && w2 != MR_SIM_WHY_NONE)
				w = out->in_via == MR_SIM_VIA_ER
				        ? MR_SIM_WHY_SMTP_OVER_ER
				        : w2;
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
