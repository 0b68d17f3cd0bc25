/*
 * client.c - `verify --client`: this machine as a client of one site of
 * the plan. For each flow the simulation gives the site (the plan's
 * destinations: one ExpressRoute name per service area, Teams media by
 * address, an Internet-only Microsoft name, a name that is not Microsoft
 * 365), it asks the machine what really happens:
 *  - the name through the system resolver (getaddrinfo: /etc/hosts and
 *    DNS as the machine is configured; a test controls it with a network
 *    namespace's /etc/netns/NS/hosts);
 *  - the PAC file the client gets, in the pac room's Duktape sandbox,
 *    with dnsResolve() on the same resolver and myIpAddress() the
 *    machine's source address towards the Internet;
 *  - the kernel's route for each address (kroute.c, rtnetlink).
 * The plan's answer comes from the model, never decided here: the flow's
 * PAC decision and, per resolved address, the simulation of that address
 * from the site (mr_sim_new() with `to` = the address, nothing failed).
 *
 * Which next hop is "the ExpressRoute path": the kernel's route to each
 * circuit's link addresses (config's routers: both ends of each link's
 * peering subnet), when that route is one of its own (not the default
 * route) and usable; an address routed by the same interface and next
 * hop leaves by that circuit. Without such a route the design cannot say
 * and the match is unknown (MR-VER-15): never guessed.
 *
 * Complexity: per flow one resolution, one PAC call, one route query and
 * one small simulation per distinct address (cached).
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "client_int.h"
#include "config_int.h"
#include "diag_int.h"
#include "error.h"
#include "m365route/pacaudit.h"
#include "pacaudit_int.h"

#define MAX_ADDRS       8
#define MAX_HOPS        16
#define PAC_LOAD_BUDGET 64 /* x 262144 bytecode instructions */
#define PAC_CALL_BUDGET 16
#define PAC_MEM         ((size_t)64 << 20)
#define PAC_WALL_MS     2000

/* The next hop of one ExpressRoute circuit's link address. */
struct hop {
	const char *circuit;
	uint32_t er;         /* index into the design's er */
	struct mr_addr link; /* the address looked up */
	struct mr_vclient_route rt;
	bool usable; /* a route of its own: not the default, no error */
};

/* The plan for one address, cached. */
struct plan {
	struct mr_addr a;
	enum mr_sim_via via;
	uint32_t egress;
	uint32_t n_multi;
	uint32_t multi[MR_NET_MAX_PATHS];
};

struct vc {
	const struct mr_net *net;
	const struct mr_design *dsg;
	const struct mr_matcher *m;
	const struct mr_config *cfg;
	struct mr_diags *d;
	struct mr_arena *a;
	uint32_t site;
	struct hop hop[MAX_HOPS];
	size_t n_hop;
	struct plan *plan;
	size_t n_plan, cap_plan;
	bool oom;
};

struct mr_vclient_priv {
	struct mr_vclient pub;
	struct mr_arena *a;
};

static const struct mr_span nowhere = {0, 0, 0};

static const char *
adup(struct vc *v, const char *s)
{
	char *p = mri_arena_strndup(v->a, s, strlen(s));
	if (p == NULL)
		v->oom = true;
	return p;
}

static const char *
fmt_addr(const struct mr_addr *a, char *buf)
{
	mr_addr_format(a, buf, MR_ADDR_STRLEN);
	return buf;
}

static bool
addr_eq(const struct mr_addr *x, const struct mr_addr *y)
{
	return x->family == y->family &&
	       memcmp(x->bytes, y->bytes, sizeof(x->bytes)) == 0;
}

/* ---- the system resolver -------------------------------------------- */

static void
from_sockaddr(const struct sockaddr *sa, struct mr_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *s4 = (const void *)sa;
		a->family = MR_AF_INET;
		memcpy(a->bytes, &s4->sin_addr, 4);
	} else {
		const struct sockaddr_in6 *s6 = (const void *)sa;
		a->family = MR_AF_INET6;
		memcpy(a->bytes, &s6->sin6_addr, 16);
	}
}

/* Up to cap distinct addresses of name, in the resolver's order; 0 and
 * *err (gai_strerror's text) when it does not resolve. */
static size_t
resolve(const char *name, int family, struct mr_addr *out, size_t cap,
        const char **err)
{
	struct addrinfo hints, *res = NULL, *p;
	size_t n = 0;
	int rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = family;
	hints.ai_socktype = SOCK_STREAM;
	if ((rc = getaddrinfo(name, NULL, &hints, &res)) != 0) {
		*err = gai_strerror(rc);
		return 0;
	}
	for (p = res; p != NULL && n < cap; p = p->ai_next) {
		struct mr_addr a;
		size_t k;
		if (p->ai_family != AF_INET && p->ai_family != AF_INET6)
			continue;
		from_sockaddr(p->ai_addr, &a);
		for (k = 0; k < n && !addr_eq(&out[k], &a); k++)
			;
		if (k == n)
			out[n++] = a;
	}
	freeaddrinfo(res);
	if (n == 0)
		*err = "no IPv4 or IPv6 address";
	return n;
}

/* dnsResolve() in the PAC sandbox: the first IPv4 address, as the
 * Netscape helper returns one. */
static int
pac_resolve(void *ctx, const char *name, char *addr, size_t n)
{
	struct mr_addr a;
	const char *err;

	(void)ctx;
	if (resolve(name, AF_INET, &a, 1, &err) != 1)
		return -1;
	mr_addr_format(&a, addr, n);
	return 0;
}

/* ---- the ExpressRoute next hops ------------------------------------- */

static int
add_hop(struct vc *v, const struct mri_cfg_router *r, const struct mr_addr *a)
{
	struct hop *h;

	if (v->n_hop == MAX_HOPS)
		return MR_OK;
	h = &v->hop[v->n_hop++];
	h->circuit = r->name;
	h->er = r->circuit;
	h->link = *a;
	if (mri_kroute_get(a, &h->rt) != MR_OK)
		return MR_EIO;
	/* a route of its own: the kernel says the matched entry is longer
	 * than the default route (unknown length: not trusted) */
	h->usable = h->rt.err == 0 && h->rt.dst_len > 0;
	return MR_OK;
}

static int
find_hops(struct vc *v)
{
	const struct mr_config *c = v->cfg;
	int rc = MR_OK;

	for (size_t i = 0; i < c->n && rc == MR_OK; i++) {
		const struct mri_cfg_router *r = &c->r[i];
		if (r->kind != MRI_CFG_ER)
			continue;
		for (size_t k = 0; k < r->n_links && rc == MR_OK; k++) {
			const struct mri_cfg_link *l = &r->link[k];
			if (l->has4)
				rc = add_hop(v, r, &l->ms4);
			if (rc == MR_OK && l->has6)
				rc = add_hop(v, r, &l->ms6);
		}
	}
	return rc;
}

/* Same interface and next hop; a hop on link (the machine holds the
 * peering subnet: it is the edge) matches a route via the link's far
 * end. */
static bool
same_way(const struct hop *h, const struct mr_vclient_route *rt)
{
	if (strcmp(h->rt.ifname, rt->ifname) != 0)
		return false;
	if (h->rt.has_gw)
		return rt->has_gw && addr_eq(&h->rt.gw, &rt->gw);
	return !rt->has_gw || addr_eq(&h->link, &rt->gw);
}

static void
classify_path(struct vc *v, struct mr_vclient_addr *x)
{
	bool known = false;

	if (x->rt.err != 0) {
		x->path = MR_VCLIENT_PATH_NO_ROUTE;
		return;
	}
	for (size_t i = 0; i < v->n_hop; i++) {
		if (!v->hop[i].usable)
			continue;
		known = true;
		if (same_way(&v->hop[i], &x->rt)) {
			x->path = MR_VCLIENT_PATH_ER;
			x->path_circuit = v->hop[i].circuit;
			return;
		}
	}
	x->path = known ? MR_VCLIENT_PATH_OTHER : MR_VCLIENT_PATH_UNKNOWN;
}

/* ---- the plan for an address ---------------------------------------- */

static int
plan_of(struct vc *v, const struct mr_addr *a, const struct plan **out)
{
	char buf[MR_ADDR_STRLEN];
	struct mr_sim_opts so = MR_SIM_OPTS_INIT;
	struct mr_sim *s = NULL;
	struct mr_sim_result *r = NULL;
	struct plan *p;
	int rc;

	for (size_t i = 0; i < v->n_plan; i++)
		if (addr_eq(&v->plan[i].a, a)) {
			*out = &v->plan[i];
			return MR_OK;
		}
	if (v->n_plan == v->cap_plan) {
		size_t cap = v->cap_plan ? v->cap_plan * 2 : 16;
		struct plan *np = realloc(v->plan, cap * sizeof(*np));
		if (np == NULL)
			return MR_ENOMEM;
		v->plan = np;
		v->cap_plan = cap;
	}
	so.from = v->dsg->sites[v->site].name;
	so.to = fmt_addr(a, buf);
	if ((rc = mr_sim_new(&s, v->net, v->m, &so)) != MR_OK ||
	    (rc = mr_sim_run(&r, s, NULL, 0)) != MR_OK) {
		mr_sim_free(s);
		return rc;
	}
	p = &v->plan[v->n_plan++];
	memset(p, 0, sizeof(*p));
	p->a = *a;
	if (r->n_flows > 0) {
		const struct mr_sim_flow *f = &r->flows[0];
		p->via = f->via;
		p->egress = f->egress;
		p->n_multi = f->n_multi;
		memcpy(p->multi, f->multi, sizeof(p->multi));
	}
	mr_sim_result_free(r);
	mr_sim_free(s);
	*out = p;
	return MR_OK;
}

static bool
in_plan(const struct plan *p, uint32_t er)
{
	if (p->via != MR_SIM_VIA_ER)
		return false;
	if (p->egress == er)
		return true;
	for (uint32_t i = 0; i < p->n_multi && i < MR_NET_MAX_PATHS; i++)
		if (p->multi[i] == er)
			return true;
	return false;
}

/* ---- one flow ------------------------------------------------------- */

static const char *
route_text(const struct mr_vclient_route *rt, char *buf, size_t n)
{
	char g[MR_ADDR_STRLEN];

	if (rt->err != 0)
		snprintf(buf, n, "no route (%s)", strerror(rt->err));
	else if (rt->has_gw)
		snprintf(buf, n, "%s via %s", rt->ifname, fmt_addr(&rt->gw, g));
	else
		snprintf(buf, n, "%s (on link)", rt->ifname);
	return buf;
}

static int
check_addr(struct vc *v, const struct mr_vclient_dest *dst,
           struct mr_vclient_addr *x)
{
	struct mr_match mt;
	const struct plan *p;
	char as[MR_ADDR_STRLEN], rs[128];
	const char *site = v->dsg->sites[v->site].name;
	int rc;

	memset(&mt, 0, sizeof(mt));
	x->route = mr_match_addr(v->m, &x->addr, &mt);
	if (mt.n > 0) {
		const struct mr_rule *r = mr_matcher_rule(v->m, mt.rules[0]);
		if (r != NULL)
			snprintf(x->prefix, sizeof(x->prefix), "%s", r->text);
	}
	if ((rc = mri_kroute_get(&x->addr, &x->rt)) != MR_OK)
		return rc;
	classify_path(v, x);
	if ((rc = plan_of(v, &x->addr, &p)) != MR_OK)
		return rc;
	x->plan_via = p->via;
	x->plan_circuit = mr_sim_via_circuit(v->dsg, p->via, p->egress);
	fmt_addr(&x->addr, as);
	if (x->route == MR_ROUTE_UNKNOWN && dst->route != MR_ROUTE_UNKNOWN &&
	    !dst->udp) {
		mri_diag_add(v->d, MR_R_VER_CLIENT_OUTSIDE, nowhere,
		             "%s: %s resolves to %s, outside every catalog "
		             "prefix (a CDN, or a stale answer)",
		             site, dst->target, as);
		mri_diag_note(v->d, "the plan routes that address %s%s",
		              p->via == MR_SIM_VIA_ER ? "over " : "by ",
		              x->plan_circuit ? x->plan_circuit : "nowhere");
	}
	if (dst->proxied || p->via == MR_SIM_VIA_NONE) {
		x->match = MR_VCLIENT_NA;
		return MR_OK;
	}
	switch (x->path) {
	case MR_VCLIENT_PATH_UNKNOWN:
		x->match = MR_VCLIENT_UNKNOWN;
		return MR_OK;
	case MR_VCLIENT_PATH_NO_ROUTE:
		x->match = MR_VCLIENT_DIFFERS;
		break;
	case MR_VCLIENT_PATH_ER:
		/* the circuit whose next hop it is: one the plan uses? */
		x->match = MR_VCLIENT_DIFFERS;
		for (size_t i = 0; i < v->n_hop; i++)
			if (v->hop[i].usable && same_way(&v->hop[i], &x->rt) &&
			    in_plan(p, v->hop[i].er))
				x->match = MR_VCLIENT_MATCH;
		break;
	case MR_VCLIENT_PATH_OTHER:
		x->match = p->via == MR_SIM_VIA_ER ? MR_VCLIENT_DIFFERS
		                                   : MR_VCLIENT_MATCH;
		break;
	}
	if (x->match == MR_VCLIENT_DIFFERS) {
		route_text(&x->rt, rs, sizeof(rs));
		mri_diag_add(
		    v->d, MR_R_VER_CLIENT_EGRESS, nowhere,
		    "%s: %s (%s): the kernel routes it %s%s%s; the "
		    "plan sends it %s %s",
		    site, dst->target, as, x->rt.err ? "nowhere: " : "by ", rs,
		    x->path == MR_VCLIENT_PATH_ER
		        ? ", the ExpressRoute next hop"
		        : (x->path == MR_VCLIENT_PATH_OTHER
		               ? ", not the ExpressRoute next hop"
		               : ""),
		    p->via == MR_SIM_VIA_ER ? "over" : "by", x->plan_circuit);
		if (x->path == MR_VCLIENT_PATH_ER)
			mri_diag_note(v->d,
			              "%s's link addresses are routed the same "
			              "way",
			              x->path_circuit);
	}
	return MR_OK;
}

/* The plan's first PAC entry for flow f. */
static void
plan_pac(struct vc *v, const struct mr_sim_flow *f, char *buf, size_t n)
{
	char a[MR_ADDR_STRLEN];
	const struct mr_proxy *px;

	if (f->proxy == MR_NONE || f->proxy >= v->dsg->n_proxies) {
		snprintf(buf, n, "DIRECT");
		return;
	}
	px = &v->dsg->proxies[f->proxy];
	fmt_addr(&px->listen.p.addr, a);
	if (px->listen.p.addr.family == MR_AF_INET6)
		snprintf(buf, n, "PROXY [%s]:%u", a, px->port);
	else
		snprintf(buf, n, "PROXY %s:%u", a, px->port);
}

static int
one_flow(struct vc *v, struct mri_pac_engine *eng, const char *fn,
         const struct mr_sim_flow *f, struct mr_vclient_dest *dst)
{
	struct mr_addr addrs[MAX_ADDRS];
	const char *site = v->dsg->sites[v->site].name;
	char want[128], got[640];
	size_t n = 0;
	int rc;

	dst->flow = mr_sim_flow_label(f);
	dst->target = adup(v, f->target);
	dst->udp = f->udp;
	dst->route = f->route;
	dst->proxied = f->proxy != MR_NONE && !f->udp;
	if (!f->udp) {
		plan_pac(v, f, want, sizeof(want));
		dst->plan_pac = adup(v, want);
	}
	if (!f->udp && eng != NULL) {
		char url[MR_HOST_MAX + 16];
		struct mri_pac_call call;
		snprintf(url, sizeof(url), "https://%s/", f->target);
		memset(&call, 0, sizeof(call));
		enum mri_pac_call_result cr = mri_pac_engine_call(
		    eng, fn, url, f->target, PAC_CALL_BUDGET, &call);
		const char *why = NULL;
		if (cr == MRI_PAC_THREW) {
			snprintf(got, sizeof(got), "threw: %s",
			         call.err.timed_out ? "ran out of its budget"
			                            : call.err.msg);
			dst->pac_error = adup(v, got);
		} else if (cr == MRI_PAC_NOT_STRING) {
			snprintf(got, sizeof(got), "returned %s", call.desc);
			dst->pac_error = adup(v, got);
		} else if ((why = mr_pac_audit_check_return(
		                call.s, call.len)) != NULL) {
			snprintf(got, sizeof(got), "returned '%.*s': %s",
			         (int)(call.len > 100 ? 100 : call.len), call.s,
			         why);
			dst->pac_error = adup(v, got);
		} else {
			dst->pac = mri_arena_strndup(v->a, call.s, call.len);
			if (dst->pac == NULL)
				v->oom = true;
		}
		if (dst->pac_error != NULL) {
			dst->pac_match = MR_VCLIENT_DIFFERS;
			mri_diag_add(v->d, MR_R_VER_CLIENT_PAC, nowhere,
			             "%s: %s: the PAC file %s; the plan "
			             "answers %s",
			             site, f->target, dst->pac_error, want);
		} else if (dst->pac != NULL) {
			char first[256];
			mr_pac_audit_first_entry(dst->pac, strlen(dst->pac),
			                         first, sizeof(first));
			dst->proxied = strncmp(first, "DIRECT", 6) != 0;
			dst->pac_match = strcasecmp(first, want) == 0
			                     ? MR_VCLIENT_MATCH
			                     : MR_VCLIENT_DIFFERS;
			if (dst->pac_match == MR_VCLIENT_DIFFERS)
				mri_diag_add(v->d, MR_R_VER_CLIENT_PAC, nowhere,
				             "%s: %s: the PAC file answers "
				             "'%s'; the plan answers %s",
				             site, f->target, first, want);
		}
	}
	if (f->udp) {
		const char *err = NULL;
		n = resolve(f->target, AF_UNSPEC, addrs, 1, &err);
	} else {
		const char *err = NULL;
		n = resolve(f->target, AF_UNSPEC, addrs, MAX_ADDRS, &err);
		if (n == 0) {
			dst->resolve_error = adup(v, err);
			mri_diag_add(v->d, MR_R_VER_CLIENT_UNRESOLVED, nowhere,
			             "%s: %s does not resolve: %s", site,
			             f->target, err);
		}
	}
	struct mr_vclient_addr *xs =
	    n ? mri_arena_calloc(v->a, n, sizeof(*xs)) : NULL;
	if (n > 0 && xs == NULL)
		return MR_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		xs[i].addr = addrs[i];
		if ((rc = check_addr(v, dst, &xs[i])) != MR_OK)
			return rc;
	}
	dst->addrs = xs;
	dst->n_addrs = n;
	return v->oom ? MR_ENOMEM : MR_OK;
}

/* ---- the site and the PAC file -------------------------------------- */

static int
find_site(struct vc *v, const char *name, const struct mr_addr *me,
          bool have_me, bool *by_addr)
{
	const struct mr_design *dsg = v->dsg;
	char list[512];
	size_t at = 0;

	*by_addr = false;
	for (size_t i = 0; i < dsg->n_sites; i++) {
		if (name != NULL && strcmp(dsg->sites[i].name, name) == 0) {
			v->site = (uint32_t)i;
			return MR_OK;
		}
	}
	if (name == NULL && have_me) {
		for (size_t i = 0; i < dsg->n_sites; i++)
			for (size_t k = 0; k < dsg->sites[i].subnets.n; k++) {
				struct mr_prefix p =
				    dsg->sites[i].subnets.v[k].p;
				if (mr_prefix_contains(&p, me)) {
					v->site = (uint32_t)i;
					*by_addr = true;
					return MR_OK;
				}
			}
	}
	if (name == NULL && dsg->n_sites == 1) {
		v->site = 0;
		return MR_OK;
	}
	list[0] = '\0';
	for (size_t i = 0; i < dsg->n_sites && at + 8 < sizeof(list); i++) {
		int w = snprintf(list + at, sizeof(list) - at, "%s%s",
		                 i ? ", " : "", dsg->sites[i].name);
		if (w < 0 || (size_t)w >= sizeof(list) - at)
			break;
		at += (size_t)w;
	}
	if (name != NULL)
		return mri_error_set(MR_ENOTFOUND,
		                     "--site '%s': no such site; the sites "
		                     "are: %s",
		                     name, list);
	return mri_error_set(MR_ENOTFOUND,
	                     "this machine's address is in no site's subnets: "
	                     "name the site with --site (the sites are: %s)",
	                     list);
}

/* This machine's address towards the Internet: the preferred source of
 * the kernel's route to a public address (a documentation one: only
 * the routing table is asked, nothing is sent), else of the route to
 * the first flow's address. */
static bool
my_address(const struct mr_sim_result *r, struct mr_addr *me)
{
	struct mr_vclient_route rt;
	struct mr_addr a;

	mr_addr_parse(&a, "192.0.2.1", 9);
	if (mri_kroute_get(&a, &rt) == MR_OK && rt.err == 0 && rt.has_src) {
		*me = rt.src;
		return true;
	}
	for (size_t i = 0; r != NULL && i < r->n_flows; i++) {
		if (!r->flows[i].has_addr)
			continue;
		a = r->flows[i].addr.addr;
		if (mri_kroute_get(&a, &rt) == MR_OK && rt.err == 0 &&
		    rt.has_src) {
			*me = rt.src;
			return true;
		}
	}
	return false;
}

static int
load_pac(struct mri_pac_engine **out, const char **fn,
         const struct mr_verify_client_opts *o, const char *my_ip)
{
	struct mri_pac_engine_opts eo;
	struct mri_pac_error err;
	const char *name = o->pac_name ? o->pac_name : "the PAC file";
	int rc;

	memset(&eo, 0, sizeof(eo));
	eo.mem_limit = PAC_MEM;
	eo.wall_ms = PAC_WALL_MS;
	eo.now_ms = (double)o->now * 1000.0;
	eo.tz_minutes = o->tz_minutes;
	eo.my_ip = my_ip;
	eo.resolve = pac_resolve;
	if ((rc = mri_pac_engine_new(out, &eo)) != MR_OK)
		return rc;
	memset(&err, 0, sizeof(err));
	if (mri_pac_engine_load(*out, name, o->pac, o->pac_len, PAC_LOAD_BUDGET,
	                        &err) != 0) {
		char line[32] = "";
		if (err.line > 0)
			snprintf(line, sizeof(line), ":%u", err.line);
		return mri_error_set(
		    MR_EPARSE, "%s%s: %s: %s", name, line,
		    err.timed_out  ? "runs out of its budget while loading"
		    : err.compiled ? "throws while loading"
		                   : "does not compile",
		    err.msg);
	}
	if ((*fn = mri_pac_engine_entry(*out)) == NULL)
		return mri_error_set(MR_EPARSE,
		                     "%s defines no FindProxyForURL()", name);
	return MR_OK;
}

static void
report_unknown_hops(struct vc *v, const struct mr_vclient *res)
{
	const char *site = v->dsg->sites[v->site].name;
	char as[MR_ADDR_STRLEN];

	for (size_t i = 0; i < v->n_hop; i++) {
		const struct hop *h = &v->hop[i];
		bool used = false, first = true;
		if (h->usable)
			continue;
		for (size_t k = 0; k < i; k++)
			if (v->hop[k].er == h->er)
				first = false;
		for (size_t k = 0; k < res->n_dests && !used; k++)
			for (size_t j = 0; j < res->dests[k].n_addrs; j++)
				used |= res->dests[k].addrs[j].match ==
				        MR_VCLIENT_UNKNOWN;
		bool any_usable = false;
		for (size_t k = 0; k < v->n_hop; k++)
			any_usable |= v->hop[k].er == h->er && v->hop[k].usable;
		if (!used || !first || any_usable)
			continue;
		mri_diag_add(v->d, MR_R_VER_CLIENT_PATH_UNKNOWN, nowhere,
		             "%s: the kernel's route to %s's link address %s "
		             "is %s: which next hop is the ExpressRoute path "
		             "cannot be told here; egress not verified",
		             site, h->circuit, fmt_addr(&h->link, as),
		             h->rt.err ? "missing" : "the default route");
	}
}

int
mr_verify_client(struct mr_vclient **out, const struct mr_net *net,
                 const struct mr_matcher *m, const struct mr_config *cfg,
                 const struct mr_verify_client_opts *o, struct mr_diags *d)
{
	struct vc v;
	struct mr_vclient_priv *res = NULL;
	struct mr_sim *s = NULL;
	struct mr_sim_result *r = NULL;
	struct mri_pac_engine *eng = NULL;
	struct mr_sim_opts so = MR_SIM_OPTS_INIT;
	struct mr_addr me;
	char my_ip[MR_ADDR_STRLEN] = "127.0.0.1";
	const char *fn = NULL;
	bool have_me, by_addr = false;
	int rc;

	*out = NULL;
	if (net == NULL || m == NULL || cfg == NULL || o == NULL || d == NULL)
		return mri_error_set(MR_EINVAL,
		                     "mr_verify_client: NULL argument");
	if (o->version != MR_VERIFY_CLIENT_OPTS_VERSION)
		return mri_error_set(MR_EINVAL,
		                     "mr_verify_client: options version %u",
		                     o->version);
	memset(&v, 0, sizeof(v));
	v.net = net;
	v.dsg = mr_net_design(net);
	v.m = m;
	v.cfg = cfg;
	v.d = d;
	if ((res = calloc(1, sizeof(*res))) == NULL ||
	    mri_arena_create(&res->a) != MR_OK) {
		free(res);
		return mri_error_set(MR_ENOMEM, "out of memory");
	}
	v.a = res->a;
	if (v.dsg->n_sites == 0) {
		rc = mri_error_set(MR_ENOTFOUND, "the design has no site");
		goto fail;
	}
	have_me = my_address(NULL, &me);
	if ((rc = find_site(&v, o->site, &me, have_me, &by_addr)) != MR_OK)
		goto fail;
	so.from = v.dsg->sites[v.site].name;
	if ((rc = mr_sim_new(&s, net, m, &so)) != MR_OK ||
	    (rc = mr_sim_run(&r, s, NULL, 0)) != MR_OK)
		goto fail;
	if (r->n_flows == 0) {
		rc =
		    mri_error_set(MR_ENOTFOUND,
		                  "site %s has no flows to verify (the catalog "
		                  "gives no destination)",
		                  so.from);
		goto fail;
	}
	if (!have_me)
		have_me = my_address(r, &me);
	if (have_me)
		fmt_addr(&me, my_ip);
	if (o->pac != NULL && (rc = load_pac(&eng, &fn, o, my_ip)) != MR_OK)
		goto fail;
	if ((rc = find_hops(&v)) != MR_OK)
		goto fail;
	struct mr_vclient_dest *dests =
	    mri_arena_calloc(v.a, r->n_flows, sizeof(*dests));
	if (dests == NULL) {
		rc = MR_ENOMEM;
		goto fail;
	}
	mri_diag_begin(d, false);
	for (size_t i = 0; i < r->n_flows; i++)
		if ((rc = one_flow(&v, eng, fn, &r->flows[i], &dests[i])) !=
		    MR_OK)
			goto fail;
	res->pub.site = adup(&v, so.from);
	res->pub.my_ip = adup(&v, my_ip);
	res->pub.site_by_address = by_addr;
	res->pub.pac = eng != NULL;
	res->pub.n_dests = r->n_flows;
	res->pub.dests = dests;
	report_unknown_hops(&v, &res->pub);
	if (v.oom || mri_diag_load_oom(d)) {
		rc = MR_ENOMEM;
		goto fail;
	}
	mri_pac_engine_free(eng);
	mr_sim_result_free(r);
	mr_sim_free(s);
	free(v.plan);
	*out = &res->pub;
	return MR_OK;
fail:
	mri_pac_engine_free(eng);
	mr_sim_result_free(r);
	mr_sim_free(s);
	free(v.plan);
	mr_verify_client_free(&res->pub);
	if (rc == MR_ENOMEM)
		return mri_error_set(MR_ENOMEM, "out of memory");
	return rc;
}

void
mr_verify_client_free(struct mr_vclient *c)
{
	struct mr_vclient_priv *p = (struct mr_vclient_priv *)c;

	if (p == NULL)
		return;
	mri_arena_destroy(p->a);
	free(p);
}
