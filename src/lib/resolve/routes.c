/*
 * routes.c - the customer's routing decision at every site for every
 * service area's ExpressRoute prefixes with nothing failed
 * (mr_net_er_routes()): the circuit a site's DIRECT traffic and Teams
 * media leave by, its local preference, the runner-up and the BGP step
 * that decided. The decision is route.c's (mri_route_decide()), the one
 * the simulation makes per flow; `check` reads it to compare the circuit
 * preferred outbound with the one Microsoft prefers inbound
 * (msreturn.c).
 *
 * Complexity: one routing state; per site and service area one decision,
 * O(E + K) for E circuits and K advertising edges, plus one shortest-path
 * tree per edge site.
 */
#include <string.h>

#include "error.h"
#include "route.h"

int
mr_net_er_routes(const struct mr_net *n, struct mr_net_route *out)
{
	const struct mr_design *g;
	struct mri_route rt;
	size_t i, sa;
	bool oom;

	if (n == NULL || out == NULL)
		return mri_error_set(MR_EINVAL, "mr_net_er_routes: NULL");
	g = n->dsg;
	if (mri_route_init(&rt, n) != MR_OK)
		return mri_error_set(MR_ENOMEM, "out of memory");
	/* Nothing failed: what the simulation counts up (sim_run.c). */
	mri_route_nominal(&rt, MR_NONE);
	for (i = 0; i < g->n_sites; i++)
		for (sa = 0; sa < MR_SA__COUNT; sa++) {
			struct mr_net_route *o = &out[i * MR_SA__COUNT + sa];
			struct mri_route_decision dec;
			memset(o, 0, sizeof(*o));
			o->circuit = o->site = o->runner = MR_NONE;
			/* Only sites that receive the ExpressRoute routes
			 * route by them (the simulation's er_ok). */
			if (!g->sites[i].receives_er_routes ||
			    !mri_route_decide(
			        &rt, (uint32_t)i, true,
			        mri_net_sa_mask((enum mr_service_area)sa),
			        &dec) ||
			    !dec.er)
				continue;
			o->circuit = dec.c;
			o->site = dec.site;
			o->local_pref = n->er_lp[dec.c];
			o->n_paths = dec.n_paths;
			o->why = dec.why;
			if (dec.has_runner && dec.runner < g->n_er) {
				o->runner = dec.runner;
				o->runner_local_pref = n->er_lp[dec.runner];
			}
		}
	oom = rt.oom;
	mri_route_fini(&rt);
	return oom ? mri_error_set(MR_ENOMEM, "out of memory") : MR_OK;
}
