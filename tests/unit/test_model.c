/*
 * test_model.c - one network model, so every artefact agrees (property a of
 * the issue "One network model"): for every design of the test suite and
 * the examples, and for variants that broke it before, the PAC file `plan`
 * writes for a site decides each simulated HTTP flow of that site exactly
 * as the simulation says. The PAC file is evaluated in-process, in the
 * Duktape sandbox the library already links (pac audit's engine).
 *
 * Property (b): usage's attribution of a site's ExpressRoute-eligible
 * traffic to circuits (mr_net_carriers_new()) is the set of circuits
 * simulate routes that site's service-area flows over (its egress and
 * multipath set), with nothing failed and with each ExpressRoute circuit
 * failed in turn.
 *
 * Property (c): check's capacity rules fire for exactly the circuits that
 * the demand, spread over simulate's flows, loads past their marks.
 *
 * Property (d): check's view of each inbound flow (mr_net_inbound_paths(),
 * which inbound-no-snat reads) is what simulate shows, nothing failed.
 *
 * Pinned: Trey Research without its policy block (the site's own PAC file
 * sent outlook.cloud.microsoft DIRECT while the simulation sent it to the
 * proxy) and overrides "*.cloud.microsoft: proxy" then
 * "outlook.cloud.microsoft: direct" (the PAC file's most specific wins; the
 * simulation took the first written).
 *
 * The property checks are model_props.c's, shared with
 * test_model_random.c (the same properties on random designs).
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
#include "m365route/pac.h"
#include "m365route/resolve.h"
#include "m365route/sim.h"
#include "model_props.h"
#include "testutil.h"

/* An example, cut before its policy block (cut) and/or with text added at
 * its end (the policy block is the last of both examples). */
static struct mr_design *
example(const char *name, bool cut, const char *add)
{
	size_t len;
	const char *text = mr_example_text(name, &len);
	char *buf, *p;
	struct mr_design *g;

	assert_non_null(text);
	buf = malloc(len + (add ? strlen(add) : 0) + 1);
	assert_non_null(buf);
	memcpy(buf, text, len);
	buf[len] = '\0';
	if (cut) {
		p = strstr(buf, "\npolicy:\n");
		assert_non_null(p);
		p[1] = '\0';
	}
	if (add != NULL)
		memcpy(buf + strlen(buf), add, strlen(add) + 1);
	g = load_text(name, buf, strlen(buf));
	assert_non_null(g);
	free(buf);
	return g;
}

/* Property (d): check's view of each inbound flow (mr_net_inbound_paths(),
 * the one inbound-no-snat reads) is the flow simulate shows with nothing
 * failed; returns the inbound flows compared. */
static size_t
check_inbound(const char *what, const struct mr_design *g)
{
	struct mr_net *net;
	struct mr_sim *sim;
	struct mr_sim_result *r;
	struct mr_net_inbound_path *p;
	size_t i;

	assert_int_equal(mr_net_resolve(&net, g), MR_OK);
	assert_int_equal(mr_sim_new(&sim, net, mp_matcher(), NULL), MR_OK);
	assert_int_equal(mr_sim_run(&r, sim, NULL, 0), MR_OK);
	p = calloc(g->n_inbound + 1, sizeof(*p));
	assert_non_null(p);
	assert_int_equal(mr_net_inbound_paths(net, p), MR_OK);
	assert_int_equal(r->n_inbound, g->n_inbound);
	for (i = 0; i < g->n_inbound; i++) {
		const struct mr_sim_inbound *x = &r->inbound[i];
		bool reached = x->in_via != MR_SIM_VIA_NONE;
		bool site_down = x->why == MR_SIM_WHY_SITE_DOWN;
		if (site_down)
			continue; /* a site that is no site: not simulated */
		if (reached != p[i].reached ||
		    (reached && ((x->in_via == MR_SIM_VIA_ER) != p[i].in_er ||
		                 x->in[0] != p[i].in_circuit)) ||
		    x->snat != p[i].snat || x->er_routes != p[i].er_routes ||
		    x->out != p[i].reply_circuit ||
		    (x->out != MR_NONE &&
		     (x->out_via == MR_SIM_VIA_ER) != p[i].reply_er))
			fail_msg(
			    "%s: inbound %s: simulate in %s %s, reply %s "
			    "%s, snat %d; the model in %s %s, reply %s %s, "
			    "snat %d",
			    what, g->inbound[i].name,
			    mr_sim_via_name(x->in_via),
			    reached ? mr_sim_via_circuit(g, x->in_via, x->in[0])
			            : "-",
			    mr_sim_via_name(x->out_via),
			    x->out != MR_NONE
			        ? mr_sim_via_circuit(g, x->out_via, x->out)
			        : "-",
			    x->snat, p[i].in_er ? "expressroute" : "internet",
			    p[i].reached
			        ? (p[i].in_er ? g->er[p[i].in_circuit].name
			                      : g->inet[p[i].in_circuit].name)
			        : "-",
			    p[i].reply_er ? "expressroute" : "internet",
			    p[i].reply_circuit == MR_NONE ? "-"
			    : p[i].reply_er ? g->er[p[i].reply_circuit].name
			                    : g->inet[p[i].reply_circuit].name,
			    p[i].snat);
	}
	free(p);
	mr_sim_result_free(r);
	mr_sim_free(sim);
	mr_net_free(net);
	return g->n_inbound;
}

static const char *const override_hosts[] = {
    "outlook.cloud.microsoft", "teams.cloud.microsoft",
    "www.humongousinsurance-partners.com", "outlook.office365.com",
    "login.microsoftonline.com"};
#define N_OVERRIDE_HOSTS (sizeof(override_hosts) / sizeof(override_hosts[0]))

static void
test_examples(void **state)
{
	static const char *const names[] = {"trey-research",
	                                    "humongous-insurance"};
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		struct mr_design *g = example(names[i], false, NULL);
		assert_true(check_design(names[i], g, override_hosts,
		                         N_OVERRIDE_HOSTS) > 0);
		assert_true(check_carriers(names[i], g) > 0);
		(void)check_capacity(names[i], g);
		assert_true(check_inbound(names[i], g) > 0);
		mr_design_free(g);
	}
}

/* Disagreement 1: no policy block; the site's own PAC file (its first
 * proxy, ExpressRoute names DIRECT because the site has the routes). */
static void
test_trey_without_policy(void **state)
{
	struct mr_design *g = example("trey-research", true, NULL);
	struct mr_net *net;
	struct mr_net_pac p;
	static const char *const h = "outlook.cloud.microsoft";

	(void)state;
	assert_int_equal(g->n_pac_groups, 0);
	assert_true(check_design("trey-research without policy", g,
	                         override_hosts, N_OVERRIDE_HOSTS) > 0);
	/* And the decision itself: DIRECT, an ExpressRoute name. */
	assert_int_equal(mr_net_resolve(&net, g), MR_OK);
	mr_net_pac(net, 0, h, strlen(h), MR_ROUTE_EXPRESSROUTE, true, &p);
	assert_int_equal(p.why, MR_NET_PAC_ER_DIRECT);
	assert_int_equal(p.proxy, MR_NONE);
	mr_net_free(net);
	mr_design_free(g);
}

/* Disagreement 2: a wildcard override to the proxy written before an exact
 * one to DIRECT: the exact name wins, in the PAC file and the simulation. */
static void
test_override_specificity(void **state)
{
	static const char *const add =
	    "  overrides:\n"
	    "    - {host: \"*.cloud.microsoft\", action: proxy}\n"
	    "    - {host: outlook.cloud.microsoft, action: direct}\n";
	struct mr_design *g = example("trey-research", false, add);
	struct mr_net *net;
	struct mr_sim_opts so = MR_SIM_OPTS_INIT;
	struct mr_sim *sim;
	struct mr_sim_result *r;

	(void)state;
	assert_int_equal(g->n_overrides, 2);
	assert_true(check_design("trey-research with overrides", g,
	                         override_hosts, N_OVERRIDE_HOSTS) > 0);
	assert_int_equal(mr_net_resolve(&net, g), MR_OK);
	so.to = "outlook.cloud.microsoft";
	assert_int_equal(mr_sim_new(&sim, net, mp_matcher(), &so), MR_OK);
	assert_int_equal(mr_sim_run(&r, sim, NULL, 0), MR_OK);
	assert_true(r->n_flows > 0);
	assert_int_equal(r->flows[0].pac, MR_SIM_PAC_OVERRIDE);
	assert_int_equal(r->flows[0].pac_rule, 1);
	assert_int_equal(r->flows[0].proxy, MR_NONE);
	mr_sim_result_free(r);
	mr_sim_free(sim);
	mr_net_free(net);
	mr_design_free(g);
}

struct suite_counts {
	size_t flows, carried, sized, inbound;
};

static void
check_one(const char *name, const struct mr_design *g, void *ctx)
{
	struct suite_counts *n = ctx;

	n->flows += check_design(name, g, override_hosts, N_OVERRIDE_HOSTS);
	n->carried += check_carriers(name, g);
	n->sized += check_capacity(name, g);
	n->inbound += check_inbound(name, g);
}

static void
single_one(const char *name, const struct mr_design *g, void *ctx)
{
	size_t *rows = ctx;

	*rows +=
	    check_sim_single(name, g, (uint32_t)g->n_sites * 3u + 1u, true);
}

/* Property (d) on every design of the golden tests that loads: the
 * single-failure matrix equals the per-site way's and brute force's. */
static void
test_suite_sim_single(void **state)
{
	size_t rows = 0, loaded;

	(void)state;
	loaded = tu_suite_designs(single_one, &rows);
	assert_true(loaded != (size_t)-1);
	print_message("%zu designs, %zu single failures against brute force "
	              "and the per-site way\n",
	              loaded, rows);
	assert_true(loaded >= 50);
	assert_true(rows > 1000);
}

/* Every design of the golden tests that loads. */
static void
test_suite_designs(void **state)
{
	struct suite_counts n = {0, 0, 0, 0};
	size_t loaded;

	(void)state;
	loaded = tu_suite_designs(check_one, &n);
	assert_true(loaded != (size_t)-1);
	print_message("%zu designs, %zu flows against their PAC files, %zu "
	              "against usage's attribution, %zu circuits' capacity "
	              "against check, %zu inbound flows against check's\n",
	              loaded, n.flows, n.carried, n.sized, n.inbound);
	assert_true(loaded >= 50);
	assert_true(n.flows > 1000);
	assert_true(n.carried > 500);
	assert_true(n.sized >= 5);
	assert_true(n.inbound > 50);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_examples),
	    cmocka_unit_test(test_trey_without_policy),
	    cmocka_unit_test(test_override_specificity),
	    cmocka_unit_test(test_suite_designs),
	    cmocka_unit_test(test_suite_sim_single),
	};
	return cmocka_run_group_tests(tests, mp_setup, mp_teardown);
}
