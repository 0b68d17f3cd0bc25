/*
 * sim_verdict.c - a plan's verdict (`m365route plan`, docs/plan.md): one
 * word from the counts of check's findings and of the simulated flows by
 * verdict, so that every caller decides it the same way and none compares
 * strings.
 *
 * The rule: a plan FAILs on an error-level finding, or on a flow that is
 * asymmetric (replies come back elsewhere) or blackholed (no route, or no
 * way back) with nothing failed; it PASSes with warnings on a
 * warning-level finding, a degraded flow (works, above the latency
 * targets) or a single failure that blackholes flows; else it PASSes.
 * Notes never count.
 *
 * A single failure blackholes flows when a flow or inbound flow that was
 * not blackholed is blackholed with it, for any reason but its own site
 * being the failed element (a site that fails loses its own flows by
 * definition; a remote office that loses its backhaul counts).
 * Complexity: the verdict is constant; counting the blackholing failures
 * is O(changed flows) over the matrix.
 */
#include "m365route/sim.h"

enum mr_verdict
mr_plan_verdict(size_t errors, size_t warnings, const size_t flows[4],
                size_t blackholing)
{
	if (errors > 0 || flows[MR_SIM_ASYMMETRIC] > 0 ||
	    flows[MR_SIM_BLACKHOLE] > 0)
		return MR_VERDICT_FAIL;
	if (warnings > 0 || flows[MR_SIM_DEGRADED] > 0 || blackholing > 0)
		return MR_VERDICT_PASS_WARNINGS;
	return MR_VERDICT_PASS;
}

size_t
mr_sim_row_blackholes(const struct mr_sim_change_row *row,
                      const struct mr_sim_result *base)
{
	size_t k, n = 0;

	for (k = 0; k < row->n_changed; k++)
		if (row->after[k].verdict == MR_SIM_BLACKHOLE &&
		    row->after[k].why != MR_SIM_WHY_SITE_DOWN &&
		    base->flows[row->flows[k]].verdict != MR_SIM_BLACKHOLE)
			n++;
	for (k = 0; k < row->n_in_changed; k++)
		if (row->in_after[k].verdict == MR_SIM_BLACKHOLE &&
		    row->in_after[k].why != MR_SIM_WHY_SITE_DOWN &&
		    base->inbound[row->in_after[k].idx].verdict !=
		        MR_SIM_BLACKHOLE)
			n++;
	return n;
}

size_t
mr_sim_matrix_blackholing(const struct mr_sim_matrix *mx,
                          const struct mr_sim_result *base)
{
	size_t i, n = 0;

	for (i = 0; mx != NULL && i < mx->n_rows; i++)
		if (mr_sim_row_blackholes(&mx->rows[i], base) > 0)
			n++;
	return n;
}

const char *
mr_verdict_name(enum mr_verdict v)
{
	static const char *const n[] = {"PASS", "PASS with warnings", "FAIL"};

	return (unsigned)v < 3 ? n[v] : "?";
}
