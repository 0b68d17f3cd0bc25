/*
 * lint_int.h - what the rule modules of `check` share: reporting, the
 * derived topology (which circuits carry each site's Microsoft
 * 365 traffic) and prefix helpers.
 */
#ifndef MR_LINT_INT_H
#define MR_LINT_INT_H

#include "diag_int.h"
#include "erfacts.h"
#include "m365route/geo.h"
#include "m365route/lint.h"
#include "m365route/resolve.h"

struct lint_ctx {
	const struct mr_net *net; /* the resolved network: site policy */
	const struct mr_design *dsg;
	const struct mr_matcher *matcher; /* the catalog's, or NULL */
	struct mr_diags *d; /* findings go straight to the caller's sink */
	bool oom;
	/*
	 * Read from the resolved network once (lint.c, derive()): which
	 * circuits carry each site's traffic (mr_net_carriers_new()) with
	 * nothing failed (car) and with each ExpressRoute circuit failed
	 * (car_down[e]; NULL where that failure moves nothing).
	 * uses[s * n_er + c] != 0 when circuit c carries some of site s's
	 * Microsoft 365 traffic in one of those states (USE_ROUTES: routed,
	 * the site's DIRECT traffic; USE_PROXY: through a proxy that
	 * egresses over c).
	 */
	struct mr_net_carriers *car;
	struct mr_net_carriers **car_down;
	unsigned char *uses;
	uint32_t *egress_site; /* per site: where routed traffic leaves */
	size_t *n_uses;        /* per site: number of circuits used */
	char pbuf[8][MR_PREFIX_STRLEN];
	unsigned pnext;
};

#define USE_ROUTES 1u
#define USE_PROXY  2u

static inline unsigned
lint_uses(const struct lint_ctx *c, size_t site, size_t er)
{
	return c->uses[site * c->dsg->n_er + er];
}

/* Report a finding to c->d; lint_note/lint_hint attach to the last one (a
 * second note is appended to the first, separated by "; "). mr_lint()
 * sorts its findings by position once every rule has run. */
void lint_add(struct lint_ctx *c, enum mr_dcode code, struct mr_span at,
              const char *fmt, ...) __attribute__((format(printf, 4, 5)));
#define lint_note(c, ...) ((void)mri_diag_note((c)->d, __VA_ARGS__))
#define lint_hint(c, ...) ((void)mri_diag_hint((c)->d, __VA_ARGS__))

/* The prefix as text, in one of 8 rotating buffers of c. */
const char *lint_pfx(struct lint_ctx *c, const struct mr_prefix *p);

/* a contains b (same family, a no longer than b, b's first a.len bits
 * equal a's). */
bool lint_pfx_within(const struct mr_prefix *b, const struct mr_prefix *a);
bool lint_pfx_overlap(const struct mr_prefix *a, const struct mr_prefix *b);

/* The span to use: at, or fallback when at has no source. */
static inline struct mr_span
lint_span(struct mr_span at, struct mr_span fallback)
{
	return at.src != 0 ? at : fallback;
}

/* ASN classes (RFC 6996, RFC 5398, RFC 7300, RFC 6793; Microsoft). */

/* Rule families. */
void mri_lint_sym(struct lint_ctx *c);
void mri_lint_acc(struct lint_ctx *c);
void mri_lint_ckt(struct lint_ctx *c);
void mri_lint_ha(struct lint_ctx *c);
void mri_lint_cap(struct lint_ctx *c);
void mri_lint_geo(struct lint_ctx *c);
void mri_lint_pac(struct lint_ctx *c); /* lint_pac.c */

#endif
