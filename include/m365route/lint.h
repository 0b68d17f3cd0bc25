/*
 * m365route/lint.h - `check`: every rule of the seed document and of the
 * ExpressRoute documentation that a design can break, as diagnostics.
 *
 * Rules live in one table (src/lib/util/rules.def: code, severity, slug,
 * summary, rationale, source), shared with the loader's codes through the
 * mr_diag_code_*() accessors of diag.h; docs/rules.md is generated from it.
 */
#ifndef M365ROUTE_LINT_H
#define M365ROUTE_LINT_H

#include "common.h"
#include "design.h"
#include "diag.h"
#include "resolve.h"

struct mr_lint_opts {
	unsigned version;
	/* Since version 2: the catalog's matcher, for the rules that need
	 * the route of a host name (override-redundant); NULL, or options
	 * of version 1: those rules do not run. Borrowed for the call. */
	const struct mr_matcher *matcher;
};

#define MR_LINT_OPTS_VERSION 2
#define MR_LINT_OPTS_INIT                                                      \
	{                                                                      \
		MR_LINT_OPTS_VERSION, NULL                                     \
	}

/**
 * Check the resolved network net (its design, and the policy resolved for
 * each site) against every rule, appending findings to d (all rules
 * run; nothing stops at the first error). o may be NULL (defaults) or of
 * version 1 or 2. Returns MR_OK, or MR_ENOMEM / MR_EINVAL (bad opts).
 */
MR_API int mr_lint(const struct mr_net *net, const struct mr_lint_opts *o,
                   struct mr_diags *d);

#endif
