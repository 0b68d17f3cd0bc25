/*
 * pac_design.c - the PAC options of a design's PAC group or site: which
 * proxy string, whether ExpressRoute names go direct, which overrides
 * come first. The one place that turns the resolved network's policy
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

/* "PROXY 10.1.1.10:8080" or "PROXY [2001:db8::1]:8080". */
static int
proxy_string(char *buf, size_t cap, const struct mr_proxy *px)
{
	char a[MR_ADDR_STRLEN];
	int n;

	mr_addr_format(&px->listen.p.addr, a, sizeof(a));
	if (px->listen.p.addr.family == MR_AF_INET6)
		n = snprintf(buf, cap, "PROXY [%s]:%u", a, (unsigned)px->port);
	else
		n = snprintf(buf, cap, "PROXY %s:%u", a, (unsigned)px->port);
	return n > 0 && (size_t)n < cap ? MR_OK : MR_EINVAL;
}

int
mr_pac_design_opts_init(struct mr_pac_design_opts *o, const struct mr_net *net,
                        uint32_t group, uint32_t site)
{
	static const struct mr_pac_opts init = MR_PAC_OPTS_INIT;
	const struct mr_design *dsg = mr_net_design(net);
	const struct mr_net_site *ns = NULL;
	uint32_t px = MR_NONE;
	bool er = false;
	size_t i;

	memset(o, 0, sizeof(*o));
	o->po = init;
	if (dsg == NULL || (group == MR_NONE && site >= dsg->n_sites) ||
	    (group != MR_NONE && group >= dsg->n_pac_groups))
		return mri_error_set(MR_EINVAL, "no such PAC group or site");
	if (group == MR_NONE) {
		/* The site's policy, as the resolved network decided it. */
		ns = mr_net_site(net, site);
		group = ns->group;
		px = ns->proxy;
		er = ns->er_direct;
	}
	if (group != MR_NONE) {
		const struct mr_pac_group *g = &dsg->pac_groups[group];
		if (ns == NULL) {
			px = g->proxy.idx < dsg->n_proxies ? g->proxy.idx
			                                   : MR_NONE;
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
	if (px == MR_NONE)
		return mri_error_set(
		    MR_ENOTFOUND,
		    "%s has no proxy (give the site a proxy or "
		    "a PAC group)",
		    o->label);
	if (proxy_string(o->proxy, sizeof(o->proxy), &dsg->proxies[px]) !=
	    MR_OK)
		return mri_error_set(MR_EINVAL, "bad proxy address");
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
