/*
 * test_sim.c - the routing simulation on the seed's two examples and on
 * variants: symmetry, the Trey Research failure, Humongous Insurance's
 * backhaul and failover, latency targets, names, the single-failure
 * matrix against full runs; a plan's verdict.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "m365route/design.h"
#include "m365route/endpoints.h"
#include "m365route/match.h"
#include "m365route/sim.h"
#include "testutil.h"

static struct mr_catalog *cat;
static struct mr_matcher *mt;
/* The resolved networks of the designs tests load, freed at teardown. */
static struct mr_net *nets[64];
static size_t n_nets;

/* The resolved network of g (the simulation reads the design through it). */
static const struct mr_net *
net(const struct mr_design *g)
{
	assert_true(n_nets < sizeof(nets) / sizeof(nets[0]));
	assert_int_equal(mr_net_resolve(&nets[n_nets], g), MR_OK);
	return nets[n_nets++];
}

static int
setup(void **state)
{
	(void)state;
	return tu_load_worldwide(&cat, &mt);
}

static int
teardown(void **state)
{
	(void)state;
	while (n_nets > 0)
		mr_net_free(nets[--n_nets]);
	mr_matcher_free(mt);
	mr_catalog_free(cat);
	return 0;
}

/* Load example name with edits: pairs of (the first occurrence of) a
 * text and its replacement, then NULL. */
static struct mr_design *
load_edits(const char *name, const char *const *edits)
{
	struct mr_design *g = NULL;
	struct mr_diags *d;
	size_t len, grow = 0, e;
	const char *text = mr_example_text(name, &len);
	char *buf;

	assert_non_null(text);
	for (e = 0; edits[e] != NULL; e += 2)
		grow += strlen(edits[e + 1]);
	buf = malloc(len + grow + 1);
	assert_non_null(buf);
	memcpy(buf, text, len);
	buf[len] = '\0';
	for (e = 0; edits[e] != NULL; e += 2) {
		const char *from = edits[e], *to = edits[e + 1];
		char *p = strstr(buf, from);
		assert_non_null(p);
		memmove(p + strlen(to), p + strlen(from),
		        strlen(p + strlen(from)) + 1);
		memcpy(p, to, strlen(to));
		len = strlen(buf);
	}
	assert_int_equal(mr_diags_new(&d), MR_OK);
	assert_int_equal(mr_design_load_buffer(&g, name, buf, len, d), MR_OK);
	mr_diags_free(d);
	free(buf);
	return g;
}

/* Load example name with the first occurrence of `from` replaced by
 * `to` (both NULL: as shipped). */
static struct mr_design *
load(const char *name, const char *from, const char *to)
{
	const char *edits[] = {from, to, NULL};

	return load_edits(name, edits);
}

static struct mr_sim_result *
run(struct mr_sim *s, const char *fail)
{
	struct mr_sim_result *r;
	uint32_t id;

	if (fail != NULL)
		assert_int_equal(mr_sim_element_find(s, fail, &id), MR_OK);
	assert_int_equal(mr_sim_run(&r, s, &id, fail ? 1 : 0), MR_OK);
	return r;
}

static void
test_trey(void **state)
{
	struct mr_design *g = load("trey-research", NULL, NULL);
	struct mr_sim *s;
	struct mr_sim_result *r, *f;
	size_t i, n_er = 0;

	(void)state;
	assert_int_equal(mr_sim_new(&s, net(g), mt, NULL), MR_OK);
	r = run(s, NULL);
	assert_int_equal(r->count[MR_SIM_OK], r->n_flows);
	for (i = 0; i < r->n_flows; i++)
		if (r->flows[i].via == MR_SIM_VIA_ER) {
			n_er++;
			assert_int_equal(r->flows[i].ret_via, MR_SIM_VIA_ER);
		}
	assert_true(n_er >= 4);
	f = run(s, "er-seattle");
	for (i = 0; i < f->n_flows; i++) {
		const struct mr_sim_flow *a = &r->flows[i], *b = &f->flows[i];
		if (a->via == MR_SIM_VIA_ER && a->proxy == MR_NONE) {
			assert_int_equal(b->verdict, MR_SIM_BLACKHOLE);
			assert_int_equal(b->why,
			                 MR_SIM_WHY_ER_POOL_ON_INTERNET);
		} else {
			/* proxied flows are unaffected */
			assert_int_not_equal(a->proxy, MR_NONE);
			assert_int_equal(b->verdict, MR_SIM_OK);
			assert_int_equal(b->egress, a->egress);
		}
	}
	assert_int_equal(f->inbound[0].verdict, MR_SIM_OK);
	mr_sim_result_free(r);
	mr_sim_result_free(f);
	mr_sim_free(s);
	mr_design_free(g);
}

static void
test_humongous(void **state)
{
	struct mr_design *g = load("humongous-insurance", NULL, NULL);
	struct mr_sim_opts o = MR_SIM_OPTS_INIT;
	struct mr_sim *s;
	struct mr_sim_result *r, *f;
	size_t i;

	(void)state;
	o.from = "frankfurt";
	o.to = "sharepoint";
	assert_int_equal(mr_sim_new(&s, net(g), mt, &o), MR_OK);
	r = run(s, NULL);
	assert_int_equal(r->n_flows, 1);
	/* backhaul to headquarters, front ends near headquarters */
	assert_int_equal(r->flows[0].via, MR_SIM_VIA_ER);
	assert_string_equal(g->sites[r->flows[0].egress_site].name,
	                    "hq-chicago");
	assert_string_equal(g->sites[r->flows[0].fe_site].name, "hq-chicago");
	assert_int_equal(r->flows[0].bgp_why, MR_BGP_REASON_IGP_COST);
	assert_true(r->flows[0].has_rtt);
	assert_true(r->flows[0].rtt_wan > 95 && r->flows[0].rtt_wan < 97);
	mr_sim_result_free(r);
	mr_sim_free(s);
	/* every flow symmetric on the other headquarters circuit */
	assert_int_equal(mr_sim_new(&s, net(g), mt, NULL), MR_OK);
	f = run(s, "er-chicago-1");
	assert_int_equal(f->count[MR_SIM_OK], f->n_flows);
	for (i = 0; i < f->n_flows; i++)
		assert_int_not_equal(f->flows[i].egress == 0 &&
		                         f->flows[i].via == MR_SIM_VIA_ER,
		                     1);
	mr_sim_result_free(f);
	mr_sim_free(s);
	mr_design_free(g);
}

/* Every round trip includes the access network: no flow at 0 ms, not
 * even at a site where its circuit's peering location is. */
static void
test_access_floor(void **state)
{
	static const char *const ex[] = {"trey-research",
	                                 "humongous-insurance"};
	size_t e, i, n_rtt = 0;

	(void)state;
	for (e = 0; e < 2; e++) {
		struct mr_design *g = load(ex[e], NULL, NULL);
		struct mr_sim *s;
		struct mr_sim_result *r;
		assert_int_equal(mr_sim_new(&s, net(g), mt, NULL), MR_OK);
		r = run(s, NULL);
		for (i = 0; i < r->n_flows; i++) {
			const struct mr_sim_flow *f = &r->flows[i];
			if (!f->has_rtt)
				continue;
			n_rtt++;
			assert_true(f->rtt_access == MR_SITE_ACCESS_RTT_MS);
			assert_true(f->rtt_client ==
			            f->rtt_access + f->rtt_wan + f->rtt_edge);
			assert_true(f->rtt_client >= MR_SITE_ACCESS_RTT_MS);
		}
		mr_sim_result_free(r);
		mr_sim_free(s);
		mr_design_free(g);
	}
	assert_true(n_rtt > 20);
}

static void
test_degraded(void **state)
{
	/* Teams in Frankfurt across a 60 ms one-way WAN: 5 + 120 ms > 100 */
	struct mr_design *g =
	    load("humongous-insurance", "latency_ms: 48", "latency_ms: 60");
	struct mr_design *g2;
	struct mr_sim_opts o = MR_SIM_OPTS_INIT;
	struct mr_sim *s;
	struct mr_sim_result *r;
	size_t i, deg = 0;

	(void)state;
	o.from = "frankfurt";
	assert_int_equal(mr_sim_new(&s, net(g), mt, &o), MR_OK);
	r = run(s, NULL);
	assert_int_equal(r->count[MR_SIM_DEGRADED], 0); /* no media there */
	mr_sim_result_free(r);
	mr_sim_free(s);
	mr_design_free(g);
	g2 = load("humongous-insurance", "    realtime_media: false",
	          "    realtime_media: true ");
	/* the 48 ms link: 96 ms over the WAN, plus the default 5 ms of the
	 * access network: 101 ms, above the target */
	assert_int_equal(mr_sim_new(&s, net(g2), mt, &o), MR_OK);
	r = run(s, NULL);
	for (i = 0; i < r->n_flows; i++)
		if (r->flows[i].sa == MR_SA_SKYPE) {
			assert_true(r->flows[i].has_rtt);
			assert_true(r->flows[i].realtime);
			assert_true(r->flows[i].rtt_access ==
			            MR_SITE_ACCESS_RTT_MS);
			assert_true(r->flows[i].rtt_client > 100.5 &&
			            r->flows[i].rtt_client < 101.5);
			assert_int_equal(r->flows[i].verdict, MR_SIM_DEGRADED);
			assert_int_equal(r->flows[i].why,
			                 MR_SIM_WHY_CLIENT_RTT);
		}
	assert_int_equal(r->count[MR_SIM_DEGRADED], 2);
	mr_sim_result_free(r);
	mr_sim_free(s);
	mr_design_free(g2);
	/* the site's own access network, 1 ms: 97 ms, within the target */
	g2 = load("humongous-insurance", "    realtime_media: false",
	          "    realtime_media: true\n    access_rtt_ms: 1");
	assert_int_equal(mr_sim_new(&s, net(g2), mt, &o), MR_OK);
	r = run(s, NULL);
	assert_int_equal(r->count[MR_SIM_DEGRADED], 0);
	for (i = 0; i < r->n_flows; i++)
		if (r->flows[i].has_rtt) {
			assert_true(r->flows[i].rtt_access == 1);
			if (r->flows[i].sa == MR_SA_SKYPE)
				assert_true(r->flows[i].rtt_client > 96.5 &&
				            r->flows[i].rtt_client < 97.5);
		}
	mr_sim_result_free(r);
	mr_sim_free(s);
	mr_design_free(g2);
	/* both edits: media in Frankfurt and the longer link */
	{
		static const char *const both[] = {
		    "latency_ms: 48", "latency_ms: 60",
		    "    realtime_media: false", "    realtime_media: true ",
		    NULL};
		g = load_edits("humongous-insurance", both);
	}
	assert_int_equal(mr_sim_new(&s, net(g), mt, &o), MR_OK);
	r = run(s, NULL);
	for (i = 0; i < r->n_flows; i++)
		if (r->flows[i].verdict == MR_SIM_DEGRADED) {
			deg++;
			assert_int_equal(r->flows[i].why,
			                 MR_SIM_WHY_CLIENT_RTT);
			assert_int_equal(r->flows[i].sa, MR_SA_SKYPE);
		}
	assert_int_equal(deg, 2); /* Teams signalling and media */
	mr_sim_result_free(r);
	mr_sim_free(s);
	mr_design_free(g);
}

/* Real-time flows above a target are degraded whenever the judged round
 * trips are known: also when the front end's site has no location, and
 * for a --to address of Teams media. */
static void
test_realtime_over_target(void **state)
{
	/* Frankfurt without a location, resolving locally, with Teams:
	 * 5 + 2 x 48 ms to Chicago = 101 ms */
	static const char *const noloc[] = {
	    "    location: {lat: 50.11, lon: 8.68}\n",
	    "",
	    "      microsoft365: forward\n      forward_to: hq-chicago\n",
	    "      microsoft365: local\n",
	    "    realtime_media: false",
	    "    realtime_media: true ",
	    NULL};
	/* Teams in Frankfurt across a 60 ms one-way WAN: 125 ms */
	static const char *const far[] = {"latency_ms: 48", "latency_ms: 60",
	                                  "    realtime_media: false",
	                                  "    realtime_media: true ", NULL};
	struct mr_design *g = load_edits("humongous-insurance", noloc);
	struct mr_sim_opts o = MR_SIM_OPTS_INIT;
	struct mr_sim *s;
	struct mr_sim_result *r;
	size_t i, deg = 0;

	(void)state;
	o.from = "frankfurt";
	assert_false(g->sites[1].has_coords);
	assert_int_equal(mr_sim_new(&s, net(g), mt, &o), MR_OK);
	r = run(s, NULL);
	for (i = 0; i < r->n_flows; i++) {
		const struct mr_sim_flow *f = &r->flows[i];
		if (f->sa != MR_SA_SKYPE)
			continue;
		deg++;
		assert_true(f->has_rtt);
		assert_true(f->rtt_client > 100.5 && f->rtt_client < 101.5);
		assert_int_equal(f->verdict, MR_SIM_DEGRADED);
		assert_int_equal(f->why, MR_SIM_WHY_CLIENT_RTT);
		/* the HTTPS flow's front end is near Frankfurt: unknown */
		if (!f->udp) {
			assert_true(f->fe_unknown);
			assert_string_equal(g->sites[f->fe_site].name,
			                    "frankfurt");
		}
	}
	assert_int_equal(deg, 2);
	mr_sim_result_free(r);
	mr_sim_free(s);
	mr_design_free(g);

	g = load_edits("humongous-insurance", far);
	o.to = "52.112.0.1"; /* --to the Teams media address */
	assert_int_equal(mr_sim_new(&s, net(g), mt, &o), MR_OK);
	r = run(s, NULL);
	assert_int_equal(r->n_flows, 1);
	assert_int_equal(r->flows[0].dest, MR_SIM_DEST_ADDR);
	assert_true(r->flows[0].realtime);
	assert_int_equal(r->flows[0].verdict, MR_SIM_DEGRADED);
	assert_int_equal(r->flows[0].why, MR_SIM_WHY_CLIENT_RTT);
	mr_sim_result_free(r);
	mr_sim_free(s);
	/* not Teams: shown, not judged */
	o.to = "outlook.cloud.microsoft";
	assert_int_equal(mr_sim_new(&s, net(g), mt, &o), MR_OK);
	r = run(s, NULL);
	assert_int_equal(r->n_flows, 1);
	assert_false(r->flows[0].realtime);
	assert_int_equal(r->flows[0].verdict, MR_SIM_OK);
	mr_sim_result_free(r);
	mr_sim_free(s);
	mr_design_free(g);
}

static void
test_names(void **state)
{
	struct mr_design *g = load("humongous-insurance", NULL, NULL);
	struct mr_sim_opts o = MR_SIM_OPTS_INIT;
	struct mr_sim *s;
	uint32_t id;

	(void)state;
	assert_int_equal(mr_sim_new(&s, net(g), mt, NULL), MR_OK);
	assert_int_equal(mr_sim_element_find(s, "er-chicago-1/secondary", &id),
	                 MR_OK);
	assert_int_equal(mr_sim_element(s, id)->kind, MR_SIM_EL_LINK);
	assert_int_equal(mr_sim_element(s, id)->side, 1);
	assert_int_equal(mr_sim_element_find(s, "hq-chicago-frankfurt", &id),
	                 MR_OK);
	assert_int_equal(mr_sim_element(s, id)->kind, MR_SIM_EL_WAN);
	assert_int_equal(mr_sim_element_find(s, "site:frankfurt", &id), MR_OK);
	assert_int_equal(mr_sim_element(s, id)->kind, MR_SIM_EL_SITE);
	assert_int_equal(mr_sim_element_find(s, "paris", &id), MR_ENOTFOUND);
	mr_sim_free(s);
	o.from = "paris";
	assert_int_equal(mr_sim_new(&s, net(g), mt, &o), MR_ENOTFOUND);
	assert_non_null(strstr(mr_error_last(), "hq-chicago"));
	o.from = NULL;
	o.to = "not a host!";
	assert_int_equal(mr_sim_new(&s, net(g), mt, &o), MR_EINVAL);
	mr_design_free(g);
}

/* The matrix recomputes only dependent sites: it must agree with a full
 * run of every single failure. */
static void
test_matrix_matches_full_runs(void **state)
{
	static const char *const ex[] = {"trey-research",
	                                 "humongous-insurance"};
	size_t e, i, k;

	(void)state;
	for (e = 0; e < 2; e++) {
		struct mr_design *g = load(ex[e], NULL, NULL);
		struct mr_sim *s;
		struct mr_sim_result *base;
		struct mr_sim_matrix *mx;
		assert_int_equal(mr_sim_new(&s, net(g), mt, NULL), MR_OK);
		assert_int_equal(mr_sim_run(&base, s, NULL, 0), MR_OK);
		assert_int_equal(mr_sim_failures_single(&mx, s, base), MR_OK);
		assert_int_equal(mx->n_rows, mr_sim_element_count(s));
		for (i = 0; i < mx->n_rows; i++) {
			const struct mr_sim_change_row *row = &mx->rows[i];
			struct mr_sim_result *full;
			size_t changed = 0;
			assert_int_equal(mr_sim_run(&full, s, &row->element, 1),
			                 MR_OK);
			for (k = 0; k < 4; k++)
				assert_int_equal(row->count[k], full->count[k]);
			for (k = 0; k < full->n_flows; k++)
				if (full->flows[k].verdict !=
				        base->flows[k].verdict ||
				    full->flows[k].egress !=
				        base->flows[k].egress ||
				    full->flows[k].proxy !=
				        base->flows[k].proxy ||
				    full->flows[k].dns_site !=
				        base->flows[k].dns_site)
					changed++;
			assert_true(changed <= row->n_changed);
			mr_sim_result_free(full);
		}
		mr_sim_matrix_free(mx);
		mr_sim_result_free(base);
		mr_sim_free(s);
		mr_design_free(g);
	}
}

/* A plan's verdict: errors and flows that do not work fail it; warnings
 * and degraded flows warn; notes and ok flows do neither. */
static void
test_plan_verdict(void **state)
{
	static const struct {
		size_t errors, warnings, flows[4], blackholing;
		enum mr_verdict want;
	} rows[] = {
	    {0, 0, {0, 0, 0, 0}, 0, MR_VERDICT_PASS},
	    {0, 0, {9, 0, 0, 0}, 0, MR_VERDICT_PASS},
	    {0, 1, {9, 0, 0, 0}, 0, MR_VERDICT_PASS_WARNINGS},
	    {0, 0, {9, 1, 0, 0}, 0, MR_VERDICT_PASS_WARNINGS},
	    {0, 0, {9, 0, 0, 0}, 1, MR_VERDICT_PASS_WARNINGS},
	    {1, 0, {0, 0, 0, 0}, 0, MR_VERDICT_FAIL},
	    {1, 0, {0, 0, 0, 0}, 2, MR_VERDICT_FAIL},
	    {0, 0, {9, 0, 1, 0}, 0, MR_VERDICT_FAIL},
	    {0, 0, {9, 0, 0, 1}, 0, MR_VERDICT_FAIL},
	    {0, 5, {9, 5, 0, 1}, 3, MR_VERDICT_FAIL},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		assert_int_equal(
		    mr_plan_verdict(rows[i].errors, rows[i].warnings,
		                    rows[i].flows, rows[i].blackholing),
		    rows[i].want);
	assert_string_equal(mr_verdict_name(MR_VERDICT_PASS), "PASS");
	assert_string_equal(mr_verdict_name(MR_VERDICT_PASS_WARNINGS),
	                    "PASS with warnings");
	assert_string_equal(mr_verdict_name(MR_VERDICT_FAIL), "FAIL");
	assert_string_equal(mr_verdict_name((enum mr_verdict)7), "?");
}

/* Which single failures blackhole flows: Trey Research's one circuit
 * (the five direct flows) and its one Internet circuit; at Humongous
 * Insurance the Internet circuits and the proxies that egress through
 * them, and what cuts Frankfurt off from the Chicago resolvers it
 * forwards Microsoft 365 names to (the WAN link, or headquarters itself:
 * Frankfurt's five Microsoft 365 names no longer resolve, dns fallback
 * none); not the ExpressRoute circuits (each has a twin) and not a site
 * losing its own flows. */
static void
test_blackholing_failures(void **state)
{
	static const struct {
		const char *example, *element;
		size_t flows;
	} want[] = {
	    {"trey-research", "er-seattle", 5},
	    {"trey-research", "inet-1", 3}, /* 2 proxied, SMTP inbound */
	    {"trey-research", "hq", 0},
	    {"humongous-insurance", "inet-chicago", 5}, /* and 3 inbound */
	    {"humongous-insurance", "fra-proxy", 2},
	    {"humongous-insurance", "er-chicago-1", 0},
	    {"humongous-insurance", "hq-chicago", 5},
	    {"humongous-insurance", "hq-chicago-frankfurt", 5},
	    {"humongous-insurance", "frankfurt", 0},
	};
	static const size_t total[] = {2, 7}; /* per example, in order */
	size_t e, i, k;

	(void)state;
	for (e = 0; e < 2; e++) {
		const char *ex =
		    e == 0 ? "trey-research" : "humongous-insurance";
		struct mr_design *g = load(ex, NULL, NULL);
		struct mr_sim *s;
		struct mr_sim_result *base;
		struct mr_sim_matrix *mx;
		assert_int_equal(mr_sim_new(&s, net(g), mt, NULL), MR_OK);
		assert_int_equal(mr_sim_run(&base, s, NULL, 0), MR_OK);
		assert_int_equal(mr_sim_failures_single(&mx, s, base), MR_OK);
		assert_int_equal(mr_sim_matrix_blackholing(mx, base), total[e]);
		assert_int_equal(mr_sim_matrix_blackholing(NULL, base), 0);
		for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
			uint32_t id;
			if (strcmp(want[i].example, ex) != 0)
				continue;
			assert_int_equal(
			    mr_sim_element_find(s, want[i].element, &id),
			    MR_OK);
			for (k = 0; k < mx->n_rows; k++)
				if (mx->rows[k].element == id)
					assert_int_equal(
					    mr_sim_row_blackholes(&mx->rows[k],
					                          base),
					    want[i].flows);
		}
		/* the base verdict does not fail, the failures warn */
		assert_int_equal(
		    mr_plan_verdict(0, 0, base->count,
		                    mr_sim_matrix_blackholing(mx, base)),
		    MR_VERDICT_PASS_WARNINGS);
		mr_sim_matrix_free(mx);
		mr_sim_result_free(base);
		mr_sim_free(s);
		mr_design_free(g);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_trey),
	    cmocka_unit_test(test_humongous),
	    cmocka_unit_test(test_access_floor),
	    cmocka_unit_test(test_degraded),
	    cmocka_unit_test(test_realtime_over_target),
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_matrix_matches_full_runs),
	    cmocka_unit_test(test_plan_verdict),
	    cmocka_unit_test(test_blackholing_failures),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
