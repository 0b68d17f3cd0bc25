/*
 * lint.c - `m365route check`: runs every rule of rules.def over a loaded
 * design and reports the findings in source order.
 *
 * Microsoft docs followed: "Routing with ExpressRoute for Office 365"
 * (12/3/2019: route symmetry best practices, inbound services, Trey
 * Research and Humongous Insurance) and Microsoft Learn's ExpressRoute
 * pages (routing requirements, NAT, route filters, FAQ, BFD, planning).
 * Each rule names its source in rules.def.
 *
 * Data layout: the rule modules (lint_sym_acc.c: SYM and ACC; lint_net.c:
 * CKT, HA, CAP, GEO; lint_pac.c: PAC) report findings straight into the caller's struct
 * mr_diags (uncapped: the CLI's --max-errors limits what is printed); once
 * all have run, the records they added are sorted by (source, offset,
 * rule, discovery) (mri_diags_sort_from()), so output order does not
 * depend on the order rules run in; out of memory takes them back out.
 * Before the rules run, derive() reads from the resolved network which
 * circuits carry each site's Microsoft 365 traffic (the attribution
 * simulate and usage use, resolve/carry.c), with nothing failed and with
 * each ExpressRoute circuit failed: the site's PAC decision, its proxy's
 * egress or the BGP decision at the site and its multipath set. Nothing
 * here decides routing.
 *
 * Invariants: the design is immutable and fully resolved (every reference
 * idx is MR_NONE or in range: the loader guarantees it and the rules
 * still check before indexing). Nothing here allocates from the design.
 *
 * Complexity: derive() attributes E + 1 times (nothing failed, then each
 * ExpressRoute circuit failed: O(S * A * (E + K)) each, the WAN trees
 * lent; see carry.c); the prefix rules compare lists pairwise, O(P^2) for P
 * prefixes in the design (P is at most a few hundred: Microsoft caps a
 * session at 200); the capacity rule is O(E * S * E). Sorting is O(F log F)
 * for F findings.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "lint_int.h"

/* ---- findings --------------------------------------------------------- */

void
lint_add(struct lint_ctx *c, enum mr_dcode code, struct mr_span at,
         const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (mri_diag_vadd(c->d, code, at, fmt, ap) & MRI_DIAG_OOM)
		c->oom = true;
	va_end(ap);
}

/* ---- helpers shared by the rule modules --------------------------------- */

const char *
lint_pfx(struct lint_ctx *c, const struct mr_prefix *p)
{
	char *b = c->pbuf[c->pnext++ % 8];

	mr_prefix_format(p, b, MR_PREFIX_STRLEN);
	return b;
}

bool
lint_pfx_within(const struct mr_prefix *b, const struct mr_prefix *a)
{
	return mri_prefix_within(b, a);
}

bool
lint_pfx_overlap(const struct mr_prefix *a, const struct mr_prefix *b)
{
	return lint_pfx_within(a, b) || lint_pfx_within(b, a);
}

/* ---- the model's attribution ----------------------------------------------- */

/* Add what state k carries to uses (and the routed egress site). */
static void
add_uses(struct lint_ctx *c, const struct mr_net_carriers *k)
{
	const struct mr_design *g = c->dsg;
	size_t s, sa, i;

	for (s = 0; s < g->n_sites; s++)
		for (sa = 0; sa < MR_SA__COUNT; sa++) {
			struct mr_net_carry cy;
			mr_net_carriers_get(k, (uint32_t)s,
			                    (enum mr_service_area)sa, &cy);
			for (i = 0; i < cy.n; i++) {
				uint32_t e = cy.circuit[i];
				c->uses[s * g->n_er + e] |= cy.proxy == MR_NONE
				                                ? USE_ROUTES
				                                : USE_PROXY;
				if (cy.proxy == MR_NONE &&
				    c->egress_site[s] == MR_NONE)
					c->egress_site[s] = g->er[e].site.idx;
			}
		}
}

static int
derive(struct lint_ctx *c)
{
	const struct mr_design *g = c->dsg;
	size_t s, e;

	c->uses = calloc(g->n_sites * g->n_er + 1, 1);
	c->egress_site = malloc((g->n_sites + 1) * sizeof(*c->egress_site));
	c->n_uses = calloc(g->n_sites + 1, sizeof(*c->n_uses));
	c->car_down = calloc(g->n_er + 1, sizeof(*c->car_down));
	if (c->uses == NULL || c->egress_site == NULL || c->n_uses == NULL ||
	    c->car_down == NULL ||
	    mr_net_carriers_new(&c->car, c->net, MR_NONE, NULL) != MR_OK) {
		return MR_ENOMEM;
	}
	for (s = 0; s < g->n_sites; s++)
		c->egress_site[s] = MR_NONE;
	add_uses(c, c->car);
	/* Every circuit with Microsoft peering: one that carries nothing can
	 * still move traffic when it fails (what the edges advertise into
	 * iBGP ties to the best path anywhere). */
	for (e = 0; e < g->n_er; e++) {
		struct mr_net_carriers *k;
		if (!g->er[e].ms.present)
			continue;
		if (mr_net_carriers_new(&k, c->net, (uint32_t)e, c->car) !=
		    MR_OK) {
			return MR_ENOMEM;
		}
		if (mr_net_carriers_same(k, c->car)) {
			mr_net_carriers_free(k);
			continue;
		}
		c->car_down[e] = k;
		add_uses(c, k);
	}
	for (s = 0; s < g->n_sites; s++)
		for (e = 0; e < g->n_er; e++)
			if (lint_uses(c, s, e))
				c->n_uses[s]++;
	return MR_OK;
}

static void
underive(struct lint_ctx *c)
{
	size_t e;

	if (c->car_down != NULL)
		for (e = 0; e < c->dsg->n_er; e++)
			mr_net_carriers_free(c->car_down[e]);
	free(c->car_down);
	mr_net_carriers_free(c->car);
	free(c->uses);
	free(c->egress_site);
	free(c->n_uses);
}

/* ---- entry point ------------------------------------------------------------ */

int
mr_lint(const struct mr_net *net, const struct mr_lint_opts *o,
        struct mr_diags *d)
{
	const struct mr_design *dsg = mr_net_design(net);
	struct lint_ctx c;
	int rc = MR_OK;
	size_t first;
	bool was_oom;

	if (dsg == NULL || d == NULL)
		return mri_error_set(MR_EINVAL,
		                     "mr_lint: NULL design or diags");
	if (o != NULL && (o->version < 1 || o->version > MR_LINT_OPTS_VERSION))
		return mri_error_set(MR_EINVAL,
		                     "mr_lint: options version %u, expected 1 "
		                     "to %u",
		                     o->version, MR_LINT_OPTS_VERSION);
	memset(&c, 0, sizeof(c));
	c.net = net;
	c.matcher = o != NULL && o->version >= 2 ? o->matcher : NULL;
	c.dsg = dsg;
	c.d = d;
	first = mr_diags_count(d);
	was_oom = mr_diags_oom(d);
	mri_diag_begin(d, false);
	if (derive(&c) != MR_OK) {
		c.oom = true;
	} else {
		mri_lint_sym(&c);
		mri_lint_acc(&c);
		mri_lint_ckt(&c);
		mri_lint_ha(&c);
		mri_lint_cap(&c);
		mri_lint_geo(&c);
		mri_lint_pac(&c);
	}
	if (c.oom || (mr_diags_oom(d) && !was_oom)) {
		mri_diags_truncate(d, first);
		rc = mri_error_set(MR_ENOMEM, "mr_lint: out of memory");
	} else {
		mri_diags_sort_from(d, first);
	}
	underive(&c);
	return rc;
}
