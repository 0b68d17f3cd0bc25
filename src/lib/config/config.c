/*
 * config.c - the router representation (config_int.h) built from the
 * resolved network, and the format table (docs/config.md).
 *
 * What comes from where (nothing is decided again here):
 *  - routers: one per ExpressRoute circuit with a Microsoft peering, one
 *    per Internet circuit, in the design's order;
 *  - links: the design's /30s (/126s) or its /29 (/125) split in two, the
 *    first half the primary link, the second the secondary; the customer
 *    takes the first usable address, Microsoft the second ("ExpressRoute
 *    routing requirements");
 *  - export: the resolved network's advertisements over the circuit (what
 *    Microsoft accepts: no special-purpose space, no default route,
 *    nothing when more than 200 prefixes of a family drop the session);
 *  - prepends: the design's, public ASNs only (the model counts only
 *    those: Microsoft strips private ones);
 *  - import: the model's route-filter communities; local preference: the
 *    model's; maximum-prefix: from the catalog prefixes the model says
 *    Microsoft advertises over the circuit (mr_net_er_prefixes());
 *  - NAT sources: the sites whose traffic the model sends over the circuit
 *    (the BGP decision of mr_net_er_routes() and the attribution of
 *    mr_net_carriers_new(): client subnets when routed, the proxy's
 *    address when proxied);
 *  - Internet edges: the circuit's advertisements and pool, and a deny
 *    list of every prefix and NAT pool of every ExpressRoute peering.
 * Complexity: O(circuits x (advertised + sites x service areas + sites x
 * subnets)) plus one catalog pass per ExpressRoute circuit.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "communities.h"
#include "config_int.h"
#include "erfacts.h"
#include "error.h"
#include "net_int.h"

const struct mri_cfg_format mri_cfg_formats[] = {
    {"frr", "frr.conf", mri_cfg_emit_frr},
    {"bird", "bird.conf", mri_cfg_emit_bird},
    {"nftables", "nft", mri_cfg_emit_nft},
    {"ios-xe", "ios-xe.cfg", mri_cfg_emit_iosxe},
    {"junos", "junos.conf", mri_cfg_emit_junos},
};
const size_t mri_cfg_n_formats =
    sizeof(mri_cfg_formats) / sizeof(mri_cfg_formats[0]);

bool
mri_cfg_ident_ok(const char *s)
{
	size_t i;

	if (s == NULL || s[0] == '\0')
		return false;
	for (i = 0; s[i] != '\0'; i++) {
		char c = s[i];
		if (i >= MRI_CFG_NAME_MAX ||
		    !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return false;
	}
	return true;
}

size_t
mri_cfg_bogon_count(void)
{
	return mri_special_count();
}

const char *
mri_cfg_bogon_at(size_t i, struct mr_prefix *out)
{
	return mri_special_at(i, out);
}

const char *
mri_cfg_pfx(const struct mr_prefix *p, char *buf)
{
	mr_prefix_format(p, buf, MR_PREFIX_STRLEN);
	return buf;
}

const char *
mri_cfg_addr(const struct mr_addr *a, char *buf)
{
	mr_addr_format(a, buf, MR_ADDR_STRLEN);
	return buf;
}

/* ---- building ---------------------------------------------------------- */

struct build {
	struct mr_config *c;
	const struct mr_design *g;
	const struct mr_diags *d;
};

static uint32_t
line_of(const struct build *b, const struct mr_span *at)
{
	uint32_t line = 0, col = 0;

	if (b->d == NULL || at == NULL || at->end == 0 ||
	    mr_diags_locate(b->d, at->src, at->start, &line, &col) != MR_OK)
		return 0;
	return line;
}

/* A line, else the fallback's (an element not written has no span). */
static uint32_t
line_or(const struct build *b, const struct mr_span *at, uint32_t fallback)
{
	uint32_t l = line_of(b, at);

	return l != 0 ? l : fallback;
}

static int
bad_name(const struct build *b, const char *what, const char *name,
         const struct mr_span *at)
{
	(void)name; /* never echoed: it is what could inject */
	return mri_error_set(MR_EINVAL,
	                     "%s:%u: the %s's name is not a name the "
	                     "configuration can carry (1 to %d characters of "
	                     "A-Z a-z 0-9 . _ -); nothing generated",
	                     b->c->source, line_of(b, at), what,
	                     MRI_CFG_NAME_MAX);
}

/* addr + k (host part of a prefix's network address). */
static struct mr_addr
addr_plus(const struct mr_addr *a, unsigned k)
{
	struct mr_addr r = *a;
	int i = r.family == MR_AF_INET ? 3 : 15;

	for (; i >= 0 && k != 0; i--) {
		unsigned v = r.bytes[i] + (k & 0xff);
		r.bytes[i] = (uint8_t)v;
		k = (k >> 8) + (v >> 8);
	}
	return r;
}

/* The half h (0 first, 1 second) of p. */
static struct mr_prefix
half(const struct mr_prefix *p, int h)
{
	struct mr_prefix r = *p;
	unsigned bit = p->len; /* the first host bit */

	r.len = (uint8_t)(p->len + 1);
	if (h && bit < (p->addr.family == MR_AF_INET ? 32u : 128u))
		r.addr.bytes[bit / 8] |= (uint8_t)(0x80u >> (bit % 8));
	return r;
}

static void
set_link(struct mri_cfg_link *l, const struct mr_prefix *net, uint32_t line)
{
	if (net->addr.family == MR_AF_INET) {
		l->has4 = true;
		l->net4 = *net;
		l->cust4 = addr_plus(&net->addr, 1);
		l->ms4 = addr_plus(&net->addr, 2);
		l->line4 = line;
	} else {
		l->has6 = true;
		l->net6 = *net;
		l->cust6 = addr_plus(&net->addr, 1);
		l->ms6 = addr_plus(&net->addr, 2);
		l->line6 = line;
	}
}

/* The /30 (/126) rule: given per link, or one /29 (/125) split in two. */
static void
er_links(const struct build *b, const struct mr_ms_peering *ms,
         struct mri_cfg_router *r)
{
	struct mri_cfg_link *p = &r->link[0], *s = &r->link[1];
	uint32_t ln = r->line;

	p->role = "primary";
	s->role = "secondary";
	p->port = "eth0";
	s->port = "eth1";
	p->vlan = ms->vlan;
	p->vlan_line = line_or(b, &ms->vlan_at, ln);
	s->vlan = ms->secondary_vlan ? ms->secondary_vlan : ms->vlan;
	/* the loader fills secondary_vlan from vlan when it is not written
	 * (no span then) */
	s->vlan_line = line_or(b, &ms->secondary_vlan_at, p->vlan_line);
	if (ms->has_primary)
		set_link(p, &ms->primary.p, line_or(b, &ms->primary.at, ln));
	if (ms->has_secondary)
		set_link(s, &ms->secondary.p,
		         line_or(b, &ms->secondary.at, ln));
	if (ms->has_subnet) {
		uint32_t l = line_or(b, &ms->subnet.at, ln);
		struct mr_prefix h0 = half(&ms->subnet.p, 0),
		                 h1 = half(&ms->subnet.p, 1);
		set_link(p, &h0, l);
		set_link(s, &h1, l);
	}
	if (ms->has_primary6)
		set_link(p, &ms->primary6.p, line_or(b, &ms->primary6.at, ln));
	if (ms->has_secondary6)
		set_link(s, &ms->secondary6.p,
		         line_or(b, &ms->secondary6.at, ln));
	if (ms->has_subnet6) {
		uint32_t l = line_or(b, &ms->subnet6.at, ln);
		struct mr_prefix h0 = half(&ms->subnet6.p, 0),
		                 h1 = half(&ms->subnet6.p, 1);
		set_link(p, &h0, l);
		set_link(s, &h1, l);
	}
	r->n_links =
	    (size_t)(p->has4 || p->has6) + (size_t)(s->has4 || s->has6);
}

/* Whether v[0..n) holds p already. */
static bool
has_pfx(const struct mri_cfg_pfx *v, size_t n, const struct mr_prefix *p)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (mr_prefix_cmp(&v[i].p, p) == 0)
			return true;
	return false;
}

static void
add_pfx(struct mri_cfg_pfx *v, size_t *n, const struct mr_prefix *p,
        uint32_t line)
{
	if (!has_pfx(v, *n, p)) {
		v[*n].p = *p;
		v[*n].line = line;
		(*n)++;
	}
}

/* Drop the entries of v[0..*n) that another entry covers (a proxy's
 * address inside its site's subnet): a NAT rule's source set names
 * each address once. Order kept. */
static void
drop_covered(struct mri_cfg_pfx *v, size_t *n)
{
	size_t i, j, w = 0;

	for (i = 0; i < *n; i++) {
		bool covered = false;
		for (j = 0; j < *n && !covered; j++)
			covered = j != i && v[j].p.len < v[i].p.len &&
			          mri_prefix_within(&v[i].p, &v[j].p);
		if (!covered)
			v[w++] = v[i];
	}
	*n = w;
}

/* The design line of prefix p in list l, else fallback. */
static uint32_t
line_in(const struct build *b, const struct mr_prefix_list *l,
        const struct mr_prefix *p, uint32_t fallback)
{
	size_t k;

	for (k = 0; k < l->n; k++)
		if (mr_prefix_cmp(&l->v[k].p, p) == 0)
			return line_or(b, &l->v[k].at, fallback);
	return fallback;
}

static int
er_export(const struct build *b, uint32_t ci, struct mri_cfg_router *r)
{
	const struct mr_net *n = b->c->net;
	const struct mr_ms_peering *ms = &b->g->er[ci].ms;
	size_t k;

	r->session_down = n->er_session_down[ci];
	r->export =
	    mri_arena_calloc(b->c->a, ms->advertised.n + 1, sizeof(*r->export));
	if (r->export == NULL)
		return MR_ENOMEM;
	for (k = 0; k < n->n_adv; k++)
		if (n->adv[k].circuit == ci)
			add_pfx(
			    r->export, &r->n_export, &n->adv[k].p,
			    line_in(b, &ms->advertised, &n->adv[k].p, r->line));
	r->prepend =
	    mri_arena_calloc(b->c->a, ms->n_prepend + 1, sizeof(*r->prepend));
	if (r->prepend == NULL)
		return MR_ENOMEM;
	for (k = 0; k < ms->n_prepend; k++)
		if (!mri_asn_private(ms->prepend[k]))
			r->prepend[r->n_prepend++] = ms->prepend[k];
	r->prepend_line = line_or(b, &ms->prepend_at, r->line);
	return MR_OK;
}

/* The model's route-filter communities, in the community bits' order
 * (net_int.h), each with the line of the route filter entry naming it. */
static int
er_import(const struct build *b, uint32_t ci, struct mri_cfg_router *r)
{
	static const char *const names[] = {"exchange", "sharepoint", "skype",
	                                    "other", "entra-id"};
	const struct mr_ms_peering *ms = &b->g->er[ci].ms;
	unsigned mask = b->c->net->er_mask[ci];
	size_t i, k;

	r->import_line = line_or(b, &ms->route_filter_at, r->line);
	r->import = mri_arena_calloc(b->c->a, 5, sizeof(*r->import));
	if (r->import == NULL)
		return MR_ENOMEM;
	for (i = 0; i < 5; i++) {
		struct mri_cfg_comm *cm = &r->import[r->n_import];
		if (!(mask & (1u << i)) ||
		    mri_community_lookup(names[i], strlen(names[i]), &cm->asn,
		                         &cm->value) != MR_OK)
			continue;
		cm->name = mri_community_name(cm->asn, cm->value);
		if (cm->name == NULL || !mri_cfg_ident_ok(cm->name))
			cm->name = names[i];
		cm->line = r->import_line;
		for (k = 0; k < ms->n_communities; k++)
			if (ms->communities[k].asn == cm->asn &&
			    ms->communities[k].value == cm->value)
				cm->line = line_or(b, &ms->communities[k].at,
				                   r->import_line);
		r->n_import++;
	}
	r->local_pref = b->c->net->er_lp[ci];
	r->local_pref_line = line_or(b, &ms->local_preference_at, r->line);
	return MR_OK;
}

/* maximum-prefix: MRI_CFG_MAXPFX_FACTOR x the catalog's prefixes of the
 * family Microsoft advertises over the circuit, at least
 * MRI_CFG_MAXPFX_MIN. */
static int
er_maxpfx(const struct build *b, const struct mr_catalog *cat, uint32_t ci,
          struct mri_cfg_router *r)
{
	struct mr_net_er_prefix *v = NULL;
	size_t nv = 0, k, f;

	if (cat != NULL &&
	    mr_net_er_prefixes(b->c->net, cat, ci, &v, &nv) != MR_OK)
		return MR_ENOMEM;
	for (k = 0; k < nv; k++)
		if (k == 0 || mr_prefix_cmp(&v[k - 1].prefix, &v[k].prefix))
			r->catalog_prefixes
			    [v[k].prefix.addr.family == MR_AF_INET ? 0 : 1]++;
	free(v);
	for (f = 0; f < 2; f++) {
		uint32_t m = r->catalog_prefixes[f] * MRI_CFG_MAXPFX_FACTOR;
		r->max_prefix[f] =
		    m < MRI_CFG_MAXPFX_MIN ? MRI_CFG_MAXPFX_MIN : m;
	}
	return MR_OK;
}

/* Source NAT: the sources whose traffic the model sends over ExpressRoute
 * circuit ci. */
static int
er_nat(const struct build *b, uint32_t ci, struct mri_cfg_router *r,
       const struct mr_net_route *routes, const struct mr_net_carriers *carry)
{
	const struct mr_design *g = b->g;
	const struct mr_ms_peering *ms = &g->er[ci].ms;
	size_t s, sa, k, cap = g->n_proxies + 1;

	for (s = 0; s < g->n_sites; s++)
		cap += g->sites[s].subnets.n;
	r->nat_src = mri_arena_calloc(b->c->a, cap, sizeof(*r->nat_src));
	r->pool =
	    mri_arena_calloc(b->c->a, ms->nat_pool.n + 1, sizeof(*r->pool));
	if (r->nat_src == NULL || r->pool == NULL)
		return MR_ENOMEM;
	for (s = 0; s < g->n_sites; s++) {
		const struct mr_site *st = &g->sites[s];
		bool routed = false;
		for (sa = 0; sa < MR_SA__COUNT; sa++) {
			struct mr_net_carry cy;
			routed |= routes[s * MR_SA__COUNT + sa].circuit == ci;
			mr_net_carriers_get(carry, (uint32_t)s,
			                    (enum mr_service_area)sa, &cy);
			for (k = 0; k < cy.n; k++) {
				if (cy.circuit[k] != ci)
					continue;
				if (cy.proxy == MR_NONE)
					routed = true;
				else if (cy.proxy < g->n_proxies)
					add_pfx(
					    r->nat_src, &r->n_nat_src,
					    &g->proxies[cy.proxy].listen.p,
					    line_or(
					        b,
					        &g->proxies[cy.proxy].listen.at,
					        r->line));
			}
		}
		if (routed)
			for (k = 0; k < st->subnets.n; k++)
				add_pfx(
				    r->nat_src, &r->n_nat_src,
				    &st->subnets.v[k].p,
				    line_or(b, &st->subnets.v[k].at, r->line));
	}
	drop_covered(r->nat_src, &r->n_nat_src);
	for (k = 0; k < ms->nat_pool.n; k++)
		add_pfx(r->pool, &r->n_pool, &ms->nat_pool.v[k].p,
		        line_or(b, &ms->nat_pool.v[k].at, r->line));
	return MR_OK;
}

static int
build_er(struct build *b, const struct mr_catalog *cat, uint32_t ci,
         const struct mr_net_route *routes, const struct mr_net_carriers *carry)
{
	const struct mr_er_circuit *e = &b->g->er[ci];
	struct mri_cfg_router *r = &b->c->r[b->c->n];
	int rc;

	memset(r, 0, sizeof(*r));
	r->kind = MRI_CFG_ER;
	r->circuit = ci;
	r->name = e->name;
	r->line = line_of(b, &e->at);
	if (!mri_cfg_ident_ok(e->name))
		return bad_name(b, "expressroute circuit", e->name, &e->at);
	if (e->site.idx >= b->g->n_sites)
		return mri_error_set(MR_EINVAL,
		                     "%s:%u: circuit %s lands at "
		                     "no site",
		                     b->c->source, r->line, e->name);
	r->site = b->g->sites[e->site.idx].name;
	r->site_line = line_or(b, &e->site.at, r->line);
	if (!mri_cfg_ident_ok(r->site))
		return bad_name(b, "site", r->site, &e->site.at);
	r->asn = e->ms.peer_asn;
	r->asn_line = line_or(b, &e->ms.peer_asn_at, r->line);
	r->max_paths = MR_NET_MAX_PATHS;
	r->bfd = e->ms.bfd;
	r->bfd_line = line_or(b, &e->ms.at, r->line);
	er_links(b, &e->ms, r);
	if ((rc = er_export(b, ci, r)) != MR_OK ||
	    (rc = er_import(b, ci, r)) != MR_OK ||
	    (rc = er_maxpfx(b, cat, ci, r)) != MR_OK ||
	    (rc = er_nat(b, ci, r, routes, carry)) != MR_OK)
		return rc;
	b->c->n++;
	return MR_OK;
}

/* The customer's AS at an Internet edge: the organisation's first ASN,
 * else the peer ASN of a circuit at the same site, else of any circuit,
 * else 0 (the emitters then say the design gives none). */
static void
inet_asn(const struct build *b, const struct mr_internet_circuit *ic,
         struct mri_cfg_router *r)
{
	const struct mr_design *g = b->g;
	size_t i;
	int pass;

	if (g->org.n_asns > 0) {
		r->asn = g->org.asns[0];
		r->asn_line = line_or(b, &g->org.asn_at[0], r->line);
		return;
	}
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < g->n_er; i++)
			if (g->er[i].ms.present && g->er[i].ms.peer_asn &&
			    (pass == 1 || g->er[i].site.idx == ic->site.idx)) {
				r->asn = g->er[i].ms.peer_asn;
				r->asn_line = line_or(
				    b, &g->er[i].ms.peer_asn_at, r->line);
				return;
			}
}

static int
build_inet(struct build *b, uint32_t ii)
{
	const struct mr_design *g = b->g;
	const struct mr_internet_circuit *ic = &g->inet[ii];
	struct mri_cfg_router *r = &b->c->r[b->c->n];
	size_t i, k, nd = 0, ns = g->n_proxies + 1;

	memset(r, 0, sizeof(*r));
	r->kind = MRI_CFG_INET;
	r->circuit = ii;
	r->name = ic->name;
	r->line = line_of(b, &ic->at);
	if (!mri_cfg_ident_ok(ic->name))
		return bad_name(b, "internet circuit", ic->name, &ic->at);
	if (ic->site.idx >= g->n_sites)
		return mri_error_set(MR_EINVAL,
		                     "%s:%u: circuit %s lands at "
		                     "no site",
		                     b->c->source, r->line, ic->name);
	r->site = g->sites[ic->site.idx].name;
	r->site_line = line_or(b, &ic->site.at, r->line);
	if (!mri_cfg_ident_ok(r->site))
		return bad_name(b, "site", r->site, &ic->site.at);
	r->max_paths = MR_NET_MAX_PATHS;
	r->link[0].role = "uplink";
	r->link[0].port = "eth0"; /* towards the ISP: not in the design */
	inet_asn(b, ic, r);
	for (i = 0; i < g->n_er; i++)
		nd += g->er[i].ms.advertised.n + g->er[i].ms.nat_pool.n;
	ns += g->sites[ic->site.idx].subnets.n;
	r->adv =
	    mri_arena_calloc(b->c->a, ic->advertised.n + 1, sizeof(*r->adv));
	r->pool =
	    mri_arena_calloc(b->c->a, ic->nat_pool.n + 1, sizeof(*r->pool));
	r->deny = mri_arena_calloc(b->c->a, nd + 1, sizeof(*r->deny));
	r->nat_src = mri_arena_calloc(b->c->a, ns, sizeof(*r->nat_src));
	if (r->adv == NULL || r->pool == NULL || r->deny == NULL ||
	    r->nat_src == NULL)
		return MR_ENOMEM;
	for (k = 0; k < ic->advertised.n; k++)
		add_pfx(r->adv, &r->n_adv, &ic->advertised.v[k].p,
		        line_or(b, &ic->advertised.v[k].at, r->line));
	for (k = 0; k < ic->nat_pool.n; k++)
		add_pfx(r->pool, &r->n_pool, &ic->nat_pool.v[k].p,
		        line_or(b, &ic->nat_pool.v[k].at, r->line));
	for (i = 0; i < g->n_er; i++) {
		const struct mr_ms_peering *ms = &g->er[i].ms;
		if (!ms->present)
			continue;
		for (k = 0; k < ms->advertised.n; k++)
			add_pfx(r->deny, &r->n_deny, &ms->advertised.v[k].p,
			        line_or(b, &ms->advertised.v[k].at, 0));
		for (k = 0; k < ms->nat_pool.n; k++)
			add_pfx(r->deny, &r->n_deny, &ms->nat_pool.v[k].p,
			        line_or(b, &ms->nat_pool.v[k].at, 0));
	}
	/* NAT sources: the proxies leaving by this circuit, and the site's
	 * own clients when it breaks out to the Internet locally. */
	for (i = 0; i < g->n_proxies; i++)
		if (!g->proxies[i].egress_is_er &&
		    g->proxies[i].egress.idx == ii)
			add_pfx(r->nat_src, &r->n_nat_src,
			        &g->proxies[i].listen.p,
			        line_or(b, &g->proxies[i].listen.at, r->line));
	if (g->sites[ic->site.idx].local_internet) {
		const struct mr_prefix_list *sn =
		    &g->sites[ic->site.idx].subnets;
		for (k = 0; k < sn->n; k++)
			add_pfx(r->nat_src, &r->n_nat_src, &sn->v[k].p,
			        line_or(b, &sn->v[k].at, r->line));
	}
	drop_covered(r->nat_src, &r->n_nat_src);
	b->c->n++;
	return MR_OK;
}

/* The design's file name, as comments carry it: its last component, when
 * that is a name; else "design.yaml". */
static const char *
source_name(const struct mr_design *g)
{
	const char *s = g->source, *slash;

	if (s == NULL)
		return "design.yaml";
	if ((slash = strrchr(s, '/')) != NULL)
		s = slash + 1;
	return mri_cfg_ident_ok(s) ? s : "design.yaml";
}

int
mr_config_new(struct mr_config **out, const struct mr_net *n,
              const struct mr_catalog *cat, const struct mr_diags *d)
{
	struct build b;
	struct mr_net_route *routes = NULL;
	struct mr_net_carriers *carry = NULL;
	size_t i;
	int rc = MR_OK;

	if (out != NULL)
		*out = NULL;
	if (out == NULL || n == NULL)
		return mri_error_set(MR_EINVAL, "mr_config_new: NULL argument");
	b.g = mr_net_design(n);
	b.d = d;
	if ((b.c = calloc(1, sizeof(*b.c))) == NULL ||
	    mri_arena_create(&b.c->a) != MR_OK) {
		free(b.c);
		return mri_error_set(MR_ENOMEM, "out of memory");
	}
	b.c->net = n;
	b.c->source = source_name(b.g);
	b.c->r = mri_arena_calloc(b.c->a, b.g->n_er + b.g->n_inet + 1,
	                          sizeof(*b.c->r));
	routes = calloc(b.g->n_sites * MR_SA__COUNT + 1, sizeof(*routes));
	if (b.c->r == NULL || routes == NULL ||
	    mr_net_er_routes(n, routes) != MR_OK ||
	    mr_net_carriers_new(&carry, n, MR_NONE, NULL) != MR_OK)
		rc = MR_ENOMEM;
	for (i = 0; rc == MR_OK && i < b.g->n_er; i++)
		if (b.g->er[i].ms.present)
			rc = build_er(&b, cat, (uint32_t)i, routes, carry);
	for (i = 0; rc == MR_OK && i < b.g->n_inet; i++)
		rc = build_inet(&b, (uint32_t)i);
	mr_net_carriers_free(carry);
	free(routes);
	if (rc != MR_OK) {
		if (rc == MR_ENOMEM)
			mri_error_set(MR_ENOMEM, "out of memory");
		mr_config_free(b.c);
		return rc;
	}
	*out = b.c;
	return MR_OK;
}

void
mr_config_free(struct mr_config *c)
{
	if (c == NULL)
		return;
	mri_arena_destroy(c->a);
	free(c);
}

size_t
mr_config_router_count(const struct mr_config *c)
{
	return c != NULL ? c->n : 0;
}

const char *
mr_config_router_name(const struct mr_config *c, size_t i)
{
	return c != NULL && i < c->n ? c->r[i].name : NULL;
}

size_t
mr_config_router_find(const struct mr_config *c, const char *name)
{
	size_t i;

	for (i = 0; c != NULL && name != NULL && i < c->n; i++)
		if (strcmp(c->r[i].name, name) == 0)
			return i;
	return SIZE_MAX;
}

size_t
mr_config_format_count(void)
{
	return mri_cfg_n_formats;
}

const char *
mr_config_format_name(size_t i)
{
	return i < mri_cfg_n_formats ? mri_cfg_formats[i].name : NULL;
}

const char *
mr_config_format_ext(size_t i)
{
	return i < mri_cfg_n_formats ? mri_cfg_formats[i].ext : NULL;
}

size_t
mr_config_format_find(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < mri_cfg_n_formats; i++)
		if (strcmp(mri_cfg_formats[i].name, name) == 0)
			return i;
	return SIZE_MAX;
}

int
mr_config_render(const struct mr_config *c, size_t i, size_t f, char **text,
                 size_t *len)
{
	struct mri_buf b = MRI_BUF_INIT;
	int rc;

	if (text != NULL)
		*text = NULL;
	if (len != NULL)
		*len = 0;
	if (c == NULL || text == NULL || len == NULL || i >= c->n ||
	    f >= mri_cfg_n_formats)
		return mri_error_set(MR_EINVAL,
		                     "mr_config_render: bad arguments");
	if (mri_cfg_formats[f].emit == NULL)
		return mri_error_set(MR_EINVAL,
		                     "format %s is not written yet (frr and "
		                     "nftables are)",
		                     mri_cfg_formats[f].name);
	rc = mri_cfg_formats[f].emit(c, &c->r[i], &b);
	if (rc == MR_OK && b.oom)
		rc = mri_error_set(MR_ENOMEM, "out of memory");
	if (rc != MR_OK) {
		mri_buf_free(&b);
		return rc;
	}
	if (b.p == NULL)
		mri_buf_puts(&b, "");
	if (b.oom) {
		mri_buf_free(&b);
		return mri_error_set(MR_ENOMEM, "out of memory");
	}
	*text = b.p;
	*len = b.n;
	return MR_OK;
}
