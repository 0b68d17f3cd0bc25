/*
 * verify.c - a router's exported table against the plan: the router
 * representation config.c built from the resolved network (config_int.h)
 * says what the router should hold; this only compares. It never decides
 * a route itself.
 *
 * mr_verify_load() reads a table keeping only the routes these checks
 * look at (keep(): from Microsoft, of a prefix the circuit should
 * receive, advertised ones), so a full Internet table is checked in
 * memory bounded by those; every check reads the family counts
 * (rib->n_read), never the number of routes stored, so the findings are
 * the same whether the rib was filtered or not.
 */
#include "m365route/verify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_int.h"
#include "diag_int.h"
#include "erfacts.h"
#include "error.h"
#include "m365route/resolve.h"
#include "rib_int.h"

struct vctx {
	const struct mri_cfg_router *r;
	const struct mr_rib *rib;
	uint32_t src;
	struct mr_diags *d;
	char ms[4][MR_ADDR_STRLEN]; /* Microsoft's link addresses */
	size_t n_ms;
	struct mr_net_er_prefix *e; /* what the circuit should receive */
	size_t ne;
	bool adv; /* the table is what the router advertises */
};

static struct mr_span
span_at(const struct vctx *v, size_t off)
{
	struct mr_span s = {0, 0, 0};
	if (v->src != 0 && off <= UINT32_MAX) {
		s.src = v->src;
		s.start = (uint32_t)off;
		s.end = (uint32_t)off + 1;
	}
	return s;
}

/* " (byte N)" when the finding has no source to point into. */
static const char *
where(const struct vctx *v, size_t off, char *buf, size_t n)
{
	if (v->src != 0)
		return "";
	snprintf(buf, n, " (byte %zu)", off);
	return buf;
}

/* A route Microsoft sent: its AS path starts with 12076, or it came from
 * one of the circuit's Microsoft addresses (or BIRD's protocol the
 * generated configuration names msee_*). */
static bool
from_ms(const struct vctx *v, const struct mr_rib_route *rt)
{
	if (rt->as_path_len > 0 && rt->as_path[0] == MRI_CFG_MS_ASN)
		return true;
	for (size_t i = 0; i < v->n_ms; i++)
		if (strcmp(rt->peer, v->ms[i]) == 0)
			return true;
	return strncmp(rt->peer, "msee", 4) == 0;
}

static bool
expected(const struct mr_net_er_prefix *e, size_t ne, const struct mr_prefix *p)
{
	size_t lo = 0, hi = ne;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = mr_prefix_cmp(&e[mid].prefix, p);
		if (c == 0)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

static void
reader_errors(const struct vctx *v)
{
	for (size_t i = 0; i < v->rib->n_errors; i++) {
		const struct mr_rib_error *e = &v->rib->errors[i];
		char b[40];
		mri_diag_add(v->d, MR_D_RIB_UNREADABLE, span_at(v, e->offset),
		             "%s%s", e->msg, where(v, e->offset, b, sizeof(b)));
	}
	if (v->rib->n_errors_total > v->rib->n_errors)
		mri_diag_add(v->d, MR_D_RIB_UNREADABLE, span_at(v, 0),
		             "%zu more errors in this table not shown",
		             v->rib->n_errors_total - v->rib->n_errors);
}

/* An ExpressRoute router's Microsoft addresses and the prefixes it
 * should receive (v->e, malloc'd). */
static int
er_setup(struct vctx *v, const struct mr_config *cfg,
         const struct mr_catalog *cat)
{
	const struct mri_cfg_router *r = v->r;
	if (!r->session_down && mr_net_er_prefixes(cfg->net, cat, r->circuit,
	                                           &v->e, &v->ne) != MR_OK)
		return mri_error_set(MR_ENOMEM, "out of memory");
	for (size_t i = 0; i < r->n_links && v->n_ms < 4; i++) {
		const struct mri_cfg_link *l = &r->link[i];
		if (l->has4)
			mr_addr_format(&l->ms4, v->ms[v->n_ms++],
			               MR_ADDR_STRLEN);
		if (l->has6 && v->n_ms < 4)
			mr_addr_format(&l->ms6, v->ms[v->n_ms++],
			               MR_ADDR_STRLEN);
	}
	return MR_OK;
}

static int
er_router(struct vctx *v, const struct mr_config *cfg,
          const struct mr_catalog *cat)
{
	const struct mri_cfg_router *r = v->r;
	const struct mr_rib *rib = v->rib;
	char ps[MR_PREFIX_STRLEN], b[40];

	int rc = er_setup(v, cfg, cat);
	if (rc != MR_OK)
		return rc;
	const struct mr_net_er_prefix *e = v->e;
	size_t ne = v->ne;
	/* What Microsoft sent and the router holds (not from an update
	 * stream: that is before the import policy). */
	if (rib->updates)
		mri_diag_add(
		    v->d, MR_R_VER_UPDATES_ONLY, span_at(v, 0),
		    "%s: an update stream: only the prefixes Microsoft "
		    "did not send are verified",
		    r->name);
	for (size_t i = 0; i < rib->n_routes && !rib->updates; i++) {
		const struct mr_rib_route *rt = &rib->routes[i];
		if (rt->withdrawn || !from_ms(v, rt))
			continue;
		mr_prefix_format(&rt->prefix, ps, sizeof(ps));
		const char *special = mri_prefix_special(&rt->prefix);
		struct mr_span at = span_at(v, rt->offset);
		const char *w = where(v, rt->offset, b, sizeof(b));
		if (rt->prefix.len == 0 || special != NULL) {
			mri_diag_add(
			    v->d, MR_R_VER_DEFAULT_OR_PRIVATE, at,
			    "%s: %s from Microsoft (%s) accepted%s", r->name,
			    ps, special ? special : "the default route", w);
			mri_diag_hint(v->d, "deny it in the import policy "
			                    "(m365route config generates the "
			                    "bogon filter)");
			continue;
		}
		if (!expected(e, ne, &rt->prefix)) {
			mri_diag_add(
			    v->d, MR_R_VER_ER_UNEXPECTED, at,
			    "%s: %s from Microsoft is not a prefix the "
			    "circuit's route filter admits%s",
			    r->name, ps, w);
			mri_diag_hint(v->d, "admit only the route filter's "
			                    "communities in the import policy");
		}
		/* No LOCAL_PREF on a route in the table (FRR's JSON and
		 * MRT dumps leave it out unless a policy set it): the
		 * BGP default, 100, is what the decision used. */
		uint32_t lp = rt->has_local_pref ? rt->local_pref : 100;
		if (lp != r->local_pref) {
			mri_diag_add(
			    v->d, MR_R_VER_LOCAL_PREF, at,
			    "%s: %s from Microsoft has local preference "
			    "%u%s; the plan gives the circuit %u%s",
			    r->name, ps, lp,
			    rt->has_local_pref ? ""
			                       : " (none set: the default)",
			    r->local_pref, w);
		}
	}
	/* What should be there: every admitted prefix from Microsoft, and,
	 * where the table says which path is best, Microsoft's best; of a
	 * family the table holds (FRR's `show bgp ipv4 unicast` has no IPv6)
	 * and the circuit peers in. */
	bool fam[2] = {rib->n_read[0] > 0, rib->n_read[1] > 0};
	bool link[2] = {false, false};
	for (size_t i = 0; i < r->n_links; i++) {
		link[0] |= r->link[i].has4;
		link[1] |= r->link[i].has6;
	}
	for (int f = 0; f < 2; f++)
		if (link[f] && !fam[f]) {
			mri_diag_add(
			    v->d, MR_R_VER_FAMILY_UNCHECKED, span_at(v, 0),
			    "%s: the table holds no IPv%d route: IPv%d "
			    "not verified",
			    r->name, f ? 6 : 4, f ? 6 : 4);
		}
	for (size_t k = 0; k < ne; k++) {
		if (k > 0 && mr_prefix_cmp(&e[k - 1].prefix, &e[k].prefix) == 0)
			continue;
		int f = e[k].prefix.addr.family == MR_AF_INET6;
		if (!fam[f] || !link[f])
			continue;
		const struct mr_rib_route *ms = NULL, *best = NULL;
		for (size_t i = 0; i < rib->n_routes; i++) {
			const struct mr_rib_route *rt = &rib->routes[i];
			if (mr_prefix_cmp(&rt->prefix, &e[k].prefix) != 0)
				continue;
			if (rt->withdrawn) {
				/* a stream's withdrawal of Microsoft's route */
				if (ms != NULL &&
				    strcmp(ms->peer, rt->peer) == 0)
					ms = NULL;
				continue;
			}
			if (from_ms(v, rt) && (ms == NULL || rt->best))
				ms = rt;
			if (rt->best)
				best = rt;
		}
		mr_prefix_format(&e[k].prefix, ps, sizeof(ps));
		if (ms == NULL) {
			mri_diag_add(
			    v->d, MR_R_VER_ER_MISSING, span_at(v, 0),
			    "%s: %s (community 12076:%u) is not in the "
			    "router's table",
			    r->name, ps, e[k].community);
			mri_diag_note(v->d,
			              "the circuit's route filter admits "
			              "12076:%u; the plan routes it over "
			              "ExpressRoute",
			              e[k].community);
			continue;
		}
		if (rib->best_known && best != NULL && !from_ms(v, best)) {
			mri_diag_add(v->d, MR_R_VER_BEST_NOT_ER,
			             span_at(v, best->offset),
			             "%s: the best route to %s is from %s, not "
			             "Microsoft's%s",
			             r->name, ps,
			             best->peer[0] ? best->peer
			                           : "the router itself",
			             where(v, best->offset, b, sizeof(b)));
		}
	}
	free(v->e);
	v->e = NULL;
	return MR_OK;
}

/* The first of the router's deny prefixes p overlaps, or n_deny. */
static size_t
denied(const struct mri_cfg_router *r, const struct mr_prefix *p)
{
	for (size_t k = 0; k < r->n_deny; k++)
		if (mri_prefix_within(p, &r->deny[k].p) ||
		    mri_prefix_within(&r->deny[k].p, p))
			return k;
	return r->n_deny;
}

static bool
listed(const struct mri_cfg_pfx *v, size_t n, const struct mr_prefix *p)
{
	for (size_t i = 0; i < n; i++)
		if (mr_prefix_cmp(&v[i].p, p) == 0)
			return true;
	return false;
}

/* What the router advertises: to Microsoft (an ExpressRoute router)
 * exactly the plan's export list; to the Internet nothing that is
 * advertised to Microsoft or a circuit's NAT pool (the plan's deny list,
 * config.c). */
static void
advertised(struct vctx *v)
{
	const struct mri_cfg_router *r = v->r;
	const struct mr_rib *rib = v->rib;
	const struct mri_cfg_pfx *plan =
	    r->kind == MRI_CFG_ER ? r->export : r->adv;
	size_t n_plan = r->kind == MRI_CFG_ER ? r->n_export : r->n_adv;
	char ps[MR_PREFIX_STRLEN], qs[MR_PREFIX_STRLEN], b[40];
	bool fam[2] = {rib->n_read[0] > 0, rib->n_read[1] > 0};

	for (size_t i = 0; i < rib->n_routes; i++) {
		const struct mr_rib_route *rt = &rib->routes[i];
		struct mr_span at = span_at(v, rt->offset);
		const char *w = where(v, rt->offset, b, sizeof(b));
		if (rt->withdrawn)
			continue;
		mr_prefix_format(&rt->prefix, ps, sizeof(ps));
		if (r->kind == MRI_CFG_ER) {
			if (!listed(plan, n_plan, &rt->prefix))
				mri_diag_add(
				    v->d, MR_R_VER_ADV_UNPLANNED, at,
				    "%s advertises %s to Microsoft; the "
				    "plan does not%s",
				    r->name, ps, w);
			continue;
		}
		size_t k = denied(r, &rt->prefix);
		if (k < r->n_deny) {
			mr_prefix_format(&r->deny[k].p, qs, sizeof(qs));
			mri_diag_add(v->d, MR_R_VER_ADV_BOTH_WAYS, at,
			             "%s advertises %s to the Internet; "
			             "%s is advertised to Microsoft or a "
			             "circuit's NAT pool%s",
			             r->name, ps, qs, w);
		}
	}
	if (rib->n_read[0] + rib->n_read[1] == 0)
		fam[0] = true; /* nothing advertised: IPv4 all missing */
	for (size_t k = 0; k < n_plan; k++) {
		bool found = false;
		if (!fam[plan[k].p.addr.family == MR_AF_INET6])
			continue;
		for (size_t i = 0; i < rib->n_routes && !found; i++)
			found = !rib->routes[i].withdrawn &&
			        mr_prefix_cmp(&rib->routes[i].prefix,
			                      &plan[k].p) == 0;
		if (!found) {
			mr_prefix_format(&plan[k].p, ps, sizeof(ps));
			mri_diag_add(v->d, MR_R_VER_ADV_MISSING, span_at(v, 0),
			             "%s does not advertise %s, which the plan "
			             "advertises %s",
			             r->name, ps,
			             r->kind == MRI_CFG_ER ? "to Microsoft"
			                                   : "to the Internet");
		}
	}
}

/* The plan's router named router; NULL with the message set. */
static const struct mri_cfg_router *
find(const struct mr_config *cfg, const char *router)
{
	size_t i = mr_config_router_find(cfg, router);
	if (i == SIZE_MAX || i >= cfg->n) {
		mri_error_set(MR_EINVAL,
		              "no router '%s' in the plan (its routers are "
		              "named after their circuits)",
		              router);
		return NULL;
	}
	return &cfg->r[i];
}

int
mr_verify_router(const struct mr_config *cfg, const struct mr_catalog *cat,
                 const char *router, const struct mr_rib *rib, uint32_t src,
                 struct mr_diags *d)
{
	if (cfg == NULL || router == NULL || rib == NULL || d == NULL)
		return mri_error_set(MR_EINVAL,
		                     "mr_verify_router: NULL argument");
	const struct mri_cfg_router *r = find(cfg, router);
	if (r == NULL)
		return MR_EINVAL;
	struct vctx v = {.r = r, .rib = rib, .src = src, .d = d};
	mri_diag_begin(d, false);
	reader_errors(&v);
	int rc = MR_OK;
	if (rib->advertised)
		advertised(&v);
	else if (v.r->kind == MRI_CFG_ER)
		rc = er_router(&v, cfg, cat);
	if (mri_diag_load_oom(d))
		return mri_error_set(MR_ENOMEM, "out of memory");
	return rc;
}

/* The routes mr_verify_router() looks at; the others only count. An
 * ExpressRoute router's table: routes from Microsoft (every one is
 * checked, unless the table is an update stream: once a BGP4MP record is
 * read none is) and routes of a prefix
 * the circuit should receive (whose is there, whose is best, withdrawn
 * or not). What a router advertises: to Microsoft every route (each
 * unplanned one is a finding); to the Internet the routes overlapping
 * the deny list and those of the plan's prefixes. An Internet router's
 * own table: none. */
static bool
keep(void *ctx, const struct mr_rib *rib, const struct mr_rib_route *rt)
{
	const struct vctx *v = ctx;
	const struct mri_cfg_router *r = v->r;
	if (v->adv || rib->advertised) { /* FRR's advertised-routes says */
		if (rt->withdrawn)
			return false;
		if (r->kind == MRI_CFG_ER)
			return true;
		return denied(r, &rt->prefix) < r->n_deny ||
		       listed(r->adv, r->n_adv, &rt->prefix);
	}
	if (r->kind != MRI_CFG_ER)
		return false;
	if (expected(v->e, v->ne, &rt->prefix))
		return true;
	/* an update stream's routes are only looked up by prefix */
	return !rib->updates && from_ms(v, rt);
}

int
mr_verify_load(const struct mr_config *cfg, const struct mr_catalog *cat,
               const char *router, bool advertised, const char *path,
               enum mr_rib_format fmt, struct mr_rib **out)
{
	if (out != NULL)
		*out = NULL;
	if (cfg == NULL || router == NULL || path == NULL || out == NULL)
		return mri_error_set(MR_EINVAL,
		                     "mr_verify_load: NULL argument");
	const struct mri_cfg_router *r = find(cfg, router);
	if (r == NULL)
		return MR_EINVAL;
	struct vctx v = {.r = r, .adv = advertised};
	int rc = MR_OK;
	if (!advertised && v.r->kind == MRI_CFG_ER)
		rc = er_setup(&v, cfg, cat);
	struct mr_rib_filter f = {keep, &v};
	if (rc == MR_OK)
		rc = mr_rib_load_filtered(path, fmt, &f, out);
	free(v.e);
	if (rc == MR_OK && advertised)
		(*out)->advertised = true;
	return rc;
}
