/*
 * m365route/lint.h - `check`: every rule of the seed document and of the
 * ExpressRoute documentation that a design can break, as diagnostics.
 *
 * Rules live in one table (src/lib/rules.def: code, severity, slug,
 * summary, rationale, source), shared with the loader's codes through the
 * mr_diag_code_*() accessors of diag.h; docs/rules.md is generated from it.
 */
#ifndef M365ROUTE_LINT_H
#define M365ROUTE_LINT_H

#include "common.h"
#include "design.h"
#include "diag.h"
#include "endpoints.h"

struct mr_lint_opts {
	unsigned version;
	/* optional: the catalog (e.g. for service-area checks); NULL = none */
	const struct mr_catalog *catalog;
};

#define MR_LINT_OPTS_VERSION 1
#define MR_LINT_OPTS_INIT                                                      \
	{                                                                      \
		MR_LINT_OPTS_VERSION, NULL                                     \
	}

/**
 * Check design dsg against every rule, appending findings to d (all rules
 * run; nothing stops at the first error). Returns MR_OK, or MR_ENOMEM /
 * MR_EINVAL (bad opts).
 */
MR_API int mr_lint(const struct mr_design *dsg, const struct mr_lint_opts *o,
                   struct mr_diags *d);

/**
 * Great-circle distance in km between two points (degrees), and the round
 * trip in ms that light in fibre needs over it (2/3 c, with a path factor
 * of 1.5 for real routes): what backhauling over that distance adds.
 */
MR_API double mr_geo_km(double lat1, double lon1, double lat2, double lon2);
MR_API double mr_geo_rtt_ms(double km);

#endif
