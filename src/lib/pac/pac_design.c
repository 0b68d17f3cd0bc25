/*
 * pac_design.c - the PAC options of a design's PAC group or site: which
 * proxy string, whether ExpressRoute names go direct, which overrides
 * come first. The one place that turns the design's policy (pac_groups,
 * proxies, overrides) into PAC generator options, for `pac --design` and
 * `plan` alike (the seed's selective routing method 2: "PAC files/URLs").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "m365route/pac.h"

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

static bool
serves(const struct mr_pac_group *g, uint32_t site)
{
	size_t i;

	for (i = 0; i < g->n_sites; i++)
		if (g->sites[i].idx == site)
			return true;
	return false;
}

int
mr_pac_design_opts_init(struct mr_pac_design_opts *o,
                        const struct mr_design *dsg, uint32_t group,
                        uint32_t site)
{
	static const struct mr_pac_opts init = MR_PAC_OPTS_INIT;
	const struct mr_proxy *px = NULL;
	bool er = false;
	size_t i;

	memset(o, 0, sizeof(*o));
	o->po = init;
	if (dsg == NULL || (group == MR_NONE && site >= dsg->n_sites) ||
	    (group != MR_NONE && group >= dsg->n_pac_groups))
		return mri_error_set(MR_EINVAL, "no such PAC group or site");
	if (group == MR_NONE)
		for (i = 0; i < dsg->n_pac_groups; i++)
			if (serves(&dsg->pac_groups[i], site)) {
				group = (uint32_t)i;
				break;
			}
	if (group != MR_NONE) {
		const struct mr_pac_group *g = &dsg->pac_groups[group];
		if (g->proxy.idx < dsg->n_proxies)
			px = &dsg->proxies[g->proxy.idx];
		er = g->expressroute;
		if (site != MR_NONE)
			snprintf(o->label, sizeof(o->label),
			         "PAC group %s (site %s)", g->name,
			         dsg->sites[site].name);
		else
			snprintf(o->label, sizeof(o->label), "PAC group %s",
			         g->name);
	} else {
		const struct mr_site *st = &dsg->sites[site];
		if (st->n_proxies > 0 && st->proxies[0].idx < dsg->n_proxies)
			px = &dsg->proxies[st->proxies[0].idx];
		/* Without a group, a site's clients go direct to ExpressRoute
		 * names when its routers have the ExpressRoute routes. */
		er = st->receives_er_routes;
		snprintf(o->label, sizeof(o->label), "site %s", st->name);
	}
	if (px == NULL)
		return mri_error_set(
		    MR_ENOTFOUND,
		    "%s has no proxy (give the site a proxy or "
		    "a PAC group)",
		    o->label);
	if (proxy_string(o->proxy, sizeof(o->proxy), px) != MR_OK)
		return mri_error_set(MR_EINVAL, "bad proxy address");
	o->po.proxy = o->proxy;
	o->po.direct = er ? "DIRECT" : o->proxy;
	o->po.label = o->label;
	if (dsg->n_overrides > 0) {
		o->ovr = calloc(dsg->n_overrides, sizeof(*o->ovr));
		if (o->ovr == NULL)
			return mri_error_set(MR_ENOMEM, "out of memory");
		for (i = 0; i < dsg->n_overrides; i++) {
			o->ovr[i].pattern = dsg->overrides[i].host;
			o->ovr[i].direct =
			    dsg->overrides[i].action == MR_OVERRIDE_DIRECT;
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
