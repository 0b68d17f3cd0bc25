/*
 * sim_verdict.c - a plan's verdict (`m365route plan`, docs/plan.md): one
 * word from the counts of check's findings and of the simulated flows by
 * verdict, so that every caller decides it the same way and none compares
 * strings.
 *
 * The rule: a plan FAILs on an error-level finding, or on a flow that is
 * asymmetric (replies come back elsewhere) or blackholed (no route, or no
 * way back) with nothing failed; it PASSes with warnings on a
 * warning-level finding or a degraded flow (works, above the latency
 * targets); else it PASSes. Notes never count.
 * Complexity: constant.
 */
#include "m365route/sim.h"

enum mr_verdict
mr_plan_verdict(size_t errors, size_t warnings, const size_t flows[4])
{
	if (errors > 0 || flows[MR_SIM_ASYMMETRIC] > 0 ||
	    flows[MR_SIM_BLACKHOLE] > 0)
		return MR_VERDICT_FAIL;
	if (warnings > 0 || flows[MR_SIM_DEGRADED] > 0)
		return MR_VERDICT_PASS_WARNINGS;
	return MR_VERDICT_PASS;
}

const char *
mr_verdict_name(enum mr_verdict v)
{
	static const char *const n[] = {"PASS", "PASS with warnings", "FAIL"};

	return (unsigned)v < 3 ? n[v] : "?";
}
