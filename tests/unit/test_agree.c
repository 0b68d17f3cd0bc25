/*
 * test_agree.c - check and simulate agree, for every design of the test
 * suite and the examples, on the two rules that read the resolved
 * network's paths both ways and round trips (issue "One network model",
 * section 2):
 *
 *  - preferred-circuit-disagrees (MR-SYM-11) names circuit X exactly when
 *    simulate, with nothing failed, shows a routed (not proxied) flow that
 *    leaves over ExpressRoute circuit X and comes back over another
 *    circuit (return-other-circuit);
 *  - circuit-far (MR-GEO-4) names circuit X whenever simulate shows a
 *    real-time flow leaving over X at its own site (no WAN) `degraded`,
 *    with nothing failed and with each other circuit failed in turn.
 *
 * Findings are matched by the circuit names their messages quote.
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
#include "m365route/lint.h"
#include "m365route/resolve.h"
#include "m365route/sim.h"
#include "testutil.h"

/* The circuit a finding's message quotes after `before` (its index in the
 * design), or MR_NONE. */
static uint32_t
quoted(const struct mr_design *g, const char *msg, const char *before)
{
	const char *p = strstr(msg, before), *q;
	size_t i, n;

	if (p == NULL)
		return MR_NONE;
	p += strlen(before);
	if ((q = strchr(p, '\'')) == NULL)
		return MR_NONE;
	n = (size_t)(q - p);
	for (i = 0; i < g->n_er; i++)
		if (strlen(g->er[i].name) == n &&
		    strncmp(g->er[i].name, p, n) == 0)
			return (uint32_t)i;
	return MR_NONE;
}

/* Per circuit: which rule named it (bit 1 SYM-11, bit 2 GEO-4). */
static void
lint_marks(const struct mr_net *net, unsigned char *mark)
{
	const struct mr_design *g = mr_net_design(net);
	struct mr_diags *d;
	struct mr_lint_opts o = MR_LINT_OPTS_INIT;
	size_t i;

	assert_int_equal(mr_diags_new(&d), MR_OK);
	assert_int_equal(mr_lint(net, &o, d), MR_OK);
	for (i = 0; i < mr_diags_count(d); i++) {
		const struct mr_diag *x = mr_diags_get(d, i);
		uint32_t c;
		if (strcmp(x->code, "MR-SYM-11") == 0) {
			c = quoted(g, x->msg, "out over circuit '");
			assert_int_not_equal(c, MR_NONE);
			mark[c] |= 1;
		} else if (strcmp(x->code, "MR-GEO-4") == 0) {
			c = quoted(g, x->msg, "its circuit '");
			assert_int_not_equal(c, MR_NONE);
			mark[c] |= 2;
		}
	}
	mr_diags_free(d);
}

/* Both properties on one design; returns the flows looked at. */
static size_t
agree(const char *what, const struct mr_design *g)
{
	struct mr_net *net;
	struct mr_sim *sim;
	unsigned char *mark, *asym;
	size_t e, i, n = 0;

	assert_int_equal(mr_net_resolve(&net, g), MR_OK);
	assert_int_equal(mr_sim_new(&sim, net, tu_matcher(), NULL), MR_OK);
	mark = calloc(g->n_er + 1, 1);
	asym = calloc(g->n_er + 1, 1);
	assert_non_null(mark);
	assert_non_null(asym);
	lint_marks(net, mark);
	for (e = 0; e <= g->n_er; e++) {
		uint32_t down = e == 0 ? MR_NONE : (uint32_t)e - 1, id;
		struct mr_sim_result *r;
		if (down != MR_NONE) {
			assert_int_equal(
			    mr_sim_element_find(sim, g->er[down].name, &id),
			    MR_OK);
			assert_int_equal(mr_sim_run(&r, sim, &id, 1), MR_OK);
		} else {
			assert_int_equal(mr_sim_run(&r, sim, NULL, 0), MR_OK);
		}
		for (i = 0; i < r->n_flows; i++) {
			const struct mr_sim_flow *f = &r->flows[i];
			if (f->via != MR_SIM_VIA_ER || f->egress >= g->n_er)
				continue;
			n++;
			if (down == MR_NONE && f->proxy == MR_NONE &&
			    f->verdict == MR_SIM_ASYMMETRIC &&
			    f->why == MR_SIM_WHY_RETURN_OTHER_CIRCUIT)
				asym[f->egress] = 1;
			if (f->verdict == MR_SIM_DEGRADED &&
			    f->egress_site == f->site && f->rtt_wan == 0 &&
			    !(mark[f->egress] & 2))
				fail_msg("%s: %s down: simulate degrades %s "
				         "from %s over its own circuit %s, "
				         "check says nothing",
				         what,
				         down == MR_NONE ? "nothing"
				                         : g->er[down].name,
				         f->target, g->sites[f->site].name,
				         g->er[f->egress].name);
		}
		mr_sim_result_free(r);
	}
	for (e = 0; e < g->n_er; e++)
		if (!!(mark[e] & 1) != asym[e])
			fail_msg("%s: circuit %s: check %s, simulate %s", what,
			         g->er[e].name,
			         mark[e] & 1 ? "preferred-circuit-disagrees"
			                     : "nothing",
			         asym[e] ? "a routed flow back over another "
			                   "circuit"
			                 : "no such flow");
	free(mark);
	free(asym);
	mr_sim_free(sim);
	mr_net_free(net);
	return n;
}

static void
test_examples(void **state)
{
	static const char *const names[] = {"trey-research",
	                                    "humongous-insurance"};
	size_t i, len;

	(void)state;
	for (i = 0; i < 2; i++) {
		const char *text = mr_example_text(names[i], &len);
		struct mr_design *g;
		assert_non_null(text);
		g = tu_design_text(names[i], text, len);
		assert_non_null(g);
		assert_true(agree(names[i], g) > 0);
		mr_design_free(g);
	}
}

/* The fires cases must be seen by both sides. */
static void
test_fires(void **state)
{
	static const char *const files[] = {
	    "tests/golden/check/preferred-circuit-disagrees-fires.yaml",
	    "tests/golden/check/circuit-far-fires.yaml"};
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		char path[4096];
		struct mr_design *g;
		struct mr_net *net;
		unsigned char mark[8] = {0};
		char *text;
		snprintf(path, sizeof(path), "%s/%s", MR_SOURCE_DIR, files[i]);
		text = tu_slurp(path);
		assert_non_null(text);
		g = tu_design_text(files[i], text, strlen(text));
		free(text);
		assert_non_null(g);
		assert_true(g->n_er <= sizeof(mark));
		assert_int_equal(mr_net_resolve(&net, g), MR_OK);
		lint_marks(net, mark);
		/* er-1 disagrees; er-2 is far */
		assert_int_equal(mark[i == 0 ? 0 : 1], i == 0 ? 1 : 2);
		assert_int_equal(mark[i == 0 ? 1 : 0], 0);
		mr_net_free(net);
		assert_true(agree(files[i], g) > 0);
		mr_design_free(g);
	}
}

static void
agree_one(const char *name, const struct mr_design *g, void *ctx)
{
	*(size_t *)ctx += agree(name, g);
}

/* Every design of the golden tests that loads. */
static void
test_suite_designs(void **state)
{
	size_t loaded, flows = 0;

	(void)state;
	loaded = tu_suite_designs(agree_one, &flows);
	print_message("%zu designs, %zu flows over ExpressRoute compared\n",
	              loaded, flows);
	assert_true(loaded >= 50 && loaded != (size_t)-1);
	assert_true(flows > 1000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_examples),
	    cmocka_unit_test(test_fires),
	    cmocka_unit_test(test_suite_designs),
	};
	return cmocka_run_group_tests(tests, tu_world_setup, tu_world_teardown);
}
