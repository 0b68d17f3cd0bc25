/*
 * lint_sym_acc.c - the address rules of `check`: route symmetry (SYM) and
 * what Microsoft accepts on Microsoft peering (ACC).
 *
 * Microsoft docs followed: "Routing with ExpressRoute for Office 365",
 * "Ensuring route symmetry" (best practices 1-3 and the list of inbound,
 * Microsoft-initiated services); "ExpressRoute routing requirements"
 * (ms.date 03/12/2026: public addresses, ASNs, /29 or two /30 per peering,
 * 200 prefixes per session, no default route on Microsoft peering);
 * "ExpressRoute NAT requirements" and "Router configuration samples to set
 * up and manage NAT": separate NAT pools per circuit and from the
 * Internet, and source NAT at the Internet edge for Microsoft-initiated
 * flows (inbound-no-snat, which reads the resolved network's inbound
 * paths, mr_net_inbound_paths()); "Optimize ExpressRoute Routing": local
 * preference, public-ASN prepends.
 *
 * SYM-11 compares two decisions of the resolved network, never its own:
 * the BGP decision at each site (mr_net_er_routes()) and Microsoft's way
 * back to the chosen circuit's NAT address (mr_net_ms_return()), the
 * ones the simulation makes, so it fires exactly where `simulate` shows a
 * routed flow returning over another circuit (tests/unit/test_agree.c).
 *
 * Data layout: no state of its own beyond a table of special-purpose
 * prefixes parsed per call. "Sent to Microsoft" means a circuit's
 * Microsoft-peering advertised prefixes and its NAT pool; a NAT pool item
 * that lies inside the same circuit's advertised list is reported through
 * the advertised item only, so one overlap gives one finding. Peering
 * subnets are the /29 (/125) and the primary and secondary /30 (/126).
 *
 * Invariants: each finding is reported once, at the YAML node of the item
 * at fault (the later one in file order for conflicts between two items),
 * with the other party named in the note.
 *
 * Complexity: pairwise comparisons of prefix lists, O(P^2) in the number
 * of prefixes in the design; O(P * R) against the R = 23 special ranges
 * (a constant table, so the module is reentrant).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint_int.h"

/* ---- special-purpose space ---------------------------------------------- */

/* What special-purpose space p lies in (util/erfacts.c), or NULL for public
 * space and for the default route (reported by its own rule). */
static const char *
special_what(const struct mr_prefix *p)
{
	return mri_prefix_special(p);
}

static bool
public_prefix(const struct mr_prefix *p)
{
	return p->len > 0 && special_what(p) == NULL;
}

/* ---- shared iteration ------------------------------------------------------ */

/* Whether p lies inside one of the peering's advertised prefixes (a
 * default route does not count: Microsoft filters it). */
static bool
in_advertised(const struct mr_ms_peering *ms, const struct mr_prefix *p)
{
	size_t i;

	for (i = 0; i < ms->advertised.n; i++)
		if (ms->advertised.v[i].p.len > 0 &&
		    lint_pfx_within(p, &ms->advertised.v[i].p))
			return true;
	return false;
}

/* The peering subnets of a circuit, with their role. */
struct psub {
	const struct mr_dprefix *dp;
	const char *role;
	unsigned want_len;
	uint8_t want_fam;
};

static size_t
peering_subnets(const struct mr_ms_peering *ms, struct psub out[6])
{
	size_t n = 0;

#define PS(has, field, name, len, fam)                                         \
	if (ms->has) {                                                         \
		out[n].dp = &ms->field;                                        \
		out[n].role = name;                                            \
		out[n].want_len = len;                                         \
		out[n].want_fam = fam;                                         \
		n++;                                                           \
	}
	PS(has_subnet, subnet, "subnet", 29, MR_AF_INET)
	PS(has_primary, primary, "primary", 30, MR_AF_INET)
	PS(has_secondary, secondary, "secondary", 30, MR_AF_INET)
	PS(has_subnet6, subnet6, "subnet_v6", 125, MR_AF_INET6)
	PS(has_primary6, primary6, "primary_v6", 126, MR_AF_INET6)
	PS(has_secondary6, secondary6, "secondary_v6", 126, MR_AF_INET6)
#undef PS
	return n;
}

/* ---- SYM ------------------------------------------------------------------- */

/* Whether p overlaps one of circuit e's NAT pool items. */
static bool
er_pool_overlap(const struct mr_er_circuit *e, const struct mr_prefix *p)
{
	size_t i;

	for (i = 0; i < e->ms.nat_pool.n; i++)
		if (lint_pfx_overlap(p, &e->ms.nat_pool.v[i].p))
			return true;
	return false;
}

/* SYM-1 / SYM-2 for one item sent to Microsoft. */
static void
sym_vs_internet(struct lint_ctx *c, const struct mr_er_circuit *e,
                const struct mr_dprefix *it, bool is_pool)
{
	const struct mr_design *g = c->dsg;
	const struct mr_internet_circuit *err_ic = NULL, *fb_ic = NULL;
	const struct mr_dprefix *err_it = NULL, *fb_it = NULL;
	bool err_pool = false;
	size_t i, k, pass;

	if (it->p.len == 0)
		return;
	for (i = 0; i < g->n_inet && err_it == NULL; i++) {
		const struct mr_internet_circuit *ic = &g->inet[i];
		for (pass = 0; pass < 2 && err_it == NULL; pass++) {
			const struct mr_prefix_list *l =
			    pass == 0 ? &ic->advertised : &ic->nat_pool;
			if (pass == 1 && is_pool)
				break; /* pool vs pool: nat-pool-shared */
			for (k = 0; k < l->n; k++) {
				const struct mr_dprefix *o = &l->v[k];
				if (!lint_pfx_overlap(&it->p, &o->p))
					continue;
				if (pass == 1 && er_pool_overlap(e, &o->p))
					continue; /* nat-pool-shared */
				if (lint_pfx_within(&it->p, &o->p) &&
				    it->p.len > o->p.len) {
					if (fb_it == NULL) {
						fb_it = o;
						fb_ic = ic;
					}
					continue;
				}
				err_it = o;
				err_ic = ic;
				err_pool = pass == 1;
				break;
			}
		}
	}
	if (err_it != NULL) {
		const char *rel = it->p.len == err_it->p.len
		                      ? "the same prefix as"
		                  : it->p.len < err_it->p.len ? "covering"
		                                              : "overlapping";
		lint_add(c, MR_R_SYM_PREFIX_BOTH_WAYS, it->at,
		         "%s %s sent to Microsoft at circuit '%s' is also "
		         "advertised to the Internet",
		         is_pool ? "NAT pool" : "prefix", lint_pfx(c, &it->p),
		         e->name);
		lint_note(c, "%s %s %s Internet circuit '%s'", rel,
		          lint_pfx(c, &err_it->p),
		          err_pool ? "in the NAT pool of" : "advertised by",
		          err_ic->name);
		lint_note(c, "Microsoft prefers ExpressRoute for it, so "
		             "replies to flows that left through the Internet "
		             "return over the circuit");
		if (err_pool)
			lint_hint(c, "give the Internet circuit a NAT pool "
			             "outside the prefixes sent to Microsoft");
		else
			lint_hint(c,
			          "advertise over ExpressRoute a range never "
			          "advertised to the Internet, or one strictly "
			          "more specific than %s",
			          lint_pfx(c, &err_it->p));
	} else if (fb_it != NULL) {
		lint_add(c, MR_R_SYM_MORE_SPECIFIC, it->at,
		         "%s %s sent to Microsoft at circuit '%s' is a more "
		         "specific of %s advertised to the Internet by '%s'",
		         is_pool ? "NAT pool" : "prefix", lint_pfx(c, &it->p),
		         e->name, lint_pfx(c, &fb_it->p), fb_ic->name);
		lint_note(c,
		          "route symmetry rests on the longer match: if %s "
		          "is withdrawn, Microsoft's replies follow the "
		          "Internet aggregate",
		          lint_pfx(c, &it->p));
		lint_hint(c, "a range never advertised to the Internet is the "
		             "recommended design");
	}
}

/* Whether p overlaps an Internet circuit's NAT pool (nat-pool-shared). */
static bool
inet_pool_overlap(const struct mr_design *g, const struct mr_prefix *p)
{
	size_t i, k;

	for (i = 0; i < g->n_inet; i++)
		for (k = 0; k < g->inet[i].nat_pool.n; k++)
			if (lint_pfx_overlap(p, &g->inet[i].nat_pool.v[k].p))
				return true;
	return false;
}

/* Whether circuits a and b have overlapping NAT pool items inside r. */
static bool
pools_shared_in(const struct mr_er_circuit *a, const struct mr_er_circuit *b,
                const struct mr_prefix *r)
{
	size_t i, k;

	for (i = 0; i < a->ms.nat_pool.n; i++) {
		const struct mr_prefix *p = &a->ms.nat_pool.v[i].p;
		if (!lint_pfx_within(p, r))
			continue;
		for (k = 0; k < b->ms.nat_pool.n; k++)
			if (lint_pfx_within(&b->ms.nat_pool.v[k].p, r) &&
			    lint_pfx_overlap(p, &b->ms.nat_pool.v[k].p))
				return true;
	}
	return false;
}

/* The first circuit item sent to Microsoft that contains address a. */
static bool
er_covering(const struct mr_design *g, const struct mr_addr *a, size_t *ei,
            const struct mr_dprefix **item)
{
	size_t i, k, pass;

	for (i = 0; i < g->n_er; i++) {
		const struct mr_ms_peering *ms = &g->er[i].ms;
		if (!ms->present)
			continue;
		for (pass = 0; pass < 2; pass++) {
			const struct mr_prefix_list *l =
			    pass == 0 ? &ms->advertised : &ms->nat_pool;
			for (k = 0; k < l->n; k++)
				if (l->v[k].p.len > 0 &&
				    mr_prefix_contains(&l->v[k].p, a)) {
					*ei = i;
					*item = &l->v[k];
					return true;
				}
		}
	}
	return false;
}

static void
sym_inbound(struct lint_ctx *c)
{
	const struct mr_design *g = c->dsg;
	size_t i, ei;

	for (i = 0; i < g->n_inbound; i++) {
		const struct mr_inbound *in = &g->inbound[i];
		const struct mr_dprefix *item;
		bool smtp = in->kind == MR_IN_SMTP;
		enum mr_dcode code =
		    smtp ? MR_R_SYM_INBOUND_SMTP_ER : MR_R_SYM_INBOUND_ER;
		const char *kind = mr_inbound_kind_name(in->kind);
		char addr[MR_ADDR_STRLEN];

		mr_addr_format(&in->address.p.addr, addr, sizeof(addr));

		if (er_covering(g, &in->address.p.addr, &ei, &item)) {
			lint_add(c, code, in->address.at,
			         "inbound service '%s' (%s) at %s is reachable "
			         "over ExpressRoute",
			         in->name, kind ? kind : "?", addr);
			lint_note(c,
			          "its address is inside %s, sent to "
			          "Microsoft at circuit '%s'",
			          lint_pfx(c, &item->p), g->er[ei].name);
		} else if (in->path == MR_PATH_EXPRESSROUTE) {
			lint_add(c, code, in->at,
			         "inbound service '%s' (%s) is routed over "
			         "ExpressRoute (path: expressroute)",
			         in->name, kind ? kind : "?");
		} else {
			continue;
		}
		if (smtp)
			lint_note(c,
			          "SMTP is used much more widely in "
			          "Microsoft's network than the prefixes "
			          "ExpressRoute carries; mail from the other "
			          "services fails");
		else
			lint_note(c, "Microsoft recommends the Internet path "
			             "for the flows it initiates");
		if (in->path == MR_PATH_EXPRESSROUTE)
			lint_hint(c,
			          "route it over the Internet (path: "
			          "internet), with %s outside the prefixes "
			          "advertised to Microsoft",
			          addr);
		else
			lint_hint(c,
			          "keep %s out of the prefixes advertised "
			          "to Microsoft",
			          addr);
	}
}

/* ---- SYM-11: the circuit preferred both ways ------------------------------ */

/* "'a'", "'a' and 'b'", "'a', 'b' and 'c'" of circuits v[0..n) into buf. */
static void
circuit_list(const struct mr_design *g, const uint32_t *v, uint32_t n,
             char *buf, size_t cap)
{
	size_t used = 0;
	uint32_t i;

	buf[0] = '\0';
	for (i = 0; i < n && used < cap; i++)
		used +=
		    (size_t)snprintf(buf + used, cap - used, "%s'%s'",
		                     i == 0       ? ""
		                     : i + 1 == n ? " and "
		                                  : ", ",
		                     v[i] < g->n_er ? g->er[v[i]].name : "?");
}

/* The item of circuit e's advertised list that is prefix p (its span), or
 * fallback. */
static struct mr_span
advertised_at(const struct mr_er_circuit *e, const struct mr_prefix *p,
              struct mr_span fallback)
{
	size_t i;

	for (i = 0; i < e->ms.advertised.n; i++)
		if (e->ms.advertised.v[i].p.len == p->len &&
		    lint_pfx_within(&e->ms.advertised.v[i].p, p))
			return e->ms.advertised.v[i].at;
	return fallback;
}

/* Why a site's router prefers r's circuit outbound (the resolved
 * network's decision), as a note. */
static void
note_outbound(struct lint_ctx *c, const struct mr_net_route *r)
{
	const struct mr_design *g = c->dsg;
	const char *o = g->er[r->circuit].name;

	if (r->runner == MR_NONE)
		lint_note(c,
		          "out: '%s' (local preference %u) is the only "
		          "ExpressRoute path there",
		          o, (unsigned)r->local_pref);
	else if (r->why == MR_BGP_REASON_LOCAL_PREF)
		lint_note(
		    c,
		    "out: '%s' wins the BGP decision on local preference, "
		    "%u against %u for '%s'",
		    o, (unsigned)r->local_pref, (unsigned)r->runner_local_pref,
		    g->er[r->runner].name);
	else
		lint_note(c,
		          "out: '%s' wins the BGP decision over '%s' on %s "
		          "(local preference %u for both)",
		          o, g->er[r->runner].name, mr_bgp_reason_name(r->why),
		          (unsigned)r->local_pref);
}

/*
 * SYM-11: for every ExpressRoute circuit that sites' routed traffic leaves
 * by (the resolved network's BGP decision, nothing failed), Microsoft's
 * way back to the circuit's NAT address (the resolved network's too) must
 * include that circuit. The flow's source is the first address of the
 * circuit's first pool, as in the simulation. One finding per outbound
 * circuit, naming the sites; at the item that makes Microsoft prefer the
 * other circuit.
 */
static void
sym_preferred(struct lint_ctx *c)
{
	const struct mr_design *g = c->dsg;
	struct mr_net_route *rt;
	size_t s, a, e;
	uint32_t k;

	if (g->n_er < 2 || g->n_sites == 0)
		return;
	rt = calloc(g->n_sites * MR_SA__COUNT, sizeof(*rt));
	if (rt == NULL || mr_net_er_routes(c->net, rt) != MR_OK) {
		free(rt);
		c->oom = true;
		return;
	}
	for (e = 0; e < g->n_er; e++) {
		const struct mr_er_circuit *oc = &g->er[e];
		const struct mr_dprefix *pool;
		const struct mr_net_route *first = NULL;
		struct mr_net_return back, own;
		char sites[256], backs[256];
		size_t n_sites = 0, used = 0;
		bool has_own, in = false;
		struct mr_span at;
		if (!oc->ms.present || oc->ms.nat_pool.n == 0)
			continue;
		sites[0] = '\0';
		for (s = 0; s < g->n_sites; s++) {
			const struct mr_net_route *r = NULL;
			for (a = 0; a < MR_SA__COUNT && r == NULL; a++)
				if (rt[s * MR_SA__COUNT + a].circuit == e)
					r = &rt[s * MR_SA__COUNT + a];
			if (r == NULL)
				continue;
			if (first == NULL)
				first = r;
			if (n_sites++ < 4 && used < sizeof(sites))
				used += (size_t)snprintf(
				    sites + used, sizeof(sites) - used,
				    "%s'%s'", n_sites > 1 ? ", " : "",
				    g->sites[s].name);
		}
		if (first == NULL)
			continue;
		pool = &oc->ms.nat_pool.v[0];
		mr_net_ms_return(c->net, &pool->p.addr, &back);
		if (back.via != MR_NET_VIA_ER)
			continue; /* over the Internet or nowhere: SYM-9 */
		for (k = 0; k < back.n; k++)
			if (back.c[k] == e)
				in = true;
		if (in)
			continue; /* the same circuit, or load-shared: SYM-4 */
		circuit_list(g, back.c, back.n, backs, sizeof(backs));
		has_own = mr_net_ms_route_over(c->net, (uint32_t)e,
		                               &pool->p.addr, &own);
		if (!has_own)
			at = pool->at;
		else if (own.p.len < back.p.len)
			at = advertised_at(&g->er[back.c[0]], &back.p,
			                   g->er[back.c[0]].ms.at);
		else
			at = oc->ms.n_prepend > 0
			         ? lint_span(oc->ms.prepend_at, oc->ms.at)
			         : lint_span(oc->ms.local_preference_at,
			                     oc->ms.at);
		lint_add(c, MR_R_SYM_PREFERRED_CIRCUIT_DISAGREES, at,
		         "%s %s%s %s Microsoft 365 traffic out over circuit "
		         "'%s', but Microsoft sends the replies back over %s "
		         "%s",
		         n_sites == 1 ? "site" : "sites", sites,
		         n_sites > 4 ? ", ..." : "",
		         n_sites == 1 ? "sends its" : "send their", oc->name,
		         back.n == 1 ? "circuit" : "circuits", backs);
		note_outbound(c, first);
		if (!has_own)
			lint_note(
			    c,
			    "back: '%s' advertises no prefix covering its "
			    "NAT pool %s; Microsoft matches %s at %s",
			    oc->name, lint_pfx(c, &pool->p),
			    lint_pfx(c, &back.p), backs);
		else if (own.p.len < back.p.len)
			lint_note(c,
			          "back: for NAT pool %s of '%s' Microsoft "
			          "prefers the more specific %s at %s to %s at "
			          "'%s'",
			          lint_pfx(c, &pool->p), oc->name,
			          lint_pfx(c, &back.p), backs,
			          lint_pfx(c, &own.p), oc->name);
		else
			lint_note(
			    c,
			    "back: for NAT pool %s of '%s' Microsoft "
			    "matches %s and prefers %s for the shorter AS "
			    "path: %u AS%s against %u at '%s' (AS-path "
			    "prepends count, private ASNs are stripped)",
			    lint_pfx(c, &pool->p), oc->name,
			    lint_pfx(c, &back.p), backs, (unsigned)back.as_path,
			    back.as_path == 1 ? "" : "es",
			    (unsigned)own.as_path, oc->name);
		if (!has_own)
			lint_hint(
			    c,
			    "advertise %s (or a prefix covering it) at "
			    "'%s', apart from the other circuits' prefixes",
			    lint_pfx(c, &pool->p), oc->name);
		else if (own.p.len < back.p.len)
			lint_hint(c,
			          "advertise a separate prefix at each circuit "
			          "(%s not at %s), or prefer %s outbound",
			          lint_pfx(c, &back.p), backs, backs);
		else
			lint_hint(
			    c,
			    "prepend on the circuit not preferred outbound "
			    "(%s) instead, or advertise a separate prefix "
			    "at each circuit",
			    backs);
	}
	free(rt);
}

/*
 * SYM-12: a service Microsoft reaches over the Internet whose server
 * replies over ExpressRoute (its segment has the routes, the Internet edge
 * does not source-NAT). The paths are the resolved network's, the ones
 * simulate shows for the inbound flow with nothing failed.
 */
static void
sym_inbound_snat(struct lint_ctx *c)
{
	const struct mr_design *g = c->dsg;
	struct mr_net_inbound_path *p;
	size_t i;

	if (g->n_inbound == 0)
		return;
	p = calloc(g->n_inbound, sizeof(*p));
	if (p == NULL || mr_net_inbound_paths(c->net, p) != MR_OK) {
		free(p);
		c->oom = true;
		return;
	}
	for (i = 0; i < g->n_inbound; i++) {
		const struct mr_inbound *in = &g->inbound[i];
		const char *kind = mr_inbound_kind_name(in->kind);
		if (!p[i].reached || p[i].in_er || p[i].snat ||
		    !p[i].reply_er || p[i].in_circuit >= g->n_inet ||
		    p[i].reply_circuit >= g->n_er)
			continue;
		lint_add(c, MR_R_SYM_INBOUND_NO_SNAT, in->at,
		         "inbound service '%s' (%s) is reached over the "
		         "Internet ('%s') but replies over ExpressRoute ('%s')",
		         in->name, kind, g->inet[p[i].in_circuit].name,
		         g->er[p[i].reply_circuit].name);
		if (in->has_er_routes)
			lint_note(
			    c, "its segment has the ExpressRoute routes "
			       "(expressroute_routes: true) and the Internet "
			       "edge does not source-NAT Microsoft's "
			       "connections, so the replies follow the "
			       "ExpressRoute routes and stateful devices "
			       "drop them");
		else
			lint_note(
			    c,
			    "its segment has the ExpressRoute routes (site "
			    "'%s' receives them) and the Internet edge does "
			    "not source-NAT Microsoft's connections, so the "
			    "replies follow the ExpressRoute routes and "
			    "stateful devices drop them",
			    g->sites[in->site.idx].name);
		lint_hint(c,
		          "source-NAT them at the Internet edge (snat: "
		          "true), or keep the ExpressRoute routes out of the "
		          "server's segment (expressroute_routes: false)");
	}
	free(p);
}

void
mri_lint_sym(struct lint_ctx *c)
{
	const struct mr_design *g = c->dsg;
	size_t e, f, i, k, j;

	for (e = 0; e < g->n_er; e++) {
		const struct mr_er_circuit *ec = &g->er[e];
		const struct mr_ms_peering *ms = &ec->ms;
		if (!ms->present)
			continue;

		/* SYM-1, SYM-2: against the Internet. */
		for (i = 0; i < ms->advertised.n; i++)
			sym_vs_internet(c, ec, &ms->advertised.v[i], false);
		for (i = 0; i < ms->nat_pool.n; i++)
			if (!in_advertised(ms, &ms->nat_pool.v[i].p) &&
			    !inet_pool_overlap(g, &ms->nat_pool.v[i].p))
				sym_vs_internet(c, ec, &ms->nat_pool.v[i],
				                true);

		/* SYM-3: NAT pools shared with earlier circuits or the
		 * Internet. */
		for (i = 0; i < ms->nat_pool.n; i++) {
			const struct mr_dprefix *p = &ms->nat_pool.v[i];
			bool done = false;
			for (f = 0; f < e && !done; f++) {
				const struct mr_ms_peering *o = &g->er[f].ms;
				if (!o->present)
					continue;
				for (k = 0; k < o->nat_pool.n && !done; k++) {
					if (!lint_pfx_overlap(
					        &p->p, &o->nat_pool.v[k].p))
						continue;
					lint_add(
					    c, MR_R_SYM_NAT_POOL_SHARED, p->at,
					    "NAT pool %s of circuit '%s' "
					    "overlaps NAT pool %s of "
					    "circuit '%s'",
					    lint_pfx(c, &p->p), ec->name,
					    lint_pfx(c, &o->nat_pool.v[k].p),
					    g->er[f].name);
					done = true;
				}
			}
			for (f = 0; f < g->n_inet && !done; f++) {
				const struct mr_internet_circuit *ic =
				    &g->inet[f];
				for (k = 0; k < ic->nat_pool.n && !done; k++) {
					if (!lint_pfx_overlap(
					        &p->p, &ic->nat_pool.v[k].p))
						continue;
					lint_add(
					    c, MR_R_SYM_NAT_POOL_SHARED, p->at,
					    "NAT pool %s of ExpressRoute "
					    "circuit '%s' overlaps the "
					    "NAT pool %s of Internet "
					    "circuit '%s'",
					    lint_pfx(c, &p->p), ec->name,
					    lint_pfx(c, &ic->nat_pool.v[k].p),
					    ic->name);
					done = true;
				}
			}
			if (done) {
				lint_note(c, "replies are sent to whichever "
				             "path Microsoft prefers for the "
				             "pool, not the one the flow used");
				lint_hint(c, "use a separate NAT pool per "
				             "ExpressRoute circuit, separate "
				             "from the Internet pools");
			}
		}

		/* SYM-4: the same prefix at several circuits. */
		for (i = 0; i < ms->advertised.n; i++) {
			const struct mr_dprefix *a = &ms->advertised.v[i];
			bool done = false;
			if (a->p.len == 0)
				continue;
			for (f = 0; f < e && !done; f++) {
				const struct mr_er_circuit *oc = &g->er[f];
				if (!oc->ms.present)
					continue;
				for (k = 0; k < oc->ms.advertised.n && !done;
				     k++) {
					const struct mr_dprefix *b =
					    &oc->ms.advertised.v[k];
					const struct mr_prefix *r;
					if (b->p.len == 0 ||
					    !lint_pfx_overlap(&a->p, &b->p))
						continue;
					r = a->p.len >= b->p.len ? &a->p
					                         : &b->p;
					if (pools_shared_in(ec, oc, r))
						continue;
					lint_add(c,
					         MR_R_SYM_PREFIX_MULTI_CIRCUIT,
					         a->at,
					         "prefix %s is advertised to "
					         "Microsoft at circuit '%s' "
					         "and, as %s, at circuit '%s'",
					         lint_pfx(c, &a->p), ec->name,
					         lint_pfx(c, &b->p), oc->name);
					lint_note(c, "Microsoft picks the "
					             "return circuit by its "
					             "own BGP decision");
					lint_hint(c,
					          "advertise separate "
					          "prefixes at each circuit");
					done = true;
				}
			}
		}

		/* SYM-8: advertised, but neither NAT pool nor inbound server. */
		for (i = 0; i < ms->advertised.n; i++) {
			const struct mr_dprefix *a = &ms->advertised.v[i];
			bool needed = false;
			if (!public_prefix(&a->p))
				continue;
			for (k = 0; k < ms->nat_pool.n && !needed; k++)
				if (lint_pfx_overlap(&a->p,
				                     &ms->nat_pool.v[k].p))
					needed = true;
			for (j = 0; j < g->n_inbound && !needed; j++)
				if (mr_prefix_contains(
				        &a->p, &g->inbound[j].address.p.addr))
					needed = true;
			if (needed)
				continue;
			lint_add(
			    c, MR_R_SYM_ADVERTISED_BEYOND_NEED, a->at,
			    "prefix %s advertised to Microsoft at circuit "
			    "'%s' holds no NAT pool and no inbound service",
			    lint_pfx(c, &a->p), ec->name);
			lint_note(c, "any route advertised to Microsoft "
			             "attracts traffic from any server in "
			             "Microsoft's network");
			lint_hint(c,
			          "advertise only the circuit's NAT pool and "
			          "the inbound servers routed over "
			          "ExpressRoute");
		}

		/* SYM-9: NAT pool not advertised at its own circuit. */
		for (i = 0; i < ms->nat_pool.n; i++) {
			const struct mr_dprefix *p = &ms->nat_pool.v[i];
			if (!public_prefix(&p->p) || in_advertised(ms, &p->p))
				continue;
			lint_add(
			    c, MR_R_SYM_NAT_POOL_NOT_ADVERTISED, p->at,
			    "NAT pool %s of circuit '%s' is not inside any "
			    "prefix it advertises to Microsoft",
			    lint_pfx(c, &p->p), ec->name);
			lint_note(c, "Microsoft's replies to the pool would "
			             "not come back over this circuit");
			lint_hint(c,
			          "add %s (or a prefix covering it) to "
			          "microsoft_peering.advertised",
			          lint_pfx(c, &p->p));
		}

		/* SYM-10: local preference. */
		if (ms->local_preference != 0 && ms->local_preference <= 100) {
			lint_add(c, MR_R_SYM_LOCAL_PREFERENCE_LOW,
			         lint_span(ms->local_preference_at, ms->at),
			         "local preference %u on routes learned over "
			         "circuit '%s' is not above the default of 100",
			         (unsigned)ms->local_preference, ec->name);
			lint_note(c, "Microsoft's prefixes are also learned "
			             "from the Internet; with equal preference "
			             "AS-path length decides");
			lint_hint(c, "prefer the ExpressRoute routes, e.g. "
			             "local_preference: 150 as in Microsoft's "
			             "sample");
		}
	}

	sym_inbound(c);
	sym_preferred(c);
	sym_inbound_snat(c);

	/* SYM-7: a PAC group's (Internet) proxy that egresses over ER: any
	 * of its failover list, which all carry the group's Internet traffic
	 * in turn. */
	for (i = 0; i < g->n_pac_groups; i++) {
		const struct mr_pac_group *pg = &g->pac_groups[i];
		for (k = 0; k < pg->n_proxies; k++) {
			const struct mr_proxy *px;
			if (pg->proxies[k].idx >= g->n_proxies)
				continue;
			px = &g->proxies[pg->proxies[k].idx];
			if (!px->egress_is_er || px->egress.idx >= g->n_er)
				continue;
			lint_add(
			    c, MR_R_SYM_PROXY_MIXED_EGRESS,
			    lint_span(pg->proxies[k].at, pg->at),
			    "PAC group '%s' sends its non-ExpressRoute traffic "
			    "to "
			    "proxy '%s', which egresses through ExpressRoute "
			    "circuit '%s'",
			    pg->name, px->name, g->er[px->egress.idx].name);
			lint_note(
			    c,
			    "one proxy/edge would carry Internet and "
			    "Microsoft flows on two paths, which makes routing "
			    "asymmetric");
			lint_hint(
			    c,
			    "give the PAC group a proxy that egresses through "
			    "an Internet circuit; keep the ExpressRoute egress "
			    "separate");
		}
	}
}

/* ---- ACC ------------------------------------------------------------------- */

static const char *
asn_reserved_what(uint32_t asn)
{
	if (asn == 12076)
		return "Microsoft's own ASN";
	if (asn >= 65515 && asn <= 65520)
		return "reserved by Microsoft for internal use";
	if (asn >= 64496 && asn <= 64511)
		return "a documentation ASN (RFC 5398)";
	if (asn >= 65536 && asn <= 65551)
		return "a 32-bit documentation ASN (RFC 5398)";
	if (asn >= 65552 && asn <= 131071)
		return "in a range IANA keeps reserved";
	if (asn == 23456)
		return "AS_TRANS (RFC 6793), a placeholder for 4-byte ASNs";
	if (asn == 0)
		return "AS 0, which no BGP speaker may use";
	return "reserved";
}

static void
acc_asn(struct lint_ctx *c, const struct mr_er_circuit *e, uint32_t asn,
        const char *which, struct mr_span at)
{
	if (mri_asn_reserved(asn)) {
		lint_add(c, MR_R_ACC_ASN_RESERVED, at,
		         "%s ASN %u of circuit '%s' is %s", which,
		         (unsigned)asn, e->name, asn_reserved_what(asn));
		lint_hint(c, "use a public ASN registered to you");
	} else if (mri_asn_private(asn)) {
		lint_add(c, MR_R_ACC_ASN_PRIVATE, at,
		         "%s ASN %u of circuit '%s' is private", which,
		         (unsigned)asn, e->name);
		lint_note(c, "its prefixes need manual validation, and "
		             "Microsoft strips private ASNs from the AS path");
		lint_hint(c, "peer with a public ASN registered to you");
	}
}

/* Whether p lies inside the organization's declared address space. */
static bool
owned(const struct mr_design *g, const struct mr_prefix *p)
{
	size_t i;

	for (i = 0; i < g->org.address_space.n; i++)
		if (lint_pfx_within(p, &g->org.address_space.v[i].p))
			return true;
	return false;
}

/* ACC-1, ACC-2, ACC-11 for one item. */
static void
acc_item(struct lint_ctx *c, const struct mr_er_circuit *e,
         const struct mr_dprefix *it, const char *what, bool can_default)
{
	const struct mr_design *g = c->dsg;
	const char *sp;

	if (it->p.len == 0) {
		if (!can_default)
			return; /* peering-subnet-size reports it */
		lint_add(c, MR_R_ACC_DEFAULT_ROUTE, it->at,
		         "%s %s of circuit '%s' is a default route", what,
		         lint_pfx(c, &it->p), e->name);
		lint_hint(c, "filter default routes out of Microsoft peering; "
		             "they are accepted only on private peering");
		return;
	}
	sp = special_what(&it->p);
	if (sp != NULL) {
		lint_add(c, MR_R_ACC_PREFIX_NOT_PUBLIC, it->at,
		         "%s %s of circuit '%s' is %s", what,
		         lint_pfx(c, &it->p), e->name, sp);
		lint_note(c, "Microsoft peering accepts only public addresses "
		             "registered to you");
		lint_hint(c, "use public space registered to you");
		return;
	}
	if (g->org.address_space.n > 0 && !owned(g, &it->p)) {
		lint_add(c, MR_R_ACC_PREFIX_NOT_OWNED, it->at,
		         "%s %s of circuit '%s' is outside the organization's "
		         "address space",
		         what, lint_pfx(c, &it->p), e->name);
		lint_note(c, "Microsoft validates it against the routing "
		             "registries for the peer (or customer) ASN");
		lint_hint(c, "add it to organization.address_space if it is "
		             "registered to you");
	}
}

/* The first or second half of a /29 (/125). */
static struct mr_prefix
half(const struct mr_prefix *p, int second)
{
	struct mr_prefix h = *p;

	if (second)
		h.addr.bytes[p->len / 8] |= (uint8_t)(0x80u >> (p->len % 8));
	h.len = (uint8_t)(p->len + 1);
	return h;
}

static bool
pfx_eq(const struct mr_prefix *a, const struct mr_prefix *b)
{
	return a->addr.family == b->addr.family && a->len == b->len &&
	       memcmp(a->addr.bytes, b->addr.bytes, 16) == 0;
}

/* ACC-8 for one family. */
static void
acc_pair(struct lint_ctx *c, const struct mr_er_circuit *e, bool has_sub,
         const struct mr_dprefix *sub, bool has_pri,
         const struct mr_dprefix *pri, bool has_sec,
         const struct mr_dprefix *sec, unsigned sub_len, const char *v6)
{
	if (has_pri != has_sec && !has_sub) {
		const struct mr_dprefix *x = has_pri ? pri : sec;
		lint_add(c, MR_R_ACC_PEERING_SUBNET_PAIR, x->at,
		         "circuit '%s' has a %s%s peering subnet but no %s%s",
		         e->name, has_pri ? "primary" : "secondary", v6,
		         has_pri ? "secondary" : "primary", v6);
		lint_note(c, "each link of the circuit needs its own subnet");
		return;
	}
	if (has_pri && has_sec && lint_pfx_overlap(&pri->p, &sec->p)) {
		lint_add(c, MR_R_ACC_PEERING_SUBNET_PAIR, sec->at,
		         "secondary%s peering subnet %s of circuit '%s' "
		         "overlaps the primary %s",
		         v6, lint_pfx(c, &sec->p), e->name,
		         lint_pfx(c, &pri->p));
		return;
	}
	if (has_sub && sub->p.len == sub_len &&
	    sub->p.addr.family == (sub_len == 29 ? MR_AF_INET : MR_AF_INET6)) {
		struct mr_prefix h0 = half(&sub->p, 0), h1 = half(&sub->p, 1);
		if (has_pri && pri->p.len == sub_len + 1 &&
		    !pfx_eq(&pri->p, &h0)) {
			lint_add(c, MR_R_ACC_PEERING_SUBNET_PAIR, pri->at,
			         "primary%s peering subnet %s of circuit '%s' "
			         "is not the first half of %s",
			         v6, lint_pfx(c, &pri->p), e->name,
			         lint_pfx(c, &sub->p));
			lint_note(c, "Microsoft uses %s for the primary link",
			          lint_pfx(c, &h0));
		}
		if (has_sec && sec->p.len == sub_len + 1 &&
		    !pfx_eq(&sec->p, &h1)) {
			lint_add(c, MR_R_ACC_PEERING_SUBNET_PAIR, sec->at,
			         "secondary%s peering subnet %s of circuit "
			         "'%s' is not the second half of %s",
			         v6, lint_pfx(c, &sec->p), e->name,
			         lint_pfx(c, &sub->p));
			lint_note(c, "Microsoft uses %s for the secondary link",
			          lint_pfx(c, &h1));
		}
	}
}

void
mri_lint_acc(struct lint_ctx *c)
{
	const struct mr_design *g = c->dsg;
	size_t e, f, i, k, n, m;

	for (e = 0; e < g->n_er; e++) {
		const struct mr_er_circuit *ec = &g->er[e];
		const struct mr_ms_peering *ms = &ec->ms;
		struct psub ps[6], qs[6];
		size_t n4 = 0, n6 = 0;
		if (!ms->present)
			continue;

		/* ACC-1, ACC-2, ACC-11. */
		for (i = 0; i < ms->advertised.n; i++)
			acc_item(c, ec, &ms->advertised.v[i],
			         "advertised prefix", true);
		for (i = 0; i < ms->nat_pool.n; i++)
			if (!in_advertised(ms, &ms->nat_pool.v[i].p))
				acc_item(c, ec, &ms->nat_pool.v[i], "NAT pool",
				         true);
		n = peering_subnets(ms, ps);
		for (i = 0; i < n; i++) {
			char what[48];
			snprintf(what, sizeof(what), "peering subnet (%s)",
			         ps[i].role);
			acc_item(c, ec, ps[i].dp, what, false);
		}

		/* ACC-3: at most 200 prefixes per family and session. */
		for (i = 0; i < ms->advertised.n; i++) {
			const struct mr_dprefix *a = &ms->advertised.v[i];
			size_t *cnt =
			    a->p.addr.family == MR_AF_INET ? &n4 : &n6;
			if (++*cnt == 201) {
				size_t tot = 0;
				for (k = 0; k < ms->advertised.n; k++)
					tot +=
					    ms->advertised.v[k].p.addr.family ==
					    a->p.addr.family;
				lint_add(c, MR_R_ACC_TOO_MANY_PREFIXES, a->at,
				         "circuit '%s' advertises %zu IPv%d "
				         "prefixes to Microsoft; a session "
				         "accepts at most 200",
				         ec->name, tot,
				         a->p.addr.family == MR_AF_INET ? 4
				                                        : 6);
				lint_note(c, "this is the 201st; above the "
				             "limit Microsoft drops the BGP "
				             "session");
				lint_hint(c, "aggregate the prefixes");
			}
		}

		/* ACC-4, ACC-5, ACC-12. */
		acc_asn(c, ec, ms->peer_asn, "peer",
		        lint_span(ms->peer_asn_at, ms->at));
		if (ms->customer_asn != 0)
			acc_asn(c, ec, ms->customer_asn, "customer",
			        lint_span(ms->customer_asn_at, ms->at));
		if (g->org.n_asns > 0) {
			uint32_t asn =
			    ms->customer_asn ? ms->customer_asn : ms->peer_asn;
			bool mine = false;
			for (i = 0; i < g->org.n_asns; i++)
				if (g->org.asns[i] == asn)
					mine = true;
			if (!mine && !mri_asn_reserved(asn) &&
			    !mri_asn_private(asn)) {
				lint_add(
				    c, MR_R_ACC_ASN_NOT_OWNED,
				    ms->customer_asn
				        ? lint_span(ms->customer_asn_at, ms->at)
				        : lint_span(ms->peer_asn_at, ms->at),
				    "%s ASN %u of circuit '%s' is not one "
				    "of the organization's ASNs",
				    ms->customer_asn ? "customer" : "peer",
				    (unsigned)asn, ec->name);
				lint_note(c, "Microsoft validates the "
				             "advertised prefixes against it "
				             "in the routing registries");
				lint_hint(c, "list it in organization.asns if "
				             "it is registered to you");
			}
		}

		/* ACC-6: private or reserved ASNs in the prepend. */
		for (i = 0; i < ms->n_prepend; i++) {
			uint32_t a = ms->prepend[i];
			if (!mri_asn_private(a) && !mri_asn_reserved(a))
				continue;
			lint_add(c, MR_R_ACC_PREPEND_PRIVATE_ASN,
			         lint_span(ms->prepend_at, ms->at),
			         "AS-path prepend towards Microsoft at circuit "
			         "'%s' uses %s ASN %u",
			         ec->name,
			         mri_asn_private(a) ? "private" : "reserved",
			         (unsigned)a);
			lint_note(c, "Microsoft strips private ASNs from the "
			             "AS path, so the prepend has no effect");
			lint_hint(c, "prepend your public ASN");
			break;
		}

		/* ACC-7: lengths and families. */
		for (i = 0; i < n; i++) {
			const struct mr_dprefix *x = ps[i].dp;
			bool v6 = ps[i].want_fam == MR_AF_INET6;
			if (x->p.addr.family != ps[i].want_fam) {
				lint_add(c, MR_R_ACC_PEERING_SUBNET_SIZE, x->at,
				         "peering subnet %s (%s) of circuit "
				         "'%s' is not an IPv%d prefix",
				         lint_pfx(c, &x->p), ps[i].role,
				         ec->name, v6 ? 6 : 4);
			} else if (x->p.len != ps[i].want_len) {
				lint_add(c, MR_R_ACC_PEERING_SUBNET_SIZE, x->at,
				         "peering subnet %s (%s) of circuit "
				         "'%s' is a /%u; Microsoft peering "
				         "needs a /%u here",
				         lint_pfx(c, &x->p), ps[i].role,
				         ec->name, (unsigned)x->p.len,
				         ps[i].want_len);
				lint_note(c,
				          "one /%u, or a primary and a "
				          "secondary /%u",
				          v6 ? 125u : 29u, v6 ? 126u : 30u);
			}
		}

		/* ACC-8. */
		acc_pair(c, ec, ms->has_subnet, &ms->subnet, ms->has_primary,
		         &ms->primary, ms->has_secondary, &ms->secondary, 29,
		         "");
		acc_pair(c, ec, ms->has_subnet6, &ms->subnet6, ms->has_primary6,
		         &ms->primary6, ms->has_secondary6, &ms->secondary6,
		         125, " IPv6");

		/* ACC-9. */
		if (ms->secondary_vlan != 0 && ms->secondary_vlan != ms->vlan) {
			lint_add(c, MR_R_ACC_VLAN_MISMATCH,
			         lint_span(ms->secondary_vlan_at, ms->at),
			         "secondary VLAN %u of circuit '%s' differs "
			         "from the primary VLAN %u",
			         (unsigned)ms->secondary_vlan, ec->name,
			         (unsigned)ms->vlan);
			lint_hint(c, "use one VLAN ID on both links");
		}

		/* ACC-10: peering subnets reused by earlier circuits. */
		for (i = 0; i < n; i++) {
			bool done = false;
			for (f = 0; f < e && !done; f++) {
				if (!g->er[f].ms.present)
					continue;
				m = peering_subnets(&g->er[f].ms, qs);
				for (k = 0; k < m && !done; k++) {
					if (!lint_pfx_overlap(&ps[i].dp->p,
					                      &qs[k].dp->p))
						continue;
					lint_add(
					    c, MR_R_ACC_PEERING_SUBNET_REUSED,
					    ps[i].dp->at,
					    "peering subnet %s (%s) of "
					    "circuit '%s' overlaps peering "
					    "subnet %s (%s) of circuit "
					    "'%s'",
					    lint_pfx(c, &ps[i].dp->p),
					    ps[i].role, ec->name,
					    lint_pfx(c, &qs[k].dp->p),
					    qs[k].role, g->er[f].name);
					lint_hint(c, "each circuit needs "
					             "peering subnets of its "
					             "own");
					done = true;
				}
			}
		}
		/* ACC-10: prefixes sent to Microsoft that hold a peering
		 * subnet of any circuit. */
		for (i = 0; i < ms->advertised.n + ms->nat_pool.n; i++) {
			const struct mr_dprefix *a =
			    i < ms->advertised.n
			        ? &ms->advertised.v[i]
			        : &ms->nat_pool.v[i - ms->advertised.n];
			bool done = false;
			if (a->p.len == 0)
				continue;
			if (i >= ms->advertised.n && in_advertised(ms, &a->p))
				continue;
			for (f = 0; f < g->n_er && !done; f++) {
				if (!g->er[f].ms.present)
					continue;
				m = peering_subnets(&g->er[f].ms, qs);
				for (k = 0; k < m && !done; k++) {
					if (!lint_pfx_overlap(&a->p,
					                      &qs[k].dp->p))
						continue;
					lint_add(
					    c, MR_R_ACC_PEERING_SUBNET_REUSED,
					    a->at,
					    "%s %s sent to Microsoft at "
					    "circuit '%s' includes peering "
					    "subnet %s (%s) of circuit "
					    "'%s'",
					    i < ms->advertised.n ? "prefix"
					                         : "NAT pool",
					    lint_pfx(c, &a->p), ec->name,
					    lint_pfx(c, &qs[k].dp->p),
					    qs[k].role, g->er[f].name);
					lint_note(c, "addresses used for "
					             "ExpressRoute peerings "
					             "must not be advertised "
					             "to Microsoft");
					done = true;
				}
			}
		}
	}
}
