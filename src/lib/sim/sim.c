/*
 * sim.c - the routing simulation: Microsoft's advertisements and return
 * path, the customer's BGP, PAC, NAT and latency, per flow, both ways.
 *
 * Spec followed: Microsoft, "Routing with ExpressRoute for Office 365"
 * (12/3/2019: route symmetry, "Microsoft will prefer ExpressRoute over
 * the internet if the route is available regardless of physical
 * location", Trey Research, Humongous Insurance, selective routing);
 * "ExpressRoute NAT requirements" ("Requests and replies with a
 * destination IP that match a route received via ExpressRoute will always
 * be sent via ExpressRoute"); "Configure route filters for Microsoft
 * peering" (no filter, no prefixes); BGP decision RFC 4271 9.1 (bgp.c);
 * the real-time media targets of "Media Quality and Network Connectivity
 * Performance in Skype for Business Online" (01/22/2018) and "Prepare
 * your organization's network for Microsoft Teams" (edge -> Microsoft
 * < 60 ms RTT, client -> Microsoft edge < 100 ms).
 *
 * Data layout: struct mr_sim (sim_int.h) holds what does not change with
 * failures: elements, destinations with the Microsoft prefixes covering
 * each (longest first, with their community bits), the WAN graph as CSR
 * arrays, per-circuit attributes, the customer's advertisements. A run
 * (struct sim_run) adds the element states and per-run caches: the iBGP
 * advertisements per community mask (32 at most), Microsoft's return path
 * per NAT pool owner, and shortest-path trees from proxy sites.
 *
 * Model decisions (docs/simulate.md explains each):
 *  - edges form a full iBGP mesh; an edge advertises into iBGP its best
 *    eBGP path for a prefix when that path ties the best attributes seen
 *    anywhere up to MED (so it would win at the edge on eBGP over iBGP);
 *    a site chooses among its own circuits (eBGP) and the edges' paths
 *    (iBGP, IGP cost = shortest WAN latency, in microseconds);
 *  - a circuit is up while its site is up and one BGP session is: both
 *    links normally, the primary only when `sessions: 1`;
 *  - NAT is configuration: a direct flow that leaves over ExpressRoute in
 *    the failure-free network keeps being translated into ExpressRoute
 *    pools; over another circuit it takes that circuit's pool; over an
 *    Internet circuit of the same edge site it keeps the pool it was set
 *    up with (the seed: "failing over to the internet will require manual
 *    reconfiguration and in some cases new IP addresses"); elsewhere it
 *    takes the Internet circuit's pool. Proxied flows take the proxy
 *    egress's pool;
 *  - inbound flows are the resolved network's (resolve/inbound.c): an
 *    inbound server's segment has the ExpressRoute routes when the
 *    service's expressroute_routes, else its site's, says so, and replies
 *    to Microsoft over them unless the Internet edge source-NATs the
 *    connections (snat) ("ExpressRoute NAT requirements"; "Implementing
 *    ExpressRoute for Office 365": SNAT, or "don't propagate ER routes to
 *    those segments").
 *
 * Invariants: every index stored in a flow is in range or MR_NONE; runs
 * never modify struct mr_sim (except cfg, filled once by the first run);
 * output depends only on the design, the catalog and the failure set.
 *
 * Complexity: preparation O(E*A + D*R) for E circuits, A advertisements,
 * D destinations, R matcher prefix rules. A run is O(S * (W log S + D*(E +
 * K))) for S sites (one Dijkstra each, W WAN links), K edge sites.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"
#include "sim_int.h"

#define MAX_COVER 64

/* ---- small helpers --------------------------------------------------- */

static char *
xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	if (d != NULL)
		memcpy(d, s, n);
	return d;
}

/* ---- elements ----------------------------------------------------------- */

static int
add_el(struct mr_sim *s, enum mr_sim_elem_kind k, uint32_t idx, uint8_t side,
       const char *a, const char *b, const char *sep)
{
	struct mr_sim_element *e = &s->el[s->n_el];
	size_t n = strlen(a) + (b ? strlen(b) + strlen(sep) : 0) + 8;
	char *name = malloc(n);

	if (name == NULL)
		return MR_ENOMEM;
	if (b != NULL)
		snprintf(name, n, "%s%s%s", a, sep, b);
	else
		snprintf(name, n, "%s", a);
	e->kind = k;
	e->idx = idx;
	e->side = side;
	e->name = name;
	s->n_el++;
	return MR_OK;
}

static int
build_elements(struct mr_sim *s)
{
	const struct mr_design *g = s->dsg;
	size_t i, j,
	    n = g->n_er * 3 + g->n_inet + g->n_proxies + g->n_wan + g->n_sites;
	int rc = MR_OK;

	s->el = calloc(n + 1, sizeof(*s->el));
	if (s->el == NULL)
		return MR_ENOMEM;
	for (i = 0; i < g->n_er && rc == MR_OK; i++)
		rc = add_el(s, MR_SIM_EL_CIRCUIT, (uint32_t)i, 0, g->er[i].name,
		            NULL, NULL);
	s->el_link0 = (uint32_t)s->n_el;
	for (i = 0; i < g->n_er && rc == MR_OK; i++) {
		rc = add_el(s, MR_SIM_EL_LINK, (uint32_t)i, 0, g->er[i].name,
		            "primary", "/");
		if (rc == MR_OK)
			rc = add_el(s, MR_SIM_EL_LINK, (uint32_t)i, 1,
			            g->er[i].name, "secondary", "/");
	}
	s->el_inet0 = (uint32_t)s->n_el;
	for (i = 0; i < g->n_inet && rc == MR_OK; i++)
		rc = add_el(s, MR_SIM_EL_INTERNET, (uint32_t)i, 0,
		            g->inet[i].name, NULL, NULL);
	s->el_proxy0 = (uint32_t)s->n_el;
	for (i = 0; i < g->n_proxies && rc == MR_OK; i++)
		rc = add_el(s, MR_SIM_EL_PROXY, (uint32_t)i, 0,
		            g->proxies[i].name, NULL, NULL);
	s->el_wan0 = (uint32_t)s->n_el;
	for (i = 0; i < g->n_wan && rc == MR_OK; i++) {
		const struct mr_wan_link *w = &g->wan[i];
		size_t dup = 0;
		for (j = 0; j < i; j++)
			if ((g->wan[j].a.idx == w->a.idx &&
			     g->wan[j].b.idx == w->b.idx) ||
			    (g->wan[j].a.idx == w->b.idx &&
			     g->wan[j].b.idx == w->a.idx))
				dup++;
		rc = add_el(s, MR_SIM_EL_WAN, (uint32_t)i, 0, w->a.name,
		            w->b.name, "-");
		if (rc == MR_OK && dup > 0) {
			char *nm = (char *)(uintptr_t)s->el[s->n_el - 1].name;
			size_t l = strlen(nm);
			snprintf(nm + l, 8, "#%zu", dup + 1);
		}
	}
	s->el_site0 = (uint32_t)s->n_el;
	for (i = 0; i < g->n_sites && rc == MR_OK; i++)
		rc = add_el(s, MR_SIM_EL_SITE, (uint32_t)i, 0, g->sites[i].name,
		            NULL, NULL);
	return rc;
}

size_t
mr_sim_element_count(const struct mr_sim *s)
{
	return s->n_el;
}

const struct mr_sim_element *
mr_sim_element(const struct mr_sim *s, uint32_t id)
{
	return id < s->n_el ? &s->el[id] : NULL;
}

const char *
mr_sim_elem_kind_name(enum mr_sim_elem_kind k)
{
	static const char *const n[] = {"circuit", "link", "internet",
	                                "proxy",   "wan",  "site"};

	return (unsigned)k < 6 ? n[k] : "?";
}

int
mr_sim_element_find(const struct mr_sim *s, const char *name, uint32_t *id)
{
	const char *colon = strchr(name, ':');
	int kind = -1;
	size_t i, hits = 0;

	if (colon != NULL) {
		for (i = 0; i < 6; i++)
			if (strlen(mr_sim_elem_kind_name(i)) ==
			        (size_t)(colon - name) &&
			    strncmp(name, mr_sim_elem_kind_name(i),
			            (size_t)(colon - name)) == 0)
				kind = (int)i;
		if (kind >= 0)
			name = colon + 1;
	}
	for (i = 0; i < s->n_el; i++) {
		if (kind >= 0 && (int)s->el[i].kind != kind)
			continue;
		if (strcmp(s->el[i].name, name) != 0)
			continue;
		if (hits++ == 0)
			*id = (uint32_t)i;
	}
	if (hits == 0)
		return mri_error_set(MR_ENOTFOUND,
		                     "nothing named '%s' can fail", name);
	if (hits > 1)
		return mri_error_set(MR_EINVAL,
		                     "'%s' names several things; write "
		                     "KIND:%s (circuit, link, internet, proxy, "
		                     "wan, site)",
		                     name, name);
	return MR_OK;
}

/* ---- destinations ------------------------------------------------------- */

/* The Microsoft prefixes covering d->addr that are advertised over
 * ExpressRoute, longest first, with their service communities. */
static int
cover(struct mr_sim *s, struct sim_dest *d)
{
	const struct mr_catalog *c = mr_matcher_catalog(s->m);
	uint32_t ids[MAX_COVER];
	size_t n, i, k, j;

	if (!d->has_addr)
		return MR_OK;
	n = mr_match_addr_all(s->m, &d->addr.addr, ids, MAX_COVER);
	if (n > MAX_COVER)
		n = MAX_COVER;
	d->erp = calloc(n + 1, sizeof(*d->erp));
	if (d->erp == NULL)
		return MR_ENOMEM;
	for (i = 0; i < n; i++) {
		const struct mr_rule *r = mr_matcher_rule(s->m, ids[i]);
		struct sim_erp e;
		if (r == NULL || !r->express_route ||
		    mr_prefix_parse(&e.p, r->text, strlen(r->text), NULL) !=
		        MR_OK)
			continue;
		e.mask = 0;
		for (k = 0; k < r->n_sets; k++) {
			const struct mr_endpoint_set *es =
			    mr_catalog_set(c, r->sets[k]);
			if (es != NULL && es->express_route)
				e.mask |= mri_net_set_bit(es);
		}
		/* insertion, longest first; equal lengths keep rule order */
		for (j = d->n_erp; j > 0 && d->erp[j - 1].p.len < e.p.len; j--)
			d->erp[j] = d->erp[j - 1];
		d->erp[j] = e;
		d->n_erp++;
	}
	return MR_OK;
}

/* The address a matched rule leads to: the first IPv4 prefix (else the
 * first prefix) of the first of its sets with addresses, preferring sets
 * advertised over ExpressRoute when the route is. */
static void
rep_addr(struct mr_sim *s, struct sim_dest *d, const struct mr_match *mt)
{
	const struct mr_catalog *c = mr_matcher_catalog(s->m);
	int pass;
	uint32_t t;
	size_t k, i;

	for (pass = 0; pass < 4; pass++) {
		bool want_er = pass < 2 && d->route == MR_ROUTE_EXPRESSROUTE;
		bool want_v4 = pass % 2 == 0;
		for (t = 0; t < mt->n; t++) {
			const struct mr_rule *r =
			    mr_matcher_rule(s->m, mt->rules[t]);
			if (r == NULL)
				continue;
			if (r->is_prefix) {
				if (mr_prefix_parse(&d->addr, r->text,
				                    strlen(r->text),
				                    NULL) == MR_OK) {
					d->has_addr = true;
					return;
				}
				continue;
			}
			for (k = 0; k < r->n_sets; k++) {
				const struct mr_endpoint_set *es =
				    mr_catalog_set(c, r->sets[k]);
				if (es == NULL ||
				    (want_er && !es->express_route))
					continue;
				for (i = 0; i < es->n_ips; i++) {
					if (want_v4 && es->ips[i].addr.family !=
					                   MR_AF_INET)
						continue;
					d->addr = es->ips[i];
					d->has_addr = true;
					return;
				}
			}
		}
	}
}

/* Is the matcher rule one of a Skype/Teams endpoint set's? Then a --to
 * destination it decides is real-time traffic, as the skype flows are. */
static bool
skype_rule(const struct mr_sim *s, uint32_t rule)
{
	const struct mr_catalog *c = mr_matcher_catalog(s->m);
	const struct mr_rule *r = mr_matcher_rule(s->m, rule);
	size_t k;

	for (k = 0; r != NULL && k < r->n_sets; k++) {
		const struct mr_endpoint_set *es =
		    mr_catalog_set(c, r->sets[k]);
		if (es != NULL && mri_net_set_bit(es) == COMM_SKYPE)
			return true;
	}
	return false;
}

static int
fill_dest(struct mr_sim *s, struct sim_dest *d, enum mr_sim_dest kind,
          enum mr_service_area sa, const char *target, bool udp)
{
	struct mr_match mt;
	struct mr_target tg;

	memset(d, 0, sizeof(*d));
	d->kind = kind;
	d->sa = sa;
	d->udp = udp;
	d->rule = MR_NONE;
	if ((d->target = xstrdup(target)) == NULL)
		return MR_ENOMEM;
	if (mr_target_parse(&tg, target, strlen(target)) != MR_OK)
		return mri_error_set(MR_EINVAL, "'%s' is not a host or address",
		                     target);
	memset(&mt, 0, sizeof(mt));
	if (tg.kind == MR_TARGET_ADDR) {
		d->route = mr_match_addr(s->m, &tg.addr, &mt);
		d->addr.addr = tg.addr;
		d->addr.len = tg.addr.family == MR_AF_INET ? 32 : 128;
		d->has_addr = true;
	} else {
		d->route = mr_match_host(s->m, tg.host, tg.host_len, &mt);
		if (d->route != MR_ROUTE_UNKNOWN)
			rep_addr(s, d, &mt);
	}
	if (mt.n > 0)
		d->rule = mt.rules[0];
	d->realtime = sa == MR_SA_SKYPE || (sa == MR_SA__COUNT && mt.n > 0 &&
	                                    skype_rule(s, mt.rules[0]));
	return cover(s, d);
}

static int
add_dest(struct mr_sim *s, enum mr_sim_dest kind, enum mr_service_area sa,
         const char *target, bool udp)
{
	return fill_dest(s, &s->dest[s->n_dest++], kind, sa, target, udp);
}

/* A service area's ExpressRoute name: the first exact URL of its first
 * ExpressRoute set that the matcher routes over ExpressRoute; else a
 * "*.x" wildcard with the tenant (or "contoso") in place of '*'. */
static bool
er_host(struct mr_sim *s, enum mr_service_area sa, char *buf, size_t n)
{
	const struct mr_catalog *c = mr_matcher_catalog(s->m);
	const char *tenant =
	    s->dsg->org.tenant ? s->dsg->org.tenant : "contoso";
	int pass;
	size_t i, k;

	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < mr_catalog_count(c); i++) {
			const struct mr_endpoint_set *es = mr_catalog_set(c, i);
			if (!es->express_route ||
			    strcasecmp(es->service_area,
			               mr_service_area_name(sa)) != 0)
				continue;
			for (k = 0; k < es->n_urls; k++) {
				const char *u = es->urls[k];
				struct mr_match mt;
				if (pass == 0 && strchr(u, '*') != NULL)
					continue;
				if (pass == 1 && (strncmp(u, "*.", 2) != 0 ||
				                  strchr(u + 2, '*') != NULL))
					continue;
				if (pass == 0)
					snprintf(buf, n, "%s", u);
				else
					snprintf(buf, n, "%s%s", tenant, u + 1);
				if (mr_match_host(s->m, buf, strlen(buf),
				                  &mt) == MR_ROUTE_EXPRESSROUTE)
					return true;
			}
		}
	return false;
}

/* Teams/Skype media: the first ExpressRoute Skype set with UDP ports and
 * addresses (the seed: "the IP ranges for non-TCP traffic"). */
static bool
media_addr(struct mr_sim *s, char *buf, size_t n)
{
	const struct mr_catalog *c = mr_matcher_catalog(s->m);
	size_t i, k;

	for (i = 0; i < mr_catalog_count(c); i++) {
		const struct mr_endpoint_set *es = mr_catalog_set(c, i);
		if (!es->express_route || es->n_udp == 0 ||
		    mri_net_set_bit(es) != COMM_SKYPE)
			continue;
		for (k = 0; k < es->n_ips; k++)
			if (es->ips[k].addr.family == MR_AF_INET) {
				struct mr_addr a = es->ips[k].addr;
				/* the first host of the range */
				if (es->ips[k].len < 32)
					a.bytes[3] |= 1;
				mr_addr_format(&a, buf, n);
				return true;
			}
	}
	return false;
}

static bool
ms_host(struct mr_sim *s, char *buf, size_t n)
{
	static const char *const pref[] = {"portal.microsoftonline.com",
	                                   "www.office.com", NULL};
	const struct mr_catalog *c = mr_matcher_catalog(s->m);
	struct mr_match mt;
	size_t i, k;

	for (i = 0; pref[i] != NULL; i++)
		if (mr_match_host(s->m, pref[i], strlen(pref[i]), &mt) ==
		    MR_ROUTE_INTERNET) {
			snprintf(buf, n, "%s", pref[i]);
			return true;
		}
	for (i = 0; i < mr_catalog_count(c); i++) {
		const struct mr_endpoint_set *es = mr_catalog_set(c, i);
		for (k = 0; k < es->n_urls; k++)
			if (strchr(es->urls[k], '*') == NULL &&
			    mr_match_host(s->m, es->urls[k],
			                  strlen(es->urls[k]),
			                  &mt) == MR_ROUTE_INTERNET) {
				snprintf(buf, n, "%s", es->urls[k]);
				return true;
			}
	}
	return false;
}

static int
sa_parse(const char *s)
{
	static const char *const n[] = {"exchange", "sharepoint", "skype",
	                                "common"};
	int i;

	if (strcasecmp(s, "teams") == 0)
		return MR_SA_SKYPE;
	for (i = 0; i < 4; i++)
		if (strcasecmp(s, n[i]) == 0)
			return i;
	return -1;
}

static int
build_dests(struct mr_sim *s, const char *to)
{
	char buf[MR_HOST_MAX + 1];
	int only = -1, rc = MR_OK, sa;

	s->dest = calloc(MR_SA__COUNT + 4, sizeof(*s->dest));
	if (s->dest == NULL)
		return MR_ENOMEM;
	if (to != NULL && (only = sa_parse(to)) < 0) {
		struct mr_target tg;
		if (mr_target_parse(&tg, to, strlen(to)) != MR_OK)
			return mri_error_set(
			    MR_EINVAL,
			    "--to '%s': not a host, an address or a service "
			    "area (exchange, sharepoint, skype, common)",
			    to);
		if (tg.kind == MR_TARGET_ADDR) {
			mr_addr_format(&tg.addr, buf, sizeof(buf));
			return add_dest(s, MR_SIM_DEST_ADDR, MR_SA__COUNT, buf,
			                true);
		}
		return add_dest(s, MR_SIM_DEST_HOST, MR_SA__COUNT, tg.host,
		                false);
	}
	for (sa = 0; sa < MR_SA__COUNT && rc == MR_OK; sa++) {
		if (only >= 0 && sa != only)
			continue;
		if (er_host(s, (enum mr_service_area)sa, buf, sizeof(buf)))
			rc = add_dest(s, MR_SIM_DEST_ER_HOST,
			              (enum mr_service_area)sa, buf, false);
		if (rc == MR_OK && sa == MR_SA_SKYPE &&
		    media_addr(s, buf, sizeof(buf)))
			rc = add_dest(s, MR_SIM_DEST_MEDIA, MR_SA_SKYPE, buf,
			              true);
	}
	if (only >= 0 || rc != MR_OK)
		return rc;
	if (ms_host(s, buf, sizeof(buf)))
		rc = add_dest(s, MR_SIM_DEST_MS_HOST, MR_SA__COUNT, buf, false);
	if (rc == MR_OK)
		rc = add_dest(s, MR_SIM_DEST_OTHER_HOST, MR_SA__COUNT,
		              "www.example.com", false);
	return rc;
}

/* ---- topology ------------------------------------------------------------- */

/* ---- lifecycle -------------------------------------------------------- */

int
mr_sim_new(struct mr_sim **out, const struct mr_net *net,
           const struct mr_matcher *m, const struct mr_sim_opts *o)
{
	const struct mr_design *dsg = mr_net_design(net);
	struct mr_sim *s;
	int rc;
	size_t i;

	*out = NULL;
	if (dsg == NULL || m == NULL)
		return mri_error_set(MR_EINVAL, "mr_sim_new: NULL argument");
	if (o != NULL && o->version != MR_SIM_OPTS_VERSION)
		return mri_error_set(
		    MR_EINVAL, "mr_sim_new: options version %u, expected %u",
		    o->version, MR_SIM_OPTS_VERSION);
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return mri_error_set(MR_ENOMEM, "out of memory");
	s->net = net;
	s->dsg = dsg;
	s->m = m;
	s->src = calloc(dsg->n_sites + 1, sizeof(*s->src));
	if (s->src == NULL) {
		rc = MR_ENOMEM;
		goto fail;
	}
	if (o != NULL && o->from != NULL) {
		for (i = 0; i < dsg->n_sites; i++)
			if (strcmp(dsg->sites[i].name, o->from) == 0)
				s->src[s->n_src++] = (uint32_t)i;
		if (s->n_src == 0) {
			char list[1024];
			size_t n = 0;
			list[0] = '\0';
			for (i = 0; i < dsg->n_sites && n + 4 < sizeof(list);
			     i++) {
				int w =
				    snprintf(list + n, sizeof(list) - n, "%s%s",
				             i ? ", " : "", dsg->sites[i].name);
				if (w < 0 || (size_t)w >= sizeof(list) - n) {
					snprintf(list + n, sizeof(list) - n,
					         ", ...");
					break;
				}
				n += (size_t)w;
			}
			rc = mri_error_set(
			    MR_ENOTFOUND,
			    "--from '%s': no such site; the sites "
			    "are: %s",
			    o->from, list);
			goto fail;
		}
	} else {
		for (i = 0; i < dsg->n_sites; i++)
			s->src[s->n_src++] = (uint32_t)i;
	}
	if ((rc = build_elements(s)) != MR_OK ||
	    (rc = build_dests(s, o ? o->to : NULL)) != MR_OK)
		goto fail;
	s->cfg = malloc((s->n_src * s->n_dest + 1) * sizeof(*s->cfg));
	if (s->cfg == NULL) {
		rc = MR_ENOMEM;
		goto fail;
	}
	*out = s;
	return MR_OK;
fail:
	mr_sim_free(s);
	if (rc == MR_ENOMEM)
		return mri_error_set(MR_ENOMEM, "out of memory");
	return rc;
}

void
mr_sim_free(struct mr_sim *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n_el; i++)
		free((char *)(uintptr_t)s->el[i].name);
	free(s->el);
	for (i = 0; i < s->n_dest; i++) {
		free(s->dest[i].target);
		free(s->dest[i].erp);
	}
	free(s->dest);
	free(s->src);
	free(s->cfg);
	free(s);
}
