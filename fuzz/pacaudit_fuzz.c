/*
 * pacaudit_fuzz.c - fuzz target for the PAC audit's loader: the ES5
 * scanner, the Duktape sandbox (compile, load, the PAC helpers, the
 * execution budget and memory cap) and the grouping of results
 * (pacaudit.c, pacaudit_engine.c, pacaudit_scan.c).
 *
 * Input: the bytes of a PAC file, as is. It is audited against a small
 * fixed catalog (an ExpressRoute wildcard with an Internet-only sub-FQDN,
 * an exact ExpressRoute name, an Internet-only name) with small bounds so
 * that endless loops and runaway allocations end quickly.
 *
 * Checks, abort() on failure:
 * - mr_pac_audit() returns MR_OK or MR_EPARSE (never crashes, never
 *   hangs past the budget), and *out is set;
 * - evaluated + skipped == hosts; the findings of all groups add up to
 *   stats.findings; a loaded file was evaluated for every host unless
 *   calls timed out;
 * - every finding's group is its own; host findings carry a host, a
 *   pattern and a result; NOT_ES5 findings point inside the input;
 * - the ES5 scanner counts the same with and without storage.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "m365route/m365route.h"
#include "m365route/pacaudit.h"
#include "pacaudit_feed.h"
#include "pacaudit_int.h"

static struct mr_matcher *matcher;

static void
init(void)
{
	struct mr_diags *d;
	struct mr_catalog *c;

	if (mr_diags_new(&d) != MR_OK ||
	    mr_catalog_load_buffer(&c, "feed", pacaudit_feed,
	                           strlen(pacaudit_feed), d) != MR_OK ||
	    mr_matcher_build(&matcher, c) != MR_OK)
		abort();
	mr_diags_free(d);
	/* The catalog stays loaded for the life of the process. */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct mr_pac_audit_dns dns[] = {{"*", "203.0.113.1"}};
	struct mr_pac_audit_opts o = MR_PAC_AUDIT_OPTS_INIT;
	struct mr_pac_audit *a;
	struct mr_pac_audit_stats st;
	struct mr_es5_issue iss[8];
	const char *js = (const char *)data;
	size_t g, i, n, sum = 0;
	int rc;

	if (matcher == NULL)
		init();
	if (size > 65536)
		return 0;
	n = mri_pac_es5_scan(js, size, iss, 8);
	if (n != mri_pac_es5_scan(js, size, NULL, 0))
		abort();
	for (i = 0; i < n && i < 8; i++)
		if (iss[i].off >= size || iss[i].line == 0 || iss[i].col == 0)
			abort();

	o.call_budget = 1;
	o.load_budget = 2;
	o.max_timeouts = 1;
	o.wall_ms = 500;
	o.mem_limit = 8u << 20;
	o.dns = dns;
	o.n_dns = 1;
	rc = mr_pac_audit(&a, "fuzz.pac", js, size, matcher, &o, NULL);
	if (rc != MR_OK && rc != MR_EPARSE)
		abort();
	if (a == NULL)
		abort();
	mr_pac_audit_stats(a, &st);
	if (st.evaluated + st.skipped != st.hosts)
		abort();
	if (st.load == MR_AUDIT_LOAD_OK && st.skipped > 0 && st.timeouts == 0)
		abort();
	if ((rc == MR_OK) !=
	    (st.load == MR_AUDIT_LOAD_OK || st.load == MR_AUDIT_LOAD_NOT_ES5))
		abort();
	for (g = 0; g < MR_AUDIT_GROUP_COUNT; g++) {
		size_t c = mr_pac_audit_count(a, (enum mr_pac_audit_group)g);
		sum += c;
		for (i = 0; i < c; i++) {
			const struct mr_pac_audit_finding *f =
			    mr_pac_audit_get(a, (enum mr_pac_audit_group)g, i);
			if (f == NULL ||
			    f->group != (enum mr_pac_audit_group)g ||
			    f->result == NULL)
				abort();
			if (g == MR_AUDIT_NOT_ES5) {
				if (f->line == 0 || f->host != NULL)
					abort();
			} else if (f->host == NULL || f->pattern == NULL) {
				abort();
			}
		}
	}
	if (sum != st.findings)
		abort();
	mr_pac_audit_free(a);
	return 0;
}
