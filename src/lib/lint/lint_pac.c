/*
 * lint_pac.c - the client policy rules of `check` (PAC): PAC groups that
 * serve no site, overrides that never decide a host, and overrides of an
 * exact name that decide it as the PAC file would anyway.
 *
 * Microsoft docs followed: "Routing with ExpressRoute for Office 365"
 * (12/3/2019): "Selective routing with ExpressRoute", method 2, PAC files
 * deployed by client computer; "Deciding which applications and features
 * route over ExpressRoute", a PAC file's entries in order, the first that
 * matches deciding. The design's side of it: docs/design-format.md
 * (policy.pac_groups, policy.overrides).
 *
 * Nothing here decides which group serves a site or which override decides
 * a host: the resolved network does (m365route/resolve.h): a site's group
 * (mr_net_site()), how one group would find a site on its own
 * (mr_net_group_matches()), the overrides in PAC order and the override
 * before one that matches all of its hosts (mr_net_override_shadow(),
 * exact: glob.c), the PAC decision with one override left out
 * (mr_net_pac_without()); the catalog gives a name's route (the matcher
 * of struct mr_lint_opts; without it PAC-3 does not run).
 *
 * Data layout: none of its own; one pass over the groups, one over the
 * overrides. Complexity: O(G * S) for G groups and S sites (each pair
 * asks the model once, O(clients x subnets)); O(O) for O overrides for
 * PAC-2, O(O * S * O) glob matches for PAC-3.
 */
#include <stdio.h>
#include <string.h>

#include "lint_int.h"

static const char *
group_name(const struct mr_design *g, uint32_t k)
{
	return k < g->n_pac_groups && g->pac_groups[k].name
	           ? g->pac_groups[k].name
	           : "?";
}

/* "line N" for a span of the design, or the override's ordinal. */
static void
where(struct lint_ctx *c, struct mr_span at, size_t idx, char *buf, size_t cap)
{
	uint32_t line = 0, col = 0;

	if (at.src != 0 &&
	    mr_diags_locate(c->d, at.src, at.start, &line, &col) == MR_OK)
		snprintf(buf, cap, "line %u", (unsigned)line);
	else
		snprintf(buf, cap, "override %zu", idx + 1);
}

/* PAC-1: a group no site's PAC file comes from. */
static void
pac_group_unused(struct lint_ctx *c)
{
	const struct mr_design *g = c->dsg;
	uint32_t k, s;

	for (k = 0; k < g->n_pac_groups; k++) {
		const struct mr_pac_group *pg = &g->pac_groups[k];
		uint32_t first = MR_NONE, n = 0;
		enum mr_net_group_by by = MR_NET_GROUP_NONE;
		const struct mr_net_site *ns;
		bool serves = false;

		for (s = 0; s < g->n_sites && !serves; s++) {
			enum mr_net_group_by m =
			    mr_net_group_matches(c->net, k, s);
			if (mr_net_site(c->net, s)->group == k)
				serves = true;
			else if (m != MR_NET_GROUP_NONE && n++ == 0) {
				first = s;
				by = m;
			}
		}
		if (serves)
			continue;
		if (first == MR_NONE) {
			lint_add(c, MR_R_PAC_GROUP_UNUSED, pg->at,
			         "PAC group '%s' matches no site: %s", pg->name,
			         pg->clients.n == 0
			             ? "it names no site and has no clients"
			             : "it names no site and its clients "
			               "contain no site's subnet");
			lint_note(c, "plan still writes its PAC file, but no "
			             "site's browsers use it, so its routing "
			             "is neither checked nor simulated");
			lint_hint(c, "name the sites it is for in its sites:, "
			             "or remove it");
			continue;
		}
		ns = mr_net_site(c->net, first);
		if (n == 1)
			lint_add(c, MR_R_PAC_GROUP_UNUSED, pg->at,
			         "PAC group '%s' serves no site: the one site "
			         "it matches, '%s', is served by group '%s'",
			         pg->name, g->sites[first].name,
			         group_name(g, ns->group));
		else
			lint_add(c, MR_R_PAC_GROUP_UNUSED, pg->at,
			         "PAC group '%s' serves no site: the %u sites "
			         "it matches are served by other groups, "
			         "'%s' by group '%s'",
			         pg->name, (unsigned)n, g->sites[first].name,
			         group_name(g, ns->group));
		if (ns->group_by == MR_NET_GROUP_LISTED &&
		    by == MR_NET_GROUP_CLIENTS)
			lint_note(c,
			          "group '%s' names '%s' in its sites:, and a "
			          "group that names a site comes before one "
			          "whose clients contain it",
			          group_name(g, ns->group),
			          g->sites[first].name);
		else
			lint_note(c,
			          "group '%s' comes first in the file and %s "
			          "'%s' too",
			          group_name(g, ns->group),
			          by == MR_NET_GROUP_LISTED
			              ? "names"
			              : "its clients contain a subnet of",
			          g->sites[first].name);
		lint_note(c, "plan still writes its PAC file, but no site's "
		             "browsers use it");
		lint_hint(c, "remove it, or make it the first group to name "
		             "the site (sites: before clients:, then file "
		             "order)");
	}
}

static const char *
action_text(enum mr_override_action a)
{
	return a == MR_OVERRIDE_DIRECT ? "DIRECT" : "to the proxy";
}

/* PAC-2: an override an earlier one (in PAC order) always beats. */
static void
override_shadowed(struct lint_ctx *c)
{
	const struct mr_design *g = c->dsg;
	uint32_t o;

	for (o = 0; o < g->n_overrides; o++) {
		const struct mr_override *ov = &g->overrides[o];
		uint32_t w = mr_net_override_shadow(c->net, o);
		const struct mr_override *wv;
		char at[32];

		if (w == MR_NONE)
			continue;
		wv = &g->overrides[w];
		where(c, wv->at, w, at, sizeof(at));
		if (strcmp(wv->host, ov->host) == 0)
			lint_add(c, MR_R_PAC_OVERRIDE_SHADOWED, ov->at,
			         "override '%s' never decides a host: the same "
			         "pattern, at %s, is checked first",
			         ov->host, at);
		else
			lint_add(c, MR_R_PAC_OVERRIDE_SHADOWED, ov->at,
			         "override '%s' never decides a host: override "
			         "'%s', at %s, matches every host it matches "
			         "and is checked first",
			         ov->host, wv->host, at);
		lint_note(c, "a PAC file checks overrides most specific first "
		             "(more literal characters, an exact name before "
		             "a wildcard), then in the order written; the "
		             "first that matches decides");
		if (wv->action != ov->action)
			lint_note(c,
			          "the two disagree: this one sends them %s, "
			          "but the PAC file and the simulation follow "
			          "%s, which sends them %s",
			          action_text(ov->action), at,
			          action_text(wv->action));
		lint_hint(c, "remove it, or the one at %s", at);
	}
}

/* Why site s's PAC file decides host as p says, for a note. */
static void
note_why(struct lint_ctx *c, uint32_t s, const struct mr_net_pac *p,
         enum mr_route route, bool several)
{
	const struct mr_design *g = c->dsg;
	char at[32], ctx[96] = "";

	if (several)
		snprintf(ctx, sizeof(ctx), "at site '%s', ", g->sites[s].name);
	switch (p->why) {
	case MR_NET_PAC_OVERRIDE:
		where(c, g->overrides[p->override].at, p->override, at,
		      sizeof(at));
		lint_note(c, "%soverride '%s', at %s, decides it the same way",
		          ctx, g->overrides[p->override].host, at);
		break;
	case MR_NET_PAC_ER_DIRECT:
		lint_note(c,
		          "%sthe catalog routes it over ExpressRoute, and the "
		          "PAC file sends ExpressRoute names DIRECT",
		          ctx);
		break;
	default:
		lint_note(c,
		          "%sthe catalog's route for it is %s, and the PAC "
		          "file sends it to the proxy",
		          ctx, mr_route_name(route));
		break;
	}
}

/*
 * PAC-3: an override of one exact name that no site's PAC file needs:
 * without it, each site's PAC file decides the name the same way (the
 * model's decision with the override left out). Wildcards are not judged
 * (rules.def says why); shadowed overrides are PAC-2's.
 */
static void
override_redundant(struct lint_ctx *c)
{
	const struct mr_design *g = c->dsg;
	uint32_t o, s;

	if (c->matcher == NULL)
		return;
	for (o = 0; o < g->n_overrides; o++) {
		const struct mr_override *ov = &g->overrides[o];
		size_t len = strlen(ov->host);
		struct mr_net_pac p, first_p;
		struct mr_match mm;
		enum mr_route route;
		uint32_t n = 0, first = MR_NONE;
		bool same = true;

		memset(&first_p, 0, sizeof(first_p));
		if (memchr(ov->host, '*', len) != NULL ||
		    mr_net_override_shadow(c->net, o) != MR_NONE)
			continue;
		route = mr_match_host(c->matcher, ov->host, len, &mm);
		for (s = 0; s < g->n_sites && same; s++) {
			if (mr_net_site(c->net, s)->proxy == MR_NONE)
				continue; /* no PAC file asks */
			mr_net_pac_without(c->net, s, ov->host, len, route,
			                   true, o, &p);
			same = (p.proxy == MR_NONE) ==
			       (ov->action == MR_OVERRIDE_DIRECT);
			if (n++ == 0) {
				first = s;
				first_p = p;
			}
		}
		if (!same || n == 0)
			continue;
		if (n == 1)
			lint_add(c, MR_R_PAC_OVERRIDE_REDUNDANT, ov->at,
			         "override '%s' changes nothing: without it, "
			         "the PAC file of site '%s' sends it %s too",
			         ov->host, g->sites[first].name,
			         action_text(ov->action));
		else
			lint_add(c, MR_R_PAC_OVERRIDE_REDUNDANT, ov->at,
			         "override '%s' changes nothing: without it, "
			         "the PAC files of all %u sites that have one "
			         "send it %s too",
			         ov->host, (unsigned)n,
			         action_text(ov->action));
		note_why(c, first, &first_p, route, n > 1);
		lint_hint(c, "remove it, or keep it to pin the decision if "
		             "the catalog may move the name");
	}
}

void
mri_lint_pac(struct lint_ctx *c)
{
	pac_group_unused(c);
	override_shadowed(c);
	override_redundant(c);
}
