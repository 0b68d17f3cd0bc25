/*
 * pac_design.c - the PAC options of a design's PAC group or site: which
 * proxy string, whether ExpressRoute names go direct, which overrides
 * come first. The proxy string lists the proxies in failover order
 * ("PROXY a:8080; PROXY b:8080": the group's proxy: list, else the site's
 * proxies:, as the resolved network has them). The one place that turns the resolved network's policy
 * (m365route/resolve.h: the site's group, proxy, ExpressRoute-direct flag,
 * the overrides in PAC order) into PAC generator options, for `pac
 * --design` and `plan` alike (the seed's selective routing method 2: "PAC
 * files/URLs"). It decides nothing itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "m365route/pac.h"
#include "m365route/resolve.h"

/* "PROXY 10.1.1.10:8080" or "PROXY [2001:db8::1]:8080", appended at
 * buf[*at], after "; " unless first. */
static int
proxy_string(char *buf, size_t cap, size_t *at, const struct mr_proxy *px)
{
	char a[MR_ADDR_STRLEN];
	const char *sep = *at > 0 ? "; " : "";
	int n;

	mr_addr_format(&px->listen.p.addr, a, sizeof(a));
	if (px->listen.p.addr.family == MR_AF_INET6)
		n = snprintf(buf + *at, cap - *at, "%sPROXY [%s]:%u", sep, a,
		             (unsigned)px->port);
	else
		n = snprintf(buf + *at, cap - *at, "%sPROXY %s:%u", sep, a,
		             (unsigned)px->port);
	if (n <= 0 || (size_t)n >= cap - *at)
		return MR_EINVAL;
	*at += (size_t)n;
	return MR_OK;
}

/* The proxy return string: every proxy of list[0..n) in failover order
 * ("PROXY a:8080; PROXY b:8080", the PAC syntax for a failover list). */
static int
proxies_string(char *buf, size_t cap, const struct mr_design *dsg,
               const uint32_t *list, size_t n)
{
	size_t i, at = 0;

	buf[0] = '\0';
	for (i = 0; i < n; i++)
		if (proxy_string(buf, cap, &at, &dsg->proxies[list[i]]) !=
		    MR_OK)
			return MR_EINVAL;
	return MR_OK;
}

int
mr_pac_design_opts_init(struct mr_pac_design_opts *o, const struct mr_net *net,
                        uint32_t group, uint32_t site)
{
	static const struct mr_pac_opts init = MR_PAC_OPTS_INIT;
	const struct mr_design *dsg = mr_net_design(net);
	const struct mr_net_site *ns = NULL;
	const uint32_t *list = NULL;
	uint32_t *own = NULL;
	size_t i, n = 0;
	bool er = false;
	int rc;

	memset(o, 0, sizeof(*o));
	o->po = init;
	if (dsg == NULL || (group == MR_NONE && site >= dsg->n_sites) ||
	    (group != MR_NONE && group >= dsg->n_pac_groups))
		return mri_error_set(MR_EINVAL, "no such PAC group or site");
	if (group == MR_NONE) {
		/* The site's policy, as the resolved network decided it. */
		ns = mr_net_site(net, site);
		group = ns->group;
		list = mr_net_failover(net, site, &n);
		er = ns->er_direct;
	}
	if (group != MR_NONE) {
		const struct mr_pac_group *g = &dsg->pac_groups[group];
		if (ns == NULL) {
			/* The group's proxy: list, resolved. */
			own = calloc(g->n_proxies + 1, sizeof(*own));
			if (own == NULL)
				return mri_error_set(MR_ENOMEM,
				                     "out of memory");
			for (i = 0; i < g->n_proxies; i++)
				if (g->proxies[i].idx < dsg->n_proxies)
					own[n++] = g->proxies[i].idx;
			list = own;
			er = g->expressroute;
		}
		if (site != MR_NONE)
			snprintf(o->label, sizeof(o->label),
			         "PAC group %s (site %s)", g->name,
			         dsg->sites[site].name);
		else
			snprintf(o->label, sizeof(o->label), "PAC group %s",
			         g->name);
	} else {
		snprintf(o->label, sizeof(o->label), "site %s",
		         dsg->sites[site].name);
	}
	if (n == 0) {
		free(own);
		return mri_error_set(
		    MR_ENOTFOUND,
		    "%s has no proxy (give the site a proxy or "
		    "a PAC group)",
		    o->label);
	}
	rc = proxies_string(o->proxy, sizeof(o->proxy), dsg, list, n);
	free(own);
	if (rc != MR_OK)
		return mri_error_set(MR_EINVAL,
		                     "%s: its proxies do not fit one PAC "
		                     "return string of %zu bytes",
		                     o->label, sizeof(o->proxy) - 1);
	o->po.proxy = o->proxy;
	o->po.direct = er ? "DIRECT" : o->proxy;
	o->po.label = o->label;
	if (dsg->n_overrides > 0) {
		o->ovr = calloc(dsg->n_overrides, sizeof(*o->ovr));
		if (o->ovr == NULL)
			return mri_error_set(MR_ENOMEM, "out of memory");
		/* In the resolved network's order: the one the simulation
		 * follows (most specific first). */
		for (i = 0; i < dsg->n_overrides; i++) {
			const struct mr_override *v =
			    &dsg->overrides[mr_net_override_at(net, i)];
			o->ovr[i].pattern = v->host;
			o->ovr[i].direct = v->action == MR_OVERRIDE_DIRECT;
		}
		o->po.overrides = o->ovr;
		o->po.n_overrides = dsg->n_overrides;
	}
	return MR_OK;
}

void
mr_pac_design_opts_release(struct mr_pac_design_opts *o)
{
	if (o == NULL)
		return;
	free(o->ovr);
	o->ovr = NULL;
	o->po.overrides = NULL;
	o->po.n_overrides = 0;
}
